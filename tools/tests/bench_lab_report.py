#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The figures of make bench-lab from the guest's "@@" lines
(tools/tests/bench_lab_guest.sh). Exit 1 when a measured run failed: a
benchmark of an audit that did not come out clean measures nothing."""
import json
import statistics
import sys


def parse(path):
    audits, overhead, json_first, bad = {}, {}, {}, []
    work = {}
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    for i, line in enumerate(lines):
        f = line.split()
        if line.startswith("@@ audit ") and len(f) == 5:
            mode, ms, rc = f[2], f[3], f[4]
            if rc != "0" or not ms:
                bad.append(f"audit in mode {mode} exited {rc}")
                continue
            audits.setdefault(mode, []).append(float(ms))
        elif line.startswith("@@ json ") and i + 1 < len(lines):
            try:
                json_first[f[2]] = json.loads(lines[i + 1])
            except ValueError:
                bad.append(f"audit in mode {f[2]}: no JSON")
        elif line.startswith("@@ overhead ") and len(f) == 5:
            if f[4] != "0":
                bad.append(f"overhead run in mode {f[2]} did not settle")
                continue
            overhead.setdefault(f[2], []).append(float(f[3]))
        elif line.startswith("@@ work ") and len(f) > 3:
            try:
                work.setdefault(f[2], []).append(json.loads(" ".join(f[3:]))["summary"])
            except (ValueError, KeyError):
                bad.append(f"monitor in mode {f[2]}: no JSON summary")
        elif line.startswith("@@ stages "):
            print(f"audit stages, mode {f[2]}: {' '.join(f[3:])}")
        elif line.startswith("@@ setup"):
            bad.append(line[3:])
    return audits, overhead, json_first, work, bad


def print_work(work, n):
    """fentry mode's work per run: whole list walks against the visits of
    the unsettled filters alone (the other modes walk nothing)."""
    for mode, runs in work.items():
        if mode != "fentry":
            continue
        walks = [r.get("list_walks", 0) for r in runs]
        visits = [r.get("pending_visits", 0) for r in runs]
        events = [r.get("state", 0) for r in runs]
        print(f"fentry work, {n} VLAN add+del: {statistics.median(walks):.0f} list walks, "
              f"{statistics.median(visits):.0f} visits of the unsettled filters, "
              f"{statistics.median(events):.0f} transitions inferred (median of {len(runs)})")


def main():
    audits, overhead, json_first, work, bad = parse(sys.argv[1])
    n = sys.argv[2] if len(sys.argv) > 2 else "512"
    for mode, times in audits.items():
        o = json_first.get(mode, {})
        vfs = o.get("vfs", [])
        nf = sum(v.get("list_len", 0) for v in vfs)
        print(f"audit wall time: {statistics.median(times):.0f} ms (mode {mode}, "
              f"{len(vfs)} VFs, {nf} filters; median of {len(times)}, "
              f"min {min(times):.0f}, max {max(times):.0f})")
    base = overhead.get("none")
    if base:
        b = statistics.median(base)
        print(f"driver overhead baseline, {n} VLAN add+del, no tool: {b / 1000:.1f} s "
              f"(median of {len(base)}; noise: {min(base) / b:.2f}x-{max(base) / b:.2f}x)")
        for mode, times in overhead.items():
            if mode != "none":
                print(f"driver overhead, {n} VLAN add+del, {mode}: "
                      f"{statistics.median(times) / b:.2f}x (median of {len(times)})")
    print_work(work, n)
    for b in bad:
        print(f"bench-lab: {b}", file=sys.stderr)
    return 1 if bad or not audits or not base else 0


if __name__ == "__main__":
    sys.exit(main())
