// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel control language (see vfmodel.h): one command per call, shared by
 * the host (monitor/chardev) and the guest (the suite runs there).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfmodel_int.h"

#define MAX_TOKENS 16
#define TOKEN_LEN 48

struct outbuf {
	char *p;
	size_t cap;
	size_t len;	/* what would have been written: detects truncation */
};

static void outf(struct outbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void outf(struct outbuf *o, const char *fmt, ...)
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

struct args {
	char tok[MAX_TOKENS][TOKEN_LEN];
	unsigned int n;
	int vf;			/* vf=N, -1 when absent */
	bool used[MAX_TOKENS];
};

static int tokenize(const char *cmd, struct args *a)
{
	const char *s = cmd;

	memset(a, 0, sizeof(*a));
	a->vf = -1;
	while (*s) {
		size_t l = 0;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (!*s)
			break;
		if (a->n == MAX_TOKENS)
			return -E2BIG;
		while (s[l] && s[l] != ' ' && s[l] != '\t' && s[l] != '\n' && s[l] != '\r')
			l++;
		if (l >= TOKEN_LEN)
			return -E2BIG;
		memcpy(a->tok[a->n], s, l);
		a->tok[a->n][l] = '\0';
		a->n++;
		s += l;
	}
	return 0;
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* value of key=VALUE among unused tokens from index 1, or NULL */
static const char *kv(struct args *a, const char *key)
{
	size_t kl = strlen(key);
	unsigned int i;

	for (i = 1; i < a->n; i++) {
		if (!a->used[i] && !strncmp(a->tok[i], key, kl) && a->tok[i][kl] == '=') {
			a->used[i] = true;
			return a->tok[i] + kl + 1;
		}
	}
	return NULL;
}

/* bare word among unused tokens */
static bool word(struct args *a, const char *w)
{
	unsigned int i;

	for (i = 1; i < a->n; i++) {
		if (!a->used[i] && !strcmp(a->tok[i], w)) {
			a->used[i] = true;
			return true;
		}
	}
	return false;
}

/* the first unused token, consumed */
static const char *next_free(struct args *a)
{
	unsigned int i;

	for (i = 1; i < a->n; i++) {
		if (!a->used[i]) {
			a->used[i] = true;
			return a->tok[i];
		}
	}
	return NULL;
}

static int leftover(struct args *a, struct outbuf *o)
{
	unsigned int i;

	for (i = 1; i < a->n; i++) {
		if (!a->used[i]) {
			outf(o, "error: unexpected '%s'\n", a->tok[i]);
			return -EINVAL;
		}
	}
	return 0;
}

static int parse_vf(struct vfm_pf *pf, struct args *a, bool required, struct outbuf *o)
{
	const char *v = kv(a, "vf");
	unsigned long n;

	if (!v) {
		if (required) {
			outf(o, "error: vf=N required\n");
			return -EINVAL;
		}
		return 0;
	}
	if (parse_ulong(v, VFM_MAX_VFS - 1, &n) || !pf->vfs[n]) {
		outf(o, "error: no such vf '%s'\n", v);
		return -ENODEV;
	}
	a->vf = (int)n;
	return 0;
}

static int parse_onoff(struct args *a, bool *on, struct outbuf *o)
{
	const char *w = next_free(a);

	if (w && (!strcmp(w, "on") || !strcmp(w, "up") || !strcmp(w, "1"))) {
		*on = true;
		return 0;
	}
	if (w && (!strcmp(w, "off") || !strcmp(w, "down") || !strcmp(w, "0"))) {
		*on = false;
		return 0;
	}
	outf(o, "error: expected on|off\n");
	return -EINVAL;
}

static void fmt_mac(char *buf, size_t len, const uint8_t *m)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6], i;
	char tail;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -EINVAL;
		mac[i] = (uint8_t)b[i];
	}
	return 0;
}

static const char *vf_state(const struct vfm_vf *vf)
{
	if (vf->resetting)
		return "resetting";
	return vf->active ? "active" : "down";
}

static void dump_vf(struct vfm_vf *vf, bool json, struct outbuf *o)
{
	char mac[24], dp[512];	/* dp: data path counters (datapath.c) */
	unsigned int vid, i, k;
	bool link = vf->pf->link_up && vf->link_up;
	unsigned int pending;
	const char *held = vfm_pf_held(vf, &pending);

	fmt_mac(mac, sizeof(mac), vf->hw_mac);
	if (json) {
		outf(o, "{\"pf\":\"%s\",\"vf\":%u,\"mac\":\"%s\",\"state\":\"%s\",\"trust\":%s,"
		     "\"spoofchk\":%s,\"pvid\":%u,\"limit\":%u,\"max_filters\":%u,\"link\":%s,"
		     "\"vlans\":[", vf->pf->name, vf->idx, mac, vf_state(vf),
		     vf->trusted ? "true" : "false", vf->spoofchk ? "true" : "false", vf->pvid,
		     vf->vlan_limit, vf->vlan_caps.filtering.max_filters, link ? "true" : "false");
		for (vid = 0, k = 0; vid < VFM_VLAN_N_VID; vid++)
			if (vfm_vlan_test(vf, (uint16_t)vid))
				outf(o, "%s%u", k++ ? "," : "", vid);
		outf(o, "],\"nvlans\":%u,\"macs\":[", vfm_num_nonzero_vlans(vf));
		for (i = 0; i < vf->num_macs; i++) {
			fmt_mac(mac, sizeof(mac), vf->macs[i]);
			outf(o, "%s\"%s\"", i ? "," : "", mac);
		}
		vfm_dp_format(vf, true, dp, sizeof(dp));
		outf(o, "],\"promisc\":%u,\"rxq\":%u,\"txq\":%u,\"caps\":%u,\"vlan_antispoof\":%s,"
		     "\"resets\":%u,\"msgs\":%llu%s,\"held\":", vf->promisc_flags, vf->rxq_enabled,
		     vf->txq_enabled, vf->caps, vf->tx_vlan_antispoof ? "true" : "false",
		     vf->resets, (unsigned long long)vf->msgs, dp);
		if (held)
			outf(o, "\"%s\"", held);
		else
			outf(o, "null");
		outf(o, ",\"pending\":%u,\"vlan_caps\":\"%s\"}\n", pending,
		     vf->vlan_v1_only ? "v1" : "v2");
		return;
	}
	outf(o, "pf=%s vf=%u mac=%s state=%s trust=%s spoofchk=%s pvid=%u limit=%u max_filters=%u "
	     "link=%s vlans=", vf->pf->name, vf->idx, mac, vf_state(vf), vf->trusted ? "on" : "off",
	     vf->spoofchk ? "on" : "off", vf->pvid, vf->vlan_limit,
	     vf->vlan_caps.filtering.max_filters, link ? "up" : "down");
	for (vid = 0, k = 0; vid < VFM_VLAN_N_VID; vid++)
		if (vfm_vlan_test(vf, (uint16_t)vid))
			outf(o, "%s%u", k++ ? "," : "", vid);
	outf(o, "%s nvlans=%u macs=", k ? "" : "-", vfm_num_nonzero_vlans(vf));
	for (i = 0; i < vf->num_macs; i++) {
		fmt_mac(mac, sizeof(mac), vf->macs[i]);
		outf(o, "%s%s", i ? "," : "", mac);
	}
	vfm_dp_format(vf, false, dp, sizeof(dp));
	outf(o, "%s promisc=0x%x rxq=0x%x txq=0x%x caps=0x%x vlan_antispoof=%s resets=%u msgs=%llu%s"
	     " held=%s pending=%u vlan_caps=%s\n",
	     vf->num_macs ? "" : "-", vf->promisc_flags, vf->rxq_enabled, vf->txq_enabled, vf->caps,
	     vf->tx_vlan_antispoof ? "on" : "off", vf->resets, (unsigned long long)vf->msgs, dp,
	     held ? held : "-", pending, vf->vlan_v1_only ? "v1" : "v2");
}

static void history_vf(struct vfm_vf *vf, struct outbuf *o)
{
	uint64_t first = vf->history_seq > VFM_HISTORY ? vf->history_seq - VFM_HISTORY : 0;
	uint64_t s;

	for (s = first; s < vf->history_seq; s++) {
		const struct vfm_history *h = &vf->history[s % VFM_HISTORY];

		outf(o, "vf=%u seq=%llu op=%u name=%s len=%u status=%d outcome=%s%s%s\n", vf->idx,
		     (unsigned long long)h->seq, h->op, vfm_op_name(h->op), h->len, h->status,
		     h->outcome, h->detail[0] ? " " : "", h->detail);
	}
}

static const char *const kind_names[] = { "", "reject", "delay", "drop", "reset" };

static int cmd_fault(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	struct vfm_fault f;
	const char *v;
	unsigned long n;
	int id, err;
	unsigned int i;

	if (word(a, "list")) {
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
			     s->f.op ? vfm_op_name(s->f.op) : "any", kind_names[s->f.kind],
			     s->f.status, s->f.delay_ms, s->f.count, s->left,
			     s->f.prob_pct ? s->f.prob_pct : 100, (unsigned long long)s->hits,
			     s->f.apply_now ? " apply=now" : "");
		}
		return leftover(a, o);
	}
	if (word(a, "clear")) {
		id = -1;
		v = kv(a, "id");
		if (v) {
			if (parse_ulong(v, VFM_MAX_FAULTS - 1, &n)) {
				outf(o, "error: bad id\n");
				return -EINVAL;
			}
			id = (int)n;
		}
		err = leftover(a, o);
		if (err)
			return err;
		err = vfm_pf_fault_clear(pf, id);
		if (err)
			outf(o, "error: no fault %d\n", id);
		else
			outf(o, "ok\n");
		return err;
	}
	memset(&f, 0, sizeof(f));
	f.vf = a->vf;
	v = kv(a, "op");
	if (!v || vfm_op_parse(v, &f.op)) {
		outf(o, "error: op=OP required (number, name or any)\n");
		return -EINVAL;
	}
	for (i = 1; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (word(a, kind_names[i]))
			f.kind = (enum vfm_fault_kind)i;
	if (!f.kind) {
		outf(o, "error: expected reject|delay|drop|reset\n");
		return -EINVAL;
	}
	if ((v = kv(a, "status"))) {
		long s;
		char *end;

		errno = 0;
		s = strtol(v, &end, 0);
		if (errno || *end || !*v || s < -1000 || s > 1000) {
			outf(o, "error: bad status\n");
			return -EINVAL;
		}
		f.status = (int32_t)s;
	}
	if ((v = kv(a, "ms"))) {
		if (parse_ulong(v, 3600000, &n)) {
			outf(o, "error: bad ms\n");
			return -EINVAL;
		}
		f.delay_ms = (uint32_t)n;
	}
	if ((v = kv(a, "count"))) {
		if (parse_ulong(v, 1000000000, &n)) {
			outf(o, "error: bad count\n");
			return -EINVAL;
		}
		f.count = (uint32_t)n;
	}
	if ((v = kv(a, "prob"))) {
		if (parse_ulong(v, 100, &n) || n == 0) {
			outf(o, "error: bad prob (1..100)\n");
			return -EINVAL;
		}
		f.prob_pct = (uint32_t)n;
	}
	if ((v = kv(a, "apply"))) {
		/* release: the in-order default; now: the old out-of-order delay */
		if (strcmp(v, "now") && strcmp(v, "release")) {
			outf(o, "error: bad apply (now|release)\n");
			return -EINVAL;
		}
		f.apply_now = !strcmp(v, "now");
		if (f.apply_now && f.kind != VFM_FAULT_DELAY) {
			outf(o, "error: apply=now only with delay\n");
			return -EINVAL;
		}
	}
	err = leftover(a, o);
	if (err)
		return err;
	id = vfm_pf_fault_add(pf, &f);
	if (id < 0) {
		outf(o, "error: cannot add fault (%d)\n", id);
		return id;
	}
	outf(o, "ok id=%d\n", id);
	return 0;
}

static const char help_text[] =
	"help\n"
	"link [vf=N] up|down\n"
	"reset pf | reset vf=N\n"
	"trust vf=N on|off\n"
	"spoofchk vf=N on|off\n"
	"pvid vf=N VID\n"
	"limit [vf=N] COUNT\n"
	"mac vf=N XX:XX:XX:XX:XX:XX\n"
	"caps [vf=N] vlan=v1|v2 (VLAN caps offered at the VF's next probe/reset)\n"
	"fault [vf=N] op=OP reject|delay|drop|reset [status=S] [ms=M] [count=C] [prob=P]\n"
	"      [apply=now]      (delay: the request is held, in order, and applied when\n"
	"                        its reply goes; apply=now applies it at once and lets\n"
	"                        later replies overtake it)\n"
	"fault list | fault clear [id=N]\n"
	"dump [vf=N] [json]\n"
	"history [vf=N]\n";

static int run(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	const char *c = a->tok[0];
	unsigned long n;
	unsigned int i;
	bool on;
	int err;

	if (!strcmp(c, "help")) {
		outf(o, "%s", help_text);
		return 0;
	}
	if (!strcmp(c, "dump") || !strcmp(c, "history")) {
		bool json = !strcmp(c, "dump") && word(a, "json");

		err = parse_vf(pf, a, false, o);
		if (!err)
			err = leftover(a, o);
		if (err)
			return err;
		for (i = 0; i < VFM_MAX_VFS; i++) {
			if (!pf->vfs[i] || (a->vf >= 0 && (unsigned int)a->vf != i))
				continue;
			if (!strcmp(c, "dump"))
				dump_vf(pf->vfs[i], json, o);
			else
				history_vf(pf->vfs[i], o);
		}
		return 0;
	}
	if (!strcmp(c, "fault")) {
		err = parse_vf(pf, a, false, o);
		return err ? err : cmd_fault(pf, a, o);
	}
	if (!strcmp(c, "reset")) {
		if (word(a, "pf")) {
			err = leftover(a, o);
			if (!err)
				err = vfm_pf_reset(pf);
		} else {
			err = parse_vf(pf, a, true, o);
			if (!err)
				err = leftover(a, o);
			if (!err)
				err = vfm_pf_vf_reset(pf, a->vf);
		}
		goto done;
	}
	if (!strcmp(c, "link")) {
		err = parse_vf(pf, a, false, o);
		if (!err)
			err = parse_onoff(a, &on, o);
		if (!err)
			err = leftover(a, o);
		if (!err)
			err = vfm_pf_set_link(pf, a->vf, on);
		goto done;
	}
	if (!strcmp(c, "trust") || !strcmp(c, "spoofchk")) {
		err = parse_vf(pf, a, true, o);
		if (!err)
			err = parse_onoff(a, &on, o);
		if (!err)
			err = leftover(a, o);
		if (!err)
			err = !strcmp(c, "trust") ? vfm_pf_set_trust(pf, a->vf, on)
						  : vfm_pf_set_spoofchk(pf, a->vf, on);
		goto done;
	}
	if (!strcmp(c, "pvid") || !strcmp(c, "limit")) {
		const char *v;

		err = parse_vf(pf, a, !strcmp(c, "pvid"), o);
		if (err)
			return err;
		v = next_free(a);
		if (!v || parse_ulong(v, VFM_VLAN_N_VID, &n)) {
			outf(o, "error: expected a number\n");
			return -EINVAL;
		}
		err = leftover(a, o);
		if (!err)
			err = !strcmp(c, "pvid") ? vfm_pf_set_pvid(pf, a->vf, (uint16_t)n)
						 : vfm_pf_set_vlan_limit(pf, a->vf, (unsigned int)n);
		goto done;
	}
	if (!strcmp(c, "caps")) {
		const char *v;

		err = parse_vf(pf, a, false, o);
		if (err)
			return err;
		v = kv(a, "vlan");
		if (!v || (strcmp(v, "v1") && strcmp(v, "v2"))) {
			outf(o, "error: expected vlan=v1|v2\n");
			return -EINVAL;
		}
		err = leftover(a, o);
		if (!err)
			err = vfm_pf_set_vlan_caps(pf, a->vf, !strcmp(v, "v2"));
		goto done;
	}
	if (!strcmp(c, "mac")) {
		uint8_t mac[6];
		const char *v;

		err = parse_vf(pf, a, true, o);
		if (err)
			return err;
		v = next_free(a);
		if (!v || parse_mac(v, mac)) {
			outf(o, "error: expected XX:XX:XX:XX:XX:XX\n");
			return -EINVAL;
		}
		err = leftover(a, o);
		if (!err)
			err = vfm_pf_set_mac(pf, a->vf, mac);
		goto done;
	}
	outf(o, "error: unknown command '%s' (try help)\n", c);
	return -EINVAL;
done:
	if (err && o->len == 0)
		outf(o, "error: %s failed (%d)\n", c, err);
	else if (!err)
		outf(o, "ok\n");
	return err;
}

int vfm_pf_control(struct vfm_pf *pf, const char *cmd, char *out, size_t outlen)
{
	struct outbuf o = { .p = out, .cap = outlen, .len = 0 };
	struct args a;
	int err;

	if (out && outlen)
		out[0] = '\0';
	else
		o.cap = 0;
	if (!pf || !cmd)
		return -EINVAL;
	err = tokenize(cmd, &a);
	if (err) {
		outf(&o, "error: command too long\n");
		return err;
	}
	if (a.n == 0) {
		outf(&o, "error: empty command (try help)\n");
		return -EINVAL;
	}
	return run(pf, &a, &o);
}
