// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * iavf-vlantrace: watch and audit the VLAN filters of iavf VFs.
 * Entry point: a table of subcommands (unique prefixes accepted), each
 * with its own argp parser and options; they share the global env (name,
 * -j/-v, the signal flag).
 */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ivt.h"

#define IVT_VERSION "0.1"

static struct ivt_env env = {
	.prog = "iavf-vlantrace",
};

static const struct cmd {
	const char *name;
	int (*fn)(struct ivt_env *env, int argc, char **argv);
	const char *summary;
} cmds[] = {
	{ "monitor", cmd_monitor, "print VLAN filter transitions and virtchnl messages live" },
	{ "latency", cmd_latency, "log2 histograms: down/up, PF round trip, ADD->ACTIVE" },
	{ "audit", cmd_audit, "cross-check driver filters, VLAN devices and the PF limit" },
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: iavf-vlantrace COMMAND [OPTIONS]\n"
		"       iavf-vlantrace COMMAND --help\n"
		"       iavf-vlantrace --version\n\n"
		"Commands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(out, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(out,
		"\nExamples:\n"
		"  iavf-vlantrace monitor -d eth1 -T\n"
		"  iavf-vlantrace latency 5 3 --svg lat.svg\n"
		"  iavf-vlantrace audit -j --prometheus /var/lib/node_exporter/iavf.prom\n\n"
		"Exit status: 0 ok, 1 audit findings, 2 error, 64 bad usage.\n"
		"Needs root (or CAP_BPF + CAP_PERFMON), kernel BTF, and an iavf\n"
		"driver with the iavf_vlan_* tracepoints or module BTF (fentry mode).\n");
}

int main(int argc, char **argv)
{
	const struct cmd *found = NULL;
	char name[64];
	size_t i, len;

	argp_err_exit_status = IVT_EXIT_USAGE;
	env.json = ivt_argv_wants_json(argc, argv);
	/* first thing: a signal at any later point ends the command cleanly */
	ivt_install_signals(&env);
	if (argc < 2) {
		usage(stderr);
		return IVT_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return IVT_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("iavf-vlantrace %s\n", IVT_VERSION);
		return IVT_EXIT_OK;
	}
	len = strlen(argv[1]);
	for (i = 0; i < NCMDS && len; i++) {
		if (strncmp(cmds[i].name, argv[1], len))
			continue;
		if (found) {
			ivt_err(&env, "ambiguous command '%s'", argv[1]);
			return IVT_EXIT_USAGE;
		}
		found = &cmds[i];
	}
	if (!found) {
		ivt_err(&env, "unknown command '%s' (try --help)", argv[1]);
		return IVT_EXIT_USAGE;
	}
	/* argp prints this name in its usage lines */
	snprintf(name, sizeof(name), "iavf-vlantrace %s", found->name);
	argv[1] = name;
	return found->fn(&env, argc - 1, argv + 1);
}
