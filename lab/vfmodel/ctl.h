/* SPDX-License-Identifier: GPL-2.0 */
/* vfmodel control language internals: shared by control.c (commands) and dump.c (output). */
#ifndef VFM_CTL_H
#define VFM_CTL_H

#include <stddef.h>

#include "vfmodel_int.h"

struct outbuf {
	char *p;
	size_t cap;
	size_t len;	/* what would have been written: detects truncation */
};

void outf(struct outbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* dump.c */
void vfm_dump_vf(const struct vfm_vf *vf, bool json, struct outbuf *o);
void vfm_dump_history(const struct vfm_vf *vf, struct outbuf *o);
void vfm_dump_faults(const struct vfm_pf *pf, struct outbuf *o);
extern const char *const vfm_fault_kind_names[5];

#endif /* VFM_CTL_H */
