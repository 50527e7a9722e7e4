/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel data path: TX/RX descriptor rings of a VF (datapath.c) and the
 * PF's switch between its VFs (switch.c). Included by vfmodel_int.h; the
 * state lives inside struct vfm_vf as `dp`.
 */
#ifndef VFM_DATAPATH_H
#define VFM_DATAPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VFM_DP_MAX_FRAME	9728	/* ice's max frame; bigger TX frames are dropped */
#define VFM_DP_FRAME_BUF	(VFM_DP_MAX_FRAME + 8)	/* room to insert a tag */
#define VFM_DP_TSO_BUF		(65536 + 1024)	/* a TSO super-frame: 64 KiB + headers */
#define VFM_DP_BACKLOG		128	/* frames waiting for RX buffers, per VF */
#define VFM_DP_MAX_TXD_PER_PKT	64	/* more descriptors without EOP: malformed */
#define VFM_DP_NVEC		(16 + 1)	/* VFM_MAX_QUEUE_PAIRS + 1 */

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

struct vfm_dp_frame {
	uint16_t len;
	uint8_t *data;
};

struct vfm_dp_vf {
	uint16_t rx_head[16];		/* next RX descriptor the device fills */
	uint16_t rx_buf_len[16];	/* databuffer_size */
	uint16_t rx_max_pkt[16];	/* max_pkt_size */
	bool irq_pending[VFM_DP_NVEC];	/* cause arrived while the vector was masked */
	bool rx_sched;			/* a deferred RX flush is queued */
	struct vfm_dp_frame backlog[VFM_DP_BACKLOG];
	unsigned int bl_head, bl_count;
	uint8_t txbuf[VFM_DP_FRAME_BUF];	/* one TX frame being assembled */
	uint8_t *tsobuf;		/* VFM_DP_TSO_BUF, allocated at the first TSO frame */
	uint8_t segbuf[VFM_DP_FRAME_BUF];	/* one TSO segment */
	struct vfm_dp_stats st;
};

struct vfm_vf;
struct virtchnl_queue_pair_info;

/* datapath.c: hooks called by vf.c / pf.c */
void vfm_dp_tx_kick(struct vfm_vf *vf, unsigned int q);
void vfm_dp_rx_tail(struct vfm_vf *vf, unsigned int q);
void vfm_dp_dyn_ctln1_write(struct vfm_vf *vf, unsigned int n, uint32_t val);
void vfm_dp_rx_flush(struct vfm_vf *vf);
void vfm_dp_reset(struct vfm_vf *vf);
void vfm_dp_free(struct vfm_vf *vf);
void vfm_dp_config_rxq(struct vfm_vf *vf, unsigned int q, uint32_t buf_len, uint32_t max_pkt);
void vfm_dp_get_stats(const struct vfm_vf *vf, uint64_t stats[12]);
int vfm_dp_format(const struct vfm_vf *vf, bool json, char *buf, size_t len);
/* datapath.c, for switch.c: queue a frame (as the VF sees it, tag inline) */
void vfm_dp_enqueue(struct vfm_vf *vf, const uint8_t *frame, uint16_t len);

/* switch.c: a frame the VF transmitted (tags inline, checksums done) */
void vfm_sw_forward(struct vfm_vf *src, uint8_t *frame, uint16_t len);

#endif /* VFM_DATAPATH_H */
