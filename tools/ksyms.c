// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Kernel symbols: /proc/kallsyms read once, sorted by address, looked up
 * by binary search (the nearest symbol at or below an address).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ksyms.h"

struct ivt_ksym {
	unsigned long long addr;
	char *name;		/* "sym" or "sym [module]" */
};

struct ivt_ksyms {
	struct ivt_ksym *syms;
	size_t n, cap;
};

static int ksym_cmp(const void *a, const void *b)
{
	const struct ivt_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int ksyms_add(struct ivt_ksyms *k, unsigned long long addr,
		     const char *name, const char *mod)
{
	struct ivt_ksym *s;
	size_t len = strlen(name) + (*mod ? strlen(mod) + 1 : 0) + 1;

	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 65536;

		s = realloc(k->syms, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		k->syms = s;
		k->cap = cap;
	}
	s = &k->syms[k->n];
	s->addr = addr;
	s->name = malloc(len);
	if (!s->name)
		return -ENOMEM;
	snprintf(s->name, len, "%s%s%s", name, *mod ? " " : "", mod);
	k->n++;
	return 0;
}

struct ivt_ksyms *ivt_ksyms_load(const char *path)
{
	struct ivt_ksyms *k = calloc(1, sizeof(*k));
	char line[512], name[256], mod[128];
	unsigned long long addr;
	FILE *f = fopen(path, "r");
	int err = f ? 0 : errno;
	char type;

	while (!err && k && fgets(line, sizeof(line), f)) {
		mod[0] = '\0';
		if (sscanf(line, "%llx %c %255s %127s", &addr, &type, name, mod) < 3 || !addr)
			continue;
		err = -ksyms_add(k, addr, name, mod);
	}
	if (f)
		fclose(f);
	if (!k || err || !k->n) {
		err = !k ? ENOMEM : err ? err : EPERM;
		ivt_ksyms_free(k);
		errno = err;
		return NULL;
	}
	qsort(k->syms, k->n, sizeof(*k->syms), ksym_cmp);
	return k;
}

void ivt_ksyms_free(struct ivt_ksyms *k)
{
	size_t i;

	if (!k)
		return;
	for (i = 0; i < k->n; i++)
		free(k->syms[i].name);
	free(k->syms);
	free(k);
}

void ivt_ksyms_fmt(const struct ivt_ksyms *k, unsigned long long addr,
		   char *buf, size_t len)
{
	size_t lo = 0, hi = k ? k->n : 0;
	const struct ivt_ksym *s;
	const char *sp;

	while (lo < hi) {	/* first symbol above addr */
		size_t mid = lo + (hi - lo) / 2;

		if (k->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo) {
		snprintf(buf, len, "0x%llx", addr);
		return;
	}
	s = &k->syms[lo - 1];
	sp = strchr(s->name, ' ');	/* "sym [module]": offset after sym */
	if (sp)
		snprintf(buf, len, "%.*s+0x%llx%s", (int)(sp - s->name), s->name,
			 addr - s->addr, sp);
	else
		snprintf(buf, len, "%s+0x%llx", s->name, addr - s->addr);
}
