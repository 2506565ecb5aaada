#!/usr/bin/env python3
"""Line-based delta reduction of a mismatching program from run.py.

    reduce.py PROG.c OUT.c [--level O2] [--stdin FILE] [--bin DIR]

Removes chunks of lines (halving the chunk size down to one line, until nothing more
can go) while the program stays interesting: clang (-O0 and -O2) still compiles it,
both clang builds print the same and finish within the time limit, tinyc -O0 still
prints what clang prints, and tinyc at --level still prints something else (or fails
to compile, crashes, or runs out of time; failing to compile counts only if the
original program failed to compile too). The result is written to OUT.c as it
shrinks. With --level O0, the test is that tinyc -O0 differs from clang. --stdin gives
every run that file as standard input (run.py saves it as OUT/SEED/stdin).
"""
import argparse
import os
import subprocess
import sys
import tempfile

# no -w: it would silence the -Werror= checks that keep deletions from adding UB
CLANG = ["clang", "--target=wasm32-wasi", "--sysroot=/usr", "-ffp-contract=off", "-Wno-everything",
         "-Werror=return-type", "-Werror=uninitialized", "-Werror=sometimes-uninitialized"]


def run(cmd, timeout, stdin=b""):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, input=stdin)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired:
        return "timeout", b""


def interesting(text, args, tmp):
    src = os.path.join(tmp, "r.c")
    with open(src, "w") as f:
        f.write(text)
    lirc, tinyc = os.path.join(args.bin, "lirc"), os.path.join(args.bin, "tinyc")
    outs = {}
    for name, cmd in [("c2", CLANG + ["-O2"]), ("c0", CLANG + ["-O0"])]:
        wasm = os.path.join(tmp, name + ".wasm")
        if run(cmd + [src, "-o", wasm], 60)[0] != 0:
            return False
        rc, out = run([lirc, "run", "--timeout", "3", wasm], 10, args.stdin_data)
        if rc == "timeout" or rc == 137:
            return False
        outs[name] = (rc, out)
    if outs["c2"] != outs["c0"]:
        return False
    for level in ["O0", args.level] if args.level != "O0" else ["O0"]:
        wasm = os.path.join(tmp, level + ".wasm")
        if run([tinyc, f"-{level}", src, "-o", wasm], 60)[0] != 0:
            if not args.compile_error:  # a program that compiled must keep compiling
                return False
            same = False
        else:
            same = run([lirc, "run", "--timeout", "3", wasm], 10, args.stdin_data) == outs["c2"]
        if level == args.level:
            return not same
        if not same:  # tinyc -O0 must still agree, so only the level's bug is left
            return False
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("prog")
    ap.add_argument("out")
    ap.add_argument("--level", default="O2")
    ap.add_argument("--stdin", help="file given to every run as standard input (run.py saves OUT/SEED/stdin)")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(os.path.dirname(__file__), "../../../target"))
    ap.add_argument("--bin", default=os.path.join(target, "release"))
    args = ap.parse_args()
    args.stdin_data = open(args.stdin, "rb").read() if args.stdin else b""
    lines = open(args.prog).read().split("\n")
    tmp = tempfile.mkdtemp(prefix="cfuzz-reduce-")
    args.compile_error = True
    if not interesting("\n".join(lines), args, tmp):
        sys.exit("the program is not interesting to begin with")
    # a deletion can make tinyc reject what clang only warns about; only keep
    # compile errors as the symptom when the original had one
    args.compile_error = False
    args.compile_error = not interesting("\n".join(lines), args, tmp)
    chunk = max(1, len(lines) // 4)
    while chunk >= 1:
        i, changed = 0, False
        while i < len(lines):
            trial = lines[:i] + lines[i + chunk:]
            if interesting("\n".join(trial), args, tmp):
                lines, changed = trial, True
                with open(args.out, "w") as f:
                    f.write("\n".join(lines))
                print(f"{len(lines)} lines", flush=True)
            else:
                i += chunk
        if not changed:
            chunk //= 2
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
