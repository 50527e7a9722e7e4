// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Unit tests of the latency report: percentile estimates from log2
 * buckets, readable durations, and the SVG (two VFs compared within each
 * metric's panel), rendered by a real renderer (rsvg-convert, Debian's
 * librsvg2-bin) when it is installed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hist.h"
#include "latency.h"
#include "tests/tap.h"

static int near(double a, double b)
{
	return fabs(a - b) < 0.01;
}

static void test_percentiles(struct tap *t)
{
	__u32 s[IVT_HIST_SLOTS] = {};
	struct ivt_pct p;
	char b[4][24];

	s[10] = 100;		/* [1024, 2048) us */
	ivt_hist_percentiles(s, IVT_HIST_SLOTS, &p);
	tap_ok(t, near(p.p50, 1536) && near(p.p90, 1945.6) && near(p.p99, 2037.76),
	       "one bucket: p50/p90/p99 interpolated inside it (%.1f %.1f %.2f)",
	       p.p50, p.p90, p.p99);
	s[10] = 10;
	s[3] = 90;		/* [8, 16) us */
	ivt_hist_percentiles(s, IVT_HIST_SLOTS, &p);
	tap_ok(t, near(p.p50, 8 + 8 * 50.0 / 90) && near(p.p90, 16) && near(p.p99, 1024 + 1024 * 0.9),
	       "two buckets: p50 and p90 in the low one, p99 in the tail (%.2f %.2f %.1f)",
	       p.p50, p.p90, p.p99);
	memset(s, 0, sizeof(s));
	ivt_hist_percentiles(s, IVT_HIST_SLOTS, &p);
	tap_ok(t, p.p50 == 0 && p.p99 == 0, "no samples: 0");
	ivt_fmt_us(850, b[0], sizeof(b[0]));
	ivt_fmt_us(1536, b[1], sizeof(b[1]));
	ivt_fmt_us(33000, b[2], sizeof(b[2]));
	ivt_fmt_us(2.5e6, b[3], sizeof(b[3]));
	tap_ok(t, !strcmp(b[0], "850 us") && !strcmp(b[1], "1.5 ms") && !strcmp(b[2], "33 ms") &&
	       !strcmp(b[3], "2.5 s"), "durations in us, ms, s: %s, %s, %s, %s",
	       b[0], b[1], b[2], b[3]);
}

static struct ivt_hist_entry entry(__u32 dev, __u16 kind, __u16 op, int slot, __u32 n)
{
	struct ivt_hist_entry e = { .key = { .dev_id = dev, .kind = kind, .op = op } };

	e.hist.slots[slot] = n;
	e.hist.slots[slot + 3] = 1;
	e.hist.count = n + 1;
	return e;
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = f ? calloc(1, 1 << 20) : NULL;

	if (buf && fread(buf, 1, (1 << 20) - 1, f) == 0) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

static void test_svg(struct tap *t)
{
	struct ivt_hist_entry v[4] = {
		entry(0x0100, IVT_H_PF_RTT, IAVF_VC_OP_ADD_VLAN_V2, 9, 40),
		entry(0x0100, IVT_H_ADD_ACTIVE, 0, 10, 7),
		entry(0x0200, IVT_H_PF_RTT, IAVF_VC_OP_ADD_VLAN_V2, 12, 3),
		entry(0x0200, IVT_H_ADD_ACTIVE, 0, 14, 5),
	};
	const char *names[4] = { "eth0 0000:01:00.0", "eth0 0000:01:00.0",
				 "eth<1> 0000:02:00.0", "eth<1> 0000:02:00.0" };
	char path[] = "/tmp/ivt-svg-XXXXXX", cmd[256];
	char *svg;
	int fd = mkstemp(path), rc;

	if (fd >= 0)
		close(fd);
	tap_ok(t, fd >= 0 && !ivt_write_svg(path, v, 4, names), "SVG: written");
	svg = slurp(path);
	tap_ok(t, svg && count_of(svg, ">pf_rtt ADD_VLAN_V2 (") == 1 &&
	       count_of(svg, ">add_to_active (") == 1,
	       "SVG: one panel per metric (pf_rtt ADD_VLAN_V2, add_to_active)");
	tap_ok(t, svg && count_of(svg, ">eth0 0000:01:00.0: ") == 2 &&
	       count_of(svg, ">eth&lt;1&gt; 0000:02:00.0: ") == 2,
	       "SVG: both VFs in each panel's legend (names escaped)");
	tap_ok(t, svg && strstr(svg, ">512us<") && strstr(svg, ">1ms<") && strstr(svg, ">16ms<"),
	       "SVG: axis ticks in us and ms");
	tap_ok(t, svg && strstr(svg, ">40</text>") && strstr(svg, ">7</text>") &&
	       count_of(svg, ">p50</text>") == 4 && count_of(svg, ">p99</text>") == 4 &&
	       strstr(svg, "p90 ~") && strstr(svg, IVT_PCT_NOTE),
	       "SVG: counts on the bars, p50/p90/p99 markers per VF and panel, labelled estimates");
	if (system("command -v rsvg-convert >/dev/null 2>&1")) {
		tap_skip(t, "SVG renders with rsvg-convert", "not installed (Debian package librsvg2-bin)");
	} else {
		snprintf(cmd, sizeof(cmd), "rsvg-convert -o %s.png %s && "
			 "head -c 8 %s.png | od -An -tx1 | grep -q '89 50 4e 47'",
			 path, path, path);
		rc = system(cmd);
		tap_ok(t, rc == 0, "SVG: rsvg-convert renders it to a PNG");
		snprintf(cmd, sizeof(cmd), "%s.png", path);
		if (!getenv("IVT_KEEP_SVG"))
			unlink(cmd);
	}
	free(svg);
	if (!getenv("IVT_KEEP_SVG"))
		unlink(path);
	else
		tap_diag("kept %s", path);
}

int main(void)
{
	struct tap t = {};

	test_percentiles(&t);
	test_svg(&t);
	return tap_done(&t);
}
