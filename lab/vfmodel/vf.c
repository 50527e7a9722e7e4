// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel VF device: the BAR0 register file as a table of register ranges,
 * each with its storage or read/write handlers, the MMIO access widths, and
 * the register side of a VF reset. The admin queues: adminq.c; the queue
 * registers belong to the data path.
 */
#include <stddef.h>
#include <string.h>

#include "vfdev.h"
#include "virtchnl_shim.h"

#define AQ_LEN_BITS	(VFM_AQ_LEN_MASK | VFM_AQ_LEN_ENABLE | VFM_AQ_LEN_CRIT | \
			 VFM_AQ_LEN_OVFL | VFM_AQ_LEN_VFE)
#define NO_FIELD	SIZE_MAX

/*
 * One register range: `count` registers `stride` bytes apart from `base`.
 * Plain storage at `field` (+ i * 4) in struct vfm_dev, masked on write,
 * unless a handler is given; `after` runs after a plain write.
 */
struct vfm_reg {
	uint32_t base, count, stride;
	size_t field;
	uint32_t wmask;
	uint32_t (*read)(struct vfm_dev *dev, unsigned int i);
	void (*write)(struct vfm_dev *dev, unsigned int i, uint32_t val);
	void (*after)(struct vfm_dev *dev);
};

static uint32_t *reg_field(struct vfm_dev *dev, const struct vfm_reg *r, unsigned int i)
{
	return (uint32_t *)((char *)dev + r->field) + i;
}

/* ---- handlers ---- */

static uint32_t rd_icr01(struct vfm_dev *dev, unsigned int i)
{
	uint32_t v = dev->icr01;	/* read to clear */

	(void)i;
	dev->icr01 = 0;
	return v;
}

static void wr_ignore(struct vfm_dev *dev, unsigned int i, uint32_t val)
{
	(void)dev, (void)i, (void)val;	/* read-only */
}

static void wr_dyn_ctl01(struct vfm_dev *dev, unsigned int i, uint32_t val)
{
	(void)i;
	dev->dyn_ctl01 = val & ~(VFM_DYN_CLEARPBA | VFM_DYN_SWINT_TRIG);
	vfm_aq_irq_update(dev);
}

static uint32_t rd_qtx(struct vfm_dev *dev, unsigned int i)
{
	return vfm_dp_reg_read(dev->dp, VFM_DPR_QTX_TAIL, i);
}

static void wr_qtx(struct vfm_dev *dev, unsigned int i, uint32_t val)
{
	vfm_dp_reg_write(dev->dp, VFM_DPR_QTX_TAIL, i, val);
}

static uint32_t rd_qrx(struct vfm_dev *dev, unsigned int i)
{
	return vfm_dp_reg_read(dev->dp, VFM_DPR_QRX_TAIL, i);
}

static void wr_qrx(struct vfm_dev *dev, unsigned int i, uint32_t val)
{
	vfm_dp_reg_write(dev->dp, VFM_DPR_QRX_TAIL, i, val);
}

static uint32_t rd_ctln(struct vfm_dev *dev, unsigned int i)
{
	return vfm_dp_reg_read(dev->dp, VFM_DPR_DYN_CTLN1, i);
}

static void wr_ctln(struct vfm_dev *dev, unsigned int i, uint32_t val)
{
	vfm_dp_reg_write(dev->dp, VFM_DPR_DYN_CTLN1, i, val);
}

#define PLAIN(reg, f, mask, then) \
	{ reg, 1, 4, offsetof(struct vfm_dev, f), mask, NULL, NULL, then }
#define HANDLED(reg, n, rd, wr) \
	{ reg, n, 4, NO_FIELD, 0, rd, wr, NULL }

/* the data path's doorbells and interrupt controls first: they are the hot ones */
static const struct vfm_reg regs[] = {
	HANDLED(VFM_REG_QTX_TAIL(0), VFM_MAX_QUEUE_PAIRS, rd_qtx, wr_qtx),
	HANDLED(VFM_REG_QRX_TAIL(0), VFM_MAX_QUEUE_PAIRS, rd_qrx, wr_qrx),
	HANDLED(VFM_REG_DYN_CTLN1(0), VFM_NUM_DYN_CTLN, rd_ctln, wr_ctln),
	PLAIN(VFM_REG_ATQBAL, atq_bal, ~0u, NULL),
	PLAIN(VFM_REG_ATQBAH, atq_bah, ~0u, NULL),
	PLAIN(VFM_REG_ATQLEN, atq_len, AQ_LEN_BITS, NULL),
	PLAIN(VFM_REG_ATQH, atq_head, VFM_AQ_LEN_MASK, NULL),
	PLAIN(VFM_REG_ATQT, atq_tail, VFM_AQ_LEN_MASK, vfm_aq_atq_run),
	PLAIN(VFM_REG_ARQBAL, arq_bal, ~0u, NULL),
	PLAIN(VFM_REG_ARQBAH, arq_bah, ~0u, NULL),
	PLAIN(VFM_REG_ARQLEN, arq_len, AQ_LEN_BITS, NULL),
	PLAIN(VFM_REG_ARQH, arq_head, VFM_AQ_LEN_MASK, NULL),
	PLAIN(VFM_REG_ARQT, arq_tail, VFM_AQ_LEN_MASK, vfm_aq_outq_flush),
	{ VFM_REG_RSTAT, 1, 4, offsetof(struct vfm_dev, rstat), 0, NULL, wr_ignore, NULL },
	{ VFM_REG_DYN_CTL01, 1, 4, offsetof(struct vfm_dev, dyn_ctl01), 0, NULL, wr_dyn_ctl01, NULL },
	PLAIN(VFM_REG_ICR0_ENA1, icr0_ena1, ~0u, vfm_aq_irq_update),
	{ VFM_REG_ICR01, 1, 4, offsetof(struct vfm_dev, icr01), 0, rd_icr01, wr_ignore, NULL },
	{ VFM_REG_ITRN1_BASE, VFM_NUM_ITR, 4, offsetof(struct vfm_dev, itr), ~0u, NULL, NULL, NULL },
};

/* the range holding off, *i its index in it; NULL when nothing is there */
static const struct vfm_reg *reg_find(uint32_t off, unsigned int *i)
{
	size_t k;

	for (k = 0; k < sizeof(regs) / sizeof(regs[0]); k++) {
		const struct vfm_reg *r = &regs[k];

		if (off >= r->base && off < r->base + r->count * r->stride &&
		    (off - r->base) % r->stride == 0) {
			*i = (off - r->base) / r->stride;
			return r;
		}
	}
	return NULL;
}

/* peek: without a read side effect (ICR01 read-to-clear) */
static uint32_t reg_read(struct vfm_dev *dev, uint32_t off, bool peek)
{
	unsigned int i;
	const struct vfm_reg *r = reg_find(off, &i);

	if (!r)
		return 0;
	if (r->read && !(peek && r->field != NO_FIELD))
		return r->read(dev, i);
	return *reg_field(dev, r, i);
}

static void reg_write(struct vfm_dev *dev, uint32_t off, uint32_t val)
{
	unsigned int i;
	const struct vfm_reg *r = reg_find(off, &i);

	if (!r)
		return;
	if (r->write) {
		r->write(dev, i, val);
		return;
	}
	*reg_field(dev, r, i) = val & r->wmask;
	if (r->after)
		r->after(dev);
}

/* ---- MMIO widths ---- */

uint64_t vfm_dev_mmio_read(struct vfm_dev *dev, uint64_t offset, unsigned int size)
{
	uint64_t v;
	uint32_t word;

	if (offset >= VFM_BAR0_SIZE)
		return 0;
	if (size == 8 && (offset & 7) == 0 && offset + 8 <= VFM_BAR0_SIZE) {
		v = reg_read(dev, (uint32_t)offset, false);
		return v | ((uint64_t)reg_read(dev, (uint32_t)offset + 4, false) << 32);
	}
	if (size != 1 && size != 2 && size != 4)
		return 0;
	word = reg_read(dev, (uint32_t)offset & ~3u, false);
	word >>= 8 * (offset & 3);
	return size == 4 ? word : word & ((1u << (8 * size)) - 1);
}

void vfm_dev_mmio_write(struct vfm_dev *dev, uint64_t offset, uint64_t val, unsigned int size)
{
	uint32_t off, word, shift, mask;

	if (offset >= VFM_BAR0_SIZE)
		return;
	if (size == 8 && (offset & 7) == 0 && offset + 8 <= VFM_BAR0_SIZE) {
		reg_write(dev, (uint32_t)offset, (uint32_t)val);
		reg_write(dev, (uint32_t)offset + 4, (uint32_t)(val >> 32));
	} else if (size == 4 && (offset & 3) == 0) {
		reg_write(dev, (uint32_t)offset, (uint32_t)val);
	} else if ((size == 1 || size == 2) && (offset & 3) + size <= 4) {
		/* narrow write: merge into the register without its read side effect */
		off = (uint32_t)offset & ~3u;
		shift = 8 * (uint32_t)(offset & 3);
		mask = ((1u << (8 * size)) - 1) << shift;
		word = reg_read(dev, off, true);
		reg_write(dev, off, (word & ~mask) | (((uint32_t)val << shift) & mask));
	}
}

/* ---- reset ---- */

void vfm_dev_init(struct vfm_dev *dev, const struct vfm_host *host, struct vfm_dp *dp,
		  vfm_dev_msg_fn up_msg, void *up_ctx)
{
	dev->host = host;
	dev->dp = dp;
	dev->up_msg = up_msg;
	dev->up_ctx = up_ctx;
}

/*
 * ice_trigger_vf_reset() clears ARQLEN: that is how iavf notices the reset.
 * Heads and tails survive a VFR (reset domain EMPR); the driver
 * re-initialises them. A function level reset also clears what a VFR keeps.
 * Messages waiting for the ARQ are gone.
 */
void vfm_dev_reset(struct vfm_dev *dev, bool flr)
{
	dev->resets++;
	dev->rstat = VIRTCHNL_VFR_INPROGRESS;
	dev->atq_len = dev->arq_len = 0;
	dev->dyn_ctl01 = 0;
	dev->icr01 = 0;
	memset(dev->itr, 0, sizeof(dev->itr));
	vfm_dp_clear_regs(dev->dp);
	if (flr) {
		dev->atq_bal = dev->atq_bah = dev->arq_bal = dev->arq_bah = 0;
		dev->atq_head = dev->atq_tail = dev->arq_head = dev->arq_tail = 0;
		dev->icr0_ena1 = 0;
	}
	dev->outq_head = dev->outq_count = 0;
}

void vfm_dev_set_active(struct vfm_dev *dev)
{
	dev->rstat = VIRTCHNL_VFR_VFACTIVE;
}
