//! `iv-reduce`: strength reduction of induction-variable expressions.
//!
//! In a natural loop, an induction variable is an integer header parameter `%i`
//! that every back edge passes as `%i + c` (or `%i - c`, or `%i`) for a constant
//! `c`. A value computed in the loop from `%i` by `add`/`sub` of loop-invariant
//! values, `mul` by constants (and by at most one loop-invariant value) and `shl`
//! by constants is an affine function `a*%i + b` (in wrapping arithmetic, where
//! multiplication distributes over addition, so this is exact for every input).
//! When such a value involves a multiplication or shift and is used other than to
//! compute another such value — an address, say, `(%i*%n + %j)*8 + %base` — it
//! becomes a new header parameter: the preheader computes its first value (the same
//! instructions, with `%i`'s initial value), and each back edge adds `a*c` (for an
//! invariant factor, computed once in the preheader). The multiplication disappears
//! from the loop. Inner loops go first, so the first value of an inner loop's new
//! parameter, computed in its preheader, may be reduced again in the outer loop.
//!
//! Invariant parts must be defined outside the loop (run `licm` first). The old
//! computations are left for `dce` (the old induction variable stays while the exit
//! test uses it). A value is reduced only if it is computed in every round: its block
//! dominates every latch (each round pays one add on its back edge, so a value computed
//! on some paths only would cost more than it saves). It does not reduce induction variables whose step is not a
//! constant, products of two invariant values or mixes of two induction variables;
//! it does not look through `extend`/`wrap`, rewrite exit tests, or create more
//! than a few new parameters per loop. Irreducible cycles are not loops and are
//! left alone.

mod affine;

use crate::analysis::{LoopId, LoopNest};
use crate::edit::{self, ValueMap};
use crate::loop_utils::{self, LayoutEdits, LoopBlocks};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use affine::{Affine, Steps};
use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::SecondaryMap;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{BinaryOp, Block, Function, Imm, Inst, InstKind, Value};
use rustc_hash::{FxHashMap, FxHashSet};

pub struct IvReduce;

impl FunctionPass for IvReduce {
    fn name(&self) -> &'static str {
        "iv-reduce"
    }

    fn description(&self) -> &'static str {
        "strength-reduce multiplications of induction variables into added induction variables"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let nest = cx.analyses.loops(func);
        if nest.is_empty() {
            return Changes::NONE;
        }
        let cfg = cx.analyses.cfg(func);
        let domtree = cx.analyses.domtree(func);
        let mut pass = Reducer {
            nest: &nest,
            cfg: &cfg,
            domtree: &domtree,
            inst_block: edit::inst_blocks(func),
            loops: LoopBlocks::new(&nest),
            map: ValueMap::new(),
            layout: LayoutEdits::default(),
            created: 0,
        };
        let ids: Vec<LoopId> = nest.loops().map(|(id, _)| id).collect();
        let mut reduced = 0;
        for &id in ids.iter().rev() {
            reduced += pass.reduce_loop(func, id);
        }
        pass.layout.apply(func);
        pass.map.apply(func);
        Changes {
            count: reduced + pass.created,
            cfg: pass.created > 0,
        }
    }
}

struct Reducer<'a> {
    nest: &'a LoopNest,
    cfg: &'a ControlFlowGraph,
    /// Of the function as it was before the pass (blocks it creates are not in it).
    domtree: &'a DominatorTree,
    inst_block: SecondaryMap<Inst, PackedOption<Block>>,
    /// Each loop's blocks (with the preheaders made for inner loops); the blocks of
    /// the loop being processed are marked in `loops.in_loop`.
    loops: LoopBlocks,
    /// Replaced values (applied at the end; operands are resolved through it).
    map: ValueMap,
    layout: LayoutEdits,
    created: usize,
}

impl Reducer<'_> {
    fn reduce_loop(&mut self, func: &mut Function, id: LoopId) -> usize {
        self.loops.enter(id);
        let header = self.nest.get(id).header;
        let blocks = self.loops.blocks(id).to_vec();
        let latches = self.nest.get(id).latches.clone();
        let steps = self.induction_steps(func, header, &latches);
        if steps.iter().all(Option::is_none) {
            return 0;
        }
        let (affine, roots) = self.affine_values(func, header, &blocks, &steps, &latches);
        if roots.is_empty() {
            return 0;
        }
        let (pre, created) = self
            .loops
            .preheader(func, self.cfg, self.nest, id, &mut self.layout);
        self.created += usize::from(created);
        let InstKind::Jump { dest } = &func.insts[func.terminator(pre).expect("a preheader")].kind
        else {
            unreachable!("a preheader ends in a jump");
        };
        let inits: Vec<Value> = dest.args.to_vec();
        // Every block branching to the header: the latches, the preheader and (if it
        // was there before) unreachable blocks outside the loop.
        let mut preds = latches.clone();
        if created {
            preds.push(pre);
        } else {
            preds.extend(loop_utils::outside_preds(
                self.cfg,
                header,
                &self.loops.in_loop,
            ));
        }
        let mut clones: FxHashMap<Value, Value> = FxHashMap::default();
        let mut replaced = Vec::new();
        for &root in &roots {
            let a = affine[&root];
            let iv = func.blocks[header].params[a.iv];
            let init = self.clone_chain(func, root, iv, inits[a.iv], &affine, pre, &mut clones);
            let param = self.add_iv(func, header, &preds, pre, root, init, a, &steps[a.iv]);
            replaced.push((root, param));
        }
        for (root, param) in replaced {
            self.map.replace(root, param);
        }
        roots.len()
    }

    /// Adds the header parameter standing for `root`: `init` from the preheader,
    /// itself plus `scale * step` on each back edge.
    #[allow(clippy::too_many_arguments)]
    fn add_iv(
        &mut self,
        func: &mut Function,
        header: Block,
        preds: &[Block],
        pre: Block,
        root: Value,
        init: Value,
        a: Affine,
        steps: &Option<Steps>,
    ) -> Value {
        let ty = func.value_type(root);
        let like = edit::def_inst(func, root).expect("a root is an instruction result");
        let mut increments: FxHashMap<(Block, u64), Value> = FxHashMap::default();
        let mut deltas: FxHashMap<u64, Value> = FxHashMap::default();
        let param = func.append_block_param(header, ty);
        let mut done: FxHashSet<Block> = FxHashSet::default();
        for &p in preds {
            if !done.insert(p) {
                continue;
            }
            let Some(term) = func.terminator(p) else {
                continue;
            };
            let targets: Vec<usize> = func.insts[term]
                .kind
                .block_calls()
                .iter()
                .enumerate()
                .filter(|(_, c)| c.block == header)
                .map(|(k, _)| k)
                .collect();
            for k in targets {
                let arg = if p == pre {
                    init
                } else if self.loops.in_loop[p] {
                    let c = steps.as_ref().and_then(|s| s.get(&(p, k)).copied());
                    let delta = Imm::new(ty, c.unwrap_or(0).wrapping_mul(a.scale)).bits();
                    if delta == 0 {
                        param
                    } else if let Some(&next) = increments.get(&(p, delta)) {
                        next
                    } else {
                        let d = self.step_value(func, pre, like, a.factor, ty, delta, &mut deltas);
                        let at = func.blocks[p].insts.len() - 1;
                        let next = edit::insert_value(
                            func,
                            p,
                            at,
                            like,
                            InstKind::Binary {
                                op: BinaryOp::Add,
                                args: [param, d],
                            },
                            ty,
                        );
                        self.inst_block[edit::def_inst(func, next).expect("made")] = p.into();
                        increments.insert((p, delta), next);
                        next
                    }
                } else {
                    param // an unreachable predecessor: any value will do
                };
                let term = func.terminator(p).expect("still there");
                func.insts[term].kind.block_calls_mut()[k].args.push(arg);
            }
        }
        param
    }

    /// The value a back edge adds: the constant `delta`, or `factor * delta`
    /// computed once in the preheader.
    #[allow(clippy::too_many_arguments)]
    fn step_value(
        &mut self,
        func: &mut Function,
        pre: Block,
        like: Inst,
        factor: Option<Value>,
        ty: lir::Type,
        delta: u64,
        deltas: &mut FxHashMap<u64, Value>,
    ) -> Value {
        let d = func.const_value(Imm::new(ty, delta));
        let Some(f) = factor else {
            return d;
        };
        if delta == 1 {
            return f;
        }
        if let Some(&v) = deltas.get(&delta) {
            return v;
        }
        let at = func.blocks[pre].insts.len() - 1;
        let kind = InstKind::Binary {
            op: BinaryOp::Mul,
            args: [f, d],
        };
        let v = edit::insert_value(func, pre, at, like, kind, ty);
        self.inst_block[edit::def_inst(func, v).expect("made")] = pre.into();
        deltas.insert(delta, v);
        v
    }

    /// Computes `v`'s value for the induction variable's initial value `init`, in
    /// the preheader before its terminator: a copy of `v`'s affine chain.
    #[allow(clippy::too_many_arguments)]
    fn clone_chain(
        &mut self,
        func: &mut Function,
        v: Value,
        iv: Value,
        init: Value,
        affine: &FxHashMap<Value, Affine>,
        pre: Block,
        clones: &mut FxHashMap<Value, Value>,
    ) -> Value {
        // Iterative post-order over the chain (it can be long).
        let mut stack = vec![(v, false)];
        while let Some((x, expanded)) = stack.pop() {
            if x == iv || clones.contains_key(&x) {
                continue;
            }
            let inst = edit::def_inst(func, x).expect("an affine value is a result");
            let args: Vec<Value> = func.insts[inst]
                .kind
                .args()
                .into_iter()
                .map(|a| self.map.resolve(a))
                .collect();
            if !expanded {
                stack.push((x, true));
                for &a in &args {
                    if affine.contains_key(&a) && a != iv && !clones.contains_key(&a) {
                        stack.push((a, false));
                    }
                }
                continue;
            }
            let mut kind = func.insts[inst].kind.clone();
            kind.map_args(|a| {
                let a = self.map.resolve(a);
                if a == iv {
                    init
                } else {
                    clones.get(&a).copied().unwrap_or(a)
                }
            });
            let copy = match fold(func, &kind) {
                Some(v) => v,
                None => {
                    let ty = func.value_type(x);
                    let at = func.blocks[pre].insts.len() - 1;
                    let copy = edit::insert_value(func, pre, at, inst, kind, ty);
                    self.inst_block[edit::def_inst(func, copy).expect("just made")] = pre.into();
                    copy
                }
            };
            clones.insert(x, copy);
        }
        if v == iv {
            init
        } else {
            clones[&v]
        }
    }
}

/// The value of an affine instruction when it needs no instruction: both operands
/// constant (folded exactly as the interpreter computes it), or an identity
/// (adding or shifting by zero, multiplying by zero or one).
fn fold(func: &mut Function, kind: &InstKind) -> Option<Value> {
    let InstKind::Binary { op, args } = kind else {
        return None;
    };
    let [x, y] = *args;
    match (func.as_const(x), func.as_const(y)) {
        (Some(a), Some(b)) => {
            let r = lir::interp::eval::binary(*op, a, b).ok()?;
            Some(func.const_value(r))
        }
        (None, Some(b)) if b.bits() == 0 && matches!(op, BinaryOp::Add | BinaryOp::Sub) => Some(x),
        (Some(a), None) if a.bits() == 0 && *op == BinaryOp::Add => Some(y),
        // Integer operands only here (affine chains are integer arithmetic).
        (None, Some(b)) if b.bits() == 0 && *op == BinaryOp::Shl => Some(x),
        (Some(k), None) | (None, Some(k)) if *op == BinaryOp::Mul && k.bits() <= 1 => {
            let other = if func.as_const(x).is_some() { y } else { x };
            if k.bits() == 0 {
                Some(func.const_value(Imm::new(func.value_type(other), 0)))
            } else {
                Some(other)
            }
        }
        _ => None,
    }
}
