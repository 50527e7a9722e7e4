// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel PF side: answers virtchnl as Linux 6.12's ice driver does
 * (drivers/net/ethernet/intel/ice/ice_virtchnl.c), with its VLAN policy,
 * resets and fault injection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfmodel_int.h"

#define VFM_ETH_P_8021Q		0x8100
#define VFM_VLAN_VID_MASK	0x0fff
#define VFM_VLAN_PRIO_MASK	0xe000
/* ICE_DEFAULT_RSS_HENA: AVF flow fields 29-36 and 39-46 */
#define VFM_DEFAULT_RSS_HENA	0x00007f9fe0000000ull

/* What ice would grant; intersected with what the driver asks for. */
#define VFM_OFFERED_CAPS (VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_RSS_PF | \
			  VIRTCHNL_VF_OFFLOAD_WB_ON_ITR | VIRTCHNL_VF_OFFLOAD_RSS_PCTYPE_V2 | \
			  VIRTCHNL_VF_OFFLOAD_CRC | VIRTCHNL_VF_CAP_ADV_LINK_SPEED)

static const struct {
	uint32_t op;
	const char *name;
} op_names[] = {
	{ VIRTCHNL_OP_VERSION, "version" },
	{ VIRTCHNL_OP_RESET_VF, "reset_vf" },
	{ VIRTCHNL_OP_GET_VF_RESOURCES, "get_vf_resources" },
	{ VIRTCHNL_OP_CONFIG_TX_QUEUE, "config_tx_queue" },
	{ VIRTCHNL_OP_CONFIG_RX_QUEUE, "config_rx_queue" },
	{ VIRTCHNL_OP_CONFIG_VSI_QUEUES, "config_vsi_queues" },
	{ VIRTCHNL_OP_CONFIG_IRQ_MAP, "config_irq_map" },
	{ VIRTCHNL_OP_ENABLE_QUEUES, "enable_queues" },
	{ VIRTCHNL_OP_DISABLE_QUEUES, "disable_queues" },
	{ VIRTCHNL_OP_ADD_ETH_ADDR, "add_eth_addr" },
	{ VIRTCHNL_OP_DEL_ETH_ADDR, "del_eth_addr" },
	{ VIRTCHNL_OP_ADD_VLAN, "add_vlan" },
	{ VIRTCHNL_OP_DEL_VLAN, "del_vlan" },
	{ VIRTCHNL_OP_CONFIG_PROMISCUOUS_MODE, "config_promiscuous_mode" },
	{ VIRTCHNL_OP_GET_STATS, "get_stats" },
	{ VIRTCHNL_OP_EVENT, "event" },
	{ VIRTCHNL_OP_CONFIG_RSS_HFUNC, "config_rss_hfunc" },
	{ VIRTCHNL_OP_CONFIG_RSS_KEY, "config_rss_key" },
	{ VIRTCHNL_OP_CONFIG_RSS_LUT, "config_rss_lut" },
	{ VIRTCHNL_OP_GET_RSS_HENA_CAPS, "get_rss_hena_caps" },
	{ VIRTCHNL_OP_SET_RSS_HENA, "set_rss_hena" },
	{ VIRTCHNL_OP_ENABLE_VLAN_STRIPPING, "enable_vlan_stripping" },
	{ VIRTCHNL_OP_DISABLE_VLAN_STRIPPING, "disable_vlan_stripping" },
	{ VIRTCHNL_OP_REQUEST_QUEUES, "request_queues" },
	{ VIRTCHNL_OP_ENABLE_CHANNELS, "enable_channels" },
	{ VIRTCHNL_OP_DISABLE_CHANNELS, "disable_channels" },
	{ VIRTCHNL_OP_ADD_CLOUD_FILTER, "add_cloud_filter" },
	{ VIRTCHNL_OP_DEL_CLOUD_FILTER, "del_cloud_filter" },
	{ VIRTCHNL_OP_ADD_RSS_CFG, "add_rss_cfg" },
	{ VIRTCHNL_OP_DEL_RSS_CFG, "del_rss_cfg" },
	{ VIRTCHNL_OP_ADD_FDIR_FILTER, "add_fdir_filter" },
	{ VIRTCHNL_OP_DEL_FDIR_FILTER, "del_fdir_filter" },
	{ VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS, "get_offload_vlan_v2_caps" },
	{ VIRTCHNL_OP_ADD_VLAN_V2, "add_vlan_v2" },
	{ VIRTCHNL_OP_DEL_VLAN_V2, "del_vlan_v2" },
	{ VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2, "enable_vlan_stripping_v2" },
	{ VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2, "disable_vlan_stripping_v2" },
	{ VIRTCHNL_OP_ENABLE_VLAN_INSERTION_V2, "enable_vlan_insertion_v2" },
	{ VIRTCHNL_OP_DISABLE_VLAN_INSERTION_V2, "disable_vlan_insertion_v2" },
};

const char *vfm_op_name(uint32_t op)
{
	size_t i;

	for (i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++)
		if (op_names[i].op == op)
			return op_names[i].name;
	return "unknown";
}

int vfm_op_parse(const char *s, uint32_t *op)
{
	size_t i;
	char *end;
	unsigned long v;

	if (!strcmp(s, "any")) {
		*op = 0;
		return 0;
	}
	for (i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++) {
		if (!strcmp(op_names[i].name, s)) {
			*op = op_names[i].op;
			return 0;
		}
	}
	v = strtoul(s, &end, 0);
	if (*s == '\0' || *end != '\0' || v > 0xffffffffUL)
		return -EINVAL;
	*op = (uint32_t)v;
	return 0;
}

/* ---- VLAN table (the VF VSI's filters as ice keeps them) ---- */

bool vfm_vlan_test(const struct vfm_vf *vf, uint16_t vid)
{
	return vid < VFM_VLAN_N_VID && (vf->vlan_map[vid / 64] >> (vid % 64)) & 1;
}

static int vlan_add(struct vfm_vf *vf, uint16_t vid)
{
	if (vid >= VFM_VLAN_N_VID)
		return -EINVAL;
	if (vfm_vlan_test(vf, vid))
		return 0;	/* EEXIST is tolerated (ice_vsi_vlan_lib.c) */
	vf->vlan_map[vid / 64] |= 1ull << (vid % 64);
	vf->num_vlans++;
	return 0;
}

static int vlan_del(struct vfm_vf *vf, uint16_t vid)
{
	if (vid >= VFM_VLAN_N_VID)
		return -EINVAL;
	if (!vfm_vlan_test(vf, vid))
		return 0;	/* ENOENT is tolerated */
	vf->vlan_map[vid / 64] &= ~(1ull << (vid % 64));
	vf->num_vlans--;
	return 0;
}

unsigned int vfm_num_nonzero_vlans(const struct vfm_vf *vf)
{
	return vf->num_vlans - (vfm_vlan_test(vf, 0) ? 1 : 0);
}

/* ice_vc_get_max_vlan_fltrs(): trusted VFs get VLAN_N_VID */
unsigned int vfm_effective_limit(const struct vfm_vf *vf)
{
	return vf->trusted ? VFM_VLAN_N_VID : vf->vlan_limit;
}

static void update_antispoof(struct vfm_vf *vf)
{
	if (!vfm_num_nonzero_vlans(vf))
		vf->tx_vlan_antispoof = false;	/* only VLAN 0 left: filtering off */
}

/* ---- MAC table ---- */

static int mac_find(const struct vfm_vf *vf, const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < vf->num_macs; i++)
		if (!memcmp(vf->macs[i], mac, 6))
			return (int)i;
	return -1;
}

static bool mac_is_zero(const uint8_t *m)
{
	return !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]);
}

static bool mac_is_bcast(const uint8_t *m)
{
	return (m[0] & m[1] & m[2] & m[3] & m[4] & m[5]) == 0xff;
}

static int mac_add(struct vfm_vf *vf, const uint8_t *mac)
{
	if (mac_find(vf, mac) >= 0)
		return 0;
	if (vf->num_macs >= VFM_MAX_MACS)
		return -ENOSPC;
	memcpy(vf->macs[vf->num_macs++], mac, 6);
	return 0;
}

static void mac_del(struct vfm_vf *vf, const uint8_t *mac)
{
	int i = mac_find(vf, mac);

	if (i < 0)
		return;
	memmove(vf->macs[i], vf->macs[i + 1], (vf->num_macs - (unsigned int)i - 1) * 6);
	vf->num_macs--;
}

/* ---- reset rebuild (ice_vf_rebuild_host_cfg) ---- */

void vfm_pf_vf_rebuild(struct vfm_vf *vf)
{
	vf->active = false;
	vf->caps = 0;
	/* vf->ver survives resets (ice keeps vf_ver): iavf's reset task sends
	 * GET_VF_RESOURCES again without a new VERSION */
	memset(&vf->vlan_caps, 0, sizeof(vf->vlan_caps));
	memset(vf->vlan_map, 0, sizeof(vf->vlan_map));
	vf->num_vlans = 0;
	/* VLAN 0 lets Tx anti-spoof run without MDD events; a pvid replaces it */
	vlan_add(vf, vf->pvid);
	vf->tx_vlan_antispoof = vf->pvid && vf->spoofchk;
	vf->num_macs = 0;
	if (!mac_is_zero(vf->hw_mac))
		mac_add(vf, vf->hw_mac);
	vf->promisc_flags = 0;
	vf->rxq_enabled = vf->txq_enabled = 0;
	vf->queues_configured = false;
	vf->strip_inner = vf->strip_outer = vf->insert_inner = vf->insert_outer = 0;
	vf->strip_v1 = false;
	memset(vf->rss_key, 0, sizeof(vf->rss_key));
	memset(vf->rss_lut, 0, sizeof(vf->rss_lut));
	vf->rss_hena = 0;
	vf->rss_hfunc = 0;
	memset(vf->vecmap, 0, sizeof(vf->vecmap));
	memset(vf->rx_ring, 0, sizeof(vf->rx_ring));
	memset(vf->tx_ring, 0, sizeof(vf->tx_ring));
	memset(vf->rx_ring_len, 0, sizeof(vf->rx_ring_len));
	memset(vf->tx_ring_len, 0, sizeof(vf->tx_ring_len));
	memset(vf->tx_ntc, 0, sizeof(vf->tx_ntc));
	vf->tx_packets = vf->tx_bytes = 0;
	vfm_dp_reset(vf);
}

/* ---- events ---- */

static uint32_t legacy_speed(uint32_t mbps)
{
	if (mbps >= 40000) return VIRTCHNL_LINK_SPEED_40GB;
	if (mbps >= 25000) return VIRTCHNL_LINK_SPEED_25GB;
	if (mbps >= 20000) return VIRTCHNL_LINK_SPEED_20GB;
	if (mbps >= 10000) return VIRTCHNL_LINK_SPEED_10GB;
	if (mbps >= 5000) return VIRTCHNL_LINK_SPEED_5GB;
	if (mbps >= 2500) return VIRTCHNL_LINK_SPEED_2_5GB;
	if (mbps >= 1000) return VIRTCHNL_LINK_SPEED_1GB;
	if (mbps >= 100) return VIRTCHNL_LINK_SPEED_100MB;
	return VIRTCHNL_LINK_SPEED_UNKNOWN;
}

/* ice_vc_notify_vf_link_state() */
void vfm_pf_notify_link(struct vfm_vf *vf)
{
	struct virtchnl_pf_event pfe;
	bool up = vf->pf->link_up && vf->link_up;

	memset(&pfe, 0, sizeof(pfe));
	pfe.event = VIRTCHNL_EVENT_LINK_CHANGE;
	pfe.severity = PF_EVENT_SEVERITY_INFO;
	if (vf->caps & VIRTCHNL_VF_CAP_ADV_LINK_SPEED) {
		pfe.event_data.link_event_adv.link_speed = up ? vf->pf->cfg.link_speed_mbps : 0;
		pfe.event_data.link_event_adv.link_status = up;
	} else {
		pfe.event_data.link_event.link_speed =
			up ? (enum virtchnl_link_speed)legacy_speed(vf->pf->cfg.link_speed_mbps)
			   : VIRTCHNL_LINK_SPEED_UNKNOWN;
		pfe.event_data.link_event.link_status = up;
	}
	vfm_send_to_vf(vf, VIRTCHNL_OP_EVENT, VIRTCHNL_STATUS_SUCCESS, &pfe, sizeof(pfe));
}

/* ice_notify_vf_reset() */
void vfm_pf_notify_reset(struct vfm_vf *vf)
{
	struct virtchnl_pf_event pfe;

	memset(&pfe, 0, sizeof(pfe));
	pfe.event = VIRTCHNL_EVENT_RESET_IMPENDING;
	pfe.severity = PF_EVENT_SEVERITY_CERTAIN_DOOM;
	vfm_send_to_vf(vf, VIRTCHNL_OP_EVENT, VIRTCHNL_STATUS_SUCCESS, &pfe, sizeof(pfe));
}

/* ---- message handlers: each returns the status and fills *reply ---- */

struct vfm_out {
	uint8_t data[VFM_REPLY_MAX];
	uint16_t len;
	bool no_reply;
	bool link_after;	/* send the link state after the reply */
	char detail[48];
};

static bool valid_vsi(uint16_t vsi_id)
{
	return vsi_id == VFM_ICE_VF_VSI_ID;
}

static int32_t op_version(struct vfm_vf *vf, const uint8_t *msg, struct vfm_out *o)
{
	struct virtchnl_version_info info = { VIRTCHNL_VERSION_MAJOR, VIRTCHNL_VERSION_MINOR };

	memcpy(&vf->ver, msg, sizeof(vf->ver));
	if (VF_IS_V10(&vf->ver))
		info.minor = VIRTCHNL_VERSION_MINOR_NO_VF_CAPS;
	memcpy(o->data, &info, sizeof(info));
	o->len = sizeof(info);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_get_vf_resources(struct vfm_vf *vf, const uint8_t *msg, struct vfm_out *o)
{
	struct virtchnl_vf_resource *res = (struct virtchnl_vf_resource *)o->data;
	size_t len = virtchnl_struct_size(res, vsi_res, 0);
	uint32_t driver_caps, caps = VIRTCHNL_VF_OFFLOAD_L2;

	if (VF_IS_V11(&vf->ver))
		memcpy(&driver_caps, msg, sizeof(driver_caps));
	else
		driver_caps = VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_VLAN;

	/* ice_vc_get_vlan_caps() in single VLAN mode; a V1-only VF (`caps
	 * vf=N vlan=v1`) is answered as by a PF that does not know VLAN_V2 */
	if ((driver_caps & VIRTCHNL_VF_OFFLOAD_VLAN_V2) && !vf->vlan_v1_only)
		caps |= VIRTCHNL_VF_OFFLOAD_VLAN_V2;
	else if ((driver_caps & VIRTCHNL_VF_OFFLOAD_VLAN) && !vf->pvid)
		caps |= VIRTCHNL_VF_OFFLOAD_VLAN;
	caps |= driver_caps & VFM_OFFERED_CAPS;

	memset(o->data, 0, len);
	res->num_vsis = 1;
	res->num_queue_pairs = (u16)vf->pf->cfg.num_queue_pairs;
	res->max_vectors = (u16)vf->pf->cfg.max_vectors;
	/* ice_vc_get_max_frame_size(): the port's max frame, less a tag with a pvid */
	res->max_mtu = vf->pvid ? 9728 - 4 : 9728;
	res->vf_cap_flags = caps;
	res->rss_key_size = VFM_RSS_KEY_SIZE;
	res->rss_lut_size = VFM_RSS_LUT_SIZE;
	res->vsi_res[0].vsi_id = VFM_ICE_VF_VSI_ID;
	res->vsi_res[0].vsi_type = VIRTCHNL_VSI_SRIOV;
	res->vsi_res[0].num_queue_pairs = (u16)vf->pf->cfg.num_queue_pairs;
	memcpy(res->vsi_res[0].default_mac_addr, vf->hw_mac, 6);
	o->len = (uint16_t)len;

	vf->caps = caps;
	vf->active = true;
	/* ice_vf_init_vlan_stripping(): with a port VLAN (SVM) stripping is
	 * left alone; else it is on with V1 negotiated, off otherwise */
	if (!vf->pvid) {
		vf->strip_v1 = caps & VIRTCHNL_VF_OFFLOAD_VLAN;
		vf->strip_inner = 0;
	}
	o->link_after = true;
	snprintf(o->detail, sizeof(o->detail), "caps=0x%x", caps);
	return VIRTCHNL_STATUS_SUCCESS;
}

/* ice_vc_set_svm_caps() */
static int32_t op_get_vlan_v2_caps(struct vfm_vf *vf, struct vfm_out *o)
{
	struct virtchnl_vlan_caps *c = &vf->vlan_caps;

	if (!vf->active)
		return VIRTCHNL_STATUS_ERR_PARAM;
	memset(c, 0, sizeof(*c));
	if (!vf->pvid) {
		const uint32_t so = VIRTCHNL_VLAN_ETHERTYPE_8100 | VIRTCHNL_VLAN_TOGGLE |
				    VIRTCHNL_VLAN_TAG_LOCATION_L2TAG1;

		c->filtering.filtering_support.inner = VIRTCHNL_VLAN_ETHERTYPE_8100;
		c->filtering.ethertype_init = VIRTCHNL_VLAN_ETHERTYPE_8100;
		c->filtering.max_filters = (u16)vfm_effective_limit(vf);
		c->offloads.stripping_support.inner = so;
		c->offloads.insertion_support.inner = so;
		c->offloads.ethertype_init = VIRTCHNL_VLAN_ETHERTYPE_8100;
		c->offloads.ethertype_match = VIRTCHNL_ETHERTYPE_STRIPPING_MATCHES_INSERTION;
	}
	memcpy(o->data, c, sizeof(*c));
	o->len = sizeof(*c);
	snprintf(o->detail, sizeof(o->detail), "max_filters=%u", c->filtering.max_filters);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_config_vsi_queues(struct vfm_vf *vf, const uint8_t *msg)
{
	const struct virtchnl_vsi_queue_config_info *qci = (const void *)msg;
	unsigned int nq = vf->pf->cfg.num_queue_pairs, i;

	if (!vf->active || !valid_vsi(qci->vsi_id) || qci->num_queue_pairs > nq)
		return VIRTCHNL_STATUS_ERR_PARAM;
	for (i = 0; i < qci->num_queue_pairs; i++) {
		const struct virtchnl_queue_pair_info *qp = &qci->qpair[i];

		if (qp->txq.vsi_id != qci->vsi_id || qp->rxq.vsi_id != qci->vsi_id ||
		    qp->txq.queue_id != qp->rxq.queue_id || qp->txq.queue_id >= nq ||
		    qp->txq.ring_len > 8160 || qp->rxq.ring_len > 8160)
			return VIRTCHNL_STATUS_ERR_PARAM;
	}
	for (i = 0; i < qci->num_queue_pairs; i++) {
		const struct virtchnl_queue_pair_info *qp = &qci->qpair[i];
		uint16_t q = qp->txq.queue_id;

		vf->tx_ring[q] = qp->txq.dma_ring_addr;
		vf->tx_ring_len[q] = qp->txq.ring_len;
		vf->tx_ntc[q] = 0;	/* a (re)configured ring starts at 0 */
		vf->rx_ring[q] = qp->rxq.dma_ring_addr;
		vf->rx_ring_len[q] = (uint16_t)qp->rxq.ring_len;
		vfm_dp_config_rxq(vf, q, qp->rxq.databuffer_size, qp->rxq.max_pkt_size);
	}
	vf->queues_configured = true;
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_config_irq_map(struct vfm_vf *vf, const uint8_t *msg)
{
	const struct virtchnl_irq_map_info *im = (const void *)msg;
	unsigned int nv = vf->pf->cfg.max_vectors, i;
	uint32_t qmask = (1u << vf->pf->cfg.num_queue_pairs) - 1;

	if (!vf->active || im->num_vectors > nv)
		return VIRTCHNL_STATUS_ERR_PARAM;
	for (i = 0; i < im->num_vectors; i++) {
		const struct virtchnl_vector_map *m = &im->vecmap[i];

		/* vector 0 is the mailbox vector: no queues on it (ice) */
		if (!valid_vsi(m->vsi_id) || m->vector_id >= nv ||
		    (!m->vector_id && (m->rxq_map || m->txq_map)) ||
		    (m->rxq_map & ~qmask) || (m->txq_map & ~qmask) ||
		    m->rxitr_idx > 2 || m->txitr_idx > 2)
			return VIRTCHNL_STATUS_ERR_PARAM;
	}
	for (i = 0; i < im->num_vectors; i++)
		vf->vecmap[im->vecmap[i].vector_id] = im->vecmap[i];
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_queues(struct vfm_vf *vf, const uint8_t *msg, bool enable, struct vfm_out *o)
{
	const struct virtchnl_queue_select *qs = (const void *)msg;
	uint32_t qmask = (1u << vf->pf->cfg.num_queue_pairs) - 1;

	if (enable)
		o->link_after = true;	/* ice notifies link after ENABLE_QUEUES */
	if (!vf->active || !valid_vsi(qs->vsi_id) ||
	    (!qs->rx_queues && !qs->tx_queues) ||
	    (qs->rx_queues & ~qmask) || (qs->tx_queues & ~qmask))
		return VIRTCHNL_STATUS_ERR_PARAM;
	if (enable) {
		vf->rxq_enabled |= qs->rx_queues;
		vf->txq_enabled |= qs->tx_queues;
	} else {
		vf->rxq_enabled &= ~qs->rx_queues;
		vf->txq_enabled &= ~qs->tx_queues;
	}
	snprintf(o->detail, sizeof(o->detail), "rx=0x%x tx=0x%x", qs->rx_queues, qs->tx_queues);
	return VIRTCHNL_STATUS_SUCCESS;
}

/* ice_vc_handle_mac_addr_msg(): ice counts the broadcast filter in num_mac
 * and checks the whole request against ICE_MAX_MACADDR_PER_VF up front */
static int32_t op_eth_addr(struct vfm_vf *vf, const uint8_t *msg, bool add, struct vfm_out *o)
{
	const struct virtchnl_ether_addr_list *al = (const void *)msg;
	unsigned int i;

	if (!vf->active || !valid_vsi(al->vsi_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	if (add && !vf->trusted && vf->num_macs + 1 + al->num_elements > VFM_ICE_MAX_MACADDR)
		return VIRTCHNL_STATUS_ERR_PARAM;
	for (i = 0; i < al->num_elements; i++) {
		const uint8_t *mac = al->list[i].addr;

		if (!i)
			snprintf(o->detail, sizeof(o->detail), "%02x:%02x:%02x:%02x:%02x:%02x%s",
				 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
				 al->num_elements > 1 ? ",..." : "");
		if (mac_is_zero(mac) || mac_is_bcast(mac))
			continue;	/* ice skips these */
		if (!add) {
			mac_del(vf, mac);	/* ENOENT is tolerated */
			continue;
		}
		if (mac_add(vf, mac))
			return VIRTCHNL_STATUS_ERR_ADMIN_QUEUE_ERROR;
	}
	return VIRTCHNL_STATUS_SUCCESS;
}

static void vid_detail(struct vfm_out *o, unsigned int idx, uint16_t vid)
{
	size_t used = strlen(o->detail);

	if (used + 8 >= sizeof(o->detail))
		return;
	snprintf(o->detail + used, sizeof(o->detail) - used, "%s%u",
		 idx ? "," : "vids=", vid);
}

/* ice_vf_has_max_vlans(): untrusted VFs stop at non-zero + 1 >= limit */
static bool has_max_vlans_v1(const struct vfm_vf *vf)
{
	if (vf->trusted)
		return false;
	return vfm_num_nonzero_vlans(vf) + 1 >= vf->vlan_limit;
}

/* ice_vc_process_vlan_msg() */
static int32_t op_vlan_v1(struct vfm_vf *vf, const uint8_t *msg, bool add, struct vfm_out *o)
{
	const struct virtchnl_vlan_filter_list *vfl = (const void *)msg;
	unsigned int i, num_vsi_vlans;

	for (i = 0; i < vfl->num_elements; i++)
		vid_detail(o, i, vfl->vlan_id[i]);
	if (!vf->active || !(vf->caps & VIRTCHNL_VF_OFFLOAD_VLAN) || !valid_vsi(vfl->vsi_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	for (i = 0; i < vfl->num_elements; i++)
		if (vfl->vlan_id[i] >= VFM_VLAN_N_VID)
			return VIRTCHNL_STATUS_ERR_PARAM;
	/* over the limit: "no need to let VF know", SUCCESS without adding */
	if (add && has_max_vlans_v1(vf))
		return VIRTCHNL_STATUS_SUCCESS;
	if (vf->pvid)
		return VIRTCHNL_STATUS_ERR_PARAM;
	if (add) {
		for (i = 0; i < vfl->num_elements; i++) {
			uint16_t vid = vfl->vlan_id[i];

			if (has_max_vlans_v1(vf))
				return VIRTCHNL_STATUS_SUCCESS;
			if (!vid)
				continue;
			vlan_add(vf, vid);
			if (vf->spoofchk)
				vf->tx_vlan_antispoof = true;
		}
		return VIRTCHNL_STATUS_SUCCESS;
	}
	/* DEL walks at most as many entries as the VSI has VLANs */
	num_vsi_vlans = vf->num_vlans;
	for (i = 0; i < vfl->num_elements && i < num_vsi_vlans; i++) {
		uint16_t vid = vfl->vlan_id[i];

		if (!vid)
			continue;
		vlan_del(vf, vid);
		update_antispoof(vf);
	}
	return VIRTCHNL_STATUS_SUCCESS;
}

static bool vc_vlan_valid(const struct virtchnl_vlan *v)
{
	return v->tci && v->tpid;
}

static bool tpid_ok(uint32_t support, uint16_t tpid)
{
	uint32_t et = 0;

	switch (tpid) {
	case 0x8100: et = VIRTCHNL_VLAN_ETHERTYPE_8100; break;
	case 0x88a8: et = VIRTCHNL_VLAN_ETHERTYPE_88A8; break;
	case 0x9100: et = VIRTCHNL_VLAN_ETHERTYPE_9100; break;
	}
	return (support & et) != 0;
}

/* ice_vc_validate_vlan_filter_list() */
static bool v2_list_ok(const struct virtchnl_vlan_filtering_caps *fc,
		       const struct virtchnl_vlan_filter_list_v2 *vfl)
{
	const struct virtchnl_vlan_supported_caps *s = &fc->filtering_support;
	unsigned int i;

	if (!vfl->num_elements)
		return false;
	for (i = 0; i < vfl->num_elements; i++) {
		const struct virtchnl_vlan *out = &vfl->filters[i].outer;
		const struct virtchnl_vlan *in = &vfl->filters[i].inner;

		if ((vc_vlan_valid(out) && s->outer == VIRTCHNL_VLAN_UNSUPPORTED) ||
		    (vc_vlan_valid(in) && s->inner == VIRTCHNL_VLAN_UNSUPPORTED))
			return false;
		if ((out->tci_mask && !(s->outer & VIRTCHNL_VLAN_FILTER_MASK)) ||
		    (in->tci_mask && !(s->inner & VIRTCHNL_VLAN_FILTER_MASK)))
			return false;
		if (((out->tci & VFM_VLAN_PRIO_MASK) && !(s->outer & VIRTCHNL_VLAN_PRIO)) ||
		    ((in->tci & VFM_VLAN_PRIO_MASK) && !(s->inner & VIRTCHNL_VLAN_PRIO)))
			return false;
		if ((vc_vlan_valid(out) && !tpid_ok(s->outer, out->tpid)) ||
		    (vc_vlan_valid(in) && !tpid_ok(s->inner, in->tpid)))
			return false;
	}
	return true;
}

/* ice_vc_add_vlan_v2_msg() / ice_vc_remove_vlan_v2_msg(), single VLAN mode:
 * only inner filters are supported, so outer ones never pass validation. */
static int32_t op_vlan_v2(struct vfm_vf *vf, const uint8_t *msg, bool add, struct vfm_out *o)
{
	const struct virtchnl_vlan_filter_list_v2 *vfl = (const void *)msg;
	unsigned int i;

	for (i = 0; i < vfl->num_elements; i++)
		vid_detail(o, i, vfl->filters[i].inner.tci & VFM_VLAN_VID_MASK);
	if (add) {
		if (!vf->active || !valid_vsi(vfl->vport_id))
			return VIRTCHNL_STATUS_ERR_PARAM;
		/* the whole batch is refused when it could exceed max_filters
		 * (duplicates and VID 0 entries count too) */
		if (vfm_num_nonzero_vlans(vf) + vfl->num_elements > vf->vlan_caps.filtering.max_filters ||
		    !v2_list_ok(&vf->vlan_caps.filtering, vfl))
			return VIRTCHNL_STATUS_ERR_PARAM;
		for (i = 0; i < vfl->num_elements; i++) {
			const struct virtchnl_vlan *in = &vfl->filters[i].inner;
			uint16_t vid = in->tci & VFM_VLAN_VID_MASK;

			if (!vc_vlan_valid(in))
				continue;
			vlan_add(vf, vid);
			if (vf->spoofchk && vid)
				vf->tx_vlan_antispoof = true;
		}
		return VIRTCHNL_STATUS_SUCCESS;
	}
	if (!v2_list_ok(&vf->vlan_caps.filtering, vfl) || !valid_vsi(vfl->vport_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	for (i = 0; i < vfl->num_elements; i++) {
		const struct virtchnl_vlan *in = &vfl->filters[i].inner;

		/* as ice, a non-zero TCI with VID 0 (DEI bit only) removes VLAN 0 */
		if (!vc_vlan_valid(in))
			continue;
		vlan_del(vf, in->tci & VFM_VLAN_VID_MASK);
		update_antispoof(vf);
	}
	return VIRTCHNL_STATUS_SUCCESS;
}

/* ice_vc_valid_vlan_setting_msg(): one ethertype, inner or outer, negotiated */
static bool vlan_setting_ok(const struct virtchnl_vlan_supported_caps *caps,
			    const struct virtchnl_vlan_setting *s)
{
	const uint32_t et_mask = VIRTCHNL_VLAN_ETHERTYPE_8100 | VIRTCHNL_VLAN_ETHERTYPE_88A8 |
				 VIRTCHNL_VLAN_ETHERTYPE_9100;
	uint32_t o = s->outer_ethertype_setting, in = s->inner_ethertype_setting;

	if ((o & ~et_mask) || (in & ~et_mask) || (!o && !in))
		return false;
	if ((o & (o - 1)) || (in & (in - 1)))
		return false;
	if ((o && !(caps->outer & o)) || (in && !(caps->inner & in)))
		return false;
	return true;
}

static int32_t op_vlan_offload_v2(struct vfm_vf *vf, uint32_t op, const uint8_t *msg)
{
	const struct virtchnl_vlan_setting *s = (const void *)msg;
	const struct virtchnl_vlan_offload_caps *oc = &vf->vlan_caps.offloads;
	bool strip = op == VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2 ||
		     op == VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2;
	bool ena = op == VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2 ||
		   op == VIRTCHNL_OP_ENABLE_VLAN_INSERTION_V2;
	uint32_t *inner = strip ? &vf->strip_inner : &vf->insert_inner;
	uint32_t *outer = strip ? &vf->strip_outer : &vf->insert_outer;

	if (!vf->active || !valid_vsi(s->vport_id) ||
	    !vlan_setting_ok(strip ? &oc->stripping_support : &oc->insertion_support, s))
		return VIRTCHNL_STATUS_ERR_PARAM;
	if (ena) {
		*inner |= s->inner_ethertype_setting;
		*outer |= s->outer_ethertype_setting;
	} else {
		*inner &= ~s->inner_ethertype_setting;
		*outer &= ~s->outer_ethertype_setting;
	}
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_promisc(struct vfm_vf *vf, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_promisc_info *pi = (const void *)msg;

	if (!vf->active || !valid_vsi(pi->vsi_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	snprintf(o->detail, sizeof(o->detail), "flags=0x%x%s", pi->flags,
		 vf->trusted ? "" : " ignored(untrusted)");
	/* ice ignores promiscuous requests from untrusted VFs, yet answers 0 */
	if (vf->trusted)
		vf->promisc_flags = pi->flags & (FLAG_VF_UNICAST_PROMISC | FLAG_VF_MULTICAST_PROMISC);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_get_stats(struct vfm_vf *vf, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_queue_select *qs = (const void *)msg;
	/* struct iavf_eth_stats / ice_eth_stats: 12 u64 counters */
	uint64_t stats[12];

	if (!vf->active || !valid_vsi(qs->vsi_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	vfm_dp_get_stats(vf, stats);	/* datapath.c */
	memcpy(o->data, stats, sizeof(stats));
	o->len = sizeof(stats);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_rss(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	if (!vf->active)
		return VIRTCHNL_STATUS_ERR_PARAM;
	switch (op) {
	case VIRTCHNL_OP_CONFIG_RSS_KEY: {
		const struct virtchnl_rss_key *k = (const void *)msg;

		if (!valid_vsi(k->vsi_id) || k->key_len != VFM_RSS_KEY_SIZE)
			return VIRTCHNL_STATUS_ERR_PARAM;
		memcpy(vf->rss_key, k->key, VFM_RSS_KEY_SIZE);
		return VIRTCHNL_STATUS_SUCCESS;
	}
	case VIRTCHNL_OP_CONFIG_RSS_LUT: {
		const struct virtchnl_rss_lut *l = (const void *)msg;

		if (!valid_vsi(l->vsi_id) || l->lut_entries != VFM_RSS_LUT_SIZE)
			return VIRTCHNL_STATUS_ERR_PARAM;
		memcpy(vf->rss_lut, l->lut, VFM_RSS_LUT_SIZE);
		return VIRTCHNL_STATUS_SUCCESS;
	}
	case VIRTCHNL_OP_CONFIG_RSS_HFUNC: {
		const struct virtchnl_rss_hfunc *h = (const void *)msg;

		if (!valid_vsi(h->vsi_id) || h->rss_algorithm > VIRTCHNL_RSS_ALG_XOR_SYMMETRIC)
			return VIRTCHNL_STATUS_ERR_PARAM;
		vf->rss_hfunc = h->rss_algorithm;
		return VIRTCHNL_STATUS_SUCCESS;
	}
	case VIRTCHNL_OP_GET_RSS_HENA_CAPS: {
		struct virtchnl_rss_hena h = { .hena = VFM_DEFAULT_RSS_HENA };

		memcpy(o->data, &h, sizeof(h));
		o->len = sizeof(h);
		return VIRTCHNL_STATUS_SUCCESS;
	}
	case VIRTCHNL_OP_SET_RSS_HENA: {
		const struct virtchnl_rss_hena *h = (const void *)msg;

		vf->rss_hena = h->hena & VFM_DEFAULT_RSS_HENA;
		return VIRTCHNL_STATUS_SUCCESS;
	}
	}
	return VIRTCHNL_STATUS_ERR_NOT_SUPPORTED;
}

/* ice_vc_is_opcode_allowed(): default allowlist, then by negotiated caps */
static bool op_allowed(const struct vfm_vf *vf, uint32_t op)
{
	switch (op) {
	case VIRTCHNL_OP_VERSION:
	case VIRTCHNL_OP_RESET_VF:
	case VIRTCHNL_OP_GET_VF_RESOURCES:
		return true;
	}
	if (!vf->active)
		return false;
	switch (op) {
	case VIRTCHNL_OP_CONFIG_VSI_QUEUES:
	case VIRTCHNL_OP_CONFIG_IRQ_MAP:
	case VIRTCHNL_OP_ENABLE_QUEUES:
	case VIRTCHNL_OP_DISABLE_QUEUES:
	case VIRTCHNL_OP_ADD_ETH_ADDR:
	case VIRTCHNL_OP_DEL_ETH_ADDR:
	case VIRTCHNL_OP_CONFIG_PROMISCUOUS_MODE:
	case VIRTCHNL_OP_GET_STATS:
		return true;
	case VIRTCHNL_OP_ADD_VLAN:
	case VIRTCHNL_OP_DEL_VLAN:
	case VIRTCHNL_OP_ENABLE_VLAN_STRIPPING:
	case VIRTCHNL_OP_DISABLE_VLAN_STRIPPING:
		return vf->caps & VIRTCHNL_VF_OFFLOAD_VLAN;
	case VIRTCHNL_OP_CONFIG_RSS_KEY:
	case VIRTCHNL_OP_CONFIG_RSS_LUT:
	case VIRTCHNL_OP_CONFIG_RSS_HFUNC:
	case VIRTCHNL_OP_GET_RSS_HENA_CAPS:
	case VIRTCHNL_OP_SET_RSS_HENA:
		return vf->caps & VIRTCHNL_VF_OFFLOAD_RSS_PF;
	case VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS:
	case VIRTCHNL_OP_ADD_VLAN_V2:
	case VIRTCHNL_OP_DEL_VLAN_V2:
	case VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2:
	case VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2:
	case VIRTCHNL_OP_ENABLE_VLAN_INSERTION_V2:
	case VIRTCHNL_OP_DISABLE_VLAN_INSERTION_V2:
		return vf->caps & VIRTCHNL_VF_OFFLOAD_VLAN_V2;
	}
	return false;
}

static int32_t dispatch(struct vfm_vf *vf, uint32_t op, uint8_t *msg, struct vfm_out *o)
{
	switch (op) {
	case VIRTCHNL_OP_VERSION:
		return op_version(vf, msg, o);
	case VIRTCHNL_OP_GET_VF_RESOURCES:
		return op_get_vf_resources(vf, msg, o);
	case VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS:
		return op_get_vlan_v2_caps(vf, o);
	case VIRTCHNL_OP_CONFIG_VSI_QUEUES:
		return op_config_vsi_queues(vf, msg);
	case VIRTCHNL_OP_CONFIG_IRQ_MAP:
		return op_config_irq_map(vf, msg);
	case VIRTCHNL_OP_ENABLE_QUEUES:
		return op_queues(vf, msg, true, o);
	case VIRTCHNL_OP_DISABLE_QUEUES:
		return op_queues(vf, msg, false, o);
	case VIRTCHNL_OP_ADD_ETH_ADDR:
		return op_eth_addr(vf, msg, true, o);
	case VIRTCHNL_OP_DEL_ETH_ADDR:
		return op_eth_addr(vf, msg, false, o);
	case VIRTCHNL_OP_ADD_VLAN:
		return op_vlan_v1(vf, msg, true, o);
	case VIRTCHNL_OP_DEL_VLAN:
		return op_vlan_v1(vf, msg, false, o);
	case VIRTCHNL_OP_ADD_VLAN_V2:
		return op_vlan_v2(vf, msg, true, o);
	case VIRTCHNL_OP_DEL_VLAN_V2:
		return op_vlan_v2(vf, msg, false, o);
	case VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2:
	case VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2:
	case VIRTCHNL_OP_ENABLE_VLAN_INSERTION_V2:
	case VIRTCHNL_OP_DISABLE_VLAN_INSERTION_V2:
		return op_vlan_offload_v2(vf, op, msg);
	case VIRTCHNL_OP_ENABLE_VLAN_STRIPPING:
	case VIRTCHNL_OP_DISABLE_VLAN_STRIPPING:
		if (vf->pvid)
			return VIRTCHNL_STATUS_ERR_PARAM;
		vf->strip_v1 = op == VIRTCHNL_OP_ENABLE_VLAN_STRIPPING;
		return VIRTCHNL_STATUS_SUCCESS;
	case VIRTCHNL_OP_CONFIG_PROMISCUOUS_MODE:
		return op_promisc(vf, msg, o);
	case VIRTCHNL_OP_GET_STATS:
		return op_get_stats(vf, msg, o);
	case VIRTCHNL_OP_CONFIG_RSS_KEY:
	case VIRTCHNL_OP_CONFIG_RSS_LUT:
	case VIRTCHNL_OP_CONFIG_RSS_HFUNC:
	case VIRTCHNL_OP_GET_RSS_HENA_CAPS:
	case VIRTCHNL_OP_SET_RSS_HENA:
		return op_rss(vf, op, msg, o);
	}
	return VIRTCHNL_STATUS_ERR_NOT_SUPPORTED;
}

/* ---- fault injection ---- */

static uint32_t rng_next(struct vfm_pf *pf)
{
	/* xorshift64*: deterministic per seed, no global state */
	pf->rng ^= pf->rng >> 12;
	pf->rng ^= pf->rng << 25;
	pf->rng ^= pf->rng >> 27;
	return (uint32_t)((pf->rng * 0x2545f4914f6cdd1dull) >> 32);
}

static struct vfm_fault_slot *fault_match(struct vfm_vf *vf, uint32_t op)
{
	struct vfm_pf *pf = vf->pf;
	unsigned int i;

	for (i = 0; i < VFM_MAX_FAULTS; i++) {
		struct vfm_fault_slot *s = &pf->faults[i];

		if (!s->used || (s->f.vf >= 0 && (unsigned int)s->f.vf != vf->idx) ||
		    (s->f.op && s->f.op != op))
			continue;
		if (s->f.prob_pct && s->f.prob_pct < 100 && rng_next(pf) % 100 >= s->f.prob_pct)
			continue;
		s->hits++;
		if (s->f.count && --s->left == 0)
			s->used = false;	/* spent; the copy returned below stays valid */
		return s;
	}
	return NULL;
}

static void history_add(struct vfm_vf *vf, uint32_t op, uint16_t len, int32_t status,
			const char *outcome, const char *detail)
{
	struct vfm_history *h = &vf->history[vf->history_seq % VFM_HISTORY];

	h->seq = vf->history_seq++;
	h->op = op;
	h->len = len;
	h->status = status;
	h->outcome = outcome;
	snprintf(h->detail, sizeof(h->detail), "%s", detail ? detail : "");
}

/* ---- the PF's mailbox: one request at a time, in order (ice_vc_process_vf_msg) ---- */

/* the VIDs of a VLAN list, for the history of a message that is not dispatched */
static void vlan_msg_detail(uint32_t op, const uint8_t *msg, uint16_t len, struct vfm_out *o)
{
	unsigned int i;

	if (op == VIRTCHNL_OP_ADD_VLAN_V2 || op == VIRTCHNL_OP_DEL_VLAN_V2) {
		const struct virtchnl_vlan_filter_list_v2 *vfl = (const void *)msg;

		for (i = 0; i < vfl->num_elements; i++)
			vid_detail(o, i, vfl->filters[i].inner.tci & VFM_VLAN_VID_MASK);
	} else if (op == VIRTCHNL_OP_ADD_VLAN || op == VIRTCHNL_OP_DEL_VLAN) {
		const struct virtchnl_vlan_filter_list *vfl = (const void *)msg;

		for (i = 0; i < vfl->num_elements; i++)
			vid_detail(o, i, vfl->vlan_id[i]);
	}
	(void)len;	/* the validator has checked the list against len */
}

static int rq_push(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, uint16_t len)
{
	struct vfm_req *q;

	if (vf->rq_count == VFM_RQ_MAX) {
		/* ice's mailbox overflow: the message is lost */
		vfm_logf(vf, VFM_LOG_WARN, "mailbox full behind a held request, op %u lost", op);
		history_add(vf, op, len, 0, "mbx_full", NULL);
		return -ENOSPC;
	}
	q = &vf->rq[(vf->rq_head + vf->rq_count) % VFM_RQ_MAX];
	q->op = op;
	q->len = len;
	if (len)
		memcpy(q->msg, msg, len);
	vf->rq_count++;
	return 0;
}

static void rq_pop(struct vfm_vf *vf)
{
	vf->rq_head = (vf->rq_head + 1) % VFM_RQ_MAX;
	vf->rq_count--;
}

/* a reset of the VF: everything in its mailbox and any hold are gone */
void vfm_pf_mbx_flush(struct vfm_vf *vf)
{
	vf->rq_head = vf->rq_count = 0;
	vf->mbx_block = VFM_MBX_FREE;
	vf->held_op = 0;
}

/*
 * Handle one request. released: the held request at the head of the queue,
 * its hold over (no fault matches again). queued: msg is rq[rq_head].
 * Returns true when the request is now held at the head of the queue.
 */
static bool process_msg(struct vfm_vf *vf, uint32_t op, uint8_t *msg, uint16_t len,
			bool released, bool queued)
{
	struct vfm_out o;
	struct vfm_fault_slot *slot = NULL;
	struct vfm_fault f;
	struct vfm_reply r;
	int32_t status;
	const char *outcome = released ? "fault_delay" : "ok";

	memset(&o, 0, sizeof(o));
	if (vf->resetting) {
		/* ICE_VF_STATE_DIS: the PF refuses until the reset completes */
		status = VIRTCHNL_STATUS_ERR_PARAM;
		outcome = "resetting";
		goto reply;
	}
	if (virtchnl_vc_validate_vf_msg(&vf->ver, op, msg, len)) {
		status = VIRTCHNL_STATUS_ERR_PARAM;
		outcome = "malformed";
		goto reply;
	}
	if (!op_allowed(vf, op)) {
		status = VIRTCHNL_STATUS_ERR_NOT_SUPPORTED;
		outcome = "not_allowed";
		goto reply;
	}
	if (op == VIRTCHNL_OP_RESET_VF) {
		/* ice_vc_reset_vf_msg(): no reply, no notification */
		history_add(vf, op, len, 0, "reset", NULL);
		vfm_vf_hw_reset(vf, false, false);
		return false;
	}

	if (!released)
		slot = fault_match(vf, op);
	if (slot && slot->f.kind == VFM_FAULT_REJECT) {
		status = slot->f.status ? slot->f.status : VIRTCHNL_STATUS_ERR_PARAM;
		outcome = "fault_reject";
		/* keep the VID list in the history for VLAN ops */
		vlan_msg_detail(op, msg, len, &o);
		goto reply;
	}
	if (slot && slot->f.kind == VFM_FAULT_DELAY && !slot->f.apply_now) {
		/* the PF sits on the request: nothing is applied, nothing
		 * behind it is handled until the hold is over */
		if (!vfm_defer(vf, VFM_DEF_RELEASE, (uint64_t)slot->f.delay_ms * 1000000ull, NULL)) {
			if (!queued)
				rq_push(vf, op, msg, len);	/* the queue is empty here */
			vf->mbx_block = VFM_MBX_HELD_REQ;
			vlan_msg_detail(op, msg, len, &o);
			history_add(vf, op, len, 0, "held", o.detail);
			return true;
		}
		slot = NULL;	/* no room to hold it (logged): handled at once */
	}
	status = dispatch(vf, op, msg, &o);
	if (slot) {
		f = slot->f;
		memset(&r, 0, sizeof(r));
		r.op = op;
		r.status = status;
		r.len = o.len;
		memcpy(r.data, o.data, o.len);
		switch (f.kind) {
		case VFM_FAULT_DELAY:	/* apply=now */
			history_add(vf, op, len, status, "fault_delay", o.detail);
			vfm_defer(vf, VFM_DEF_REPLY, (uint64_t)f.delay_ms * 1000000ull, &r);
			break;
		case VFM_FAULT_DROP:
			history_add(vf, op, len, status, "fault_drop", o.detail);
			break;
		case VFM_FAULT_RESET:
			/* the reply is held until the reset: the mailbox waits too */
			history_add(vf, op, len, status, "fault_reset", o.detail);
			if (!vfm_defer(vf, VFM_DEF_RESET, (uint64_t)f.delay_ms * 1000000ull, NULL)) {
				vf->mbx_block = VFM_MBX_HELD_RESET;
				vf->held_op = op;
			}
			break;
		default:
			break;
		}
		/* the fault is on the reply only: the link event still goes */
		if (o.link_after && f.kind != VFM_FAULT_RESET)
			vfm_pf_notify_link(vf);
		return false;
	}
reply:
	history_add(vf, op, len, status, outcome, o.detail);
	vfm_send_to_vf(vf, op, status, o.data, o.len);
	/* ice tells the link state after these ops whatever their status */
	if (o.link_after)
		vfm_pf_notify_link(vf);
	return false;
}

/* handle what waits in the mailbox until it is empty or held again */
static void mbx_drain(struct vfm_vf *vf)
{
	while (vf->rq_count && vf->mbx_block == VFM_MBX_FREE) {
		struct vfm_req *q = &vf->rq[vf->rq_head];
		uint32_t gen = vf->gen;

		if (process_msg(vf, q->op, (uint8_t *)q->msg, q->len, false, true))
			return;		/* held in its turn, stays at the head */
		if (gen != vf->gen)
			return;		/* it reset the VF: the mailbox is empty */
		rq_pop(vf);
	}
}

/* VFM_DEF_RELEASE: the hold is over; apply and answer, then the rest */
void vfm_pf_release(struct vfm_vf *vf)
{
	struct vfm_req *q;
	uint32_t gen = vf->gen;

	if (vf->mbx_block != VFM_MBX_HELD_REQ || !vf->rq_count)
		return;
	vf->mbx_block = VFM_MBX_FREE;
	q = &vf->rq[vf->rq_head];
	process_msg(vf, q->op, (uint8_t *)q->msg, q->len, true, true);
	if (gen != vf->gen)
		return;
	rq_pop(vf);
	mbx_drain(vf);
}

/* one message from the VF's ATQ */
void vfm_pf_handle_msg(struct vfm_vf *vf, uint32_t op, uint8_t *msg, uint16_t len)
{
	if (vf->rq_count || vf->mbx_block != VFM_MBX_FREE) {
		/* a held request: this one waits its turn */
		rq_push(vf, op, msg, len);
		return;
	}
	process_msg(vf, op, msg, len, false, false);
}

/* for dump: the oldest request whose reply is held, and how many are unanswered */
const char *vfm_pf_held(const struct vfm_vf *vf, unsigned int *pending)
{
	const struct vfm_deferred *first = NULL;
	unsigned int i, n = vf->rq_count;
	const char *held = NULL;

	if (vf->mbx_block == VFM_MBX_HELD_REQ && vf->rq_count)
		held = vfm_op_name(vf->rq[vf->rq_head].op);
	else if (vf->mbx_block == VFM_MBX_HELD_RESET) {
		held = vfm_op_name(vf->held_op);
		n++;
	}
	/* apply=now delays: replies waiting for their time */
	for (i = 0; i < VFM_DEFERRED_MAX; i++) {
		const struct vfm_deferred *d = &vf->deferred[i];

		if (d->kind != VFM_DEF_REPLY || d->gen != vf->gen)
			continue;
		n++;
		if (!first || d->due_ns < first->due_ns)
			first = d;
	}
	if (!held && first)
		held = vfm_op_name(first->reply.op);
	if (pending)
		*pending = n;
	return held;
}

/* ---- PF control API ---- */

static struct vfm_vf *get_vf(struct vfm_pf *pf, int vf)
{
	if (!pf || vf < 0 || vf >= VFM_MAX_VFS)
		return NULL;
	return pf->vfs[vf];
}

/* PF-initiated VF reset (ice_reset_vf with ICE_VF_RESET_NOTIFY) */
static void admin_reset(struct vfm_vf *vf)
{
	vfm_vf_hw_reset(vf, true, false);
	vfm_run_deferred(vf);
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
		v->link_up = up;
		if (v->active)
			vfm_pf_notify_link(v);
		return 0;
	}
	pf->link_up = up;
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i] && pf->vfs[i]->active)
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
		if (pf->vfs[i] && pf->vfs[i]->active)
			vfm_pf_notify_reset(pf->vfs[i]);
	for (i = 0; i < VFM_MAX_VFS; i++) {
		if (!pf->vfs[i])
			continue;
		vfm_vf_hw_reset(pf->vfs[i], false, false);
		vfm_run_deferred(pf->vfs[i]);
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
	if (v->trusted == on)
		return 0;
	v->trusted = on;
	admin_reset(v);	/* ice_set_vf_trust() resets the VF */
	return 0;
}

int vfm_pf_set_spoofchk(struct vfm_pf *pf, int vf, bool on)
{
	struct vfm_vf *v = get_vf(pf, vf);

	if (!v)
		return -ENODEV;
	v->spoofchk = on;	/* no reset (ice_set_vf_spoofchk) */
	v->tx_vlan_antispoof = on && vfm_num_nonzero_vlans(v) > 0;
	return 0;
}

int vfm_pf_set_pvid(struct vfm_pf *pf, int vf, uint16_t vid)
{
	struct vfm_vf *v = get_vf(pf, vf);

	if (!v)
		return -ENODEV;
	if (vid >= VFM_VLAN_N_VID)
		return -EINVAL;
	if (v->pvid == vid)
		return 0;
	v->pvid = vid;
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
		v->vlan_limit = limit;
		return 0;
	}
	pf->cfg.vlan_limit = limit;
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i])
			pf->vfs[i]->vlan_limit = limit;
	return 0;
}

int vfm_pf_set_mac(struct vfm_pf *pf, int vf, const uint8_t mac[6])
{
	struct vfm_vf *v = get_vf(pf, vf);

	if (!v || !mac)
		return v ? -EINVAL : -ENODEV;
	memcpy(v->hw_mac, mac, 6);
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
		v->vlan_v1_only = !v2;	/* no reset: the next probe sees it */
		return 0;
	}
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i])
			pf->vfs[i]->vlan_v1_only = !v2;
	return 0;
}

int vfm_pf_fault_add(struct vfm_pf *pf, const struct vfm_fault *f)
{
	unsigned int i;

	if (!pf || !f || f->kind < VFM_FAULT_REJECT || f->kind > VFM_FAULT_RESET ||
	    (f->apply_now && f->kind != VFM_FAULT_DELAY) ||
	    f->prob_pct > 100 || f->vf >= VFM_MAX_VFS || f->vf < -1 ||
	    f->op == VIRTCHNL_OP_RESET_VF)
		return -EINVAL;
	for (i = 0; i < VFM_MAX_FAULTS; i++) {
		if (pf->faults[i].used)
			continue;
		memset(&pf->faults[i], 0, sizeof(pf->faults[i]));
		pf->faults[i].used = true;
		pf->faults[i].f = *f;
		pf->faults[i].left = f->count;
		return (int)i;
	}
	return -ENOSPC;
}

int vfm_pf_fault_clear(struct vfm_pf *pf, int id)
{
	unsigned int i;

	if (!pf || id >= VFM_MAX_FAULTS || id < -1)
		return -EINVAL;
	if (id >= 0) {
		if (!pf->faults[id].used)
			return -ENOENT;
		pf->faults[id].used = false;
		return 0;
	}
	for (i = 0; i < VFM_MAX_FAULTS; i++)
		pf->faults[i].used = false;
	return 0;
}
