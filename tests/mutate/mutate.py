#!/usr/bin/env python3
"""Mutation fuzzing of lirc and tinyc with the repository's own programs as seeds.

Each mutant is a corpus program with one to four token-level edits (a token deleted,
duplicated, replaced by another from the program or by a keyword, operator, type or
edge-case literal; for LIR also a line duplicated). Mutants are deterministic from
their seed, so `--start S --count 1` reproduces one.

  mutate.py lir-crash   mutants of the golden files and examples through `lirc -O0`
                        and `-O2`: the status must be 0 or 65 (invalid program),
                        never a panic or 70 (internal error), within 20 s.
  mutate.py lir-diff    mutants with `@main` that pass `lirc check`: the interpreter,
                        wasm at -O0, wasm at -O2 and the interpreter at -O2 must give
                        the same output, exit status and error code. Runs that hit a
                        limit, and *call stack exhausted* (which optimization may
                        remove, docs/optimizer.md), are not compared; programs that
                        read clocks or random bytes are not used as seeds.
  mutate.py c-crash     mutants of tests/c and bench/c through `tinyc -O0` and `-O2`:
                        the status must be 0 or 1 (a located error), never a panic or
                        an internal error, within 20 s.

Options: --start S --count N (seeds), --bin DIR (where lirc and tinyc are; default
$CARGO_TARGET_DIR/release, else target/release), --out DIR (failures go to
DIR/SEED/: the mutant and why). Exit status 1 when something failed.
"""
import argparse
import glob
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

LIR_TOKEN = re.compile(
    r'[@%]?[A-Za-z0-9_.$]+(?::0x[0-9a-f]+)?|-?[0-9][0-9a-zA-Z_.+-]*|"(?:[^"\\\n]|\\.)*"|->|\S')
LIR_EXTRA = [
    'i32', 'i64', 'f32', 'f64', 'ptr', '0', '1', '-1', '0x80000000', '-2147483648',
    '9223372036854775807', 'nan', '-0.0', 'inf', 'add', 'sub', 'mul', 'div_s', 'rem_u',
    'shl', 'load.i32', 'store.i64', 'br_if', 'jump', 'ret', 'call', 'select', 'eqz',
    'trap', 'unreachable', '%0', '%1', '%x', 'bb0', 'bb1', 'entry:', '(', ')', ',', '[',
    ']', '+', '=', '{', '}', 'volatile', 'align', '4', '8', '16', 'slot', 'stack.alloc',
    'memory.grow', 'funcaddr', 'call_indirect', 'return_call', 'switch', 'loop:', 'wrap',
    'extend_s.i64', 'trunc_s.i32.f64', 'convert_u.f64', '@main', '@f', '\n']

C_TOKEN = re.compile(
    r'[A-Za-z_][A-Za-z0-9_]*|0[xX][0-9a-fA-F]+[uUlL]*|[0-9]+\.?[0-9]*(?:[eE][-+]?[0-9]+)?'
    r'[uUlLfF]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|->|\+\+|--|<<=|>>=|<<|>>|<=|>=|'
    r'==|!=|&&|\|\||[-+*/%&|^]=|\S')
C_EXTRA = [
    'int', 'char', 'long', 'unsigned', 'struct', 'union', '*', '&', '(', ')', '{', '}',
    '[', ']', ';', ',', '0', '1', '-1', '2147483647', '4294967295u', '0x80000000',
    'sizeof', 'void', 'static', 'const', 'volatile', 'goto', 'return', 'break',
    'continue', 'switch', 'case', 'default', 'if', 'else', 'while', 'for', 'do',
    'typedef', 'enum', '=', '==', '<<', '>>', '?', ':', '.', '->', '++', '--', '!', '~',
    'double', 'float', '1e308', 'NULL', '"s"', "'c'", 'main', 'argc', 'argv', '&&', '||',
    '#define X 1\n', '-', '+', '/', '%', 'short', '(int)', '(char*)', '(double)', '[0]',
    '[-1]', '-2147483648', '9223372036854775807LL', '0.0/0.0']


def lir_seeds(with_main):
    files = glob.glob(f'{ROOT}/tests/golden/**/*.lir', recursive=True)
    files += glob.glob(f'{ROOT}/examples/*.lir')
    files += glob.glob(f'{ROOT}/optimizer/tests/passes/**/*.lir', recursive=True)
    seeds = []
    for f in sorted(files):
        text = open(f, encoding='utf8').read()
        if '/errors/' in f or (with_main and '@main' not in text):
            continue
        if with_main and ('clock_time' in text or 'syscall.random' in text):
            continue
        # Comments go (they hold `; run:` directives and prose), data lines stay whole.
        lines = [l if l.lstrip().startswith('data') else l.split(';', 1)[0]
                 for l in text.split('\n')]
        seeds.append((f, lines))
    return seeds


def mutate_lir(rng, lines):
    lines = list(lines)
    for _ in range(rng.randint(1, 3)):
        li = rng.randrange(len(lines))
        op = rng.randrange(6)
        if op == 5:
            lines.insert(li, lines[rng.randrange(len(lines))])
            continue
        toks = LIR_TOKEN.findall(lines[li])
        if not toks:
            continue
        i = rng.randrange(len(toks))
        if op == 0 and len(toks) > 1:
            del toks[i]
        elif op == 1:
            toks.insert(i, toks[rng.randrange(len(toks))])
        elif op == 2:
            toks[i] = rng.choice(LIR_EXTRA)
        elif op == 3:
            toks.insert(i, rng.choice(LIR_EXTRA))
        else:
            other = LIR_TOKEN.findall(lines[rng.randrange(len(lines))])
            if other:
                toks[i] = rng.choice(other)
        indent = '    ' if lines[li].startswith(' ') else ''
        lines[li] = indent + ' '.join(toks)
    return '\n'.join(lines) + '\n'


def c_seeds():
    seeds = []
    for f in sorted(glob.glob(f'{ROOT}/tests/c/*.c') + glob.glob(f'{ROOT}/bench/c/*.c')):
        text = re.sub(r'/\*.*?\*/', ' ', open(f, encoding='utf8').read(), flags=re.S)
        text = re.sub(r'//[^\n]*', ' ', text)
        toks = C_TOKEN.findall(text)
        if toks:
            seeds.append((f, toks))
    return seeds


def mutate_c(rng, toks):
    toks = list(toks)
    for _ in range(rng.randint(1, 4)):
        op, i = rng.randrange(5), rng.randrange(len(toks))
        if op == 0 and len(toks) > 1:
            del toks[i]
        elif op == 1:
            toks.insert(i, toks[rng.randrange(len(toks))])
        elif op == 2:
            j = rng.randrange(len(toks))
            toks[i], toks[j] = toks[j], toks[i]
        elif op == 3:
            toks.insert(i, rng.choice(C_EXTRA))
        else:
            toks[i] = rng.choice(C_EXTRA)
    out = []
    for t in toks:
        out.append(t)
        out.append('\n' if t in (';', '{', '}') or t.startswith('#') else ' ')
    return ''.join(out)


def run(cmd, stdin=b''):
    """(status, stdout, stderr) or None on a 20 s timeout."""
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=20, input=stdin)
    except subprocess.TimeoutExpired:
        return None
    return p.returncode, p.stdout, p.stderr.decode('utf8', 'replace')


def crash_check(compiler, path, ok_statuses):
    """Why compiling `path` at -O0 and -O2 went wrong, or None."""
    for level in ('-O0', '-O2'):
        r = run([compiler, level, path, '-o', os.devnull])
        if r is None:
            return f'{level}: no answer within 20 s'
        status, _, err = r
        if status not in ok_statuses or 'panicked' in err or 'internal error' in err:
            return f'{level}: status {status}\n{err[-3000:]}'
    return None


def outcome(lirc, args, path):
    """What running `path` printed, its status and error code; None when not comparable."""
    r = run([lirc] + args + [path], stdin=b'hello\n')
    if r is None:
        return None
    status, out, err = r
    if 'panicked' in err or status == 70:
        return ('internal error', status, err[-500:])
    if status == 137 or 'call stack exhausted' in err:
        return None
    code = re.search(r'error\[(\d+)\]', err)
    return (status, out, code.group(1) if code else '')


def diff_check(lirc, path):
    if run([lirc, 'check', path])[0] != 0:
        return None, False
    runs = {
        'interp': outcome(lirc, ['interp', '--fuel', '20000000'], path),
        'wasm -O0': outcome(lirc, ['run', '-O0', '--timeout', '5'], path),
        'wasm -O2': outcome(lirc, ['run', '-O2', '--timeout', '5'], path),
        'interp -O2': outcome(lirc, ['interp', '-O2', '--fuel', '40000000'], path),
    }
    if runs['interp'] is None:
        return None, False
    seen = {v for v in runs.values() if v is not None}
    if len(seen) > 1 or any(v[0] == 'internal error' for v in seen):
        return '\n'.join(f'{k}: {v!r}'[:2000] for k, v in runs.items()), True
    return None, True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('mode', choices=['lir-crash', 'lir-diff', 'c-crash'])
    ap.add_argument('--start', type=int, default=1)
    ap.add_argument('--count', type=int, default=1000)
    default_bin = os.path.join(os.environ.get('CARGO_TARGET_DIR', f'{ROOT}/target'), 'release')
    ap.add_argument('--bin', default=default_bin)
    ap.add_argument('--out', default='/tmp/lir-mutate')
    a = ap.parse_args()
    lirc, tinyc = os.path.join(a.bin, 'lirc'), os.path.join(a.bin, 'tinyc')
    needed = tinyc if a.mode == 'c-crash' else lirc
    if not os.access(needed, os.X_OK):
        sys.exit(f'error: {needed} not found (cargo build --release -p lirc -p tinyc)')
    seeds = c_seeds() if a.mode == 'c-crash' else lir_seeds(a.mode == 'lir-diff')
    os.makedirs(a.out, exist_ok=True)
    failed = compared = 0
    for seed in range(a.start, a.start + a.count):
        rng = random.Random(seed)
        origin, material = rng.choice(seeds)
        ext = '.c' if a.mode == 'c-crash' else '.lir'
        text = mutate_c(rng, material) if a.mode == 'c-crash' else mutate_lir(rng, material)
        path = os.path.join(a.out, f'current-{a.start}{ext}')
        with open(path, 'w', encoding='utf8') as f:
            f.write(text)
        if a.mode == 'c-crash':
            why = crash_check(tinyc, path, (0, 1))
        elif a.mode == 'lir-crash':
            why = crash_check(lirc, path, (0, 65))
        else:
            why, ran = diff_check(lirc, path)
            compared += ran
        if why:
            failed += 1
            d = os.path.join(a.out, str(seed))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, 'mutant' + ext), 'w', encoding='utf8') as f:
                f.write(text)
            with open(os.path.join(d, 'why'), 'w', encoding='utf8') as f:
                f.write(f'seed program: {os.path.relpath(origin, ROOT)}\n{why}\n')
            print(f'FAIL seed {seed} (from {os.path.relpath(origin, ROOT)}): {why.splitlines()[0]}',
                  flush=True)
    extra = f', {compared} compared' if a.mode == 'lir-diff' else ''
    print(f'summary: {a.count} mutants{extra}, {failed} failed')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
