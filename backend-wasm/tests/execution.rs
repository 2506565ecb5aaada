//! Execution tests under Node.js (skipped without `node`): compiled functions compute
//! what a Rust model says, with every feature set, traps included.

mod common;
use common::node::{self, Call, Outcome};
use common::{compile_with, parse};
use lir::{Imm, Type};
use lir_wasm::Features;

fn feature_sets() -> [Features; 2] {
    [
        Features::default(),
        Features::mvp().with(lir_wasm::Feature::TailCall, true),
    ]
}

fn call(name: &str, args: Vec<Imm>, results: &[Type]) -> Call {
    Call {
        name: name.to_string(),
        args,
        results: results.to_vec(),
    }
}

fn values(vs: &[Imm]) -> Outcome {
    Outcome::Values(vs.iter().map(|&v| node::show(v)).collect())
}

/// Runs `calls` under every feature set and compares with `expected`.
fn check(src: &str, calls: Vec<Call>, expected: Vec<Outcome>) {
    if !node::node_available() {
        eprintln!("node not found: skipped");
        return;
    }
    for features in feature_sets() {
        let wasm = compile_with(src, features).unwrap_or_else(|e| panic!("{e}"));
        let got = node::run(&wasm, &calls);
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(
                g, e,
                "call {} {:?} with features {features}",
                calls[i].name, calls[i].args
            );
        }
        assert_eq!(got.len(), expected.len());
    }
}

fn trap(kind: &str) -> Outcome {
    Outcome::Trap(kind.to_string())
}

#[test]
fn loops_with_swapping_parameters() {
    let src = "
export func @fib(%n: i32) -> i64 {
entry:
    jump loop(%n, 0, 1)
loop(%k: i32, %a: i64, %b: i64):
    %z = eqz %k
    br_if %z, exit, body
body:
    %s = add %a, %b
    %k2 = sub %k, 1
    jump loop(%k2, %b, %s)
exit:
    ret %a
}
export func @rotate(%n: i32) -> i32 {
entry:
    jump loop(0, 1, 2, 3, 4, 5)
loop(%i: i32, %a: i32, %b: i32, %c: i32, %d: i32, %e: i32):
    %more = lt_u %i, %n
    br_if %more, body, exit
body:
    %i2 = add %i, 1
    jump loop(%i2, %b, %c, %d, %e, %a)
exit:
    %x = mul %a, 10000
    %y = mul %b, 1000
    %z = mul %c, 100
    %w = mul %d, 10
    %s1 = add %x, %y
    %s2 = add %s1, %z
    %s3 = add %s2, %w
    %s4 = add %s3, %e
    ret %s4
}";
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for n in [0, 1, 2, 10, 50, 90] {
        calls.push(call("fib", vec![Imm::i32(n)], &[Type::I64]));
        let (mut a, mut b) = (0i64, 1i64);
        for _ in 0..n {
            (a, b) = (b, a.wrapping_add(b));
        }
        expected.push(values(&[Imm::i64(a)]));
    }
    for n in 0..12 {
        calls.push(call("rotate", vec![Imm::i32(n)], &[Type::I32]));
        let mut v = [1, 2, 3, 4, 5];
        v.rotate_left(n as usize % 5);
        let r = v.iter().fold(0, |acc, d| acc * 10 + d);
        expected.push(values(&[Imm::i32(r)]));
    }
    check(src, calls, expected);
}

#[test]
fn switches_pick_the_right_case() {
    let src = "
export func @dense(%x: i32) -> i32 {
entry:
    switch %x, other, [0: a, 1: b, 2: c, 4: d]
a:
    ret 10
b:
    ret 11
c:
    ret 12
d:
    ret 14
other:
    ret -1
}
export func @sparse(%x: i64) -> i32 {
entry:
    switch %x, other, [-5: a, 10: b, 1000: c, 100000: d, 10000000: e, 0x7fffffffffffffff: f]
a:
    ret 1
b:
    ret 2
c:
    ret 3
d:
    ret 4
e:
    ret 5
f:
    ret 6
other:
    ret 0
}
export func @offset(%x: i64) -> i32 {
entry:
    switch %x, bad, [100: a, 101: b, 102: a, 103: b]
a:
    ret 1
b:
    ret 2
bad:
    ret 0
}";
    let dense = |x: i32| match x {
        0 => 10,
        1 => 11,
        2 => 12,
        4 => 14,
        _ => -1,
    };
    let sparse = |x: i64| match x {
        -5 => 1,
        10 => 2,
        1000 => 3,
        100000 => 4,
        10000000 => 5,
        i64::MAX => 6,
        _ => 0,
    };
    let offset = |x: i64| match x {
        100 | 102 => 1,
        101 | 103 => 2,
        _ => 0,
    };
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for x in [-1, 0, 1, 2, 3, 4, 5, i32::MIN, i32::MAX] {
        calls.push(call("dense", vec![Imm::i32(x)], &[Type::I32]));
        expected.push(values(&[Imm::i32(dense(x))]));
    }
    for x in [
        -5i64,
        -4,
        0,
        10,
        11,
        999,
        1000,
        100000,
        10000000,
        i64::MAX,
        i64::MIN,
        99,
        100,
        101,
        102,
        103,
        104,
        1 << 32 | 100,
    ] {
        calls.push(call("sparse", vec![Imm::i64(x)], &[Type::I32]));
        expected.push(values(&[Imm::i32(sparse(x))]));
        calls.push(call("offset", vec![Imm::i64(x)], &[Type::I32]));
        expected.push(values(&[Imm::i32(offset(x))]));
    }
    check(src, calls, expected);
}

#[test]
fn irreducible_loops_run_correctly() {
    let src = "
export func @ping_pong(%c: i32, %n: i32) -> i32 {
entry:
    br_if %c, ping(0, 0), pong(0, 100)
ping(%i: i32, %acc: i32):
    %i1 = add %i, 1
    %a1 = mul %acc, 3
    jump pong(%i1, %a1)
pong(%j: i32, %acc2: i32):
    %a2 = add %acc2, %j
    %more = lt_u %j, %n
    br_if %more, ping(%j, %a2), exit
exit:
    ret %a2
}";
    let model = |c: i32, n: i32| {
        // Follows the CFG literally.
        let (mut at_ping, mut i, mut acc) = (c != 0, 0i32, if c != 0 { 0 } else { 100i32 });
        loop {
            if at_ping {
                i += 1;
                acc = acc.wrapping_mul(3);
            }
            acc = acc.wrapping_add(i);
            if (i as u32) < n as u32 {
                at_ping = true;
            } else {
                return acc;
            }
        }
    };
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for c in [0, 1] {
        for n in [0, 1, 2, 5, 17] {
            calls.push(call(
                "ping_pong",
                vec![Imm::i32(c), Imm::i32(n)],
                &[Type::I32],
            ));
            expected.push(values(&[Imm::i32(model(c, n))]));
        }
    }
    check(src, calls, expected);
}

#[test]
fn saturating_truncations_and_sign_extensions() {
    let src = "
export func @s32(%x: f64) -> i32 {
    %r = trunc_sat_s.i32 %x
    ret %r
}
export func @u32(%x: f32) -> i32 {
    %r = trunc_sat_u.i32 %x
    ret %r
}
export func @s64(%x: f32) -> i64 {
    %r = trunc_sat_s.i64 %x
    ret %r
}
export func @u64(%x: f64) -> i64 {
    %r = trunc_sat_u.i64 %x
    ret %r
}
export func @ext(%x: i64) -> i64 {
    %w = wrap %x
    %a = extend8_s %w
    %b = extend16_s %x
    %c = extend32_s %x
    %a64 = extend_s %a
    %s = add %a64, %b
    %t = xor %s, %c
    ret %t
}";
    let floats = [
        0.0,
        -0.0,
        0.5,
        -0.5,
        -0.9999,
        -1.0,
        1.5,
        2147483647.0,
        2147483647.5,
        2147483648.0,
        -2147483648.0,
        -2147483648.9,
        -2147483649.0,
        4294967295.0,
        4294967296.0,
        9.2e18,
        9.3e18,
        -9.3e18,
        1.9e19,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for x in floats {
        let f = x as f32;
        calls.push(call("s32", vec![Imm::f64(x)], &[Type::I32]));
        expected.push(values(&[Imm::i32(x as i32)]));
        calls.push(call("u32", vec![Imm::f32(f)], &[Type::I32]));
        expected.push(values(&[Imm::i32(f as u32 as i32)]));
        calls.push(call("s64", vec![Imm::f32(f)], &[Type::I64]));
        expected.push(values(&[Imm::i64(f as i64)]));
        calls.push(call("u64", vec![Imm::f64(x)], &[Type::I64]));
        expected.push(values(&[Imm::i64(x as u64 as i64)]));
    }
    for x in [
        0i64,
        0x7f,
        0x80,
        0xff,
        0x7fff,
        0x8000,
        0xffff_ffff,
        0x8000_0000,
        -1,
        0x1234_5678_9abc_def0,
    ] {
        calls.push(call("ext", vec![Imm::i64(x)], &[Type::I64]));
        let a = x as i32 as i8 as i64;
        let b = x as i16 as i64;
        let c = x as i32 as i64;
        expected.push(values(&[Imm::i64(a.wrapping_add(b) ^ c)]));
    }
    check(src, calls, expected);
}

#[test]
fn bulk_memory_semantics() {
    let src = "
data @buf align 8 = { i8 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }
func @sum16() -> i32 {
entry:
    %p = addr @buf
    jump loop(0, 0)
loop(%i: i32, %acc: i32):
    %q = add %p, %i
    %b = load.u8.i32 [%q]
    %k = add %i, 1
    %m = mul %b, %k
    %acc2 = add %acc, %m
    %more = lt_u %k, 16
    br_if %more, loop(%k, %acc2), exit(%acc2)
exit(%r: i32):
    ret %r
}
export func @copy(%dst: i32, %src: i32, %len: i32) -> i32 {
    %p = addr @buf
    %d = add %p, %dst
    %s = add %p, %src
    memory.copy %d, %s, %len
    %r = call @sum16()
    ret %r
}
export func @fill(%dst: i32, %v: i32, %len: i32) -> i32 {
    %p = addr @buf
    %d = add %p, %dst
    memory.fill %d, %v, %len
    %r = call @sum16()
    ret %r
}
export func @copy_far(%len: i32) {
    %top = memory.size
    %bytes = shl %top, 16
    %d = sub %bytes, 8
    memory.copy %d, 1024, %len
    ret
}";
    let model_copy = |dst: usize, src: usize, len: usize| {
        let mut b: Vec<i32> = (1..=16).collect();
        b.copy_within(src..src + len, dst);
        b.iter()
            .enumerate()
            .map(|(i, v)| v * (i as i32 + 1))
            .sum::<i32>()
    };
    let model_fill = |dst: usize, v: i32, len: usize| {
        let mut b: Vec<i32> = (1..=16).collect();
        b[dst..dst + len].fill(v & 0xff);
        b.iter()
            .enumerate()
            .map(|(i, v)| v * (i as i32 + 1))
            .sum::<i32>()
    };
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for (dst, src, len) in [
        (0, 4, 8),
        (4, 0, 8),
        (3, 3, 5),
        (0, 1, 15),
        (1, 0, 15),
        (5, 2, 0),
    ] {
        let args = vec![
            Imm::i32(dst as i32),
            Imm::i32(src as i32),
            Imm::i32(len as i32),
        ];
        calls.push(call("copy", args, &[Type::I32]));
        expected.push(values(&[Imm::i32(model_copy(dst, src, len))]));
    }
    for (dst, v, len) in [(0, 0, 16), (2, 0x1ff, 5), (15, 7, 1), (8, 3, 0)] {
        let args = vec![Imm::i32(dst as i32), Imm::i32(v), Imm::i32(len as i32)];
        calls.push(call("fill", args, &[Type::I32]));
        expected.push(values(&[Imm::i32(model_fill(dst, v, len))]));
    }
    for (len, ok) in [(8, true), (9, false), (0, true)] {
        calls.push(call("copy_far", vec![Imm::i32(len)], &[]));
        expected.push(if ok {
            values(&[])
        } else {
            trap("out of bounds memory access")
        });
    }
    check(src, calls, expected);
}

#[test]
fn traps_and_stack_exhaustion() {
    let src = "
func @one(%x: i32) -> i32 {
    ret %x
}
func @two(%x: i32, %y: i32) -> i32 {
    ret %x
}
export func @div(%a: i32, %b: i32) -> i32 {
    %q = div_s %a, %b
    ret %q
}
export func @indirect(%i: i32) -> i32 {
    %f = funcaddr @one
    %g = funcaddr @two
    %r = call_indirect %i(5) : (i32) -> i32
    ret %r
}
export func @deep(%n: i32) -> i32 {
    slot %s 64
entry:
    store.i32 [%s], %n
    %z = eqz %n
    br_if %z, done, more
more:
    %m = sub %n, 1
    %r = call @deep(%m)
    %v = load.i32 [%s]
    %t = add %r, %v
    ret %t
done:
    ret 0
}
export func @alloca(%n: i32) -> i32 {
    %p = stack.alloc %n
    store.i32 [%p], 7
    %v = load.i32 [%p]
    ret %v
}
export func @tail(%n: i32, %acc: i64) -> i64 {
entry:
    %z = eqz %n
    br_if %z, done, more
more:
    %m = sub %n, 1
    %a = add %acc, 2
    return_call @tail(%m, %a)
done:
    ret %acc
}";
    let calls = vec![
        call("div", vec![Imm::i32(7), Imm::i32(2)], &[Type::I32]),
        call("div", vec![Imm::i32(7), Imm::i32(0)], &[Type::I32]),
        call("div", vec![Imm::i32(i32::MIN), Imm::i32(-1)], &[Type::I32]),
        call("indirect", vec![Imm::i32(1)], &[Type::I32]),
        call("indirect", vec![Imm::i32(0)], &[Type::I32]),
        call("indirect", vec![Imm::i32(2)], &[Type::I32]),
        call("indirect", vec![Imm::i32(3)], &[Type::I32]),
        call("deep", vec![Imm::i32(100)], &[Type::I32]),
        call("deep", vec![Imm::i32(1_000_000)], &[Type::I32]),
        call("alloca", vec![Imm::i32(100)], &[Type::I32]),
        call("alloca", vec![Imm::i32(-8)], &[Type::I32]),
        call("alloca", vec![Imm::i32(1 << 20)], &[Type::I32]),
        call("tail", vec![Imm::i32(3_000_000), Imm::i64(1)], &[Type::I64]),
    ];
    let expected = vec![
        values(&[Imm::i32(3)]),
        trap("integer divide by zero"),
        trap("integer overflow"),
        values(&[Imm::i32(5)]),
        trap("uninitialized element or indirect call type mismatch"),
        trap("uninitialized element or indirect call type mismatch"),
        trap("undefined element"),
        values(&[Imm::i32(5050)]),
        trap("call stack exhausted"),
        values(&[Imm::i32(7)]),
        trap("call stack exhausted"),
        trap("call stack exhausted"),
        values(&[Imm::i64(6_000_001)]),
    ];
    check(src, calls, expected);
}

#[test]
fn random_modules_agree_across_feature_sets() {
    use lir_wasm::testing::{exported_functions, module_from_seed, GenConfig};
    if !node::node_available() {
        return;
    }
    let config = GenConfig {
        multi_value: false,
        tail_calls: false,
        functions: 4,
    };
    let mut compared = 0;
    for seed in 0..40 {
        let module = module_from_seed(config, seed);
        let mut calls = Vec::new();
        for (name, sig) in exported_functions(&module) {
            for k in 0..3u64 {
                let args = sig
                    .params
                    .iter()
                    .enumerate()
                    .map(|(i, &t)| argument(t, seed * 31 + k * 7 + i as u64))
                    .collect();
                calls.push(call(&name, args, &sig.results));
            }
        }
        let mut outcomes = Vec::new();
        for features in feature_sets() {
            let wasm = lir_wasm::compile(&module, &common::options(features))
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            outcomes.push(node::run(&wasm, &calls));
        }
        assert_eq!(outcomes[0], outcomes[1], "seed {seed}");
        compared += calls.len();
    }
    assert!(compared > 100);
    let _ = parse;
}

/// A deterministic "interesting" argument of type `ty`.
fn argument(ty: Type, k: u64) -> Imm {
    let ints = [
        0u64,
        1,
        2,
        7,
        100,
        u64::MAX,
        0x8000_0000,
        0x7fff_ffff,
        12345678901234,
    ];
    let floats = [
        0.0,
        -0.0,
        1.5,
        -2.25,
        1e10,
        -3e9,
        f64::INFINITY,
        f64::NAN,
        0.1,
    ];
    match ty {
        Type::I32 | Type::I64 => Imm::new(ty, ints[k as usize % ints.len()]),
        Type::F32 => Imm::f32(floats[k as usize % floats.len()] as f32),
        Type::F64 => Imm::f64(floats[k as usize % floats.len()]),
    }
}

#[test]
fn canonical_nans_on_request() {
    if !node::node_available() {
        return;
    }
    let src = "
export func @nan_bits(%a: f64, %b: f64) -> i64 {
    %q = div %a, %b
    %r = bitcast.i64 %q
    ret %r
}
export func @nan_bits32(%a: f32) -> i32 {
    %s = sqrt %a
    %d = promote %s
    %e = demote %d
    %r = bitcast.i32 %e
    ret %r
}";
    let options = lir_wasm::Options {
        canonicalize_nans: true,
        ..common::options(Features::default())
    };
    let wasm = lir_wasm::compile(&parse(src), &options).unwrap();
    let calls = vec![
        call("nan_bits", vec![Imm::f64(0.0), Imm::f64(0.0)], &[Type::I64]),
        call(
            "nan_bits",
            vec![Imm::f64(f64::NEG_INFINITY), Imm::f64(f64::INFINITY)],
            &[Type::I64],
        ),
        call("nan_bits", vec![Imm::f64(6.0), Imm::f64(3.0)], &[Type::I64]),
        call("nan_bits32", vec![Imm::f32(-1.0)], &[Type::I32]),
        call("nan_bits32", vec![Imm::f32(4.0)], &[Type::I32]),
    ];
    let expected = vec![
        values(&[Imm::i64(0x7ff8_0000_0000_0000)]),
        values(&[Imm::i64(0x7ff8_0000_0000_0000)]),
        values(&[Imm::i64(2.0f64.to_bits() as i64)]),
        values(&[Imm::i32(0x7fc0_0000)]),
        values(&[Imm::i32(2.0f32.to_bits() as i32)]),
    ];
    assert_eq!(node::run(&wasm, &calls), expected);
}
