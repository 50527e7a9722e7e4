// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel PF: the PF's mailbox of one VF (ice_vc_process_vf_msg). Requests
 * come up from the VF device one at a time and are handled in order: ice's
 * checks, fault injection, the handler (virtchnl.c), the reply down to the
 * device. A held request (delay or reset fault) holds everything behind it.
 */
#include <stdio.h>
#include <string.h>

#include "vfmodel_int.h"

#define MS(ms)	((uint64_t)(ms) * 1000000ull)

static void history_add(struct vfm_vf *vf, uint32_t op, uint16_t len, int32_t status,
			const char *outcome, const char *detail)
{
	struct vfm_pfvf *pv = &vf->pv;
	struct vfm_history *h = &pv->history[pv->history_seq % VFM_HISTORY];

	h->seq = pv->history_seq++;
	h->op = op;
	h->len = len;
	h->status = status;
	h->outcome = outcome;
	snprintf(h->detail, sizeof(h->detail), "%s", detail ? detail : "");
}

static int rq_push(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, uint16_t len)
{
	struct vfm_pfvf *pv = &vf->pv;
	struct vfm_req *q;

	if (pv->rq_count == VFM_RQ_MAX) {
		/* ice's mailbox overflow: the message is lost */
		vfm_logf(&vf->host, VFM_LOG_WARN, "mailbox full behind a held request, op %u lost", op);
		history_add(vf, op, len, 0, "mbx_full", NULL);
		return -1;
	}
	q = &pv->rq[(pv->rq_head + pv->rq_count) % VFM_RQ_MAX];
	q->op = op;
	q->len = len;
	if (len)
		memcpy(q->msg, msg, len);
	pv->rq_count++;
	return 0;
}

static void rq_pop(struct vfm_pfvf *pv)
{
	pv->rq_head = (pv->rq_head + 1) % VFM_RQ_MAX;
	pv->rq_count--;
}

/* answer a request: history, reply, and the link state ice sends after
 * some ops whatever their status */
static void reply(struct vfm_vf *vf, uint32_t op, uint16_t len, int32_t status,
		  const char *outcome, const struct vfm_out *o)
{
	history_add(vf, op, len, status, outcome, o->detail);
	vfm_dev_send_data(&vf->dev, op, status, o->data, o->len);
	if (o->link_after)
		vfm_pf_notify_link(vf);
}

/* ice's checks before any handler; true when the request is refused */
static bool refused(struct vfm_vf *vf, uint32_t op, uint8_t *msg, uint16_t len,
		    int32_t *status, const char **outcome)
{
	if (vf->pv.resetting) {
		/* ICE_VF_STATE_DIS: the PF refuses until the reset completes */
		*status = VIRTCHNL_STATUS_ERR_PARAM;
		*outcome = "resetting";
		return true;
	}
	if (virtchnl_vc_validate_vf_msg(&vf->pv.ver, op, msg, len)) {
		*status = VIRTCHNL_STATUS_ERR_PARAM;
		*outcome = "malformed";
		return true;
	}
	if (!vfm_vc_allowed(vf, op)) {
		*status = VIRTCHNL_STATUS_ERR_NOT_SUPPORTED;
		*outcome = "not_allowed";
		return true;
	}
	return false;
}

/* ---- deferred work the mailbox registers ---- */

static void send_later(void *ctx, const struct vfm_work *w)	/* VFM_DEF_REPLY */
{
	struct vfm_vf *vf = ctx;

	vfm_dev_send(&vf->dev, &w->msg);
}

static void reset_later(void *ctx, const struct vfm_work *w)	/* VFM_DEF_RESET */
{
	struct vfm_vf *vf = ctx;

	(void)w;
	vfm_logf(&vf->host, VFM_LOG_INFO, "fault: resetting VF with a reply pending");
	vfm_pfvf_reset(vf, VFM_RESET_FAULT);
}

static void release(void *ctx, const struct vfm_work *w);	/* VFM_DEF_RELEASE, below */

/* a delay fault: the PF sits on the request, nothing is applied and nothing
 * behind it is handled until the hold is over. false: no room to hold it */
static bool hold(struct vfm_vf *vf, uint32_t delay_ms, uint32_t op, uint8_t *msg,
		 uint16_t len, bool queued, struct vfm_out *o)
{
	if (vfm_defer(&vf->sched, VFM_DEF_RELEASE, MS(delay_ms), release, vf, NULL))
		return false;	/* logged: handled at once */
	if (!queued)
		rq_push(vf, op, msg, len);	/* the queue is empty here */
	vf->pv.mbx_block = VFM_MBX_HELD_REQ;
	vfm_vc_vlan_detail(op, msg, o);
	history_add(vf, op, len, 0, "held", o->detail);
	return true;
}

/* a fault on the reply of an applied request (delay apply=now, drop, reset) */
static void faulted(struct vfm_vf *vf, const struct vfm_fault *f, uint32_t op, uint16_t len,
		    int32_t status, const struct vfm_out *o)
{
	struct vfm_msg r;

	memset(&r, 0, sizeof(r));
	r.op = op;
	r.status = status;
	r.len = o->len;
	memcpy(r.data, o->data, o->len);
	switch (f->kind) {
	case VFM_FAULT_DELAY:	/* apply=now */
		history_add(vf, op, len, status, "fault_delay", o->detail);
		vfm_defer(&vf->sched, VFM_DEF_REPLY, MS(f->delay_ms), send_later, vf, &r);
		break;
	case VFM_FAULT_DROP:
		history_add(vf, op, len, status, "fault_drop", o->detail);
		break;
	case VFM_FAULT_RESET:
		/* the reply is held until the reset: the mailbox waits too */
		history_add(vf, op, len, status, "fault_reset", o->detail);
		if (!vfm_defer(&vf->sched, VFM_DEF_RESET, MS(f->delay_ms), reset_later, vf, NULL)) {
			vf->pv.mbx_block = VFM_MBX_HELD_RESET;
			vf->pv.held_op = op;
		}
		break;
	default:
		break;
	}
	/* the fault is on the reply only: the link event still goes */
	if (o->link_after && f->kind != VFM_FAULT_RESET)
		vfm_pf_notify_link(vf);
}

/*
 * Handle one request. released: the held request at the head of the queue,
 * its hold over (no fault matches again). queued: msg is rq[rq_head].
 * Returns true when the request is now held at the head of the queue.
 */
static bool process_msg(struct vfm_vf *vf, uint32_t op, uint8_t *msg, uint16_t len,
			bool released, bool queued)
{
	struct vfm_out o;
	struct vfm_fault_slot *slot = NULL;
	int32_t status;
	const char *outcome = released ? "fault_delay" : "ok";

	memset(&o, 0, sizeof(o));
	if (refused(vf, op, msg, len, &status, &outcome)) {
		reply(vf, op, len, status, outcome, &o);
		return false;
	}
	if (op == VIRTCHNL_OP_RESET_VF) {
		/* ice_vc_reset_vf_msg(): no reply, no notification */
		history_add(vf, op, len, 0, "reset", NULL);
		vfm_pfvf_reset(vf, VFM_RESET_VFR);
		return false;
	}
	if (released && vf->pv.held_reject) {
		/* a reject fault with ms: the hold is over, now the refusal */
		status = vf->pv.held_reject;
		vf->pv.held_reject = 0;
		vfm_vc_vlan_detail(op, msg, &o);
		reply(vf, op, len, status, "fault_reject", &o);
		return false;
	}
	if (!released)
		slot = vfm_fault_match(vf->pf, vf->idx, op);
	if (slot && slot->f.kind == VFM_FAULT_REJECT && slot->f.delay_ms) {
		/* reject with ms: held as by delay, then refused unapplied */
		if (hold(vf, slot->f.delay_ms, op, msg, len, queued, &o)) {
			vf->pv.held_reject = slot->f.status ? slot->f.status
							    : VIRTCHNL_STATUS_ERR_PARAM;
			return true;
		}
		memset(&o, 0, sizeof(o));	/* no room to hold it: refused at once */
	}
	if (slot && slot->f.kind == VFM_FAULT_REJECT) {
		/* keep the VID list in the history for VLAN ops */
		vfm_vc_vlan_detail(op, msg, &o);
		reply(vf, op, len, slot->f.status ? slot->f.status : VIRTCHNL_STATUS_ERR_PARAM,
		      "fault_reject", &o);
		return false;
	}
	if (slot && slot->f.kind == VFM_FAULT_DELAY && !slot->f.apply_now) {
		if (hold(vf, slot->f.delay_ms, op, msg, len, queued, &o))
			return true;
		slot = NULL;
	}
	status = vfm_vc_dispatch(vf, op, msg, &o);
	if (slot)
		faulted(vf, &slot->f, op, len, status, &o);
	else
		reply(vf, op, len, status, outcome, &o);
	return false;
}

/* handle what waits in the mailbox until it is empty or held again */
static void mbx_drain(struct vfm_vf *vf)
{
	struct vfm_pfvf *pv = &vf->pv;

	while (pv->rq_count && pv->mbx_block == VFM_MBX_FREE) {
		struct vfm_req *q = &pv->rq[pv->rq_head];
		uint32_t resets = pv->resets;

		if (process_msg(vf, q->op, (uint8_t *)q->msg, q->len, false, true))
			return;		/* held in its turn, stays at the head */
		if (resets != pv->resets)
			return;		/* it reset the VF: the mailbox is empty */
		rq_pop(pv);
	}
}

/* VFM_DEF_RELEASE: the hold is over; apply and answer, then the rest */
static void release(void *ctx, const struct vfm_work *w)
{
	struct vfm_vf *vf = ctx;
	struct vfm_pfvf *pv = &vf->pv;
	struct vfm_req *q;
	uint32_t resets = pv->resets;

	(void)w;
	if (pv->mbx_block != VFM_MBX_HELD_REQ || !pv->rq_count)
		return;
	pv->mbx_block = VFM_MBX_FREE;
	q = &pv->rq[pv->rq_head];
	process_msg(vf, q->op, (uint8_t *)q->msg, q->len, true, true);
	if (resets != pv->resets)
		return;
	rq_pop(pv);
	mbx_drain(vf);
}

/* the VF device's message callback: one message from the VF's ATQ */
void vfm_mbx_receive(void *ctx, uint32_t op, uint8_t *msg, uint16_t len)
{
	struct vfm_vf *vf = ctx;

	if (vf->pv.rq_count || vf->pv.mbx_block != VFM_MBX_FREE) {
		/* a held request: this one waits its turn */
		rq_push(vf, op, msg, len);
		return;
	}
	process_msg(vf, op, msg, len, false, false);
}

/* for dump: the oldest request whose reply is held, and how many are unanswered */
const char *vfm_mbx_held(const struct vfm_vf *vf, unsigned int *pending)
{
	const struct vfm_pfvf *pv = &vf->pv;
	const struct vfm_work *first = NULL;
	unsigned int i, n = pv->rq_count;
	const char *held = NULL;

	if (pv->mbx_block == VFM_MBX_HELD_REQ && pv->rq_count)
		held = vfm_op_name(pv->rq[pv->rq_head].op);
	else if (pv->mbx_block == VFM_MBX_HELD_RESET) {
		held = vfm_op_name(pv->held_op);
		n++;
	}
	/* apply=now delays: replies waiting for their time */
	for (i = 0; i < VFM_DEFERRED_MAX; i++) {
		const struct vfm_work *d = &vf->sched.items[i];

		if (d->kind != VFM_DEF_REPLY || d->gen != vf->sched.gen)
			continue;
		n++;
		if (!first || d->due_ns < first->due_ns)
			first = d;
	}
	if (!held && first)
		held = vfm_op_name(first->msg.op);
	if (pending)
		*pending = n;
	return held;
}
