//! Calls: direct calls and `call_indirect` through function pointers, with the
//! calling convention of [`super::lower_sig`] (hidden struct-result pointer, struct
//! arguments copied to the caller's frame and passed by address, variadic arguments
//! stored in 8-byte slots of a caller buffer passed last), and the `__lir_*`
//! built-in functions lowered to LIR instructions.

use super::lvalue::LVal;
use super::{lower_sig, FnGen};
use crate::ast::{Builtin, Expr, ExprKind};
use crate::types::{FuncTy, Ty};
use lir::{Syscall, Type, Value};
use std::rc::Rc;

impl FnGen<'_, '_> {
    pub fn call(&mut self, e: &Expr, callee: &Expr, args: &[Expr], fty: &Rc<FuncTy>) -> Value {
        let direct = match &callee.kind {
            ExprKind::Func(id) => Some(*id),
            ExprKind::Addr(inner) => match inner.kind {
                ExprKind::Func(id) => Some(id),
                _ => None,
            },
            _ => None,
        };
        let sig_ty = match direct {
            Some(id) => self.prog.funcs[id].ty.clone(),
            // Through a pointer to an unprototyped function: the promoted arguments
            // make the signature.
            None if !fty.has_proto => Rc::new(FuncTy {
                ret: fty.ret.clone(),
                params: args.iter().map(|a| a.ty.clone()).collect(),
                variadic: false,
                has_proto: true,
            }),
            None => fty.clone(),
        };
        let mut vals = Vec::new();
        let sret = if sig_ty.ret.is_struct() {
            let slot = self.slot_for(&sig_ty.ret);
            vals.push(slot);
            Some(slot)
        } else {
            None
        };
        let fixed = sig_ty.params.len();
        let extra = args.len().saturating_sub(fixed);
        let va_buf = if sig_ty.variadic {
            Some(self.b.stack_slot((extra as u32 * 8).max(8), Some(8)))
        } else {
            None
        };
        let indirect = match direct {
            Some(_) => None,
            None => Some(self.expr(callee)),
        };
        for (i, a) in args.iter().enumerate() {
            let v = self.expr(a);
            if let Some(pt) = sig_ty.params.get(i) {
                if pt.is_struct() {
                    let copy = self.slot_for(pt);
                    let size = self.size_of(pt);
                    self.b.memory_copy(copy, v, size as i64);
                    vals.push(copy);
                } else {
                    let c = self.convert(v, &a.ty, pt);
                    vals.push(c);
                }
            } else if let Some(buf) = va_buf {
                let off = ((i - fixed) * 8) as u32;
                let lv = LVal::Mem {
                    addr: buf,
                    off,
                    vol: false,
                };
                let ty = if a.ty.is_struct() {
                    Ty::ptr_to(Ty::Void)
                } else {
                    a.ty.clone()
                };
                self.store(&lv, &ty, v);
            }
        }
        // Unprototyped calls with too few arguments: pad (the behaviour is undefined).
        for pt in sig_ty.params.iter().skip(args.len()) {
            let z = self.zero(pt);
            vals.push(z);
        }
        if let Some(buf) = va_buf {
            vals.push(buf);
        }
        self.at(e.pos);
        let results = match (direct, indirect) {
            (Some(id), _) => match self.items.funcs[id] {
                Some(f) => self.b.call(f, &vals),
                None => Vec::new(),
            },
            (None, Some(fp)) => {
                let sig = lower_sig(&sig_ty);
                self.b.call_indirect(&sig, fp, &vals)
            }
            (None, None) => Vec::new(),
        };
        if let Some(slot) = sret {
            return slot;
        }
        match results.first() {
            Some(&v) => v,
            None => self.zero(&e.ty),
        }
    }

    pub fn builtin(&mut self, e: &Expr, b: Builtin, args: &[Expr]) -> Value {
        let vals: Vec<Value> = args.iter().map(|a| self.expr(a)).collect();
        self.at(e.pos);
        let arg = |i: usize| vals.get(i).copied();
        let zero = self.b.iconst(Type::I32, 0);
        let a0 = arg(0).unwrap_or(zero);
        let a1 = arg(1).unwrap_or(zero);
        let a2 = arg(2).unwrap_or(zero);
        use Builtin::*;
        match b {
            SyscallRead | SyscallWrite => {
                let call = if b == SyscallRead {
                    Syscall::Read
                } else {
                    Syscall::Write
                };
                let r = self.b.syscall(call, &[a0.into(), a1.into(), a2.into()]);
                r.unwrap_or(zero)
            }
            SyscallExit => {
                self.b.syscall(Syscall::Exit, &[a0.into()]);
                self.b.trap();
                self.ensure_open();
                zero
            }
            MemorySize => self.b.memory_size(),
            MemoryGrow => self.b.memory_grow(a0),
            HeapBase => self.b.heap_base(),
            MemoryCopy => {
                self.b.memory_copy(a0, a1, a2);
                zero
            }
            MemoryFill => {
                self.b.memory_fill(a0, a1, a2);
                zero
            }
            Sqrt => self.b.sqrt(a0),
            Fabs => self.b.abs(a0),
            Floor => self.b.floor(a0),
            Ceil => self.b.ceil(a0),
        }
    }
}
