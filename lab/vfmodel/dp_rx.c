// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel data path, RX: the legacy 32-byte write-back descriptor iavf 6.12
 * uses. RX is never written from inside another VF's doorbell: the switch
 * queues frames on the receiving VF (a bounded backlog) and a deferred item
 * (the VF's host timer, due at once) fills its ring.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dp_int.h"

/* RX write-back qword1 */
#define RXD_DD			(1ull << 0)
#define RXD_EOF			(1ull << 1)
#define RXD_L2TAG1P		(1ull << 2)
#define RXD_PTYPE_SHIFT		30
#define RXD_LEN_SHIFT		38
#define RXD_DEFAULT_BUF		2048

/* libie_rx_pt_lut indices */
#define PT_L2			1
#define PT_IPV4_L3		23
#define PT_IPV4_UDP		24
#define PT_IPV4_TCP		26
#define PT_IPV4_ICMP		28
#define PT_IPV6_L3		89
#define PT_IPV6_UDP		90
#define PT_IPV6_TCP		92
#define PT_IPV6_ICMP		94

/* ---- RX ---- */

static uint8_t rx_ptype(const uint8_t *f, size_t len)
{
	size_t l3 = 14;
	uint16_t et;
	uint8_t proto;

	if (len < 14)
		return PT_L2;
	et = (uint16_t)(f[12] << 8 | f[13]);
	if (et == 0x8100 && len >= 18) {
		et = (uint16_t)(f[16] << 8 | f[17]);
		l3 = 18;
	}
	if (et == 0x0800 && len >= l3 + 20) {
		/* fragments are plain L3 */
		if ((f[l3 + 6] & 0x3f) || f[l3 + 7])
			return PT_IPV4_L3 - 1;
		proto = f[l3 + 9];
		return proto == 17 ? PT_IPV4_UDP : proto == 6 ? PT_IPV4_TCP :
		       proto == 1 ? PT_IPV4_ICMP : PT_IPV4_L3;
	}
	if (et == 0x86dd && len >= l3 + 40) {
		proto = f[l3 + 6];
		return proto == 17 ? PT_IPV6_UDP : proto == 6 ? PT_IPV6_TCP :
		       proto == 58 ? PT_IPV6_ICMP : PT_IPV6_L3;
	}
	return PT_L2;
}

static int first_rx_queue(const struct vfm_dp *dp)
{
	unsigned int q;

	for (q = 0; q < dp->nq && q < VFM_MAX_QUEUE_PAIRS; q++)
		if (((dp->rxq_enabled >> q) & 1) && dp->rx_ring_len[q])
			return (int)q;
	return -1;
}

/* the RX queue that takes a frame of len bytes, or -1 (dropped, counted) */
static int rx_queue(struct vfm_dp *dp, size_t len)
{
	int qi = first_rx_queue(dp);
	unsigned int q;

	if (qi < 0 || !dp->host->bus_master) {
		dp->st.drop_rx_down++;
		return -1;
	}
	q = (unsigned int)qi;
	if (dp->qrx_tail[q] >= dp->rx_ring_len[q] || dp->rx_head[q] >= dp->rx_ring_len[q]) {
		dp->st.drop_rx_down++;
		return -1;
	}
	if (dp->rx_max_pkt[q] && len > dp->rx_max_pkt[q]) {
		dp->st.drop_rx_oversize++;
		return -1;
	}
	return qi;
}

/* one frame (tag already stripped) into ndesc descriptors from the head */
static void rx_write(struct vfm_dp *dp, unsigned int q, const uint8_t *f, size_t len,
		     unsigned int ndesc, uint8_t ptype, bool strip, uint16_t tci)
{
	unsigned int rlen = dp->rx_ring_len[q], head = dp->rx_head[q], i;
	unsigned int buf = dp->rx_buf_len[q] ? dp->rx_buf_len[q] : RXD_DEFAULT_BUF;
	uint64_t base = dp->rx_ring[q];
	size_t off;

	for (i = 0, off = 0; i < ndesc; i++) {
		uint64_t daddr = base + (uint64_t)((head + i) % rlen) * 32, pkt, wb[4];
		size_t chunk = len - off < buf ? len - off : buf;
		bool last = i + 1 == ndesc;

		memset(wb, 0, sizeof(wb));
		wb[1] = RXD_DD | ((uint64_t)ptype << RXD_PTYPE_SHIFT) |
			((uint64_t)chunk << RXD_LEN_SHIFT);
		if (vfm_dma_read(dp->host, daddr, &pkt, 8) ||
		    vfm_dma_write(dp->host, pkt, f + off, chunk))
			wb[1] |= 1ull << 19;	/* RXE: the driver drops the frame */
		if (last) {
			wb[1] |= RXD_EOF;
			if (strip) {
				wb[1] |= RXD_L2TAG1P;
				wb[0] = (uint64_t)tci << 16;
			}
		}
		/* DD (qword1) last, after the rest of the descriptor */
		vfm_dma_write(dp->host, daddr, &wb[0], 8);
		vfm_dma_write(dp->host, daddr + 16, &wb[2], 16);
		vfm_dma_write(dp->host, daddr + 8, &wb[1], 8);
		off += chunk;
	}
	dp->rx_head[q] = (uint16_t)((head + ndesc) % rlen);
}

static void count_rx(struct vfm_dp_stats *st, const uint8_t *f, size_t len)
{
	st->rx_bytes += len;
	if (vfm_mac_is_bcast(f))
		st->rx_broadcast++;
	else if (f[0] & 1)
		st->rx_multicast++;
	else
		st->rx_unicast++;
}

/* Fill RX descriptors with one frame. 0 done (or dropped and counted),
 * -EAGAIN when the ring has too few buffers posted. */
static int rx_deliver(struct vfm_dp *dp, uint8_t *f, size_t len)
{
	int qi = rx_queue(dp, len);
	unsigned int q, rlen, buf, ndesc;
	uint16_t tci = 0;
	bool strip;
	uint8_t ptype;

	if (qi < 0)
		return 0;
	q = (unsigned int)qi;
	rlen = dp->rx_ring_len[q];
	ptype = rx_ptype(f, len);
	strip = len >= 18 && f[12] == 0x81 && f[13] == 0x00 && dp->strip;
	buf = dp->rx_buf_len[q] ? dp->rx_buf_len[q] : RXD_DEFAULT_BUF;
	ndesc = (unsigned int)((len - (strip ? 4 : 0) + buf - 1) / buf);
	if (ndesc >= rlen) {
		dp->st.drop_rx_oversize++;
		return 0;
	}
	/* descriptors head..tail-1 belong to the device */
	if (ndesc > (dp->qrx_tail[q] + rlen - dp->rx_head[q]) % rlen)
		return -EAGAIN;
	if (strip) {
		/* VLAN stripping: the tag goes to L2TAG1 of the descriptor */
		tci = (uint16_t)(f[14] << 8 | f[15]);
		memmove(f + 4, f, 12);
		f += 4;
		len -= 4;
	}
	rx_write(dp, q, f, len, ndesc, ptype, strip, tci);
	count_rx(&dp->st, f, len);
	vfm_dp_raise(dp, vfm_dp_queue_vector(dp, q, true));
	return 0;
}

static void backlog_pop(struct vfm_dp *dp)
{
	free(dp->backlog[dp->bl_head].data);
	dp->backlog[dp->bl_head].data = NULL;
	dp->bl_head = (dp->bl_head + 1) % VFM_DP_BACKLOG;
	dp->bl_count--;
}

void vfm_dp_backlog_clear(struct vfm_dp *dp)
{
	while (dp->bl_count)
		backlog_pop(dp);
}

/* VFM_DEF_RX: fill the ring from the backlog */
static void rx_flush(void *ctx, const struct vfm_work *w)
{
	struct vfm_dp *dp = ctx;

	(void)w;
	dp->rx_sched = false;
	while (dp->bl_count) {
		struct vfm_dp_frame *fr = &dp->backlog[dp->bl_head];

		if (rx_deliver(dp, fr->data, fr->len) == -EAGAIN)
			return;	/* retried when the driver posts buffers */
		backlog_pop(dp);
	}
}

static void schedule_flush(struct vfm_dp *dp)
{
	if (dp->rx_sched)
		return;
	dp->rx_sched = true;
	if (vfm_defer(dp->sched, VFM_DEF_RX, 0, rx_flush, dp, NULL)) {
		dp->rx_sched = false;
		return;
	}
	/* a host without a timer: run it now (never the sending VF) */
	if (!vfm_has_timer(dp->host))
		vfm_sched_run(dp->sched);
}

/* the switch's deliver callback: queue a frame (as the VF sees it, tag inline) */
void vfm_dp_enqueue(void *ctx, const uint8_t *frame, uint16_t len)
{
	struct vfm_dp *dp = ctx;
	struct vfm_dp_frame *slot;
	uint8_t *p;

	if (dp->bl_count >= VFM_DP_BACKLOG) {
		dp->st.drop_no_buf++;
		return;
	}
	p = malloc(len ? len : 1);
	if (!p) {
		dp->st.drop_no_buf++;
		return;
	}
	memcpy(p, frame, len);
	slot = &dp->backlog[(dp->bl_head + dp->bl_count) % VFM_DP_BACKLOG];
	slot->data = p;
	slot->len = len;
	dp->bl_count++;
	schedule_flush(dp);
}

/* a QRX_TAIL write: retry what waits */
void vfm_dp_rx_kick(struct vfm_dp *dp)
{
	if (dp->bl_count)
		schedule_flush(dp);
}
