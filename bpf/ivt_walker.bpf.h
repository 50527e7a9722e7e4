/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The driver's generation by name, and its list walker: the audit's
 * snapshot, and fentry mode's inference of transitions from list diffs
 * (a whole walk, or the touch of one filter after add/kill_vid).
 * Needs ivt_maps.bpf.h and ivt_events.bpf.h first.
 */
#ifndef IVT_WALKER_BPF_H
#define IVT_WALKER_BPF_H

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
	bool pend_lost;		/* a filter did not fit in the pending set */
};

/* A batch went to the PF: ADD -> ADDING (IS_NEW), REMOVE -> REMOVING
 * (unfixed: DISABLE -> INACTIVE, and REMOVE freed, i.e. -> NONE, when the
 * DEL is sent).
 */
static __always_inline void count_move(struct walk_ctx *c, __u8 old, __u8 new)
{
	if (old == IAVF_VLAN_ABI_ADD && (new == IAVF_VLAN_ABI_ADDING ||
					 new == IAVF_VLAN_ABI_IS_NEW))
		c->to_adding++;
	if ((old == IAVF_VLAN_ABI_REMOVE && new == IAVF_VLAN_ABI_REMOVING) ||
	    (old == IAVF_VLAN_ABI_DISABLE && new == IAVF_VLAN_ABI_INACTIVE) ||
	    (old == IAVF_VLAN_ABI_REMOVE && new == IAVF_VLAN_ABI_NONE &&
	     drv_generation() == IVT_GEN_UNFIXED))
		c->to_removing++;
}

/* A filter read again in state @st (driver value @raw) at @now. */
static __always_inline void snap_move(struct ivt_snap_val *sv, __u8 st, __u8 raw, __u64 now)
{
	if (sv->state != st)
		sv->since_ns = now;
	sv->state = st;
	sv->raw_state = raw;
}

/* Not settled: a batch or a reply may still move it. */
static __always_inline bool state_unsettled(__u8 s)
{
	return state_pending(s) || s == IAVF_VLAN_ABI_DISABLE ||
	       s == IVT_STATE_UNMAPPED;
}

/* Keep the pending set in step with a filter's state @st at @addr;
 * true if it did not fit (the next hook walks the list instead).
 */
static __always_inline bool pend_note(const struct ivt_snap_key *key, __u8 st, __u64 addr)
{
	if (!state_unsettled(st)) {
		bpf_map_delete_elem(&pend, key);
		return false;
	}
	return bpf_map_update_elem(&pend, key, &addr, BPF_ANY) != 0;
}

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
			count_move(c, old, state);
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
	if (pend_note(&key, state, (__u64)f))
		c->pend_lost = true;
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
	count_move(c, sv->state, IAVF_VLAN_ABI_NONE);
	if (emit_inferred) {
		struct state_args a = {
			.dev = c->name, .pci_id = c->pci_id, .ifindex = c->ifindex,
			.netns = c->netns, .vid = key->vid, .tpid = key->tpid,
			.old = sv->state, .new = IAVF_VLAN_ABI_NONE,
			.reason = IVT_REASON_INFERRED, .num = c->num,
		};

		ivt_emit_state(&a);
	}
	bpf_map_delete_elem(&pend, key);
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
	c->dev_id = ivt_dev_id(c->pci_id, c->ifindex);
	c->num = (__u16)BPF_CORE_READ(ad, num_vlan_filters);
	c->now = bpf_ktime_get_ns();
	c->head = adapter_addr + bpf_core_field_offset(struct iavf_adapter___ivt,
						       vlan_filter_list);
	return true;
}

/* fentry mode: a walk after iavf_add_vlans / iavf_del_vlans that saw
 * filters move to ADDING / REMOVING means a message went to the PF.
 */
static __always_inline void walk_report_send(const struct walk_ctx *c,
					     struct iavf_adapter___ivt *ad)
{
	bool v2 = BPF_CORE_READ(ad, vf_res, vf_cap_flags) &
		  IVT_VIRTCHNL_VF_OFFLOAD_VLAN_V2;
	struct vc_args a = {
		.dev = c->name, .pci_id = c->pci_id, .ifindex = c->ifindex,
		.dir = IAVF_VC_DIR_SEND,
	};

	/* one op in flight at a time: one of the two is non-zero */
	if (c->to_adding) {
		a.op = v2 ? IAVF_VC_OP_ADD_VLAN_V2 : IAVF_VC_OP_ADD_VLAN;
		a.num = (__u16)c->to_adding;
	} else {
		a.op = v2 ? IAVF_VC_OP_DEL_VLAN_V2 : IAVF_VC_OP_DEL_VLAN;
		a.num = (__u16)c->to_removing;
	}
	ivt_emit_vc(&a);
}

/* Walk the VF's list, unless the last walk is younger than @min_age_ns
 * (0: always).
 */
static __always_inline void walk_adapter(__u64 adapter_addr, __u64 min_age_ns)
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
	if (min_age_ns && svf->gen && c.now - svf->ts_ns < min_age_ns)
		return;
	c.first = svf->gen == 0;
	c.gen = svf->gen + 1;

	loops = bpf_loop(IVT_WALK_MAX, walk_one, &c, 0);
	bpf_for_each_map_elem(&snap, reap_one, &c, 0);

	if (emit_inferred && (c.to_adding || c.to_removing))
		walk_report_send(&c, ad);

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
	svf->pend_lost = c.pend_lost || svf->truncated;
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
	walk_adapter(adapter_addr, 0);
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
		snap_move(sv, st, raw, c.now);
		sv->addr = addr;
		sv->gen = svf->gen;	/* seen as of the last walk: not reaped */
	} else if (addr) {
		struct ivt_snap_val nv = { .since_ns = c.now, .gen = svf->gen, .state = st,
					   .raw_state = raw, .addr = addr };

		if (bpf_map_update_elem(&snap, &key, &nv, BPF_ANY))
			stat_inc(IVT_S_MAP_FULL);
	}
	if (pend_note(&key, st, addr))
		svf->pend_lost = 1;
	/* One emit site: a single argument block on this frame. */
	touch_emit(&c, vid, tpid, old, st);
	return 0;
}

/* One filter of the pending set, if it is this VF's: read it again where
 * it was last seen (checked as in the touch) and report its move.
 */
static long pend_one(struct bpf_map *map, struct ivt_snap_key *key, __u64 *addrp,
		     struct walk_ctx *c)
{
	struct ivt_snap_val *sv;
	__u8 raw = 0, old, st = IAVF_VLAN_ABI_NONE;
	__u64 addr = *addrp;

	if (key->dev_id != c->dev_id)
		return 0;
	c->n++;
	sv = bpf_map_lookup_elem(&snap, key);
	old = sv ? sv->state : IAVF_VLAN_ABI_NONE;
	if (filter_at(addr, key->vid, key->tpid)) {
		raw = (__u8)BPF_CORE_READ((struct iavf_vlan_filter___ivt *)addr, state);
		st = abi_state_of(raw);
	} else {
		addr = 0;
	}
	count_move(c, old, st);
	if (!addr)
		bpf_map_delete_elem(&snap, key);
	else if (sv)
		snap_move(sv, st, raw, c->now);
	if (pend_note(key, st, addr))
		c->pend_lost = true;
	touch_emit(c, key->vid, key->tpid, old, st);
	return 0;
}

/* fentry mode, after a batch to the PF or a VLAN reply: visit the VF's
 * unsettled filters (a few probe reads each), not the whole list. Returns
 * 1 for a VF never walked, or whose pending set overflowed: the caller
 * walks instead (on a frame of its own, as for the touch).
 */
static __noinline int visit_only(__u64 adapter_addr)
{
	struct iavf_adapter___ivt *ad = (void *)adapter_addr;
	struct ivt_snap_vf *svf;
	struct walk_ctx c = {};

	if (!vf_ident(adapter_addr, &c))
		return 0;
	svf = bpf_map_lookup_elem(&snap_vfs, &c.dev_id);
	if (!svf || !svf->gen || svf->pend_lost)
		return 1;
	bpf_for_each_map_elem(&pend, pend_one, &c, 0);
	if (c.pend_lost)
		svf->pend_lost = 1;
	if (emit_inferred && (c.to_adding || c.to_removing))
		walk_report_send(&c, ad);
	stat_inc(IVT_S_PEND_VISITS);
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

static __always_inline void visit_pending(__u64 adapter_addr)
{
	if (visit_only(adapter_addr))
		walk_adapter_call(adapter_addr);
}

#endif /* IVT_WALKER_BPF_H */
