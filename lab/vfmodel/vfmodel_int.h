/* SPDX-License-Identifier: GPL-2.0 */
/* vfmodel internals shared by vf.c (registers, admin queue, resets),
 * pf.c (virtchnl, ice policy) and control.c (text commands, dump). */
#ifndef VFMODEL_INT_H
#define VFMODEL_INT_H

#include "vfmodel.h"
#include "virtchnl_shim.h"
#include "datapath.h"

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
#define VFM_DYN_INTENA		(1u << 0)
#define VFM_DYN_CLEARPBA	(1u << 1)
#define VFM_DYN_SWINT_TRIG	(1u << 2)
#define VFM_NUM_DYN_CTLN	64
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

/* ice constants (ice_virtchnl.h, ice.h) */
#define VFM_ICE_VF_VSI_ID	1
#define VFM_ICE_MAX_MACADDR	18	/* ICE_MAX_MACADDR_PER_VF */
#define VFM_RSS_KEY_SIZE	52	/* ICE_VSIQF_HKEY_ARRAY_SIZE */
#define VFM_RSS_LUT_SIZE	64	/* ICE_LUT_VSI_SIZE */
#define VFM_VLAN_N_VID		4096
#define VFM_MAX_MACS		64

#define VFM_REPLY_MAX		128	/* biggest PF->VF payload we build */
#define VFM_DEFERRED_MAX	32
#define VFM_OUTQ_MAX		32
#define VFM_HISTORY		64
#define VFM_MAX_FAULTS		32
#define VFM_RQ_MAX		16	/* requests waiting in the PF's mailbox behind a held one */

/* One message for the VF's ARQ */
struct vfm_reply {
	uint32_t op;
	int32_t status;
	uint16_t len;
	uint8_t data[VFM_REPLY_MAX];
};

enum vfm_deferred_kind {
	VFM_DEF_NONE = 0,
	VFM_DEF_REPLY,		/* delayed reply (delay fault) */
	VFM_DEF_RESET,		/* reset the VF (reset fault) */
	VFM_DEF_RESET_DONE,	/* VFGEN_RSTAT -> VFACTIVE */
	VFM_DEF_RX,		/* fill RX rings from the backlog (datapath.c) */
	VFM_DEF_RELEASE,	/* apply and answer the held request, then those behind it */
};

/* A request in the PF's mailbox (ice handles them one at a time, in order) */
struct vfm_req {
	uint32_t op;
	uint16_t len;
	uint64_t msg[VFM_AQ_MAX_BUF / 8];	/* uint64_t keeps structs aligned */
};

/* What holds the PF's mailbox of a VF (nothing behind it is handled) */
enum vfm_mbx_block {
	VFM_MBX_FREE = 0,
	VFM_MBX_HELD_REQ,	/* delay fault: rq[rq_head] is held unapplied until VFM_DEF_RELEASE */
	VFM_MBX_HELD_RESET,	/* reset fault: the reply of held_op is held until the reset */
};

struct vfm_deferred {
	enum vfm_deferred_kind kind;
	uint64_t due_ns;
	uint32_t gen;		/* VF reset generation it belongs to */
	struct vfm_reply reply;
};

struct vfm_history {
	uint64_t seq;
	uint32_t op;
	uint16_t len;
	int32_t status;
	const char *outcome;	/* "ok", "noreply", static strings only */
	char detail[48];
};

struct vfm_fault_slot {
	bool used;
	struct vfm_fault f;
	uint32_t left;		/* remaining count when f.count != 0 */
	uint64_t hits;
};

struct vfm_vf {
	struct vfm_pf *pf;
	unsigned int idx;
	struct vfm_host_ops ops;
	void *opaque;
	uint8_t hw_mac[6];	/* the PF-assigned MAC (vsi default_mac_addr) */
	bool bus_master;

	/* register file */
	uint32_t atq_bal, atq_bah, atq_len, atq_head, atq_tail;
	uint32_t arq_bal, arq_bah, arq_len, arq_head, arq_tail;
	uint32_t rstat;
	uint32_t dyn_ctl01, icr0_ena1, icr01;
	uint32_t dyn_ctln1[VFM_NUM_DYN_CTLN];
	uint32_t itr[VFM_NUM_ITR];
	uint32_t qtx_tail[VFM_MAX_QUEUE_PAIRS], qrx_tail[VFM_MAX_QUEUE_PAIRS];

	/* PF's view of the VF (ice_vf) */
	bool active;		/* ICE_VF_STATE_ACTIVE: GET_VF_RESOURCES answered */
	bool resetting;		/* between reset trigger and VFACTIVE */
	uint32_t gen;		/* bumped by each reset */
	uint32_t resets;
	struct virtchnl_version_info ver;
	uint32_t caps;		/* negotiated vf_cap_flags */
	struct virtchnl_vlan_caps vlan_caps;	/* negotiated by op 51 */
	bool trusted, spoofchk, link_up;
	uint16_t pvid;
	unsigned int vlan_limit;
	uint64_t vlan_map[VFM_VLAN_N_VID / 64];
	unsigned int num_vlans;		/* including VLAN 0 */
	bool tx_vlan_antispoof;		/* on with the first non-zero VLAN, spoofchk on */
	uint8_t macs[VFM_MAX_MACS][6];
	unsigned int num_macs;
	uint16_t promisc_flags;
	uint32_t rxq_enabled, txq_enabled;
	bool queues_configured;
	uint32_t strip_inner, strip_outer, insert_inner, insert_outer;
	bool strip_v1;
	bool vlan_v1_only;	/* offer VIRTCHNL_VF_OFFLOAD_VLAN, never VLAN_V2 (kept across resets) */
	uint8_t rss_key[VFM_RSS_KEY_SIZE];
	uint8_t rss_lut[VFM_RSS_LUT_SIZE];
	uint64_t rss_hena;
	uint16_t rss_hfunc;
	struct virtchnl_vector_map vecmap[VFM_MAX_QUEUE_PAIRS + 1];
	uint64_t rx_ring[VFM_MAX_QUEUE_PAIRS], tx_ring[VFM_MAX_QUEUE_PAIRS];
	uint16_t rx_ring_len[VFM_MAX_QUEUE_PAIRS], tx_ring_len[VFM_MAX_QUEUE_PAIRS];
	uint16_t tx_ntc[VFM_MAX_QUEUE_PAIRS];	/* next TX descriptor to complete */
	uint64_t tx_packets, tx_bytes;
	uint64_t msgs;
	struct vfm_dp_vf dp;	/* data path (datapath.c, switch.c) */

	/* deferred work and ARQ backlog */
	struct vfm_deferred deferred[VFM_DEFERRED_MAX];
	struct vfm_reply outq[VFM_OUTQ_MAX];
	unsigned int outq_head, outq_count;
	bool in_deferred;
	uint64_t armed_ns;

	/* the PF's in-order mailbox: requests behind a held one wait here */
	struct vfm_req rq[VFM_RQ_MAX];
	unsigned int rq_head, rq_count;
	enum vfm_mbx_block mbx_block;
	uint32_t held_op;	/* VFM_MBX_HELD_RESET: the op whose reply is held */

	struct vfm_history history[VFM_HISTORY];
	uint64_t history_seq;

	/* scratch for one admin queue message; uint64_t keeps structs aligned */
	uint64_t msgbuf[VFM_AQ_MAX_BUF / 8];
};

struct vfm_pf {
	struct vfm_pf_config cfg;
	char name[32];
	struct vfm_vf *vfs[VFM_MAX_VFS];
	bool link_up;
	struct vfm_fault_slot faults[VFM_MAX_FAULTS];
	uint64_t rng;
	uint64_t pf_resets;
};

/* vf.c */
void vfm_logf(struct vfm_vf *vf, enum vfm_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
uint64_t vfm_now(struct vfm_vf *vf);
void vfm_send_to_vf(struct vfm_vf *vf, uint32_t op, int32_t status,
		    const void *data, uint16_t len);
void vfm_queue_reply(struct vfm_vf *vf, const struct vfm_reply *r);
int vfm_defer(struct vfm_vf *vf, enum vfm_deferred_kind kind, uint64_t delay_ns,
	      const struct vfm_reply *r);
void vfm_vf_hw_reset(struct vfm_vf *vf, bool notify, bool flr);
void vfm_run_deferred(struct vfm_vf *vf);
void vfm_tx_kick(struct vfm_vf *vf, unsigned int q);

/* pf.c */
void vfm_pf_handle_msg(struct vfm_vf *vf, uint32_t op, uint8_t *msg, uint16_t len);
void vfm_pf_vf_rebuild(struct vfm_vf *vf);
void vfm_pf_release(struct vfm_vf *vf);
void vfm_pf_mbx_flush(struct vfm_vf *vf);
const char *vfm_pf_held(const struct vfm_vf *vf, unsigned int *pending);
void vfm_pf_notify_link(struct vfm_vf *vf);
void vfm_pf_notify_reset(struct vfm_vf *vf);
bool vfm_vlan_test(const struct vfm_vf *vf, uint16_t vid);
unsigned int vfm_num_nonzero_vlans(const struct vfm_vf *vf);
const char *vfm_op_name(uint32_t op);
int vfm_op_parse(const char *s, uint32_t *op);
unsigned int vfm_effective_limit(const struct vfm_vf *vf);

#endif /* VFMODEL_INT_H */
