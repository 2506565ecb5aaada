//! `simplify-params`: copy propagation through block parameters.
//!
//! LIR has no copy instruction: values are copied only by passing them to block
//! parameters. A parameter that every branch to its block passes the same value
//! (ignoring branches that pass the parameter itself, as a loop passes its
//! unchanged counter back) is that value: its uses are replaced and the parameter
//! removed with its arguments. Repeating this to a fixpoint also removes groups of
//! parameters that only pass each other around a cycle plus one outside value (the
//! trivial phis of Braun et al.). Two parameters of a block that receive the same
//! values on every edge are merged into one.
//!
//! It does not remove parameters that are unused but receive different values
//! (`dce` does), look through instructions (`gvn` does), or touch blocks the entry
//! cannot reach (there a parameter may be fed only by its own block's results).

use crate::analysis::incoming::{self, Incoming};
use crate::edit::{self, ValueMap};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use lir::{Block, Function, Inst, Value};

pub struct SimplifyParams;

impl FunctionPass for SimplifyParams {
    fn name(&self) -> &'static str {
        "simplify-params"
    }

    fn description(&self) -> &'static str {
        "copy propagation: replace block parameters that always receive one value"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let mut total = 0;
        // Only reachable blocks, and only edges from them: in unreachable code a
        // parameter may be fed only by its own block's results.
        let cfg = cx.analyses.cfg(func);
        // Reused from block to block: the parameters to drop.
        let mut remove: Vec<bool> = Vec::new();
        loop {
            let incoming = incoming_branches(func, &cfg);
            // Reused from block to block: the argument lists of its edges.
            let mut args: Vec<&[Value]> = Vec::new();
            let mut map = ValueMap::new();
            let mut removed: Vec<(Block, Vec<bool>)> = Vec::new();
            for &block in &func.layout {
                if !cfg.is_reachable(block) {
                    continue;
                }
                let params = &func.blocks[block].params;
                if params.is_empty() || incoming.of(block).is_empty() {
                    continue;
                }
                arguments(func, block, incoming.of(block), &mut args);
                remove.clear();
                remove.resize(params.len(), false);
                for (i, &p) in params.iter().enumerate() {
                    let mut unique: Option<Value> = None;
                    let mut trivial = true;
                    for edge in &args {
                        let a = map.resolve(edge[i]);
                        if a == p || Some(a) == unique {
                            continue;
                        }
                        if unique.is_some() {
                            trivial = false;
                            break;
                        }
                        unique = Some(a);
                    }
                    if let (true, Some(v)) = (trivial, unique) {
                        map.replace(p, v);
                        remove[i] = true;
                        continue;
                    }
                    // The same arguments as an earlier parameter on every edge.
                    let twin =
                        (0..i).find(|&j| !remove[j] && args.iter().all(|edge| edge[j] == edge[i]));
                    if let Some(j) = twin {
                        map.replace(p, params[j]);
                        remove[i] = true;
                    }
                }
                if remove.iter().any(|&r| r) {
                    removed.push((block, remove.clone()));
                }
            }
            if removed.is_empty() {
                break;
            }
            // Replace uses first (arguments included), then drop the parameters.
            map.apply(func);
            for (block, remove) in removed {
                total += remove.iter().filter(|&&r| r).count();
                let branches = branches_to(func, &cfg, block);
                edit::remove_block_params(func, block, &remove, &branches);
            }
        }
        Changes::insts(total)
    }
}

/// The terminators of reachable blocks that branch to each block (once per target).
fn incoming_branches(func: &Function, cfg: &lir::analysis::ControlFlowGraph) -> Incoming {
    let mut edges = Vec::with_capacity(2 * cfg.rpo().len());
    for &block in cfg.rpo() {
        if let Some(term) = func.terminator(block) {
            incoming::push_edges(&mut edges, term, &func.insts[term].kind);
        }
    }
    Incoming::new(func.blocks.len(), &edges)
}

/// The terminators of every block in the layout (reachable or not) that branch to
/// `block`, each once. Edges do not change in this pass, so the CFG stays valid.
fn branches_to(func: &Function, cfg: &lir::analysis::ControlFlowGraph, block: Block) -> Vec<Inst> {
    let mut branches: Vec<Inst> = Vec::new();
    for &pred in cfg.preds(block) {
        if let Some(term) = func.terminator(pred) {
            if !branches.contains(&term) {
                branches.push(term);
            }
        }
    }
    branches
}

/// The argument lists of every edge into `block`, into `out` (cleared first).
fn arguments<'f>(func: &'f Function, block: Block, branches: &[Inst], out: &mut Vec<&'f [Value]>) {
    out.clear();
    for &term in branches {
        for call in func.insts[term].kind.block_calls() {
            if call.block == block {
                out.push(&call.args[..]);
            }
        }
    }
}
