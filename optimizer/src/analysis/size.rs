//! How big code is: about one unit per WebAssembly instruction that carries work.
//!
//! `const` instructions, `jump` and `ret` count nothing (constants become immediates,
//! and after inlining jumps and returns mostly merge away), every other instruction
//! one. The inliner's cost model ([`crate::passes::inline::cost`]) and the call graph's
//! per-function facts use this measure.

use lir::{Function, InstKind};

/// The size of one instruction.
pub fn inst_size(kind: &InstKind) -> u32 {
    match kind {
        InstKind::Const(_) | InstKind::Jump { .. } | InstKind::Ret { .. } => 0,
        _ => 1,
    }
}

/// The size of a function body (the blocks in its layout).
pub fn body_size(func: &Function) -> u32 {
    func.layout
        .iter()
        .flat_map(|&b| &func.blocks[b].insts)
        .map(|&i| inst_size(&func.insts[i].kind))
        .fold(0u32, u32::saturating_add)
}
