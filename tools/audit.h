/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The audit as a pure function over three views, so tests can feed it
 * directly: the driver's filter lists (one per VF), the VLAN devices found
 * in every network namespace, and the PF limit.
 */
#ifndef IVT_AUDIT_H
#define IVT_AUDIT_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>
#include "iavf_vlantrace.h"

struct json_object;

struct audit_filter {
	__u16 vid;
	__u16 tpid;
	__u8 state;		/* enum iavf_vlan_abi_state, IVT_STATE_UNMAPPED */
	__u64 age_ms;		/* time in this state, as far as we know */
	__u8 raw_state;		/* the driver's own value (walker view) */
};

/* View 1: the driver's list of one VF (plus what it says of its limit). */
struct audit_vf {
	__u32 pci_id;
	__s32 ifindex;
	__u32 netns;		/* inode of the VF's netns */
	char dev[16];
	__s32 num_vlan_filters;	/* adapter->num_vlan_filters */
	__u32 list_len;		/* entries walked */
	bool truncated;		/* walk bound hit: list_len is a lower bound */
	__u32 max_filters;	/* view 3: V2 caps max_filters, 0 unknown */
	bool vlan_v1;		/* V1 VLAN: the driver imposes no limit */
	bool devs_unknown;	/* its netns could not be scanned: no view 2 */
	__u32 generation;	/* enum ivt_generation: which rules apply */
	bool link_up;		/* IFF_UP when the list was read */
	bool link_unknown;	/* IFF_UP changed since: DISABLE/INACTIVE undecidable */
	const struct audit_filter *filters;
	__u32 nfilters;
};

/* View 2: a VLAN (8021q) device, with its lower device resolved. */
struct audit_vlandev {
	__u32 netns;
	char name[16];
	__s32 ifindex;
	__u32 lower_netns;
	__s32 lower_ifindex;
	__u16 vid;
	__u16 tpid;		/* host order, 0x8100 / 0x88a8 */
};

struct audit_input {
	const struct audit_vf *vfs;
	__u32 nvfs;
	const struct audit_vlandev *devs;
	__u32 ndevs;
	int pf_limit;		/* view 3 override; -1: from the driver */
	__u64 stuck_ms;		/* transitional state older than this: stuck */
};

enum audit_kind {
	AUDIT_LEAKED = 0,	/* filter held, no VLAN device uses it */
	AUDIT_LOST,		/* VLAN device whose filter is not on the PF */
	AUDIT_STUCK,		/* on its way to/from the PF too long */
	AUDIT_DRIFT,		/* num_vlan_filters != list length */
	AUDIT_OVER_LIMIT,	/* more filters or VLAN devices than the limit */
	AUDIT_NR_KINDS
};

struct audit_finding {
	enum audit_kind kind;
	__u32 vf;		/* index into audit_input.vfs */
	__u16 vid;
	__u16 tpid;
	__u8 state;		/* filter state, NONE if absent */
	__u64 age_ms;
	char detail[160];
};

struct audit_vf_summary {
	__u32 by_state[IAVF_VLAN_ABI_NR_STATES];	/* filters per state */
	__u32 vlandevs;		/* VLAN devices on top of this VF */
	int limit;		/* effective limit, -1 unknown */
	char untrusted[128];	/* why this VF's snapshot cannot be trusted, "" */
};

struct audit_result {
	struct audit_finding *findings;
	__u32 nfindings;
	__u32 by_kind[AUDIT_NR_KINDS];
	struct audit_vf_summary *vf;	/* nvfs entries */
	__u32 nvfs;
	__u32 unmatched_devs;	/* VLAN devices on non-iavf lowers: ignored */
	__u32 blind_vfs;	/* VFs in a namespace that was not scanned */
	__u32 untrusted_vfs;	/* VFs whose snapshot cannot be trusted */
};

/* Where a filter stands against the PF's limit, by the driver's rules. */
enum audit_pf_slot {
	AUDIT_SLOT_HELD = 0,	/* on the PF: uses one of its slots */
	AUDIT_SLOT_RELEASING,	/* DEL queued or sent: still uses one */
	AUDIT_SLOT_PENDING,	/* ADD queued or sent: needs one */
	AUDIT_SLOT_NONE,	/* off the PF (unfixed DISABLE/INACTIVE) */
	AUDIT_SLOT_FREE,	/* VID 0: not sent to the PF */
};

enum audit_pf_slot audit_pf_slot(const struct audit_vf *vf, const struct audit_filter *f);
int audit_compute(const struct audit_input *in, struct audit_result *out);
void audit_result_free(struct audit_result *r);
const char *audit_kind_name(enum audit_kind k);

void audit_print_text(FILE *f, const struct audit_input *in,
		      const struct audit_result *r);
struct json_object *audit_json(const struct audit_input *in,
			       const struct audit_result *r);
/* What the Prometheus file says about the run itself. */
struct audit_prom_run {
	double unix_time_s;	/* when the audit ran */
	__u64 audits;		/* audits by this process (--watch: more than 1) */
};

/* audit_prom.c: temp file in the same directory, renamed into place. */
/* audit_filters.c: the per-filter view (audit --filters). */
void audit_filters_text(FILE *f, const struct audit_input *in,
			const struct audit_result *r);
struct json_object *audit_filters_json(const struct audit_input *in,
				       const struct audit_result *r, __u32 vf);

int audit_write_prometheus(const char *path, const struct audit_input *in,
			   const struct audit_result *r,
			   const struct audit_prom_run *run);

#endif /* IVT_AUDIT_H */
