// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel admin queues of the VF device: ATQ (VF -> PF) descriptors are
 * consumed and each message goes up through the PF's callback; ARQ (PF ->
 * VF) messages fill the next posted buffer or wait in a small backlog.
 * Vector 0 carries the admin queue cause (ICR01 bit 30).
 */
#include <errno.h>
#include <string.h>

#include "vfdev.h"

static uint16_t le16(uint16_t v) { return v; }	/* x86 host and guest: LE */
static uint32_t le32(uint32_t v) { return v; }

static uint64_t ring_base(uint32_t bal, uint32_t bah)
{
	return ((uint64_t)bah << 32) | bal;
}

/* ---- vector 0 ---- */

static bool misc_irq_enabled(const struct vfm_dev *dev)
{
	return (dev->icr0_ena1 & VFM_ICR_ADMINQ) && (dev->dyn_ctl01 & VFM_DYN_INTENA);
}

void vfm_aq_irq_update(struct vfm_dev *dev)
{
	if ((dev->icr01 & VFM_ICR_ADMINQ) && misc_irq_enabled(dev))
		vfm_msix(dev->host, 0);
}

static void raise_adminq_irq(struct vfm_dev *dev)
{
	dev->icr01 |= VFM_ICR_ADMINQ;
	if (misc_irq_enabled(dev))
		vfm_msix(dev->host, 0);
}

/* ---- ARQ: PF -> VF ---- */

/* the ARQ descriptor at the head, 0 or -EAGAIN / -EIO as arq_deliver */
static int arq_head_desc(struct vfm_dev *dev, uint64_t *daddr, struct vfm_aq_desc *d)
{
	uint32_t n = dev->arq_len & VFM_AQ_LEN_MASK;

	if (!(dev->arq_len & VFM_AQ_LEN_ENABLE) || n == 0)
		return -EIO;
	if (!dev->host->bus_master)
		return -EAGAIN;
	if (dev->arq_head >= n || dev->arq_tail >= n) {
		dev->arq_len |= VFM_AQ_LEN_CRIT;
		return -EIO;
	}
	if (dev->arq_head == dev->arq_tail)
		return -EAGAIN;
	*daddr = ring_base(dev->arq_bal, dev->arq_bah) + (uint64_t)dev->arq_head * VFM_AQ_DESC_SIZE;
	return vfm_dma_read(dev->host, *daddr, d, sizeof(*d)) ? -EIO : 0;
}

/* Write one message into the next posted ARQ buffer. Returns 0 when
 * delivered, -EAGAIN when no buffer is posted (caller keeps it), -EIO when it
 * cannot ever be delivered (dropped). */
static int arq_deliver(struct vfm_dev *dev, const struct vfm_msg *r)
{
	struct vfm_aq_desc d;
	uint64_t daddr, baddr;
	uint16_t len = r->len;
	uint16_t flags = VFM_AQ_FLAG_DD | VFM_AQ_FLAG_CMP;
	int err = arq_head_desc(dev, &daddr, &d);

	if (err)
		return err;
	baddr = ((uint64_t)le32(d.addr_high) << 32) | le32(d.addr_low);
	if (len > le16(d.datalen)) {
		/* the posted buffer is too small: deliver what fits, flag it */
		len = le16(d.datalen);
		flags |= VFM_AQ_FLAG_ERR;
	}
	if (len && vfm_dma_write(dev->host, baddr, r->data, len))
		return -EIO;
	d.flags = le16(flags);
	d.opcode = le16(VFM_AQ_OPC_SEND_TO_VF);
	d.datalen = le16(len);
	d.retval = 0;
	d.cookie_high = le32(r->op);
	d.cookie_low = le32((uint32_t)r->status);
	if (vfm_dma_write(dev->host, daddr, &d, sizeof(d)))
		return -EIO;
	dev->arq_head = (dev->arq_head + 1) % (dev->arq_len & VFM_AQ_LEN_MASK);
	raise_adminq_irq(dev);
	return 0;
}

void vfm_aq_outq_flush(struct vfm_dev *dev)
{
	while (dev->outq_count) {
		int err = arq_deliver(dev, &dev->outq[dev->outq_head]);

		if (err == -EAGAIN)
			return;
		if (err)
			vfm_logf(dev->host, VFM_LOG_DEBUG, "dropped queued op %u to VF",
				 dev->outq[dev->outq_head].op);
		dev->outq_head = (dev->outq_head + 1) % VFM_OUTQ_MAX;
		dev->outq_count--;
	}
}

void vfm_dev_send(struct vfm_dev *dev, const struct vfm_msg *r)
{
	unsigned int slot;
	int err;

	vfm_event(dev->host, VFM_EV_MSG_TO_VF, r->op, r->status, r->len, 0);
	if (!dev->outq_count) {
		err = arq_deliver(dev, r);
		if (err != -EAGAIN) {
			if (err)
				vfm_logf(dev->host, VFM_LOG_DEBUG,
					 "ARQ not ready, op %u (status %d) to VF lost",
					 r->op, r->status);
			return;
		}
	}
	if (dev->outq_count == VFM_OUTQ_MAX) {
		/* the mailbox overflows, as a VF that never reads its ARQ sees */
		dev->arq_len |= VFM_AQ_LEN_OVFL;
		vfm_logf(dev->host, VFM_LOG_WARN, "ARQ backlog full, op %u lost", r->op);
		return;
	}
	slot = (dev->outq_head + dev->outq_count) % VFM_OUTQ_MAX;
	dev->outq[slot] = *r;
	dev->outq_count++;
}

void vfm_dev_send_data(struct vfm_dev *dev, uint32_t op, int32_t status,
		       const void *data, uint16_t len)
{
	struct vfm_msg r = { .op = op, .status = status };

	if (len > VFM_REPLY_MAX)
		len = VFM_REPLY_MAX;
	r.len = len;
	if (len)
		memcpy(r.data, data, len);
	vfm_dev_send(dev, &r);
}

/* ---- ATQ: VF -> PF ---- */

/* read the descriptor's buffer into msgbuf; false: a bad descriptor (retval set) */
static bool atq_fetch(struct vfm_dev *dev, struct vfm_aq_desc *d, uint16_t *len)
{
	uint16_t flags = le16(d->flags);
	uint64_t baddr;

	*len = 0;
	if (le16(d->opcode) != VFM_AQ_OPC_SEND_TO_PF) {
		d->retval = le16(VFM_AQ_RC_ENOSYS);
		return false;
	}
	if (!(flags & VFM_AQ_FLAG_BUF))
		return true;
	*len = le16(d->datalen);
	baddr = ((uint64_t)le32(d->addr_high) << 32) | le32(d->addr_low);
	if (*len > VFM_AQ_MAX_BUF || (*len && vfm_dma_read(dev->host, baddr, dev->msgbuf, *len))) {
		d->retval = le16(VFM_AQ_RC_EINVAL);
		return false;
	}
	return true;
}

static void atq_process_one(struct vfm_dev *dev, uint64_t daddr)
{
	struct vfm_aq_desc d;
	uint16_t flags, len;
	bool ok;

	if (vfm_dma_read(dev->host, daddr, &d, sizeof(d))) {
		dev->atq_len |= VFM_AQ_LEN_CRIT;
		return;
	}
	flags = le16(d.flags);
	ok = atq_fetch(dev, &d, &len);
	d.flags = le16(flags | VFM_AQ_FLAG_DD | VFM_AQ_FLAG_CMP | (ok ? 0 : VFM_AQ_FLAG_ERR));
	if (ok)
		d.retval = 0;
	if (vfm_dma_write(dev->host, daddr, &d, sizeof(d)))
		dev->atq_len |= VFM_AQ_LEN_CRIT;
	if (!ok) {
		vfm_logf(dev->host, VFM_LOG_WARN, "bad ATQ descriptor opcode 0x%x datalen %u",
			 le16(d.opcode), le16(d.datalen));
		return;
	}
	dev->msgs++;
	vfm_event(dev->host, VFM_EV_MSG_FROM_VF, le32(d.cookie_high), 0, len, 0);
	dev->up_msg(dev->up_ctx, le32(d.cookie_high), (uint8_t *)dev->msgbuf, len);
}

void vfm_aq_atq_run(struct vfm_dev *dev)
{
	uint32_t n = dev->atq_len & VFM_AQ_LEN_MASK;
	uint32_t resets = dev->resets, budget;

	if (!(dev->atq_len & VFM_AQ_LEN_ENABLE) || n == 0 || !dev->host->bus_master)
		return;
	if (dev->atq_tail >= n || dev->atq_head >= n) {
		dev->atq_len |= VFM_AQ_LEN_CRIT;
		return;
	}
	for (budget = n; budget && dev->atq_head != dev->atq_tail; budget--) {
		uint64_t daddr = ring_base(dev->atq_bal, dev->atq_bah) +
				 (uint64_t)dev->atq_head * VFM_AQ_DESC_SIZE;

		/* the firmware consumes the descriptor before the PF acts on
		 * the message, so a RESET_VF still completes on the ATQ */
		dev->atq_head = (dev->atq_head + 1) % n;
		atq_process_one(dev, daddr);
		if (resets != dev->resets)
			return;	/* the message reset the VF: queue is gone */
	}
}
