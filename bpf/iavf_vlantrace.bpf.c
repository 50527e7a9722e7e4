// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * BPF side of iavf-vlantrace: the programs the CLI loads, and only those.
 *
 * Three event handlers (VLAN filter state, VLAN virtchnl message, down/up),
 * each written once (ivt_events.bpf.h) and entered from:
 *   - tp_btf/<event>   default, typed arguments, lowest cost;
 *   - raw_tp/<event>   fallback (no module BTF), and the entry point that
 *                      BPF_PROG_TEST_RUN drives in the unit tests and in
 *                      `--mode selftest`;
 *   - fentry mode      for an iavf without our tracepoints: fexit on the
 *                      driver functions that change the filter list, which
 *                      read the filters they can have moved (one VLAN, or
 *                      the unsettled ones; the whole list only where the
 *                      driver moves every filter) and infer transitions
 *                      from the diff (ivt_walker.bpf.h).
 * User space picks one set with bpf_program__set_autoload() on the
 * skeleton's program fields before load (tools/loader.c).
 *
 * A walker snapshots the driver's own filter list for the audit, so filters
 * that predate the tool are seen too: on iavf_get_drvinfo (the tool triggers
 * it, for an instant audit) and on iavf_watchdog_task (every 2 s).
 *
 * The benchmark and the unit tests' own programs (CO-RE probes, the walker
 * on a fake adapter) are another object: tools/tests/ivt_test.bpf.c.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "iavf_vlantrace.h"
#include "iavf_core_types.h"
#include "ivt_maps.bpf.h"
#include "ivt_events.bpf.h"
#include "ivt_walker.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- our tracepoints: typed arguments in TP_PROTO order ---------------- */

SEC("tp_btf/iavf_vlan_state")
int BPF_PROG(btf_vlan_state, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u16 vid, u16 tpid, u8 old_state, u8 new_state, u8 reason, u16 num)
{
	stack_stash_ctx(ctx);
	return on_vlan_state(dev, pci_id, ifindex, netns, vid, tpid, old_state,
			     new_state, reason, num);
}

SEC("tp_btf/iavf_vlan_vc")
int BPF_PROG(btf_vlan_vc, const char *dev, u32 pci_id, int ifindex, u8 dir, u32 op,
	     u16 num, u8 more, int v_retval)
{
	return on_vlan_vc(dev, pci_id, ifindex, dir, op, num, more, v_retval);
}

SEC("tp_btf/iavf_updown")
int BPF_PROG(btf_updown, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u8 phase, int status, u16 num)
{
	return on_updown(dev, pci_id, ifindex, netns, phase, status, num);
}

/* raw_tp: the same argument list. A raw tracepoint's arguments are plain
 * u64s to the verifier (dev is only ever probe-read), which is also what
 * BPF_PROG_TEST_RUN passes in: the unit tests and `--mode selftest` drive
 * these programs with scalar arrays.
 */
SEC("raw_tp/iavf_vlan_state")
int BPF_PROG(raw_vlan_state, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u16 vid, u16 tpid, u8 old_state, u8 new_state, u8 reason, u16 num)
{
	stack_stash_ctx(ctx);
	return on_vlan_state(dev, pci_id, ifindex, netns, vid, tpid, old_state,
			     new_state, reason, num);
}

SEC("raw_tp/iavf_vlan_vc")
int BPF_PROG(raw_vlan_vc, const char *dev, u32 pci_id, int ifindex, u8 dir, u32 op,
	     u16 num, u8 more, int v_retval)
{
	return on_vlan_vc(dev, pci_id, ifindex, dir, op, num, more, v_retval);
}

SEC("raw_tp/iavf_updown")
int BPF_PROG(raw_updown, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u8 phase, int status, u16 num)
{
	return on_updown(dev, pci_id, ifindex, netns, phase, status, num);
}

/* ---- fentry mode and the walker's entries: stock iavf, module BTF ------ */

/* The driver's pointer arguments as plain numbers. Signatures are typed
 * (BPF_PROG) and scalar arguments (VID, opcode, status, return value) are
 * read as such; but a pointer argument read straight from ctx is a
 * PTR_TO_BTF_ID to the verifier, which cannot be offset past its struct
 * (netdev_priv(), container_of from the watchdog's work, the list head),
 * compared with the list's addresses or passed to the global functions
 * (ivt_emit_*, the walker's frames), and module types (struct
 * iavf_adapter) are not walkable on every kernel we support. Read with
 * bpf_probe_read_kernel it is a number: the arithmetic is done with CO-RE
 * offsets, and every dereference is a CO-RE probe read.
 */
static __always_inline __u64 arg_addr(unsigned long long *ctx, int i)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), &ctx[i]);
	return v;
}

static __always_inline __u64 adapter_of_netdev(__u64 netdev)
{
	/* netdev_priv(): the private area follows struct net_device, which
	 * is NETDEV_ALIGN (32) aligned.
	 */
	return netdev + ((bpf_core_type_size(struct net_device) + 31) & ~31ULL);
}

SEC("fentry/iavf_watchdog_task")
int BPF_PROG(fe_watchdog, struct work_struct *work)
{
	__u64 w = arg_addr(ctx, 0);

	if (!w)
		return 0;
	/* Idle, the watchdog runs every 2 s; with work queued, every 20 ms,
	 * i.e. around each batch to the PF, which the hooks below already
	 * follow: walk at most once a second there.
	 */
	walk_adapter(w - bpf_core_field_offset(struct delayed_work, work) -
		     bpf_core_field_offset(struct iavf_adapter___ivt, watchdog_task),
		     IVT_WATCHDOG_WALK_NS);
	return 0;
}

/* The audit's snapshot on demand: iavf_get_drvinfo(netdev, info) runs
 * when anyone asks the driver's name (ETHTOOL_GDRVINFO, which the tool's
 * own netdev scan sends to every link), so the tool walks each VF's list
 * when it wants, instead of waiting up to a watchdog period (2 s).
 */
SEC("fentry/iavf_get_drvinfo")
int BPF_PROG(fe_drvinfo, struct net_device *netdev, struct ethtool_drvinfo *drvinfo)
{
	__u64 nd = arg_addr(ctx, 0);

	if (nd)
		walk_adapter(adapter_of_netdev(nd), 0);
	return 0;
}

/* iavf_vlan_rx_{add,kill}_vid(netdev, __be16 proto, u16 vid): the filter
 * holds IAVF_VLAN(vid, be16_to_cpu(proto)).
 */
SEC("fexit/iavf_vlan_rx_add_vid")
int BPF_PROG(fx_add_vid, struct net_device *netdev, __be16 proto, u16 vid)
{
	touch_vid(adapter_of_netdev(arg_addr(ctx, 0)), vid, bpf_ntohs(proto));
	return 0;
}

SEC("fexit/iavf_vlan_rx_kill_vid")
int BPF_PROG(fx_kill_vid, struct net_device *netdev, __be16 proto, u16 vid)
{
	touch_vid(adapter_of_netdev(arg_addr(ctx, 0)), vid, bpf_ntohs(proto));
	return 0;
}

SEC("fexit/iavf_add_vlans")
int BPF_PROG(fx_add_vlans, struct iavf_adapter___ivt *adapter)
{
	visit_pending(arg_addr(ctx, 0));
	return 0;
}

SEC("fexit/iavf_del_vlans")
int BPF_PROG(fx_del_vlans, struct iavf_adapter___ivt *adapter)
{
	visit_pending(arg_addr(ctx, 0));
	return 0;
}

/* iavf_down(adapter): the unfixed driver turns every filter DISABLE
 * there; walk, so that the pending set holds them for iavf_del_vlans.
 */
SEC("fexit/iavf_down")
int BPF_PROG(fx_down, struct iavf_adapter___ivt *adapter)
{
	walk_adapter_call(arg_addr(ctx, 0));
	return 0;
}

/* iavf_virtchnl_completion(adapter, enum virtchnl_ops v_opcode,
 * enum iavf_status v_retval, msg, msglen): the PF's reply.
 */
SEC("fentry/iavf_virtchnl_completion")
int BPF_PROG(fe_vc_completion, struct iavf_adapter___ivt *adapter, u32 op, s32 v_retval)
{
	struct iavf_adapter___ivt *a = (void *)arg_addr(ctx, 0);
	struct net_device *nd;
	struct pci_dev *pdev;
	__u32 pci_id;

	if (vc_op_index(op) < 0 || !a)
		return 0;
	nd = BPF_CORE_READ(a, netdev);
	pdev = BPF_CORE_READ(a, pdev);
	pci_id = ((__u32)BPF_CORE_READ(pdev, bus, number) << 8) |
		 BPF_CORE_READ(pdev, devfn);
	{
		struct vc_args va = {
			.dev = (__u64)__builtin_preserve_access_index(&nd->name[0]),
			.pci_id = pci_id, .ifindex = BPF_CORE_READ(nd, ifindex),
			.dir = IAVF_VC_DIR_REPLY, .op = op, .v_retval = v_retval,
		};

		ivt_emit_vc(&va);
	}
	return 0;
}

/* After a reply: an ADD or DEL reply moves only unsettled filters; the
 * replies that follow a reset (resources, VLAN caps) may re-add any.
 */
SEC("fexit/iavf_virtchnl_completion")
int BPF_PROG(fx_vc_completion, struct iavf_adapter___ivt *adapter, u32 op)
{
	if (op == IVT_VIRTCHNL_OP_GET_VF_RESOURCES ||
	    op == IAVF_VC_OP_GET_OFFLOAD_VLAN_V2_CAPS)
		walk_adapter_call(arg_addr(ctx, 0));
	else if (vc_op_index(op) >= 0)
		visit_pending(arg_addr(ctx, 0));
	return 0;
}

/* On a frame of its own: fexit/iavf_open also walks, and the verifier's
 * 512-byte limit counts the hook's frame in every call chain below it.
 */
static __noinline int updown_netdev(__u64 netdev, __u8 phase, __s32 status)
{
	struct net_device *nd = (void *)netdev;
	__u64 ad = adapter_of_netdev(netdev);
	struct iavf_adapter___ivt *a = (void *)ad;
	struct pci_dev *pdev;
	__u32 pci_id;

	if (!netdev)
		return 0;
	pdev = BPF_CORE_READ(a, pdev);
	pci_id = ((__u32)BPF_CORE_READ(pdev, bus, number) << 8) |
		 BPF_CORE_READ(pdev, devfn);
	on_updown(__builtin_preserve_access_index(&nd->name[0]), pci_id,
		  BPF_CORE_READ(nd, ifindex), BPF_CORE_READ(nd, nd_net.net, ns.inum),
		  phase, status, (__u16)BPF_CORE_READ(a, num_vlan_filters));
	return 0;
}

SEC("fentry/iavf_open")
int BPF_PROG(fe_open, struct net_device *netdev)
{
	updown_netdev(arg_addr(ctx, 0), IAVF_UPDOWN_UP_BEGIN, 0);
	return 0;
}

/* The unfixed driver's open turns every INACTIVE filter ADD: walk. */
SEC("fexit/iavf_open")
int BPF_PROG(fx_open, struct net_device *netdev, int ret)
{
	__u64 nd = arg_addr(ctx, 0);

	updown_netdev(nd, IAVF_UPDOWN_UP_END, ret);
	if (nd)
		walk_adapter_call(adapter_of_netdev(nd));
	return 0;
}

SEC("fentry/iavf_close")
int BPF_PROG(fe_close, struct net_device *netdev)
{
	updown_netdev(arg_addr(ctx, 0), IAVF_UPDOWN_DOWN_BEGIN, 0);
	return 0;
}

SEC("fexit/iavf_close")
int BPF_PROG(fx_close, struct net_device *netdev, int ret)
{
	updown_netdev(arg_addr(ctx, 0), IAVF_UPDOWN_DOWN_END, ret);
	return 0;
}
