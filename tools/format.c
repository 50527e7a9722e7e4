// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* One ring-buffer record as a text line or a JSON object. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>
#include "ivt.h"
#include "format.h"

static void fmt_time(const struct ivt_fmt *f, __u64 ts_ns, char *buf, size_t len)
{
	if (f->wallclock) {
		__s64 real = (__s64)ts_ns + f->mono_to_real_ns;
		time_t sec = (time_t)(real / 1000000000LL);
		struct tm tm;
		size_t n;

		localtime_r(&sec, &tm);
		n = strftime(buf, len, "%H:%M:%S", &tm);
		snprintf(buf + n, len - n, ".%06lld",
			 (long long)((real % 1000000000LL) / 1000));
	} else {
		__u64 rel = ts_ns > f->start_ns ? ts_ns - f->start_ns : 0;

		snprintf(buf, len, "%12.6f", rel / 1e9);
	}
}

static void fmt_flags(__u8 flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s",
		 flags & IVT_F_UNKNOWN_PRIOR ? " [unknown-prior]" : "",
		 flags & IVT_F_OUT_OF_ORDER ? " [out-of-order]" : "",
		 flags & IVT_F_DUPLICATE ? " [duplicate]" : "");
}

/* The record's device name from the per-VF map ("" if unknown). The BPF
 * side writes the name before it submits the record, so it is there.
 */
static const char *event_dev(const struct ivt_event *e, struct ivt_fmt *f)
{
	const char *dev = ivt_names_get(&f->names, ivt_dev_id(e->pci_id, e->ifindex),
					e->ifindex);

	return dev ? dev : "";
}

int ivt_format_event(const struct ivt_event *e, struct ivt_fmt *f,
		     char *buf, size_t len)
{
	char t[32], pci[16], fl[64], dev[IVT_DEV_LEN + 1];

	fmt_time(f, e->ts_ns, t, sizeof(t));
	ivt_fmt_pci(e->pci_id, pci, sizeof(pci));
	snprintf(dev, sizeof(dev), "%s", event_dev(e, f));
	if (!dev[0])
		snprintf(dev, sizeof(dev), "if%d", e->ifindex);

	switch (e->type) {
	case IVT_EV_STATE:
		fmt_flags(e->state.flags, fl, sizeof(fl));
		return snprintf(buf, len,
				"%s %-10s %-12s vid %-4u %-8s -> %-8s %-14s filters %u%s",
				t, dev, pci, e->state.vid,
				ivt_state_name(e->state.old_state),
				ivt_state_name(e->state.new_state),
				ivt_reason_name(e->state.reason),
				e->state.num_vlan_filters, fl);
	case IVT_EV_VC: {
		char res[32] = "";

		if (e->vc.dir == IAVF_VC_DIR_REPLY)
			snprintf(res, sizeof(res), e->vc.v_retval ? " FAILED v_retval %d" : " ok",
				 e->vc.v_retval);
		return snprintf(buf, len, "%s %-10s %-12s vc  %-5s %-12s num %u%s%s",
				t, dev, pci,
				e->vc.dir == IAVF_VC_DIR_SEND ? "send" : "reply",
				ivt_vc_op_name(e->vc.op), e->vc.num,
				e->vc.more ? " more" : "", res);
	}
	case IVT_EV_UPDOWN:
		return snprintf(buf, len, "%s %-10s %-12s %-11s status %d filters %u",
				t, dev, pci, ivt_phase_name(e->updown.phase),
				e->updown.status, e->updown.num_vlan_filters);
	default:
		return snprintf(buf, len, "%s unknown event type %u", t, e->type);
	}
}

/* The fields of a state record. */
static void state_json(const struct ivt_event *e, struct json_object *o)
{
	struct json_object *fl = json_object_new_array();
	char tpid[8];

	json_object_object_add(o, "event", json_object_new_string("state"));
	json_object_object_add(o, "vid", json_object_new_int(e->state.vid));
	snprintf(tpid, sizeof(tpid), "0x%04x", e->state.tpid);
	json_object_object_add(o, "tpid", json_object_new_string(tpid));
	json_object_object_add(o, "old", json_object_new_string(ivt_state_name(e->state.old_state)));
	json_object_object_add(o, "new", json_object_new_string(ivt_state_name(e->state.new_state)));
	json_object_object_add(o, "reason", json_object_new_string(ivt_reason_name(e->state.reason)));
	json_object_object_add(o, "num_vlan_filters", json_object_new_int(e->state.num_vlan_filters));
	json_object_object_add(o, "in_old_state_ns", json_object_new_uint64(e->delta_ns));
	if (e->state.flags & IVT_F_UNKNOWN_PRIOR)
		json_object_array_add(fl, json_object_new_string("unknown_prior"));
	if (e->state.flags & IVT_F_OUT_OF_ORDER)
		json_object_array_add(fl, json_object_new_string("out_of_order"));
	if (e->state.flags & IVT_F_DUPLICATE)
		json_object_array_add(fl, json_object_new_string("duplicate"));
	json_object_object_add(o, "flags", fl);
}

struct json_object *ivt_event_json(const struct ivt_event *e,
				   struct ivt_fmt *f)
{
	struct json_object *o = json_object_new_object();
	char pci[16], t[32], dev[IVT_DEV_LEN + 1];

	if (!o)
		return NULL;
	ivt_fmt_pci(e->pci_id, pci, sizeof(pci));
	snprintf(dev, sizeof(dev), "%s", event_dev(e, f));
	json_object_object_add(o, "ts_ns", json_object_new_uint64(e->ts_ns));
	if (f->wallclock) {
		fmt_time(f, e->ts_ns, t, sizeof(t));
		json_object_object_add(o, "time", json_object_new_string(t));
	}
	json_object_object_add(o, "dev", json_object_new_string(dev));
	json_object_object_add(o, "pci", json_object_new_string(pci));
	json_object_object_add(o, "ifindex", json_object_new_int(e->ifindex));
	json_object_object_add(o, "netns", json_object_new_uint64(e->netns));

	switch (e->type) {
	case IVT_EV_STATE:
		state_json(e, o);
		break;
	case IVT_EV_VC:
		json_object_object_add(o, "event", json_object_new_string("vc"));
		json_object_object_add(o, "dir", json_object_new_string(
			e->vc.dir == IAVF_VC_DIR_SEND ? "send" : "reply"));
		json_object_object_add(o, "op", json_object_new_string(ivt_vc_op_name(e->vc.op)));
		json_object_object_add(o, "opcode", json_object_new_int((int)e->vc.op));
		json_object_object_add(o, "num", json_object_new_int(e->vc.num));
		json_object_object_add(o, "more", json_object_new_boolean(e->vc.more));
		json_object_object_add(o, "v_retval", json_object_new_int(e->vc.v_retval));
		break;
	case IVT_EV_UPDOWN:
		json_object_object_add(o, "event", json_object_new_string("updown"));
		json_object_object_add(o, "phase", json_object_new_string(ivt_phase_name(e->updown.phase)));
		json_object_object_add(o, "status", json_object_new_int(e->updown.status));
		json_object_object_add(o, "num_vlan_filters", json_object_new_int(e->updown.num_vlan_filters));
		break;
	default:
		json_object_object_add(o, "event", json_object_new_string("unknown"));
		break;
	}
	return o;
}

void ivt_fmt_init(struct ivt_fmt *f, bool wallclock, int vfs_fd)
{
	struct timespec mono, real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	memset(f, 0, sizeof(*f));
	ivt_names_init(&f->names, vfs_fd);
	f->wallclock = wallclock;
	f->start_ns = (__u64)mono.tv_sec * 1000000000ULL + mono.tv_nsec;
	f->mono_to_real_ns = ((__s64)real.tv_sec - mono.tv_sec) * 1000000000LL +
			     ((__s64)real.tv_nsec - mono.tv_nsec);
}
