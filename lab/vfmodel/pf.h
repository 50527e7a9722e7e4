/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel PF (top of the model, above the VF device): the PF's view of
 * each VF as ice keeps it (struct ice_vf: negotiated caps, trust, VLAN and
 * MAC filters, offloads, RSS), its in-order mailbox, message history and
 * fault injection, and the PF itself with its switch.
 */
#ifndef VFM_PF_H
#define VFM_PF_H

#include "filters.h"
#include "msg.h"
#include "switch.h"
#include "vfdev.h"
#include "virtchnl_shim.h"

/* ice constants (ice_virtchnl.h, ice.h) */
#define VFM_ICE_VF_VSI_ID	1
#define VFM_ICE_MAX_MACADDR	18	/* ICE_MAX_MACADDR_PER_VF */
#define VFM_RSS_KEY_SIZE	52	/* ICE_VSIQF_HKEY_ARRAY_SIZE */
#define VFM_RSS_LUT_SIZE	64	/* ICE_LUT_VSI_SIZE */

#define VFM_HISTORY		64
#define VFM_MAX_FAULTS		32
#define VFM_RQ_MAX		16	/* requests waiting in the PF's mailbox behind a held one */

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

/* the PF's view of one VF (ice_vf) */
struct vfm_pfvf {
	uint8_t hw_mac[6];	/* the PF-assigned MAC (vsi default_mac_addr) */
	bool active;		/* ICE_VF_STATE_ACTIVE: GET_VF_RESOURCES answered */
	bool resetting;		/* between reset trigger and VFACTIVE */
	uint32_t resets;
	struct virtchnl_version_info ver;
	uint32_t caps;		/* negotiated vf_cap_flags */
	struct virtchnl_vlan_caps vlan_caps;	/* negotiated by op 51 */
	bool trusted, link_up;
	unsigned int vlan_limit;
	struct vfm_filters flt;	/* VLAN/MAC filters, pvid, spoofchk: the switch reads them */
	bool queues_configured;
	uint32_t strip_inner, strip_outer, insert_inner, insert_outer;
	bool strip_v1;
	bool vlan_v1_only;	/* offer VIRTCHNL_VF_OFFLOAD_VLAN, never VLAN_V2 (kept across resets) */
	uint8_t rss_key[VFM_RSS_KEY_SIZE];
	uint8_t rss_lut[VFM_RSS_LUT_SIZE];
	uint64_t rss_hena;
	uint16_t rss_hfunc;

	/* the PF's in-order mailbox: requests behind a held one wait here */
	struct vfm_req rq[VFM_RQ_MAX];
	unsigned int rq_head, rq_count;
	enum vfm_mbx_block mbx_block;
	uint32_t held_op;	/* VFM_MBX_HELD_RESET: the op whose reply is held */
	int32_t held_reject;	/* VFM_MBX_HELD_REQ of a reject fault with ms: its status */

	struct vfm_history history[VFM_HISTORY];
	uint64_t history_seq;
};

struct vfm_pf {
	struct vfm_pf_config cfg;
	char name[32];
	struct vfm_vf *vfs[VFM_MAX_VFS];
	bool link_up;
	struct vfm_fault_slot faults[VFM_MAX_FAULTS];
	uint64_t rng;
	uint64_t pf_resets;
	struct vfm_switch sw;
};

/* a reset of the VF: everything in its mailbox and any hold are gone */
static inline void vfm_mbx_clear(struct vfm_pfvf *pv)
{
	pv->rq_head = pv->rq_count = 0;
	pv->mbx_block = VFM_MBX_FREE;
	pv->held_op = 0;
	pv->held_reject = 0;
}

/* what a virtchnl handler answers */
struct vfm_out {
	uint8_t data[VFM_REPLY_MAX];
	uint16_t len;
	bool no_reply;
	bool link_after;	/* send the link state after the reply */
	char detail[48];
};

struct vfm_vf;

/* pfvf.c: the VF's life as the PF sees it */
void vfm_pfvf_init(struct vfm_vf *vf, const uint8_t mac[6]);
void vfm_pfvf_rebuild(struct vfm_vf *vf);
void vfm_pfvf_reset(struct vfm_vf *vf, enum vfm_reset_reason why);
void vfm_pfvf_sync_dp(struct vfm_vf *vf);
void vfm_pf_notify_link(struct vfm_vf *vf);
void vfm_pf_notify_reset(struct vfm_vf *vf);
unsigned int vfm_effective_limit(const struct vfm_vf *vf);

/* virtchnl.c: the handlers (ice_virtchnl.c) */
bool vfm_vc_allowed(const struct vfm_vf *vf, uint32_t op);
int32_t vfm_vc_dispatch(struct vfm_vf *vf, uint32_t op, const uint8_t *msg, struct vfm_out *o);
void vfm_vc_vlan_detail(uint32_t op, const uint8_t *msg, struct vfm_out *o);

/* mailbox.c: the PF's mailbox of a VF */
void vfm_mbx_receive(void *vf, uint32_t op, uint8_t *msg, uint16_t len);	/* vfm_dev_msg_fn */
const char *vfm_mbx_held(const struct vfm_vf *vf, unsigned int *pending);

/* faults.c */
struct vfm_fault_slot *vfm_fault_match(struct vfm_pf *pf, unsigned int vf, uint32_t op);

/* opnames.c */
const char *vfm_op_name(uint32_t op);
int vfm_op_parse(const char *s, uint32_t *op);

#endif /* VFM_PF_H */
