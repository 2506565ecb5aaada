//! Float operations: IEEE arithmetic, canonical NaNs, sign operations, min/max,
//! rounding and comparisons.

use super::*;

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
