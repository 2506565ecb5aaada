//! Immediates: typed constant bit patterns, their canonical text form and literal parsing.
//!
//! This is the one place that turns `-7`, `0xff`, `1.5`, `-0.0`, `inf`, `nan:0x1` or
//! `0x1.8p3` into bits and back. The text parser, the printer and `lirc --invoke`
//! arguments all use it, so a printed value can always be pasted back as input.

use crate::types::Type;
use std::fmt;

/// A constant of a value type, stored as its bit pattern (integers masked to width).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Imm {
    ty: Type,
    bits: u64,
}

impl Imm {
    /// Creates an immediate from raw bits; bits above the type's width are dropped.
    pub fn new(ty: Type, bits: u64) -> Imm {
        let bits = if ty.bits() == 32 {
            bits & 0xffff_ffff
        } else {
            bits
        };
        Imm { ty, bits }
    }

    pub fn i32(v: i32) -> Imm {
        Imm::new(Type::I32, v as u32 as u64)
    }

    pub fn i64(v: i64) -> Imm {
        Imm::new(Type::I64, v as u64)
    }

    pub fn f32(v: f32) -> Imm {
        Imm::new(Type::F32, v.to_bits() as u64)
    }

    pub fn f64(v: f64) -> Imm {
        Imm::new(Type::F64, v.to_bits())
    }

    /// The zero of a type (`0` or `+0.0`).
    pub fn zero(ty: Type) -> Imm {
        Imm::new(ty, 0)
    }

    pub fn ty(self) -> Type {
        self.ty
    }

    /// The raw bit pattern, zero-extended to 64 bits.
    pub fn bits(self) -> u64 {
        self.bits
    }

    /// The value as a signed integer (sign-extended from the type's width).
    pub fn as_i64(self) -> i64 {
        match self.ty.bits() {
            32 => self.bits as u32 as i32 as i64,
            _ => self.bits as i64,
        }
    }

    pub fn as_f32(self) -> f32 {
        f32::from_bits(self.bits as u32)
    }

    pub fn as_f64(self) -> f64 {
        f64::from_bits(self.bits)
    }

    /// Parses a literal as a value of `ty`.
    ///
    /// ```
    /// use lir::{Imm, Type};
    /// assert_eq!(Imm::parse(Type::I32, "-1").unwrap(), Imm::i32(-1));
    /// assert_eq!(Imm::parse(Type::I32, "0xffffffff").unwrap(), Imm::i32(-1));
    /// assert_eq!(Imm::parse(Type::F64, "0x1.8p1").unwrap(), Imm::f64(3.0));
    /// assert_eq!(Imm::parse(Type::F32, "-0.0").unwrap().to_string(), "-0.0");
    /// assert!(Imm::parse(Type::I32, "4294967296").is_err());
    /// ```
    pub fn parse(ty: Type, text: &str) -> Result<Imm, LiteralError> {
        match ty {
            Type::I32 | Type::I64 => parse_int(ty, text),
            Type::F32 => parse_float(text, &F32_FORMAT).map(|b| Imm::new(ty, b)),
            Type::F64 => parse_float(text, &F64_FORMAT).map(|b| Imm::new(ty, b)),
        }
    }
}

/// Why a literal could not be read as a value of the requested type.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum LiteralError {
    #[error("`{text}` is not a valid {ty} literal")]
    Malformed { ty: Type, text: String },
    #[error("`{text}` does not fit in {ty}")]
    OutOfRange { ty: Type, text: String },
}

fn malformed(ty: Type, text: &str) -> LiteralError {
    LiteralError::Malformed {
        ty,
        text: text.to_string(),
    }
}

fn strip_sign(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (false, rest)
    } else {
        (false, text)
    }
}

/// Whether every `_` in `text` stands between two digits of `radix` (`1_000`, not
/// `1_`, `_1` or `1__0`), as in WebAssembly's text format.
fn separators_between_digits(text: &str, radix: u32) -> bool {
    let bytes = text.as_bytes();
    let is_digit = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(|&b| (b as char).is_digit(radix))
    };
    bytes
        .iter()
        .enumerate()
        .all(|(i, &b)| b != b'_' || (is_digit(i.checked_sub(1)) && is_digit(Some(i + 1))))
}

/// Parses an unsigned integer in decimal or `0x` hexadecimal, allowing `_` separators
/// between digits.
pub(crate) fn parse_unsigned(text: &str) -> Option<u128> {
    let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => (hex, 16),
        None => (text, 10),
    };
    if digits.is_empty() || !separators_between_digits(digits, radix) {
        return None;
    }
    let mut value: u128 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(radix)? as u128;
        value = value.checked_mul(radix as u128)?.checked_add(d)?;
        if value > u64::MAX as u128 * 2 {
            return Some(value); // already out of every range; avoid overflow
        }
    }
    Some(value)
}

fn parse_int(ty: Type, text: &str) -> Result<Imm, LiteralError> {
    let (negative, body) = strip_sign(text);
    let magnitude = parse_unsigned(body).ok_or_else(|| malformed(ty, text))?;
    let bits = ty.bits();
    let unsigned_max: u128 = (1u128 << bits) - 1;
    let negative_max: u128 = 1u128 << (bits - 1);
    let out_of_range = || LiteralError::OutOfRange {
        ty,
        text: text.to_string(),
    };
    let value = if negative {
        if magnitude > negative_max {
            return Err(out_of_range());
        }
        (magnitude as u64).wrapping_neg()
    } else {
        if magnitude > unsigned_max {
            return Err(out_of_range());
        }
        magnitude as u64
    };
    Ok(Imm::new(ty, value))
}

/// Bit layout of an IEEE binary format.
struct FloatFormat {
    ty: Type,
    mantissa_bits: u32,
    exponent_bits: u32,
}

const F32_FORMAT: FloatFormat = FloatFormat {
    ty: Type::F32,
    mantissa_bits: 23,
    exponent_bits: 8,
};
const F64_FORMAT: FloatFormat = FloatFormat {
    ty: Type::F64,
    mantissa_bits: 52,
    exponent_bits: 11,
};

impl FloatFormat {
    fn sign_bit(&self) -> u64 {
        1u64 << (self.mantissa_bits + self.exponent_bits)
    }
    fn exponent_mask(&self) -> u64 {
        ((1u64 << self.exponent_bits) - 1) << self.mantissa_bits
    }
    fn mantissa_mask(&self) -> u64 {
        (1u64 << self.mantissa_bits) - 1
    }
    fn quiet_bit(&self) -> u64 {
        1u64 << (self.mantissa_bits - 1)
    }
}

fn parse_float(text: &str, format: &FloatFormat) -> Result<u64, LiteralError> {
    let (negative, body) = strip_sign(text);
    let sign = if negative { format.sign_bit() } else { 0 };
    let bad = || malformed(format.ty, text);
    let magnitude = if body == "inf" {
        format.exponent_mask()
    } else if body == "nan" {
        format.exponent_mask() | format.quiet_bit()
    } else if let Some(payload) = body.strip_prefix("nan:") {
        let payload = parse_unsigned(payload).ok_or_else(bad)?;
        if payload == 0 || payload > format.mantissa_mask() as u128 {
            return Err(LiteralError::OutOfRange {
                ty: format.ty,
                text: text.to_string(),
            });
        }
        format.exponent_mask() | payload as u64
    } else if body.starts_with("0x") || body.starts_with("0X") {
        parse_hex_float(&body[2..], format).ok_or_else(bad)?
    } else {
        if !body.starts_with(|c: char| c.is_ascii_digit())
            || !body
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
            || !separators_between_digits(body, 10)
        {
            return Err(bad());
        }
        let cleaned: String = body.chars().filter(|&c| c != '_').collect();
        match format.ty {
            Type::F32 => cleaned.parse::<f32>().map_err(|_| bad())?.to_bits() as u64,
            _ => cleaned.parse::<f64>().map_err(|_| bad())?.to_bits(),
        }
    };
    Ok(sign | magnitude)
}

/// Parses the part after `0x` of a hexadecimal float (`1.8p3`, `ff`, `.8p-1`) with
/// correct round-to-nearest-even. Returns the unsigned bit pattern.
fn parse_hex_float(text: &str, format: &FloatFormat) -> Option<u64> {
    let (digits, exponent) = match text.find(['p', 'P']) {
        Some(i) => {
            let exp_text = &text[i + 1..];
            let (neg, exp_digits) = strip_sign(exp_text);
            if !exp_digits.starts_with(|c: char| c.is_ascii_digit())
                || !exp_digits.chars().all(|c| c.is_ascii_digit() || c == '_')
                || !separators_between_digits(exp_digits, 10)
            {
                return None;
            }
            let exp_digits: String = exp_digits.chars().filter(|&c| c != '_').collect();
            let e: i64 = exp_digits
                .parse::<i64>()
                .unwrap_or(i64::MAX / 4)
                .min(100_000);
            (&text[..i], if neg { -e } else { e })
        }
        None => (text, 0),
    };
    if !separators_between_digits(digits, 16) {
        return None;
    }
    let (int_part, frac_part) = match digits.find('.') {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    // Accumulate up to 60 significant bits; further nonzero digits only set a sticky bit.
    let mut mantissa: u64 = 0;
    let mut exp2: i64 = exponent;
    let mut sticky = false;
    let mut push = |d: u32, is_frac: bool, mantissa: &mut u64, exp2: &mut i64| {
        if *mantissa >> 56 == 0 {
            *mantissa = (*mantissa << 4) | d as u64;
            if is_frac {
                *exp2 -= 4;
            }
        } else {
            sticky |= d != 0;
            if !is_frac {
                *exp2 += 4;
            }
        }
    };
    for c in int_part.chars().filter(|&c| c != '_') {
        push(c.to_digit(16)?, false, &mut mantissa, &mut exp2);
    }
    for c in frac_part.chars().filter(|&c| c != '_') {
        push(c.to_digit(16)?, true, &mut mantissa, &mut exp2);
    }
    Some(round_to_format(mantissa, exp2, sticky, format))
}

/// Rounds `mantissa * 2^exp2` (plus a sticky fraction below it) to the nearest
/// representable value, ties to even, and returns the unsigned bit pattern.
fn round_to_format(mantissa: u64, exp2: i64, sticky: bool, format: &FloatFormat) -> u64 {
    if mantissa == 0 {
        return 0;
    }
    let precision = format.mantissa_bits as i64 + 1;
    let bias = (1i64 << (format.exponent_bits - 1)) - 1;
    let min_exp = 1 - bias;
    // Put the leading one at bit 127: value = m * 2^(exponent - 127).
    let shift = mantissa.leading_zeros() as i64 + 64;
    let m = (mantissa as u128) << shift;
    let mut exponent = exp2 + 127 - shift;
    // Keep `precision` bits, fewer when the result is subnormal.
    let drop = (128 - precision) + (min_exp - exponent).max(0);
    if drop > 128 {
        return 0; // below half of the smallest subnormal
    }
    exponent = exponent.max(min_exp);
    let drop = drop as u32;
    let (mut kept, rest) = if drop == 128 {
        (0u128, m)
    } else {
        (m >> drop, m & ((1u128 << drop) - 1))
    };
    let half = 1u128 << (drop - 1);
    if rest > half || (rest == half && (sticky || kept & 1 == 1)) {
        kept += 1;
        if kept >> precision != 0 {
            kept >>= 1;
            exponent += 1;
        }
    }
    if kept >> (precision - 1) == 0 {
        return kept as u64; // subnormal: biased exponent 0
    }
    if exponent > bias {
        return format.exponent_mask(); // overflow rounds to infinity
    }
    (((exponent + bias) as u64) << format.mantissa_bits) | (kept as u64 & format.mantissa_mask())
}

impl fmt::Display for Imm {
    /// Integers print in signed decimal, floats in the shortest form that reads back to
    /// the same bits (`1.0`, `1e30`, `-0.0`, `inf`, `nan`, `-nan:0x1`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ty {
            Type::I32 | Type::I64 => write!(f, "{}", self.as_i64()),
            Type::F32 => write_float(f, self.bits, &F32_FORMAT, || format!("{:?}", self.as_f32())),
            Type::F64 => write_float(f, self.bits, &F64_FORMAT, || format!("{:?}", self.as_f64())),
        }
    }
}

fn write_float(
    f: &mut fmt::Formatter<'_>,
    bits: u64,
    format: &FloatFormat,
    finite: impl FnOnce() -> String,
) -> fmt::Result {
    let negative = bits & format.sign_bit() != 0;
    let magnitude = bits & !format.sign_bit();
    let sign = if negative { "-" } else { "" };
    if magnitude & format.exponent_mask() == format.exponent_mask() {
        let payload = magnitude & format.mantissa_mask();
        if payload == 0 {
            write!(f, "{sign}inf")
        } else if payload == format.quiet_bit() {
            write!(f, "{sign}nan")
        } else {
            write!(f, "{sign}nan:{payload:#x}")
        }
    } else {
        f.write_str(&finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f32_bits(text: &str) -> u32 {
        Imm::parse(Type::F32, text).unwrap().bits() as u32
    }

    fn f64_bits(text: &str) -> u64 {
        Imm::parse(Type::F64, text).unwrap().bits()
    }

    #[test]
    fn separators_only_between_digits() {
        assert_eq!(Imm::parse(Type::I32, "1_000").unwrap(), Imm::i32(1000));
        assert_eq!(Imm::parse(Type::I32, "0xff_ff").unwrap(), Imm::i32(0xffff));
        assert_eq!(f64_bits("1_000.2_5e1_0"), 1000.25e10f64.to_bits());
        assert_eq!(f64_bits("0x1_0.8p1"), 33.0f64.to_bits());
        assert_eq!(f64_bits("0x1p1_0"), 1024.0f64.to_bits());
        assert_eq!(f64_bits("0x1p-1_0"), (1.0f64 / 1024.0).to_bits());
        for bad in ["1_", "1__0", "0x_ff", "0xff_", "_1", "-_1"] {
            assert!(Imm::parse(Type::I32, bad).is_err(), "{bad}");
        }
        for bad in [
            "1_.5", "1._5", "1e_5", "1_e5", "1.5_", "0x1_p3", "0x_1p3", "nan:0x_1", "0x1p_3",
            "0x1p3_", "0x1p-_3", "0x1p1__0",
        ] {
            assert!(Imm::parse(Type::F64, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_accept_signed_and_unsigned_ranges() {
        assert_eq!(
            Imm::parse(Type::I32, "-2147483648").unwrap(),
            Imm::i32(i32::MIN)
        );
        assert_eq!(Imm::parse(Type::I32, "4294967295").unwrap(), Imm::i32(-1));
        assert!(Imm::parse(Type::I32, "-2147483649").is_err());
        assert_eq!(
            Imm::parse(Type::I64, "0x8000_0000_0000_0000").unwrap(),
            Imm::i64(i64::MIN)
        );
        assert_eq!(Imm::parse(Type::I64, "-0x10").unwrap(), Imm::i64(-16));
        assert!(Imm::parse(Type::I64, "18446744073709551616").is_err());
        assert!(Imm::parse(Type::I32, "1.5").is_err());
        assert!(Imm::parse(Type::I32, "").is_err());
        assert!(Imm::parse(Type::I32, "-").is_err());
    }

    #[test]
    fn floats_parse_decimal_special_and_hex() {
        assert_eq!(f32_bits("1.5"), 1.5f32.to_bits());
        assert_eq!(f32_bits("1"), 1.0f32.to_bits());
        assert_eq!(f32_bits("-0.0"), (-0.0f32).to_bits());
        assert_eq!(f32_bits("inf"), f32::INFINITY.to_bits());
        assert_eq!(f32_bits("-inf"), f32::NEG_INFINITY.to_bits());
        assert_eq!(f32_bits("nan"), 0x7fc0_0000);
        assert_eq!(f32_bits("-nan"), 0xffc0_0000);
        assert_eq!(f32_bits("nan:0x1"), 0x7f80_0001);
        assert_eq!(f64_bits("0x1p-1074"), 1);
        assert_eq!(f64_bits("0x1.fffffffffffffp1023"), f64::MAX.to_bits());
        assert_eq!(f64_bits("0x1p1024"), f64::INFINITY.to_bits());
        assert_eq!(f32_bits("0x1.000001p0"), 1.0f32.to_bits()); // ties to even
        assert_eq!(f32_bits("0x1.000003p0"), 0x3f80_0002);
        assert_eq!(f32_bits("0x1p-149"), 1);
        assert_eq!(f32_bits("0x1p-150"), 0); // exactly half of the smallest subnormal: even
        assert_eq!(f32_bits("0x1.8p-150"), 1);
        assert_eq!(f32_bits("0x10"), 16.0f32.to_bits());
        assert!(Imm::parse(Type::F32, "nan:0x800000").is_err());
        assert!(Imm::parse(Type::F32, "1.5x").is_err());
        assert!(Imm::parse(Type::F32, "infinity").is_err());
    }

    #[test]
    fn display_round_trips() {
        for text in ["0", "-1", "2147483647", "-2147483648"] {
            assert_eq!(Imm::parse(Type::I32, text).unwrap().to_string(), text);
        }
        for text in [
            "1.0",
            "-0.0",
            "0.1",
            "1e30",
            "inf",
            "-inf",
            "nan",
            "-nan",
            "nan:0x1",
            "22.857143",
        ] {
            assert_eq!(Imm::parse(Type::F32, text).unwrap().to_string(), text);
        }
        for bits in [
            1u64,
            0x7ff0_0000_0000_0001,
            0x8000_0000_0000_0000,
            f64::MAX.to_bits(),
        ] {
            let imm = Imm::new(Type::F64, bits);
            assert_eq!(Imm::parse(Type::F64, &imm.to_string()).unwrap(), imm);
        }
    }
}
