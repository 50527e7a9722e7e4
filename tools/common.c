// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* Helpers shared by the subcommands: name tables, PCI ids, numbers,
 * the clock, signals.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>
#include "ivt.h"

int ivt_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

void ivt_fmt_pci(__u32 pci_id, char *buf, size_t len)
{
	if (pci_id & IVT_DEV_IFINDEX || !pci_id)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%04x:%02x:%02x.%u", pci_id >> 16,
			 (pci_id >> 8) & 0xff, (pci_id >> 3) & 0x1f, pci_id & 7);
}

int ivt_parse_pci(const char *s, __u32 *pci_id)
{
	unsigned int dom, bus, dev, fn;
	char tail;

	if (sscanf(s, "%x:%x:%x.%u%c", &dom, &bus, &dev, &fn, &tail) != 4 ||
	    dom > 0xffff || bus > 0xff || dev > 0x1f || fn > 7)
		return -EINVAL;
	*pci_id = dom << 16 | bus << 8 | dev << 3 | fn;
	return 0;
}

static const char *const state_names[] = {
	"NONE", "ADD", "ADDING", "ACTIVE", "REMOVE", "REMOVING",
	"IS_NEW", "DISABLE", "INACTIVE",
};

const char *ivt_state_name(unsigned int s)
{
	return s < sizeof(state_names) / sizeof(state_names[0]) ?
		state_names[s] : "?";
}

static const char *const reason_names[] = {
	[IVT_REASON_INFERRED] = "inferred",
	[IAVF_VLAN_R_ADD_NEW] = "add_new",
	[IAVF_VLAN_R_ADD_CANCEL_DEL] = "add_cancel_del",
	[IAVF_VLAN_R_ADD_REQUEUE] = "add_requeue",
	[IAVF_VLAN_R_DEL_UNSENT] = "del_unsent",
	[IAVF_VLAN_R_DEL_QUEUE] = "del_queue",
	[IAVF_VLAN_R_SEND_ADD_V1] = "send_add_v1",
	[IAVF_VLAN_R_SEND_ADD_V2] = "send_add_v2",
	[IAVF_VLAN_R_DEL_NOFILTER] = "del_nofilter",
	[IAVF_VLAN_R_SEND_DEL_V1] = "send_del_v1",
	[IAVF_VLAN_R_SEND_DEL_V2] = "send_del_v2",
	[IAVF_VLAN_R_ADD_ACK] = "add_ack",
	[IAVF_VLAN_R_ADD_REJECT] = "add_reject",
	[IAVF_VLAN_R_DEL_ACK] = "del_ack",
	[IAVF_VLAN_R_DEL_REJECT] = "del_reject",
	[IAVF_VLAN_R_RESET_RES] = "reset_res",
	[IAVF_VLAN_R_RESET_CAPS] = "reset_caps",
	[IAVF_VLAN_R_DISABLE_VF] = "disable_vf",
	[IAVF_VLAN_R_DRIVER_REMOVE] = "driver_remove",
	[IAVF_VLAN_R_ADD_READD] = "add_readd",
	[IAVF_VLAN_R_DISABLE_DOWN] = "disable_down",
	[IAVF_VLAN_R_RESTORE_OPEN] = "restore_open",
	[IAVF_VLAN_R_INACTIVE_NOFILTER] = "inactive_nofilter",
	[IAVF_VLAN_R_INACTIVE_SEND_V1] = "inactive_send_v1",
	[IAVF_VLAN_R_INACTIVE_SEND_V2] = "inactive_send_v2",
	[IAVF_VLAN_R_DEL_SENT_FREE_V1] = "del_sent_free_v1",
	[IAVF_VLAN_R_DEL_SENT_FREE_V2] = "del_sent_free_v2",
	[IAVF_VLAN_R_RESET_FREE_RES] = "reset_free_res",
	[IAVF_VLAN_R_RESET_FREE_CAPS] = "reset_free_caps",
	[IAVF_VLAN_R_DEL_REJECT_FREE] = "del_reject_free",
	[IAVF_VLAN_R_DEL_RETRY] = "del_retry",
};

const char *ivt_reason_name(unsigned int r)
{
	return r < IAVF_VLAN_R_NR_REASONS && reason_names[r] ?
		reason_names[r] : "?";
}

const char *ivt_vc_op_name(unsigned int op)
{
	switch (op) {
	case IAVF_VC_OP_ADD_VLAN: return "ADD_VLAN";
	case IAVF_VC_OP_DEL_VLAN: return "DEL_VLAN";
	case IAVF_VC_OP_GET_OFFLOAD_VLAN_V2_CAPS: return "VLAN_V2_CAPS";
	case IAVF_VC_OP_ADD_VLAN_V2: return "ADD_VLAN_V2";
	case IAVF_VC_OP_DEL_VLAN_V2: return "DEL_VLAN_V2";
	default: return "?";
	}
}

static const char *const phase_names[] = {
	"down_begin", "down_end", "up_begin", "up_end", "reset_begin",
	"reset_end",
};

const char *ivt_phase_name(unsigned int p)
{
	return p < IAVF_UPDOWN_NR_PHASES ? phase_names[p] : "?";
}

static const char *const hist_names[] = {
	[IVT_H_DOWN] = "down",
	[IVT_H_UP] = "up_to_active",
	[IVT_H_PF_RTT] = "pf_rtt",
	[IVT_H_ADD_ACTIVE] = "add_to_active",
	[IVT_H_RESET] = "reset",
};

const char *ivt_hist_kind_name(unsigned int k)
{
	return k < IVT_H_NR_KINDS ? hist_names[k] : "?";
}

__u64 ivt_now_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The handler reaches the env through this pointer, set once. */
static struct ivt_env *signal_env;

/* First SIGINT/SIGTERM: detach cleanly; second: leave at once. While the
 * programs load or attach (seconds on a slow machine, and the verifier
 * does not stop for a signal), leave at once with the command's reply to
 * an interruption: nothing is pinned, so nothing stays behind.
 */
static void on_signal(int sig)
{
	struct ivt_env *env = signal_env;
	ssize_t w;

	(void)sig;
	if (env->loading) {
		w = write(env->intr_fd, env->intr_text, strlen(env->intr_text));
		(void)w;
		_exit(env->intr_rc);
	}
	if (env->signals++ > 0)
		_exit(130);
}

/* What a signal during load/attach prints (text, newline included) and
 * the exit status it leaves with.
 */
void ivt_set_interrupt_reply(struct ivt_env *env, bool to_stdout, int rc,
			     const char *text)
{
	env->intr_fd = to_stdout ? STDOUT_FILENO : STDERR_FILENO;
	env->intr_rc = rc;
	snprintf(env->intr_text, sizeof(env->intr_text), "%s", text);
}

/* ... an error, as ivt_err() would print it, and exit status 2 */
void ivt_set_interrupt_error(struct ivt_env *env, const char *msg)
{
	char text[sizeof(env->intr_text)];
	struct json_object *o;

	if (!env->json) {
		snprintf(text, sizeof(text), "%s: %s\n", env->prog, msg);
		ivt_set_interrupt_reply(env, false, IVT_EXIT_ERR, text);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "error", json_object_new_string(msg));
	snprintf(text, sizeof(text), "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	ivt_set_interrupt_reply(env, true, IVT_EXIT_ERR, text);
}

void ivt_install_signals(struct ivt_env *env)
{
	struct sigaction sa = { .sa_handler = on_signal };

	signal_env = env;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
