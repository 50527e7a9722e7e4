/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP output shared by the vfmodel unit test programs.
 * Usage of a program: PROG [--offset N] [--san] [-v]; --offset shifts the
 * test numbers so several runs add up to one TAP stream, --san tags the
 * lines of the sanitizer build.
 */
#ifndef VFM_TESTS_TAP_H
#define VFM_TESTS_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the one env struct: TAP state */
static struct {
	unsigned int n, failed, offset;
	bool verbose;
	const char *tag;	/* "[san] " or "" */
	const char *prefix;	/* per program, e.g. "dp: " */
} T;

static bool ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - %s%s", cond ? "" : "not ", T.offset + ++T.n, T.tag, T.prefix);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		T.failed++;
	return cond;
}

static void tap_init(int argc, char **argv, const char *prefix)
{
	int i;

	T.tag = "";
	T.prefix = prefix;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			T.verbose = true;
		else if (!strcmp(argv[i], "--san"))
			T.tag = "[san] ";
		else if (!strcmp(argv[i], "--offset") && i + 1 < argc)
			T.offset = (unsigned int)atoi(argv[++i]);
	}
}

static int tap_done(void)
{
	printf("1..%u\n", T.n);
	return T.failed ? 1 : 0;
}

#endif
