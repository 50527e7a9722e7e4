/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel: the PF's switch between its VFs (below the data path). One port
 * per VF index. The layers above register what a port needs: the data path
 * its RX entry (deliver) and counters, the PF its filters and whether the
 * VF can receive (rx_ready). The switch calls nothing but those callbacks.
 */
#ifndef VFM_SWITCH_H
#define VFM_SWITCH_H

#include "filters.h"
#include "vfmodel.h"

#define VFM_DP_MAX_FRAME	9728	/* ice's max frame; bigger TX frames are dropped */
#define VFM_DP_FRAME_BUF	(VFM_DP_MAX_FRAME + 8)	/* room to insert a tag */

/* Per-VF counters: GET_STATS (struct iavf_eth_stats) and the PF dump. */
struct vfm_dp_stats {
	uint64_t rx_bytes, rx_unicast, rx_multicast, rx_broadcast;
	uint64_t tx_bytes, tx_unicast, tx_multicast, tx_broadcast;
	uint64_t tx_errors;		/* malformed descriptors/frames, oversize, bad TSO */
	uint64_t tso_frames;		/* TSO super-frames segmented */
	/* TX drops by reason */
	uint64_t drop_spoof_mac;	/* spoofchk: source MAC not the VF's */
	uint64_t drop_spoof_vlan;	/* spoofchk: VLAN the VF has no filter for */
	uint64_t drop_pvid_tagged;	/* a tagged frame from a VF with a port VLAN */
	uint64_t tx_no_dest;		/* no VF accepted it (the uplink would get it) */
	/* RX drops by reason */
	uint64_t drop_vlan;		/* MAC matched, VLAN filter did not */
	uint64_t drop_rx_down;		/* RX queues disabled / not configured */
	uint64_t drop_no_buf;		/* backlog full: no RX descriptors posted */
	uint64_t drop_rx_oversize;	/* longer than the ring's max_pkt_size */
	uint64_t irqs;			/* queue interrupts raised */
};

/* the data path's RX entry: a frame as the VF sees it (tag inline) */
typedef void (*vfm_sw_deliver_fn)(void *ctx, const uint8_t *frame, uint16_t len);
/* the PF: the VF is active, not resetting, with RX queues enabled */
typedef bool (*vfm_sw_ready_fn)(void *ctx);

struct vfm_sw_port {
	vfm_sw_deliver_fn deliver;
	void *dp_ctx;
	struct vfm_dp_stats *st;
	const struct vfm_filters *flt;
	vfm_sw_ready_fn rx_ready;
	void *pf_ctx;
};

struct vfm_switch {
	struct vfm_sw_port port[VFM_MAX_VFS];
};

void vfm_sw_port_rx(struct vfm_switch *sw, unsigned int idx, vfm_sw_deliver_fn deliver,
		    void *ctx, struct vfm_dp_stats *st);
void vfm_sw_port_policy(struct vfm_switch *sw, unsigned int idx,
			const struct vfm_filters *flt, vfm_sw_ready_fn rx_ready, void *ctx);
void vfm_sw_port_clear(struct vfm_switch *sw, unsigned int idx);
/* a frame port `src` transmitted (tags inline, checksums done) */
void vfm_sw_forward(struct vfm_switch *sw, unsigned int src, uint8_t *frame, uint16_t len);

#endif /* VFM_SWITCH_H */
