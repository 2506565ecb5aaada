//! Conversions: trapping and saturating truncation at the exact range boundaries,
//! correctly rounded integer-to-float conversion, promote/demote, width changes and
//! bitcasts.

use super::*;

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
