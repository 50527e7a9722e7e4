/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Minimal TAP producer for the unit tests. */
#ifndef IVT_TAP_H
#define IVT_TAP_H

#include <stdarg.h>
#include <stdio.h>

struct tap {
	int n;
	int failed;
};

static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

static inline int tap_ok(struct tap *t, int cond, const char *fmt, ...)
{
	va_list ap;

	t->n++;
	if (!cond)
		t->failed++;
	printf("%sok %d - ", cond ? "" : "not ", t->n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	return cond;
}

static inline void tap_skip(struct tap *t, const char *what, const char *why)
{
	t->n++;
	printf("ok %d - %s # SKIP %s\n", t->n, what, why);
}

static inline int tap_done(struct tap *t)
{
	printf("1..%d\n", t->n);
	return t->failed ? 1 : 0;
}

#endif /* IVT_TAP_H */
