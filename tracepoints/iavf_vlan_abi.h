/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Numbering shared by the iavf VLAN tracepoints, BPF programs and user space.
 *
 * This header is self-contained (no includes) so that the kernel driver,
 * CO-RE BPF programs built against vmlinux.h and user-space tools can all
 * include it. Values are ABI: never renumber, only append.
 */
#ifndef _IAVF_VLAN_ABI_H_
#define _IAVF_VLAN_ABI_H_

/* Filter states. 0-5 are the values of the fixed driver's (6.3+ with the
 * "fix VLAN filter state machine races" series) enum iavf_vlan_state_t in
 * iavf.h. 6-8 are the states only the unfixed machine has (Debian 6.1.170:
 * INVALID, ADD, IS_NEW, ACTIVE, DISABLE, INACTIVE, REMOVE); a driver of that
 * generation maps its own values onto these names.
 * IAVF_VLAN_ABI_NONE (INVALID) stands for "no filter": old state of a
 * creation, new state of a free.
 */
enum iavf_vlan_abi_state {
	IAVF_VLAN_ABI_NONE = 0,
	IAVF_VLAN_ABI_ADD = 1,
	IAVF_VLAN_ABI_ADDING = 2,
	IAVF_VLAN_ABI_ACTIVE = 3,
	IAVF_VLAN_ABI_REMOVE = 4,
	IAVF_VLAN_ABI_REMOVING = 5,
	IAVF_VLAN_ABI_IS_NEW = 6,	/* unfixed: ADD sent, PF not yet answered */
	IAVF_VLAN_ABI_DISABLE = 7,	/* unfixed: link down, DEL to be sent */
	IAVF_VLAN_ABI_INACTIVE = 8,	/* unfixed: link down, PF has no filter */
	IAVF_VLAN_ABI_NR_STATES
};

/* One reason per transition site; the comment names the transition (T1-T14
 * of the fixed state machine, U1-U6 of the unfixed one) it stands for.
 */
enum iavf_vlan_reason {
	IAVF_VLAN_R_ADD_NEW = 1,	/* T1  new filter queued for ADD */
	IAVF_VLAN_R_ADD_CANCEL_DEL = 2,	/* T2  REMOVE -> ACTIVE, DEL not sent */
	IAVF_VLAN_R_ADD_REQUEUE = 3,	/* T3  REMOVING -> ADD, re-add after DEL */
	IAVF_VLAN_R_DEL_UNSENT = 4,	/* T4  ADD freed before it was sent */
	IAVF_VLAN_R_DEL_QUEUE = 5,	/* T5  queued for DEL */
	IAVF_VLAN_R_SEND_ADD_V1 = 6,	/* T6  ADD -> ADDING, VIRTCHNL_OP_ADD_VLAN */
	IAVF_VLAN_R_SEND_ADD_V2 = 7,	/* T6  ADD -> ADDING, ..._ADD_VLAN_V2 */
	IAVF_VLAN_R_DEL_NOFILTER = 8,	/* T7  REMOVE freed, filtering not allowed */
	IAVF_VLAN_R_SEND_DEL_V1 = 9,	/* T8  REMOVE -> REMOVING, ..._DEL_VLAN */
	IAVF_VLAN_R_SEND_DEL_V2 = 10,	/* T8  REMOVE -> REMOVING, ..._DEL_VLAN_V2 */
	IAVF_VLAN_R_ADD_ACK = 11,	/* T9  ADDING -> ACTIVE on PF success */
	IAVF_VLAN_R_ADD_REJECT = 12,	/* T10 ADDING freed on PF error (V2) */
	IAVF_VLAN_R_DEL_ACK = 13,	/* T11 REMOVING freed on PF success */
	IAVF_VLAN_R_DEL_REJECT = 14,	/* T11 REMOVING -> ACTIVE on PF error */
	IAVF_VLAN_R_RESET_RES = 15,	/* T12 -> ADD on GET_VF_RESOURCES reply */
	IAVF_VLAN_R_RESET_CAPS = 16,	/* T12 -> ADD on VLAN_V2_CAPS reply */
	IAVF_VLAN_R_DISABLE_VF = 17,	/* T13 freed, reset failed */
	IAVF_VLAN_R_DRIVER_REMOVE = 18,	/* T14 freed, driver unbind */
	/* Sites only the unfixed machine (Debian 6.1.170) has; its other
	 * transitions reuse the reasons above.
	 */
	IAVF_VLAN_R_ADD_READD = 19,	/* U1  REMOVE -> ADD, DEL not cancelled */
	IAVF_VLAN_R_DISABLE_DOWN = 20,	/* U2  any -> DISABLE on down */
	IAVF_VLAN_R_RESTORE_OPEN = 21,	/* U3  INACTIVE -> ADD on open */
	IAVF_VLAN_R_INACTIVE_NOFILTER = 22, /* U4 DISABLE -> INACTIVE, no DEL */
	IAVF_VLAN_R_INACTIVE_SEND_V1 = 23, /* U5 DISABLE -> INACTIVE, DEL sent */
	IAVF_VLAN_R_INACTIVE_SEND_V2 = 24, /* U5 same, ..._DEL_VLAN_V2 */
	IAVF_VLAN_R_DEL_SENT_FREE_V1 = 25, /* U6 REMOVE freed, DEL sent */
	IAVF_VLAN_R_DEL_SENT_FREE_V2 = 26, /* U6 same, ..._DEL_VLAN_V2 */
	/* Sites the fixes of kernel/fixes/ add to the fixed machine. */
	IAVF_VLAN_R_RESET_FREE_RES = 27, /* F1 REMOVE/REMOVING freed, VF resources */
	IAVF_VLAN_R_RESET_FREE_CAPS = 28, /* F1 same, VLAN_V2_CAPS reply */
	IAVF_VLAN_R_DEL_REJECT_FREE = 29, /* F2 REMOVING freed on PF error */
	IAVF_VLAN_R_DEL_RETRY = 30,	/* F2 REMOVING -> REMOVE, rejected DEL resent */
	IAVF_VLAN_R_NR_REASONS
};

/* VLAN virtchnl messages: direction of an iavf_vlan_vc event. */
enum iavf_vlan_vc_dir {
	IAVF_VC_DIR_SEND = 0,		/* VF -> PF request */
	IAVF_VC_DIR_REPLY = 1,		/* PF -> VF answer */
};

/* The VLAN virtchnl opcodes traced: values of enum virtchnl_ops. */
enum iavf_vlan_vc_op {
	IAVF_VC_OP_ADD_VLAN = 12,
	IAVF_VC_OP_DEL_VLAN = 13,
	IAVF_VC_OP_GET_OFFLOAD_VLAN_V2_CAPS = 51,
	IAVF_VC_OP_ADD_VLAN_V2 = 52,
	IAVF_VC_OP_DEL_VLAN_V2 = 53,
};

/* Phases of an iavf_updown event. */
enum iavf_updown_phase {
	IAVF_UPDOWN_DOWN_BEGIN = 0,	/* ndo_stop entered */
	IAVF_UPDOWN_DOWN_END = 1,	/* ndo_stop returns, queues disabled */
	IAVF_UPDOWN_UP_BEGIN = 2,	/* ndo_open entered */
	IAVF_UPDOWN_UP_END = 3,		/* ndo_open returns */
	IAVF_UPDOWN_RESET_BEGIN = 4,	/* reset task starts handling a reset */
	IAVF_UPDOWN_RESET_END = 5,	/* reset task done (status: 0 or -errno) */
	IAVF_UPDOWN_NR_PHASES
};

#endif /* _IAVF_VLAN_ABI_H_ */
