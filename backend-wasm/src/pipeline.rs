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
//! Debugging switches (environment variables): `LIR_WASM_DUMP` prints the structured
//! program of every function to stderr before emission; `LIR_WASM_TIME` prints the
//! time spent in each stage.

use crate::assemble::{assemble, ModuleContext, TypeTable};
use crate::emit::{emit_function, emits_nothing, EmittedFunction};
use crate::error::CompileError;
use crate::liveness::Liveness;
use crate::treeify::Schedule;
use crate::values::Values;
use crate::{check, cleanup, locals, prepare, reducify, structurize, validate, Options};
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Function, Module};
use std::time::{Duration, Instant};

/// Compiles a module; see [`crate::compile`].
pub(crate) fn compile_module(module: &Module, options: &Options) -> Result<Vec<u8>, CompileError> {
    let mut timer = Timer::from_env();
    check::check_module(module, &options.features)?;
    let cx = ModuleContext::new(module, options)?;
    let mut types = TypeTable::new(module);
    timer.lap("check and layout");
    let mut bodies = Vec::new();
    for func in module.funcs.values().filter(|f| !f.is_import()) {
        bodies.push(compile_function(&cx, &mut types, func, &mut timer)?);
    }
    let wasm = assemble(&cx, types, bodies)?;
    timer.lap("assemble");
    if options.validate {
        validate::validate(&wasm, options.features)
            .map_err(|e| e.into_compile_error(&wasm, module))?;
        timer.lap("validate");
    }
    timer.report();
    Ok(wasm)
}

/// Compiles one defined function to a wasm body.
fn compile_function(
    cx: &ModuleContext<'_>,
    types: &mut TypeTable,
    func: &Function,
    timer: &mut Timer,
) -> Result<EmittedFunction, CompileError> {
    let mut func = prepare::prepare(func);
    timer.lap("prepare");
    let (mut cfg, mut dom) = cfg_and_dominators(&func);
    timer.lap("cfg and dominators");
    if !reducify::is_reducible(&cfg, &dom) {
        reducify::reducify(&mut func);
        (cfg, dom) = cfg_and_dominators(&func);
        timer.lap("reducify");
    }
    let items = structurize::structurize(&func, &cfg, &dom)?;
    timer.lap("structurize");
    let values = Values::compute(&func, &cx.layout);
    timer.lap("values and address folding");
    let schedule = Schedule::compute(&func, &values);
    timer.lap("treeify");
    let live = Liveness::compute(&func, &cfg, &values, &schedule);
    timer.lap("liveness");
    let locals = locals::allocate(&func, &dom, &values, &schedule, &live);
    timer.lap("locals");
    let items = cleanup::cleanup(items, |item| emits_nothing(&func, &schedule, &locals, item));
    timer.lap("cleanup");
    if std::env::var_os("LIR_WASM_DUMP").is_some() {
        eprintln!("@{}:\n{}", func.name, crate::structure::render(&items));
    }
    let body = emit_function(cx, types, &func, &values, &schedule, locals, &items);
    timer.lap("emit");
    body
}

fn cfg_and_dominators(func: &Function) -> (ControlFlowGraph, DominatorTree) {
    let cfg = ControlFlowGraph::new(func);
    let dom = DominatorTree::new(&cfg);
    (cfg, dom)
}

/// Per-stage timing for `LIR_WASM_TIME` (does nothing otherwise).
struct Timer {
    last: Option<Instant>,
    totals: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn from_env() -> Timer {
        let enabled = std::env::var_os("LIR_WASM_TIME").is_some();
        Timer {
            last: enabled.then(Instant::now),
            totals: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let Some(last) = self.last else { return };
        let now = Instant::now();
        match self.totals.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += now - last,
            None => self.totals.push((stage, now - last)),
        }
        self.last = Some(now);
    }

    fn report(&self) {
        for (stage, total) in &self.totals {
            eprintln!("{stage:>28}: {:9.3} ms", total.as_secs_f64() * 1e3);
        }
    }
}
