//! Integer operations of one width, on raw bits.
//!
//! Values travel as `u64` bit patterns; 32-bit values keep their upper 32 bits zero,
//! and every function here returns results in that form. Only integer semantics live
//! here (wrapping arithmetic, division traps, shifts modulo the width); floats are in
//! [`super::float`] and conversions in [`super::convert`].

use crate::trap::TrapKind;

/// Generates the operations of one integer width as functions in a module.
macro_rules! int_ops {
    ($module:ident, $u:ty, $s:ty) => {
        pub(crate) mod $module {
            use super::TrapKind;

            const BITS: u32 = <$u>::BITS;

            fn u(x: u64) -> $u {
                x as $u
            }
            fn s(x: u64) -> $s {
                x as $u as $s
            }
            fn from_u(x: $u) -> u64 {
                x as u64
            }
            fn from_s(x: $s) -> u64 {
                x as $u as u64
            }
            fn from_bool(b: bool) -> u64 {
                b as u64
            }

            pub fn add(a: u64, b: u64) -> u64 {
                from_u(u(a).wrapping_add(u(b)))
            }
            pub fn sub(a: u64, b: u64) -> u64 {
                from_u(u(a).wrapping_sub(u(b)))
            }
            pub fn mul(a: u64, b: u64) -> u64 {
                from_u(u(a).wrapping_mul(u(b)))
            }
            pub fn div_s(a: u64, b: u64) -> Result<u64, TrapKind> {
                match (s(a), s(b)) {
                    (_, 0) => Err(TrapKind::IntegerDivideByZero),
                    (<$s>::MIN, -1) => Err(TrapKind::IntegerOverflow),
                    (x, y) => Ok(from_s(x / y)),
                }
            }
            pub fn div_u(a: u64, b: u64) -> Result<u64, TrapKind> {
                match u(b) {
                    0 => Err(TrapKind::IntegerDivideByZero),
                    y => Ok(from_u(u(a) / y)),
                }
            }
            pub fn rem_s(a: u64, b: u64) -> Result<u64, TrapKind> {
                match s(b) {
                    0 => Err(TrapKind::IntegerDivideByZero),
                    // wrapping_rem gives 0 for MIN % -1, as wasm requires.
                    y => Ok(from_s(s(a).wrapping_rem(y))),
                }
            }
            pub fn rem_u(a: u64, b: u64) -> Result<u64, TrapKind> {
                match u(b) {
                    0 => Err(TrapKind::IntegerDivideByZero),
                    y => Ok(from_u(u(a) % y)),
                }
            }
            pub fn and(a: u64, b: u64) -> u64 {
                from_u(u(a) & u(b))
            }
            pub fn or(a: u64, b: u64) -> u64 {
                from_u(u(a) | u(b))
            }
            pub fn xor(a: u64, b: u64) -> u64 {
                from_u(u(a) ^ u(b))
            }
            pub fn shl(a: u64, b: u64) -> u64 {
                from_u(u(a) << (u(b) as u32 % BITS))
            }
            pub fn shr_s(a: u64, b: u64) -> u64 {
                from_s(s(a) >> (u(b) as u32 % BITS))
            }
            pub fn shr_u(a: u64, b: u64) -> u64 {
                from_u(u(a) >> (u(b) as u32 % BITS))
            }
            pub fn rotl(a: u64, b: u64) -> u64 {
                from_u(u(a).rotate_left(u(b) as u32 % BITS))
            }
            pub fn rotr(a: u64, b: u64) -> u64 {
                from_u(u(a).rotate_right(u(b) as u32 % BITS))
            }

            pub fn clz(a: u64) -> u64 {
                u(a).leading_zeros() as u64
            }
            pub fn ctz(a: u64) -> u64 {
                u(a).trailing_zeros() as u64
            }
            pub fn popcnt(a: u64) -> u64 {
                u(a).count_ones() as u64
            }
            pub fn eqz(a: u64) -> u64 {
                from_bool(u(a) == 0)
            }

            pub fn eq(a: u64, b: u64) -> u64 {
                from_bool(u(a) == u(b))
            }
            pub fn ne(a: u64, b: u64) -> u64 {
                from_bool(u(a) != u(b))
            }
            pub fn lt_s(a: u64, b: u64) -> u64 {
                from_bool(s(a) < s(b))
            }
            pub fn lt_u(a: u64, b: u64) -> u64 {
                from_bool(u(a) < u(b))
            }
            pub fn gt_s(a: u64, b: u64) -> u64 {
                from_bool(s(a) > s(b))
            }
            pub fn gt_u(a: u64, b: u64) -> u64 {
                from_bool(u(a) > u(b))
            }
            pub fn le_s(a: u64, b: u64) -> u64 {
                from_bool(s(a) <= s(b))
            }
            pub fn le_u(a: u64, b: u64) -> u64 {
                from_bool(u(a) <= u(b))
            }
            pub fn ge_s(a: u64, b: u64) -> u64 {
                from_bool(s(a) >= s(b))
            }
            pub fn ge_u(a: u64, b: u64) -> u64 {
                from_bool(u(a) >= u(b))
            }

            /// Sign-extends the low 8 bits.
            pub fn extend8_s(a: u64) -> u64 {
                from_s(a as i8 as $s)
            }
            /// Sign-extends the low 16 bits.
            pub fn extend16_s(a: u64) -> u64 {
                from_s(a as i16 as $s)
            }
        }
    };
}

int_ops!(i32, u32, i32);
int_ops!(i64, u64, i64);

/// `extend32_s` (i64 only): sign-extends the low 32 bits.
pub(crate) fn extend32_s(a: u64) -> u64 {
    a as i32 as i64 as u64
}
