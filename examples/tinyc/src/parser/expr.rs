//! Expressions: precedence climbing over the binary operators, assignment and the
//! conditional operator, casts and unary operators, postfix operators (calls,
//! indexing, members, `++`/`--`) and primary expressions (names, literals, the
//! `va_*` built-ins and the `__lir_*` built-in functions).

use super::sema::{cast, is_lvalue};
use super::{libfold, Parser, Sym};
use crate::ast::{BinOp, Builtin, Expr, ExprKind, UnOp};
use crate::diagnostics::{Diag, PResult, Pos};
use crate::lexer::Tok;
use crate::types::{promoted, usual_arith, IntKind, Ty, INT, ULONG};

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" | "!=" => 6,
        "<" | "<=" | ">" | ">=" => 7,
        "<<" | ">>" => 8,
        "+" | "-" => 9,
        "*" | "/" | "%" => 10,
        _ => return None,
    })
}

/// The type of an integer literal (C11 6.4.4.1 on ILP32).
fn int_literal_type(value: u64, unsigned: bool, longs: u8, decimal: bool) -> IntKind {
    use IntKind::*;
    let candidates: &[IntKind] = match (unsigned, longs, decimal) {
        (false, 0, true) => &[Int, Long, LLong],
        (false, 0, false) => &[Int, UInt, Long, ULong, LLong, ULLong],
        (true, 0, _) => &[UInt, ULong, ULLong],
        (false, 1, true) => &[Long, LLong],
        (false, 1, false) => &[Long, ULong, LLong, ULLong],
        (true, 1, _) => &[ULong, ULLong],
        (false, _, true) => &[LLong],
        (false, _, false) => &[LLong, ULLong],
        (true, _, _) => &[ULLong],
    };
    let fits = |k: IntKind| {
        let bits = k.size() * 8;
        let max = if k.signed() {
            (1u64 << (bits - 1)) - 1
        } else if bits == 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        value <= max
    };
    candidates
        .iter()
        .copied()
        .find(|&k| fits(k))
        .unwrap_or(ULLong)
}

impl Parser<'_> {
    /// `expr , expr`
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        let mut e = self.assign()?;
        while self.is_p(",") {
            let pos = self.pos();
            self.advance();
            let r = self.assign()?;
            let r = self.decay(r);
            let ty = r.ty.clone();
            e = Expr::new(ExprKind::Comma(bx(e), bx(r)), ty, pos);
        }
        Ok(e)
    }

    /// Assignment expressions.
    pub(super) fn assign(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.assign_inner();
        self.leave();
        r
    }

    fn assign_inner(&mut self) -> PResult<Expr> {
        let lhs = self.conditional()?;
        let op = match self.peek() {
            Tok::Punct(
                p @ ("=" | "+=" | "-=" | "*=" | "/=" | "%=" | "<<=" | ">>=" | "&=" | "|=" | "^="),
            ) => *p,
            _ => return Ok(lhs),
        };
        let pos = self.pos();
        self.advance();
        self.check_assignable(&lhs, pos)?;
        let rhs = self.assign()?;
        let ty = lhs.ty.clone();
        if op == "=" {
            let rhs = self.assign_conv(rhs, &ty, pos)?;
            return Ok(Expr::new(ExprKind::Assign(bx(lhs), bx(rhs)), ty, pos));
        }
        let rhs = self.rvalue(rhs)?;
        let bop = match op {
            "+=" => BinOp::Add,
            "-=" => BinOp::Sub,
            "*=" => BinOp::Mul,
            "/=" => BinOp::Div,
            "%=" => BinOp::Rem,
            "<<=" => BinOp::Shl,
            ">>=" => BinOp::Shr,
            "&=" => BinOp::And,
            "|=" => BinOp::Or,
            _ => BinOp::Xor,
        };
        if ty.is_ptr() && matches!(bop, BinOp::Add | BinOp::Sub) && rhs.ty.is_int() {
            let probe = self.ptr_add(lhs.clone(), rhs, false, pos)?;
            let ExprKind::PtrAdd { idx, scale, .. } = probe.kind else {
                return Err(Diag::new(pos, "internal: pointer arithmetic"));
            };
            let kind = ExprKind::PtrCompound {
                lhs: bx(lhs),
                idx,
                scale,
                neg: bop == BinOp::Sub,
            };
            return Ok(Expr::new(kind, ty, pos));
        }
        let ints_only = matches!(
            bop,
            BinOp::Rem | BinOp::Shl | BinOp::Shr | BinOp::And | BinOp::Or | BinOp::Xor
        );
        let ok = if ints_only {
            ty.is_int() && rhs.ty.is_int()
        } else {
            ty.is_arith() && rhs.ty.is_arith()
        };
        if !ok {
            let l = &self.prog.layouts;
            return Err(Diag::new(
                pos,
                format!(
                    "invalid operands to binary expression ('{}' {op} '{}')",
                    l.type_name(&ty),
                    l.type_name(&rhs.ty)
                ),
            ));
        }
        let op_ty = if matches!(bop, BinOp::Shl | BinOp::Shr) {
            promoted(&ty)
        } else {
            usual_arith(&ty, &rhs.ty)
        };
        let rhs = cast(self.promote(rhs), &op_ty);
        let kind = ExprKind::CompoundAssign {
            op: bop,
            lhs: bx(lhs),
            rhs: bx(rhs),
            op_ty,
        };
        Ok(Expr::new(kind, ty, pos))
    }

    fn check_assignable(&self, e: &Expr, pos: Pos) -> PResult<()> {
        if !is_lvalue(e) || e.ty.is_array() || e.ty.is_func() || matches!(e.kind, ExprKind::Str(_))
        {
            return Err(Diag::new(pos, "expression is not assignable"));
        }
        if let ExprKind::Member(base, _) = &e.kind {
            if !is_lvalue(base) {
                return Err(Diag::new(pos, "expression is not assignable"));
            }
        }
        Ok(())
    }

    /// `c ? a : b` and everything tighter.
    pub(super) fn conditional(&mut self) -> PResult<Expr> {
        let c = self.binary_prec(1)?;
        if !self.is_p("?") {
            return Ok(c);
        }
        let pos = self.pos();
        self.advance();
        let c = self.scalar(c)?;
        let a = self.expr()?;
        self.expect_p(":")?;
        let b = self.conditional()?;
        let a = self.decay(a);
        let b = self.decay(b);
        let ty = match (&a.ty, &b.ty) {
            (x, y) if x.is_arith() && y.is_arith() => usual_arith(x, y),
            (Ty::Void, _) | (_, Ty::Void) => Ty::Void,
            (Ty::Ptr(..), Ty::Ptr(..)) => {
                if matches!(&a.ty, Ty::Ptr(t, _) if t.is_void()) && !super::sema::is_null(&a) {
                    a.ty.clone()
                } else if super::sema::is_null(&a) {
                    b.ty.clone()
                } else {
                    a.ty.clone()
                }
            }
            (Ty::Ptr(..), y) if y.is_int() => a.ty.clone(),
            (x, Ty::Ptr(..)) if x.is_int() => b.ty.clone(),
            (Ty::Struct(x), Ty::Struct(y)) if x == y => a.ty.clone(),
            _ => {
                let l = &self.prog.layouts;
                return Err(Diag::new(
                    pos,
                    format!(
                        "incompatible operand types ('{}' and '{}')",
                        l.type_name(&a.ty),
                        l.type_name(&b.ty)
                    ),
                ));
            }
        };
        let (a, b) = if ty.is_void() {
            (a, b)
        } else {
            (cast(a, &ty), cast(b, &ty))
        };
        Ok(Expr::new(ExprKind::Cond(bx(c), bx(a), bx(b)), ty, pos))
    }

    /// The binary operator next, if it binds at least as tightly as `min`.
    fn binary_op(&self, min: u8) -> Option<(&'static str, u8)> {
        match self.peek() {
            Tok::Punct(p) => precedence(p)
                .filter(|&prec| prec >= min)
                .map(|prec| (*p, prec)),
            _ => None,
        }
    }

    fn binary_prec(&mut self, min: u8) -> PResult<Expr> {
        let mut lhs = self.cast_expr()?;
        while let Some((op, prec)) = self.binary_op(min) {
            let pos = self.pos();
            self.advance();
            self.enter()?;
            let rhs = self.binary_prec(prec + 1);
            self.leave();
            let rhs = rhs?;
            lhs = match op {
                "&&" | "||" => {
                    let a = self.scalar(lhs)?;
                    let b = self.scalar(rhs)?;
                    let kind = if op == "&&" {
                        ExprKind::LogAnd(bx(a), bx(b))
                    } else {
                        ExprKind::LogOr(bx(a), bx(b))
                    };
                    Expr::new(kind, INT, pos)
                }
                _ => self.binary(op, lhs, rhs, pos)?,
            };
        }
        Ok(lhs)
    }

    /// `(type) expr` or a unary expression.
    fn cast_expr(&mut self) -> PResult<Expr> {
        if self.is_p("(") && self.is_type_start_at(1) {
            let pos = self.pos();
            self.advance();
            let ty = self.type_name()?;
            self.expect_p(")")?;
            if self.is_p("{") {
                return Err(self.err("compound literals are not supported by tinyc"));
            }
            self.enter()?;
            let e = self.cast_expr();
            self.leave();
            let e = e?;
            if ty.is_void() {
                let e = self.decay(e);
                return Ok(Expr::new(ExprKind::Cast(bx(e)), Ty::Void, pos));
            }
            let e = self.rvalue(e)?;
            if !ty.is_scalar()
                || !e.ty.is_scalar()
                || (ty.is_float() && e.ty.is_ptr())
                || (ty.is_ptr() && e.ty.is_float())
            {
                let l = &self.prog.layouts;
                return Err(Diag::new(
                    pos,
                    format!(
                        "cannot cast '{}' to '{}'",
                        l.type_name(&e.ty),
                        l.type_name(&ty)
                    ),
                ));
            }
            let mut c = Expr::new(ExprKind::Cast(bx(e)), ty, pos);
            if let ExprKind::Cast(inner) = &c.kind {
                if inner.ty == c.ty {
                    c = (**inner).clone();
                    c.pos = pos;
                }
            }
            return Ok(c);
        }
        self.unary()
    }

    fn is_type_start_at(&self, n: usize) -> bool {
        match self.peek_at(n) {
            Tok::Ident(name) => {
                matches!(
                    name.as_str(),
                    "void"
                        | "char"
                        | "short"
                        | "int"
                        | "long"
                        | "float"
                        | "double"
                        | "signed"
                        | "unsigned"
                        | "_Bool"
                        | "struct"
                        | "union"
                        | "enum"
                        | "const"
                        | "volatile"
                ) || matches!(self.lookup(name), Some(Sym::Typedef(..)))
            }
            _ => false,
        }
    }

    fn unary(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.unary_inner();
        self.leave();
        r
    }

    fn unary_inner(&mut self) -> PResult<Expr> {
        let pos = self.pos();
        let op = match self.peek() {
            Tok::Punct(p @ ("-" | "+" | "~" | "!" | "*" | "&" | "++" | "--")) => *p,
            Tok::Ident(n) if n == "sizeof" => {
                self.advance();
                return self.sizeof(pos);
            }
            Tok::Ident(n) if n == "_Alignof" => {
                self.advance();
                return self.alignof(pos);
            }
            _ => return self.postfix(),
        };
        self.advance();
        if op == "++" || op == "--" {
            let e = self.unary()?;
            return self.inc_dec(e, true, op == "++", pos);
        }
        let e = self.cast_expr()?;
        match op {
            "-" | "+" => {
                let e = self.arith(e)?;
                let e = self.promote(e);
                if op == "+" {
                    return Ok(e);
                }
                let ty = e.ty.clone();
                Ok(Expr::new(ExprKind::Unary(UnOp::Neg, bx(e)), ty, pos))
            }
            "~" => {
                let e = self.integer(e)?;
                let e = self.promote(e);
                let ty = e.ty.clone();
                Ok(Expr::new(ExprKind::Unary(UnOp::BitNot, bx(e)), ty, pos))
            }
            "!" => {
                let e = self.scalar(e)?;
                Ok(Expr::new(ExprKind::Unary(UnOp::LogNot, bx(e)), INT, pos))
            }
            "*" => self.deref(e, pos),
            _ => self.address_of(e, pos),
        }
    }

    pub(super) fn deref(&mut self, e: Expr, pos: Pos) -> PResult<Expr> {
        let e = self.rvalue(e)?;
        let Ty::Ptr(to, vol) = e.ty.clone() else {
            return Err(Diag::new(
                pos,
                format!(
                    "indirection requires pointer operand ('{}' invalid)",
                    self.prog.layouts.type_name(&e.ty)
                ),
            ));
        };
        if to.is_void() {
            return Err(Diag::new(pos, "dereferencing a 'void *' pointer"));
        }
        let mut d = Expr::new(ExprKind::Deref(bx(e)), *to, pos);
        d.vol = vol;
        Ok(d)
    }

    fn address_of(&mut self, e: Expr, pos: Pos) -> PResult<Expr> {
        if let ExprKind::Local(id) = e.kind {
            if let Some(f) = self.fun.as_mut() {
                f.locals[id].addr_taken = true;
            }
        }
        if !is_lvalue(&e) && !e.ty.is_func() {
            return Err(Diag::new(pos, "cannot take the address of an rvalue"));
        }
        if let ExprKind::Member(base, _) = &e.kind {
            if !is_lvalue(base) {
                return Err(Diag::new(pos, "cannot take the address of an rvalue"));
            }
        }
        let ty = Ty::Ptr(Box::new(e.ty.clone()), e.vol);
        Ok(Expr::new(ExprKind::Addr(bx(e)), ty, pos))
    }

    fn sizeof(&mut self, pos: Pos) -> PResult<Expr> {
        let ty = if self.is_p("(") && self.is_type_start_at(1) {
            self.advance();
            let t = self.type_name()?;
            self.expect_p(")")?;
            t
        } else {
            self.unary()?.ty
        };
        match self.prog.layouts.size_of(&ty) {
            Some(n) if !ty.is_func() => Ok(Expr::int(n as i64, ULONG, pos)),
            _ => Err(Diag::new(
                pos,
                format!(
                    "invalid application of 'sizeof' to an incomplete type '{}'",
                    self.prog.layouts.type_name(&ty)
                ),
            )),
        }
    }

    /// `_Alignof(TYPE)` (C11): the type's alignment, as `unsigned long`.
    fn alignof(&mut self, pos: Pos) -> PResult<Expr> {
        self.expect_p("(")?;
        let ty = self.type_name()?;
        self.expect_p(")")?;
        match self.prog.layouts.size_of(&ty) {
            Some(_) if !ty.is_func() => Ok(Expr::int(
                self.prog.layouts.align_of(&ty) as i64,
                ULONG,
                pos,
            )),
            _ => Err(Diag::new(
                pos,
                format!(
                    "invalid application of '_Alignof' to an incomplete type '{}'",
                    self.prog.layouts.type_name(&ty)
                ),
            )),
        }
    }

    fn inc_dec(&mut self, e: Expr, pre: bool, inc: bool, pos: Pos) -> PResult<Expr> {
        self.check_assignable(&e, pos)?;
        if !e.ty.is_scalar() {
            return Err(Diag::new(pos, "cannot increment value of this type"));
        }
        let mut delta = if e.ty.is_ptr() {
            let pointee = e.ty.pointee().cloned().unwrap_or(Ty::Void);
            match pointee {
                Ty::Void | Ty::Func(_) => 1,
                t => self.prog.layouts.size_of(&t).ok_or_else(|| {
                    Diag::new(pos, "arithmetic on a pointer to an incomplete type")
                })? as i64,
            }
        } else {
            1
        };
        if !inc {
            delta = -delta;
        }
        let ty = e.ty.clone();
        Ok(Expr::new(
            ExprKind::IncDec {
                lhs: bx(e),
                pre,
                delta,
            },
            ty,
            pos,
        ))
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        loop {
            let pos = self.pos();
            if self.eat_p("[") {
                let idx = self.expr()?;
                self.expect_p("]")?;
                let a = self.rvalue(e)?;
                let i = self.rvalue(idx)?;
                let (p, i) = if a.ty.is_int() && i.ty.is_ptr() {
                    (i, a)
                } else {
                    (a, i)
                };
                if !p.ty.is_ptr() || !i.ty.is_int() {
                    return Err(Diag::new(
                        pos,
                        "subscripted value is not an array or pointer",
                    ));
                }
                let sum = self.ptr_add(p, i, false, pos)?;
                e = self.deref(sum, pos)?;
            } else if self.eat_p("(") {
                e = self.call(e, pos)?;
            } else if self.is_p(".") || self.is_p("->") {
                let arrow = self.is_p("->");
                self.advance();
                let (name, npos) = self.ident()?;
                let base = if arrow { self.deref(e, pos)? } else { e };
                e = self.member(base, &name, npos)?;
            } else if self.is_p("++") || self.is_p("--") {
                let inc = self.is_p("++");
                self.advance();
                e = self.inc_dec(e, false, inc, pos)?;
            } else {
                return Ok(e);
            }
        }
    }

    fn member(&mut self, base: Expr, name: &str, pos: Pos) -> PResult<Expr> {
        let Ty::Struct(id) = base.ty else {
            return Err(Diag::new(
                pos,
                format!(
                    "member reference base type '{}' is not a structure or union",
                    self.prog.layouts.type_name(&base.ty)
                ),
            ));
        };
        let Some(m) = self.prog.layouts.member(id, name).cloned() else {
            return Err(Diag::new(
                pos,
                format!(
                    "no member named '{name}' in '{}'",
                    self.prog.layouts.type_name(&base.ty)
                ),
            ));
        };
        let vol = base.vol || m.volatile;
        let mut e = Expr::new(ExprKind::Member(bx(base), m.offset), m.ty, pos);
        e.vol = vol;
        Ok(e)
    }

    fn call(&mut self, callee: Expr, pos: Pos) -> PResult<Expr> {
        let mut args = Vec::new();
        if !self.eat_p(")") {
            loop {
                args.push(self.assign()?);
                if self.eat_p(")") {
                    break;
                }
                self.expect_p(",")?;
            }
        }
        let callee = self.rvalue(callee)?;
        let Some(fty) = callee.ty.func_ty().cloned() else {
            return Err(Diag::new(
                pos,
                format!(
                    "called object type '{}' is not a function or function pointer",
                    self.prog.layouts.type_name(&callee.ty)
                ),
            ));
        };
        if fty.has_proto {
            let n = fty.params.len();
            if args.len() < n || (args.len() > n && !fty.variadic) {
                let which = if args.len() < n { "few" } else { "many" };
                return Err(Diag::new(
                    pos,
                    format!(
                        "too {which} arguments to function call, expected {n}, have {}",
                        args.len()
                    ),
                ));
            }
        }
        let mut conv = Vec::new();
        for (k, a) in args.into_iter().enumerate() {
            let apos = a.pos;
            let a = match fty.params.get(k) {
                Some(pt) if fty.has_proto => self.assign_conv(a, pt, apos)?,
                _ => self.default_promote(a)?,
            };
            conv.push(a);
        }
        if fty.ret.is_struct() && self.prog.layouts.size_of(&fty.ret).is_none() {
            return Err(Diag::new(
                pos,
                "calling a function with an incomplete return type",
            ));
        }
        let ty = fty.ret.clone();
        if let Some(v) = libfold::fold_compare(self.prog, &callee, &conv) {
            return Ok(Expr::int(v, ty, pos));
        }
        Ok(Expr::new(
            ExprKind::Call {
                callee: bx(callee),
                args: conv,
                fty,
            },
            ty,
            pos,
        ))
    }

    fn builtin_call(&mut self, b: Builtin, pos: Pos) -> PResult<Expr> {
        use Builtin::*;
        let vp = Ty::ptr_to(Ty::Void);
        let (params, ret): (Vec<Ty>, Ty) = match b {
            SyscallRead | SyscallWrite => (vec![INT, vp.clone(), INT], INT),
            SyscallExit => (vec![INT], Ty::Void),
            MemorySize => (vec![], INT),
            MemoryGrow => (vec![INT], INT),
            HeapBase => (vec![], vp.clone()),
            MemoryCopy => (vec![vp.clone(), vp.clone(), ULONG], Ty::Void),
            MemoryFill => (vec![vp.clone(), INT, ULONG], Ty::Void),
            Sqrt | Fabs | Floor | Ceil => (vec![Ty::Double], Ty::Double),
        };
        self.expect_p("(")?;
        let mut args = Vec::new();
        if !self.eat_p(")") {
            loop {
                let a = self.assign()?;
                let apos = a.pos;
                let Some(pt) = params.get(args.len()) else {
                    return Err(Diag::new(
                        apos,
                        format!(
                            "too many arguments to function call, expected {}",
                            params.len()
                        ),
                    ));
                };
                let pt = pt.clone();
                args.push(self.assign_conv(a, &pt, apos)?);
                if self.eat_p(")") {
                    break;
                }
                self.expect_p(",")?;
            }
        }
        if args.len() != params.len() {
            return Err(Diag::new(
                pos,
                format!(
                    "too few arguments to function call, expected {}",
                    params.len()
                ),
            ));
        }
        Ok(Expr::new(ExprKind::Builtin(b, args), ret, pos))
    }

    /// `va_start(ap, last)`, `va_arg(ap, T)`, `va_end(ap)`, `va_copy(d, s)`.
    fn va_builtin(&mut self, name: &str, pos: Pos) -> PResult<Expr> {
        self.expect_p("(")?;
        let ap = self.assign()?;
        let apos = ap.pos;
        let check_ap = |p: &Parser, ap: &Expr| -> PResult<()> {
            if !is_lvalue(ap) || !ap.ty.is_ptr() {
                return Err(Diag::new(
                    apos,
                    "first argument to va_* must be a va_list variable",
                ));
            }
            let _ = p;
            Ok(())
        };
        check_ap(self, &ap)?;
        let e = match name {
            "va_start" => {
                if !self.fun.as_ref().is_some_and(|f| f.variadic) {
                    return Err(Diag::new(
                        pos,
                        "'va_start' used in function with fixed arguments",
                    ));
                }
                self.expect_p(",")?;
                let _last = self.assign()?;
                Expr::new(ExprKind::VaStart(bx(ap)), Ty::Void, pos)
            }
            "va_arg" => {
                self.expect_p(",")?;
                let ty = self.type_name()?;
                if !ty.is_scalar() {
                    return Err(Diag::new(
                        pos,
                        "va_arg of a non-scalar type is not supported by tinyc",
                    ));
                }
                Expr::new(ExprKind::VaArg(bx(ap)), ty, pos)
            }
            "va_copy" => {
                self.expect_p(",")?;
                let src = self.assign()?;
                let ty = ap.ty.clone();
                let src = self.assign_conv(src, &ty, pos)?;
                Expr::new(ExprKind::Assign(bx(ap), bx(src)), ty, pos)
            }
            _ => Expr::new(ExprKind::Cast(bx(ap)), Ty::Void, pos),
        };
        self.expect_p(")")?;
        Ok(e)
    }

    fn primary(&mut self) -> PResult<Expr> {
        let pos = self.pos();
        match self.peek().clone() {
            Tok::Int {
                value,
                unsigned,
                longs,
                decimal,
            } => {
                self.advance();
                let k = int_literal_type(value, unsigned, longs, decimal);
                Ok(Expr::int(value as i64, Ty::Int(k), pos))
            }
            Tok::Float(v, single) => {
                self.advance();
                let ty = if single { Ty::Float } else { Ty::Double };
                Ok(Expr::new(ExprKind::Float(v), ty, pos))
            }
            Tok::Char(c) => {
                self.advance();
                Ok(Expr::int(c, INT, pos))
            }
            Tok::Str(_) => {
                let mut bytes = Vec::new();
                while let Tok::Str(s) = self.peek() {
                    bytes.extend_from_slice(s);
                    self.advance();
                }
                Ok(self.string_literal(bytes, pos))
            }
            Tok::Punct("(") => {
                self.advance();
                if self.is_p("{") {
                    return Err(self.err("statement expressions are not supported by tinyc"));
                }
                let mut e = self.expr()?;
                self.expect_p(")")?;
                e.pos = pos;
                Ok(e)
            }
            Tok::Ident(name) => {
                let sym = self.lookup(&name);
                if sym.is_none() || matches!(sym, Some(Sym::Builtin(_))) {
                    let va = name.strip_prefix("__builtin_").unwrap_or(&name).to_string();
                    if matches!(va.as_str(), "va_start" | "va_arg" | "va_end" | "va_copy") {
                        self.advance();
                        return self.va_builtin(&va, pos);
                    }
                    if let Some((value, ty)) = float_builtin(&name) {
                        self.advance();
                        return self.float_builtin_call(&name, value, ty, pos);
                    }
                }
                let (name, pos) = self.ident()?;
                match sym {
                    Some(Sym::Local(id)) => {
                        let l = &self.fun.as_ref().map(|f| &f.locals[id]);
                        let (ty, vol) = l.map(|l| (l.ty.clone(), l.vol)).unwrap_or((INT, false));
                        let mut e = Expr::new(ExprKind::Local(id), ty, pos);
                        e.vol = vol;
                        Ok(e)
                    }
                    Some(Sym::Global(id)) => {
                        let g = &self.prog.globals[id];
                        let mut e = Expr::new(ExprKind::Global(id), g.ty.clone(), pos);
                        e.vol = g.vol;
                        Ok(e)
                    }
                    Some(Sym::Func(id)) => {
                        let ty = Ty::Func(self.prog.funcs[id].ty.clone());
                        Ok(Expr::new(ExprKind::Func(id), ty, pos))
                    }
                    Some(Sym::EnumConst(v, ty)) => Ok(Expr::int(v, ty, pos)),
                    Some(Sym::Builtin(b)) => self.builtin_call(b, pos),
                    Some(Sym::Typedef(..)) => Err(Diag::new(
                        pos,
                        format!("unexpected type name '{name}': expected expression"),
                    )),
                    // C99's predefined `static const char __func__[]`.
                    None if name == "__func__" && self.fun.is_some() => {
                        let fname = self.fun.as_ref().map_or(String::new(), |f| f.name.clone());
                        Ok(self.string_literal(fname.into_bytes(), pos))
                    }
                    None if self.is_p("(") => Err(Diag::new(
                        pos,
                        format!("call to undeclared function '{name}'"),
                    )),
                    None => Err(Diag::new(
                        pos,
                        format!("use of undeclared identifier '{name}'"),
                    )),
                }
            }
            _ => Err(self.err(format!("expected expression, found {}", self.describe()))),
        }
    }

    /// The arguments of a floating-point constant builtin (`__builtin_nanf("")`, whose
    /// argument must be an empty string as in `<math.h>`'s `NAN`; `__builtin_inf()`),
    /// after its name.
    fn float_builtin_call(&mut self, name: &str, value: f64, ty: Ty, pos: Pos) -> PResult<Expr> {
        self.expect_p("(")?;
        if name.contains("nan") {
            match self.peek().clone() {
                Tok::Str(payload) if payload.is_empty() => {
                    self.advance();
                }
                _ => {
                    return Err(self.err(format!(
                        "tinyc supports '{name}' only with an empty string (a quiet NaN)"
                    )))
                }
            }
        }
        self.expect_p(")")?;
        Ok(Expr::new(ExprKind::Float(value), ty, pos))
    }

    /// A string literal with contents `bytes` (its NUL is added): a `char` array.
    fn string_literal(&mut self, mut bytes: Vec<u8>, pos: Pos) -> Expr {
        bytes.push(0);
        let len = bytes.len() as u32;
        self.prog.strings.push(bytes);
        let id = self.prog.strings.len() - 1;
        let ty = Ty::Array(Box::new(Ty::Int(IntKind::Char)), Some(len));
        Expr::new(ExprKind::Str(id), ty, pos)
    }
}

/// The value and type of clang's floating-point constant builtins, which `<math.h>`'s
/// `NAN`, `INFINITY` and `HUGE_VAL` expand to: a positive quiet NaN, infinity.
fn float_builtin(name: &str) -> Option<(f64, Ty)> {
    Some(match name {
        "__builtin_nanf" => (f64::NAN, Ty::Float),
        "__builtin_nan" => (f64::NAN, Ty::Double),
        "__builtin_inff" | "__builtin_huge_valf" => (f64::INFINITY, Ty::Float),
        "__builtin_inf" | "__builtin_huge_val" => (f64::INFINITY, Ty::Double),
        _ => return None,
    })
}
