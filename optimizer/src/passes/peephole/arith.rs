//! Arithmetic rules: identities, constants moved right and combined, strength
//! reduction of multiplication and division by powers of two.

use super::{all_ones, bits, Rewrite, Rewriter};
use lir::{BinaryOp, Imm, InstKind, Type, UnaryOp};

pub(super) fn simplify(rw: &mut Rewriter, kind: &InstKind) -> Option<Rewrite> {
    match kind {
        InstKind::Binary { op, args } => {
            let ty = rw.ty(args[0]);
            if ty.is_int() {
                int_binary(rw, *op, args[0], args[1], ty)
            } else {
                float_binary(rw, *op, args[0], args[1])
            }
        }
        InstKind::Unary { op, arg } => unary(rw, *op, *arg),
        _ => None,
    }
}

fn binary(op: BinaryOp, a: lir::Value, b: lir::Value) -> InstKind {
    InstKind::Binary { op, args: [a, b] }
}

fn int_binary(
    rw: &mut Rewriter,
    op: BinaryOp,
    a: lir::Value,
    b: lir::Value,
    ty: Type,
) -> Option<Rewrite> {
    use BinaryOp::*;
    let width = ty.bits() as u64;
    let ones = all_ones(ty);
    let (ca, cb) = (bits(rw, a), bits(rw, b));
    // Constants go right in commutative operations.
    if op.is_commutative() && ca.is_some() && cb.is_none() {
        return Some(Rewrite::Kind(binary(op, b, a)));
    }
    let zero = rw.iconst(ty, 0);
    match (op, cb) {
        // x - c  ->  x + (-c): one canonical form for reassociation.
        (Sub, Some(c)) if c != 0 => {
            let neg = rw.iconst(ty, c.wrapping_neg() & ones);
            return Some(Rewrite::Kind(binary(Add, a, neg)));
        }
        (Add | Sub | Or | Xor | Shl | ShrS | ShrU | Rotl | Rotr, Some(0)) => {
            return Some(Rewrite::Value(a))
        }
        (Mul | And, Some(0)) => return Some(Rewrite::Value(zero)),
        (Mul | DivS | DivU, Some(1)) => return Some(Rewrite::Value(a)),
        (RemS | RemU, Some(1)) => return Some(Rewrite::Value(zero)),
        (And, Some(c)) if c == ones => return Some(Rewrite::Value(a)),
        (Or, Some(c)) if c == ones => return Some(Rewrite::Value(b)),
        (Mul, Some(c)) if c == ones => return Some(Rewrite::Kind(binary(Sub, zero, a))),
        (Mul, Some(c)) if c.is_power_of_two() => {
            let k = rw.iconst(ty, c.trailing_zeros() as u64);
            return Some(Rewrite::Kind(binary(Shl, a, k)));
        }
        (DivU, Some(c)) if c.is_power_of_two() => {
            let k = rw.iconst(ty, c.trailing_zeros() as u64);
            return Some(Rewrite::Kind(binary(ShrU, a, k)));
        }
        (RemU, Some(c)) if c.is_power_of_two() => {
            let mask = rw.iconst(ty, c - 1);
            return Some(Rewrite::Kind(binary(And, a, mask)));
        }
        (DivS, Some(c)) if !rw.size_bias && c.is_power_of_two() && c < (1 << (width - 1)) => {
            return Some(signed_division_by_power_of_two(rw, a, c, ty));
        }
        // Shift and rotate counts are taken modulo the width.
        (Shl | ShrS | ShrU | Rotl | Rotr, Some(c)) if c >= width => {
            let k = rw.iconst(ty, c % width);
            return Some(Rewrite::Kind(binary(op, a, k)));
        }
        _ => {}
    }
    if a == b {
        match op {
            Sub | Xor => return Some(Rewrite::Value(zero)),
            And | Or => return Some(Rewrite::Value(a)),
            _ => {}
        }
    }
    // (x op c1) op c2  ->  x op (c1 op c2) for associative operations.
    if let (Some(c2), Some(InstKind::Binary { op: inner, args })) = (cb, rw.def(a).cloned()) {
        if let Some(c1) = bits(rw, args[1]) {
            let x = args[0];
            let combined = match (op, inner) {
                (Add, Add) => Some((Add, c1.wrapping_add(c2))),
                (Mul, Mul) => Some((Mul, c1.wrapping_mul(c2))),
                (And, And) => Some((And, c1 & c2)),
                (Or, Or) => Some((Or, c1 | c2)),
                (Xor, Xor) => Some((Xor, c1 ^ c2)),
                (Shl, Shl) | (ShrU, ShrU) if c1 < width && c2 < width => {
                    if c1 + c2 < width {
                        Some((op, c1 + c2))
                    } else {
                        return Some(Rewrite::Value(zero));
                    }
                }
                (ShrS, ShrS) if c1 < width && c2 < width => Some((ShrS, (c1 + c2).min(width - 1))),
                _ => None,
            };
            if let Some((op, c)) = combined {
                let c = rw.iconst(ty, c & ones);
                return Some(Rewrite::Kind(binary(op, x, c)));
            }
        }
    }
    // x & c where x has no bits outside c.
    if let (And, Some(c)) = (op, cb) {
        if let Some(known) = known_zero_high_bits(rw, a) {
            let kept = if known >= 64 { 0 } else { ones >> known };
            if kept & !c == 0 && kept & c == kept {
                return Some(Rewrite::Value(a));
            }
        }
    }
    None
}

/// `x / 2^k` rounding towards zero, without the division:
/// `(x + ((x >>s (w-1)) >>u (w-k))) >>s k`.
fn signed_division_by_power_of_two(rw: &mut Rewriter, x: lir::Value, c: u64, ty: Type) -> Rewrite {
    use BinaryOp::*;
    let width = ty.bits() as u64;
    let k = c.trailing_zeros() as u64;
    let sign_shift = rw.iconst(ty, width - 1);
    let sign = rw.emit(binary(ShrS, x, sign_shift), ty);
    let bias_shift = rw.iconst(ty, width - k);
    let bias = rw.emit(binary(ShrU, sign, bias_shift), ty);
    let biased = rw.emit(binary(Add, x, bias), ty);
    let k = rw.iconst(ty, k);
    Rewrite::Kind(binary(ShrS, biased, k))
}

/// How many high bits of `v` are known to be zero (at least), if any.
pub(super) fn known_zero_high_bits(rw: &Rewriter, v: lir::Value) -> Option<u32> {
    let ty = rw.ty(v);
    let width = ty.bits();
    match rw.def(v)? {
        InstKind::Load {
            width: w,
            signed: false,
            ty: t,
            ..
        } if w.bits() < t.bits() => Some(width - w.bits()),
        InstKind::Compare { .. } => Some(width - 1),
        InstKind::Unary {
            op: UnaryOp::Eqz, ..
        } => Some(width - 1),
        InstKind::Binary {
            op: BinaryOp::ShrU,
            args,
        } => bits(rw, args[1]).map(|c| (c % width as u64) as u32),
        InstKind::Binary {
            op: BinaryOp::And,
            args,
        } => bits(rw, args[1]).map(|c| c.leading_zeros() - (64 - width)),
        InstKind::Convert {
            op: lir::ConvertOp::ExtendU,
            ..
        } => Some(32),
        _ => None,
    }
}

fn float_binary(rw: &mut Rewriter, op: BinaryOp, a: lir::Value, b: lir::Value) -> Option<Rewrite> {
    // 2.0 * x  ->  x + x: the same result for every x, NaNs and signed zeros included.
    let two = |c: Option<Imm>| {
        c.is_some_and(|c| match c.ty() {
            Type::F32 => c.as_f32() == 2.0,
            _ => c.as_f64() == 2.0,
        })
    };
    if op == BinaryOp::Mul {
        if two(rw.konst(b)) {
            return Some(Rewrite::Kind(binary(BinaryOp::Add, a, a)));
        }
        if two(rw.konst(a)) {
            return Some(Rewrite::Kind(binary(BinaryOp::Add, b, b)));
        }
    }
    None
}

fn unary(rw: &mut Rewriter, op: UnaryOp, arg: lir::Value) -> Option<Rewrite> {
    let inner = rw.def(arg).cloned();
    match (op, inner) {
        // Sign-bit operations compose exactly.
        (
            UnaryOp::Neg,
            Some(InstKind::Unary {
                op: UnaryOp::Neg,
                arg: x,
            }),
        ) => Some(Rewrite::Value(x)),
        (
            UnaryOp::Abs,
            Some(InstKind::Unary {
                op: UnaryOp::Abs | UnaryOp::Neg,
                arg: x,
            }),
        ) => Some(Rewrite::Kind(InstKind::Unary {
            op: UnaryOp::Abs,
            arg: x,
        })),
        _ => None,
    }
}
