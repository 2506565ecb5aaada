#!/bin/sh
# Runs the C test corpus (tests/c) against tinyc's libc instead of the
# system one: each program is compiled by clang for wasm32-wasi with the
# public libc names renamed (rename.h), linked with ../libc.c and the
# __lir_* shim, run under Node.js, and its stdout and exit status compared
# with NAME.expected.  Checks the library on real programs before tinyc
# itself can compile them.
#
#   corpus.sh [NAME...]
#
# A program whose expected output needs clang's builtins (which -fno-builtin turns
# off here) says so in its first lines, `// libc-corpus: differs (REASON)`, and is
# skipped with that reason.
here=$(cd "$(dirname "$0")" && pwd)
corpus=$(cd "$here/../../../../tests/c" && pwd)
out=${TMPDIR:-/tmp}/tinyc-libc-corpus
mkdir -p "$out"
for tool in clang node; do
    command -v $tool >/dev/null 2>&1 || { echo "corpus.sh: $tool is not installed" >&2; exit 2; }
done
CFLAGS="--target=wasm32-wasi -O2 -w"
clang $CFLAGS -std=c99 -fno-builtin -ffreestanding -include "$here/rename.h" -c "$here/../libc.c" -o "$out/libc.o" || exit 2
clang $CFLAGS -c "$here/shim.c" -o "$out/shim.o" || exit 2
cat > "$out/run.mjs" <<'JS'
import { WASI } from 'node:wasi';
import fs from 'node:fs';
const [, , file, ...args] = process.argv;
const wasi = new WASI({ version: 'preview1', args: ['prog', ...args], env: {}, returnOnExit: true });
const mod = await WebAssembly.compile(fs.readFileSync(file));
const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
process.exitCode = wasi.start(inst);
JS
if [ $# -gt 0 ]; then names="$*"; else names=$(cd "$corpus" && ls *.c | sed 's/\.c$//'); fi
pass=0
fail=0
skipped=0
for name in $names; do
    src="$corpus/$name.c"
    differs=$(head -n 5 "$src" | sed -n 's#^// libc-corpus: differs[ ]*##p' | head -n 1)
    if [ -n "$differs" ]; then
        echo "skip $name: $differs"
        skipped=$((skipped + 1))
        continue
    fi
    args=$(head -n 5 "$src" | sed -n 's#^// args:[ ]*##p' | head -n 1)
    want_exit=$(head -n 1 "$src" | sed -n 's#^// exit:[ ]*##p')
    want_exit=${want_exit:-0}
    input=/dev/null
    [ -f "$corpus/$name.stdin" ] && input="$corpus/$name.stdin"
    # -fno-builtin: calls stay calls (no printf -> puts rewriting into glibc names)
    if ! clang $CFLAGS -std=c11 -fno-builtin -include "$here/rename.h" "$src" "$out/libc.o" "$out/shim.o" \
        -o "$out/$name.wasm" 2>"$out/$name.err"; then
        echo "FAIL $name: build: $(head -c 300 "$out/$name.err")"
        fail=$((fail + 1))
        continue
    fi
    node --no-warnings --stack-size=4000 "$out/run.mjs" "$out/$name.wasm" $args <"$input" >"$out/$name.out" 2>"$out/$name.stderr"
    status=$?
    if ! cmp -s "$out/$name.out" "$corpus/$name.expected"; then
        echo "FAIL $name: output differs (diff $out/$name.out $corpus/$name.expected)"
        fail=$((fail + 1))
    elif [ "$status" != "$want_exit" ]; then
        echo "FAIL $name: exit status $status, expected $want_exit"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
echo "corpus with tinyc's libc: $pass ok, $fail failed, $skipped skipped"
[ $fail = 0 ]
