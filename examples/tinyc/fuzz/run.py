#!/usr/bin/env python3
"""Differential fuzzing driver: gen_c.py programs through clang and tinyc.

For each seed: generate a program, build it with clang (--target=wasm32-wasi, -O0
and -O2, -ffp-contract=off) and with tinyc (-O0 and -O2, or the --levels given), run
all under `lirc run` with the same standard input (`features.stdin.input_for(SEED)`),
and compare standard output and exit status.  clang -O0 and -O2
must agree first (a program where they differ, or whose clang build traps, has
undefined behaviour: it is counted as `ub` and kept in OUT/ub/ so the generator can be
fixed).  A tinyc build that fails, crashes or prints something else is a mismatch,
saved as OUT/SEED/ with the program, its stdin, every output and a `why` file.

    run.py [--start S] [--count N] [--jobs J] [--size K] [--features P] [--out DIR]
           [--bin DIR] [--levels O0,O2]

--bin is the directory holding release `tinyc` and `lirc` (default:
$CARGO_TARGET_DIR/release or target/release).
"""
import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from features.stdin import input_for

HERE = os.path.dirname(os.path.abspath(__file__))
CLANG = ["clang", "--target=wasm32-wasi", "--sysroot=/usr", "-w", "-ffp-contract=off"]


def run(cmd, timeout=60, stdin=b""):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, input=stdin)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def one(seed, args):
    tmp = tempfile.mkdtemp(prefix=f"cfuzz{seed}-")
    src = os.path.join(tmp, "prog.c")
    rc, prog, err = run([sys.executable, os.path.join(HERE, "gen_c.py"), str(seed), "--size", str(args.size),
                         "--features", str(args.features)])
    if rc != 0:
        return seed, "generator", err.decode(errors="replace")[-2000:]
    with open(src, "wb") as f:
        f.write(prog)
    stdin = input_for(seed)
    lirc = os.path.join(args.bin, "lirc")
    tinyc = os.path.join(args.bin, "tinyc")
    results = {}
    for name, build in [
        ("clang-O2", CLANG + ["-O2", src, "-o"]),
        ("clang-O0", CLANG + ["-O0", src, "-o"]),
    ] + [(f"tinyc-{lvl}", [tinyc, f"-{lvl}", src, "-o"]) for lvl in args.levels.split(",")]:
        wasm = os.path.join(tmp, name + ".wasm")
        rc, _, err = run(build + [wasm])
        if rc != 0:
            results[name] = ("compile-failed", rc, err)
            continue
        rc, out, err = run([lirc, "run", "--timeout", "10", wasm], stdin=stdin)
        results[name] = ("ran", rc, out + b"\n--stderr--\n" + err[-2000:])
    verdict = judge(results)
    if verdict == "ok":
        subprocess.run(["rm", "-rf", tmp])
        return seed, "ok", ""
    dest = os.path.join(args.out, "ub" if verdict.startswith("ub") else "", str(seed))
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, "prog.c"), "wb") as f:
        f.write(prog)
    with open(os.path.join(dest, "stdin"), "wb") as f:
        f.write(stdin)
    for name, (kind, rc, out) in results.items():
        with open(os.path.join(dest, name + ".out"), "wb") as f:
            f.write(f"{kind} status {rc}\n".encode() + out)
    with open(os.path.join(dest, "why"), "w") as f:
        f.write(verdict + "\n")
    subprocess.run(["rm", "-rf", tmp])
    return seed, verdict, ""


def stdout(out):
    return out.split(b"\n--stderr--\n")[0]


def judge(results):
    c2, c0 = results["clang-O2"], results["clang-O0"]
    if c2[0] != "ran" or c0[0] != "ran":
        return "ub: clang failed to compile"
    if c2[1] == "timeout" or (c2[1], stdout(c2[2])) != (c0[1], stdout(c0[2])):
        return "ub: clang -O0 and -O2 differ"
    if b"trap:" in c2[2].split(b"\n--stderr--\n")[-1]:
        return "ub: clang's build traps"
    bad = []
    for name in [n for n in results if n.startswith("tinyc-")]:
        kind, rc, out = results[name]
        if kind != "ran":
            bad.append(f"{name} failed to compile (status {rc})")
        elif (rc, stdout(out)) != (c2[1], stdout(c2[2])):
            bad.append(f"{name} differs (status {rc}, clang {c2[1]})")
    return "mismatch: " + "; ".join(bad) if bad else "ok"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--start", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--size", type=int, default=12)
    ap.add_argument("--features", type=float, default=0.3, help="chance of a feature block per statement of main")
    ap.add_argument("--out", default="cfuzz-out")
    ap.add_argument("--levels", default="O0,O2", help="tinyc -O levels to test, comma-separated")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "../../../target"))
    ap.add_argument("--bin", default=os.path.join(target, "release"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    counts = {}
    with ThreadPoolExecutor(args.jobs) as pool:
        for seed, verdict, detail in pool.map(lambda s: one(s, args), range(args.start, args.start + args.count)):
            key = verdict.split(":")[0]
            counts[key] = counts.get(key, 0) + 1
            if verdict != "ok":
                print(f"seed {seed}: {verdict} {detail}", flush=True)
            done = sum(counts.values())
            if done % 100 == 0:
                print(f"{done} programs", flush=True)
    print("summary:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), flush=True)
    return 1 if counts.get("mismatch") else 0


if __name__ == "__main__":
    sys.exit(main())
