//! Unit tests of the numeric semantics, with the edge values where WebAssembly's
//! rules differ from naive host arithmetic.

use super::*;
use BinaryOp::*;
use Type::*;

fn imm(ty: Type, text: &str) -> Imm {
    Imm::parse(ty, text).unwrap_or_else(|e| panic!("bad literal {text}: {e}"))
}

fn bin(op: BinaryOp, ty: Type, a: &str, b: &str) -> Result<Imm, EvalError> {
    binary(op, imm(ty, a), imm(ty, b))
}

fn assert_bin(op: BinaryOp, ty: Type, a: &str, b: &str, expected: &str) {
    let got = bin(op, ty, a, b);
    assert_eq!(got, Ok(imm(ty, expected)), "{} {ty} {a}, {b}", op.name());
}

fn assert_bin_trap(op: BinaryOp, ty: Type, a: &str, b: &str, kind: TrapKind) {
    assert_eq!(
        bin(op, ty, a, b),
        Err(EvalError::Trap(kind)),
        "{} {ty} {a}, {b}",
        op.name()
    );
}

fn assert_un(op: UnaryOp, ty: Type, a: &str, expected: &str) {
    let got = unary(op, imm(ty, a));
    let expected = imm(op.result_type(ty), expected);
    assert_eq!(got, Ok(expected), "{} {ty} {a}", op.name());
}

fn conv(op: ConvertOp, from: Type, a: &str) -> Result<Imm, EvalError> {
    convert(op, imm(from, a))
}

fn assert_conv(op: ConvertOp, from: Type, a: &str, expected: &str) {
    let to = op.result_type(from).expect("valid conversion");
    assert_eq!(
        conv(op, from, a),
        Ok(imm(to, expected)),
        "{op:?} {from} {a}"
    );
}

fn assert_conv_trap(op: ConvertOp, from: Type, a: &str, kind: TrapKind) {
    assert_eq!(
        conv(op, from, a),
        Err(EvalError::Trap(kind)),
        "{op:?} {from} {a}"
    );
}

#[test]
fn integer_arithmetic_wraps() {
    assert_bin(Add, I32, "2147483647", "1", "-2147483648");
    assert_bin(Sub, I32, "-2147483648", "1", "2147483647");
    assert_bin(Mul, I32, "0x10000", "0x10000", "0");
    assert_bin(Mul, I32, "-1", "-2147483648", "-2147483648");
    assert_bin(Add, I64, "0x7fffffffffffffff", "1", "-9223372036854775808");
    assert_bin(Mul, I64, "0x100000001", "0x100000001", "0x200000001");
    assert_bin(Sub, I64, "0", "1", "-1");
}

#[test]
fn i32_results_keep_the_upper_bits_zero() {
    // The interpreter stores 32-bit values zero-extended in u64 registers.
    assert_eq!(int::i32::sub(0, 1), 0xffff_ffff);
    assert_eq!(int::i32::shr_s(0x8000_0000, 4), 0xf800_0000);
    assert_eq!(int::i32::div_s(0xffff_fff9, 2), Ok(0xffff_fffd));
    assert_eq!(int::i32::extend8_s(0x80), 0xffff_ff80);
    assert_eq!(
        convert::trunc_s_i32_f64((-1.5f64).to_bits()),
        Ok(0xffff_ffff)
    );
    assert_eq!(
        convert::trunc_sat_s_i32_f32((-1e20f32).to_bits() as u64),
        0x8000_0000
    );
}

#[test]
fn division_and_remainder() {
    for ty in [I32, I64] {
        assert_bin(DivS, ty, "-7", "2", "-3");
        assert_bin(RemS, ty, "-7", "2", "-1");
        assert_bin(RemS, ty, "7", "-2", "1");
        assert_bin(
            DivU,
            ty,
            "-1",
            "2",
            if ty == I32 {
                "0x7fffffff"
            } else {
                "0x7fffffffffffffff"
            },
        );
        assert_bin(RemU, ty, "-1", "10", "5");
        for op in [DivS, DivU, RemS, RemU] {
            assert_bin_trap(op, ty, "1", "0", TrapKind::IntegerDivideByZero);
            assert_bin_trap(op, ty, "0", "0", TrapKind::IntegerDivideByZero);
        }
        assert_bin(DivU, ty, "0", "-1", "0");
    }
    assert_bin_trap(DivS, I32, "-2147483648", "-1", TrapKind::IntegerOverflow);
    assert_bin_trap(
        DivS,
        I64,
        "-9223372036854775808",
        "-1",
        TrapKind::IntegerOverflow,
    );
    assert_bin(RemS, I32, "-2147483648", "-1", "0");
    assert_bin(RemS, I64, "-9223372036854775808", "-1", "0");
    assert_bin(DivU, I32, "-2147483648", "-1", "0");
    assert_bin(DivS, I32, "-2147483648", "2", "-1073741824");
}

#[test]
fn shifts_and_rotates_take_the_count_modulo_the_width() {
    assert_bin(Shl, I32, "1", "31", "-2147483648");
    assert_bin(Shl, I32, "1", "32", "1");
    assert_bin(Shl, I32, "1", "33", "2");
    assert_bin(Shl, I32, "1", "-1", "-2147483648");
    assert_bin(ShrS, I32, "-8", "1", "-4");
    assert_bin(ShrS, I32, "-8", "32", "-8");
    assert_bin(ShrS, I32, "-2147483648", "31", "-1");
    assert_bin(ShrU, I32, "-1", "28", "15");
    assert_bin(ShrU, I32, "-1", "60", "15");
    assert_bin(Shl, I64, "1", "63", "-9223372036854775808");
    assert_bin(Shl, I64, "1", "64", "1");
    assert_bin(ShrS, I64, "-9223372036854775808", "63", "-1");
    assert_bin(ShrU, I64, "-1", "0x7c", "15");
    assert_bin(Rotl, I32, "0x80000001", "1", "3");
    assert_bin(Rotl, I32, "0x80000001", "33", "3");
    assert_bin(Rotr, I32, "3", "1", "0x80000001");
    assert_bin(Rotr, I32, "0x12345678", "-4", "0x23456781");
    assert_bin(Rotl, I64, "0x8000000000000001", "65", "3");
    assert_bin(Rotr, I64, "1", "64", "1");
    assert_bin(Rotr, I64, "1", "1", "0x8000000000000000");
}

#[test]
fn bitwise_operations() {
    assert_bin(And, I32, "0xff00ff00", "0x0ff00ff0", "0x0f000f00");
    assert_bin(Or, I32, "0xff00ff00", "0x0ff00ff0", "0xfff0fff0");
    assert_bin(Xor, I64, "-1", "0x00ff", "-256");
}

#[test]
fn bit_counting() {
    use UnaryOp::*;
    assert_un(Clz, I32, "0", "32");
    assert_un(Clz, I32, "1", "31");
    assert_un(Clz, I32, "-1", "0");
    assert_un(Clz, I64, "0", "64");
    assert_un(Clz, I64, "0x100000000", "31");
    assert_un(Ctz, I32, "0", "32");
    assert_un(Ctz, I32, "0x80000000", "31");
    assert_un(Ctz, I64, "0", "64");
    assert_un(Ctz, I64, "0x100000000", "32");
    assert_un(Popcnt, I32, "-1", "32");
    assert_un(Popcnt, I64, "-1", "64");
    assert_un(Popcnt, I64, "0x8000000000000001", "2");
    assert_un(Eqz, I32, "0", "1");
    assert_un(Eqz, I64, "0x100000000", "0");
    assert_un(Eqz, I64, "0", "1");
}

#[test]
fn integer_comparisons_are_signed_or_unsigned() {
    use CompareOp::*;
    let cmp = |op, ty, a, b| compare(op, imm(ty, a), imm(ty, b)).map(|r| r.as_i64());
    assert_eq!(cmp(LtS, I32, "-1", "0"), Ok(1));
    assert_eq!(cmp(LtU, I32, "-1", "0"), Ok(0));
    assert_eq!(cmp(GtU, I64, "-1", "0"), Ok(1));
    assert_eq!(cmp(GtS, I64, "-1", "0"), Ok(0));
    assert_eq!(cmp(LeS, I32, "5", "5"), Ok(1));
    assert_eq!(cmp(GeU, I32, "0x80000000", "0x7fffffff"), Ok(1));
    assert_eq!(cmp(GeS, I32, "0x80000000", "0x7fffffff"), Ok(0));
    assert_eq!(cmp(LeU, I64, "0", "0"), Ok(1));
    assert_eq!(cmp(Eq, I64, "0x100000000", "0"), Ok(0));
    assert_eq!(cmp(Ne, I32, "1", "1"), Ok(0));
}

#[test]
fn float_arithmetic_is_ieee() {
    assert_bin(Add, F32, "0.1", "0.2", "0.3");
    assert_bin(Add, F64, "0.1", "0.2", "0.30000000000000004");
    assert_bin(Mul, F32, "1e38", "10", "inf");
    assert_bin(Div, F64, "1", "0", "inf");
    assert_bin(Div, F64, "-1", "0", "-inf");
    assert_bin(Div, F32, "1", "-0.0", "-inf");
    assert_bin(Sub, F64, "-0.0", "0.0", "-0.0");
    assert_bin(Add, F64, "-0.0", "0.0", "0.0");
    assert_bin(Mul, F32, "0x1p-149", "0.5", "0.0"); // ties to even: 0
    assert_bin(Mul, F32, "0x1p-149", "1.5", "0x1p-148");
}

#[test]
fn nan_results_of_arithmetic_are_canonical() {
    const NAN32: &str = "nan";
    for ty in [F32, F64] {
        assert_bin(Sub, ty, "inf", "inf", NAN32);
        assert_bin(Mul, ty, "0", "inf", NAN32);
        assert_bin(Div, ty, "0", "0", NAN32);
        assert_bin(Div, ty, "-0.0", "0", NAN32);
        // Input NaNs with a payload or sign do not propagate.
        assert_bin(Add, ty, "-nan:0x1", "1", NAN32);
        assert_bin(Add, ty, "1", "-nan", NAN32);
        assert_bin(Mul, ty, "nan:0x1234", "nan:0x5", NAN32);
        assert_bin(Min, ty, "-nan:0x3", "1", NAN32);
        assert_bin(Max, ty, "1", "nan:0x3", NAN32);
        use UnaryOp::*;
        assert_un(Sqrt, ty, "-1", NAN32);
        assert_un(Sqrt, ty, "-nan:0x7", NAN32);
        assert_un(Ceil, ty, "-nan:0x7", NAN32);
        assert_un(Floor, ty, "-nan", NAN32);
        assert_un(Trunc, ty, "nan:0x1", NAN32);
        assert_un(Nearest, ty, "-nan:0x1", NAN32);
    }
    assert_eq!(bin(Sub, F32, "inf", "inf").map(Imm::bits), Ok(0x7fc0_0000));
    assert_eq!(
        bin(Sub, F64, "inf", "inf").map(Imm::bits),
        Ok(0x7ff8_0000_0000_0000)
    );
}

#[test]
fn sign_operations_keep_nan_bits() {
    use UnaryOp::*;
    assert_un(Neg, F32, "nan:0x1", "-nan:0x1");
    assert_un(Neg, F64, "-nan", "nan");
    assert_un(Abs, F32, "-nan:0x200", "nan:0x200");
    assert_un(Abs, F64, "-0.0", "0.0");
    assert_un(Neg, F64, "0.0", "-0.0");
    assert_un(Abs, F32, "-inf", "inf");
    assert_bin(Copysign, F32, "nan:0x5", "-1", "-nan:0x5");
    assert_bin(Copysign, F64, "-2", "0.0", "2");
    assert_bin(Copysign, F64, "2", "-nan", "-2");
    assert_bin(Copysign, F32, "1", "-0.0", "-1");
}

#[test]
fn min_and_max_order_zeros_and_return_nan() {
    for ty in [F32, F64] {
        assert_bin(Min, ty, "0.0", "-0.0", "-0.0");
        assert_bin(Min, ty, "-0.0", "0.0", "-0.0");
        assert_bin(Max, ty, "0.0", "-0.0", "0.0");
        assert_bin(Max, ty, "-0.0", "0.0", "0.0");
        assert_bin(Min, ty, "-0.0", "-0.0", "-0.0");
        assert_bin(Max, ty, "-0.0", "-0.0", "-0.0");
        assert_bin(Min, ty, "1", "nan", "nan");
        assert_bin(Max, ty, "nan", "1", "nan");
        assert_bin(Min, ty, "-inf", "1", "-inf");
        assert_bin(Max, ty, "-inf", "1", "1");
        assert_bin(Min, ty, "2", "1", "1");
        assert_bin(Max, ty, "2", "inf", "inf");
    }
}

#[test]
fn rounding_operations() {
    use UnaryOp::*;
    for ty in [F32, F64] {
        assert_un(Nearest, ty, "0.5", "0.0");
        assert_un(Nearest, ty, "1.5", "2");
        assert_un(Nearest, ty, "2.5", "2");
        assert_un(Nearest, ty, "-0.5", "-0.0");
        assert_un(Nearest, ty, "-3.5", "-4");
        assert_un(Nearest, ty, "-inf", "-inf");
        assert_un(Ceil, ty, "-0.5", "-0.0");
        assert_un(Ceil, ty, "0.1", "1");
        assert_un(Floor, ty, "-0.1", "-1");
        assert_un(Floor, ty, "0.9", "0.0");
        assert_un(Trunc, ty, "-0.9", "-0.0");
        assert_un(Trunc, ty, "2.9", "2");
        assert_un(Sqrt, ty, "-0.0", "-0.0");
        assert_un(Sqrt, ty, "4", "2");
        assert_un(Sqrt, ty, "inf", "inf");
    }
    assert_un(Nearest, F32, "8388609", "8388609"); // 2^23 + 1 is already integral
    assert_un(Nearest, F64, "4503599627370497", "4503599627370497");
    assert_un(Sqrt, F64, "2", "1.4142135623730951");
}

#[test]
fn float_comparisons_are_false_on_nan() {
    use CompareOp::*;
    let cmp = |op, ty, a, b| compare(op, imm(ty, a), imm(ty, b)).map(|r| r.as_i64());
    for ty in [F32, F64] {
        assert_eq!(cmp(Eq, ty, "nan", "nan"), Ok(0));
        assert_eq!(cmp(Ne, ty, "nan", "nan"), Ok(1));
        assert_eq!(cmp(Lt, ty, "nan", "1"), Ok(0));
        assert_eq!(cmp(Ge, ty, "1", "nan"), Ok(0));
        assert_eq!(cmp(Eq, ty, "0.0", "-0.0"), Ok(1));
        assert_eq!(cmp(Lt, ty, "-0.0", "0.0"), Ok(0));
        assert_eq!(cmp(Le, ty, "-inf", "inf"), Ok(1));
        assert_eq!(cmp(Gt, ty, "2", "1"), Ok(1));
    }
}

#[test]
fn trapping_truncation_boundaries() {
    use ConvertOp::*;
    use TrapKind::{IntegerOverflow as Overflow, InvalidConversionToInteger as Invalid};
    // f32 -> i32
    assert_conv(TruncS(I32), F32, "-2147483648.0", "-2147483648");
    assert_conv(TruncS(I32), F32, "2147483520.0", "2147483520");
    assert_conv(TruncS(I32), F32, "-1.9", "-1");
    assert_conv(TruncS(I32), F32, "-0x1p-149", "0");
    assert_conv_trap(TruncS(I32), F32, "2147483648.0", Overflow);
    assert_conv_trap(TruncS(I32), F32, "-2147483904.0", Overflow);
    assert_conv_trap(TruncS(I32), F32, "inf", Overflow);
    assert_conv_trap(TruncS(I32), F32, "-inf", Overflow);
    for nan in ["nan", "-nan", "nan:0x200000", "-nan:0x1"] {
        assert_conv_trap(TruncS(I32), F32, nan, Invalid);
        assert_conv_trap(TruncU(I64), F32, nan, Invalid);
        assert_conv_trap(TruncU(I32), F64, nan, Invalid);
        assert_conv_trap(TruncS(I64), F64, nan, Invalid);
    }
    // f32 -> u32
    assert_conv(TruncU(I32), F32, "-0.99", "0");
    assert_conv(TruncU(I32), F32, "-0x1.fffffep-1", "0");
    assert_conv(TruncU(I32), F32, "2147483648", "-2147483648");
    assert_conv(TruncU(I32), F32, "4294967040.0", "-256");
    assert_conv_trap(TruncU(I32), F32, "4294967296.0", Overflow);
    assert_conv_trap(TruncU(I32), F32, "-1.0", Overflow);
    // f64 -> i32
    assert_conv(TruncS(I32), F64, "2147483647.0", "2147483647");
    assert_conv(TruncS(I32), F64, "2147483647.9", "2147483647");
    assert_conv(TruncS(I32), F64, "-2147483648.9", "-2147483648");
    assert_conv_trap(TruncS(I32), F64, "2147483648.0", Overflow);
    assert_conv_trap(TruncS(I32), F64, "-2147483649.0", Overflow);
    // f64 -> u32
    assert_conv(TruncU(I32), F64, "4294967295.9", "-1");
    assert_conv(TruncU(I32), F64, "-0x1.fffffffffffffp-1", "0");
    assert_conv(TruncU(I32), F64, "1e8", "100000000");
    assert_conv_trap(TruncU(I32), F64, "4294967296.0", Overflow);
    assert_conv_trap(TruncU(I32), F64, "-1.0", Overflow);
    assert_conv_trap(TruncU(I32), F64, "1e16", Overflow);
    // f32 -> i64
    assert_conv(
        TruncS(I64),
        F32,
        "-9223372036854775808.0",
        "-9223372036854775808",
    );
    assert_conv(
        TruncS(I64),
        F32,
        "9223371487098961920.0",
        "9223371487098961920",
    );
    assert_conv_trap(TruncS(I64), F32, "9223372036854775808.0", Overflow);
    assert_conv_trap(TruncS(I64), F32, "-9223373136366403584.0", Overflow);
    // f32 -> u64
    assert_conv(TruncU(I64), F32, "18446742974197923840.0", "-1099511627776");
    assert_conv(TruncU(I64), F32, "-0x1.fffffep-1", "0");
    assert_conv_trap(TruncU(I64), F32, "18446744073709551616.0", Overflow);
    assert_conv_trap(TruncU(I64), F32, "-1", Overflow);
    // f64 -> i64
    assert_conv(
        TruncS(I64),
        F64,
        "9223372036854774784.0",
        "9223372036854774784",
    );
    assert_conv(
        TruncS(I64),
        F64,
        "-9223372036854775808.0",
        "-9223372036854775808",
    );
    assert_conv_trap(TruncS(I64), F64, "9223372036854775808.0", Overflow);
    assert_conv_trap(TruncS(I64), F64, "-9223372036854777856.0", Overflow);
    assert_conv_trap(TruncS(I64), F64, "-inf", Overflow);
    // f64 -> u64
    assert_conv(TruncU(I64), F64, "18446744073709549568.0", "-2048");
    assert_conv(
        TruncU(I64),
        F64,
        "9223372036854775808",
        "-9223372036854775808",
    );
    assert_conv(TruncU(I64), F64, "-0.5", "0");
    assert_conv_trap(TruncU(I64), F64, "18446744073709551616.0", Overflow);
    assert_conv_trap(TruncU(I64), F64, "-1.0", Overflow);
    assert_conv_trap(TruncU(I64), F64, "inf", Overflow);
}

#[test]
fn saturating_truncation_clamps() {
    use ConvertOp::*;
    for from in [F32, F64] {
        assert_conv(TruncSatS(I32), from, "nan", "0");
        assert_conv(TruncSatS(I32), from, "-nan:0x1", "0");
        assert_conv(TruncSatS(I32), from, "inf", "2147483647");
        assert_conv(TruncSatS(I32), from, "-inf", "-2147483648");
        assert_conv(TruncSatS(I32), from, "3e9", "2147483647");
        assert_conv(TruncSatS(I32), from, "-1.9", "-1");
        assert_conv(TruncSatU(I32), from, "-1.9", "0");
        assert_conv(TruncSatU(I32), from, "5e9", "-1");
        assert_conv(TruncSatU(I32), from, "nan", "0");
        assert_conv(TruncSatS(I64), from, "1e30", "0x7fffffffffffffff");
        assert_conv(TruncSatS(I64), from, "-1e30", "-9223372036854775808");
        assert_conv(TruncSatU(I64), from, "1e30", "-1");
        assert_conv(TruncSatU(I64), from, "-inf", "0");
        assert_conv(TruncSatU(I64), from, "nan", "0");
    }
    assert_conv(TruncSatS(I32), F64, "2147483647.5", "2147483647");
    assert_conv(TruncSatU(I64), F64, "18446744073709549568.0", "-2048");
}

#[test]
fn integer_to_float_rounds_to_nearest_even() {
    use ConvertOp::*;
    assert_conv(ConvertS(F32), I32, "16777217", "16777216.0");
    assert_conv(ConvertS(F32), I32, "16777219", "16777220.0");
    assert_conv(ConvertS(F32), I32, "-16777219", "-16777220.0");
    assert_conv(ConvertS(F32), I32, "2147483647", "2147483648");
    assert_conv(ConvertU(F32), I32, "-1", "4294967296.0");
    assert_conv(ConvertU(F32), I32, "0x80000080", "0x1p31");
    assert_conv(ConvertU(F32), I32, "0x80000081", "0x1.000002p31");
    assert_conv(ConvertU(F32), I32, "0xfffffe80", "0x1.fffffcp31");
    assert_conv(ConvertU(F64), I32, "-1", "4294967295");
    assert_conv(ConvertS(F64), I32, "-2147483648", "-2147483648");
    // i64 -> f32 must not round twice (through f64).
    assert_conv(ConvertS(F32), I64, "9007199791611905", "9007200328482816");
    assert_conv(ConvertS(F32), I64, "-9007199791611905", "-9007200328482816");
    assert_conv(ConvertS(F32), I64, "314159265358979", "0x1.1db9e8p48");
    assert_conv(ConvertU(F32), I64, "0x8000008000000001", "0x1.000002p63");
    assert_conv(ConvertU(F32), I64, "0x8000008000000000", "0x1p63");
    assert_conv(
        ConvertU(F32),
        I64,
        "0xffffffffffffffff",
        "18446744073709551616.0",
    );
    assert_conv(ConvertU(F32), I64, "0xfffffe8000000001", "0x1.fffffep63");
    assert_conv(ConvertS(F64), I64, "9007199254740993", "9007199254740992");
    assert_conv(ConvertS(F64), I64, "9007199254740995", "9007199254740996");
    assert_conv(
        ConvertU(F64),
        I64,
        "0x8000000000000401",
        "0x1.0000000000001p63",
    );
    assert_conv(
        ConvertU(F64),
        I64,
        "0xfffffffffffff400",
        "0x1.ffffffffffffep63",
    );
    assert_conv(ConvertU(F64), I64, "-1", "18446744073709551616.0");
}

/// Correctly rounded u64 -> f32 by integer arithmetic, independent of the host's `as`.
fn u64_to_f32_reference(v: u64) -> f32 {
    if v < (1 << 24) {
        return v as u32 as f32; // exact
    }
    let top = 63 - v.leading_zeros();
    let shift = top - 23;
    let mut mantissa = v >> shift;
    let rest = v & ((1u64 << shift) - 1);
    let half = 1u64 << (shift - 1);
    if rest > half || (rest == half && mantissa & 1 == 1) {
        mantissa += 1;
    }
    // mantissa <= 2^24 and the scale is a power of two: both steps are exact.
    mantissa as u32 as f32 * 2f32.powi(shift as i32)
}

#[test]
fn u64_and_i64_to_f32_match_a_reference_rounding() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let r = next();
        // Random values, and values near rounding boundaries (few set bits below the
        // 24-bit mantissa window).
        let shift = (r >> 58) as u32;
        let near = ((r >> 20) | (1 << 40)) << (shift % 23) | (r & 1);
        for v in [r, near, r >> (r & 63), near.wrapping_neg()] {
            let got = convert(ConvertOp::ConvertU(F32), Imm::i64(v as i64)).unwrap();
            assert_eq!(got, Imm::f32(u64_to_f32_reference(v)), "u64 {v:#x}");
            let signed = v as i64;
            let magnitude = u64_to_f32_reference(signed.unsigned_abs());
            let expected = if signed < 0 { -magnitude } else { magnitude };
            let got = convert(ConvertOp::ConvertS(F32), Imm::i64(signed)).unwrap();
            assert_eq!(got, Imm::f32(expected), "i64 {signed}");
        }
    }
}

#[test]
fn promote_and_demote() {
    use ConvertOp::*;
    assert_conv(Promote, F32, "-0.0", "-0.0");
    assert_conv(Promote, F32, "0x1p-149", "0x1p-149");
    assert_conv(Promote, F32, "0x1.fffffep127", "0x1.fffffep127");
    assert_conv(Promote, F32, "-inf", "-inf");
    assert_conv(Promote, F32, "nan:0x200000", "nan");
    assert_conv(Promote, F32, "-nan", "nan");
    assert_conv(Demote, F64, "0x1.fffffd0000000p127", "0x1.fffffcp127");
    assert_conv(Demote, F64, "0x1.fffffd0000001p127", "0x1.fffffep127");
    assert_conv(Demote, F64, "0x1.ffffffp127", "inf");
    assert_conv(Demote, F64, "-0x1.ffffffp127", "-inf");
    assert_conv(Demote, F64, "0x1.0000010000000p0", "1.0");
    assert_conv(Demote, F64, "0x1.0000030000000p0", "0x1.000004p0");
    assert_conv(Demote, F64, "0x1.fffffe0000000p-127", "0x1p-126");
    assert_conv(Demote, F64, "0x1p-1074", "0.0");
    assert_conv(Demote, F64, "-0x1p-1074", "-0.0");
    assert_conv(Demote, F64, "-nan:0x4000000000000", "nan");
    assert_conv(Demote, F64, "nan:0x1", "nan");
    assert_eq!(conv(Demote, F64, "nan:0x1").map(Imm::bits), Ok(0x7fc0_0000));
}

#[test]
fn integer_width_conversions() {
    use ConvertOp::*;
    assert_conv(Wrap, I64, "0xffffffff7fffffff", "0x7fffffff");
    assert_conv(Wrap, I64, "0x100000001", "1");
    assert_conv(ExtendS, I32, "-1", "-1");
    assert_conv(ExtendS, I32, "0x80000000", "0xffffffff80000000");
    assert_conv(ExtendU, I32, "-1", "0xffffffff");
    assert_conv(ExtendU, I32, "0x80000000", "0x80000000");
    assert_conv(Extend8S, I32, "0x7f", "127");
    assert_conv(Extend8S, I32, "0x80", "-128");
    assert_conv(Extend8S, I32, "0x12345680", "-128");
    assert_conv(Extend16S, I32, "0x8000", "-32768");
    assert_conv(Extend16S, I32, "0xffff7fff", "32767");
    assert_conv(Extend8S, I64, "0xff", "-1");
    assert_conv(Extend16S, I64, "0x12348000", "-32768");
    assert_conv(Extend32S, I64, "0x80000000", "-2147483648");
    assert_conv(Extend32S, I64, "0xffffffff7fffffff", "0x7fffffff");
}

#[test]
fn bitcasts_keep_every_bit() {
    use ConvertOp::*;
    assert_conv(Bitcast(F32), I32, "0x7fa00001", "nan:0x200001");
    assert_conv(Bitcast(I32), F32, "-nan:0x1", "0xff800001");
    assert_conv(Bitcast(F64), I64, "0xfff0000000000001", "-nan:0x1");
    assert_conv(Bitcast(I64), F64, "-0.0", "0x8000000000000000");
    assert_conv(Bitcast(I32), F32, "1.0", "0x3f800000");
}

#[test]
fn ill_typed_operations_are_errors_not_panics() {
    assert!(matches!(
        binary(Div, Imm::i32(1), Imm::i32(2)),
        Err(EvalError::Unsupported { op: "div", ty: I32 })
    ));
    assert!(matches!(
        binary(Add, Imm::i32(1), Imm::i64(2)),
        Err(EvalError::TypeMismatch { .. })
    ));
    assert!(unary(UnaryOp::Clz, Imm::f32(1.0)).is_err());
    assert!(unary(UnaryOp::Sqrt, Imm::i64(1)).is_err());
    assert!(compare(CompareOp::LtS, Imm::f64(1.0), Imm::f64(2.0)).is_err());
    assert!(compare(CompareOp::Lt, Imm::i32(1), Imm::i32(2)).is_err());
    assert!(convert(ConvertOp::Wrap, Imm::i32(1)).is_err());
    assert!(convert(ConvertOp::Bitcast(F32), Imm::i64(1)).is_err());
    assert!(convert(ConvertOp::TruncS(I32), Imm::i32(1)).is_err());
    assert!(convert(ConvertOp::Promote, Imm::f64(1.0)).is_err());
}

#[test]
fn every_accepted_operation_has_an_implementation() {
    for ty in Type::ALL {
        for &op in BinaryOp::ALL {
            assert_eq!(
                binary_impl(op, ty).is_some(),
                op.accepts(ty),
                "{} {ty}",
                op.name()
            );
        }
        for &op in UnaryOp::ALL {
            assert_eq!(
                unary_impl(op, ty).is_some(),
                op.accepts(ty),
                "{} {ty}",
                op.name()
            );
        }
        for &op in CompareOp::ALL {
            assert_eq!(
                compare_impl(op, ty).is_some(),
                op.accepts(ty),
                "{} {ty}",
                op.name()
            );
        }
    }
}
