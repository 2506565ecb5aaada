//! Float operations of one width, on raw bits, with WebAssembly's semantics.
//!
//! Arithmetic is IEEE-754 with round-to-nearest-even (Rust's float operations). Two
//! points differ from plain Rust: `min`/`max` return NaN when either operand is NaN and
//! order `-0.0 < +0.0`, and every NaN produced by arithmetic (`add sub mul div sqrt min
//! max ceil floor trunc nearest`) is replaced by the canonical NaN, so results never
//! depend on the host's NaN propagation. `abs`, `neg` and `copysign` only touch the
//! sign bit and keep NaN payloads.

/// Generates the operations of one float width as functions in a module.
macro_rules! float_ops {
    ($module:ident, $f:ty, $bits:ty) => {
        pub(crate) mod $module {
            const SIGN: $bits = 1 << (<$bits>::BITS - 1);

            /// The canonical NaN: positive, quiet, no payload.
            pub const CANONICAL_NAN: $bits = (<$f>::NAN).to_bits() & !SIGN;

            fn f(x: u64) -> $f {
                <$f>::from_bits(x as $bits)
            }
            /// Bits of an arithmetic result, with any NaN made canonical.
            pub fn canon(x: $f) -> u64 {
                if x.is_nan() {
                    CANONICAL_NAN as u64
                } else {
                    x.to_bits() as u64
                }
            }
            fn from_bool(b: bool) -> u64 {
                b as u64
            }

            pub fn add(a: u64, b: u64) -> u64 {
                canon(f(a) + f(b))
            }
            pub fn sub(a: u64, b: u64) -> u64 {
                canon(f(a) - f(b))
            }
            pub fn mul(a: u64, b: u64) -> u64 {
                canon(f(a) * f(b))
            }
            pub fn div(a: u64, b: u64) -> u64 {
                canon(f(a) / f(b))
            }
            pub fn min(a: u64, b: u64) -> u64 {
                let (x, y) = (f(a), f(b));
                if x.is_nan() || y.is_nan() {
                    CANONICAL_NAN as u64
                } else if x == y {
                    // Equal values differ at most in the sign of zero: prefer -0.0.
                    (x.to_bits() | y.to_bits()) as u64
                } else if x < y {
                    x.to_bits() as u64
                } else {
                    y.to_bits() as u64
                }
            }
            pub fn max(a: u64, b: u64) -> u64 {
                let (x, y) = (f(a), f(b));
                if x.is_nan() || y.is_nan() {
                    CANONICAL_NAN as u64
                } else if x == y {
                    // Equal values differ at most in the sign of zero: prefer +0.0.
                    (x.to_bits() & y.to_bits()) as u64
                } else if x > y {
                    x.to_bits() as u64
                } else {
                    y.to_bits() as u64
                }
            }
            pub fn copysign(a: u64, b: u64) -> u64 {
                ((a as $bits & !SIGN) | (b as $bits & SIGN)) as u64
            }

            pub fn abs(a: u64) -> u64 {
                (a as $bits & !SIGN) as u64
            }
            pub fn neg(a: u64) -> u64 {
                (a as $bits ^ SIGN) as u64
            }
            pub fn sqrt(a: u64) -> u64 {
                canon(f(a).sqrt())
            }
            pub fn ceil(a: u64) -> u64 {
                canon(f(a).ceil())
            }
            pub fn floor(a: u64) -> u64 {
                canon(f(a).floor())
            }
            pub fn trunc(a: u64) -> u64 {
                canon(f(a).trunc())
            }
            pub fn nearest(a: u64) -> u64 {
                canon(f(a).round_ties_even())
            }

            pub fn eq(a: u64, b: u64) -> u64 {
                from_bool(f(a) == f(b))
            }
            pub fn ne(a: u64, b: u64) -> u64 {
                from_bool(f(a) != f(b))
            }
            pub fn lt(a: u64, b: u64) -> u64 {
                from_bool(f(a) < f(b))
            }
            pub fn gt(a: u64, b: u64) -> u64 {
                from_bool(f(a) > f(b))
            }
            pub fn le(a: u64, b: u64) -> u64 {
                from_bool(f(a) <= f(b))
            }
            pub fn ge(a: u64, b: u64) -> u64 {
                from_bool(f(a) >= f(b))
            }
        }
    };
}

float_ops!(f32, f32, u32);
float_ops!(f64, f64, u64);
