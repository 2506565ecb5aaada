//! Constant evaluation of typed expressions: integer constant expressions (array
//! sizes, enum values, case labels) and the address constants of static
//! initializers (`&global + 4`, string literals, function designators), and
//! `offsetof`'s `&((T *)0)->member`.

use crate::ast::{BinOp, CmpOp, Expr, ExprKind, FuncId, GlobalId, StrId, UnOp};
use crate::layout::Layouts;
use crate::types::{IntKind, Ty};

/// What an address constant points into.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Base {
    Global(GlobalId),
    Str(StrId),
    Func(FuncId),
}

/// A constant value.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum CVal {
    Int(i64),
    Float(f64),
    Addr(Base, i64),
}

/// Normalizes integer bits `v` to the range of type `ty` (sign- or zero-extended).
pub fn wrap_to(v: i64, ty: &Ty) -> i64 {
    match ty {
        Ty::Int(IntKind::Bool) => (v != 0) as i64,
        Ty::Int(k) => match (k.size(), k.signed()) {
            (1, true) => v as i8 as i64,
            (1, false) => v as u8 as i64,
            (2, true) => v as i16 as i64,
            (2, false) => v as u16 as i64,
            (4, true) => v as i32 as i64,
            (4, false) => v as u32 as i64,
            _ => v,
        },
        Ty::Ptr(..) => v as u32 as i64,
        _ => v,
    }
}

/// The value of an integer constant expression.
pub fn int_value(e: &Expr, layouts: &Layouts) -> Option<i64> {
    match eval(e, layouts)? {
        CVal::Int(v) if e.ty.is_int() => Some(v),
        _ => None,
    }
}

fn float_to_int(f: f64, ty: &Ty) -> i64 {
    if matches!(ty, Ty::Int(IntKind::Bool)) {
        // A conversion to `_Bool` compares with zero; it does not truncate.
        return (f != 0.0) as i64;
    }
    let unsigned64 = matches!(ty, Ty::Int(IntKind::ULLong));
    let v = if unsigned64 {
        f as u64 as i64
    } else if ty.is_signed() {
        f as i64
    } else {
        f as u64 as i64
    };
    wrap_to(v, ty)
}

fn round_float(f: f64, ty: &Ty) -> f64 {
    if matches!(ty, Ty::Float) {
        f as f32 as f64
    } else {
        f
    }
}

/// An integer converted to `float` or `double`, rounded once: a 64-bit integer goes
/// straight to `float` (through `double` it could be rounded twice).
fn int_to_float(v: i64, from: &Ty, to: &Ty) -> f64 {
    let unsigned64 = matches!(from, Ty::Int(IntKind::ULLong));
    match (unsigned64, to) {
        (true, Ty::Float) => f64::from(v as u64 as f32),
        (false, Ty::Float) => f64::from(v as f32),
        (true, _) => v as u64 as f64,
        (false, _) => v as f64,
    }
}

/// Evaluates `e` if it is a constant.
pub fn eval(e: &Expr, layouts: &Layouts) -> Option<CVal> {
    Some(match &e.kind {
        ExprKind::Int(v) => CVal::Int(wrap_to(*v, &e.ty)),
        ExprKind::Float(f) => CVal::Float(round_float(*f, &e.ty)),
        ExprKind::Str(id) => CVal::Addr(Base::Str(*id), 0),
        ExprKind::Func(id) => CVal::Addr(Base::Func(*id), 0),
        ExprKind::Decay(inner) | ExprKind::Addr(inner) => address(inner, layouts)?,
        ExprKind::Cast(inner) => {
            let v = eval(inner, layouts)?;
            convert(v, &inner.ty, &e.ty)?
        }
        ExprKind::Unary(op, a) => match (op, eval(a, layouts)?) {
            (UnOp::Neg, CVal::Int(v)) => CVal::Int(wrap_to(v.wrapping_neg(), &e.ty)),
            (UnOp::Neg, CVal::Float(f)) => CVal::Float(-f),
            (UnOp::BitNot, CVal::Int(v)) => CVal::Int(wrap_to(!v, &e.ty)),
            (UnOp::LogNot, CVal::Int(v)) => CVal::Int((v == 0) as i64),
            (UnOp::LogNot, CVal::Float(f)) => CVal::Int((f == 0.0) as i64),
            (UnOp::LogNot, CVal::Addr(..)) => CVal::Int(0),
            _ => return None,
        },
        ExprKind::Binary(op, a, b) => binary(*op, eval(a, layouts)?, eval(b, layouts)?, &e.ty)?,
        ExprKind::Cmp(op, a, b) => {
            let (x, y) = (eval(a, layouts)?, eval(b, layouts)?);
            let ord = match (x, y) {
                (CVal::Int(x), CVal::Int(y)) => {
                    if a.ty.is_signed() {
                        x.partial_cmp(&y)
                    } else {
                        (x as u64).partial_cmp(&(y as u64))
                    }
                }
                (CVal::Float(x), CVal::Float(y)) => x.partial_cmp(&y),
                (CVal::Addr(p, x), CVal::Addr(q, y)) if p == q => x.partial_cmp(&y),
                // An address constant against the null pointer: never equal.
                (CVal::Addr(..), CVal::Int(0)) | (CVal::Int(0), CVal::Addr(..))
                    if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
                {
                    None
                }
                _ => return None,
            };
            use std::cmp::Ordering::*;
            let r = match (op, ord) {
                (CmpOp::Ne, None) => true,
                (_, None) => false,
                (CmpOp::Eq, Some(o)) => o == Equal,
                (CmpOp::Ne, Some(o)) => o != Equal,
                (CmpOp::Lt, Some(o)) => o == Less,
                (CmpOp::Le, Some(o)) => o != Greater,
                (CmpOp::Gt, Some(o)) => o == Greater,
                (CmpOp::Ge, Some(o)) => o != Less,
            };
            CVal::Int(r as i64)
        }
        ExprKind::PtrAdd {
            ptr,
            idx,
            scale,
            neg,
        } => {
            let CVal::Int(i) = eval(idx, layouts)? else {
                return None;
            };
            let d = i.wrapping_mul(*scale as i64);
            let d = if *neg { d.wrapping_neg() } else { d };
            match eval(ptr, layouts)? {
                CVal::Addr(b, o) => CVal::Addr(b, o.wrapping_add(d)),
                CVal::Int(p) => CVal::Int(wrap_to(p.wrapping_add(d), &e.ty)),
                _ => return None,
            }
        }
        ExprKind::PtrDiff(a, b, scale) => match (eval(a, layouts)?, eval(b, layouts)?) {
            (CVal::Addr(p, x), CVal::Addr(q, y)) if p == q && *scale > 0 => {
                CVal::Int((x - y) / *scale as i64)
            }
            (CVal::Int(x), CVal::Int(y)) if *scale > 0 => {
                CVal::Int(wrap_to(x.wrapping_sub(y), &Ty::Int(IntKind::Long)) / *scale as i64)
            }
            _ => return None,
        },
        ExprKind::LogAnd(a, b) | ExprKind::LogOr(a, b) => {
            let is_and = matches!(e.kind, ExprKind::LogAnd(..));
            let x = truth(eval(a, layouts)?);
            if x != is_and {
                CVal::Int(x as i64)
            } else {
                CVal::Int(truth(eval(b, layouts)?) as i64)
            }
        }
        ExprKind::Cond(c, a, b) => {
            if truth(eval(c, layouts)?) {
                eval(a, layouts)?
            } else {
                eval(b, layouts)?
            }
        }
        _ => return None,
    })
}

fn truth(v: CVal) -> bool {
    match v {
        CVal::Int(v) => v != 0,
        CVal::Float(f) => f != 0.0,
        CVal::Addr(..) => true,
    }
}

/// The address of an lvalue with static storage.
fn address(e: &Expr, layouts: &Layouts) -> Option<CVal> {
    match &e.kind {
        ExprKind::Global(id) => Some(CVal::Addr(Base::Global(*id), 0)),
        ExprKind::Str(id) => Some(CVal::Addr(Base::Str(*id), 0)),
        ExprKind::Func(id) => Some(CVal::Addr(Base::Func(*id), 0)),
        ExprKind::Member(base, off) => match address(base, layouts)? {
            CVal::Addr(b, o) => Some(CVal::Addr(b, o + *off as i64)),
            // A member of an object at a constant address: `&((T *)0)->m` is the
            // member's offset, as `offsetof` computes it.
            CVal::Int(p) => Some(CVal::Int(p.wrapping_add(*off as i64))),
            CVal::Float(_) => None,
        },
        ExprKind::Deref(p) => eval(p, layouts),
        _ => None,
    }
}

fn convert(v: CVal, from: &Ty, to: &Ty) -> Option<CVal> {
    Some(match (v, to) {
        (_, Ty::Void) => return None,
        (CVal::Int(x), t) if t.is_int() || t.is_ptr() => CVal::Int(wrap_to(x, t)),
        (CVal::Int(x), t) if t.is_float() => CVal::Float(int_to_float(x, from, t)),
        (CVal::Float(f), t) if t.is_int() => CVal::Int(float_to_int(f, t)),
        (CVal::Float(f), t) if t.is_float() => CVal::Float(round_float(f, t)),
        // An object's or function's address is never null.
        (CVal::Addr(..), Ty::Int(IntKind::Bool)) => CVal::Int(1),
        (CVal::Addr(b, o), t) if t.is_ptr() || matches!(t, Ty::Int(k) if k.size() >= 4) => {
            CVal::Addr(b, o)
        }
        _ => return None,
    })
}

fn binary(op: BinOp, a: CVal, b: CVal, ty: &Ty) -> Option<CVal> {
    match (a, b) {
        (CVal::Int(x), CVal::Int(y)) => {
            let signed = ty.is_signed();
            let bits = match ty {
                Ty::Int(k) => k.size() * 8,
                _ => 32,
            };
            let ux = if bits == 64 {
                x as u64
            } else {
                x as u64 & 0xffff_ffff
            };
            let uy = if bits == 64 {
                y as u64
            } else {
                y as u64 & 0xffff_ffff
            };
            let r = match op {
                BinOp::Add => x.wrapping_add(y),
                BinOp::Sub => x.wrapping_sub(y),
                BinOp::Mul => x.wrapping_mul(y),
                BinOp::Div | BinOp::Rem if y == 0 => return None,
                BinOp::Div if signed => x.wrapping_div(y),
                BinOp::Rem if signed => x.wrapping_rem(y),
                BinOp::Div => (ux / uy) as i64,
                BinOp::Rem => (ux % uy) as i64,
                BinOp::Shl => x.wrapping_shl((y as u32) % bits),
                BinOp::Shr if signed => x.wrapping_shr((y as u32) % bits),
                BinOp::Shr => (ux >> ((y as u32) % bits)) as i64,
                BinOp::And => x & y,
                BinOp::Or => x | y,
                BinOp::Xor => x ^ y,
            };
            Some(CVal::Int(wrap_to(r, ty)))
        }
        (CVal::Float(x), CVal::Float(y)) => {
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div => x / y,
                _ => return None,
            };
            // A NaN made from numbers is the positive quiet NaN, as C compilers fold it
            // (the host's own arithmetic may give the negative one, as x86 does).
            let r = if r.is_nan() && !x.is_nan() && !y.is_nan() {
                f64::NAN
            } else {
                r
            };
            Some(CVal::Float(round_float(r, ty)))
        }
        _ => None,
    }
}
