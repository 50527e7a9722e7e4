/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfmodel: an emulated Intel iavf VF (BAR0 register file + admin queue) and
 * an emulated PF that answers virtchnl the way Linux's ice driver does.
 *
 * Plain C11, no QEMU types: the host (QEMU glue, unit tests, fuzzer) owns
 * memory, interrupts and time and lends them through struct vfm_host_ops.
 * Not thread-safe: the host serialises every call into one PF and its VFs
 * (QEMU: the BQL). No global state; every object is owned by the caller.
 *
 * Stable API: the QEMU glue codes against this header.
 */
#ifndef VFMODEL_H
#define VFMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VFM_PCI_VENDOR_ID	0x8086
#define VFM_PCI_DEVICE_ID	0x1889	/* Intel Ethernet Adaptive Virtual Function */
#define VFM_BAR0_SIZE		0x10000	/* 64 KiB register window */
#define VFM_MAX_VFS		16	/* per PF */
#define VFM_MAX_QUEUE_PAIRS	16
#define VFM_CTRL_OUT_MIN	256	/* smallest useful out buffer for vfm_pf_control */

enum vfm_log_level {
	VFM_LOG_ERR = 0,
	VFM_LOG_WARN = 1,
	VFM_LOG_INFO = 2,
	VFM_LOG_DEBUG = 3,
};

/*
 * Trace events (optional host hook `event`): what the QEMU glue turns into
 * trace-events. MSG_FROM_VF: a virtchnl request taken off the ATQ (op, len);
 * MSG_TO_VF: a reply or event the PF sends to the VF's ARQ (op, status,
 * len); RESET: a VF reset starts (arg: enum vfm_reset_reason); RESET_DONE:
 * VFGEN_RSTAT reads VFACTIVE again.
 */
enum vfm_event_kind {
	VFM_EV_MSG_FROM_VF = 1,
	VFM_EV_MSG_TO_VF,
	VFM_EV_RESET,
	VFM_EV_RESET_DONE,
};

enum vfm_reset_reason {
	VFM_RESET_VFR = 1,	/* the VF asked: VIRTCHNL_OP_RESET_VF */
	VFM_RESET_FLR,		/* PCIe function level reset */
	VFM_RESET_ADMIN,	/* the PF's administrator: reset vf=N, trust, pvid, mac */
	VFM_RESET_PF,		/* a PF reset resets every VF */
	VFM_RESET_FAULT,	/* a reset fault */
};

struct vfm_event {
	enum vfm_event_kind kind;
	unsigned int vf;
	uint32_t op;
	int32_t status;
	uint32_t len;
	uint32_t arg;
};

/*
 * Services the host provides to one VF. `opaque` is the pointer given to
 * vfm_vf_new. dma_* return 0 on success, non-zero if the address is not
 * backed (the model then drops the descriptor/buffer, never crashes).
 * timer_mod arms the VF's single one-shot timer: at or after deadline_ns (on
 * the now_ns clock) the host must call vfm_vf_timer_fire(vf); a new call
 * replaces the previous deadline; deadline_ns == UINT64_MAX cancels.
 * timer_mod and now_ns may be NULL: deferred work then runs immediately
 * (delay faults degrade to "no delay"). log and event may be NULL.
 */
struct vfm_host_ops {
	int (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
	int (*dma_write)(void *opaque, uint64_t addr, const void *buf, size_t len);
	void (*msix_notify)(void *opaque, unsigned int vector);
	void (*timer_mod)(void *opaque, uint64_t deadline_ns);
	uint64_t (*now_ns)(void *opaque);
	void (*log)(void *opaque, enum vfm_log_level level, const char *msg);
	void (*event)(void *opaque, const struct vfm_event *ev);	/* may be NULL */
};

struct vfm_pf_config {
	const char *name;		/* for logs and dump; may be NULL */
	unsigned int num_queue_pairs;	/* offered per VF; 0 -> 4 */
	unsigned int max_vectors;	/* MSI-X vectors per VF incl. vector 0; 0 -> num_queue_pairs + 1 */
	unsigned int vlan_limit;	/* untrusted non-zero VLAN limit; 0 -> 8 (ICE_MAX_VLAN_PER_VF) */
	unsigned int reset_delay_ms;	/* VFGEN_RSTAT INPROGRESS -> VFACTIVE; 0 -> immediate */
	uint32_t link_speed_mbps;	/* 0 -> 25000 */
	bool link_up;			/* initial PF link; set true for carrier */
	uint64_t seed;			/* PRNG seed for probabilistic faults */
};

struct vfm_pf;
struct vfm_vf;

/* ---- lifetime ---- */
struct vfm_pf *vfm_pf_new(const struct vfm_pf_config *cfg);	/* cfg may be NULL: defaults */
void vfm_pf_free(struct vfm_pf *pf);	/* frees the PF and any VF still attached */

/* vf_index < VFM_MAX_VFS and unused on this PF; mac NULL -> a locally administered
 * 02:00:xx:xx:00:<idx+1> (xx from the PF object, so two PFs differ) */
struct vfm_vf *vfm_vf_new(struct vfm_pf *pf, unsigned int vf_index,
			  const struct vfm_host_ops *ops, void *opaque,
			  const uint8_t mac[6]);
void vfm_vf_free(struct vfm_vf *vf);	/* detaches from its PF */
unsigned int vfm_vf_msix_vectors(const struct vfm_vf *vf);	/* MSI-X table size to expose */

/* ---- guest-facing VF hooks ---- */
/* BAR0 access; size is 1, 2, 4 or 8, any offset (out of range reads 0, writes ignored). */
uint64_t vfm_vf_mmio_read(struct vfm_vf *vf, uint64_t offset, unsigned int size);
void vfm_vf_mmio_write(struct vfm_vf *vf, uint64_t offset, uint64_t val, unsigned int size);
void vfm_vf_flr(struct vfm_vf *vf);		/* PCIe function level reset (VFLR to the PF) */
void vfm_vf_timer_fire(struct vfm_vf *vf);	/* host timer expired (see timer_mod) */
/* Bus-master enable changed: while off, the model performs no DMA and queues replies. */
void vfm_vf_set_bus_master(struct vfm_vf *vf, bool enabled);

/* ---- PF control (host, glue, tests). vf = -1 means every VF where it makes sense. ---- */
int vfm_pf_set_link(struct vfm_pf *pf, int vf, bool up);	/* sends LINK_CHANGE events */
int vfm_pf_reset(struct vfm_pf *pf);			/* RESET_IMPENDING to all, then reset all */
int vfm_pf_vf_reset(struct vfm_pf *pf, int vf);		/* as "ip link set pf vf N ..." triggering a reset */
int vfm_pf_set_trust(struct vfm_pf *pf, int vf, bool on);	/* resets the VF if it changes */
int vfm_pf_set_spoofchk(struct vfm_pf *pf, int vf, bool on);	/* no reset */
int vfm_pf_set_pvid(struct vfm_pf *pf, int vf, uint16_t vid);	/* 0 clears; resets the VF if it changes */
int vfm_pf_set_vlan_limit(struct vfm_pf *pf, int vf, unsigned int limit);	/* untrusted limit */
int vfm_pf_set_mac(struct vfm_pf *pf, int vf, const uint8_t mac[6]);	/* resets the VF */

int vfm_pf_set_vlan_caps(struct vfm_pf *pf, int vf, bool v2);	/* false: offer VLAN V1 only;
								 * applies at the next GET_VF_RESOURCES */

/*
 * The PF handles a VF's mailbox in order, as ice does: while a request is
 * held (delay, reset), the requests behind it wait unhandled, and their
 * replies follow the held one's. A reset of the VF discards them.
 */
enum vfm_fault_kind {
	VFM_FAULT_REJECT = 1,	/* do not apply the op; reply with `status` */
	VFM_FAULT_DELAY,	/* hold the request delay_ms, then apply it and reply;
				 * apply_now: apply at once, reply after delay_ms, later
				 * requests are handled meanwhile (their replies overtake) */
	VFM_FAULT_DROP,		/* apply; never reply */
	VFM_FAULT_RESET,	/* apply; hold the reply; after delay_ms reset the VF (reply lost) */
};

struct vfm_fault {
	int vf;			/* -1 any VF */
	uint32_t op;		/* virtchnl op (VIRTCHNL_OP_*); 0 = any op */
	enum vfm_fault_kind kind;
	int32_t status;		/* REJECT: virtchnl status (e.g. -5 ERR_PARAM); 0 -> -5 */
	uint32_t delay_ms;	/* DELAY / RESET; REJECT: hold it first, in order */
	uint32_t count;		/* fire this many times then disarm; 0 = unlimited */
	uint32_t prob_pct;	/* chance per matching message, 1..100; 0 -> 100 */
	bool apply_now;		/* DELAY only: the old out-of-order delay (see above) */
};
int vfm_pf_fault_add(struct vfm_pf *pf, const struct vfm_fault *f);	/* returns id >= 0 or -errno */
int vfm_pf_fault_clear(struct vfm_pf *pf, int id);			/* id -1: all */

/*
 * Text control language, one command per call (same for host and guest):
 *   help
 *   link [vf=N] up|down
 *   reset pf
 *   reset vf=N
 *   trust vf=N on|off
 *   spoofchk vf=N on|off
 *   pvid vf=N VID            (0 clears)
 *   limit [vf=N] COUNT       (untrusted VLAN limit)
 *   mac vf=N XX:XX:XX:XX:XX:XX
 *   caps [vf=N] vlan=v1|v2   (VLAN caps offered at the VF's next GET_VF_RESOURCES,
 *                             i.e. its next probe or reset; v1: VIRTCHNL_VF_OFFLOAD_VLAN
 *                             only, never VLAN_V2; no reset by itself)
 *   fault [vf=N] op=OP reject|delay|drop|reset [status=S] [ms=M] [count=C] [prob=P]
 *            [apply=now]     (OP: number or name like add_vlan_v2; op=any;
 *                             delay holds the request, in order, and applies it
 *                             when its reply is released; apply=now applies it at
 *                             once and lets later replies overtake the held one)
 *   fault list
 *   fault clear [id=N]
 *   dump [vf=N] [json]       (the PF's view of each VF, one line per VF)
 *   history [vf=N]           (last virtchnl messages the PF saw, with reply status)
 * Output is NUL-terminated and truncated to outlen. Returns 0 on success,
 * -errno on error (out then holds "error: ...").
 *
 * Text dump line (one per VF, fields space-separated key=value):
 *   pf=pf0 vf=0 mac=02:00:00:00:00:01 state=active|resetting|down trust=off
 *   spoofchk=on pvid=0 limit=8 max_filters=8 link=up vlans=0,100,200 nvlans=2
 *   macs=02:..,33:.. promisc=0x0 rxq=0x1 txq=0x1 caps=0x... vlan_antispoof=on
 *   resets=3 msgs=42 [data path counters] held=add_vlan_v2|- pending=1 vlan_caps=v2|v1
 * held names the oldest request whose reply the PF is holding (a delay or
 * reset fault; "-" when none) and pending counts the requests the PF has
 * received but not answered yet (held ones and those waiting behind them).
 * vlan_caps is what the next GET_VF_RESOURCES offers (caps= what was negotiated).
 * vlans lists every VLAN filter of the VF's VSI (VLAN 0 / the pvid included,
 * "-" when empty); nvlans counts the non-zero ones, the number ice checks
 * against the limit; max_filters is what the VF negotiated (op 51).
 * "dump json" prints the same as one JSON object per line.
 * History line: vf=0 seq=12 op=52 name=add_vlan_v2 len=40 status=-5
 *   outcome=ok|malformed|not_allowed|resetting|reset|fault_reject|fault_delay|
 *   fault_drop|fault_reset [vids=100,101 | caps=0x.. | ...]
 */
int vfm_pf_control(struct vfm_pf *pf, const char *cmd, char *out, size_t outlen);

#ifdef __cplusplus
}
#endif

#endif /* VFMODEL_H */
