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
#include <net/if.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>
#include "audit.h"
#include "audit_views.h"
#include "ivt.h"
#include "monitor.h"
#include "nlscan.h"
#include "selftest.h"
#include "traced.h"
#include "iavf_vlantrace.skel.h"

void ivt_views_free(struct ivt_views *v)
{
	__u32 i;

	for (i = 0; i < v->nvfs; i++)
		free((void *)v->vfs[i].filters);
	free(v->vfs);
	free(v->devs);
	memset(v, 0, sizeof(*v));
}

static int vf_append(struct ivt_views *v, __u32 *cap, const struct audit_vf *vf)
{
	if (v->nvfs == *cap) {
		__u32 ncap = *cap ? *cap * 2 : 8;
		struct audit_vf *t = realloc(v->vfs, ncap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		v->vfs = t;
		*cap = ncap;
	}
	v->vfs[v->nvfs++] = *vf;
	return 0;
}

static int filter_append(struct audit_filter **fs, __u32 *n, __u32 *cap,
			 const struct audit_filter *f)
{
	if (*n == *cap) {
		__u32 ncap = *cap ? *cap * 2 : 16;
		struct audit_filter *t = realloc(*fs, ncap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		*fs = t;
		*cap = ncap;
	}
	(*fs)[(*n)++] = *f;
	return 0;
}

/* All entries of a hash map in a few syscalls (BPF_MAP_LOOKUP_BATCH);
 * falls back to key-by-key iteration where batching is unsupported.
 */
static int map_dump(int fd, size_t ksz, size_t vsz, void **keys, void **vals, __u32 *n)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), batch = 0, cnt, total = 0;
	char *k = NULL, *v = NULL;
	void *in = NULL;
	int err;

	*keys = *vals = NULL;
	*n = 0;
	err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err)
		return err;
	k = malloc((size_t)info.max_entries * ksz + 1);
	v = malloc((size_t)info.max_entries * vsz + 1);
	if (!k || !v) {
		err = -ENOMEM;
		goto fail;
	}
	for (;;) {
		cnt = info.max_entries - total;
		if (!cnt)
			break;
		err = bpf_map_lookup_batch(fd, in, &batch, k + total * ksz,
					   v + total * vsz, &cnt, NULL);
		total += cnt;
		in = &batch;
		if (err == -ENOENT)
			break;
		if (err)
			goto slow;
	}
	*keys = k;
	*vals = v;
	*n = total;
	return 0;
slow:
	/* key by key */
	total = 0;
	{
		char *prev = NULL;

		while (total < info.max_entries &&
		       !bpf_map_get_next_key(fd, prev, k + total * ksz)) {
			prev = k + total * ksz;
			if (!bpf_map_lookup_elem(fd, prev, v + total * vsz))
				total++;
		}
	}
	*keys = k;
	*vals = v;
	*n = total;
	return 0;
fail:
	free(k);
	free(v);
	return err;
}

/* The age of a filter: since the walker first saw it in this state, or
 * since the traced transition into it if that is older and known.
 */
static __u64 age_ms(const struct ivt_traced *t, const struct ivt_snap_key *k,
		    const struct ivt_snap_val *sv, __u64 now)
{
	struct ivt_filter_key fk = { .dev_id = k->dev_id, .vid = k->vid, .tpid = k->tpid };
	const struct ivt_filter_key *hit = NULL;
	__u64 since = sv->since_ns;

	if (t->n)
		hit = bsearch(&fk, t->keys, t->n, sizeof(fk), ivt_filter_key_cmp);
	if (hit) {
		const struct ivt_filter_val *fv = &t->vals[hit - t->keys];

		if (fv->state == sv->state && fv->last_ts && fv->last_ts < since)
			since = fv->last_ts;
	}
	return now > since ? (now - since) / 1000000 : 0;
}

int ivt_views_from_snapshot(int snap_vfs_fd, int snap_fd, int filters_fd,
			    int vfs_fd, __u64 now_ns, struct ivt_views *out)
{
	struct ivt_snap_key *sk = NULL;
	struct ivt_snap_val *sv = NULL;
	struct ivt_snap_vf *svf = NULL;
	__u32 *vkeys = NULL, nv = 0, ns = 0, cap = 0, i, j;
	struct ivt_traced t = {};
	void *kp, *vp;
	int err;

	memset(out, 0, sizeof(*out));
	err = map_dump(snap_vfs_fd, sizeof(__u32), sizeof(struct ivt_snap_vf), &kp, &vp, &nv);
	if (err)
		return err;
	vkeys = kp;
	svf = vp;
	err = map_dump(snap_fd, sizeof(*sk), sizeof(*sv), &kp, &vp, &ns);
	if (err)
		goto fail;
	sk = kp;
	sv = vp;
	err = ivt_traced_load(filters_fd, vfs_fd, &t);
	if (err)
		goto fail;

	for (i = 0; i < nv; i++) {
		struct audit_filter *fs = NULL;
		__u32 nf = 0, fcap = 0;
		struct audit_vf vf = {};

		if (!svf[i].gen)
			continue;
		for (j = 0; j < ns; j++) {
			struct audit_filter f;

			if (sk[j].dev_id != vkeys[i] || sv[j].gen != svf[i].gen)
				continue;
			f = (struct audit_filter){ .vid = sk[j].vid, .tpid = sk[j].tpid,
				.state = sv[j].state, .raw_state = sv[j].raw_state,
				.age_ms = age_ms(&t, &sk[j], &sv[j], now_ns) };
			err = filter_append(&fs, &nf, &fcap, &f);
			if (err) {
				free(fs);
				goto fail;
			}
		}
		vf.pci_id = svf[i].pci_id;
		vf.ifindex = svf[i].ifindex;
		vf.netns = svf[i].netns;
		memcpy(vf.dev, svf[i].dev, sizeof(vf.dev));
		vf.dev[sizeof(vf.dev) - 1] = 0;
		vf.num_vlan_filters = svf[i].num_vlan_filters;
		vf.list_len = svf[i].list_len;
		vf.truncated = svf[i].truncated;
		vf.generation = svf[i].generation;
		vf.link_up = !!(svf[i].if_flags & IFF_UP);
		vf.vlan_v1 = !!(svf[i].cap_flags & (1u << 16)) &&
			     !(svf[i].cap_flags & (1u << 15));
		vf.max_filters = vf.vlan_v1 ? 0 : svf[i].max_filters;
		vf.filters = fs;
		vf.nfilters = nf;
		err = vf_append(out, &cap, &vf);
		if (err) {
			free(fs);
			goto fail;
		}
	}
	err = 0;
	goto out;
fail:
	ivt_views_free(out);
out:
	free(vkeys);
	free(svf);
	free(sk);
	free(sv);
	ivt_traced_free(&t);
	return err;
}

/* The VF of a traced filter, appended if new (no walker: link state
 * unknown here, the events' ABI states name their generation).
 */
static struct audit_vf *vf_of_traced(struct ivt_views *out, __u32 *cap,
				     __u32 dev_id, const struct ivt_filter_val *fv)
{
	struct audit_vf nvf = { .pci_id = dev_id, .ifindex = fv->ifindex,
				.netns = fv->netns, .link_up = true };
	__u32 i;

	for (i = 0; i < out->nvfs; i++)
		if (out->vfs[i].pci_id == dev_id)
			return &out->vfs[i];
	snprintf(nvf.dev, sizeof(nvf.dev), "if%d", fv->ifindex);
	if (vf_append(out, cap, &nvf))
		return NULL;
	return &out->vfs[out->nvfs - 1];
}

/* Without the walker (raw_tp mode, or tests): the traced filters only,
 * i.e. those that changed since the programs were loaded.
 */
int ivt_views_from_filters(int filters_fd, int vfs_fd, __u64 now_ns, struct ivt_views *out)
{
	struct ivt_traced t;
	__u32 cap = 0, i;
	int err;

	memset(out, 0, sizeof(*out));
	err = ivt_traced_load(filters_fd, vfs_fd, &t);
	for (i = 0; !err && i < t.n; i++) {
		const struct ivt_filter_val *fv = &t.vals[i];
		struct audit_vf *vf = vf_of_traced(out, &cap, t.keys[i].dev_id, fv);
		struct audit_filter f = { .vid = t.keys[i].vid, .tpid = t.keys[i].tpid,
			.state = fv->state,
			.age_ms = now_ns > fv->last_ts ? (now_ns - fv->last_ts) / 1000000 : 0 };
		struct audit_filter *fs;
		__u32 nf, fcap;

		if (!vf) {
			err = -ENOMEM;
			break;
		}
		fs = (struct audit_filter *)vf->filters;
		nf = fcap = vf->nfilters;	/* grow one at a time: this path is small */
		err = filter_append(&fs, &nf, &fcap, &f);
		if (err)
			break;
		vf->filters = fs;
		vf->nfilters = nf;
		vf->list_len = nf;
		vf->num_vlan_filters = (__s32)nf;
	}
	ivt_traced_free(&t);
	if (err)
		ivt_views_free(out);
	return err;
}

/* The walker read IFF_UP with the list; if the device says otherwise now,
 * DISABLE/INACTIVE filters cannot be judged (the audit says so).
 */
static void vf_link_check(struct audit_vf *vf, const struct nl_scan *s)
{
	unsigned int i;

	for (i = 0; i < s->nlinks; i++) {
		const struct nl_link *l = &s->links[i];

		if (l->ifindex == vf->ifindex && l->netns == vf->netns &&
		    !strcmp(l->driver, "iavf") && !!(l->flags & IFF_UP) != vf->link_up)
			vf->link_unknown = true;
	}
}

int ivt_views_add_vlandevs(struct ivt_views *v, const struct nl_scan *s)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < v->nvfs; i++) {
		v->vfs[i].devs_unknown = true;
		for (j = 0; j < s->nnetns; j++)
			if (s->netns[j] == v->vfs[i].netns)
				v->vfs[i].devs_unknown = false;
		vf_link_check(&v->vfs[i], s);
	}

	for (i = 0; i < s->nlinks; i++)
		n += !strcmp(s->links[i].kind, "vlan");
	v->devs = calloc(n ? n : 1, sizeof(*v->devs));
	if (!v->devs)
		return -ENOMEM;
	for (i = 0; i < s->nlinks; i++) {
		const struct nl_link *l = &s->links[i];
		struct audit_vlandev *d;

		if (strcmp(l->kind, "vlan"))
			continue;
		d = &v->devs[v->ndevs++];
		d->netns = l->netns;
		memcpy(d->name, l->name, sizeof(d->name));
		d->ifindex = l->ifindex;
		d->lower_netns = l->lower_netns;
		d->lower_ifindex = l->lower_ifindex;
		d->vid = l->vid;
		d->tpid = l->tpid;
	}
	return 0;
}

/* --- the command ------------------------------------------------------ */

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
static bool snapshot_ready(struct ivt_env *env, const struct ivt_bpf *b,
			   const struct nl_scan *s)
{
	int vfs_fd = bpf_map__fd(b->skel->maps.snap_vfs);
	struct ivt_views v;
	bool ready = true;
	unsigned int i, j;

	for (i = 0; i < s->nlinks; i++) {
		if (strcmp(s->links[i].driver, "iavf"))
			continue;
		/* -d: only the chosen VF is walked (the BPF filter) */
		if (env->pci_id && s->links[i].pci_id != env->pci_id)
			continue;
		if (!env->pci_id && env->ifindex && s->links[i].ifindex != env->ifindex)
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

			if (f->state != IAVF_VLAN_ABI_ACTIVE && f->age_ms < env->stuck_ms) {
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
static void wait_snapshot(struct ivt_env *env, const struct ivt_bpf *b,
			  struct nl_scan *s, unsigned int n_iavf)
{
	unsigned int ms = env->wait_ms > env->stuck_ms + 2500 ? env->wait_ms :
			  env->stuck_ms + 2500;
	__u64 deadline = ivt_now_mono_ns() + (__u64)(!n_iavf ? 2500 : ms) * 1000000ULL;
	char err[256];

	while (!env->signals && !snapshot_ready(env, b, s)) {
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
static void audit_emit(const struct ivt_env *env, const struct ivt_bpf *b,
		       const struct audit_input *in, const struct audit_result *r,
		       const struct nl_scan *s)
{
	struct json_object *o, *vfs;
	__u32 v;

	if (!env->json) {
		audit_print_text(stdout, in, r);
		printf("(%u namespaces scanned%s)\n", s->nnetns,
		       s->skipped_netns ? ", some could not be entered" : "");
		if (env->filters)
			audit_filters_text(stdout, in, r);
		fflush(stdout);
		return;
	}
	o = audit_json(in, r);
	json_object_object_add(o, "mode", json_object_new_string(ivt_mode_name(b->mode)));
	json_object_object_add(o, "generation",
			       json_object_new_string(ivt_generation_name(b->generation)));
	json_object_object_add(o, "namespaces", json_object_new_int((int)s->nnetns));
	if (env->filters && json_object_object_get_ex(o, "vfs", &vfs))
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

static int audit_once(struct ivt_env *env, const struct ivt_bpf *b, bool wait)
{
	struct audit_result r = {};
	struct ivt_views v = {};
	struct nl_scan s = {};
	struct audit_input in;
	unsigned int i, n_iavf = 0;
	char err[256];
	int ret = IVT_EXIT_ERR, e;

	e = nl_scan_all(&s, err, sizeof(err));
	if (e) {
		ivt_err(env, "%s", err);
		return IVT_EXIT_ERR;
	}
	for (i = 0; i < s.nlinks; i++)
		n_iavf += !strcmp(s.links[i].driver, "iavf");
	if (wait && b->mode != IVT_MODE_TEST)
		wait_snapshot(env, b, &s, n_iavf);
	if (env->signals && wait) {
		ret = IVT_AUDIT_INTERRUPTED;
		goto out;
	}
	/* the devices are read after the driver lists: both as fresh as can be */
	nl_scan_free(&s);
	e = nl_scan_all(&s, err, sizeof(err));
	if (e) {
		ivt_err(env, "%s", err);
		goto out;
	}
	if (b->mode == IVT_MODE_TEST)	/* no walker: the traced filters */
		e = ivt_views_from_filters(bpf_map__fd(b->skel->maps.filters),
					   bpf_map__fd(b->skel->maps.vfs), ivt_now_mono_ns(), &v);
	else
		e = ivt_views_from_snapshot(bpf_map__fd(b->skel->maps.snap_vfs),
					    bpf_map__fd(b->skel->maps.snap),
					    bpf_map__fd(b->skel->maps.filters),
					    bpf_map__fd(b->skel->maps.vfs), ivt_now_mono_ns(), &v);
	/* the synthetic VF lives in our namespace */
	for (i = 0; !e && b->mode == IVT_MODE_TEST && i < v.nvfs && s.nnetns; i++)
		v.vfs[i].netns = s.netns[0];
	if (!e)
		e = ivt_views_add_vlandevs(&v, &s);
	if (e) {
		ivt_err(env, "collecting the views: %s", strerror(-e));
		goto out;
	}
	if (!v.nvfs && !n_iavf)
		fprintf(stderr, "%s: no iavf VFs found: nothing to audit\n", env->prog);
	else if (!v.nvfs) {
		ivt_err(env, "no driver snapshot of the %u iavf interface(s) within %u ms (is the watchdog running?)",
			n_iavf, env->wait_ms);
		goto out;
	}
	in = (struct audit_input){ .vfs = v.vfs, .nvfs = v.nvfs, .devs = v.devs,
		.ndevs = v.ndevs, .pf_limit = env->pf_limit, .stuck_ms = env->stuck_ms };
	e = audit_compute(&in, &r);
	if (e) {
		ivt_err(env, "audit: %s", strerror(-e));
		goto out;
	}
	audit_emit(env, b, &in, &r, &s);
	env->audits++;
	if (env->prometheus) {
		struct audit_prom_run run = { .audits = env->audits };
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		run.unix_time_s = ts.tv_sec + ts.tv_nsec / 1e9;
		e = audit_write_prometheus(env->prometheus, &in, &r, &run);
		if (e) {
			ivt_err(env, "cannot write %s: %s", env->prometheus, strerror(-e));
			goto out;
		}
	}
	if (r.untrusted_vfs) {
		/* never a false "clean": a list we could not judge is an error */
		ivt_err(env, "the driver snapshot of %u VF(s) cannot be trusted (%s): run the audit again",
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
static int audit_watch(struct ivt_env *env, const struct ivt_bpf *b)
{
	unsigned int transitions = 0;
	struct ring_buffer *rb;
	int ret = audit_once(env, b, true), r;
	__u64 last = ivt_now_mono_ns();

	rb = ring_buffer__new(bpf_map__fd(b->skel->maps.events), count_event,
			      &transitions, NULL);
	if (!rb) {
		ivt_err(env, "cannot set up the ring buffer: %s", strerror(errno));
		return IVT_EXIT_ERR;
	}
	while (!env->signals && ret != IVT_EXIT_ERR && ret != IVT_AUDIT_INTERRUPTED) {
		__u64 now;

		ivt_rb_poll(rb, 200);
		now = ivt_now_mono_ns();
		/* settle for one watchdog period after a transition */
		if ((transitions && now - last > 2500000000ULL) ||
		    now - last > (__u64)env->stuck_ms * 1000000ULL) {
			transitions = 0;
			last = now;
			watch_stamp(env);
			r = audit_once(env, b, true);
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
	struct ivt_env *env = state->input;
	unsigned long v;

	switch (key) {
	case OPT_STUCK:
		if (ivt_parse_uint(arg, 3600000, &v))
			argp_error(state, "invalid --stuck-ms '%s'", arg);
		env->stuck_ms = (unsigned int)v;
		return 0;
	case OPT_WAIT:
		if (ivt_parse_uint(arg, 3600000, &v))
			argp_error(state, "invalid --wait-ms '%s'", arg);
		env->wait_ms = (unsigned int)v;
		return 0;
	case OPT_PF_LIMIT:
		if (ivt_parse_uint(arg, 4096, &v))
			argp_error(state, "invalid --pf-limit '%s' (0-4096)", arg);
		env->pf_limit = (int)v;
		return 0;
	case OPT_PROM:
		env->prometheus = arg;
		return 0;
	case OPT_WATCH:
		env->watch = true;
		return 0;
	case OPT_FILTERS:
		env->filters = true;
		return 0;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		return 0;
	default:
		return ivt_parse_filter_opt(key, arg, state);
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

int cmd_audit(struct ivt_env *env, int argc, char **argv)
{
	struct ivt_load_opts opts = { .snapshot = true, .wakeup_bytes = 0 };
	struct ivt_bpf b = {};
	int ret;

	ret = ivt_argp_parse(&audit_argp, argc, argv, 0, env);
	if (ret)
		return ret < 0 ? IVT_EXIT_OK : ret;
	if (ivt_check_privileges(env) || ivt_apply_filters(env))
		return IVT_EXIT_ERR;
	opts.mode = env->mode;
	opts.walker_only = !env->watch;
	ivt_set_interrupt_error(env, IVT_AUDIT_INTERRUPTED_MSG);
	ret = ivt_bpf_open(env, &opts, &b);
	if (ret)
		return audit_status(env, ret == -EINTR ? IVT_AUDIT_INTERRUPTED : IVT_EXIT_ERR);
	if (b.mode == IVT_MODE_TEST) {
		fprintf(stderr, "%s: selftest: synthetic events through the unattached raw_tp programs, not real ones\n",
			env->prog);
		if (ivt_selftest_inject(&b)) {
			ivt_err(env, "selftest: BPF_PROG_TEST_RUN failed");
			ivt_bpf_close(&b);
			return IVT_EXIT_ERR;
		}
		env->watch = false;
	} else if (!env->json) {
		ivt_announce_generation(env, &b);
		if (!b.snapshot_now)
			fprintf(stderr, "%s: waiting for the driver's watchdog to snapshot the filter lists...\n",
				env->prog);
	}
	ret = env->watch ? audit_watch(env, &b) : audit_once(env, &b, true);
	ivt_bpf_close(&b);
	return audit_status(env, ret);
}
