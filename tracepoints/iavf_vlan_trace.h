/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Tracepoints for the iavf VLAN filter state machine, the VLAN virtchnl
 * messages exchanged with the PF, and interface down/up and reset episodes.
 *
 * Every argument is a scalar except the device name, so that BPF programs
 * can be driven with synthetic arguments (raw_tp programs read them by
 * position; the BPF_PROG_TEST_RUN tests pass them), not with a driver
 * structure; the recorded fields are scalars and a string. The numbering
 * lives in iavf_vlan_abi.h.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM iavf

#if !defined(_IAVF_VLAN_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _IAVF_VLAN_TRACE_H_

#include <linux/trace_events.h>
#include <linux/tracepoint.h>
#include "iavf_vlan_abi.h"

/* Since 6.10 __assign_str() takes the field only; EVENT_NULL_STR came with
 * that change. The unfixed 6.1 driver's kernels still pass the source.
 */
#ifdef EVENT_NULL_STR
#define iavf_vlan_assign_dev()	__assign_str(dev)
#else
#define iavf_vlan_assign_dev()	__assign_str(dev, dev)
#endif

TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_NONE);
TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_ADD);
TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_ADDING);
TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_ACTIVE);
TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_REMOVE);
TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_REMOVING);
TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_IS_NEW);
TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_DISABLE);
TRACE_DEFINE_ENUM(IAVF_VLAN_ABI_INACTIVE);

#define show_iavf_vlan_state(s)					\
	__print_symbolic(s,						\
		{ IAVF_VLAN_ABI_NONE,		"NONE" },		\
		{ IAVF_VLAN_ABI_ADD,		"ADD" },		\
		{ IAVF_VLAN_ABI_ADDING,		"ADDING" },		\
		{ IAVF_VLAN_ABI_ACTIVE,		"ACTIVE" },		\
		{ IAVF_VLAN_ABI_REMOVE,		"REMOVE" },		\
		{ IAVF_VLAN_ABI_REMOVING,	"REMOVING" },		\
		{ IAVF_VLAN_ABI_IS_NEW,		"IS_NEW" },		\
		{ IAVF_VLAN_ABI_DISABLE,	"DISABLE" },		\
		{ IAVF_VLAN_ABI_INACTIVE,	"INACTIVE" })

TRACE_DEFINE_ENUM(IAVF_VLAN_R_ADD_NEW);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_ADD_CANCEL_DEL);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_ADD_REQUEUE);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_UNSENT);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_QUEUE);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_SEND_ADD_V1);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_SEND_ADD_V2);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_NOFILTER);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_SEND_DEL_V1);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_SEND_DEL_V2);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_ADD_ACK);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_ADD_REJECT);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_ACK);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_REJECT);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_RESET_RES);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_RESET_CAPS);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DISABLE_VF);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DRIVER_REMOVE);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_ADD_READD);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DISABLE_DOWN);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_RESTORE_OPEN);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_INACTIVE_NOFILTER);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_INACTIVE_SEND_V1);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_INACTIVE_SEND_V2);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_SENT_FREE_V1);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_SENT_FREE_V2);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_RESET_FREE_RES);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_RESET_FREE_CAPS);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_REJECT_FREE);
TRACE_DEFINE_ENUM(IAVF_VLAN_R_DEL_RETRY);

#define show_iavf_vlan_reason(r)					\
	__print_symbolic(r,						\
		{ IAVF_VLAN_R_ADD_NEW,		"add_new" },		\
		{ IAVF_VLAN_R_ADD_CANCEL_DEL,	"add_cancel_del" },	\
		{ IAVF_VLAN_R_ADD_REQUEUE,	"add_requeue" },	\
		{ IAVF_VLAN_R_DEL_UNSENT,	"del_unsent" },		\
		{ IAVF_VLAN_R_DEL_QUEUE,	"del_queue" },		\
		{ IAVF_VLAN_R_SEND_ADD_V1,	"send_add_v1" },	\
		{ IAVF_VLAN_R_SEND_ADD_V2,	"send_add_v2" },	\
		{ IAVF_VLAN_R_DEL_NOFILTER,	"del_nofilter" },	\
		{ IAVF_VLAN_R_SEND_DEL_V1,	"send_del_v1" },	\
		{ IAVF_VLAN_R_SEND_DEL_V2,	"send_del_v2" },	\
		{ IAVF_VLAN_R_ADD_ACK,		"add_ack" },		\
		{ IAVF_VLAN_R_ADD_REJECT,	"add_reject" },		\
		{ IAVF_VLAN_R_DEL_ACK,		"del_ack" },		\
		{ IAVF_VLAN_R_DEL_REJECT,	"del_reject" },		\
		{ IAVF_VLAN_R_RESET_RES,	"reset_res" },		\
		{ IAVF_VLAN_R_RESET_CAPS,	"reset_caps" },		\
		{ IAVF_VLAN_R_DISABLE_VF,	"disable_vf" },		\
		{ IAVF_VLAN_R_DRIVER_REMOVE,	"driver_remove" },	\
		{ IAVF_VLAN_R_ADD_READD,	"add_readd" },		\
		{ IAVF_VLAN_R_DISABLE_DOWN,	"disable_down" },	\
		{ IAVF_VLAN_R_RESTORE_OPEN,	"restore_open" },	\
		{ IAVF_VLAN_R_INACTIVE_NOFILTER, "inactive_nofilter" },	\
		{ IAVF_VLAN_R_INACTIVE_SEND_V1,	"inactive_send_v1" },	\
		{ IAVF_VLAN_R_INACTIVE_SEND_V2,	"inactive_send_v2" },	\
		{ IAVF_VLAN_R_DEL_SENT_FREE_V1,	"del_sent_free_v1" },	\
		{ IAVF_VLAN_R_DEL_SENT_FREE_V2,	"del_sent_free_v2" },	\
		{ IAVF_VLAN_R_RESET_FREE_RES,	"reset_free_res" },	\
		{ IAVF_VLAN_R_RESET_FREE_CAPS,	"reset_free_caps" },	\
		{ IAVF_VLAN_R_DEL_REJECT_FREE,	"del_reject_free" },	\
		{ IAVF_VLAN_R_DEL_RETRY,	"del_retry" })

TRACE_DEFINE_ENUM(IAVF_VC_OP_ADD_VLAN);
TRACE_DEFINE_ENUM(IAVF_VC_OP_DEL_VLAN);
TRACE_DEFINE_ENUM(IAVF_VC_OP_GET_OFFLOAD_VLAN_V2_CAPS);
TRACE_DEFINE_ENUM(IAVF_VC_OP_ADD_VLAN_V2);
TRACE_DEFINE_ENUM(IAVF_VC_OP_DEL_VLAN_V2);

#define show_iavf_vlan_vc_op(o)					\
	__print_symbolic(o,						\
		{ IAVF_VC_OP_ADD_VLAN,		"ADD_VLAN" },		\
		{ IAVF_VC_OP_DEL_VLAN,		"DEL_VLAN" },		\
		{ IAVF_VC_OP_GET_OFFLOAD_VLAN_V2_CAPS, "VLAN_V2_CAPS" },	\
		{ IAVF_VC_OP_ADD_VLAN_V2,	"ADD_VLAN_V2" },	\
		{ IAVF_VC_OP_DEL_VLAN_V2,	"DEL_VLAN_V2" })

TRACE_DEFINE_ENUM(IAVF_VC_DIR_SEND);
TRACE_DEFINE_ENUM(IAVF_VC_DIR_REPLY);

TRACE_DEFINE_ENUM(IAVF_UPDOWN_DOWN_BEGIN);
TRACE_DEFINE_ENUM(IAVF_UPDOWN_DOWN_END);
TRACE_DEFINE_ENUM(IAVF_UPDOWN_UP_BEGIN);
TRACE_DEFINE_ENUM(IAVF_UPDOWN_UP_END);
TRACE_DEFINE_ENUM(IAVF_UPDOWN_RESET_BEGIN);
TRACE_DEFINE_ENUM(IAVF_UPDOWN_RESET_END);

#define show_iavf_updown_phase(p)					\
	__print_symbolic(p,						\
		{ IAVF_UPDOWN_DOWN_BEGIN,	"down_begin" },		\
		{ IAVF_UPDOWN_DOWN_END,		"down_end" },		\
		{ IAVF_UPDOWN_UP_BEGIN,		"up_begin" },		\
		{ IAVF_UPDOWN_UP_END,		"up_end" },		\
		{ IAVF_UPDOWN_RESET_BEGIN,	"reset_begin" },	\
		{ IAVF_UPDOWN_RESET_END,	"reset_end" })

/* The prefix the three events share: the device name, pci_id and ifindex
 * are the first three arguments and the first three fields of each. Its
 * fields, assignments and output are written once, in these wrappers of
 * TP_STRUCT__entry(), TP_fast_assign() and TP_printk() (as btrfs.h does for
 * its fsid). The events cannot share a DECLARE_EVENT_CLASS: their TP_PROTOs
 * differ after ifindex, and the argument positions are what raw_tp and
 * tp_btf programs read.
 *
 * pci_id: PCI domain << 16 | bus << 8 | devfn. It names the VF across
 * namespace moves, renames and resets, where ifindex and name may change.
 */
#define TP_STRUCT__entry_iavf_vlan(fields...)				\
	TP_STRUCT__entry(__string(dev, dev)				\
			 __field(u32, pci_id)				\
			 __field(int, ifindex)				\
			 fields)

#define TP_fast_assign_iavf_vlan(assignments...)			\
	TP_fast_assign(iavf_vlan_assign_dev();				\
		       __entry->pci_id = pci_id;			\
		       __entry->ifindex = ifindex;			\
		       assignments)

#define TP_printk_iavf_vlan(fmt, args...)				\
	TP_printk("dev=%s pci=%04x:%02x:%02x.%u ifindex=%d " fmt,	\
		  __get_str(dev), __entry->pci_id >> 16,		\
		  (__entry->pci_id >> 8) & 0xff,			\
		  (__entry->pci_id >> 3) & 0x1f, __entry->pci_id & 0x7,	\
		  __entry->ifindex, args)

/* One VLAN filter state transition. netns: inode number of the device's
 * network namespace.
 */
TRACE_EVENT(iavf_vlan_state,

	TP_PROTO(const char *dev, u32 pci_id, int ifindex, u32 netns,
		 u16 vid, u16 tpid, u8 old_state, u8 new_state, u8 reason,
		 u16 num_vlan_filters),

	TP_ARGS(dev, pci_id, ifindex, netns, vid, tpid, old_state, new_state,
		reason, num_vlan_filters),

	TP_STRUCT__entry_iavf_vlan(
		__field(u32, netns)
		__field(u16, vid)
		__field(u16, tpid)
		__field(u8, old_state)
		__field(u8, new_state)
		__field(u8, reason)
		__field(u16, num_vlan_filters)
	),

	TP_fast_assign_iavf_vlan(
		__entry->netns = netns;
		__entry->vid = vid;
		__entry->tpid = tpid;
		__entry->old_state = old_state;
		__entry->new_state = new_state;
		__entry->reason = reason;
		__entry->num_vlan_filters = num_vlan_filters;
	),

	TP_printk_iavf_vlan("netns=%u vid=%u tpid=0x%04x %s -> %s reason=%s num_vlan_filters=%u",
			    __entry->netns, __entry->vid, __entry->tpid,
			    show_iavf_vlan_state(__entry->old_state),
			    show_iavf_vlan_state(__entry->new_state),
			    show_iavf_vlan_reason(__entry->reason),
			    __entry->num_vlan_filters)
);

/* A VLAN virtchnl message: a request sent to the PF (num = filters in the
 * message, more = filters left for a later message) or the PF's reply
 * (v_retval = virtchnl status, num = filters waiting on it).
 */
TRACE_EVENT(iavf_vlan_vc,

	TP_PROTO(const char *dev, u32 pci_id, int ifindex, u8 dir, u32 op,
		 u16 num, u8 more, int v_retval),

	TP_ARGS(dev, pci_id, ifindex, dir, op, num, more, v_retval),

	TP_STRUCT__entry_iavf_vlan(
		__field(u8, dir)
		__field(u32, op)
		__field(u16, num)
		__field(u8, more)
		__field(int, v_retval)
	),

	TP_fast_assign_iavf_vlan(
		__entry->dir = dir;
		__entry->op = op;
		__entry->num = num;
		__entry->more = more;
		__entry->v_retval = v_retval;
	),

	TP_printk_iavf_vlan("%s op=%s num=%u more=%u v_retval=%d",
			    __print_symbolic(__entry->dir,
					     { IAVF_VC_DIR_SEND, "send" },
					     { IAVF_VC_DIR_REPLY, "reply" }),
			    show_iavf_vlan_vc_op(__entry->op), __entry->num,
			    __entry->more, __entry->v_retval)
);

/* Interface down/up and reset episodes; status is 0 or a -errno. */
TRACE_EVENT(iavf_updown,

	TP_PROTO(const char *dev, u32 pci_id, int ifindex, u32 netns, u8 phase,
		 int status, u16 num_vlan_filters),

	TP_ARGS(dev, pci_id, ifindex, netns, phase, status, num_vlan_filters),

	TP_STRUCT__entry_iavf_vlan(
		__field(u32, netns)
		__field(u8, phase)
		__field(int, status)
		__field(u16, num_vlan_filters)
	),

	TP_fast_assign_iavf_vlan(
		__entry->netns = netns;
		__entry->phase = phase;
		__entry->status = status;
		__entry->num_vlan_filters = num_vlan_filters;
	),

	TP_printk_iavf_vlan("netns=%u %s status=%d num_vlan_filters=%u",
			    __entry->netns,
			    show_iavf_updown_phase(__entry->phase),
			    __entry->status, __entry->num_vlan_filters)
);

#endif /* _IAVF_VLAN_TRACE_H_ */

/* This must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE iavf_vlan_trace
#include <trace/define_trace.h>
