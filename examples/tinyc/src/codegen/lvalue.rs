//! Lvalues: where an object lives (an SSA variable or memory at an address plus a
//! constant offset, possibly volatile), and typed loads and stores of C objects
//! (narrow integers sign- or zero-extended, structs copied with `memory.copy`).

use super::{FnGen, Storage};
use crate::ast::{Expr, ExprKind};
use crate::types::Ty;
use lir::builder::Variable;
use lir::{MemArg, MemWidth, Type, Value};

/// A place holding a C object.
#[derive(Clone, Copy, Debug)]
pub enum LVal {
    Var(Variable),
    Mem { addr: Value, off: u32, vol: bool },
}

impl FnGen<'_, '_> {
    pub fn local_lvalue(&mut self, id: usize, vol: bool) -> LVal {
        match self.locals[id] {
            Storage::Var(v) => LVal::Var(v),
            Storage::Mem(addr) => LVal::Mem { addr, off: 0, vol },
        }
    }

    /// The place `e` designates (for aggregates that are not lvalues, such as a
    /// call returning a struct, the memory holding the value).
    pub fn lvalue(&mut self, e: &Expr) -> LVal {
        match &e.kind {
            ExprKind::Local(id) => self.local_lvalue(*id, e.vol),
            ExprKind::Global(id) => {
                let addr = match self.items.globals[*id] {
                    Some(d) => self.b.data_addr(d, 0),
                    None => self.b.iconst(Type::PTR, 0),
                };
                LVal::Mem {
                    addr,
                    off: 0,
                    vol: e.vol,
                }
            }
            ExprKind::Str(id) => {
                let addr = match self.items.strings.get(id) {
                    Some(&(d, at)) => self.b.data_addr(d, at),
                    None => self.b.iconst(Type::PTR, 0),
                };
                LVal::Mem {
                    addr,
                    off: 0,
                    vol: false,
                }
            }
            ExprKind::Deref(p) => {
                let addr = self.expr(p);
                LVal::Mem {
                    addr,
                    off: 0,
                    vol: e.vol,
                }
            }
            ExprKind::Member(base, off) => match self.lvalue(base) {
                LVal::Mem { addr, off: o, vol } => LVal::Mem {
                    addr,
                    off: o.wrapping_add(*off),
                    vol: vol || e.vol,
                },
                LVal::Var(_) => {
                    // Structs always live in memory; not reached.
                    let addr = self.expr(base);
                    LVal::Mem {
                        addr,
                        off: *off,
                        vol: e.vol,
                    }
                }
            },
            _ => {
                let addr = self.expr(e);
                LVal::Mem {
                    addr,
                    off: 0,
                    vol: e.vol,
                }
            }
        }
    }

    /// The address of an lvalue in memory.
    pub fn lvalue_addr(&mut self, lv: LVal) -> Value {
        match lv {
            LVal::Mem { addr, off: 0, .. } => addr,
            LVal::Mem { addr, off, .. } => self.b.add(addr, off as i64),
            LVal::Var(_) => self.b.iconst(Type::PTR, 0),
        }
    }

    fn mem(off: u32, vol: bool) -> MemArg {
        let m = MemArg::offset(off);
        if vol {
            m.volatile()
        } else {
            m
        }
    }

    /// The value of the object at `lv` (an address for arrays and structs).
    pub fn load(&mut self, lv: &LVal, ty: &Ty) -> Value {
        let (addr, off, vol) = match *lv {
            LVal::Var(v) => return self.b.use_var(v),
            LVal::Mem { addr, off, vol } => (addr, off, vol),
        };
        let m = Self::mem(off, vol);
        match ty {
            Ty::Array(..) | Ty::Struct(_) | Ty::Func(_) => self.lvalue_addr(*lv),
            Ty::Int(k) if k.size() == 1 => {
                self.b
                    .load_ext(Type::I32, MemWidth::W8, k.signed(), addr, m)
            }
            Ty::Int(k) if k.size() == 2 => {
                self.b
                    .load_ext(Type::I32, MemWidth::W16, k.signed(), addr, m)
            }
            Ty::Void => self.b.iconst(Type::I32, 0),
            t => self.b.load(t.lir(), addr, m),
        }
    }

    /// Stores `v` (of C type `ty`; an address for structs) into `lv`.
    pub fn store(&mut self, lv: &LVal, ty: &Ty, v: Value) {
        let (addr, off, vol) = match *lv {
            LVal::Var(var) => return self.b.def_var(var, v),
            LVal::Mem { addr, off, vol } => (addr, off, vol),
        };
        let m = Self::mem(off, vol);
        match ty {
            Ty::Struct(_) | Ty::Array(..) => {
                let size = self.size_of(ty);
                let dst = self.lvalue_addr(*lv);
                self.b.memory_copy(dst, v, size as i64);
            }
            Ty::Int(k) if k.size() == 1 => self.b.store_ext(MemWidth::W8, addr, m, v),
            Ty::Int(k) if k.size() == 2 => self.b.store_ext(MemWidth::W16, addr, m, v),
            Ty::Void | Ty::Func(_) => {}
            _ => self.b.store(addr, m, v),
        }
    }
}
