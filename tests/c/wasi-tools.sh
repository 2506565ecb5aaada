# Sourced by tests/c/regen-expected.sh and bench/c/regen-expected.sh: checks that
# clang can build wasm32-wasi programs and that Node.js can run them, and prepares
#   $tmp              a scratch directory, removed on exit (probe.c is a hello world)
#   $tmp/run.mjs      `node run.mjs PROG.wasm ARG...` runs a WASI preview1 command
#                     with stdio inherited and argv[0] the program's name
#   $ubsan_cc         a compiler command with -fsanitize=undefined (clang's or
#                     gcc's runtime, else clang's trap mode), or empty
# Exits with status 2 and says what is missing when the tools are not there.

missing=""
command -v clang >/dev/null 2>&1 || missing="$missing clang"
command -v node >/dev/null 2>&1 || missing="$missing node(Node.js>=20)"
if [ -n "$missing" ]; then
    echo "regen-expected.sh: not installed:$missing" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <stdio.h>\nint main(void){puts("ok");return 0;}\n' > "$tmp/probe.c"
if ! clang --target=wasm32-wasi -O2 "$tmp/probe.c" -o "$tmp/probe.wasm" 2>"$tmp/probe.err"; then
    echo "regen-expected.sh: clang --target=wasm32-wasi cannot build a program:" >&2
    sed 's/^/    /' "$tmp/probe.err" >&2
    echo "    (wasi-libc missing? Debian/Ubuntu: apt-get install wasi-libc libclang-rt-dev-wasm32 or lld)" >&2
    exit 2
fi
cat > "$tmp/run.mjs" <<'JS'
// node run.mjs PROG.wasm ARG...  -- runs a WASI preview1 command, stdio inherited
import { WASI } from 'node:wasi';
import fs from 'node:fs';
const [, , file, ...args] = process.argv;
const wasi = new WASI({ version: 'preview1', args: [file.replace(/.*\//, '').replace(/\.[^.]*\.wasm$/, ''), ...args], env: {}, returnOnExit: true });
const mod = await WebAssembly.compile(fs.readFileSync(file));
const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
process.exitCode = wasi.start(inst);
JS
if [ "$(node --no-warnings "$tmp/run.mjs" "$tmp/probe.wasm")" != ok ]; then
    echo "regen-expected.sh: node cannot run WASI programs (needs node:wasi, Node.js 20 or newer)" >&2
    exit 2
fi
ubsan_cc=""
for cand in "clang -fsanitize=undefined -fno-sanitize-recover=all" \
    "gcc -fsanitize=undefined -fno-sanitize-recover=all" \
    "clang -fsanitize=undefined -fsanitize-trap=undefined"; do
    if $cand "$tmp/probe.c" -o "$tmp/probe-ubsan" 2>/dev/null && "$tmp/probe-ubsan" >/dev/null 2>&1; then
        ubsan_cc=$cand
        break
    fi
done
