//! Integer operations: wrapping, division traps, shifts and rotates, bit counts,
//! comparisons.

use super::*;

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
