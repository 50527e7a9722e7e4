// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Which programs to load: probe the kernel and the iavf module, pick a mode
 * (tp_btf > raw_tp > fentry), set autoload on exactly that set, load and
 * attach. A missing attach target never fails the whole object: programs
 * for absent targets are simply not loaded.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "ivt.h"
#include "iavf_vlantrace.skel.h"

/* Testing knob: where the BTF files live (default /sys/kernel/btf). */
static const char *btf_dir(void)
{
	const char *d = getenv("IAVF_VLANTRACE_BTF_DIR");

	return d && *d ? d : "/sys/kernel/btf";
}

static const char *tracefs_event(void)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/events/iavf/iavf_vlan_state",
		"/sys/kernel/debug/tracing/events/iavf/iavf_vlan_state",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], F_OK) == 0)
			return paths[i];
	return NULL;
}

/* A program of the skeleton, named by its field: a program missing from
 * the object is a compile error, not a silently ignored name.
 */
#define PROG(name) offsetof(struct iavf_vlantrace_bpf, progs.name)

static struct bpf_program *prog_at(const struct iavf_vlantrace_bpf *skel, size_t off)
{
	return *(struct bpf_program *const *)((const char *)skel + off);
}

/* fentry-mode programs and the driver functions they need. */
static const struct {
	size_t prog;
	const char *func;
} fentry_table[] = {
	{ PROG(fx_add_vid), "iavf_vlan_rx_add_vid" },
	{ PROG(fx_kill_vid), "iavf_vlan_rx_kill_vid" },
	{ PROG(fx_add_vlans), "iavf_add_vlans" },
	{ PROG(fx_del_vlans), "iavf_del_vlans" },
	{ PROG(fx_down), "iavf_down" },
	{ PROG(fe_vc_completion), "iavf_virtchnl_completion" },
	{ PROG(fx_vc_completion), "iavf_virtchnl_completion" },
	{ PROG(fe_open), "iavf_open" },
	{ PROG(fx_open), "iavf_open" },
	{ PROG(fe_close), "iavf_close" },
	{ PROG(fx_close), "iavf_close" },
};
#define FENTRY_N (sizeof(fentry_table) / sizeof(fentry_table[0]))

int ivt_probe_system(struct ivt_probe *p)
{
	char path[PATH_MAX];
	struct btf *vmlinux = NULL, *mod = NULL;
	size_t i;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "%s/vmlinux", btf_dir());
	p->kernel_btf = access(path, R_OK) == 0;
	p->iavf_loaded = access("/sys/module/iavf", F_OK) == 0;
	p->tp_tracefs = tracefs_event() != NULL;
	if (!p->kernel_btf)
		return 0;
	snprintf(path, sizeof(path), "%s/iavf", btf_dir());
	if (access(path, R_OK) != 0)
		return 0;
	snprintf(path, sizeof(path), "%s/vmlinux", btf_dir());
	vmlinux = btf__parse(path, NULL);
	if (!vmlinux)
		return 0;
	snprintf(path, sizeof(path), "%s/iavf", btf_dir());
	mod = btf__parse_split(path, vmlinux);
	if (!mod)
		goto out;
	p->iavf_btf = true;
	p->gen_err = ivt_gen_from_btf(mod, &p->gen);
	p->tp_btf = btf__find_by_name_kind(mod, "btf_trace_iavf_vlan_state",
					   BTF_KIND_TYPEDEF) > 0;
	p->watchdog = btf__find_by_name_kind(mod, "iavf_watchdog_task",
					     BTF_KIND_FUNC) > 0;
	p->drvinfo = btf__find_by_name_kind(mod, "iavf_get_drvinfo",
					    BTF_KIND_FUNC) > 0;
	for (i = 0; i < FENTRY_N; i++)
		if (btf__find_by_name_kind(mod, fentry_table[i].func,
					   BTF_KIND_FUNC) > 0)
			p->fentry_mask |= 1u << i;
	p->fentry_any = p->fentry_mask != 0;
out:
	btf__free(mod);
	btf__free(vmlinux);
	return 0;
}

const char *ivt_mode_name(enum ivt_mode m)
{
	switch (m) {
	case IVT_MODE_TP_BTF: return "tp_btf";
	case IVT_MODE_RAW_TP: return "raw_tp";
	case IVT_MODE_FENTRY: return "fentry";
	case IVT_MODE_TEST: return "selftest";
	default: return "auto";
	}
}

const char *ivt_mode_blind_spots(enum ivt_mode m)
{
	switch (m) {
	case IVT_MODE_FENTRY:
		return "no iavf tracepoints: transitions are inferred from the "
		       "filter list, read after add/kill_vid, add/del_vlans, "
		       "virtchnl completions, down/up and the watchdog; reasons "
		       "show as 'inferred', a transition undone before the next "
		       "read (e.g. REMOVE -> ACTIVE) is invisible, and resets are "
		       "not timed";
	case IVT_MODE_RAW_TP:
		return "iavf tracepoints without module BTF: complete events; "
		       "no driver list snapshot (audit unavailable)";
	default:
		return NULL;
	}
}

static int print_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level; (void)fmt; (void)ap;
	return 0;
}

static int print_verbose(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static enum ivt_mode pick_mode(const struct ivt_probe *p)
{
	if (p->tp_btf)
		return IVT_MODE_TP_BTF;
	if (p->tp_tracefs)
		return IVT_MODE_RAW_TP;
	if (p->fentry_any)
		return IVT_MODE_FENTRY;
	return IVT_MODE_AUTO;
}

static int bpf_open_mode(struct ivt_env *env, const struct ivt_load_opts *opts,
			 struct ivt_bpf *b, bool *retry_raw);

/* The generation the programs run against: the module BTF says it by
 * name; without BTF (raw_tp on a DKMS build) --generation, else unknown
 * (the events' ABI states name themselves). A layout the programs cannot
 * read, or a --generation the BTF contradicts, is refused in one line.
 */
static int pick_generation(const struct ivt_env *env, unsigned int asked,
			   const struct ivt_probe *p, struct ivt_bpf *b)
{
	b->generation = asked;
	if (!p->iavf_btf)
		return 0;
	if (p->gen_err) {
		ivt_err(env, "unsupported iavf VLAN filter layout: %s (supported: enum iavf_vlan_state_t, fixed or unfixed)",
			p->gen.layout);
		return -EOPNOTSUPP;
	}
	if (asked && asked != p->gen.gen) {
		ivt_err(env, "--generation %s, but the iavf module BTF says %s (%s)",
			ivt_generation_name(asked),
			ivt_generation_name(p->gen.gen), p->gen.states);
		return -EINVAL;
	}
	b->generation = p->gen.gen;
	snprintf(b->gen_states, sizeof(b->gen_states), "%s", p->gen.states);
	return 0;
}

/* In auto mode a tp_btf set that fails to load or attach falls back to the
 * raw_tp set of the same tracepoints before giving up. A SIGINT/SIGTERM at
 * any step ends it with -EINTR, nothing left loaded.
 */
int ivt_bpf_open(struct ivt_env *env, const struct ivt_load_opts *opts,
		 struct ivt_bpf *b)
{
	struct ivt_load_opts raw = *opts;
	bool retry_raw = false;
	int err;

	env->loading = 1;	/* a signal now leaves at once (common.c) */
	err = bpf_open_mode(env, opts, b, &retry_raw);
	if (err && retry_raw && !env->signals) {
		fprintf(stderr, "%s: falling back to raw_tp\n", env->prog);
		raw.mode = IVT_MODE_RAW_TP;
		err = bpf_open_mode(env, &raw, b, &retry_raw);
	}
	env->loading = 0;
	return env->signals ? (err ? -EINTR : 0) : err;
}

/* The mode to load, after probing; 0 or an error already reported. */
static int choose_mode(struct ivt_env *env, const struct ivt_load_opts *opts,
		       struct ivt_probe *probe, struct ivt_bpf *b, enum ivt_mode *mode,
		       bool *walker)
{
	ivt_probe_system(probe);
	if (!probe->kernel_btf) {
		ivt_err(env, "no kernel BTF (%s/vmlinux): a kernel built with CONFIG_DEBUG_INFO_BTF is required",
			btf_dir());
		return -ENOENT;
	}
	if (pick_generation(env, opts->target ? opts->target->generation : 0, probe, b))
		return -EINVAL;
	if (*mode == IVT_MODE_AUTO)
		*mode = pick_mode(probe);
	if (*mode == IVT_MODE_AUTO) {
		ivt_err(env, "neither iavf tracepoints nor fentry targets present (%s)",
			probe->iavf_loaded ? "iavf is loaded without our tracepoints and without module BTF" :
					     "the iavf module is not loaded");
		return -ENOENT;
	}
	if ((*mode == IVT_MODE_TP_BTF && !probe->tp_btf) ||
	    (*mode == IVT_MODE_RAW_TP && !probe->tp_tracefs) ||
	    (*mode == IVT_MODE_FENTRY && !probe->fentry_any)) {
		ivt_err(env, "mode %s is not available here (iavf %s)", ivt_mode_name(*mode),
			!probe->iavf_loaded ? "not loaded" :
			!probe->iavf_btf ? "loaded, no module BTF" : "loaded");
		return -ENOENT;
	}
	if (opts->snapshot && !probe->iavf_btf) {
		ivt_err(env, "no iavf module BTF (%s/iavf): the audit reads the driver's list with CO-RE and cannot run",
			btf_dir());
		return -ENOENT;
	}
	if (opts->snapshot && !probe->watchdog) {
		ivt_err(env, "the audit needs iavf_watchdog_task in the iavf module BTF (%s/iavf)",
			btf_dir());
		return -ENOENT;
	}
	*walker = probe->watchdog && (opts->snapshot || *mode == IVT_MODE_FENTRY);
	return 0;
}

/* Autoload exactly the chosen set. A one-shot audit with the walker on
 * iavf_get_drvinfo needs that program alone: the event programs would see
 * nothing in the audit's few milliseconds, and each fentry trampoline
 * costs its attach time.
 */
static void select_programs(struct iavf_vlantrace_bpf *skel, enum ivt_mode mode,
			    const struct ivt_probe *probe, bool walker, bool walker_only)
{
	bool tp = mode == IVT_MODE_TP_BTF;
	bool raw = mode == IVT_MODE_RAW_TP || mode == IVT_MODE_TEST;
	struct bpf_program *prog;
	size_t i;

	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, false);
	if (walker_only && walker && probe->drvinfo) {
		bpf_program__set_autoload(skel->progs.fe_drvinfo, true);
		return;
	}
	bpf_program__set_autoload(skel->progs.btf_vlan_state, tp);
	bpf_program__set_autoload(skel->progs.btf_vlan_vc, tp);
	bpf_program__set_autoload(skel->progs.btf_updown, tp);
	bpf_program__set_autoload(skel->progs.raw_vlan_state, raw);
	bpf_program__set_autoload(skel->progs.raw_vlan_vc, raw);
	bpf_program__set_autoload(skel->progs.raw_updown, raw);
	for (i = 0; mode == IVT_MODE_FENTRY && i < FENTRY_N; i++)
		bpf_program__set_autoload(prog_at(skel, fentry_table[i].prog),
					  probe->fentry_mask & (1u << i));
	bpf_program__set_autoload(skel->progs.fe_watchdog, walker);
	bpf_program__set_autoload(skel->progs.fe_drvinfo, walker && probe->drvinfo);
}

static void set_rodata(struct iavf_vlantrace_bpf *skel, const struct ivt_load_opts *opts,
		       enum ivt_mode mode)
{
	static const struct ivt_target any = IVT_TARGET_INIT;
	const struct ivt_target *t = opts->target ? opts->target : &any;

	skel->rodata->targ_pci_id = t->pci_id;
	skel->rodata->targ_ifindex = t->pci_id ? 0 : t->ifindex;
	skel->rodata->targ_vid = t->vid;
	skel->rodata->targ_netns = t->netns;
	skel->rodata->wakeup_bytes = opts->wakeup_bytes;
	skel->rodata->emit_inferred = mode == IVT_MODE_FENTRY;
	skel->rodata->emit_records = !opts->no_records;
	skel->rodata->emit_stack = opts->stack;
	if (opts->stack)
		bpf_map__set_max_entries(skel->maps.stacks, 4096);
	/* fentry mode builds the PCI id without the domain */
	if (mode == IVT_MODE_FENTRY)
		skel->rodata->targ_pci_id &= 0xffff;
	if (opts->ringbuf_bytes)
		bpf_map__set_max_entries(skel->maps.events, opts->ringbuf_bytes);
}

/* Attach every autoloaded program; a signal stops it between two. */
static int attach_all(struct ivt_env *env, struct ivt_bpf *b, enum ivt_mode mode)
{
	struct bpf_program *prog;
	int err;

	bpf_object__for_each_program(prog, b->skel->obj) {
		struct bpf_link *l;

		if (env->signals)
			return -EINTR;
		if (!bpf_program__autoload(prog))
			continue;
		if (b->nlinks >= (int)(sizeof(b->links) / sizeof(b->links[0])))
			break;
		l = bpf_program__attach(prog);
		if (!l) {
			err = -errno;
			ivt_err(env, "cannot attach %s (mode %s): %s",
				bpf_program__section_name(prog),
				ivt_mode_name(mode), strerror(-err));
			return err;
		}
		b->links[b->nlinks++] = l;
	}
	return env->signals ? -EINTR : 0;
}

/* Open the object, turn on the chosen programs, set the filters, load. */
static int load_programs(struct ivt_env *env, const struct ivt_load_opts *opts,
			 struct ivt_bpf *b, const struct ivt_probe *probe, bool walker)
{
	struct iavf_vlantrace_bpf *skel = iavf_vlantrace_bpf__open();
	int err;

	if (!skel) {
		err = -errno;
		ivt_err(env, "cannot open the BPF object: %s", strerror(errno));
		return err;
	}
	b->skel = skel;
	b->snapshot = walker;
	b->snapshot_now = walker && probe->drvinfo;
	select_programs(skel, b->mode, probe, walker, opts->walker_only);
	set_rodata(skel, opts, b->mode);
	err = iavf_vlantrace_bpf__load(skel);
	if (err && !env->signals)
		ivt_err(env, "cannot load the BPF programs (mode %s): %s%s",
			ivt_mode_name(b->mode), strerror(-err),
			env->verbose ? "" : " (run with -v for the verifier log)");
	if (!err && env->signals)
		err = -EINTR;
	return err;
}

static int bpf_open_mode(struct ivt_env *env, const struct ivt_load_opts *opts,
			 struct ivt_bpf *b, bool *retry_raw)
{
	struct ivt_probe probe = {};
	__u64 t[4] = { ivt_now_mono_ns() };
	bool walker = false;
	int err;

	memset(b, 0, sizeof(*b));
	libbpf_set_print(env->verbose ? print_verbose : print_quiet);
	b->generation = opts->target ? opts->target->generation : 0;
	b->mode = opts->mode;
	if (b->mode != IVT_MODE_TEST) {
		err = choose_mode(env, opts, &probe, b, &b->mode, &walker);
		if (err)
			return err;
	}
	if (env->signals)
		return -EINTR;
	t[1] = ivt_now_mono_ns();
	err = load_programs(env, opts, b, &probe, walker);
	t[2] = ivt_now_mono_ns();
	if (!err && b->mode != IVT_MODE_TEST)
		err = attach_all(env, b, b->mode);
	t[3] = ivt_now_mono_ns();
	if (env->verbose)
		fprintf(stderr, "%s: probe %llu ms, open+load %llu ms, attach %llu ms (%d links)\n",
			env->prog, (t[1] - t[0]) / 1000000ULL, (t[2] - t[1]) / 1000000ULL,
			(t[3] - t[2]) / 1000000ULL, b->nlinks);
	/* auto mode: a tp_btf set that failed may load as raw_tp */
	*retry_raw = err && err != -EINTR && opts->mode == IVT_MODE_AUTO &&
		     b->mode == IVT_MODE_TP_BTF && probe.tp_tracefs;
	if (err)
		ivt_bpf_close(b);
	return err;
}

void ivt_bpf_close(struct ivt_bpf *b)
{
	while (b->nlinks > 0)
		bpf_link__destroy(b->links[--b->nlinks]);
	if (b->skel)
		iavf_vlantrace_bpf__destroy(b->skel);
	b->skel = NULL;
}

int ivt_read_stats(const struct ivt_bpf *b, __u64 out[IVT_S_NR])
{
	return ivt_sum_stats(bpf_map__fd(b->skel->maps.stats), out);
}

/* The per-CPU `stats` array of an object, summed over the CPUs. */
int ivt_sum_stats(int fd, __u64 out[IVT_S_NR])
{
	int ncpu = libbpf_num_possible_cpus();
	__u64 *vals;
	__u32 k;
	int c;

	if (ncpu <= 0)
		return -EINVAL;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (k = 0; k < IVT_S_NR; k++) {
		out[k] = 0;
		if (bpf_map_lookup_elem(fd, &k, vals))
			continue;
		for (c = 0; c < ncpu; c++)
			out[k] += vals[c];
	}
	free(vals);
	return 0;
}

/* Wait up to @timeout_ms for a wakeup, then drain: records submitted
 * below the adaptive wakeup threshold raise no epoll event, so they are
 * collected here when the timeout expires.
 */
int ivt_rb_poll(struct ring_buffer *rb, int timeout_ms)
{
	int n = ring_buffer__poll(rb, timeout_ms), m;

	if (n < 0 && n != -EINTR)
		return n;
	m = ring_buffer__consume(rb);
	if (m < 0)
		return m;
	return (n > 0 ? n : 0) + m;
}
