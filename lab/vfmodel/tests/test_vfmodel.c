// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the vfmodel core, driven the way iavf drives a VF: register
 * writes and admin queue descriptors through a fake host. TAP output.
 * Usage: test_vfmodel [--offset N] [--san] [-v]
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakehost.h"
#include "tap.h"

/* iavf's requested caps (iavf_send_vf_config_msg) */
#define IAVF_CAPS (VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_RSS_PF | VIRTCHNL_VF_OFFLOAD_RSS_AQ | \
		   VIRTCHNL_VF_OFFLOAD_RSS_REG | VIRTCHNL_VF_OFFLOAD_VLAN | VIRTCHNL_VF_OFFLOAD_WB_ON_ITR | \
		   VIRTCHNL_VF_OFFLOAD_RSS_PCTYPE_V2 | VIRTCHNL_VF_OFFLOAD_ENCAP | VIRTCHNL_VF_OFFLOAD_TC_U32 | \
		   VIRTCHNL_VF_OFFLOAD_VLAN_V2 | VIRTCHNL_VF_OFFLOAD_CRC | VIRTCHNL_VF_OFFLOAD_ENCAP_CSUM | \
		   VIRTCHNL_VF_OFFLOAD_REQ_QUEUES | VIRTCHNL_VF_OFFLOAD_ADQ | VIRTCHNL_VF_OFFLOAD_USO | \
		   VIRTCHNL_VF_OFFLOAD_FDIR_PF | VIRTCHNL_VF_OFFLOAD_ADV_RSS_PF | VIRTCHNL_VF_CAP_ADV_LINK_SPEED)

struct bed {
	struct vfm_pf *pf;
	struct fakehost *h[2];
	unsigned int nvf;
	struct fh_msg m;
	unsigned int link_events, reset_events;
	struct virtchnl_pf_event last_link;
};

static void bed_setup(struct bed *b, unsigned int nvf, unsigned int reset_delay_ms)
{
	struct vfm_pf_config cfg = {
		.name = "pf0", .link_up = true, .reset_delay_ms = reset_delay_ms, .seed = 42,
	};
	unsigned int i;

	memset(b, 0, sizeof(*b));
	b->pf = vfm_pf_new(&cfg);
	b->nvf = nvf;
	for (i = 0; i < nvf; i++) {
		b->h[i] = calloc(1, sizeof(*b->h[i]));
		fh_init(b->h[i]);
		b->h[i]->verbose = T.verbose;
		b->h[i]->vf = vfm_vf_new(b->pf, i, &fh_ops, b->h[i], NULL);
	}
}

static void bed_teardown(struct bed *b)
{
	unsigned int i;

	for (i = 0; i < b->nvf; i++) {
		vfm_vf_free(b->h[i]->vf);
		free(b->h[i]);
	}
	vfm_pf_free(b->pf);
}

/* note events, return the next non-event message (1) or 0 */
static int next_reply(struct bed *b, unsigned int vf)
{
	while (fh_recv(b->h[vf], &b->m)) {
		if (b->m.op == VIRTCHNL_OP_EVENT) {
			struct virtchnl_pf_event e;

			memcpy(&e, b->m.data, sizeof(e));
			if (e.event == VIRTCHNL_EVENT_LINK_CHANGE) {
				b->link_events++;
				b->last_link = e;
			} else if (e.event == VIRTCHNL_EVENT_RESET_IMPENDING) {
				b->reset_events++;
			}
			continue;
		}
		return 1;
	}
	return 0;
}

static void drain(struct bed *b, unsigned int vf)
{
	while (next_reply(b, vf))
		;
}

/* send and return the reply status; -1000 when no reply for op */
static int32_t xchg(struct bed *b, unsigned int vf, uint32_t op, const void *msg, uint16_t len)
{
	if (fh_send(b->h[vf], op, msg, len))
		return -1001;
	if (!next_reply(b, vf) || b->m.op != op)
		return -1000;
	return b->m.status;
}

static struct virtchnl_vlan_filter_list_v2 *v2_list(uint8_t *buf, const uint16_t *vids,
						    unsigned int n, uint16_t *len)
{
	struct virtchnl_vlan_filter_list_v2 *l = (void *)buf;
	unsigned int i;

	memset(buf, 0, 8 + 32 * n);
	l->vport_id = 1;
	l->num_elements = (u16)n;
	for (i = 0; i < n; i++) {
		l->filters[i].inner.tci = vids[i];
		l->filters[i].inner.tpid = 0x8100;
	}
	*len = (uint16_t)virtchnl_struct_size(l, filters, n);
	return l;
}

static int32_t add_v2(struct bed *b, unsigned int vf, bool add, const uint16_t *vids, unsigned int n)
{
	uint64_t buf[256];
	uint16_t len;

	v2_list((uint8_t *)buf, vids, n, &len);
	return xchg(b, vf, add ? VIRTCHNL_OP_ADD_VLAN_V2 : VIRTCHNL_OP_DEL_VLAN_V2, buf, len);
}

static int32_t add_v1(struct bed *b, unsigned int vf, bool add, const uint16_t *vids, unsigned int n)
{
	uint64_t buf[64];
	struct virtchnl_vlan_filter_list *l = (void *)buf;

	l->vsi_id = 1;
	l->num_elements = (u16)n;
	memcpy(l->vlan_id, vids, n * 2);
	return xchg(b, vf, add ? VIRTCHNL_OP_ADD_VLAN : VIRTCHNL_OP_DEL_VLAN, buf, (uint16_t)virtchnl_struct_size(l, vlan_id, n));
}

static struct vfm_vf *VF(struct bed *b, unsigned int i)
{
	return b->h[i]->vf;
}

/* iavf probe: RSTAT, AQ init, VERSION, GET_VF_RESOURCES, VLAN caps; returns
 * the number of steps that failed (each step also reported when report) */
static int probe(struct bed *b, unsigned int vf, uint32_t caps, bool report)
{
	struct virtchnl_version_info ver = { 1, 1 };
	struct virtchnl_vf_resource res;
	int bad = 0;
	int32_t st;

	fh_init_aq(b->h[vf]);
	st = xchg(b, vf, VIRTCHNL_OP_VERSION, &ver, sizeof(ver));
	memcpy(&ver, b->m.data, sizeof(ver));
	bad += st != 0 || ver.major != 1 || ver.minor != 1;
	if (report)
		ok(st == 0 && ver.major == 1 && ver.minor == 1 && b->m.len == 8,
		   "probe: VERSION answered 1.1 (status %d)", st);
	st = xchg(b, vf, VIRTCHNL_OP_GET_VF_RESOURCES, &caps, sizeof(caps));
	memcpy(&res, b->m.data, sizeof(res));
	bad += st != 0;
	if (report) {
		struct virtchnl_vsi_resource vsi;

		memcpy(&vsi, b->m.data + 20, sizeof(vsi));
		ok(st == 0 && b->m.len == 36 && res.num_vsis == 1 && res.num_queue_pairs == 4 &&
		   res.max_vectors == 5 && res.rss_key_size == 52 && res.rss_lut_size == 64,
		   "probe: GET_VF_RESOURCES 36 bytes, 1 VSI, 4 qp, 5 vectors (len %u)", b->m.len);
		ok(vsi.vsi_id == 1 && vsi.vsi_type == VIRTCHNL_VSI_SRIOV && vsi.num_queue_pairs == 4 &&
		   !memcmp(vsi.default_mac_addr, VF(b, vf)->pv.hw_mac, 6),
		   "probe: SR-IOV VSI id 1 with the PF-assigned MAC");
		ok((res.vf_cap_flags & (VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_VLAN_V2 |
					VIRTCHNL_VF_OFFLOAD_RSS_PF | VIRTCHNL_VF_CAP_ADV_LINK_SPEED)) ==
		   (VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_VLAN_V2 | VIRTCHNL_VF_OFFLOAD_RSS_PF |
		    VIRTCHNL_VF_CAP_ADV_LINK_SPEED) &&
		   !(res.vf_cap_flags & (VIRTCHNL_VF_OFFLOAD_VLAN | VIRTCHNL_VF_OFFLOAD_FDIR_PF |
					 VIRTCHNL_VF_OFFLOAD_ADQ)),
		   "probe: caps L2|VLAN_V2|RSS_PF|ADV_LINK_SPEED, not VLAN v1/FDIR/ADQ (0x%x)",
		   res.vf_cap_flags);
	}
	if (caps & VIRTCHNL_VF_OFFLOAD_VLAN_V2) {
		struct virtchnl_vlan_caps vc;

		st = xchg(b, vf, VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS, NULL, 0);
		memcpy(&vc, b->m.data, sizeof(vc));
		bad += st != 0;
		if (report)
			ok(st == 0 && b->m.len == 40 && vc.filtering.max_filters == 8 &&
			   vc.filtering.filtering_support.inner == VIRTCHNL_VLAN_ETHERTYPE_8100 &&
			   vc.filtering.filtering_support.outer == 0 &&
			   (vc.offloads.stripping_support.inner & VIRTCHNL_VLAN_TOGGLE),
			   "probe: VLAN_V2 caps inner 0x8100, max_filters 8, strip toggle (max %u)",
			   vc.filtering.max_filters);
	}
	return bad;
}

static void test_registers(void)
{
	struct bed b;
	struct fakehost *h;

	bed_setup(&b, 1, 0);
	h = b.h[0];
	ok(rd(h, VFM_REG_RSTAT) == VIRTCHNL_VFR_VFACTIVE, "regs: VFGEN_RSTAT reads VFACTIVE after VF creation");
	wr(h, VFM_REG_ATQBAL, 0x12345000);
	wr(h, VFM_REG_ARQBAH, 0x1);
	ok(rd(h, VFM_REG_ATQBAL) == 0x12345000 && rd(h, VFM_REG_ARQBAH) == 1, "regs: BAL/BAH read back");
	wr(h, VFM_REG_ATQLEN, 0x80000010);
	ok(rd(h, VFM_REG_ATQLEN) == 0x80000010, "regs: ATQLEN keeps enable and length");
	vfm_vf_mmio_write(h->vf, VFM_REG_ATQLEN, 0x20, 1);
	ok(rd(h, VFM_REG_ATQLEN) == 0x80000020, "regs: byte write merges into the register");
	ok(vfm_vf_mmio_read(h->vf, VFM_REG_ATQLEN + 3, 1) == 0x80, "regs: byte read of the top byte");
	wr(h, VFM_REG_QTX_TAIL(3), 77);
	wr(h, VFM_REG_QRX_TAIL(2), 55);
	wr(h, VFM_REG_DYN_CTLN1(1), 0x18);
	ok(rd(h, VFM_REG_QTX_TAIL(3)) == 77 && rd(h, VFM_REG_QRX_TAIL(2)) == 55 &&
	   rd(h, VFM_REG_DYN_CTLN1(1)) == 0x18, "regs: queue tails and DYN_CTLN1 stored");
	ok(vfm_vf_mmio_read(h->vf, 0x20000, 4) == 0 && vfm_vf_mmio_read(h->vf, 0xFFFC, 4) == 0,
	   "regs: unknown and out-of-range offsets read 0");
	vfm_vf_mmio_write(h->vf, 0x1234567, 1, 4);
	ok(vfm_vf_msix_vectors(h->vf) == 5, "regs: 5 MSI-X vectors (4 queue pairs + admin)");
	bed_teardown(&b);
}

static void test_probe_and_ops(void)
{
	struct bed b;
	struct fakehost *h;
	uint64_t buf[512];
	int32_t st;

	bed_setup(&b, 1, 0);
	h = b.h[0];
	ok(xchg(&b, 0, VIRTCHNL_OP_VERSION, (struct virtchnl_version_info[]){ { 1, 1 } }, 8) == -1001,
	   "ops: nothing is processed before the ATQ is enabled");
	probe(&b, 0, IAVF_CAPS, true);
	ok(b.link_events == 1 && b.last_link.event_data.link_event_adv.link_status == 1 &&
	   b.last_link.event_data.link_event_adv.link_speed == 25000,
	   "ops: LINK_CHANGE (advanced, 25000 Mbps, up) after GET_VF_RESOURCES (%u events)",
	   b.link_events);

	/* iavf_map_queues(): 4 queue vectors + misc */
	{
		struct virtchnl_irq_map_info *im = (void *)buf;
		unsigned int i;

		memset(buf, 0, sizeof(buf));
		im->num_vectors = 5;
		for (i = 0; i < 5; i++) {
			im->vecmap[i].vsi_id = 1;
			im->vecmap[i].vector_id = (u16)i;
			im->vecmap[i].rxq_map = i ? (u16)(1u << (i - 1)) : 0;
			im->vecmap[i].txq_map = im->vecmap[i].rxq_map;
		}
		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_IRQ_MAP, buf, virtchnl_struct_size(im, vecmap, 5)) == 0,
		   "ops: CONFIG_IRQ_MAP (%zu bytes: legacy layout)", virtchnl_struct_size(im, vecmap, 5));
		im->vecmap[4].vector_id = 9;
		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_IRQ_MAP, buf, virtchnl_struct_size(im, vecmap, 5)) ==
		   VIRTCHNL_STATUS_ERR_PARAM,
		   "ops: CONFIG_IRQ_MAP with a vector beyond max_vectors -> ERR_PARAM");
	}
	{
		struct virtchnl_rss_key *k = (void *)buf;
		struct virtchnl_rss_lut *l = (void *)buf;
		struct virtchnl_rss_hena hena;

		memset(buf, 0, sizeof(buf));
		k->vsi_id = 1;
		k->key_len = 52;
		k->key[0] = 0xab;
		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_RSS_KEY, buf, virtchnl_struct_size(k, key, 52)) == 0 && VF(&b, 0)->pv.rss_key[0] == 0xab,
		   "ops: CONFIG_RSS_KEY stores the 52-byte key");
		k->key_len = 40;
		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_RSS_KEY, buf, virtchnl_struct_size(k, key, 40)) == VIRTCHNL_STATUS_ERR_PARAM,
		   "ops: CONFIG_RSS_KEY of the wrong size -> ERR_PARAM");
		memset(buf, 0, sizeof(buf));
		l->vsi_id = 1;
		l->lut_entries = 64;
		l->lut[63] = 3;
		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_RSS_LUT, buf, virtchnl_struct_size(l, lut, 64)) == 0 && VF(&b, 0)->pv.rss_lut[63] == 3,
		   "ops: CONFIG_RSS_LUT stores 64 entries");
		st = xchg(&b, 0, VIRTCHNL_OP_GET_RSS_HENA_CAPS, NULL, 0);
		memcpy(&hena, b.m.data, 8);
		ok(st == 0 && b.m.len == 8 && hena.hena == 0x00007f9fe0000000ull,
		   "ops: GET_RSS_HENA_CAPS answers ice's default hena");
		ok(xchg(&b, 0, VIRTCHNL_OP_SET_RSS_HENA, &hena, 8) == 0 && VF(&b, 0)->pv.rss_hena == hena.hena,
		   "ops: SET_RSS_HENA");
	}
	{
		struct virtchnl_vlan_setting s = { .inner_ethertype_setting = VIRTCHNL_VLAN_ETHERTYPE_8100,
						   .vport_id = 1 };

		ok(xchg(&b, 0, VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2, &s, sizeof(s)) == 0 &&
		   xchg(&b, 0, VIRTCHNL_OP_ENABLE_VLAN_INSERTION_V2, &s, sizeof(s)) == 0 &&
		   VF(&b, 0)->pv.strip_inner == VIRTCHNL_VLAN_ETHERTYPE_8100 &&
		   VF(&b, 0)->pv.insert_inner == VIRTCHNL_VLAN_ETHERTYPE_8100,
		   "ops: ENABLE_VLAN_STRIPPING_V2 / INSERTION_V2 for 0x8100");
		ok(xchg(&b, 0, VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2, &s, sizeof(s)) == 0 &&
		   xchg(&b, 0, VIRTCHNL_OP_DISABLE_VLAN_INSERTION_V2, &s, sizeof(s)) == 0 &&
		   VF(&b, 0)->pv.strip_inner == 0 && VF(&b, 0)->pv.insert_inner == 0,
		   "ops: DISABLE_VLAN_STRIPPING_V2 / INSERTION_V2");
		s.inner_ethertype_setting = VIRTCHNL_VLAN_ETHERTYPE_88A8;
		ok(xchg(&b, 0, VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2, &s, sizeof(s)) == VIRTCHNL_STATUS_ERR_PARAM,
		   "ops: stripping 0x88a8 (not negotiated) -> ERR_PARAM");
		ok(xchg(&b, 0, VIRTCHNL_OP_ENABLE_VLAN_STRIPPING, NULL, 0) == VIRTCHNL_STATUS_ERR_NOT_SUPPORTED,
		   "ops: V1 stripping with VLAN_V2 negotiated -> NOT_SUPPORTED");
	}
	{
		struct virtchnl_ether_addr_list *al = (void *)buf;
		uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

		memset(buf, 0, sizeof(buf));
		al->vsi_id = 1;
		al->num_elements = 2;
		memcpy(al->list[0].addr, VF(&b, 0)->pv.hw_mac, 6);
		memcpy(al->list[1].addr, mac, 6);
		ok(xchg(&b, 0, VIRTCHNL_OP_ADD_ETH_ADDR, buf, virtchnl_struct_size(al, list, 2)) == 0 && VF(&b, 0)->pv.flt.num_macs == 2,
		   "ops: ADD_ETH_ADDR (primary is already there, one new) -> 2 MACs");
		al->num_elements = 1;
		memcpy(al->list[0].addr, mac, 6);
		ok(xchg(&b, 0, VIRTCHNL_OP_DEL_ETH_ADDR, buf, virtchnl_struct_size(al, list, 1)) == 0 && VF(&b, 0)->pv.flt.num_macs == 1,
		   "ops: DEL_ETH_ADDR");
		al->num_elements = 17;	/* 2 (broadcast + primary) + 17 > 18 */
		for (unsigned int i = 0; i < 17; i++) {
			memcpy(al->list[i].addr, mac, 6);
			al->list[i].addr[5] = (uint8_t)i;
		}
		ok(xchg(&b, 0, VIRTCHNL_OP_ADD_ETH_ADDR, buf, virtchnl_struct_size(al, list, 17)) ==
		   VIRTCHNL_STATUS_ERR_PARAM && VF(&b, 0)->pv.flt.num_macs == 1,
		   "ops: untrusted ADD_ETH_ADDR over ICE_MAX_MACADDR_PER_VF (18) -> ERR_PARAM, none added");
		al->num_elements = 16;
		ok(xchg(&b, 0, VIRTCHNL_OP_ADD_ETH_ADDR, buf, virtchnl_struct_size(al, list, 16)) == 0 &&
		   VF(&b, 0)->pv.flt.num_macs == 17, "ops: 16 more MACs fit exactly (18 with broadcast and primary)");
	}
	{
		struct virtchnl_vsi_queue_config_info *qc = (void *)buf;
		unsigned int i;

		memset(buf, 0, sizeof(buf));
		qc->vsi_id = 1;
		qc->num_queue_pairs = 4;
		for (i = 0; i < 4; i++) {
			qc->qpair[i].txq.vsi_id = qc->qpair[i].rxq.vsi_id = 1;
			qc->qpair[i].txq.queue_id = qc->qpair[i].rxq.queue_id = (u16)i;
			qc->qpair[i].txq.ring_len = qc->qpair[i].rxq.ring_len = 512;
			qc->qpair[i].txq.dma_ring_addr = 0x200000 + i * 0x1000;
			qc->qpair[i].rxq.dma_ring_addr = 0x300000 + i * 0x1000;
		}
		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_VSI_QUEUES, buf, virtchnl_struct_size(qc, qpair, 4)) == 0 &&
		   VF(&b, 0)->dp.rx_ring[3] == 0x303000 && VF(&b, 0)->dp.tx_ring_len[0] == 512,
		   "ops: CONFIG_VSI_QUEUES stores 4 ring pairs");
		qc->qpair[2].rxq.queue_id = 7;
		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_VSI_QUEUES, buf, virtchnl_struct_size(qc, qpair, 4)) == VIRTCHNL_STATUS_ERR_PARAM,
		   "ops: CONFIG_VSI_QUEUES with mismatched queue ids -> ERR_PARAM");
	}
	{
		struct virtchnl_queue_select qs = { .vsi_id = 1, .rx_queues = 0xf, .tx_queues = 0xf };
		unsigned int links = b.link_events;

		ok(xchg(&b, 0, VIRTCHNL_OP_ENABLE_QUEUES, &qs, sizeof(qs)) == 0 &&
		   VF(&b, 0)->dp.rxq_enabled == 0xf, "ops: ENABLE_QUEUES");
		drain(&b, 0);
		ok(b.link_events == links + 1, "ops: LINK_CHANGE follows ENABLE_QUEUES");
		st = xchg(&b, 0, VIRTCHNL_OP_GET_STATS, &qs, sizeof(qs));
		ok(st == 0 && b.m.len == 96, "ops: GET_STATS answers a 96-byte eth_stats (len %u)", b.m.len);
		qs.rx_queues = 0x10;
		ok(xchg(&b, 0, VIRTCHNL_OP_ENABLE_QUEUES, &qs, sizeof(qs)) == VIRTCHNL_STATUS_ERR_PARAM,
		   "ops: ENABLE_QUEUES beyond the VF's queues -> ERR_PARAM");
		qs.rx_queues = qs.tx_queues = 0xf;
		ok(xchg(&b, 0, VIRTCHNL_OP_DISABLE_QUEUES, &qs, sizeof(qs)) == 0 &&
		   VF(&b, 0)->dp.rxq_enabled == 0 && VF(&b, 0)->dp.txq_enabled == 0, "ops: DISABLE_QUEUES");
	}
	{
		struct virtchnl_promisc_info pi = { .vsi_id = 1,
						    .flags = FLAG_VF_UNICAST_PROMISC | FLAG_VF_MULTICAST_PROMISC };

		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_PROMISCUOUS_MODE, &pi, sizeof(pi)) == 0 &&
		   VF(&b, 0)->pv.flt.promisc_flags == 0,
		   "ops: promiscuous from an untrusted VF answers SUCCESS but is ignored");
	}
	{
		struct virtchnl_rss_hfunc hf = { .vsi_id = 1, .rss_algorithm = VIRTCHNL_RSS_ALG_TOEPLITZ_SYMMETRIC };

		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_RSS_HFUNC, &hf, sizeof(hf)) == 0 && VF(&b, 0)->pv.rss_hfunc == 2,
		   "ops: CONFIG_RSS_HFUNC");
	}
	ok(xchg(&b, 0, VIRTCHNL_OP_REQUEST_QUEUES, (u16[]){ 2 }, 2) == VIRTCHNL_STATUS_ERR_NOT_SUPPORTED,
	   "ops: REQUEST_QUEUES (not offered) -> NOT_SUPPORTED");
	ok(xchg(&b, 0, 99, NULL, 0) == VIRTCHNL_STATUS_ERR_PARAM,
	   "ops: unknown opcode 99 -> ERR_PARAM (virtchnl_vc_validate_vf_msg, as ice)");
	ok(h->dma_faults == 0, "ops: no stray DMA");
	bed_teardown(&b);
}

static void test_interrupts(void)
{
	struct bed b;
	struct fakehost *h;

	bed_setup(&b, 1, 0);
	h = b.h[0];
	fh_init_aq(h);
	xchg(&b, 0, VIRTCHNL_OP_VERSION, (struct virtchnl_version_info[]){ { 1, 1 } }, 8);
	ok(h->irqs[0] == 0, "irq: no MSI-X while ICR0_ENA1/DYN_CTL01 are off (polled probe)");
	ok(rd(h, VFM_REG_ICR01) & VFM_ICR_ADMINQ, "irq: ICR01 shows the admin queue cause");
	ok(rd(h, VFM_REG_ICR01) == 0, "irq: ICR01 is read-to-clear");
	/* iavf_misc_irq_enable() */
	wr(h, VFM_REG_DYN_CTL01, VFM_DYN_INTENA | (3 << 3));
	wr(h, VFM_REG_ICR0_ENA1, VFM_ICR_ADMINQ);
	ok(h->irqs[0] == 0, "irq: enabling with no pending cause raises nothing");
	xchg(&b, 0, VIRTCHNL_OP_VERSION, (struct virtchnl_version_info[]){ { 1, 1 } }, 8);
	ok(h->irqs[0] == 1, "irq: a reply raises vector 0 once (%u)", h->irqs[0]);
	wr(h, VFM_REG_DYN_CTL01, 0);	/* iavf_misc_irq_disable() */
	fh_send(h, VIRTCHNL_OP_VERSION, (struct virtchnl_version_info[]){ { 1, 1 } }, 8);
	ok(h->irqs[0] == 1, "irq: masked while DYN_CTL01.INTENA is clear");
	wr(h, VFM_REG_DYN_CTL01, VFM_DYN_INTENA);
	ok(h->irqs[0] == 2, "irq: the pending cause fires on unmask");
	drain(&b, 0);
	wr(h, VFM_REG_DYN_CTLN1(0), VFM_DYN_INTENA | VFM_DYN_SWINT_TRIG);
	ok(h->irqs[1] == 1, "irq: DYN_CTLN1 SWINT_TRIG raises the queue vector");
	bed_teardown(&b);
}

static void test_vlan_v2_rules(void)
{
	struct bed b;
	char out[2048];
	uint16_t vids[16];
	unsigned int i;
	bool all = true;

	bed_setup(&b, 1, 0);
	probe(&b, 0, IAVF_CAPS, false);
	for (i = 0; i < 8; i++) {
		vids[0] = (uint16_t)(100 + i);
		all &= add_v2(&b, 0, true, vids, 1) == 0;
	}
	ok(all && vf_nvlans(VF(&b, 0)) == 8, "v2: 8 VLANs added one at a time on an untrusted VF");
	vids[0] = 108;
	ok(add_v2(&b, 0, true, vids, 1) == VIRTCHNL_STATUS_ERR_PARAM && !vf_has_vlan(VF(&b, 0), 108),
	   "v2: the 9th VLAN is rejected with ERR_PARAM and not added");
	vids[0] = 107;
	ok(add_v2(&b, 0, true, vids, 1) == VIRTCHNL_STATUS_ERR_PARAM,
	   "v2: even a duplicate counts against the limit when full");
	ok(vf_has_vlan(VF(&b, 0), 0), "v2: VLAN 0 is present (owned by the PF)");
	vids[0] = 107;
	ok(add_v2(&b, 0, false, vids, 1) == 0 && !vf_has_vlan(VF(&b, 0), 107), "v2: DEL 107");
	vids[0] = 0;
	ok(add_v2(&b, 0, false, vids, 1) == 0 && vf_has_vlan(VF(&b, 0), 0),
	   "v2: DEL of VID 0 (an empty filter) is skipped: SUCCESS, VLAN 0 stays");
	vids[0] = 0x1000;	/* DEI bit, VID 0: a valid filter for ice */
	ok(add_v2(&b, 0, false, vids, 1) == 0 && !vf_has_vlan(VF(&b, 0), 0),
	   "v2: ice quirk: DEL with TCI 0x1000 (VID 0 + DEI) removes the PF's VLAN 0");
	ok(add_v2(&b, 0, true, vids, 1) == 0 && vf_has_vlan(VF(&b, 0), 0) &&
	   vf_nvlans(VF(&b, 0)) == 7, "v2: ADD with TCI 0x1000 puts VLAN 0 back");
	vids[0] = 200;
	vids[1] = 201;
	ok(add_v2(&b, 0, true, vids, 2) == VIRTCHNL_STATUS_ERR_PARAM && !vf_has_vlan(VF(&b, 0), 200) &&
	   vf_nvlans(VF(&b, 0)) == 7,
	   "v2: 7 + a batch of 2 > 8: the whole batch is rejected, nothing added");
	vids[0] = 100;
	ok(add_v2(&b, 0, true, vids, 1) == 0 && vf_nvlans(VF(&b, 0)) == 7,
	   "v2: a duplicate below the limit is accepted and not added twice");
	vids[0] = 4095 | 0x2000;	/* priority bits without VIRTCHNL_VLAN_PRIO */
	ok(add_v2(&b, 0, true, vids, 1) == VIRTCHNL_STATUS_ERR_PARAM, "v2: a PCP in the TCI -> ERR_PARAM");
	{
		uint64_t buf[16];
		uint16_t len;
		struct virtchnl_vlan_filter_list_v2 *l = v2_list((uint8_t *)buf, (uint16_t[]){ 300 }, 1, &len);

		l->filters[0].inner.tpid = 0x88a8;
		ok(xchg(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, buf, len) == VIRTCHNL_STATUS_ERR_PARAM,
		   "v2: inner TPID 0x88a8 not negotiated -> ERR_PARAM");
		l->filters[0].inner.tpid = 0x8100;
		l->filters[0].outer.tci = 5;
		l->filters[0].outer.tpid = 0x8100;
		ok(xchg(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, buf, len) == VIRTCHNL_STATUS_ERR_PARAM,
		   "v2: an outer filter (unsupported in SVM) -> ERR_PARAM");
		l->filters[0].outer.tci = 0;
		l->filters[0].outer.tpid = 0;
		l->vport_id = 2;
		ok(xchg(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, buf, len) == VIRTCHNL_STATUS_ERR_PARAM,
		   "v2: a wrong vport id -> ERR_PARAM");
	}
	vfm_pf_control(b.pf, "dump vf=0", out, sizeof(out));
	ok(strstr(out, "vlans=0,100,101,102,103,104,105,106 nvlans=7") != NULL,
	   "v2: the PF dump shows VLAN 0 and the 7 VIDs");
	vfm_pf_control(b.pf, "history vf=0", out, sizeof(out));
	ok(strstr(out, "name=add_vlan_v2 len=40 status=-5 outcome=ok vids=108") != NULL,
	   "v2: history records the rejected ADD with its VID");
	bed_teardown(&b);
}

static void test_trust(void)
{
	struct bed b;
	uint16_t vids[1];
	unsigned int i, resets;
	bool all = true;

	bed_setup(&b, 1, 0);
	probe(&b, 0, IAVF_CAPS, false);
	for (i = 0; i < 8; i++) {
		vids[0] = (uint16_t)(10 + i);
		add_v2(&b, 0, true, vids, 1);
	}
	resets = VF(&b, 0)->pv.resets;
	ok(vfm_pf_set_trust(b.pf, 0, true) == 0 && VF(&b, 0)->pv.resets == resets + 1,
	   "trust: turning trust on resets the VF");
	ok(!(rd(b.h[0], VFM_REG_ARQLEN) & VFM_AQ_LEN_ENABLE) && !(rd(b.h[0], VFM_REG_ATQLEN) & VFM_AQ_LEN_ENABLE),
	   "trust: the reset cleared ATQLEN/ARQLEN (how iavf detects it)");
	ok(b.reset_events == 0 && next_reply(&b, 0) == 0 && b.reset_events == 1,
	   "trust: RESET_IMPENDING was posted before the reset");
	ok(vf_nvlans(VF(&b, 0)) == 0 && vf_has_vlan(VF(&b, 0), 0),
	   "trust: the reset wiped the VF's VLANs and re-added VLAN 0");
	ok(probe(&b, 0, IAVF_CAPS, false) == 0 && VF(&b, 0)->pv.vlan_caps.filtering.max_filters == 4096,
	   "trust: after re-probe a trusted VF gets max_filters 4096");
	for (i = 0; i < 9; i++) {
		vids[0] = (uint16_t)(10 + i);
		all &= add_v2(&b, 0, true, vids, 1) == 0;
	}
	ok(all && vf_nvlans(VF(&b, 0)) == 9, "trust: the 9th VLAN is accepted once trusted");
	resets = VF(&b, 0)->pv.resets;
	ok(vfm_pf_set_trust(b.pf, 0, true) == 0 && VF(&b, 0)->pv.resets == resets,
	   "trust: setting the same trust again does not reset");
	ok(vfm_pf_set_spoofchk(b.pf, 0, false) == 0 && VF(&b, 0)->pv.resets == resets &&
	   vf_nvlans(VF(&b, 0)) == 9 && !VF(&b, 0)->pv.flt.tx_vlan_antispoof,
	   "spoofchk: off without a reset, filters kept, VLAN anti-spoof off");
	ok(vfm_pf_set_spoofchk(b.pf, 0, true) == 0 && VF(&b, 0)->pv.flt.tx_vlan_antispoof,
	   "spoofchk: on again turns VLAN anti-spoof on (non-zero VLANs present)");
	ok(vfm_pf_set_trust(b.pf, 0, false) == 0 && probe(&b, 0, IAVF_CAPS, false) == 0 &&
	   VF(&b, 0)->pv.vlan_caps.filtering.max_filters == 8, "trust: off again -> max_filters 8 after re-probe");
	bed_teardown(&b);
}

static void test_vlan_v1_rules(void)
{
	struct bed b;
	uint16_t vids[4];
	unsigned int i;
	bool all = true;
	struct virtchnl_vf_resource res;
	uint32_t caps = IAVF_CAPS & ~VIRTCHNL_VF_OFFLOAD_VLAN_V2;

	bed_setup(&b, 1, 0);
	probe(&b, 0, caps, false);
	memcpy(&res, b.m.data, sizeof(res));
	ok(VF(&b, 0)->pv.caps & VIRTCHNL_VF_OFFLOAD_VLAN, "v1: a driver without VLAN_V2 gets VIRTCHNL_VF_OFFLOAD_VLAN");
	for (i = 0; i < 7; i++) {
		vids[0] = (uint16_t)(100 + i);
		all &= add_v1(&b, 0, true, vids, 1) == 0;
	}
	ok(all && vf_nvlans(VF(&b, 0)) == 7, "v1: 7 VLANs added");
	vids[0] = 107;
	ok(add_v1(&b, 0, true, vids, 1) == 0 && !vf_has_vlan(VF(&b, 0), 107),
	   "v1: the 8th (non-zero + 1 >= 8) answers SUCCESS without adding, as ice");
	vids[0] = 106;
	ok(add_v1(&b, 0, false, vids, 1) == 0 && !vf_has_vlan(VF(&b, 0), 106), "v1: DEL");
	vids[0] = 0;
	vids[1] = 120;
	vids[2] = 121;
	ok(add_v1(&b, 0, true, vids, 3) == 0 && vf_has_vlan(VF(&b, 0), 0) && vf_has_vlan(VF(&b, 0), 120) &&
	   !vf_has_vlan(VF(&b, 0), 121) && vf_nvlans(VF(&b, 0)) == 7,
	   "v1: a batch skips VID 0 and stops silently at the limit");
	vids[0] = 0;
	ok(add_v1(&b, 0, false, vids, 1) == 0 && vf_has_vlan(VF(&b, 0), 0), "v1: DEL of VID 0 is skipped");
	vids[0] = 4096;
	ok(add_v1(&b, 0, false, vids, 1) == VIRTCHNL_STATUS_ERR_PARAM, "v1: VID 4096 -> ERR_PARAM");
	ok(add_v2(&b, 0, true, (uint16_t[]){ 5 }, 1) == VIRTCHNL_STATUS_ERR_NOT_SUPPORTED,
	   "v1: ADD_VLAN_V2 without VLAN_V2 negotiated -> NOT_SUPPORTED");
	ok(xchg(&b, 0, VIRTCHNL_OP_ENABLE_VLAN_STRIPPING, NULL, 0) == 0 && VF(&b, 0)->pv.strip_v1 &&
	   xchg(&b, 0, VIRTCHNL_OP_DISABLE_VLAN_STRIPPING, NULL, 0) == 0 && !VF(&b, 0)->pv.strip_v1,
	   "v1: ENABLE/DISABLE_VLAN_STRIPPING");
	vfm_pf_set_trust(b.pf, 0, true);
	probe(&b, 0, caps, false);
	{
		struct virtchnl_promisc_info pi = { .vsi_id = 1, .flags = FLAG_VF_UNICAST_PROMISC };

		ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_PROMISCUOUS_MODE, &pi, sizeof(pi)) == 0 &&
		   VF(&b, 0)->pv.flt.promisc_flags == FLAG_VF_UNICAST_PROMISC, "trusted: promiscuous mode applies");
	}
	all = true;
	for (i = 0; i < 10; i++) {
		vids[0] = (uint16_t)(300 + i);
		all &= add_v1(&b, 0, true, vids, 1) == 0;
	}
	ok(all && vf_nvlans(VF(&b, 0)) == 10, "v1: a trusted VF is not limited");
	bed_teardown(&b);
}

static void test_resets(void)
{
	struct bed b;
	uint16_t vids[2] = { 100, 200 };
	char out[4096];
	unsigned int resets;

	bed_setup(&b, 2, 20);
	probe(&b, 0, IAVF_CAPS, false);
	probe(&b, 1, IAVF_CAPS, false);
	add_v2(&b, 0, true, vids, 2);
	add_v2(&b, 1, true, vids, 2);

	/* RESET_VF: no reply, RSTAT INPROGRESS then VFACTIVE after the delay */
	resets = VF(&b, 0)->pv.resets;
	ok(fh_send(b.h[0], VIRTCHNL_OP_RESET_VF, NULL, 0) == 0 && VF(&b, 0)->pv.resets == resets + 1,
	   "reset: RESET_VF completes on the ATQ and resets the VF");
	ok(rd(b.h[0], VFM_REG_RSTAT) == VIRTCHNL_VFR_INPROGRESS, "reset: VFGEN_RSTAT reads INPROGRESS");
	ok(next_reply(&b, 0) == 0, "reset: RESET_VF gets no reply");
	fh_advance(b.h[0], 19000000);
	ok(rd(b.h[0], VFM_REG_RSTAT) == VIRTCHNL_VFR_INPROGRESS, "reset: still INPROGRESS at 19 ms");
	fh_advance(b.h[0], 2000000);
	ok(rd(b.h[0], VFM_REG_RSTAT) == VIRTCHNL_VFR_VFACTIVE, "reset: VFACTIVE after reset_delay_ms (20)");
	ok(vf_nvlans(VF(&b, 0)) == 0 && vf_has_vlan(VF(&b, 0), 0) && VF(&b, 0)->pv.flt.num_macs == 1,
	   "reset: filters wiped, VLAN 0 and the primary MAC back");
	ok(vf_nvlans(VF(&b, 1)) == 2, "reset: the other VF is untouched");
	{
		uint32_t caps = IAVF_CAPS;

		/* iavf_reset_task(): AQ re-init, then GET_CONFIG with no VERSION */
		fh_init_aq(b.h[0]);
		ok(xchg(&b, 0, VIRTCHNL_OP_GET_VF_RESOURCES, &caps, 4) == 0 && VF(&b, 0)->pv.active,
		   "reset: GET_VF_RESOURCES without a new VERSION works (the version survives resets)");
	}

	/* messages during the reset window are refused */
	vfm_pf_vf_reset(b.pf, 0);
	fh_init_aq(b.h[0]);
	ok(xchg(&b, 0, VIRTCHNL_OP_VERSION, (struct virtchnl_version_info[]){ { 1, 1 } }, 8) ==
	   VIRTCHNL_STATUS_ERR_PARAM, "reset: a message before VFACTIVE -> ERR_PARAM (VF disabled)");
	fh_advance(b.h[0], 25000000);

	/* FLR */
	probe(&b, 0, IAVF_CAPS, false);
	add_v2(&b, 0, true, vids, 2);
	wr(b.h[0], VFM_REG_ICR0_ENA1, VFM_ICR_ADMINQ);
	drain(&b, 0);
	resets = rd(b.h[0], VFM_REG_ARQH);
	vfm_vf_flr(VF(&b, 0));
	ok(vf_nvlans(VF(&b, 0)) == 0 && rd(b.h[0], VFM_REG_ATQBAL) == 0 &&
	   rd(b.h[0], VFM_REG_ICR0_ENA1) == 0 && rd(b.h[0], VFM_REG_RSTAT) == VIRTCHNL_VFR_INPROGRESS,
	   "flr: VFLR wipes filters and the register file, RSTAT INPROGRESS");
	ok(!(fh_desc(b.h[0], FH_ARQ_RING, resets)->flags & VFM_AQ_FLAG_DD) && VF(&b, 0)->dev.outq_count == 0,
	   "flr: nothing posted to the ARQ (no RESET_IMPENDING for a VFLR)");
	fh_advance(b.h[0], 25000000);
	ok(rd(b.h[0], VFM_REG_RSTAT) == VIRTCHNL_VFR_VFACTIVE, "flr: VFACTIVE after the delay");
	ok(probe(&b, 0, IAVF_CAPS, false) == 0, "flr: the VF probes again");

	/* PF reset */
	add_v2(&b, 0, true, vids, 2);
	b.reset_events = 0;
	ok(vfm_pf_control(b.pf, "reset pf", out, sizeof(out)) == 0 && !strcmp(out, "ok\n"), "pfr: 'reset pf' ok");
	ok(next_reply(&b, 0) == 0 && next_reply(&b, 1) == 0 && b.reset_events == 2,
	   "pfr: RESET_IMPENDING reached both VFs (%u)", b.reset_events);
	ok(vf_nvlans(VF(&b, 0)) == 0 && vf_nvlans(VF(&b, 1)) == 0 &&
	   vf_has_vlan(VF(&b, 0), 0) && vf_has_vlan(VF(&b, 1), 0),
	   "pfr: both VFs' filters wiped, VLAN 0 back");
	ok(rd(b.h[0], VFM_REG_RSTAT) == 0 && rd(b.h[1], VFM_REG_RSTAT) == 0, "pfr: both RSTAT INPROGRESS");
	fh_advance(b.h[0], 25000000);
	fh_advance(b.h[1], 25000000);
	ok(rd(b.h[0], VFM_REG_RSTAT) == 2 && rd(b.h[1], VFM_REG_RSTAT) == 2, "pfr: both VFACTIVE later");
	vfm_pf_control(b.pf, "dump", out, sizeof(out));
	ok(strstr(out, "vf=0 ") && strstr(out, "vf=1 ") && !strstr(out, "100"), "pfr: dump lists both, no VLAN 100");
	bed_teardown(&b);
}

static void test_pvid(void)
{
	struct bed b;
	char out[1024];
	struct virtchnl_vlan_caps vc;

	bed_setup(&b, 1, 0);
	probe(&b, 0, IAVF_CAPS, false);
	add_v2(&b, 0, true, (uint16_t[]){ 100 }, 1);
	ok(vfm_pf_control(b.pf, "pvid vf=0 10", out, sizeof(out)) == 0 && VF(&b, 0)->pv.resets == 1,
	   "pvid: setting a port VLAN resets the VF");
	ok(vf_has_vlan(VF(&b, 0), 10) && !vf_has_vlan(VF(&b, 0), 0) && !vf_has_vlan(VF(&b, 0), 100),
	   "pvid: after the reset the VF has the pvid only");
	probe(&b, 0, IAVF_CAPS, false);
	memcpy(&vc, b.m.data, sizeof(vc));
	ok(vc.filtering.max_filters == 0 && vc.filtering.filtering_support.inner == 0 &&
	   vc.offloads.stripping_support.inner == 0, "pvid: caps say filtering unsupported, max_filters 0");
	ok(add_v2(&b, 0, true, (uint16_t[]){ 5 }, 1) == VIRTCHNL_STATUS_ERR_PARAM, "pvid: ADD_VLAN_V2 -> ERR_PARAM");
	vfm_pf_control(b.pf, "dump vf=0", out, sizeof(out));
	ok(strstr(out, "pvid=10") && strstr(out, "vlans=10 "), "pvid: dump shows pvid=10 vlans=10");
	ok(vfm_pf_set_pvid(b.pf, 0, 0) == 0 && vf_has_vlan(VF(&b, 0), 0) && !vf_has_vlan(VF(&b, 0), 10),
	   "pvid: clearing it resets back to VLAN 0");
	bed_teardown(&b);
}

static void test_faults(void)
{
	struct bed b;
	char out[2048];
	unsigned int i, got;
	int32_t st;

	bed_setup(&b, 1, 0);
	probe(&b, 0, IAVF_CAPS, false);
	add_v2(&b, 0, true, (uint16_t[]){ 100 }, 1);

	ok(vfm_pf_control(b.pf, "fault op=del_vlan_v2 reject status=-5 count=1", out, sizeof(out)) == 0 &&
	   !strcmp(out, "ok id=0\n"), "fault: reject added");
	ok(add_v2(&b, 0, false, (uint16_t[]){ 100 }, 1) == -5 && vf_has_vlan(VF(&b, 0), 100),
	   "fault: rejected DEL answers -5 and the PF keeps the filter");
	ok(add_v2(&b, 0, false, (uint16_t[]){ 100 }, 1) == 0 && !vf_has_vlan(VF(&b, 0), 100),
	   "fault: count=1 is spent, the next DEL goes through");

	vfm_pf_control(b.pf, "fault vf=0 op=52 delay ms=50 count=1", out, sizeof(out));
	ok(fh_send(b.h[0], VIRTCHNL_OP_ADD_VLAN_V2, NULL, 0) == 0 && next_reply(&b, 0) == 1 &&
	   b.m.status == VIRTCHNL_STATUS_ERR_PARAM, "fault: a malformed message bypasses faults");
	{
		uint64_t buf[8];
		uint16_t len;

		v2_list((uint8_t *)buf, (uint16_t[]){ 101 }, 1, &len);
		fh_send(b.h[0], VIRTCHNL_OP_ADD_VLAN_V2, buf, len);
	}
	ok(next_reply(&b, 0) == 0 && !vf_has_vlan(VF(&b, 0), 101),
	   "fault: delay holds the request: not applied, no reply");
	fh_advance(b.h[0], 49000000);
	ok(next_reply(&b, 0) == 0 && !vf_has_vlan(VF(&b, 0), 101), "fault: no reply at 49 ms, not applied");
	fh_advance(b.h[0], 2000000);
	ok(next_reply(&b, 0) == 1 && b.m.op == VIRTCHNL_OP_ADD_VLAN_V2 && b.m.status == 0 &&
	   vf_has_vlan(VF(&b, 0), 101),
	   "fault: after 50 ms the request is applied and answered");

	vfm_pf_control(b.pf, "fault op=get_stats delay ms=50 count=1", out, sizeof(out));
	fh_send(b.h[0], VIRTCHNL_OP_GET_STATS, &(struct virtchnl_queue_select){ .vsi_id = 1 }, 12);
	vfm_pf_vf_reset(b.pf, 0);
	fh_init_aq(b.h[0]);
	fh_advance(b.h[0], 100000000);
	ok(next_reply(&b, 0) == 0, "fault: a delayed reply from before a VF reset is never delivered");
	probe(&b, 0, IAVF_CAPS, false);
	add_v2(&b, 0, true, (uint16_t[]){ 101 }, 1);
	vfm_pf_control(b.pf, "fault op=add_vlan_v2 drop count=1", out, sizeof(out));
	ok(add_v2(&b, 0, true, (uint16_t[]){ 102 }, 1) == -1000 && vf_has_vlan(VF(&b, 0), 102),
	   "fault: drop applies the op and never answers");
	fh_advance(b.h[0], 1000000000);
	ok(next_reply(&b, 0) == 0, "fault: still no reply 1 s later");

	vfm_pf_control(b.pf, "fault op=add_vlan_v2 reset ms=5 count=1", out, sizeof(out));
	ok(add_v2(&b, 0, true, (uint16_t[]){ 103 }, 1) == -1000 && vf_has_vlan(VF(&b, 0), 103) &&
	   VF(&b, 0)->pv.resets == 1, "fault: reset holds the reply; VF not yet reset");
	fh_advance(b.h[0], 6000000);
	ok(VF(&b, 0)->pv.resets == 2 && !vf_has_vlan(VF(&b, 0), 103) && next_reply(&b, 0) == 0 &&
	   b.reset_events == 1, "fault: 5 ms later the VF is reset (RESET_IMPENDING, filters wiped, reply lost)");

	probe(&b, 0, IAVF_CAPS, false);
	vfm_pf_control(b.pf, "fault op=get_stats reject status=-53 prob=50", out, sizeof(out));
	for (i = 0, got = 0; i < 200; i++) {
		struct virtchnl_queue_select qs = { .vsi_id = 1 };

		st = xchg(&b, 0, VIRTCHNL_OP_GET_STATS, &qs, sizeof(qs));
		got += st == -53;
	}
	ok(got > 60 && got < 140, "fault: prob=50 rejected %u of 200", got);
	vfm_pf_control(b.pf, "fault list", out, sizeof(out));
	ok(strstr(out, "op=get_stats reject status=-53") && strstr(out, "prob=50"), "fault: list shows it");
	ok(vfm_pf_control(b.pf, "fault clear", out, sizeof(out)) == 0, "fault: clear");
	vfm_pf_control(b.pf, "fault list", out, sizeof(out));
	ok(out[0] == '\0', "fault: list empty after clear");
	bed_teardown(&b);
}

/* the VF's dump line holds `field` (e.g. "held=add_vlan_v2 pending=1") */
static bool dump_has(struct bed *b, unsigned int vf, const char *field)
{
	char cmd[32], out[4096];

	snprintf(cmd, sizeof(cmd), "dump vf=%u", vf);
	if (vfm_pf_control(b->pf, cmd, out, sizeof(out)))
		return false;
	if (T.verbose)
		printf("# %s", out);
	return strstr(out, field) != NULL;
}

static bool history_has(struct bed *b, unsigned int vf, const char *text)
{
	char cmd[32], out[8192];

	snprintf(cmd, sizeof(cmd), "history vf=%u", vf);
	vfm_pf_control(b->pf, cmd, out, sizeof(out));
	return strstr(out, text) != NULL;
}

static void send_v2(struct bed *b, unsigned int vf, uint32_t op, uint16_t vid)
{
	uint64_t buf[8];
	uint16_t len;

	v2_list((uint8_t *)buf, &vid, 1, &len);
	fh_send(b->h[vf], op, buf, len);
}

static void send_stats(struct bed *b, unsigned int vf)
{
	struct virtchnl_queue_select qs = { .vsi_id = 1 };

	fh_send(b->h[vf], VIRTCHNL_OP_GET_STATS, &qs, sizeof(qs));
}

/* ice answers a VF's mailbox in order: a held reply holds every later one */
static void test_inorder(void)
{
	struct bed b;
	char out[2048];
	unsigned int i, got, resets;
	bool order;

	bed_setup(&b, 2, 0);
	probe(&b, 0, IAVF_CAPS, false);
	probe(&b, 1, IAVF_CAPS, false);
	add_v2(&b, 0, true, (uint16_t[]){ 100 }, 1);
	ok(dump_has(&b, 0, " held=- pending=0 vlan_caps=v2\n"), "inorder: dump shows held=- pending=0");

	/* a held ADD holds the DEL and the GET_STATS sent behind it */
	vfm_pf_control(b.pf, "fault vf=0 op=add_vlan_v2 delay ms=100 count=1", out, sizeof(out));
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 101);
	ok(next_reply(&b, 0) == 0 && !vf_has_vlan(VF(&b, 0), 101) &&
	   dump_has(&b, 0, " held=add_vlan_v2 pending=1 ") && dump_has(&b, 0, " vlans=0,100 nvlans=1 ") &&
	   history_has(&b, 0, "name=add_vlan_v2 len=40 status=0 outcome=held vids=101"),
	   "inorder: held ADD: not applied, no reply, dump held=add_vlan_v2 pending=1, history outcome=held");
	send_v2(&b, 0, VIRTCHNL_OP_DEL_VLAN_V2, 100);
	send_stats(&b, 0);
	ok(next_reply(&b, 0) == 0 && vf_has_vlan(VF(&b, 0), 100) && dump_has(&b, 0, " held=add_vlan_v2 pending=3 "),
	   "inorder: a DEL and a GET_STATS behind it wait unhandled (pending=3, 100 still there)");
	ok(xchg(&b, 1, VIRTCHNL_OP_ADD_VLAN_V2, NULL, 0) == VIRTCHNL_STATUS_ERR_PARAM &&
	   add_v2(&b, 1, true, (uint16_t[]){ 300 }, 1) == 0 && dump_has(&b, 1, " held=- pending=0 "),
	   "inorder: the other VF's mailbox is not held");
	fh_advance(b.h[0], 99000000);
	ok(next_reply(&b, 0) == 0 && !vf_has_vlan(VF(&b, 0), 101), "inorder: nothing at 99 ms");
	fh_advance(b.h[0], 2000000);
	order = next_reply(&b, 0) && b.m.op == VIRTCHNL_OP_ADD_VLAN_V2 && b.m.status == 0;
	order &= next_reply(&b, 0) && b.m.op == VIRTCHNL_OP_DEL_VLAN_V2 && b.m.status == 0;
	order &= next_reply(&b, 0) && b.m.op == VIRTCHNL_OP_GET_STATS && b.m.status == 0;
	ok(order && !next_reply(&b, 0), "inorder: released at 100 ms: ADD, DEL, GET_STATS answered in order");
	ok(vf_has_vlan(VF(&b, 0), 101) && !vf_has_vlan(VF(&b, 0), 100) &&
	   dump_has(&b, 0, " held=- pending=0 ") && history_has(&b, 0, "outcome=fault_delay vids=101"),
	   "inorder: the ADD is applied at release, then the DEL; dump held=- pending=0");

	/* a request behind a held one can be held in its turn */
	vfm_pf_control(b.pf, "fault vf=0 op=add_vlan_v2 delay ms=50 count=2", out, sizeof(out));
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 102);
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 103);
	fh_advance(b.h[0], 51000000);
	ok(next_reply(&b, 0) == 1 && vf_has_vlan(VF(&b, 0), 102) && !vf_has_vlan(VF(&b, 0), 103) &&
	   next_reply(&b, 0) == 0 && dump_has(&b, 0, " held=add_vlan_v2 pending=1 "),
	   "inorder: at 50 ms 102 is answered, 103 is held from then on");
	fh_advance(b.h[0], 50000000);
	ok(next_reply(&b, 0) == 1 && b.m.op == VIRTCHNL_OP_ADD_VLAN_V2 && vf_has_vlan(VF(&b, 0), 103) &&
	   dump_has(&b, 0, " held=- pending=0 "), "inorder: 103 is applied and answered 50 ms later");

	/* apply=now: today's out-of-order delay stays reachable */
	ok(vfm_pf_control(b.pf, "fault vf=0 op=add_vlan_v2 delay ms=50 count=1 apply=now", out, sizeof(out)) == 0,
	   "inorder: apply=now accepted");
	vfm_pf_control(b.pf, "fault list", out, sizeof(out));
	ok(strstr(out, "op=add_vlan_v2 delay status=0 ms=50 count=1 left=1 prob=100 hits=0 apply=now\n") != NULL,
	   "inorder: fault list shows apply=now");
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 104);
	ok(next_reply(&b, 0) == 0 && vf_has_vlan(VF(&b, 0), 104) && dump_has(&b, 0, " held=add_vlan_v2 pending=1 "),
	   "inorder: apply=now applies at once, holds the reply (dump held=add_vlan_v2)");
	send_stats(&b, 0);
	ok(next_reply(&b, 0) == 1 && b.m.op == VIRTCHNL_OP_GET_STATS,
	   "inorder: apply=now: a later reply overtakes the held one");
	fh_advance(b.h[0], 51000000);
	ok(next_reply(&b, 0) == 1 && b.m.op == VIRTCHNL_OP_ADD_VLAN_V2 && dump_has(&b, 0, " held=- pending=0 "),
	   "inorder: apply=now: the held reply follows after 50 ms");
	ok(vfm_pf_control(b.pf, "fault op=52 reject apply=now", out, sizeof(out)) == -EINVAL &&
	   vfm_pf_control(b.pf, "fault op=52 delay apply=later", out, sizeof(out)) == -EINVAL &&
	   vfm_pf_control(b.pf, "fault op=52 delay ms=1 count=1 apply=release", out, sizeof(out)) == 0 &&
	   vfm_pf_control(b.pf, "fault clear", out, sizeof(out)) == 0,
	   "inorder: apply=now only with delay; apply=release is the default spelled out");

	/* reject with ms: held in order as by delay, then refused, never applied */
	ok(vfm_pf_control(b.pf, "fault vf=0 op=add_vlan_v2 reject status=-5 ms=50 count=1", out, sizeof(out)) == 0,
	   "inorder: reject ms=50 accepted");
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 106);
	send_stats(&b, 0);
	ok(next_reply(&b, 0) == 0 && !vf_has_vlan(VF(&b, 0), 106) &&
	   dump_has(&b, 0, " held=add_vlan_v2 pending=2 ") &&
	   history_has(&b, 0, "name=add_vlan_v2 len=40 status=0 outcome=held vids=106"),
	   "inorder: reject ms: the ADD is held (dump held=add_vlan_v2 pending=2)");
	fh_advance(b.h[0], 51000000);
	order = next_reply(&b, 0) && b.m.op == VIRTCHNL_OP_ADD_VLAN_V2 && b.m.status == -5;
	order &= next_reply(&b, 0) && b.m.op == VIRTCHNL_OP_GET_STATS && b.m.status == 0;
	ok(order && !next_reply(&b, 0) && !vf_has_vlan(VF(&b, 0), 106) &&
	   dump_has(&b, 0, " held=- pending=0 ") && history_has(&b, 0, "status=-5 outcome=fault_reject vids=106"),
	   "inorder: reject ms: at 50 ms refused with -5, not applied, then the GET_STATS");
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 106);
	ok(next_reply(&b, 0) == 1 && b.m.status == 0 && vf_has_vlan(VF(&b, 0), 106),
	   "inorder: reject ms: spent after count=1, the next ADD is applied");

	/* a reset discards the held request and what waits behind it */
	vfm_pf_control(b.pf, "fault vf=0 op=add_vlan_v2 delay ms=50 count=1", out, sizeof(out));
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 105);
	send_stats(&b, 0);
	vfm_pf_vf_reset(b.pf, 0);
	ok(dump_has(&b, 0, " held=- pending=0 "), "inorder: a VF reset empties the mailbox");
	fh_init_aq(b.h[0]);
	fh_advance(b.h[0], 100000000);
	ok(next_reply(&b, 0) == 0 && !vf_has_vlan(VF(&b, 0), 105),
	   "inorder: the held ADD is never applied nor answered after the reset");
	probe(&b, 0, IAVF_CAPS, false);

	/* RESET_VF waits its turn too */
	vfm_pf_control(b.pf, "fault vf=0 op=add_vlan_v2 delay ms=50 count=1", out, sizeof(out));
	resets = VF(&b, 0)->pv.resets;
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 106);
	fh_send(b.h[0], VIRTCHNL_OP_RESET_VF, NULL, 0);
	ok(VF(&b, 0)->pv.resets == resets && rd(b.h[0], VFM_REG_ARQLEN) != 0,
	   "inorder: a RESET_VF behind a held ADD waits");
	fh_advance(b.h[0], 51000000);
	ok(VF(&b, 0)->pv.resets == resets + 1 && !vf_has_vlan(VF(&b, 0), 106) && rd(b.h[0], VFM_REG_ARQLEN) == 0,
	   "inorder: at release the ADD is applied, then RESET_VF resets the VF");
	fh_init_aq(b.h[0]);
	probe(&b, 0, IAVF_CAPS, false);

	/* a reset fault holds the mailbox until the reset */
	vfm_pf_control(b.pf, "fault vf=0 op=add_vlan_v2 reset ms=5 count=1", out, sizeof(out));
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 107);
	send_stats(&b, 0);
	ok(next_reply(&b, 0) == 0 && dump_has(&b, 0, " held=add_vlan_v2 pending=2 "),
	   "inorder: a reset fault holds the reply and the GET_STATS behind it");
	fh_advance(b.h[0], 6000000);
	ok(next_reply(&b, 0) == 0 && dump_has(&b, 0, " held=- pending=0 "),
	   "inorder: the reset drops both, nothing answered");
	fh_init_aq(b.h[0]);
	probe(&b, 0, IAVF_CAPS, false);

	/* a mailbox of 16: the 17th waiting request is lost */
	vfm_pf_control(b.pf, "fault vf=0 op=add_vlan_v2 delay ms=10 count=1", out, sizeof(out));
	send_v2(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, 108);
	for (i = 0; i < VFM_RQ_MAX; i++)
		send_stats(&b, 0);
	ok(dump_has(&b, 0, " held=add_vlan_v2 pending=16 ") && history_has(&b, 0, "name=get_stats len=12 status=0 outcome=mbx_full"),
	   "inorder: 16 requests wait, the 17th is lost (history outcome=mbx_full)");
	fh_advance(b.h[0], 11000000);
	for (got = 0; next_reply(&b, 0); got++)
		;
	ok(got == VFM_RQ_MAX && vf_has_vlan(VF(&b, 0), 108), "inorder: 16 replies after the release (%u)", got);

	bed_teardown(&b);
}

/* `caps vf=N vlan=v1`: a PF that offers VIRTCHNL_VF_OFFLOAD_VLAN only */
static void test_vlan_v1_caps(void)
{
	struct bed b;
	char out[2048];
	uint16_t vids[4];
	unsigned int i;
	bool all = true;

	bed_setup(&b, 2, 0);
	ok(vfm_pf_control(b.pf, "caps vf=0 vlan=v3", out, sizeof(out)) == -EINVAL &&
	   vfm_pf_control(b.pf, "caps vf=0", out, sizeof(out)) == -EINVAL &&
	   vfm_pf_control(b.pf, "caps vf=5 vlan=v1", out, sizeof(out)) == -ENODEV,
	   "v1caps: bad caps commands refused");
	ok(vfm_pf_control(b.pf, "caps vf=0 vlan=v1", out, sizeof(out)) == 0 && !strcmp(out, "ok\n") &&
	   dump_has(&b, 0, " vlan_caps=v1\n") && dump_has(&b, 1, " vlan_caps=v2\n"),
	   "v1caps: caps vf=0 vlan=v1 (dump vlan_caps=v1, VF 1 keeps v2)");
	probe(&b, 0, IAVF_CAPS, false);
	probe(&b, 1, IAVF_CAPS, false);
	ok((VF(&b, 0)->pv.caps & (VIRTCHNL_VF_OFFLOAD_VLAN | VIRTCHNL_VF_OFFLOAD_VLAN_V2)) == VIRTCHNL_VF_OFFLOAD_VLAN &&
	   (VF(&b, 1)->pv.caps & (VIRTCHNL_VF_OFFLOAD_VLAN | VIRTCHNL_VF_OFFLOAD_VLAN_V2)) == VIRTCHNL_VF_OFFLOAD_VLAN_V2,
	   "v1caps: a driver asking for VLAN_V2 gets VLAN (V1) only (caps 0x%x); VF 1 gets VLAN_V2", VF(&b, 0)->pv.caps);
	ok(VF(&b, 0)->pv.strip_v1 && !VF(&b, 1)->pv.strip_v1,
	   "v1caps: stripping on after GET_VF_RESOURCES with V1 (ice_vf_init_vlan_stripping)");
	ok(xchg(&b, 0, VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS, NULL, 0) == VIRTCHNL_STATUS_ERR_NOT_SUPPORTED &&
	   add_v2(&b, 0, true, (uint16_t[]){ 5 }, 1) == VIRTCHNL_STATUS_ERR_NOT_SUPPORTED &&
	   add_v1(&b, 1, true, (uint16_t[]){ 5 }, 1) == VIRTCHNL_STATUS_ERR_NOT_SUPPORTED,
	   "v1caps: V2 ops NOT_SUPPORTED on the V1 VF, V1 ops on the V2 VF");
	for (i = 0; i < 7; i++) {
		vids[0] = (uint16_t)(100 + i);
		all &= add_v1(&b, 0, true, vids, 1) == 0 && vf_has_vlan(VF(&b, 0), vids[0]);
	}
	ok(all && vf_nvlans(VF(&b, 0)) == 7 && VF(&b, 0)->pv.flt.tx_vlan_antispoof,
	   "v1caps: ADD_VLAN 100..106 applied (7, anti-spoof on)");
	vids[0] = 107;
	ok(add_v1(&b, 0, true, vids, 1) == VIRTCHNL_STATUS_SUCCESS && !vf_has_vlan(VF(&b, 0), 107) &&
	   dump_has(&b, 0, " nvlans=7 ") && history_has(&b, 0, "name=add_vlan len=8 status=0 outcome=ok vids=107"),
	   "v1caps: untrusted over the limit: SUCCESS without adding (ice_virtchnl.c:2367-2374)");
	vids[0] = 100;
	ok(add_v1(&b, 0, false, vids, 1) == 0 && !vf_has_vlan(VF(&b, 0), 100) && dump_has(&b, 0, " nvlans=6 "),
	   "v1caps: DEL_VLAN removes 100");
	vids[0] = 107;
	vids[1] = 108;
	ok(add_v1(&b, 0, true, vids, 2) == 0 && vf_has_vlan(VF(&b, 0), 107) && !vf_has_vlan(VF(&b, 0), 108),
	   "v1caps: a batch of 2 at 6: 107 added, 108 silently not (SUCCESS)");
	for (i = 0; i < 8; i++) {
		vids[0] = (uint16_t)(101 + i);
		add_v1(&b, 0, false, vids, 1);
	}
	ok(vf_nvlans(VF(&b, 0)) == 0 && vf_has_vlan(VF(&b, 0), 0) && !VF(&b, 0)->pv.flt.tx_vlan_antispoof,
	   "v1caps: DEL of all: VLAN 0 stays, anti-spoof off");

	/* held in order, V1 too */
	vfm_pf_control(b.pf, "fault vf=0 op=add_vlan delay ms=20 count=1", out, sizeof(out));
	vids[0] = 200;
	{
		uint64_t buf[8];
		struct virtchnl_vlan_filter_list *l = (void *)buf;

		l->vsi_id = 1;
		l->num_elements = 1;
		l->vlan_id[0] = 200;
		fh_send(b.h[0], VIRTCHNL_OP_ADD_VLAN, buf, (uint16_t)virtchnl_struct_size(l, vlan_id, 1));
	}
	ok(next_reply(&b, 0) == 0 && !vf_has_vlan(VF(&b, 0), 200) && dump_has(&b, 0, " held=add_vlan pending=1 "),
	   "v1caps: a held ADD_VLAN: held=add_vlan, not applied");
	fh_advance(b.h[0], 21000000);
	ok(next_reply(&b, 0) == 1 && b.m.op == VIRTCHNL_OP_ADD_VLAN && b.m.status == 0 &&
	   vf_has_vlan(VF(&b, 0), 200), "v1caps: released: applied and answered");

	/* the setting survives resets; a trusted V1 VF is not limited */
	vfm_pf_set_trust(b.pf, 0, true);
	fh_init_aq(b.h[0]);
	probe(&b, 0, IAVF_CAPS, false);
	ok((VF(&b, 0)->pv.caps & (VIRTCHNL_VF_OFFLOAD_VLAN | VIRTCHNL_VF_OFFLOAD_VLAN_V2)) == VIRTCHNL_VF_OFFLOAD_VLAN,
	   "v1caps: V1 only again after the trust reset");
	all = true;
	for (i = 0; i < 12; i++) {
		vids[0] = (uint16_t)(300 + i);
		all &= add_v1(&b, 0, true, vids, 1) == 0;
	}
	ok(all && vf_nvlans(VF(&b, 0)) == 12 && dump_has(&b, 0, " nvlans=12 "),
	   "v1caps: trusted: 12 V1 VLANs added");
	vfm_pf_set_trust(b.pf, 0, false);
	fh_init_aq(b.h[0]);
	probe(&b, 0, IAVF_CAPS, false);
	ok(dump_has(&b, 0, " vlans=0 nvlans=0 "), "v1caps: trust off: the reset wiped them");

	/* a port VLAN in SVM: no VLAN caps at all */
	vfm_pf_set_pvid(b.pf, 0, 10);
	fh_init_aq(b.h[0]);
	probe(&b, 0, IAVF_CAPS, false);
	ok(!(VF(&b, 0)->pv.caps & (VIRTCHNL_VF_OFFLOAD_VLAN | VIRTCHNL_VF_OFFLOAD_VLAN_V2)) &&
	   add_v1(&b, 0, true, (uint16_t[]){ 5 }, 1) == VIRTCHNL_STATUS_ERR_NOT_SUPPORTED,
	   "v1caps: with a pvid neither VLAN cap is offered, ADD_VLAN NOT_SUPPORTED");
	vfm_pf_set_pvid(b.pf, 0, 0);
	fh_init_aq(b.h[0]);
	probe(&b, 0, IAVF_CAPS, false);

	/* back to V2 at the next probe, for every VF */
	ok(vfm_pf_control(b.pf, "caps vlan=v2", out, sizeof(out)) == 0 && dump_has(&b, 0, " vlan_caps=v2\n") &&
	   (VF(&b, 0)->pv.caps & VIRTCHNL_VF_OFFLOAD_VLAN), "v1caps: caps vlan=v2 (all VFs) changes nothing until the probe");
	fh_init_aq(b.h[0]);
	probe(&b, 0, IAVF_CAPS, false);
	ok((VF(&b, 0)->pv.caps & (VIRTCHNL_VF_OFFLOAD_VLAN | VIRTCHNL_VF_OFFLOAD_VLAN_V2)) == VIRTCHNL_VF_OFFLOAD_VLAN_V2 &&
	   !VF(&b, 0)->pv.strip_v1, "v1caps: VLAN_V2 again after the next probe");
	bed_teardown(&b);
}

static void test_malformed(void)
{
	struct bed b;
	uint64_t buf[600];
	struct fakehost *h;

	bed_setup(&b, 1, 0);
	h = b.h[0];
	fh_init_aq(h);
	ok(xchg(&b, 0, VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS, NULL, 0) == VIRTCHNL_STATUS_ERR_NOT_SUPPORTED,
	   "bad: an op before GET_VF_RESOURCES -> NOT_SUPPORTED");
	probe(&b, 0, IAVF_CAPS, false);
	ok(xchg(&b, 0, VIRTCHNL_OP_GET_VF_RESOURCES, NULL, 0) == VIRTCHNL_STATUS_ERR_PARAM,
	   "bad: GET_VF_RESOURCES without caps from a 1.1 VF -> ERR_PARAM");
	memset(buf, 0, sizeof(buf));
	((struct virtchnl_vlan_filter_list_v2 *)buf)->num_elements = 0;
	ok(xchg(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, buf, 40) == VIRTCHNL_STATUS_ERR_PARAM,
	   "bad: ADD_VLAN_V2 with 0 elements -> ERR_PARAM");
	((struct virtchnl_vlan_filter_list_v2 *)buf)->num_elements = 1000;
	ok(xchg(&b, 0, VIRTCHNL_OP_ADD_VLAN_V2, buf, 72) == VIRTCHNL_STATUS_ERR_PARAM,
	   "bad: ADD_VLAN_V2 claiming 1000 elements in 72 bytes -> ERR_PARAM");
	((struct virtchnl_vlan_filter_list_v2 *)buf)->num_elements = 0xffff;
	ok(xchg(&b, 0, VIRTCHNL_OP_DEL_VLAN_V2, buf, 4000) == VIRTCHNL_STATUS_ERR_PARAM,
	   "bad: DEL_VLAN_V2 claiming 65535 elements -> ERR_PARAM");
	ok(xchg(&b, 0, VIRTCHNL_OP_CONFIG_IRQ_MAP, buf, 1) == VIRTCHNL_STATUS_ERR_PARAM,
	   "bad: a 1-byte IRQ map -> ERR_PARAM");
	ok(fh_send(h, VIRTCHNL_OP_EVENT, NULL, 0) == 0 && fh_recv(h, &b.m) && b.m.op == VIRTCHNL_OP_EVENT &&
	   b.m.status == VIRTCHNL_STATUS_ERR_PARAM, "bad: EVENT from a VF -> ERR_PARAM");
	ok(xchg(&b, 0, VIRTCHNL_OP_GET_STATS, buf, 13) == VIRTCHNL_STATUS_ERR_PARAM,
	   "bad: GET_STATS with 13 bytes -> ERR_PARAM");
	{
		struct vfm_aq_desc *d = fh_desc(h, FH_ATQ_RING, h->atq_ntu);
		unsigned int slot = h->atq_ntu;

		memset(d, 0, sizeof(*d));
		d->opcode = 0x0001;
		h->atq_ntu = (h->atq_ntu + 1) % FH_AQ_N;
		wr(h, VFM_REG_ATQT, h->atq_ntu);
		d = fh_desc(h, FH_ATQ_RING, slot);
		ok(rd(h, VFM_REG_ATQH) == h->atq_ntu && (d->flags & VFM_AQ_FLAG_ERR) && d->retval &&
		   next_reply(&b, 0) == 0, "bad: a non-0x0801 descriptor completes with ERR, no reply");
		d = fh_desc(h, FH_ATQ_RING, h->atq_ntu);
		slot = h->atq_ntu;
		memset(d, 0, sizeof(*d));
		d->opcode = VFM_AQ_OPC_SEND_TO_PF;
		d->flags = VFM_AQ_FLAG_BUF;
		d->datalen = 8;
		d->addr_low = 0x10;	/* not backed by memory */
		d->cookie_high = VIRTCHNL_OP_VERSION;
		h->atq_ntu = (h->atq_ntu + 1) % FH_AQ_N;
		wr(h, VFM_REG_ATQT, h->atq_ntu);
		d = fh_desc(h, FH_ATQ_RING, slot);
		ok((d->flags & VFM_AQ_FLAG_ERR) && h->dma_faults == 1 && next_reply(&b, 0) == 0,
		   "bad: a buffer outside guest memory completes with ERR, no reply");
		d = fh_desc(h, FH_ATQ_RING, h->atq_ntu);
		slot = h->atq_ntu;
		memset(d, 0, sizeof(*d));
		d->opcode = VFM_AQ_OPC_SEND_TO_PF;
		d->flags = VFM_AQ_FLAG_BUF;
		d->datalen = 8192;
		d->addr_low = (uint32_t)FH_ATQ_BUFS;
		h->atq_ntu = (h->atq_ntu + 1) % FH_AQ_N;
		wr(h, VFM_REG_ATQT, h->atq_ntu);
		d = fh_desc(h, FH_ATQ_RING, slot);
		ok(d->flags & VFM_AQ_FLAG_ERR, "bad: datalen 8192 (> 4096) completes with ERR");
	}
	wr(h, VFM_REG_ATQT, 200);
	ok(rd(h, VFM_REG_ATQLEN) & VFM_AQ_LEN_CRIT, "bad: a tail beyond the ring sets ATQCRIT, nothing runs");
	/* ARQ with no posted buffer: replies wait, then flow on ARQT */
	fh_init_aq(h);
	wr(h, VFM_REG_ARQT, 0);	/* head == tail: no buffer */
	fh_send(h, VIRTCHNL_OP_VERSION, (struct virtchnl_version_info[]){ { 1, 1 } }, 8);
	ok(next_reply(&b, 0) == 0 && VF(&b, 0)->dev.outq_count == 1, "arq: a reply waits while no buffer is posted");
	wr(h, VFM_REG_ARQT, FH_AQ_N - 1);
	ok(next_reply(&b, 0) == 1 && b.m.op == VIRTCHNL_OP_VERSION, "arq: it is delivered when ARQT moves");
	{
		struct vfm_aq_desc *d = fh_desc(h, FH_ARQ_RING, h->arq_ntc);

		d->datalen = 4;	/* a too small posted buffer */
		xchg(&b, 0, VIRTCHNL_OP_VERSION, (struct virtchnl_version_info[]){ { 1, 1 } }, 8);
		ok(b.m.len == 4 && (b.m.flags & VFM_AQ_FLAG_ERR), "arq: a reply bigger than the buffer is cut, ERR set");
	}
	vfm_vf_set_bus_master(VF(&b, 0), false);
	ok(fh_send(h, VIRTCHNL_OP_VERSION, (struct virtchnl_version_info[]){ { 1, 1 } }, 8) != 0,
	   "bus master off: the ATQ is not processed");
	vfm_vf_set_bus_master(VF(&b, 0), true);
	bed_teardown(&b);
}

static void test_link_and_control(void)
{
	struct bed b;
	char out[4096];
	unsigned int links;

	bed_setup(&b, 2, 0);
	probe(&b, 0, IAVF_CAPS & ~VIRTCHNL_VF_CAP_ADV_LINK_SPEED, false);
	probe(&b, 1, IAVF_CAPS, false);
	drain(&b, 0);
	drain(&b, 1);
	links = b.link_events;
	ok(vfm_pf_control(b.pf, "link vf=0 down", out, sizeof(out)) == 0 && next_reply(&b, 0) == 0 &&
	   b.link_events == links + 1 && b.last_link.event_data.link_event.link_status == 0,
	   "link: 'link vf=0 down' sends LINK_CHANGE down (legacy format)");
	ok(next_reply(&b, 1) == 0 && b.link_events == links + 1, "link: VF 1 not told");
	vfm_pf_control(b.pf, "link up vf=0", out, sizeof(out));
	next_reply(&b, 0);
	ok(b.last_link.event_data.link_event.link_status == 1 &&
	   b.last_link.event_data.link_event.link_speed == VIRTCHNL_LINK_SPEED_25GB,
	   "link: back up at 25GB (legacy speed enum)");
	vfm_pf_control(b.pf, "link down", out, sizeof(out));
	next_reply(&b, 0);
	next_reply(&b, 1);
	ok(b.link_events == links + 4 && b.last_link.event_data.link_event_adv.link_status == 0,
	   "link: 'link down' (PF) tells both VFs");
	vfm_pf_control(b.pf, "link up", out, sizeof(out));
	drain(&b, 0);
	drain(&b, 1);

	ok(vfm_pf_control(b.pf, "help", out, sizeof(out)) == 0 && strstr(out, "fault [vf=N]"), "ctl: help");
	ok(vfm_pf_control(b.pf, "bogus", out, sizeof(out)) < 0 && !strncmp(out, "error:", 6), "ctl: unknown command");
	ok(vfm_pf_control(b.pf, "trust vf=7 on", out, sizeof(out)) < 0, "ctl: no such vf");
	ok(vfm_pf_control(b.pf, "trust vf=1 maybe", out, sizeof(out)) < 0, "ctl: bad on/off");
	ok(vfm_pf_control(b.pf, "trust vf=1 on extra", out, sizeof(out)) < 0, "ctl: trailing junk refused");
	ok(vfm_pf_control(b.pf, "fault op=52 explode", out, sizeof(out)) < 0, "ctl: bad fault kind");
	ok(vfm_pf_control(b.pf, "fault op=reset_vf drop", out, sizeof(out)) < 0, "ctl: no faults on RESET_VF");
	ok(vfm_pf_control(b.pf, "limit 4", out, sizeof(out)) == 0 && VF(&b, 0)->pv.vlan_limit == 4 &&
	   VF(&b, 1)->pv.vlan_limit == 4, "ctl: 'limit 4' applies to every VF");
	ok(vfm_pf_control(b.pf, "limit vf=1 6", out, sizeof(out)) == 0 && VF(&b, 1)->pv.vlan_limit == 6 &&
	   VF(&b, 0)->pv.vlan_limit == 4, "ctl: 'limit vf=1 6'");
	probe(&b, 1, IAVF_CAPS, false);
	ok(VF(&b, 1)->pv.vlan_caps.filtering.max_filters == 6, "ctl: the limit shows in max_filters after re-probe");
	ok(vfm_pf_control(b.pf, "mac vf=1 02:aa:bb:cc:dd:ee", out, sizeof(out)) == 0 &&
	   VF(&b, 1)->pv.hw_mac[1] == 0xaa && VF(&b, 1)->pv.resets == 1, "ctl: mac sets the address and resets the VF");
	ok(vfm_pf_control(b.pf, "spoofchk vf=1 off", out, sizeof(out)) == 0 && !VF(&b, 1)->pv.flt.spoofchk, "ctl: spoofchk");
	ok(vfm_pf_control(b.pf, "dump json", out, sizeof(out)) == 0 &&
	   strstr(out, "{\"pf\":\"pf0\",\"vf\":1,\"mac\":\"02:aa:bb:cc:dd:ee\"") &&
	   strstr(out, "\"spoofchk\":false") && strstr(out, "\"vlans\":[0]"), "ctl: dump json");
	ok(vfm_pf_control(b.pf, "dump", out, 16) == 0 && strlen(out) == 15, "ctl: output truncated to outlen");
	ok(vfm_pf_control(b.pf, "history vf=0", out, sizeof(out)) == 0 &&
	   strstr(out, "name=get_vf_resources") && strstr(out, "name=version"), "ctl: history");
	bed_teardown(&b);
}

static void test_tx_completion(void)
{
	struct bed b;
	struct fakehost *h;
	uint64_t buf[512];
	struct virtchnl_vsi_queue_config_info *qc = (void *)buf;
	struct virtchnl_irq_map_info *im = (void *)buf;
	struct virtchnl_queue_select qs = { .vsi_id = 1, .rx_queues = 1, .tx_queues = 1 };
	uint64_t *ring;
	unsigned int i;
	uint64_t stats[12];

	bed_setup(&b, 1, 0);
	h = b.h[0];
	probe(&b, 0, IAVF_CAPS, false);
	memset(buf, 0, sizeof(buf));
	qc->vsi_id = 1;
	qc->num_queue_pairs = 1;
	qc->qpair[0].txq.vsi_id = qc->qpair[0].rxq.vsi_id = 1;
	qc->qpair[0].txq.ring_len = 64;
	qc->qpair[0].rxq.ring_len = 64;
	qc->qpair[0].txq.dma_ring_addr = FH_TX_RING;
	xchg(&b, 0, VIRTCHNL_OP_CONFIG_VSI_QUEUES, buf, virtchnl_struct_size(qc, qpair, 1));
	memset(buf, 0, sizeof(buf));
	im->num_vectors = 2;
	im->vecmap[0].vsi_id = im->vecmap[1].vsi_id = 1;
	im->vecmap[1].vector_id = 1;
	im->vecmap[1].txq_map = im->vecmap[1].rxq_map = 1;
	xchg(&b, 0, VIRTCHNL_OP_CONFIG_IRQ_MAP, buf, virtchnl_struct_size(im, vecmap, 2));
	ring = (uint64_t *)(h->mem + (FH_TX_RING - FH_MEM_BASE));
	/* two frames: 100 bytes in one descriptor, 60 + 40 in two */
	ring[1] = (1ull << 4) | (100ull << 34);
	ring[3] = 60ull << 34;
	ring[5] = (1ull << 4) | (40ull << 34);
	wr(h, VFM_REG_QTX_TAIL(0), 3);
	ok(!(ring[1] & 0xf), "tx: nothing completes before ENABLE_QUEUES");
	xchg(&b, 0, VIRTCHNL_OP_ENABLE_QUEUES, &qs, sizeof(qs));
	drain(&b, 0);
	wr(h, VFM_REG_DYN_CTLN1(0), VFM_DYN_INTENA);
	wr(h, VFM_REG_QTX_TAIL(0), 3);
	ok((ring[1] & 0xf) == 0xf && (ring[3] & 0xf) == 0xf && (ring[5] & 0xf) == 0xf && !(ring[7] & 0xf),
	   "tx: descriptors up to the tail are written back DESC_DONE");
	ok(h->irqs[1] == 1, "tx: the queue's vector is raised");
	for (i = 0; i < 70; i++) {	/* wrap around the ring, one EOP packet per bump */
		ring[2 * ((2 + i) % 64) + 1] = (1ull << 4) | (60ull << 34);
		wr(h, VFM_REG_QTX_TAIL(0), (3 + i) % 64);
	}
	ok(VF(&b, 0)->dp.tx_ntc[0] == (3 + 69) % 64, "tx: completion follows the tail around the ring");
	xchg(&b, 0, VIRTCHNL_OP_GET_STATS, &qs, sizeof(qs));
	memcpy(stats, b.m.data, sizeof(stats));
	/* unreadable buffers: the frames count as TX errors (datapath.c) */
	ok(stats[7] + stats[10] + stats[11] >= 2, "tx: GET_STATS accounts for the frames (%llu sent, %llu errors)",
	   (unsigned long long)stats[7], (unsigned long long)stats[11]);
	wr(h, VFM_REG_QTX_TAIL(0), 500);
	ok(VF(&b, 0)->dp.tx_ntc[0] == (3 + 69) % 64, "tx: a tail beyond the ring is ignored");
	bed_teardown(&b);
}

static void test_no_timer(void)
{
	struct vfm_pf_config cfg = { .name = "a \"b\"", .link_up = true, .reset_delay_ms = 50 };
	struct vfm_host_ops ops = fh_ops;
	struct bed b;
	char out[256];

	/* a host without a timer: deferred work happens at once */
	memset(&b, 0, sizeof(b));
	ops.timer_mod = NULL;
	b.pf = vfm_pf_new(&cfg);
	b.nvf = 1;
	b.h[0] = calloc(1, sizeof(*b.h[0]));
	fh_init(b.h[0]);
	b.h[0]->vf = vfm_vf_new(b.pf, 0, &ops, b.h[0], NULL);
	probe(&b, 0, IAVF_CAPS, false);
	vfm_pf_control(b.pf, "fault op=get_stats delay ms=500", out, sizeof(out));
	ok(xchg(&b, 0, VIRTCHNL_OP_GET_STATS, &(struct virtchnl_queue_select){ .vsi_id = 1 }, 12) == 0,
	   "no timer: a delay fault degrades to an immediate reply");
	vfm_pf_vf_reset(b.pf, 0);
	ok(rd(b.h[0], VFM_REG_RSTAT) == VIRTCHNL_VFR_VFACTIVE, "no timer: a reset completes at once");
	vfm_pf_control(b.pf, "dump json", out, sizeof(out));
	ok(!strncmp(out, "{\"pf\":\"a__b_\",", 14), "api: a PF name is sanitised for dump/JSON");
	ok(vfm_pf_control(NULL, "dump", out, sizeof(out)) < 0 && vfm_vf_new(b.pf, 0, &ops, NULL, NULL) == NULL &&
	   vfm_vf_new(b.pf, VFM_MAX_VFS, &ops, NULL, NULL) == NULL, "api: NULL PF, a taken or bad index refused");
	vfm_pf_free(b.pf);	/* frees the attached VF too (ASan checks) */
	free(b.h[0]);
}

int main(int argc, char **argv)
{
	tap_init(argc, argv, "");
	test_registers();
	test_probe_and_ops();
	test_interrupts();
	test_vlan_v2_rules();
	test_trust();
	test_vlan_v1_rules();
	test_resets();
	test_pvid();
	test_faults();
	test_inorder();
	test_vlan_v1_caps();
	test_malformed();
	test_link_and_control();
	test_no_timer();
	test_tx_completion();
	return tap_done();
}
