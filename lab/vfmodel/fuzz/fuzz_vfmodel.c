// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for vfmodel: the input is a program of guest actions
 * against two VFs of one PF (virtchnl messages through the ATQ, raw
 * descriptors, BAR0 reads/writes, ARQ consumption and corruption, time,
 * FLR, control commands). VF 0 starts probed like iavf does, so the
 * fuzzer reaches the VLAN and queue ops at once. After every action the
 * model's invariants are checked; a violation aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakehost.h"

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t in_u8(struct input *in)
{
	uint8_t v;

	if (!in->n)
		return 0;
	v = *in->p++;
	in->n--;
	return v;
}

static uint16_t in_u16(struct input *in)
{
	return (uint16_t)(in_u8(in) | (in_u8(in) << 8));
}

static uint32_t in_u32(struct input *in)
{
	return (uint32_t)in_u16(in) | ((uint32_t)in_u16(in) << 16);
}

/* the one env struct: fake hosts reused across runs (they are large) */
static struct {
	struct fakehost *h[2];
} E;

static void check_invariants(struct vfm_pf *pf)
{
	unsigned int i, w, pop;

	for (i = 0; i < 2; i++) {
		struct vfm_vf *vf = pf->vfs[i];

		if (!vf)
			continue;
		for (w = 0, pop = 0; w < VFM_VLAN_N_VID / 64; w++)
			pop += (unsigned int)__builtin_popcountll(vf->pv.flt.vlan_map[w]);
		if (pop != vf->pv.flt.num_vlans)
			abort();
		/* VF requests never remove a port VLAN. (VLAN 0 can go: ice
		 * deletes it for a V2 DEL with TCI 0x1000, VID 0 + DEI.) */
		if (vf->pv.flt.pvid && !vf_has_vlan(vf, vf->pv.flt.pvid))
			abort();
		if (vf->pv.flt.num_macs > VFM_MAX_MACS || vf->dev.outq_count > VFM_OUTQ_MAX)
			abort();
		/* data path: bounded backlog, RX heads inside their rings */
		if (vf->dp.bl_count > VFM_DP_BACKLOG || vf->dp.rx_head[0] >= (vf->dp.rx_ring_len[0] ? vf->dp.rx_ring_len[0] : 1))
			abort();
		/* the guest may program any head/len: only the model's own
		 * state has to stay sane */
		if (vf->dev.rstat > VIRTCHNL_VFR_VFACTIVE || (vf->pv.resetting && vf->pv.active))
			abort();
		/* an untrusted VF that never saw its limit raised stays within it */
		if (!vf->pv.trusted && vf->pv.vlan_caps.filtering.max_filters <= vf->pv.vlan_limit &&
		    vf->pv.vlan_limit == 8 && !vf->pv.flt.pvid && vf_nvlans(vf) > 8)
			abort();
		/* the mailbox: bounded, and requests never wait without a hold
		 * that something will end (a release or a reset is pending) */
		if (vf->pv.rq_count > VFM_RQ_MAX || (vf->pv.rq_count && vf->pv.mbx_block == VFM_MBX_FREE) ||
		    (vf->pv.mbx_block == VFM_MBX_HELD_REQ && !vf->pv.rq_count))
			abort();
		if (vf->pv.mbx_block != VFM_MBX_FREE) {
			enum vfm_work_kind want = vf->pv.mbx_block == VFM_MBX_HELD_REQ ?
						      VFM_DEF_RELEASE : VFM_DEF_RESET;
			unsigned int k, found = 0;

			for (k = 0; k < VFM_DEFERRED_MAX; k++)
				found += vf->sched.items[k].kind == want && vf->sched.items[k].gen == vf->sched.gen;
			if (found != 1)
				abort();
		}
	}
}

static void probe(struct fakehost *h, bool v2)
{
	struct virtchnl_version_info ver = { 1, 1 };
	uint32_t caps = VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_RSS_PF | VIRTCHNL_VF_CAP_ADV_LINK_SPEED |
			(v2 ? VIRTCHNL_VF_OFFLOAD_VLAN_V2 : VIRTCHNL_VF_OFFLOAD_VLAN);
	struct fh_msg *m = malloc(sizeof(*m));

	uint64_t seq;

	fh_init_aq(h);
	fh_send(h, VIRTCHNL_OP_VERSION, &ver, sizeof(ver));
	seq = h->vf->pv.history_seq;
	fh_send(h, VIRTCHNL_OP_GET_VF_RESOURCES, &caps, sizeof(caps));
	/* answered now (not held, refused or lost): a V1-only VF got no VLAN_V2 */
	if (h->vf->pv.history_seq == seq + 1 && h->vf->pv.history[seq % VFM_HISTORY].op == VIRTCHNL_OP_GET_VF_RESOURCES &&
	    !strcmp(h->vf->pv.history[seq % VFM_HISTORY].outcome, "ok") && h->vf->pv.vlan_v1_only &&
	    (h->vf->pv.caps & VIRTCHNL_VF_OFFLOAD_VLAN_V2))
		abort();
	if (v2)
		fh_send(h, VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS, NULL, 0);
	while (m && fh_recv(h, m))
		;
	free(m);
}

/* a VLAN V2 list of n filters built from input bytes (mostly well formed) */
static uint16_t build_vlan_v2(struct input *in, uint8_t *buf)
{
	struct virtchnl_vlan_filter_list_v2 *l = (void *)buf;
	unsigned int n = in_u8(in) % 12, i;

	memset(buf, 0, virtchnl_struct_size(l, filters, 12));
	l->vport_id = (in_u8(in) & 0xf) ? 1 : 2;
	l->num_elements = (u16)n;
	for (i = 0; i < n; i++) {
		uint8_t sel = in_u8(in);

		l->filters[i].inner.tci = (sel & 0x80) ? in_u16(in) : (uint16_t)(sel % 16);
		l->filters[i].inner.tpid = (sel & 0x40) ? in_u16(in) : 0x8100;
		if (sel & 0x20) {
			l->filters[i].outer.tci = in_u16(in);
			l->filters[i].outer.tpid = 0x8100;
		}
	}
	n = n ? n : 1;	/* the kernel macro does count - 1 unparenthesised */
	return (uint16_t)virtchnl_struct_size(l, filters, n);
}

static void act(struct vfm_pf *pf, struct input *in)
{
	uint8_t a = in_u8(in);
	struct fakehost *h = E.h[(a >> 7) & 1];
	struct vfm_vf *vf = h->vf;
	uint64_t buf[VFM_AQ_MAX_BUF / 8 + 8];
	char out[512];

	switch (a & 0x0f) {
	case 0: {	/* a raw virtchnl message */
		uint32_t op = in_u8(in) % 64;
		uint16_t len = in_u16(in) % 600;
		size_t take = len < in->n ? len : in->n;

		memset(buf, 0, len);
		memcpy(buf, in->p, take);
		in->p += take;
		in->n -= take;
		fh_send(h, op, buf, len);
		break;
	}
	case 1: {	/* VLAN V2 add/del */
		uint16_t len = build_vlan_v2(in, (uint8_t *)buf);

		fh_send(h, (in_u8(in) & 1) ? VIRTCHNL_OP_ADD_VLAN_V2 : VIRTCHNL_OP_DEL_VLAN_V2, buf, len);
		break;
	}
	case 2: {	/* VLAN V1 add/del */
		struct virtchnl_vlan_filter_list *l = (void *)buf;
		unsigned int n = in_u8(in) % 10, i;

		l->vsi_id = 1;
		l->num_elements = (u16)n;
		for (i = 0; i < n; i++)
			l->vlan_id[i] = (in_u8(in) & 0x80) ? in_u16(in) : (uint16_t)(in_u8(in) % 16);
		fh_send(h, (in_u8(in) & 1) ? VIRTCHNL_OP_ADD_VLAN : VIRTCHNL_OP_DEL_VLAN, buf,
			(uint16_t)virtchnl_struct_size(l, vlan_id, n));
		break;
	}
	case 3: {	/* a raw ATQ descriptor */
		struct vfm_aq_desc *d = fh_desc(h, FH_ATQ_RING, h->atq_ntu);
		uint8_t raw[32];
		unsigned int i;

		for (i = 0; i < 32; i++)
			raw[i] = in_u8(in);
		memcpy(d, raw, sizeof(raw));
		if (in_u8(in) & 1) {	/* keep the buffer pointer inside guest memory */
			d->addr_high = 0;
			d->addr_low = (uint32_t)FH_ATQ_BUFS + (d->addr_low % (FH_MEM_SIZE - 0x2000));
		}
		h->atq_ntu = (h->atq_ntu + 1) % FH_AQ_N;
		wr(h, VFM_REG_ATQT, h->atq_ntu);
		break;
	}
	case 4: {	/* a BAR0 write */
		static const unsigned int sizes[4] = { 1, 2, 4, 8 };
		uint16_t off = in_u16(in);
		uint32_t val = in_u32(in);
		uint8_t s = in_u8(in);

		/* mostly hit real registers */
		if (s & 0x80)
			off = (uint16_t)((off & 0xfffc) % 0x8900);
		vfm_vf_mmio_write(vf, off, val, sizes[s & 3]);
		break;
	}
	case 5:		/* a BAR0 read */
		(void)vfm_vf_mmio_read(vf, in_u16(in), 1u << (in_u8(in) & 3));
		break;
	case 6: {	/* consume the ARQ like iavf */
		struct fh_msg *m = malloc(sizeof(*m));
		unsigned int k = in_u8(in) % 8;

		while (m && k-- && fh_recv(h, m))
			;
		free(m);
		break;
	}
	case 7: {	/* corrupt a posted ARQ descriptor */
		struct vfm_aq_desc *d = fh_desc(h, FH_ARQ_RING, in_u8(in) % FH_AQ_N);

		d->datalen = in_u16(in);
		if (in_u8(in) & 1)
			d->addr_low = in_u32(in);
		break;
	}
	case 8:
		fh_advance(h, (uint64_t)in_u16(in) * 100000ull);
		break;
	case 9:
		vfm_vf_flr(vf);
		break;
	case 10:
		probe(h, in_u8(in) & 1);
		break;
	case 11: {	/* a control command, from a small vocabulary plus noise */
		static const char *const cmds[] = {
			"link vf=0 down", "link up", "reset pf", "reset vf=1", "trust vf=0 on",
			"trust vf=0 off", "spoofchk vf=0 off", "pvid vf=0 7", "pvid vf=0 0", "limit 3",
			"fault op=52 reject count=2", "fault op=any delay ms=3", "fault vf=0 op=53 drop prob=50",
			"fault op=add_vlan_v2 reset ms=1 count=1", "fault clear", "dump json", "history",
			"fault list", "mac vf=1 02:00:00:00:00:09", "limit vf=1 8",
			/* 20: in-order holds, the old out-of-order delay, V1-only caps */
			"fault vf=0 op=add_vlan_v2 delay ms=2 count=3", "fault op=any delay ms=1 apply=now",
			"fault op=add_vlan delay ms=3 count=2", "fault vf=1 op=get_stats delay ms=5",
			"caps vf=0 vlan=v1", "caps vlan=v2", "caps vf=1 vlan=v1", "dump",
		};
		uint8_t c = in_u8(in);

		if (c < 200) {
			vfm_pf_control(pf, cmds[c % (sizeof(cmds) / sizeof(cmds[0]))], out, sizeof(out));
		} else {
			size_t l = in_u8(in) % 80, take = l < in->n ? l : in->n;
			char cmd[96];

			memcpy(cmd, in->p, take);
			cmd[take] = '\0';
			in->p += take;
			in->n -= take;
			vfm_pf_control(pf, cmd, out, in_u8(in) % sizeof(out));
		}
		break;
	}
	case 12:
		vfm_vf_set_bus_master(vf, in_u8(in) & 1);
		break;
	case 13: {	/* well-sized list ops with fuzzed entries */
		uint8_t kind = in_u8(in) % 4;
		unsigned int n = 1 + in_u8(in) % 20, i;
		size_t len = 0;
		uint8_t *raw = (uint8_t *)buf;

		memset(buf, 0, sizeof(buf));
		if (kind == 0) {
			struct virtchnl_ether_addr_list *al = (void *)buf;

			len = virtchnl_struct_size(al, list, n);
		} else if (kind == 1) {
			struct virtchnl_irq_map_info *im = (void *)buf;

			n = n % 8 + 1;
			len = virtchnl_struct_size(im, vecmap, n);
		} else if (kind == 2) {
			struct virtchnl_vsi_queue_config_info *qc = (void *)buf;

			n = n % 6 + 1;
			len = virtchnl_struct_size(qc, qpair, n);
		} else {
			len = sizeof(struct virtchnl_queue_select);
		}
		/* mostly small values: ids, queue numbers, flags */
		for (i = 0; i < len && in->n; i++) {
			uint8_t v = in_u8(in);

			raw[i] = (v & 0x80) ? v : (uint8_t)(v & 3);
		}
		raw[0] = 1;	/* vsi_id 1 most of the time */
		if (kind == 0)
			((struct virtchnl_ether_addr_list *)buf)->num_elements = (u16)n;
		else if (kind == 1)
			((struct virtchnl_irq_map_info *)buf)->num_vectors = (u16)n;
		else if (kind == 2) {
			struct virtchnl_vsi_queue_config_info *qc = (void *)buf;

			qc->num_queue_pairs = (u16)n;
			/* usually a valid TX ring in guest memory, to drive the TX path */
			if (!(raw[2] & 2)) {
				qc->qpair[0].txq.vsi_id = qc->qpair[0].rxq.vsi_id = 1;
				qc->qpair[0].txq.queue_id = qc->qpair[0].rxq.queue_id = 0;
				qc->qpair[0].txq.dma_ring_addr = FH_TX_RING;
				qc->qpair[0].txq.ring_len = (u16)(raw[3] & 0x7f);
			}
		}
		{
			static const uint32_t ops[4][2] = {
				{ VIRTCHNL_OP_ADD_ETH_ADDR, VIRTCHNL_OP_DEL_ETH_ADDR },
				{ VIRTCHNL_OP_CONFIG_IRQ_MAP, VIRTCHNL_OP_CONFIG_IRQ_MAP },
				{ VIRTCHNL_OP_CONFIG_VSI_QUEUES, VIRTCHNL_OP_CONFIG_VSI_QUEUES },
				{ VIRTCHNL_OP_ENABLE_QUEUES, VIRTCHNL_OP_DISABLE_QUEUES },
			};
			uint8_t pick = in_u8(in);

			fh_send(h, (pick & 2) ? VIRTCHNL_OP_GET_STATS : ops[kind][pick & 1], buf,
				(pick & 2) ? sizeof(struct virtchnl_queue_select) : (uint16_t)len);
		}
		break;
	}
	case 14: {	/* data path (datapath.c, switch.c): rings in guest memory */
		/* RX ring of 16 and 2 KiB buffers after the TX ring, TX buffers after them */
		const uint64_t rxr = FH_MEM_BASE + 0x24800, rxb = FH_MEM_BASE + 0x25000,
			       txb = FH_MEM_BASE + 0x2d000;
		uint8_t k = in_u8(in);

		if ((k & 3) == 0) {	/* iavf open: queues, IRQ map, enable, INTENA */
			struct virtchnl_vsi_queue_config_info *qc = (void *)buf;
			struct virtchnl_irq_map_info *im = (void *)buf;
			struct virtchnl_queue_select qs = { .vsi_id = 1, .rx_queues = 1, .tx_queues = 1 };

			if (!vf->pv.active)	/* both VFs up, so frames have somewhere to go */
				probe(h, !(k & 64));
			memset(buf, 0, 512);
			qc->vsi_id = 1;
			qc->num_queue_pairs = 1;
			qc->qpair[0].txq.vsi_id = qc->qpair[0].rxq.vsi_id = 1;
			qc->qpair[0].txq.ring_len = (k & 4) ? 64 : (u16)(in_u8(in) % 70);
			qc->qpair[0].txq.dma_ring_addr = FH_TX_RING;
			qc->qpair[0].rxq.ring_len = (k & 8) ? 16 : (u16)(in_u8(in) % 20);
			qc->qpair[0].rxq.dma_ring_addr = rxr;
			qc->qpair[0].rxq.databuffer_size = (k & 16) ? 2048 : in_u16(in);
			qc->qpair[0].rxq.max_pkt_size = (k & 32) ? 9728 : in_u16(in);
			fh_send(h, VIRTCHNL_OP_CONFIG_VSI_QUEUES, buf,
				(uint16_t)virtchnl_struct_size(qc, qpair, 1));
			memset(buf, 0, 512);
			im->num_vectors = 2;
			im->vecmap[0].vsi_id = im->vecmap[1].vsi_id = 1;
			im->vecmap[1].vector_id = 1;
			im->vecmap[1].txq_map = im->vecmap[1].rxq_map = 1;
			fh_send(h, VIRTCHNL_OP_CONFIG_IRQ_MAP, buf, (uint16_t)virtchnl_struct_size(im, vecmap, 2));
			fh_send(h, VIRTCHNL_OP_ENABLE_QUEUES, &qs, sizeof(qs));
			wr(h, VFM_REG_DYN_CTLN1(0), VFM_DYN_INTENA);
		} else if ((k & 3) == 1) {	/* post RX buffers, fuzzed tail */
			unsigned int i;

			for (i = 0; i < 16; i++) {
				uint64_t *d = (uint64_t *)(h->mem + (rxr - FH_MEM_BASE) + i * 32);

				d[0] = (k & 4) ? rxb + (uint64_t)i * 2048 : rxb + in_u16(in);
				d[1] = 0;
			}
			wr(h, VFM_REG_QRX_TAIL(0), (k & 8) ? in_u8(in) : (rd(h, VFM_REG_QRX_TAIL(0)) + 15) % 16);
		} else {	/* n fuzzed TX descriptors over a frame from this VF */
			unsigned int n = 1 + in_u8(in) % 8, i, tail = rd(h, VFM_REG_QTX_TAIL(0));
			uint8_t *fr = h->mem + (txb - FH_MEM_BASE);
			unsigned int rlen = vf->dp.tx_ring_len[0] ? vf->dp.tx_ring_len[0] : 64;

			for (i = 0; i < 64 && in->n; i++)
				fr[i] = in_u8(in);
			if (k & 4) {	/* a plausible header: broadcast from the VF's MAC */
				memset(fr, 0xff, 6);
				memcpy(fr + 6, vf->pv.hw_mac, 6);
			}
			for (i = 0; i < n; i++) {
				uint64_t *d = (uint64_t *)(h->mem + (FH_TX_RING - FH_MEM_BASE) +
							   (uint64_t)((tail + i) % 64) * 16);
				uint64_t q1 = (uint64_t)in_u32(in) | ((uint64_t)in_u32(in) << 32);

				d[0] = (k & 8) ? txb + in_u16(in) % 0x3000 : (uint64_t)in_u32(in) << (in_u8(in) & 31);
				if (k & 16)	/* mostly data descriptors of sane size, EOP last */
					q1 = (q1 & ~0xfull & ~(0x3fffull << 34)) | ((uint64_t)(in_u8(in) + 14) << 34) |
					     (i + 1 == n ? 0x30ull : 0);
				if ((k & 0xc0) == 0xc0 && i == 0)	/* TSO context, MSS from input */
					q1 = 0x11 | ((uint64_t)in_u16(in) << 30) | ((uint64_t)(in_u8(in) * 8) << 50);
				else if ((k & 0xc0) == 0xc0)	/* IPv4 TCP offsets: 14, 20, 20 */
					q1 = (q1 & ~(0x3ffull << 4) & ~(0x3ffffull << 16)) |
					     ((uint64_t)(0x160 | (i + 1 == n ? 3 : 0)) << 4) |
					     ((uint64_t)(7 | (5 << 7) | (5 << 14)) << 16);
				d[1] = q1;
			}
			wr(h, VFM_REG_QTX_TAIL(0), (k & 32) ? in_u16(in) : (tail + n) % rlen);
		}
		break;
	}
	default: {	/* a well-formed op with fuzzed fields */
		uint32_t op = in_u8(in) % 58;
		struct virtchnl_version_info ver = { 1, 1 };

		memset(buf, 0, 256);
		memcpy(buf, in->p, in->n < 256 ? in->n : 256);
		if (op == VIRTCHNL_OP_VERSION)
			memcpy(buf, &ver, sizeof(ver));
		fh_send(h, op, buf, (uint16_t)(in_u8(in) % 128));
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vfm_pf_config cfg = { .name = "fz", .link_up = true, .seed = 1 };
	struct input in = { data, size };
	struct vfm_pf *pf;
	unsigned int i, steps;

	if (!E.h[0]) {
		E.h[0] = malloc(sizeof(struct fakehost));
		E.h[1] = malloc(sizeof(struct fakehost));
		if (!E.h[0] || !E.h[1])
			abort();
	}
	cfg.reset_delay_ms = in_u8(&in) % 4;
	pf = vfm_pf_new(&cfg);
	if (!pf)
		abort();
	for (i = 0; i < 2; i++) {
		struct vfm_host_ops ops = fh_ops;

		ops.log = NULL;	/* skip formatting log lines nobody reads */
		fh_init(E.h[i]);
		E.h[i]->vf = vfm_vf_new(pf, i, &ops, E.h[i], NULL);
		if (!E.h[i]->vf)
			abort();
	}
	probe(E.h[0], !(in_u8(&in) & 1));
	for (steps = 0; in.n && steps < 256; steps++) {
		act(pf, &in);
		check_invariants(pf);
	}
	/* let every pending timer run out, then tear down */
	fh_advance(E.h[0], 4000000000ull);
	fh_advance(E.h[1], 4000000000ull);
	check_invariants(pf);
	vfm_vf_free(E.h[1]->vf);
	vfm_pf_free(pf);	/* frees VF 0 too */
	return 0;
}
