// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel deferred work (one host timer per VF). Items are callbacks the
 * layer above registered; an item of an incarnation a reset ended is
 * dropped unrun.
 */
#include <errno.h>
#include <string.h>

#include "sched.h"

void vfm_sched_init(struct vfm_sched *s, const struct vfm_host *host)
{
	memset(s, 0, sizeof(*s));
	s->host = host;
	s->armed_ns = UINT64_MAX;
}

void vfm_sched_rearm(struct vfm_sched *s)
{
	uint64_t next = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < VFM_DEFERRED_MAX; i++)
		if (s->items[i].kind != VFM_DEF_NONE && s->items[i].due_ns < next)
			next = s->items[i].due_ns;
	if (next == s->armed_ns)
		return;
	s->armed_ns = next;
	vfm_timer_mod(s->host, next);
}

int vfm_defer(struct vfm_sched *s, enum vfm_work_kind kind, uint64_t delay_ns,
	      vfm_work_fn fn, void *ctx, const struct vfm_msg *msg)
{
	unsigned int i;

	for (i = 0; i < VFM_DEFERRED_MAX; i++) {
		struct vfm_work *w = &s->items[i];

		if (w->kind != VFM_DEF_NONE)
			continue;
		w->kind = kind;
		w->gen = s->gen;
		w->fn = fn;
		w->ctx = ctx;
		/* without a host timer everything is due at once */
		w->due_ns = vfm_has_timer(s->host) ? vfm_now(s->host) + delay_ns : 0;
		if (msg)
			w->msg = *msg;
		vfm_sched_rearm(s);
		return 0;
	}
	vfm_logf(s->host, VFM_LOG_WARN, "deferred work table full");
	return -ENOSPC;
}

/* the earliest item that is due, or NULL */
static struct vfm_work *next_due(struct vfm_sched *s)
{
	struct vfm_work *best = NULL;
	uint64_t now = vfm_now(s->host);
	bool timer = vfm_has_timer(s->host);
	unsigned int i;

	for (i = 0; i < VFM_DEFERRED_MAX; i++) {
		struct vfm_work *c = &s->items[i];

		if (c->kind == VFM_DEF_NONE || (timer && c->due_ns > now))
			continue;
		if (!best || c->due_ns < best->due_ns)
			best = c;
	}
	return best;
}

void vfm_sched_run(struct vfm_sched *s)
{
	unsigned int rounds;

	if (s->running)
		return;
	s->running = true;
	/* each round runs the earliest due item; work may add more items */
	for (rounds = 0; rounds < 4 * VFM_DEFERRED_MAX; rounds++) {
		struct vfm_work *best = next_due(s), w;

		if (!best)
			break;
		w = *best;
		best->kind = VFM_DEF_NONE;
		if (w.gen != s->gen)
			continue;	/* belongs to a VF incarnation a reset ended */
		w.fn(w.ctx, &w);
	}
	s->running = false;
	vfm_sched_rearm(s);
}

void vfm_sched_timer_fired(struct vfm_sched *s)
{
	s->armed_ns = UINT64_MAX;	/* the host timer is one-shot */
	vfm_sched_run(s);
}

void vfm_sched_new_gen(struct vfm_sched *s, enum vfm_work_kind keep)
{
	unsigned int i;

	s->gen++;
	for (i = 0; i < VFM_DEFERRED_MAX; i++)
		if (s->items[i].kind != keep)
			s->items[i].kind = VFM_DEF_NONE;
}

void vfm_sched_stop(struct vfm_sched *s)
{
	if (s->armed_ns != UINT64_MAX)
		vfm_timer_mod(s->host, UINT64_MAX);
}
