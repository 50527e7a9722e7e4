// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel queue interrupts with the auto-mask iavf's NAPI relies on: the
 * vector masks itself when it fires; iavf re-enables it with a DYN_CTLN1
 * INTENA write when NAPI completes. A cause while masked is held and fires
 * on the next INTENA write, as does SWINT_TRIG. ITR is not modelled.
 */
#include "dp_int.h"

/* the vector CONFIG_IRQ_MAP gave queue q, 0 when none */
unsigned int vfm_dp_queue_vector(const struct vfm_dp *dp, unsigned int q, bool rx)
{
	unsigned int v;

	for (v = 1; v < dp->nvec; v++)
		if (((rx ? dp->vec_rxq[v] : dp->vec_txq[v]) >> q) & 1)
			return v;
	return 0;
}

static void fire(struct vfm_dp *dp, unsigned int v)
{
	/* auto-mask: the vector stays off until the driver writes INTENA */
	dp->dyn_ctln1[v - 1] &= ~VFM_DYN_INTENA;
	dp->irq_pending[v] = false;
	dp->st.irqs++;
	vfm_msix(dp->host, v);
}

void vfm_dp_raise(struct vfm_dp *dp, unsigned int v)
{
	if (v == 0 || v >= dp->nvec)
		return;
	if (dp->dyn_ctln1[v - 1] & VFM_DYN_INTENA)
		fire(dp, v);
	else
		dp->irq_pending[v] = true;
}

void vfm_dp_dyn_ctln1_write(struct vfm_dp *dp, unsigned int n, uint32_t val)
{
	unsigned int v = n + 1;

	if (n >= VFM_NUM_DYN_CTLN)
		return;
	dp->dyn_ctln1[n] = val & ~(VFM_DYN_CLEARPBA | VFM_DYN_SWINT_TRIG);
	if (!(val & VFM_DYN_INTENA) || v >= dp->nvec)
		return;
	/* a software trigger (iavf_force_wb) or a cause held while masked
	 * fires now; ITR throttling is not modelled */
	if ((val & VFM_DYN_SWINT_TRIG) || dp->irq_pending[v])
		fire(dp, v);
}
