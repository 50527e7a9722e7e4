// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel PF: a VF's life as the PF sees it (ice_vf_lib.c): creation,
 * VF resets and the rebuild of its VSI, and the link and reset events the
 * PF sends it.
 */
#include <string.h>

#include "vfmodel_int.h"

/* ice_vc_get_max_vlan_fltrs(): trusted VFs get VLAN_N_VID */
unsigned int vfm_effective_limit(const struct vfm_vf *vf)
{
	return vf->pv.trusted ? VFM_VLAN_N_VID : vf->pv.vlan_limit;
}

/* the switch's rx_ready callback */
static bool rx_ready(void *ctx)
{
	const struct vfm_vf *vf = ctx;

	return vf->pv.active && !vf->pv.resetting && vf->dp.rxq_enabled;
}

/* what the data path needs from the PF's offload settings */
void vfm_pfvf_sync_dp(struct vfm_vf *vf)
{
	vfm_dp_set_strip(&vf->dp, (vf->pv.strip_inner & VIRTCHNL_VLAN_ETHERTYPE_8100) ||
			 vf->pv.strip_v1);
}

static void default_mac(const struct vfm_vf *vf, uint8_t mac[6])
{
	/* locally administered, unique per PF object and index */
	uintptr_t p = (uintptr_t)vf->pf;

	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(p >> 12);
	mac[3] = (uint8_t)(p >> 4);
	mac[4] = 0x00;
	mac[5] = (uint8_t)(vf->idx + 1);
}

/* SR-IOV enable: the PF builds the VSI and marks the VF active */
void vfm_pfvf_init(struct vfm_vf *vf, const uint8_t mac[6])
{
	struct vfm_pfvf *pv = &vf->pv;

	if (mac)
		memcpy(pv->hw_mac, mac, 6);
	else
		default_mac(vf, pv->hw_mac);
	pv->flt.spoofchk = true;	/* ice default */
	pv->link_up = true;
	pv->vlan_limit = vf->pf->cfg.vlan_limit;
	vfm_sw_port_policy(&vf->pf->sw, vf->idx, &pv->flt, rx_ready, vf);
	vfm_pfvf_rebuild(vf);
	vfm_dev_set_active(&vf->dev);
}

/* ice_vf_rebuild_host_cfg(): the VSI as after a reset */
void vfm_pfvf_rebuild(struct vfm_vf *vf)
{
	struct vfm_pfvf *pv = &vf->pv;

	pv->active = false;
	pv->caps = 0;
	/* pv->ver survives resets (ice keeps vf_ver): iavf's reset task sends
	 * GET_VF_RESOURCES again without a new VERSION */
	memset(&pv->vlan_caps, 0, sizeof(pv->vlan_caps));
	vfm_vlan_clear(&pv->flt);
	/* VLAN 0 lets Tx anti-spoof run without MDD events; a pvid replaces it */
	vfm_vlan_add(&pv->flt, pv->flt.pvid);
	pv->flt.tx_vlan_antispoof = pv->flt.pvid && pv->flt.spoofchk;
	pv->flt.num_macs = 0;
	if (!vfm_mac_is_zero(pv->hw_mac))
		vfm_mac_add(&pv->flt, pv->hw_mac);
	pv->flt.promisc_flags = 0;
	pv->queues_configured = false;
	pv->strip_inner = pv->strip_outer = pv->insert_inner = pv->insert_outer = 0;
	pv->strip_v1 = false;
	memset(pv->rss_key, 0, sizeof(pv->rss_key));
	memset(pv->rss_lut, 0, sizeof(pv->rss_lut));
	pv->rss_hena = 0;
	pv->rss_hfunc = 0;
	vfm_dp_reset(&vf->dp);
	vfm_pfvf_sync_dp(vf);
}

/* VFM_DEF_RESET_DONE: VFGEN_RSTAT reads VFACTIVE */
static void reset_done(void *ctx, const struct vfm_work *w)
{
	struct vfm_vf *vf = ctx;

	(void)w;
	vfm_dev_set_active(&vf->dev);
	vf->pv.resetting = false;
	vfm_event(&vf->host, VFM_EV_RESET_DONE, 0, 0, 0, 0);
}

/*
 * ice_reset_vf(): optionally tell the VF (RESET_IMPENDING), trigger the VF
 * reset (RSTAT INPROGRESS, mailbox queues disabled), drop everything queued
 * for the old incarnation, rebuild the PF-side config (filters wiped, VLAN 0
 * or pvid back), then VFACTIVE after reset_delay_ms. An administrator's
 * reset and a reset fault notify; RESET_VF, FLR and a PF reset (which
 * notified every VF before) do not.
 */
void vfm_pfvf_reset(struct vfm_vf *vf, enum vfm_reset_reason why)
{
	struct vfm_pfvf *pv = &vf->pv;
	unsigned int delay_ms = vf->pf->cfg.reset_delay_ms;

	if ((why == VFM_RESET_ADMIN || why == VFM_RESET_FAULT) && pv->active)
		vfm_pf_notify_reset(vf);
	vfm_event(&vf->host, VFM_EV_RESET, 0, 0, 0, why);
	pv->resets++;
	pv->resetting = true;
	vfm_dev_reset(&vf->dev, why == VFM_RESET_FLR);
	vfm_mbx_clear(pv);	/* requests waiting in the PF's mailbox are gone */
	vfm_sched_new_gen(&vf->sched, VFM_DEF_RESET_DONE);
	vfm_pfvf_rebuild(vf);
	if (delay_ms && vfm_has_timer(&vf->host)) {
		vfm_defer(&vf->sched, VFM_DEF_RESET_DONE, (uint64_t)delay_ms * 1000000ull,
			  reset_done, vf, NULL);
	} else {
		vfm_dev_set_active(&vf->dev);
		pv->resetting = false;
		vfm_event(&vf->host, VFM_EV_RESET_DONE, 0, 0, 0, 0);
	}
	vfm_sched_rearm(&vf->sched);
}

static uint32_t legacy_speed(uint32_t mbps)
{
	static const struct { uint32_t mbps, speed; } t[] = {
		{ 40000, VIRTCHNL_LINK_SPEED_40GB }, { 25000, VIRTCHNL_LINK_SPEED_25GB },
		{ 20000, VIRTCHNL_LINK_SPEED_20GB }, { 10000, VIRTCHNL_LINK_SPEED_10GB },
		{ 5000, VIRTCHNL_LINK_SPEED_5GB }, { 2500, VIRTCHNL_LINK_SPEED_2_5GB },
		{ 1000, VIRTCHNL_LINK_SPEED_1GB }, { 100, VIRTCHNL_LINK_SPEED_100MB },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (mbps >= t[i].mbps)
			return t[i].speed;
	return VIRTCHNL_LINK_SPEED_UNKNOWN;
}

/* ice_vc_notify_vf_link_state() */
void vfm_pf_notify_link(struct vfm_vf *vf)
{
	struct virtchnl_pf_event pfe;
	bool up = vf->pf->link_up && vf->pv.link_up;

	memset(&pfe, 0, sizeof(pfe));
	pfe.event = VIRTCHNL_EVENT_LINK_CHANGE;
	pfe.severity = PF_EVENT_SEVERITY_INFO;
	if (vf->pv.caps & VIRTCHNL_VF_CAP_ADV_LINK_SPEED) {
		pfe.event_data.link_event_adv.link_speed = up ? vf->pf->cfg.link_speed_mbps : 0;
		pfe.event_data.link_event_adv.link_status = up;
	} else {
		pfe.event_data.link_event.link_speed =
			up ? (enum virtchnl_link_speed)legacy_speed(vf->pf->cfg.link_speed_mbps)
			   : VIRTCHNL_LINK_SPEED_UNKNOWN;
		pfe.event_data.link_event.link_status = up;
	}
	vfm_dev_send_data(&vf->dev, VIRTCHNL_OP_EVENT, VIRTCHNL_STATUS_SUCCESS, &pfe, sizeof(pfe));
}

/* ice_notify_vf_reset() */
void vfm_pf_notify_reset(struct vfm_vf *vf)
{
	struct virtchnl_pf_event pfe;

	memset(&pfe, 0, sizeof(pfe));
	pfe.event = VIRTCHNL_EVENT_RESET_IMPENDING;
	pfe.severity = PF_EVENT_SEVERITY_CERTAIN_DOOM;
	vfm_dev_send_data(&vf->dev, VIRTCHNL_OP_EVENT, VIRTCHNL_STATUS_SUCCESS, &pfe, sizeof(pfe));
}
