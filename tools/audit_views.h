/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Building the audit's input views from the BPF maps and rtnetlink. */
#ifndef IVT_AUDIT_VIEWS_H
#define IVT_AUDIT_VIEWS_H

#include "audit.h"

struct nl_scan;

struct ivt_views {
	struct audit_vf *vfs;		/* each owns its filters array */
	__u32 nvfs;
	struct audit_vlandev *devs;
	__u32 ndevs;
};

/* Driver view from the list walker's maps; the traced filters (filters_fd
 * and the `vfs` map for its slots; -1: none) only refine the ages.
 */
int ivt_views_from_snapshot(int snap_vfs_fd, int snap_fd, int filters_fd,
			    int vfs_fd, __u64 now_ns, struct ivt_views *out);
/* Driver view from the traced transitions only (no walker). */
int ivt_views_from_filters(int filters_fd, int vfs_fd, __u64 now_ns,
			   struct ivt_views *out);
int ivt_views_add_vlandevs(struct ivt_views *v, const struct nl_scan *s);
void ivt_views_free(struct ivt_views *v);

#endif /* IVT_AUDIT_VIEWS_H */
