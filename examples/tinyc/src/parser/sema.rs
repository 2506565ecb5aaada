//! C's conversion rules on typed expressions: array and function decay, integer
//! promotions, the usual arithmetic conversions, assignment conversions, and the
//! typing of binary operators (pointer arithmetic scaled by the pointee size).

use super::Parser;
use crate::ast::{BinOp, CmpOp, Expr, ExprKind};
use crate::diagnostics::{Diag, PResult, Pos};
use crate::types::{promoted, usual_arith, Ty, INT, LONG};

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// Converts `e` to `ty` (a no-op when the types agree).
pub fn cast(e: Expr, ty: &Ty) -> Expr {
    if &e.ty == ty {
        return e;
    }
    let pos = e.pos;
    Expr::new(ExprKind::Cast(bx(e)), ty.clone(), pos)
}

/// Whether `e` is a null pointer constant (an integer constant 0, possibly cast to
/// `void *`).
pub fn is_null(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Int(0) => e.ty.is_int(),
        ExprKind::Cast(inner) => {
            (e.ty.is_int() || matches!(&e.ty, Ty::Ptr(t, _) if t.is_void())) && is_null(inner)
        }
        _ => false,
    }
}

/// Whether `e` designates an object that can be assigned.
pub fn is_lvalue(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Local(_) | ExprKind::Global(_) | ExprKind::Deref(_) | ExprKind::Str(_) => true,
        ExprKind::Member(base, _) => is_lvalue(base) || base.ty.is_struct(),
        _ => false,
    }
}

impl Parser<'_> {
    /// Array-to-pointer and function-to-pointer conversion.
    pub(super) fn decay(&mut self, e: Expr) -> Expr {
        match &e.ty {
            Ty::Array(elem, _) => {
                let ty = Ty::Ptr(elem.clone(), e.vol);
                let pos = e.pos;
                Expr::new(ExprKind::Decay(bx(e)), ty, pos)
            }
            Ty::Func(_) => {
                let ty = Ty::ptr_to(e.ty.clone());
                let pos = e.pos;
                Expr::new(ExprKind::Addr(bx(e)), ty, pos)
            }
            _ => e,
        }
    }

    /// An operand used for its value: decayed, and it must not be void.
    pub(super) fn rvalue(&mut self, e: Expr) -> PResult<Expr> {
        let e = self.decay(e);
        if e.ty.is_void() {
            return Err(Diag::new(e.pos, "void value not ignored as it ought to be"));
        }
        Ok(e)
    }

    pub(super) fn scalar(&mut self, e: Expr) -> PResult<Expr> {
        let e = self.rvalue(e)?;
        if !e.ty.is_scalar() {
            return Err(Diag::new(
                e.pos,
                format!(
                    "used type '{}' where arithmetic or pointer type is required",
                    self.prog.layouts.type_name(&e.ty)
                ),
            ));
        }
        Ok(e)
    }

    pub(super) fn arith(&mut self, e: Expr) -> PResult<Expr> {
        let e = self.rvalue(e)?;
        if !e.ty.is_arith() {
            return Err(Diag::new(
                e.pos,
                format!(
                    "invalid operand of type '{}' (arithmetic type required)",
                    self.prog.layouts.type_name(&e.ty)
                ),
            ));
        }
        Ok(e)
    }

    pub(super) fn integer(&mut self, e: Expr) -> PResult<Expr> {
        let e = self.rvalue(e)?;
        if !e.ty.is_int() {
            return Err(Diag::new(
                e.pos,
                format!(
                    "invalid operand of type '{}' (integer type required)",
                    self.prog.layouts.type_name(&e.ty)
                ),
            ));
        }
        Ok(e)
    }

    pub(super) fn promote(&mut self, e: Expr) -> Expr {
        let ty = promoted(&e.ty);
        cast(e, &ty)
    }

    /// Converts `e` as assignment does to `ty` (checking what C requires).
    pub(super) fn assign_conv(&mut self, e: Expr, ty: &Ty, pos: Pos) -> PResult<Expr> {
        let e = self.rvalue(e)?;
        let ok = match (ty, &e.ty) {
            (t, s) if t.is_arith() && s.is_arith() => true,
            (Ty::Ptr(..), Ty::Ptr(..)) => true,
            (Ty::Ptr(..), s) if s.is_int() => true,
            (t, Ty::Ptr(..)) if t.is_int() => true,
            (Ty::Struct(a), Ty::Struct(b)) => a == b,
            _ => false,
        };
        if !ok {
            let l = &self.prog.layouts;
            return Err(Diag::new(
                pos,
                format!(
                    "assigning to '{}' from incompatible type '{}'",
                    l.type_name(ty),
                    l.type_name(&e.ty)
                ),
            ));
        }
        Ok(cast(e, ty))
    }

    /// The default argument promotions (for variadic and unprototyped calls).
    pub(super) fn default_promote(&mut self, e: Expr) -> PResult<Expr> {
        let e = self.rvalue(e)?;
        Ok(match e.ty {
            Ty::Float => cast(e, &Ty::Double),
            Ty::Int(_) => self.promote(e),
            _ => e,
        })
    }

    fn scale_of(&self, ptr: &Ty, pos: Pos) -> PResult<u32> {
        let pointee = ptr.pointee().cloned().unwrap_or(Ty::Void);
        match pointee {
            Ty::Void | Ty::Func(_) => Ok(1),
            t => self
                .prog
                .layouts
                .size_of(&t)
                .ok_or_else(|| Diag::new(pos, "arithmetic on a pointer to an incomplete type")),
        }
    }

    /// `ptr ± idx`.
    pub(super) fn ptr_add(&mut self, ptr: Expr, idx: Expr, neg: bool, pos: Pos) -> PResult<Expr> {
        let scale = self.scale_of(&ptr.ty, pos)?;
        let ty = ptr.ty.clone();
        let idx = cast(idx, &LONG);
        Ok(Expr::new(
            ExprKind::PtrAdd {
                ptr: bx(ptr),
                idx: bx(idx),
                scale,
                neg,
            },
            ty,
            pos,
        ))
    }

    /// Types a binary operator (not assignment, `&&`, `||` or comma).
    pub(super) fn binary(&mut self, op: &str, a: Expr, b: Expr, pos: Pos) -> PResult<Expr> {
        let a = self.rvalue(a)?;
        let b = self.rvalue(b)?;
        let arith_op = |op: &str| match op {
            "+" => Some(BinOp::Add),
            "-" => Some(BinOp::Sub),
            "*" => Some(BinOp::Mul),
            "/" => Some(BinOp::Div),
            "%" => Some(BinOp::Rem),
            "&" => Some(BinOp::And),
            "|" => Some(BinOp::Or),
            "^" => Some(BinOp::Xor),
            "<<" => Some(BinOp::Shl),
            ">>" => Some(BinOp::Shr),
            _ => None,
        };
        let cmp_op = match op {
            "==" => Some(CmpOp::Eq),
            "!=" => Some(CmpOp::Ne),
            "<" => Some(CmpOp::Lt),
            "<=" => Some(CmpOp::Le),
            ">" => Some(CmpOp::Gt),
            ">=" => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(cop) = cmp_op {
            let (a, b) = match (&a.ty, &b.ty) {
                (x, y) if x.is_arith() && y.is_arith() => {
                    let t = usual_arith(x, y);
                    (cast(a, &t), cast(b, &t))
                }
                (Ty::Ptr(..), Ty::Ptr(..)) => {
                    let t = a.ty.clone();
                    (a, cast(b, &t))
                }
                (Ty::Ptr(..), y) if y.is_int() => {
                    let t = a.ty.clone();
                    (a, cast(b, &t))
                }
                (x, Ty::Ptr(..)) if x.is_int() => {
                    let t = b.ty.clone();
                    (cast(a, &t), b)
                }
                _ => return Err(self.bad_operands(op, &a, &b, pos)),
            };
            return Ok(Expr::new(ExprKind::Cmp(cop, bx(a), bx(b)), INT, pos));
        }
        let Some(bop) = arith_op(op) else {
            return Err(Diag::new(pos, format!("unknown operator '{op}'")));
        };
        match bop {
            BinOp::Add | BinOp::Sub if a.ty.is_ptr() || b.ty.is_ptr() => {
                if a.ty.is_ptr() && b.ty.is_int() {
                    return self.ptr_add(a, b, bop == BinOp::Sub, pos);
                }
                if bop == BinOp::Add && a.ty.is_int() && b.ty.is_ptr() {
                    return self.ptr_add(b, a, false, pos);
                }
                if bop == BinOp::Sub && a.ty.is_ptr() && b.ty.is_ptr() {
                    if a.ty.pointee() != b.ty.pointee() {
                        let names = &self.prog.layouts;
                        return Err(Diag::new(
                            pos,
                            format!(
                                "'{}' and '{}' are not pointers to compatible types",
                                names.type_name(&a.ty),
                                names.type_name(&b.ty)
                            ),
                        ));
                    }
                    let scale = self.scale_of(&a.ty, pos)?;
                    let t = a.ty.clone();
                    let b = cast(b, &t);
                    return Ok(Expr::new(ExprKind::PtrDiff(bx(a), bx(b), scale), LONG, pos));
                }
                Err(self.bad_operands(op, &a, &b, pos))
            }
            BinOp::Shl | BinOp::Shr => {
                if !a.ty.is_int() || !b.ty.is_int() {
                    return Err(self.bad_operands(op, &a, &b, pos));
                }
                let a = self.promote(a);
                let t = a.ty.clone();
                let b = cast(self.promote(b), &t);
                Ok(Expr::new(ExprKind::Binary(bop, bx(a), bx(b)), t, pos))
            }
            _ => {
                let ints_only = matches!(bop, BinOp::Rem | BinOp::And | BinOp::Or | BinOp::Xor);
                let ok = if ints_only {
                    a.ty.is_int() && b.ty.is_int()
                } else {
                    a.ty.is_arith() && b.ty.is_arith()
                };
                if !ok {
                    return Err(self.bad_operands(op, &a, &b, pos));
                }
                let t = usual_arith(&a.ty, &b.ty);
                let (a, b) = (cast(a, &t), cast(b, &t));
                Ok(Expr::new(ExprKind::Binary(bop, bx(a), bx(b)), t, pos))
            }
        }
    }

    fn bad_operands(&self, op: &str, a: &Expr, b: &Expr, pos: Pos) -> Diag {
        let l = &self.prog.layouts;
        Diag::new(
            pos,
            format!(
                "invalid operands to binary expression ('{}' {op} '{}')",
                l.type_name(&a.ty),
                l.type_name(&b.ty)
            ),
        )
    }
}
