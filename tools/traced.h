/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* The traced filters (the BPF `filters` array) as sorted key/value pairs. */
#ifndef IVT_TRACED_H
#define IVT_TRACED_H

#include <linux/types.h>
#include "iavf_vlantrace.h"

struct ivt_traced {
	struct ivt_filter_key *keys;	/* sorted, vals in the same order */
	struct ivt_filter_val *vals;
	__u32 n;
};

int ivt_filter_key_cmp(const void *a, const void *b);
/* filters_fd < 0: empty. 0 or -errno. */
int ivt_traced_load(int filters_fd, int vfs_fd, struct ivt_traced *t);
void ivt_traced_free(struct ivt_traced *t);

#endif /* IVT_TRACED_H */
