// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel control language output: the PF's view of each VF (dump, text and
 * JSON), the message history and the fault table. Formats: vfmodel.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "ctl.h"

const char *const vfm_fault_kind_names[5] = { "", "reject", "delay", "drop", "reset" };

void outf(struct outbuf *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!o->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->len < o->cap ? o->p + o->len : NULL,
		      o->len < o->cap ? o->cap - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void fmt_mac(char *buf, size_t len, const uint8_t *m)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static const char *vf_state(const struct vfm_vf *vf)
{
	if (vf->pv.resetting)
		return "resetting";
	return vf->pv.active ? "active" : "down";
}

static bool link_up(const struct vfm_vf *vf)
{
	return vf->pf->link_up && vf->pv.link_up;
}

/* the VLAN filters and MAC filters, comma separated; returns the counts */
static unsigned int list_vlans(const struct vfm_filters *flt, struct outbuf *o)
{
	unsigned int vid, k = 0;

	for (vid = 0; vid < VFM_VLAN_N_VID; vid++)
		if (vfm_vlan_test(flt, (uint16_t)vid))
			outf(o, "%s%u", k++ ? "," : "", vid);
	return k;
}

static void list_macs(const struct vfm_filters *flt, bool quoted, struct outbuf *o)
{
	char mac[24];
	unsigned int i;

	for (i = 0; i < flt->num_macs; i++) {
		fmt_mac(mac, sizeof(mac), flt->macs[i]);
		outf(o, quoted ? "%s\"%s\"" : "%s%s", i ? "," : "", mac);
	}
}

static void dump_json(const struct vfm_vf *vf, struct outbuf *o)
{
	const struct vfm_pfvf *pv = &vf->pv;
	char mac[24], dp[512];	/* dp: data path counters (datapath.c) */
	unsigned int pending;
	const char *held = vfm_mbx_held(vf, &pending);

	fmt_mac(mac, sizeof(mac), pv->hw_mac);
	outf(o, "{\"pf\":\"%s\",\"vf\":%u,\"mac\":\"%s\",\"state\":\"%s\",\"trust\":%s,"
	     "\"spoofchk\":%s,\"pvid\":%u,\"limit\":%u,\"max_filters\":%u,\"link\":%s,"
	     "\"vlans\":[", vf->pf->name, vf->idx, mac, vf_state(vf),
	     pv->trusted ? "true" : "false", pv->flt.spoofchk ? "true" : "false", pv->flt.pvid,
	     pv->vlan_limit, pv->vlan_caps.filtering.max_filters, link_up(vf) ? "true" : "false");
	list_vlans(&pv->flt, o);
	outf(o, "],\"nvlans\":%u,\"macs\":[", vfm_num_nonzero_vlans(&pv->flt));
	list_macs(&pv->flt, true, o);
	vfm_dp_format(&vf->dp, true, dp, sizeof(dp));
	outf(o, "],\"promisc\":%u,\"rxq\":%u,\"txq\":%u,\"caps\":%u,\"vlan_antispoof\":%s,"
	     "\"resets\":%u,\"msgs\":%llu%s,\"held\":", pv->flt.promisc_flags, vf->dp.rxq_enabled,
	     vf->dp.txq_enabled, pv->caps, pv->flt.tx_vlan_antispoof ? "true" : "false",
	     pv->resets, (unsigned long long)vf->dev.msgs, dp);
	if (held)
		outf(o, "\"%s\"", held);
	else
		outf(o, "null");
	outf(o, ",\"pending\":%u,\"vlan_caps\":\"%s\"}\n", pending,
	     pv->vlan_v1_only ? "v1" : "v2");
}

static void dump_text(const struct vfm_vf *vf, struct outbuf *o)
{
	const struct vfm_pfvf *pv = &vf->pv;
	char mac[24], dp[512];	/* dp: data path counters (datapath.c) */
	unsigned int pending, k;
	const char *held = vfm_mbx_held(vf, &pending);

	fmt_mac(mac, sizeof(mac), pv->hw_mac);
	outf(o, "pf=%s vf=%u mac=%s state=%s trust=%s spoofchk=%s pvid=%u limit=%u max_filters=%u "
	     "link=%s vlans=", vf->pf->name, vf->idx, mac, vf_state(vf), pv->trusted ? "on" : "off",
	     pv->flt.spoofchk ? "on" : "off", pv->flt.pvid, pv->vlan_limit,
	     pv->vlan_caps.filtering.max_filters, link_up(vf) ? "up" : "down");
	k = list_vlans(&pv->flt, o);
	outf(o, "%s nvlans=%u macs=", k ? "" : "-", vfm_num_nonzero_vlans(&pv->flt));
	list_macs(&pv->flt, false, o);
	vfm_dp_format(&vf->dp, false, dp, sizeof(dp));
	outf(o, "%s promisc=0x%x rxq=0x%x txq=0x%x caps=0x%x vlan_antispoof=%s resets=%u msgs=%llu%s"
	     " held=%s pending=%u vlan_caps=%s\n",
	     pv->flt.num_macs ? "" : "-", pv->flt.promisc_flags, vf->dp.rxq_enabled,
	     vf->dp.txq_enabled, pv->caps, pv->flt.tx_vlan_antispoof ? "on" : "off", pv->resets,
	     (unsigned long long)vf->dev.msgs, dp, held ? held : "-", pending,
	     pv->vlan_v1_only ? "v1" : "v2");
}

void vfm_dump_vf(const struct vfm_vf *vf, bool json, struct outbuf *o)
{
	if (json)
		dump_json(vf, o);
	else
		dump_text(vf, o);
}

void vfm_dump_history(const struct vfm_vf *vf, struct outbuf *o)
{
	const struct vfm_pfvf *pv = &vf->pv;
	uint64_t first = pv->history_seq > VFM_HISTORY ? pv->history_seq - VFM_HISTORY : 0;
	uint64_t s;

	for (s = first; s < pv->history_seq; s++) {
		const struct vfm_history *h = &pv->history[s % VFM_HISTORY];

		outf(o, "vf=%u seq=%llu op=%u name=%s len=%u status=%d outcome=%s%s%s\n", vf->idx,
		     (unsigned long long)h->seq, h->op, vfm_op_name(h->op), h->len, h->status,
		     h->outcome, h->detail[0] ? " " : "", h->detail);
	}
}

void vfm_dump_faults(const struct vfm_pf *pf, struct outbuf *o)
{
	unsigned int i;

	for (i = 0; i < VFM_MAX_FAULTS; i++) {
		const struct vfm_fault_slot *s = &pf->faults[i];

		if (!s->used)
			continue;
		outf(o, "id=%u vf=", i);
		if (s->f.vf < 0)
			outf(o, "any");
		else
			outf(o, "%d", s->f.vf);
		outf(o, " op=%s %s status=%d ms=%u count=%u left=%u prob=%u hits=%llu%s\n",
		     s->f.op ? vfm_op_name(s->f.op) : "any", vfm_fault_kind_names[s->f.kind],
		     s->f.status, s->f.delay_ms, s->f.count, s->left,
		     s->f.prob_pct ? s->f.prob_pct : 100, (unsigned long long)s->hits,
		     s->f.apply_now ? " apply=now" : "");
	}
}
