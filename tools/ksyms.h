/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Kernel symbols from /proc/kallsyms, for monitor --stack. */
#ifndef IVT_KSYMS_H
#define IVT_KSYMS_H

#include <stddef.h>

struct ivt_ksyms;

/* NULL with errno set when the file cannot be read or holds no address
 * (kptr_restrict hides them from non-root: every address reads 0).
 */
struct ivt_ksyms *ivt_ksyms_load(const char *path);
void ivt_ksyms_free(struct ivt_ksyms *k);
/* "sym+0xoff [module]" for @addr, or its hex value when no symbol holds it. */
void ivt_ksyms_fmt(const struct ivt_ksyms *k, unsigned long long addr,
		   char *buf, size_t len);

#endif /* IVT_KSYMS_H */
