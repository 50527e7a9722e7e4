/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The few iavf module types the BPF programs read, declared with only the
 * fields used. iavf is a module, so these types are absent from the
 * vmlinux.h generated from the kernel image; libbpf relocates every access
 * against the iavf module's BTF at load time (CO-RE), so field offsets come
 * from the running driver, not from here. The ___ivt suffix keeps the names
 * apart from any kernel type; libbpf ignores it when matching.
 */
#ifndef IAVF_CORE_TYPES_H
#define IAVF_CORE_TYPES_H

struct iavf_vlan___ivt {
	u16 vid;
	u16 tpid;
} __attribute__((preserve_access_index));

/* An enum, not an int: CO-RE only matches a field of the same kind.
 * Every enumerator either generation of the driver has, so that each is
 * resolved by NAME at load time (bpf_core_enum_value_exists /
 * bpf_core_enum_value): the values written here are placeholders, never
 * used as the driver's numbers.
 *   fixed (6.1.176+, 6.12):  INVALID ADD ADDING ACTIVE REMOVE REMOVING
 *   unfixed (6.1.170):       INVALID ADD IS_NEW ACTIVE DISABLE INACTIVE REMOVE
 */
enum iavf_vlan_state_t___ivt {
	IAVF_VLAN_INVALID___ivt = 0,
	IAVF_VLAN_ADD___ivt,
	IAVF_VLAN_ADDING___ivt,
	IAVF_VLAN_IS_NEW___ivt,
	IAVF_VLAN_ACTIVE___ivt,
	IAVF_VLAN_DISABLE___ivt,
	IAVF_VLAN_INACTIVE___ivt,
	IAVF_VLAN_REMOVE___ivt,
	IAVF_VLAN_REMOVING___ivt,
};

struct iavf_vlan_filter___ivt {
	struct list_head list;
	struct iavf_vlan___ivt vlan;
	enum iavf_vlan_state_t___ivt state;
} __attribute__((preserve_access_index));

struct virtchnl_vlan_filtering_caps___ivt {
	u16 max_filters;
} __attribute__((preserve_access_index));

struct virtchnl_vlan_caps___ivt {
	struct virtchnl_vlan_filtering_caps___ivt filtering;
} __attribute__((preserve_access_index));

struct virtchnl_vf_resource___ivt {
	u32 vf_cap_flags;
} __attribute__((preserve_access_index));

struct iavf_adapter___ivt {
	struct list_head vlan_filter_list;
	int num_vlan_filters;
	struct net_device *netdev;
	struct pci_dev *pdev;
	struct delayed_work watchdog_task;
	struct virtchnl_vf_resource___ivt *vf_res;
	struct virtchnl_vlan_caps___ivt vlan_v2_caps;
} __attribute__((preserve_access_index));

#define IVT_VIRTCHNL_VF_OFFLOAD_VLAN_V2	(1u << 15)
#define IVT_VIRTCHNL_VF_OFFLOAD_VLAN	(1u << 16)
#define IVT_VIRTCHNL_OP_GET_VF_RESOURCES	3	/* virtchnl ABI */

#endif /* IAVF_CORE_TYPES_H */
