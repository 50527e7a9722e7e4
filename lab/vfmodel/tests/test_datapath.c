// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the vfmodel data path on the host: three VFs of one PF, each
 * with a fake host (DMA memory, clock, MSI-X counter) driven like iavf:
 * TX ring -> PF switch -> RX ring. TAP output.
 * Usage: test_datapath [--offset N] [--san] [-v]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakehost.h"
#include "tap.h"

/* guest memory layout beyond the admin queue area of fakehost.h */
#define TXR	FH_TX_RING			/* 64 x 16 bytes */
#define RXR	(FH_MEM_BASE + 0x24800)		/* 16 x 32 bytes */
#define TXB	(FH_MEM_BASE + 0x25000)		/* 4 KiB of TX buffers */
#define RXB	(FH_MEM_BASE + 0x26000)		/* 16 x 2 KiB RX buffers */
#define TXN	64
#define RXN	16
#define RXBUF	2048
#define NVF	3

#define CAPS (VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_VLAN_V2 | VIRTCHNL_VF_OFFLOAD_WB_ON_ITR | \
	      VIRTCHNL_VF_CAP_ADV_LINK_SPEED)

struct vfh {
	struct fakehost *h;
	unsigned int tx_ntu, rx_ntc;
};

struct bed {
	struct vfm_pf *pf;
	struct vfh v[NVF];
	struct fh_msg m;
};

static uint8_t *mem(struct bed *b, unsigned int vf, uint64_t addr)
{
	return b->v[vf].h->mem + (addr - FH_MEM_BASE);
}

static int32_t xchg(struct bed *b, unsigned int vf, uint32_t op, const void *msg, uint16_t len)
{
	if (fh_send(b->v[vf].h, op, msg, len))
		return -1001;
	while (fh_recv(b->v[vf].h, &b->m))
		if (b->m.op == op)
			return b->m.status;
	return -1000;
}

static struct vfm_vf *VF(struct bed *b, unsigned int i)
{
	return b->v[i].h->vf;
}

static void post_rx(struct bed *b, unsigned int vf, unsigned int count);

/* iavf probe and open: version, resources, caps, queues, IRQ map, enable,
 * the queue vector enabled, all RX buffers but one posted */
static void vf_up(struct bed *b, unsigned int vf, bool strip)
{
	struct virtchnl_version_info ver = { 1, 1 };
	uint32_t caps = CAPS;
	uint64_t buf[256];
	struct virtchnl_vsi_queue_config_info *qc = (void *)buf;
	struct virtchnl_irq_map_info *im = (void *)buf;
	struct virtchnl_queue_select qs = { .vsi_id = 1, .rx_queues = 1, .tx_queues = 1 };
	struct virtchnl_vlan_setting vs = { .inner_ethertype_setting = VIRTCHNL_VLAN_ETHERTYPE_8100,
					    .vport_id = 1 };
	struct fakehost *h = b->v[vf].h;

	fh_init_aq(h);
	xchg(b, vf, VIRTCHNL_OP_VERSION, &ver, sizeof(ver));
	xchg(b, vf, VIRTCHNL_OP_GET_VF_RESOURCES, &caps, sizeof(caps));
	xchg(b, vf, VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS, NULL, 0);
	memset(buf, 0, sizeof(buf));
	qc->vsi_id = 1;
	qc->num_queue_pairs = 1;
	qc->qpair[0].txq.vsi_id = qc->qpair[0].rxq.vsi_id = 1;
	qc->qpair[0].txq.ring_len = TXN;
	qc->qpair[0].txq.dma_ring_addr = TXR;
	qc->qpair[0].rxq.ring_len = RXN;
	qc->qpair[0].rxq.dma_ring_addr = RXR;
	qc->qpair[0].rxq.databuffer_size = RXBUF;
	qc->qpair[0].rxq.max_pkt_size = 9728;
	xchg(b, vf, VIRTCHNL_OP_CONFIG_VSI_QUEUES, buf, virtchnl_struct_size(qc, qpair, 1));
	memset(buf, 0, sizeof(buf));
	im->num_vectors = 2;
	im->vecmap[0].vsi_id = im->vecmap[1].vsi_id = 1;
	im->vecmap[1].vector_id = 1;
	im->vecmap[1].txq_map = im->vecmap[1].rxq_map = 1;
	xchg(b, vf, VIRTCHNL_OP_CONFIG_IRQ_MAP, buf, virtchnl_struct_size(im, vecmap, 2));
	xchg(b, vf, strip ? VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2 : VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2,
	     &vs, sizeof(vs));
	b->v[vf].tx_ntu = b->v[vf].rx_ntc = 0;
	memset(mem(b, vf, TXR), 0, TXN * 16);
	memset(mem(b, vf, RXR), 0, RXN * 32);
	post_rx(b, vf, RXN - 1);
	xchg(b, vf, VIRTCHNL_OP_ENABLE_QUEUES, &qs, sizeof(qs));
	while (fh_recv(h, &b->m))
		;
	wr(h, VFM_REG_DYN_CTLN1(0), VFM_DYN_INTENA | (3 << 3));
}

/* iavf_alloc_rx_buffers(): post `count` buffers from the current tail */
static void post_rx(struct bed *b, unsigned int vf, unsigned int count)
{
	struct fakehost *h = b->v[vf].h;
	unsigned int tail = rd(h, VFM_REG_QRX_TAIL(0)), i;

	for (i = 0; i < count; i++) {
		uint64_t *d = (uint64_t *)mem(b, vf, RXR + (uint64_t)tail * 32);

		memset(d, 0, 32);
		d[0] = RXB + (uint64_t)tail * RXBUF;
		tail = (tail + 1) % RXN;
	}
	wr(h, VFM_REG_QRX_TAIL(0), tail);
}

static int32_t vlan(struct bed *b, unsigned int vf, bool add, uint16_t vid)
{
	uint64_t buf[16];
	struct virtchnl_vlan_filter_list_v2 *l = (void *)buf;

	memset(buf, 0, sizeof(buf));
	l->vport_id = 1;
	l->num_elements = 1;
	l->filters[0].inner.tci = vid;
	l->filters[0].inner.tpid = 0x8100;
	return xchg(b, vf, add ? VIRTCHNL_OP_ADD_VLAN_V2 : VIRTCHNL_OP_DEL_VLAN_V2, buf,
		    (uint16_t)virtchnl_struct_size(l, filters, 1));
}

static void setup_ops(struct bed *b, bool strip1, const struct vfm_host_ops *ops)
{
	struct vfm_pf_config cfg = { .name = "pf0", .link_up = true, .num_queue_pairs = 4 };
	unsigned int i;

	memset(b, 0, sizeof(*b));
	b->pf = vfm_pf_new(&cfg);
	for (i = 0; i < NVF; i++) {
		b->v[i].h = calloc(1, sizeof(struct fakehost));
		fh_init(b->v[i].h);
		b->v[i].h->verbose = T.verbose;
		b->v[i].h->vf = vfm_vf_new(b->pf, i, ops, b->v[i].h, NULL);
		vf_up(b, i, i == 1 && strip1);
	}
}

static void setup(struct bed *b, bool strip1)
{
	setup_ops(b, strip1, &fh_ops);
}

static void teardown(struct bed *b)
{
	unsigned int i;

	for (i = 0; i < NVF; i++) {
		vfm_vf_free(b->v[i].h->vf);
		free(b->v[i].h);
	}
	vfm_pf_free(b->pf);
}

/* run every VF's due deferred work (the host timers) */
static void settle(struct bed *b)
{
	unsigned int i;

	for (i = 0; i < NVF; i++)
		fh_advance(b->v[i].h, 1000);
}

static void frame(uint8_t *f, const uint8_t *dst, const uint8_t *src, int vid, size_t len)
{
	size_t off = 12, i;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	if (vid >= 0) {
		f[off++] = 0x81;
		f[off++] = 0x00;
		f[off++] = (uint8_t)(vid >> 8);
		f[off++] = (uint8_t)vid;
	}
	f[off++] = 0x88;
	f[off++] = 0xb5;
	for (i = off; i < len; i++)
		f[i] = (uint8_t)i;
}

/* TX one frame in `nbuf` data descriptors (plus a context descriptor
 * first when ctx != 0); returns the index of the EOP descriptor */
static unsigned int tx_desc(struct bed *b, unsigned int vf, const uint8_t *f, size_t len,
			    unsigned int nbuf, uint64_t cmd, uint16_t l2tag1, uint32_t offs, uint64_t ctx)
{
	struct vfh *v = &b->v[vf];
	size_t per = (len + nbuf - 1) / nbuf, off = 0;
	unsigned int eop = 0, k;

	memcpy(mem(b, vf, TXB), f, len);
	if (ctx) {
		uint64_t *d = (uint64_t *)mem(b, vf, TXR + (uint64_t)v->tx_ntu * 16);

		d[0] = 0;
		d[1] = 0x1 | ctx;
		v->tx_ntu = (v->tx_ntu + 1) % TXN;
	}
	for (k = 0; k < nbuf; k++) {
		uint64_t *d = (uint64_t *)mem(b, vf, TXR + (uint64_t)v->tx_ntu * 16);
		size_t sz = len - off < per ? len - off : per;

		d[0] = TXB + off;
		d[1] = ((cmd | (k + 1 == nbuf ? 0x3 : 0)) << 4) | ((uint64_t)offs << 16) |
		       ((uint64_t)sz << 34) | ((uint64_t)l2tag1 << 48);
		eop = v->tx_ntu;
		off += sz;
		v->tx_ntu = (v->tx_ntu + 1) % TXN;
	}
	return eop;
}

static unsigned int tx(struct bed *b, unsigned int vf, const uint8_t *f, size_t len, uint64_t cmd,
		       uint16_t l2tag1)
{
	unsigned int eop = tx_desc(b, vf, f, len, 1, cmd, l2tag1, 0, 0);

	wr(b->v[vf].h, VFM_REG_QTX_TAIL(0), b->v[vf].tx_ntu);
	return eop;
}

struct rxd {
	bool dd, eof, l2tag1p;
	unsigned int len, ptype, err;
	uint16_t l2tag1;
	uint8_t *data;
};

/* the next written-back RX descriptor of a VF (dd false when none) */
static struct rxd rx_next(struct bed *b, unsigned int vf)
{
	struct vfh *v = &b->v[vf];
	uint64_t *d = (uint64_t *)mem(b, vf, RXR + (uint64_t)v->rx_ntc * 32);
	struct rxd r;

	memset(&r, 0, sizeof(r));
	r.dd = d[1] & 1;
	if (!r.dd)
		return r;
	r.eof = (d[1] >> 1) & 1;
	r.l2tag1p = (d[1] >> 2) & 1;
	r.err = (unsigned int)((d[1] >> 19) & 0xff);
	r.ptype = (unsigned int)((d[1] >> 30) & 0xff);
	r.len = (unsigned int)((d[1] >> 38) & 0x3fff);
	r.l2tag1 = (uint16_t)(d[0] >> 16);
	r.data = mem(b, vf, RXB + (uint64_t)v->rx_ntc * RXBUF);
	v->rx_ntc = (v->rx_ntc + 1) % RXN;
	return r;
}

static uint64_t ctr(struct bed *b, unsigned int vf, const char *key)
{
	char out[4096], pat[48], cmd[32];
	const char *p;

	snprintf(cmd, sizeof(cmd), "dump vf=%u", vf);
	vfm_pf_control(b->pf, cmd, out, sizeof(out));
	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(out, pat);
	return p ? strtoull(p + strlen(pat), NULL, 10) : ~0ull;
}

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void test_unicast_and_deferral(void)
{
	struct bed b;
	uint8_t f[128];
	unsigned int eop;
	uint64_t *txd;
	struct rxd r;

	setup(&b, false);
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, -1, 100);
	eop = tx(&b, 0, f, 100, 0, 0);
	txd = (uint64_t *)mem(&b, 0, TXR + (uint64_t)eop * 16);
	ok((txd[1] & 0xf) == 0xf && b.v[0].h->irqs[1] == 1,
	   "TX: EOP descriptor written back DESC_DONE, TX vector raised");
	ok(!rx_next(&b, 1).dd && b.v[1].rx_ntc == 0,
	   "RX is deferred: nothing written inside the sender's doorbell");
	settle(&b);
	r = rx_next(&b, 1);
	ok(r.dd && r.eof && !r.l2tag1p && r.len == 100 && !r.err && r.ptype == 1 &&
	   !memcmp(r.data, f, 100), "RX: VF 1 gets the frame (DD EOF len 100 ptype %u)", r.ptype);
	ok(b.v[1].h->irqs[1] == 1, "RX: VF 1's queue vector raised once (%u)", b.v[1].h->irqs[1]);
	ok(!rx_next(&b, 2).dd && !rx_next(&b, 0).dd, "unicast: VF 2 and the sender get nothing");
	ok(ctr(&b, 0, "tx_packets") == 1 && ctr(&b, 1, "rx_packets") == 1 && ctr(&b, 1, "rx_bytes") == 100,
	   "counters: VF 0 tx_packets 1, VF 1 rx_packets 1 rx_bytes 100");
	{
		struct virtchnl_queue_select qs = { .vsi_id = 1 };
		uint64_t st[12];

		xchg(&b, 1, VIRTCHNL_OP_GET_STATS, &qs, sizeof(qs));
		memcpy(st, b.m.data, sizeof(st));
		ok(st[0] == 100 && st[1] == 1 && st[3] == 0, "GET_STATS of VF 1: rx_bytes 100, rx_unicast 1");
		xchg(&b, 0, VIRTCHNL_OP_GET_STATS, &qs, sizeof(qs));
		memcpy(st, b.m.data, sizeof(st));
		ok(st[6] == 100 && st[7] == 1, "GET_STATS of VF 0: tx_bytes 100, tx_unicast 1");
	}
	/* unknown unicast: nobody */
	frame(f, (const uint8_t[]){ 2, 9, 9, 9, 9, 9 }, VF(&b, 0)->pv.hw_mac, -1, 64);
	tx(&b, 0, f, 64, 0, 0);
	settle(&b);
	ok(!rx_next(&b, 1).dd && !rx_next(&b, 2).dd && ctr(&b, 0, "tx_no_dest") == 1,
	   "unknown unicast reaches no VF (tx_no_dest 1)");
	/* broadcast: every other VF */
	frame(f, BCAST, VF(&b, 0)->pv.hw_mac, -1, 64);
	tx(&b, 0, f, 64, 0, 0);
	settle(&b);
	ok(rx_next(&b, 1).dd && rx_next(&b, 2).dd && !rx_next(&b, 0).dd,
	   "broadcast reaches VF 1 and VF 2, not the sender");
	/* multicast nobody subscribed to */
	frame(f, (const uint8_t[]){ 0x01, 0, 0x5e, 0, 0, 0x42 }, VF(&b, 0)->pv.hw_mac, -1, 64);
	tx(&b, 0, f, 64, 0, 0);
	settle(&b);
	ok(!rx_next(&b, 1).dd, "unsubscribed multicast is not delivered");
	teardown(&b);
}

static void test_vlans(void)
{
	struct bed b;
	uint8_t f[128];
	struct rxd r;

	setup(&b, true);	/* VF 1 strips, VF 2 does not */
	vlan(&b, 0, true, 100);
	vlan(&b, 1, true, 100);
	vlan(&b, 2, true, 100);
	vlan(&b, 0, true, 200);
	vlan(&b, 2, true, 200);
	/* insertion by the device (IL2TAG1) */
	frame(f, BCAST, VF(&b, 0)->pv.hw_mac, -1, 80);
	tx(&b, 0, f, 80, 0x8, 100);
	settle(&b);
	r = rx_next(&b, 1);
	ok(r.dd && r.eof && r.l2tag1p && r.l2tag1 == 100 && r.len == 80 && !memcmp(r.data, f, 80),
	   "IL2TAG1 insert VID 100 -> VF 1 (stripping): untagged data, L2TAG1P, l2tag1 %u", r.l2tag1);
	r = rx_next(&b, 2);
	ok(r.dd && !r.l2tag1p && r.len == 84 && r.data[12] == 0x81 && r.data[13] == 0 && r.data[15] == 100 &&
	   !memcmp(r.data + 16, f + 12, 68), "same frame -> VF 2 (no stripping): tag inline, len 84");
	/* VLAN 200: VF 1 has no filter */
	frame(f, BCAST, VF(&b, 0)->pv.hw_mac, 200, 80);
	tx(&b, 0, f, 80, 0, 0);
	settle(&b);
	ok(!rx_next(&b, 1).dd && ctr(&b, 1, "drop_vlan") == 1,
	   "isolation: VLAN 200 never reaches VF 1 (no filter), drop_vlan 1");
	r = rx_next(&b, 2);
	ok(r.dd && r.len == 80 && r.data[15] == 200, "VLAN 200 reaches VF 2 (filter 200)");
	/* untagged: VLAN 0 is the PF's on every VF */
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, -1, 60);
	tx(&b, 0, f, 60, 0, 0);
	settle(&b);
	r = rx_next(&b, 1);
	ok(r.dd && !r.l2tag1p && r.len == 60, "untagged unicast uses VLAN 0 (len %u)", r.len);
	/* VLAN removed -> no longer delivered */
	vlan(&b, 2, false, 200);
	frame(f, BCAST, VF(&b, 0)->pv.hw_mac, 200, 80);
	tx(&b, 0, f, 80, 0, 0);
	settle(&b);
	ok(!rx_next(&b, 2).dd, "after DEL_VLAN_V2 200 VF 2 no longer receives VLAN 200");
	teardown(&b);
}

static void test_spoofchk(void)
{
	struct bed b;
	uint8_t f[128];
	char out[256];
	const uint8_t forged[6] = { 2, 0xde, 0xad, 0xbe, 0xef, 1 };

	setup(&b, false);
	/* spoofchk on by default; no VLAN yet: VLAN anti-spoof off */
	frame(f, BCAST, forged, -1, 64);
	tx(&b, 0, f, 64, 0, 0);
	settle(&b);
	ok(!rx_next(&b, 1).dd && ctr(&b, 0, "drop_spoof_mac") == 1, "spoofchk: forged source MAC dropped");
	frame(f, BCAST, VF(&b, 0)->pv.hw_mac, 300, 64);
	vlan(&b, 1, true, 300);
	tx(&b, 0, f, 64, 0, 0);
	settle(&b);
	ok(rx_next(&b, 1).dd && ctr(&b, 0, "drop_spoof_vlan") == 0,
	   "no VLAN on VF 0 yet: VLAN anti-spoof off, tagged 300 passes to VF 1 (filter 300)");
	vlan(&b, 0, true, 100);
	tx(&b, 0, f, 64, 0, 0);
	settle(&b);
	ok(!rx_next(&b, 1).dd && ctr(&b, 0, "drop_spoof_vlan") == 1,
	   "first VLAN on VF 0 turns VLAN anti-spoof on: VLAN 300 (no filter) dropped");
	frame(f, BCAST, VF(&b, 0)->pv.hw_mac, 100, 64);
	vlan(&b, 1, true, 100);
	tx(&b, 0, f, 64, 0, 0);
	settle(&b);
	ok(rx_next(&b, 1).dd, "legitimate VLAN 100 frame passes with spoofchk on");
	vfm_pf_control(b.pf, "spoofchk vf=0 off", out, sizeof(out));
	frame(f, BCAST, forged, 300, 64);
	tx(&b, 0, f, 64, 0, 0);
	settle(&b);
	ok(rx_next(&b, 1).dd && ctr(&b, 0, "drop_spoof_mac") == 1,
	   "spoofchk off: forged MAC on VLAN 300 delivered");
	ok(ctr(&b, 0, "tx_packets") == 3, "counters: tx_packets counts only what passed (%llu)",
	   (unsigned long long)ctr(&b, 0, "tx_packets"));
	{
		struct virtchnl_queue_select qs = { .vsi_id = 1 };
		uint64_t st[12];

		xchg(&b, 0, VIRTCHNL_OP_GET_STATS, &qs, sizeof(qs));
		memcpy(st, b.m.data, sizeof(st));
		ok(st[10] == 2, "GET_STATS tx_discards = spoofchk drops (%llu)", (unsigned long long)st[10]);
	}
	teardown(&b);
}

static void test_pvid(void)
{
	struct bed b;
	uint8_t f[128];
	char out[256];
	struct rxd r;

	setup(&b, false);
	vlan(&b, 0, true, 100);
	ok(vfm_pf_control(b.pf, "pvid vf=1 100", out, sizeof(out)) == 0, "pvid vf=1 100");
	vf_up(&b, 1, false);	/* the driver re-initialises after the reset */
	frame(f, BCAST, VF(&b, 1)->pv.hw_mac, -1, 70);
	tx(&b, 1, f, 70, 0, 0);
	settle(&b);
	r = rx_next(&b, 0);
	ok(r.dd && r.len == 74 && r.data[12] == 0x81 && r.data[15] == 100 && !rx_next(&b, 2).dd,
	   "pvid: untagged from VF 1 arrives on VLAN 100 at VF 0 only (len %u)", r.len);
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, 100, 70);
	tx(&b, 0, f, 70, 0, 0);
	settle(&b);
	r = rx_next(&b, 1);
	ok(r.dd && r.len == 66 && !r.l2tag1p && r.data[12] == 0x88,
	   "pvid: VLAN 100 from VF 0 arrives untagged at VF 1 (len %u)", r.len);
	frame(f, BCAST, VF(&b, 1)->pv.hw_mac, 100, 70);
	tx(&b, 1, f, 70, 0, 0);
	settle(&b);
	ok(!rx_next(&b, 0).dd && ctr(&b, 1, "drop_pvid_tagged") == 1, "pvid: a VF-tagged frame is dropped");
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 2)->pv.hw_mac, -1, 70);
	tx(&b, 2, f, 70, 0, 0);
	settle(&b);
	ok(!rx_next(&b, 1).dd, "pvid: untagged traffic of other VFs (VLAN 0) does not reach VF 1");
	teardown(&b);
}

static void test_rings_and_irqs(void)
{
	struct bed b;
	uint8_t f[4096];
	struct rxd r, r2;
	unsigned int i, irqs;

	setup(&b, false);
	/* multi-buffer TX with a context descriptor, multi-buffer RX */
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, -1, 3000);
	tx_desc(&b, 0, f, 3000, 3, 0, 0, 0, 0);
	{
		uint64_t *d = (uint64_t *)mem(&b, 0, TXR + (uint64_t)b.v[0].tx_ntu * 16);

		/* a context descriptor without TSO is skipped */
		d[0] = 0;
		d[1] = 0x1;
		b.v[0].tx_ntu++;
	}
	tx_desc(&b, 0, f, 100, 1, 0, 0, 0, 0);
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), b.v[0].tx_ntu);
	settle(&b);
	r = rx_next(&b, 1);
	r2 = rx_next(&b, 1);
	ok(r.dd && !r.eof && r.len == RXBUF && r2.dd && r2.eof && r2.len == 3000 - RXBUF &&
	   !memcmp(r.data, f, RXBUF) && !memcmp(r2.data, f + RXBUF, 3000 - RXBUF),
	   "3000-byte frame: 3 TX buffers -> 2 RX descriptors, EOF on the second");
	r = rx_next(&b, 1);
	ok(r.dd && r.len == 100, "context descriptor skipped, next frame delivered");

	/* auto-mask: after firing, the vector stays masked until INTENA */
	irqs = b.v[1].h->irqs[1];
	ok(!(rd(b.v[1].h, VFM_REG_DYN_CTLN1(0)) & VFM_DYN_INTENA), "vector auto-masked after it fired");
	tx(&b, 0, f, 100, 0, 0);
	settle(&b);
	ok(b.v[1].h->irqs[1] == irqs && rx_next(&b, 1).dd, "masked: frame delivered, no interrupt");
	wr(b.v[1].h, VFM_REG_DYN_CTLN1(0), VFM_DYN_INTENA);
	ok(b.v[1].h->irqs[1] == irqs + 1, "INTENA write fires the held cause (NAPI re-enable)");

	/* RX ring out of buffers: frames wait in the backlog */
	post_rx(&b, 1, 0);
	for (i = 0; i < 20; i++)
		tx(&b, 0, f, 100, 0, 0);
	settle(&b);
	for (i = 0; rx_next(&b, 1).dd; i++)
		;
	ok(i == RXN - 1 - 4, "ring full: %u frames written (%u buffers left)", i, RXN - 1 - 4);
	post_rx(&b, 1, RXN - 1);
	settle(&b);
	for (i = 0; rx_next(&b, 1).dd; i++)
		;
	ok(i == 9, "RX tail bump delivers the backlog (%u more)", i);
	post_rx(&b, 1, 0);
	{
		uint64_t before = ctr(&b, 1, "drop_no_buf");

		for (i = 0; i < VFM_DP_BACKLOG + 50; i++)
			tx(&b, 0, f, 60, 0, 0);
		settle(&b);
		/* 6 buffers were left: they take 6 of the 128 queued frames */
		ok(ctr(&b, 1, "drop_no_buf") - before == 50 && VF(&b, 1)->dp.bl_count == VFM_DP_BACKLOG - 6,
		   "backlog bounded at %u frames, the rest counted drop_no_buf (%llu, %u queued)", VFM_DP_BACKLOG,
		   (unsigned long long)(ctr(&b, 1, "drop_no_buf") - before), VF(&b, 1)->dp.bl_count);
	}
	/* a VF reset frees what waits for it (ASan checks the leak) */
	vfm_pf_vf_reset(b.pf, 1);
	ok(VF(&b, 1)->dp.bl_count == 0, "VF reset drops the backlog");
	tx(&b, 0, f, 60, 0, 0);
	settle(&b);
	ok(ctr(&b, 1, "drop_rx_down") >= 1, "frames to a VF being reset count drop_rx_down");
	teardown(&b);
}

static void test_offload_and_bounds(void)
{
	struct bed b;
	uint8_t f[256];
	unsigned int i, sum;
	struct rxd r;
	uint64_t *d;

	setup(&b, false);
	/* IPv4/UDP, checksum left to the device (pseudo-header seeded) */
	memset(f, 0, sizeof(f));
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, -1, 14);
	f[12] = 0x08;
	f[13] = 0x00;
	{
		uint8_t *ip = f + 14, *udp = f + 34;
		uint32_t ps = 0;

		ip[0] = 0x45; ip[3] = 48; ip[8] = 64; ip[9] = 17;
		ip[12] = 10; ip[15] = 1; ip[16] = 10; ip[19] = 2;
		udp[0] = 0x12; udp[1] = 0x34; udp[2] = 0x23; udp[3] = 0x28; udp[5] = 28;
		for (i = 8; i < 28; i++)
			udp[i] = (uint8_t)(i * 7);
		/* pseudo header: src, dst, proto, UDP length */
		ps = (10 << 8) + 1 + (10 << 8) + 2 + 17 + 28;
		while (ps >> 16)
			ps = (ps & 0xffff) + (ps >> 16);
		udp[6] = (uint8_t)(ps >> 8);
		udp[7] = (uint8_t)ps;
	}
	/* IIPT IPv4 with checksum, L4T UDP; MACLEN 14/2, IPLEN 20/4, L4LEN 8/4 */
	tx_desc(&b, 0, f, 62, 1, 0x60 | 0x300, 0, 7 | (5 << 7) | (2 << 14), 0);
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), b.v[0].tx_ntu);
	settle(&b);
	r = rx_next(&b, 1);
	ok(r.dd && r.ptype == 24, "IPv4/UDP frame delivered with ptype 24 (%u)", r.ptype);
	for (i = 0, sum = 0; i < 20; i += 2)
		sum += (unsigned int)(r.data[14 + i] << 8 | r.data[15 + i]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ok(r.dd && sum == 0xffff, "IPv4 header checksum inserted (verifies to 0x%x)", sum);
	{
		uint32_t s = (10 << 8) + 1 + (10 << 8) + 2 + 17 + 28;

		for (i = 0; i < 28; i += 2)
			s += (uint32_t)(r.data[34 + i] << 8 | r.data[35 + i]);
		while (s >> 16)
			s = (s & 0xffff) + (s >> 16);
		ok(r.dd && s == 0xffff && (r.data[40] | r.data[41]), "UDP checksum inserted (verifies to 0x%x)", s);
	}
	/* TSO is not modelled: dropped and counted, descriptors completed */
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, -1, 100);
	i = tx_desc(&b, 0, f, 100, 1, 0, 0, 0, 0x1 << 4);
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), b.v[0].tx_ntu);
	settle(&b);
	d = (uint64_t *)mem(&b, 0, TXR + (uint64_t)i * 16);
	ok((d[1] & 0xf) == 0xf && !rx_next(&b, 1).dd && ctr(&b, 0, "tx_errors") == 1,
	   "TSO context without header offsets: completed, dropped, tx_errors 1");
	/* a buffer outside guest memory */
	i = tx_desc(&b, 0, f, 100, 1, 0, 0, 0, 0);
	d = (uint64_t *)mem(&b, 0, TXR + (uint64_t)i * 16);
	d[0] = 0xdead0000000ull;
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), b.v[0].tx_ntu);
	ok((d[1] & 0xf) == 0xf && ctr(&b, 0, "tx_errors") == 2, "unreadable TX buffer: completed, tx_errors 2");
	/* descriptors without EOP up to the tail: held, no hang */
	sum = VF(&b, 0)->dp.tx_ntc[0];
	for (i = 0; i < TXN - 1; i++) {
		d = (uint64_t *)mem(&b, 0, TXR + (uint64_t)b.v[0].tx_ntu * 16);
		d[0] = TXB;
		d[1] = 60ull << 34;
		b.v[0].tx_ntu = (b.v[0].tx_ntu + 1) % TXN;
	}
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), b.v[0].tx_ntu);
	ok(VF(&b, 0)->dp.tx_ntc[0] == sum && ctr(&b, 0, "tx_errors") == 2,
	   "63 descriptors without EOP: held until an EOP arrives (ntc %u)", VF(&b, 0)->dp.tx_ntc[0]);
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), 1000);
	ok(VF(&b, 0)->dp.qtx_tail[0] == 1000, "a tail beyond the ring is stored and ignored");
	/* oversize frame: 16K of buffers */
	for (i = 0; i < 4; i++) {
		d = (uint64_t *)mem(&b, 0, TXR + (uint64_t)((VF(&b, 0)->dp.tx_ntc[0] + i) % TXN) * 16);
		d[0] = TXB;
		d[1] = (4000ull << 34) | ((i == 3 ? 0x3ull : 0) << 4);
	}
	b.v[0].tx_ntu = (VF(&b, 0)->dp.tx_ntc[0] + 4) % TXN;
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), b.v[0].tx_ntu);
	ok(VF(&b, 0)->dp.tx_ntc[0] == b.v[0].tx_ntu && ctr(&b, 0, "tx_errors") == 3,
	   "a 16000-byte frame (over 9728) is dropped, tx_errors 3");
	teardown(&b);
}

static uint32_t fold_sum(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

static void test_tso(void)
{
	struct bed b;
	uint8_t f[4096];
	const size_t hdr = 14 + 20 + 20, pay = 2500, mss = 1000;
	unsigned int i, k, good = 0;
	uint8_t *ip = f + 14, *tcp = f + 34;

	setup(&b, false);
	memset(f, 0, sizeof(f));
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, -1, 14);
	f[12] = 0x08;
	f[13] = 0x00;
	/* as iavf_tso leaves it: tot_len and IP checksum 0, TCP checksum seeded
	 * with the pseudo header without the length (any value works here) */
	ip[0] = 0x45; ip[4] = 0x12; ip[5] = 0x30; ip[8] = 64; ip[9] = 6;
	ip[12] = 10; ip[15] = 1; ip[16] = 10; ip[19] = 2;
	tcp[4] = 0; tcp[5] = 0; tcp[6] = 0x10; tcp[7] = 0;	/* seq 0x1000 */
	tcp[12] = 5 << 4;
	tcp[13] = 0x19;	/* FIN PSH ACK */
	tcp[16] = 0xab;
	for (i = 0; i < pay; i++)
		f[hdr + i] = (uint8_t)(i * 13);
	/* IIPT IPv4 csum, L4T TCP; MACLEN 7 words, IPLEN 5, L4LEN 5 dwords */
	tx_desc(&b, 0, f, hdr + pay, 2, 0x60 | 0x100, 0, 7 | (5 << 7) | (5 << 14),
		(0x1ull << 4) | ((uint64_t)pay << 30) | ((uint64_t)mss << 50));
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), b.v[0].tx_ntu);
	settle(&b);
	for (k = 0; k < 3; k++) {
		struct rxd r = rx_next(&b, 1);
		size_t chunk = k < 2 ? mss : pay - 2 * mss;
		uint8_t *rip = r.data + 14, *rt = r.data + 34;
		uint32_t s4 = 0, st = 0, seq;

		if (!r.dd || r.len != hdr + chunk)
			continue;
		for (i = 0; i < 20; i += 2)
			s4 += (uint32_t)(rip[i] << 8 | rip[i + 1]);
		st = (10 << 8) + 1 + (10 << 8) + 2 + 6 + (uint32_t)(20 + chunk);
		for (i = 0; i < 20 + chunk; i += 2)
			st += (uint32_t)(rt[i] << 8 | (i + 1 < 20 + chunk ? rt[i + 1] : 0));
		seq = (uint32_t)rt[4] << 24 | (uint32_t)rt[5] << 16 | (uint32_t)rt[6] << 8 | rt[7];
		if (fold_sum(s4) == 0xffff && fold_sum(st) == 0xffff &&
		    (rip[2] << 8 | rip[3]) == (int)(40 + chunk) && rip[5] == 0x30 + k &&
		    seq == 0x1000 + k * mss && rt[13] == (k == 2 ? 0x19 : 0x10) &&
		    !memcmp(r.data + hdr, f + hdr + k * mss, chunk))
			good++;
	}
	ok(good == 3 && !rx_next(&b, 1).dd && ctr(&b, 0, "tso_frames") == 1 && ctr(&b, 0, "tx_packets") == 3,
	   "TSO: 2500 bytes, MSS 1000 -> 3 segments with lengths, ids, seq, FIN/PSH last, both checksums (%u good)",
	   good);
	teardown(&b);
}

static void test_tso_ipv6(void)
{
	struct bed b;
	uint8_t f[4096];
	const size_t hdr = 14 + 40 + 20, pay = 1500, mss = 1200;
	unsigned int i, k, good = 0;
	uint8_t *ip = f + 14, *tcp = f + 54;

	setup(&b, false);
	memset(f, 0, sizeof(f));
	frame(f, VF(&b, 1)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, -1, 14);
	f[12] = 0x86;
	f[13] = 0xdd;
	ip[0] = 0x60; ip[6] = 6; ip[7] = 64;
	ip[8] = 0xfd; ip[23] = 1; ip[24] = 0xfd; ip[39] = 2;
	tcp[7] = 1;	/* seq 1 */
	tcp[12] = 5 << 4;
	tcp[13] = 0x18;	/* PSH ACK */
	for (i = 0; i < pay; i++)
		f[hdr + i] = (uint8_t)(i * 5);
	/* IIPT IPv6, L4T TCP; MACLEN 7 words, IPLEN 10, L4LEN 5 dwords */
	tx_desc(&b, 0, f, hdr + pay, 1, 0x20 | 0x100, 0, 7 | (10 << 7) | (5 << 14),
		(0x1ull << 4) | ((uint64_t)pay << 30) | ((uint64_t)mss << 50));
	wr(b.v[0].h, VFM_REG_QTX_TAIL(0), b.v[0].tx_ntu);
	settle(&b);
	for (k = 0; k < 2; k++) {
		struct rxd r = rx_next(&b, 1);
		size_t chunk = k ? pay - mss : mss;
		uint8_t *rip = r.data + 14, *rt = r.data + 54;
		uint32_t st = 6 + (uint32_t)(20 + chunk);

		if (!r.dd || r.len != hdr + chunk)
			continue;
		for (i = 0; i < 32; i += 2)
			st += (uint32_t)(rip[8 + i] << 8 | rip[9 + i]);
		for (i = 0; i < 20 + chunk; i += 2)
			st += (uint32_t)(rt[i] << 8 | (i + 1 < 20 + chunk ? rt[i + 1] : 0));
		if (r.ptype == 92 && fold_sum(st) == 0xffff && (rip[4] << 8 | rip[5]) == (int)(20 + chunk) &&
		    rt[7] == (uint8_t)(1 + k * mss) && rt[6] == (uint8_t)((1 + k * mss) >> 8) &&
		    rt[13] == (k ? 0x18 : 0x10) && !memcmp(r.data + hdr, f + hdr + k * mss, chunk))
			good++;
	}
	ok(good == 2, "TSO IPv6: 1500 bytes, MSS 1200 -> 2 segments, payload length, seq, PSH last, checksum, ptype 92 (%u good)",
	   good);
	teardown(&b);
}

static void test_no_timer(void)
{
	struct vfm_host_ops ops = fh_ops;
	struct bed b;
	uint8_t f[128];
	struct rxd r;

	ops.timer_mod = NULL;	/* a host without a timer: RX runs at once */
	setup_ops(&b, false, &ops);
	frame(f, VF(&b, 2)->pv.hw_mac, VF(&b, 0)->pv.hw_mac, -1, 90);
	tx(&b, 0, f, 90, 0, 0);
	r = rx_next(&b, 2);
	ok(r.dd && r.len == 90 && !memcmp(r.data, f, 90) && !rx_next(&b, 1).dd,
	   "no host timer: the frame is in VF 2's ring when the doorbell returns");
	teardown(&b);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, "dp: ");
	test_unicast_and_deferral();
	test_vlans();
	test_spoofchk();
	test_pvid();
	test_rings_and_irqs();
	test_offload_and_bounds();
	test_tso();
	test_tso_ipv6();
	test_no_timer();
	return tap_done();
}
