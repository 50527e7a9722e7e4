// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Percentiles estimated from log2 histograms, and durations a person can
 * read. Slot k of a histogram holds [2^k, 2^(k+1)) us (slot 0 also 0): a
 * percentile is placed by linear interpolation inside the slot that holds
 * its rank, so it is an estimate within a factor of 2, never a measurement.
 */
#include <stdio.h>
#include "hist.h"

double ivt_slot_lo_us(int slot)
{
	return slot ? (double)(1ULL << slot) : 0.0;
}

double ivt_slot_hi_us(int slot)
{
	return (double)(1ULL << (slot + 1));
}

/* The q-quantile (0 < q <= 1) in us; 0 with no samples. */
double ivt_hist_quantile_us(const __u32 *slots, int nslots, double q)
{
	unsigned long long total = 0, below = 0;
	double rank;
	int s;

	for (s = 0; s < nslots; s++)
		total += slots[s];
	if (!total)
		return 0.0;
	rank = q * (double)total;
	for (s = 0; s < nslots; s++) {
		if (!slots[s])
			continue;
		if ((double)(below + slots[s]) >= rank) {
			double frac = (rank - (double)below) / slots[s];
			double lo = ivt_slot_lo_us(s), hi = ivt_slot_hi_us(s);

			return lo + (hi - lo) * (frac < 0 ? 0 : frac);
		}
		below += slots[s];
	}
	return ivt_slot_hi_us(nslots - 1);
}

void ivt_hist_percentiles(const __u32 *slots, int nslots, struct ivt_pct *p)
{
	p->p50 = ivt_hist_quantile_us(slots, nslots, 0.50);
	p->p90 = ivt_hist_quantile_us(slots, nslots, 0.90);
	p->p99 = ivt_hist_quantile_us(slots, nslots, 0.99);
}

/* 850 us, 1.5 ms, 12 ms, 2.3 s: three significant digits at most. */
void ivt_fmt_us(double us, char *buf, size_t len)
{
	if (us < 1000.0)
		snprintf(buf, len, "%.0f us", us);
	else if (us < 10000.0)
		snprintf(buf, len, "%.1f ms", us / 1e3);
	else if (us < 1e6)
		snprintf(buf, len, "%.0f ms", us / 1e3);
	else if (us < 1e7)
		snprintf(buf, len, "%.1f s", us / 1e6);
	else
		snprintf(buf, len, "%.0f s", us / 1e6);
}

/* An axis tick at a power of two: 1 us, 512 us, 1 ms, 33 ms, 1 s. */
void ivt_fmt_tick_us(double us, char *buf, size_t len)
{
	if (us < 1000.0)
		snprintf(buf, len, "%.0fus", us);
	else if (us < 1e6)
		snprintf(buf, len, "%.0fms", us / 1e3);
	else
		snprintf(buf, len, "%.0fs", us / 1e6);
}
