/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel deferred work of one VF (bottom layer): a small table of items,
 * each a callback registered by the layer that deferred it, run in due
 * order from the VF's single host timer (at once without a timer).
 */
#ifndef VFM_SCHED_H
#define VFM_SCHED_H

#include "host.h"
#include "msg.h"

#define VFM_DEFERRED_MAX	32

/* what an item is for: the owners' tags, for queries and reset */
enum vfm_work_kind {
	VFM_DEF_NONE = 0,
	VFM_DEF_REPLY,		/* delayed reply (delay fault, apply=now) */
	VFM_DEF_RESET,		/* reset the VF (reset fault) */
	VFM_DEF_RESET_DONE,	/* VFGEN_RSTAT -> VFACTIVE */
	VFM_DEF_RX,		/* fill RX rings from the backlog (data path) */
	VFM_DEF_RELEASE,	/* apply and answer the held request, then those behind it */
};

struct vfm_work;
typedef void (*vfm_work_fn)(void *ctx, const struct vfm_work *w);

struct vfm_work {
	enum vfm_work_kind kind;
	uint64_t due_ns;
	uint32_t gen;		/* the VF incarnation it belongs to */
	vfm_work_fn fn;
	void *ctx;
	struct vfm_msg msg;	/* VFM_DEF_REPLY */
};

struct vfm_sched {
	const struct vfm_host *host;
	struct vfm_work items[VFM_DEFERRED_MAX];
	uint32_t gen;		/* bumped by each VF reset */
	bool running;
	uint64_t armed_ns;
};

void vfm_sched_init(struct vfm_sched *s, const struct vfm_host *host);
int vfm_defer(struct vfm_sched *s, enum vfm_work_kind kind, uint64_t delay_ns,
	      vfm_work_fn fn, void *ctx, const struct vfm_msg *msg);
void vfm_sched_run(struct vfm_sched *s);
void vfm_sched_timer_fired(struct vfm_sched *s);
/* a VF reset: a new incarnation; every item but `keep` is dropped */
void vfm_sched_new_gen(struct vfm_sched *s, enum vfm_work_kind keep);
void vfm_sched_rearm(struct vfm_sched *s);
void vfm_sched_stop(struct vfm_sched *s);

#endif /* VFM_SCHED_H */
