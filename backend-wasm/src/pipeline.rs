//! The backend pipeline in one place: module checks, then per function
//! prepare → reducify → structurize → value facts and address folding → treeify →
//! liveness → local allocation → cleanup of the structure → emission, then module
//! assembly and validation.
//!
//! Local allocation runs after treeify (unlike the numbering in the design brief) so
//! that it sees the final instruction order: moving a definition down to its use then
//! never clobbers a local it reads, and stackified values need no local at all. The
//! structure's cleanup runs last so that it sees which copies were coalesced away.
//!
//! Debugging: with the environment variable `LIR_WASM_DUMP` set, the structured
//! program of every function is printed to stderr before emission.

use crate::assemble::{assemble, ModuleContext, TypeTable};
use crate::emit::{emit_function, emits_nothing, EmittedFunction};
use crate::error::CompileError;
use crate::liveness::Liveness;
use crate::treeify::Schedule;
use crate::values::Values;
use crate::{check, cleanup, locals, prepare, reducify, structurize, validate, Options};
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Function, Module};

/// Compiles a module; see [`crate::compile`].
pub(crate) fn compile_module(module: &Module, options: &Options) -> Result<Vec<u8>, CompileError> {
    check::check_module(module, &options.features)?;
    let cx = ModuleContext::new(module, options.features)?;
    let mut types = TypeTable::new(module);
    let mut bodies = Vec::new();
    for func in module.funcs.values().filter(|f| !f.is_import()) {
        bodies.push(compile_function(&cx, &mut types, func)?);
    }
    let wasm = assemble(&cx, types, bodies, options.name_section)?;
    if options.validate {
        validate::validate(&wasm, options.features)
            .map_err(|e| e.into_compile_error(&wasm, module))?;
    }
    Ok(wasm)
}

/// Compiles one defined function to a wasm body.
fn compile_function(
    cx: &ModuleContext<'_>,
    types: &mut TypeTable,
    func: &Function,
) -> Result<EmittedFunction, CompileError> {
    let mut func = prepare::prepare(func);
    reducify::reducify(&mut func);
    let cfg = ControlFlowGraph::new(&func);
    let dom = DominatorTree::new(&cfg);
    let items = structurize::structurize(&func, &cfg, &dom)?;
    let values = Values::compute(&func, &cx.layout);
    let schedule = Schedule::compute(&func, &values);
    let live = Liveness::compute(&func, &cfg, &values, &schedule);
    let locals = locals::allocate(&func, &dom, &values, &schedule, &live);
    let items = cleanup::cleanup(items, |item| emits_nothing(&func, &schedule, &locals, item));
    if std::env::var_os("LIR_WASM_DUMP").is_some() {
        eprintln!("@{}:\n{}", func.name, crate::structure::render(&items));
    }
    emit_function(cx, types, &func, &values, &schedule, locals, &items)
}
