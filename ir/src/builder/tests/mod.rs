//! Tests of the builder: SSA construction, instruction typing and literal operands,
//! module declarations, and misuse panics.

mod check;
mod eval;
mod insts;
mod module_items;
mod ssa;
mod ssa_scale;
mod text;
