// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * `make bench`: figures for the BPF side and the CLI, each with a baseline
 * measured in the same run.
 *   1. handler cost, ns/event: run_time_ns / run_cnt (BPF_ENABLE_STATS) of
 *      raw_vlan_state driven with BPF_PROG_TEST_RUN (the kernel refuses
 *      repeat for raw_tp, so one syscall per event), against an empty
 *      program driven the same way;
 *   2. consumer throughput, events/s with the drop count: raw_bench_burst
 *      emits bursts through the same handler body while a consumer thread
 *      drains the ring buffer (adaptive wakeup + poll timeout); the producer
 *      only keeps at most half a ring in flight, so the rate is the
 *      consumer's; drained-only against drained-and-formatted;
 *   3. CLI start to programs loaded (--mode selftest: this host has no iavf
 *      to attach to) against the CLI's start to exit for --version;
 *   4. audit time for 4094 filters: views from the snapshot maps + rules +
 *      JSON, against 8 filters; and one rtnetlink scan of every namespace.
 *
 * Usage: bench PATH_TO_IAVF_VLANTRACE [handler]   (handler: figure 1 only)
 */
#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>
#include "audit.h"
#include "audit_views.h"
#include "ivt.h"
#include "format.h"
#include "nlscan.h"
#include "iavf_vlantrace.skel.h"
#include "tests/test_obj.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The CLI's object in --mode selftest (the audit figure). */
static int open_cli(struct ivt_env *env, struct ivt_bpf *b)
{
	struct ivt_load_opts o = { .mode = IVT_MODE_TEST };

	memset(env, 0, sizeof(*env));
	env->prog = "bench";
	return ivt_bpf_open(env, &o, b);
}

/* The bench object (tests/ivt_test.bpf.c) with @n programs turned on. */
static struct ivt_test_bpf *open_bench(__u32 rb_bytes, __u64 wakeup, bool no_records,
				       struct bpf_program *(*progs)(struct ivt_test_bpf *, int),
				       int n)
{
	struct ivt_test_opts o = { .ringbuf_bytes = rb_bytes, .wakeup_bytes = wakeup,
				   .no_records = no_records };
	struct ivt_test_bpf *s = ivt_test_open(&o);
	int i;

	for (i = 0; s && i < n; i++)
		bpf_program__set_autoload(progs(s, i), true);
	if (s && ivt_test_bpf__load(s)) {
		ivt_test_bpf__destroy(s);
		s = NULL;
	}
	return s;
}

static int prog_stats(struct bpf_program *p, __u64 *ns, __u64 *cnt)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int err = bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len);

	*ns = info.run_time_ns;
	*cnt = info.run_cnt;
	return err;
}

static int drain_count(void *ctx, void *data, size_t size)
{
	(void)data; (void)size;
	atomic_fetch_add_explicit((atomic_ullong *)ctx, 1, memory_order_relaxed);
	return 0;
}

/* 1 ------------------------------------------------------------------- */
/* A real kernel string for the tracepoint's `dev` argument, so the name
 * copy costs what it costs on a live device (0 if kallsyms hides it).
 */
static __u64 kernel_string_addr(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	unsigned long long addr = 0, a;
	char line[256], name[128], t;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %127s", &a, &t, name) == 3 &&
		    !strcmp(name, "linux_banner")) {
			addr = a;
			break;
		}
	fclose(f);
	return addr;
}

/* One program of one loaded object, and its run_time_ns / run_cnt. */
struct bench_prog {
	const char *what;
	struct bpf_program *prog;
	bool args0;		/* ctx of one zero (nop) */
	double ns;
};

/* The programs each copy of the bench object runs in the handler figure. */
static struct bpf_program *progs_full(struct ivt_test_bpf *s, int i)
{
	struct bpf_program *p[] = { s->progs.raw_bench_nop, s->progs.raw_bench_state,
				    s->progs.raw_bench_emit };

	return p[i];
}

static struct bpf_program *progs_norec(struct ivt_test_bpf *s, int i)
{
	struct bpf_program *p[] = { s->progs.raw_bench_st_filters, s->progs.raw_bench_clock,
				    s->progs.raw_bench_state };

	return p[i];
}

static struct bpf_program *progs_fmap(struct ivt_test_bpf *s, int i)
{
	(void)i;
	return s->progs.raw_bench_st_filter_map;
}

static struct bpf_program *progs_look(struct ivt_test_bpf *s, int i)
{
	(void)i;
	return s->progs.raw_bench_lookup;
}

/* The handler figure's programs, run event by event in turn. */
struct handler_run {
	struct bench_prog p[12];
	int np, k_full, k_norec, k_emit;
	int n;				/* events */
	__u64 dev;			/* the tracepoint's `dev` argument */
	unsigned long long consumed;	/* records drained */
	__u64 s[IVT_S_NR];		/* the full handler's stats */
};

/* The lookup alone finds the 4094 filters present, as the handler does
 * for five events out of six.
 */
static void fill_lookup(struct ivt_test_bpf *look)
{
	struct ivt_vf_val vf = { .slot = 1 };
	__u32 id = 0x0300;
	int i;

	bpf_map_update_elem(bpf_map__fd(look->maps.vfs), &id, &vf, BPF_NOEXIST);
	for (i = 1; i <= 4094; i++) {
		__u32 idx = ivt_filter_index(1, 0, (__u16)i);
		struct ivt_filter_val v = { .state = IAVF_VLAN_ABI_ACTIVE, .transitions = 1,
					    .last_ts = 1 };

		bpf_map_update_elem(bpf_map__fd(look->maps.filters), &idx, &v, BPF_ANY);
	}
}

static void add_prog(struct handler_run *h, const char *what, struct bpf_program *prog,
		     bool args0)
{
	h->p[h->np++] = (struct bench_prog){ what, prog, args0, 0 };
}

/* ADD..NONE over 4094 VIDs through every program, then their ns/run. */
static void drive(struct handler_run *h, struct ring_buffer *rb, atomic_ullong *consumed)
{
	static const __u8 seq[][3] = {
		{ IAVF_VLAN_ABI_NONE, IAVF_VLAN_ABI_ADD, IAVF_VLAN_R_ADD_NEW },
		{ IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_ADDING, IAVF_VLAN_R_SEND_ADD_V2 },
		{ IAVF_VLAN_ABI_ADDING, IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_R_ADD_ACK },
		{ IAVF_VLAN_ABI_ACTIVE, IAVF_VLAN_ABI_REMOVE, IAVF_VLAN_R_DEL_QUEUE },
		{ IAVF_VLAN_ABI_REMOVE, IAVF_VLAN_ABI_REMOVING, IAVF_VLAN_R_SEND_DEL_V2 },
		{ IAVF_VLAN_ABI_REMOVING, IAVF_VLAN_ABI_NONE, IAVF_VLAN_R_DEL_ACK },
	};
	__u64 ns, cnt;
	int i, k;

	for (i = 0; i < h->n; i++) {
		const __u8 *t = seq[(i / 4094) % 6];
		__u64 a[10] = { h->dev, 0x0300, 7, 1, (__u64)(1 + i % 4094), 0x8100,
				t[0], t[1], t[2], 8 };
		__u64 z[1] = { 0 };
		LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = a, .ctx_size_in = sizeof(a));
		LIBBPF_OPTS(bpf_test_run_opts, o2, .ctx_in = z, .ctx_size_in = sizeof(z));

		for (k = 0; k < h->np; k++)
			bpf_prog_test_run_opts(bpf_program__fd(h->p[k].prog),
					       h->p[k].args0 ? &o2 : &o);
		if ((i & 0xffff) == 0)
			ring_buffer__consume(rb);
	}
	ring_buffer__consume(rb);
	h->consumed = atomic_load(consumed);
	for (k = 0; k < h->np; k++) {
		prog_stats(h->p[k].prog, &ns, &cnt);
		h->p[k].ns = cnt ? (double)ns / cnt : 0;
	}
}

static void print_handler(const struct handler_run *h)
{
	double nop = h->p[0].ns, handler = h->p[h->k_full].ns, emit = h->p[h->k_emit].ns;
	int k;

	printf("handler cost: %.1f ns/event over %d events (state machine walk over 4094 VIDs, "
	       "ring-buffer record each); empty program %.1f ns -> ratio %.1fx; goal <= 3x: %s "
	       "(a bare record with its clock read alone: %.1fx)\n",
	       handler, h->n, nop, nop > 0 ? handler / nop : 0,
	       nop > 0 && handler <= 3 * nop ? "met" : "MISSED", nop > 0 ? emit / nop : 0);
	printf("  breakdown (same run, each line includes the ones above it; x empty program):\n");
	for (k = 0; k < h->np; k++)
		printf("    %-66s %6.1f ns  %4.1fx\n", h->p[k].what, h->p[k].ns,
		       nop > 0 ? h->p[k].ns / nop : 0);
	printf("  histograms only (records off, as `latency` loads it): %.1f ns/event\n",
	       h->p[h->k_norec].ns);
	printf("  handler / bare record: %.1fx; device name %s\n",
	       emit > 0 ? handler / emit : 0,
	       h->dev ? "a real kernel string (linux_banner)" : "NULL (kallsyms hidden)");
	printf("  (records consumed %llu, lost %llu, out-of-order %llu, unknown-prior %llu)\n",
	       h->consumed / 2, (unsigned long long)h->s[IVT_S_LOST],
	       (unsigned long long)h->s[IVT_S_OUT_OF_ORDER],
	       (unsigned long long)h->s[IVT_S_UNKNOWN_PRIOR]);
}

static int bench_handler(void)
{
	struct handler_run *h = calloc(1, sizeof(*h));
	struct ring_buffer *rb = NULL;
	atomic_ullong consumed = 0;
	/* full: records on; norec: what `latency` loads; fmap, look: their
	 * own maps. Each variant that touches the per-filter map has its own
	 * copy, so each walks the same sequence and none finds the cache
	 * lines warmed by another (a lookup of a cold filter entry is the
	 * largest single cost on this host).
	 */
	struct ivt_test_bpf *full, *norec, *fmap, *look;
	int fd, err = -1;

	fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (fd < 0 || !h) {
		fprintf(stderr, "bench: BPF_ENABLE_STATS: %s\n", strerror(errno));
		free(h);
		return -1;
	}
	/* the full handler as `monitor` loads it: adaptive wakeup at 64 KiB */
	full = open_bench(64 << 20, 64 * 1024, false, progs_full, 3);
	norec = open_bench(0, 0, true, progs_norec, 3);
	fmap = open_bench(0, 0, true, progs_fmap, 1);
	look = open_bench(0, 0, true, progs_look, 1);
	if (!full || !norec || !fmap || !look)
		goto out;
	fill_lookup(look);
	h->n = 300000;
	h->dev = kernel_string_addr();
	add_prog(h, "empty program", full->progs.raw_bench_nop, true);
	add_prog(h, "filters + event counter", norec->progs.raw_bench_st_filters, false);
	add_prog(h, "(part: one bpf_ktime_get_ns alone)", norec->progs.raw_bench_clock, false);
	add_prog(h, "(part: VF slot + per-filter array entry alone, filter present)",
		 look->progs.raw_bench_lookup, false);
	add_prog(h, "+ clock + VF slot + per-filter array entry",
		 fmap->progs.raw_bench_st_filter_map, false);
	h->k_norec = h->np;
	add_prog(h, "+ name, pending count, histograms (records off, as `latency` loads it)",
		 norec->progs.raw_bench_state, false);
	h->k_full = h->np;
	add_prog(h, "+ ring-buffer record = full handler", full->progs.raw_bench_state, false);
	h->k_emit = h->np;
	add_prog(h, "baseline: bare ring-buffer record (reserve, clock, fill, submit)",
		 full->progs.raw_bench_emit, false);
	rb = ring_buffer__new(bpf_map__fd(full->maps.events), drain_count, &consumed, NULL);
	drive(h, rb, &consumed);
	ivt_test_stats(full, h->s);
	print_handler(h);
	err = 0;
out:
	ring_buffer__free(rb);
	ivt_test_bpf__destroy(look);
	ivt_test_bpf__destroy(fmap);
	ivt_test_bpf__destroy(norec);
	ivt_test_bpf__destroy(full);
	free(h);
	close(fd);
	return err;
}

/* 2 ------------------------------------------------------------------- */
struct consumer {
	struct ring_buffer *rb;
	atomic_ullong consumed;		/* published after each poll */
	unsigned long long seen;	/* the callbacks' private count */
	atomic_int stop;
	bool format;
	struct ivt_fmt fmt;
	unsigned long long chars;
	double cpu_s;			/* consumer thread CPU time */
};

static double thread_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int consume_fmt(void *ctx, void *data, size_t size)
{
	struct consumer *c = ctx;
	char line[256];

	(void)size;
	c->chars += (unsigned long long)ivt_format_event(data, &c->fmt, line, sizeof(line));
	c->seen++;
	return 0;
}

static int consume_plain(void *ctx, void *data, size_t size)
{
	struct consumer *c = ctx;

	(void)data; (void)size;
	c->seen++;
	return 0;
}

static void *consumer_main(void *arg)
{
	struct consumer *c = arg;
	double cpu0 = thread_cpu_s();

	while (!atomic_load(&c->stop)) {
		ivt_rb_poll(c->rb, 100);
		atomic_store_explicit(&c->consumed, c->seen, memory_order_release);
	}
	ring_buffer__consume(c->rb);
	atomic_store_explicit(&c->consumed, c->seen, memory_order_release);
	c->cpu_s = thread_cpu_s() - cpu0;
	return NULL;
}

static struct bpf_program *progs_burst(struct ivt_test_bpf *s, int i)
{
	(void)i;
	return s->progs.raw_bench_burst_emit;
}

static int bench_consumer(bool format, double *rate, double *cpu_rate, __u64 *lost)
{
	const __u32 rb_bytes = 4 << 20, burst = 4096;
	const __u64 total = 4000000, window = rb_bytes / 2 / (sizeof(struct ivt_event) + 8);
	struct consumer *c = calloc(1, sizeof(*c));
	struct ivt_test_bpf *b = NULL;
	__u64 produced = 0, s[IVT_S_NR];
	pthread_t th;
	double t0, t1;
	int err = -1;

	if (c)
		b = open_bench(rb_bytes, rb_bytes / 4, false, progs_burst, 1);
	if (!b) {
		free(c);
		return -1;
	}
	c->format = format;
	ivt_fmt_init(&c->fmt, false, -1);
	c->rb = ring_buffer__new(bpf_map__fd(b->maps.events),
				 format ? consume_fmt : consume_plain, c, NULL);
	if (!c->rb || pthread_create(&th, NULL, consumer_main, c))
		goto out;
	t0 = now_s();
	while (produced < total) {
		__u64 a[2] = { burst, 0x0300 };
		LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = a, .ctx_size_in = sizeof(a));

		/* closed loop: at most half a ring in flight */
		while (produced - atomic_load_explicit(&c->consumed, memory_order_acquire) > window)
			usleep(20);	/* leave the CPU to the consumer */
		bpf_prog_test_run_opts(bpf_program__fd(b->progs.raw_bench_burst_emit), &o);
		produced += burst;
	}
	while (atomic_load(&c->consumed) < produced && now_s() - t0 < 60) {
		ivt_test_stats(b, s);
		if (atomic_load(&c->consumed) + s[IVT_S_LOST] >= produced)
			break;
		usleep(20);
	}
	t1 = now_s();
	atomic_store(&c->stop, 1);
	pthread_join(th, NULL);
	ivt_test_stats(b, s);
	*rate = atomic_load(&c->consumed) / (t1 - t0);
	*cpu_rate = c->cpu_s > 0 ? atomic_load(&c->consumed) / c->cpu_s : 0;
	*lost = s[IVT_S_LOST];
	err = 0;
out:
	ring_buffer__free(c->rb);
	ivt_test_bpf__destroy(b);
	free(c);
	return err;
}

/* 3 ------------------------------------------------------------------- */
/* Seconds from exec to the first stderr line containing @mark (or exit). */
static double time_cli(const char *cli, const char *const *args, const char *mark)
{
	int pipefd[2];
	double t0 = now_s(), t = -1;
	char buf[4096];
	size_t have = 0;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *argv[8];
		int i;

		dup2(pipefd[1], 2);
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		close(pipefd[0]);
		argv[0] = (char *)cli;
		for (i = 0; args[i] && i < 6; i++)
			argv[i + 1] = (char *)args[i];
		argv[i + 1] = NULL;
		execv(cli, argv);
		_exit(127);
	}
	close(pipefd[1]);
	for (;;) {
		ssize_t r = read(pipefd[0], buf + have, sizeof(buf) - 1 - have);

		if (r <= 0)
			break;
		have += (size_t)r;
		buf[have] = 0;
		if (mark && strstr(buf, mark)) {
			t = now_s() - t0;
			break;
		}
		if (have >= sizeof(buf) - 1)
			have = 0;
	}
	close(pipefd[0]);
	kill(pid, SIGINT);	/* a selftest monitor runs until a signal */
	waitpid(pid, NULL, 0);
	if (!mark)
		t = now_s() - t0;
	return t;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void bench_cli(const char *cli)
{
	static const char *const load[] = { "monitor", "--mode", "selftest", NULL };
	static const char *const ver[] = { "--version", NULL };
	double a[7], v[7];
	int i;

	for (i = 0; i < 7; i++) {
		a[i] = time_cli(cli, load, "selftest: synthetic");
		v[i] = time_cli(cli, ver, NULL);
	}
	qsort(a, 7, sizeof(a[0]), cmp_d);
	qsort(v, 7, sizeof(v[0]), cmp_d);
	printf("CLI start to programs loaded: %.1f ms (median of 7; --mode selftest, nothing to attach "
	       "on this host); exec+exit of --version %.1f ms -> ratio %.1fx\n",
	       a[3] * 1e3, v[3] * 1e3, v[3] > 0 ? a[3] / v[3] : 0);
}

/* 4 ------------------------------------------------------------------- */
static double audit_run(struct ivt_bpf *b, __u32 nfilters, __u32 *findings)
{
	int vfs_fd = bpf_map__fd(b->skel->maps.snap_vfs), snap_fd = bpf_map__fd(b->skel->maps.snap);
	struct audit_vlandev *devs = calloc(nfilters, sizeof(*devs));
	struct ivt_snap_vf svf = { .gen = 1, .pci_id = 0x0300, .ifindex = 7, .netns = 1,
				   .list_len = nfilters, .num_vlan_filters = (__s32)nfilters,
				   .max_filters = 4096, .cap_flags = 1u << 15 };
	__u32 key = 0x0300, i;
	struct ivt_views v;
	struct audit_result r;
	struct audit_input in;
	struct json_object *o;
	double t0, t;

	snprintf(svf.dev, sizeof(svf.dev), "eth1");
	bpf_map_update_elem(vfs_fd, &key, &svf, BPF_ANY);
	for (i = 0; i < nfilters; i++) {
		struct ivt_snap_key k = { .dev_id = 0x0300, .vid = (__u16)(i + 1), .tpid = 0x8100 };
		struct ivt_snap_val sv = { .since_ns = 1, .gen = 1, .state = IAVF_VLAN_ABI_ACTIVE };

		bpf_map_update_elem(snap_fd, &k, &sv, BPF_ANY);
		devs[i] = (struct audit_vlandev){ .netns = 1, .lower_netns = 1,
			.lower_ifindex = 7, .vid = (__u16)(i + 1), .tpid = 0x8100 };
	}
	t0 = now_s();
	ivt_views_from_snapshot(vfs_fd, snap_fd, bpf_map__fd(b->skel->maps.filters),
				bpf_map__fd(b->skel->maps.vfs), ivt_now_mono_ns(), &v);
	in = (struct audit_input){ .vfs = v.vfs, .nvfs = v.nvfs, .devs = devs,
				   .ndevs = nfilters, .pf_limit = -1, .stuck_ms = 6000 };
	audit_compute(&in, &r);
	o = audit_json(&in, &r);
	json_object_to_json_string(o);
	t = now_s() - t0;
	*findings = r.nfindings;
	json_object_put(o);
	audit_result_free(&r);
	ivt_views_free(&v);
	free(devs);
	return t;
}

static int bench_audit(void)
{
	struct ivt_env env;
	struct ivt_bpf b;
	struct nl_scan s;
	char err[256];
	__u32 f_big, f_small;
	double big, small, scan;

	if (open_cli(&env, &b))
		return -1;
	small = audit_run(&b, 8, &f_small);
	big = audit_run(&b, 4094, &f_big);
	ivt_bpf_close(&b);
	scan = now_s();
	if (nl_scan_all(&s, err, sizeof(err)) == 0) {
		scan = now_s() - scan;
		printf("audit time, 4094 filters x 4094 VLAN devices: %.2f ms (views from maps + rules + JSON, "
		       "%u findings); 8 filters %.3f ms -> ratio %.0fx; goal < 50 ms: %s\n",
		       big * 1e3, f_big, small * 1e3, small > 0 ? big / small : 0,
		       big < 0.05 ? "met" : "MISSED");
		printf("  rtnetlink scan of %u namespaces (%u links): %.2f ms\n",
		       s.nnetns, s.nlinks, scan * 1e3);
		nl_scan_free(&s);
	}
	return 0;
}

int main(int argc, char **argv)
{
	double plain, fmt, plain_cpu, fmt_cpu;
	__u64 lost_plain, lost_fmt;

	if (argc < 2) {
		fprintf(stderr, "usage: bench PATH_TO_IAVF_VLANTRACE\n");
		return 64;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "bench: needs root\n");
		return 2;
	}
	printf("iavf-vlantrace bench (host kernel, BPF_PROG_TEST_RUN; %ld CPUs)\n",
	       sysconf(_SC_NPROCESSORS_ONLN));
	if (bench_handler())
		return 2;
	if (argc > 2 && !strcmp(argv[2], "handler"))
		return 0;
	if (bench_consumer(false, &plain, &plain_cpu, &lost_plain) ||
	    bench_consumer(true, &fmt, &fmt_cpu, &lost_fmt))
		return 2;
	printf("consumer throughput: %.2f M events/s drained (%.2f M per consumer CPU-second), "
	       "%llu drops; with text formatting %.2f M/s (%.2f M per CPU-s), %llu drops -> "
	       "ratio %.2f; goal >= 1M/s with 0 drops: %s\n",
	       plain / 1e6, plain_cpu / 1e6, (unsigned long long)lost_plain, fmt / 1e6,
	       fmt_cpu / 1e6, (unsigned long long)lost_fmt, plain > 0 ? fmt / plain : 0,
	       plain >= 1e6 && !lost_plain ? "met" : "MISSED");
	bench_cli(argv[1]);
	bench_audit();
	return 0;
}
