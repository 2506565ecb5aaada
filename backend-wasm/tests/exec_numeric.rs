//! Execution under Node.js: saturating truncations, sign extensions (native and
//! fallback sequences) and NaN canonicalization.

mod common;
use common::exec::{call, check, values};
use common::node;
use common::parse;
use lir::{Imm, Type};
use lir_wasm::Features;

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
