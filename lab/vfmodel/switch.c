// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel: the PF's switch between its VFs (the E810 embedded switch as ice
 * programs it for VF VSIs).
 *
 * TX side (the sending VF): with a port VLAN the PF tags untagged frames
 * with the pvid and drops frames the VF tagged itself; with spoofchk the
 * source MAC must be one of the VF's MAC filters (MAC anti-spoof) and, once
 * the VF has a non-zero VLAN (tx_vlan_antispoof, as ice), the VLAN must be
 * one of its filters (VLAN 0 for untagged).
 * RX side (every other VF): the destination MAC must match a MAC filter
 * (broadcast always; multicast also with allmulti, anything with unicast
 * promiscuous, both for trusted VFs only) and the VLAN must match a VLAN
 * filter of that VF, or its pvid, which is then removed. Frames never go
 * back to the sender. No uplink: a frame no VF takes is counted and gone.
 */
#include <string.h>

#include "switch.h"
#include "virtchnl_shim.h"

void vfm_sw_port_rx(struct vfm_switch *sw, unsigned int idx, vfm_sw_deliver_fn deliver,
		    void *ctx, struct vfm_dp_stats *st)
{
	sw->port[idx].deliver = deliver;
	sw->port[idx].dp_ctx = ctx;
	sw->port[idx].st = st;
}

void vfm_sw_port_policy(struct vfm_switch *sw, unsigned int idx,
			const struct vfm_filters *flt, vfm_sw_ready_fn rx_ready, void *ctx)
{
	sw->port[idx].flt = flt;
	sw->port[idx].rx_ready = rx_ready;
	sw->port[idx].pf_ctx = ctx;
}

void vfm_sw_port_clear(struct vfm_switch *sw, unsigned int idx)
{
	memset(&sw->port[idx], 0, sizeof(sw->port[idx]));
}

static bool port_up(const struct vfm_sw_port *p)
{
	return p->deliver && p->flt && p->rx_ready;
}

static bool mac_accepts(const struct vfm_filters *flt, const uint8_t *dmac)
{
	if (vfm_mac_is_bcast(dmac))
		return true;
	if (flt->promisc_flags & FLAG_VF_UNICAST_PROMISC)
		return true;
	if ((dmac[0] & 1) && (flt->promisc_flags & FLAG_VF_MULTICAST_PROMISC))
		return true;
	return vfm_mac_listed(flt, dmac);
}

/* the frame as dst sees it: tagged with tci, or untagged */
static void deliver(const struct vfm_sw_port *dst, const uint8_t *f, uint16_t len,
		    bool in_tagged, bool out_tagged, uint16_t tci)
{
	uint8_t buf[VFM_DP_FRAME_BUF];

	if (in_tagged == out_tagged) {
		dst->deliver(dst->dp_ctx, f, len);
	} else if (in_tagged) {
		memcpy(buf, f, 12);
		memcpy(buf + 12, f + 16, (size_t)len - 16);
		dst->deliver(dst->dp_ctx, buf, (uint16_t)(len - 4));
	} else if ((size_t)len + 4 <= sizeof(buf)) {
		memcpy(buf, f, 12);
		buf[12] = 0x81;
		buf[13] = 0x00;
		buf[14] = (uint8_t)(tci >> 8);
		buf[15] = (uint8_t)tci;
		memcpy(buf + 16, f + 12, (size_t)len - 12);
		dst->deliver(dst->dp_ctx, buf, (uint16_t)(len + 4));
	}
}

/* TX checks of the sending port; false: dropped (counted) */
static bool tx_admit(const struct vfm_sw_port *src, const uint8_t *f, bool tagged,
		     uint16_t *tci, uint16_t *vid)
{
	const struct vfm_filters *flt = src->flt;
	struct vfm_dp_stats *st = src->st;

	if (flt->pvid) {
		/* the port VLAN is the PF's: a VF tag would be a second one */
		if (tagged) {
			st->drop_pvid_tagged++;
			return false;
		}
		*vid = flt->pvid;
		*tci = flt->pvid;
	}
	if (!flt->spoofchk)
		return true;
	if ((f[6] & 1) || !vfm_mac_listed(flt, f + 6)) {
		st->drop_spoof_mac++;
		return false;
	}
	if (flt->tx_vlan_antispoof && !vfm_vlan_test(flt, *vid)) {
		st->drop_spoof_vlan++;
		return false;
	}
	return true;
}

static void count_tx(struct vfm_dp_stats *st, const uint8_t *f, uint16_t len)
{
	st->tx_bytes += len;
	if (vfm_mac_is_bcast(f))
		st->tx_broadcast++;
	else if (f[0] & 1)
		st->tx_multicast++;
	else
		st->tx_unicast++;
}

/* offer the frame to one other port; true when it took a copy */
static bool offer(const struct vfm_sw_port *dst, const uint8_t *f, uint16_t len,
		  bool tagged, uint16_t tci, uint16_t vid)
{
	bool vlan_ok;

	if (!mac_accepts(dst->flt, f))
		return false;
	vlan_ok = dst->flt->pvid ? vid == dst->flt->pvid : vfm_vlan_test(dst->flt, vid);
	if (!vlan_ok) {
		dst->st->drop_vlan++;
		return false;
	}
	if (!dst->rx_ready(dst->pf_ctx)) {
		dst->st->drop_rx_down++;
		return false;
	}
	/* a pvid is removed towards its VF; other VLANs stay tagged */
	deliver(dst, f, len, tagged, !dst->flt->pvid && vid != 0, tci);
	return true;
}

void vfm_sw_forward(struct vfm_switch *sw, unsigned int src, uint8_t *f, uint16_t len)
{
	const struct vfm_sw_port *sp = &sw->port[src];
	bool tagged;
	uint16_t tci, vid;
	unsigned int i, delivered = 0;

	if (len < 14 || len > VFM_DP_MAX_FRAME + 4) {
		sp->st->tx_errors++;
		return;
	}
	tagged = len >= 18 && f[12] == 0x81 && f[13] == 0x00;
	tci = tagged ? (uint16_t)(f[14] << 8 | f[15]) : 0;
	vid = tci & 0x0fff;
	if (!tx_admit(sp, f, tagged, &tci, &vid))
		return;
	count_tx(sp->st, f, len);
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (i != src && port_up(&sw->port[i]) &&
		    offer(&sw->port[i], f, len, tagged, tci, vid))
			delivered++;
	if (!delivered)
		sp->st->tx_no_dest++;
}
