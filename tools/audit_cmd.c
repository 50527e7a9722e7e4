// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * `iavf-vlantrace audit`: gather the three views (driver filter lists from
 * the BPF list walker, VLAN devices from rtnetlink in every namespace, the
 * PF limit), hand them to audit_compute() and render the result.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>
#include "audit.h"
#include "audit_views.h"
#include "ivt.h"
#include "cli.h"
#include "nlscan.h"
#include "selftest.h"
#include "traced.h"
#include "iavf_vlantrace.skel.h"

/* --- the command ------------------------------------------------------ */

struct audit_opts {
	struct ivt_env *env;
	struct ivt_target t;
	unsigned int stuck_ms;
	unsigned int wait_ms;
	int pf_limit;		/* -1: from the driver */
	const char *prometheus;
	bool watch;
	bool filters;		/* --filters: the per-filter view */
};

/* One run of the command: its options, the loaded programs, and the
 * audits done so far (the Prometheus counter).
 */
struct audit_run {
	struct ivt_env *env;
	const struct audit_opts *o;
	const struct ivt_bpf *b;
	__u64 audits;
};

/* audit_once() was signalled before it had a result: nothing printed. */
#define IVT_AUDIT_INTERRUPTED (-1)

static bool vf_has_snapshot(int snap_vfs_fd, const struct nl_link *l)
{
	__u32 key, next, *prev = NULL;
	struct ivt_snap_vf svf;

	while (bpf_map_get_next_key(snap_vfs_fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (!bpf_map_lookup_elem(snap_vfs_fd, &key, &svf) && svf.gen &&
		    svf.ifindex == l->ifindex && svf.netns == l->netns)
			return true;
	}
	return false;
}

/* Ready when every iavf VF has been walked and no transitional filter is
 * younger than the stuck threshold (it may still settle).
 */
static bool snapshot_ready(const struct audit_run *a, const struct nl_scan *s)
{
	const struct ivt_bpf *b = a->b;
	const struct ivt_target *t = &a->o->t;
	int vfs_fd = bpf_map__fd(b->skel->maps.snap_vfs);
	struct ivt_views v;
	bool ready = true;
	unsigned int i, j;

	for (i = 0; i < s->nlinks; i++) {
		if (strcmp(s->links[i].driver, "iavf"))
			continue;
		/* -d: only the chosen VF is walked (the BPF filter) */
		if (t->pci_id && s->links[i].pci_id != t->pci_id)
			continue;
		if (!t->pci_id && t->ifindex && s->links[i].ifindex != t->ifindex)
			continue;
		if (!vf_has_snapshot(vfs_fd, &s->links[i]))
			return false;
	}
	if (ivt_views_from_snapshot(vfs_fd, bpf_map__fd(b->skel->maps.snap),
				    -1, -1, ivt_now_mono_ns(), &v))
		return false;
	for (i = 0; i < v.nvfs && ready; i++)
		for (j = 0; j < v.vfs[i].nfilters; j++) {
			const struct audit_filter *f = &v.vfs[i].filters[j];

			if (f->state != IAVF_VLAN_ABI_ACTIVE && f->age_ms < a->o->stuck_ms) {
				ready = false;
				break;
			}
		}
	ivt_views_free(&v);
	return ready;
}

/* Wait until the snapshot is ready, or the deadline. With the walker on
 * iavf_get_drvinfo each scan of the links (one ETHTOOL_GDRVINFO per link)
 * walks every VF's list at once: the first check usually succeeds, and a
 * retry re-scans after 20 ms. Without it the watchdog walks every 2 s.
 * No iavf netdev in sight: one watchdog period catches VFs in namespaces
 * we cannot enter; then there is nothing to audit.
 */
static void wait_snapshot(const struct audit_run *a, struct nl_scan *s, unsigned int n_iavf)
{
	const struct ivt_bpf *b = a->b;
	unsigned int ms = a->o->wait_ms > a->o->stuck_ms + 2500 ? a->o->wait_ms :
			  a->o->stuck_ms + 2500;
	__u64 deadline = ivt_now_mono_ns() + (__u64)(!n_iavf ? 2500 : ms) * 1000000ULL;
	char err[256];

	while (!a->env->signals && !snapshot_ready(a, s)) {
		if (ivt_now_mono_ns() >= deadline)
			return;
		usleep((b->snapshot_now ? 20 : 200) * 1000);
		if (b->snapshot_now) {
			nl_scan_free(s);
			if (nl_scan_all(s, err, sizeof(err)))
				return;	/* audit_once() scans again and says why */
		}
	}
}

static const char *first_untrusted(const struct audit_input *in,
				   const struct audit_result *r)
{
	__u32 v;

	for (v = 0; v < in->nvfs; v++)
		if (r->vf[v].untrusted[0])
			return r->vf[v].untrusted;
	return "?";
}

/* The result on stdout: text (and --filters' table), or one JSON object
 * (with each VF's "filters" under --filters).
 */
static void audit_emit(const struct audit_run *a, const struct audit_input *in,
		       const struct audit_result *r, const struct nl_scan *s)
{
	const struct ivt_bpf *b = a->b;
	struct json_object *o, *vfs;
	__u32 v;

	if (!a->env->json) {
		audit_print_text(stdout, in, r);
		printf("(%u namespaces scanned%s)\n", s->nnetns,
		       s->skipped_netns ? ", some could not be entered" : "");
		if (a->o->filters)
			audit_filters_text(stdout, in, r);
		fflush(stdout);
		return;
	}
	o = audit_json(in, r);
	json_object_object_add(o, "mode", json_object_new_string(ivt_mode_name(b->mode)));
	json_object_object_add(o, "generation",
			       json_object_new_string(ivt_generation_name(b->generation)));
	json_object_object_add(o, "namespaces", json_object_new_int((int)s->nnetns));
	if (a->o->filters && json_object_object_get_ex(o, "vfs", &vfs))
		for (v = 0; v < in->nvfs; v++)
			json_object_object_add(json_object_array_get_idx(vfs, v), "filters",
					       audit_filters_json(in, r, v));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	fflush(stdout);
}

/* audit_once() was signalled before it had a result: nothing printed. */
#define IVT_AUDIT_INTERRUPTED (-1)
#define IVT_AUDIT_INTERRUPTED_MSG "interrupted before an audit was complete: no result"

/* The two views: the driver's lists (after waiting for the snapshot) and
 * the devices read after them, both as fresh as can be. 0, an error
 * (reported), or IVT_AUDIT_INTERRUPTED.
 */
static int audit_collect(const struct audit_run *a, bool wait, struct nl_scan *s,
			 struct ivt_views *v, unsigned int *n_iavf)
{
	const struct ivt_bpf *b = a->b;
	char err[256];
	unsigned int i;
	int e;

	if (nl_scan_all(s, err, sizeof(err))) {
		ivt_err(a->env, "%s", err);
		return IVT_EXIT_ERR;
	}
	for (i = 0; i < s->nlinks; i++)
		*n_iavf += !strcmp(s->links[i].driver, "iavf");
	if (wait && b->mode != IVT_MODE_TEST)
		wait_snapshot(a, s, *n_iavf);
	if (a->env->signals && wait)
		return IVT_AUDIT_INTERRUPTED;
	nl_scan_free(s);
	if (nl_scan_all(s, err, sizeof(err))) {
		ivt_err(a->env, "%s", err);
		return IVT_EXIT_ERR;
	}
	if (b->mode == IVT_MODE_TEST)	/* no walker: the traced filters */
		e = ivt_views_from_filters(bpf_map__fd(b->skel->maps.filters),
					   bpf_map__fd(b->skel->maps.vfs), ivt_now_mono_ns(), v);
	else
		e = ivt_views_from_snapshot(bpf_map__fd(b->skel->maps.snap_vfs),
					    bpf_map__fd(b->skel->maps.snap),
					    bpf_map__fd(b->skel->maps.filters),
					    bpf_map__fd(b->skel->maps.vfs), ivt_now_mono_ns(), v);
	/* the synthetic VF lives in our namespace */
	for (i = 0; !e && b->mode == IVT_MODE_TEST && i < v->nvfs && s->nnetns; i++)
		v->vfs[i].netns = s->netns[0];
	if (!e)
		e = ivt_views_add_vlandevs(v, s);
	if (e) {
		ivt_err(a->env, "collecting the views: %s", strerror(-e));
		return IVT_EXIT_ERR;
	}
	return 0;
}

/* --prometheus: the result as the textfile collector's file. */
static int audit_prometheus(struct audit_run *a, const struct audit_input *in,
			    const struct audit_result *r)
{
	struct audit_prom_run run = { .audits = a->audits };
	struct timespec ts;
	int e;

	clock_gettime(CLOCK_REALTIME, &ts);
	run.unix_time_s = ts.tv_sec + ts.tv_nsec / 1e9;
	e = audit_write_prometheus(a->o->prometheus, in, r, &run);
	if (e)
		ivt_err(a->env, "cannot write %s: %s", a->o->prometheus, strerror(-e));
	return e;
}

static int audit_once(struct audit_run *a, bool wait)
{
	struct audit_result r = {};
	struct ivt_views v = {};
	struct nl_scan s = {};
	struct audit_input in;
	unsigned int n_iavf = 0;
	int ret, e;

	ret = audit_collect(a, wait, &s, &v, &n_iavf);
	if (ret)
		goto out;
	ret = IVT_EXIT_ERR;
	if (!v.nvfs && !n_iavf)
		fprintf(stderr, "%s: no iavf VFs found: nothing to audit\n", a->env->prog);
	else if (!v.nvfs) {
		ivt_err(a->env, "no driver snapshot of the %u iavf interface(s) within %u ms (is the watchdog running?)",
			n_iavf, a->o->wait_ms);
		goto out;
	}
	in = (struct audit_input){ .vfs = v.vfs, .nvfs = v.nvfs, .devs = v.devs,
		.ndevs = v.ndevs, .pf_limit = a->o->pf_limit, .stuck_ms = a->o->stuck_ms };
	e = audit_compute(&in, &r);
	if (e) {
		ivt_err(a->env, "audit: %s", strerror(-e));
		goto out;
	}
	audit_emit(a, &in, &r, &s);
	a->audits++;
	if (a->o->prometheus && audit_prometheus(a, &in, &r))
		goto out;
	if (r.untrusted_vfs) {
		/* never a false "clean": a list we could not judge is an error */
		ivt_err(a->env, "the driver snapshot of %u VF(s) cannot be trusted (%s): run the audit again",
			r.untrusted_vfs, first_untrusted(&in, &r));
		goto out;
	}
	ret = r.nfindings ? IVT_EXIT_FINDINGS : IVT_EXIT_OK;
out:
	audit_result_free(&r);
	ivt_views_free(&v);
	nl_scan_free(&s);
	return ret;
}

static int count_event(void *ctx, void *data, size_t size)
{
	const struct ivt_event *e = data;
	unsigned int *n = ctx;

	if (size >= sizeof(*e) && e->type == IVT_EV_STATE)
		(*n)++;
	return 0;
}

static void watch_stamp(const struct ivt_env *env)
{
	time_t t = time(NULL);
	char tb[32];
	struct tm tm;

	if (env->json)
		return;
	localtime_r(&t, &tm);
	strftime(tb, sizeof(tb), "%H:%M:%S", &tm);
	printf("\n--- %s\n", tb);
}

/* --watch: re-audit after transitions (debounced) and periodically, until
 * a signal; the status is the last completed audit's.
 */
static int audit_watch(struct audit_run *a)
{
	unsigned int transitions = 0;
	struct ring_buffer *rb;
	int ret = audit_once(a, true), r;
	__u64 last = ivt_now_mono_ns();

	rb = ring_buffer__new(bpf_map__fd(a->b->skel->maps.events), count_event,
			      &transitions, NULL);
	if (!rb) {
		ivt_err(a->env, "cannot set up the ring buffer: %s", strerror(errno));
		return IVT_EXIT_ERR;
	}
	while (!a->env->signals && ret != IVT_EXIT_ERR && ret != IVT_AUDIT_INTERRUPTED) {
		__u64 now;

		ivt_rb_poll(rb, 200);
		now = ivt_now_mono_ns();
		/* settle for one watchdog period after a transition */
		if ((transitions && now - last > 2500000000ULL) ||
		    now - last > (__u64)a->o->stuck_ms * 1000000ULL) {
			transitions = 0;
			last = now;
			watch_stamp(a->env);
			r = audit_once(a, true);
			if (r != IVT_AUDIT_INTERRUPTED)
				ret = r;
		}
	}
	ring_buffer__free(rb);
	return ret;
}

enum { OPT_STUCK = 0x200, OPT_WAIT, OPT_PF_LIMIT, OPT_PROM, OPT_WATCH, OPT_FILTERS };

static error_t audit_parse(int key, char *arg, struct argp_state *state)
{
	struct audit_opts *o = state->input;
	unsigned long v;

	switch (key) {
	case OPT_STUCK:
		if (ivt_parse_uint(arg, 3600000, &v))
			argp_error(state, "invalid --stuck-ms '%s'", arg);
		o->stuck_ms = (unsigned int)v;
		return 0;
	case OPT_WAIT:
		if (ivt_parse_uint(arg, 3600000, &v))
			argp_error(state, "invalid --wait-ms '%s'", arg);
		o->wait_ms = (unsigned int)v;
		return 0;
	case OPT_PF_LIMIT:
		if (ivt_parse_uint(arg, 4096, &v))
			argp_error(state, "invalid --pf-limit '%s' (0-4096)", arg);
		o->pf_limit = (int)v;
		return 0;
	case OPT_PROM:
		o->prometheus = arg;
		return 0;
	case OPT_WATCH:
		o->watch = true;
		return 0;
	case OPT_FILTERS:
		o->filters = true;
		return 0;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		return 0;
	default:
		return ivt_parse_common_opt(key, arg, state, o->env, &o->t);
	}
}

static const struct argp_option audit_options[] = {
	IVT_OPT_DEV, IVT_OPT_COMMON,
	{ "stuck-ms", OPT_STUCK, "MS", 0, "A filter in ADD/ADDING/REMOVE/REMOVING this long is stuck (default 6000, three watchdog periods)", 3 },
	{ "wait-ms", OPT_WAIT, "MS", 0, "How long to wait for the driver snapshots (default 8000)", 3 },
	{ "pf-limit", OPT_PF_LIMIT, "N", 0, "VLAN filter limit of the PF (default: max_filters the PF announced; unknown for VLAN V1)", 3 },
	{ "prometheus", OPT_PROM, "FILE", 0, "Also write findings and filter counts in Prometheus text format (node_exporter textfile collector)", 3 },
	{ "watch", OPT_WATCH, NULL, 0, "Re-audit after every VLAN filter transition until Ctrl-C", 3 },
	{ "filters", OPT_FILTERS, NULL, 0, "Also list every filter per VF: VID, TPID, the driver's state and value, age, VLAN devices and their netns, PF slot against the limit", 3 },
	{},
};

static const char audit_doc[] =
"Cross-check three views of every iavf VF: the driver's VLAN filter list\n"
"(read by a BPF program when the tool asks the driver its name, or on its\nwatchdog), the VLAN devices on top\n"
"of the VF in every network namespace, and the PF's filter limit.\n"
"Findings: leaked (a filter no VLAN device uses), lost (a VLAN device whose\n"
"filter is absent or not ACTIVE), stuck (ADD/ADDING/REMOVE/REMOVING longer\n"
"than --stuck-ms), drift (num_vlan_filters != list length), over_limit.\n"
"\v"
"Exit status: 0 clean, 1 findings, 2 error, 64 bad usage.\n"
"Examples:\n"
"  iavf-vlantrace audit\n"
"  iavf-vlantrace audit -d eth1 -j\n"
"  iavf-vlantrace audit --filters        # every filter, per VF\n"
"  iavf-vlantrace audit --pf-limit 8 --prometheus /var/lib/node_exporter/textfile/iavf.prom\n"
"  iavf-vlantrace audit --watch\n";

static const struct argp audit_argp = {
	audit_options, audit_parse, NULL, audit_doc, NULL, NULL, NULL,
};

/* A signal before any audit completed: no result, never a "clean". */
static int audit_status(const struct ivt_env *env, int ret)
{
	if (ret != IVT_AUDIT_INTERRUPTED)
		return ret;
	ivt_err(env, "%s", IVT_AUDIT_INTERRUPTED_MSG);
	return IVT_EXIT_ERR;
}

/* --mode selftest: synthetic events instead of a driver's lists. */
static int audit_selftest(const struct ivt_env *env, const struct ivt_bpf *b)
{
	fprintf(stderr, "%s: selftest: synthetic events through the unattached raw_tp programs, not real ones\n",
		env->prog);
	if (ivt_selftest_inject(b)) {
		ivt_err(env, "selftest: BPF_PROG_TEST_RUN failed");
		return -1;
	}
	return 0;
}

int cmd_audit(struct ivt_env *env, int argc, char **argv)
{
	struct audit_opts o = { .env = env, .t = IVT_TARGET_INIT, .stuck_ms = 6000,
				.wait_ms = 8000, .pf_limit = -1 };
	struct ivt_load_opts opts = { .target = &o.t, .snapshot = true };
	struct audit_run a = { .env = env, .o = &o };
	struct ivt_bpf b = {};
	bool watch;
	int ret;

	ret = ivt_argp_parse(&audit_argp, argc, argv, 0, env, &o);
	if (ret)
		return ret < 0 ? IVT_EXIT_OK : ret;
	if (ivt_check_privileges(env) || ivt_resolve_target(env, &o.t))
		return IVT_EXIT_ERR;
	opts.mode = o.t.mode;
	opts.walker_only = !o.watch;
	ivt_set_interrupt_error(env, IVT_AUDIT_INTERRUPTED_MSG);
	ret = ivt_bpf_open(env, &opts, &b);
	if (ret)
		return audit_status(env, ret == -EINTR ? IVT_AUDIT_INTERRUPTED : IVT_EXIT_ERR);
	a.b = &b;
	watch = o.watch && b.mode != IVT_MODE_TEST;	/* selftest: one audit */
	if (b.mode == IVT_MODE_TEST) {
		if (audit_selftest(env, &b)) {
			ivt_bpf_close(&b);
			return IVT_EXIT_ERR;
		}
	} else if (!env->json) {
		ivt_announce_generation(env, &b);
		if (!b.snapshot_now)
			fprintf(stderr, "%s: waiting for the driver's watchdog to snapshot the filter lists...\n",
				env->prog);
	}
	ret = watch ? audit_watch(&a) : audit_once(&a, true);
	ivt_bpf_close(&b);
	return audit_status(env, ret);
}
