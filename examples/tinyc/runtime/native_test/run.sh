#!/bin/sh
# Builds tinyc's libc with clang (public names renamed with a t_ prefix, see
# rename.h), links it with the __lir_* shim and the test driver, and runs it.
#
#   run.sh [scale]          native (x86-64, 64-bit long): compared with glibc
#   run.sh --wasm [scale]   wasm32-wasi under Node.js (32-bit long, size_t and
#                           pointers, like tinyc): compared with wasi-libc (musl)
#
# scale multiplies the number of random cases (default 1).
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${TMPDIR:-/tmp}/tinyc-libc-native-test
mkdir -p "$out"
command -v clang >/dev/null 2>&1 || { echo "run.sh: clang is not installed" >&2; exit 2; }
wasm=0
if [ "$1" = "--wasm" ]; then
    wasm=1
    shift
fi
CFLAGS="-O2 -g -Wall -Wextra -Wno-unused-parameter"
if [ $wasm = 1 ]; then
    command -v node >/dev/null 2>&1 || { echo "run.sh: node (Node.js) is not installed" >&2; exit 2; }
    CFLAGS="$CFLAGS --target=wasm32-wasi"
    out="$out/wasm"
    mkdir -p "$out"
fi
# -fno-builtin: compile libc.c like a freestanding library (no calls to the
# real strlen/memcpy behind our back, no folding of printf).
clang $CFLAGS -std=c99 -fno-builtin -ffreestanding -include "$here/rename.h" \
    -c "$here/../libc.c" -o "$out/libc.o"
clang $CFLAGS -c "$here/shim.c" -o "$out/shim.o"
clang $CFLAGS -Wno-format -Wno-format-security -c "$here/test.c" -o "$out/test.o"
if [ $wasm = 1 ]; then
    clang $CFLAGS "$out/test.o" "$out/libc.o" "$out/shim.o" -lm -o "$out/test.wasm" ||
        { echo "run.sh: linking for wasm32-wasi failed: is wasi-libc installed?" >&2; exit 2; }
    cat > "$out/run.mjs" <<'JS'
import { WASI } from 'node:wasi';
import fs from 'node:fs';
const dir = process.env.PREOPEN;
const wasi = new WASI({ version: 'preview1', args: process.argv.slice(2), env: {}, preopens: dir ? { [dir]: dir } : {} });
const mod = await WebAssembly.compile(fs.readFileSync(process.argv[2]));
const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
process.exitCode = wasi.start(inst);
JS
    # the test opens the stdin file through WASI: PREOPEN names its directory
    run() { PREOPEN="$here/.." node --no-warnings "$out/run.mjs" "$out/test.wasm" "$@"; }
else
    clang "$out/test.o" "$out/libc.o" "$out/shim.o" -lm -o "$out/test"
    run() { "$out/test" "$@"; }
fi
scale=${1:-1}
# stdin is libc.c itself; the test compares what getchar reads with the file
if run "$scale" "$here/../libc.c" <"$here/../libc.c"; then
    echo "libc test ($( [ $wasm = 1 ] && echo wasm32 || echo native )): PASS"
else
    echo "libc test ($( [ $wasm = 1 ] && echo wasm32 || echo native )): FAIL"
    exit 1
fi
