// SPDX-License-Identifier: GPL-2.0
/*
 * tp_btf programs on each iavf VLAN event, attached through the module's
 * BTF (btf_trace_<event>). Each reads its event's last argument: the
 * verifier rejects the load when the tracepoint has fewer arguments than
 * tracepoints/iavf_vlan_trace.h declares, so a prototype drift fails here.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* Hits and the last value of each event's last argument, for the loader. */
__u64 vlan_state_hits, vlan_vc_hits, updown_hits;
__u64 vlan_state_last, vlan_vc_last, updown_last;

SEC("tp_btf/iavf_vlan_state")
int BPF_PROG(on_vlan_state, const char *dev, u32 pci_id, int ifindex,
	     u32 netns, u16 vid, u16 tpid, u8 old_state, u8 new_state,
	     u8 reason, u16 num_vlan_filters)
{
	vlan_state_hits++;
	vlan_state_last = num_vlan_filters;
	return 0;
}

SEC("tp_btf/iavf_vlan_vc")
int BPF_PROG(on_vlan_vc, const char *dev, u32 pci_id, int ifindex, u8 dir,
	     u32 op, u16 num, u8 more, int v_retval)
{
	vlan_vc_hits++;
	vlan_vc_last = v_retval;
	return 0;
}

SEC("tp_btf/iavf_updown")
int BPF_PROG(on_updown, const char *dev, u32 pci_id, int ifindex, u32 netns,
	     u8 phase, int status, u16 num_vlan_filters)
{
	updown_hits++;
	updown_last = num_vlan_filters;
	return 0;
}
