/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Synthetic iavf module BTF for the tests: struct iavf_vlan_filter in one
 * of the upstream layouts, plus the functions the loader probes for.
 * Types are appended to @btf (empty, or split on a vmlinux BTF).
 */
#ifndef IVT_SYNTH_BTF_H
#define IVT_SYNTH_BTF_H

#include <string.h>
#include <bpf/btf.h>

enum synth_layout {
	SYNTH_BOOL,	/* list, vlan, bool remove, bool add (<= 5.16) */
	SYNTH_BITFIELD,	/* list, vlan, u8 is_new_vlan:1, remove:1, add:1 (mid 2022) */
	SYNTH_UNFIXED,	/* list, vlan, enum with IS_NEW/DISABLE/INACTIVE */
	SYNTH_FIXED,	/* list, vlan, enum with ADDING/REMOVING */
	SYNTH_UNKNOWN_STATE, /* fixed enum plus a state nobody knows */
};

static inline int synth_enum(struct btf *b, enum synth_layout l)
{
	static const char *const unfixed[] = { "INVALID", "ADD", "IS_NEW", "ACTIVE",
					       "DISABLE", "INACTIVE", "REMOVE", NULL };
	static const char *const fixed[] = { "INVALID", "ADD", "ADDING", "ACTIVE",
					     "REMOVE", "REMOVING", "PARKED", NULL };
	const char *const *n = l == SYNTH_UNFIXED ? unfixed : fixed;
	char name[64];
	int id = btf__add_enum(b, "iavf_vlan_state_t", 4), i;

	for (i = 0; id > 0 && n[i]; i++) {
		if (l == SYNTH_FIXED && !strcmp(n[i], "PARKED"))
			break;
		snprintf(name, sizeof(name), "IAVF_VLAN_%s", n[i]);
		if (btf__add_enum_value(b, name, i))
			return -1;
	}
	return id;
}

/* Returns 0 or -1. */
static inline int synth_iavf_btf(struct btf *b, enum synth_layout l)
{
	int u8_id, u16_id, int_id, ptr_id, lh, vlan, en = 0, st, proto;

	u8_id = btf__add_int(b, "u8___synth", 1, 0);
	u16_id = btf__add_int(b, "u16___synth", 2, 0);
	int_id = btf__add_int(b, "int___synth", 4, BTF_INT_SIGNED);
	/* fields go to the type added last: the pointer comes after */
	lh = btf__add_struct(b, "list_head___synth", 16);
	if (u8_id < 0 || u16_id < 0 || int_id < 0 || lh < 0 ||
	    btf__add_field(b, "next", lh + 1, 0, 0) ||
	    btf__add_field(b, "prev", lh + 1, 64, 0))
		return -1;
	ptr_id = btf__add_ptr(b, lh);
	if (ptr_id != lh + 1)
		return -1;
	vlan = btf__add_struct(b, "iavf_vlan", 4);
	if (vlan < 0 || btf__add_field(b, "vid", u16_id, 0, 0) ||
	    btf__add_field(b, "tpid", u16_id, 16, 0))
		return -1;
	if (l != SYNTH_BOOL && l != SYNTH_BITFIELD)
		en = synth_enum(b, l);
	if (en < 0)
		return -1;
	st = btf__add_struct(b, "iavf_vlan_filter", 24);
	if (st < 0 || btf__add_field(b, "list", lh, 0, 0) ||
	    btf__add_field(b, "vlan", vlan, 128, 0))
		return -1;
	switch (l) {
	case SYNTH_BOOL:
		if (btf__add_field(b, "remove", u8_id, 160, 0) ||
		    btf__add_field(b, "add", u8_id, 168, 0))
			return -1;
		break;
	case SYNTH_BITFIELD:
		if (btf__add_field(b, "is_new_vlan", u8_id, 160, 1) ||
		    btf__add_field(b, "remove", u8_id, 161, 1) ||
		    btf__add_field(b, "add", u8_id, 162, 1))
			return -1;
		break;
	default:
		if (btf__add_field(b, "state", en, 160, 0))
			return -1;
		break;
	}
	proto = btf__add_func_proto(b, int_id);
	if (proto < 0 ||
	    btf__add_func(b, "iavf_watchdog_task", BTF_FUNC_STATIC, proto) < 0 ||
	    btf__add_func(b, "iavf_vlan_rx_add_vid", BTF_FUNC_STATIC, proto) < 0)
		return -1;
	return 0;
}

#endif /* IVT_SYNTH_BTF_H */
