#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the lab guest for test_traced_driver.sh: loads iavf and prints
# what the host compares, in sections that begin with "@@section NAME".
# Usage: guest_a.sh IAVF_KO BPF_OBJECT EVENT...
ko=$1 obj=$2
shift 2

echo "@@section insmod"
insmod "$ko" 2>&1
echo "status $?"

for ev in "$@"; do
	echo "@@section format.$ev"
	cat "/sys/kernel/tracing/events/iavf/$ev/format" 2>&1
done

# Module BTF is split BTF: bpftool takes /sys/kernel/btf/vmlinux as its base.
echo "@@section btf"
bpftool btf dump file /sys/kernel/btf/iavf 2>&1 | grep -E "TYPEDEF 'btf_trace_|Error"

echo "@@section attach"
/lab/attach_check "$obj" 2>&1
echo "status $?"
