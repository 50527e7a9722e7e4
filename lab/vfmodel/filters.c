// SPDX-License-Identifier: GPL-2.0
/* vfmodel VLAN and MAC tables of a VF's VSI, as ice keeps them (filters.h). */
#include <errno.h>
#include <string.h>

#include "filters.h"

bool vfm_vlan_test(const struct vfm_filters *f, uint16_t vid)
{
	return vid < VFM_VLAN_N_VID && (f->vlan_map[vid / 64] >> (vid % 64)) & 1;
}

int vfm_vlan_add(struct vfm_filters *f, uint16_t vid)
{
	if (vid >= VFM_VLAN_N_VID)
		return -EINVAL;
	if (vfm_vlan_test(f, vid))
		return 0;	/* EEXIST is tolerated (ice_vsi_vlan_lib.c) */
	f->vlan_map[vid / 64] |= 1ull << (vid % 64);
	f->num_vlans++;
	return 0;
}

int vfm_vlan_del(struct vfm_filters *f, uint16_t vid)
{
	if (vid >= VFM_VLAN_N_VID)
		return -EINVAL;
	if (!vfm_vlan_test(f, vid))
		return 0;	/* ENOENT is tolerated */
	f->vlan_map[vid / 64] &= ~(1ull << (vid % 64));
	f->num_vlans--;
	return 0;
}

void vfm_vlan_clear(struct vfm_filters *f)
{
	memset(f->vlan_map, 0, sizeof(f->vlan_map));
	f->num_vlans = 0;
}

unsigned int vfm_num_nonzero_vlans(const struct vfm_filters *f)
{
	return f->num_vlans - (vfm_vlan_test(f, 0) ? 1 : 0);
}

static int mac_find(const struct vfm_filters *f, const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < f->num_macs; i++)
		if (!memcmp(f->macs[i], mac, 6))
			return (int)i;
	return -1;
}

bool vfm_mac_listed(const struct vfm_filters *f, const uint8_t *mac)
{
	return mac_find(f, mac) >= 0;
}

int vfm_mac_add(struct vfm_filters *f, const uint8_t *mac)
{
	if (mac_find(f, mac) >= 0)
		return 0;
	if (f->num_macs >= VFM_MAX_MACS)
		return -ENOSPC;
	memcpy(f->macs[f->num_macs++], mac, 6);
	return 0;
}

void vfm_mac_del(struct vfm_filters *f, const uint8_t *mac)
{
	int i = mac_find(f, mac);

	if (i < 0)
		return;
	memmove(f->macs[i], f->macs[i + 1], (f->num_macs - (unsigned int)i - 1) * 6);
	f->num_macs--;
}

bool vfm_mac_is_zero(const uint8_t *m)
{
	return !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]);
}

bool vfm_mac_is_bcast(const uint8_t *m)
{
	return (m[0] & m[1] & m[2] & m[3] & m[4] & m[5]) == 0xff;
}
