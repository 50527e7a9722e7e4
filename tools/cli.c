// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Command-line conventions shared by the subcommands: whether -j was asked
 * for (known before parsing, so that even a usage error is JSON), and an
 * argp wrapper that, under -j, turns argp's usage messages into one
 * {"error": "..."} object on stdout (bpftool's p_err style) with the same
 * exit status (64).
 */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ivt.h"

/* Short options of the subcommands that take no argument and may be
 * clustered with -j (e.g. -jT).
 */
static const char flag_chars[] = "jTv?";

static bool cluster_has_j(const char *a)
{
	if (a[0] != '-' || a[1] == '-' || !a[1])
		return false;
	for (a++; *a; a++) {
		if (*a == 'j')
			return true;
		if (!strchr(flag_chars, *a))
			return false;	/* an option argument follows */
	}
	return false;
}

bool ivt_argv_wants_json(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--json") || cluster_has_j(argv[i]))
			return true;
	}
	return false;
}

static bool argv_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-?") ||
		    !strcmp(argv[i], "--usage"))
			return true;
	return false;
}

/* argp's message without its "PROGRAM: " prefix, first line only. */
static void json_usage_error(struct ivt_env *env, const char *prog, char *msg)
{
	size_t plen = strlen(prog);

	msg[strcspn(msg, "\n")] = 0;
	if (!strncmp(msg, prog, plen) && !strncmp(msg + plen, ": ", 2))
		msg += plen + 2;
	ivt_err(env, "%s", *msg ? msg : "invalid arguments (see --help)");
}

/* Under -j, argp's and getopt's messages go to a temporary file in place
 * of stderr while parsing; the first line becomes the JSON error. Without
 * a temporary file (no writable /tmp, e.g. an initramfs) argp reports in
 * text and exits by itself, as without -j.
 */
static int parse_capturing(const struct argp *cmd, int argc, char **argv,
			   unsigned int flags, struct ivt_env *env, char *msg,
			   size_t len)
{
	FILE *t = tmpfile();
	int saved = t ? dup(STDERR_FILENO) : -1, err;

	msg[0] = 0;
	if (!t || saved < 0 || dup2(fileno(t), STDERR_FILENO) < 0) {
		if (t)
			fclose(t);
		if (saved >= 0)
			close(saved);
		return argp_parse(cmd, argc, argv, flags, NULL, env) ? -1 : 0;
	}
	err = argp_parse(cmd, argc, argv, flags | ARGP_NO_EXIT, NULL, env);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(t);
	if (!fgets(msg, (int)len, t))
		msg[0] = 0;
	fclose(t);
	return err || msg[0] ? -1 : 0;
}

/* 0: go on; IVT_EXIT_USAGE: bad usage (reported); -1: help was shown
 * (exit 0). Without -j argp reports and exits by itself, as usual.
 */
int ivt_argp_parse(const struct argp *cmd, int argc, char **argv,
		   unsigned int flags, struct ivt_env *env)
{
	char msg[512];

	env->json = ivt_argv_wants_json(argc, argv);
	if (!env->json)
		return argp_parse(cmd, argc, argv, flags, NULL, env) ?
			IVT_EXIT_USAGE : 0;
	if (parse_capturing(cmd, argc, argv, flags, env, msg, sizeof(msg))) {
		json_usage_error(env, argv[0], msg);
		return IVT_EXIT_USAGE;
	}
	return argv_wants_help(argc, argv) ? -1 : 0;
}
