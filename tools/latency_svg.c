// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * The latency report as an SVG picture: one panel per metric (down,
 * up_to_active, reset, add_to_active, pf_rtt per virtchnl op), the VFs side
 * by side within each panel (one colour each), x ticks in us/ms/s at the
 * log2 bucket bounds, the count on every bar, and dashed markers at each
 * VF's estimated p50/p90/p99.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hist.h"
#include "latency.h"

#define SVG_W		780
#define X0		60	/* plot left */
#define PW		680	/* plot width */
#define PLOT_H		130
/* a panel: title, one legend line per VF, marker labels, plot, x axis */
#define PLOT_TOP(n)	(30 + 13 * (n) + 36)
#define PANEL_H(n)	(PLOT_TOP(n) + PLOT_H + 45)

static const char *const colours[] = {
	"#3572b0", "#d9822b", "#2e9e5b", "#b0355e", "#7a4fb0", "#7f7f7f",
};
#define NCOLOURS (sizeof(colours) / sizeof(colours[0]))

struct panel {
	const struct ivt_hist_entry *e[IVT_MAX_VFS];	/* one per VF */
	const char *name[IVT_MAX_VFS];
	int n;
	int smin, smax;		/* bucket range shown */
	unsigned int max;	/* tallest bar */
};

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else
			fputc(*s, f);
	}
}

static int same_metric(const struct ivt_hist_key *a, const struct ivt_hist_key *b)
{
	return a->kind == b->kind && a->op == b->op;
}

/* The entries of the metric of v[first], and the bucket range they use. */
static void panel_collect(struct panel *p, const struct ivt_hist_entry *v, int n,
			  const char *const *names, int first)
{
	int i, s;

	memset(p, 0, sizeof(*p));
	p->smin = IVT_HIST_SLOTS;
	p->smax = -1;
	p->max = 1;
	for (i = first; i < n && p->n < IVT_MAX_VFS; i++) {
		if (!same_metric(&v[i].key, &v[first].key))
			continue;
		p->e[p->n] = &v[i];
		p->name[p->n++] = names[i];
		for (s = 0; s < IVT_HIST_SLOTS; s++) {
			if (!v[i].hist.slots[s])
				continue;
			p->smin = s < p->smin ? s : p->smin;
			p->smax = s > p->smax ? s : p->smax;
			p->max = v[i].hist.slots[s] > p->max ? v[i].hist.slots[s] : p->max;
		}
	}
	if (p->smax < 0)
		p->smin = p->smax = 0;
	/* at least 6 buckets, so a single bar is not the whole width */
	while (p->smax - p->smin < 5 && (p->smax < IVT_HIST_SLOTS - 1 || p->smin > 0))
		if (p->smax < IVT_HIST_SLOTS - 1)
			p->smax++;
		else
			p->smin--;
}

static double slot_x(const struct panel *p, double slot_pos)
{
	return X0 + (slot_pos - p->smin) * PW / (p->smax - p->smin + 1);
}

static void panel_axes(FILE *f, const struct panel *p, int y0, const char *title)
{
	int base = y0 + PLOT_TOP(p->n) + PLOT_H, s, nb = p->smax - p->smin + 1;
	char tick[24];

	fprintf(f, "<text x=\"10\" y=\"%d\" font-weight=\"bold\" font-size=\"13\">", y0 + 18);
	xml_text(f, title);
	fprintf(f, "</text>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
		X0, base, X0 + PW, base);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
		X0, base, X0, y0 + PLOT_TOP(p->n));
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"end\">%u</text>\n"
		"<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"end\">0</text>\n"
		"<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"end\">samples</text>\n",
		X0 - 4, y0 + PLOT_TOP(p->n) + 4, p->max, X0 - 4, base, X0 - 4, y0 + PLOT_TOP(p->n) - 8);
	for (s = p->smin; s <= p->smax + 1; s++) {
		double x = slot_x(p, s);

		if (nb > 14 && (s - p->smin) % 2)
			continue;
		ivt_fmt_tick_us(ivt_slot_lo_us(s), tick, sizeof(tick));
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>"
			"<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s</text>\n",
			x, base, x, base + 4, x, base + 15, tick);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">"
		"latency (log2 buckets; p50/p90/p99 " IVT_PCT_NOTE ")</text>\n",
		X0 + PW / 2, base + 30);
}

static void panel_bars(FILE *f, const struct panel *p, int y0)
{
	int base = y0 + PLOT_TOP(p->n) + PLOT_H, s, i;
	double gw = (double)PW / (p->smax - p->smin + 1), bw = (gw - 4) / p->n;

	for (i = 0; i < p->n; i++)
		for (s = p->smin; s <= p->smax; s++) {
			unsigned int c = p->e[i]->hist.slots[s];
			double x = slot_x(p, s) + 2 + i * bw;
			int h = (int)((double)PLOT_H * c / p->max);
			char lo[24], hi[24];

			if (!c)
				continue;
			ivt_fmt_us(ivt_slot_lo_us(s), lo, sizeof(lo));
			ivt_fmt_us(ivt_slot_hi_us(s), hi, sizeof(hi));
			fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
				"<title>%s - %s: %u</title></rect>\n", x, base - h, bw,
				h ? h : 1, colours[i % NCOLOURS], lo, hi, c);
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%u</text>\n",
				x + bw / 2, base - h - 3, c);
		}
}

/* Where a value sits on the log2 axis: its slot plus the fraction in it. */
static double value_slot_pos(double us)
{
	int s = 0;

	while (s < IVT_HIST_SLOTS - 1 && us >= ivt_slot_hi_us(s))
		s++;
	return s + (us - ivt_slot_lo_us(s)) / (ivt_slot_hi_us(s) - ivt_slot_lo_us(s));
}

static void panel_markers(FILE *f, const struct panel *p, int y0)
{
	static const char *const label[] = { "p50", "p90", "p99" };
	int top = y0 + PLOT_TOP(p->n), base = top + PLOT_H, i, k;
	char a[24], b[24], c[24];
	struct ivt_pct pct;

	for (i = 0; i < p->n; i++) {
		const char *col = colours[i % NCOLOURS];
		double v[3];

		ivt_hist_percentiles(p->e[i]->hist.slots, IVT_HIST_SLOTS, &pct);
		v[0] = pct.p50, v[1] = pct.p90, v[2] = pct.p99;
		for (k = 0; k < 3 && p->e[i]->hist.count; k++) {
			double x = slot_x(p, value_slot_pos(v[k]));

			/* labels above the plot, p50 highest, so none hides a bar */
			int ly = top - 24 + 9 * k;

			fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
				"stroke-dasharray=\"4,3\"/><text x=\"%.1f\" y=\"%d\" font-size=\"9\" "
				"fill=\"%s\">%s</text>\n", x, ly - 7, x, base, col,
				x + 2, ly, col, label[k]);
		}
		ivt_fmt_us(pct.p50, a, sizeof(a));
		ivt_fmt_us(pct.p90, b, sizeof(b));
		ivt_fmt_us(pct.p99, c, sizeof(c));
		fprintf(f, "<rect x=\"10\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			"<text x=\"26\" y=\"%d\" font-size=\"11\">", y0 + 26 + 13 * i, col, y0 + 35 + 13 * i);
		xml_text(f, p->name[i]);
		fprintf(f, ": %llu samples, p50 ~%s, p90 ~%s, p99 ~%s</text>\n",
			(unsigned long long)p->e[i]->hist.count, a, b, c);
	}
}

static bool first_of_metric(const struct ivt_hist_entry *v, int i)
{
	int j;

	for (j = 0; j < i; j++)
		if (same_metric(&v[j].key, &v[i].key))
			return false;
	return true;
}

static int svg_height(const struct ivt_hist_entry *v, int n)
{
	int i, j, h = 20, vfs;

	for (i = 0; i < n; i++) {
		if (!first_of_metric(v, i))
			continue;
		for (j = i, vfs = 0; j < n; j++)
			vfs += same_metric(&v[j].key, &v[i].key);
		h += PANEL_H(vfs);
	}
	return n ? h : 60;
}

/* v: sorted by (dev, kind, op); names[i]: the VF of v[i], "eth0 0000:01:00.0". */
int ivt_write_svg(const char *path, const struct ivt_hist_entry *v, int n,
		  const char *const *names)
{
	struct panel *p = malloc(sizeof(*p));
	FILE *f = p ? fopen(path, "w") : NULL;
	int i, y = 10, err = 0;
	char title[96];

	if (!f) {
		err = p ? -errno : -ENOMEM;
		free(p);
		return err;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"font-family=\"sans-serif\" font-size=\"11\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
		SVG_W, svg_height(v, n));
	if (!n)
		fprintf(f, "<text x=\"10\" y=\"30\">no samples</text>\n");
	for (i = 0; i < n; i++) {
		if (!first_of_metric(v, i))
			continue;
		panel_collect(p, v, n, names, i);
		ivt_metric_title(&v[i].key, title, sizeof(title));
		panel_axes(f, p, y, title);
		panel_bars(f, p, y);
		panel_markers(f, p, y);
		y += PANEL_H(p->n);
	}
	fprintf(f, "</svg>\n");
	if (ferror(f))
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	free(p);
	return err;
}
