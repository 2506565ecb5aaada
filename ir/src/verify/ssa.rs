//! SSA checks: every operand is a value defined in this function, and its definition
//! dominates the use.
//!
//! Where values are defined: function parameters, slot addresses and constants
//! everywhere; block parameters at the start of their block; results right after
//! their instruction. A block argument is a use at the end of the predecessor (its
//! terminator). Dominance comes from [`DominatorTree`]; a use in an unreachable block
//! is only checked against definitions in its own block, which must come first —
//! the block never runs, and values defined in unreachable blocks still cannot reach
//! reachable ones because an unreachable block dominates nothing.

use super::report::{block_label, describe_def, FuncReporter};
use super::structure::Shape;
use super::InstRef;
use crate::analysis::{ControlFlowGraph, DominatorTree};
use crate::entities::{Block, Value};
use crate::function::{Function, ValueDef};
use smallvec::SmallVec;

/// Where a value becomes available.
#[derive(Clone, Copy)]
enum DefSite {
    /// Parameters, slot addresses and constants.
    Everywhere,
    /// A block parameter.
    BlockStart(Block),
    /// The result of the instruction at this position.
    After(Block, usize),
}

/// The dominator tree, when the function's CFG is sound enough to build one.
pub(super) struct Dominance {
    cfg: ControlFlowGraph,
    tree: DominatorTree,
}

impl Dominance {
    /// Computes dominators, or `None` if the CFG is broken (then only uses within one
    /// block are checked; the broken structure is reported elsewhere).
    pub fn new(f: &Function, shape: &Shape) -> Option<Dominance> {
        if !shape.cfg_sound {
            return None;
        }
        let cfg = ControlFlowGraph::new(f);
        let tree = DominatorTree::new(&cfg);
        Some(Dominance { cfg, tree })
    }
}

/// Checks every operand of the instruction at `at`.
pub(super) fn check_uses(
    fr: &mut FuncReporter,
    shape: &Shape,
    dominance: Option<&Dominance>,
    at: InstRef,
) {
    let f = fr.f;
    let Some(data) = f.insts.get(at.inst) else {
        return;
    };
    // Each distinct operand once, in operand order (a hash set for long operand lists:
    // a `jump` with 40,000 arguments made the linear search quadratic).
    let mut args: SmallVec<[Value; 8]> = SmallVec::new();
    data.kind.for_each_arg(|v| args.push(v));
    if args.len() <= 16 {
        let mut kept = 0;
        for i in 0..args.len() {
            if !args[..kept].contains(&args[i]) {
                args[kept] = args[i];
                kept += 1;
            }
        }
        args.truncate(kept);
    } else {
        let mut seen = std::collections::HashSet::with_capacity(args.len());
        args.retain(|v| seen.insert(*v));
    }
    for v in args {
        if let Some(message) = use_error(fr, shape, dominance, v, at) {
            fr.inst(at.block, at.inst, message);
        }
    }
}

fn use_error(
    fr: &FuncReporter,
    shape: &Shape,
    dominance: Option<&Dominance>,
    v: Value,
    at: InstRef,
) -> Option<String> {
    let f = fr.f;
    let name = || fr.value(v);
    let site = match def_site(f, shape, v) {
        Ok(site) => site,
        Err(why) => return Some(format!("uses {}, which {why}", name())),
    };
    let def_block = match site {
        DefSite::Everywhere => return None,
        DefSite::BlockStart(block) => block,
        DefSite::After(block, index) => {
            if block == at.block {
                return match index.cmp(&at.index) {
                    std::cmp::Ordering::Less => None,
                    std::cmp::Ordering::Equal => Some(format!("uses its own result {}", name())),
                    std::cmp::Ordering::Greater => {
                        Some(format!("uses {} before its definition", name()))
                    }
                };
            }
            block
        }
    };
    if def_block == at.block {
        return None;
    }
    let dominance = dominance?;
    if !dominance.cfg.is_reachable(at.block) || dominance.tree.dominates(def_block, at.block) {
        return None;
    }
    let label = block_label(f, def_block);
    Some(format!(
        "uses {}, but its definition in block {label} does not dominate this use",
        name()
    ))
}

/// Where `v` is defined, or why it is not a value of this function's body.
fn def_site(f: &Function, shape: &Shape, v: Value) -> Result<DefSite, String> {
    let data = f.values.get(v).ok_or("does not exist")?;
    let site = match data.def {
        ValueDef::Param(i) => (f.params.get(i as usize) == Some(&v)).then_some(DefSite::Everywhere),
        ValueDef::Slot(slot) => f
            .slots
            .get(slot)
            .is_some_and(|s| s.value == v)
            .then_some(DefSite::Everywhere),
        ValueDef::Const(imm) => {
            if imm.ty() != data.ty {
                return Err(format!(
                    "is a constant of type {} holding an {} literal",
                    data.ty,
                    imm.ty()
                ));
            }
            Some(DefSite::Everywhere)
        }
        ValueDef::BlockParam(block, i) => {
            let listed = f
                .blocks
                .get(block)
                .is_some_and(|b| b.params.get(i as usize) == Some(&v));
            if listed && !shape.in_layout[block] {
                return Err("is a parameter of a block that is not in the layout".to_string());
            }
            listed.then_some(DefSite::BlockStart(block))
        }
        ValueDef::Result(inst, i) => {
            let listed = f
                .insts
                .get(inst)
                .is_some_and(|d| d.results.get(i as usize) == Some(&v));
            if listed && shape.position[inst].is_none() {
                return Err("is the result of an instruction that is in no block".to_string());
            }
            match shape.position[inst] {
                Some((block, index)) if listed => Some(DefSite::After(block, index)),
                _ => None,
            }
        }
    };
    site.ok_or_else(|| format!("claims to be {} but is not", describe_def(f, data.def)))
}
