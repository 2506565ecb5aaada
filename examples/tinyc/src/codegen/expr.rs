//! Expressions: values of scalar expressions (addresses for aggregates), operators
//! with C's signedness, short-circuit and conditional operators through blocks with
//! parameters, assignments, `++`/`--`, and conditions compiled straight to branches.

use super::FnGen;
use crate::ast::{BinOp, CmpOp, Expr, ExprKind, UnOp};
use crate::consteval::{self, CVal};
use crate::types::Ty;
use lir::{Block, Type, Value};

impl FnGen<'_, '_> {
    /// Evaluates `e` for its side effects.
    pub fn expr_void(&mut self, e: &Expr) {
        self.expr(e);
    }

    /// The value of `e` (the address of an array, struct or function designator;
    /// a dummy i32 for void expressions).
    pub fn expr(&mut self, e: &Expr) -> Value {
        self.at(e.pos);
        if let Some(c) = self.folded_float_constant(e) {
            return c;
        }
        match &e.kind {
            ExprKind::Int(v) => match e.ty.lir() {
                Type::F32 => self.b.f32const(*v as f32),
                Type::F64 => self.b.f64const(*v as f64),
                t => self.b.iconst(t, *v),
            },
            ExprKind::Float(f) => match e.ty {
                Ty::Float => self.b.f32const(*f as f32),
                _ => self.b.f64const(*f),
            },
            ExprKind::Str(_) | ExprKind::Local(_) | ExprKind::Global(_) | ExprKind::Member(..) => {
                let lv = self.lvalue(e);
                self.load(&lv, &e.ty)
            }
            ExprKind::Deref(p) => {
                if e.ty.is_func() {
                    return self.expr(p);
                }
                let lv = self.lvalue(e);
                self.load(&lv, &e.ty)
            }
            ExprKind::Func(id) => match self.items.funcs[*id] {
                Some(f) => self.b.func_addr(f),
                None => self.b.iconst(Type::I32, 0),
            },
            ExprKind::Addr(inner) | ExprKind::Decay(inner) => match &inner.kind {
                ExprKind::Func(_) => self.expr(inner),
                ExprKind::Deref(p) => self.expr(p),
                _ => {
                    let lv = self.lvalue(inner);
                    self.lvalue_addr(lv)
                }
            },
            ExprKind::Unary(op, a) => {
                let v = self.expr(a);
                self.at(e.pos);
                match (op, a.ty.lir()) {
                    (UnOp::Neg, Type::F32 | Type::F64) => self.b.neg(v),
                    (UnOp::Neg, _) => self.b.sub(0, v),
                    (UnOp::BitNot, _) => self.b.xor(v, -1),
                    (UnOp::LogNot, Type::F32) => self.b.eq(v, 0.0f32),
                    (UnOp::LogNot, Type::F64) => self.b.eq(v, 0.0),
                    (UnOp::LogNot, _) => self.b.eqz(v),
                }
            }
            ExprKind::Binary(op, a, b) => {
                let x = self.expr(a);
                let y = self.expr(b);
                self.at(e.pos);
                self.arith(*op, x, y, &e.ty)
            }
            ExprKind::Cmp(op, a, b) => {
                let x = self.expr(a);
                let y = self.expr(b);
                self.at(e.pos);
                self.compare(*op, x, y, &a.ty)
            }
            ExprKind::PtrAdd {
                ptr,
                idx,
                scale,
                neg,
            } => {
                let p = self.expr(ptr);
                let i = self.expr(idx);
                self.at(e.pos);
                self.offset(p, i, *scale, *neg)
            }
            ExprKind::PtrDiff(a, b, scale) => {
                let x = self.expr(a);
                let y = self.expr(b);
                self.at(e.pos);
                let d = self.b.sub(x, y);
                if *scale > 1 {
                    self.b.div_s(d, *scale as i64)
                } else {
                    d
                }
            }
            ExprKind::LogAnd(..) | ExprKind::LogOr(..) => {
                let merge = self.b.create_block();
                let result = self.b.append_block_param(merge, Type::I32);
                let (t, f) = (self.b.create_block(), self.b.create_block());
                self.branch(e, t, f);
                for (block, v) in [(t, 1), (f, 0)] {
                    self.b.switch_to_block(block);
                    self.b.seal_block(block);
                    let c = self.b.iconst(Type::I32, v);
                    self.b.jump(merge, &[c]);
                }
                self.b.switch_to_block(merge);
                self.b.seal_block(merge);
                result
            }
            ExprKind::Cond(c, a, b) => self.conditional(e, c, a, b),
            ExprKind::Comma(a, b) => {
                self.expr_void(a);
                self.expr(b)
            }
            ExprKind::Assign(lhs, rhs) => {
                let lv = self.lvalue(lhs);
                let v = self.expr(rhs);
                self.at(e.pos);
                self.store(&lv, &lhs.ty, v);
                if lhs.ty.is_struct() {
                    return self.lvalue_addr(lv);
                }
                v
            }
            ExprKind::CompoundAssign {
                op,
                lhs,
                rhs,
                op_ty,
            } => {
                let lv = self.lvalue(lhs);
                let old = self.load(&lv, &lhs.ty);
                let a = self.convert(old, &lhs.ty, op_ty);
                let r = self.expr(rhs);
                self.at(e.pos);
                let res = self.arith(*op, a, r, op_ty);
                let nv = self.convert(res, op_ty, &lhs.ty);
                self.store(&lv, &lhs.ty, nv);
                nv
            }
            ExprKind::PtrCompound {
                lhs,
                idx,
                scale,
                neg,
            } => {
                let lv = self.lvalue(lhs);
                let old = self.load(&lv, &lhs.ty);
                let i = self.expr(idx);
                self.at(e.pos);
                let nv = self.offset(old, i, *scale, *neg);
                self.store(&lv, &lhs.ty, nv);
                nv
            }
            ExprKind::IncDec { lhs, pre, delta } => {
                let lv = self.lvalue(lhs);
                let old = self.load(&lv, &lhs.ty);
                self.at(e.pos);
                let nv = match lhs.ty.lir() {
                    Type::F32 => self.b.add(old, *delta as f32),
                    Type::F64 => self.b.add(old, *delta as f64),
                    _ => {
                        let sum = self.b.add(old, *delta);
                        self.normalize(sum, &lhs.ty)
                    }
                };
                self.store(&lv, &lhs.ty, nv);
                if *pre {
                    nv
                } else {
                    old
                }
            }
            ExprKind::Call { callee, args, fty } => self.call(e, callee, args, fty),
            ExprKind::Builtin(b, args) => self.builtin(e, *b, args),
            ExprKind::VaStart(ap) => {
                let lv = self.lvalue(ap);
                let area = match self.va_area {
                    Some(a) => a,
                    None => self.b.iconst(Type::PTR, 0),
                };
                self.store(&lv, &ap.ty, area);
                self.b.iconst(Type::I32, 0)
            }
            ExprKind::VaArg(ap) => {
                let lv = self.lvalue(ap);
                let p = self.load(&lv, &ap.ty);
                self.at(e.pos);
                let v = match e.ty.lir() {
                    Type::I32 => {
                        let raw = self.b.load(Type::I32, p, 0);
                        self.normalize(raw, &e.ty)
                    }
                    t => self.b.load(t, p, 0),
                };
                let next = self.b.add(p, 8);
                self.store(&lv, &ap.ty, next);
                v
            }
            ExprKind::Cast(inner) => {
                let v = self.expr(inner);
                if e.ty.is_void() {
                    return self.b.iconst(Type::I32, 0);
                }
                self.at(e.pos);
                self.convert(v, &inner.ty, &e.ty)
            }
        }
    }

    /// A floating-point constant expression (arithmetic, negation or conversion of
    /// constants), as the constant C compilers fold it to, also without optimizing.
    /// The NaNs are what makes it differ from computing it: LIR leaves the NaN that
    /// arithmetic or `promote`/`demote` make unspecified (compiled code on x86 gives the
    /// negative one, the optimizer and the interpreter the positive one), while
    /// clang's builds print `nan` for `0.0/0.0` and `-nan` for `-NAN` at every level.
    fn folded_float_constant(&mut self, e: &Expr) -> Option<Value> {
        if !e.ty.is_float()
            || !matches!(
                e.kind,
                ExprKind::Unary(..) | ExprKind::Binary(..) | ExprKind::Cast(_)
            )
        {
            return None;
        }
        let CVal::Float(x) = consteval::eval(e, &self.prog.layouts)? else {
            return None;
        };
        Some(match e.ty {
            Ty::Float => self.b.f32const(x as f32),
            _ => self.b.f64const(x),
        })
    }

    /// `p ± i * scale`.
    fn offset(&mut self, p: Value, i: Value, scale: u32, neg: bool) -> Value {
        let i = if self.b.function().value_type(i) == Type::I64 {
            self.b.wrap(i)
        } else {
            i
        };
        let d = if scale == 1 {
            i
        } else {
            self.b.mul(i, scale as i64)
        };
        if neg {
            self.b.sub(p, d)
        } else {
            self.b.add(p, d)
        }
    }

    /// A binary arithmetic operator on operands of type `ty`.
    pub fn arith(&mut self, op: BinOp, x: Value, y: Value, ty: &Ty) -> Value {
        let float = ty.is_float();
        let signed = ty.is_signed();
        let b = &mut self.b;
        match op {
            BinOp::Add => b.add(x, y),
            BinOp::Sub => b.sub(x, y),
            BinOp::Mul => b.mul(x, y),
            BinOp::Div if float => b.div(x, y),
            BinOp::Div if signed => b.div_s(x, y),
            BinOp::Div => b.div_u(x, y),
            BinOp::Rem if signed => b.rem_s(x, y),
            BinOp::Rem => b.rem_u(x, y),
            BinOp::Shl => b.shl(x, y),
            BinOp::Shr if signed => b.shr_s(x, y),
            BinOp::Shr => b.shr_u(x, y),
            BinOp::And => b.and(x, y),
            BinOp::Or => b.or(x, y),
            BinOp::Xor => b.xor(x, y),
        }
    }

    /// A comparison of operands of type `ty` (0 or 1).
    pub fn compare(&mut self, op: CmpOp, x: Value, y: Value, ty: &Ty) -> Value {
        let float = ty.is_float();
        let signed = ty.is_signed() && !float;
        let b = &mut self.b;
        match op {
            CmpOp::Eq => b.eq(x, y),
            CmpOp::Ne => b.ne(x, y),
            CmpOp::Lt if float => b.lt(x, y),
            CmpOp::Le if float => b.le(x, y),
            CmpOp::Gt if float => b.gt(x, y),
            CmpOp::Ge if float => b.ge(x, y),
            CmpOp::Lt if signed => b.lt_s(x, y),
            CmpOp::Le if signed => b.le_s(x, y),
            CmpOp::Gt if signed => b.gt_s(x, y),
            CmpOp::Ge if signed => b.ge_s(x, y),
            CmpOp::Lt => b.lt_u(x, y),
            CmpOp::Le => b.le_u(x, y),
            CmpOp::Gt => b.gt_u(x, y),
            CmpOp::Ge => b.ge_u(x, y),
        }
    }

    fn conditional(&mut self, e: &Expr, c: &Expr, a: &Expr, b: &Expr) -> Value {
        let (t, f) = (self.b.create_block(), self.b.create_block());
        let merge = self.b.create_block();
        let result = if e.ty.is_void() {
            None
        } else {
            Some(self.b.append_block_param(merge, e.ty.lir()))
        };
        self.branch(c, t, f);
        for (block, arm) in [(t, a), (f, b)] {
            self.b.switch_to_block(block);
            self.b.seal_block(block);
            let v = self.expr(arm);
            if result.is_some() {
                self.b.jump(merge, &[v]);
            } else {
                self.b.jump(merge, &[]);
            }
        }
        self.b.switch_to_block(merge);
        self.b.seal_block(merge);
        match result {
            Some(v) => v,
            None => self.b.iconst(Type::I32, 0),
        }
    }

    /// The truth value of a scalar `e` as an i32 (nonzero for true).
    pub fn truth(&mut self, e: &Expr) -> Value {
        let v = self.expr(e);
        match e.ty.lir() {
            Type::I64 => self.b.ne(v, 0),
            Type::F32 => self.b.ne(v, 0.0f32),
            Type::F64 => self.b.ne(v, 0.0),
            _ => v,
        }
    }

    /// Branches to `t` if the scalar `e` is true, else to `f`.
    pub fn branch(&mut self, e: &Expr, t: Block, f: Block) {
        match &e.kind {
            ExprKind::LogAnd(a, b) | ExprKind::LogOr(a, b) => {
                let mid = self.b.create_block();
                if matches!(e.kind, ExprKind::LogAnd(..)) {
                    self.branch(a, mid, f);
                } else {
                    self.branch(a, t, mid);
                }
                self.b.switch_to_block(mid);
                self.b.seal_block(mid);
                self.branch(b, t, f);
            }
            ExprKind::Unary(UnOp::LogNot, a) => self.branch(a, f, t),
            ExprKind::Int(v) => {
                self.at(e.pos);
                self.b.jump(if *v != 0 { t } else { f }, &[]);
            }
            _ => {
                let c = self.truth(e);
                self.at(e.pos);
                self.b.br_if(c, t, &[], f, &[]);
            }
        }
    }
}
