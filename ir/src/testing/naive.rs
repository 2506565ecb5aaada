//! Locals the way a naive frontend keeps them: every variable in a stack slot of its
//! own, stored on definition and loaded on every use, parameters stored to their
//! slots at entry, loop counters and accumulators in slots too. `mem2reg` turns
//! these into SSA values; before it, `store-forward`, `dse` and `loop-rotate` see
//! them as memory.
//!
//! Rules that keep results comparable: a local's slot address is never a pool value
//! (stack addresses are unspecified), a local is read only where it was written on
//! every path (slot bytes are unspecified until written: locals are scoped like pool
//! values), and every access of one local has its type and width, except reads of
//! a full-width local as the other type of its width or as its low bytes (only where
//! NaN bits may be looked at: a float local is then read as an integer).

use super::function::{FuncGen, Local};
use crate::{BinaryOp, Block, CompareOp, MemWidth, Type, Value};

impl FuncGen<'_> {
    /// A fresh slot for a local of `ty` accessed `width` bytes at a time.
    fn new_local(&mut self, ty: Type, width: MemWidth, writable: bool) -> Local {
        let bytes = ty.bytes();
        let (_, slot) = self.f.create_slot(bytes, Some(bytes));
        Local {
            slot,
            ty,
            width,
            writable,
        }
    }

    /// A width for a new local of `ty`: mostly the full one, sometimes narrow.
    fn local_width(&mut self, ty: Type) -> MemWidth {
        let full = MemWidth::of(ty);
        if ty.is_float() || self.c().chance(75) {
            return full;
        }
        match ty {
            Type::I32 => [MemWidth::W8, MemWidth::W16][self.c().below(2)],
            _ => [MemWidth::W8, MemWidth::W16, MemWidth::W32][self.c().below(3)],
        }
    }

    /// Entry of a naive function: every parameter is stored to a slot of its own and
    /// only ever loaded from there.
    pub(super) fn naive_entry(&mut self, entry: Block) {
        self.naive = true;
        let params = self.f.params.clone();
        for p in params {
            let ty = self.f.value_type(p);
            let local = self.new_local(ty, MemWidth::of(ty), true);
            self.store(entry, local.width, local.slot, 0, p, false);
            self.locals.push(local);
            self.hidden[p] = true;
        }
    }

    /// Stores `v` into a new local and hides it: later uses load it again.
    pub(super) fn spill(&mut self, block: Block, v: Value) {
        let ty = self.f.value_type(v);
        let local = self.new_local(ty, MemWidth::of(ty), true);
        self.store(block, local.width, local.slot, 0, v, false);
        self.locals.push(local);
        self.hidden[v] = true;
    }

    /// Loads a random local into the pool. Sometimes (where NaN bits may be looked
    /// at) a full-width local is read as the other type of its width, or an integer
    /// one only in part, as C's unions and casts do.
    pub(super) fn local_load(&mut self, block: Block) {
        if self.locals.is_empty() {
            return;
        }
        let n = self.locals.len();
        let pick = self.c().below(n);
        let local = self.locals[pick];
        let full = local.width == MemWidth::of(local.ty);
        let (ty, width) = if full && !self.gen.shapes.nan_agnostic && self.c().chance(10) {
            match (local.ty, self.c().chance(50)) {
                (Type::I32, true) => (Type::F32, MemWidth::W32),
                (Type::I64, true) => (Type::F64, MemWidth::W64),
                (Type::F32, _) => (Type::I32, MemWidth::W32),
                (Type::F64, _) => (Type::I64, MemWidth::W64),
                (ty, _) => (ty, [MemWidth::W8, MemWidth::W16][self.c().below(2)]),
            }
        } else {
            (local.ty, local.width)
        };
        let v = self.load(block, ty, width, local.slot, 0, false);
        self.pool.push(v);
    }

    /// Assigns a local: an existing one, or a new one (a declaration).
    pub(super) fn local_store(&mut self, block: Block) {
        let writable: Vec<Local> = self.locals.iter().copied().filter(|l| l.writable).collect();
        let local = if !writable.is_empty() && self.c().chance(40) {
            writable[self.c().below(writable.len())]
        } else {
            let ty = self.gen.ty();
            let width = self.local_width(ty);
            let local = self.new_local(ty, width, true);
            self.locals.push(local);
            local
        };
        let v = self.operand(local.ty);
        self.store(block, local.width, local.slot, 0, v, false);
        if self.naive {
            self.hidden[v] = true;
        }
    }

    /// `for (i = 0; i < n; i++) { BODY; acc = acc OP x; }` with `i` and `acc` in slots,
    /// tested at the top (as C's `for` reads): `n` is a small constant or a masked
    /// value (so the loop may not run).
    pub(super) fn naive_loop(&mut self, block: Block, depth: u32) -> Block {
        let counter = self.new_local(Type::I32, MemWidth::W32, false);
        let acc_ty = self.gen.ty();
        let acc = self.new_local(acc_ty, MemWidth::of(acc_ty), true);
        let zero = self.i32c(0);
        self.store(block, MemWidth::W32, counter.slot, 0, zero, false);
        let init = self.operand(acc_ty);
        self.store(block, acc.width, acc.slot, 0, init, false);
        let bound = if self.c().chance(60) {
            let n = 1 + self.c().below(4) as i32;
            self.i32c(n)
        } else {
            let x = self.i32_operand();
            let mask = self.i32c(3);
            self.bin(block, BinaryOp::And, x, mask)
        };
        let (header, body, exit) = (
            self.f.create_block(),
            self.f.create_block(),
            self.f.create_block(),
        );
        self.jump(block, header, vec![]);
        let i = self.load(header, Type::I32, MemWidth::W32, counter.slot, 0, false);
        let more = self.cmp(header, CompareOp::LtS, i, bound);
        self.br_if(header, more, body, exit);
        self.locals.push(counter);
        self.locals.push(acc);
        let mark = self.mark();
        self.loops.push(self.pool.len());
        self.loop_depth += 1;
        let end = self.region(body, depth + 1);
        self.loop_depth -= 1;
        self.loops.pop();
        let a = self.load(end, acc_ty, acc.width, acc.slot, 0, false);
        let x = self.operand(acc_ty);
        let ops: &[BinaryOp] = if acc_ty.is_int() {
            &[BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Xor]
        } else {
            &[BinaryOp::Add, BinaryOp::Mul, BinaryOp::Min]
        };
        let op = ops[self.c().below(ops.len())];
        let a2 = self.bin(end, op, a, x);
        self.store(end, acc.width, acc.slot, 0, a2, false);
        let i = self.load(end, Type::I32, MemWidth::W32, counter.slot, 0, false);
        let one = self.i32c(1);
        let next = self.bin(end, BinaryOp::Add, i, one);
        self.store(end, MemWidth::W32, counter.slot, 0, next, false);
        self.jump(end, header, vec![]);
        self.reset(mark);
        let result = self.load(exit, acc_ty, acc.width, acc.slot, 0, false);
        self.pool.push(result);
        exit
    }
}
