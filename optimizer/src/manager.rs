//! The pass manager: runs a pipeline over a module, collects statistics and timings,
//! verifies after passes, and shows the module to an [`Observer`].
//!
//! Consecutive function passes form a stage. Normally a stage runs all of its passes
//! on one function before the next (keeping that function's analyses warm), on
//! several functions in parallel. When the module must be seen or verified between
//! passes (`--print-after`, `--verify-each`), each pass runs over every function
//! before the next pass starts instead. Function passes only read other functions'
//! signatures and the summaries computed at the start of the stage, so both orders
//! give the same module.

use crate::analysis::{FunctionAnalyses, Summaries};
use crate::options::{OptOptions, Tuning};
use crate::pass::{Changes, FunctionContext, FunctionPass, ModuleContext, Pass};
use lir::{Func, Function, Module};
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// Sees the module between passes (`--print-after`).
pub trait Observer {
    /// Called after each pass that [`OptOptions::print_after`] names.
    fn after_pass(&mut self, pass: &str, module: &Module);
}

/// An observer that looks at nothing.
pub struct NoObserver;

impl Observer for NoObserver {
    fn after_pass(&mut self, _pass: &str, _module: &Module) {}
}

/// What one pass did over a whole optimization.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassStats {
    pub name: &'static str,
    /// How many times it ran (once per place in the pipeline).
    pub runs: u32,
    /// Rewrites it made, summed over all runs and functions.
    pub changes: u64,
    /// Time spent in it (summed over threads).
    pub time: Duration,
}

/// Statistics of a whole optimization, one entry per pass name in first-run order.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub passes: Vec<PassStats>,
    /// Wall-clock time of the whole optimization.
    pub total: Duration,
}

impl Report {
    fn add(&mut self, name: &'static str, changes: u64, time: Duration, runs: u32) {
        match self.passes.iter_mut().find(|p| p.name == name) {
            Some(p) => {
                p.runs += runs;
                p.changes += changes;
                p.time += time;
            }
            None => self.passes.push(PassStats {
                name,
                runs,
                changes,
                time,
            }),
        }
    }

    /// Adds another report's numbers to this one.
    pub fn merge(&mut self, other: &Report) {
        for p in &other.passes {
            self.add(p.name, p.changes, p.time, p.runs);
        }
        self.total += other.total;
    }

    /// The changes made by the pass named `name` (0 if it never ran).
    pub fn changes(&self, name: &str) -> u64 {
        self.passes
            .iter()
            .find(|p| p.name == name)
            .map_or(0, |p| p.changes)
    }

    /// A table of passes, runs, changes and times, as `--time-passes` prints it.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<24} {:>5} {:>9} {:>10}\n",
            "pass", "runs", "changes", "time (ms)"
        );
        let mut sum = Duration::ZERO;
        for p in &self.passes {
            sum += p.time;
            out += &format!(
                "{:<24} {:>5} {:>9} {:>10.3}\n",
                p.name,
                p.runs,
                p.changes,
                p.time.as_secs_f64() * 1e3
            );
        }
        out += &format!(
            "{:<24} {:>5} {:>9} {:>10.3}\n",
            "total (wall clock)",
            "",
            "",
            self.total.as_secs_f64() * 1e3
        );
        let _ = sum;
        out
    }
}

/// A pass produced LIR the verifier rejects: a bug in the optimizer.
#[derive(Clone, Debug, thiserror::Error)]
#[error("internal error: after pass `{pass}`, the module is invalid:\n{errors}")]
pub struct OptError {
    pub pass: String,
    pub errors: String,
}

/// Runs `pipeline` over `module`.
pub fn run(
    module: &mut Module,
    pipeline: &[Pass],
    options: &OptOptions,
    observer: &mut dyn Observer,
) -> Result<Report, OptError> {
    let start = Instant::now();
    let tuning = options.effective_tuning();
    let mut report = Report::default();
    let verify_each = options.verify_each;
    let verify_functions = cfg!(debug_assertions) && !verify_each;
    let mut i = 0;
    while i < pipeline.len() {
        match pipeline[i] {
            Pass::Module(pass) => {
                let t = Instant::now();
                let changes = pass.run(module, &ModuleContext { tuning: &tuning });
                report.add(pass.name(), changes as u64, t.elapsed(), 1);
                after_pass(
                    module,
                    pass.name(),
                    options,
                    observer,
                    verify_each || cfg!(debug_assertions),
                )?;
                i += 1;
            }
            Pass::Function(_) => {
                let stage: Vec<&'static dyn FunctionPass> = pipeline[i..]
                    .iter()
                    .map_while(|p| match p {
                        Pass::Function(f) => Some(*f),
                        Pass::Module(_) => None,
                    })
                    .collect();
                i += stage.len();
                let one_pass_at_a_time =
                    verify_each || stage.iter().any(|p| options.print_after.matches(p.name()));
                if one_pass_at_a_time {
                    for pass in stage {
                        run_stage(module, &[pass], &tuning, &mut report, false)?;
                        after_pass(module, pass.name(), options, observer, verify_each)?;
                    }
                } else {
                    run_stage(module, &stage, &tuning, &mut report, verify_functions)?;
                }
            }
        }
    }
    report.total = start.elapsed();
    Ok(report)
}

fn after_pass(
    module: &Module,
    pass: &str,
    options: &OptOptions,
    observer: &mut dyn Observer,
    verify: bool,
) -> Result<(), OptError> {
    if verify {
        lir::verify::verify(module).map_err(|e| OptError {
            pass: pass.to_string(),
            errors: e.to_string(),
        })?;
    }
    if options.print_after.matches(pass) {
        observer.after_pass(pass, module);
    }
    Ok(())
}

/// Below this many functions a stage runs on one thread (spawning costs more).
const PARALLEL_THRESHOLD: usize = 16;

/// Runs function passes over every defined function.
fn run_stage(
    module: &mut Module,
    passes: &[&'static dyn FunctionPass],
    tuning: &Tuning,
    report: &mut Report,
    verify: bool,
) -> Result<(), OptError> {
    let summaries = Summaries::new(module);
    let mut bodies = take_bodies(module);
    let shells: &Module = module;
    let work = |(func, body): &mut (Func, Function)| {
        run_passes(shells, &summaries, *func, body, passes, tuning, verify)
    };
    let results: Vec<Result<Vec<(Changes, Duration)>, OptError>> =
        if bodies.len() >= PARALLEL_THRESHOLD {
            bodies.par_iter_mut().map(work).collect()
        } else {
            bodies.iter_mut().map(work).collect()
        };
    let mut first_error = None;
    let mut totals: Vec<(u64, Duration)> = vec![(0, Duration::ZERO); passes.len()];
    for result in results {
        match result {
            Ok(per_pass) => {
                for (total, (changes, time)) in totals.iter_mut().zip(per_pass) {
                    total.0 += changes.count as u64;
                    total.1 += time;
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    put_bodies(module, bodies);
    for (pass, (changes, time)) in passes.iter().zip(totals) {
        report.add(pass.name(), changes, time, 1);
    }
    first_error.map_or(Ok(()), Err)
}

fn run_passes(
    shells: &Module,
    summaries: &Summaries,
    func: Func,
    body: &mut Function,
    passes: &[&'static dyn FunctionPass],
    tuning: &Tuning,
    verify: bool,
) -> Result<Vec<(Changes, Duration)>, OptError> {
    let tuning = tuning.for_function(&body.name);
    let mut cx = FunctionContext {
        module: shells,
        summaries,
        func,
        tuning: &tuning,
        analyses: FunctionAnalyses::default(),
    };
    let mut out = Vec::with_capacity(passes.len());
    // One clock reading per pass: each pass's end is the next one's start.
    let mut t = Instant::now();
    for pass in passes {
        let changes = pass.run(body, &mut cx);
        let now = Instant::now();
        out.push((changes, now - t));
        t = now;
        cx.analyses.invalidate(changes);
        if verify && changes.changed() {
            lir::verify::verify_function(shells, func, body).map_err(|e| OptError {
                pass: pass.name().to_string(),
                errors: e.to_string(),
            })?;
            // Verification is not the next pass's time.
            t = Instant::now();
        }
    }
    // Deleted code stays in the arenas; drop it while the body is warm, so later
    // stages walk and size their maps by what is left.
    if body.garbage() > 2 * body.inst_count() + 64 {
        body.compact();
    }
    Ok(out)
}

/// Moves every defined function's body out of the module, leaving a shell with its
/// name, signature, export and import.
pub(crate) fn take_bodies(module: &mut Module) -> Vec<(Func, Function)> {
    let mut bodies = Vec::with_capacity(module.funcs.len());
    for (func, f) in module.funcs.iter_mut() {
        if f.is_import() {
            continue;
        }
        let mut shell = Function::new(f.name.clone(), f.sig.clone());
        shell.export = f.export.clone();
        bodies.push((func, std::mem::replace(f, shell)));
    }
    bodies
}

/// Puts bodies taken by [`take_bodies`] back.
pub(crate) fn put_bodies(module: &mut Module, bodies: Vec<(Func, Function)>) {
    for (func, body) in bodies {
        module.funcs[func] = body;
    }
}
