/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/* The options every command takes, and what the commands share around
 * them (cli.c).
 */
#ifndef IVT_CLI_H
#define IVT_CLI_H

#include <argp.h>
#include "ivt.h"

int ivt_resolve_target(const struct ivt_env *env, struct ivt_target *t);
void ivt_announce_generation(const struct ivt_env *env, const struct ivt_bpf *b);
void ivt_announce_mode(const struct ivt_env *env, const struct ivt_bpf *b,
		       const char *what);
int ivt_parse_mode(const char *s, enum ivt_mode *m);
error_t ivt_parse_common_opt(int key, char *arg, struct argp_state *state,
			     struct ivt_env *env, struct ivt_target *t);

#define IVT_OPT_MODE 0x100
#define IVT_OPT_GENERATION 0x101
/* Option entries: each subcommand's table lists only what it accepts. */
#define IVT_OPT_DEV \
	{ "dev", 'd', "IFNAME", 0, "Only this iavf interface (name, or PCI address for any namespace)", 1 }
#define IVT_OPT_VID \
	{ "vid", 'V', "VID", 0, "Only this VLAN ID (state events)", 1 }
#define IVT_OPT_NETNS \
	{ "netns", 'N', "NETNS", 0, "Only this network namespace (name in /run/netns, path or inode)", 1 }
#define IVT_OPT_COMMON \
	{ "json", 'j', NULL, 0, "JSON output (errors too: {\"error\": ...} on stdout)", 2 }, \
	{ "verbose", 'v', NULL, 0, "Show libbpf and verifier messages", 2 }, \
	{ "mode", IVT_OPT_MODE, "MODE", 0, "auto (default), tp_btf, raw_tp, fentry; selftest feeds synthetic events", 2 }, \
	{ "generation", IVT_OPT_GENERATION, "GEN", 0, "auto (default: from the iavf module BTF), fixed or unfixed: the driver's VLAN state machine when it has no BTF (raw_tp)", 2 }

#endif /* IVT_CLI_H */
