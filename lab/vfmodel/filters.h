/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel filters of one VF's VSI (bottom layer): the VLAN and MAC tables
 * and the port rules the switch applies. The PF writes them (policy), the
 * switch reads them (forwarding).
 */
#ifndef VFM_FILTERS_H
#define VFM_FILTERS_H

#include <stdbool.h>
#include <stdint.h>

#define VFM_VLAN_N_VID		4096
#define VFM_MAX_MACS		64

struct vfm_filters {
	uint64_t vlan_map[VFM_VLAN_N_VID / 64];
	unsigned int num_vlans;		/* including VLAN 0 */
	uint8_t macs[VFM_MAX_MACS][6];
	unsigned int num_macs;
	uint16_t pvid;			/* port VLAN, 0 none */
	bool spoofchk;
	bool tx_vlan_antispoof;		/* on with the first non-zero VLAN, spoofchk on */
	uint16_t promisc_flags;		/* FLAG_VF_UNICAST_PROMISC | FLAG_VF_MULTICAST_PROMISC */
};

bool vfm_vlan_test(const struct vfm_filters *f, uint16_t vid);
int vfm_vlan_add(struct vfm_filters *f, uint16_t vid);
int vfm_vlan_del(struct vfm_filters *f, uint16_t vid);
void vfm_vlan_clear(struct vfm_filters *f);
unsigned int vfm_num_nonzero_vlans(const struct vfm_filters *f);

bool vfm_mac_listed(const struct vfm_filters *f, const uint8_t *mac);
int vfm_mac_add(struct vfm_filters *f, const uint8_t *mac);
void vfm_mac_del(struct vfm_filters *f, const uint8_t *mac);
bool vfm_mac_is_zero(const uint8_t *m);
bool vfm_mac_is_bcast(const uint8_t *m);

#endif /* VFM_FILTERS_H */
