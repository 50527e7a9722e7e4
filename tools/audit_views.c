// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The audit's input views: the driver's filter lists from the list
 * walker's maps (or, without the walker, the traced filters), and the VLAN
 * devices from rtnetlink in every namespace.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <bpf/bpf.h>
#include "audit.h"
#include "audit_views.h"
#include "ivt.h"
#include "nlscan.h"
#include "traced.h"

void ivt_views_free(struct ivt_views *v)
{
	__u32 i;

	for (i = 0; i < v->nvfs; i++)
		free((void *)v->vfs[i].filters);
	free(v->vfs);
	free(v->devs);
	memset(v, 0, sizeof(*v));
}

static int vf_append(struct ivt_views *v, __u32 *cap, const struct audit_vf *vf)
{
	if (v->nvfs == *cap) {
		__u32 ncap = *cap ? *cap * 2 : 8;
		struct audit_vf *t = realloc(v->vfs, ncap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		v->vfs = t;
		*cap = ncap;
	}
	v->vfs[v->nvfs++] = *vf;
	return 0;
}

static int filter_append(struct audit_filter **fs, __u32 *n, __u32 *cap,
			 const struct audit_filter *f)
{
	if (*n == *cap) {
		__u32 ncap = *cap ? *cap * 2 : 16;
		struct audit_filter *t = realloc(*fs, ncap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		*fs = t;
		*cap = ncap;
	}
	(*fs)[(*n)++] = *f;
	return 0;
}

/* All entries of a hash map in a few syscalls (BPF_MAP_LOOKUP_BATCH);
 * falls back to key-by-key iteration where batching is unsupported.
 */
static int map_dump(int fd, size_t ksz, size_t vsz, void **keys, void **vals, __u32 *n)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), batch = 0, cnt, total = 0;
	char *k = NULL, *v = NULL;
	void *in = NULL;
	int err;

	*keys = *vals = NULL;
	*n = 0;
	err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err)
		return err;
	k = malloc((size_t)info.max_entries * ksz + 1);
	v = malloc((size_t)info.max_entries * vsz + 1);
	if (!k || !v) {
		err = -ENOMEM;
		goto fail;
	}
	for (;;) {
		cnt = info.max_entries - total;
		if (!cnt)
			break;
		err = bpf_map_lookup_batch(fd, in, &batch, k + total * ksz,
					   v + total * vsz, &cnt, NULL);
		total += cnt;
		in = &batch;
		if (err == -ENOENT)
			break;
		if (err)
			goto slow;
	}
	*keys = k;
	*vals = v;
	*n = total;
	return 0;
slow:
	/* key by key */
	total = 0;
	{
		char *prev = NULL;

		while (total < info.max_entries &&
		       !bpf_map_get_next_key(fd, prev, k + total * ksz)) {
			prev = k + total * ksz;
			if (!bpf_map_lookup_elem(fd, prev, v + total * vsz))
				total++;
		}
	}
	*keys = k;
	*vals = v;
	*n = total;
	return 0;
fail:
	free(k);
	free(v);
	return err;
}

/* The age of a filter: since the walker first saw it in this state, or
 * since the traced transition into it if that is older and known.
 */
static __u64 age_ms(const struct ivt_traced *t, const struct ivt_snap_key *k,
		    const struct ivt_snap_val *sv, __u64 now)
{
	struct ivt_filter_key fk = { .dev_id = k->dev_id, .vid = k->vid, .tpid = k->tpid };
	const struct ivt_filter_key *hit = NULL;
	__u64 since = sv->since_ns;

	if (t->n)
		hit = bsearch(&fk, t->keys, t->n, sizeof(fk), ivt_filter_key_cmp);
	if (hit) {
		const struct ivt_filter_val *fv = &t->vals[hit - t->keys];

		if (fv->state == sv->state && fv->last_ts && fv->last_ts < since)
			since = fv->last_ts;
	}
	return now > since ? (now - since) / 1000000 : 0;
}

/* One walked VF and its filters of that walk (the snapshot's @ns filters
 * of every VF in @sk/@sv). On error vf->filters is still to be freed.
 */
static int vf_from_snapshot(const struct ivt_snap_vf *svf, __u32 dev_id,
			    const struct ivt_snap_key *sk, const struct ivt_snap_val *sv,
			    __u32 ns, const struct ivt_traced *t, __u64 now_ns,
			    struct audit_vf *vf)
{
	struct audit_filter *fs = NULL;
	__u32 nf = 0, fcap = 0, j;
	int err = 0;

	memset(vf, 0, sizeof(*vf));
	for (j = 0; j < ns && !err; j++) {
		struct audit_filter f;

		if (sk[j].dev_id != dev_id || sv[j].gen != svf->gen)
			continue;
		f = (struct audit_filter){ .vid = sk[j].vid, .tpid = sk[j].tpid,
			.state = sv[j].state, .raw_state = sv[j].raw_state,
			.age_ms = age_ms(t, &sk[j], &sv[j], now_ns) };
		err = filter_append(&fs, &nf, &fcap, &f);
	}
	vf->pci_id = svf->pci_id;
	vf->ifindex = svf->ifindex;
	vf->netns = svf->netns;
	memcpy(vf->dev, svf->dev, sizeof(vf->dev));
	vf->dev[sizeof(vf->dev) - 1] = 0;
	vf->num_vlan_filters = svf->num_vlan_filters;
	vf->list_len = svf->list_len;
	vf->truncated = svf->truncated;
	vf->generation = svf->generation;
	vf->link_up = !!(svf->if_flags & IFF_UP);
	vf->vlan_v1 = !!(svf->cap_flags & (1u << 16)) &&
		      !(svf->cap_flags & (1u << 15));
	vf->max_filters = vf->vlan_v1 ? 0 : svf->max_filters;
	vf->filters = fs;
	vf->nfilters = nf;
	return err;
}

int ivt_views_from_snapshot(int snap_vfs_fd, int snap_fd, int filters_fd,
			    int vfs_fd, __u64 now_ns, struct ivt_views *out)
{
	struct ivt_snap_key *sk = NULL;
	struct ivt_snap_val *sv = NULL;
	struct ivt_snap_vf *svf = NULL;
	__u32 *vkeys = NULL, nv = 0, ns = 0, cap = 0, i;
	struct ivt_traced t = {};
	void *kp, *vp;
	int err;

	memset(out, 0, sizeof(*out));
	err = map_dump(snap_vfs_fd, sizeof(__u32), sizeof(struct ivt_snap_vf), &kp, &vp, &nv);
	if (err)
		return err;
	vkeys = kp;
	svf = vp;
	err = map_dump(snap_fd, sizeof(*sk), sizeof(*sv), &kp, &vp, &ns);
	if (err)
		goto fail;
	sk = kp;
	sv = vp;
	err = ivt_traced_load(filters_fd, vfs_fd, &t);
	if (err)
		goto fail;

	for (i = 0; i < nv; i++) {
		struct audit_vf vf;

		if (!svf[i].gen)
			continue;
		err = vf_from_snapshot(&svf[i], vkeys[i], sk, sv, ns, &t, now_ns, &vf);
		if (!err)
			err = vf_append(out, &cap, &vf);
		if (err) {
			free((void *)vf.filters);
			goto fail;
		}
	}
	err = 0;
	goto out;
fail:
	ivt_views_free(out);
out:
	free(vkeys);
	free(svf);
	free(sk);
	free(sv);
	ivt_traced_free(&t);
	return err;
}

/* The VF of a traced filter, appended if new (no walker: link state
 * unknown here, the events' ABI states name their generation).
 */
static struct audit_vf *vf_of_traced(struct ivt_views *out, __u32 *cap,
				     __u32 dev_id, const struct ivt_filter_val *fv)
{
	struct audit_vf nvf = { .pci_id = dev_id, .ifindex = fv->ifindex,
				.netns = fv->netns, .link_up = true };
	__u32 i;

	for (i = 0; i < out->nvfs; i++)
		if (out->vfs[i].pci_id == dev_id)
			return &out->vfs[i];
	snprintf(nvf.dev, sizeof(nvf.dev), "if%d", fv->ifindex);
	if (vf_append(out, cap, &nvf))
		return NULL;
	return &out->vfs[out->nvfs - 1];
}

/* Without the walker (raw_tp mode, or tests): the traced filters only,
 * i.e. those that changed since the programs were loaded.
 */
int ivt_views_from_filters(int filters_fd, int vfs_fd, __u64 now_ns, struct ivt_views *out)
{
	struct ivt_traced t;
	__u32 cap = 0, i;
	int err;

	memset(out, 0, sizeof(*out));
	err = ivt_traced_load(filters_fd, vfs_fd, &t);
	for (i = 0; !err && i < t.n; i++) {
		const struct ivt_filter_val *fv = &t.vals[i];
		struct audit_vf *vf = vf_of_traced(out, &cap, t.keys[i].dev_id, fv);
		struct audit_filter f = { .vid = t.keys[i].vid, .tpid = t.keys[i].tpid,
			.state = fv->state,
			.age_ms = now_ns > fv->last_ts ? (now_ns - fv->last_ts) / 1000000 : 0 };
		struct audit_filter *fs;
		__u32 nf, fcap;

		if (!vf) {
			err = -ENOMEM;
			break;
		}
		fs = (struct audit_filter *)vf->filters;
		nf = fcap = vf->nfilters;	/* grow one at a time: this path is small */
		err = filter_append(&fs, &nf, &fcap, &f);
		if (err)
			break;
		vf->filters = fs;
		vf->nfilters = nf;
		vf->list_len = nf;
		vf->num_vlan_filters = (__s32)nf;
	}
	ivt_traced_free(&t);
	if (err)
		ivt_views_free(out);
	return err;
}

/* The walker read IFF_UP with the list; if the device says otherwise now,
 * DISABLE/INACTIVE filters cannot be judged (the audit says so).
 */
static void vf_link_check(struct audit_vf *vf, const struct nl_scan *s)
{
	unsigned int i;

	for (i = 0; i < s->nlinks; i++) {
		const struct nl_link *l = &s->links[i];

		if (l->ifindex == vf->ifindex && l->netns == vf->netns &&
		    !strcmp(l->driver, "iavf") && !!(l->flags & IFF_UP) != vf->link_up)
			vf->link_unknown = true;
	}
}

int ivt_views_add_vlandevs(struct ivt_views *v, const struct nl_scan *s)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < v->nvfs; i++) {
		v->vfs[i].devs_unknown = true;
		for (j = 0; j < s->nnetns; j++)
			if (s->netns[j] == v->vfs[i].netns)
				v->vfs[i].devs_unknown = false;
		vf_link_check(&v->vfs[i], s);
	}

	for (i = 0; i < s->nlinks; i++)
		n += !strcmp(s->links[i].kind, "vlan");
	v->devs = calloc(n ? n : 1, sizeof(*v->devs));
	if (!v->devs)
		return -ENOMEM;
	for (i = 0; i < s->nlinks; i++) {
		const struct nl_link *l = &s->links[i];
		struct audit_vlandev *d;

		if (strcmp(l->kind, "vlan"))
			continue;
		d = &v->devs[v->ndevs++];
		d->netns = l->netns;
		memcpy(d->name, l->name, sizeof(d->name));
		d->ifindex = l->ifindex;
		d->lower_netns = l->lower_netns;
		d->lower_ifindex = l->lower_ifindex;
		d->vid = l->vid;
		d->tpid = l->tpid;
	}
	return 0;
}
