// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Audit rules and their renderings (text, JSON, Prometheus). No I/O but
 * the output functions: audit_compute() is a pure function of its input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "audit.h"
#include "ivt.h"

static const char *const kind_names[AUDIT_NR_KINDS] = {
	[AUDIT_LEAKED] = "leaked",
	[AUDIT_LOST] = "lost",
	[AUDIT_STUCK] = "stuck",
	[AUDIT_DRIFT] = "drift",
	[AUDIT_OVER_LIMIT] = "over_limit",
};

const char *audit_kind_name(enum audit_kind k)
{
	return k < AUDIT_NR_KINDS ? kind_names[k] : "?";
}

/* What a filter's state means for the PF, by the VF's generation, link
 * state and VLAN version:
 *   fixed:   ACTIVE on the PF; ADD/ADDING on the way; REMOVE/REMOVING leaving.
 *   unfixed: ACTIVE on the PF; ADD/IS_NEW on the way, but under V1 IS_NEW
 *            is final (no success handler): on the PF; REMOVE leaving
 *            (freed when the DEL is sent); DISABLE/INACTIVE parked while
 *            the link is down (iavf_down deleted them from the PF,
 *            iavf_open re-adds INACTIVE), and while up not on the PF.
 */
enum fclass {
	FC_ON_PF,	/* the PF has it */
	FC_TO_PF,	/* ADD sent or queued */
	FC_LEAVING,	/* DEL sent or queued */
	FC_PARKED,	/* unfixed, link down: off the PF until up */
	FC_OFF_PF,	/* unfixed, link up: DISABLE/INACTIVE, the PF lacks it */
};

static enum fclass classify(const struct audit_vf *vf, __u8 s)
{
	switch (s) {
	case IAVF_VLAN_ABI_ACTIVE:
		return FC_ON_PF;
	case IAVF_VLAN_ABI_IS_NEW:
		return vf->vlan_v1 ? FC_ON_PF : FC_TO_PF;
	case IAVF_VLAN_ABI_REMOVE:
	case IAVF_VLAN_ABI_REMOVING:
		return FC_LEAVING;
	case IAVF_VLAN_ABI_DISABLE:
	case IAVF_VLAN_ABI_INACTIVE:
		return vf->link_up ? FC_OFF_PF : FC_PARKED;
	default:
		return FC_TO_PF;	/* ADD, ADDING */
	}
}

enum audit_pf_slot audit_pf_slot(const struct audit_vf *vf, const struct audit_filter *f)
{
	if (!f->vid)
		return AUDIT_SLOT_FREE;		/* iavf does not send VID 0 */
	switch (classify(vf, f->state)) {
	case FC_ON_PF:
		return AUDIT_SLOT_HELD;
	case FC_LEAVING:
		return AUDIT_SLOT_RELEASING;	/* held until the PF acks the DEL */
	case FC_TO_PF:
		return AUDIT_SLOT_PENDING;
	default:
		return AUDIT_SLOT_NONE;
	}
}

static bool transitional(enum fclass c)
{
	return c == FC_TO_PF || c == FC_LEAVING;
}

/* A snapshot the rules cannot judge: a state with no known name, one its
 * generation does not have, or DISABLE/INACTIVE while the link state
 * changed after the list was read. Returns the reason, or NULL.
 */
static bool vf_untrusted(const struct audit_vf *vf, char *why, size_t len)
{
	__u32 i;

	for (i = 0; i < vf->nfilters; i++) {
		const struct audit_filter *f = &vf->filters[i];

		if (f->state == IVT_STATE_UNMAPPED) {
			snprintf(why, len, "VLAN %u: driver state value %u has no known name",
				 f->vid, f->raw_state);
			return true;
		}
		if (!ivt_gen_has_state(vf->generation, f->state)) {
			snprintf(why, len, "VLAN %u: state %s is not a state of the %s driver",
				 f->vid, ivt_state_name(f->state),
				 ivt_generation_name(vf->generation));
			return true;
		}
		if (vf->link_unknown && (f->state == IAVF_VLAN_ABI_DISABLE ||
					 f->state == IAVF_VLAN_ABI_INACTIVE)) {
			snprintf(why, len, "VLAN %u is %s and %s went up or down after the list was read",
				 f->vid, ivt_state_name(f->state), vf->dev);
			return true;
		}
	}
	return false;
}

static int add_finding(struct audit_result *r, __u32 *cap, enum audit_kind kind,
		       __u32 vf, __u16 vid, __u16 tpid, __u8 state, __u64 age_ms,
		       const char *fmt, ...) __attribute__((format(printf, 9, 10)));

static int add_finding(struct audit_result *r, __u32 *cap, enum audit_kind kind,
		       __u32 vf, __u16 vid, __u16 tpid, __u8 state, __u64 age_ms,
		       const char *fmt, ...)
{
	struct audit_finding *f;
	va_list ap;

	if (r->nfindings == *cap) {
		__u32 ncap = *cap ? *cap * 2 : 16;
		struct audit_finding *t = realloc(r->findings, ncap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		r->findings = t;
		*cap = ncap;
	}
	f = &r->findings[r->nfindings++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->vf = vf;
	f->vid = vid;
	f->tpid = tpid;
	f->state = state;
	f->age_ms = age_ms;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
	r->by_kind[kind]++;
	return 0;
}

static bool dev_on_vf(const struct audit_vlandev *d, const struct audit_vf *vf)
{
	return d->lower_ifindex == vf->ifindex && d->lower_netns == vf->netns;
}

/* Per-VF index by (tpid, vid) so the audit stays linear at 4094 VLANs;
 * TPIDs other than 802.1Q / 802.1ad fall back to a scan.
 */
struct vf_index {
	const struct audit_filter *filter[2][4096];
	__u8 dev[2][4096];
};

static int tpid_slot(__u16 tpid)
{
	return tpid == 0x8100 ? 0 : tpid == 0x88a8 ? 1 : -1;
}

static void index_build(struct vf_index *x, const struct audit_input *in,
			const struct audit_vf *vf)
{
	__u32 i;
	int t;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < vf->nfilters; i++) {
		t = tpid_slot(vf->filters[i].tpid);
		if (t >= 0)
			x->filter[t][vf->filters[i].vid & 4095] = &vf->filters[i];
	}
	for (i = 0; i < in->ndevs; i++) {
		t = tpid_slot(in->devs[i].tpid);
		if (t >= 0 && dev_on_vf(&in->devs[i], vf))
			x->dev[t][in->devs[i].vid & 4095] = 1;
	}
}

static const struct audit_filter *find_filter(const struct vf_index *x,
					      const struct audit_vf *vf,
					      __u16 vid, __u16 tpid)
{
	int t = tpid_slot(tpid);
	__u32 i;

	if (t >= 0)
		return x->filter[t][vid & 4095];
	for (i = 0; i < vf->nfilters; i++)
		if (vf->filters[i].vid == vid && vf->filters[i].tpid == tpid)
			return &vf->filters[i];
	return NULL;
}

static bool has_dev(const struct vf_index *x, const struct audit_input *in,
		    const struct audit_vf *vf, __u16 vid, __u16 tpid)
{
	int t = tpid_slot(tpid);
	__u32 i;

	if (t >= 0)
		return x->dev[t][vid & 4095];
	for (i = 0; i < in->ndevs; i++)
		if (dev_on_vf(&in->devs[i], vf) && in->devs[i].vid == vid &&
		    in->devs[i].tpid == tpid)
			return true;
	return false;
}

/* A VLAN device whose filter exists: is the PF without it? */
static bool lost_filter(const struct audit_vf *vf, const struct audit_filter *f,
			__u64 stuck_ms)
{
	switch (classify(vf, f->state)) {
	case FC_ON_PF:
	case FC_PARKED:
		return false;
	case FC_TO_PF:
		return f->age_ms >= stuck_ms;
	default:
		return true;	/* leaving, or off the PF while up */
	}
}

/* The VF's filters: stuck, leaked; the count of non-zero VIDs (the PF
 * slots they take) in @nonzero. -ENOMEM or 0.
 */
static int audit_vf_filters(const struct audit_input *in, struct audit_result *r,
			    __u32 *cap, const struct vf_index *x, __u32 v, __u32 *nonzero)
{
	const struct audit_vf *vf = &in->vfs[v];
	struct audit_vf_summary *s = &r->vf[v];
	__u32 i;

	for (i = 0; i < vf->nfilters; i++) {
		const struct audit_filter *f = &vf->filters[i];
		bool used = has_dev(x, in, vf, f->vid, f->tpid);
		bool aged = f->age_ms >= in->stuck_ms;
		enum fclass c = classify(vf, f->state);

		if (f->state < IAVF_VLAN_ABI_NR_STATES)
			s->by_state[f->state]++;
		if (f->vid)
			(*nonzero)++;
		if (transitional(c) && aged &&
		    add_finding(r, cap, AUDIT_STUCK, v, f->vid, f->tpid,
				f->state, f->age_ms, "%s for %llu ms",
				ivt_state_name(f->state),
				(unsigned long long)f->age_ms))
			return -ENOMEM;
		/* a fresh ADD/ADDING may precede its device in a
		 * racing snapshot: only settled or aged ones count;
		 * an unfixed zombie (DISABLE/INACTIVE with no device)
		 * holds a slot and comes back at up: leaked too.
		 * Without its namespace's devices, leaks are unknowable.
		 */
		if (!used && !vf->devs_unknown && c != FC_LEAVING &&
		    (c != FC_TO_PF || aged) &&
		    add_finding(r, cap, AUDIT_LEAKED, v, f->vid, f->tpid,
				f->state, f->age_ms,
				"filter %s with no VLAN device on %s%s",
				ivt_state_name(f->state), vf->dev,
				c == FC_PARKED ? " (re-added at up: a zombie holding a slot)" : ""))
			return -ENOMEM;
	}
	return 0;
}

/* The VLAN devices on the VF: lost. -ENOMEM or 0. */
static int audit_vf_devices(const struct audit_input *in, struct audit_result *r,
			    __u32 *cap, const struct vf_index *x, __u32 v)
{
	const struct audit_vf *vf = &in->vfs[v];
	__u32 j;

	for (j = 0; j < in->ndevs; j++) {
		const struct audit_vlandev *d = &in->devs[j];
		const struct audit_filter *f;

		if (!dev_on_vf(d, vf))
			continue;
		r->vf[v].vlandevs++;
		if (!d->vid)
			continue;	/* iavf does not track VID 0 */
		f = find_filter(x, vf, d->vid, d->tpid);
		if (!f) {
			if (add_finding(r, cap, AUDIT_LOST, v, d->vid, d->tpid,
					IAVF_VLAN_ABI_NONE, 0,
					"VLAN device %s has no filter", d->name))
				return -ENOMEM;
		} else if (lost_filter(vf, f, in->stuck_ms)) {
			if (add_finding(r, cap, AUDIT_LOST, v, d->vid, d->tpid,
					f->state, f->age_ms,
					"VLAN device %s: filter %s%s", d->name,
					ivt_state_name(f->state),
					classify(vf, f->state) == FC_OFF_PF ?
					" while the link is up: the PF lacks it" :
					", not on the PF"))
				return -ENOMEM;
		}
	}
	return 0;
}

/* The VF's counts: drift, the PF limit, over_limit. -ENOMEM or 0. */
static int audit_vf_counts(const struct audit_input *in, struct audit_result *r,
			   __u32 *cap, __u32 v, __u32 nonzero)
{
	const struct audit_vf *vf = &in->vfs[v];
	struct audit_vf_summary *s = &r->vf[v];

	if (!vf->truncated && vf->num_vlan_filters != (__s32)vf->list_len &&
	    add_finding(r, cap, AUDIT_DRIFT, v, 0, 0, 0, 0,
			"num_vlan_filters %d but %u filters in the list",
			vf->num_vlan_filters, vf->list_len))
		return -ENOMEM;
	if (in->pf_limit >= 0)
		s->limit = in->pf_limit;
	else if (vf->max_filters)
		s->limit = (int)vf->max_filters;
	else
		s->limit = -1;	/* V1: the PF limit is not announced */
	if (s->limit >= 0 && nonzero > (__u32)s->limit &&
	    add_finding(r, cap, AUDIT_OVER_LIMIT, v, 0, 0, 0, 0,
			"%u filters, limit %d", nonzero, s->limit))
		return -ENOMEM;
	return 0;
}

int audit_compute(const struct audit_input *in, struct audit_result *r)
{
	struct vf_index *x = NULL;
	__u32 cap = 0, v, i;

	memset(r, 0, sizeof(*r));
	r->nvfs = in->nvfs;
	r->vf = calloc(in->nvfs ? in->nvfs : 1, sizeof(*r->vf));
	x = malloc(sizeof(*x));
	if (!r->vf || !x)
		goto fail;

	for (i = 0; i < in->ndevs; i++) {
		for (v = 0; v < in->nvfs; v++)
			if (dev_on_vf(&in->devs[i], &in->vfs[v]))
				break;
		if (v == in->nvfs)
			r->unmatched_devs++;
	}

	for (v = 0; v < in->nvfs; v++) {
		const struct audit_vf *vf = &in->vfs[v];
		__u32 nonzero = 0;

		index_build(x, in, vf);
		r->blind_vfs += vf->devs_unknown;
		if (vf_untrusted(vf, r->vf[v].untrusted, sizeof(r->vf[v].untrusted))) {
			r->untrusted_vfs++;
			r->vf[v].limit = -1;
			continue;	/* no findings from a list we cannot read */
		}
		if (audit_vf_filters(in, r, &cap, x, v, &nonzero) ||
		    audit_vf_devices(in, r, &cap, x, v) ||
		    audit_vf_counts(in, r, &cap, v, nonzero))
			goto fail;
	}
	free(x);
	return 0;
fail:
	free(x);
	audit_result_free(r);
	return -ENOMEM;
}

void audit_result_free(struct audit_result *r)
{
	free(r->findings);
	free(r->vf);
	memset(r, 0, sizeof(*r));
}

/* Unfixed drivers: the states the summary columns fold together. */
static void print_generations(FILE *f, const struct audit_input *in,
			      const struct audit_result *r)
{
	/* in the driver's own order */
	static const __u8 order[] = {
		IAVF_VLAN_ABI_ADD, IAVF_VLAN_ABI_IS_NEW, IAVF_VLAN_ABI_ACTIVE,
		IAVF_VLAN_ABI_DISABLE, IAVF_VLAN_ABI_INACTIVE, IAVF_VLAN_ABI_REMOVE,
	};
	__u32 v, k;

	for (v = 0; v < in->nvfs; v++) {
		const struct audit_vf *vf = &in->vfs[v];

		if (vf->generation != IVT_GEN_UNFIXED)
			continue;
		fprintf(f, "%s: unfixed iavf VLAN state machine, link %s:", vf->dev,
			vf->link_unknown ? "changed" : vf->link_up ? "up" : "down");
		for (k = 0; k < sizeof(order); k++)
			fprintf(f, " %s %u", ivt_state_name(order[k]),
				r->vf[v].by_state[order[k]]);
		fputc('\n', f);
	}
}

void audit_print_text(FILE *f, const struct audit_input *in,
		      const struct audit_result *r)
{
	char pci[16];
	__u32 v, i;

	fprintf(f, "%-10s %-12s %7s %6s %6s %6s %6s %6s %6s %5s\n", "DEV", "PCI",
		"FILTERS", "ACTIVE", "ADD*", "REMOV*", "NUM", "VLANS", "LIMIT", "");
	for (v = 0; v < in->nvfs; v++) {
		const struct audit_vf *vf = &in->vfs[v];
		const struct audit_vf_summary *s = &r->vf[v];
		char lim[12];

		ivt_fmt_pci(vf->pci_id, pci, sizeof(pci));
		if (s->limit >= 0)
			snprintf(lim, sizeof(lim), "%d", s->limit);
		else
			snprintf(lim, sizeof(lim), "?");
		fprintf(f, "%-10s %-12s %7u %6u %6u %6u %6d %6u %6s%s%s\n",
			vf->dev, pci, vf->list_len,
			s->by_state[IAVF_VLAN_ABI_ACTIVE],
			s->by_state[IAVF_VLAN_ABI_ADD] + s->by_state[IAVF_VLAN_ABI_ADDING] +
			s->by_state[IAVF_VLAN_ABI_IS_NEW],
			s->by_state[IAVF_VLAN_ABI_REMOVE] + s->by_state[IAVF_VLAN_ABI_REMOVING],
			vf->num_vlan_filters, s->vlandevs, lim,
			vf->truncated ? " (truncated)" : "",
			vf->devs_unknown ? " (netns not scanned: leaks unknown)" : "");
	}
	print_generations(f, in, r);
	for (v = 0; v < in->nvfs; v++)
		if (r->vf[v].untrusted[0])
			fprintf(f, "%s: snapshot cannot be trusted: %s\n", in->vfs[v].dev,
				r->vf[v].untrusted);
	if (!r->nfindings) {
		fprintf(f, "\n%s\n", r->untrusted_vfs ? "no findings from the trusted snapshots" :
			"no findings");
		return;
	}
	fprintf(f, "\n%-10s %-10s %-5s %-7s %-9s %s\n", "FINDING", "DEV", "VID",
		"TPID", "STATE", "DETAIL");
	for (i = 0; i < r->nfindings; i++) {
		const struct audit_finding *x = &r->findings[i];
		char vid[8] = "-", tpid[8] = "-";

		if (x->vid || x->tpid) {
			snprintf(vid, sizeof(vid), "%u", x->vid);
			snprintf(tpid, sizeof(tpid), "0x%04x", x->tpid);
		}
		fprintf(f, "%-10s %-10s %-5s %-7s %-9s %s\n",
			audit_kind_name(x->kind), in->vfs[x->vf].dev, vid, tpid,
			x->kind == AUDIT_DRIFT || x->kind == AUDIT_OVER_LIMIT ?
				"-" : ivt_state_name(x->state),
			x->detail);
	}
}

/* One VF of the result, as its JSON object. */
static struct json_object *vf_json(const struct audit_input *in,
				   const struct audit_result *r, __u32 v)
{
	const struct audit_vf *vf = &in->vfs[v];
	struct json_object *j = json_object_new_object();
	struct json_object *st = json_object_new_object();
	char pci[16];
	__u32 k;

	ivt_fmt_pci(vf->pci_id, pci, sizeof(pci));
	json_object_object_add(j, "dev", json_object_new_string(vf->dev));
	json_object_object_add(j, "pci", json_object_new_string(pci));
	json_object_object_add(j, "ifindex", json_object_new_int(vf->ifindex));
	json_object_object_add(j, "netns", json_object_new_uint64(vf->netns));
	json_object_object_add(j, "list_len", json_object_new_int((int)vf->list_len));
	json_object_object_add(j, "num_vlan_filters", json_object_new_int(vf->num_vlan_filters));
	json_object_object_add(j, "truncated", json_object_new_boolean(vf->truncated));
	json_object_object_add(j, "netns_scanned", json_object_new_boolean(!vf->devs_unknown));
	json_object_object_add(j, "vlan_devices", json_object_new_int((int)r->vf[v].vlandevs));
	json_object_object_add(j, "limit", r->vf[v].limit >= 0 ?
			       json_object_new_int(r->vf[v].limit) : NULL);
	for (k = 1; k < IAVF_VLAN_ABI_NR_STATES; k++)
		if (ivt_gen_has_state(vf->generation, k))
			json_object_object_add(st, ivt_state_name(k),
					       json_object_new_int((int)r->vf[v].by_state[k]));
	json_object_object_add(j, "filters_by_state", st);
	json_object_object_add(j, "generation",
			       json_object_new_string(ivt_generation_name(vf->generation)));
	json_object_object_add(j, "link_up", vf->link_unknown ? NULL :
			       json_object_new_boolean(vf->link_up));
	json_object_object_add(j, "trusted", json_object_new_boolean(!r->vf[v].untrusted[0]));
	if (r->vf[v].untrusted[0])
		json_object_object_add(j, "untrusted",
				       json_object_new_string(r->vf[v].untrusted));
	return j;
}

/* One finding, as its JSON object. */
static struct json_object *finding_json(const struct audit_input *in,
					const struct audit_finding *x)
{
	struct json_object *j = json_object_new_object();
	char tpid[8];

	json_object_object_add(j, "kind", json_object_new_string(audit_kind_name(x->kind)));
	json_object_object_add(j, "dev", json_object_new_string(in->vfs[x->vf].dev));
	if (x->kind != AUDIT_DRIFT && x->kind != AUDIT_OVER_LIMIT) {
		json_object_object_add(j, "vid", json_object_new_int(x->vid));
		snprintf(tpid, sizeof(tpid), "0x%04x", x->tpid);
		json_object_object_add(j, "tpid", json_object_new_string(tpid));
		json_object_object_add(j, "state", json_object_new_string(ivt_state_name(x->state)));
		json_object_object_add(j, "age_ms", json_object_new_uint64(x->age_ms));
	}
	json_object_object_add(j, "detail", json_object_new_string(x->detail));
	return j;
}

struct json_object *audit_json(const struct audit_input *in,
			       const struct audit_result *r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *vfs = json_object_new_array();
	struct json_object *fs = json_object_new_array();
	struct json_object *counts = json_object_new_object();
	__u32 v, i, k;

	for (v = 0; v < in->nvfs; v++)
		json_object_array_add(vfs, vf_json(in, r, v));
	for (i = 0; i < r->nfindings; i++)
		json_object_array_add(fs, finding_json(in, &r->findings[i]));
	for (k = 0; k < AUDIT_NR_KINDS; k++)
		json_object_object_add(counts, audit_kind_name(k),
				       json_object_new_int((int)r->by_kind[k]));
	json_object_object_add(o, "vfs", vfs);
	json_object_object_add(o, "findings", fs);
	json_object_object_add(o, "counts", counts);
	json_object_object_add(o, "trusted", json_object_new_boolean(r->untrusted_vfs == 0));
	json_object_object_add(o, "clean", json_object_new_boolean(r->nfindings == 0 &&
								   r->untrusted_vfs == 0));
	return o;
}
