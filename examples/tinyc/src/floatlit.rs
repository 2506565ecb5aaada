//! The values of floating constants, rounded once to the constant's own type as
//! clang rounds them: a `float` constant (`1.1f`) is rounded straight from its
//! decimal or hexadecimal digits to `float`, never through `double` first (which
//! can round a digit string that lies just past a `float` halfway point onto the
//! halfway point, and then to the wrong neighbour).

/// The value of a decimal constant's digits (`1.5e3`, suffix removed), rounded to
/// `float` when `single`, else to `double`; `None` when they are not a number.
pub fn decimal(body: &str, single: bool) -> Option<f64> {
    if single {
        body.parse::<f32>().ok().map(f64::from)
    } else {
        body.parse::<f64>().ok()
    }
}

/// The value of a hexadecimal constant (`0x1.8p3`, suffix removed), correctly
/// rounded (to nearest, ties to even) to `float` when `single`, else to `double`.
pub fn hex(body: &str, single: bool) -> Option<f64> {
    let body = body.strip_prefix("0x")?;
    let (mant, exp) = match body.split_once('p') {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    // The first 60 significant bits exactly, the rest as a sticky bit.
    let (mut m, mut exp2, mut sticky) = (0u64, exp.clamp(-100_000, 100_000), false);
    for (c, in_frac) in int
        .chars()
        .map(|c| (c, false))
        .chain(frac.chars().map(|c| (c, true)))
    {
        let d = u64::from(c.to_digit(16)?);
        if m >> 56 == 0 {
            m = m * 16 + d;
            if in_frac {
                exp2 -= 4;
            }
        } else {
            sticky |= d != 0;
            if !in_frac {
                exp2 += 4;
            }
        }
    }
    Some(round(m, sticky, exp2, single))
}

/// `m * 2^exp2` (plus a little more when `sticky`) rounded to nearest, ties to even,
/// in `float` (`single`) or `double`, subnormals and overflow to infinity included.
fn round(m: u64, sticky: bool, exp2: i64, single: bool) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let (prec, emin, emax) = if single {
        (24i64, -126i64, 127i64)
    } else {
        (53, -1022, 1023)
    };
    let bits = 64 - i64::from(m.leading_zeros());
    let top = exp2 + bits - 1;
    // Below the normal range the precision shrinks, one bit per binade.
    let keep = if top < emin {
        prec - (emin - top)
    } else {
        prec
    };
    let shift = bits - keep.max(0);
    let (mut r, mut e) = (m, exp2);
    if shift > 0 {
        let (dropped, half, kept) = if shift >= 64 {
            (m, if shift == 64 { 1u64 << 63 } else { u64::MAX }, 0)
        } else {
            (m & ((1u64 << shift) - 1), 1u64 << (shift - 1), m >> shift)
        };
        let above = dropped > half || (dropped == half && sticky);
        let tie = dropped == half && !sticky;
        r = kept + u64::from(above || (tie && kept & 1 == 1));
        e = exp2 + shift;
    }
    if r == 0 {
        return 0.0;
    }
    if e + 64 - i64::from(r.leading_zeros()) - 1 > emax {
        return f64::INFINITY;
    }
    // r has at most 53 bits and r * 2^e is representable: scale in exact steps.
    let mut v = r as f64;
    while e != 0 {
        let step = e.clamp(-600, 600);
        v *= 2f64.powi(step as i32);
        e -= step;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_constants_round_once() {
        // 1 + 2^-24 + 2^-60: through double it lands on the halfway point (1.0).
        let s = "1.00000005960464477630";
        assert_eq!(decimal(s, true), Some(f64::from(1.0f32 + f32::EPSILON)));
        assert_eq!(decimal(s, false), Some(1.0000000596046448));
        assert_eq!(
            hex("0x1.000001000000001p0", true),
            Some(f64::from(1.0f32 + f32::EPSILON))
        );
    }

    #[test]
    fn hex_constants() {
        assert_eq!(hex("0x1p3", false), Some(8.0));
        assert_eq!(hex("0x1.8p1", false), Some(3.0));
        assert_eq!(hex("0xa.8p0", false), Some(10.5));
        assert_eq!(hex("0x.1p4", false), Some(1.0));
        assert_eq!(hex("0x1p-1074", false), Some(5e-324));
        assert_eq!(hex("0x1p-1075", false), Some(0.0));
        assert_eq!(hex("0x1.8p-1075", false), Some(5e-324));
        assert_eq!(hex("0x1p1024", false), Some(f64::INFINITY));
        assert_eq!(hex("0x1.fffffffffffff8p0", false), Some(2.0));
        assert_eq!(
            hex("0x1.fffffffffffff7ffffp0", false),
            Some(1.9999999999999998)
        );
        assert_eq!(hex("0x1p-149", true), Some(f64::from(f32::from_bits(1))));
        assert_eq!(hex("0x1p", false), None);
        assert_eq!(hex("0xp1", false), None);
    }
}
