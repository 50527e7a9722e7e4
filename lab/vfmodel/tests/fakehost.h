/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake host for vfmodel (unit tests and the fuzzer): a flat DMA memory
 * array, a virtual clock with the VF's one-shot timer, an MSI-X counter, and
 * a tiny iavf-like driver for the admin queues (same register sequence as
 * iavf_adminq.c).
 */
#ifndef VFM_FAKEHOST_H
#define VFM_FAKEHOST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfmodel_int.h"

#define FH_MEM_BASE	0x100000ull
#define FH_MEM_SIZE	(192 * 1024)	/* AQ rings, 2 x 16 buffers of 4 KiB, a TX ring */
#define FH_AQ_N		16		/* ring entries */
#define FH_BUF		4096
#define FH_ATQ_RING	(FH_MEM_BASE + 0x0000)
#define FH_ARQ_RING	(FH_MEM_BASE + 0x1000)
#define FH_ATQ_BUFS	(FH_MEM_BASE + 0x2000)
#define FH_ARQ_BUFS	(FH_MEM_BASE + 0x2000 + FH_AQ_N * FH_BUF)
#define FH_TX_RING	(FH_MEM_BASE + 0x24000)	/* 64 descriptors of 16 bytes */

/* the PF's VLAN filters of a VF (tests look inside the model) */
static inline bool vf_has_vlan(const struct vfm_vf *vf, uint16_t vid)
{
	return vfm_vlan_test(&vf->pv.flt, vid);
}

static inline unsigned int vf_nvlans(const struct vfm_vf *vf)
{
	return vfm_num_nonzero_vlans(&vf->pv.flt);
}

struct fh_msg {
	uint32_t op;
	int32_t status;
	uint16_t len;
	uint16_t flags;
	uint8_t data[FH_BUF];
};

struct fakehost {
	uint8_t mem[FH_MEM_SIZE];
	uint64_t now;
	uint64_t timer;		/* UINT64_MAX: not armed */
	unsigned int irqs[32];
	unsigned int dma_faults;
	bool verbose;
	struct vfm_vf *vf;
	unsigned int atq_ntu, arq_ntc;
};

static int fh_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	struct fakehost *h = opaque;

	if (addr < FH_MEM_BASE || addr - FH_MEM_BASE > FH_MEM_SIZE ||
	    len > FH_MEM_SIZE - (addr - FH_MEM_BASE)) {
		h->dma_faults++;
		return -1;
	}
	memcpy(buf, h->mem + (addr - FH_MEM_BASE), len);
	return 0;
}

static int fh_dma_write(void *opaque, uint64_t addr, const void *buf, size_t len)
{
	struct fakehost *h = opaque;

	if (addr < FH_MEM_BASE || addr - FH_MEM_BASE > FH_MEM_SIZE ||
	    len > FH_MEM_SIZE - (addr - FH_MEM_BASE)) {
		h->dma_faults++;
		return -1;
	}
	memcpy(h->mem + (addr - FH_MEM_BASE), buf, len);
	return 0;
}

static void fh_msix(void *opaque, unsigned int vector)
{
	struct fakehost *h = opaque;

	if (vector < 32)
		h->irqs[vector]++;
}

static void fh_timer_mod(void *opaque, uint64_t deadline)
{
	((struct fakehost *)opaque)->timer = deadline;
}

static uint64_t fh_now(void *opaque)
{
	return ((struct fakehost *)opaque)->now;
}

static void fh_log(void *opaque, enum vfm_log_level lvl, const char *msg)
{
	struct fakehost *h = opaque;

	if (h->verbose)
		fprintf(stderr, "# [%d] %s\n", lvl, msg);
}

static const struct vfm_host_ops fh_ops = {
	.dma_read = fh_dma_read,
	.dma_write = fh_dma_write,
	.msix_notify = fh_msix,
	.timer_mod = fh_timer_mod,
	.now_ns = fh_now,
	.log = fh_log,
};

static void fh_init(struct fakehost *h)
{
	memset(h, 0, sizeof(*h));
	h->timer = UINT64_MAX;
}

/* advance the virtual clock, firing the VF timer when it is due */
static void fh_advance(struct fakehost *h, uint64_t ns)
{
	uint64_t end = h->now + ns;

	while (h->timer != UINT64_MAX && h->timer <= end) {
		h->now = h->timer > h->now ? h->timer : h->now;
		h->timer = UINT64_MAX;
		vfm_vf_timer_fire(h->vf);
	}
	h->now = end;
}

static void wr(struct fakehost *h, uint32_t reg, uint32_t val)
{
	vfm_vf_mmio_write(h->vf, reg, val, 4);
}

static uint32_t rd(struct fakehost *h, uint32_t reg)
{
	return (uint32_t)vfm_vf_mmio_read(h->vf, reg, 4);
}

static struct vfm_aq_desc *fh_desc(struct fakehost *h, uint64_t ring, unsigned int i)
{
	return (struct vfm_aq_desc *)(h->mem + (ring - FH_MEM_BASE) + i * VFM_AQ_DESC_SIZE);
}

static void fh_post_arq(struct fakehost *h, unsigned int i)
{
	struct vfm_aq_desc *d = fh_desc(h, FH_ARQ_RING, i);
	uint64_t b = FH_ARQ_BUFS + (uint64_t)i * FH_BUF;

	memset(d, 0, sizeof(*d));
	d->flags = VFM_AQ_FLAG_BUF | 0x200 /* LB */;
	d->datalen = FH_BUF;
	d->addr_high = (uint32_t)(b >> 32);
	d->addr_low = (uint32_t)b;
}

/* iavf_init_asq() / iavf_init_arq() */
static void fh_init_aq(struct fakehost *h)
{
	unsigned int i;

	memset(h->mem, 0, 0x2000);
	h->atq_ntu = h->arq_ntc = 0;
	wr(h, VFM_REG_ATQH, 0);
	wr(h, VFM_REG_ATQT, 0);
	wr(h, VFM_REG_ATQLEN, FH_AQ_N | VFM_AQ_LEN_ENABLE);
	wr(h, VFM_REG_ATQBAL, (uint32_t)FH_ATQ_RING);
	wr(h, VFM_REG_ATQBAH, (uint32_t)(FH_ATQ_RING >> 32));
	for (i = 0; i < FH_AQ_N; i++)
		fh_post_arq(h, i);
	wr(h, VFM_REG_ARQH, 0);
	wr(h, VFM_REG_ARQT, 0);
	wr(h, VFM_REG_ARQLEN, FH_AQ_N | VFM_AQ_LEN_ENABLE);
	wr(h, VFM_REG_ARQBAL, (uint32_t)FH_ARQ_RING);
	wr(h, VFM_REG_ARQBAH, (uint32_t)(FH_ARQ_RING >> 32));
	wr(h, VFM_REG_ARQT, FH_AQ_N - 1);
}

/* iavf_aq_send_msg_to_pf(); returns 0 when the PF consumed the descriptor */
static int fh_send(struct fakehost *h, uint32_t op, const void *msg, uint16_t len)
{
	struct vfm_aq_desc *d = fh_desc(h, FH_ATQ_RING, h->atq_ntu);
	uint64_t b = FH_ATQ_BUFS + (uint64_t)h->atq_ntu * FH_BUF;
	unsigned int slot = h->atq_ntu;

	memset(d, 0, sizeof(*d));
	d->flags = 0x2000 /* SI */;
	d->opcode = VFM_AQ_OPC_SEND_TO_PF;
	d->cookie_high = op;
	if (len) {
		d->flags |= VFM_AQ_FLAG_BUF | 0x400 /* RD */ | (len > 512 ? 0x200 : 0);
		d->datalen = len;
		d->addr_high = (uint32_t)(b >> 32);
		d->addr_low = (uint32_t)b;
		memcpy(h->mem + (b - FH_MEM_BASE), msg, len);
	}
	h->atq_ntu = (h->atq_ntu + 1) % FH_AQ_N;
	wr(h, VFM_REG_ATQT, h->atq_ntu);
	if (rd(h, VFM_REG_ATQH) != h->atq_ntu)
		return -1;	/* the queue was reset under us, or not processed */
	d = fh_desc(h, FH_ATQ_RING, slot);
	if (!(d->flags & VFM_AQ_FLAG_DD))
		return -2;
	return d->retval ? -3 : 0;
}

/* iavf_clean_arq_element(); returns 1 with a message, 0 when empty */
static int fh_recv(struct fakehost *h, struct fh_msg *m)
{
	unsigned int head = rd(h, VFM_REG_ARQH) & VFM_AQ_LEN_MASK;
	struct vfm_aq_desc *d;

	if (head == h->arq_ntc)
		return 0;
	d = fh_desc(h, FH_ARQ_RING, h->arq_ntc);
	m->op = d->cookie_high;
	m->status = (int32_t)d->cookie_low;
	m->len = d->datalen;
	m->flags = d->flags;
	if (m->len > FH_BUF)
		m->len = FH_BUF;
	memcpy(m->data, h->mem + (FH_ARQ_BUFS - FH_MEM_BASE) + (uint64_t)h->arq_ntc * FH_BUF, m->len);
	fh_post_arq(h, h->arq_ntc);
	wr(h, VFM_REG_ARQT, h->arq_ntc);
	h->arq_ntc = (h->arq_ntc + 1) % FH_AQ_N;
	return 1;
}

#endif /* VFM_FAKEHOST_H */
