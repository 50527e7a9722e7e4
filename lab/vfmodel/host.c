// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel host services (bottom layer): the only place that calls the
 * host's struct vfm_host_ops. See host.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "host.h"

int vfm_dma_read(const struct vfm_host *h, uint64_t addr, void *buf, size_t len)
{
	if (!h->bus_master || !h->ops.dma_read)
		return -EIO;
	return h->ops.dma_read(h->opaque, addr, buf, len) ? -EIO : 0;
}

int vfm_dma_write(const struct vfm_host *h, uint64_t addr, const void *buf, size_t len)
{
	if (!h->bus_master || !h->ops.dma_write)
		return -EIO;
	return h->ops.dma_write(h->opaque, addr, buf, len) ? -EIO : 0;
}

void vfm_msix(const struct vfm_host *h, unsigned int vector)
{
	if (h->ops.msix_notify)
		h->ops.msix_notify(h->opaque, vector);
}

bool vfm_has_timer(const struct vfm_host *h)
{
	return h->ops.timer_mod && h->ops.now_ns;
}

uint64_t vfm_now(const struct vfm_host *h)
{
	return h->ops.now_ns ? h->ops.now_ns(h->opaque) : 0;
}

void vfm_timer_mod(const struct vfm_host *h, uint64_t deadline_ns)
{
	if (vfm_has_timer(h))
		h->ops.timer_mod(h->opaque, deadline_ns);
}

void vfm_logf(const struct vfm_host *h, enum vfm_log_level lvl, const char *fmt, ...)
{
	char msg[256];
	int n;
	va_list ap;

	if (!h->ops.log)
		return;
	n = snprintf(msg, sizeof(msg), "%s vf%u: ", h->name, h->idx);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	h->ops.log(h->opaque, lvl, msg);
}

void vfm_event(const struct vfm_host *h, enum vfm_event_kind kind, uint32_t op,
	       int32_t status, uint32_t len, uint32_t arg)
{
	struct vfm_event ev = {
		.kind = kind, .vf = h->idx, .op = op, .status = status, .len = len, .arg = arg,
	};

	if (h->ops.event)
		h->ops.event(h->opaque, &ev);
}
