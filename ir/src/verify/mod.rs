//! The verifier: checks a [`Module`] against the rules of `docs/lir.md` ("Verifier
//! rules") and reports every error it finds, not only the first.
//!
//! It never panics, whatever the module holds: handles that point past their arena,
//! blocks listed twice, instructions in two blocks or values whose definition points
//! elsewhere are reported like any other error. `@main`'s signature is not checked
//! here (the runner checks it).
//!
//! The work is split by concept:
//! - `items`: `@names`, exports, memory, globals, data objects, the layout;
//! - `shape`: a function's layout, instruction placement and where each value is
//!   defined, surveyed in one walk;
//! - `structure`: terminators, entry block, value definitions and local names;
//! - `operands`: the types of every instruction's operands and results;
//! - `ssa`: definitions dominate uses;
//! - `limits`: the engines' limits on parameter and result counts;
//! - `report` and `error`: collecting errors with their function, block, instruction
//!   and span.
//!
//! ```
//! use lir::{BlockCall, Function, Imm, InstKind, Module, Signature, Type};
//!
//! let mut f = Function::new("answer", Signature::new([], [Type::I32]));
//! let entry = f.create_block();
//! let wrong = f.const_value(Imm::i64(42));
//! f.append_inst(entry, InstKind::Ret { values: vec![wrong] }, &[]);
//! let mut module = Module::new();
//! module.add_function(f);
//!
//! let errors = lir::verify::verify(&module).unwrap_err();
//! assert_eq!(errors.len(), 1);
//! assert!(errors.to_string().contains("in @answer, block bb0"));
//! assert!(errors.to_string().contains("returned value 1 must be i32, got i64"));
//! ```

mod error;
mod items;
mod limits;
mod operands;
mod report;
mod shape;
mod ssa;
mod structure;

#[cfg(test)]
mod tests;

pub use error::{VerifyError, VerifyErrors};
pub use limits::{MAX_NAME_BYTES, MAX_PARAMS, MAX_RESULTS};

use crate::entities::{Block, Func, Inst};
use crate::function::Function;
use crate::module::Module;
use report::{FuncReporter, Reporter};

/// Verifies a module; `Err` holds every error found (see [`VerifyErrors`] for the
/// order).
pub fn verify(module: &Module) -> Result<(), VerifyErrors> {
    let mut rep = Reporter::new(module);
    let bodies_resolve = module.funcs.values().all(shape::body_resolves);
    items::check_items(&mut rep, bodies_resolve);
    for (func, f) in module.funcs.iter() {
        check_function(&mut rep, func, f);
    }
    if rep.errors.is_empty() {
        return Ok(());
    }
    // Parsed modules: report in source order (the sort is stable, so errors without
    // a position keep the order in which the checks found them).
    rep.errors.sort_by_key(|e| (e.span.line, e.span.col));
    Err(VerifyErrors(rep.errors))
}

/// Verifies one function body as [`verify`] checks each function: `body` is the body
/// of `func`, checked against the rest of `module` (signatures of callees, globals,
/// data objects), whose own copy of `func` is not looked at. Optimizers use it to
/// check a function after each pass without verifying the whole module.
pub fn verify_function(module: &Module, func: Func, body: &Function) -> Result<(), VerifyErrors> {
    let mut rep = Reporter::new(module);
    check_function(&mut rep, func, body);
    if rep.errors.is_empty() {
        Ok(())
    } else {
        rep.errors.sort_by_key(|e| (e.span.line, e.span.col));
        Err(VerifyErrors(rep.errors))
    }
}

/// An instruction at its place: `block`'s `index`-th instruction is `inst`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct InstRef {
    block: Block,
    inst: Inst,
    index: usize,
}

fn check_function<'m>(rep: &mut Reporter<'m>, func: Func, f: &'m Function) {
    let mut fr = FuncReporter::new(rep, func, f);
    if let Some(message) = limits::function_error(f) {
        fr.func(message);
    }
    if f.is_import() {
        if !f.layout.is_empty() || !f.slots.is_empty() {
            fr.func("an imported function cannot have a body");
        }
        return;
    }
    let mut shape = shape::check_layout(&mut fr);
    structure::check_blocks(&mut fr, &mut shape);
    structure::check_value_defs(&mut fr, &mut shape);
    structure::check_local_names(&mut fr, &shape);
    let dominance = ssa::Dominance::new(f, &shape);
    let mut messages = Vec::new();
    for &block in &shape.blocks {
        for at in shape.insts(f, block) {
            let data = &f.insts[at.inst];
            let uses_sound = ssa::uses_sound(f, &shape, &dominance, at);
            operands::check_inst(fr.module, f, &shape, data, uses_sound, &mut messages);
            if !messages.is_empty() {
                for message in messages.drain(..) {
                    fr.inst(block, at.inst, message);
                }
            }
            if let Some(message) = limits::instruction_error(data) {
                fr.inst(block, at.inst, message);
            }
            let loc = f.srclocs[at.inst];
            if !loc.is_none() && fr.module.file_path(loc.file).is_none() {
                let message = format!(
                    "the location names file {}, which the module does not declare",
                    loc.file.number()
                );
                fr.inst(block, at.inst, message);
            }
            if !uses_sound {
                ssa::report_uses(&mut fr, &shape, &dominance, at);
            }
        }
    }
}
