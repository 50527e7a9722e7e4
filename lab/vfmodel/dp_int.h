/* SPDX-License-Identifier: GPL-2.0 */
/* vfmodel data path internals: shared by datapath.c, dp_tx.c, dp_rx.c, dp_irq.c. */
#ifndef VFM_DP_INT_H
#define VFM_DP_INT_H

#include "datapath.h"


/* dp_irq.c */
unsigned int vfm_dp_queue_vector(const struct vfm_dp *dp, unsigned int q, bool rx);
void vfm_dp_raise(struct vfm_dp *dp, unsigned int v);
void vfm_dp_dyn_ctln1_write(struct vfm_dp *dp, unsigned int n, uint32_t val);

/* dp_tx.c */
void vfm_dp_tx_kick(struct vfm_dp *dp, unsigned int q);

/* dp_rx.c */
void vfm_dp_enqueue(void *dp, const uint8_t *frame, uint16_t len);	/* switch deliver */
void vfm_dp_rx_kick(struct vfm_dp *dp);
void vfm_dp_backlog_clear(struct vfm_dp *dp);

#endif /* VFM_DP_INT_H */
