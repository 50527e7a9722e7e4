// SPDX-License-Identifier: GPL-2.0
/*
 * attach_check: loads and attaches every program of a BPF object, one at a
 * time so that each one's result stands alone, and prints per program
 *   attach <section> ok
 *   attach <section> FAIL <stage>: <error>
 * after a line "begin <section>"; libbpf's messages about that program
 * (stderr) come in between.
 * Exit status 0 only when every program loaded and attached.
 *
 * Usage: attach_check OBJECT.bpf.o
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

/* libbpf's own diagnostics (verifier log, BTF look-ups) explain a FAIL. */
static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/* Loads and attaches the program at position index; returns 0 when both
 * worked, 1 when either failed, -1 when there is no such program and -2
 * when the object does not open.
 */
static int check_one(const char *path, int index)
{
	struct bpf_object *obj = NULL;
	struct bpf_program *prog, *target = NULL;
	struct bpf_link *link = NULL;
	const char *stage = "load";
	int i = 0, err = 0, ret = 1;

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		printf("attach %s FAIL open: %s\n", path, strerror(errno));
		ret = -2;
		goto cleanup;
	}
	bpf_object__for_each_program(prog, obj) {
		if (i++ == index)
			target = prog;
		else
			bpf_program__set_autoload(prog, false);
	}
	if (!target) {
		ret = -1;
		goto cleanup;
	}
	printf("begin %s\n", bpf_program__section_name(target));
	err = bpf_object__load(obj);
	if (err)
		goto report;
	stage = "attach";
	link = bpf_program__attach(target);
	if (!link) {
		err = -errno;
		goto report;
	}
	ret = 0;
report:
	if (ret == 0)
		printf("attach %s ok\n", bpf_program__section_name(target));
	else
		printf("attach %s FAIL %s: %s\n",
		       bpf_program__section_name(target), stage,
		       strerror(-err));
cleanup:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return ret;
}

int main(int argc, char **argv)
{
	int index, ret, failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJECT.bpf.o\n", argv[0]);
		return 2;
	}
	/* Line by line, so results and libbpf's stderr stay in order. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(print_libbpf);
	for (index = 0;; index++) {
		ret = check_one(argv[1], index);
		if (ret == -2)
			return 1;
		if (ret < 0)
			break;
		failed |= ret;
	}
	if (index == 0) {
		printf("attach %s FAIL open: no programs\n", argv[1]);
		return 1;
	}
	return failed ? 1 : 0;
}
