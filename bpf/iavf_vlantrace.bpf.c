// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * BPF side of iavf-vlantrace.
 *
 * Three event handlers (VLAN filter state, VLAN virtchnl message, down/up),
 * each written once as an inline function and entered from:
 *   - tp_btf/<event>   default, typed arguments, lowest cost;
 *   - raw_tp/<event>   fallback (no module BTF), and the entry point that
 *                      BPF_PROG_TEST_RUN drives in the unit tests;
 *   - fentry mode      for an iavf without our tracepoints: fexit on the
 *                      driver functions that change the filter list, which
 *                      re-walk the list and infer transitions from the diff.
 * User space picks one set with bpf_program__set_autoload() before load.
 *
 * A walker snapshots the driver's own filter list for the audit, so filters
 * that predate the tool are seen too: on iavf_get_drvinfo (the tool triggers
 * it, for an instant audit) and on iavf_watchdog_task (every 2 s).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "iavf_vlantrace.h"
#include "iavf_core_types.h"

char LICENSE[] SEC("license") = "GPL";

/* Filters, set by user space before load (0 / -1 = any). */
const volatile __u32 targ_pci_id = 0;
const volatile __s32 targ_ifindex = 0;
const volatile __s32 targ_vid = -1;
const volatile __u32 targ_netns = 0;
/* Adaptive wakeup: wake the consumer only once this much data is queued;
 * below it user space finds records with its periodic poll timeout.
 * 0 means wake on every record.
 */
const volatile __u64 wakeup_bytes = 0;
/* Records in the ring buffer; latency (histograms only) turns them off. */
const volatile bool emit_records = true;
/* monitor --stack: the kernel stack of each state transition's cause */
const volatile bool emit_stack = false;
/* fentry mode: the list walker reports the transitions it infers. */
const volatile bool emit_inferred = false;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} events SEC(".maps");

/* Traced filters by (VF slot, TPID, VID): see ivt_filter_index(). User
 * space reads it through mmap.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, IVT_FILTER_ENTRIES);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct ivt_filter_val);
} filters SEC(".maps");

/* Which VF holds which slot of `filters`: claimed with a BPF_NOEXIST
 * insert, so two VFs appearing at once on two CPUs never share one.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, IVT_FILTER_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} slot_owner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, IVT_MAX_VFS);
	__type(key, __u32);
	__type(value, struct ivt_vf_val);
} vfs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, IVT_MAX_VFS * 16);
	__type(key, struct ivt_hist_key);
	__type(value, struct ivt_hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, IVT_S_NR);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/* monitor --stack (user space sizes it; one entry while unused) */
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__uint(value_size, IVT_STACK_DEPTH * sizeof(__u64));
} stacks SEC(".maps");

/* The stack id of the event being handled, from the entry program to the
 * record (the handler body has no ctx).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s32);
} stack_stash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, IVT_MAX_FILTERS);
	__type(key, struct ivt_snap_key);
	__type(value, struct ivt_snap_val);
} snap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, IVT_MAX_VFS);
	__type(key, __u32);
	__type(value, struct ivt_snap_vf);
} snap_vfs SEC(".maps");

/* Bytes submitted on this CPU since the last forced wakeup. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} wake_acc SEC(".maps");

/* Zeroed initial values, kept out of the 512-byte stack (the list walker
 * runs these helpers inside a bpf_loop callback).
 */
static const struct ivt_hist zero_hist;
static const struct ivt_vf_val zero_vf;
static const struct ivt_snap_vf zero_snap_vf;

static __always_inline void stat_inc(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		(*v)++;
}

static __always_inline __u32 dev_id_of(__u32 pci_id, __s32 ifindex)
{
	return pci_id ? pci_id : (IVT_DEV_IFINDEX | (__u32)ifindex);
}

static __always_inline bool dev_filtered(__u32 pci_id, __s32 ifindex)
{
	if (targ_pci_id && pci_id != targ_pci_id)
		return true;
	if (targ_ifindex && ifindex != targ_ifindex)
		return true;
	return false;
}

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0, shift;

	shift = (v > 0xffffffffULL) << 5; v >>= shift; r |= shift;
	shift = (v > 0xffff) << 4; v >>= shift; r |= shift;
	shift = (v > 0xff) << 3; v >>= shift; r |= shift;
	shift = (v > 0xf) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline void hist_add(__u32 dev_id, __u16 kind, __u16 op,
				     __u64 delta_ns)
{
	struct ivt_hist_key key = { .dev_id = dev_id, .kind = kind, .op = op };
	struct ivt_hist *h;
	__u64 us = delta_ns / 1000;
	__u32 slot;

	h = bpf_map_lookup_elem(&hists, &key);
	if (!h) {
		bpf_map_update_elem(&hists, &key, &zero_hist, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &key);
		if (!h) {
			stat_inc(IVT_S_MAP_FULL);
			return;
		}
	}
	/* slot k holds [2^k, 2^(k+1)) us; slot 0 also holds 0 */
	slot = us ? log2_u64(us) : 0;
	if (slot >= IVT_HIST_SLOTS)
		slot = IVT_HIST_SLOTS - 1;
	/* keep clang from dropping the bound the verifier needs */
	asm volatile("%0 &= 31" : "+r"(slot));
	__sync_fetch_and_add(&h->slots[slot], 1);
	__sync_fetch_and_add(&h->count, 1);
	__sync_fetch_and_add(&h->sum_us, us);
}

/* The first free slot of `filters` for a new VF (0: all taken). A global
 * function: verified once, not at each of vf_get()'s call sites.
 */
__noinline int ivt_slot_claim(__u32 dev_id)
{
	int i;

#pragma unroll
	for (i = 1; i <= IVT_FILTER_SLOTS; i++) {
		__u32 s = i;

		if (!bpf_map_update_elem(&slot_owner, &s, &dev_id, BPF_NOEXIST))
			return i;
	}
	return 0;
}

static __always_inline struct ivt_vf_val *vf_get(__u32 dev_id)
{
	struct ivt_vf_val *vf = bpf_map_lookup_elem(&vfs, &dev_id);
	bool created;

	if (!vf) {
		/* only the CPU whose insert created the entry claims a slot */
		created = !bpf_map_update_elem(&vfs, &dev_id, &zero_vf, BPF_NOEXIST);
		vf = bpf_map_lookup_elem(&vfs, &dev_id);
		if (!vf)
			stat_inc(IVT_S_MAP_FULL);
		else if (created)
			vf->slot = (__u32)ivt_slot_claim(dev_id);
	}
	return vf;
}

/* The VF's entry for (vid, tpid) in `filters`; NULL when it has no slot
 * or the TPID is neither 802.1Q nor 802.1ad.
 */
static __always_inline struct ivt_filter_val *
filter_of(const struct ivt_vf_val *vf, __u16 vid, __u16 tpid)
{
	int t = ivt_tpid_index(tpid);
	__u32 idx;

	if (!vf || !vf->slot || vf->slot > IVT_FILTER_SLOTS || t < 0)
		return NULL;
	idx = ivt_filter_index(vf->slot, t, vid);
	return bpf_map_lookup_elem(&filters, &idx);
}

/* The VF's name, kept in its map entry rather than copied into every
 * record: read when the VF is first seen and again when its ifindex or
 * netns changes (netns 0: the event does not say). A rename alone keeps
 * the old name until then.
 */
static __always_inline void vf_name(struct ivt_vf_val *vf, const void *dev,
				    __s32 ifindex, __u32 netns)
{
	if (!vf || (vf->ifindex == ifindex && (!netns || vf->netns == netns)))
		return;
	vf->ifindex = ifindex;
	bpf_probe_read_kernel_str(vf->dev, sizeof(vf->dev), dev);
}

/* With a netns filter, vc events (which carry no netns) are matched by
 * the VF's last known netns: keep it even for events that are filtered.
 */
static __always_inline void note_netns(__u32 dev_id, __u32 netns)
{
	struct ivt_vf_val *vf;

	if (!targ_netns)
		return;
	vf = vf_get(dev_id);
	if (vf)
		vf->netns = netns;
}

/* Reserve a record, or count it as lost: drops are never silent. */
static __always_inline struct ivt_event *ev_reserve(void)
{
	struct ivt_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		stat_inc(IVT_S_LOST);
	return e;
}

/* Adaptive wakeup: force one wakeup per wakeup_bytes submitted on this
 * CPU, none in between. Deciding from the queued data instead
 * (bpf_ringbuf_query) forced a wakeup on every record while a slow
 * consumer stayed above the threshold: an irq_work each, ~5 us per
 * record on this VM.
 */
static __always_inline void ev_submit(struct ivt_event *e)
{
	__u32 zero = 0;
	__u64 *acc;
	long flags = 0;

	if (wakeup_bytes) {
		flags = BPF_RB_NO_WAKEUP;
		acc = bpf_map_lookup_elem(&wake_acc, &zero);
		if (acc) {
			*acc += sizeof(*e) + BPF_RINGBUF_HDR_SZ;
			if (*acc >= wakeup_bytes) {
				*acc = 0;
				flags = BPF_RB_FORCE_WAKEUP;
			}
		}
	}
	bpf_ringbuf_submit(e, flags);
}

/* On its way to or from the PF (IS_NEW: the unfixed driver's ADDING). */
static __always_inline bool state_pending(__u8 s)
{
	return s == IAVF_VLAN_ABI_ADD || s == IAVF_VLAN_ABI_ADDING ||
	       s == IAVF_VLAN_ABI_IS_NEW ||
	       s == IAVF_VLAN_ABI_REMOVE || s == IAVF_VLAN_ABI_REMOVING;
}

static __always_inline __s32 vc_op_index(__u32 op)
{
	switch (op) {
	case IAVF_VC_OP_ADD_VLAN: return 0;
	case IAVF_VC_OP_DEL_VLAN: return 1;
	case IAVF_VC_OP_GET_OFFLOAD_VLAN_V2_CAPS: return 2;
	case IAVF_VC_OP_ADD_VLAN_V2: return 3;
	case IAVF_VC_OP_DEL_VLAN_V2: return 4;
	default: return -1;
	}
}

/* UP_BEGIN -> every known filter ACTIVE, recorded once UP_END was seen. */
static __always_inline void up_check_done(struct ivt_vf_val *vf, __u32 dev_id,
					  __u64 now)
{
	if (vf->up_ts && vf->up_ended && vf->pending <= 0) {
		hist_add(dev_id, IVT_H_UP, 0, now - vf->up_ts);
		vf->up_ts = 0;
		vf->up_ended = 0;
	}
}

/* ---- handler bodies ------------------------------------------------- */

/* How much of the state handler runs: the benchmark's breakdown loads
 * cut-down copies of the same body (the stage is a constant, so each copy
 * compiles to just its part); the real entries run it all.
 */
enum ivt_stage {
	IVT_ST_FILTERS = 1,	/* const volatile filters + event counter */
	IVT_ST_FILTER_MAP,	/* + clock, VF slot, per-filter array entry */
	IVT_ST_VF_HIST,		/* + name, pending count, histograms */
	IVT_ST_FULL,		/* + ring-buffer record */
};

/* A traced transition into @val, in place: a filter's transitions are
 * serialized by the driver's mac_vlan_list_lock.
 */
static __always_inline void filter_store(struct ivt_filter_val *val, bool present,
					 __u8 prev, __u8 old, __u8 new, __u8 reason,
					 __s32 ifindex, __u32 netns, __u64 now)
{
	if (new == IAVF_VLAN_ABI_ADD && (!present || prev != IAVF_VLAN_ABI_ADD))
		val->add_ts = now;
	if (new != IAVF_VLAN_ABI_ADD && new != IAVF_VLAN_ABI_ADDING &&
	    new != IAVF_VLAN_ABI_IS_NEW)
		val->add_ts = 0;
	val->last_ts = now;
	val->transitions = present ? val->transitions + 1 : 1;
	val->ifindex = ifindex;
	val->netns = netns;
	val->state = new;
	val->last_old = old;
	val->last_reason = reason;
}

/* monitor --stack: the entry program keeps the stack's id for the record */
static __always_inline void stack_stash_ctx(void *ctx)
{
	__u32 zero = 0;
	__s32 *slot;

	if (!emit_stack)
		return;
	slot = bpf_map_lookup_elem(&stack_stash, &zero);
	if (slot)
		*slot = (__s32)bpf_get_stackid(ctx, &stacks, 0);
}

static __always_inline __s32 stack_take(void)
{
	__u32 zero = 0;
	__s32 *slot, id;

	if (!emit_stack)
		return -1;
	slot = bpf_map_lookup_elem(&stack_stash, &zero);
	if (!slot)
		return -1;
	id = *slot;
	*slot = -1;
	return id;
}

static __always_inline int
on_vlan_state_upto(const void *dev, __u32 pci_id, __s32 ifindex, __u32 netns,
		   __u16 vid, __u16 tpid, __u8 old, __u8 new, __u8 reason,
		   __u16 num, const int stage)
{
	struct ivt_filter_val *val;
	struct ivt_vf_val *vf;
	struct ivt_event *e;
	__u64 now, delta = 0, add_ts = 0;
	__u8 flags = 0, prev = IAVF_VLAN_ABI_NONE;
	bool present;
	__u32 dev_id;

	if (dev_filtered(pci_id, ifindex) ||
	    (targ_netns && netns != targ_netns) ||
	    (targ_vid >= 0 && vid != (__u16)targ_vid)) {
		stat_inc(IVT_S_FILTERED);
		note_netns(dev_id_of(pci_id, ifindex), netns);
		return 0;
	}
	stat_inc(IVT_S_STATE);
	if (stage < IVT_ST_FILTER_MAP)
		return 0;
	now = bpf_ktime_get_ns();
	dev_id = dev_id_of(pci_id, ifindex);
	vf = vf_get(dev_id);
	val = filter_of(vf, vid, tpid);
	present = val && val->last_ts;
	if (!present) {
		if (old != IAVF_VLAN_ABI_NONE) {
			flags |= IVT_F_UNKNOWN_PRIOR;
			stat_inc(IVT_S_UNKNOWN_PRIOR);
		}
	} else {
		prev = val->state;
		delta = now - val->last_ts;
		add_ts = val->add_ts;
		if (old != new && val->state == new && val->last_old == old) {
			flags |= IVT_F_DUPLICATE;
			stat_inc(IVT_S_DUPLICATE);
		} else if (val->state != old) {
			flags |= IVT_F_OUT_OF_ORDER;
			stat_inc(IVT_S_OUT_OF_ORDER);
		}
	}

	if (stage >= IVT_ST_VF_HIST)
		vf_name(vf, dev, ifindex, netns);
	if (stage >= IVT_ST_VF_HIST && vf && !(flags & IVT_F_DUPLICATE)) {
		vf->netns = netns;
		vf->pending += (__s32)state_pending(new) - (__s32)state_pending(prev);
		if (vf->pending < 0)
			vf->pending = 0;
	}

	if (!val) {
		if (new != IAVF_VLAN_ABI_NONE)
			stat_inc(IVT_S_MAP_FULL);	/* no slot, or another TPID */
	} else if (new == IAVF_VLAN_ABI_NONE) {
		if (present)
			__builtin_memset(val, 0, sizeof(*val));
	} else if (!(flags & IVT_F_DUPLICATE)) {
		if (stage >= IVT_ST_VF_HIST && present &&
		    new == IAVF_VLAN_ABI_ACTIVE && add_ts)
			hist_add(dev_id, IVT_H_ADD_ACTIVE, 0, now - add_ts);
		filter_store(val, present, prev, old, new, reason, ifindex, netns, now);
	}
	if (stage >= IVT_ST_VF_HIST && vf)
		up_check_done(vf, dev_id, now);

	if (stage < IVT_ST_FULL || !emit_records)
		return 0;
	e = ev_reserve();
	if (!e)
		return 0;
	e->ts_ns = now;
	e->delta_ns = delta;
	e->type = IVT_EV_STATE;
	e->pci_id = pci_id;
	e->ifindex = ifindex;
	e->netns = netns;
	e->state.vid = vid;
	e->state.tpid = tpid;
	e->state.old_state = old;
	e->state.new_state = new;
	e->state.reason = reason;
	e->state.flags = flags;
	e->state.num_vlan_filters = num;
	e->state.stack_id = stack_take();
	ev_submit(e);
	return 0;
}

static __always_inline int
on_vlan_state(const void *dev, __u32 pci_id, __s32 ifindex, __u32 netns,
	      __u16 vid, __u16 tpid, __u8 old, __u8 new, __u8 reason,
	      __u16 num)
{
	return on_vlan_state_upto(dev, pci_id, ifindex, netns, vid, tpid, old,
				  new, reason, num, IVT_ST_FULL);
}

static __always_inline int
on_vlan_vc(const void *dev, __u32 pci_id, __s32 ifindex, __u8 dir, __u32 op,
	   __u16 num, __u8 more, __s32 v_retval)
{
	__u32 dev_id = dev_id_of(pci_id, ifindex);
	struct ivt_vf_val *vf;
	struct ivt_event *e;
	__s32 idx;
	__u64 now;

	if (dev_filtered(pci_id, ifindex)) {
		stat_inc(IVT_S_FILTERED);
		return 0;
	}
	vf = vf_get(dev_id);
	vf_name(vf, dev, ifindex, 0);
	/* vc events carry no netns: use the VF's last known one */
	if (targ_netns && vf && vf->netns && vf->netns != targ_netns) {
		stat_inc(IVT_S_FILTERED);
		return 0;
	}
	stat_inc(IVT_S_VC);
	now = bpf_ktime_get_ns();
	idx = vc_op_index(op);
	if (vf && idx >= 0 && idx < IVT_VC_OPS) {
		if (dir == IAVF_VC_DIR_SEND) {
			vf->vc_send_ts[idx] = now;
		} else if (vf->vc_send_ts[idx]) {
			hist_add(dev_id, IVT_H_PF_RTT, op, now - vf->vc_send_ts[idx]);
			vf->vc_send_ts[idx] = 0;
		}
	}

	if (!emit_records)
		return 0;
	e = ev_reserve();
	if (!e)
		return 0;
	e->ts_ns = now;
	e->delta_ns = 0;
	e->type = IVT_EV_VC;
	e->pci_id = pci_id;
	e->ifindex = ifindex;
	e->netns = vf ? vf->netns : 0;
	e->vc.op = op;
	e->vc.v_retval = v_retval;
	e->vc.num = num;
	e->vc.dir = dir;
	e->vc.more = more;
	ev_submit(e);
	return 0;
}

static __always_inline int
on_updown(const void *dev, __u32 pci_id, __s32 ifindex, __u32 netns,
	  __u8 phase, __s32 status, __u16 num)
{
	__u32 dev_id = dev_id_of(pci_id, ifindex);
	struct ivt_vf_val *vf;
	struct ivt_event *e;
	__u64 now;

	if (dev_filtered(pci_id, ifindex) ||
	    (targ_netns && netns != targ_netns)) {
		stat_inc(IVT_S_FILTERED);
		note_netns(dev_id, netns);
		return 0;
	}
	stat_inc(IVT_S_UPDOWN);
	now = bpf_ktime_get_ns();
	vf = vf_get(dev_id);
	vf_name(vf, dev, ifindex, netns);
	if (vf) {
		vf->netns = netns;
		switch (phase) {
		case IAVF_UPDOWN_DOWN_BEGIN:
			vf->down_ts = now;
			break;
		case IAVF_UPDOWN_DOWN_END:
			if (vf->down_ts)
				hist_add(dev_id, IVT_H_DOWN, 0, now - vf->down_ts);
			vf->down_ts = 0;
			break;
		case IAVF_UPDOWN_UP_BEGIN:
			vf->up_ts = now;
			vf->up_ended = 0;
			break;
		case IAVF_UPDOWN_UP_END:
			if (status) {
				vf->up_ts = 0;	/* failed open: no episode */
			} else {
				vf->up_ended = 1;
				up_check_done(vf, dev_id, now);
			}
			break;
		case IAVF_UPDOWN_RESET_BEGIN:
			vf->reset_ts = now;
			break;
		case IAVF_UPDOWN_RESET_END:
			if (vf->reset_ts)
				hist_add(dev_id, IVT_H_RESET, 0, now - vf->reset_ts);
			vf->reset_ts = 0;
			break;
		}
	}

	if (!emit_records)
		return 0;
	e = ev_reserve();
	if (!e)
		return 0;
	e->ts_ns = now;
	e->delta_ns = 0;
	e->type = IVT_EV_UPDOWN;
	e->pci_id = pci_id;
	e->ifindex = ifindex;
	e->netns = netns;
	e->updown.status = status;
	e->updown.num_vlan_filters = num;
	e->updown.phase = phase;
	ev_submit(e);
	return 0;
}

/* ---- tracepoint entries: ctx is the u64 argument array (TP_PROTO order) */

static __always_inline int state_ctx(__u64 *ctx)
{
	return on_vlan_state((const void *)ctx[0], (__u32)ctx[1], (__s32)ctx[2],
			     (__u32)ctx[3], (__u16)ctx[4], (__u16)ctx[5],
			     (__u8)ctx[6], (__u8)ctx[7], (__u8)ctx[8],
			     (__u16)ctx[9]);
}

static __always_inline int vc_ctx(__u64 *ctx)
{
	return on_vlan_vc((const void *)ctx[0], (__u32)ctx[1], (__s32)ctx[2],
			  (__u8)ctx[3], (__u32)ctx[4], (__u16)ctx[5],
			  (__u8)ctx[6], (__s32)ctx[7]);
}

static __always_inline int updown_ctx(__u64 *ctx)
{
	return on_updown((const void *)ctx[0], (__u32)ctx[1], (__s32)ctx[2],
			 (__u32)ctx[3], (__u8)ctx[4], (__s32)ctx[5],
			 (__u16)ctx[6]);
}

/* The fentry mode reaches the same bodies through global functions: each
 * is verified once per program instead of once per call site inside the
 * list walker's loop callbacks, which keeps verification (and the program
 * stack) small. BPF calls take at most five arguments, hence the structs.
 */
struct state_args {
	__u64 dev;
	__u32 pci_id;
	__s32 ifindex;
	__u32 netns;
	__u16 vid;
	__u16 tpid;
	__u8 old;
	__u8 new;
	__u8 reason;
	__u8 pad;
	__u16 num;
};

struct vc_args {
	__u64 dev;
	__u32 pci_id;
	__s32 ifindex;
	__u32 op;
	__s32 v_retval;
	__u16 num;
	__u8 dir;
	__u8 more;
};

__noinline int ivt_emit_state(struct state_args *a)
{
	if (!a)
		return 0;
	return on_vlan_state((const void *)a->dev, a->pci_id, a->ifindex, a->netns,
			     a->vid, a->tpid, a->old, a->new, a->reason, a->num);
}

__noinline int ivt_emit_vc(struct vc_args *a)
{
	if (!a)
		return 0;
	return on_vlan_vc((const void *)a->dev, a->pci_id, a->ifindex, a->dir,
			  a->op, a->num, a->more, a->v_retval);
}

SEC("tp_btf/iavf_vlan_state")
int btf_vlan_state(__u64 *ctx)
{
	stack_stash_ctx(ctx);
	return state_ctx(ctx);
}

SEC("tp_btf/iavf_vlan_vc")
int btf_vlan_vc(__u64 *ctx) { return vc_ctx(ctx); }

SEC("tp_btf/iavf_updown")
int btf_updown(__u64 *ctx) { return updown_ctx(ctx); }

SEC("raw_tp/iavf_vlan_state")
int raw_vlan_state(struct bpf_raw_tracepoint_args *ctx)
{
	stack_stash_ctx(ctx);
	return state_ctx(ctx->args);
}

SEC("raw_tp/iavf_vlan_vc")
int raw_vlan_vc(struct bpf_raw_tracepoint_args *ctx)
{
	return vc_ctx(ctx->args);
}

SEC("raw_tp/iavf_updown")
int raw_updown(struct bpf_raw_tracepoint_args *ctx)
{
	return updown_ctx(ctx->args);
}

/* Benchmark producer: one BPF_PROG_TEST_RUN emits ctx->args[0] synthetic
 * state events through the same handler body, so the consumer can be
 * measured without a syscall per event.
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
int raw_bench_burst(struct bpf_raw_tracepoint_args *ctx)
{
	struct burst_ctx c = { .pci_id = (__u32)ctx->args[1] };

	bpf_loop((__u32)ctx->args[0], burst_one, &c, 0);
	return 0;
}

/* Benchmark baseline: only the ring-buffer record (reserve, fill, submit). */
SEC("raw_tp/ivt_bench_emit")
int raw_bench_emit(struct bpf_raw_tracepoint_args *ctx)
{
	struct ivt_event *e = ev_reserve();

	if (!e)
		return 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->type = IVT_EV_STATE;
	e->pci_id = (__u32)ctx->args[1];
	e->ifindex = (__s32)ctx->args[2];
	e->state.vid = (__u16)ctx->args[4];
	ev_submit(e);
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

/* Consumer benchmark producer: ctx->args[0] bare records per run. */
SEC("raw_tp/ivt_bench_burst_emit")
int raw_bench_burst_emit(struct bpf_raw_tracepoint_args *ctx)
{
	bpf_loop((__u32)ctx->args[0], burst_emit_one, NULL, 0);
	return 0;
}

/* Benchmark breakdown: the state handler cut after each stage. */
#define BENCH_STAGE(name, stage)						\
SEC("raw_tp/" #name)								\
int name(struct bpf_raw_tracepoint_args *ctx)					\
{										\
	__u64 *a = ctx->args;							\
										\
	return on_vlan_state_upto((const void *)a[0], (__u32)a[1], (__s32)a[2],	\
				  (__u32)a[3], (__u16)a[4], (__u16)a[5],	\
				  (__u8)a[6], (__u8)a[7], (__u8)a[8],		\
				  (__u16)a[9], stage);				\
}
BENCH_STAGE(raw_bench_st_filters, IVT_ST_FILTERS)
BENCH_STAGE(raw_bench_st_filter_map, IVT_ST_FILTER_MAP)
BENCH_STAGE(raw_bench_st_vf_hist, IVT_ST_VF_HIST)

/* Benchmark breakdown: one clock read. */
SEC("raw_tp/ivt_bench_clock")
int raw_bench_clock(struct bpf_raw_tracepoint_args *ctx)
{
	return bpf_ktime_get_ns() & 1;
}

/* Benchmark breakdown: the VF's slot, then its filter's entry. */
SEC("raw_tp/ivt_bench_lookup")
int raw_bench_lookup(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 dev_id = (__u32)ctx->args[1];
	struct ivt_vf_val *vf = bpf_map_lookup_elem(&vfs, &dev_id);
	struct ivt_filter_val *val = filter_of(vf, (__u16)ctx->args[4], (__u16)ctx->args[5]);

	return val && val->last_ts;
}

/* Benchmark baseline: the cost of running any program at all. */
SEC("raw_tp/ivt_bench_nop")
int raw_bench_nop(struct bpf_raw_tracepoint_args *ctx)
{
	return 0;
}

/* ---- the driver's generation, by name (CO-RE, resolved at load time) --- */

#define IVT_DRV_ENUM enum iavf_vlan_state_t___ivt
/* The driver's value @s is its enumerator @name (absent names never match). */
#define DRV_IS(s, name)							\
	(bpf_core_enum_value_exists(IVT_DRV_ENUM, name) &&		\
	 (s) == bpf_core_enum_value(IVT_DRV_ENUM, name))

/* Which state machine: a constant once libbpf has relocated the object. */
static __always_inline __u32 drv_generation(void)
{
	if (!bpf_core_field_exists(struct iavf_vlan_filter___ivt, state))
		return IVT_GEN_UNKNOWN;
	if (bpf_core_enum_value_exists(IVT_DRV_ENUM, IAVF_VLAN_ADDING___ivt) &&
	    bpf_core_enum_value_exists(IVT_DRV_ENUM, IAVF_VLAN_REMOVING___ivt))
		return IVT_GEN_FIXED;
	if (bpf_core_enum_value_exists(IVT_DRV_ENUM, IAVF_VLAN_IS_NEW___ivt))
		return IVT_GEN_UNFIXED;
	return IVT_GEN_UNKNOWN;
}

/* The driver's own state value -> the ABI state of the same name. */
static __always_inline __u8 abi_state_of(__u32 s)
{
	if (DRV_IS(s, IAVF_VLAN_INVALID___ivt))
		return IAVF_VLAN_ABI_NONE;
	if (DRV_IS(s, IAVF_VLAN_ADD___ivt))
		return IAVF_VLAN_ABI_ADD;
	if (DRV_IS(s, IAVF_VLAN_ADDING___ivt))
		return IAVF_VLAN_ABI_ADDING;
	if (DRV_IS(s, IAVF_VLAN_IS_NEW___ivt))
		return IAVF_VLAN_ABI_IS_NEW;
	if (DRV_IS(s, IAVF_VLAN_ACTIVE___ivt))
		return IAVF_VLAN_ABI_ACTIVE;
	if (DRV_IS(s, IAVF_VLAN_DISABLE___ivt))
		return IAVF_VLAN_ABI_DISABLE;
	if (DRV_IS(s, IAVF_VLAN_INACTIVE___ivt))
		return IAVF_VLAN_ABI_INACTIVE;
	if (DRV_IS(s, IAVF_VLAN_REMOVE___ivt))
		return IAVF_VLAN_ABI_REMOVE;
	if (DRV_IS(s, IAVF_VLAN_REMOVING___ivt))
		return IAVF_VLAN_ABI_REMOVING;
	return IVT_STATE_UNMAPPED;
}

/* Unit tests: what CO-RE resolved against the BTF the object was opened
 * with (btf_custom_path: a kernel's vmlinux + iavf module BTF).
 */
struct ivt_core_info core_info;

SEC("raw_tp/ivt_core_probe")
int raw_core_probe(struct bpf_raw_tracepoint_args *ctx)
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

/* ---- driver list walker (snapshot, and the fentry mode's inference) ---- */

struct walk_ctx {
	__u64 head;		/* &adapter->vlan_filter_list */
	__u64 pos;		/* current list_head */
	__u64 gen;
	__u64 now;
	__u64 name;		/* &netdev->name */
	__u64 netdev;
	__u32 dev_id;
	__u32 pci_id;
	__s32 ifindex;
	__u32 netns;
	__u32 n;
	__u32 to_adding;	/* ADD -> ADDING (IS_NEW) seen in this walk */
	__u32 to_removing;	/* REMOVE -> REMOVING (unfixed: DISABLE ->
				 * INACTIVE, REMOVE freed) in this walk */
	__u16 num;
	bool first;		/* first walk of this VF: no diffs */
};

static long walk_one(__u32 i, struct walk_ctx *c)
{
	struct iavf_vlan_filter___ivt *f;
	struct ivt_snap_key key = {};
	struct ivt_snap_val nv = {}, *sv;
	__u8 state, raw, old = IAVF_VLAN_ABI_NONE;
	struct list_head *lh;
	bool report = false;

	if (!c->pos || c->pos == c->head ||
	    !bpf_core_field_exists(struct iavf_vlan_filter___ivt, state))
		return 1;
	/* list is the first member, but let CO-RE say so */
	f = (void *)(c->pos - bpf_core_field_offset(struct iavf_vlan_filter___ivt, list));
	key.dev_id = c->dev_id;
	key.vid = BPF_CORE_READ(f, vlan.vid);
	key.tpid = BPF_CORE_READ(f, vlan.tpid);
	raw = (__u8)BPF_CORE_READ(f, state);
	state = abi_state_of(raw);

	sv = bpf_map_lookup_elem(&snap, &key);
	if (sv) {
		old = sv->state;
		if (old != state) {
			report = true;
			if (old == IAVF_VLAN_ABI_ADD && (state == IAVF_VLAN_ABI_ADDING ||
							 state == IAVF_VLAN_ABI_IS_NEW))
				c->to_adding++;
			if ((old == IAVF_VLAN_ABI_REMOVE && state == IAVF_VLAN_ABI_REMOVING) ||
			    (old == IAVF_VLAN_ABI_DISABLE && state == IAVF_VLAN_ABI_INACTIVE))
				c->to_removing++;
			sv->state = state;
			sv->raw_state = raw;
			sv->since_ns = c->now;
		}
		sv->gen = c->gen;
		sv->addr = (__u64)f;
	} else {
		report = !c->first;
		nv.state = state;
		nv.raw_state = raw;
		nv.since_ns = c->now;
		nv.gen = c->gen;
		nv.addr = (__u64)f;
		if (bpf_map_update_elem(&snap, &key, &nv, BPF_ANY))
			stat_inc(IVT_S_MAP_FULL);
	}
	if (emit_inferred && report) {
		struct state_args a = {
			.dev = c->name, .pci_id = c->pci_id, .ifindex = c->ifindex,
			.netns = c->netns, .vid = key.vid, .tpid = key.tpid,
			.old = old, .new = state, .reason = IVT_REASON_INFERRED,
			.num = c->num,
		};

		ivt_emit_state(&a);
	}
	c->n++;
	lh = (struct list_head *)c->pos;
	c->pos = (__u64)BPF_CORE_READ(lh, next);
	return 0;
}

/* Filters of this VF the walk did not see any more were freed. */
static long reap_one(struct bpf_map *map, struct ivt_snap_key *key,
		     struct ivt_snap_val *sv, struct walk_ctx *c)
{
	if (key->dev_id != c->dev_id || sv->gen == c->gen)
		return 0;
	/* the unfixed driver frees a REMOVE filter when it sends the DEL */
	if (drv_generation() == IVT_GEN_UNFIXED && sv->state == IAVF_VLAN_ABI_REMOVE)
		c->to_removing++;
	if (emit_inferred) {
		struct state_args a = {
			.dev = c->name, .pci_id = c->pci_id, .ifindex = c->ifindex,
			.netns = c->netns, .vid = key->vid, .tpid = key->tpid,
			.old = sv->state, .new = IAVF_VLAN_ABI_NONE,
			.reason = IVT_REASON_INFERRED, .num = c->num,
		};

		ivt_emit_state(&a);
	}
	bpf_map_delete_elem(map, key);
	return 0;
}

/* The VF of an adapter, for a walk or a touch: false if there is
 * nothing to read (or it is filtered out).
 */
static __always_inline bool vf_ident(__u64 adapter_addr, struct walk_ctx *c)
{
	struct iavf_adapter___ivt *ad = (void *)adapter_addr;
	struct net_device *nd;
	struct pci_dev *pdev;

	/* an unsupported layout is refused by user space before load */
	if (!adapter_addr || drv_generation() == IVT_GEN_UNKNOWN)
		return false;
	nd = BPF_CORE_READ(ad, netdev);
	pdev = BPF_CORE_READ(ad, pdev);
	if (!nd)
		return false;
	c->netdev = (__u64)nd;
	c->pci_id = ((__u32)BPF_CORE_READ(pdev, bus, number) << 8) |
		    BPF_CORE_READ(pdev, devfn);
	c->ifindex = BPF_CORE_READ(nd, ifindex);
	c->netns = BPF_CORE_READ(nd, nd_net.net, ns.inum);
	c->name = (__u64)__builtin_preserve_access_index(&nd->name[0]);
	if (dev_filtered(c->pci_id, c->ifindex))
		return false;
	c->dev_id = dev_id_of(c->pci_id, c->ifindex);
	c->num = (__u16)BPF_CORE_READ(ad, num_vlan_filters);
	c->now = bpf_ktime_get_ns();
	c->head = adapter_addr + bpf_core_field_offset(struct iavf_adapter___ivt,
						       vlan_filter_list);
	return true;
}

static __always_inline void walk_adapter(__u64 adapter_addr)
{
	struct iavf_adapter___ivt *ad = (void *)adapter_addr;
	struct ivt_snap_vf *svf;
	struct net_device *nd;
	struct walk_ctx c = {};
	long loops;

	if (!vf_ident(adapter_addr, &c))
		return;
	nd = (void *)c.netdev;
	c.pos = (__u64)BPF_CORE_READ(ad, vlan_filter_list.next);

	svf = bpf_map_lookup_elem(&snap_vfs, &c.dev_id);
	if (!svf) {
		bpf_map_update_elem(&snap_vfs, &c.dev_id, &zero_snap_vf, BPF_NOEXIST);
		svf = bpf_map_lookup_elem(&snap_vfs, &c.dev_id);
		if (!svf) {
			stat_inc(IVT_S_MAP_FULL);
			return;
		}
	}
	c.first = svf->gen == 0;
	c.gen = svf->gen + 1;

	loops = bpf_loop(IVT_WALK_MAX, walk_one, &c, 0);
	bpf_for_each_map_elem(&snap, reap_one, &c, 0);

	/* fentry mode: a walk after iavf_add_vlans / iavf_del_vlans that saw
	 * filters move to ADDING / REMOVING means a message went to the PF.
	 */
	if (emit_inferred && (c.to_adding || c.to_removing)) {
		bool v2 = BPF_CORE_READ(ad, vf_res, vf_cap_flags) &
			  IVT_VIRTCHNL_VF_OFFLOAD_VLAN_V2;
		struct vc_args a = {
			.dev = c.name, .pci_id = c.pci_id, .ifindex = c.ifindex,
			.dir = IAVF_VC_DIR_SEND,
		};

		/* one op in flight at a time: one of the two is non-zero */
		if (c.to_adding) {
			a.op = v2 ? IAVF_VC_OP_ADD_VLAN_V2 : IAVF_VC_OP_ADD_VLAN;
			a.num = (__u16)c.to_adding;
		} else {
			a.op = v2 ? IAVF_VC_OP_DEL_VLAN_V2 : IAVF_VC_OP_DEL_VLAN;
			a.num = (__u16)c.to_removing;
		}
		ivt_emit_vc(&a);
	}

	svf->gen = c.gen;
	svf->ts_ns = c.now;
	svf->pci_id = c.pci_id;
	svf->ifindex = c.ifindex;
	svf->netns = c.netns;
	svf->list_len = c.n;
	svf->num_vlan_filters = BPF_CORE_READ(ad, num_vlan_filters);
	svf->max_filters = BPF_CORE_READ(ad, vlan_v2_caps.filtering.max_filters);
	svf->cap_flags = BPF_CORE_READ(ad, vf_res, vf_cap_flags);
	svf->truncated = loops >= IVT_WALK_MAX && c.pos != c.head;
	svf->if_flags = BPF_CORE_READ(nd, flags);
	svf->generation = drv_generation();
	if (svf->truncated)
		stat_inc(IVT_S_WALK_TRUNC);
	bpf_probe_read_kernel_str(svf->dev, sizeof(svf->dev), (const void *)c.name);
	stat_inc(IVT_S_SNAPSHOTS);
}

/* ---- fentry mode, per add/kill_vid: one filter, not the whole list ---- */

/* Is @addr still a filter of the list with this VLAN? Its list entry's
 * successor must point back at it (a freed one has list_del's poison or
 * other data there), and its VID and TPID must match.
 */
static __always_inline bool filter_at(__u64 addr, __u16 vid, __u16 tpid)
{
	struct iavf_vlan_filter___ivt *f = (void *)addr;
	struct list_head *lh, *next;

	if (!addr)
		return false;
	if (BPF_CORE_READ(f, vlan.vid) != vid || BPF_CORE_READ(f, vlan.tpid) != tpid)
		return false;
	lh = (void *)(addr + bpf_core_field_offset(struct iavf_vlan_filter___ivt, list));
	next = BPF_CORE_READ(lh, next);
	return next && BPF_CORE_READ(next, prev) == lh;
}

/* Where the filter of (vid, tpid) is now: where the last walk or touch
 * saw it, else the list's tail (iavf_add_vlan appends a new one); 0: gone.
 */
static __always_inline __u64 filter_find(const struct walk_ctx *c, const struct ivt_snap_val *sv,
					 __u16 vid, __u16 tpid)
{
	struct list_head *head = (void *)c->head;
	__u64 tail;

	if (sv && filter_at(sv->addr, vid, tpid))
		return sv->addr;
	tail = (__u64)BPF_CORE_READ(head, prev);
	if (!tail || tail == c->head)
		return 0;
	tail -= bpf_core_field_offset(struct iavf_vlan_filter___ivt, list);
	return filter_at(tail, vid, tpid) ? tail : 0;
}

static __always_inline void touch_emit(const struct walk_ctx *c, __u16 vid, __u16 tpid,
				       __u8 old, __u8 new)
{
	struct state_args a = {
		.dev = c->name, .pci_id = c->pci_id, .ifindex = c->ifindex,
		.netns = c->netns, .vid = vid, .tpid = tpid, .old = old, .new = new,
		.reason = IVT_REASON_INFERRED, .num = c->num,
	};

	if (emit_inferred && old != new)
		ivt_emit_state(&a);
}

/* The walk on its own frame: called from the touch's fallback, its locals
 * do not add to the frame of the touch (the verifier's 512-byte limit on
 * a call chain counts every frame).
 */
static __noinline int walk_adapter_call(__u64 adapter_addr)
{
	walk_adapter(adapter_addr);
	return 0;
}

/* After iavf_vlan_rx_add_vid / kill_vid: read only that filter (a few
 * probe reads, whatever the list's length) and report its change against
 * the snapshot. A VF never walked yet is walked once instead.
 */
static __noinline int touch_only(__u64 adapter_addr, __u16 vid, __u16 tpid)
{
	struct ivt_snap_key key = {};
	struct ivt_snap_val *sv;
	struct ivt_snap_vf *svf;
	struct walk_ctx c = {};
	__u8 raw = 0, old, st = IAVF_VLAN_ABI_NONE;
	__u64 addr;

	if (!vf_ident(adapter_addr, &c))
		return 0;
	svf = bpf_map_lookup_elem(&snap_vfs, &c.dev_id);
	if (!svf || !svf->gen)
		return 1;	/* never walked: the caller walks instead */
	key.dev_id = c.dev_id;
	key.vid = vid;
	key.tpid = tpid;
	sv = bpf_map_lookup_elem(&snap, &key);
	old = sv ? sv->state : IAVF_VLAN_ABI_NONE;
	addr = filter_find(&c, sv, vid, tpid);
	if (addr) {
		raw = (__u8)BPF_CORE_READ((struct iavf_vlan_filter___ivt *)addr, state);
		st = abi_state_of(raw);
	}
	if (!addr && sv) {
		bpf_map_delete_elem(&snap, &key);
	} else if (addr && sv) {
		if (sv->state != st)
			sv->since_ns = c.now;
		sv->state = st;
		sv->raw_state = raw;
		sv->addr = addr;
		sv->gen = svf->gen;	/* seen as of the last walk: not reaped */
	} else if (addr) {
		struct ivt_snap_val nv = { .since_ns = c.now, .gen = svf->gen, .state = st,
					   .raw_state = raw, .addr = addr };

		if (bpf_map_update_elem(&snap, &key, &nv, BPF_ANY))
			stat_inc(IVT_S_MAP_FULL);
	}
	/* One emit site: a single argument block on this frame. */
	touch_emit(&c, vid, tpid, old, st);
	return 0;
}

/* The touch and the walk each on a frame of its own, this one small: the
 * verifier's 512-byte limit counts every frame of a call chain (down to
 * ivt_emit_state and ivt_slot_claim), and 6.1/6.12 refuse the two inlined
 * together.
 */
static __always_inline void touch_vid(__u64 adapter_addr, __u16 vid, __u16 tpid)
{
	if (touch_only(adapter_addr, vid, tpid))
		walk_adapter_call(adapter_addr);
}

/* Unit tests: the walker and the touch, verified and run against a
 * kernel's real iavf BTF (btf_custom_path) on a host without iavf:
 * args: adapter address (0 or unreadable: nothing to read), VID, TPID,
 * touch only.
 */
SEC("raw_tp/ivt_walk_probe")
int raw_walk_probe(struct bpf_raw_tracepoint_args *ctx)
{
	touch_vid(ctx->args[0], (__u16)ctx->args[1], (__u16)ctx->args[2]);
	if (!ctx->args[3])	/* args[3]: the touch alone */
		walk_adapter(ctx->args[0]);
	return 0;
}

/* Unit tests: kernel memory for a fake adapter, its net_device and its
 * filter list, which user space fills (bpf_map_update_elem) with a real
 * driver's offsets read from its BTF; the walker and the touch then run on
 * it (raw_tp/ivt_walk_probe). This program only says where it is.
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
int raw_fake_base(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 zero = 0;
	void *m = bpf_map_lookup_elem(&fake_mem, &zero);

	fake_base = (__u64)m;
	return 0;
}

/* Raw fentry arguments as plain numbers, so that address arithmetic is
 * done on scalars and every dereference is a CO-RE probe read.
 */
static __always_inline __u64 arg_u64(__u64 *ctx, int i)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), &ctx[i]);
	return v;
}

static __always_inline __u64 adapter_of_netdev(__u64 netdev)
{
	/* netdev_priv(): the private area follows struct net_device, which
	 * is NETDEV_ALIGN (32) aligned.
	 */
	return netdev + ((bpf_core_type_size(struct net_device) + 31) & ~31ULL);
}

SEC("fentry/iavf_watchdog_task")
int fe_watchdog(__u64 *ctx)
{
	__u64 work = arg_u64(ctx, 0);

	if (!work)
		return 0;
	walk_adapter(work - bpf_core_field_offset(struct delayed_work, work) -
		     bpf_core_field_offset(struct iavf_adapter___ivt, watchdog_task));
	return 0;
}

/* The audit's snapshot on demand: iavf_get_drvinfo(netdev, info) runs
 * when anyone asks the driver's name (ETHTOOL_GDRVINFO, which the tool's
 * own netdev scan sends to every link), so the tool walks each VF's list
 * when it wants, instead of waiting up to a watchdog period (2 s).
 */
SEC("fentry/iavf_get_drvinfo")
int fe_drvinfo(__u64 *ctx)
{
	__u64 netdev = arg_u64(ctx, 0);

	if (netdev)
		walk_adapter(adapter_of_netdev(netdev));
	return 0;
}

/* iavf_vlan_rx_{add,kill}_vid(netdev, __be16 proto, u16 vid): the filter
 * holds IAVF_VLAN(vid, be16_to_cpu(proto)).
 */
SEC("fexit/iavf_vlan_rx_add_vid")
int fx_add_vid(__u64 *ctx)
{
	touch_vid(adapter_of_netdev(arg_u64(ctx, 0)), (__u16)arg_u64(ctx, 2),
		  bpf_ntohs((__u16)arg_u64(ctx, 1)));
	return 0;
}

SEC("fexit/iavf_vlan_rx_kill_vid")
int fx_kill_vid(__u64 *ctx)
{
	touch_vid(adapter_of_netdev(arg_u64(ctx, 0)), (__u16)arg_u64(ctx, 2),
		  bpf_ntohs((__u16)arg_u64(ctx, 1)));
	return 0;
}

SEC("fexit/iavf_add_vlans")
int fx_add_vlans(__u64 *ctx)
{
	walk_adapter(arg_u64(ctx, 0));
	return 0;
}

SEC("fexit/iavf_del_vlans")
int fx_del_vlans(__u64 *ctx)
{
	walk_adapter(arg_u64(ctx, 0));
	return 0;
}

/* iavf_virtchnl_completion(adapter, v_opcode, v_retval, msg, msglen) */
SEC("fentry/iavf_virtchnl_completion")
int fe_vc_completion(__u64 *ctx)
{
	__u64 ad = arg_u64(ctx, 0);
	__u32 op = (__u32)arg_u64(ctx, 1);
	__s32 ret = (__s32)arg_u64(ctx, 2);
	struct iavf_adapter___ivt *a = (void *)ad;
	struct net_device *nd;
	struct pci_dev *pdev;
	__u32 pci_id;

	if (vc_op_index(op) < 0 || !ad)
		return 0;
	nd = BPF_CORE_READ(a, netdev);
	pdev = BPF_CORE_READ(a, pdev);
	pci_id = ((__u32)BPF_CORE_READ(pdev, bus, number) << 8) |
		 BPF_CORE_READ(pdev, devfn);
	{
		struct vc_args a = {
			.dev = (__u64)__builtin_preserve_access_index(&nd->name[0]),
			.pci_id = pci_id, .ifindex = BPF_CORE_READ(nd, ifindex),
			.dir = IAVF_VC_DIR_REPLY, .op = op, .v_retval = ret,
		};

		ivt_emit_vc(&a);
	}
	return 0;
}

SEC("fexit/iavf_virtchnl_completion")
int fx_vc_completion(__u64 *ctx)
{
	__u32 op = (__u32)arg_u64(ctx, 1);

	if (vc_op_index(op) >= 0)
		walk_adapter(arg_u64(ctx, 0));
	return 0;
}

static __always_inline void updown_netdev(__u64 netdev, __u8 phase, __s32 status)
{
	struct net_device *nd = (void *)netdev;
	__u64 ad = adapter_of_netdev(netdev);
	struct iavf_adapter___ivt *a = (void *)ad;
	struct pci_dev *pdev;
	__u32 pci_id;

	if (!netdev)
		return;
	pdev = BPF_CORE_READ(a, pdev);
	pci_id = ((__u32)BPF_CORE_READ(pdev, bus, number) << 8) |
		 BPF_CORE_READ(pdev, devfn);
	on_updown(__builtin_preserve_access_index(&nd->name[0]), pci_id,
		  BPF_CORE_READ(nd, ifindex), BPF_CORE_READ(nd, nd_net.net, ns.inum),
		  phase, status, (__u16)BPF_CORE_READ(a, num_vlan_filters));
}

SEC("fentry/iavf_open")
int fe_open(__u64 *ctx)
{
	updown_netdev(arg_u64(ctx, 0), IAVF_UPDOWN_UP_BEGIN, 0);
	return 0;
}

SEC("fexit/iavf_open")
int fx_open(__u64 *ctx)
{
	updown_netdev(arg_u64(ctx, 0), IAVF_UPDOWN_UP_END, (__s32)arg_u64(ctx, 1));
	return 0;
}

SEC("fentry/iavf_close")
int fe_close(__u64 *ctx)
{
	updown_netdev(arg_u64(ctx, 0), IAVF_UPDOWN_DOWN_BEGIN, 0);
	return 0;
}

SEC("fexit/iavf_close")
int fx_close(__u64 *ctx)
{
	updown_netdev(arg_u64(ctx, 0), IAVF_UPDOWN_DOWN_END, (__s32)arg_u64(ctx, 1));
	return 0;
}
