// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* `iavf-vlantrace monitor`: one line (or JSON object) per event. */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>
#include "ivt.h"
#include "cli.h"
#include "format.h"
#include "ksyms.h"
#include "selftest.h"
#include "iavf_vlantrace.skel.h"

struct monitor_opts {
	struct ivt_env *env;
	struct ivt_target t;
	bool timestamps;	/* -T: wall-clock times */
	bool stack;		/* --stack */
};

struct monitor_run {
	struct ivt_env *env;
	struct ivt_fmt fmt;
	struct ivt_ksyms *ksyms;	/* --stack */
	int stacks_fd;
	__u64 events;
	unsigned int generation;	/* known, or learnt from the events */
};

/* No BTF and no --generation: say which machine once a state names it. */
static void learn_generation(struct monitor_run *run, const struct ivt_event *e)
{
	unsigned int g;

	if (run->generation || e->type != IVT_EV_STATE)
		return;
	g = ivt_gen_of_state(e->state.new_state);
	if (!g)
		g = ivt_gen_of_state(e->state.old_state);
	if (!g)
		return;
	run->generation = g;
	fprintf(stderr, "%s: iavf VLAN state machine: %s (from the events: %s)\n",
		run->env->prog, ivt_generation_name(g),
		ivt_state_name(ivt_gen_of_state(e->state.new_state) ?
			       e->state.new_state : e->state.old_state));
}

/* The frames of our own program come first: the driver's start after. */
static int drop_bpf_frames(const struct monitor_run *run, __u64 *ips, int n)
{
	char sym[256];
	int skip = 0;

	while (skip < n) {
		ivt_ksyms_fmt(run->ksyms, ips[skip], sym, sizeof(sym));
		if (!strstr(sym, " [bpf]"))
			break;
		skip++;
	}
	memmove(ips, ips + skip, (n - skip) * sizeof(*ips));
	return n - skip;
}

/* --stack: the frames of a state record's stack, innermost first; 0
 * frames when the kernel kept none (the stack map was full or the id
 * collided: said as such).
 */
static int stack_frames(const struct monitor_run *run, const struct ivt_event *e,
			__u64 ips[IVT_STACK_DEPTH])
{
	__u32 id;
	int n;

	if (e->type != IVT_EV_STATE || e->state.stack_id < 0)
		return 0;
	id = (__u32)e->state.stack_id;
	if (bpf_map_lookup_elem(run->stacks_fd, &id, ips))
		return 0;
	for (n = 0; n < IVT_STACK_DEPTH && ips[n]; n++)
		;
	return drop_bpf_frames(run, ips, n);
}

static void stack_json(const struct monitor_run *run, const struct ivt_event *e,
		       struct json_object *o)
{
	__u64 ips[IVT_STACK_DEPTH];
	struct json_object *a;
	char sym[256];
	int i, n = stack_frames(run, e, ips);

	if (e->type != IVT_EV_STATE)
		return;
	a = json_object_new_array();
	for (i = 0; i < n; i++) {
		ivt_ksyms_fmt(run->ksyms, ips[i], sym, sizeof(sym));
		json_object_array_add(a, json_object_new_string(sym));
	}
	json_object_object_add(o, "stack", a);
}

static void stack_text(const struct monitor_run *run, const struct ivt_event *e)
{
	__u64 ips[IVT_STACK_DEPTH];
	char sym[256];
	int i, n = stack_frames(run, e, ips);

	if (e->type == IVT_EV_STATE && !n)
		puts("\t(no stack: the kernel kept none for this event)");
	for (i = 0; i < n; i++) {
		ivt_ksyms_fmt(run->ksyms, ips[i], sym, sizeof(sym));
		printf("\t%s\n", sym);
	}
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct monitor_run *run = ctx;
	const struct ivt_event *e = data;
	char line[256];

	if (size < sizeof(*e))
		return 0;
	run->events++;
	learn_generation(run, e);
	if (run->env->json) {
		struct json_object *o = ivt_event_json(e, &run->fmt);

		if (o) {
			if (run->ksyms)
				stack_json(run, e, o);
			puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
			json_object_put(o);
		}
	} else {
		ivt_format_event(e, &run->fmt, line, sizeof(line));
		puts(line);
		if (run->ksyms)
			stack_text(run, e);
	}
	fflush(stdout);
	return 0;
}

/* The summary, rendered: JSON for stdout (true) or a text line for stderr. */
static bool summary_render(const struct ivt_env *env, const __u64 *s, __u64 consumed,
			   char *buf, size_t len)
{
	struct json_object *o, *sum;

	if (!env->json) {
		snprintf(buf, len,
			 "%llu events (state %llu, vc %llu, updown %llu), %llu drops, "
			 "%llu out-of-order, %llu unknown-prior, %llu duplicate%s\n",
			 (unsigned long long)consumed,
			 (unsigned long long)s[IVT_S_STATE], (unsigned long long)s[IVT_S_VC],
			 (unsigned long long)s[IVT_S_UPDOWN], (unsigned long long)s[IVT_S_LOST],
			 (unsigned long long)s[IVT_S_OUT_OF_ORDER],
			 (unsigned long long)s[IVT_S_UNKNOWN_PRIOR],
			 (unsigned long long)s[IVT_S_DUPLICATE],
			 s[IVT_S_MAP_FULL] ? " (filter map full: some state not tracked)" : "");
		return false;
	}
	o = json_object_new_object();
	sum = json_object_new_object();
	json_object_object_add(sum, "events", json_object_new_uint64(consumed));
	json_object_object_add(sum, "state", json_object_new_uint64(s[IVT_S_STATE]));
	json_object_object_add(sum, "vc", json_object_new_uint64(s[IVT_S_VC]));
	json_object_object_add(sum, "updown", json_object_new_uint64(s[IVT_S_UPDOWN]));
	json_object_object_add(sum, "drops", json_object_new_uint64(s[IVT_S_LOST]));
	json_object_object_add(sum, "unknown_prior", json_object_new_uint64(s[IVT_S_UNKNOWN_PRIOR]));
	json_object_object_add(sum, "out_of_order", json_object_new_uint64(s[IVT_S_OUT_OF_ORDER]));
	json_object_object_add(sum, "duplicate", json_object_new_uint64(s[IVT_S_DUPLICATE]));
	json_object_object_add(sum, "map_full", json_object_new_uint64(s[IVT_S_MAP_FULL]));
	/* fentry mode's work: whole list walks, and visits of the unsettled
	 * filters alone
	 */
	json_object_object_add(sum, "list_walks", json_object_new_uint64(s[IVT_S_SNAPSHOTS]));
	json_object_object_add(sum, "pending_visits",
			       json_object_new_uint64(s[IVT_S_PEND_VISITS]));
	json_object_object_add(o, "summary", sum);
	snprintf(buf, len, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return true;
}

static void print_summary(struct ivt_env *env, const __u64 *s, __u64 consumed)
{
	char buf[512];

	fputs(buf, summary_render(env, s, consumed, buf, sizeof(buf)) ? stdout : stderr);
	fflush(stdout);
}

/* A signal while loading: the summary of nothing */
static void set_interrupt_summary(struct ivt_env *env)
{
	const __u64 zero[IVT_S_NR] = {};
	char buf[512];
	bool out = summary_render(env, zero, 0, buf, sizeof(buf));

	ivt_set_interrupt_reply(env, out, IVT_EXIT_OK, buf);
}

/* Drops are reported as they happen, in the output stream, so a gap in
 * the event sequence is never silent.
 */
static void report_lost(struct ivt_env *env, const struct ivt_bpf *b, __u64 *seen)
{
	__u64 s[IVT_S_NR];

	if (ivt_read_stats(b, s) || s[IVT_S_LOST] == *seen)
		return;
	if (env->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "event", json_object_new_string("lost"));
		json_object_object_add(o, "count", json_object_new_uint64(s[IVT_S_LOST] - *seen));
		json_object_object_add(o, "total", json_object_new_uint64(s[IVT_S_LOST]));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
		fflush(stdout);
	} else {
		fprintf(stderr, "%s: %llu records lost (ring buffer full), %llu in total\n",
			env->prog, (unsigned long long)(s[IVT_S_LOST] - *seen),
			(unsigned long long)s[IVT_S_LOST]);
	}
	*seen = s[IVT_S_LOST];
}

static error_t monitor_parse(int key, char *arg, struct argp_state *state)
{
	struct monitor_opts *o = state->input;

	switch (key) {
	case 'T':
		o->timestamps = true;
		return 0;
	case 'k':
		o->stack = true;
		return 0;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		return 0;
	default:
		return ivt_parse_common_opt(key, arg, state, o->env, &o->t);
	}
}

static const struct argp_option monitor_options[] = {
	IVT_OPT_DEV, IVT_OPT_VID, IVT_OPT_NETNS, IVT_OPT_COMMON,
	{ "timestamp", 'T', NULL, 0, "Wall-clock time (default: seconds since start)", 2 },
	{ "stack", 'k', NULL, 0, "The kernel stack of each filter transition (needs the iavf tracepoints: tp_btf or raw_tp)", 2 },
	{},
};

static const char monitor_doc[] =
"Print every iavf VLAN filter transition, VLAN virtchnl message and\n"
"down/up/reset phase as it happens.\n"
"\v"
"Examples:\n"
"  iavf-vlantrace monitor                 # every iavf VF\n"
"  iavf-vlantrace monitor -d eth1 -T      # one VF, wall-clock times\n"
"  iavf-vlantrace monitor -V 100 -j       # VLAN 100, JSON lines\n"
"  iavf-vlantrace monitor -N pod1         # VFs in netns /run/netns/pod1\n"
"  iavf-vlantrace monitor --stack -V 100  # which driver code moved VLAN 100\n"
"\nCtrl-C or SIGTERM detaches and prints a summary (events, drops);\n"
"a second Ctrl-C exits at once.\n";

static const struct argp monitor_argp = {
	monitor_options, monitor_parse, NULL, monitor_doc, NULL, NULL, NULL,
};

/* --stack: only where the events fire at the transition itself; the
 * fentry mode infers transitions after the fact, from code that did not
 * cause them.
 */
static int stack_setup(const struct ivt_env *env, const struct ivt_bpf *b,
		       struct monitor_run *run)
{
	if (b->mode == IVT_MODE_FENTRY) {
		ivt_err(env, "--stack needs the iavf tracepoints (tp_btf or raw_tp): mode fentry infers transitions after the fact, with no stack of their cause");
		return -EOPNOTSUPP;
	}
	run->ksyms = ivt_ksyms_load("/proc/kallsyms");
	if (!run->ksyms) {
		ivt_err(env, "--stack: cannot read kernel symbols from /proc/kallsyms: %s",
			strerror(errno));
		return -errno;
	}
	run->stacks_fd = bpf_map__fd(b->skel->maps.stacks);
	return 0;
}

/* Records until a signal, then the rest and the summary. */
static int monitor_loop(struct monitor_run *run, const struct ivt_bpf *b,
			struct ring_buffer *rb)
{
	struct ivt_env *env = run->env;
	__u64 stats[IVT_S_NR] = {}, lost_seen = 0;
	unsigned int ticks = 0;
	int err;

	while (!env->signals) {
		/* records below the wakeup threshold arrive with this timeout */
		err = ivt_rb_poll(rb, 100);
		if (err < 0 && err != -EINTR) {
			ivt_err(env, "ring buffer poll: %s", strerror(-err));
			return IVT_EXIT_ERR;
		}
		if (++ticks % 10 == 0)
			report_lost(env, b, &lost_seen);
	}
	ring_buffer__consume(rb);
	report_lost(env, b, &lost_seen);
	ivt_read_stats(b, stats);
	print_summary(env, stats, run->events);
	return IVT_EXIT_OK;
}

int cmd_monitor(struct ivt_env *env, int argc, char **argv)
{
	struct monitor_opts o = { .env = env, .t = IVT_TARGET_INIT };
	struct ivt_load_opts opts = { .target = &o.t, .require_events = true,
				      .wakeup_bytes = 64 * 1024 };
	struct monitor_run run = { .env = env };
	struct ring_buffer *rb = NULL;
	struct ivt_bpf b = {};
	__u64 none[IVT_S_NR] = {};
	int err, ret;

	ret = ivt_argp_parse(&monitor_argp, argc, argv, ARGP_IN_ORDER, env, &o);
	if (ret)
		return ret < 0 ? IVT_EXIT_OK : ret;
	if (ivt_check_privileges(env) || ivt_resolve_target(env, &o.t))
		return IVT_EXIT_ERR;
	opts.mode = o.t.mode;
	opts.stack = o.stack;
	set_interrupt_summary(env);
	err = ivt_bpf_open(env, &opts, &b);
	if (err == -EINTR) {
		/* signalled while loading: nothing ran, nothing is left */
		print_summary(env, none, 0);
		return IVT_EXIT_OK;
	}
	if (err)
		return IVT_EXIT_ERR;
	ret = IVT_EXIT_ERR;
	if (o.stack && stack_setup(env, &b, &run))
		goto out;
	ivt_fmt_init(&run.fmt, o.timestamps, bpf_map__fd(b.skel->maps.vfs));
	run.generation = b.generation;
	rb = ring_buffer__new(bpf_map__fd(b.skel->maps.events), on_event, &run, NULL);
	if (!rb) {
		ivt_err(env, "cannot set up the ring buffer: %s", strerror(errno));
		goto out;
	}
	ivt_announce_mode(env, &b, "monitoring");
	if (b.mode == IVT_MODE_TEST && ivt_selftest_inject(&b)) {
		ivt_err(env, "selftest: BPF_PROG_TEST_RUN failed");
		goto out;
	}
	ret = monitor_loop(&run, &b, rb);
out:
	ring_buffer__free(rb);
	ivt_bpf_close(&b);
	ivt_ksyms_free(run.ksyms);
	return ret;
}
