// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The traced filters, read from user space: the `filters` array (indexed
 * by VF slot, TPID and VID, see ivt_filter_index()) through mmap, with
 * each slot's VF from the `vfs` map, as (key, value) pairs sorted by key.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include "traced.h"

int ivt_filter_key_cmp(const void *a, const void *b)
{
	const struct ivt_filter_key *x = a, *y = b;

	if (x->dev_id != y->dev_id)
		return x->dev_id < y->dev_id ? -1 : 1;
	if (x->vid != y->vid)
		return x->vid < y->vid ? -1 : 1;
	return x->tpid < y->tpid ? -1 : x->tpid > y->tpid;
}

/* slot_dev[s]: the dev_id holding slot s, 0 if none. */
static void slot_owners(int vfs_fd, __u32 slot_dev[IVT_FILTER_SLOTS + 1])
{
	__u32 key, next, *prev = NULL;
	struct ivt_vf_val vf;

	memset(slot_dev, 0, (IVT_FILTER_SLOTS + 1) * sizeof(*slot_dev));
	while (bpf_map_get_next_key(vfs_fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (!bpf_map_lookup_elem(vfs_fd, &key, &vf) && vf.slot &&
		    vf.slot <= IVT_FILTER_SLOTS)
			slot_dev[vf.slot] = key;
	}
}

struct fkv {
	struct ivt_filter_key k;	/* first: sorted with ivt_filter_key_cmp */
	struct ivt_filter_val v;
};

/* Present entries of the slots in use, unsorted. */
static struct fkv *collect(const struct ivt_filter_val *arr, const __u32 *slot_dev, __u32 *n)
{
	static const __u16 tpids[2] = { 0x8100, 0x88a8 };
	struct fkv *p = NULL, *t;
	__u32 s, cap = 0, vid;
	int ti;

	*n = 0;
	for (s = 1; s <= IVT_FILTER_SLOTS; s++)
		for (ti = 0; slot_dev[s] && ti < 2; ti++)
			for (vid = 0; vid < IVT_VID_N; vid++) {
				const struct ivt_filter_val *v = &arr[ivt_filter_index(s, ti, vid)];

				if (!v->last_ts)
					continue;
				if (*n == cap) {
					cap = cap ? cap * 2 : 64;
					t = realloc(p, cap * sizeof(*p));
					if (!t) {
						free(p);
						return NULL;
					}
					p = t;
				}
				p[*n].k = (struct ivt_filter_key){ slot_dev[s], (__u16)vid, tpids[ti] };
				p[(*n)++].v = *v;
			}
	return p ? p : calloc(1, sizeof(*p));
}

int ivt_traced_load(int filters_fd, int vfs_fd, struct ivt_traced *t)
{
	size_t len = (size_t)IVT_FILTER_ENTRIES * sizeof(struct ivt_filter_val);
	__u32 slot_dev[IVT_FILTER_SLOTS + 1], i;
	struct fkv *pairs;
	void *arr;

	memset(t, 0, sizeof(*t));
	if (filters_fd < 0)
		return 0;
	slot_owners(vfs_fd, slot_dev);
	arr = mmap(NULL, len, PROT_READ, MAP_SHARED, filters_fd, 0);
	if (arr == MAP_FAILED)
		return -errno;
	pairs = collect(arr, slot_dev, &t->n);
	munmap(arr, len);
	if (!pairs)
		return -ENOMEM;
	qsort(pairs, t->n, sizeof(*pairs), ivt_filter_key_cmp);
	t->keys = malloc((t->n ? t->n : 1) * sizeof(*t->keys));
	t->vals = malloc((t->n ? t->n : 1) * sizeof(*t->vals));
	for (i = 0; t->keys && t->vals && i < t->n; i++) {
		t->keys[i] = pairs[i].k;
		t->vals[i] = pairs[i].v;
	}
	free(pairs);
	if (!t->keys || !t->vals) {
		ivt_traced_free(t);
		return -ENOMEM;
	}
	return 0;
}

void ivt_traced_free(struct ivt_traced *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}
