// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel: the API of vfmodel.h as a thin shell over the layers (as QEMU's
 * igb.c over igb_core.c): it builds a VF from host services, deferred
 * work, data path, VF device and the PF's view, wires the callbacks each
 * lower layer needs, and forwards the host's calls. After every entry from
 * the host, due deferred work runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfmodel_int.h"

static void pf_defaults(struct vfm_pf_config *c)
{
	if (!c->num_queue_pairs)
		c->num_queue_pairs = 4;
	if (c->num_queue_pairs > VFM_MAX_QUEUE_PAIRS)
		c->num_queue_pairs = VFM_MAX_QUEUE_PAIRS;
	if (!c->max_vectors)
		c->max_vectors = c->num_queue_pairs + 1;
	if (c->max_vectors > VFM_MAX_QUEUE_PAIRS + 1)
		c->max_vectors = VFM_MAX_QUEUE_PAIRS + 1;
	if (c->max_vectors < 2)
		c->max_vectors = 2;	/* iavf needs vector 0 plus one queue vector */
	if (!c->vlan_limit)
		c->vlan_limit = 8;
	if (!c->link_speed_mbps)
		c->link_speed_mbps = 25000;
}

struct vfm_pf *vfm_pf_new(const struct vfm_pf_config *cfg)
{
	struct vfm_pf *pf = calloc(1, sizeof(*pf));

	if (!pf)
		return NULL;
	if (cfg)
		pf->cfg = *cfg;
	pf_defaults(&pf->cfg);
	snprintf(pf->name, sizeof(pf->name), "%s", pf->cfg.name ? pf->cfg.name : "pf0");
	/* the name goes into dump lines and JSON unquoted: keep it a plain word */
	for (char *c = pf->name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.'))
			*c = '_';
	pf->cfg.name = NULL;	/* do not keep the caller's pointer */
	pf->link_up = cfg ? cfg->link_up : true;
	pf->rng = pf->cfg.seed ? pf->cfg.seed : 0x9e3779b97f4a7c15ull;
	return pf;
}

void vfm_pf_free(struct vfm_pf *pf)
{
	unsigned int i;

	if (!pf)
		return;
	/* VFs still attached would point at freed memory: free them too */
	for (i = 0; i < VFM_MAX_VFS; i++)
		vfm_vf_free(pf->vfs[i]);
	free(pf);
}

struct vfm_vf *vfm_vf_new(struct vfm_pf *pf, unsigned int vf_index,
			  const struct vfm_host_ops *ops, void *opaque,
			  const uint8_t mac[6])
{
	struct vfm_vf *vf;

	if (!pf || !ops || vf_index >= VFM_MAX_VFS || pf->vfs[vf_index])
		return NULL;
	vf = calloc(1, sizeof(*vf));
	if (!vf)
		return NULL;
	vf->pf = pf;
	vf->idx = vf_index;
	vf->host.ops = *ops;
	vf->host.opaque = opaque;
	vf->host.name = pf->name;
	vf->host.idx = vf_index;
	/* QEMU enables bus mastering through PCI config space before the
	 * driver touches the queues; the glue reports changes. */
	vf->host.bus_master = true;
	vfm_sched_init(&vf->sched, &vf->host);
	vfm_dp_init(&vf->dp, &vf->host, &vf->sched, &pf->sw, vf_index,
		    pf->cfg.num_queue_pairs, pf->cfg.max_vectors);
	/* the message interface: the device hands every ATQ message up */
	vfm_dev_init(&vf->dev, &vf->host, &vf->dp, vfm_mbx_receive, vf);
	pf->vfs[vf_index] = vf;
	vfm_pfvf_init(vf, mac);
	return vf;
}

void vfm_vf_free(struct vfm_vf *vf)
{
	if (!vf)
		return;
	if (vf->pf->vfs[vf->idx] == vf)
		vf->pf->vfs[vf->idx] = NULL;
	vfm_sched_stop(&vf->sched);
	vfm_dp_free(&vf->dp);
	free(vf);
}

unsigned int vfm_vf_msix_vectors(const struct vfm_vf *vf)
{
	return vf ? vf->pf->cfg.max_vectors : 0;
}

uint64_t vfm_vf_mmio_read(struct vfm_vf *vf, uint64_t offset, unsigned int size)
{
	if (!vf)
		return 0;
	return vfm_dev_mmio_read(&vf->dev, offset, size);
}

void vfm_vf_mmio_write(struct vfm_vf *vf, uint64_t offset, uint64_t val, unsigned int size)
{
	if (!vf || offset >= VFM_BAR0_SIZE)
		return;
	vfm_dev_mmio_write(&vf->dev, offset, val, size);
	vfm_sched_run(&vf->sched);
}

void vfm_vf_timer_fire(struct vfm_vf *vf)
{
	if (!vf)
		return;
	vfm_sched_timer_fired(&vf->sched);
}

void vfm_vf_flr(struct vfm_vf *vf)
{
	if (!vf)
		return;
	vfm_logf(&vf->host, VFM_LOG_INFO, "VFLR");
	vfm_pfvf_reset(vf, VFM_RESET_FLR);
	vfm_sched_run(&vf->sched);
}

void vfm_vf_set_bus_master(struct vfm_vf *vf, bool enabled)
{
	if (!vf)
		return;
	vf->host.bus_master = enabled;
	if (enabled) {
		vfm_aq_outq_flush(&vf->dev);
		vfm_sched_run(&vf->sched);
	}
}
