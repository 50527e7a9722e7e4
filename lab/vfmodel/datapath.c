// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel data path of one VF: lifetime, the PF's configuration, the queue
 * registers and the counters. The rings themselves: dp_tx.c and dp_rx.c;
 * queue interrupts: dp_irq.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_int.h"

void vfm_dp_init(struct vfm_dp *dp, const struct vfm_host *host, struct vfm_sched *sched,
		 struct vfm_switch *sw, unsigned int port, unsigned int nq, unsigned int nvec)
{
	dp->host = host;
	dp->sched = sched;
	dp->sw = sw;
	dp->port = port;
	dp->nq = nq;
	dp->nvec = nvec < VFM_DP_NVEC ? nvec : VFM_DP_NVEC;
	/* the switch reaches us only through this callback */
	vfm_sw_port_rx(sw, port, vfm_dp_enqueue, dp, &dp->st);
}

void vfm_dp_free(struct vfm_dp *dp)
{
	vfm_sw_port_clear(dp->sw, dp->port);
	vfm_dp_backlog_clear(dp);
	free(dp->tsobuf);
	dp->tsobuf = NULL;
}

/* VF reset: rings and pending frames go, the counters stay (PF's VSI stats) */
void vfm_dp_reset(struct vfm_dp *dp)
{
	vfm_dp_backlog_clear(dp);
	dp->bl_head = 0;
	dp->rx_sched = false;
	memset(dp->rx_ring, 0, sizeof(dp->rx_ring));
	memset(dp->tx_ring, 0, sizeof(dp->tx_ring));
	memset(dp->rx_ring_len, 0, sizeof(dp->rx_ring_len));
	memset(dp->tx_ring_len, 0, sizeof(dp->tx_ring_len));
	memset(dp->tx_ntc, 0, sizeof(dp->tx_ntc));
	memset(dp->rx_head, 0, sizeof(dp->rx_head));
	memset(dp->rx_buf_len, 0, sizeof(dp->rx_buf_len));
	memset(dp->rx_max_pkt, 0, sizeof(dp->rx_max_pkt));
	memset(dp->irq_pending, 0, sizeof(dp->irq_pending));
	memset(dp->vec_rxq, 0, sizeof(dp->vec_rxq));
	memset(dp->vec_txq, 0, sizeof(dp->vec_txq));
	dp->rxq_enabled = dp->txq_enabled = 0;
	dp->strip = false;
}

void vfm_dp_clear_regs(struct vfm_dp *dp)
{
	memset(dp->dyn_ctln1, 0, sizeof(dp->dyn_ctln1));
	memset(dp->qtx_tail, 0, sizeof(dp->qtx_tail));
	memset(dp->qrx_tail, 0, sizeof(dp->qrx_tail));
}

/* ---- configuration by the PF ---- */

void vfm_dp_config_queue(struct vfm_dp *dp, unsigned int q, uint64_t tx_base, uint16_t tx_len,
			 uint64_t rx_base, uint16_t rx_len, uint32_t buf_len, uint32_t max_pkt)
{
	if (q >= VFM_MAX_QUEUE_PAIRS)
		return;
	dp->tx_ring[q] = tx_base;
	dp->tx_ring_len[q] = tx_len;
	dp->tx_ntc[q] = 0;	/* a (re)configured ring starts at 0 */
	dp->rx_ring[q] = rx_base;
	dp->rx_ring_len[q] = rx_len;
	/* ice accepts 128..16K-128 (0: default); keep what the VF gave */
	dp->rx_buf_len[q] = (uint16_t)(buf_len >= 128 && buf_len <= 16384 - 128 ? buf_len : 0);
	dp->rx_max_pkt[q] = (uint16_t)(max_pkt <= 0xffff ? max_pkt : 0);
	dp->rx_head[q] = 0;
}

void vfm_dp_enable(struct vfm_dp *dp, uint32_t rxq, uint32_t txq, bool on)
{
	if (on) {
		dp->rxq_enabled |= rxq;
		dp->txq_enabled |= txq;
	} else {
		dp->rxq_enabled &= ~rxq;
		dp->txq_enabled &= ~txq;
	}
}

void vfm_dp_map_vector(struct vfm_dp *dp, unsigned int v, uint32_t rxq, uint32_t txq)
{
	if (v >= VFM_DP_NVEC)
		return;
	dp->vec_rxq[v] = rxq;
	dp->vec_txq[v] = txq;
}

void vfm_dp_set_strip(struct vfm_dp *dp, bool strip)
{
	dp->strip = strip;
}

/* ---- queue registers ---- */

uint32_t vfm_dp_reg_read(const struct vfm_dp *dp, enum vfm_dp_reg r, unsigned int i)
{
	switch (r) {
	case VFM_DPR_QTX_TAIL:
		return i < VFM_MAX_QUEUE_PAIRS ? dp->qtx_tail[i] : 0;
	case VFM_DPR_QRX_TAIL:
		return i < VFM_MAX_QUEUE_PAIRS ? dp->qrx_tail[i] : 0;
	case VFM_DPR_DYN_CTLN1:
		return i < VFM_NUM_DYN_CTLN ? dp->dyn_ctln1[i] : 0;
	}
	return 0;
}

/* a doorbell or an interrupt control write */
void vfm_dp_reg_write(struct vfm_dp *dp, enum vfm_dp_reg r, unsigned int i, uint32_t val)
{
	switch (r) {
	case VFM_DPR_QTX_TAIL:
		if (i >= VFM_MAX_QUEUE_PAIRS)
			return;
		dp->qtx_tail[i] = val;
		vfm_dp_tx_kick(dp, i);
		return;
	case VFM_DPR_QRX_TAIL:
		if (i >= VFM_MAX_QUEUE_PAIRS)
			return;
		dp->qrx_tail[i] = val;
		vfm_dp_rx_kick(dp);
		return;
	case VFM_DPR_DYN_CTLN1:
		/* INTENA, auto-mask, software trigger */
		vfm_dp_dyn_ctln1_write(dp, i, val);
		return;
	}
}

/* ---- counters ---- */

/* struct iavf_eth_stats order */
void vfm_dp_get_stats(const struct vfm_dp *dp, uint64_t stats[12])
{
	const struct vfm_dp_stats *s = &dp->st;

	stats[0] = s->rx_bytes;
	stats[1] = s->rx_unicast;
	stats[2] = s->rx_multicast;
	stats[3] = s->rx_broadcast;
	stats[4] = s->drop_no_buf + s->drop_rx_oversize;	/* rx_discards */
	stats[5] = 0;						/* rx_unknown_protocol */
	stats[6] = s->tx_bytes;
	stats[7] = s->tx_unicast;
	stats[8] = s->tx_multicast;
	stats[9] = s->tx_broadcast;
	stats[10] = s->drop_spoof_mac + s->drop_spoof_vlan + s->drop_pvid_tagged;	/* tx_discards */
	stats[11] = s->tx_errors;
}

int vfm_dp_format(const struct vfm_dp *dp, bool json, char *buf, size_t len)
{
	const struct vfm_dp_stats *s = &dp->st;
	/* One list, so the text and JSON forms cannot drift apart. */
	const struct { const char *name; uint64_t v; } c[] = {
		{ "rx_packets", s->rx_unicast + s->rx_multicast + s->rx_broadcast },
		{ "tx_packets", s->tx_unicast + s->tx_multicast + s->tx_broadcast },
		{ "rx_bytes", s->rx_bytes }, { "tx_bytes", s->tx_bytes },
		{ "drop_spoof_mac", s->drop_spoof_mac }, { "drop_spoof_vlan", s->drop_spoof_vlan },
		{ "drop_pvid_tagged", s->drop_pvid_tagged }, { "drop_vlan", s->drop_vlan },
		{ "drop_rx_down", s->drop_rx_down }, { "drop_no_buf", s->drop_no_buf },
		{ "drop_rx_oversize", s->drop_rx_oversize }, { "tx_errors", s->tx_errors },
		{ "tx_no_dest", s->tx_no_dest }, { "irqs", s->irqs },
		{ "tso_frames", s->tso_frames },
	};
	size_t i, off = 0;
	int n;

	if (len)
		buf[0] = 0;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		n = snprintf(buf + (off < len ? off : len), off < len ? len - off : 0,
			     json ? ",\"%s\":%llu" : " %s=%llu", c[i].name,
			     (unsigned long long)c[i].v);
		if (n < 0)
			return n;
		off += (size_t)n;
	}
	return (int)off;
}
