//! `gvn`: global value numbering of pure instructions over the dominator tree.
//!
//! Walks the dominator tree keeping a scoped table of the expressions computed so far
//! (an operation with its operands; commutative operands in a fixed order). An
//! instruction whose expression is already in the table — computed by an instruction
//! that dominates it — is replaced by that result and deleted. Pure operations,
//! integer divisions and trapping conversions (the dominating copy would have trapped
//! first), and calls of pure functions take part. `global.get` takes part too, between
//! writes: a `global.set` of that global, or a call that may write globals, starts a
//! new generation, and a block entered from more than one predecessor starts one as
//! well (another path may have written it), as LLVM's EarlyCSE does.
//!
//! It does not remove redundant loads (`store-forward` does), move instructions
//! (`licm` does), or find equalities through block parameters (congruence across
//! loops); it does not look at unreachable blocks.

use crate::analysis::effects;
use crate::edit::ValueMap;
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::{Block, Function, Global, InstKind, Type, Value};
use rustc_hash::FxHashMap;

pub struct Gvn;

impl FunctionPass for Gvn {
    fn name(&self) -> &'static str {
        "gvn"
    }

    fn description(&self) -> &'static str {
        "global value numbering: reuse a dominating identical computation"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let Some(entry) = func.entry_block() else {
            return Changes::NONE;
        };
        let domtree = cx.analyses.domtree(func);
        let cfg = cx.analyses.cfg(func);
        // Sized for every placed instruction at once, so the table never grows (and
        // never hashes its keys again).
        let placed: usize = func
            .layout
            .iter()
            .map(|&b| func.blocks[b].insts.len())
            .sum();
        let mut table: FxHashMap<Key, Value> =
            FxHashMap::with_capacity_and_hasher(placed, Default::default());
        let mut undo: Vec<(Key, Option<Value>)> = Vec::with_capacity(placed);
        let mut map = ValueMap::new();
        let mut dead: SecondaryMap<lir::Inst, bool> = lir::entities::dense_map(func.insts.len());
        let mut count = 0;
        let mut next_generation: u32 = 1;
        // (block, undo length at entry, generation at entry) and exit markers.
        enum Step {
            Enter(Block, u32),
            Exit(usize),
        }
        let mut stack = vec![Step::Enter(entry, 0)];
        while let Some(step) = stack.pop() {
            let (block, inherited) = match step {
                Step::Exit(mark) => {
                    while undo.len() > mark {
                        let (key, old) = undo.pop().expect("length checked");
                        match old {
                            Some(v) => table.insert(key, v),
                            None => table.remove(&key),
                        };
                    }
                    continue;
                }
                Step::Enter(block, generation) => (block, generation),
            };
            stack.push(Step::Exit(undo.len()));
            // A block reached only from its dominator continues its generation.
            let mut generation = if cfg.preds(block).len() == 1 {
                inherited
            } else {
                next_generation += 1;
                next_generation
            };
            for &inst in &func.blocks[block].insts {
                let data = &func.insts[inst];
                let kind = &data.kind;
                if let InstKind::GlobalSet { .. } = kind {
                    next_generation += 1;
                    generation = next_generation;
                    continue;
                }
                if writes_globals(kind, cx) {
                    next_generation += 1;
                    generation = next_generation;
                }
                let [result] = data.results[..] else {
                    continue;
                };
                let key = match kind {
                    InstKind::GlobalGet { global } => Key::Global(*global, generation),
                    kind if effects::is_pure_value(kind, cx.summaries) => {
                        let mut kind = kind.clone();
                        kind.map_args(|v| map.resolve(v));
                        Key::Expr(canonical(kind), func.value_type(result))
                    }
                    _ => continue,
                };
                match table.get(&key) {
                    Some(&existing) => {
                        map.replace(result, existing);
                        dead[inst] = true;
                        count += 1;
                    }
                    None => {
                        undo.push((key.clone(), None));
                        table.insert(key, result);
                    }
                }
            }
            for &child in domtree.children(block).iter().rev() {
                stack.push(Step::Enter(child, generation));
            }
        }
        if count > 0 {
            map.apply(func);
            crate::edit::remove_insts(func, &dead);
        }
        Changes::insts(count)
    }
}

/// What an instruction computes, for the table.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Expr(InstKind, Type),
    Global(Global, u32),
}

/// Commutative operands in a fixed order, so `add %a, %b` meets `add %b, %a`.
fn canonical(mut kind: InstKind) -> InstKind {
    if let InstKind::Binary { op, args } = &mut kind {
        if op.is_commutative() && args[0] > args[1] {
            args.swap(0, 1);
        }
    }
    if let InstKind::Compare { op, args } = &mut kind {
        if matches!(op, lir::CompareOp::Eq | lir::CompareOp::Ne) && args[0] > args[1] {
            args.swap(0, 1);
        }
    }
    kind
}

/// Whether `kind` may change a global (so later `global.get`s may differ).
fn writes_globals(kind: &InstKind, cx: &FunctionContext) -> bool {
    match kind {
        InstKind::Call { func, .. } => cx.summaries.get(*func).writes_globals,
        InstKind::CallIndirect { .. } | InstKind::Syscall { .. } => true,
        _ => false,
    }
}
