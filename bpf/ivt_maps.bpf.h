/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The maps, the filters set before load, and the small helpers every
 * handler body uses. Included into one BPF object each (the programs of
 * iavf_vlantrace.bpf.c, the test and bench programs of
 * tools/tests/ivt_test.bpf.c): each object has its own maps.
 */
#ifndef IVT_MAPS_BPF_H
#define IVT_MAPS_BPF_H


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

/* fentry mode: the filters of the snapshot that are not settled (not
 * ACTIVE, INACTIVE or gone), with where each was last seen. A batch sent
 * to the PF or its reply can move only these, so the hooks on
 * iavf_add_vlans, iavf_del_vlans and the VLAN replies visit them instead
 * of walking the whole list.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, IVT_PEND_MAX);
	__type(key, struct ivt_snap_key);
	__type(value, __u64);
} pend SEC(".maps");

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

/* A record with its common header filled; NULL when the ring is full. */
static __always_inline struct ivt_event *
ev_reserve_hdr(__u32 type, __u64 now, __u64 delta, __u32 pci_id, __s32 ifindex,
	       __u32 netns)
{
	struct ivt_event *e = ev_reserve();

	if (!e)
		return NULL;
	e->ts_ns = now;
	e->delta_ns = delta;
	e->type = type;
	e->pci_id = pci_id;
	e->ifindex = ifindex;
	e->netns = netns;
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

#endif /* IVT_MAPS_BPF_H */
