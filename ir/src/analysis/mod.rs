//! Analyses over a function's control-flow graph that every later stage needs:
//! predecessors and successors, reverse postorder, and dominators.
//!
//! They are computed on demand from the layout and never cached in the function, so
//! a pass that edits the CFG simply recomputes them.

pub mod cfg;
pub mod dominators;

pub use cfg::ControlFlowGraph;
pub use dominators::DominatorTree;
