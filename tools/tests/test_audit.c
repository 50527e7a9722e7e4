// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Unit tests of the audit rules (a pure function over three views), their
 * JSON and Prometheus renderings, and the namespace/link scan (root: two
 * namespaces joined by a veth pair, whose lower lives in the other one).
 */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>
#include "audit.h"
#include "ivt.h"
#include "nlscan.h"
#include "tests/tap.h"

#define NS	4026531840u
#define IFX	5
#define Q	0x8100
/* a filter of the driver's list: VID, TPID, ABI state, age in ms */
#define FL(v, tp, st, age) \
	((struct audit_filter){ .vid = (v), .tpid = (tp), .state = (st), .age_ms = (age) })

static struct audit_vf mkvf(const struct audit_filter *fs, __u32 n, __u32 max)
{
	struct audit_vf vf = { .pci_id = 0x0300, .ifindex = IFX, .netns = NS,
			       .num_vlan_filters = (__s32)n, .list_len = n,
			       .max_filters = max, .filters = fs, .nfilters = n,
			       .generation = IVT_GEN_FIXED, .link_up = true };

	snprintf(vf.dev, sizeof(vf.dev), "eth1");
	return vf;
}

static struct audit_vlandev mkdev(__u16 vid, __u16 tpid)
{
	struct audit_vlandev d = { .netns = NS, .ifindex = 100 + vid, .lower_netns = NS,
				   .lower_ifindex = IFX, .vid = vid, .tpid = tpid };

	snprintf(d.name, sizeof(d.name), "eth1.%u", vid);
	return d;
}

static int compute(const struct audit_vf *vf, const struct audit_vlandev *d, __u32 nd,
		   int limit, struct audit_result *r)
{
	struct audit_input in = { .vfs = vf, .nvfs = 1, .devs = d, .ndevs = nd,
				  .pf_limit = limit, .stuck_ms = 6000 };

	return audit_compute(&in, r);
}

static bool has(const struct audit_result *r, enum audit_kind k, __u16 vid)
{
	__u32 i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].kind == k && r->findings[i].vid == vid)
			return true;
	return false;
}

/* A list of cases, each a few lines: longer than 60 lines, read top
 * to bottom.
 */
static void test_rules(struct tap *t)
{
	struct audit_result r;
	struct audit_filter fs[4] = {
		FL(10, Q, IAVF_VLAN_ABI_ACTIVE, 100000),
		FL(20, Q, IAVF_VLAN_ABI_ACTIVE, 100000),
	};
	struct audit_vlandev ds[4] = { mkdev(10, Q), mkdev(20, Q) };
	struct audit_vf vf = mkvf(fs, 2, 8);

	tap_ok(t, !compute(&vf, ds, 2, -1, &r) && r.nfindings == 0 && r.vf[0].limit == 8 &&
	       r.vf[0].vlandevs == 2 && r.vf[0].by_state[IAVF_VLAN_ABI_ACTIVE] == 2,
	       "clean: two ACTIVE filters, two VLAN devices, limit from the PF");
	audit_result_free(&r);

	compute(&vf, ds, 1, -1, &r);
	tap_ok(t, r.nfindings == 1 && has(&r, AUDIT_LEAKED, 20),
	       "leaked: ACTIVE filter 20 with no VLAN device");
	audit_result_free(&r);

	fs[1] = FL(20, Q, IAVF_VLAN_ABI_ADD, 500);
	compute(&vf, ds, 1, -1, &r);
	tap_ok(t, r.nfindings == 0, "fresh ADD without a device yet is not a finding");
	audit_result_free(&r);

	fs[1].age_ms = 7000;
	compute(&vf, ds, 1, -1, &r);
	tap_ok(t, r.nfindings == 2 && has(&r, AUDIT_LEAKED, 20) && has(&r, AUDIT_STUCK, 20),
	       "ADD for 7 s with no device: leaked and stuck");
	audit_result_free(&r);

	fs[1] = FL(20, Q, IAVF_VLAN_ABI_REMOVING, 7000);
	compute(&vf, ds, 1, -1, &r);
	tap_ok(t, r.nfindings == 1 && has(&r, AUDIT_STUCK, 20),
	       "REMOVING for 7 s: stuck, not leaked (it is on its way out)");
	audit_result_free(&r);

	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.nfindings == 2 && has(&r, AUDIT_LOST, 20) && has(&r, AUDIT_STUCK, 20),
	       "device 20 whose filter is REMOVING: lost (and stuck)");
	audit_result_free(&r);

	fs[1] = FL(20, Q, IAVF_VLAN_ABI_ACTIVE, 100000);
	ds[2] = mkdev(30, Q);
	compute(&vf, ds, 3, -1, &r);
	tap_ok(t, r.nfindings == 1 && has(&r, AUDIT_LOST, 30) &&
	       r.findings[0].state == IAVF_VLAN_ABI_NONE,
	       "lost: VLAN device 30 with no filter at all");
	audit_result_free(&r);

	ds[2] = mkdev(0, Q);
	compute(&vf, ds, 3, -1, &r);
	tap_ok(t, r.nfindings == 0, "VID 0 devices are ignored (iavf does not track VID 0)");
	audit_result_free(&r);

	ds[2] = mkdev(10, 0x88a8);
	compute(&vf, ds, 3, -1, &r);
	tap_ok(t, r.nfindings == 1 && has(&r, AUDIT_LOST, 10) && r.findings[0].tpid == 0x88a8,
	       "TPID matters: an 802.1ad device 10 is not served by the 802.1Q filter");
	audit_result_free(&r);

	ds[2] = mkdev(30, Q);
	ds[2].lower_netns = NS + 1;
	compute(&vf, ds, 3, -1, &r);
	tap_ok(t, r.nfindings == 0 && r.unmatched_devs == 1,
	       "a device on the same ifindex in another namespace is not on this VF");
	audit_result_free(&r);

	vf.devs_unknown = true;
	compute(&vf, ds, 0, -1, &r);
	tap_ok(t, r.nfindings == 0 && r.blind_vfs == 1,
	       "a VF whose namespace was not scanned: no leak claims");
	audit_result_free(&r);
	vf.devs_unknown = false;

	vf.num_vlan_filters = 3;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.nfindings == 1 && r.by_kind[AUDIT_DRIFT] == 1,
	       "drift: num_vlan_filters 3, list of 2");
	audit_result_free(&r);
	vf.truncated = true;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.nfindings == 0, "no drift claimed when the walk was truncated");
	audit_result_free(&r);
	vf.truncated = false;
	vf.num_vlan_filters = 2;

	vf.max_filters = 1;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.by_kind[AUDIT_OVER_LIMIT] == 1 && r.vf[0].limit == 1,
	       "over limit: 2 filters, PF max_filters 1");
	audit_result_free(&r);
	vf.max_filters = 0;
	vf.vlan_v1 = true;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.nfindings == 0 && r.vf[0].limit == -1,
	       "VLAN V1: limit unknown, no over-limit claim");
	audit_result_free(&r);
	compute(&vf, ds, 2, 1, &r);
	tap_ok(t, r.by_kind[AUDIT_OVER_LIMIT] == 1 && r.vf[0].limit == 1,
	       "--pf-limit overrides: over limit");
	audit_result_free(&r);
}

static const struct audit_finding *find(const struct audit_result *r, enum audit_kind k,
					__u16 vid)
{
	__u32 i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].kind == k && r->findings[i].vid == vid)
			return &r->findings[i];
	return NULL;
}

/* The unfixed machine (Debian 6.1.170): DISABLE/INACTIVE by link state,
 * IS_NEW in flight (final under V1), zombies, drift. A list of cases,
 * each a few lines: longer than 60 lines, read top to bottom.
 */
static void test_unfixed_rules(struct tap *t)
{
	struct audit_filter fs[4] = {
		FL(10, Q, IAVF_VLAN_ABI_DISABLE, 100),
		FL(20, Q, IAVF_VLAN_ABI_INACTIVE, 100000),
	};
	struct audit_vlandev ds[2] = { mkdev(10, Q), mkdev(20, Q) };
	struct audit_vf vf = mkvf(fs, 2, 8);
	const struct audit_finding *x;
	struct audit_result r;

	vf.generation = IVT_GEN_UNFIXED;
	vf.link_up = false;
	tap_ok(t, !compute(&vf, ds, 2, -1, &r) && r.nfindings == 0 && !r.untrusted_vfs &&
	       r.vf[0].by_state[IAVF_VLAN_ABI_DISABLE] == 1 &&
	       r.vf[0].by_state[IAVF_VLAN_ABI_INACTIVE] == 1,
	       "unfixed, link down: DISABLE and INACTIVE with their devices are normal");
	audit_result_free(&r);

	vf.link_up = true;
	compute(&vf, ds, 2, -1, &r);
	x = find(&r, AUDIT_LOST, 20);
	tap_ok(t, r.by_kind[AUDIT_LOST] == 2 && x && x->state == IAVF_VLAN_ABI_INACTIVE &&
	       strstr(x->detail, "INACTIVE while the link is up") && find(&r, AUDIT_LOST, 10),
	       "unfixed, link up: INACTIVE 20 and DISABLE 10 are lost (the PF lacks them): %s",
	       x ? x->detail : "-");
	audit_result_free(&r);

	/* the zombie: a deleted VID that down/up brought back, no device */
	fs[0] = FL(10, Q, IAVF_VLAN_ABI_ACTIVE, 100000);
	fs[1] = FL(20, Q, IAVF_VLAN_ABI_ACTIVE, 100000);
	compute(&vf, ds, 1, -1, &r);
	x = find(&r, AUDIT_LEAKED, 20);
	tap_ok(t, r.nfindings == 1 && x && x->state == IAVF_VLAN_ABI_ACTIVE,
	       "unfixed: zombie ACTIVE 20 holding a slot with no VLAN device is leaked");
	audit_result_free(&r);
	vf.link_up = false;
	fs[1] = FL(20, Q, IAVF_VLAN_ABI_INACTIVE, 100);
	compute(&vf, ds, 1, -1, &r);
	x = find(&r, AUDIT_LEAKED, 20);
	tap_ok(t, r.nfindings == 1 && x && x->state == IAVF_VLAN_ABI_INACTIVE &&
	       strstr(x->detail, "zombie"),
	       "unfixed, link down: INACTIVE 20 with no device is a zombie in waiting: leaked (%s)",
	       x ? x->detail : "-");
	audit_result_free(&r);

	vf.link_up = true;
	fs[1] = FL(20, Q, IAVF_VLAN_ABI_IS_NEW, 100);
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.nfindings == 0, "unfixed V2: a fresh IS_NEW is an ADD in flight");
	audit_result_free(&r);
	fs[1].age_ms = 9000;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.nfindings == 2 && find(&r, AUDIT_STUCK, 20) && find(&r, AUDIT_LOST, 20),
	       "unfixed V2: IS_NEW for 9 s is stuck, and its device lost");
	audit_result_free(&r);
	vf.vlan_v1 = true;
	vf.max_filters = 0;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.nfindings == 0, "unfixed V1: IS_NEW is final (no success handler): on the PF");
	audit_result_free(&r);
	compute(&vf, ds, 1, -1, &r);
	tap_ok(t, r.nfindings == 1 && find(&r, AUDIT_LEAKED, 20),
	       "unfixed V1: IS_NEW with no device is leaked like ACTIVE");
	audit_result_free(&r);
	vf.vlan_v1 = false;
	vf.max_filters = 8;

	fs[1] = FL(20, Q, IAVF_VLAN_ABI_REMOVE, 100);
	compute(&vf, ds, 1, -1, &r);
	tap_ok(t, r.nfindings == 0, "unfixed: REMOVE with its device gone is on its way out");
	audit_result_free(&r);

	fs[1] = FL(20, Q, IAVF_VLAN_ABI_ACTIVE, 100000);
	vf.num_vlan_filters = 3;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.nfindings == 1 && r.by_kind[AUDIT_DRIFT] == 1,
	       "unfixed: num_vlan_filters 3 with 2 in the list is drift");
	audit_result_free(&r);
	vf.num_vlan_filters = 2;
}

/* Lists the rules cannot judge: never a clean result. */
static void test_untrusted(struct tap *t)
{
	struct audit_filter fs[2] = {
		FL(10, Q, IAVF_VLAN_ABI_ACTIVE, 100000),
		FL(20, Q, IVT_STATE_UNMAPPED, 100000),
	};
	struct audit_vlandev ds[2] = { mkdev(10, Q), mkdev(20, Q) };
	struct audit_vf vf = mkvf(fs, 2, 8);
	struct audit_input in = { .vfs = &vf, .nvfs = 1, .devs = ds, .ndevs = 2,
				  .pf_limit = -1, .stuck_ms = 6000 };
	struct json_object *o, *x;
	struct audit_result r;

	fs[1].raw_state = 9;
	compute(&vf, ds, 2, -1, &r);
	o = audit_json(&in, &r);
	tap_ok(t, r.untrusted_vfs == 1 && strstr(r.vf[0].untrusted, "value 9 has no known name") &&
	       json_object_object_get_ex(o, "clean", &x) && !json_object_get_boolean(x),
	       "a driver value with no name: untrusted (%s), JSON not clean", r.vf[0].untrusted);
	json_object_put(o);
	audit_result_free(&r);

	fs[1] = FL(20, Q, IAVF_VLAN_ABI_ADDING, 100);
	vf.generation = IVT_GEN_UNFIXED;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.untrusted_vfs == 1 && strstr(r.vf[0].untrusted, "ADDING is not a state of the unfixed"),
	       "a state the generation does not have: untrusted (%s)", r.vf[0].untrusted);
	audit_result_free(&r);

	fs[1] = FL(20, Q, IAVF_VLAN_ABI_INACTIVE, 100);
	vf.link_up = false;
	vf.link_unknown = true;
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.untrusted_vfs == 1 && r.nfindings == 0 && strstr(r.vf[0].untrusted, "up or down"),
	       "INACTIVE while the link changed after the walk: untrusted (%s)", r.vf[0].untrusted);
	audit_result_free(&r);
	fs[1] = FL(20, Q, IAVF_VLAN_ABI_ACTIVE, 100000);
	compute(&vf, ds, 2, -1, &r);
	tap_ok(t, r.untrusted_vfs == 0 && r.nfindings == 0,
	       "the same link change without DISABLE/INACTIVE filters does not matter");
	audit_result_free(&r);
}

/* Every family has HELP then TYPE before its samples, each declared once;
 * counters end in _total, and only counters do; a _seconds name is a
 * gauge of seconds. Returns the number of violations.
 */
static int prom_families(FILE *f, char *why, size_t len)
{
	char line[512], fam[128] = "", name[128], type[32];
	int bad = 0, helped = 0, typed = 0, nfam = 0;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "# HELP %127s", name) == 1) {
			bad += helped && !typed;	/* previous family had no TYPE */
			if (!strcmp(name, fam) && snprintf(why, len, "%s declared twice", name))
				bad++;
			snprintf(fam, sizeof(fam), "%s", name);
			helped = 1;
			typed = 0;
			nfam++;
		} else if (sscanf(line, "# TYPE %127s %31s", name, type) == 2) {
			size_t n = strlen(name);
			int counter = !strcmp(type, "counter");
			int total = n > 6 && !strcmp(name + n - 6, "_total");

			if (strcmp(name, fam) || counter != total ||
			    (strcmp(type, "gauge") && !counter))
				bad += snprintf(why, len, "%s: TYPE %s", name, type) > 0;
			typed = 1;
		} else if (strncmp(line, fam, strlen(fam)) || !typed ||
			   (line[strlen(fam)] != '{' && line[strlen(fam)] != ' ')) {
			bad += snprintf(why, len, "sample outside its family: %s", line) > 0;
		}
	}
	return nfam == 8 ? bad : bad + 1;	/* the 8 families of audit_prom.c */
}

static void prom_check_families(struct tap *t, const char *path)
{
	char why[256] = "";
	FILE *f = fopen(path, "r");
	int bad = f ? prom_families(f, why, sizeof(why)) : -1;

	if (f)
		fclose(f);
	tap_ok(t, bad == 0, "Prometheus: HELP and TYPE per family, _total on counters only "
	       "(%d problems%s%s)", bad, why[0] ? ": " : "", why);
}

/* Debian's prometheus package ships promtool: its parser and linter
 * (exit 0 only when the file parses and has no lint problems).
 */
static void prom_check_promtool(struct tap *t, const char *path)
{
	char cmd[512], line[256];
	FILE *p;
	int rc;

	if (system("command -v promtool >/dev/null 2>&1")) {
		tap_skip(t, "promtool check metrics", "promtool not installed (Debian package prometheus)");
		return;
	}
	snprintf(cmd, sizeof(cmd), "promtool check metrics < '%s' 2>&1", path);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p))
		tap_diag("promtool: %.*s", (int)strcspn(line, "\n"), line);
	rc = p ? pclose(p) : -1;
	tap_ok(t, rc == 0, "Prometheus: promtool check metrics accepts the file, no lint problems");
}

static bool regmatch(const char *s, const char *pat)
{
	regex_t re;
	bool m;

	if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB))
		return false;
	m = !regexec(&re, s, 0, NULL, 0);
	regfree(&re);
	return m;
}

/* A list of cases, each a few lines: longer than 60 lines, read top
 * to bottom.
 */
static void test_outputs(struct tap *t)
{
	struct audit_filter fs[2] = {
		FL(10, Q, IAVF_VLAN_ABI_ACTIVE, 100000),
		FL(20, Q, IAVF_VLAN_ABI_ADDING, 9000),
	};
	struct audit_vlandev ds[2] = { mkdev(10, Q), mkdev(30, Q) };
	struct audit_vf vf = mkvf(fs, 2, 8);
	struct audit_input in = { .vfs = &vf, .nvfs = 1, .devs = ds, .ndevs = 2,
				  .pf_limit = -1, .stuck_ms = 6000 };
	struct audit_prom_run run = { .unix_time_s = 1764500000.5, .audits = 1 };
	struct json_object *o, *p, *c, *x;
	struct audit_result r;
	char path[] = "/tmp/ivt-prom-XXXXXX", line[512];
	regex_t re;
	FILE *f;
	int fd, lines = 0, bad = 0, leaked = 0;

	snprintf(vf.dev, sizeof(vf.dev), "eth\"1");	/* escaped in labels */

	audit_compute(&in, &r);
	o = audit_json(&in, &r);
	p = json_tokener_parse(json_object_to_json_string(o));
	tap_ok(t, p && json_object_object_get_ex(p, "counts", &c) &&
	       json_object_object_get_ex(c, "leaked", &x) && json_object_get_int(x) == 1 &&
	       json_object_object_get_ex(c, "lost", &x) && json_object_get_int(x) == 1 &&
	       json_object_object_get_ex(c, "stuck", &x) && json_object_get_int(x) == 1 &&
	       json_object_object_get_ex(p, "clean", &x) && !json_object_get_boolean(x),
	       "JSON: parses back, counts leaked/lost/stuck = 1/1/1, not clean");
	json_object_put(o);
	json_object_put(p);

	fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	/* sample lines only: name{labels} value */
	regcomp(&re, "^iavf_vlantrace_[a-z_]+(\\{dev=\"([^\"\\\\]|\\\\.)*\",pci=\"[^\"]*\"(,[a-z]+=\"[a-z_A-Z]+\")?\\})? -?[0-9.]+$",
		REG_EXTENDED | REG_NOSUB);
	tap_ok(t, fd >= 0 && !audit_write_prometheus(path, &in, &r, &run), "Prometheus: file written");
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#')
			continue;
		lines++;
		if (regexec(&re, line, 0, NULL, 0))
			bad++;
		if (!strcmp(line, "iavf_vlantrace_audit_findings{dev=\"eth\\\"1\",pci=\"0000:03:00.0\",kind=\"leaked\"} 1"))
			leaked = 1;
	}
	if (f)
		fclose(f);
	tap_ok(t, lines == 5 + 5 + 1 + 1 + 1 + 1 + 2 && bad == 0 && leaked,
	       "Prometheus: %d samples (%d malformed; 5 kinds, the fixed driver's 5 states, "
	       "num_vlan_filters, VLAN devices, trusted, limit, time, audits), leaked gauge = 1, "
	       "the quote in the name escaped", lines, bad);
	prom_check_families(t, path);
	prom_check_promtool(t, path);
	regfree(&re);
	unlink(path);
	audit_result_free(&r);
}

/* audit --filters against a synthetic snapshot: limit 2, one filter of
 * each kind of slot, a VLAN device in another namespace.
 */
static void test_filters_view(struct tap *t)
{
	struct audit_filter fs[5] = {
		FL(30, Q, IAVF_VLAN_ABI_ADD, 10),		/* pending, rank 3: over */
		FL(10, Q, IAVF_VLAN_ABI_ACTIVE, 61000),		/* held 1 */
		FL(20, Q, IAVF_VLAN_ABI_REMOVING, 5),		/* releasing, still held: 2 */
		FL(0, Q, IAVF_VLAN_ABI_ACTIVE, 100),		/* VID 0: free */
		FL(40, 0x88a8, IAVF_VLAN_ABI_ACTIVE, 100),	/* held 3 (S-tag): over */
	};
	struct audit_vlandev ds[2] = { mkdev(10, Q), mkdev(10, Q) };
	struct audit_vf vf = mkvf(fs, 5, 2);
	struct audit_input in = { .vfs = &vf, .nvfs = 1, .devs = ds, .ndevs = 2,
				  .pf_limit = -1, .stuck_ms = 6000 };
	struct json_object *a, *x, *y;
	struct audit_result r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int ok;

	fs[1].raw_state = 3;
	ds[1].netns = NS + 7;		/* the second device lives elsewhere */
	snprintf(ds[1].name, sizeof(ds[1].name), "pod.10");
	audit_compute(&in, &r);
	f = open_memstream(&buf, &len);
	audit_filters_text(f, &in, &r);
	fclose(f);
	ok = tap_ok(t, buf && strstr(buf, "eth1 0000:03:00.0: 5 filters, generation fixed, link up") &&
	       regmatch(buf, "\n  10 +0x8100 +ACTIVE=3 +61\\.?0? s +held 1/2 +eth1\\.10@4026531840,pod\\.10@4026531847\n") &&
	       regmatch(buf, "\n  20 +0x8100 +REMOVING=0 +5\\.0 ms +releasing 2/2 +-\n") &&
	       regmatch(buf, "\n  40 +0x88a8 +ACTIVE=0 +100 ms +held 3/2 OVER +-\n") &&
	       regmatch(buf, "\n  30 +0x8100 +ADD=0 +10 ms +pending 4/2 OVER +-\n") &&
	       regmatch(buf, "\n  0 +0x8100 +ACTIVE=0 +100 ms +free +-\n"),
	       "--filters text: held, releasing, then pending in slot order against limit 2; "
	       "driver names and values, ages, devices with their netns");
	if (!ok && buf)
		tap_diag("%s", buf);
	free(buf);
	a = audit_filters_json(&in, &r, 0);
	x = a ? json_object_array_get_idx(a, 0) : NULL;
	y = a ? json_object_array_get_idx(a, 3) : NULL;
	tap_ok(t, a && json_object_array_length(a) == 5 && x && y &&
	       !strcmp(json_object_get_string(json_object_object_get(x, "driver_state")), "ACTIVE") &&
	       json_object_get_int(json_object_object_get(x, "driver_value")) == 3 &&
	       json_object_array_length(json_object_object_get(x, "vlan_devices")) == 2 &&
	       json_object_get_int(json_object_object_get(x, "slot_rank")) == 1 &&
	       json_object_get_int(json_object_object_get(y, "vid")) == 30 &&
	       !strcmp(json_object_get_string(json_object_object_get(y, "pf_slot")), "pending") &&
	       json_object_get_boolean(json_object_object_get(y, "over_limit")),
	       "--filters JSON: five rows, driver state and value, two devices, rank, over_limit");
	json_object_put(a);
	audit_result_free(&r);
}

/* The unfixed machine's names: INACTIVE while down holds no slot. */
static void test_filters_unfixed(struct tap *t)
{
	struct audit_filter fs[2] = {
		FL(10, Q, IAVF_VLAN_ABI_INACTIVE, 1000), FL(20, Q, IAVF_VLAN_ABI_IS_NEW, 10),
	};
	struct audit_vlandev ds[2] = { mkdev(10, Q), mkdev(20, Q) };
	struct audit_vf vf = mkvf(fs, 2, 8);
	struct audit_input in = { .vfs = &vf, .nvfs = 1, .devs = ds, .ndevs = 2,
				  .pf_limit = -1, .stuck_ms = 6000 };
	struct audit_result r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	vf.generation = IVT_GEN_UNFIXED;
	vf.link_up = false;
	fs[0].raw_state = 5;
	fs[1].raw_state = 2;
	audit_compute(&in, &r);
	f = open_memstream(&buf, &len);
	audit_filters_text(f, &in, &r);
	fclose(f);
	tap_ok(t, buf && regmatch(buf, "\n  20 +0x8100 +IS_NEW=2 .* pending 1/8 ") &&
	       regmatch(buf, "\n  10 +0x8100 +INACTIVE=5 .* none +eth1\\.10@"),
	       "--filters, unfixed driver down: IS_NEW=2 pending, INACTIVE=5 holds no slot");
	free(buf);
	audit_result_free(&r);
}

static void test_scale(struct tap *t)
{
	struct audit_filter *fs = calloc(4094, sizeof(*fs));
	struct audit_vlandev *ds = calloc(4094, sizeof(*ds));
	struct audit_result r = {};
	struct audit_vf vf;
	struct timespec a, b;
	double ms;
	int i;

	if (!fs || !ds) {
		tap_ok(t, 0, "scale: allocation");
		return;
	}
	for (i = 0; i < 4094; i++) {
		fs[i] = FL((__u16)(i + 1), Q, IAVF_VLAN_ABI_ACTIVE, 100000);
		ds[i] = mkdev((__u16)(i + 2), Q);	/* shifted: 1 leaked, 1 lost */
	}
	vf = mkvf(fs, 4094, 4094);
	clock_gettime(CLOCK_MONOTONIC, &a);
	compute(&vf, ds, 4094, -1, &r);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	tap_ok(t, r.nfindings == 2 && has(&r, AUDIT_LEAKED, 1) && has(&r, AUDIT_LOST, 4095),
	       "scale: 4094 filters x 4094 devices, exactly leaked 1 and lost 4095");
	tap_ok(t, ms < 50.0, "scale: audit of 4094 filters in %.2f ms (< 50 ms)", ms);
	audit_result_free(&r);
	free(fs);
	free(ds);
}

static __u32 ns_ino(const char *name)
{
	char p[128];
	struct stat st;

	snprintf(p, sizeof(p), "/run/netns/%s", name);
	return stat(p, &st) ? 0 : (__u32)st.st_ino;
}

static void test_nlscan(struct tap *t)
{
	const struct nl_link *va = NULL, *vb = NULL;
	struct nl_scan s;
	char err[256];
	__u32 a, b;
	unsigned int i;
	int rc;

	if (geteuid() != 0 || system("command -v ip >/dev/null 2>&1")) {
		tap_skip(t, "netns scan", "needs root and iproute2");
		return;
	}
	rc = system("ip netns del ivt-t-a 2>/dev/null; ip netns del ivt-t-b 2>/dev/null;"
		    "ip netns add ivt-t-a && ip netns add ivt-t-b &&"
		    "ip -n ivt-t-a link add va type veth peer name vb netns ivt-t-b");
	if (rc) {
		tap_skip(t, "netns scan", "cannot create namespaces and a veth pair");
		return;
	}
	a = ns_ino("ivt-t-a");
	b = ns_ino("ivt-t-b");
	rc = nl_scan_all(&s, err, sizeof(err));
	tap_ok(t, !rc && s.nnetns >= 3, "netns scan: current + 2 named namespaces entered (%u)",
	       rc ? 0 : s.nnetns);
	for (i = 0; !rc && i < s.nlinks; i++) {
		if (!strcmp(s.links[i].name, "va") && s.links[i].netns == a)
			va = &s.links[i];
		if (!strcmp(s.links[i].name, "vb") && s.links[i].netns == b)
			vb = &s.links[i];
	}
	tap_ok(t, va && vb && !strcmp(va->kind, "veth"),
	       "netns scan: links found in their namespaces with their kind");
	tap_ok(t, va && vb && va->lower_ifindex == vb->ifindex && va->lower_netns == b,
	       "netns scan: a lower device in another namespace is resolved through its nsid");
	if (!rc)
		nl_scan_free(&s);
	rc = system("ip netns del ivt-t-a; ip netns del ivt-t-b");
	(void)rc;
}

int main(void)
{
	struct tap t = {};

	test_rules(&t);
	test_unfixed_rules(&t);
	test_untrusted(&t);
	test_outputs(&t);
	test_filters_view(&t);
	test_filters_unfixed(&t);
	test_scale(&t);
	test_nlscan(&t);
	return tap_done(&t);
}
