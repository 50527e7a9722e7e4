/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel internals: one VF as the layers compose it. Each member belongs
 * to one layer (see README.md, "Layers"); a layer's functions take their
 * own member, and only files of the PF layer and above see this struct.
 */
#ifndef VFMODEL_INT_H
#define VFMODEL_INT_H

#include "datapath.h"
#include "host.h"
#include "pf.h"
#include "sched.h"
#include "vfdev.h"
#include "vfmodel.h"

struct vfm_vf {
	struct vfm_pf *pf;
	unsigned int idx;
	struct vfm_host host;	/* host.c: the host's services */
	struct vfm_sched sched;	/* sched.c: deferred work */
	struct vfm_dp dp;	/* datapath.c: rings, queue registers, counters */
	struct vfm_dev dev;	/* vf.c, adminq.c: register file, admin queues */
	struct vfm_pfvf pv;	/* pf*.c: the PF's view of the VF */
};

#endif /* VFMODEL_INT_H */
