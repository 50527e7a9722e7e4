#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compares a trace header's TP_STRUCT__entry with tracefs format files.

  tp_format.py events HEADER
      the events the header defines, one a line
  tp_format.py fields HEADER EVENT
      the fields the header declares for EVENT, as tracefs prints them
  tp_format.py check HEADER FORMAT_FILE EVENT
      exit 0 when FORMAT_FILE lists exactly the header's fields (names and
      types, in order) after the common_ ones; else print the difference

The header's field macros become the types tracefs shows: __field(T, n) ->
"T n", __string(n, src) -> "__data_loc char[] n", __array(T, n, len) ->
"T n[len]", __dynamic_array(T, n, len) -> "__data_loc T[] n". The header's
own wrappers of TP_STRUCT__entry() (TP_STRUCT__entry_<name>(fields...)) are
expanded first.
"""
import re
import sys


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def call_args(text, start):
    """Top-level comma-separated arguments of the call whose '(' is at start;
    returns (args, index after ')')."""
    depth, args, cur = 0, [], []
    for i in range(start, len(text)):
        c = text[i]
        if c == '(':
            depth += 1
            if depth == 1:
                continue
        elif c == ')':
            depth -= 1
            if depth == 0:
                args.append(''.join(cur).strip())
                return args, i + 1
        elif c == ',' and depth == 1:
            args.append(''.join(cur).strip())
            cur = []
            continue
        cur.append(c)
    raise ValueError('unbalanced parentheses at offset %d' % start)


def norm(s):
    return ' '.join(s.split())


def entry_fields(entry):
    """TP_STRUCT__entry(...) text -> list of 'type name' strings."""
    fields = []
    for m in re.finditer(r'\b(__\w+)\s*\(', entry):
        macro = m.group(1)
        args, _ = call_args(entry, m.end() - 1)
        args = [norm(a) for a in args]
        if macro in ('__field', '__field_hex', '__field_struct',
                     '__field_packed'):
            fields.append('%s %s' % (args[0], args[1]))
        elif macro in ('__string', '__string_len', '__vstring'):
            fields.append('__data_loc char[] %s' % args[0])
        elif macro in ('__array', '__array_hex'):
            fields.append('%s %s[%s]' % (args[0], args[1], args[2]))
        elif macro in ('__dynamic_array', '__dynamic_array_hex'):
            fields.append('__data_loc %s[] %s' % (args[0], args[1]))
        else:
            raise ValueError('field macro %s not understood' % macro)
    return fields


def header_macros(text):
    """The header's own function-like macros: {name: (params, body)}. A
    header may wrap TP_STRUCT__entry() to write the fields its events share
    once (iavf_vlan_trace.h's TP_STRUCT__entry_iavf_vlan()); the fields are
    read after expanding those wrappers."""
    macros = {}
    for m in re.finditer(r'^[ \t]*#[ \t]*define[ \t]+(\w+)\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)',
                         text, flags=re.M):
        params = [p.strip() for p in m.group(2).split(',') if p.strip()]
        macros.setdefault(m.group(1), (params, m.group(3).replace('\\\n', ' ')))
    return macros


def expand(text, macros, depth=0):
    """text with the calls of macros expanded (no # or ## operators)."""
    if depth > 8:
        raise ValueError('macro expansion too deep')
    names = [n for n in macros if re.search(r'\b%s\s*\(' % re.escape(n), text)]
    if not names:
        return text
    out, pos = [], 0
    pat = re.compile(r'\b(%s)\s*\(' % '|'.join(map(re.escape, names)))
    while True:
        m = pat.search(text, pos)
        if not m:
            out.append(text[pos:])
            break
        params, body = macros[m.group(1)]
        args, end = call_args(text, m.end() - 1)
        values = {}
        for i, p in enumerate(params):
            if p.endswith('...') or p == '...':
                name = p[:-3] or '__VA_ARGS__'
                values[name] = ', '.join(args[i:])
                break
            values[p] = args[i] if i < len(args) else ''
        if values:
            body = re.sub(r'\b(%s)\b' % '|'.join(map(re.escape, values)),
                          lambda v: values[v.group(1)], body)
        out.append(text[pos:m.start()])
        out.append(body)
        pos = end
    return expand(''.join(out), macros, depth + 1)


def parse_header(path):
    """{event: [fields]} for TRACE_EVENT, DECLARE_EVENT_CLASS+DEFINE_EVENT."""
    text = strip_comments(open(path).read())
    macros = header_macros(text)
    classes, events = {}, {}
    for m in re.finditer(r'\b(TRACE_EVENT|DECLARE_EVENT_CLASS|DEFINE_EVENT)\s*\(',
                         text):
        kind = m.group(1)
        # The macros' own #define lines in tracepoint headers are not uses.
        line_start = text.rfind('\n', 0, m.start()) + 1
        if text[line_start:m.start()].strip().startswith('#'):
            continue
        args, _ = call_args(text, m.end() - 1)
        name = args[0]
        if kind == 'DEFINE_EVENT':
            events[args[1]] = ('class', name)
            continue
        entry = next((a for a in args if a.startswith('TP_STRUCT__entry')), None)
        if entry is None:
            raise ValueError('%s %s has no TP_STRUCT__entry' % (kind, name))
        entry = expand(entry, {n: d for n, d in macros.items()
                               if n.startswith('TP_STRUCT__entry')})
        fields = entry_fields(entry)
        if kind == 'TRACE_EVENT':
            events[name] = fields
        else:
            classes[name] = fields
    out = {}
    for name, fields in events.items():
        if isinstance(fields, tuple):
            fields = classes[fields[1]]
        out[name] = fields
    return out


def parse_format(path):
    """tracefs format file -> (event name, ['type name', ...]) without the
    common_ fields."""
    name, fields = None, []
    for line in open(path):
        if line.startswith('name:'):
            name = line.split(':', 1)[1].strip()
        m = re.match(r'\s*field:(.*?);', line)
        if not m:
            continue
        decl = norm(m.group(1))
        if decl.split()[-1].startswith('common_'):
            continue
        fields.append(decl)
    return name, fields


def main(argv):
    if len(argv) >= 3 and argv[1] == 'events':
        print('\n'.join(sorted(parse_header(argv[2]))))
        return 0
    if len(argv) == 4 and argv[1] == 'fields':
        print('\n'.join(parse_header(argv[2])[argv[3]]))
        return 0
    if len(argv) == 5 and argv[1] == 'check':
        want = parse_header(argv[2]).get(argv[4])
        if want is None:
            print('event %s not in %s' % (argv[4], argv[2]))
            return 1
        name, have = parse_format(argv[3])
        problems = []
        if name != argv[4]:
            problems.append('format file names event %r' % name)
        if have != want:
            problems.append('fields differ (header | tracefs):')
            for i in range(max(len(want), len(have))):
                w = want[i] if i < len(want) else '-'
                h = have[i] if i < len(have) else '-'
                problems.append('  %s %-32s | %s' % ('  ' if w == h else '!=', w, h))
        print('\n'.join(problems))
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
