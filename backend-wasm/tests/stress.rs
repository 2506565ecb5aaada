//! Large and deep inputs: thousands of blocks in every shape the pipeline treats
//! specially must compile quickly (no quadratic blow-up) and without deep recursion.

mod common;
use common::{compile_with, parse};
use lir_wasm::Features;
use std::fmt::Write;
use std::time::{Duration, Instant};

/// Compiles `src`, checking validity, and returns how long compilation took.
fn timed(src: &str) -> Duration {
    let module = parse(src);
    let start = Instant::now();
    let result = lir_wasm::compile(&module, &common::options(Features::default()));
    let elapsed = start.elapsed();
    match result {
        Ok(wasm) => eprintln!(
            "{} LIR instructions -> {} bytes in {elapsed:?}",
            module.inst_count(),
            wasm.len()
        ),
        Err(e) => panic!("{e}"),
    }
    elapsed
}

const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn chain_of_diamonds() {
    let n = 5000;
    let mut s = String::from("export func @f(%x: i32) -> i32 {\nentry:\n    jump d0(%x)\n");
    for i in 0..n {
        writeln!(
            s,
            "d{i}(%v{i}: i32):\n    %c{i} = and %v{i}, {m}\n    br_if %c{i}, l{i}, r{i}\n\
             l{i}:\n    %a{i} = add %v{i}, 3\n    jump m{i}(%a{i})\n\
             r{i}:\n    %b{i} = mul %v{i}, 5\n    jump m{i}(%b{i})\n\
             m{i}(%w{i}: i32):\n    jump d{j}(%w{i})",
            m = 1 << (i % 31),
            j = i + 1
        )
        .unwrap();
    }
    writeln!(s, "d{n}(%r: i32):\n    ret %r\n}}").unwrap();
    assert!(timed(&s) < LIMIT);
}

#[test]
fn deeply_nested_early_exits_flatten() {
    // b_i: br_if c, b_{i+1}, exit — naively 5000 nested `if`s.
    let n = 5000;
    let mut s = String::from("export func @f(%x: i32) -> i32 {\nentry:\n    jump b0\n");
    for i in 0..n {
        writeln!(
            s,
            "b{i}:\n    %c{i} = gt_u %x, {i}\n    br_if %c{i}, b{j}, exit({i})",
            j = i + 1
        )
        .unwrap();
    }
    writeln!(
        s,
        "b{n}:\n    jump exit(-1)\nexit(%r: i32):\n    ret %r\n}}"
    )
    .unwrap();
    assert!(timed(&s) < LIMIT);
}

#[test]
fn deeply_nested_loops() {
    let n = 1000;
    let mut s = String::from("export func @f(%x: i32) -> i32 {\nentry:\n    jump h0(0)\n");
    for i in 0..n {
        writeln!(s, "h{i}(%i{i}: i32):\n    jump h{j}(0)", j = i + 1).unwrap();
    }
    writeln!(s, "h{n}(%i{n}: i32):\n    jump latch{n}").unwrap();
    for i in (1..=n).rev() {
        let k = i - 1;
        writeln!(
            s,
            "latch{i}:\n    %n{i} = add %i{i}, 1\n    %c{i} = lt_u %n{i}, %x\n    \
             br_if %c{i}, h{i}(%n{i}), latch{k}"
        )
        .unwrap();
    }
    writeln!(
        s,
        "latch0:\n    %n0 = add %i0, 1\n    %c0 = lt_u %n0, %x\n    br_if %c0, h0(%n0), done\n\
         done:\n    ret %i0\n}}"
    )
    .unwrap();
    assert!(timed(&s) < LIMIT);
}

#[test]
fn huge_switches() {
    let n = 4000;
    for spread in [1, 1000] {
        let mut s =
            String::from("export func @f(%x: i32) -> i32 {\nentry:\n    switch %x, other, [");
        for i in 0..n {
            write!(s, "{}{}: c{i}", if i > 0 { ", " } else { "" }, i * spread).unwrap();
        }
        s.push_str("]\n");
        for i in 0..n {
            writeln!(s, "c{i}:\n    ret {i}").unwrap();
        }
        s.push_str("other:\n    ret -1\n}\n");
        assert!(timed(&s) < LIMIT);
    }
}

#[test]
fn many_irreducible_loops() {
    let n = 2000;
    let mut s = String::from("export func @f(%x: i32) -> i32 {\nentry:\n    jump s0(0)\n");
    for i in 0..n {
        let j = i + 1;
        writeln!(
            s,
            "s{i}(%a{i}: i32):\n    %c{i} = and %x, {bit}\n    br_if %c{i}, p{i}(%a{i}), q{i}(%a{i})\n\
             p{i}(%u{i}: i32):\n    %w{i} = add %u{i}, 1\n    jump q{i}(%w{i})\n\
             q{i}(%v{i}: i32):\n    %more{i} = lt_u %v{i}, 3\n    br_if %more{i}, p{i}(%v{i}), s{j}(%v{i})",
            bit = 1 << (i % 31)
        )
        .unwrap();
    }
    writeln!(s, "s{n}(%r: i32):\n    ret %r\n}}").unwrap();
    assert!(timed(&s) < LIMIT);
}

#[test]
fn long_block_and_many_live_values() {
    // A 30 000-instruction expression chain, then 3000 values live at once.
    let mut s = String::from("export func @f(%x: i64) -> i64 {\n    %t0 = add %x, 1\n");
    for i in 1..30_000 {
        writeln!(s, "    %t{i} = mul %t{k}, {c}", k = i - 1, c = i % 7 + 2).unwrap();
    }
    for i in 0..3000 {
        writeln!(s, "    %l{i} = add %t29999, {i}").unwrap();
    }
    s.push_str("    %s0 = add %l0, %l1\n");
    for i in 2..3000 {
        writeln!(s, "    %s{k} = add %s{j}, %l{i}", j = i - 2, k = i - 1).unwrap();
    }
    s.push_str("    ret %s2998\n}\n");
    assert!(timed(&s) < LIMIT);
}

#[test]
fn stress_outputs_stay_valid_without_features() {
    let src = "
export func @f(%x: i32) -> i32 {
entry:
    switch %x, d, [0: a, 1: b, 2: c]
a:
    %e = extend8_s %x
    jump d
b:
    jump d
c:
    jump d
d:
    ret %x
}";
    assert!(compile_with(src, Features::mvp()).is_ok());
}
