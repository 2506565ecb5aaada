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
use super::shape::{DefSite, Shape};
use super::InstRef;
use crate::analysis::{ControlFlowGraph, DominatorTree};
use crate::entities::{Block, Value};
use crate::function::{Function, ValueDef};
use smallvec::SmallVec;
use std::cell::OnceCell;

/// The CFG and dominator tree, built when the first use needs them (most uses are in
/// their definition's block or after a definition in the entry block, which
/// dominates every reachable block) and only if the function's CFG is sound enough.
pub(super) struct Dominance<'f> {
    f: &'f Function,
    cfg_sound: bool,
    cfg: OnceCell<Option<ControlFlowGraph>>,
    tree: OnceCell<DominatorTree>,
}

impl<'f> Dominance<'f> {
    pub fn new(f: &'f Function, shape: &Shape) -> Dominance<'f> {
        Dominance {
            f,
            cfg_sound: shape.cfg_sound,
            cfg: OnceCell::new(),
            tree: OnceCell::new(),
        }
    }

    /// The CFG, or `None` if it is broken (then only uses within one block are
    /// checked; the broken structure is reported elsewhere).
    fn cfg(&self) -> Option<&ControlFlowGraph> {
        self.cfg
            .get_or_init(|| self.cfg_sound.then(|| ControlFlowGraph::new(self.f)))
            .as_ref()
    }

    /// Whether `def_block` dominates `use_block`, a reachable block. Up a chain of
    /// blocks with one predecessor each, every path to the use runs through each of
    /// them: meeting `def_block` there settles it, and so does reaching the entry
    /// without meeting it. The dominator tree is built only when a block with several
    /// predecessors ends the chain first.
    fn dominates(&self, cfg: &ControlFlowGraph, def_block: Block, use_block: Block) -> bool {
        let entry = cfg.rpo().first().copied();
        let mut x = use_block;
        for _ in 0..cfg.block_count() {
            let &[pred] = cfg.preds(x) else {
                break;
            };
            if pred == def_block {
                return true;
            }
            if Some(pred) == entry {
                return false;
            }
            x = pred;
        }
        self.tree
            .get_or_init(|| DominatorTree::new(cfg))
            .dominates(def_block, use_block)
    }
}

/// What is wrong with one use.
enum UseError {
    /// The value is not a value of this function's body (why).
    Def(String),
    OwnResult,
    BeforeDefinition,
    /// The defining block does not dominate the use.
    NotDominated(Block),
}

/// Whether every operand of the instruction at `at` is defined in this function
/// and its definition dominates the use (then each operand also exists).
pub(super) fn uses_sound(f: &Function, shape: &Shape, dominance: &Dominance, at: InstRef) -> bool {
    let Some(data) = f.insts.get(at.inst) else {
        return true;
    };
    let mut sound = true;
    data.kind.for_each_arg(|v| {
        // A recorded site decides at once; values without one (missing, defined
        // elsewhere than listed) take the path that explains why.
        sound &= match shape.recorded_site(v) {
            Some(DefSite::Everywhere) => true,
            Some(DefSite::After(block, index)) if block == at.block => index < at.index,
            Some(DefSite::After(block, _) | DefSite::BlockStart(block)) => {
                reaches(shape, dominance, block, at)
            }
            None => use_error(f, shape, dominance, v, at).is_none(),
        }
    });
    sound
}

/// Reports every unsound operand of the instruction at `at`, each distinct value
/// once (run when [`uses_sound`] is false).
pub(super) fn report_uses(
    fr: &mut FuncReporter,
    shape: &Shape,
    dominance: &Dominance,
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
        if let Some(error) = use_error(f, shape, dominance, v, at) {
            let name = fr.value(v);
            let message = match error {
                UseError::Def(why) => format!("uses {name}, which {why}"),
                UseError::OwnResult => format!("uses its own result {name}"),
                UseError::BeforeDefinition => format!("uses {name} before its definition"),
                UseError::NotDominated(def_block) => {
                    let label = block_label(f, def_block);
                    format!(
                        "uses {name}, but its definition in block {label} does not dominate this use"
                    )
                }
            };
            fr.inst(at.block, at.inst, message);
        }
    }
}

fn use_error(
    f: &Function,
    shape: &Shape,
    dominance: &Dominance,
    v: Value,
    at: InstRef,
) -> Option<UseError> {
    let site = match shape.recorded_site(v) {
        Some(site) => site,
        None => match def_site(f, shape, v) {
            Ok(site) => site,
            Err(why) => return Some(UseError::Def(why)),
        },
    };
    let def_block = match site {
        DefSite::Everywhere => return None,
        DefSite::BlockStart(block) => block,
        DefSite::After(block, index) => {
            if block == at.block {
                return match index.cmp(&at.index) {
                    std::cmp::Ordering::Less => None,
                    std::cmp::Ordering::Equal => Some(UseError::OwnResult),
                    std::cmp::Ordering::Greater => Some(UseError::BeforeDefinition),
                };
            }
            block
        }
    };
    (!reaches(shape, dominance, def_block, at)).then_some(UseError::NotDominated(def_block))
}

/// Whether a definition in `def_block` (at its start, or anywhere in it if that is
/// not the block of the use) reaches the use at `at`.
fn reaches(shape: &Shape, dominance: &Dominance, def_block: Block, at: InstRef) -> bool {
    // The entry block dominates every reachable block, and uses in unreachable blocks
    // are only checked within their block.
    if def_block == at.block || Some(def_block) == shape.entry {
        return true;
    }
    let Some(cfg) = dominance.cfg() else {
        return true; // a broken CFG, reported elsewhere
    };
    !cfg.is_reachable(at.block) || dominance.dominates(cfg, def_block, at.block)
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
            if listed && !shape.in_layout(block) {
                return Err("is a parameter of a block that is not in the layout".to_string());
            }
            listed.then_some(DefSite::BlockStart(block))
        }
        ValueDef::Result(inst, i) => {
            let listed = f
                .insts
                .get(inst)
                .is_some_and(|d| d.results.get(i as usize) == Some(&v));
            let position = shape.position(inst);
            if listed && position.is_none() {
                return Err("is the result of an instruction that is in no block".to_string());
            }
            match position {
                Some((block, index)) if listed => Some(DefSite::After(block, index)),
                _ => None,
            }
        }
    };
    site.ok_or_else(|| format!("claims to be {} but is not", describe_def(f, data.def)))
}
