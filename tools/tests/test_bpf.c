// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Unit tests of the BPF handlers on the host kernel, without iavf: the
 * raw_tp entries are driven through BPF_PROG_TEST_RUN with synthetic
 * argument arrays (TP_PROTO order), then the maps, histograms, ring-buffer
 * records and the audit findings computed from them are checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "audit.h"
#include "audit_views.h"
#include "ivt.h"
#include "latency.h"
#include <bpf/btf.h>
#include "iavf_vlantrace.skel.h"
#include "tests/test_obj.h"
#include "tests/synth_btf.h"
#include "tests/tap.h"

#define PCI	0x0300		/* 0000:03:00.0 */
#define IFX	7
#define NETNS	4026531840u
#define TPID	0x8100
#define MAXREC	4096

struct fixture {
	struct ivt_env env;
	struct ivt_target t;
	struct ivt_bpf b;
	struct ring_buffer *rb;
	struct ivt_event rec[MAXREC];
	int nrec;
};

static int collect(void *ctx, void *data, size_t size)
{
	struct fixture *f = ctx;

	if (size >= sizeof(struct ivt_event) && f->nrec < MAXREC)
		memcpy(&f->rec[f->nrec++], data, sizeof(struct ivt_event));
	return 0;
}

static int fx_open_ns(struct fixture *f, int vid, __u32 pci, __u64 wakeup, __u32 rb_bytes,
		      __u32 netns);

static int fx_open(struct fixture *f, int vid, __u32 pci, __u64 wakeup, __u32 rb_bytes)
{
	return fx_open_ns(f, vid, pci, wakeup, rb_bytes, 0);
}

static int fx_open_ns(struct fixture *f, int vid, __u32 pci, __u64 wakeup, __u32 rb_bytes,
		      __u32 netns)
{
	struct ivt_load_opts o = { .mode = IVT_MODE_TEST, .target = &f->t,
				   .wakeup_bytes = wakeup, .ringbuf_bytes = rb_bytes };

	memset(f, 0, sizeof(*f));
	f->env.prog = "test_bpf";
	f->t.vid = vid;
	f->t.pci_id = pci;
	f->t.netns = netns;
	if (ivt_bpf_open(&f->env, &o, &f->b))
		return -1;
	f->rb = ring_buffer__new(bpf_map__fd(f->b.skel->maps.events), collect, f, NULL);
	return f->rb ? 0 : -1;
}

static void fx_close(struct fixture *f)
{
	ring_buffer__free(f->rb);
	ivt_bpf_close(&f->b);
}

static int run(struct bpf_program *p, __u64 *args, size_t n)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = n * sizeof(__u64));
	int err = bpf_prog_test_run_opts(bpf_program__fd(p), &o);

	return err ? err : (int)o.retval;
}

static int state(struct fixture *f, __u16 vid, __u8 old, __u8 new, __u8 reason, __u16 num)
{
	__u64 a[10] = { 0, PCI, IFX, NETNS, vid, TPID, old, new, reason, num };

	return run(f->b.skel->progs.raw_vlan_state, a, 10);
}

static int vc(struct fixture *f, __u8 dir, __u32 op, __u16 num, __s32 ret)
{
	__u64 a[8] = { 0, PCI, IFX, dir, op, num, 0, (__u64)(__s64)ret };

	return run(f->b.skel->progs.raw_vlan_vc, a, 8);
}

static int updown(struct fixture *f, __u8 phase, __s32 status, __u16 num)
{
	__u64 a[7] = { 0, PCI, IFX, NETNS, phase, (__u64)(__s64)status, num };

	return run(f->b.skel->progs.raw_updown, a, 7);
}

static int drain(struct fixture *f)
{
	f->nrec = 0;
	return ring_buffer__consume(f->rb);
}

/* The traced filter (PCI, vid, TPID): its VF's slot, then its array
 * entry; -ENOENT when absent (never seen, or freed: zeroed).
 */
static int lookup_filter(struct fixture *f, __u16 vid, struct ivt_filter_val *v)
{
	struct ivt_vf_val vf;
	__u32 id = PCI, idx;
	int err;

	err = bpf_map_lookup_elem(bpf_map__fd(f->b.skel->maps.vfs), &id, &vf);
	if (err || !vf.slot || vf.slot > IVT_FILTER_SLOTS)
		return -ENOENT;
	idx = ivt_filter_index(vf.slot, ivt_tpid_index(TPID), vid);
	err = bpf_map_lookup_elem(bpf_map__fd(f->b.skel->maps.filters), &idx, v);
	return err ? err : v->last_ts ? 0 : -ENOENT;
}

static int lookup_hist(struct fixture *f, __u16 kind, __u16 op, struct ivt_hist *h)
{
	struct ivt_hist_key k = { .dev_id = PCI, .kind = kind, .op = op };

	memset(h, 0, sizeof(*h));
	return bpf_map_lookup_elem(bpf_map__fd(f->b.skel->maps.hists), &k, h);
}

static __u64 stat(struct fixture *f, int idx)
{
	__u64 s[IVT_S_NR];

	ivt_read_stats(&f->b, s);
	return s[idx];
}

static __u32 slot_of_us(__u64 us)
{
	__u32 s = 0;

	while (us >> (s + 1))
		s++;
	return s > IVT_HIST_SLOTS - 1 ? IVT_HIST_SLOTS - 1 : s;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void test_add_sequence(struct tap *t, struct fixture *f)
{
	struct ivt_filter_val v;
	struct ivt_hist h;
	__u64 us;
	int ok;

	ok = !state(f, 100, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1) &&
	     !state(f, 100, IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_R_SEND_ADD_V2, 1);
	sleep_ms(3);
	ok = ok && !state(f, 100, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_R_ADD_ACK, 1);
	tap_ok(t, ok, "add: three test runs succeed");
	ok = drain(f);
	tap_ok(t, ok == 3 && f->nrec == 3, "add: three ring-buffer records (got %d)", f->nrec);
	tap_ok(t, f->rec[0].type == IVT_EV_STATE && f->rec[0].state.old_state == IAVF_VLAN_ABI_NONE &&
	       f->rec[0].state.new_state == IAVF_VLAN_ABI_ADD &&
	       f->rec[0].state.reason == IAVF_VLAN_R_ADD_NEW && f->rec[0].state.vid == 100 &&
	       f->rec[0].state.tpid == TPID && f->rec[0].pci_id == PCI &&
	       f->rec[0].ifindex == IFX && f->rec[0].netns == NETNS &&
	       f->rec[0].state.flags == 0, "add: first record is NONE -> ADD add_new, fields intact");
	tap_ok(t, f->rec[1].state.new_state == IAVF_VLAN_ABI_ADDING &&
	       f->rec[2].state.new_state == IAVF_VLAN_ABI_ACTIVE &&
	       f->rec[2].state.reason == IAVF_VLAN_R_ADD_ACK &&
	       f->rec[2].state.num_vlan_filters == 1, "add: ADDING then ACTIVE add_ack");
	{
		struct ivt_vf_val vf = {};
		__u32 id = PCI;
		int lerr = bpf_map_lookup_elem(bpf_map__fd(f->b.skel->maps.vfs), &id, &vf);

		tap_ok(t, sizeof(struct ivt_event) == 48 && !lerr && vf.dev[0] == 0 && vf.ifindex == IFX,
		       "add: 48-byte records; the VF's name (NULL: empty) is in the vfs map, read for ifindex %d",
		       vf.ifindex);
	}
	tap_ok(t, f->rec[2].delta_ns >= 3000000ULL && f->rec[0].delta_ns == 0,
	       "add: time in previous state recorded (%llu ns)", (unsigned long long)f->rec[2].delta_ns);
	tap_ok(t, !lookup_filter(f, 100, &v) && v.state == IAVF_VLAN_ABI_ACTIVE &&
	       v.transitions == 3 && v.add_ts == 0 && v.last_reason == IAVF_VLAN_R_ADD_ACK &&
	       v.last_ts == f->rec[2].ts_ns, "add: filter map holds ACTIVE, 3 transitions, last time");
	us = (f->rec[2].ts_ns - f->rec[0].ts_ns) / 1000;
	tap_ok(t, !lookup_hist(f, IVT_H_ADD_ACTIVE, 0, &h) && h.count == 1 &&
	       h.slots[slot_of_us(us)] == 1,
	       "add: ADD->ACTIVE histogram has one sample in slot %u (%llu us)",
	       slot_of_us(us), (unsigned long long)us);
}

static void test_delete(struct tap *t, struct fixture *f)
{
	struct ivt_filter_val v;
	int i, flagged = 0;

	state(f, 100, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_ABI_REMOVE, IAVF_VLAN_R_DEL_QUEUE, 1);
	state(f, 100, IAVF_VLAN_ABI_REMOVE, IAVF_VLAN_ABI_REMOVING, IAVF_VLAN_R_SEND_DEL_V2, 1);
	tap_ok(t, !lookup_filter(f, 100, &v) && v.state == IAVF_VLAN_ABI_REMOVING,
	       "delete: filter in REMOVING while DEL is in flight");
	state(f, 100, IAVF_VLAN_ABI_REMOVING, IAVF_VLAN_ABI_NONE, IAVF_VLAN_R_DEL_ACK, 0);
	tap_ok(t, lookup_filter(f, 100, &v) == -ENOENT, "delete: freed filter leaves the map");
	drain(f);
	for (i = 0; i < f->nrec; i++)
		flagged |= f->rec[i].state.flags;
	tap_ok(t, f->nrec == 3 && !flagged && f->rec[2].state.new_state == IAVF_VLAN_ABI_NONE,
	       "delete: three clean records ending in NONE");
}

static void test_reject(struct tap *t, struct fixture *f)
{
	struct ivt_filter_val v;
	struct ivt_hist h;
	__u64 before;

	lookup_hist(f, IVT_H_ADD_ACTIVE, 0, &h);
	before = h.count;
	state(f, 300, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	state(f, 300, IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_R_SEND_ADD_V2, 1);
	state(f, 300, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_ABI_NONE, IAVF_VLAN_R_ADD_REJECT, 0);
	lookup_hist(f, IVT_H_ADD_ACTIVE, 0, &h);
	tap_ok(t, lookup_filter(f, 300, &v) == -ENOENT && h.count == before,
	       "reject: filter freed, no ADD->ACTIVE sample");
	drain(f);
	tap_ok(t, f->nrec == 3 && f->rec[2].state.reason == IAVF_VLAN_R_ADD_REJECT,
	       "reject: add_reject record");
}

static void test_reset_readd(struct tap *t, struct fixture *f)
{
	struct ivt_filter_val v;
	struct ivt_hist h;
	__u64 before;

	state(f, 400, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	state(f, 400, IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_R_SEND_ADD_V2, 1);
	state(f, 400, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_R_ADD_ACK, 1);
	lookup_hist(f, IVT_H_ADD_ACTIVE, 0, &h);
	before = h.count;
	state(f, 400, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_RESET_CAPS, 1);
	tap_ok(t, !lookup_filter(f, 400, &v) && v.state == IAVF_VLAN_ABI_ADD && v.add_ts,
	       "reset: T12 moves the filter back to ADD and starts the ADD clock");
	state(f, 400, IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_R_SEND_ADD_V2, 1);
	state(f, 400, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_R_ADD_ACK, 1);
	lookup_hist(f, IVT_H_ADD_ACTIVE, 0, &h);
	tap_ok(t, h.count == before + 1 && !lookup_filter(f, 400, &v) && v.transitions == 6,
	       "reset: re-add counted in ADD->ACTIVE, 6 transitions");
	drain(f);
}

static void test_anomalies(struct tap *t, struct fixture *f)
{
	struct ivt_filter_val v;
	__u64 ooo = stat(f, IVT_S_OUT_OF_ORDER), unk = stat(f, IVT_S_UNKNOWN_PRIOR);
	__u64 dup = stat(f, IVT_S_DUPLICATE);

	/* vid 400 is ACTIVE: an ADD -> ADDING means we missed events */
	state(f, 400, IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_R_SEND_ADD_V2, 1);
	drain(f);
	tap_ok(t, f->nrec == 1 && f->rec[0].state.flags == IVT_F_OUT_OF_ORDER &&
	       stat(f, IVT_S_OUT_OF_ORDER) == ooo + 1 && !lookup_filter(f, 400, &v) &&
	       v.state == IAVF_VLAN_ABI_ADDING,
	       "out-of-order: flagged, counted, and the map follows the driver");

	/* a filter that predates us (or whose events were lost) */
	state(f, 500, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_R_ADD_ACK, 1);
	drain(f);
	tap_ok(t, f->nrec == 1 && f->rec[0].state.flags == IVT_F_UNKNOWN_PRIOR &&
	       stat(f, IVT_S_UNKNOWN_PRIOR) == unk + 1 && !lookup_filter(f, 500, &v) &&
	       v.state == IAVF_VLAN_ABI_ACTIVE && v.transitions == 1,
	       "unknown prior: flagged, counted, filter tracked from now on");

	state(f, 600, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	state(f, 600, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	drain(f);
	tap_ok(t, f->nrec == 2 && f->rec[0].state.flags == 0 &&
	       f->rec[1].state.flags == IVT_F_DUPLICATE &&
	       stat(f, IVT_S_DUPLICATE) == dup + 1 && !lookup_filter(f, 600, &v) &&
	       v.transitions == 1, "duplicate: second copy flagged, not counted as a transition");
}

static void test_vc_rtt(struct tap *t, struct fixture *f)
{
	struct ivt_hist h;

	vc(f, IAVF_VC_DIR_SEND, IAVF_VC_OP_ADD_VLAN_V2, 2, 0);
	sleep_ms(2);
	vc(f, IAVF_VC_DIR_REPLY, IAVF_VC_OP_ADD_VLAN_V2, 2, -5);
	drain(f);
	tap_ok(t, f->nrec == 2 && f->rec[0].type == IVT_EV_VC &&
	       f->rec[0].vc.dir == IAVF_VC_DIR_SEND && f->rec[0].vc.op == IAVF_VC_OP_ADD_VLAN_V2 &&
	       f->rec[0].vc.num == 2 && f->rec[1].vc.dir == IAVF_VC_DIR_REPLY &&
	       f->rec[1].vc.v_retval == -5, "vc: send and reply records with op, num and v_retval");
	tap_ok(t, !lookup_hist(f, IVT_H_PF_RTT, IAVF_VC_OP_ADD_VLAN_V2, &h) && h.count == 1 &&
	       h.sum_us >= 2000, "vc: PF round trip histogram per op (%llu us)",
	       (unsigned long long)h.sum_us);
	vc(f, IAVF_VC_DIR_REPLY, IAVF_VC_OP_DEL_VLAN_V2, 1, 0);
	tap_ok(t, lookup_hist(f, IVT_H_PF_RTT, IAVF_VC_OP_DEL_VLAN_V2, &h) == -ENOENT,
	       "vc: a reply without a send adds no round-trip sample");
	drain(f);
}

static void test_updown(struct tap *t, struct fixture *f)
{
	struct ivt_hist h;

	updown(f, IAVF_UPDOWN_DOWN_BEGIN, 0, 2);
	sleep_ms(1);
	updown(f, IAVF_UPDOWN_DOWN_END, 0, 2);
	tap_ok(t, !lookup_hist(f, IVT_H_DOWN, 0, &h) && h.count == 1 && h.sum_us >= 1000,
	       "updown: down time sampled");
	/* vid 400 is ADDING, 600 is ADD: up is complete only when both ACTIVE */
	updown(f, IAVF_UPDOWN_UP_BEGIN, 0, 2);
	updown(f, IAVF_UPDOWN_UP_END, 0, 2);
	tap_ok(t, lookup_hist(f, IVT_H_UP, 0, &h) == -ENOENT,
	       "updown: up not complete while filters are pending");
	state(f, 400, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_R_ADD_ACK, 2);
	tap_ok(t, lookup_hist(f, IVT_H_UP, 0, &h) == -ENOENT, "updown: one filter still pending");
	state(f, 600, IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_R_SEND_ADD_V2, 2);
	state(f, 600, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_R_ADD_ACK, 2);
	tap_ok(t, !lookup_hist(f, IVT_H_UP, 0, &h) && h.count == 1,
	       "updown: up-to-all-ACTIVE sampled when the last filter becomes ACTIVE");
	updown(f, IAVF_UPDOWN_RESET_BEGIN, 0, 2);
	updown(f, IAVF_UPDOWN_RESET_END, -5, 2);
	drain(f);
	tap_ok(t, !lookup_hist(f, IVT_H_RESET, 0, &h) && h.count == 1 && f->nrec >= 2 &&
	       f->rec[f->nrec - 1].type == IVT_EV_UPDOWN &&
	       f->rec[f->nrec - 1].updown.phase == IAVF_UPDOWN_RESET_END &&
	       f->rec[f->nrec - 1].updown.status == -5, "updown: reset timed, status recorded");
}

static void test_hist_collect(struct tap *t, struct fixture *f)
{
	struct ivt_hist_entry *v = NULL;
	int n = ivt_hist_collect(bpf_map__fd(f->b.skel->maps.hists), false, &v);
	int i, sorted = 1;

	for (i = 1; i < n; i++)
		if (v[i - 1].key.kind > v[i].key.kind)
			sorted = 0;
	/* DOWN, UP, PF_RTT(ADD_VLAN_V2), ADD_ACTIVE, RESET */
	tap_ok(t, n == 5 && sorted, "latency: five histograms collected, sorted (%d)", n);
	free(v);
}

static void test_audit_from_maps(struct tap *t, struct fixture *f)
{
	struct ivt_filter_val v;
	struct ivt_views views;
	struct audit_result r;
	struct audit_input in;
	struct audit_vlandev devs[2] = {
		{ .name = "eth0.500", .lower_netns = NETNS, .lower_ifindex = IFX, .vid = 500, .tpid = TPID },
		{ .name = "eth0.700", .lower_netns = NETNS, .lower_ifindex = IFX, .vid = 700, .tpid = TPID },
	};
	int err;

	/* now: 500 ACTIVE (device), 400 and 600 ACTIVE (no device), 800 stuck in ADDING */
	state(f, 800, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 4);
	state(f, 800, IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_R_SEND_ADD_V2, 4);
	drain(f);
	lookup_filter(f, 800, &v);
	err = ivt_views_from_filters(bpf_map__fd(f->b.skel->maps.filters),
				     bpf_map__fd(f->b.skel->maps.vfs), v.last_ts + 10000ULL * 1000000ULL, &views);
	tap_ok(t, !err && views.nvfs == 1 && views.vfs[0].nfilters == 4,
	       "audit: driver view built from the filter map (%u filters)",
	       views.nvfs ? views.vfs[0].nfilters : 0);
	if (err || views.nvfs != 1)
		return;
	views.vfs[0].netns = NETNS;
	views.vfs[0].ifindex = IFX;
	in = (struct audit_input){ .vfs = views.vfs, .nvfs = 1, .devs = devs, .ndevs = 2,
				   .pf_limit = 3, .stuck_ms = 6000 };
	err = audit_compute(&in, &r);
	tap_ok(t, !err && r.by_kind[AUDIT_LEAKED] == 3 && r.by_kind[AUDIT_LOST] == 1 &&
	       r.by_kind[AUDIT_STUCK] == 1 && r.by_kind[AUDIT_OVER_LIMIT] == 1 &&
	       r.by_kind[AUDIT_DRIFT] == 0,
	       "audit: leaked 400/600/800, lost 700, stuck 800, over limit 4 > 3 (got %u/%u/%u/%u/%u)",
	       r.by_kind[AUDIT_LEAKED], r.by_kind[AUDIT_LOST], r.by_kind[AUDIT_STUCK],
	       r.by_kind[AUDIT_DRIFT], r.by_kind[AUDIT_OVER_LIMIT]);
	audit_result_free(&r);
	ivt_views_free(&views);
}

/* The walker's maps, filled from user space as the walker would. */
static void test_views_from_snapshot(struct tap *t, struct fixture *f)
{
	int vfs_fd = bpf_map__fd(f->b.skel->maps.snap_vfs);
	int snap_fd = bpf_map__fd(f->b.skel->maps.snap);
	struct ivt_snap_vf svf = { .gen = 5, .pci_id = PCI, .ifindex = IFX, .netns = NETNS,
				   .list_len = 2, .num_vlan_filters = 3, .max_filters = 8,
				   .cap_flags = 1u << 15 };
	struct ivt_snap_key k1 = { PCI, 500, TPID }, k2 = { PCI, 900, TPID }, k3 = { PCI, 901, TPID };
	struct ivt_snap_val v1 = { .since_ns = 0, .gen = 5, .state = IAVF_VLAN_ABI_ACTIVE };
	struct ivt_snap_val v2 = { .gen = 5, .state = IAVF_VLAN_ABI_ADDING };
	struct ivt_snap_val v3 = { .gen = 4, .state = IAVF_VLAN_ABI_ACTIVE };	/* stale */
	struct ivt_filter_val fv;
	struct ivt_views v;
	__u32 key = PCI, i;
	__u64 now;
	int err, ok900 = 0, ok500 = 0;

	/* 500 is ACTIVE in the filter map since a traced transition */
	lookup_filter(f, 500, &fv);
	now = fv.last_ts + 20000ULL * 1000000ULL;
	v1.since_ns = now - 1000ULL * 1000000ULL;	/* walker saw it 1 s ago */
	v2.since_ns = now - 7000ULL * 1000000ULL;
	snprintf(svf.dev, sizeof(svf.dev), "eth9");
	bpf_map_update_elem(vfs_fd, &key, &svf, BPF_ANY);
	bpf_map_update_elem(snap_fd, &k1, &v1, BPF_ANY);
	bpf_map_update_elem(snap_fd, &k2, &v2, BPF_ANY);
	bpf_map_update_elem(snap_fd, &k3, &v3, BPF_ANY);
	err = ivt_views_from_snapshot(vfs_fd, snap_fd, bpf_map__fd(f->b.skel->maps.filters),
				      bpf_map__fd(f->b.skel->maps.vfs), now, &v);
	for (i = 0; !err && v.nvfs == 1 && i < v.vfs[0].nfilters; i++) {
		const struct audit_filter *x = &v.vfs[0].filters[i];

		if (x->vid == 900 && x->state == IAVF_VLAN_ABI_ADDING && x->age_ms == 7000)
			ok900 = 1;
		if (x->vid == 500 && x->age_ms == 20000)
			ok500 = 1;
	}
	tap_ok(t, !err && v.nvfs == 1 && v.vfs[0].nfilters == 2 && ok900 && ok500 &&
	       v.vfs[0].num_vlan_filters == 3 && v.vfs[0].list_len == 2 &&
	       v.vfs[0].max_filters == 8 && !v.vfs[0].vlan_v1 && !strcmp(v.vfs[0].dev, "eth9"),
	       "audit: driver view from the walker maps (stale generation dropped, age from "
	       "the older traced transition, counters and caps carried)");
	if (!err)
		ivt_views_free(&v);
}

static void test_filters(struct tap *t)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || fx_open(f, 100, 0, 0, 0)) {
		tap_ok(t, 0, "filters: load with a VID filter");
		free(f);
		return;
	}
	state(f, 200, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	state(f, 100, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	drain(f);
	tap_ok(t, f->nrec == 1 && f->rec[0].state.vid == 100 && stat(f, IVT_S_FILTERED) == 1,
	       "filters: --vid 100 drops VID 200 (counted as filtered)");
	fx_close(f);
	if (fx_open(f, -1, 0x0400, 0, 0)) {
		tap_ok(t, 0, "filters: load with a PCI filter");
		free(f);
		return;
	}
	state(f, 200, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	vc(f, IAVF_VC_DIR_SEND, IAVF_VC_OP_ADD_VLAN_V2, 1, 0);
	drain(f);
	tap_ok(t, f->nrec == 0 && stat(f, IVT_S_FILTERED) == 2,
	       "filters: a device filter drops other VFs' state and vc events");
	fx_close(f);
	if (fx_open_ns(f, -1, 0, 0, 0, NETNS + 1)) {
		tap_ok(t, 0, "filters: load with a netns filter");
		free(f);
		return;
	}
	/* the VF's netns becomes known from its state event, then vc follows it */
	state(f, 200, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	updown(f, IAVF_UPDOWN_DOWN_BEGIN, 0, 1);
	vc(f, IAVF_VC_DIR_SEND, IAVF_VC_OP_ADD_VLAN_V2, 1, 0);
	drain(f);
	tap_ok(t, f->nrec == 0 && stat(f, IVT_S_FILTERED) == 3,
	       "filters: a netns filter drops state, updown and (by the VF's last netns) vc events");
	fx_close(f);
	free(f);
}

static void test_lost(struct tap *t)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int i, n = 200;

	if (!f || fx_open(f, -1, 0, 0, 4096)) {
		tap_ok(t, 0, "lost: load with a 4 KiB ring buffer");
		free(f);
		return;
	}
	for (i = 0; i < n; i++)
		state(f, (__u16)(1 + i), IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	drain(f);
	tap_ok(t, stat(f, IVT_S_LOST) > 0 && f->nrec + stat(f, IVT_S_LOST) == (__u64)n,
	       "lost: a full ring buffer counts every dropped record (%d kept + %llu lost = %d)",
	       f->nrec, (unsigned long long)stat(f, IVT_S_LOST), n);
	fx_close(f);
	free(f);
}

static void test_wakeup(struct tap *t)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int polled, consumed;

	if (!f || fx_open(f, -1, 0, 1 << 20, 0)) {
		tap_ok(t, 0, "wakeup: load with a 1 MiB threshold");
		free(f);
		return;
	}
	state(f, 10, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	polled = ring_buffer__poll(f->rb, 100);
	consumed = ivt_rb_poll(f->rb, 100);
	tap_ok(t, polled == 0 && consumed == 1,
	       "wakeup: below the threshold no wakeup; the CLI's poll delivers it at the timeout (%d/%d)",
	       polled, consumed);
	fx_close(f);
	if (fx_open(f, -1, 0, 1, 0)) {
		tap_ok(t, 0, "wakeup: load with a 1-byte threshold");
		free(f);
		return;
	}
	state(f, 10, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW, 1);
	polled = ring_buffer__poll(f->rb, 1000);
	tap_ok(t, polled == 1, "wakeup: at the threshold the consumer is woken (%d)", polled);
	fx_close(f);
	free(f);
}

/* The benchmark's producer (tests/ivt_test.bpf.c): n events through the
 * handler body in one test run.
 */
static void test_burst(struct tap *t)
{
	struct ivt_test_opts o = {};
	struct ivt_test_bpf *s = ivt_test_open(&o);
	struct fixture *f = calloc(1, sizeof(*f));
	__u64 a[2] = { 1000, PCI }, st[IVT_S_NR] = {};

	if (!f || !s || bpf_program__set_autoload(s->progs.raw_bench_burst, true) ||
	    ivt_test_bpf__load(s) ||
	    !(f->rb = ring_buffer__new(bpf_map__fd(s->maps.events), collect, f, NULL))) {
		tap_ok(t, 0, "burst: load");
		goto out;
	}
	run(s->progs.raw_bench_burst, a, 2);
	drain(f);
	ivt_test_stats(s, st);
	tap_ok(t, f->nrec == 1000 && st[IVT_S_STATE] == 1000 && st[IVT_S_LOST] == 0,
	       "burst: one test run emits 1000 records through the handler (%d)", f->nrec);
out:
	if (f)
		ring_buffer__free(f->rb);
	ivt_test_bpf__destroy(s);
	free(f);
}

/* ---- CO-RE against real module BTF of both generations ---------------- */

/* The figures of driver-generations.md for one kernel (0: not in the table). */
struct core_expect {
	const char *kernel;	/* file $IVT_CORE_BTF_DIR/<kernel>.btf */
	bool optional;
	__u32 generation;
	__u32 adapter_size, off_list, off_num, off_caps;
	__u32 drv_value;	/* one driver value ... */
	__u32 abi_state;	/* ... and the ABI state it must map to */
};

/* ABI state of a driver enumerator name (what the mapping must say). */
static int abi_of_name(const char *n)
{
	static const char *const names[] = {
		[IAVF_VLAN_ABI_NONE] = "IAVF_VLAN_INVALID", [IAVF_VLAN_ABI_ADD] = "IAVF_VLAN_ADD",
		[IAVF_VLAN_ABI_ADDING] = "IAVF_VLAN_ADDING", [IAVF_VLAN_ABI_ACTIVE] = "IAVF_VLAN_ACTIVE",
		[IAVF_VLAN_ABI_REMOVE] = "IAVF_VLAN_REMOVE", [IAVF_VLAN_ABI_REMOVING] = "IAVF_VLAN_REMOVING",
		[IAVF_VLAN_ABI_IS_NEW] = "IAVF_VLAN_IS_NEW", [IAVF_VLAN_ABI_DISABLE] = "IAVF_VLAN_DISABLE",
		[IAVF_VLAN_ABI_INACTIVE] = "IAVF_VLAN_INACTIVE",
	};
	int i;

	for (i = 0; i < IAVF_VLAN_ABI_NR_STATES; i++)
		if (!strcmp(n, names[i]))
			return i;
	return -1;
}

/* Every enumerator of the BTF's enum iavf_vlan_state_t mapped by name;
 * values the driver does not have map to IVT_STATE_UNMAPPED.
 */
static int check_map_by_names(const struct btf *btf, const struct ivt_core_info *ci,
			      char *why, size_t len)
{
	__s32 id = btf__find_by_name_kind(btf, "iavf_vlan_state_t", BTF_KIND_ENUM);
	const struct btf_type *e = id > 0 ? btf__type_by_id(btf, id) : NULL;
	bool seen[IVT_CORE_MAP_N] = {};
	const struct btf_enum *v;
	__u32 i;

	if (!e)
		return snprintf(why, len, "no enum iavf_vlan_state_t"), -1;
	for (i = 0, v = btf_enum(e); i < btf_vlen(e); i++, v++) {
		const char *n = btf__name_by_offset(btf, v->name_off);

		if (v->val < 0 || v->val >= IVT_CORE_MAP_N ||
		    (int)ci->abi_of[v->val] != abi_of_name(n))
			return snprintf(why, len, "%s=%d mapped to %u", n, v->val,
					v->val >= 0 && v->val < IVT_CORE_MAP_N ?
					ci->abi_of[v->val] : 0), -1;
		seen[v->val] = true;
	}
	for (i = 0; i < IVT_CORE_MAP_N; i++)
		if (!seen[i] && ci->abi_of[i] != IVT_STATE_UNMAPPED)
			return snprintf(why, len, "value %u (no enumerator) mapped to %u",
					i, ci->abi_of[i]), -1;
	return snprintf(why, len, "%u names", btf_vlen(e)), 0;
}

static __u32 member_off(const struct btf *btf, const char *st, const char *m)
{
	__s32 id = btf__find_by_name_kind(btf, st, BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_member *x;
	__u16 i;

	for (i = 0, x = t ? btf_members(t) : NULL; t && i < btf_vlen(t); i++, x++)
		if (!strcmp(btf__name_by_offset(btf, x->name_off), m))
			return btf_member_bit_offset(t, i) / 8;
	return ~0u;
}

/* ---- the walker and the touch on a fake adapter with a real layout ---- */

#define FK_AD	0
#define FK_ND	4096
#define FK_FL	12288
#define FK_FSZ	64

struct fake {
	struct ivt_test_bpf *skel;
	struct ring_buffer *rb;
	struct ivt_event rec[16];
	int nrec;
	__u64 base;
	__u32 off_list, off_netdev, off_num, off_vid, off_tpid, off_state, off_ifindex, off_flags;
	__u8 img[16384];
	int order[16];		/* slots in list order */
	int n;
};

static int fake_collect(void *ctx, void *data, size_t size)
{
	struct fake *k = ctx;

	if (size >= sizeof(struct ivt_event) && k->nrec < 16)
		memcpy(&k->rec[k->nrec++], data, sizeof(struct ivt_event));
	return 0;
}

static __s64 enum_val(const struct btf *btf, const char *name)
{
	__u32 id, n = btf__type_cnt(btf), i;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_enum *e = btf_is_enum(t) ? btf_enum(t) : NULL;

		for (i = 0; e && i < btf_vlen(t); i++, e++)
			if (!strcmp(btf__name_by_offset(btf, e->name_off), name))
				return e->val;
	}
	return -1;
}

static void put(struct fake *k, __u32 off, __u64 v, int size)
{
	memcpy(&k->img[off], &v, size);	/* little endian */
}

/* The list in k->order, written into kernel memory. */
static int fake_sync(struct fake *k)
{
	__u64 head = k->base + FK_AD + k->off_list;
	int i, zero = 0;

	for (i = 0; i < k->n; i++) {
		__u32 f = FK_FL + k->order[i] * FK_FSZ;

		put(k, f, i + 1 < k->n ? k->base + FK_FL + k->order[i + 1] * FK_FSZ : head, 8);
		put(k, f + 8, i ? k->base + FK_FL + k->order[i - 1] * FK_FSZ : head, 8);
	}
	put(k, FK_AD + k->off_list, k->n ? k->base + FK_FL + k->order[0] * FK_FSZ : head, 8);
	put(k, FK_AD + k->off_list + 8, k->n ? k->base + FK_FL + k->order[k->n - 1] * FK_FSZ : head, 8);
	put(k, FK_AD + k->off_num, k->n, 4);
	return bpf_map_update_elem(bpf_map__fd(k->skel->maps.fake_mem), &zero, k->img, 0);
}

static void fake_add(struct fake *k, int slot, __u16 vid, __s64 state)
{
	__u32 f = FK_FL + slot * FK_FSZ;

	put(k, f + k->off_vid, vid, 2);
	put(k, f + k->off_tpid, 0x8100, 2);
	put(k, f + k->off_state, (__u64)state, 4);
	k->order[k->n++] = slot;
}

/* list_del: out of the order, list_del's poison in its links. */
static void fake_del(struct fake *k, int slot)
{
	int i, j;

	for (i = j = 0; i < k->n; i++)
		if (k->order[i] != slot)
			k->order[j++] = k->order[i];
	k->n = j;
	fake_sync(k);
	put(k, FK_FL + slot * FK_FSZ, 0xdead000000000100ULL, 8);
	put(k, FK_FL + slot * FK_FSZ + 8, 0xdead000000000122ULL, 8);
}

/* raw_tp/ivt_walk_probe: @what an enum ivt_walk_probe. Returns records. */
static int fake_run(struct fake *k, __u16 vid, enum ivt_walk_probe what)
{
	__u64 a[4] = { k->base + FK_AD, vid, 0x8100, what };

	k->nrec = 0;
	if (fake_sync(k) || run(k->skel->progs.raw_walk_probe, a, 4))
		return -1;
	ring_buffer__consume(k->rb);
	return k->nrec;
}

static bool rec_is(const struct ivt_event *e, __u16 vid, __u8 old, __u8 new)
{
	return e->type == IVT_EV_STATE && e->state.vid == vid && e->state.old_state == old &&
	       e->state.new_state == new && e->state.reason == IVT_REASON_INFERRED &&
	       e->ifindex == 77;
}

static int fake_open(struct fake *k, const char *path, const struct btf *btf)
{
	struct ivt_test_opts o = { .btf_path = path, .emit_inferred = true };
	__u64 z[1] = { 0 };

	k->off_list = member_off(btf, "iavf_adapter", "vlan_filter_list");
	k->off_netdev = member_off(btf, "iavf_adapter", "netdev");
	k->off_num = member_off(btf, "iavf_adapter", "num_vlan_filters");
	k->off_vid = member_off(btf, "iavf_vlan_filter", "vlan") + member_off(btf, "iavf_vlan", "vid");
	k->off_tpid = member_off(btf, "iavf_vlan_filter", "vlan") + member_off(btf, "iavf_vlan", "tpid");
	k->off_state = member_off(btf, "iavf_vlan_filter", "state");
	k->off_ifindex = member_off(btf, "net_device", "ifindex");
	k->off_flags = member_off(btf, "net_device", "flags");
	if (k->off_list >= FK_ND || k->off_netdev >= FK_ND || k->off_ifindex >= FK_FL - FK_ND ||
	    k->off_flags >= FK_FL - FK_ND || k->off_state + 4 > FK_FSZ)
		return -1;
	k->skel = ivt_test_open(&o);
	if (!k->skel)
		return -1;
	bpf_program__set_autoload(k->skel->progs.raw_walk_probe, true);
	bpf_program__set_autoload(k->skel->progs.raw_fake_base, true);
	if (ivt_test_bpf__load(k->skel) || run(k->skel->progs.raw_fake_base, z, 1))
		return -1;
	k->base = k->skel->bss->fake_base;
	k->rb = ring_buffer__new(bpf_map__fd(k->skel->maps.events), fake_collect, k, NULL);
	put(k, FK_AD + k->off_netdev, k->base + FK_ND, 8);
	put(k, FK_ND + k->off_ifindex, 77, 4);
	put(k, FK_ND + k->off_flags, 1, 4);
	memcpy(&k->img[FK_ND], "fak0", 5);	/* name is the first member */
	return k->base && k->rb ? 0 : -1;
}

/* One kernel's layout: a walk, then add/kill of one VLAN each read by the
 * touch alone (a new filter at the tail, a state change at the address the
 * walk saw, a freed filter), then a walk that finds nothing more.
 */
static void test_fake_walk(struct tap *t, const char *path, const struct btf *btf,
			   const char *kernel)
{
	__s64 add = enum_val(btf, "IAVF_VLAN_ADD"), act = enum_val(btf, "IAVF_VLAN_ACTIVE");
	__s64 rem = enum_val(btf, "IAVF_VLAN_REMOVE");
	struct fake *k = calloc(1, sizeof(*k));
	int n0, n1, n2, n3, n4;

	if (!k || add < 0 || act < 0 || rem < 0 || fake_open(k, path, btf)) {
		tap_ok(t, 0, "%s: fake adapter with the driver's layout", kernel);
		goto out;
	}
	fake_add(k, 0, 100, act);
	fake_add(k, 1, 200, add);
	n0 = fake_run(k, 0, IVT_PROBE_WALK);		/* first walk: a baseline, no events */
	fake_add(k, 2, 300, add);
	n1 = fake_run(k, 300, IVT_PROBE_TOUCH);		/* add_vid: new filter at the tail */
	n1 = n1 == 1 && rec_is(&k->rec[0], 300, IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD) ? 1 : -n1 - 10;
	put(k, FK_FL + 0 * FK_FSZ + k->off_state, (__u64)rem, 4);
	n2 = fake_run(k, 100, IVT_PROBE_TOUCH);		/* kill_vid: ACTIVE -> REMOVE in place */
	n2 = n2 == 1 && rec_is(&k->rec[0], 100, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_ABI_REMOVE) ? 1 : -n2 - 10;
	fake_del(k, 1);
	n3 = fake_run(k, 200, IVT_PROBE_TOUCH);		/* kill_vid of an ADD: freed */
	n3 = n3 == 1 && rec_is(&k->rec[0], 200, IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_NONE) ? 1 : -n3 - 10;
	n4 = fake_run(k, 0, IVT_PROBE_WALK);		/* a walk agrees: nothing new */
	tap_ok(t, n0 == 0 && n1 == 1 && n2 == 1 && n3 == 1 && n4 == 0,
	       "%s: fentry touch on the driver's layout: tail add NONE->ADD, ACTIVE->REMOVE in place, "
	       "freed ADD->NONE, each from one filter; a walk then finds nothing (%d %d %d %d %d: "
	       "records, or -10-n for n wrong ones)",
	       kernel, n0, n1, n2, n3, n4);
out:
	if (k) {
		ring_buffer__free(k->rb);
		ivt_test_bpf__destroy(k->skel);
	}
	free(k);
}

static bool rec_send(const struct ivt_event *e, __u16 num)
{
	return e->type == IVT_EV_VC && e->vc.dir == IAVF_VC_DIR_SEND && e->vc.num == num;
}

/* fentry mode's visit of the pending set on one kernel's layout: it reads
 * the unsettled filters, and only them (a settled filter changed behind
 * its back is left to the next walk: the visit does not walk the list).
 */
static void test_fake_visit(struct tap *t, const char *path, const struct btf *btf,
			    const char *kernel)
{
	__s64 add = enum_val(btf, "IAVF_VLAN_ADD"), act = enum_val(btf, "IAVF_VLAN_ACTIVE");
	__s64 rem = enum_val(btf, "IAVF_VLAN_REMOVE"), sent = enum_val(btf, "IAVF_VLAN_ADDING");
	bool unfixed = sent < 0;
	__u8 abi_sent = unfixed ? IAVF_VLAN_ABI_IS_NEW : IAVF_VLAN_ABI_ADDING;
	struct fake *k = calloc(1, sizeof(*k));
	int n1, n2, n3, n4, n5;

	if (unfixed)
		sent = enum_val(btf, "IAVF_VLAN_IS_NEW");
	if (!k || add < 0 || act < 0 || rem < 0 || sent < 0 || fake_open(k, path, btf)) {
		tap_ok(t, 0, "%s: fake adapter with the driver's layout (visit)", kernel);
		goto out;
	}
	fake_add(k, 0, 100, act);
	fake_add(k, 1, 200, add);
	fake_run(k, 0, IVT_PROBE_WALK);		/* baseline: 200 is pending */
	put(k, FK_FL + 1 * FK_FSZ + k->off_state, (__u64)sent, 4);
	put(k, FK_FL + 0 * FK_FSZ + k->off_state, (__u64)rem, 4);	/* not touched */
	n1 = fake_run(k, 0, IVT_PROBE_VISIT);	/* iavf_add_vlans sent 200 */
	n1 = n1 == 2 && rec_is(&k->rec[0], 200, IAVF_VLAN_ABI_ADD, abi_sent) &&
	     rec_send(&k->rec[1], 1) ? 1 : -n1 - 10;
	put(k, FK_FL + 1 * FK_FSZ + k->off_state, (__u64)act, 4);
	n2 = fake_run(k, 0, IVT_PROBE_VISIT);	/* the ADD's reply */
	n2 = n2 == 1 && rec_is(&k->rec[0], 200, abi_sent, IAVF_VLAN_ABI_ACTIVE) ? 1 : -n2 - 10;
	n3 = fake_run(k, 0, IVT_PROBE_VISIT);	/* nothing unsettled */
	n4 = fake_run(k, 0, IVT_PROBE_WALK);	/* the walk sees 100's change */
	n4 = n4 == 1 && rec_is(&k->rec[0], 100, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_ABI_REMOVE) ?
	     1 : -n4 - 10;
	fake_del(k, 0);
	n5 = fake_run(k, 0, IVT_PROBE_VISIT);	/* 100 freed (the unfixed: DEL sent) */
	n5 = n5 == 1 + unfixed && rec_is(&k->rec[0], 100, IAVF_VLAN_ABI_REMOVE, IAVF_VLAN_ABI_NONE) &&
	     (!unfixed || rec_send(&k->rec[1], 1)) ? 1 : -n5 - 10;
	tap_ok(t, n1 == 1 && n2 == 1 && n3 == 0 && n4 == 1 && n5 == 1,
	       "%s: fentry visit of the unsettled filters only: ADD->%s with its send, ->ACTIVE, "
	       "then nothing; a settled filter changed behind it is left to the walk; a freed "
	       "REMOVE->NONE%s (%d %d %d %d %d: records, or -10-n for n wrong ones)",
	       kernel, ivt_state_name(abi_sent), unfixed ? " with its DEL sent" : "",
	       n1, n2, n3, n4, n5);
out:
	if (k) {
		ring_buffer__free(k->rb);
		ivt_test_bpf__destroy(k->skel);
	}
	free(k);
}

/* Load raw_tp/ivt_core_probe relocated against @path, run it once. */
static int core_probe(const char *path, struct ivt_core_info *ci)
{
	struct ivt_test_opts o = { .btf_path = path };
	struct ivt_test_bpf *skel = ivt_test_open(&o);
	__u64 args[1] = { 0 };
	int err = -1;

	if (!skel)
		return -1;
	bpf_program__set_autoload(skel->progs.raw_core_probe, true);
	if (!ivt_test_bpf__load(skel) &&
	    !run(skel->progs.raw_core_probe, args, 1)) {
		*ci = skel->bss->core_info;
		err = ci->runs == 1 ? 0 : -1;
	}
	ivt_test_bpf__destroy(skel);
	return err;
}

/* The list walker and fentry mode's per-VLAN touch (raw_tp/ivt_walk_probe,
 * with the inferred events on, as fentry mode loads them): verified with
 * CO-RE relocated against @path, then run on no adapter and on an
 * unreadable one (every probe read fails: nothing is walked or reported).
 */
static int walk_probe(const char *path, __u64 *snapshots)
{
	struct ivt_test_opts o = { .btf_path = path, .emit_inferred = true };
	struct ivt_test_bpf *skel = ivt_test_open(&o);
	__u64 a0[4] = { 0, 100, 0x8100, 0 }, a1[4] = { 0xffff800000001000ULL, 100, 0x8100, 0 };
	int err = -1;

	if (!skel)
		return -1;
	bpf_program__set_autoload(skel->progs.raw_walk_probe, true);
	if (!ivt_test_bpf__load(skel) && !run(skel->progs.raw_walk_probe, a0, 4) &&
	    !run(skel->progs.raw_walk_probe, a1, 4)) {
		__u64 s[IVT_S_NR];

		err = ivt_test_stats(skel, s);
		*snapshots = s[IVT_S_SNAPSHOTS] + s[IVT_S_STATE];
	}
	ivt_test_bpf__destroy(skel);
	return err;
}

static void test_core_kernel(struct tap *t, const char *dir, const struct core_expect *x)
{
	struct ivt_core_info ci = {};
	struct ivt_gen_info g;
	struct btf *btf;
	char path[512], why[128];
	int map_ok;

	snprintf(path, sizeof(path), "%s/%s.btf", dir, x->kernel);
	if (x->optional && access(path, R_OK)) {
		tap_skip(t, x->kernel, "kernel not in the cache");
		return;
	}
	btf = btf__parse(path, NULL);
	if (!tap_ok(t, btf && !core_probe(path, &ci),
		    "%s: raw_tp/ivt_core_probe loads with CO-RE relocated against its vmlinux+iavf BTF and runs",
		    x->kernel)) {
		btf__free(btf);
		return;
	}
	tap_ok(t, ci.generation == x->generation && ci.has_state &&
	       !ivt_gen_from_btf(btf, &g) && g.gen == x->generation,
	       "%s: BPF and user space both say the %s machine (BPF %s; BTF: %s)", x->kernel,
	       ivt_generation_name(x->generation), ivt_generation_name(ci.generation), g.states);
	{
		__u64 walked = 1;

		tap_ok(t, !walk_probe(path, &walked) && walked == 0,
		       "%s: the list walker and fentry mode's per-VLAN touch verify with its BTF "
		       "and read nothing from no adapter", x->kernel);
	}
	test_fake_walk(t, path, btf, x->kernel);
	test_fake_visit(t, path, btf, x->kernel);
	map_ok = !check_map_by_names(btf, &ci, why, sizeof(why));
	tap_ok(t, map_ok && ci.abi_of[x->drv_value] == x->abi_state,
	       "%s: every state maps by name (%s); driver value %u -> ABI %s (got %s)",
	       x->kernel, why, x->drv_value, ivt_state_name(x->abi_state),
	       ivt_state_name(ci.abi_of[x->drv_value]));
	tap_ok(t, ci.adapter_size == x->adapter_size && ci.off_vlan_filter_list == x->off_list &&
	       ci.off_num_vlan_filters == x->off_num && ci.off_vlan_v2_caps == x->off_caps &&
	       ci.off_vlan_filter_list == member_off(btf, "iavf_adapter", "vlan_filter_list") &&
	       ci.off_watchdog_task == member_off(btf, "iavf_adapter", "watchdog_task") &&
	       ci.filter_size == 24 && ci.off_filter_vlan == 16 && ci.off_filter_state == 20,
	       "%s: CO-RE offsets: iavf_adapter %u bytes, vlan_filter_list %u, num_vlan_filters %u, "
	       "vlan_v2_caps %u, watchdog_task %u; iavf_vlan_filter %u bytes, vlan %u, state %u",
	       x->kernel, ci.adapter_size, ci.off_vlan_filter_list, ci.off_num_vlan_filters,
	       ci.off_vlan_v2_caps, ci.off_watchdog_task, ci.filter_size, ci.off_filter_vlan,
	       ci.off_filter_state);
	btf__free(btf);
}

static void test_core(struct tap *t)
{
	static const struct core_expect kernels[] = {
		/* 6.12's REMOVE is 4 */
		{ "6.12-stock", false, IVT_GEN_FIXED, 1280, 184, 200, 896,
		  4, IAVF_VLAN_ABI_REMOVE },
		/* 6.1.170's DISABLE is 4, INACTIVE 5 (was printed as REMOVING) */
		{ "6.1.170-stock", false, IVT_GEN_UNFIXED, 1488, 272, 288, 1096,
		  4, IAVF_VLAN_ABI_DISABLE },
		{ "6.1.170-stock", false, IVT_GEN_UNFIXED, 1488, 272, 288, 1096,
		  5, IAVF_VLAN_ABI_INACTIVE },
		/* fixed machine on the 6.1 layout (not in the table: offsets
		 * checked against its BTF and the 6.1 figures)
		 */
		{ "6.1.176-stock", true, IVT_GEN_FIXED, 1488, 272, 288, 1096,
		  5, IAVF_VLAN_ABI_REMOVING },
	};
	const char *dir = getenv("IVT_CORE_BTF_DIR");
	size_t i;

	if (!dir || !*dir) {
		tap_ok(t, 0, "CO-RE: IVT_CORE_BTF_DIR names the extracted kernel BTF (make check-bpf sets it)");
		return;
	}
	for (i = 0; i < sizeof(kernels) / sizeof(kernels[0]); i++)
		test_core_kernel(t, dir, &kernels[i]);
}

/* Layouts the programs cannot read: one message naming the layout. */
static void test_layouts(struct tap *t)
{
	static const struct {
		enum synth_layout l;
		int err;
		const char *needle;
		unsigned int gen;
	} cases[] = {
		{ SYNTH_BOOL, -EOPNOTSUPP, "bool add, remove", 0 },
		{ SYNTH_BITFIELD, -EOPNOTSUPP, "bitfields is_new_vlan:1, remove:1, add:1", 0 },
		{ SYNTH_UNKNOWN_STATE, -EOPNOTSUPP, "unknown state PARKED", 0 },
		{ SYNTH_UNFIXED, 0, "unfixed", IVT_GEN_UNFIXED },
		{ SYNTH_FIXED, 0, "fixed", IVT_GEN_FIXED },
	};
	struct ivt_gen_info g;
	struct btf *b;
	size_t i;
	int err;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		b = btf__new_empty();
		err = b && !synth_iavf_btf(b, cases[i].l) ? ivt_gen_from_btf(b, &g) : -999;
		tap_ok(t, err == cases[i].err && strstr(g.layout, cases[i].needle) &&
		       g.gen == cases[i].gen,
		       "layout detection: synthetic BTF -> %s (%d: %s)", cases[i].needle, err,
		       err == -999 ? "no BTF" : g.layout);
		btf__free(b);
	}
	b = btf__new_empty();
	err = b ? ivt_gen_from_btf(b, &g) : -999;
	tap_ok(t, err == -ENOENT && strstr(g.layout, "no struct iavf_vlan_filter"),
	       "layout detection: a BTF without struct iavf_vlan_filter says so (%s)", g.layout);
	btf__free(b);
}

int main(void)
{
	struct tap t = {};
	struct fixture *f;

	if (geteuid() != 0) {
		tap_skip(&t, "BPF unit tests", "need root");
		return tap_done(&t);
	}
	f = calloc(1, sizeof(*f));
	if (!tap_ok(&t, f && !fx_open(f, -1, 0, 0, 0),
		    "load the raw_tp programs on the host kernel (no iavf needed)"))
		return tap_done(&t);
	test_add_sequence(&t, f);
	test_delete(&t, f);
	test_reject(&t, f);
	test_reset_readd(&t, f);
	test_anomalies(&t, f);
	test_vc_rtt(&t, f);
	test_updown(&t, f);
	test_hist_collect(&t, f);
	test_audit_from_maps(&t, f);
	test_views_from_snapshot(&t, f);
	fx_close(f);
	free(f);
	test_filters(&t);
	test_lost(&t);
	test_wakeup(&t);
	test_burst(&t);
	test_layouts(&t);
	test_core(&t);
	return tap_done(&t);
}
