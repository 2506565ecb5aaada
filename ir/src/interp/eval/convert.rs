//! Conversions between types, on raw bits, with WebAssembly's semantics.
//!
//! - `trunc_s`/`trunc_u` trap on NaN (*invalid conversion to integer*) and on values
//!   whose truncation does not fit (*integer overflow*). The range check is done in
//!   f64, which holds every f32 exactly, against bounds that are exactly representable:
//!   a value converts iff `lower < x < upper` with the exclusive bounds below.
//! - `trunc_sat_*` saturate and map NaN to 0, which is what Rust's `as` does.
//! - `convert_*` round to nearest even, which Rust's integer-to-float `as` guarantees
//!   (directly, without double rounding through f64).
//! - `promote`/`demote` give the canonical NaN for NaN inputs.

use super::float::{f32 as f32_ops, f64 as f64_ops};
use crate::trap::TrapKind;

/// Exclusive bounds of the values whose truncation fits the integer type.
struct TruncRange {
    lower: f64,
    upper: f64,
}

const I32_RANGE: TruncRange = TruncRange {
    lower: -2147483649.0,
    upper: 2147483648.0,
};
const U32_RANGE: TruncRange = TruncRange {
    lower: -1.0,
    upper: 4294967296.0,
};
/// `-2^63 - 2048` is the f64 just below `-2^63`, so `x > lower` means `x >= -2^63`.
const I64_RANGE: TruncRange = TruncRange {
    lower: -9223372036854777856.0,
    upper: 9223372036854775808.0,
};
const U64_RANGE: TruncRange = TruncRange {
    lower: -1.0,
    upper: 18446744073709551616.0,
};

/// `x` truncated toward zero, or the trap a trapping truncation raises.
fn checked_trunc(x: f64, range: &TruncRange) -> Result<f64, TrapKind> {
    if x.is_nan() {
        Err(TrapKind::InvalidConversionToInteger)
    } else if x > range.lower && x < range.upper {
        Ok(x.trunc())
    } else {
        Err(TrapKind::IntegerOverflow)
    }
}

fn from_f32(a: u64) -> f64 {
    f32::from_bits(a as u32) as f64
}

fn from_f64(a: u64) -> f64 {
    f64::from_bits(a)
}

/// Generates a trapping truncation from a float (read by `$read` as f64) to an integer.
macro_rules! trapping_trunc {
    ($name:ident, $read:ident, $range:ident, $int:ty, $uint:ty) => {
        pub(crate) fn $name(a: u64) -> Result<u64, TrapKind> {
            checked_trunc($read(a), &$range).map(|x| x as $int as $uint as u64)
        }
    };
}

trapping_trunc!(trunc_s_i32_f32, from_f32, I32_RANGE, i32, u32);
trapping_trunc!(trunc_s_i32_f64, from_f64, I32_RANGE, i32, u32);
trapping_trunc!(trunc_u_i32_f32, from_f32, U32_RANGE, u32, u32);
trapping_trunc!(trunc_u_i32_f64, from_f64, U32_RANGE, u32, u32);
trapping_trunc!(trunc_s_i64_f32, from_f32, I64_RANGE, i64, u64);
trapping_trunc!(trunc_s_i64_f64, from_f64, I64_RANGE, i64, u64);
trapping_trunc!(trunc_u_i64_f32, from_f32, U64_RANGE, u64, u64);
trapping_trunc!(trunc_u_i64_f64, from_f64, U64_RANGE, u64, u64);

/// Generates a saturating truncation (Rust's `as` from float to integer saturates and
/// maps NaN to 0).
macro_rules! saturating_trunc {
    ($name:ident, $float:ty, $fbits:ty, $int:ty, $uint:ty) => {
        pub(crate) fn $name(a: u64) -> u64 {
            <$float>::from_bits(a as $fbits) as $int as $uint as u64
        }
    };
}

saturating_trunc!(trunc_sat_s_i32_f32, f32, u32, i32, u32);
saturating_trunc!(trunc_sat_s_i32_f64, f64, u64, i32, u32);
saturating_trunc!(trunc_sat_u_i32_f32, f32, u32, u32, u32);
saturating_trunc!(trunc_sat_u_i32_f64, f64, u64, u32, u32);
saturating_trunc!(trunc_sat_s_i64_f32, f32, u32, i64, u64);
saturating_trunc!(trunc_sat_s_i64_f64, f64, u64, i64, u64);
saturating_trunc!(trunc_sat_u_i64_f32, f32, u32, u64, u64);
saturating_trunc!(trunc_sat_u_i64_f64, f64, u64, u64, u64);

/// Generates an integer-to-float conversion: reads the operand as `$int` (through the
/// unsigned type of its width) and rounds to nearest even.
macro_rules! int_to_float {
    ($name:ident, $uint:ty, $int:ty, $float:ty) => {
        pub(crate) fn $name(a: u64) -> u64 {
            (a as $uint as $int as $float).to_bits() as u64
        }
    };
}

int_to_float!(convert_s_f32_i32, u32, i32, f32);
int_to_float!(convert_s_f64_i32, u32, i32, f64);
int_to_float!(convert_u_f32_i32, u32, u32, f32);
int_to_float!(convert_u_f64_i32, u32, u32, f64);
int_to_float!(convert_s_f32_i64, u64, i64, f32);
int_to_float!(convert_s_f64_i64, u64, i64, f64);
int_to_float!(convert_u_f32_i64, u64, u64, f32);
int_to_float!(convert_u_f64_i64, u64, u64, f64);

pub(crate) fn promote(a: u64) -> u64 {
    f64_ops::canon(f32::from_bits(a as u32) as f64)
}

pub(crate) fn demote(a: u64) -> u64 {
    f32_ops::canon(f64::from_bits(a) as f32)
}

pub(crate) fn wrap(a: u64) -> u64 {
    a as u32 as u64
}

pub(crate) fn extend_s(a: u64) -> u64 {
    a as u32 as i32 as i64 as u64
}

pub(crate) fn extend_u(a: u64) -> u64 {
    a as u32 as u64
}

/// `bitcast`: the bits stay as they are (both types have the same width).
pub(crate) fn bitcast(a: u64) -> u64 {
    a
}
