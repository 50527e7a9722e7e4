// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Which iavf VLAN filter state machine a driver has, read by NAME from its
 * module BTF (struct iavf_vlan_filter and enum iavf_vlan_state_t), never
 * from a kernel version. The BPF programs resolve the same names with CO-RE
 * at load time; this is the user-space side, which refuses the layouts the
 * programs cannot read and says which generation's rules apply.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include "ivt.h"

const char *ivt_generation_name(unsigned int gen)
{
	switch (gen) {
	case IVT_GEN_FIXED: return "fixed";
	case IVT_GEN_UNFIXED: return "unfixed";
	default: return "unknown";
	}
}

int ivt_parse_generation(const char *s, unsigned int *gen)
{
	if (!strcmp(s, "auto"))
		*gen = IVT_GEN_UNKNOWN;
	else if (!strcmp(s, "fixed"))
		*gen = IVT_GEN_FIXED;
	else if (!strcmp(s, "unfixed"))
		*gen = IVT_GEN_UNFIXED;
	else
		return -EINVAL;
	return 0;
}

/* The ABI states a generation's driver can be in (NONE aside). */
bool ivt_gen_has_state(unsigned int gen, unsigned int s)
{
	switch (gen) {
	case IVT_GEN_FIXED:
		return s >= IAVF_VLAN_ABI_ADD && s <= IAVF_VLAN_ABI_REMOVING;
	case IVT_GEN_UNFIXED:
		return s == IAVF_VLAN_ABI_ADD || s == IAVF_VLAN_ABI_IS_NEW ||
		       s == IAVF_VLAN_ABI_ACTIVE || s == IAVF_VLAN_ABI_DISABLE ||
		       s == IAVF_VLAN_ABI_INACTIVE || s == IAVF_VLAN_ABI_REMOVE;
	default:
		return s >= IAVF_VLAN_ABI_ADD && s < IAVF_VLAN_ABI_NR_STATES;
	}
}

/* Without BTF (raw_tp): the generation a traced state names, if any. */
unsigned int ivt_gen_of_state(unsigned int s)
{
	switch (s) {
	case IAVF_VLAN_ABI_ADDING:
	case IAVF_VLAN_ABI_REMOVING:
		return IVT_GEN_FIXED;
	case IAVF_VLAN_ABI_IS_NEW:
	case IAVF_VLAN_ABI_DISABLE:
	case IAVF_VLAN_ABI_INACTIVE:
		return IVT_GEN_UNFIXED;
	default:
		return IVT_GEN_UNKNOWN;
	}
}

/* Enumerator names (without IAVF_VLAN_) the programs know: the ABI's. */
static bool known_state_name(const char *n)
{
	static const char *const names[] = {
		"INVALID", "ADD", "ADDING", "IS_NEW", "ACTIVE", "DISABLE",
		"INACTIVE", "REMOVE", "REMOVING",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(n, names[i]))
			return true;
	return false;
}

static const struct btf_type *skip_mods(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_typedef(t) || btf_is_const(t) || btf_is_volatile(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

static const struct btf_member *find_member(const struct btf *btf,
					    const struct btf_type *st,
					    const char *name)
{
	const struct btf_member *m = btf_members(st);
	__u16 i;

	for (i = 0; i < btf_vlen(st); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), name))
			return m;
	return NULL;
}

/* enum iavf_vlan_state_t: list the names, decide the generation by them. */
static int gen_from_enum(const struct btf *btf, const struct btf_type *e,
			 struct ivt_gen_info *g)
{
	bool adding = false, removing = false, is_new = false;
	const struct btf_enum *v = btf_enum(e);
	size_t len = 0;
	__u16 i;

	for (i = 0; i < btf_vlen(e); i++, v++) {
		const char *n = btf__name_by_offset(btf, v->name_off);

		if (!strncmp(n, "IAVF_VLAN_", 10))
			n += 10;
		if (!known_state_name(n)) {
			snprintf(g->layout, sizeof(g->layout),
				 "enum iavf_vlan_state_t with an unknown state %s", n);
			return -EOPNOTSUPP;
		}
		adding |= !strcmp(n, "ADDING");
		removing |= !strcmp(n, "REMOVING");
		is_new |= !strcmp(n, "IS_NEW");
		if (len < sizeof(g->states))
			len += snprintf(g->states + len, sizeof(g->states) - len,
					"%s%s=%d", i ? " " : "", n, v->val);
	}
	if (adding && removing) {
		g->gen = IVT_GEN_FIXED;
		snprintf(g->layout, sizeof(g->layout), "enum iavf_vlan_state_t, fixed (ADDING/REMOVING)");
		return 0;
	}
	if (is_new) {
		g->gen = IVT_GEN_UNFIXED;
		snprintf(g->layout, sizeof(g->layout), "enum iavf_vlan_state_t, unfixed (IS_NEW/DISABLE/INACTIVE)");
		return 0;
	}
	snprintf(g->layout, sizeof(g->layout),
		 "enum iavf_vlan_state_t with neither ADDING/REMOVING nor IS_NEW");
	return -EOPNOTSUPP;
}

int ivt_gen_from_btf(const struct btf *btf, struct ivt_gen_info *g)
{
	const struct btf_member *state, *add, *rm, *is_new;
	const struct btf_type *st, *et;
	__s32 id;

	memset(g, 0, sizeof(*g));
	id = btf__find_by_name_kind(btf, "iavf_vlan_filter", BTF_KIND_STRUCT);
	if (id <= 0) {
		snprintf(g->layout, sizeof(g->layout), "no struct iavf_vlan_filter in the iavf BTF");
		return -ENOENT;
	}
	st = btf__type_by_id(btf, id);
	state = find_member(btf, st, "state");
	add = find_member(btf, st, "add");
	rm = find_member(btf, st, "remove");
	is_new = find_member(btf, st, "is_new_vlan");
	if (state) {
		et = skip_mods(btf, state->type);
		if (et && btf_is_enum(et))
			return gen_from_enum(btf, et, g);
		snprintf(g->layout, sizeof(g->layout), "struct iavf_vlan_filter with a non-enum state");
		return -EOPNOTSUPP;
	}
	if (add && rm && (is_new ||
			  btf_member_bitfield_size(st, (__u32)(add - btf_members(st)))))
		snprintf(g->layout, sizeof(g->layout),
			 "bitfields is_new_vlan:1, remove:1, add:1 (iavf of mid 2022)");
	else if (add && rm)
		snprintf(g->layout, sizeof(g->layout),
			 "bool add, remove (iavf <= 5.16, Intel's out-of-tree iavf)");
	else
		snprintf(g->layout, sizeof(g->layout),
			 "struct iavf_vlan_filter without a state field");
	return -EOPNOTSUPP;
}
