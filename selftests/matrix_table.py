#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Cases as rows, lab kernels as columns, from each kernel's suite KTAP.

Usage: matrix_table.py [--md FILE] NAME=DIR...
DIR holds ktap.txt (lab_suite.sh's output) and seconds (its wall time).
A cell is "ok T/M" (state transitions / virtchnl messages the case caused),
"FAIL n" (n: the note under the table with the failure's findings),
"xfail n", "skip" or "-" (not run).
"""
import re
import sys

CASE_RE = re.compile(r'^# case (\d+) \[(\w+)\] (.*)$')
RESULT_RE = re.compile(r'^(not ok|ok) \d+ (.*?)(?: # (SKIP|XFAIL)\b ?(.*))?$')
FIG_RE = re.compile(r'^# figures: (\d+) state transitions, (\d+) virtchnl')
FAIL_RE = re.compile(r'^# FAIL: (.*)$')
AUDIT_RE = re.compile(r'audit\([^)]*\):? ?(.*)')


def parse(path):
    """{case name: (number, group, result, figures, [failure lines])}"""
    cases, cur = {}, None
    header = ''
    for line in open(path, errors='replace'):
        line = line.rstrip('\n')
        if line.startswith('# kernel ') and not header:
            header = line[2:]
        m = CASE_RE.match(line)
        if m:
            cur = {'num': int(m.group(1)), 'group': m.group(2),
                   'fig': '', 'fails': []}
            continue
        if cur is None:
            continue
        m = FIG_RE.match(line)
        if m:
            cur['fig'] = '%s/%s' % (m.group(1), m.group(2))
            continue
        m = FAIL_RE.match(line)
        if m:
            cur['fails'].append(m.group(1))
            continue
        m = RESULT_RE.match(line)
        if m:
            res = 'FAIL' if m.group(1) == 'not ok' else 'ok'
            if m.group(3) == 'SKIP':
                res = 'skip'
            elif m.group(3) == 'XFAIL':
                res = 'xfail'
                cur['fails'].append(m.group(4))
            cur['res'] = res
            cases[m.group(2)] = cur
            cur = None
    return header, cases


def finding(fails):
    """The audit's findings first: they say why."""
    audit = [f for f in fails if 'audit(' in f and 'found:' not in f]
    return audit or fails


def main(argv):
    md = None
    if len(argv) > 1 and argv[0] == '--md':
        md, argv = argv[1], argv[2:]
    cols = []
    for a in argv:
        name, d = a.split('=', 1)
        header, cases = parse(d + '/ktap.txt')
        try:
            secs = int(open(d + '/seconds').read())
        except OSError:
            secs = 0
        cols.append((name, header, cases, secs))
    names = {}
    for _, _, cases, _ in cols:
        for n, c in cases.items():
            names[n] = c['num']
    rows = sorted(names, key=lambda n: names[n])
    notes = []
    table = []
    for n in rows:
        cells = []
        for col, _, cases, _ in cols:
            c = cases.get(n)
            if c is None:
                cells.append('-')
            elif c['res'] in ('FAIL', 'xfail'):
                notes.append('%d. %s on %s: %s' % (
                    len(notes) + 1, n, col,
                    '; '.join(finding(c['fails'])[:3]) or 'no finding printed'))
                cells.append('%s %d' % (c['res'], len(notes)))
            elif c['res'] == 'ok':
                cells.append('ok ' + c['fig'] if c['fig'] else 'ok')
            else:
                cells.append(c['res'])
        table.append(('%d' % names[n], n, cells))
    summary = []
    for col, header, cases, secs in cols:
        res = [c['res'] for c in cases.values()]
        summary.append('%s: %d/%d passed, %d failed, %d xfail, %d skipped, %d s (%s)' % (
            col, res.count('ok'), len(res), res.count('FAIL'), res.count('xfail'),
            res.count('skip'), secs, header or 'no kernel line'))
    out = []
    w = max([len(n) for n in rows] + [4])
    cw = [max([len(c) for c in [col] + [r[2][i] for r in table]]) for i, (col, _, _, _) in enumerate(cols)]
    out.append('%3s  %-*s  %s' % ('#', w, 'case', '  '.join('%-*s' % (cw[i], c[0]) for i, c in enumerate(cols))))
    for num, n, cells in table:
        out.append('%3s  %-*s  %s' % (num, w, n, '  '.join('%-*s' % (cw[i], c) for i, c in enumerate(cells))))
    out.append('')
    out.append('cells: ok TRANSITIONS/MESSAGES (driver view of the case), FAIL/xfail n (note n)')
    out.extend(summary)
    out.extend(notes)
    print('\n'.join(out))
    if md:
        with open(md, 'w') as f:
            f.write('| # | case | %s |\n' % ' | '.join(c[0] for c in cols))
            f.write('|---|---|%s\n' % ('---|' * len(cols)))
            for num, n, cells in table:
                f.write('| %s | %s | %s |\n' % (num, n, ' | '.join(cells)))
            f.write('\n' + '\n'.join('- ' + s for s in summary) + '\n\n')
            f.write('\n'.join(notes) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
