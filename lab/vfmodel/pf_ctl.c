// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel PF control API (vfmodel.h): what the PF's administrator does to
 * its VFs (ip link set PF vf N ...), link, resets. Trust, pvid and MAC
 * changes reset the VF, as ice does.
 */
#include <errno.h>
#include <string.h>

#include "vfmodel_int.h"

static struct vfm_vf *get_vf(struct vfm_pf *pf, int vf)
{
	if (!pf || vf < 0 || vf >= VFM_MAX_VFS)
		return NULL;
	return pf->vfs[vf];
}

/* PF-initiated VF reset (ice_reset_vf with ICE_VF_RESET_NOTIFY) */
static void admin_reset(struct vfm_vf *vf)
{
	vfm_pfvf_reset(vf, VFM_RESET_ADMIN);
	vfm_sched_run(&vf->sched);
}

int vfm_pf_set_link(struct vfm_pf *pf, int vf, bool up)
{
	struct vfm_vf *v;
	unsigned int i;

	if (!pf)
		return -EINVAL;
	if (vf >= 0) {
		v = get_vf(pf, vf);
		if (!v)
			return -ENODEV;
		v->pv.link_up = up;
		if (v->pv.active)
			vfm_pf_notify_link(v);
		return 0;
	}
	pf->link_up = up;
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i] && pf->vfs[i]->pv.active)
			vfm_pf_notify_link(pf->vfs[i]);
	return 0;
}

int vfm_pf_reset(struct vfm_pf *pf)
{
	unsigned int i;

	if (!pf)
		return -EINVAL;
	pf->pf_resets++;
	/* ice_vc_notify_reset() to every VF, then ice_reset_all_vfs() */
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i] && pf->vfs[i]->pv.active)
			vfm_pf_notify_reset(pf->vfs[i]);
	for (i = 0; i < VFM_MAX_VFS; i++) {
		if (!pf->vfs[i])
			continue;
		vfm_pfvf_reset(pf->vfs[i], VFM_RESET_PF);
		vfm_sched_run(&pf->vfs[i]->sched);
	}
	return 0;
}

int vfm_pf_vf_reset(struct vfm_pf *pf, int vf)
{
	struct vfm_vf *v = get_vf(pf, vf);

	if (!v)
		return -ENODEV;
	admin_reset(v);
	return 0;
}

int vfm_pf_set_trust(struct vfm_pf *pf, int vf, bool on)
{
	struct vfm_vf *v = get_vf(pf, vf);

	if (!v)
		return -ENODEV;
	if (v->pv.trusted == on)
		return 0;
	v->pv.trusted = on;
	admin_reset(v);	/* ice_set_vf_trust() resets the VF */
	return 0;
}

int vfm_pf_set_spoofchk(struct vfm_pf *pf, int vf, bool on)
{
	struct vfm_vf *v = get_vf(pf, vf);

	if (!v)
		return -ENODEV;
	v->pv.flt.spoofchk = on;	/* no reset (ice_set_vf_spoofchk) */
	v->pv.flt.tx_vlan_antispoof = on && vfm_num_nonzero_vlans(&v->pv.flt) > 0;
	return 0;
}

int vfm_pf_set_pvid(struct vfm_pf *pf, int vf, uint16_t vid)
{
	struct vfm_vf *v = get_vf(pf, vf);

	if (!v)
		return -ENODEV;
	if (vid >= VFM_VLAN_N_VID)
		return -EINVAL;
	if (v->pv.flt.pvid == vid)
		return 0;
	v->pv.flt.pvid = vid;
	admin_reset(v);	/* ice_set_vf_port_vlan() resets the VF */
	return 0;
}

int vfm_pf_set_vlan_limit(struct vfm_pf *pf, int vf, unsigned int limit)
{
	unsigned int i;

	if (!pf || limit == 0 || limit > VFM_VLAN_N_VID)
		return -EINVAL;
	if (vf >= 0) {
		struct vfm_vf *v = get_vf(pf, vf);

		if (!v)
			return -ENODEV;
		v->pv.vlan_limit = limit;
		return 0;
	}
	pf->cfg.vlan_limit = limit;
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i])
			pf->vfs[i]->pv.vlan_limit = limit;
	return 0;
}

int vfm_pf_set_mac(struct vfm_pf *pf, int vf, const uint8_t mac[6])
{
	struct vfm_vf *v = get_vf(pf, vf);

	if (!v || !mac)
		return v ? -EINVAL : -ENODEV;
	memcpy(v->pv.hw_mac, mac, 6);
	admin_reset(v);	/* ice_set_vf_mac() resets the VF */
	return 0;
}

int vfm_pf_set_vlan_caps(struct vfm_pf *pf, int vf, bool v2)
{
	unsigned int i;

	if (!pf)
		return -EINVAL;
	if (vf >= 0) {
		struct vfm_vf *v = get_vf(pf, vf);

		if (!v)
			return -ENODEV;
		v->pv.vlan_v1_only = !v2;	/* no reset: the next probe sees it */
		return 0;
	}
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i])
			pf->vfs[i]->pv.vlan_v1_only = !v2;
	return 0;
}

