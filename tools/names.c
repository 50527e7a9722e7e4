// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* The one cache of VF names, read from the BPF side's `vfs` map. */
#include <string.h>
#include <bpf/bpf.h>
#include "names.h"

void ivt_names_init(struct ivt_names *c, int vfs_fd)
{
	memset(c, 0, sizeof(*c));
	c->vfs_fd = vfs_fd;
}

static struct ivt_name *find(struct ivt_names *c, __u32 dev_id)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->slot[i].dev_id == dev_id)
			return &c->slot[i];
	return NULL;
}

/* 0: read; -1: the map has no such VF. */
static int read_name(const struct ivt_names *c, struct ivt_name *n)
{
	struct ivt_vf_val vf;

	n->dev[0] = 0;
	if (c->vfs_fd < 0 || bpf_map_lookup_elem(c->vfs_fd, &n->dev_id, &vf))
		return -1;
	memcpy(n->dev, vf.dev, IVT_DEV_LEN);
	n->dev[IVT_DEV_LEN] = 0;
	return 0;
}

const char *ivt_names_get(struct ivt_names *c, __u32 dev_id, __s32 ifindex)
{
	struct ivt_name *n = find(c, dev_id);

	if (n && (ifindex < 0 || n->ifindex == ifindex) && n->dev[0])
		return n->dev;
	if (!n && c->n < IVT_MAX_VFS)
		n = &c->slot[c->n++];
	if (!n)
		return NULL;
	n->dev_id = dev_id;
	if (ifindex >= 0)
		n->ifindex = ifindex;
	return read_name(c, n) ? NULL : n->dev;
}

void ivt_names_refresh(struct ivt_names *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		read_name(c, &c->slot[i]);
}
