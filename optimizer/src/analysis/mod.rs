//! Analyses the passes ask for, computed on demand and dropped explicitly.
//!
//! Per function ([`FunctionAnalyses`]): the CFG and dominator tree (from `lir::analysis`),
//! the loop nest, use counts and use lists, and where each instruction sits; the
//! branches into each block ([`incoming`]) for passes that build them themselves. Each is
//! computed the first time a pass asks and kept until a pass reports a change that
//! makes it stale ([`FunctionAnalyses::invalidate`]): a change to the CFG drops
//! everything, a change to instructions drops the instruction-level analyses.
//!
//! Per instruction: what it may do ([`effects`]) and which bytes it touches
//! ([`address`]).
//!
//! Per module: the call graph ([`CallGraph`]) and what each function may do
//! ([`Summaries`]), which module passes compute when they need them and the manager
//! computes before each stage of function passes.

pub mod address;
mod callgraph;
pub mod effects;
pub mod incoming;
mod loops;
pub mod size;
pub mod summaries;
mod uses;

pub use callgraph::{functions_in_data, BodyFacts, CallGraph};
pub use loops::{Loop, LoopId, LoopNest};
pub use summaries::{FuncSummary, Summaries};
pub use uses::{InstPositions, Uses};

use crate::pass::Changes;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::Function;
use std::sync::Arc;

/// The cached analyses of one function body.
#[derive(Default)]
pub struct FunctionAnalyses {
    cfg: Option<Arc<ControlFlowGraph>>,
    domtree: Option<Arc<DominatorTree>>,
    loops: Option<Arc<LoopNest>>,
    uses: Option<Arc<Uses>>,
    positions: Option<Arc<InstPositions>>,
    escapes: Option<Arc<address::SlotEscapes>>,
}

impl FunctionAnalyses {
    pub fn cfg(&mut self, func: &Function) -> Arc<ControlFlowGraph> {
        self.cfg
            .get_or_insert_with(|| Arc::new(ControlFlowGraph::new(func)))
            .clone()
    }

    pub fn domtree(&mut self, func: &Function) -> Arc<DominatorTree> {
        if let Some(tree) = &self.domtree {
            return tree.clone();
        }
        let cfg = self.cfg(func);
        self.domtree
            .insert(Arc::new(DominatorTree::new(&cfg)))
            .clone()
    }

    pub fn loops(&mut self, func: &Function) -> Arc<LoopNest> {
        if let Some(loops) = &self.loops {
            return loops.clone();
        }
        let cfg = self.cfg(func);
        let domtree = self.domtree(func);
        self.loops
            .insert(Arc::new(LoopNest::new(func, &cfg, &domtree)))
            .clone()
    }

    pub fn uses(&mut self, func: &Function) -> Arc<Uses> {
        self.uses
            .get_or_insert_with(|| Arc::new(Uses::new(func)))
            .clone()
    }

    /// Which slots' addresses escape.
    pub fn escapes(&mut self, func: &Function) -> Arc<address::SlotEscapes> {
        self.escapes
            .get_or_insert_with(|| Arc::new(address::SlotEscapes::new(func)))
            .clone()
    }

    pub fn positions(&mut self, func: &Function) -> Arc<InstPositions> {
        self.positions
            .get_or_insert_with(|| Arc::new(InstPositions::new(func)))
            .clone()
    }

    /// Drops what `changes` made stale.
    pub fn invalidate(&mut self, changes: Changes) {
        if changes.cfg {
            *self = FunctionAnalyses::default();
        } else if changes.changed() {
            self.uses = None;
            self.positions = None;
            self.escapes = None;
        }
    }

    /// Drops everything.
    pub fn clear(&mut self) {
        *self = FunctionAnalyses::default();
    }
}
