/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* The benchmark's and the unit tests' BPF object (tests/ivt_test.bpf.c). */
#ifndef IVT_TEST_OBJ_H
#define IVT_TEST_OBJ_H

#include <stdbool.h>
#include <linux/types.h>
#include "iavf_vlantrace.h"
#include "ivt_test.skel.h"

struct ivt_test_opts {
	const char *btf_path;	/* btf_custom_path: a kernel's BTF, or NULL */
	__u64 wakeup_bytes;
	__u32 ringbuf_bytes;	/* 0: the object's size */
	bool no_records;	/* histograms only, as `latency` loads it */
	bool emit_inferred;	/* as fentry mode loads it */
};

/* Opened with every program's autoload off and the filters and outputs
 * set as the CLI's loader sets them; the caller turns on what it runs
 * (skel->progs.X) and loads.
 */
struct ivt_test_bpf *ivt_test_open(const struct ivt_test_opts *o);
int ivt_test_stats(const struct ivt_test_bpf *s, __u64 out[IVT_S_NR]);

#endif /* IVT_TEST_OBJ_H */
