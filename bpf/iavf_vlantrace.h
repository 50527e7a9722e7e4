/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Records and map layouts shared by iavf_vlantrace.bpf.c and user space.
 * Fixed-width types only: this file is included both after vmlinux.h (BPF)
 * and after <linux/types.h> (user space).
 */
#ifndef IAVF_VLANTRACE_H
#define IAVF_VLANTRACE_H

#include "iavf_vlan_abi.h"

#define IVT_DEV_LEN		16	/* IFNAMSIZ */
#define IVT_HIST_SLOTS		32	/* log2(usecs) buckets */
#define IVT_MAX_VFS		256
#define IVT_MAX_FILTERS		16384	/* driver snapshot: 4094 VIDs x 2 TPIDs x a few VFs */
#define IVT_WALK_MAX		4200	/* list walk bound: > 4094 VIDs */
#define IVT_PEND_MAX		1024	/* fentry mode: filters not settled, all VFs */
#define IVT_WATCHDOG_WALK_NS	1000000000ULL	/* fentry: watchdog walks, at most 1/s */

/* Reason code used by the fentry mode, which infers transitions from list
 * snapshots and so cannot name the driver site.
 */
#define IVT_REASON_INFERRED	0

/* Which VLAN filter state machine the driver has, resolved by enumerator
 * name from the iavf module BTF (never from a kernel version).
 */
enum ivt_generation {
	IVT_GEN_UNKNOWN = 0,	/* no BTF / not resolved */
	IVT_GEN_FIXED = 1,	/* INVALID ADD ADDING ACTIVE REMOVE REMOVING */
	IVT_GEN_UNFIXED = 2,	/* INVALID ADD IS_NEW ACTIVE DISABLE INACTIVE REMOVE */
};

/* The list walker's state for a driver value that has no known name: the
 * snapshot holding it cannot be trusted (raw value kept next to it).
 */
#define IVT_STATE_UNMAPPED	0xff

/* Filled by the raw_tp/ivt_core_probe test program: what CO-RE resolved
 * against the BTF the object was loaded with (unit tests only).
 */
#define IVT_CORE_MAP_N		8
struct ivt_core_info {
	__u32 generation;		/* enum ivt_generation */
	__u32 has_state;		/* struct iavf_vlan_filter has `state` */
	__u32 abi_of[IVT_CORE_MAP_N];	/* driver value -> ABI state */
	__u32 adapter_size;
	__u32 off_vlan_filter_list;
	__u32 off_num_vlan_filters;
	__u32 off_vlan_v2_caps;
	__u32 off_watchdog_task;
	__u32 filter_size;
	__u32 off_filter_vlan;
	__u32 off_filter_state;
	__u32 runs;
};

/* What the raw_tp/ivt_walk_probe test program runs (unit tests only). */
enum ivt_walk_probe {
	IVT_PROBE_WALK = 0,	/* the touch, then a whole walk */
	IVT_PROBE_TOUCH = 1,	/* the touch alone (add/kill_vid) */
	IVT_PROBE_VISIT = 2,	/* the visit of the pending set alone */
};

/* Kinds of ring-buffer records. */
enum ivt_event_type {
	IVT_EV_STATE = 1,	/* iavf_vlan_state */
	IVT_EV_VC = 2,		/* iavf_vlan_vc */
	IVT_EV_UPDOWN = 3,	/* iavf_updown */
};

/* Flags on a state record: what the handler noticed about the sequence. */
enum ivt_state_flags {
	IVT_F_UNKNOWN_PRIOR = 1 << 0,	/* no record of the filter, old != NONE */
	IVT_F_OUT_OF_ORDER = 1 << 1,	/* old != state we last recorded */
	IVT_F_DUPLICATE = 1 << 2,	/* same transition as the last one */
};

struct ivt_event {
	__u64 ts_ns;		/* bpf_ktime_get_ns() */
	__u64 delta_ns;		/* state: time spent in old state, 0 unknown */
	__u32 type;		/* enum ivt_event_type */
	__u32 pci_id;
	__s32 ifindex;
	__u32 netns;
	/* No device name: the per-VF map (`vfs`, key dev_id) holds it, read
	 * once per VF and again when its ifindex or netns changes; consumers
	 * join on dev_id. 48 bytes + the 8-byte ring header = one cache line.
	 */
	union {
		struct {
			__u16 vid;
			__u16 tpid;
			__u8 old_state;
			__u8 new_state;
			__u8 reason;
			__u8 flags;	/* enum ivt_state_flags */
			__u16 num_vlan_filters;
			__s32 stack_id;	/* monitor --stack: in `stacks`; <0 none */
		} state;
		struct {
			__u32 op;
			__s32 v_retval;
			__u16 num;
			__u8 dir;
			__u8 more;
		} vc;
		struct {
			__s32 status;
			__u16 num_vlan_filters;
			__u8 phase;
		} updown;
	};
};

/* monitor --stack: frames kept per kernel stack (`stacks` map). */
#define IVT_STACK_DEPTH		48

/* Per-filter key: dev_id is the PCI id, or IVT_DEV_IFINDEX | ifindex when
 * the event carries no PCI id (pci_id 0 is not a VF).
 */
#define IVT_DEV_IFINDEX		0x80000000u

/* A VF's key in every map (dev_id), derived here only, by the BPF
 * handlers and by user space alike.
 */
static inline __u32 ivt_dev_id(__u32 pci_id, __s32 ifindex)
{
	return pci_id ? pci_id : (IVT_DEV_IFINDEX | (__u32)ifindex);
}

struct ivt_filter_key {
	__u32 dev_id;
	__u16 vid;
	__u16 tpid;
};

/* The traced filters live in an array indexed by (VF slot, TPID, VID):
 * one cache line per event and no hashing, where a hash of 4094 cold
 * entries cost two misses. A VF gets its slot (1..IVT_FILTER_SLOTS, kept
 * in its `vfs` entry) when first seen; 802.1Q and 802.1ad only (iavf
 * filters no other TPID). An entry is present while last_ts != 0.
 */
#define IVT_FILTER_SLOTS	16
#define IVT_VID_N		4096
#define IVT_FILTER_ENTRIES	(IVT_FILTER_SLOTS * 2 * IVT_VID_N)

static inline int ivt_tpid_index(__u16 tpid)
{
	return tpid == 0x8100 ? 0 : tpid == 0x88a8 ? 1 : -1;
}

/* slot 1..IVT_FILTER_SLOTS, tpid_index 0/1 */
static inline __u32 ivt_filter_index(__u32 slot, int tpid_index, __u16 vid)
{
	return ((slot - 1) * 2 + (__u32)tpid_index) * IVT_VID_N + (vid & (IVT_VID_N - 1));
}

struct ivt_filter_val {
	__u64 last_ts;		/* time of the last transition */
	__u64 add_ts;		/* when it entered ADD, 0 if not pending */
	__u32 transitions;
	__s32 ifindex;
	__u32 netns;
	__u8 state;		/* enum iavf_vlan_abi_state */
	__u8 last_old;
	__u8 last_reason;
	__u8 pad;
};

/* Per-VF bookkeeping for the latency histograms. */
#define IVT_VC_OPS		5	/* index of the ops in enum iavf_vlan_vc_op */

struct ivt_vf_val {
	__u64 down_ts;
	__u64 up_ts;		/* UP_BEGIN, cleared once all filters ACTIVE */
	__u64 reset_ts;
	__u64 vc_send_ts[IVT_VC_OPS];
	__s32 pending;		/* filters known to be in a non-ACTIVE state */
	__u32 netns;
	__u32 up_ended;		/* UP_END seen, waiting for pending == 0 */
	__s32 ifindex;		/* the ifindex the name was read for */
	char dev[IVT_DEV_LEN];	/* name; records carry none (join on dev_id) */
	__u32 slot;		/* its part of the `filters` array, 0: none */
	__u32 pad;
};

enum ivt_hist_kind {
	IVT_H_DOWN = 0,		/* DOWN_BEGIN -> DOWN_END */
	IVT_H_UP = 1,		/* UP_BEGIN -> every known filter ACTIVE */
	IVT_H_PF_RTT = 2,	/* VC send -> reply, per op */
	IVT_H_ADD_ACTIVE = 3,	/* filter ADD -> ACTIVE */
	IVT_H_RESET = 4,	/* RESET_BEGIN -> RESET_END */
	IVT_H_NR_KINDS
};

struct ivt_hist_key {
	__u32 dev_id;
	__u16 kind;		/* enum ivt_hist_kind */
	__u16 op;		/* vc op for IVT_H_PF_RTT, else 0 */
};

struct ivt_hist {
	__u32 slots[IVT_HIST_SLOTS];
	__u64 count;
	__u64 sum_us;
};

/* Counters in the per-CPU stats array. */
enum ivt_stat {
	IVT_S_STATE = 0,	/* state events seen (after filters) */
	IVT_S_VC,
	IVT_S_UPDOWN,
	IVT_S_LOST,		/* ring buffer full: record dropped */
	IVT_S_UNKNOWN_PRIOR,
	IVT_S_OUT_OF_ORDER,
	IVT_S_DUPLICATE,
	IVT_S_FILTERED,		/* dropped by the const volatile filters */
	IVT_S_MAP_FULL,		/* filter or VF map update failed */
	IVT_S_SNAPSHOTS,	/* driver list walks */
	IVT_S_WALK_TRUNC,	/* a list walk hit IVT_WALK_MAX */
	IVT_S_PEND_VISITS,	/* fentry mode: visits of the unsettled filters
				 * only, in place of a list walk */
	IVT_S_NR
};

/* The driver's own view, written by the list walker. */
struct ivt_snap_key {
	__u32 dev_id;
	__u16 vid;
	__u16 tpid;
};

struct ivt_snap_val {
	__u64 since_ns;		/* first walk that saw it in this state */
	__u64 gen;		/* walk generation of the VF that last saw it */
	__u8 state;		/* ABI state, IVT_STATE_UNMAPPED: no known name */
	__u8 raw_state;		/* the driver's own value */
	__u8 pad[6];
	__u64 addr;		/* the struct iavf_vlan_filter last seen (fentry
				 * mode reads it again, checked, per add/kill) */
};

struct ivt_snap_vf {
	__u64 gen;		/* incremented per walk */
	__u64 ts_ns;		/* time of the last walk */
	__u32 pci_id;
	__s32 ifindex;
	__u32 netns;
	__u32 list_len;
	__s32 num_vlan_filters;
	__u32 max_filters;	/* V2 caps max_filters, 0 unknown */
	__u32 cap_flags;	/* vf_res->vf_cap_flags */
	__u32 truncated;
	char dev[IVT_DEV_LEN];
	__u32 if_flags;		/* netdev->flags at the walk (IFF_UP) */
	__u32 generation;	/* enum ivt_generation the walker resolved */
	__u32 pend_lost;	/* the pending set overflowed: walk next time */
};

#endif /* IAVF_VLANTRACE_H */
