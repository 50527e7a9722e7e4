// SPDX-License-Identifier: GPL-2.0
/* vfmodel PF fault injection: the fault table and which fault a message meets. */
#include <errno.h>
#include <string.h>

#include "pf.h"

static uint32_t rng_next(struct vfm_pf *pf)
{
	/* xorshift64*: deterministic per seed, no global state */
	pf->rng ^= pf->rng >> 12;
	pf->rng ^= pf->rng << 25;
	pf->rng ^= pf->rng >> 27;
	return (uint32_t)((pf->rng * 0x2545f4914f6cdd1dull) >> 32);
}

struct vfm_fault_slot *vfm_fault_match(struct vfm_pf *pf, unsigned int vf, uint32_t op)
{
	unsigned int i;

	for (i = 0; i < VFM_MAX_FAULTS; i++) {
		struct vfm_fault_slot *s = &pf->faults[i];

		if (!s->used || (s->f.vf >= 0 && (unsigned int)s->f.vf != vf) ||
		    (s->f.op && s->f.op != op))
			continue;
		if (s->f.prob_pct && s->f.prob_pct < 100 && rng_next(pf) % 100 >= s->f.prob_pct)
			continue;
		s->hits++;
		if (s->f.count && --s->left == 0)
			s->used = false;	/* spent; the copy returned below stays valid */
		return s;
	}
	return NULL;
}

int vfm_pf_fault_add(struct vfm_pf *pf, const struct vfm_fault *f)
{
	unsigned int i;

	if (!pf || !f || f->kind < VFM_FAULT_REJECT || f->kind > VFM_FAULT_RESET ||
	    (f->apply_now && f->kind != VFM_FAULT_DELAY) ||
	    f->prob_pct > 100 || f->vf >= VFM_MAX_VFS || f->vf < -1 ||
	    f->op == VIRTCHNL_OP_RESET_VF)
		return -EINVAL;
	for (i = 0; i < VFM_MAX_FAULTS; i++) {
		if (pf->faults[i].used)
			continue;
		memset(&pf->faults[i], 0, sizeof(pf->faults[i]));
		pf->faults[i].used = true;
		pf->faults[i].f = *f;
		pf->faults[i].left = f->count;
		return (int)i;
	}
	return -ENOSPC;
}

int vfm_pf_fault_clear(struct vfm_pf *pf, int id)
{
	unsigned int i;

	if (!pf || id >= VFM_MAX_FAULTS || id < -1)
		return -EINVAL;
	if (id >= 0) {
		if (!pf->faults[id].used)
			return -ENOENT;
		pf->faults[id].used = false;
		return 0;
	}
	for (i = 0; i < VFM_MAX_FAULTS; i++)
		pf->faults[i].used = false;
	return 0;
}
