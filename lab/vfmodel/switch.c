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

#include "vfmodel_int.h"

static bool is_bcast(const uint8_t *m)
{
	return (m[0] & m[1] & m[2] & m[3] & m[4] & m[5]) == 0xff;
}

static bool mac_listed(const struct vfm_vf *vf, const uint8_t *m)
{
	unsigned int i;

	for (i = 0; i < vf->num_macs; i++)
		if (!memcmp(vf->macs[i], m, 6))
			return true;
	return false;
}

static bool mac_accepts(const struct vfm_vf *vf, const uint8_t *dmac)
{
	if (is_bcast(dmac))
		return true;
	if (vf->promisc_flags & FLAG_VF_UNICAST_PROMISC)
		return true;
	if ((dmac[0] & 1) && (vf->promisc_flags & FLAG_VF_MULTICAST_PROMISC))
		return true;
	return mac_listed(vf, dmac);
}

/* the frame as dst sees it: tagged with tci, or untagged */
static void deliver(struct vfm_vf *dst, const uint8_t *f, uint16_t len, bool in_tagged,
		    bool out_tagged, uint16_t tci)
{
	uint8_t buf[VFM_DP_FRAME_BUF];

	if (in_tagged == out_tagged) {
		vfm_dp_enqueue(dst, f, len);
	} else if (in_tagged) {
		memcpy(buf, f, 12);
		memcpy(buf + 12, f + 16, (size_t)len - 16);
		vfm_dp_enqueue(dst, buf, (uint16_t)(len - 4));
	} else if ((size_t)len + 4 <= sizeof(buf)) {
		memcpy(buf, f, 12);
		buf[12] = 0x81;
		buf[13] = 0x00;
		buf[14] = (uint8_t)(tci >> 8);
		buf[15] = (uint8_t)tci;
		memcpy(buf + 16, f + 12, (size_t)len - 12);
		vfm_dp_enqueue(dst, buf, (uint16_t)(len + 4));
	}
}

void vfm_sw_forward(struct vfm_vf *src, uint8_t *f, uint16_t len)
{
	struct vfm_pf *pf = src->pf;
	struct vfm_dp_stats *st = &src->dp.st;
	bool tagged;
	uint16_t tci, vid;
	unsigned int i, delivered = 0;

	if (len < 14 || len > VFM_DP_MAX_FRAME + 4) {
		st->tx_errors++;
		return;
	}
	tagged = len >= 18 && f[12] == 0x81 && f[13] == 0x00;
	tci = tagged ? (uint16_t)(f[14] << 8 | f[15]) : 0;
	vid = tci & 0x0fff;
	if (src->pvid) {
		/* the port VLAN is the PF's: a VF tag would be a second one */
		if (tagged) {
			st->drop_pvid_tagged++;
			return;
		}
		vid = src->pvid;
		tci = src->pvid;
	}
	if (src->spoofchk) {
		if ((f[6] & 1) || !mac_listed(src, f + 6)) {
			st->drop_spoof_mac++;
			return;
		}
		if (src->tx_vlan_antispoof && !vfm_vlan_test(src, vid)) {
			st->drop_spoof_vlan++;
			return;
		}
	}
	st->tx_bytes += len;
	if (is_bcast(f))
		st->tx_broadcast++;
	else if (f[0] & 1)
		st->tx_multicast++;
	else
		st->tx_unicast++;

	for (i = 0; i < VFM_MAX_VFS; i++) {
		struct vfm_vf *dst = pf->vfs[i];
		bool vlan_ok;

		if (!dst || dst == src || !mac_accepts(dst, f))
			continue;
		vlan_ok = dst->pvid ? vid == dst->pvid : vfm_vlan_test(dst, vid);
		if (!vlan_ok) {
			dst->dp.st.drop_vlan++;
			continue;
		}
		if (!dst->active || dst->resetting || !dst->rxq_enabled) {
			dst->dp.st.drop_rx_down++;
			continue;
		}
		/* a pvid is removed towards its VF; other VLANs stay tagged */
		deliver(dst, f, len, tagged, !dst->pvid && vid != 0, tci);
		delivered++;
	}
	if (!delivered)
		st->tx_no_dest++;
}
