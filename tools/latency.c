// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* `iavf-vlantrace latency`: log2 histograms per VF, [interval] [count]. */
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
#include "ivt.h"
#include "hist.h"
#include "latency.h"
#include "cli.h"
#include "names.h"
#include "selftest.h"
#include "iavf_vlantrace.skel.h"

struct latency_opts {
	struct ivt_env *env;
	struct ivt_target t;
	bool timestamps;	/* -T: the time with each interval */
	unsigned int interval;	/* seconds, 0 = print on exit */
	unsigned int count;	/* 0 = unlimited */
	const char *svg;	/* --svg FILE */
};

struct latency_run {
	struct ivt_env *env;
	const struct latency_opts *o;
	struct ivt_names names;	/* the histograms carry no names */
};

static int cmp_entry(const void *a, const void *b)
{
	const struct ivt_hist_entry *x = a, *y = b;

	if (x->key.dev_id != y->key.dev_id)
		return x->key.dev_id < y->key.dev_id ? -1 : 1;
	if (x->key.kind != y->key.kind)
		return x->key.kind - y->key.kind;
	return x->key.op - y->key.op;
}

int ivt_hist_collect(int map_fd, bool clear, struct ivt_hist_entry **out)
{
	struct ivt_hist_key key, next, *prev = NULL;
	struct ivt_hist_entry *v = NULL, *tmp;
	int n = 0, cap = 0;

	while (bpf_map_get_next_key(map_fd, prev, &next) == 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			tmp = realloc(v, cap * sizeof(*v));
			if (!tmp) {
				free(v);
				return -ENOMEM;
			}
			v = tmp;
		}
		v[n].key = next;
		if (bpf_map_lookup_elem(map_fd, &next, &v[n].hist) == 0)
			n++;
		key = next;
		prev = &key;
	}
	if (clear) {
		int i;

		for (i = 0; i < n; i++)
			bpf_map_delete_elem(map_fd, &v[i].key);
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_entry);
	*out = v;
	return n;
}

static const char *const metric_what[] = {
	[IVT_H_DOWN] = "interface down: down begin -> end",
	[IVT_H_UP] = "interface up: up begin -> every VLAN filter ACTIVE",
	[IVT_H_PF_RTT] = "PF round trip: virtchnl send -> reply",
	[IVT_H_ADD_ACTIVE] = "VLAN filter ADD -> ACTIVE",
	[IVT_H_RESET] = "VF reset: begin -> end",
};

/* "pf_rtt ADD_VLAN_V2 (PF round trip: virtchnl send -> reply)" */
void ivt_metric_title(const struct ivt_hist_key *k, char *buf, size_t len)
{
	const char *what = k->kind < IVT_H_NR_KINDS ? metric_what[k->kind] : "?";

	if (k->kind == IVT_H_PF_RTT)
		snprintf(buf, len, "%s %s (%s)", ivt_hist_kind_name(k->kind),
			 ivt_vc_op_name(k->op), what);
	else
		snprintf(buf, len, "%s (%s)", ivt_hist_kind_name(k->kind), what);
}

/* The VF's name for a histogram: NULL if the VF is unknown, "-" if it
 * has no name.
 */
static const char *hist_dev(struct ivt_names *names, const struct ivt_hist_entry *h)
{
	const char *dev = ivt_names_get(names, h->key.dev_id, -1);

	return dev && !dev[0] ? "-" : dev;
}

/* "eth0 0000:01:00.0" */
static void vf_label(const struct ivt_hist_entry *h, struct ivt_names *names,
		     char *buf, size_t len)
{
	const char *dev = hist_dev(names, h);
	char pci[16];

	ivt_fmt_pci(h->key.dev_id, pci, sizeof(pci));
	snprintf(buf, len, "%s %s", dev ? dev : "?", pci);
}

static void hist_title(const struct ivt_hist_entry *h, struct ivt_names *names,
		       char *buf, size_t len)
{
	char vf[48];

	vf_label(h, names, vf, sizeof(vf));
	if (h->key.kind == IVT_H_PF_RTT)
		snprintf(buf, len, "%s %s %s", vf, ivt_hist_kind_name(h->key.kind),
			 ivt_vc_op_name(h->key.op));
	else
		snprintf(buf, len, "%s %s", vf, ivt_hist_kind_name(h->key.kind));
}

/* "2 samples, avg 1.2 ms; p50 ~1.1 ms, p90 ~1.9 ms, p99 ~2.0 ms (estimated ...)" */
static void print_hist_head(const struct ivt_hist_entry *h, const char *title)
{
	struct ivt_pct p;
	char avg[24], a[24], b[24], c[24];

	ivt_hist_percentiles(h->hist.slots, IVT_HIST_SLOTS, &p);
	ivt_fmt_us(h->hist.count ? (double)h->hist.sum_us / h->hist.count : 0, avg, sizeof(avg));
	ivt_fmt_us(p.p50, a, sizeof(a));
	ivt_fmt_us(p.p90, b, sizeof(b));
	ivt_fmt_us(p.p99, c, sizeof(c));
	printf("\n%s: %llu samples, avg %s; p50 ~%s, p90 ~%s, p99 ~%s (" IVT_PCT_NOTE ")\n",
	       title, (unsigned long long)h->hist.count, avg, a, b, c);
}

void ivt_print_log2_hist(FILE *out, const __u32 *slots, int nslots)
{
	unsigned int max = 0;
	int i, first = -1, last = -1, w;

	for (i = 0; i < nslots; i++) {
		if (slots[i] > max)
			max = slots[i];
		if (slots[i] && first < 0)
			first = i;
		if (slots[i])
			last = i;
	}
	fprintf(out, "%24s : count     distribution\n", "usecs");
	/* from one row below the first sample, like the bcc tools' tails */
	for (i = first > 0 ? first - 1 : 0; i <= last; i++) {
		unsigned long long lo = i ? 1ULL << i : 0, hi = (1ULL << (i + 1)) - 1;
		char bar[41];

		w = max ? (int)((unsigned long long)slots[i] * 40 / max) : 0;
		memset(bar, '*', w);
		memset(bar + w, ' ', 40 - w);
		bar[40] = 0;
		fprintf(out, "%10llu -> %-10llu : %-9u |%s|\n", lo, hi, slots[i], bar);
	}
}

/* {"estimated": true, "method": "...", "p50": us, "p90": us, "p99": us} */
static struct json_object *pct_json(const struct ivt_hist *h)
{
	struct json_object *o = json_object_new_object();
	struct ivt_pct p;

	ivt_hist_percentiles(h->slots, IVT_HIST_SLOTS, &p);
	json_object_object_add(o, "estimated", json_object_new_boolean(1));
	json_object_object_add(o, "method", json_object_new_string(
		"linear interpolation inside the log2 bucket holding the rank"));
	json_object_object_add(o, "unit", json_object_new_string("usecs"));
	json_object_object_add(o, "p50", json_object_new_double(p.p50));
	json_object_object_add(o, "p90", json_object_new_double(p.p90));
	json_object_object_add(o, "p99", json_object_new_double(p.p99));
	return o;
}

struct json_object *ivt_hist_json(const struct ivt_hist_entry *h,
				  const char *dev)
{
	struct json_object *o = json_object_new_object();
	struct json_object *b = json_object_new_array();
	char pci[16];
	int i;

	ivt_fmt_pci(h->key.dev_id, pci, sizeof(pci));
	json_object_object_add(o, "dev", json_object_new_string(dev ? dev : ""));
	json_object_object_add(o, "pci", json_object_new_string(pci));
	json_object_object_add(o, "kind", json_object_new_string(ivt_hist_kind_name(h->key.kind)));
	if (h->key.kind == IVT_H_PF_RTT)
		json_object_object_add(o, "op", json_object_new_string(ivt_vc_op_name(h->key.op)));
	json_object_object_add(o, "unit", json_object_new_string("usecs"));
	json_object_object_add(o, "count", json_object_new_uint64(h->hist.count));
	json_object_object_add(o, "sum", json_object_new_uint64(h->hist.sum_us));
	json_object_object_add(o, "percentiles", pct_json(&h->hist));
	for (i = 0; i < IVT_HIST_SLOTS; i++) {
		struct json_object *s;

		if (!h->hist.slots[i])
			continue;
		s = json_object_new_object();
		json_object_object_add(s, "lo", json_object_new_uint64(i ? 1ULL << i : 0));
		json_object_object_add(s, "hi", json_object_new_uint64((1ULL << (i + 1)) - 1));
		json_object_object_add(s, "count", json_object_new_uint64(h->hist.slots[i]));
		json_object_array_add(b, s);
	}
	json_object_object_add(o, "buckets", b);
	return o;
}

static int print_interval(struct latency_run *run, int fd, bool last,
			  struct ivt_hist_entry **keep, int *nkeep)
{
	struct ivt_env *env = run->env;
	struct ivt_hist_entry *v = NULL;
	char title[96], tbuf[32];
	int n, i;

	/* with --svg, keep the totals: do not clear between intervals */
	ivt_names_refresh(&run->names);
	n = ivt_hist_collect(fd, !run->o->svg, &v);
	if (n < 0)
		return n;
	if (env->json) {
		struct json_object *o = json_object_new_object();
		struct json_object *a = json_object_new_array();

		json_object_object_add(o, "ts_ns", json_object_new_uint64(ivt_now_mono_ns()));
		for (i = 0; i < n; i++)
			json_object_array_add(a, ivt_hist_json(&v[i], hist_dev(&run->names, &v[i])));
		json_object_object_add(o, "histograms", a);
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	} else {
		if (run->o->timestamps) {
			time_t t = time(NULL);
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(tbuf, sizeof(tbuf), "%H:%M:%S", &tm);
			printf("%s\n", tbuf);
		}
		if (!n)
			printf("(no samples)\n");
		for (i = 0; i < n; i++) {
			hist_title(&v[i], &run->names, title, sizeof(title));
			print_hist_head(&v[i], title);
			ivt_print_log2_hist(stdout, v[i].hist.slots, IVT_HIST_SLOTS);
		}
		printf("\n");
	}
	fflush(stdout);
	if (last && keep) {
		*keep = v;
		*nkeep = n;
		return 0;
	}
	free(v);
	return 0;
}

static error_t latency_parse(int key, char *arg, struct argp_state *state)
{
	struct latency_opts *o = state->input;
	unsigned long v;

	switch (key) {
	case 'T':
		o->timestamps = true;
		return 0;
	case 's':
		o->svg = arg;
		return 0;
	case ARGP_KEY_ARG:
		if (ivt_parse_uint(arg, 86400, &v) || (state->arg_num == 0 && v == 0))
			argp_error(state, "invalid %s '%s'",
				   state->arg_num == 0 ? "interval" : "count", arg);
		if (state->arg_num == 0)
			o->interval = (unsigned int)v;
		else if (state->arg_num == 1)
			o->count = (unsigned int)v;
		else
			argp_error(state, "unexpected argument '%s'", arg);
		return 0;
	default:
		return ivt_parse_common_opt(key, arg, state, o->env, &o->t);
	}
}

static const struct argp_option latency_options[] = {
	IVT_OPT_DEV, IVT_OPT_VID, IVT_OPT_NETNS, IVT_OPT_COMMON,
	{ "timestamp", 'T', NULL, 0, "Print the time with each interval", 2 },
	{ "svg", 's', "FILE", 0, "Write the histograms as an SVG picture on exit", 2 },
	{},
};

static const char latency_doc[] =
"Log2 histograms per VF: interface down (down begin -> end), up (up begin\n"
"-> every VLAN filter ACTIVE), reset, PF round trip per virtchnl op, and\n"
"ADD -> ACTIVE per filter.\n"
"\v"
"Without an interval, histograms print once on Ctrl-C.\n"
"Examples:\n"
"  iavf-vlantrace latency                 # until Ctrl-C\n"
"  iavf-vlantrace latency 5 3             # every 5 s, 3 times\n"
"  iavf-vlantrace latency -d eth1 -j 10   # one VF, JSON every 10 s\n"
"  iavf-vlantrace latency --svg lat.svg   # also write a picture\n";

static const struct argp latency_argp = {
	latency_options, latency_parse, "[INTERVAL [COUNT]]", latency_doc,
	NULL, NULL, NULL,
};

/* --svg: the histograms of the whole run as one picture. */
static int write_svg(struct latency_run *run, const struct ivt_hist_entry *v, int n)
{
	const char **titles = calloc(n ? n : 1, sizeof(*titles));
	char (*tb)[96] = calloc(n ? n : 1, sizeof(*tb));
	int i, err;

	if (!titles || !tb) {
		free(titles);
		free(tb);
		ivt_err(run->env, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		vf_label(&v[i], &run->names, tb[i], sizeof(tb[i]));
		titles[i] = tb[i];
	}
	err = ivt_write_svg(run->o->svg, v, n, titles);
	free(titles);
	free(tb);
	if (err)
		ivt_err(run->env, "cannot write %s: %s", run->o->svg, strerror(-err));
	return err;
}

/* Every interval's histograms until COUNT or a signal, then the last
 * ones (and the SVG).
 */
static int latency_loop(struct latency_run *run, int fd)
{
	const struct latency_opts *o = run->o;
	__u64 next = ivt_now_mono_ns() + (__u64)o->interval * 1000000000ULL;
	struct ivt_hist_entry *v = NULL;
	unsigned int printed = 0;
	int n = 0, err;

	/* the records are off (histograms only): nothing to read meanwhile */
	while (!run->env->signals) {
		usleep(100 * 1000);	/* a signal ends it at once */
		if (!o->interval || ivt_now_mono_ns() < next)
			continue;
		printed++;
		if (o->count && printed >= o->count)
			break;
		if (print_interval(run, fd, false, NULL, NULL))
			return IVT_EXIT_ERR;
		next += (__u64)o->interval * 1000000000ULL;
	}
	if (print_interval(run, fd, true, &v, &n))
		return IVT_EXIT_ERR;
	err = o->svg ? write_svg(run, v, n) : 0;
	free(v);
	return err ? IVT_EXIT_ERR : IVT_EXIT_OK;
}

int cmd_latency(struct ivt_env *env, int argc, char **argv)
{
	struct latency_opts o = { .env = env, .t = IVT_TARGET_INIT };
	struct ivt_load_opts opts = { .target = &o.t, .require_events = true,
				      .no_records = true };
	struct latency_run *run = NULL;
	struct ivt_bpf b = {};
	int ret, err;

	ret = ivt_argp_parse(&latency_argp, argc, argv, 0, env, &o);
	if (ret)
		return ret < 0 ? IVT_EXIT_OK : ret;
	if (ivt_check_privileges(env) || ivt_resolve_target(env, &o.t))
		return IVT_EXIT_ERR;
	opts.mode = o.t.mode;
	/* a signal while loading: the (empty) report */
	ivt_set_interrupt_reply(env, true, IVT_EXIT_OK,
				env->json ? "{\"histograms\":[]}\n" : "(no samples)\n");
	err = ivt_bpf_open(env, &opts, &b);
	if (err == -EINTR) {
		/* signalled while loading: the (empty) report, nothing left */
		puts(env->json ? "{\"histograms\":[]}" : "(no samples)");
		return IVT_EXIT_OK;
	}
	if (err)
		return IVT_EXIT_ERR;
	ret = IVT_EXIT_ERR;
	run = calloc(1, sizeof(*run));
	if (!run) {
		ivt_err(env, "out of memory");
		goto out;
	}
	run->env = env;
	run->o = &o;
	ivt_names_init(&run->names, bpf_map__fd(b.skel->maps.vfs));
	ivt_announce_mode(env, &b, "tracing latencies");
	if (b.mode == IVT_MODE_TEST && ivt_selftest_inject(&b)) {
		ivt_err(env, "selftest: BPF_PROG_TEST_RUN failed");
		goto out;
	}
	ret = latency_loop(run, bpf_map__fd(b.skel->maps.hists));
out:
	free(run);
	ivt_bpf_close(&b);
	return ret;
}
