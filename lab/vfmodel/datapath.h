/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel data path of one VF (below the VF device and the PF, above the
 * switch): TX/RX descriptor rings, the queue registers (QTX_TAIL, QRX_TAIL,
 * DYN_CTLN1), queue interrupts, the RX backlog and the VF's counters.
 * The PF configures it (rings, enabled queues, vector map, VLAN strip); the
 * VF device forwards the queue registers to it. It calls down only: host
 * services, deferred work and the switch.
 */
#ifndef VFM_DATAPATH_H
#define VFM_DATAPATH_H

#include "host.h"
#include "sched.h"
#include "switch.h"

#define VFM_DP_TSO_BUF		(65536 + 1024)	/* a TSO super-frame: 64 KiB + headers */
#define VFM_DP_BACKLOG		128	/* frames waiting for RX buffers, per VF */
#define VFM_DP_MAX_TXD_PER_PKT	64	/* more descriptors without EOP: malformed */
#define VFM_DP_NVEC		(VFM_MAX_QUEUE_PAIRS + 1)
#define VFM_NUM_DYN_CTLN	64
/* DYN_CTL01 / DYN_CTLN1 bits */
#define VFM_DYN_INTENA		(1u << 0)
#define VFM_DYN_CLEARPBA	(1u << 1)
#define VFM_DYN_SWINT_TRIG	(1u << 2)

struct vfm_dp_frame {
	uint16_t len;
	uint8_t *data;
};

/* the queue registers the data path owns */
enum vfm_dp_reg {
	VFM_DPR_QTX_TAIL,
	VFM_DPR_QRX_TAIL,
	VFM_DPR_DYN_CTLN1,
};

struct vfm_dp {
	const struct vfm_host *host;
	struct vfm_sched *sched;
	struct vfm_switch *sw;
	unsigned int port;		/* our switch port (the VF index) */
	unsigned int nq, nvec;		/* queue pairs, MSI-X vectors (0 = mailbox) */

	/* configured by the PF (CONFIG_VSI_QUEUES, ENABLE_QUEUES, CONFIG_IRQ_MAP) */
	uint64_t rx_ring[VFM_MAX_QUEUE_PAIRS], tx_ring[VFM_MAX_QUEUE_PAIRS];
	uint16_t rx_ring_len[VFM_MAX_QUEUE_PAIRS], tx_ring_len[VFM_MAX_QUEUE_PAIRS];
	uint16_t rx_buf_len[VFM_MAX_QUEUE_PAIRS];	/* databuffer_size */
	uint16_t rx_max_pkt[VFM_MAX_QUEUE_PAIRS];	/* max_pkt_size */
	uint32_t rxq_enabled, txq_enabled;
	uint32_t vec_rxq[VFM_DP_NVEC], vec_txq[VFM_DP_NVEC];	/* queue maps per vector */
	bool strip;			/* VLAN stripping on (V2 inner 0x8100 or V1) */

	/* registers */
	uint32_t qtx_tail[VFM_MAX_QUEUE_PAIRS], qrx_tail[VFM_MAX_QUEUE_PAIRS];
	uint32_t dyn_ctln1[VFM_NUM_DYN_CTLN];

	/* ring state */
	uint16_t tx_ntc[VFM_MAX_QUEUE_PAIRS];	/* next TX descriptor to complete */
	uint16_t rx_head[VFM_MAX_QUEUE_PAIRS];	/* next RX descriptor the device fills */
	bool irq_pending[VFM_DP_NVEC];	/* cause arrived while the vector was masked */
	bool rx_sched;			/* a deferred RX flush is queued */
	struct vfm_dp_frame backlog[VFM_DP_BACKLOG];
	unsigned int bl_head, bl_count;
	uint8_t txbuf[VFM_DP_FRAME_BUF];	/* one TX frame being assembled */
	uint8_t *tsobuf;		/* VFM_DP_TSO_BUF, allocated at the first TSO frame */
	uint8_t segbuf[VFM_DP_FRAME_BUF];	/* one TSO segment */
	struct vfm_dp_stats st;
};

/* lifetime (datapath.c) */
void vfm_dp_init(struct vfm_dp *dp, const struct vfm_host *host, struct vfm_sched *sched,
		 struct vfm_switch *sw, unsigned int port, unsigned int nq, unsigned int nvec);
void vfm_dp_free(struct vfm_dp *dp);
void vfm_dp_reset(struct vfm_dp *dp);		/* VF reset: rings, backlog; counters stay */
void vfm_dp_clear_regs(struct vfm_dp *dp);	/* VF reset: the queue registers */

/* configuration by the PF (datapath.c) */
void vfm_dp_config_queue(struct vfm_dp *dp, unsigned int q, uint64_t tx_base, uint16_t tx_len,
			 uint64_t rx_base, uint16_t rx_len, uint32_t buf_len, uint32_t max_pkt);
void vfm_dp_enable(struct vfm_dp *dp, uint32_t rxq, uint32_t txq, bool on);
void vfm_dp_map_vector(struct vfm_dp *dp, unsigned int v, uint32_t rxq, uint32_t txq);
void vfm_dp_set_strip(struct vfm_dp *dp, bool strip);

/* queue registers, from the VF device's register table (datapath.c) */
uint32_t vfm_dp_reg_read(const struct vfm_dp *dp, enum vfm_dp_reg r, unsigned int i);
void vfm_dp_reg_write(struct vfm_dp *dp, enum vfm_dp_reg r, unsigned int i, uint32_t val);

/* counters (datapath.c) */
void vfm_dp_get_stats(const struct vfm_dp *dp, uint64_t stats[12]);
int vfm_dp_format(const struct vfm_dp *dp, bool json, char *buf, size_t len);

#endif /* VFM_DATAPATH_H */
