#!/usr/bin/env bash
# Installs the comparison tools `lir-bench` needs on Debian (bookworm): clang and lld
# (C -> wasm32-wasi and native), wasi-libc and compiler-rt builtins for wasm32, and
# binaryen (wasm-opt). Idempotent: installs only what is missing, runs `apt-get update`
# at most once, and prints what it found. Exits non-zero with a message if it cannot.
set -u

PACKAGES=(clang lld wasi-libc libclang-rt-dev-wasm32 binaryen)

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for p in "${PACKAGES[@]}"; do
    if installed "$p"; then
        echo "found:   $p $(dpkg-query -W -f='${Version}' "$p")"
    else
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "missing: ${missing[*]}"
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: apt-get not found; install ${missing[*]} (or equivalents) by hand" >&2
        exit 1
    fi
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            SUDO="sudo"
        else
            echo "error: not root and no sudo; run as root: apt-get install -y ${missing[*]}" >&2
            exit 1
        fi
    fi
    echo "running: apt-get update"
    if ! $SUDO apt-get update -q >/dev/null; then
        echo "error: apt-get update failed (no network or no Debian mirror?)" >&2
        exit 1
    fi
    echo "running: apt-get install -y ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
        echo "error: apt-get install -y ${missing[*]} failed" >&2
        exit 1
    fi
    for p in "${missing[@]}"; do
        if installed "$p"; then
            echo "installed: $p $(dpkg-query -W -f='${Version}' "$p")"
        else
            echo "error: $p is still not installed" >&2
            exit 1
        fi
    done
fi

# The commands lir-bench runs, and a smoke test of the wasm32-wasi C toolchain
# (clang needs wasm-ld from lld, libc from wasi-libc and libclang_rt.builtins-wasm32.a).
status=0
for tool in clang wasm-ld wasm-opt; do
    if path=$(command -v "$tool"); then
        echo "tool:    $tool -> $path ($("$tool" --version 2>/dev/null | head -n1))"
    else
        echo "error: $tool not on PATH after installing" >&2
        status=1
    fi
done
if [ $status -eq 0 ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    printf '#include <stdio.h>\nint main(void){puts("ok");return 0;}\n' >"$tmp/t.c"
    if clang -O2 --target=wasm32-wasi --sysroot=/usr "$tmp/t.c" -o "$tmp/t.wasm" 2>"$tmp/err"; then
        echo "check:   clang -O2 --target=wasm32-wasi --sysroot=/usr works"
    else
        echo "error: clang cannot build for wasm32-wasi:" >&2
        cat "$tmp/err" >&2
        status=1
    fi
fi
exit $status
