/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Event formatting: monitor's output, the benchmark's consumer. */
#ifndef IVT_FORMAT_H
#define IVT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include "ivt.h"
#include "names.h"

struct json_object;

struct ivt_fmt {
	bool wallclock;
	__u64 start_ns;		/* CLOCK_MONOTONIC at start */
	__s64 mono_to_real_ns;
	/* Records carry no device name: it is joined from the per-VF map
	 * by dev_id, and read again when a record's ifindex differs.
	 */
	struct ivt_names names;
};

/* @vfs_fd: the `vfs` map, -1: devices named if<ifindex> */
void ivt_fmt_init(struct ivt_fmt *f, bool wallclock, int vfs_fd);
int ivt_format_event(const struct ivt_event *e, struct ivt_fmt *f,
		     char *buf, size_t len);
struct json_object *ivt_event_json(const struct ivt_event *e,
				   struct ivt_fmt *f);

#endif /* IVT_FORMAT_H */
