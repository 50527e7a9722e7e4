// SPDX-License-Identifier: GPL-2.0
/*
 * vfmodel VF side: BAR0 register file, admin send/receive queues, the
 * interrupt cause for vector 0, deferred work and VF resets.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfmodel_int.h"

void vfm_logf(struct vfm_vf *vf, enum vfm_log_level lvl, const char *fmt, ...)
{
	char msg[256];
	int n;
	va_list ap;

	if (!vf->ops.log)
		return;
	n = snprintf(msg, sizeof(msg), "%s vf%u: ", vf->pf->name, vf->idx);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	vf->ops.log(vf->opaque, lvl, msg);
}

uint64_t vfm_now(struct vfm_vf *vf)
{
	return vf->ops.now_ns ? vf->ops.now_ns(vf->opaque) : 0;
}

static uint16_t le16(uint16_t v) { return v; }	/* x86 host and guest: LE */
static uint32_t le32(uint32_t v) { return v; }

static uint64_t ring_base(uint32_t bal, uint32_t bah)
{
	return ((uint64_t)bah << 32) | bal;
}

static int dma_read(struct vfm_vf *vf, uint64_t addr, void *buf, size_t len)
{
	if (!vf->bus_master || !vf->ops.dma_read)
		return -EIO;
	return vf->ops.dma_read(vf->opaque, addr, buf, len) ? -EIO : 0;
}

static int dma_write(struct vfm_vf *vf, uint64_t addr, const void *buf, size_t len)
{
	if (!vf->bus_master || !vf->ops.dma_write)
		return -EIO;
	return vf->ops.dma_write(vf->opaque, addr, buf, len) ? -EIO : 0;
}

/* ---- interrupts ---- */

static bool misc_irq_enabled(const struct vfm_vf *vf)
{
	return (vf->icr0_ena1 & VFM_ICR_ADMINQ) && (vf->dyn_ctl01 & VFM_DYN_INTENA);
}

static void raise_adminq_irq(struct vfm_vf *vf)
{
	vf->icr01 |= VFM_ICR_ADMINQ;
	if (misc_irq_enabled(vf) && vf->ops.msix_notify)
		vf->ops.msix_notify(vf->opaque, 0);
}

/* ---- ARQ: PF -> VF ---- */

/* Write one message into the next posted ARQ buffer. Returns 0 when
 * delivered, -EAGAIN when no buffer is posted (caller keeps it), -EIO when it
 * cannot ever be delivered (dropped). */
static int arq_deliver(struct vfm_vf *vf, const struct vfm_reply *r)
{
	uint32_t n = vf->arq_len & VFM_AQ_LEN_MASK;
	struct vfm_aq_desc d;
	uint64_t daddr, baddr;
	uint16_t blen, len = r->len;
	uint16_t flags = VFM_AQ_FLAG_DD | VFM_AQ_FLAG_CMP;

	if (!(vf->arq_len & VFM_AQ_LEN_ENABLE) || n == 0)
		return -EIO;
	if (!vf->bus_master)
		return -EAGAIN;
	if (vf->arq_head >= n || vf->arq_tail >= n) {
		vf->arq_len |= VFM_AQ_LEN_CRIT;
		return -EIO;
	}
	if (vf->arq_head == vf->arq_tail)
		return -EAGAIN;

	daddr = ring_base(vf->arq_bal, vf->arq_bah) + (uint64_t)vf->arq_head * VFM_AQ_DESC_SIZE;
	if (dma_read(vf, daddr, &d, sizeof(d)))
		return -EIO;
	baddr = ((uint64_t)le32(d.addr_high) << 32) | le32(d.addr_low);
	blen = le16(d.datalen);
	if (len > blen) {
		/* the posted buffer is too small: deliver what fits, flag it */
		len = blen;
		flags |= VFM_AQ_FLAG_ERR;
	}
	if (len && dma_write(vf, baddr, r->data, len))
		return -EIO;
	d.flags = le16(flags);
	d.opcode = le16(VFM_AQ_OPC_SEND_TO_VF);
	d.datalen = le16(len);
	d.retval = 0;
	d.cookie_high = le32(r->op);
	d.cookie_low = le32((uint32_t)r->status);
	if (dma_write(vf, daddr, &d, sizeof(d)))
		return -EIO;
	vf->arq_head = (vf->arq_head + 1) % n;
	raise_adminq_irq(vf);
	return 0;
}

static void outq_flush(struct vfm_vf *vf)
{
	while (vf->outq_count) {
		int err = arq_deliver(vf, &vf->outq[vf->outq_head]);

		if (err == -EAGAIN)
			return;
		if (err)
			vfm_logf(vf, VFM_LOG_DEBUG, "dropped queued op %u to VF",
				 vf->outq[vf->outq_head].op);
		vf->outq_head = (vf->outq_head + 1) % VFM_OUTQ_MAX;
		vf->outq_count--;
	}
}

void vfm_queue_reply(struct vfm_vf *vf, const struct vfm_reply *r)
{
	unsigned int slot;
	int err;

	if (!vf->outq_count) {
		err = arq_deliver(vf, r);
		if (err != -EAGAIN) {
			if (err)
				vfm_logf(vf, VFM_LOG_DEBUG,
					 "ARQ not ready, op %u (status %d) to VF lost",
					 r->op, r->status);
			return;
		}
	}
	if (vf->outq_count == VFM_OUTQ_MAX) {
		/* the mailbox overflows, as a VF that never reads its ARQ sees */
		vf->arq_len |= VFM_AQ_LEN_OVFL;
		vfm_logf(vf, VFM_LOG_WARN, "ARQ backlog full, op %u lost", r->op);
		return;
	}
	slot = (vf->outq_head + vf->outq_count) % VFM_OUTQ_MAX;
	vf->outq[slot] = *r;
	vf->outq_count++;
}

void vfm_send_to_vf(struct vfm_vf *vf, uint32_t op, int32_t status,
		    const void *data, uint16_t len)
{
	struct vfm_reply r = { .op = op, .status = status };

	if (len > VFM_REPLY_MAX)
		len = VFM_REPLY_MAX;
	r.len = len;
	if (len)
		memcpy(r.data, data, len);
	vfm_queue_reply(vf, &r);
}

/* ---- deferred work (one host timer per VF) ---- */

/* a timer needs both hooks; without them deferred work runs at once */
static bool has_timer(const struct vfm_vf *vf)
{
	return vf->ops.timer_mod && vf->ops.now_ns;
}

static void rearm_timer(struct vfm_vf *vf)
{
	uint64_t next = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < VFM_DEFERRED_MAX; i++)
		if (vf->deferred[i].kind != VFM_DEF_NONE && vf->deferred[i].due_ns < next)
			next = vf->deferred[i].due_ns;
	if (next == vf->armed_ns)
		return;
	vf->armed_ns = next;
	if (has_timer(vf))
		vf->ops.timer_mod(vf->opaque, next);
}

int vfm_defer(struct vfm_vf *vf, enum vfm_deferred_kind kind, uint64_t delay_ns,
	      const struct vfm_reply *r)
{
	unsigned int i;

	for (i = 0; i < VFM_DEFERRED_MAX; i++) {
		struct vfm_deferred *d = &vf->deferred[i];

		if (d->kind != VFM_DEF_NONE)
			continue;
		d->kind = kind;
		d->gen = vf->gen;
		/* without a host timer everything is due at once */
		d->due_ns = has_timer(vf) ? vfm_now(vf) + delay_ns : 0;
		if (r)
			d->reply = *r;
		rearm_timer(vf);
		return 0;
	}
	vfm_logf(vf, VFM_LOG_WARN, "deferred work table full");
	return -ENOSPC;
}

void vfm_run_deferred(struct vfm_vf *vf)
{
	unsigned int i, rounds;

	if (vf->in_deferred)
		return;
	vf->in_deferred = true;
	/* each round runs the earliest due item; work may add more items */
	for (rounds = 0; rounds < 4 * VFM_DEFERRED_MAX; rounds++) {
		struct vfm_deferred *best = NULL, d;
		uint64_t now = vfm_now(vf);

		for (i = 0; i < VFM_DEFERRED_MAX; i++) {
			struct vfm_deferred *c = &vf->deferred[i];

			if (c->kind == VFM_DEF_NONE || (has_timer(vf) && c->due_ns > now))
				continue;
			if (!best || c->due_ns < best->due_ns)
				best = c;
		}
		if (!best)
			break;
		d = *best;
		best->kind = VFM_DEF_NONE;
		if (d.gen != vf->gen)
			continue;	/* belongs to a VF incarnation a reset ended */
		switch (d.kind) {
		case VFM_DEF_REPLY:
			vfm_queue_reply(vf, &d.reply);
			break;
		case VFM_DEF_RESET:
			vfm_logf(vf, VFM_LOG_INFO, "fault: resetting VF with a reply pending");
			vfm_vf_hw_reset(vf, true, false);
			break;
		case VFM_DEF_RESET_DONE:
			vf->rstat = VIRTCHNL_VFR_VFACTIVE;
			vf->resetting = false;
			break;
		case VFM_DEF_RX:
			vfm_dp_rx_flush(vf);
			break;
		case VFM_DEF_RELEASE:
			vfm_pf_release(vf);
			break;
		default:
			break;
		}
	}
	vf->in_deferred = false;
	rearm_timer(vf);
}

/* ---- reset ---- */

/*
 * ice_reset_vf(): optionally tell the VF (RESET_IMPENDING), trigger the VF
 * reset (RSTAT INPROGRESS, mailbox queues disabled), drop everything queued
 * for the old incarnation, rebuild the PF-side config (filters wiped, VLAN 0
 * or pvid back), then VFACTIVE after reset_delay_ms.
 */
void vfm_vf_hw_reset(struct vfm_vf *vf, bool notify, bool flr)
{
	unsigned int i;

	if (notify && vf->active)
		vfm_pf_notify_reset(vf);

	vf->gen++;
	vf->resets++;
	vf->resetting = true;
	vf->rstat = VIRTCHNL_VFR_INPROGRESS;
	/* ice_trigger_vf_reset() clears ARQLEN: that is how iavf notices the
	 * reset. Heads and tails survive a VFR (reset domain EMPR); the driver
	 * re-initialises them. */
	vf->atq_len = vf->arq_len = 0;
	vf->dyn_ctl01 = 0;
	vf->icr01 = 0;
	memset(vf->dyn_ctln1, 0, sizeof(vf->dyn_ctln1));
	memset(vf->itr, 0, sizeof(vf->itr));
	memset(vf->qtx_tail, 0, sizeof(vf->qtx_tail));
	memset(vf->qrx_tail, 0, sizeof(vf->qrx_tail));
	if (flr) {
		/* a function level reset also clears what a VFR keeps */
		vf->atq_bal = vf->atq_bah = vf->arq_bal = vf->arq_bah = 0;
		vf->atq_head = vf->atq_tail = vf->arq_head = vf->arq_tail = 0;
		vf->icr0_ena1 = 0;
	}
	vf->outq_head = vf->outq_count = 0;
	vfm_pf_mbx_flush(vf);	/* requests waiting in the PF's mailbox are gone */
	for (i = 0; i < VFM_DEFERRED_MAX; i++)
		if (vf->deferred[i].kind != VFM_DEF_RESET_DONE)
			vf->deferred[i].kind = VFM_DEF_NONE;

	vfm_pf_vf_rebuild(vf);

	if (vf->pf->cfg.reset_delay_ms && has_timer(vf)) {
		vfm_defer(vf, VFM_DEF_RESET_DONE,
			  (uint64_t)vf->pf->cfg.reset_delay_ms * 1000000ull, NULL);
	} else {
		vf->rstat = VIRTCHNL_VFR_VFACTIVE;
		vf->resetting = false;
	}
	rearm_timer(vf);
}

/* ---- ATQ: VF -> PF ---- */

static void atq_process_one(struct vfm_vf *vf, uint64_t daddr)
{
	struct vfm_aq_desc d;
	uint16_t flags, len = 0;
	uint64_t baddr;
	bool bad = false;

	if (dma_read(vf, daddr, &d, sizeof(d))) {
		vf->atq_len |= VFM_AQ_LEN_CRIT;
		return;
	}
	flags = le16(d.flags);
	if (le16(d.opcode) != VFM_AQ_OPC_SEND_TO_PF) {
		d.retval = le16(VFM_AQ_RC_ENOSYS);
		bad = true;
	} else if (flags & VFM_AQ_FLAG_BUF) {
		len = le16(d.datalen);
		baddr = ((uint64_t)le32(d.addr_high) << 32) | le32(d.addr_low);
		if (len > VFM_AQ_MAX_BUF || (len && dma_read(vf, baddr, vf->msgbuf, len))) {
			d.retval = le16(VFM_AQ_RC_EINVAL);
			bad = true;
		}
	}
	d.flags = le16(flags | VFM_AQ_FLAG_DD | VFM_AQ_FLAG_CMP | (bad ? VFM_AQ_FLAG_ERR : 0));
	if (!bad)
		d.retval = 0;
	if (dma_write(vf, daddr, &d, sizeof(d)))
		vf->atq_len |= VFM_AQ_LEN_CRIT;
	if (bad) {
		vfm_logf(vf, VFM_LOG_WARN, "bad ATQ descriptor opcode 0x%x datalen %u",
			 le16(d.opcode), le16(d.datalen));
		return;
	}
	vf->msgs++;
	vfm_pf_handle_msg(vf, le32(d.cookie_high), (uint8_t *)vf->msgbuf, len);
}

static void atq_run(struct vfm_vf *vf)
{
	uint32_t n = vf->atq_len & VFM_AQ_LEN_MASK;
	uint32_t gen = vf->gen, budget;

	if (!(vf->atq_len & VFM_AQ_LEN_ENABLE) || n == 0 || !vf->bus_master)
		return;
	if (vf->atq_tail >= n || vf->atq_head >= n) {
		vf->atq_len |= VFM_AQ_LEN_CRIT;
		return;
	}
	for (budget = n; budget && vf->atq_head != vf->atq_tail; budget--) {
		uint64_t daddr = ring_base(vf->atq_bal, vf->atq_bah) +
				 (uint64_t)vf->atq_head * VFM_AQ_DESC_SIZE;

		/* the firmware consumes the descriptor before the PF acts on
		 * the message, so a RESET_VF still completes on the ATQ */
		vf->atq_head = (vf->atq_head + 1) % n;
		atq_process_one(vf, daddr);
		if (gen != vf->gen)
			return;	/* the message reset the VF: queue is gone */
	}
}

/* ---- TX doorbell: the data path lives in datapath.c ---- */

void vfm_tx_kick(struct vfm_vf *vf, unsigned int q)
{
	vfm_dp_tx_kick(vf, q);
}

/* ---- register file ---- */

static uint32_t reg_read(struct vfm_vf *vf, uint32_t off)
{
	uint32_t v;

	switch (off) {
	case VFM_REG_ATQBAL: return vf->atq_bal;
	case VFM_REG_ATQBAH: return vf->atq_bah;
	case VFM_REG_ATQLEN: return vf->atq_len;
	case VFM_REG_ATQH: return vf->atq_head;
	case VFM_REG_ATQT: return vf->atq_tail;
	case VFM_REG_ARQBAL: return vf->arq_bal;
	case VFM_REG_ARQBAH: return vf->arq_bah;
	case VFM_REG_ARQLEN: return vf->arq_len;
	case VFM_REG_ARQH: return vf->arq_head;
	case VFM_REG_ARQT: return vf->arq_tail;
	case VFM_REG_RSTAT: return vf->rstat;
	case VFM_REG_DYN_CTL01: return vf->dyn_ctl01;
	case VFM_REG_ICR0_ENA1: return vf->icr0_ena1;
	case VFM_REG_ICR01:
		v = vf->icr01;	/* read to clear */
		vf->icr01 = 0;
		return v;
	}
	if (off >= VFM_REG_DYN_CTLN1(0) && off < VFM_REG_DYN_CTLN1(VFM_NUM_DYN_CTLN))
		return vf->dyn_ctln1[(off - VFM_REG_DYN_CTLN1(0)) / 4];
	if (off >= VFM_REG_ITRN1_BASE && off < VFM_REG_ITRN1_BASE + 4 * VFM_NUM_ITR)
		return vf->itr[(off - VFM_REG_ITRN1_BASE) / 4];
	if (off < VFM_REG_QTX_TAIL(VFM_MAX_QUEUE_PAIRS))
		return vf->qtx_tail[off / 4];
	if (off >= VFM_REG_QRX_TAIL(0) && off < VFM_REG_QRX_TAIL(VFM_MAX_QUEUE_PAIRS))
		return vf->qrx_tail[(off - VFM_REG_QRX_TAIL(0)) / 4];
	return 0;
}

static void reg_write(struct vfm_vf *vf, uint32_t off, uint32_t val)
{
	const uint32_t len_bits = VFM_AQ_LEN_MASK | VFM_AQ_LEN_ENABLE | VFM_AQ_LEN_CRIT |
				  VFM_AQ_LEN_OVFL | VFM_AQ_LEN_VFE;
	unsigned int n;

	switch (off) {
	case VFM_REG_ATQBAL: vf->atq_bal = val; return;
	case VFM_REG_ATQBAH: vf->atq_bah = val; return;
	case VFM_REG_ATQLEN: vf->atq_len = val & len_bits; return;
	case VFM_REG_ATQH: vf->atq_head = val & VFM_AQ_LEN_MASK; return;
	case VFM_REG_ATQT:
		vf->atq_tail = val & VFM_AQ_LEN_MASK;
		atq_run(vf);
		return;
	case VFM_REG_ARQBAL: vf->arq_bal = val; return;
	case VFM_REG_ARQBAH: vf->arq_bah = val; return;
	case VFM_REG_ARQLEN: vf->arq_len = val & len_bits; return;
	case VFM_REG_ARQH: vf->arq_head = val & VFM_AQ_LEN_MASK; return;
	case VFM_REG_ARQT:
		vf->arq_tail = val & VFM_AQ_LEN_MASK;
		outq_flush(vf);
		return;
	case VFM_REG_RSTAT: return;	/* read-only */
	case VFM_REG_DYN_CTL01:
		vf->dyn_ctl01 = val & ~(VFM_DYN_CLEARPBA | VFM_DYN_SWINT_TRIG);
		/* a cause that arrived while masked fires on unmask */
		if ((vf->icr01 & VFM_ICR_ADMINQ) && misc_irq_enabled(vf) && vf->ops.msix_notify)
			vf->ops.msix_notify(vf->opaque, 0);
		return;
	case VFM_REG_ICR0_ENA1:
		vf->icr0_ena1 = val;
		if ((vf->icr01 & VFM_ICR_ADMINQ) && misc_irq_enabled(vf) && vf->ops.msix_notify)
			vf->ops.msix_notify(vf->opaque, 0);
		return;
	case VFM_REG_ICR01: return;
	}
	if (off >= VFM_REG_DYN_CTLN1(0) && off < VFM_REG_DYN_CTLN1(VFM_NUM_DYN_CTLN)) {
		n = (off - VFM_REG_DYN_CTLN1(0)) / 4;
		/* INTENA, auto-mask, software trigger: datapath.c */
		vfm_dp_dyn_ctln1_write(vf, n, val);
		return;
	}
	if (off >= VFM_REG_ITRN1_BASE && off < VFM_REG_ITRN1_BASE + 4 * VFM_NUM_ITR) {
		vf->itr[(off - VFM_REG_ITRN1_BASE) / 4] = val;
		return;
	}
	if (off < VFM_REG_QTX_TAIL(VFM_MAX_QUEUE_PAIRS)) {
		vf->qtx_tail[off / 4] = val;
		vfm_tx_kick(vf, off / 4);
		return;
	}
	if (off >= VFM_REG_QRX_TAIL(0) && off < VFM_REG_QRX_TAIL(VFM_MAX_QUEUE_PAIRS)) {
		vf->qrx_tail[(off - VFM_REG_QRX_TAIL(0)) / 4] = val;
		vfm_dp_rx_tail(vf, (off - VFM_REG_QRX_TAIL(0)) / 4);
	}
}

uint64_t vfm_vf_mmio_read(struct vfm_vf *vf, uint64_t offset, unsigned int size)
{
	uint64_t v;
	uint32_t word;

	if (!vf || offset >= VFM_BAR0_SIZE)
		return 0;
	if (size == 8 && (offset & 7) == 0 && offset + 8 <= VFM_BAR0_SIZE) {
		v = reg_read(vf, (uint32_t)offset);
		return v | ((uint64_t)reg_read(vf, (uint32_t)offset + 4) << 32);
	}
	if (size != 1 && size != 2 && size != 4)
		return 0;
	word = reg_read(vf, (uint32_t)offset & ~3u);
	word >>= 8 * (offset & 3);
	return size == 4 ? word : word & ((1u << (8 * size)) - 1);
}

void vfm_vf_mmio_write(struct vfm_vf *vf, uint64_t offset, uint64_t val, unsigned int size)
{
	uint32_t off, word, shift, mask;

	if (!vf || offset >= VFM_BAR0_SIZE)
		return;
	if (size == 8 && (offset & 7) == 0 && offset + 8 <= VFM_BAR0_SIZE) {
		reg_write(vf, (uint32_t)offset, (uint32_t)val);
		reg_write(vf, (uint32_t)offset + 4, (uint32_t)(val >> 32));
	} else if (size == 4 && (offset & 3) == 0) {
		reg_write(vf, (uint32_t)offset, (uint32_t)val);
	} else if ((size == 1 || size == 2) && (offset & 3) + size <= 4) {
		/* narrow write: merge into the register without its read side effect */
		off = (uint32_t)offset & ~3u;
		shift = 8 * (uint32_t)(offset & 3);
		mask = ((1u << (8 * size)) - 1) << shift;
		word = off == VFM_REG_ICR01 ? vf->icr01 : reg_read(vf, off);
		reg_write(vf, off, (word & ~mask) | (((uint32_t)val << shift) & mask));
	}
	vfm_run_deferred(vf);
}

/* ---- lifetime and other hooks ---- */

void vfm_vf_timer_fire(struct vfm_vf *vf)
{
	if (!vf)
		return;
	vf->armed_ns = UINT64_MAX;	/* the host timer is one-shot */
	vfm_run_deferred(vf);
}

void vfm_vf_flr(struct vfm_vf *vf)
{
	if (!vf)
		return;
	vfm_logf(vf, VFM_LOG_INFO, "VFLR");
	vfm_vf_hw_reset(vf, false, true);
	vfm_run_deferred(vf);
}

void vfm_vf_set_bus_master(struct vfm_vf *vf, bool enabled)
{
	if (!vf)
		return;
	vf->bus_master = enabled;
	if (enabled) {
		outq_flush(vf);
		vfm_run_deferred(vf);
	}
}

unsigned int vfm_vf_msix_vectors(const struct vfm_vf *vf)
{
	return vf ? vf->pf->cfg.max_vectors : 0;
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
	vf->ops = *ops;
	vf->opaque = opaque;
	/* QEMU enables bus mastering through PCI config space before the
	 * driver touches the queues; the glue reports changes. */
	vf->bus_master = true;
	vf->armed_ns = UINT64_MAX;
	if (mac) {
		memcpy(vf->hw_mac, mac, 6);
	} else {
		/* locally administered, unique per PF object and index */
		uintptr_t p = (uintptr_t)pf;

		vf->hw_mac[0] = 0x02;
		vf->hw_mac[1] = 0x00;
		vf->hw_mac[2] = (uint8_t)(p >> 12);
		vf->hw_mac[3] = (uint8_t)(p >> 4);
		vf->hw_mac[4] = 0x00;
		vf->hw_mac[5] = (uint8_t)(vf_index + 1);
	}
	vf->spoofchk = true;	/* ice default */
	vf->link_up = true;
	vf->vlan_limit = pf->cfg.vlan_limit;
	pf->vfs[vf_index] = vf;
	/* SR-IOV enable: the PF builds the VSI and marks the VF active */
	vfm_pf_vf_rebuild(vf);
	vf->rstat = VIRTCHNL_VFR_VFACTIVE;
	return vf;
}

void vfm_vf_free(struct vfm_vf *vf)
{
	if (!vf)
		return;
	if (vf->pf->vfs[vf->idx] == vf)
		vf->pf->vfs[vf->idx] = NULL;
	if (has_timer(vf) && vf->armed_ns != UINT64_MAX)
		vf->ops.timer_mod(vf->opaque, UINT64_MAX);
	vfm_dp_free(vf);
	free(vf);
}

struct vfm_pf *vfm_pf_new(const struct vfm_pf_config *cfg)
{
	struct vfm_pf *pf = calloc(1, sizeof(*pf));

	if (!pf)
		return NULL;
	if (cfg)
		pf->cfg = *cfg;
	if (!pf->cfg.num_queue_pairs)
		pf->cfg.num_queue_pairs = 4;
	if (pf->cfg.num_queue_pairs > VFM_MAX_QUEUE_PAIRS)
		pf->cfg.num_queue_pairs = VFM_MAX_QUEUE_PAIRS;
	if (!pf->cfg.max_vectors)
		pf->cfg.max_vectors = pf->cfg.num_queue_pairs + 1;
	if (pf->cfg.max_vectors > VFM_MAX_QUEUE_PAIRS + 1)
		pf->cfg.max_vectors = VFM_MAX_QUEUE_PAIRS + 1;
	if (pf->cfg.max_vectors < 2)
		pf->cfg.max_vectors = 2;	/* iavf needs vector 0 plus one queue vector */
	if (!pf->cfg.vlan_limit)
		pf->cfg.vlan_limit = 8;
	if (!pf->cfg.link_speed_mbps)
		pf->cfg.link_speed_mbps = 25000;
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
