// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel data path of one VF: TX descriptors consumed and completed, RX
 * buffers filled with the legacy 32-byte write-back descriptor that iavf
 * 6.12 uses, and the queue interrupts with the auto-mask that iavf's NAPI
 * relies on (the vector masks itself when it fires; iavf re-enables it with
 * a DYN_CTLN1 INTENA write when NAPI completes).
 *
 * Frames go through the PF's switch (switch.c). RX is never written from
 * inside another VF's doorbell: the switch queues frames on the receiving
 * VF (a bounded backlog) and a deferred item (the VF's host timer, due at
 * once) fills its ring. Every length and index coming from the guest is
 * bounded; an unreadable descriptor stalls that ring, it never crashes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfmodel_int.h"

/* TX data descriptor, qword1 (iavf_type.h) */
#define TXD_DTYPE(q1)		((unsigned int)((q1) & 0xf))
#define TXD_CMD(q1)		((unsigned int)(((q1) >> 4) & 0x3ff))
#define TXD_OFFSET(q1)		((unsigned int)(((q1) >> 16) & 0x3ffff))
#define TXD_BUF_SZ(q1)		((unsigned int)(((q1) >> 34) & 0x3fff))
#define TXD_L2TAG1(q1)		((uint16_t)((q1) >> 48))
#define TXD_DTYPE_DATA		0x0
#define TXD_DTYPE_CONTEXT	0x1
#define TXD_DTYPE_DESC_DONE	0xfull
#define TXD_CMD_EOP		0x001
#define TXD_CMD_IL2TAG1		0x008
#define TXD_CMD_IIPT_MASK	0x060
#define TXD_CMD_IIPT_IPV4_CSUM	0x060
#define TXD_CMD_L4T_MASK	0x300
#define TXD_CMD_L4T_TCP		0x100
#define TXD_CMD_L4T_UDP		0x300
#define TXD_CTX_CMD_TSO		0x001	/* context descriptor qword1 bits 4.. */
#define TXD_CTX_TSO_LEN(q1)	((size_t)(((q1) >> 30) & 0x3ffff))
#define TXD_CTX_MSS(q1)		((size_t)(((q1) >> 50) & 0x3fff))
#define TXD_CMD_IIPT_IPV6	0x020

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

struct txd {
	uint64_t addr;
	uint64_t q1;
};

static int dp_dma_read(struct vfm_vf *vf, uint64_t addr, void *buf, size_t len)
{
	if (!vf->bus_master || !vf->ops.dma_read)
		return -EIO;
	return vf->ops.dma_read(vf->opaque, addr, buf, len) ? -EIO : 0;
}

static int dp_dma_write(struct vfm_vf *vf, uint64_t addr, const void *buf, size_t len)
{
	if (!vf->bus_master || !vf->ops.dma_write)
		return -EIO;
	return vf->ops.dma_write(vf->opaque, addr, buf, len) ? -EIO : 0;
}

/* ---- interrupts ---- */

static unsigned int nvec(const struct vfm_vf *vf)
{
	unsigned int n = vfm_vf_msix_vectors(vf);

	return n < VFM_DP_NVEC ? n : VFM_DP_NVEC;
}

/* the vector CONFIG_IRQ_MAP gave queue q, 0 when none */
static unsigned int queue_vector(const struct vfm_vf *vf, unsigned int q, bool rx)
{
	unsigned int v;

	for (v = 1; v < nvec(vf); v++)
		if (((rx ? vf->vecmap[v].rxq_map : vf->vecmap[v].txq_map) >> q) & 1)
			return v;
	return 0;
}

static void fire(struct vfm_vf *vf, unsigned int v)
{
	/* auto-mask: the vector stays off until the driver writes INTENA */
	vf->dyn_ctln1[v - 1] &= ~VFM_DYN_INTENA;
	vf->dp.irq_pending[v] = false;
	vf->dp.st.irqs++;
	if (vf->ops.msix_notify)
		vf->ops.msix_notify(vf->opaque, v);
}

static void raise_cause(struct vfm_vf *vf, unsigned int v)
{
	if (v == 0 || v >= nvec(vf))
		return;
	if (vf->dyn_ctln1[v - 1] & VFM_DYN_INTENA)
		fire(vf, v);
	else
		vf->dp.irq_pending[v] = true;
}

void vfm_dp_dyn_ctln1_write(struct vfm_vf *vf, unsigned int n, uint32_t val)
{
	unsigned int v = n + 1;

	if (n >= VFM_NUM_DYN_CTLN)
		return;
	vf->dyn_ctln1[n] = val & ~(VFM_DYN_CLEARPBA | VFM_DYN_SWINT_TRIG);
	if (!(val & VFM_DYN_INTENA) || v >= nvec(vf))
		return;
	/* a software trigger (iavf_force_wb) or a cause held while masked
	 * fires now; ITR throttling is not modelled */
	if ((val & VFM_DYN_SWINT_TRIG) || vf->dp.irq_pending[v])
		fire(vf, v);
}

/* ---- TX ---- */

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * Checksum offload as the descriptor asks (iavf_tx_enable_csum): MACLEN in
 * words, IPLEN and L4LEN in dwords. The stack seeded the L4 checksum with
 * the pseudo-header sum (CHECKSUM_PARTIAL), so the sum from the L4 header
 * to the end is the final checksum. SCTP CRC is not done.
 */
static void tx_csum(uint8_t *f, size_t len, unsigned int cmd, unsigned int offs)
{
	size_t maclen = (offs & 0x7f) * 2, iplen = ((offs >> 7) & 0x7f) * 4, l4, coff;
	uint16_t c;

	if (!iplen || maclen + iplen > len)
		return;
	if ((cmd & TXD_CMD_IIPT_MASK) == TXD_CMD_IIPT_IPV4_CSUM && iplen >= 20) {
		f[maclen + 10] = f[maclen + 11] = 0;
		c = csum_fold(csum_add(0, f + maclen, iplen));
		f[maclen + 10] = (uint8_t)(c >> 8);
		f[maclen + 11] = (uint8_t)c;
	}
	switch (cmd & TXD_CMD_L4T_MASK) {
	case TXD_CMD_L4T_TCP: coff = 16; break;
	case TXD_CMD_L4T_UDP: coff = 6; break;
	default: return;
	}
	l4 = maclen + iplen;
	if (l4 + coff + 2 > len)
		return;
	c = csum_fold(csum_add(0, f + l4, len - l4));
	if (c == 0 && coff == 6)
		c = 0xffff;	/* UDP: 0 means "no checksum" */
	f[l4 + coff] = (uint8_t)(c >> 8);
	f[l4 + coff + 1] = (uint8_t)c;
}

static size_t insert_tag(uint8_t *f, size_t len, uint16_t tag)
{
	/* the 802.1Q tag the driver left to the device (IL2TAG1) */
	memmove(f + 16, f + 12, len - 12);
	f[12] = 0x81;
	f[13] = 0x00;
	f[14] = (uint8_t)(tag >> 8);
	f[15] = (uint8_t)tag;
	return len + 4;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * TCP segmentation (iavf_tso): headers are MACLEN + IPLEN + L4LEN of the
 * data descriptor, the context gives the MSS. iavf zeroed the IP length
 * (and IPv4 checksum) and seeded the TCP checksum without the length, so
 * each segment gets its lengths, IPv4 id, sequence number, flags and both
 * checksums computed here from scratch.
 */
static void tx_tso(struct vfm_vf *vf, const uint8_t *f, size_t len, unsigned int cmd,
		   unsigned int offs, size_t mss, uint16_t tag)
{
	size_t maclen = (offs & 0x7f) * 2, iplen = ((offs >> 7) & 0x7f) * 4;
	size_t l4len = ((offs >> 14) & 0xf) * 4, hdr = maclen + iplen + l4len, off;
	bool v4 = (cmd & TXD_CMD_IIPT_MASK) >= 0x40, v6 = (cmd & TXD_CMD_IIPT_MASK) == TXD_CMD_IIPT_IPV6;
	uint8_t *s = vf->dp.segbuf, flags0;
	uint32_t seq0;
	uint16_t id0;
	unsigned int n;

	if ((!v4 && !v6) || (cmd & TXD_CMD_L4T_MASK) != TXD_CMD_L4T_TCP || maclen < 14 ||
	    iplen < (v4 ? 20u : 40u) || l4len < 20 || hdr >= len || mss < 64 ||
	    hdr + mss > VFM_DP_MAX_FRAME) {
		vf->dp.st.tx_errors++;
		return;
	}
	vf->dp.st.tso_frames++;
	seq0 = get32(f + maclen + iplen + 4);
	flags0 = f[maclen + iplen + 13];
	id0 = (uint16_t)(f[maclen + 4] << 8 | f[maclen + 5]);
	for (off = hdr, n = 0; off < len; off += mss, n++) {
		size_t chunk = len - off < mss ? len - off : mss, seglen = hdr + chunk;
		uint8_t *ip = s + maclen, *tcp = s + maclen + iplen;
		uint32_t sum = 0, seq = seq0 + (uint32_t)(off - hdr);
		bool last = off + chunk >= len;

		memcpy(s, f, hdr);
		memcpy(s + hdr, f + off, chunk);
		if (v4) {
			put16(ip + 2, (uint32_t)(iplen + l4len + chunk));
			put16(ip + 4, (uint32_t)(id0 + n));
			ip[10] = ip[11] = 0;
			put16(ip + 10, csum_fold(csum_add(0, ip, iplen)));
			sum = csum_add(0, ip + 12, 8);
		} else {
			put16(ip + 4, (uint32_t)(iplen - 40 + l4len + chunk));
			sum = csum_add(0, ip + 8, 32);
		}
		tcp[4] = (uint8_t)(seq >> 24);
		tcp[5] = (uint8_t)(seq >> 16);
		tcp[6] = (uint8_t)(seq >> 8);
		tcp[7] = (uint8_t)seq;
		/* FIN and PSH only on the last segment, CWR only on the first */
		tcp[13] = (uint8_t)(flags0 & ~(last ? 0 : 0x09) & ~(n ? 0x80 : 0));
		tcp[16] = tcp[17] = 0;
		sum += 6 + (uint32_t)(l4len + chunk);
		put16(tcp + 16, csum_fold(csum_add(sum, tcp, l4len + chunk)));
		if (cmd & TXD_CMD_IL2TAG1)
			seglen = insert_tag(s, seglen, tag);
		vfm_sw_forward(vf, s, (uint16_t)seglen);
	}
}

/* Assemble one packet from its descriptors and hand it to the switch. */
static void tx_packet(struct vfm_vf *vf, const struct txd *d, unsigned int n, bool eop)
{
	uint8_t *f = vf->dp.txbuf;
	size_t len = 0, mss = 0, max = VFM_DP_MAX_FRAME;
	unsigned int k, cmd = 0, offs = 0, sz;
	uint16_t tag = 0;
	bool bad = !eop, tso = false, first = true;

	for (k = 0; k < n; k++) {
		switch (TXD_DTYPE(d[k].q1)) {
		case TXD_DTYPE_CONTEXT:
			if ((TXD_CMD(d[k].q1) & TXD_CTX_CMD_TSO) && first) {
				if (!vf->dp.tsobuf)
					vf->dp.tsobuf = malloc(VFM_DP_TSO_BUF);
				if (!vf->dp.tsobuf) {
					bad = true;
					continue;
				}
				tso = true;
				f = vf->dp.tsobuf;
				mss = TXD_CTX_MSS(d[k].q1);
				max = VFM_DP_TSO_BUF - 8;
			}
			continue;
		case TXD_DTYPE_DATA:
			break;
		default:
			bad = true;
			continue;
		}
		if (first) {
			cmd = TXD_CMD(d[k].q1);
			offs = TXD_OFFSET(d[k].q1);
			tag = TXD_L2TAG1(d[k].q1);
			first = false;
		}
		sz = TXD_BUF_SZ(d[k].q1);
		if (bad || sz > max - len) {
			bad = true;
			continue;
		}
		if (sz && dp_dma_read(vf, d[k].addr, f + len, sz)) {
			bad = true;
			continue;
		}
		len += sz;
	}
	if (bad || len < 14 || (!tso && len > VFM_DP_MAX_FRAME)) {
		vf->dp.st.tx_errors++;
		return;
	}
	if (tso) {
		tx_tso(vf, f, len, cmd, offs, mss, tag);
		return;
	}
	tx_csum(f, len, cmd, offs);
	if (cmd & TXD_CMD_IL2TAG1)
		len = insert_tag(f, len, tag);
	vfm_sw_forward(vf, f, (uint16_t)len);
}

void vfm_dp_tx_kick(struct vfm_vf *vf, unsigned int q)
{
	struct txd d[VFM_DP_MAX_TXD_PER_PKT];
	uint32_t rlen, tail;
	uint64_t base;
	bool done = false;

	if (q >= VFM_MAX_QUEUE_PAIRS || !(vf->txq_enabled & (1u << q)))
		return;
	rlen = vf->tx_ring_len[q];
	tail = vf->qtx_tail[q];
	base = vf->tx_ring[q];
	if (!rlen || tail >= rlen || vf->tx_ntc[q] >= rlen)
		return;
	/* each round consumes at least one descriptor and stops at the tail */
	while (vf->tx_ntc[q] != tail) {
		uint32_t idx = vf->tx_ntc[q], k;
		unsigned int n = 0;
		bool eop = false;

		while (idx != tail && n < VFM_DP_MAX_TXD_PER_PKT) {
			if (dp_dma_read(vf, base + (uint64_t)idx * 16, &d[n], 16))
				goto out;	/* stall: retried at the next doorbell */
			idx = (idx + 1) % rlen;
			if (TXD_DTYPE(d[n].q1) == TXD_DTYPE_DATA && (TXD_CMD(d[n].q1) & TXD_CMD_EOP)) {
				n++;
				eop = true;
				break;
			}
			n++;
		}
		if (!eop && n < VFM_DP_MAX_TXD_PER_PKT)
			break;	/* the rest of the packet is not posted yet */
		tx_packet(vf, d, n, eop);
		/* iavf waits for DESC_DONE in the EOP descriptor's dtype */
		for (k = 0; k < n; k++) {
			uint64_t q1 = d[k].q1 | TXD_DTYPE_DESC_DONE;
			uint32_t i = (vf->tx_ntc[q] + k) % rlen;

			if (dp_dma_write(vf, base + (uint64_t)i * 16 + 8, &q1, 8))
				break;
		}
		vf->tx_ntc[q] = (uint16_t)idx;
		done = true;
		if (vf->tx_ring_len[q] != rlen || !(vf->txq_enabled & (1u << q)))
			break;	/* the switch path cannot change this, but stay safe */
	}
out:
	if (done)
		raise_cause(vf, queue_vector(vf, q, false));
}

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

static int first_rx_queue(const struct vfm_vf *vf)
{
	unsigned int q;

	for (q = 0; q < vf->pf->cfg.num_queue_pairs && q < VFM_MAX_QUEUE_PAIRS; q++)
		if (((vf->rxq_enabled >> q) & 1) && vf->rx_ring_len[q])
			return (int)q;
	return -1;
}

/* Fill RX descriptors with one frame. 0 done (or dropped and counted),
 * -EAGAIN when the ring has too few buffers posted. */
static int rx_deliver(struct vfm_vf *vf, uint8_t *f, size_t len)
{
	int qi = first_rx_queue(vf);
	unsigned int q, rlen, tail, head, buf, ndesc, i;
	uint64_t base;
	uint16_t tci = 0;
	bool strip = false;
	uint8_t ptype;
	size_t off;

	if (qi < 0 || !vf->bus_master) {
		vf->dp.st.drop_rx_down++;
		return 0;
	}
	q = (unsigned int)qi;
	rlen = vf->rx_ring_len[q];
	tail = vf->qrx_tail[q];
	head = vf->dp.rx_head[q];
	base = vf->rx_ring[q];
	if (tail >= rlen || head >= rlen) {
		vf->dp.st.drop_rx_down++;
		return 0;
	}
	if (vf->dp.rx_max_pkt[q] && len > vf->dp.rx_max_pkt[q]) {
		vf->dp.st.drop_rx_oversize++;
		return 0;
	}
	ptype = rx_ptype(f, len);
	strip = len >= 18 && f[12] == 0x81 && f[13] == 0x00 &&
		((vf->strip_inner & VIRTCHNL_VLAN_ETHERTYPE_8100) || vf->strip_v1);
	buf = vf->dp.rx_buf_len[q] ? vf->dp.rx_buf_len[q] : RXD_DEFAULT_BUF;
	ndesc = (unsigned int)((len - (strip ? 4 : 0) + buf - 1) / buf);
	if (ndesc >= rlen) {
		vf->dp.st.drop_rx_oversize++;
		return 0;
	}
	/* descriptors head..tail-1 belong to the device */
	if (ndesc > (tail + rlen - head) % rlen)
		return -EAGAIN;
	if (strip) {
		/* VLAN stripping: the tag goes to L2TAG1 of the descriptor */
		tci = (uint16_t)(f[14] << 8 | f[15]);
		memmove(f + 4, f, 12);
		f += 4;
		len -= 4;
	}
	for (i = 0, off = 0; i < ndesc; i++) {
		uint64_t daddr = base + (uint64_t)((head + i) % rlen) * 32, pkt, wb[4];
		size_t chunk = len - off < buf ? len - off : buf;
		bool last = i + 1 == ndesc;

		memset(wb, 0, sizeof(wb));
		wb[1] = RXD_DD | ((uint64_t)ptype << RXD_PTYPE_SHIFT) |
			((uint64_t)chunk << RXD_LEN_SHIFT);
		if (dp_dma_read(vf, daddr, &pkt, 8) || dp_dma_write(vf, pkt, f + off, chunk))
			wb[1] |= 1ull << 19;	/* RXE: the driver drops the frame */
		if (last) {
			wb[1] |= RXD_EOF;
			if (strip) {
				wb[1] |= RXD_L2TAG1P;
				wb[0] = (uint64_t)tci << 16;
			}
		}
		/* DD (qword1) last, after the rest of the descriptor */
		dp_dma_write(vf, daddr, &wb[0], 8);
		dp_dma_write(vf, daddr + 16, &wb[2], 16);
		dp_dma_write(vf, daddr + 8, &wb[1], 8);
		off += chunk;
	}
	vf->dp.rx_head[q] = (uint16_t)((head + ndesc) % rlen);
	vf->dp.st.rx_bytes += len;
	if ((f[0] & f[1] & f[2] & f[3] & f[4] & f[5]) == 0xff)
		vf->dp.st.rx_broadcast++;
	else if (f[0] & 1)
		vf->dp.st.rx_multicast++;
	else
		vf->dp.st.rx_unicast++;
	raise_cause(vf, queue_vector(vf, q, true));
	return 0;
}

static bool has_timer(const struct vfm_vf *vf)
{
	return vf->ops.timer_mod && vf->ops.now_ns;
}

static void schedule_flush(struct vfm_vf *vf)
{
	if (vf->dp.rx_sched)
		return;
	vf->dp.rx_sched = true;
	if (vfm_defer(vf, VFM_DEF_RX, 0, NULL)) {
		vf->dp.rx_sched = false;
		return;
	}
	/* a host without a timer: run it now (never the sending VF) */
	if (!has_timer(vf))
		vfm_run_deferred(vf);
}

void vfm_dp_enqueue(struct vfm_vf *vf, const uint8_t *frame, uint16_t len)
{
	struct vfm_dp_frame *slot;
	uint8_t *p;

	if (vf->dp.bl_count >= VFM_DP_BACKLOG) {
		vf->dp.st.drop_no_buf++;
		return;
	}
	p = malloc(len ? len : 1);
	if (!p) {
		vf->dp.st.drop_no_buf++;
		return;
	}
	memcpy(p, frame, len);
	slot = &vf->dp.backlog[(vf->dp.bl_head + vf->dp.bl_count) % VFM_DP_BACKLOG];
	slot->data = p;
	slot->len = len;
	vf->dp.bl_count++;
	schedule_flush(vf);
}

static void backlog_pop(struct vfm_vf *vf)
{
	free(vf->dp.backlog[vf->dp.bl_head].data);
	vf->dp.backlog[vf->dp.bl_head].data = NULL;
	vf->dp.bl_head = (vf->dp.bl_head + 1) % VFM_DP_BACKLOG;
	vf->dp.bl_count--;
}

void vfm_dp_rx_flush(struct vfm_vf *vf)
{
	vf->dp.rx_sched = false;
	while (vf->dp.bl_count) {
		struct vfm_dp_frame *fr = &vf->dp.backlog[vf->dp.bl_head];

		if (rx_deliver(vf, fr->data, fr->len) == -EAGAIN)
			return;	/* retried when the driver posts buffers */
		backlog_pop(vf);
	}
}

void vfm_dp_rx_tail(struct vfm_vf *vf, unsigned int q)
{
	(void)q;
	if (vf->dp.bl_count)
		schedule_flush(vf);
}

/* ---- configuration, reset, stats ---- */

void vfm_dp_config_rxq(struct vfm_vf *vf, unsigned int q, uint32_t buf_len, uint32_t max_pkt)
{
	if (q >= VFM_MAX_QUEUE_PAIRS)
		return;
	/* ice accepts 128..16K-128 (0: default); keep what the VF gave */
	vf->dp.rx_buf_len[q] = (uint16_t)(buf_len >= 128 && buf_len <= 16384 - 128 ? buf_len : 0);
	vf->dp.rx_max_pkt[q] = (uint16_t)(max_pkt <= 0xffff ? max_pkt : 0);
	vf->dp.rx_head[q] = 0;
}

/* VF reset: rings and pending frames go, the counters stay (PF's VSI stats) */
void vfm_dp_reset(struct vfm_vf *vf)
{
	while (vf->dp.bl_count)
		backlog_pop(vf);
	vf->dp.bl_head = 0;
	vf->dp.rx_sched = false;
	memset(vf->dp.rx_head, 0, sizeof(vf->dp.rx_head));
	memset(vf->dp.rx_buf_len, 0, sizeof(vf->dp.rx_buf_len));
	memset(vf->dp.rx_max_pkt, 0, sizeof(vf->dp.rx_max_pkt));
	memset(vf->dp.irq_pending, 0, sizeof(vf->dp.irq_pending));
}

void vfm_dp_free(struct vfm_vf *vf)
{
	while (vf->dp.bl_count)
		backlog_pop(vf);
	free(vf->dp.tsobuf);
	vf->dp.tsobuf = NULL;
}

/* struct iavf_eth_stats order */
void vfm_dp_get_stats(const struct vfm_vf *vf, uint64_t stats[12])
{
	const struct vfm_dp_stats *s = &vf->dp.st;

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

int vfm_dp_format(const struct vfm_vf *vf, bool json, char *buf, size_t len)
{
	const struct vfm_dp_stats *s = &vf->dp.st;
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
