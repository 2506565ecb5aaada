//! One generated function: the available-value pool, operand choice, and the
//! sequence of statements ("region") that the shapes in `operations` and `control`
//! are drawn into.

use super::{Choices, ModuleGen, MAX_DEPTH, MAX_LOOP_DEPTH, MAX_STATEMENTS};
use crate::{Block, Func, Function, Imm, InstKind, Type, Value};

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
        v
    }

    /// An available value of type `ty`, or a random constant.
    pub(super) fn operand(&mut self, ty: Type) -> Value {
        let candidates: Vec<Value> = self
            .pool
            .iter()
            .copied()
            .filter(|&v| self.f.value_type(v) == ty)
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
        for _ in 0..n {
            if self.statements >= MAX_STATEMENTS || self.c().exhausted() {
                break;
            }
            self.statements += 1;
            block = match self.c().below(14) {
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
