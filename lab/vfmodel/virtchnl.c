// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel PF: the virtchnl handlers, as Linux 6.12's ice driver answers
 * them (drivers/net/ethernet/intel/ice/ice_virtchnl.c), and the op table
 * that says which op is allowed when (ice_vc_is_opcode_allowed) and who
 * handles it. Handlers change the PF's view of the VF and configure its
 * data path; the mailbox (mailbox.c) sends what they answer.
 */
#include <stdio.h>
#include <string.h>

#include "vfmodel_int.h"

#define VFM_VLAN_VID_MASK	0x0fff
#define VFM_VLAN_PRIO_MASK	0xe000
/* ICE_DEFAULT_RSS_HENA: AVF flow fields 29-36 and 39-46 */
#define VFM_DEFAULT_RSS_HENA	0x00007f9fe0000000ull

/* What ice would grant; intersected with what the driver asks for. */
#define VFM_OFFERED_CAPS (VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_RSS_PF | \
			  VIRTCHNL_VF_OFFLOAD_WB_ON_ITR | VIRTCHNL_VF_OFFLOAD_RSS_PCTYPE_V2 | \
			  VIRTCHNL_VF_OFFLOAD_CRC | VIRTCHNL_VF_CAP_ADV_LINK_SPEED)

static void update_antispoof(struct vfm_filters *flt)
{
	if (!vfm_num_nonzero_vlans(flt))
		flt->tx_vlan_antispoof = false;	/* only VLAN 0 left: filtering off */
}

static bool valid_vsi(uint16_t vsi_id)
{
	return vsi_id == VFM_ICE_VF_VSI_ID;
}

static int32_t op_version(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	struct virtchnl_version_info info = { VIRTCHNL_VERSION_MAJOR, VIRTCHNL_VERSION_MINOR };

	(void)op;
	memcpy(&vf->pv.ver, msg, sizeof(vf->pv.ver));
	if (VF_IS_V10(&vf->pv.ver))
		info.minor = VIRTCHNL_VERSION_MINOR_NO_VF_CAPS;
	memcpy(o->data, &info, sizeof(info));
	o->len = sizeof(info);
	return VIRTCHNL_STATUS_SUCCESS;
}

/* the caps the PF grants for what the driver asks */
static uint32_t grant_caps(const struct vfm_vf *vf, const uint8_t *msg)
{
	uint32_t driver_caps, caps = VIRTCHNL_VF_OFFLOAD_L2;

	if (VF_IS_V11(&vf->pv.ver))
		memcpy(&driver_caps, msg, sizeof(driver_caps));
	else
		driver_caps = VIRTCHNL_VF_OFFLOAD_L2 | VIRTCHNL_VF_OFFLOAD_VLAN;

	/* ice_vc_get_vlan_caps() in single VLAN mode; a V1-only VF (`caps
	 * vf=N vlan=v1`) is answered as by a PF that does not know VLAN_V2 */
	if ((driver_caps & VIRTCHNL_VF_OFFLOAD_VLAN_V2) && !vf->pv.vlan_v1_only)
		caps |= VIRTCHNL_VF_OFFLOAD_VLAN_V2;
	else if ((driver_caps & VIRTCHNL_VF_OFFLOAD_VLAN) && !vf->pv.flt.pvid)
		caps |= VIRTCHNL_VF_OFFLOAD_VLAN;
	return caps | (driver_caps & VFM_OFFERED_CAPS);
}

static int32_t op_get_vf_resources(struct vfm_vf *vf, uint32_t op, const uint8_t *msg,
				   struct vfm_out *o)
{
	struct virtchnl_vf_resource *res = (struct virtchnl_vf_resource *)o->data;
	size_t len = virtchnl_struct_size(res, vsi_res, 0);
	uint32_t caps = grant_caps(vf, msg);

	(void)op;
	memset(o->data, 0, len);
	res->num_vsis = 1;
	res->num_queue_pairs = (u16)vf->pf->cfg.num_queue_pairs;
	res->max_vectors = (u16)vf->pf->cfg.max_vectors;
	/* ice_vc_get_max_frame_size(): the port's max frame, less a tag with a pvid */
	res->max_mtu = vf->pv.flt.pvid ? 9728 - 4 : 9728;
	res->vf_cap_flags = caps;
	res->rss_key_size = VFM_RSS_KEY_SIZE;
	res->rss_lut_size = VFM_RSS_LUT_SIZE;
	res->vsi_res[0].vsi_id = VFM_ICE_VF_VSI_ID;
	res->vsi_res[0].vsi_type = VIRTCHNL_VSI_SRIOV;
	res->vsi_res[0].num_queue_pairs = (u16)vf->pf->cfg.num_queue_pairs;
	memcpy(res->vsi_res[0].default_mac_addr, vf->pv.hw_mac, 6);
	o->len = (uint16_t)len;

	vf->pv.caps = caps;
	vf->pv.active = true;
	/* ice_vf_init_vlan_stripping(): with a port VLAN (SVM) stripping is
	 * left alone; else it is on with V1 negotiated, off otherwise */
	if (!vf->pv.flt.pvid) {
		vf->pv.strip_v1 = caps & VIRTCHNL_VF_OFFLOAD_VLAN;
		vf->pv.strip_inner = 0;
	}
	o->link_after = true;
	snprintf(o->detail, sizeof(o->detail), "caps=0x%x", caps);
	return VIRTCHNL_STATUS_SUCCESS;
}

/* ice_vc_set_svm_caps() */
static int32_t op_get_vlan_v2_caps(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	struct virtchnl_vlan_caps *c = &vf->pv.vlan_caps;

	(void)op, (void)msg;
	if (!vf->pv.active)
		return VIRTCHNL_STATUS_ERR_PARAM;
	memset(c, 0, sizeof(*c));
	if (!vf->pv.flt.pvid) {
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

static int32_t op_config_vsi_queues(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_vsi_queue_config_info *qci = (const void *)msg;
	unsigned int nq = vf->pf->cfg.num_queue_pairs, i;

	(void)op, (void)o;
	if (!vf->pv.active || !valid_vsi(qci->vsi_id) || qci->num_queue_pairs > nq)
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

		vfm_dp_config_queue(&vf->dp, q, qp->txq.dma_ring_addr, qp->txq.ring_len,
				    qp->rxq.dma_ring_addr, (uint16_t)qp->rxq.ring_len,
				    qp->rxq.databuffer_size, qp->rxq.max_pkt_size);
	}
	vf->pv.queues_configured = true;
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_config_irq_map(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_irq_map_info *im = (const void *)msg;
	unsigned int nv = vf->pf->cfg.max_vectors, i;
	uint32_t qmask = (1u << vf->pf->cfg.num_queue_pairs) - 1;

	(void)op, (void)o;
	if (!vf->pv.active || im->num_vectors > nv)
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
		vfm_dp_map_vector(&vf->dp, im->vecmap[i].vector_id, im->vecmap[i].rxq_map,
				  im->vecmap[i].txq_map);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_queues(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_queue_select *qs = (const void *)msg;
	uint32_t qmask = (1u << vf->pf->cfg.num_queue_pairs) - 1;
	bool enable = op == VIRTCHNL_OP_ENABLE_QUEUES;

	if (enable)
		o->link_after = true;	/* ice notifies link after ENABLE_QUEUES */
	if (!vf->pv.active || !valid_vsi(qs->vsi_id) ||
	    (!qs->rx_queues && !qs->tx_queues) ||
	    (qs->rx_queues & ~qmask) || (qs->tx_queues & ~qmask))
		return VIRTCHNL_STATUS_ERR_PARAM;
	vfm_dp_enable(&vf->dp, qs->rx_queues, qs->tx_queues, enable);
	snprintf(o->detail, sizeof(o->detail), "rx=0x%x tx=0x%x", qs->rx_queues, qs->tx_queues);
	return VIRTCHNL_STATUS_SUCCESS;
}

/* ice_vc_handle_mac_addr_msg(): ice counts the broadcast filter in num_mac
 * and checks the whole request against ICE_MAX_MACADDR_PER_VF up front */
static int32_t op_eth_addr(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_ether_addr_list *al = (const void *)msg;
	bool add = op == VIRTCHNL_OP_ADD_ETH_ADDR;
	unsigned int i;

	if (!vf->pv.active || !valid_vsi(al->vsi_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	if (add && !vf->pv.trusted && vf->pv.flt.num_macs + 1 + al->num_elements > VFM_ICE_MAX_MACADDR)
		return VIRTCHNL_STATUS_ERR_PARAM;
	for (i = 0; i < al->num_elements; i++) {
		const uint8_t *mac = al->list[i].addr;

		if (!i)
			snprintf(o->detail, sizeof(o->detail), "%02x:%02x:%02x:%02x:%02x:%02x%s",
				 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
				 al->num_elements > 1 ? ",..." : "");
		if (vfm_mac_is_zero(mac) || vfm_mac_is_bcast(mac))
			continue;	/* ice skips these */
		if (!add) {
			vfm_mac_del(&vf->pv.flt, mac);	/* ENOENT is tolerated */
			continue;
		}
		if (vfm_mac_add(&vf->pv.flt, mac))
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
	if (vf->pv.trusted)
		return false;
	return vfm_num_nonzero_vlans(&vf->pv.flt) + 1 >= vf->pv.vlan_limit;
}

/* ice_vc_process_vlan_msg() */
static int32_t op_vlan_v1(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_vlan_filter_list *vfl = (const void *)msg;
	bool add = op == VIRTCHNL_OP_ADD_VLAN;
	unsigned int i, num_vsi_vlans;

	for (i = 0; i < vfl->num_elements; i++)
		vid_detail(o, i, vfl->vlan_id[i]);
	if (!vf->pv.active || !(vf->pv.caps & VIRTCHNL_VF_OFFLOAD_VLAN) || !valid_vsi(vfl->vsi_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	for (i = 0; i < vfl->num_elements; i++)
		if (vfl->vlan_id[i] >= VFM_VLAN_N_VID)
			return VIRTCHNL_STATUS_ERR_PARAM;
	/* over the limit: "no need to let VF know", SUCCESS without adding */
	if (add && has_max_vlans_v1(vf))
		return VIRTCHNL_STATUS_SUCCESS;
	if (vf->pv.flt.pvid)
		return VIRTCHNL_STATUS_ERR_PARAM;
	if (add) {
		for (i = 0; i < vfl->num_elements; i++) {
			uint16_t vid = vfl->vlan_id[i];

			if (has_max_vlans_v1(vf))
				return VIRTCHNL_STATUS_SUCCESS;
			if (!vid)
				continue;
			vfm_vlan_add(&vf->pv.flt, vid);
			if (vf->pv.flt.spoofchk)
				vf->pv.flt.tx_vlan_antispoof = true;
		}
		return VIRTCHNL_STATUS_SUCCESS;
	}
	/* DEL walks at most as many entries as the VSI has VLANs */
	num_vsi_vlans = vf->pv.flt.num_vlans;
	for (i = 0; i < vfl->num_elements && i < num_vsi_vlans; i++) {
		uint16_t vid = vfl->vlan_id[i];

		if (!vid)
			continue;
		vfm_vlan_del(&vf->pv.flt, vid);
		update_antispoof(&vf->pv.flt);
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
static int32_t op_vlan_v2(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_vlan_filter_list_v2 *vfl = (const void *)msg;
	unsigned int i;

	for (i = 0; i < vfl->num_elements; i++)
		vid_detail(o, i, vfl->filters[i].inner.tci & VFM_VLAN_VID_MASK);
	if (op == VIRTCHNL_OP_ADD_VLAN_V2) {
		if (!vf->pv.active || !valid_vsi(vfl->vport_id))
			return VIRTCHNL_STATUS_ERR_PARAM;
		/* the whole batch is refused when it could exceed max_filters
		 * (duplicates and VID 0 entries count too) */
		if (vfm_num_nonzero_vlans(&vf->pv.flt) + vfl->num_elements > vf->pv.vlan_caps.filtering.max_filters ||
		    !v2_list_ok(&vf->pv.vlan_caps.filtering, vfl))
			return VIRTCHNL_STATUS_ERR_PARAM;
		for (i = 0; i < vfl->num_elements; i++) {
			const struct virtchnl_vlan *in = &vfl->filters[i].inner;
			uint16_t vid = in->tci & VFM_VLAN_VID_MASK;

			if (!vc_vlan_valid(in))
				continue;
			vfm_vlan_add(&vf->pv.flt, vid);
			if (vf->pv.flt.spoofchk && vid)
				vf->pv.flt.tx_vlan_antispoof = true;
		}
		return VIRTCHNL_STATUS_SUCCESS;
	}
	if (!v2_list_ok(&vf->pv.vlan_caps.filtering, vfl) || !valid_vsi(vfl->vport_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	for (i = 0; i < vfl->num_elements; i++) {
		const struct virtchnl_vlan *in = &vfl->filters[i].inner;

		/* as ice, a non-zero TCI with VID 0 (DEI bit only) removes VLAN 0 */
		if (!vc_vlan_valid(in))
			continue;
		vfm_vlan_del(&vf->pv.flt, in->tci & VFM_VLAN_VID_MASK);
		update_antispoof(&vf->pv.flt);
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

static int32_t op_vlan_offload_v2(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_vlan_setting *s = (const void *)msg;
	const struct virtchnl_vlan_offload_caps *oc = &vf->pv.vlan_caps.offloads;
	bool strip = op == VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2 ||
		     op == VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2;
	bool ena = op == VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2 ||
		   op == VIRTCHNL_OP_ENABLE_VLAN_INSERTION_V2;
	uint32_t *inner = strip ? &vf->pv.strip_inner : &vf->pv.insert_inner;
	uint32_t *outer = strip ? &vf->pv.strip_outer : &vf->pv.insert_outer;

	(void)o;
	if (!vf->pv.active || !valid_vsi(s->vport_id) ||
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

static int32_t op_promisc(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_promisc_info *pi = (const void *)msg;

	(void)op;
	if (!vf->pv.active || !valid_vsi(pi->vsi_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	snprintf(o->detail, sizeof(o->detail), "flags=0x%x%s", pi->flags,
		 vf->pv.trusted ? "" : " ignored(untrusted)");
	/* ice ignores promiscuous requests from untrusted VFs, yet answers 0 */
	if (vf->pv.trusted)
		vf->pv.flt.promisc_flags = pi->flags & (FLAG_VF_UNICAST_PROMISC | FLAG_VF_MULTICAST_PROMISC);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_get_stats(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_queue_select *qs = (const void *)msg;
	/* struct iavf_eth_stats / ice_eth_stats: 12 u64 counters */
	uint64_t stats[12];

	(void)op;
	if (!vf->pv.active || !valid_vsi(qs->vsi_id))
		return VIRTCHNL_STATUS_ERR_PARAM;
	vfm_dp_get_stats(&vf->dp, stats);	/* datapath.c */
	memcpy(o->data, stats, sizeof(stats));
	o->len = sizeof(stats);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_rss_key(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_rss_key *k = (const void *)msg;

	(void)op, (void)o;
	if (!vf->pv.active || !valid_vsi(k->vsi_id) || k->key_len != VFM_RSS_KEY_SIZE)
		return VIRTCHNL_STATUS_ERR_PARAM;
	memcpy(vf->pv.rss_key, k->key, VFM_RSS_KEY_SIZE);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_rss_lut(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_rss_lut *l = (const void *)msg;

	(void)op, (void)o;
	if (!vf->pv.active || !valid_vsi(l->vsi_id) || l->lut_entries != VFM_RSS_LUT_SIZE)
		return VIRTCHNL_STATUS_ERR_PARAM;
	memcpy(vf->pv.rss_lut, l->lut, VFM_RSS_LUT_SIZE);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_rss_hfunc(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct virtchnl_rss_hfunc *h = (const void *)msg;

	(void)op, (void)o;
	if (!vf->pv.active || !valid_vsi(h->vsi_id) ||
	    h->rss_algorithm > VIRTCHNL_RSS_ALG_XOR_SYMMETRIC)
		return VIRTCHNL_STATUS_ERR_PARAM;
	vf->pv.rss_hfunc = h->rss_algorithm;
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_rss_hena_caps(struct vfm_vf *vf, uint32_t op, const uint8_t *msg,
				struct vfm_out *o)
{
	struct virtchnl_rss_hena h = { .hena = VFM_DEFAULT_RSS_HENA };

	(void)op, (void)msg;
	if (!vf->pv.active)
		return VIRTCHNL_STATUS_ERR_PARAM;
	memcpy(o->data, &h, sizeof(h));
	o->len = sizeof(h);
	return VIRTCHNL_STATUS_SUCCESS;
}

static int32_t op_set_rss_hena(struct vfm_vf *vf, uint32_t op, const uint8_t *msg,
			       struct vfm_out *o)
{
	const struct virtchnl_rss_hena *h = (const void *)msg;

	(void)op, (void)o;
	if (!vf->pv.active)
		return VIRTCHNL_STATUS_ERR_PARAM;
	vf->pv.rss_hena = h->hena & VFM_DEFAULT_RSS_HENA;
	return VIRTCHNL_STATUS_SUCCESS;
}

/* ENABLE/DISABLE_VLAN_STRIPPING (V1) */
static int32_t op_strip_v1(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	(void)msg, (void)o;
	if (vf->pv.flt.pvid)
		return VIRTCHNL_STATUS_ERR_PARAM;
	vf->pv.strip_v1 = op == VIRTCHNL_OP_ENABLE_VLAN_STRIPPING;
	return VIRTCHNL_STATUS_SUCCESS;
}

typedef int32_t (*vc_handler)(struct vfm_vf *vf, uint32_t op, const uint8_t *msg,
			      struct vfm_out *o);

struct vc_op {
	uint32_t op;
	bool any_state;		/* ice's default allowlist: also before GET_VF_RESOURCES */
	uint32_t caps;		/* negotiated caps it needs; 0 none */
	vc_handler fn;		/* NULL: RESET_VF, the mailbox resets the VF */
};

#define VLAN1	VIRTCHNL_VF_OFFLOAD_VLAN
#define VLAN2	VIRTCHNL_VF_OFFLOAD_VLAN_V2
#define RSS	VIRTCHNL_VF_OFFLOAD_RSS_PF

static const struct vc_op vc_ops[] = {
	{ VIRTCHNL_OP_VERSION, true, 0, op_version },
	{ VIRTCHNL_OP_RESET_VF, true, 0, NULL },
	{ VIRTCHNL_OP_GET_VF_RESOURCES, true, 0, op_get_vf_resources },
	{ VIRTCHNL_OP_CONFIG_VSI_QUEUES, false, 0, op_config_vsi_queues },
	{ VIRTCHNL_OP_CONFIG_IRQ_MAP, false, 0, op_config_irq_map },
	{ VIRTCHNL_OP_ENABLE_QUEUES, false, 0, op_queues },
	{ VIRTCHNL_OP_DISABLE_QUEUES, false, 0, op_queues },
	{ VIRTCHNL_OP_ADD_ETH_ADDR, false, 0, op_eth_addr },
	{ VIRTCHNL_OP_DEL_ETH_ADDR, false, 0, op_eth_addr },
	{ VIRTCHNL_OP_CONFIG_PROMISCUOUS_MODE, false, 0, op_promisc },
	{ VIRTCHNL_OP_GET_STATS, false, 0, op_get_stats },
	{ VIRTCHNL_OP_ADD_VLAN, false, VLAN1, op_vlan_v1 },
	{ VIRTCHNL_OP_DEL_VLAN, false, VLAN1, op_vlan_v1 },
	{ VIRTCHNL_OP_ENABLE_VLAN_STRIPPING, false, VLAN1, op_strip_v1 },
	{ VIRTCHNL_OP_DISABLE_VLAN_STRIPPING, false, VLAN1, op_strip_v1 },
	{ VIRTCHNL_OP_CONFIG_RSS_KEY, false, RSS, op_rss_key },
	{ VIRTCHNL_OP_CONFIG_RSS_LUT, false, RSS, op_rss_lut },
	{ VIRTCHNL_OP_CONFIG_RSS_HFUNC, false, RSS, op_rss_hfunc },
	{ VIRTCHNL_OP_GET_RSS_HENA_CAPS, false, RSS, op_rss_hena_caps },
	{ VIRTCHNL_OP_SET_RSS_HENA, false, RSS, op_set_rss_hena },
	{ VIRTCHNL_OP_GET_OFFLOAD_VLAN_V2_CAPS, false, VLAN2, op_get_vlan_v2_caps },
	{ VIRTCHNL_OP_ADD_VLAN_V2, false, VLAN2, op_vlan_v2 },
	{ VIRTCHNL_OP_DEL_VLAN_V2, false, VLAN2, op_vlan_v2 },
	{ VIRTCHNL_OP_ENABLE_VLAN_STRIPPING_V2, false, VLAN2, op_vlan_offload_v2 },
	{ VIRTCHNL_OP_DISABLE_VLAN_STRIPPING_V2, false, VLAN2, op_vlan_offload_v2 },
	{ VIRTCHNL_OP_ENABLE_VLAN_INSERTION_V2, false, VLAN2, op_vlan_offload_v2 },
	{ VIRTCHNL_OP_DISABLE_VLAN_INSERTION_V2, false, VLAN2, op_vlan_offload_v2 },
};

static const struct vc_op *vc_find(uint32_t op)
{
	size_t i;

	for (i = 0; i < sizeof(vc_ops) / sizeof(vc_ops[0]); i++)
		if (vc_ops[i].op == op)
			return &vc_ops[i];
	return NULL;
}

/* ice_vc_is_opcode_allowed(): default allowlist, then by negotiated caps */
bool vfm_vc_allowed(const struct vfm_vf *vf, uint32_t op)
{
	const struct vc_op *e = vc_find(op);

	if (!e)
		return false;
	if (e->any_state)
		return true;
	return vf->pv.active && (!e->caps || (vf->pv.caps & e->caps));
}

int32_t vfm_vc_dispatch(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o)
{
	const struct vc_op *e = vc_find(op);
	int32_t status;

	if (!e || !e->fn)
		return VIRTCHNL_STATUS_ERR_NOT_SUPPORTED;
	status = e->fn(vf, op, msg, o);
	vfm_pfvf_sync_dp(vf);	/* stripping may have changed */
	return status;
}

/* the VIDs of a VLAN list, for the history of a message that is not dispatched */
void vfm_vc_vlan_detail(uint32_t op, const uint8_t *msg, struct vfm_out *o)
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
}
