// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The per-filter view of the audit (`audit --filters`): for every VF, each
 * filter of the driver's list with its VID and TPID, its state in the
 * driver's own names (INVALID, not the ABI's NONE) and value, its age in
 * that state, the VLAN devices on it with their namespace, and where it
 * stands against the PF limit: slots are counted held first (on the PF, or
 * leaving it but not yet acked), then pending (an ADD that needs one), in
 * VID order within each; a pending filter whose rank passes the limit is
 * one the PF will refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "audit.h"
#include "hist.h"
#include "ivt.h"

static const char *const slot_names[] = {
	[AUDIT_SLOT_HELD] = "held",
	[AUDIT_SLOT_RELEASING] = "releasing",
	[AUDIT_SLOT_PENDING] = "pending",
	[AUDIT_SLOT_NONE] = "none",
	[AUDIT_SLOT_FREE] = "free",
};

struct frow {
	const struct audit_filter *f;
	enum audit_pf_slot slot;
	__u32 rank;		/* 1-based among the slot users, 0 none */
};

/* The driver's enumerator name: IAVF_VLAN_<name>, INVALID for NONE. */
static const char *driver_state(__u8 s)
{
	if (s == IAVF_VLAN_ABI_NONE)
		return "INVALID";
	return s == IVT_STATE_UNMAPPED ? "?" : ivt_state_name(s);
}

static int cmp_row(const void *a, const void *b)
{
	const struct frow *x = a, *y = b;
	int gx = x->slot == AUDIT_SLOT_RELEASING ? AUDIT_SLOT_HELD : x->slot;
	int gy = y->slot == AUDIT_SLOT_RELEASING ? AUDIT_SLOT_HELD : y->slot;

	if (gx != gy)
		return gx - gy;
	if (x->f->vid != y->f->vid)
		return x->f->vid - y->f->vid;
	return x->f->tpid - y->f->tpid;
}

/* Rows of one VF in slot order, ranked; NULL on allocation failure. */
static struct frow *vf_rows(const struct audit_vf *vf)
{
	struct frow *rows = calloc(vf->nfilters ? vf->nfilters : 1, sizeof(*rows));
	__u32 i, rank = 0;

	if (!rows)
		return NULL;
	for (i = 0; i < vf->nfilters; i++) {
		rows[i].f = &vf->filters[i];
		rows[i].slot = audit_pf_slot(vf, &vf->filters[i]);
	}
	qsort(rows, vf->nfilters, sizeof(*rows), cmp_row);
	for (i = 0; i < vf->nfilters; i++)
		if (rows[i].slot <= AUDIT_SLOT_PENDING)
			rows[i].rank = ++rank;
	return rows;
}

static bool dev_of(const struct audit_vlandev *d, const struct audit_vf *vf,
		   const struct audit_filter *f)
{
	return d->lower_ifindex == vf->ifindex && d->lower_netns == vf->netns &&
	       d->vid == f->vid && d->tpid == f->tpid;
}

/* "eth0.100@4026531840,pod.100@4026532001" or "-" */
static void devs_text(const struct audit_input *in, const struct audit_vf *vf,
		      const struct audit_filter *f, char *buf, size_t len)
{
	size_t n = 0;
	__u32 i;

	buf[0] = 0;
	for (i = 0; i < in->ndevs && n < len; i++)
		if (dev_of(&in->devs[i], vf, f))
			n += snprintf(buf + n, len - n, "%s%s@%u", n ? "," : "",
				      in->devs[i].name, in->devs[i].netns);
	if (!buf[0])
		snprintf(buf, len, vf->devs_unknown ? "? (netns not scanned)" : "-");
}

/* "held 3/8", "pending 9/8 OVER", "pending 2/?", "none", "free" */
static void slot_text(const struct frow *row, int limit, char *buf, size_t len)
{
	char lim[12] = "?";

	if (!row->rank) {
		snprintf(buf, len, "%s", slot_names[row->slot]);
		return;
	}
	if (limit >= 0)
		snprintf(lim, sizeof(lim), "%d", limit);
	snprintf(buf, len, "%s %u/%s%s", slot_names[row->slot], row->rank, lim,
		 limit >= 0 && row->rank > (__u32)limit ? " OVER" : "");
}

static void vf_text(FILE *f, const struct audit_input *in, const struct audit_result *r,
		    __u32 v, const struct frow *rows)
{
	const struct audit_vf *vf = &in->vfs[v];
	char pci[16], st[24], age[24], slot[32], devs[256];
	__u32 i;

	ivt_fmt_pci(vf->pci_id, pci, sizeof(pci));
	fprintf(f, "\n%s %s: %u filters, generation %s, link %s, netns %u\n", vf->dev, pci,
		vf->nfilters, ivt_generation_name(vf->generation),
		vf->link_unknown ? "changed" : vf->link_up ? "up" : "down", vf->netns);
	fprintf(f, "  %-5s %-7s %-12s %-9s %-16s %s\n", "VID", "TPID", "STATE",
		"AGE", "PF SLOT", "VLAN DEVICES@NETNS");
	for (i = 0; i < vf->nfilters; i++) {
		const struct audit_filter *x = rows[i].f;

		if (vf->generation != IVT_GEN_UNKNOWN)
			snprintf(st, sizeof(st), "%s=%u", driver_state(x->state), x->raw_state);
		else
			snprintf(st, sizeof(st), "%s", driver_state(x->state));
		ivt_fmt_us((double)x->age_ms * 1000, age, sizeof(age));
		slot_text(&rows[i], r->vf[v].limit, slot, sizeof(slot));
		devs_text(in, vf, x, devs, sizeof(devs));
		fprintf(f, "  %-5u 0x%04x  %-12s %-9s %-16s %s\n", x->vid, x->tpid,
			st, age, slot, devs);
	}
}

void audit_filters_text(FILE *f, const struct audit_input *in,
			const struct audit_result *r)
{
	struct frow *rows;
	__u32 v;

	for (v = 0; v < in->nvfs; v++) {
		rows = vf_rows(&in->vfs[v]);
		if (!rows) {
			fprintf(f, "\n%s: out of memory\n", in->vfs[v].dev);
			continue;
		}
		vf_text(f, in, r, v, rows);
		free(rows);
	}
}

static struct json_object *devs_json(const struct audit_input *in, const struct audit_vf *vf,
				     const struct audit_filter *x)
{
	struct json_object *a = json_object_new_array();
	__u32 i;

	for (i = 0; i < in->ndevs; i++) {
		struct json_object *d;

		if (!dev_of(&in->devs[i], vf, x))
			continue;
		d = json_object_new_object();
		json_object_object_add(d, "name", json_object_new_string(in->devs[i].name));
		json_object_object_add(d, "ifindex", json_object_new_int(in->devs[i].ifindex));
		json_object_object_add(d, "netns", json_object_new_uint64(in->devs[i].netns));
		json_object_array_add(a, d);
	}
	return a;
}

static struct json_object *row_json(const struct audit_input *in, const struct audit_vf *vf,
				    const struct frow *row, int limit)
{
	const struct audit_filter *x = row->f;
	struct json_object *o = json_object_new_object();
	char tpid[8];

	snprintf(tpid, sizeof(tpid), "0x%04x", x->tpid);
	json_object_object_add(o, "vid", json_object_new_int(x->vid));
	json_object_object_add(o, "tpid", json_object_new_string(tpid));
	json_object_object_add(o, "state", json_object_new_string(ivt_state_name(x->state)));
	json_object_object_add(o, "driver_state", json_object_new_string(driver_state(x->state)));
	json_object_object_add(o, "driver_value", vf->generation == IVT_GEN_UNKNOWN ? NULL :
			       json_object_new_int(x->raw_state));
	json_object_object_add(o, "age_ms", json_object_new_uint64(x->age_ms));
	json_object_object_add(o, "vlan_devices", devs_json(in, vf, x));
	json_object_object_add(o, "pf_slot", json_object_new_string(slot_names[row->slot]));
	json_object_object_add(o, "slot_rank", row->rank ? json_object_new_int((int)row->rank) : NULL);
	json_object_object_add(o, "over_limit", json_object_new_boolean(
		row->rank && limit >= 0 && row->rank > (__u32)limit));
	return o;
}

/* The filters of VF @v, in slot order; NULL on allocation failure. */
struct json_object *audit_filters_json(const struct audit_input *in,
				       const struct audit_result *r, __u32 v)
{
	struct frow *rows = vf_rows(&in->vfs[v]);
	struct json_object *a;
	__u32 i;

	if (!rows)
		return NULL;
	a = json_object_new_array();
	for (i = 0; i < in->vfs[v].nfilters; i++)
		json_object_array_add(a, row_json(in, &in->vfs[v], &rows[i], r->vf[v].limit));
	free(rows);
	return a;
}
