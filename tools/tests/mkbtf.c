// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

/*
 * Test helper, never installed:
 *   mkbtf merge VMLINUX MODULE OUT  one standalone BTF file: a kernel's
 *       vmlinux BTF (ELF or raw) followed by a module's split BTF (iavf.ko),
 *       type ids unchanged, for bpf_object_open_opts.btf_custom_path;
 *   mkbtf layout bool|bitfield|fixed BASE OUT  a synthetic iavf module BTF
 *       split on BASE (a /sys/kernel/btf/iavf stand-in for the CLI tests).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "tests/synth_btf.h"

static int write_btf(const struct btf *b, const char *path)
{
	__u32 size;
	const void *data = btf__raw_data(b, &size);
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!data || !f) {
		fprintf(stderr, "mkbtf: cannot write %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return 1;
	}
	if (fwrite(data, 1, size, f) != size)
		err = 1;
	if (fclose(f))
		err = 1;
	if (err)
		fprintf(stderr, "mkbtf: short write to %s\n", path);
	return err;
}

static int merge(const char *vmlinux, const char *module, const char *out)
{
	struct btf *base = btf__parse(vmlinux, NULL), *mod = NULL, *all = NULL;
	__u32 id, n;
	int err = 1;

	if (!base) {
		fprintf(stderr, "mkbtf: no BTF in %s\n", vmlinux);
		return 1;
	}
	mod = btf__parse_split(module, base);
	all = btf__new_empty();
	if (!mod || !all) {
		fprintf(stderr, "mkbtf: no module BTF in %s on %s\n", module, vmlinux);
		goto out;
	}
	/* base ids 1..n-1 land on the same ids, then the module's follow */
	if (btf__add_btf(all, base) < 0)
		goto out;
	n = btf__type_cnt(mod);
	for (id = btf__type_cnt(base); id < n; id++)
		if (btf__add_type(all, mod, btf__type_by_id(mod, id)) != (int)id) {
			fprintf(stderr, "mkbtf: type %u of %s did not keep its id\n", id, module);
			goto out;
		}
	err = write_btf(all, out);
out:
	btf__free(all);
	btf__free(mod);
	btf__free(base);
	return err;
}

static int layout(const char *kind, const char *basepath, const char *out)
{
	struct btf *base = btf__parse(basepath, NULL), *b;
	enum synth_layout l;
	int err = 1;

	if (!strcmp(kind, "bool"))
		l = SYNTH_BOOL;
	else if (!strcmp(kind, "bitfield"))
		l = SYNTH_BITFIELD;
	else if (!strcmp(kind, "fixed"))
		l = SYNTH_FIXED;
	else if (!strcmp(kind, "unknown-state"))
		l = SYNTH_UNKNOWN_STATE;
	else {
		fprintf(stderr, "mkbtf: unknown layout %s\n", kind);
		return 1;
	}
	if (!base) {
		fprintf(stderr, "mkbtf: no BTF in %s\n", basepath);
		return 1;
	}
	b = btf__new_empty_split(base);
	if (b && !synth_iavf_btf(b, l))
		err = write_btf(b, out);
	else
		fprintf(stderr, "mkbtf: cannot build the %s layout\n", kind);
	btf__free(b);
	btf__free(base);
	return err;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "merge"))
		return merge(argv[2], argv[3], argv[4]);
	if (argc == 5 && !strcmp(argv[1], "layout"))
		return layout(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: mkbtf merge VMLINUX MODULE OUT | layout bool|bitfield|fixed|unknown-state BASE OUT\n");
	return 2;
}
