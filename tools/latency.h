/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Histogram collection and rendering, shared with the tests. */
#ifndef IVT_LATENCY_H
#define IVT_LATENCY_H

#include <stdio.h>
#include "ivt.h"

struct json_object;

struct ivt_hist_entry {
	struct ivt_hist_key key;
	struct ivt_hist hist;
};

/* All histograms of the map, sorted by (dev, kind, op); returns the count. */
int ivt_hist_collect(int map_fd, bool clear, struct ivt_hist_entry **out);
void ivt_print_log2_hist(FILE *out, const __u32 *slots, int nslots);
struct json_object *ivt_hist_json(const struct ivt_hist_entry *h, const char *dev);
void ivt_metric_title(const struct ivt_hist_key *k, char *buf, size_t len);
/* latency_svg.c: one panel per metric, VFs compared within it; names[i]
 * labels the VF of v[i] (v sorted by VF, kind, op).
 */
int ivt_write_svg(const char *path, const struct ivt_hist_entry *v, int n,
		  const char *const *names);

#endif /* IVT_LATENCY_H */
