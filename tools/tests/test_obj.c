// SPDX-License-Identifier: GPL-2.0
/* Copyright(c) 2026 The iavf-vlantrace authors. */

#include <bpf/libbpf.h>
#include "ivt.h"
#include "tests/test_obj.h"

struct ivt_test_bpf *ivt_test_open(const struct ivt_test_opts *o)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = o->btf_path);
	struct ivt_test_bpf *s = ivt_test_bpf__open_opts(&oo);
	struct bpf_program *p;

	if (!s)
		return NULL;
	bpf_object__for_each_program(p, s->obj)
		bpf_program__set_autoload(p, false);
	s->rodata->wakeup_bytes = o->wakeup_bytes;
	s->rodata->emit_records = !o->no_records;
	s->rodata->emit_inferred = o->emit_inferred;
	if (o->ringbuf_bytes)
		bpf_map__set_max_entries(s->maps.events, o->ringbuf_bytes);
	return s;
}

int ivt_test_stats(const struct ivt_test_bpf *s, __u64 out[IVT_S_NR])
{
	return ivt_sum_stats(bpf_map__fd(s->maps.stats), out);
}
