/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel host services of one VF (bottom layer): DMA gated by bus
 * mastering, MSI-X, the clock, the one-shot timer, logs and trace events,
 * all lent by the host through struct vfm_host_ops. Calls nothing else in
 * the model.
 */
#ifndef VFM_HOST_H
#define VFM_HOST_H

#include "vfmodel.h"

struct vfm_host {
	struct vfm_host_ops ops;
	void *opaque;
	bool bus_master;	/* PCI bus master enable: no DMA while off */
	const char *name;	/* the PF's name, for log lines */
	unsigned int idx;	/* the VF's index, for log lines */
};

int vfm_dma_read(const struct vfm_host *h, uint64_t addr, void *buf, size_t len);
int vfm_dma_write(const struct vfm_host *h, uint64_t addr, const void *buf, size_t len);
void vfm_msix(const struct vfm_host *h, unsigned int vector);
/* a timer needs both hooks; without them deferred work runs at once */
bool vfm_has_timer(const struct vfm_host *h);
uint64_t vfm_now(const struct vfm_host *h);
void vfm_timer_mod(const struct vfm_host *h, uint64_t deadline_ns);
void vfm_logf(const struct vfm_host *h, enum vfm_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vfm_event(const struct vfm_host *h, enum vfm_event_kind kind, uint32_t op,
	       int32_t status, uint32_t len, uint32_t arg);

#endif /* VFM_HOST_H */
