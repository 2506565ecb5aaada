//! Comparison rules: constants moved right, trivial comparisons, `eqz` chains and
//! negated integer comparisons, boolean `select`s, and conditions of `select` and
//! `br_if` that test `ne %b, 0` or `eqz`.
//!
//! Float comparisons are never inverted (`eqz (lt a, b)` is not `ge a, b` when a
//! NaN is involved).

use super::arith::known_zero_high_bits;
use super::{bits, Rewrite, Rewriter};
use lir::{CompareOp, InstKind, Type, UnaryOp, Value};

pub(super) fn simplify(rw: &mut Rewriter, kind: &InstKind) -> Option<Rewrite> {
    match kind {
        InstKind::Compare { op, args } => compare(rw, *op, args[0], args[1]),
        InstKind::Unary {
            op: UnaryOp::Eqz,
            arg,
        } => eqz(rw, *arg),
        InstKind::Select { args } => select(rw, args[0], args[1], args[2]),
        InstKind::BrIf {
            cond,
            then_dest,
            else_dest,
        } => {
            let (c, swap) = condition(rw, *cond)?;
            let (t, e) = if swap {
                (else_dest.clone(), then_dest.clone())
            } else {
                (then_dest.clone(), else_dest.clone())
            };
            Some(Rewrite::Kind(InstKind::BrIf {
                cond: c,
                then_dest: t,
                else_dest: e,
            }))
        }
        _ => None,
    }
}

/// Whether `v` is 0 or 1 (an i32 boolean).
fn is_boolean(rw: &Rewriter, v: Value) -> bool {
    rw.ty(v) == Type::I32 && known_zero_high_bits(rw, v) == Some(31)
}

fn compare(rw: &mut Rewriter, op: CompareOp, a: Value, b: Value) -> Option<Rewrite> {
    use CompareOp::*;
    let ty = rw.ty(a);
    let (ca, cb) = (bits(rw, a), bits(rw, b));
    if ca.is_some() && cb.is_none() {
        return Some(Rewrite::Kind(InstKind::Compare {
            op: op.swapped(),
            args: [b, a],
        }));
    }
    if !ty.is_int() {
        return None;
    }
    if a == b {
        let truth = matches!(op, Eq | LeS | LeU | GeS | GeU);
        let v = rw.iconst(Type::I32, truth as u64);
        return Some(Rewrite::Value(v));
    }
    match (op, cb) {
        (LtU, Some(0)) => Some(Rewrite::Value(rw.iconst(Type::I32, 0))),
        (GeU, Some(0)) => Some(Rewrite::Value(rw.iconst(Type::I32, 1))),
        (GtU | Ne, Some(0)) if is_boolean(rw, a) => Some(Rewrite::Value(a)),
        (GtU, Some(0)) => Some(Rewrite::Kind(InstKind::Compare {
            op: Ne,
            args: [a, b],
        })),
        (LeU | Eq, Some(0)) => Some(Rewrite::Kind(InstKind::Unary {
            op: UnaryOp::Eqz,
            arg: a,
        })),
        _ => None,
    }
}

fn eqz(rw: &mut Rewriter, arg: Value) -> Option<Rewrite> {
    match rw.def(arg).cloned()? {
        InstKind::Compare { op, args } if rw.ty(args[0]).is_int() => {
            Some(Rewrite::Kind(InstKind::Compare {
                op: op.inverse(rw.ty(args[0]))?,
                args,
            }))
        }
        InstKind::Unary {
            op: UnaryOp::Eqz,
            arg: inner,
        } if is_boolean(rw, inner) => Some(Rewrite::Value(inner)),
        _ => None,
    }
}

fn select(rw: &mut Rewriter, c: Value, a: Value, b: Value) -> Option<Rewrite> {
    if a == b {
        return Some(Rewrite::Value(a));
    }
    if let Some(k) = bits(rw, c) {
        return Some(Rewrite::Value(if k != 0 { a } else { b }));
    }
    if let Some((cond, swap)) = condition(rw, c) {
        let (a, b) = if swap { (b, a) } else { (a, b) };
        return Some(Rewrite::Kind(InstKind::Select { args: [cond, a, b] }));
    }
    // A boolean chosen by a boolean.
    if rw.ty(a) == Type::I32 && is_boolean(rw, c) {
        match (bits(rw, a), bits(rw, b)) {
            (Some(1), Some(0)) => return Some(Rewrite::Value(c)),
            (Some(0), Some(1)) => {
                return Some(Rewrite::Kind(InstKind::Unary {
                    op: UnaryOp::Eqz,
                    arg: c,
                }))
            }
            _ => {}
        }
    }
    None
}

/// A simpler condition testing the same thing as `c` (with the arms swapped if the
/// second is true): `eqz %x` tests `%x` swapped, `ne %x, 0` tests `%x`.
fn condition(rw: &Rewriter, c: Value) -> Option<(Value, bool)> {
    match rw.def(c)? {
        InstKind::Unary {
            op: UnaryOp::Eqz,
            arg,
        } if rw.ty(*arg) == Type::I32 => Some((*arg, true)),
        InstKind::Compare {
            op: CompareOp::Ne,
            args,
        } if rw.ty(args[0]) == Type::I32 && bits(rw, args[1]) == Some(0) => Some((args[0], false)),
        _ => None,
    }
}
