#!/usr/bin/env python3
"""Migrates numpy-core/argparse code written against the old handle API
(branch layer-borrow): `Borrowed<'c>` -> `Borrowed<'_, 'c>`, `&'c [HPy]`
argument slices -> `CallArgs<'c>` (with its import), raw handles in the item
lists of ctx.call/call_kw/tuple/list -> borrowed ones, and unsafe re-borrows
of argument handles (`unsafe { Borrowed::from_raw(ctx, args[i]) }`) -> the
argument itself. Idempotent; run it from the repository root after merging
a branch that adds entry points, then fix what the compiler still reports
(results that borrow from a `Borrowed` need `fn f<'a, 'c>(h: Borrowed<'a,
'c>) -> &'a T`; type aliases and struct fields name `Borrowed<'c, 'c>`).
"""
import re
import subprocess

files = subprocess.check_output(["git", "ls-files", "numpy-core/*.rs", "argparse/*.rs"]).decode().split()
for f in files:
    s = open(f).read()
    o = s
    s = s.replace("Borrowed<'c>", "Borrowed<'_, 'c>")
    s = re.sub(r"&'c \[(ffi::|hpy::impl_::ffi::)?HPy\]", "CallArgs<'c>", s)
    s = s.replace("type Kw<'c> = Option<Borrowed<'_, 'c>>;", "type Kw<'c> = Option<Borrowed<'c, 'c>>;")
    if re.search(r"(^|[^:])CallArgs<", s, re.M) and not re.search(r"^use hpy::CallArgs;", s, re.M):
        s = re.sub(r"^use hpy", "use hpy::CallArgs;\nuse hpy", s, count=1, flags=re.M)
    if s != o:
        open(f, "w").write(s)
        print("signatures", f)
pat = re.compile(r'&\[([^\[\]]*\.raw\(\)[^\[\]]*)\]')
for f in files:
    s = open(f).read()
    out = []
    n = 0
    for line in s.split('\n'):
        if re.search(r'\b(call|tuple|list|call_kw)\(', line) and '.raw()' in line:
            def fix(m):
                return '&[' + re.sub(r'\.raw\(\)', '.borrow()', m.group(1)) + ']'
            new = pat.sub(fix, line)
            if new != line: n += 1
            line = new
        out.append(line)
    s2 = '\n'.join(out)
    if s2 != s:
        open(f, 'w').write(s2); print('call lists', f, n)

# Re-borrows of argument handles that are Borrowed already: drop the unsafe
# (and the SAFETY comment above it).
X = r'(args\[[^\]]+\]|_args\[[^\]]+\]|\*h|\*a|\*arg|h)'
for f in files:
    s = open(f).read(); o = s
    s = re.sub(r'\n[ \t]*// SAFETY: [^\n]*\n(?:[ \t]*//[^\n]*\n)*([^\n]*?)unsafe \{ (?:hpy::)?Borrowed::from_raw\(ctx, ' + X + r'\) \}',
               lambda m: '\n' + m.group(1) + m.group(2), s)
    s = re.sub(r'unsafe \{ (?:hpy::)?Borrowed::from_raw\(ctx, ' + X + r'\) \}', r'\1', s)
    s = re.sub(r'hpy::AsHandle::raw\((\w+)\)\]', r'\1]', s)
    if s != o:
        open(f, 'w').write(s); print('unborrow', f)
