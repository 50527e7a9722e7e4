// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Command-line conventions shared by the subcommands:
 *   - errors: one line, or under -j one {"error": "..."} object on stdout
 *     (bpftool's p_err style);
 *   - whether -j was asked for (known before parsing, so that even a usage
 *     error is JSON), and an argp wrapper that, under -j, turns argp's usage
 *     messages into such an error with the same exit status (64);
 *   - the options every command takes (mode, generation, -d/-V/-N, -j, -v)
 *     and resolving them (privileges, the device, the namespace);
 *   - what the commands say on stderr once the programs are loaded.
 */
#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <json-c/json.h>
#include "ivt.h"
#include "cli.h"


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
			   unsigned int flags, void *input, char *msg, size_t len)
{
	FILE *t = tmpfile();
	int saved = t ? dup(STDERR_FILENO) : -1, err;

	msg[0] = 0;
	if (!t || saved < 0 || dup2(fileno(t), STDERR_FILENO) < 0) {
		if (t)
			fclose(t);
		if (saved >= 0)
			close(saved);
		return argp_parse(cmd, argc, argv, flags, NULL, input) ? -1 : 0;
	}
	err = argp_parse(cmd, argc, argv, flags | ARGP_NO_EXIT, NULL, input);
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
		   unsigned int flags, struct ivt_env *env, void *input)
{
	char msg[512];

	env->json = ivt_argv_wants_json(argc, argv);
	if (!env->json)
		return argp_parse(cmd, argc, argv, flags, NULL, input) ?
			IVT_EXIT_USAGE : 0;
	if (parse_capturing(cmd, argc, argv, flags, input, msg, sizeof(msg))) {
		json_usage_error(env, argv[0], msg);
		return IVT_EXIT_USAGE;
	}
	return argv_wants_help(argc, argv) ? -1 : 0;
}

/* One line on stderr, or under -j one {"error": "..."} object on stdout
 * (bpftool's p_err); the exit status is the caller's either way.
 */
void ivt_err(const struct ivt_env *env, const char *fmt, ...)
{
	struct json_object *o;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!env || !env->json) {
		fprintf(stderr, "%s: %s\n",
			env && env->prog ? env->prog : "iavf-vlantrace", msg);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "error", json_object_new_string(msg));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
	json_object_put(o);
}

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static bool cap_has(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

/* Root, or CAP_BPF + CAP_PERFMON (5.8+), or CAP_SYS_ADMIN. */
int ivt_check_privileges(const struct ivt_env *env)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (geteuid() == 0)
		return 0;
	if (syscall(SYS_capget, &hdr, data) == 0 &&
	    (cap_has(data, CAP_SYS_ADMIN) ||
	     (cap_has(data, CAP_BPF) && cap_has(data, CAP_PERFMON))))
		return 0;
	ivt_err(env, "need root or CAP_BPF and CAP_PERFMON to load BPF programs");
	return -EPERM;
}

/* Is --dev driven by iavf? Fills pci_id from the ethtool bus info. */
static int resolve_dev(const struct ivt_env *env, struct ivt_target *t)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ifreq ifr = {};
	int fd = -1, ret = -ENODEV;

	if (strlen(t->dev) >= IFNAMSIZ) {
		ivt_err(env, "interface name '%s' is too long", t->dev);
		return -EINVAL;
	}
	t->ifindex = (int)if_nametoindex(t->dev);
	if (!t->ifindex) {
		ivt_err(env, "interface '%s' does not exist", t->dev);
		return -ENODEV;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ivt_err(env, "socket: %s", strerror(errno));
		ret = -errno;
		goto out;
	}
	strncpy(ifr.ifr_name, t->dev, IFNAMSIZ - 1);
	ifr.ifr_data = (void *)&info;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0) {
		ivt_err(env, "interface '%s' is not driven by iavf (no driver info: %s)",
			t->dev, strerror(errno));
		goto out;
	}
	if (strcmp(info.driver, "iavf") != 0) {
		ivt_err(env, "interface '%s' is driven by '%s', not iavf",
			t->dev, info.driver);
		goto out;
	}
	if (ivt_parse_pci(info.bus_info, &t->pci_id))
		t->pci_id = 0;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

/* --netns: a name in /run/netns, a path, or an inode number. */
static int resolve_netns(const struct ivt_env *env, struct ivt_target *t)
{
	char path[PATH_MAX];
	unsigned long ino;
	struct stat st;

	if (!ivt_parse_uint(t->netns_arg, UINT32_MAX, &ino) && ino) {
		t->netns = (__u32)ino;
		return 0;
	}
	if (strchr(t->netns_arg, '/'))
		snprintf(path, sizeof(path), "%s", t->netns_arg);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", t->netns_arg);
	if (stat(path, &st) < 0) {
		ivt_err(env, "network namespace '%s' not found (%s)",
			t->netns_arg, path);
		return -ENOENT;
	}
	t->netns = (__u32)st.st_ino;
	return 0;
}

/* The device and namespace of the target, resolved (errors reported). */
int ivt_resolve_target(const struct ivt_env *env, struct ivt_target *t)
{
	/* a PCI address names a VF in any namespace */
	if (t->dev && !ivt_parse_pci(t->dev, &t->pci_id))
		t->dev = NULL;
	if (t->dev && resolve_dev(env, t))
		return -ENODEV;
	if (t->netns_arg && resolve_netns(env, t))
		return -ENOENT;
	return 0;
}

/* Which state machine the driver runs, and its own state names. */
void ivt_announce_generation(const struct ivt_env *env, const struct ivt_bpf *b)
{
	if (b->gen_states[0])
		fprintf(stderr, "%s: iavf VLAN state machine: %s (module BTF: %s)\n",
			env->prog, ivt_generation_name(b->generation), b->gen_states);
	else if (b->generation)
		fprintf(stderr, "%s: iavf VLAN state machine: %s (--generation, no module BTF)\n",
			env->prog, ivt_generation_name(b->generation));
	else
		fprintf(stderr, "%s: iavf VLAN state machine: unknown (no module BTF): the events name their states, IS_NEW/DISABLE/INACTIVE only come from an unfixed driver\n",
			env->prog);
}

void ivt_announce_mode(const struct ivt_env *env, const struct ivt_bpf *b,
		       const char *what)
{
	const char *blind = ivt_mode_blind_spots(b->mode);

	if (b->mode == IVT_MODE_TEST) {
		fprintf(stderr, "%s: selftest: synthetic events through the unattached raw_tp programs, not real ones\n",
			env->prog);
		return;
	}
	ivt_announce_generation(env, b);
	fprintf(stderr, "%s: %s in mode %s%s. Ctrl-C to stop.\n", env->prog,
		what, ivt_mode_name(b->mode), b->snapshot ? " + list snapshots" : "");
	if (blind)
		fprintf(stderr, "%s: note: %s\n", env->prog, blind);
}

int ivt_parse_mode(const char *s, enum ivt_mode *m)
{
	if (!strcmp(s, "auto")) *m = IVT_MODE_AUTO;
	else if (!strcmp(s, "tp_btf")) *m = IVT_MODE_TP_BTF;
	else if (!strcmp(s, "raw_tp")) *m = IVT_MODE_RAW_TP;
	else if (!strcmp(s, "fentry")) *m = IVT_MODE_FENTRY;
	else if (!strcmp(s, "selftest")) *m = IVT_MODE_TEST;
	else return -EINVAL;
	return 0;
}

/* The options every command takes (IVT_OPT_*): into @env (-j, -v) and
 * @t; ARGP_ERR_UNKNOWN if not one of them.
 */
error_t ivt_parse_common_opt(int key, char *arg, struct argp_state *state,
			     struct ivt_env *env, struct ivt_target *t)
{
	unsigned long v;

	switch (key) {
	case 'd':
		t->dev = arg;
		break;
	case 'V':
		if (ivt_parse_uint(arg, 4095, &v) || v == 0)
			argp_error(state, "invalid VLAN ID '%s' (1-4095)", arg);
		t->vid = (int)v;
		break;
	case 'N':
		t->netns_arg = arg;
		break;
	case 'j':
		env->json = true;
		break;
	case 'v':
		env->verbose = true;
		break;
	case IVT_OPT_MODE:
		if (ivt_parse_mode(arg, &t->mode))
			argp_error(state, "invalid mode '%s' (auto, tp_btf, raw_tp, fentry)", arg);
		break;
	case IVT_OPT_GENERATION:
		if (ivt_parse_generation(arg, &t->generation))
			argp_error(state, "invalid generation '%s' (auto, fixed, unfixed)", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}
