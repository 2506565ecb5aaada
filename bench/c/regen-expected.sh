#!/usr/bin/env bash
# Regenerates the expected outputs of the C benchmark kernels here:
# NAME.expected (default, full size) and NAME.small.expected (the size
# given by the program's first-line comment `// small: ARG`).
#
#   ./regen-expected.sh            all kernels
#   ./regen-expected.sh NAME...    only these
#   ./regen-expected.sh --check    compare with the existing files, write nothing
#   ./regen-expected.sh --quick    skip the slow -O0 run at the full size
#
# Each kernel is compiled with clang --target=wasm32-wasi at -O2 and -O0
# and run under Node.js's WASI (preview1); the outputs of -O2, -O0 and of a
# native clang -O2 -ffp-contract=off build must be identical (and the exit
# status 0) before they are written.  The native run times at the full size
# are printed: the full size is meant to take 0.5-3 s natively.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

check_only=0
quick=0
while [ $# -gt 0 ]; do
    case "$1" in
    --check) check_only=1 ;;
    --quick) quick=1 ;;
    *) break ;;
    esac
    shift
done

. "$here/../../tests/c/wasi-tools.sh"

names=()
if [ $# -gt 0 ]; then
    for a in "$@"; do names+=("${a%.c}"); done
else
    for f in *.c; do names+=("${f%.c}"); done
fi

now() { date +%s.%N; }

fail=0
pass=0
for name in "${names[@]}"; do
    src="$name.c"
    [ -f "$src" ] || { echo "FAIL $name: no $src"; fail=$((fail + 1)); continue; }
    small=$(head -n 1 "$src" | sed -n 's#^// small:[ ]*##p')
    if [ -z "$small" ]; then
        echo "FAIL $name: no '// small: ARG' first line"
        fail=$((fail + 1))
        continue
    fi
    problems=""
    clang --target=wasm32-wasi -O2 -std=c11 -w "$src" -o "$tmp/$name.O2.wasm" 2>"$tmp/cc.err" ||
        problems="$problems; wasm -O2 compile failed: $(head -c 300 "$tmp/cc.err")"
    clang --target=wasm32-wasi -O0 -std=c11 -w "$src" -o "$tmp/$name.O0.wasm" 2>"$tmp/cc.err" ||
        problems="$problems; wasm -O0 compile failed: $(head -c 300 "$tmp/cc.err")"
    clang -O2 -std=c11 -w -ffp-contract=off "$src" -lm -o "$tmp/$name.native" 2>"$tmp/cc.err" ||
        problems="$problems; native compile failed: $(head -c 300 "$tmp/cc.err")"
    if [ -n "$problems" ]; then
        echo "FAIL $name$problems"
        fail=$((fail + 1))
        continue
    fi
    timing=""
    for size in small full; do
        if [ $size = small ]; then arg=$small; else arg=""; fi
        t0=$(now)
        "$tmp/$name.native" $arg >"$tmp/$name.$size.native" 2>/dev/null
        st_native=$?
        t1=$(now)
        [ $size = full ] && timing=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s native", b - a }')
        node --no-warnings "$tmp/run.mjs" "$tmp/$name.O2.wasm" $arg >"$tmp/$name.$size.O2" 2>"$tmp/stderr"
        st_o2=$?
        t2=$(now)
        [ $size = full ] && timing="$timing, $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f s", b - a }') wasm -O2"
        [ $st_o2 != 0 ] && problems="$problems; $size: wasm -O2 exit $st_o2 $(head -c 200 "$tmp/stderr")"
        [ $st_native != 0 ] && problems="$problems; $size: native exit $st_native"
        cmp -s "$tmp/$name.$size.O2" "$tmp/$name.$size.native" || problems="$problems; $size: native output differs"
        if [ $size = small ] || [ $quick = 0 ]; then
            node --no-warnings "$tmp/run.mjs" "$tmp/$name.O0.wasm" $arg >"$tmp/$name.$size.O0" 2>/dev/null
            [ $? != 0 ] && problems="$problems; $size: wasm -O0 failed"
            cmp -s "$tmp/$name.$size.O2" "$tmp/$name.$size.O0" || problems="$problems; $size: -O0 output differs"
        fi
    done
    if [ -n "$problems" ]; then
        echo "FAIL $name$problems"
        fail=$((fail + 1))
        continue
    fi
    if [ $check_only = 1 ]; then
        if cmp -s "$tmp/$name.full.O2" "$name.expected" && cmp -s "$tmp/$name.small.O2" "$name.small.expected"; then
            pass=$((pass + 1))
            echo "ok   $name ($timing)"
        else
            echo "FAIL $name: output differs from $name.expected or $name.small.expected"
            fail=$((fail + 1))
        fi
    else
        cp "$tmp/$name.full.O2" "$name.expected"
        cp "$tmp/$name.small.O2" "$name.small.expected"
        pass=$((pass + 1))
        echo "ok   $name ($timing)"
    fi
done
echo "$pass ok, $fail failed"
[ $fail = 0 ]
