//! Statements of the optimizer's shapes ([`super::Shapes::optimizer`]), each aimed
//! at what some pass works on: constant expressions and branches on constants
//! (`sccp`, `simplify-cfg`, `peephole`), dead computations (`dce`), helper calls
//! (`inline`, `dedup`, `tre`), loop invariants (`licm`), small diamonds
//! (`if-convert`), fill and copy loops (`idiom`, `iv-reduce`, `unroll`), a counter in
//! a data object updated in a loop (`loop-promote`), volatile accesses, repeated
//! expressions (`gvn`), stores and loads of one location (`store-forward`, `dse`) and
//! chains of constant address arithmetic (`addr-fold`).
//!
//! Memory accesses stay inside their object: the function's zeroed slot, `@mem`,
//! the `readonly` `@table` (only ever read) or `@counter`.

use super::function::FuncGen;
use super::helpers::{Helper, COUNTER_BYTES, TABLE_BYTES};
use super::{MAX_DEPTH, MAX_LOOP_DEPTH, MEMORY_BYTES, SLOT_BYTES};
use crate::{BinaryOp, Block, BlockCall, CompareOp, Imm, InstKind, MemWidth, Type, UnaryOp, Value};

/// How many kinds of statements [`FuncGen::optimizer_statement`] chooses from.
pub(super) const KINDS: usize = 19;

/// Operations that cannot trap, for code that may be moved or speculated.
fn pure_ops(ty: Type) -> &'static [BinaryOp] {
    if ty.is_int() {
        &[
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::And,
            BinaryOp::Or,
            BinaryOp::Xor,
            BinaryOp::Shl,
            BinaryOp::ShrU,
        ]
    } else {
        &[
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Min,
            BinaryOp::Max,
        ]
    }
}

impl FuncGen<'_> {
    /// The `kind`-th optimizer statement (`kind < KINDS`); returns the block control
    /// is in afterwards.
    pub(super) fn optimizer_statement(&mut self, block: Block, depth: u32, kind: usize) -> Block {
        let loops_ok = depth < MAX_DEPTH && self.loop_depth < MAX_LOOP_DEPTH;
        // Loops with a fixed body (no nested statements) may go one level deeper.
        let simple_loop_ok = self.loop_depth <= MAX_LOOP_DEPTH;
        match kind {
            0 | 1 => self.local_store(block),
            2 | 3 if !self.locals.is_empty() => self.local_load(block),
            2 | 3 => self.local_store(block),
            4 if loops_ok => return self.naive_loop(block, depth),
            5 => return self.constants(block, depth),
            6 => self.dead_code(block),
            7 | 8 => self.helper_call(block),
            9 if !self.loops.is_empty() => self.invariant(block),
            9 | 10 => return self.small_diamond(block),
            11 if simple_loop_ok => return self.bulk_loop(block),
            12 if simple_loop_ok => return self.counter_loop(block),
            13 => self.volatile(block),
            14 => self.repeat(block),
            15 => self.memory_reuse(block),
            16 => self.counter_update(block),
            17 if loops_ok => return self.while_loop(block, depth),
            _ => self.address_chain(block),
        }
        block
    }

    fn int_type(&mut self) -> Type {
        if self.c().chance(60) {
            Type::I32
        } else {
            Type::I64
        }
    }

    /// A type whose values may be stored in shared memory: with NaN-agnostic shapes
    /// only integers.
    fn storable_type(&mut self) -> Type {
        let ty = self.gen.ty();
        match ty {
            Type::F32 if self.gen.shapes.nan_agnostic => Type::I32,
            Type::F64 if self.gen.shapes.nan_agnostic => Type::I64,
            _ => ty,
        }
    }

    /// A small random constant of `ty`.
    fn small_const(&mut self, ty: Type) -> Value {
        let v = self.c().below(100) as i64 - 50;
        let imm = match ty {
            Type::F32 => Imm::f32(v as f32 / 4.0),
            Type::F64 => Imm::f64(v as f64 / 8.0),
            _ => Imm::new(ty, v as u64),
        };
        self.konst(imm)
    }

    fn data_addr(&mut self, block: Block, data: crate::Data, offset: u32) -> Value {
        self.inst(block, InstKind::DataAddr { data, offset }, &[Type::I32])[0]
    }

    fn extras(&self) -> &super::helpers::Extras {
        self.gen
            .extras
            .as_ref()
            .expect("optimizer shapes declare extras")
    }

    /// Arithmetic on constants computed at run time (`add.i32 3, 4`), an operation
    /// of a value with a constant that simplifies (`mul %x, 8`, `div_u %x, 4`), or a
    /// diamond branching on a constant condition.
    fn constants(&mut self, block: Block, depth: u32) -> Block {
        if depth < MAX_DEPTH && self.c().chance(30) {
            let ty = self.int_type();
            let (a, b) = (self.small_const(ty), self.small_const(ty));
            let op = [
                CompareOp::Eq,
                CompareOp::Ne,
                CompareOp::LtS,
                CompareOp::LtU,
                CompareOp::GeS,
                CompareOp::GtU,
            ][self.c().below(6)];
            let cond = self.cmp(block, op, a, b);
            return self.diamond_on(block, depth, Some(cond));
        }
        let ty = self.gen.ty();
        if self.c().chance(50) {
            let a = self.small_const(ty);
            let mut b = self.small_const(ty);
            let op = if ty.is_int() {
                [
                    BinaryOp::Add,
                    BinaryOp::Sub,
                    BinaryOp::Mul,
                    BinaryOp::Xor,
                    BinaryOp::Shl,
                    BinaryOp::ShrS,
                    BinaryOp::Rotl,
                    BinaryOp::DivS,
                    BinaryOp::RemU,
                ][self.c().below(9)]
            } else {
                [
                    BinaryOp::Add,
                    BinaryOp::Mul,
                    BinaryOp::Div,
                    BinaryOp::Min,
                    BinaryOp::Copysign,
                ][self.c().below(5)]
            };
            if matches!(op, BinaryOp::DivS | BinaryOp::RemU) {
                b = self.konst(Imm::new(ty, 7));
            }
            let v = self.one(block, InstKind::Binary { op, args: [a, b] }, ty);
            if self.c().chance(50) {
                // A chain: the folded constant feeds another operation.
                let c = self.small_const(ty);
                let op = pure_ops(ty)[self.c().below(pure_ops(ty).len())];
                self.one(block, InstKind::Binary { op, args: [v, c] }, ty);
            }
        } else if ty.is_int() {
            let x = self.operand(ty);
            let k = self.c().below(5) as u64;
            let (op, c) = match self.c().below(8) {
                0 => (BinaryOp::Mul, 1 << k),
                1 => (BinaryOp::DivU, 1 << k),
                2 => (BinaryOp::RemU, 1 << k),
                3 => (BinaryOp::DivS, 1 << k),
                4 => (BinaryOp::Add, 0),
                5 => (BinaryOp::And, u64::MAX),
                6 => (BinaryOp::Mul, 1),
                _ => (BinaryOp::Sub, 0),
            };
            let c = self.konst(Imm::new(ty, c));
            self.one(block, InstKind::Binary { op, args: [x, c] }, ty);
        } else {
            let x = self.operand(ty);
            let two = match ty {
                Type::F32 => Imm::f32(2.0),
                _ => Imm::f64(2.0),
            };
            let two = self.konst(two);
            self.one(
                block,
                InstKind::Binary {
                    op: BinaryOp::Mul,
                    args: [x, two],
                },
                ty,
            );
        }
        block
    }

    /// A computation nothing uses.
    fn dead_code(&mut self, block: Block) {
        let before = self.pool.len();
        if self.c().chance(70) {
            self.straight_line(block);
        } else {
            let table = self.extras().table;
            let base = self.data_addr(block, table, 0);
            let offset = 4 * self.c().below((TABLE_BYTES / 4) as usize) as u32;
            let v = self.load(block, Type::I32, MemWidth::W32, base, offset, false);
            self.pool.push(v);
        }
        for i in before..self.pool.len() {
            let v = self.pool[i];
            self.hidden[v] = true;
        }
    }

    /// Arguments for a call of `helper`: its fixed constants, random operands.
    fn helper_args(&mut self, helper: &Helper) -> Vec<Value> {
        let params = self.gen.module.funcs[helper.func].sig.params.clone();
        params
            .iter()
            .zip(&helper.fixed)
            .map(|(&ty, fixed)| match fixed {
                Some(imm) => self.konst(*imm),
                None => self.operand(ty),
            })
            .collect()
    }

    /// A `return_call` of a helper returning `results`, if there is one.
    pub(super) fn helper_tail_call(&mut self, results: &[Type]) -> Option<InstKind> {
        let helpers: Vec<Helper> = self
            .extras()
            .helpers
            .iter()
            .filter(|h| !h.discard && self.gen.module.funcs[h.func].sig.results == results)
            .cloned()
            .collect();
        if helpers.is_empty() {
            return None;
        }
        let helper = &helpers[self.c().below(helpers.len())];
        let args = self.helper_args(helper);
        Some(InstKind::ReturnCall {
            func: helper.func,
            args,
        })
    }

    /// A call of a helper: tiny, recursive, a duplicate, a wrapper.
    fn helper_call(&mut self, block: Block) {
        let helpers = self.extras().helpers.clone();
        if helpers.is_empty() {
            return self.straight_line(block);
        }
        let helper = &helpers[self.c().below(helpers.len())];
        let sig = self.gen.module.funcs[helper.func].sig.clone();
        let args = self.helper_args(helper);
        let call = InstKind::Call {
            func: helper.func,
            args,
        };
        let results = self.inst(block, call, &sig.results);
        if !helper.discard {
            self.pool.extend(results);
        }
    }

    /// A value available outside the innermost loop, or a constant.
    fn outer_operand(&mut self, ty: Type) -> Value {
        let outer = *self.loops.last().expect("in a loop");
        let candidates: Vec<Value> = self.pool[..outer]
            .iter()
            .copied()
            .filter(|&v| self.f.value_type(v) == ty && !self.hidden[v])
            .collect();
        if candidates.is_empty() || self.c().chance(15) {
            return self.small_const(ty);
        }
        candidates[self.c().below(candidates.len())]
    }

    /// Inside a loop, something that does not change in it: arithmetic on values
    /// from outside, a load of the `readonly` table, a global read.
    fn invariant(&mut self, block: Block) {
        match self.c().below(4) {
            0 => {
                let ty = self.gen.ty();
                let a = self.outer_operand(ty);
                let b = self.outer_operand(ty);
                let ops = pure_ops(ty);
                let op = ops[self.c().below(ops.len())];
                self.one(block, InstKind::Binary { op, args: [a, b] }, ty);
            }
            1 => {
                let table = self.extras().table;
                let base = self.data_addr(block, table, 0);
                let v = if self.c().chance(50) {
                    let offset = 4 * self.c().below((TABLE_BYTES / 4) as usize) as u32;
                    self.load(block, Type::I32, MemWidth::W32, base, offset, false)
                } else {
                    let x = self.outer_operand(Type::I32);
                    let mask = self.i32c((TABLE_BYTES - 8) as i32 & !7);
                    let off = self.bin(block, BinaryOp::And, x, mask);
                    let addr = self.bin(block, BinaryOp::Add, base, off);
                    let ty = self.int_type();
                    self.load(block, ty, MemWidth::of(ty), addr, 0, false)
                };
                self.pool.push(v);
            }
            2 => {
                let (konst, fixed) = (self.extras().konst, self.extras().fixed);
                let (global, ty) = match self.c().below(3) {
                    0 => (konst, Type::I32),
                    1 => (fixed, Type::I64),
                    _ => (self.gen.global, Type::I64),
                };
                self.one(block, InstKind::GlobalGet { global }, ty);
            }
            _ => {
                let ty = self.gen.ty();
                let a = self.outer_operand(ty);
                let op = if ty.is_int() {
                    [UnaryOp::Popcnt, UnaryOp::Clz, UnaryOp::Eqz][self.c().below(3)]
                } else {
                    [UnaryOp::Neg, UnaryOp::Abs, UnaryOp::Floor][self.c().below(3)]
                };
                let kind = InstKind::Unary { op, arg: a };
                let result = if op == UnaryOp::Eqz { Type::I32 } else { ty };
                self.one(block, kind, result);
            }
        }
    }

    /// `c ? a OP b : d OP e` as a diamond (or a triangle) of one pure instruction per
    /// arm, merged by a block parameter: what `if-convert` turns into a `select`.
    fn small_diamond(&mut self, block: Block) -> Block {
        let ty = self.gen.ty();
        let cond = if self.c().chance(50) {
            let t = self.int_type();
            let (a, b) = (self.operand(t), self.operand(t));
            let op = [CompareOp::LtS, CompareOp::Ne, CompareOp::GtU][self.c().below(3)];
            self.cmp(block, op, a, b)
        } else {
            self.i32_operand()
        };
        let merge = self.f.create_block();
        let param = self.f.append_block_param(merge, ty);
        let operands: Vec<Value> = (0..4).map(|_| self.operand(ty)).collect();
        let ops = pure_ops(ty);
        let then_b = self.f.create_block();
        let else_dest = if self.c().chance(30) {
            BlockCall::new(merge, vec![operands[2]])
        } else {
            let else_b = self.f.create_block();
            let op = ops[self.c().below(ops.len())];
            let y = self.bin(else_b, op, operands[2], operands[3]);
            self.jump(else_b, merge, vec![y]);
            BlockCall::new(else_b, vec![])
        };
        let branch = InstKind::BrIf {
            cond,
            then_dest: BlockCall::new(then_b, vec![]),
            else_dest,
        };
        self.inst(block, branch, &[]);
        let op = ops[self.c().below(ops.len())];
        let x = self.bin(then_b, op, operands[0], operands[1]);
        self.jump(then_b, merge, vec![x]);
        self.pool.push(param);
        merge
    }

    /// `for (i = 0; i < n; i++) dst[i] = v` (or `= src[i]`) over a constant number of
    /// elements inside the function's slot or `@mem` (from `@table` or `@mem`), then
    /// one element read back: what `idiom` turns into `memory.fill`/`memory.copy`.
    fn bulk_loop(&mut self, block: Block) -> Block {
        let width = [MemWidth::W8, MemWidth::W16, MemWidth::W32, MemWidth::W64][self.c().below(4)];
        let ty = if width == MemWidth::W64 || self.c().chance(30) {
            Type::I64
        } else {
            Type::I32
        };
        let w = width.bytes();
        let (dst, room) = if self.c().chance(40) {
            let start = w * self.c().below(4) as u32;
            let offset = self.i32c(start as i32);
            let slot = self.slot;
            (
                self.bin(block, BinaryOp::Add, slot, offset),
                SLOT_BYTES - start,
            )
        } else {
            let start = 8 * self.c().below(((MEMORY_BYTES - 256) / 8) as usize) as u32;
            let memory = self.gen.memory;
            (self.data_addr(block, memory, start), 256)
        };
        let n = 1 + self.c().below((room / w).min(16) as usize) as u32;
        let src = if self.c().chance(40) {
            Some(if self.c().chance(50) {
                let table = self.extras().table;
                let slack = (TABLE_BYTES - n * w) / w;
                let start = w * self.c().below(slack as usize + 1) as u32;
                self.data_addr(block, table, start)
            } else {
                let start = 8 * self.c().below(((MEMORY_BYTES - 256) / 8) as usize) as u32;
                let memory = self.gen.memory;
                self.data_addr(block, memory, start)
            })
        } else {
            None
        };
        let fill = if width == MemWidth::W8 || self.c().chance(20) {
            self.operand(ty)
        } else {
            let pattern =
                [0, u64::MAX, 0x0101_0101_0101_0101, 0x7f7f_7f7f_7f7f_7f7f][self.c().below(4)];
            self.konst(Imm::new(ty, pattern))
        };
        let naive = self.naive || self.c().chance(30);
        let (header, body, exit) = (
            self.f.create_block(),
            self.f.create_block(),
            self.f.create_block(),
        );
        let count = self.i32c(n as i32);
        let one = self.i32c(1);
        let zero = self.i32c(0);
        let counter = if naive {
            let (_, slot) = self.f.create_slot(4, Some(4));
            self.store(block, MemWidth::W32, slot, 0, zero, false);
            self.jump(block, header, vec![]);
            Some(slot)
        } else {
            self.jump(block, header, vec![zero]);
            None
        };
        let i = match counter {
            Some(slot) => self.load(header, Type::I32, MemWidth::W32, slot, 0, false),
            None => self.f.append_block_param(header, Type::I32),
        };
        let more = self.cmp(header, CompareOp::LtU, i, count);
        self.br_if(header, more, body, exit);
        let i = match counter {
            Some(slot) => self.load(body, Type::I32, MemWidth::W32, slot, 0, false),
            None => i,
        };
        let off = if self.c().chance(50) {
            let shift = self.i32c(w.trailing_zeros() as i32);
            self.bin(body, BinaryOp::Shl, i, shift)
        } else {
            let size = self.i32c(w as i32);
            self.bin(body, BinaryOp::Mul, i, size)
        };
        let to = self.bin(body, BinaryOp::Add, dst, off);
        let value = match src {
            Some(src) => {
                let from = self.bin(body, BinaryOp::Add, src, off);
                self.load(body, ty, width, from, 0, false)
            }
            None => fill,
        };
        self.store(body, width, to, 0, value, false);
        let next = self.bin(body, BinaryOp::Add, i, one);
        match counter {
            Some(slot) => {
                self.store(body, MemWidth::W32, slot, 0, next, false);
                self.jump(body, header, vec![]);
            }
            None => self.jump(body, header, vec![next]),
        }
        let k = w * self.c().below(n as usize) as u32;
        let v = self.load(exit, ty, width, dst, k, false);
        self.pool.push(v);
        if counter.is_none() {
            // The counter's final value, used after the loop (`loop-rotate` repairs it).
            self.pool.push(i);
        }
        exit
    }

    /// `while (i < n) { BODY; acc = acc OP x; i++ }` with `i` and `acc` block
    /// parameters of the header, tested at the top, and both used after the loop.
    fn while_loop(&mut self, block: Block, depth: u32) -> Block {
        let header = self.f.create_block();
        let i = self.f.append_block_param(header, Type::I32);
        let acc_ty = self.gen.ty();
        let acc = self.f.append_block_param(header, acc_ty);
        let (body, exit) = (self.f.create_block(), self.f.create_block());
        let start = self.c().below(2) as i32;
        let start = self.i32c(start);
        let init = self.operand(acc_ty);
        let bound = if self.c().chance(60) {
            let n = 1 + self.c().below(5) as i32;
            self.i32c(n)
        } else {
            let x = self.i32_operand();
            let mask = self.i32c(3);
            self.bin(block, BinaryOp::And, x, mask)
        };
        self.jump(block, header, vec![start, init]);
        let more = self.cmp(header, CompareOp::LtS, i, bound);
        self.br_if(header, more, body, exit);
        let mark = self.mark();
        self.loops.push(self.pool.len());
        self.pool.extend([i, acc]);
        self.loop_depth += 1;
        let end = self.region(body, depth + 1);
        self.loop_depth -= 1;
        self.loops.pop();
        let x = self.operand(acc_ty);
        let ops = pure_ops(acc_ty);
        let op = ops[self.c().below(ops.len())];
        let acc2 = self.bin(end, op, acc, x);
        let one = self.i32c(1);
        let next = self.bin(end, BinaryOp::Add, i, one);
        self.jump(end, header, vec![next, acc2]);
        self.reset(mark);
        self.pool.extend([i, acc]);
        exit
    }

    /// A loop of one block reading and writing a counter in `@counter` every
    /// iteration, with some arithmetic beside: what `loop-promote` keeps in a register.
    fn counter_loop(&mut self, block: Block) -> Block {
        let ty = self.int_type();
        let offset = ty.bytes() * self.c().below((COUNTER_BYTES / ty.bytes()) as usize) as u32;
        let counter = self.extras().counter;
        let base = self.data_addr(block, counter, 0);
        let n = 2 + self.c().below(5) as i32;
        let x = self.operand(ty);
        let body = self.f.create_block();
        let i = self.f.append_block_param(body, Type::I32);
        let exit = self.f.create_block();
        let zero = self.i32c(0);
        self.jump(block, body, vec![zero]);
        let old = self.load(body, ty, MemWidth::of(ty), base, offset, false);
        let op = [BinaryOp::Add, BinaryOp::Xor, BinaryOp::Mul, BinaryOp::Sub][self.c().below(4)];
        let new = self.bin(body, op, old, x);
        self.store(body, MemWidth::of(ty), base, offset, new, false);
        self.pool.push(i);
        for _ in 0..self.c().below(3) {
            self.straight_line(body);
        }
        let one = self.i32c(1);
        let next = self.bin(body, BinaryOp::Add, i, one);
        let bound = self.i32c(n);
        let more = self.cmp(body, CompareOp::LtU, next, bound);
        let branch = InstKind::BrIf {
            cond: more,
            then_dest: BlockCall::new(body, vec![next]),
            else_dest: BlockCall::new(exit, vec![]),
        };
        self.inst(body, branch, &[]);
        let v = self.load(exit, ty, MemWidth::of(ty), base, offset, false);
        self.pool.push(v);
        exit
    }

    /// `@counter[k] OP= x` anywhere (in loops with other statements, early exits and
    /// diamonds: `loop-promote` stores the register back on every way out).
    fn counter_update(&mut self, block: Block) {
        let ty = self.int_type();
        let offset = ty.bytes() * self.c().below((COUNTER_BYTES / ty.bytes()) as usize) as u32;
        let counter = self.extras().counter;
        let base = self.data_addr(block, counter, 0);
        let old = self.load(block, ty, MemWidth::of(ty), base, offset, false);
        let x = self.operand(ty);
        let op = [BinaryOp::Add, BinaryOp::Xor, BinaryOp::Sub][self.c().below(3)];
        let new = self.bin(block, op, old, x);
        self.store(block, MemWidth::of(ty), base, offset, new, false);
        self.pool.push(new);
    }

    /// A volatile load or store, of a local or of `@mem`.
    fn volatile(&mut self, block: Block) {
        if !self.locals.is_empty() && self.c().chance(30) {
            let n = self.locals.len();
            let pick = self.c().below(n);
            let local = self.locals[pick];
            if local.writable && self.c().chance(50) {
                let v = self.operand(local.ty);
                self.store(block, local.width, local.slot, 0, v, true);
            } else {
                let v = self.load(block, local.ty, local.width, local.slot, 0, true);
                self.pool.push(v);
            }
            return;
        }
        let memory = self.gen.memory;
        let base = self.data_addr(block, memory, 0);
        let x = self.i32_operand();
        let mask = self.i32c((MEMORY_BYTES - 8) as i32 & !7);
        let off = self.bin(block, BinaryOp::And, x, mask);
        let addr = self.bin(block, BinaryOp::Add, base, off);
        if self.c().chance(50) {
            let ty = self.storable_type();
            let v = self.operand(ty);
            self.store(block, MemWidth::of(ty), addr, 0, v, true);
        } else {
            let ty = self.gen.ty();
            let v = self.load(block, ty, MemWidth::of(ty), addr, 0, true);
            self.pool.push(v);
        }
    }

    /// The last pure instruction of the block computed again (`gvn`).
    fn repeat(&mut self, block: Block) {
        let insts = self.f.blocks[block].insts.clone();
        for &inst in insts.iter().rev() {
            let kind = self.f.insts[inst].kind.clone();
            let pure = matches!(
                kind,
                InstKind::Binary { .. }
                    | InstKind::Unary { .. }
                    | InstKind::Compare { .. }
                    | InstKind::Convert { .. }
                    | InstKind::Select { .. }
            );
            let result = match self.f.inst_results(inst) {
                &[result] => result,
                _ => continue,
            };
            // Only values in the pool: never a stack address.
            if !pure || !self.pool.contains(&result) {
                continue;
            }
            let ty = self.f.value_type(result);
            let v = self.inst(block, kind, &[ty])[0];
            self.pool.push(v);
            return;
        }
        self.straight_line(block);
    }

    /// A multiple of 8 at least 16 below `size`, mostly one of a few, so that
    /// different statements meet at the same locations.
    fn hot_offset(&mut self, size: u32) -> u32 {
        if self.c().chance(70) {
            [0, 8, 16, 32, 48][self.c().below(5)]
        } else {
            8 * self.c().below((size / 8 - 1) as usize) as u32
        }
    }

    /// Accesses of one location at a constant offset of `@mem` or the function's
    /// slot: a store then a load (forwarding, also of narrower parts), two stores
    /// (the first dead), or two loads (the second redundant).
    fn memory_reuse(&mut self, block: Block) {
        let (base, size) = if self.c().chance(30) {
            (self.slot, SLOT_BYTES)
        } else {
            let memory = self.gen.memory;
            (self.data_addr(block, memory, 0), MEMORY_BYTES)
        };
        let offset = self.hot_offset(size);
        let ty = self.storable_type();
        let width = MemWidth::of(ty);
        match self.c().below(4) {
            0 => {
                let v = self.operand(ty);
                self.store(block, width, base, offset, v, false);
                let r = self.load(block, ty, width, base, offset, false);
                self.pool.push(r);
            }
            1 => {
                let v = self.operand(ty);
                self.store(block, width, base, offset, v, false);
                let w = self.operand(ty);
                self.store(block, width, base, offset, w, false);
            }
            2 => {
                let r = self.load(block, ty, width, base, offset, false);
                self.pool.push(r);
                let s = self.load(block, ty, width, base, offset, false);
                self.pool.push(s);
            }
            _ => {
                let v = self.operand(Type::I64);
                self.store(block, MemWidth::W64, base, offset, v, false);
                let (ty, width, step) = match self.c().below(4) {
                    0 => (Type::I32, MemWidth::W8, 1),
                    1 => (Type::I32, MemWidth::W32, 4),
                    2 => (Type::I64, MemWidth::W16, 2),
                    _ => (Type::I32, MemWidth::W16, 2),
                };
                let inner = step * self.c().below((8 / step) as usize) as u32;
                let r = self.load(block, ty, width, base, offset + inner, false);
                self.pool.push(r);
            }
        }
    }

    /// An access through a chain of constant steps from an object's address
    /// (`add (add %slot, 16), -8`): what `addr-fold` folds into the offset.
    fn address_chain(&mut self, block: Block) {
        let (base, size, writable) = match self.c().below(3) {
            0 => (self.slot, SLOT_BYTES, true),
            1 => {
                let memory = self.gen.memory;
                (self.data_addr(block, memory, 0), MEMORY_BYTES, true)
            }
            _ => {
                let table = self.extras().table;
                (self.data_addr(block, table, 0), TABLE_BYTES, false)
            }
        };
        let first = 8 * self.c().below((size / 16) as usize) as i32;
        let back = 8 * self.c().below((first / 8) as usize + 1) as i32;
        let a = self.i32c(first);
        let p = self.bin(block, BinaryOp::Add, base, a);
        let q = if self.c().chance(50) {
            let b = self.i32c(-back);
            self.bin(block, BinaryOp::Add, p, b)
        } else {
            let b = self.i32c(back);
            self.bin(block, BinaryOp::Sub, p, b)
        };
        let imm = [0, 4, 8][self.c().below(3)];
        if writable && self.c().chance(40) {
            let ty = self.storable_type();
            let v = self.operand(ty);
            self.store(block, MemWidth::of(ty), q, imm, v, false);
        } else {
            let ty = if writable {
                self.gen.ty()
            } else {
                self.int_type()
            };
            let v = self.load(block, ty, MemWidth::of(ty), q, imm, false);
            self.pool.push(v);
        }
    }
}
