#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the vfmodel libFuzzer harness for a fixed time and report as TAP.
# Usage: run_fuzz.sh FUZZER SECONDS WORKDIR
# WORKDIR keeps the corpus (reused by the next run) and any crash artifact.
# FUZZ_MAX_LEN (default 1024) caps the input size (one input = up to 256 actions).
set -u
fuzzer=$1 secs=$2 work=$3
corpus=$work/corpus
mkdir -p "$corpus" "$work/artifacts"

# Seeds: a reset delay byte, a V2/V1 probe choice, then actions
# (VLAN V2 adds, a trust toggle, time, a fault, ARQ reads).
seed() { printf "$2" >"$corpus/seed-$1"; }
seed v2-adds '\x00\x00\x01\x09\x01\x00\x01\x01\x01\x01\x05\x01\x06\x07\x01\x09\x01\x03\x02\x04\x05\x06\x07\x08\x09\x01\x06\x08'
seed v1-adds '\x01\x01\x02\x05\x01\x02\x03\x04\x05\x01\x06\x07\x02\x03\x00\x07\x08\x01\x06\x05'
seed trust   '\x02\x00\x0b\x04\x06\x08\x10\x00\x0a\x00\x01\x09\x01\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x01'
seed faults  '\x00\x00\x0b\x0a\x01\x02\x01\x02\x03\x01\x08\x20\x00\x0b\x0d\x01\x02\x01\x05\x01\x06\x04'
seed regs    '\x03\x00\x04\x00\x68\x10\x00\x00\x80\x82\x05\x00\x48\x02\x09\x0a\x01\x08\xff\x00\x0c\x00\x0c\x01'

log=$work/fuzz.log
"$fuzzer" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$work/artifacts/" -max_len="${FUZZ_MAX_LEN:-1024}" "$corpus" >"$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
if [ "$rc" -eq 0 ] && [ -n "$execs" ]; then
	echo "ok 1 - vfmodel fuzz: ${secs}s, ${execs} executions, ${rate} exec/s, ${cov:-cov: ?}, no crash/leak/UB"
else
	echo "not ok 1 - vfmodel fuzz: libFuzzer exit $rc after ${execs:-?} executions (log: $log)"
	grep -E 'ERROR|SUMMARY|runtime error|artifact' "$log" | head -20 | sed 's/^/# /'
	exit 1
fi
echo "1..1"
