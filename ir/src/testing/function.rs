//! One generated function: the available-value pool, operand choice, and the
//! sequence of statements ("region") that the shapes in `operations` and `control`
//! are drawn into.

use super::shapes;
use super::{Choices, ModuleGen, MAX_DEPTH, MAX_LOOP_DEPTH, MAX_STATEMENTS};
use crate::{
    BinaryOp, Block, BlockCall, CompareOp, Func, Function, Imm, InstKind, MemArg, MemWidth, Type,
    Value,
};

/// A local variable kept in a stack slot of its own, as a naive frontend keeps it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Local {
    /// The slot's address (never a pool value: stack addresses are unspecified).
    pub(super) slot: Value,
    pub(super) ty: Type,
    /// How many bytes every access uses (narrow locals: `store.8` / `load.s8`).
    pub(super) width: MemWidth,
    /// Statements may assign it (loop counters are read-only).
    pub(super) writable: bool,
}

/// How many pool values and locals were available at some point, to go back to
/// when leaving a region whose definitions do not dominate what follows.
#[derive(Clone, Copy)]
pub(super) struct Mark {
    pool: usize,
    locals: usize,
}

/// Generates one function.
pub(super) struct FuncGen<'g> {
    pub(super) gen: &'g mut ModuleGen,
    pub(super) f: Function,
    /// Values available at the current point (they dominate it).
    pub(super) pool: Vec<Value>,
    pub(super) slot: Value,
    pub(super) callees: Vec<Func>,
    pub(super) loop_depth: u32,
    pub(super) statements: usize,
    pub(super) used: cranelift_entity::SecondaryMap<Value, bool>,
    /// Keeps its locals in slots: values are stored on definition (and hidden), and
    /// loaded again to be used ([`super::Shapes::optimizer`]).
    pub(super) naive: bool,
    /// Locals written on every path to the current point.
    pub(super) locals: Vec<Local>,
    /// Values operands are never drawn from (spilled to a local, or dead code).
    pub(super) hidden: cranelift_entity::SecondaryMap<Value, bool>,
    /// The pool's length on entry to each enclosing loop: the values before it are
    /// loop-invariant.
    pub(super) loops: Vec<usize>,
}

impl FuncGen<'_> {
    pub(super) fn c(&mut self) -> &mut Choices {
        &mut self.gen.choices
    }

    pub(super) fn inst(&mut self, block: Block, kind: InstKind, results: &[Type]) -> Vec<Value> {
        let inst = self.f.append_inst(block, kind, results);
        self.f.inst_results(inst).to_vec()
    }

    pub(super) fn one(&mut self, block: Block, kind: InstKind, ty: Type) -> Value {
        let v = self.inst(block, kind, &[ty])[0];
        self.pool.push(v);
        if self.naive && self.c().chance(40) {
            self.spill(block, v);
        }
        v
    }

    pub(super) fn mark(&self) -> Mark {
        Mark {
            pool: self.pool.len(),
            locals: self.locals.len(),
        }
    }

    /// Forgets the values and locals defined since `mark`.
    pub(super) fn reset(&mut self, mark: Mark) {
        self.pool.truncate(mark.pool);
        self.locals.truncate(mark.locals);
    }

    pub(super) fn konst(&mut self, imm: Imm) -> Value {
        self.f.const_value(imm)
    }

    pub(super) fn i32c(&mut self, v: i32) -> Value {
        self.f.const_value(Imm::i32(v))
    }

    /// `op a, b` (not added to the pool).
    pub(super) fn bin(&mut self, block: Block, op: BinaryOp, a: Value, b: Value) -> Value {
        let ty = self.f.value_type(a);
        self.inst(block, InstKind::Binary { op, args: [a, b] }, &[ty])[0]
    }

    /// `op a, b` of a compare (not added to the pool).
    pub(super) fn cmp(&mut self, block: Block, op: CompareOp, a: Value, b: Value) -> Value {
        self.inst(block, InstKind::Compare { op, args: [a, b] }, &[Type::I32])[0]
    }

    /// A load (not added to the pool).
    pub(super) fn load(
        &mut self,
        block: Block,
        ty: Type,
        width: MemWidth,
        addr: Value,
        offset: u32,
        volatile: bool,
    ) -> Value {
        let signed = width.bits() < ty.bits() && self.c().chance(50);
        let mem = MemArg {
            offset,
            align: None,
            volatile,
        };
        let kind = InstKind::Load {
            ty,
            width,
            signed,
            addr,
            mem,
        };
        self.inst(block, kind, &[ty])[0]
    }

    pub(super) fn store(
        &mut self,
        block: Block,
        width: MemWidth,
        addr: Value,
        offset: u32,
        value: Value,
        volatile: bool,
    ) {
        let ty = self.f.value_type(value);
        let mem = MemArg {
            offset,
            align: None,
            volatile,
        };
        let kind = InstKind::Store {
            ty,
            width,
            addr,
            value,
            mem,
        };
        self.inst(block, kind, &[]);
    }

    pub(super) fn jump(&mut self, block: Block, dest: Block, args: Vec<Value>) {
        let dest = BlockCall::new(dest, args);
        self.inst(block, InstKind::Jump { dest }, &[]);
    }

    pub(super) fn br_if(&mut self, block: Block, cond: Value, then_b: Block, else_b: Block) {
        let kind = InstKind::BrIf {
            cond,
            then_dest: BlockCall::new(then_b, vec![]),
            else_dest: BlockCall::new(else_b, vec![]),
        };
        self.inst(block, kind, &[]);
    }

    /// An available value of type `ty`, or a random constant.
    pub(super) fn operand(&mut self, ty: Type) -> Value {
        let candidates: Vec<Value> = self
            .pool
            .iter()
            .copied()
            .filter(|&v| self.f.value_type(v) == ty && !self.hidden[v])
            .collect();
        // Prefer the most recent value nobody has used yet: fewer dead values.
        if let Some(&v) = candidates.iter().rev().find(|&&v| !self.used[v]) {
            if self.c().chance(60) {
                self.used[v] = true;
                return v;
            }
        }
        if !candidates.is_empty() && !self.c().chance(15) {
            // Mostly one of the most recent values, which makes expression trees.
            let back = if self.c().chance(70) {
                self.c().below(candidates.len().min(3))
            } else {
                self.c().below(candidates.len())
            };
            let v = candidates[candidates.len() - 1 - back];
            self.used[v] = true;
            return v;
        }
        let bits = match self.c().below(4) {
            0 => 0,
            1 => 1,
            2 => u64::MAX,
            _ => self.c().next() as u64 | ((self.c().next() as u64) << 32),
        };
        let imm = match ty {
            Type::F32 => Imm::f32((bits as i32 % 1000) as f32 / 8.0),
            Type::F64 => Imm::f64((bits as i64 % 100_000) as f64 / 16.0),
            _ => Imm::new(ty, bits),
        };
        self.f.const_value(imm)
    }

    pub(super) fn i32_operand(&mut self) -> Value {
        self.operand(Type::I32)
    }

    /// A sequence of statements starting in `block`; returns the block control is in.
    pub(super) fn region(&mut self, mut block: Block, depth: u32) -> Block {
        let n = 1 + self.c().below(6);
        let optimizer = self.gen.shapes.optimizer;
        for _ in 0..n {
            if self.statements >= MAX_STATEMENTS || self.c().exhausted() {
                break;
            }
            self.statements += 1;
            if self.naive && self.c().chance(50) {
                // A naive frontend loads the variables an expression names.
                for _ in 0..1 + self.c().below(2) {
                    self.local_load(block);
                }
            }
            let kinds = if optimizer { 14 + shapes::KINDS } else { 14 };
            block = match self.c().below(kinds) {
                k @ 14.. => self.optimizer_statement(block, depth, k - 14),
                0..=4 => {
                    self.straight_line(block);
                    block
                }
                5 => {
                    self.memory(block);
                    block
                }
                6 if depth < MAX_DEPTH => self.diamond(block, depth),
                7 if depth < MAX_DEPTH && self.loop_depth < MAX_LOOP_DEPTH => {
                    self.counted_loop(block, depth)
                }
                8 if depth < MAX_DEPTH => self.switch(block, depth),
                9 if depth < MAX_DEPTH && self.loop_depth < MAX_LOOP_DEPTH => {
                    self.irreducible(block, depth)
                }
                10 => {
                    self.call(block);
                    block
                }
                11 if depth < MAX_DEPTH => self.early_exit(block),
                12 => {
                    self.global(block);
                    block
                }
                _ => {
                    self.straight_line(block);
                    block
                }
            };
        }
        block
    }
}
