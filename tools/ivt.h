/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Shared declarations of the iavf-vlantrace CLI. */
#ifndef IVT_H
#define IVT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "iavf_vlantrace.h"

#define IVT_EXIT_OK		0
#define IVT_EXIT_FINDINGS	1	/* audit found something */
#define IVT_EXIT_ERR		2
#define IVT_EXIT_USAGE		64	/* EX_USAGE */

enum ivt_mode {
	IVT_MODE_AUTO = 0,
	IVT_MODE_TP_BTF,	/* our tracepoints, typed (module BTF) */
	IVT_MODE_RAW_TP,	/* our tracepoints, raw arguments */
	IVT_MODE_FENTRY,	/* stock iavf: fentry/fexit + list diffs */
	IVT_MODE_TEST,		/* raw_tp programs loaded, not attached */
};

/* The program's global state: its name, how it reports, the signal
 * flag. Each command has its own options (struct monitor_opts, ...).
 */
struct ivt_env {
	const char *prog;
	bool verbose;
	bool json;
	/* run state, touched by the signal handler */
	volatile sig_atomic_t signals;
	/* set while BPF programs load and attach: a signal then prints
	 * intr_text on intr_fd and exits with intr_rc at once (the kernel
	 * frees every unpinned program, link and map with the process)
	 */
	volatile sig_atomic_t loading;
	int intr_fd;
	int intr_rc;
	char intr_text[512];
};

/* What every command loads and follows (cli.h's IVT_OPT_* options). */
struct ivt_target {
	enum ivt_mode mode;
	/* --generation: enum ivt_generation, UNKNOWN = from BTF or events */
	unsigned int generation;
	const char *dev;	/* --dev as given; NULL once it named a PCI id */
	int vid;		/* -1 any */
	const char *netns_arg;
	__u32 netns;		/* inode, 0 any */
	__u32 pci_id;		/* resolved from --dev */
	int ifindex;		/* resolved from --dev */
};

#define IVT_TARGET_INIT { .vid = -1 }

/* cli.c (the rest in cli.h) */
void ivt_err(const struct ivt_env *env, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ivt_check_privileges(const struct ivt_env *env);
bool ivt_argv_wants_json(int argc, char **argv);
struct argp;
int ivt_argp_parse(const struct argp *cmd, int argc, char **argv,
		   unsigned int flags, struct ivt_env *env, void *input);

/* common.c */
int ivt_parse_uint(const char *s, unsigned long max, unsigned long *out);
const char *ivt_state_name(unsigned int s);
const char *ivt_reason_name(unsigned int r);
const char *ivt_vc_op_name(unsigned int op);
const char *ivt_phase_name(unsigned int p);
const char *ivt_hist_kind_name(unsigned int k);
void ivt_fmt_pci(__u32 pci_id, char *buf, size_t len);
int ivt_parse_pci(const char *s, __u32 *pci_id);
void ivt_install_signals(struct ivt_env *env);
void ivt_set_interrupt_reply(struct ivt_env *env, bool to_stdout, int rc,
			     const char *text);
void ivt_set_interrupt_error(struct ivt_env *env, const char *msg);
__u64 ivt_now_mono_ns(void);

/* generation.c */
struct btf;

struct ivt_gen_info {
	unsigned int gen;	/* enum ivt_generation */
	char layout[112];	/* the layout found, for messages */
	char states[160];	/* the driver's names and values, "INVALID=0 ..." */
};

/* 0: supported (g->gen set); -ENOENT: no struct iavf_vlan_filter;
 * -EOPNOTSUPP: a layout the programs cannot read (g->layout names it).
 */
int ivt_gen_from_btf(const struct btf *btf, struct ivt_gen_info *g);
const char *ivt_generation_name(unsigned int gen);
int ivt_parse_generation(const char *s, unsigned int *gen);
bool ivt_gen_has_state(unsigned int gen, unsigned int abi_state);
unsigned int ivt_gen_of_state(unsigned int abi_state);

/* loader.c */
struct iavf_vlantrace_bpf;
struct bpf_link;

struct ivt_probe {
	bool kernel_btf;	/* /sys/kernel/btf/vmlinux */
	bool iavf_loaded;	/* /sys/module/iavf */
	bool iavf_btf;		/* /sys/kernel/btf/iavf */
	bool tp_btf;		/* btf_trace_iavf_vlan_state in module BTF */
	bool tp_tracefs;	/* events/iavf/iavf_vlan_state in tracefs */
	bool fentry_any;	/* at least one fentry target */
	bool watchdog;		/* iavf_watchdog_task in module BTF */
	bool drvinfo;		/* iavf_get_drvinfo in module BTF: walks on demand */
	unsigned int fentry_mask; /* bit per entry of the fentry table */
	int gen_err;		/* ivt_gen_from_btf() result (iavf_btf only) */
	struct ivt_gen_info gen;
};

struct ivt_bpf {
	struct iavf_vlantrace_bpf *skel;
	enum ivt_mode mode;
	bool snapshot;		/* the list walker is attached */
	bool snapshot_now;	/* ... and walks on ETHTOOL_GDRVINFO (instant) */
	unsigned int generation; /* enum ivt_generation: BTF, --generation, or unknown */
	char gen_states[160];	/* the driver's state names (from BTF), "" */
	struct bpf_link *links[24];
	int nlinks;
};

struct ivt_load_opts {
	enum ivt_mode mode;	/* AUTO: best available */
	const struct ivt_target *target; /* filters, --generation; NULL: none */
	bool snapshot;		/* the audit needs the list walker */
	bool walker_only;	/* ... and nothing else (a one-shot audit) */
	bool require_events;	/* monitor/latency: fail without events */
	bool no_records;	/* histograms only: no ring-buffer records */
	bool stack;		/* a kernel stack per state transition */
	__u64 wakeup_bytes;
	__u32 ringbuf_bytes;	/* 0: default */
};

int ivt_probe_system(struct ivt_probe *p);
int ivt_bpf_open(struct ivt_env *env, const struct ivt_load_opts *opts,
		 struct ivt_bpf *out);
void ivt_bpf_close(struct ivt_bpf *b);
const char *ivt_mode_name(enum ivt_mode m);
const char *ivt_mode_blind_spots(enum ivt_mode m);
int ivt_read_stats(const struct ivt_bpf *b, __u64 out[IVT_S_NR]);
int ivt_sum_stats(int stats_fd, __u64 out[IVT_S_NR]);
struct ring_buffer;
int ivt_rb_poll(struct ring_buffer *rb, int timeout_ms);

/* subcommands */
int cmd_monitor(struct ivt_env *env, int argc, char **argv);
int cmd_latency(struct ivt_env *env, int argc, char **argv);
int cmd_audit(struct ivt_env *env, int argc, char **argv);

#endif /* IVT_H */
