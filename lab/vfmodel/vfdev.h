/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel VF device (below the PF, above the data path): the BAR0 register
 * file, the admin send/receive queues, the vector-0 interrupt cause and the
 * register side of a VF reset. Stateless about policy: every message taken
 * off the ATQ goes up through the callback the PF registered (the message
 * interface); the PF answers with vfm_dev_send().
 */
#ifndef VFM_VFDEV_H
#define VFM_VFDEV_H

#include "datapath.h"
#include "msg.h"

/* BAR0 registers (iavf_register.h) */
#define VFM_REG_ATQBAH		0x7800
#define VFM_REG_ATQBAL		0x7C00
#define VFM_REG_ATQLEN		0x6800
#define VFM_REG_ATQH		0x6400
#define VFM_REG_ATQT		0x8400
#define VFM_REG_ARQBAH		0x6000
#define VFM_REG_ARQBAL		0x6C00
#define VFM_REG_ARQLEN		0x8000
#define VFM_REG_ARQH		0x7400
#define VFM_REG_ARQT		0x7000
#define VFM_REG_RSTAT		0x8800
#define VFM_REG_DYN_CTL01	0x5C00
#define VFM_REG_ICR0_ENA1	0x5000
#define VFM_REG_ICR01		0x4800
#define VFM_REG_DYN_CTLN1(n)	(0x3800 + (n) * 4)
#define VFM_REG_ITRN1_BASE	0x2800	/* + i * 64 + n * 4, i 0..2, n 0..15 */
#define VFM_REG_QTX_TAIL(q)	((q) * 4)
#define VFM_REG_QRX_TAIL(q)	(0x2000 + (q) * 4)

#define VFM_AQ_LEN_MASK		0x3ffu
#define VFM_AQ_LEN_ENABLE	(1u << 31)
#define VFM_AQ_LEN_CRIT		(1u << 30)
#define VFM_AQ_LEN_OVFL		(1u << 29)
#define VFM_AQ_LEN_VFE		(1u << 28)
#define VFM_ICR_ADMINQ		(1u << 30)
#define VFM_NUM_ITR		(3 * 16)

/* admin queue descriptor (iavf_adminq_cmd.h), little-endian on the wire */
#define VFM_AQ_DESC_SIZE	32
#define VFM_AQ_FLAG_DD		0x0001
#define VFM_AQ_FLAG_CMP		0x0002
#define VFM_AQ_FLAG_ERR		0x0004
#define VFM_AQ_FLAG_BUF		0x1000
#define VFM_AQ_OPC_SEND_TO_PF	0x0801
#define VFM_AQ_OPC_SEND_TO_VF	0x0802
#define VFM_AQ_RC_EINVAL	14	/* iavf_admin_queue_err IAVF_AQ_RC_EINVAL */
#define VFM_AQ_RC_ENOSYS	10
#define VFM_AQ_MAX_BUF		4096	/* IAVF_MAX_AQ_BUF_SIZE */
#define VFM_OUTQ_MAX		32

struct vfm_aq_desc {
	uint16_t flags;
	uint16_t opcode;
	uint16_t datalen;
	uint16_t retval;
	uint32_t cookie_high;
	uint32_t cookie_low;
	uint32_t param0;
	uint32_t param1;
	uint32_t addr_high;
	uint32_t addr_low;
};

/* the message interface, VF -> PF: one request off the ATQ */
typedef void (*vfm_dev_msg_fn)(void *ctx, uint32_t op, uint8_t *msg, uint16_t len);

struct vfm_dev {
	const struct vfm_host *host;
	struct vfm_dp *dp;		/* the queue registers are the data path's */
	vfm_dev_msg_fn up_msg;		/* registered by the PF */
	void *up_ctx;

	/* register file */
	uint32_t atq_bal, atq_bah, atq_len, atq_head, atq_tail;
	uint32_t arq_bal, arq_bah, arq_len, arq_head, arq_tail;
	uint32_t rstat;
	uint32_t dyn_ctl01, icr0_ena1, icr01;
	uint32_t itr[VFM_NUM_ITR];

	/* PF -> VF messages waiting for an ARQ buffer */
	struct vfm_msg outq[VFM_OUTQ_MAX];
	unsigned int outq_head, outq_count;

	uint32_t resets;	/* register resets so far: ends an ATQ run */
	uint64_t msgs;		/* requests taken off the ATQ */
	/* scratch for one admin queue message; uint64_t keeps structs aligned */
	uint64_t msgbuf[VFM_AQ_MAX_BUF / 8];
};

/* vf.c: register file and reset */
void vfm_dev_init(struct vfm_dev *dev, const struct vfm_host *host, struct vfm_dp *dp,
		  vfm_dev_msg_fn up_msg, void *up_ctx);
uint64_t vfm_dev_mmio_read(struct vfm_dev *dev, uint64_t offset, unsigned int size);
void vfm_dev_mmio_write(struct vfm_dev *dev, uint64_t offset, uint64_t val, unsigned int size);
void vfm_dev_reset(struct vfm_dev *dev, bool flr);	/* RSTAT INPROGRESS, queues off */
void vfm_dev_set_active(struct vfm_dev *dev);		/* RSTAT VFACTIVE */

/* adminq.c: the admin queues */
void vfm_dev_send(struct vfm_dev *dev, const struct vfm_msg *m);
void vfm_dev_send_data(struct vfm_dev *dev, uint32_t op, int32_t status,
		       const void *data, uint16_t len);
void vfm_aq_atq_run(struct vfm_dev *dev);
void vfm_aq_outq_flush(struct vfm_dev *dev);
void vfm_aq_irq_update(struct vfm_dev *dev);	/* a cause held while masked fires on unmask */

#endif /* VFM_VFDEV_H */
