/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The three event handler bodies (VLAN filter state, VLAN virtchnl
 * message, down/up), each written once and entered from the tp_btf and
 * raw_tp programs, from fentry mode through the global functions at the
 * end, and from the test and bench programs. Needs ivt_maps.bpf.h first.
 */
#ifndef IVT_EVENTS_BPF_H
#define IVT_EVENTS_BPF_H

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

/* ---- the state handler, in its steps ---------------------------------- */

/* One iavf_vlan_state event, in TP_PROTO order. */
struct state_ev {
	const void *dev;
	__u32 pci_id;
	__s32 ifindex;
	__u32 netns;
	__u16 vid;
	__u16 tpid;
	__u8 old;
	__u8 new;
	__u8 reason;
	__u16 num;
};

/* What the steps of one event share (registers once inlined). */
struct state_run {
	struct ivt_vf_val *vf;
	struct ivt_filter_val *val;	/* NULL: no slot, or another TPID */
	__u64 now;
	__u64 delta;			/* time in the previous state, 0 unknown */
	__u64 add_ts;			/* the filter's ADD clock before this event */
	__u32 dev_id;
	__u8 flags;			/* enum ivt_state_flags */
	__u8 prev;			/* the state recorded before this event */
	bool present;
};

/* Step 1: the filters set before load, and the event counter. */
static __always_inline bool state_admit(const struct state_ev *ev)
{
	if (dev_filtered(ev->pci_id, ev->ifindex) ||
	    (targ_netns && ev->netns != targ_netns) ||
	    (targ_vid >= 0 && ev->vid != (__u16)targ_vid)) {
		stat_inc(IVT_S_FILTERED);
		note_netns(ivt_dev_id(ev->pci_id, ev->ifindex), ev->netns);
		return false;
	}
	stat_inc(IVT_S_STATE);
	return true;
}

/* Step 2: the clock, the VF's slot and the filter's array entry: how the
 * event fits the filter's record (flags), then the record updated.
 */
static __always_inline void state_track(const struct state_ev *ev, struct state_run *r)
{
	struct ivt_filter_val *val;

	r->now = bpf_ktime_get_ns();
	r->dev_id = ivt_dev_id(ev->pci_id, ev->ifindex);
	r->vf = vf_get(r->dev_id);
	r->val = val = filter_of(r->vf, ev->vid, ev->tpid);
	r->present = val && val->last_ts;
	r->flags = 0;
	r->prev = IAVF_VLAN_ABI_NONE;
	r->delta = 0;
	r->add_ts = 0;
	if (!r->present) {
		if (ev->old != IAVF_VLAN_ABI_NONE) {
			r->flags |= IVT_F_UNKNOWN_PRIOR;
			stat_inc(IVT_S_UNKNOWN_PRIOR);
		}
	} else {
		r->prev = val->state;
		r->delta = r->now - val->last_ts;
		r->add_ts = val->add_ts;
		if (ev->old != ev->new && val->state == ev->new && val->last_old == ev->old) {
			r->flags |= IVT_F_DUPLICATE;
			stat_inc(IVT_S_DUPLICATE);
		} else if (val->state != ev->old) {
			r->flags |= IVT_F_OUT_OF_ORDER;
			stat_inc(IVT_S_OUT_OF_ORDER);
		}
	}

	if (!val) {
		if (ev->new != IAVF_VLAN_ABI_NONE)
			stat_inc(IVT_S_MAP_FULL);	/* no slot, or another TPID */
	} else if (ev->new == IAVF_VLAN_ABI_NONE) {
		if (r->present)
			__builtin_memset(val, 0, sizeof(*val));
	} else if (!(r->flags & IVT_F_DUPLICATE)) {
		filter_store(val, r->present, r->prev, ev->old, ev->new, ev->reason,
			     ev->ifindex, ev->netns, r->now);
	}
}

/* Step 3: the VF's name, its pending count, the histograms. */
static __always_inline void state_account(const struct state_ev *ev, const struct state_run *r)
{
	struct ivt_vf_val *vf = r->vf;
	bool dup = r->flags & IVT_F_DUPLICATE;

	if (!vf)	/* then no filter entry either */
		return;
	vf_name(vf, ev->dev, ev->ifindex, ev->netns);
	if (!dup) {
		vf->netns = ev->netns;
		vf->pending += (__s32)state_pending(ev->new) - (__s32)state_pending(r->prev);
		if (vf->pending < 0)
			vf->pending = 0;
	}
	if (r->present && !dup && ev->new == IAVF_VLAN_ABI_ACTIVE && r->add_ts)
		hist_add(r->dev_id, IVT_H_ADD_ACTIVE, 0, r->now - r->add_ts);
	up_check_done(vf, r->dev_id, r->now);
}

/* Step 4: the ring-buffer record. */
static __always_inline void state_record(const struct state_ev *ev, const struct state_run *r)
{
	struct ivt_event *e = ev_reserve_hdr(IVT_EV_STATE, r->now, r->delta, ev->pci_id,
					     ev->ifindex, ev->netns);

	if (!e)
		return;
	e->state.vid = ev->vid;
	e->state.tpid = ev->tpid;
	e->state.old_state = ev->old;
	e->state.new_state = ev->new;
	e->state.reason = ev->reason;
	e->state.flags = r->flags;
	e->state.num_vlan_filters = ev->num;
	e->state.stack_id = stack_take();
	ev_submit(e);
}

static __always_inline int
on_vlan_state(const void *dev, __u32 pci_id, __s32 ifindex, __u32 netns,
	      __u16 vid, __u16 tpid, __u8 old, __u8 new, __u8 reason,
	      __u16 num)
{
	struct state_ev ev = {
		.dev = dev, .pci_id = pci_id, .ifindex = ifindex, .netns = netns,
		.vid = vid, .tpid = tpid, .old = old, .new = new, .reason = reason,
		.num = num,
	};
	struct state_run r;

	if (!state_admit(&ev))
		return 0;
	state_track(&ev, &r);
	state_account(&ev, &r);
	if (emit_records)
		state_record(&ev, &r);
	return 0;
}

/* ---- the vc and down/up handlers -------------------------------------- */

static __always_inline int
on_vlan_vc(const void *dev, __u32 pci_id, __s32 ifindex, __u8 dir, __u32 op,
	   __u16 num, __u8 more, __s32 v_retval)
{
	__u32 dev_id = ivt_dev_id(pci_id, ifindex);
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
	e = ev_reserve_hdr(IVT_EV_VC, now, 0, pci_id, ifindex, vf ? vf->netns : 0);
	if (!e)
		return 0;
	e->vc.op = op;
	e->vc.v_retval = v_retval;
	e->vc.num = num;
	e->vc.dir = dir;
	e->vc.more = more;
	ev_submit(e);
	return 0;
}

/* The VF's down/up/reset clocks at a phase, and their histograms. */
static __always_inline void updown_clocks(struct ivt_vf_val *vf, __u32 dev_id, __u8 phase,
					  __s32 status, __u64 now)
{
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

static __always_inline int
on_updown(const void *dev, __u32 pci_id, __s32 ifindex, __u32 netns,
	  __u8 phase, __s32 status, __u16 num)
{
	__u32 dev_id = ivt_dev_id(pci_id, ifindex);
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
		updown_clocks(vf, dev_id, phase, status, now);
	}

	if (!emit_records)
		return 0;
	e = ev_reserve_hdr(IVT_EV_UPDOWN, now, 0, pci_id, ifindex, netns);
	if (!e)
		return 0;
	e->updown.status = status;
	e->updown.num_vlan_filters = num;
	e->updown.phase = phase;
	ev_submit(e);
	return 0;
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

#endif /* IVT_EVENTS_BPF_H */
