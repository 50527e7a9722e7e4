/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

#ifndef IVT_SELFTEST_H
#define IVT_SELFTEST_H

#include "ivt.h"

/* Push the fixed synthetic sequence (18 events, one VF 0000:03:00.0,
 * ifindex 99) through the raw_tp programs of a IVT_MODE_TEST load.
 */
int ivt_selftest_inject(const struct ivt_bpf *b);

#define IVT_SELFTEST_EVENTS 18

#endif /* IVT_SELFTEST_H */
