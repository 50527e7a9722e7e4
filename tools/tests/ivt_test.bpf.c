// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The benchmark's and the unit tests' BPF programs, an object of their
 * own (skeleton ivt_test_bpf, used by tests/bench.c and tests/test_bpf.c
 * only): the CLI's object (bpf/iavf_vlantrace.bpf.c) holds only what it
 * loads. Built from the same handler bodies, maps and walker, so what is
 * measured and tested here is the code the CLI runs:
 *   - raw_bench_*: the handler's cost and its breakdown (`make bench`),
 *     the consumer's producers;
 *   - raw_core_probe: what CO-RE resolved against a kernel's iavf BTF;
 *   - raw_walk_probe, raw_fake_base: the list walker and fentry mode's
 *     per-VLAN touch, verified and run on a fake adapter laid out like a
 *     real driver's.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "iavf_vlantrace.h"
#include "iavf_core_types.h"
#include "ivt_maps.bpf.h"
#include "ivt_events.bpf.h"
#include "ivt_walker.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- handler cost ------------------------------------------------------ */

/* The full state handler: the body raw_tp/iavf_vlan_state runs. */
SEC("raw_tp/ivt_bench_state")
int BPF_PROG(raw_bench_state, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u16 vid, u16 tpid, u8 old_state, u8 new_state, u8 reason, u16 num)
{
	return on_vlan_state(dev, pci_id, ifindex, netns, vid, tpid, old_state,
			     new_state, reason, num);
}

/* The breakdown: the state handler cut after each of its steps. */
#define BENCH_EV(ev)							\
	struct state_ev ev = {						\
		.dev = dev, .pci_id = pci_id, .ifindex = ifindex,	\
		.netns = netns, .vid = vid, .tpid = tpid,		\
		.old = old_state, .new = new_state, .reason = reason,	\
		.num = num,						\
	}

SEC("raw_tp/ivt_bench_st_filters")
int BPF_PROG(raw_bench_st_filters, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u16 vid, u16 tpid, u8 old_state, u8 new_state, u8 reason, u16 num)
{
	BENCH_EV(ev);

	state_admit(&ev);
	return 0;
}

SEC("raw_tp/ivt_bench_st_filter_map")
int BPF_PROG(raw_bench_st_filter_map, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u16 vid, u16 tpid, u8 old_state, u8 new_state, u8 reason, u16 num)
{
	BENCH_EV(ev);
	struct state_run r;

	if (state_admit(&ev))
		state_track(&ev, &r);
	return 0;
}

SEC("raw_tp/ivt_bench_st_vf_hist")
int BPF_PROG(raw_bench_st_vf_hist, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u16 vid, u16 tpid, u8 old_state, u8 new_state, u8 reason, u16 num)
{
	BENCH_EV(ev);
	struct state_run r;

	if (state_admit(&ev)) {
		state_track(&ev, &r);
		state_account(&ev, &r);
	}
	return 0;
}

/* One clock read. */
SEC("raw_tp/ivt_bench_clock")
int BPF_PROG(raw_bench_clock)
{
	return bpf_ktime_get_ns() & 1;
}

/* The VF's slot, then its filter's entry. */
SEC("raw_tp/ivt_bench_lookup")
int BPF_PROG(raw_bench_lookup, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u16 vid, u16 tpid)
{
	__u32 dev_id = pci_id;
	struct ivt_vf_val *vf = bpf_map_lookup_elem(&vfs, &dev_id);
	struct ivt_filter_val *val = filter_of(vf, vid, tpid);

	return val && val->last_ts;
}

/* Baseline: the cost of running any program at all. */
SEC("raw_tp/ivt_bench_nop")
int BPF_PROG(raw_bench_nop)
{
	return 0;
}

/* Baseline: only the ring-buffer record (reserve, clock, fill, submit). */
SEC("raw_tp/ivt_bench_emit")
int BPF_PROG(raw_bench_emit, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u16 vid)
{
	struct ivt_event *e = ev_reserve();

	if (!e)
		return 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->type = IVT_EV_STATE;
	e->pci_id = pci_id;
	e->ifindex = ifindex;
	e->state.vid = vid;
	ev_submit(e);
	return 0;
}

/* ---- consumer throughput: bursts of records from one test run ---------- */

/* n synthetic state events through the handler body, so the consumer can
 * be measured without a syscall per event.
 */
struct burst_ctx {
	__u32 pci_id;
};

static long burst_one(__u32 i, struct burst_ctx *c)
{
	__u8 old = (i & 1) ? IAVF_VLAN_ABI_ADD : IAVF_VLAN_ABI_ACTIVE;
	__u8 new = (i & 1) ? IAVF_VLAN_ABI_ACTIVE : IAVF_VLAN_ABI_ADD;

	on_vlan_state(NULL, c->pci_id, 1, 1, (__u16)(1 + ((i >> 1) % 4094)),
		      0x8100, old, new, IAVF_VLAN_R_ADD_ACK, 8);
	return 0;
}

SEC("raw_tp/ivt_bench_burst")
int BPF_PROG(raw_bench_burst, u32 n, u32 pci_id)
{
	struct burst_ctx c = { .pci_id = pci_id };

	bpf_loop(n, burst_one, &c, 0);
	return 0;
}

static long burst_emit_one(__u32 i, void *unused)
{
	struct ivt_event *e = ev_reserve();

	if (!e)
		return 0;
	e->ts_ns = i;
	e->type = IVT_EV_STATE;
	e->pci_id = 0x0300;
	e->ifindex = 1;
	e->state.vid = (__u16)(1 + i % 4094);
	e->state.old_state = IAVF_VLAN_ABI_ADDING;
	e->state.new_state = IAVF_VLAN_ABI_ACTIVE;
	e->state.reason = IAVF_VLAN_R_ADD_ACK;
	ev_submit(e);
	return 0;
}

/* n bare records per run. */
SEC("raw_tp/ivt_bench_burst_emit")
int BPF_PROG(raw_bench_burst_emit, u32 n)
{
	bpf_loop(n, burst_emit_one, NULL, 0);
	return 0;
}

/* ---- CO-RE against a kernel's BTF (btf_custom_path) -------------------- */

/* What CO-RE resolved against the BTF the object was opened with (a
 * kernel's vmlinux + iavf module BTF).
 */
struct ivt_core_info core_info;

SEC("raw_tp/ivt_core_probe")
int BPF_PROG(raw_core_probe)
{
	__u32 i;

	core_info.generation = drv_generation();
	core_info.has_state = bpf_core_field_exists(struct iavf_vlan_filter___ivt, state);
	for (i = 0; i < IVT_CORE_MAP_N; i++)
		core_info.abi_of[i] = abi_state_of(i);
	core_info.adapter_size = bpf_core_type_size(struct iavf_adapter___ivt);
	core_info.off_vlan_filter_list =
		bpf_core_field_offset(struct iavf_adapter___ivt, vlan_filter_list);
	core_info.off_num_vlan_filters =
		bpf_core_field_offset(struct iavf_adapter___ivt, num_vlan_filters);
	core_info.off_vlan_v2_caps =
		bpf_core_field_offset(struct iavf_adapter___ivt, vlan_v2_caps);
	core_info.off_watchdog_task =
		bpf_core_field_offset(struct iavf_adapter___ivt, watchdog_task);
	core_info.filter_size = bpf_core_type_size(struct iavf_vlan_filter___ivt);
	core_info.off_filter_vlan = bpf_core_field_offset(struct iavf_vlan_filter___ivt, vlan);
	if (core_info.has_state)
		core_info.off_filter_state =
			bpf_core_field_offset(struct iavf_vlan_filter___ivt, state);
	core_info.runs++;
	return 0;
}

/* The walker, the touch and the visit of the pending set, verified and
 * run against a kernel's real iavf BTF on a host without iavf: an adapter
 * address (0 or unreadable: nothing to read), VID, TPID, and what to run:
 * IVT_PROBE_WALK the touch then a whole walk, IVT_PROBE_TOUCH the touch
 * alone (fentry mode's add/kill_vid hooks), IVT_PROBE_VISIT the visit
 * alone (its hooks on a batch to the PF and on a reply).
 */
SEC("raw_tp/ivt_walk_probe")
int BPF_PROG(raw_walk_probe, u64 adapter, u16 vid, u16 tpid, u64 what)
{
	if (what == IVT_PROBE_VISIT) {
		visit_pending(adapter);
		return 0;
	}
	touch_vid(adapter, vid, tpid);
	if (what == IVT_PROBE_WALK)
		walk_adapter(adapter, 0);
	return 0;
}

/* Kernel memory for a fake adapter, its net_device and its filter list,
 * which user space fills (bpf_map_update_elem) with a real driver's
 * offsets read from its BTF; the walker and the touch then run on it
 * (raw_tp/ivt_walk_probe). This program only says where it is.
 */
struct fake_region {
	__u8 b[16384];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fake_region);
} fake_mem SEC(".maps");

__u64 fake_base;

SEC("raw_tp/ivt_fake_base")
int BPF_PROG(raw_fake_base)
{
	__u32 zero = 0;
	void *m = bpf_map_lookup_elem(&fake_mem, &zero);

	fake_base = (__u64)m;
	return 0;
}
