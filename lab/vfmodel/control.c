// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel control language (see vfmodel.h): one command per call, shared by
 * the host (monitor/chardev) and the guest (the suite runs there). A table
 * of commands, each a small handler over the PF control API; output
 * formats live in dump.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

#define MAX_TOKENS 16
#define TOKEN_LEN 48

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

/* ---- commands ---- */

static int cmd_dump(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	bool json = word(a, "json");
	unsigned int i;
	int err;

	err = parse_vf(pf, a, false, o);
	if (!err)
		err = leftover(a, o);
	if (err)
		return err;
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i] && (a->vf < 0 || (unsigned int)a->vf == i))
			vfm_dump_vf(pf->vfs[i], json, o);
	return 0;
}

static int cmd_history(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	unsigned int i;
	int err;

	err = parse_vf(pf, a, false, o);
	if (!err)
		err = leftover(a, o);
	if (err)
		return err;
	for (i = 0; i < VFM_MAX_VFS; i++)
		if (pf->vfs[i] && (a->vf < 0 || (unsigned int)a->vf == i))
			vfm_dump_history(pf->vfs[i], o);
	return 0;
}

static int cmd_reset(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	int err;

	if (word(a, "pf")) {
		err = leftover(a, o);
		return err ? err : vfm_pf_reset(pf);
	}
	err = parse_vf(pf, a, true, o);
	if (!err)
		err = leftover(a, o);
	return err ? err : vfm_pf_vf_reset(pf, a->vf);
}

static int cmd_link(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	bool on;
	int err;

	err = parse_vf(pf, a, false, o);
	if (!err)
		err = parse_onoff(a, &on, o);
	if (!err)
		err = leftover(a, o);
	return err ? err : vfm_pf_set_link(pf, a->vf, on);
}

/* trust and spoofchk: vf=N on|off */
static int vf_onoff(struct vfm_pf *pf, struct args *a, struct outbuf *o, bool *on)
{
	int err = parse_vf(pf, a, true, o);

	if (!err)
		err = parse_onoff(a, on, o);
	if (!err)
		err = leftover(a, o);
	return err;
}

static int cmd_trust(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	bool on;
	int err = vf_onoff(pf, a, o, &on);

	return err ? err : vfm_pf_set_trust(pf, a->vf, on);
}

static int cmd_spoofchk(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	bool on;
	int err = vf_onoff(pf, a, o, &on);

	return err ? err : vfm_pf_set_spoofchk(pf, a->vf, on);
}

/* pvid and limit: [vf=N] NUMBER */
static int vf_number(struct vfm_pf *pf, struct args *a, struct outbuf *o, bool vf_required,
		     unsigned long *n)
{
	const char *v;
	int err = parse_vf(pf, a, vf_required, o);

	if (err)
		return err;
	v = next_free(a);
	if (!v || parse_ulong(v, VFM_VLAN_N_VID, n)) {
		outf(o, "error: expected a number\n");
		return -EINVAL;
	}
	return leftover(a, o);
}

static int cmd_pvid(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	unsigned long n;
	int err = vf_number(pf, a, o, true, &n);

	return err ? err : vfm_pf_set_pvid(pf, a->vf, (uint16_t)n);
}

static int cmd_limit(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	unsigned long n;
	int err = vf_number(pf, a, o, false, &n);

	return err ? err : vfm_pf_set_vlan_limit(pf, a->vf, (unsigned int)n);
}

static int cmd_caps(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	const char *v;
	int err = parse_vf(pf, a, false, o);

	if (err)
		return err;
	v = kv(a, "vlan");
	if (!v || (strcmp(v, "v1") && strcmp(v, "v2"))) {
		outf(o, "error: expected vlan=v1|v2\n");
		return -EINVAL;
	}
	err = leftover(a, o);
	return err ? err : vfm_pf_set_vlan_caps(pf, a->vf, !strcmp(v, "v2"));
}

static int cmd_mac(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	uint8_t mac[6];
	const char *v;
	int err = parse_vf(pf, a, true, o);

	if (err)
		return err;
	v = next_free(a);
	if (!v || parse_mac(v, mac)) {
		outf(o, "error: expected XX:XX:XX:XX:XX:XX\n");
		return -EINVAL;
	}
	err = leftover(a, o);
	return err ? err : vfm_pf_set_mac(pf, a->vf, mac);
}

/* ---- fault ---- */

static int cmd_fault_clear(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	const char *v = kv(a, "id");
	unsigned long n;
	int id = -1, err;

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

/* key=NUMBER in 0..max into *out when present; -EINVAL (reported) when bad */
static int opt_ulong(struct args *a, const char *key, unsigned long min, unsigned long max,
		     uint32_t *out, const char *msg, struct outbuf *o)
{
	const char *v = kv(a, key);
	unsigned long n;

	if (!v)
		return 0;
	if (parse_ulong(v, max, &n) || n < min) {
		outf(o, "error: %s\n", msg);
		return -EINVAL;
	}
	*out = (uint32_t)n;
	return 0;
}

static int opt_status(struct args *a, struct vfm_fault *f, struct outbuf *o)
{
	const char *v = kv(a, "status");
	char *end;
	long s;

	if (!v)
		return 0;
	errno = 0;
	s = strtol(v, &end, 0);
	if (errno || *end || !*v || s < -1000 || s > 1000) {
		outf(o, "error: bad status\n");
		return -EINVAL;
	}
	f->status = (int32_t)s;
	return 0;
}

static int opt_apply(struct args *a, struct vfm_fault *f, struct outbuf *o)
{
	const char *v = kv(a, "apply");

	if (!v)
		return 0;
	/* release: the in-order default; now: the old out-of-order delay */
	if (strcmp(v, "now") && strcmp(v, "release")) {
		outf(o, "error: bad apply (now|release)\n");
		return -EINVAL;
	}
	f->apply_now = !strcmp(v, "now");
	if (f->apply_now && f->kind != VFM_FAULT_DELAY) {
		outf(o, "error: apply=now only with delay\n");
		return -EINVAL;
	}
	return 0;
}

/* fault [vf=N] op=OP KIND [status=] [ms=] [count=] [prob=] [apply=] */
static int parse_fault(struct args *a, struct vfm_fault *f, struct outbuf *o)
{
	const char *v = kv(a, "op");
	unsigned int i;
	int err;

	if (!v || vfm_op_parse(v, &f->op)) {
		outf(o, "error: op=OP required (number, name or any)\n");
		return -EINVAL;
	}
	for (i = 1; i < sizeof(vfm_fault_kind_names) / sizeof(vfm_fault_kind_names[0]); i++)
		if (word(a, vfm_fault_kind_names[i]))
			f->kind = (enum vfm_fault_kind)i;
	if (!f->kind) {
		outf(o, "error: expected reject|delay|drop|reset\n");
		return -EINVAL;
	}
	err = opt_status(a, f, o);
	if (!err)
		err = opt_ulong(a, "ms", 0, 3600000, &f->delay_ms, "bad ms", o);
	if (!err)
		err = opt_ulong(a, "count", 0, 1000000000, &f->count, "bad count", o);
	if (!err)
		err = opt_ulong(a, "prob", 1, 100, &f->prob_pct, "bad prob (1..100)", o);
	if (!err)
		err = opt_apply(a, f, o);
	return err ? err : leftover(a, o);
}

static int cmd_fault(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	struct vfm_fault f;
	int id, err = parse_vf(pf, a, false, o);

	if (err)
		return err;
	if (word(a, "list")) {
		vfm_dump_faults(pf, o);
		return leftover(a, o);
	}
	if (word(a, "clear"))
		return cmd_fault_clear(pf, a, o);
	memset(&f, 0, sizeof(f));
	f.vf = a->vf;
	err = parse_fault(a, &f, o);
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
	"                       (reject with ms=M: held as by delay, then refused\n"
	"                        with the status, never applied)\n"
	"fault list | fault clear [id=N]\n"
	"dump [vf=N] [json]\n"
	"history [vf=N]\n";

static int cmd_help(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	(void)pf, (void)a;
	outf(o, "%s", help_text);
	return 0;
}

/* the commands; ack: the command answers "ok" or "error: ... failed" itself */
static const struct {
	const char *name;
	int (*run)(struct vfm_pf *pf, struct args *a, struct outbuf *o);
	bool ack;
} commands[] = {
	{ "help", cmd_help, false },
	{ "dump", cmd_dump, false },
	{ "history", cmd_history, false },
	{ "fault", cmd_fault, false },
	{ "reset", cmd_reset, true },
	{ "link", cmd_link, true },
	{ "trust", cmd_trust, true },
	{ "spoofchk", cmd_spoofchk, true },
	{ "pvid", cmd_pvid, true },
	{ "limit", cmd_limit, true },
	{ "caps", cmd_caps, true },
	{ "mac", cmd_mac, true },
};

static int run(struct vfm_pf *pf, struct args *a, struct outbuf *o)
{
	const char *c = a->tok[0];
	size_t i;
	int err;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(c, commands[i].name))
			continue;
		err = commands[i].run(pf, a, o);
		if (!commands[i].ack)
			return err;
		if (err && o->len == 0)
			outf(o, "error: %s failed (%d)\n", c, err);
		else if (!err)
			outf(o, "ok\n");
		return err;
	}
	outf(o, "error: unknown command '%s' (try help)\n", c);
	return -EINVAL;
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
