#!/usr/bin/env bash
# Regenerates NAME.expected for the C test programs in this directory.
#
#   ./regen-expected.sh            all programs
#   ./regen-expected.sh NAME...    only these (NAME or NAME.c)
#   ./regen-expected.sh --check    compare with the existing .expected files,
#                                  write nothing
#
# Each program is compiled with clang --target=wasm32-wasi at -O2 and -O0 and
# run under Node.js's WASI (preview1) with its arguments, its stdin and its
# stdout captured.  The -O2 output becomes NAME.expected after checks:
#   - -O0 prints the same and exits the same;
#   - the exit status is the one announced by a first-line `// exit: N`
#     comment (0 without one);
#   - native clang -O2 (-ffp-contract=off) agrees, unless the program says
#     `// native: differs ...` in its header (it depends on ILP32: 32-bit
#     long and pointers);
#   - native clang with -fsanitize=undefined reports nothing (when the
#     sanitizer runtime is available).
# Header comments (first lines of a program):
#   // exit: N        expected exit status (first line)
#   // args: a b c    command-line arguments (argv[1..])
#   // native: ...    output legitimately differs on LP64 hosts
# A program reading stdin has NAME.stdin next to it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

check_only=0
if [ "${1:-}" = "--check" ]; then
    check_only=1
    shift
fi

. "$here/wasi-tools.sh"
[ -z "$ubsan_cc" ] && echo "note: no -fsanitize=undefined available, skipping that check" >&2

if [ $# -gt 0 ]; then
    names=()
    for a in "$@"; do names+=("${a%.c}"); done
else
    names=()
    for f in *.c; do names+=("${f%.c}"); done
fi

header() { # header FILE KEY -> value of `// KEY: value` in the first 5 lines
    head -n 5 "$1" | sed -n "s#^// $2:[ ]*##p" | head -n 1
}

# run_one CMD... : runs with NAME's args and stdin; stdout to $out, status to $status
run_one() {
    local input=/dev/null
    [ -f "$name.stdin" ] && input="$name.stdin"
    "$@" $args <"$input" >"$out" 2>"$tmp/stderr"
    status=$?
}

fail=0
pass=0
for name in "${names[@]}"; do
    src="$name.c"
    if [ ! -f "$src" ]; then
        echo "$name: no $src" >&2
        fail=$((fail + 1))
        continue
    fi
    want_exit=$(header "$src" exit)
    want_exit=${want_exit:-0}
    args=$(header "$src" args)
    native_differs=$(header "$src" native)
    problems=""

    for opt in O2 O0; do
        if ! clang --target=wasm32-wasi -$opt -std=c11 -w "$src" -o "$tmp/$name.$opt.wasm" 2>"$tmp/cc.err"; then
            problems="$problems; wasm -$opt compile failed: $(head -c 400 "$tmp/cc.err")"
            continue
        fi
        out="$tmp/$name.$opt.out"
        run_one node --no-warnings --stack-size=4000 "$tmp/run.mjs" "$tmp/$name.$opt.wasm"
        eval "status_$opt=$status"
        [ -s "$tmp/stderr" ] && [ $status -ne 0 ] && problems="$problems; -$opt stderr: $(head -c 300 "$tmp/stderr")"
    done
    if [ -n "$problems" ]; then
        echo "FAIL $name$problems"
        fail=$((fail + 1))
        continue
    fi
    if ! cmp -s "$tmp/$name.O2.out" "$tmp/$name.O0.out"; then
        problems="$problems; -O0 output differs from -O2"
    fi
    [ "$status_O0" != "$status_O2" ] && problems="$problems; -O0 exit $status_O0 but -O2 exit $status_O2"
    [ "$status_O2" != "$want_exit" ] && problems="$problems; exit status $status_O2, header says $want_exit"

    # native (LP64) build: same output unless the program says otherwise
    if clang -O2 -std=c11 -w -ffp-contract=off "$src" -lm -o "$tmp/$name.native" 2>"$tmp/cc.err"; then
        out="$tmp/$name.native.out"
        run_one "$tmp/$name.native"
        if [ -z "$native_differs" ]; then
            cmp -s "$tmp/$name.O2.out" "$out" || problems="$problems; native output differs"
            [ "$status" != "$status_O2" ] && problems="$problems; native exit $status"
        fi
    else
        problems="$problems; native compile failed: $(head -c 400 "$tmp/cc.err")"
    fi
    if [ -n "$ubsan_cc" ]; then
        if $ubsan_cc -O1 -g -std=c11 -w "$src" -lm -o "$tmp/$name.ubsan" 2>"$tmp/cc.err"; then
            out="$tmp/$name.ubsan.out"
            run_one "$tmp/$name.ubsan"
            if grep -q "runtime error" "$tmp/stderr"; then
                problems="$problems; UBSan: $(grep -m1 'runtime error' "$tmp/stderr")"
            elif [ $status -ge 128 ]; then
                problems="$problems; UBSan build died with signal $((status - 128))"
            fi
        fi
    fi

    if [ -n "$problems" ]; then
        echo "FAIL $name${problems}"
        fail=$((fail + 1))
        continue
    fi
    if [ $check_only = 1 ]; then
        if cmp -s "$tmp/$name.O2.out" "$name.expected"; then
            pass=$((pass + 1))
        else
            echo "FAIL $name: output differs from $name.expected"
            fail=$((fail + 1))
        fi
    else
        cp "$tmp/$name.O2.out" "$name.expected"
        pass=$((pass + 1))
        echo "ok   $name ($(wc -l <"$name.expected") lines, exit $status_O2)"
    fi
done
echo "$pass ok, $fail failed"
[ $fail = 0 ]
