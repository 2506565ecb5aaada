//! Induction variables and the affine values computed from them.

use super::Reducer;
use crate::edit;
use crate::loop_utils;
use lir::{BinaryOp, Block, Function, Imm, InstKind, Value};
use rustc_hash::FxHashMap;

/// New parameters per loop at most (each costs a register and an add).
const MAX_NEW_IVS: usize = 8;

/// The constant each back edge adds to an induction variable, by latch and index of
/// the branch target in the latch's terminator.
pub(super) type Steps = FxHashMap<(Block, usize), u64>;

/// `scale * iv + (invariant part)`, the invariant part implied by the instructions.
#[derive(Clone, Copy)]
pub(super) struct Affine {
    /// Index of the induction variable among the header's parameters.
    pub(super) iv: usize,
    /// The constant part of the factor of the induction variable.
    pub(super) scale: u64,
    /// A loop-invariant value multiplying the factor too (`%i * %n`), if any.
    pub(super) factor: Option<Value>,
    /// Whether computing it takes a multiplication or shift.
    pub(super) costly: bool,
}

impl Reducer<'_> {
    /// For each header parameter that is an induction variable, the constant added
    /// on each back edge (by latch and index of the branch target in its terminator).
    pub(super) fn induction_steps(
        &self,
        func: &Function,
        header: Block,
        latches: &[Block],
    ) -> Vec<Option<Steps>> {
        let params = &func.blocks[header].params;
        let mut steps: Vec<Option<Steps>> = params
            .iter()
            .map(|&p| func.value_type(p).is_int().then(FxHashMap::default))
            .collect();
        for &latch in latches {
            let Some(term) = func.terminator(latch) else {
                return vec![None; params.len()];
            };
            for (k, call) in func.insts[term].kind.block_calls().iter().enumerate() {
                if call.block != header {
                    continue;
                }
                for (index, step) in steps.iter_mut().enumerate() {
                    let Some(map) = step else { continue };
                    match self.step(func, params[index], call.args[index]) {
                        Some(c) => {
                            map.insert((latch, k), c);
                        }
                        None => *step = None,
                    }
                }
            }
        }
        steps
    }

    /// `c` if `next` is `iv + c` (or `iv - (-c)`, or `iv` itself with `c = 0`).
    fn step(&self, func: &Function, iv: Value, next: Value) -> Option<u64> {
        let next = self.map.resolve(next);
        if next == iv {
            return Some(0);
        }
        let InstKind::Binary { op, args } = edit::def_kind(func, next)? else {
            return None;
        };
        let [x, y] = args.map(|a| self.map.resolve(a));
        match op {
            BinaryOp::Add if x == iv => func.as_const(y).map(|c| c.bits()),
            BinaryOp::Add if y == iv => func.as_const(x).map(|c| c.bits()),
            BinaryOp::Sub if x == iv => func.as_const(y).map(|c| c.bits().wrapping_neg()),
            _ => None,
        }
    }

    fn is_invariant(&self, func: &Function, v: Value) -> bool {
        loop_utils::def_block(func, &self.inst_block, v).is_none_or(|b| !self.loops.in_loop[b])
    }

    /// The affine values of the loop and the roots to reduce (values with a costly
    /// chain used other than by affine instructions), in definition order.
    pub(super) fn affine_values(
        &self,
        func: &Function,
        header: Block,
        blocks: &[Block],
        steps: &[Option<Steps>],
        latches: &[Block],
    ) -> (FxHashMap<Value, Affine>, Vec<Value>) {
        let mut affine: FxHashMap<Value, Affine> = FxHashMap::default();
        for (index, step) in steps.iter().enumerate() {
            if step.is_some() {
                let iv = func.blocks[header].params[index];
                affine.insert(
                    iv,
                    Affine {
                        iv: index,
                        scale: 1,
                        factor: None,
                        costly: false,
                    },
                );
            }
        }
        let mut roots: Vec<Value> = Vec::new();
        let mut is_root: FxHashMap<Value, bool> = FxHashMap::default();
        for &b in blocks {
            for &inst in &func.blocks[b].insts {
                let kind = &func.insts[inst].kind;
                if let Some(a) = self.affine_of(func, kind, &affine) {
                    affine.insert(func.insts[inst].results[0], a);
                    continue;
                }
                kind.for_each_arg(|v| {
                    let v = self.map.resolve(v);
                    if let Some(a) = affine.get(&v) {
                        if a.costly && a.scale != 0 && !is_root.contains_key(&v) {
                            let every_round = self.computed_every_round(func, v, latches);
                            is_root.insert(v, every_round);
                            if every_round {
                                roots.push(v);
                            }
                        }
                    }
                });
            }
        }
        roots.truncate(MAX_NEW_IVS);
        (affine, roots)
    }

    /// Whether `v` is computed in every round that goes back to the header: its block
    /// dominates every latch. Only then does the add on each back edge (one per round)
    /// replace at least one multiplication per round; a value computed on some paths
    /// only (one arm of an interpreter's `switch`) would cost an add in every round to
    /// save a multiplication in a few.
    fn computed_every_round(&self, func: &Function, v: Value, latches: &[Block]) -> bool {
        let Some(mut block) = loop_utils::def_block(func, &self.inst_block, v) else {
            return true;
        };
        // A preheader made for an inner loop is not in the tree; it dominates what
        // the header it jumps to dominates.
        if !self.domtree.is_reachable(block) {
            if let Some(InstKind::Jump { dest }) =
                func.terminator(block).map(|t| &func.insts[t].kind)
            {
                block = dest.block;
            }
        }
        latches.iter().all(|&l| self.domtree.dominates(block, l))
    }

    /// The affine form of an instruction's result, if it is one.
    fn affine_of(
        &self,
        func: &Function,
        kind: &InstKind,
        affine: &FxHashMap<Value, Affine>,
    ) -> Option<Affine> {
        let InstKind::Binary { op, args } = kind else {
            return None;
        };
        let ty = func.value_type(args[0]);
        if !ty.is_int() {
            return None;
        }
        let [x, y] = args.map(|a| self.map.resolve(a));
        let (ax, ay) = (affine.get(&x).copied(), affine.get(&y).copied());
        let inv = |v: Value| self.is_invariant(func, v);
        let konst = |v: Value| func.as_const(v).map(|c| c.bits());
        let wrap = |s: u64| Imm::new(ty, s).bits();
        // `a * m`: by a constant, or by one invariant value.
        let times = |a: Affine, m: Value| match (konst(m), a.factor) {
            (Some(k), _) => Some(Affine {
                scale: wrap(a.scale.wrapping_mul(k)),
                costly: true,
                ..a
            }),
            (None, None) if inv(m) => Some(Affine {
                factor: Some(m),
                costly: true,
                ..a
            }),
            _ => None,
        };
        let a = match (op, ax, ay) {
            (BinaryOp::Add, Some(a), None) if inv(y) => a,
            (BinaryOp::Add, None, Some(a)) if inv(x) => a,
            (BinaryOp::Sub, Some(a), None) if inv(y) => a,
            (BinaryOp::Sub, None, Some(a)) if inv(x) => Affine {
                scale: wrap(a.scale.wrapping_neg()),
                ..a
            },
            (BinaryOp::Mul, Some(a), None) => times(a, y)?,
            (BinaryOp::Mul, None, Some(a)) => times(a, x)?,
            (BinaryOp::Shl, Some(a), None) => {
                let s = konst(y)? % ty.bits() as u64;
                Affine {
                    scale: wrap(a.scale << s),
                    costly: true,
                    ..a
                }
            }
            _ => return None,
        };
        Some(a)
    }
}
