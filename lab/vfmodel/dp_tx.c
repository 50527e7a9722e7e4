// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel data path, TX: descriptors from the next-to-clean up to the tail,
 * packet by packet, checksum offload, TSO, the IL2TAG1 tag, then the frame
 * goes to the switch and every descriptor is completed (DESC_DONE). Every
 * length and index from the guest is bounded; an unreadable descriptor
 * stalls the ring until the next doorbell, it never crashes.
 */
#include <stdlib.h>
#include <string.h>

#include "dp_int.h"

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

struct txd {
	uint64_t addr;
	uint64_t q1;
};

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

/* the headers of a TSO super-frame and what each segment derives from them */
struct tso {
	size_t maclen, iplen, l4len, hdr, mss;
	bool v4;
	uint8_t flags0;
	uint32_t seq0;
	uint16_t id0, tag;
	unsigned int cmd;
};

/* segment n: payload f[off..off+chunk) behind a copy of the headers */
static void tso_segment(struct vfm_dp *dp, const struct tso *t, const uint8_t *f,
			size_t off, size_t chunk, unsigned int n, bool last)
{
	uint8_t *s = dp->segbuf, *ip = s + t->maclen, *tcp = s + t->maclen + t->iplen;
	uint32_t sum, seq = t->seq0 + (uint32_t)(off - t->hdr);
	size_t seglen = t->hdr + chunk;

	memcpy(s, f, t->hdr);
	memcpy(s + t->hdr, f + off, chunk);
	if (t->v4) {
		put16(ip + 2, (uint32_t)(t->iplen + t->l4len + chunk));
		put16(ip + 4, (uint32_t)(t->id0 + n));
		ip[10] = ip[11] = 0;
		put16(ip + 10, csum_fold(csum_add(0, ip, t->iplen)));
		sum = csum_add(0, ip + 12, 8);
	} else {
		put16(ip + 4, (uint32_t)(t->iplen - 40 + t->l4len + chunk));
		sum = csum_add(0, ip + 8, 32);
	}
	tcp[4] = (uint8_t)(seq >> 24);
	tcp[5] = (uint8_t)(seq >> 16);
	tcp[6] = (uint8_t)(seq >> 8);
	tcp[7] = (uint8_t)seq;
	/* FIN and PSH only on the last segment, CWR only on the first */
	tcp[13] = (uint8_t)(t->flags0 & ~(last ? 0 : 0x09) & ~(n ? 0x80 : 0));
	tcp[16] = tcp[17] = 0;
	sum += 6 + (uint32_t)(t->l4len + chunk);
	put16(tcp + 16, csum_fold(csum_add(sum, tcp, t->l4len + chunk)));
	if (t->cmd & TXD_CMD_IL2TAG1)
		seglen = insert_tag(s, seglen, t->tag);
	vfm_sw_forward(dp->sw, dp->port, s, (uint16_t)seglen);
}

/*
 * TCP segmentation (iavf_tso): headers are MACLEN + IPLEN + L4LEN of the
 * data descriptor, the context gives the MSS. iavf zeroed the IP length
 * (and IPv4 checksum) and seeded the TCP checksum without the length, so
 * each segment gets its lengths, IPv4 id, sequence number, flags and both
 * checksums computed here from scratch.
 */
static void tx_tso(struct vfm_dp *dp, const uint8_t *f, size_t len, unsigned int cmd,
		   unsigned int offs, size_t mss, uint16_t tag)
{
	struct tso t = {
		.maclen = (offs & 0x7f) * 2, .iplen = ((offs >> 7) & 0x7f) * 4,
		.l4len = ((offs >> 14) & 0xf) * 4, .mss = mss, .cmd = cmd, .tag = tag,
		.v4 = (cmd & TXD_CMD_IIPT_MASK) >= 0x40,
	};
	bool v6 = (cmd & TXD_CMD_IIPT_MASK) == TXD_CMD_IIPT_IPV6;
	size_t off, chunk;
	unsigned int n;

	t.hdr = t.maclen + t.iplen + t.l4len;
	if ((!t.v4 && !v6) || (cmd & TXD_CMD_L4T_MASK) != TXD_CMD_L4T_TCP || t.maclen < 14 ||
	    t.iplen < (t.v4 ? 20u : 40u) || t.l4len < 20 || t.hdr >= len || mss < 64 ||
	    t.hdr + mss > VFM_DP_MAX_FRAME) {
		dp->st.tx_errors++;
		return;
	}
	dp->st.tso_frames++;
	t.seq0 = get32(f + t.maclen + t.iplen + 4);
	t.flags0 = f[t.maclen + t.iplen + 13];
	t.id0 = (uint16_t)(f[t.maclen + 4] << 8 | f[t.maclen + 5]);
	for (off = t.hdr, n = 0; off < len; off += mss, n++) {
		chunk = len - off < mss ? len - off : mss;
		tso_segment(dp, &t, f, off, chunk, n, off + chunk >= len);
	}
}

/* one packet being gathered from its descriptors */
struct txpkt {
	uint8_t *f;
	size_t len, mss, max;
	unsigned int cmd, offs;
	uint16_t tag;
	bool bad, tso, first;
};

/* a context descriptor: only a TSO request at the start matters */
static void gather_ctx(struct vfm_dp *dp, struct txpkt *p, uint64_t q1)
{
	if (!(TXD_CMD(q1) & TXD_CTX_CMD_TSO) || !p->first)
		return;
	if (!dp->tsobuf)
		dp->tsobuf = malloc(VFM_DP_TSO_BUF);
	if (!dp->tsobuf) {
		p->bad = true;
		return;
	}
	p->tso = true;
	p->f = dp->tsobuf;
	p->mss = TXD_CTX_MSS(q1);
	p->max = VFM_DP_TSO_BUF - 8;
}

static void gather_data(struct vfm_dp *dp, struct txpkt *p, const struct txd *d)
{
	unsigned int sz = TXD_BUF_SZ(d->q1);

	if (p->first) {
		p->cmd = TXD_CMD(d->q1);
		p->offs = TXD_OFFSET(d->q1);
		p->tag = TXD_L2TAG1(d->q1);
		p->first = false;
	}
	if (p->bad || sz > p->max - p->len) {
		p->bad = true;
		return;
	}
	if (sz && vfm_dma_read(dp->host, d->addr, p->f + p->len, sz)) {
		p->bad = true;
		return;
	}
	p->len += sz;
}

/* Assemble one packet from its descriptors and hand it to the switch. */
static void tx_packet(struct vfm_dp *dp, const struct txd *d, unsigned int n, bool eop)
{
	struct txpkt p = { .f = dp->txbuf, .max = VFM_DP_MAX_FRAME, .bad = !eop, .first = true };
	unsigned int k;

	for (k = 0; k < n; k++) {
		switch (TXD_DTYPE(d[k].q1)) {
		case TXD_DTYPE_CONTEXT:
			gather_ctx(dp, &p, d[k].q1);
			break;
		case TXD_DTYPE_DATA:
			gather_data(dp, &p, &d[k]);
			break;
		default:
			p.bad = true;
			break;
		}
	}
	if (p.bad || p.len < 14 || (!p.tso && p.len > VFM_DP_MAX_FRAME)) {
		dp->st.tx_errors++;
		return;
	}
	if (p.tso) {
		tx_tso(dp, p.f, p.len, p.cmd, p.offs, p.mss, p.tag);
		return;
	}
	tx_csum(p.f, p.len, p.cmd, p.offs);
	if (p.cmd & TXD_CMD_IL2TAG1)
		p.len = insert_tag(p.f, p.len, p.tag);
	vfm_sw_forward(dp->sw, dp->port, p.f, (uint16_t)p.len);
}

/*
 * Read the descriptors of the next packet from ntc towards the tail into d.
 * Returns the count (*next: the index after them), 0 when the packet is not
 * complete yet (EOP not posted), -1 when a descriptor cannot be read.
 */
static int fetch_packet(struct vfm_dp *dp, unsigned int q, uint32_t tail, struct txd *d,
			uint32_t *next, bool *eop)
{
	uint32_t rlen = dp->tx_ring_len[q], idx = dp->tx_ntc[q];
	unsigned int n = 0;

	*eop = false;
	while (idx != tail && n < VFM_DP_MAX_TXD_PER_PKT) {
		if (vfm_dma_read(dp->host, dp->tx_ring[q] + (uint64_t)idx * 16, &d[n], 16))
			return -1;
		idx = (idx + 1) % rlen;
		n++;
		if (TXD_DTYPE(d[n - 1].q1) == TXD_DTYPE_DATA &&
		    (TXD_CMD(d[n - 1].q1) & TXD_CMD_EOP)) {
			*eop = true;
			break;
		}
	}
	*next = idx;
	return *eop || n == VFM_DP_MAX_TXD_PER_PKT ? (int)n : 0;
}

/* iavf waits for DESC_DONE in the EOP descriptor's dtype */
static void complete(struct vfm_dp *dp, unsigned int q, const struct txd *d, unsigned int n)
{
	uint32_t rlen = dp->tx_ring_len[q], k;

	for (k = 0; k < n; k++) {
		uint64_t q1 = d[k].q1 | TXD_DTYPE_DESC_DONE;
		uint32_t i = (dp->tx_ntc[q] + k) % rlen;

		if (vfm_dma_write(dp->host, dp->tx_ring[q] + (uint64_t)i * 16 + 8, &q1, 8))
			break;
	}
}

void vfm_dp_tx_kick(struct vfm_dp *dp, unsigned int q)
{
	struct txd d[VFM_DP_MAX_TXD_PER_PKT];
	uint32_t rlen, tail, next;
	bool done = false, eop;
	int n;

	if (q >= VFM_MAX_QUEUE_PAIRS || !(dp->txq_enabled & (1u << q)))
		return;
	rlen = dp->tx_ring_len[q];
	tail = dp->qtx_tail[q];
	if (!rlen || tail >= rlen || dp->tx_ntc[q] >= rlen)
		return;
	/* each round consumes at least one descriptor and stops at the tail */
	while (dp->tx_ntc[q] != tail) {
		n = fetch_packet(dp, q, tail, d, &next, &eop);
		if (n <= 0)
			break;	/* stall, or the rest of the packet is not posted yet */
		tx_packet(dp, d, (unsigned int)n, eop);
		complete(dp, q, d, (unsigned int)n);
		dp->tx_ntc[q] = (uint16_t)next;
		done = true;
		if (dp->tx_ring_len[q] != rlen || !(dp->txq_enabled & (1u << q)))
			break;	/* the switch path cannot change this, but stay safe */
	}
	if (done)
		vfm_dp_raise(dp, vfm_dp_queue_vector(dp, q, false));
}
