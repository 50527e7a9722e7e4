// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The audit in Prometheus text format, for node_exporter's textfile
 * collector: written to a temporary file in the target's directory and
 * renamed into place, so the collector never reads half a file. Names
 * follow the Prometheus conventions: a HELP and a TYPE line per family,
 * base units in the name (_seconds), _total on counters only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "audit.h"
#include "ivt.h"

#define P "iavf_vlantrace_"

static void family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP " P "%s %s\n# TYPE " P "%s %s\n", name, help, name, type);
}

/* Label values: backslash, double quote and newline escaped. */
static void label_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

/* name{dev="..",pci=".."[,extra="value"]} */
static void sample(FILE *f, const char *name, const struct audit_vf *vf,
		   const char *extra, const char *value)
{
	char pci[16];

	ivt_fmt_pci(vf->pci_id, pci, sizeof(pci));
	fprintf(f, P "%s{dev=\"", name);
	label_value(f, vf->dev);
	fprintf(f, "\",pci=\"%s\"", pci);
	if (extra)
		fprintf(f, ",%s=\"%s\"", extra, value);
	fputc('}', f);
}

static void write_findings(FILE *f, const struct audit_input *in,
			   const struct audit_result *r)
{
	__u32 v, k, i, n;

	family(f, "audit_findings", "gauge", "Audit findings per VF and kind at the last audit.");
	for (v = 0; v < in->nvfs; v++)
		for (k = 0; k < AUDIT_NR_KINDS; k++) {
			for (i = 0, n = 0; i < r->nfindings; i++)
				n += r->findings[i].vf == v && r->findings[i].kind == k;
			sample(f, "audit_findings", &in->vfs[v], "kind", audit_kind_name(k));
			fprintf(f, " %u\n", n);
		}
}

static void write_filters(FILE *f, const struct audit_input *in,
			  const struct audit_result *r)
{
	__u32 v, k;

	family(f, "vlan_filters", "gauge",
	       "VLAN filters in the driver's list per state (the driver's own state names).");
	for (v = 0; v < in->nvfs; v++)
		for (k = 1; k < IAVF_VLAN_ABI_NR_STATES; k++) {
			if (!ivt_gen_has_state(in->vfs[v].generation, k))
				continue;
			sample(f, "vlan_filters", &in->vfs[v], "state", ivt_state_name(k));
			fprintf(f, " %u\n", r->vf[v].by_state[k]);
		}
}

static void write_per_vf(FILE *f, const struct audit_input *in,
			 const struct audit_result *r)
{
	__u32 v;

	family(f, "driver_num_vlan_filters", "gauge", "The driver's adapter->num_vlan_filters.");
	for (v = 0; v < in->nvfs; v++) {
		sample(f, "driver_num_vlan_filters", &in->vfs[v], NULL, NULL);
		fprintf(f, " %d\n", in->vfs[v].num_vlan_filters);
	}
	family(f, "vlan_devices", "gauge", "VLAN devices on top of the VF, in every namespace.");
	for (v = 0; v < in->nvfs; v++) {
		sample(f, "vlan_devices", &in->vfs[v], NULL, NULL);
		fprintf(f, " %u\n", r->vf[v].vlandevs);
	}
	family(f, "snapshot_trusted", "gauge",
	       "1 if the driver list could be judged, 0 if not (its findings then say nothing).");
	for (v = 0; v < in->nvfs; v++) {
		sample(f, "snapshot_trusted", &in->vfs[v], NULL, NULL);
		fprintf(f, " %d\n", !r->vf[v].untrusted[0]);
	}
	family(f, "vlan_filter_limit", "gauge",
	       "Effective VLAN filter limit of the PF (absent when unknown).");
	for (v = 0; v < in->nvfs; v++) {
		if (r->vf[v].limit < 0)
			continue;
		sample(f, "vlan_filter_limit", &in->vfs[v], NULL, NULL);
		fprintf(f, " %d\n", r->vf[v].limit);
	}
}

static void write_run(FILE *f, const struct audit_prom_run *run)
{
	family(f, "audit_timestamp_seconds", "gauge", "When the last audit ran (Unix time).");
	fprintf(f, P "audit_timestamp_seconds %.3f\n", run->unix_time_s);
	family(f, "audits_total", "counter", "Audits run by this process.");
	fprintf(f, P "audits_total %llu\n", (unsigned long long)run->audits);
}

int audit_write_prometheus(const char *path, const struct audit_input *in,
			   const struct audit_result *r,
			   const struct audit_prom_run *run)
{
	char tmp[4096];
	FILE *f;
	int err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	write_findings(f, in, r);
	write_filters(f, in, r);
	write_per_vf(f, in, r);
	write_run(f, run);
	if (ferror(f))
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}
