/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Percentile estimates from log2 histograms; readable durations. */
#ifndef IVT_HIST_H
#define IVT_HIST_H

#include <stddef.h>
#include <linux/types.h>

/* Estimated from the log2 buckets (linear inside a bucket): in us. */
struct ivt_pct {
	double p50, p90, p99;
};

#define IVT_PCT_NOTE "estimated from log2 buckets"

double ivt_slot_lo_us(int slot);
double ivt_slot_hi_us(int slot);
double ivt_hist_quantile_us(const __u32 *slots, int nslots, double q);
void ivt_hist_percentiles(const __u32 *slots, int nslots, struct ivt_pct *p);
void ivt_fmt_us(double us, char *buf, size_t len);
void ivt_fmt_tick_us(double us, char *buf, size_t len);

#endif /* IVT_HIST_H */
