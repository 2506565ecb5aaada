//! The backend pipeline in one place: module checks, then per function
//! prepare → reducify → structurize → value facts and address folding → treeify →
//! liveness → local allocation (→ spilling, only for functions that need more locals
//! than the engines allow) → cleanup of the structure → emission, then module
//! assembly and validation.
//!
//! Local allocation runs after treeify (unlike the numbering in the design brief) so
//! that it sees the final instruction order: moving a definition down to its use then
//! never clobbers a local it reads, and stackified values need no local at all. The
//! structure's cleanup runs last so that it sees which copies were coalesced away.
//!
//! Modules with many functions are compiled on several threads (functions are
//! independent once the module-wide index spaces and types are fixed).
//!
//! [`structure_module`] runs the same stages short of emission and returns the nesting
//! (`lirc --emit dot=structured` draws it).
//!
//! Debugging switches: the environment variable `LIR_WASM_DUMP` prints the structured
//! program of every function to stderr before emission; [`crate::set_stage_timing`]
//! (`lirc --time`) prints the time spent in each stage.

use crate::assemble::{assemble, ModuleContext, TypeTable};
use crate::emit::{emit_function, EmittedFunction};
use crate::emit_copies::emits_nothing;
use crate::error::CompileError;
use crate::liveness::Liveness;
use crate::locals::Locals;
use crate::locations::{LocationRow, LocationTable};
use crate::loops::Loops;
use crate::structure::Item;
use crate::treeify::Schedule;
use crate::values::Values;
use crate::workspace::Workspace;
use crate::{
    check, cleanup, dwarf, locals, prepare, reducify, spill, structurize, validate, Options,
};
use cranelift_entity::SecondaryMap;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Function, Inst, Module, SourceLoc};
use std::time::{Duration, Instant};

/// Modules with at least this many defined functions are compiled on several threads.
const PARALLEL_THRESHOLD: usize = 64;

/// Compiles a module; see [`crate::compile`]. With `locations` (or when DWARF is
/// asked for), also returns where the code of each instruction is.
pub(crate) fn compile_module(
    module: &Module,
    options: &Options,
    locations: bool,
) -> Result<(Vec<u8>, Option<LocationTable>), CompileError> {
    let mut timer = Timer::new(crate::stage_timing());
    check::check_module(module, &options.features)?;
    let locations = locations || options.dwarf.is_some();
    let cx = ModuleContext::new(module, options, locations)?;
    crate::limits::check_count(
        "functions (imports and generated helpers included)",
        module.funcs.len() + cx.helpers.count(),
        crate::limits::MAX_FUNCTIONS,
    )?;
    let types = TypeTable::new(module, &cx.helpers);
    timer.lap("check and layout");
    let funcs: Vec<&Function> = module.funcs.values().filter(|f| !f.is_import()).collect();
    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let parallel = options.parallel && threads > 1 && funcs.len() >= PARALLEL_THRESHOLD;
    let mut bodies = if parallel && !timer.enabled() {
        compile_in_parallel(&cx, &types, &funcs, threads)?
    } else {
        let mut bodies = Vec::with_capacity(funcs.len());
        let mut ws = Workspace::default();
        for func in &funcs {
            bodies.push(compile_function(&cx, &types, func, &mut ws, &mut timer)?);
        }
        bodies
    };
    let rows: Vec<(String, u32, Vec<LocationRow>)> = module
        .funcs
        .iter()
        .filter(|(_, f)| !f.is_import())
        .zip(bodies.iter_mut())
        .map(|((k, f), body)| {
            (
                f.name.clone(),
                cx.func_index[k],
                std::mem::take(&mut body.rows),
            )
        })
        .collect();
    let mut wasm = assemble(&cx, types, bodies)?;
    timer.lap("assemble");
    let table =
        match locations {
            true => Some(LocationTable::build(module, &wasm, rows).map_err(|e| {
                CompileError::Internal {
                    function: "<module>".into(),
                    message: format!("cannot read back the assembled module: {e}"),
                }
            })?),
            false => None,
        };
    if let (Some(comp_dir), Some(table)) = (&options.dwarf, &table) {
        dwarf::append(&mut wasm, table, comp_dir)?;
        timer.lap("dwarf");
    }
    if options.validate {
        validate::validate(&wasm, options.features)
            .map_err(|e| e.into_compile_error(&wasm, module))?;
        timer.lap("validate");
    }
    timer.report();
    Ok((wasm, table))
}

/// Compiles the functions on `threads` scoped threads (contiguous chunks, so the
/// result order and the first error reported are those of a sequential run).
fn compile_in_parallel(
    cx: &ModuleContext<'_>,
    types: &TypeTable,
    funcs: &[&Function],
    threads: usize,
) -> Result<Vec<EmittedFunction>, CompileError> {
    let chunk = funcs.len().div_ceil(threads);
    let results: Vec<Result<Vec<EmittedFunction>, CompileError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = funcs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut timer = Timer::disabled();
                    let mut ws = Workspace::default();
                    part.iter()
                        .map(|func| compile_function(cx, types, func, &mut ws, &mut timer))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(CompileError::Internal {
                        function: "<module>".into(),
                        message: "a compiler thread panicked".into(),
                    })
                })
            })
            .collect()
    });
    let mut bodies = Vec::with_capacity(funcs.len());
    for part in results {
        bodies.extend(part?);
    }
    Ok(bodies)
}

/// Compiles one defined function to a wasm body.
fn compile_function(
    cx: &ModuleContext<'_>,
    types: &TypeTable,
    func: &Function,
    ws: &mut Workspace,
    timer: &mut Timer,
) -> Result<EmittedFunction, CompileError> {
    let s = structure_function(cx, func, ws, timer)?;
    static DUMP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *DUMP.get_or_init(|| std::env::var_os("LIR_WASM_DUMP").is_some()) {
        eprintln!("@{}:\n{}", s.func.name, crate::structure::render(&s.items));
    }
    let body = emit_function(
        cx,
        types,
        &s.func,
        func,
        s.srclocs.as_ref().unwrap_or(&func.srclocs),
        &s.values,
        &s.schedule,
        s.locals,
        &s.items,
        &mut ws.emit,
    );
    ws.treeify.recycle(s.schedule);
    ws.values.recycle(s.values);
    timer.lap("emit");
    body
}

/// A function ready for emission: the prepared function, its structured items after
/// cleanup, and the facts the emitter reads.
struct Structured<'a> {
    func: prepare::Prepared<'a>,
    items: Vec<Item>,
    values: Values,
    schedule: Schedule,
    locals: Locals,
    /// The source locations of the instructions, when spilling added some (else
    /// those of the original function).
    srclocs: Option<SecondaryMap<Inst, SourceLoc>>,
}

/// Every stage of one function before emission.
fn structure_function<'a>(
    cx: &ModuleContext<'_>,
    original: &'a Function,
    ws: &mut Workspace,
    timer: &mut Timer,
) -> Result<Structured<'a>, CompileError> {
    let mut func = prepare::prepare(original);
    timer.lap("prepare");
    let (mut cfg, mut dom) = cfg_and_dominators(&func);
    timer.lap("cfg and dominators");
    if !reducify::is_reducible(&cfg, &dom) {
        reducify::reducify(func.to_mut(), &mut ws.reducify);
        (cfg, dom) = cfg_and_dominators(&func);
        timer.lap("reducify");
    }
    let loops = Loops::compute(&cfg, &mut ws.loops);
    let mut items = structurize::structurize(&func, &cfg, &dom, &loops, &mut ws.structurize)?;
    timer.lap("structurize");
    let mut values = Values::compute(&func, &cx.layout, &mut ws.values);
    timer.lap("values and address folding");
    let mut schedule = Schedule::compute(&func, &values, &mut ws.treeify);
    timer.lap("treeify");
    let mut live = Liveness::compute(&func, &cfg, &loops, &values, &schedule, &mut ws.live);
    timer.lap("liveness");
    let mut locals = locals::allocate(&func, &dom, &values, &schedule, &live, &mut ws.locals);
    timer.lap("locals");
    let mut srclocs = None;
    if spill::needed(locals.types.len(), cx.max_locals) {
        // Spilling (spill.rs): rewrite, then recompute every stage after prepare
        // (the CFG is unchanged; the structure names values, so it is rebuilt).
        let budget = cx.max_locals.saturating_sub(spill::RESERVE);
        let mut locs = original.srclocs.clone();
        let mut pinned = SecondaryMap::new();
        for _ in 0..spill::MAX_ROUNDS {
            let chosen = locals::choose_spills(
                &func,
                &dom,
                &values,
                &schedule,
                &live,
                budget,
                &pinned,
                &mut ws.locals,
            );
            if chosen.is_empty() {
                break;
            }
            spill::spill(func.to_mut(), &chosen, &mut locs, &mut pinned);
            values = Values::compute(&func, &cx.layout, &mut ws.values);
            schedule = Schedule::compute(&func, &values, &mut ws.treeify);
            live = Liveness::compute(&func, &cfg, &loops, &values, &schedule, &mut ws.live);
            locals = locals::allocate(&func, &dom, &values, &schedule, &live, &mut ws.locals);
            if !spill::needed(locals.types.len(), cx.max_locals) {
                break;
            }
        }
        items = structurize::structurize(&func, &cfg, &dom, &loops, &mut ws.structurize)?;
        srclocs = Some(locs);
        timer.lap("spill");
    }
    ws.live.recycle(live);
    ws.loops.recycle(loops);
    let items = cleanup::cleanup(
        items,
        |item| emits_nothing(&func, &schedule, &locals, item),
        &mut ws.cleanup,
    );
    timer.lap("cleanup");
    Ok(Structured {
        func,
        items,
        values,
        schedule,
        locals,
        srclocs,
    })
}

/// The nesting of every defined function of `module`; see [`crate::structure_of`].
pub(crate) fn structure_module(
    module: &Module,
    options: &Options,
) -> Result<Vec<crate::FunctionStructure>, CompileError> {
    check::check_module(module, &options.features)?;
    let cx = ModuleContext::new(module, options, false)?;
    let mut timer = Timer::disabled();
    let mut ws = Workspace::default();
    module
        .funcs
        .values()
        .filter(|f| !f.is_import())
        .map(|original| {
            let s = structure_function(&cx, original, &mut ws, &mut timer)?;
            Ok(crate::nesting::FunctionStructure::new(
                original,
                s.func.into_owned(),
                &s.items,
            ))
        })
        .collect()
}

fn cfg_and_dominators(func: &Function) -> (ControlFlowGraph, DominatorTree) {
    let cfg = ControlFlowGraph::new(func);
    let dom = DominatorTree::new(&cfg);
    (cfg, dom)
}

/// Per-stage timing for [`crate::set_stage_timing`] (does nothing otherwise).
struct Timer {
    last: Option<Instant>,
    totals: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn new(enabled: bool) -> Timer {
        Timer {
            last: enabled.then(Instant::now),
            totals: Vec::new(),
        }
    }

    fn disabled() -> Timer {
        Timer {
            last: None,
            totals: Vec::new(),
        }
    }

    fn enabled(&self) -> bool {
        self.last.is_some()
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
            eprintln!(
                "time: backend {stage:<26}{:10.3} ms",
                total.as_secs_f64() * 1e3
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lir::testing::{module_from_seed, GenConfig};

    /// The body and local names of an emitted function, as bytes and strings.
    fn output(f: EmittedFunction) -> (Vec<u8>, Vec<(u32, String)>) {
        let mut bytes = Vec::new();
        wasm_encoder::Encode::encode(&f.body, &mut bytes);
        (bytes, f.local_names)
    }

    /// Nothing a function leaves in a thread's workspace changes the next one: each
    /// function compiled in the workspace of the functions before it (largest first,
    /// so that later ones meet longer stale buffers) comes out as in a fresh one.
    #[test]
    fn a_reused_workspace_gives_the_same_output() {
        let config = GenConfig {
            functions: 12,
            ..GenConfig::default()
        };
        let options = Options::default();
        let mut timer = Timer::disabled();
        for seed in 0..4 {
            let module = module_from_seed(config, seed);
            let cx = ModuleContext::new(&module, &options, false).expect("layout");
            let types = TypeTable::new(&module, &cx.helpers);
            let mut funcs: Vec<&Function> =
                module.funcs.values().filter(|f| !f.is_import()).collect();
            funcs.sort_by_key(|f| std::cmp::Reverse(f.insts.len()));
            let mut shared = Workspace::default();
            for func in funcs {
                let reused = compile_function(&cx, &types, func, &mut shared, &mut timer);
                let fresh =
                    compile_function(&cx, &types, func, &mut Workspace::default(), &mut timer);
                assert_eq!(
                    output(reused.expect("compiles")),
                    output(fresh.expect("compiles")),
                    "@{} of seed {seed}",
                    func.name
                );
            }
        }
    }
}
