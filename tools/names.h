/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* VF names by dev_id: the records and histograms carry none. */
#ifndef IVT_NAMES_H
#define IVT_NAMES_H

#include <linux/types.h>
#include "iavf_vlantrace.h"

struct ivt_name {
	__u32 dev_id;
	__s32 ifindex;		/* when the name was read */
	char dev[IVT_DEV_LEN + 1];
};

/* A cache of the per-VF map's names (`vfs`, written by the BPF side when
 * it first sees a VF and when its ifindex or netns changes).
 */
struct ivt_names {
	int vfs_fd;		/* -1: no map, no names */
	int n;
	struct ivt_name slot[IVT_MAX_VFS];
};

void ivt_names_init(struct ivt_names *c, int vfs_fd);
/* The name of @dev_id, read again from the map when it was read for
 * another @ifindex (or was empty); @ifindex < 0: as last read. NULL: the
 * map has no such VF; "": it has no name for it.
 */
const char *ivt_names_get(struct ivt_names *c, __u32 dev_id, __s32 ifindex);
/* Read every name again (the names may have changed since). */
void ivt_names_refresh(struct ivt_names *c);

#endif /* IVT_NAMES_H */
