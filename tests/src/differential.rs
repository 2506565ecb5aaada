//! Differential testing on random programs: every exported function of a generated
//! module (`lir::testing`) is called with edge-case arguments under each executor,
//! and the outcomes must be identical — results bit for bit, traps by kind.
//!
//! A mismatch is reported with the module as a ready-made golden file (its `; run:`
//! line states the interpreter's outcome), to be saved under `tests/golden/` once fixed.

use crate::executor::{stack_depth_may_differ, Abnormal, CallOutcome, Executor};
use crate::interp_executor::{Interp, OptimizedInterp};
use crate::wasm_executor::Wasmtime;
use lir::testing::{edge_argument, exported_functions, module_from_seed_with, GenConfig, Shapes};
use lir::{Imm, Module, Type};
use lir_opt::OptLevel;
use std::fmt::Write as _;

/// A family of differential trials: which modules, run how, compared how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Three modules in four with the optimizer's shapes ([`Shapes::optimizer`]),
    /// the fourth from the basic generator; run by the interpreter (the reference),
    /// wasmtime, wasmtime with fallbacks, wasmtime at -O2 and the interpreter at
    /// -O2 and -Os, every wasmtime with NaN canonicalization: results compare bit
    /// for bit.
    Canonical,
    /// Modules that never look at NaN bits ([`Shapes::nan_agnostic`]), run by the
    /// interpreter and by wasmtime's native engine (no NaN canonicalization) at -O0
    /// and -O2: results compare modulo NaN payloads.
    Native,
}

impl Group {
    pub const ALL: [Group; 2] = [Group::Canonical, Group::Native];

    /// The prefix of the group's trial names.
    pub fn name(self) -> &'static str {
        match self {
            Group::Canonical => "differential",
            Group::Native => "differential-native",
        }
    }

    /// How many modules the group runs when the campaign has `total` (the
    /// `LIR_DIFF_MODULES` count): all of them, or one in four for the native group.
    pub fn modules(self, total: u64) -> u64 {
        match self {
            Group::Canonical => total,
            Group::Native => total.div_ceil(4),
        }
    }

    /// What the generator is asked for, for `seed`: the basic shapes every fourth
    /// seed of the canonical group (with the default configuration), else the
    /// optimizer's, with 2 to 7 main functions.
    pub fn generator(self, seed: u64) -> (GenConfig, Shapes) {
        let shapes = match self {
            Group::Canonical if seed % 4 == 3 => return (GenConfig::default(), Shapes::default()),
            Group::Canonical => Shapes::optimizer(),
            Group::Native => Shapes::nan_agnostic(),
        };
        let config = GenConfig {
            functions: 2 + (seed / 4 % 6) as usize,
            ..GenConfig::default()
        };
        (config, shapes)
    }

    /// The module of `seed`.
    pub fn module(self, seed: u64) -> Module {
        let (config, shapes) = self.generator(seed);
        module_from_seed_with(config, shapes, seed)
    }

    pub fn comparison(self) -> Comparison {
        match self {
            Group::Canonical => Comparison::Exact,
            Group::Native => Comparison::ModuloNanPayloads,
        }
    }

    /// The executors, the reference first. Modules keep their own exports (helpers
    /// stay internal, so the optimizer may inline, merge and delete them).
    pub fn executors(self) -> Vec<Box<dyn Executor>> {
        match self {
            Group::Canonical => vec![
                Box::new(Interp),
                Box::new(Wasmtime::default().exported_only()),
                Box::new(Wasmtime::with_fallbacks().exported_only()),
                Box::new(Wasmtime::optimized(OptLevel::O2).exported_only()),
                Box::new(OptimizedInterp::new(OptLevel::O2).exported_only()),
                Box::new(OptimizedInterp::new(OptLevel::Os).exported_only()),
            ],
            Group::Native => vec![
                Box::new(Interp),
                Box::new(
                    Wasmtime::default()
                        .exported_only()
                        .native("wasmtime-native"),
                ),
                Box::new(
                    Wasmtime::optimized(OptLevel::O2)
                        .exported_only()
                        .native("wasmtime-native-O2"),
                ),
            ],
        }
    }
}

/// How the outcomes of two executors are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// Results bit for bit, traps by kind.
    Exact,
    /// The same, except that a NaN result equals any NaN of its type: LIR leaves
    /// the sign and payload of NaNs produced by arithmetic unspecified.
    ModuloNanPayloads,
}

impl Comparison {
    /// Whether `got` is an outcome `expected` permits.
    pub fn agree(self, expected: &CallOutcome, got: &CallOutcome) -> bool {
        match (self, expected, got) {
            (Comparison::ModuloNanPayloads, Ok(a), Ok(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x == y || (x.ty() == y.ty() && is_nan(*x) && is_nan(*y)))
            }
            _ => expected == got,
        }
    }
}

fn is_nan(x: Imm) -> bool {
    match x.ty() {
        Type::F32 => x.as_f32().is_nan(),
        Type::F64 => x.as_f64().is_nan(),
        _ => false,
    }
}

/// The `n`-th argument vector for a signature.
fn arguments(params: &[Type], n: usize) -> Vec<Imm> {
    params
        .iter()
        .enumerate()
        .map(|(i, &ty)| edge_argument(ty, (n * 3 + i * 5) as u64))
        .collect()
}

fn describe(outcome: &CallOutcome) -> String {
    match outcome {
        Ok(values) => values
            .iter()
            .map(Imm::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Err(Abnormal::Trap(kind)) => format!("traps {kind}"),
        Err(other) => other.to_string(),
    }
}

/// A golden file reproducing a disagreement.
fn reproduction(module: &Module, func: &str, args: &[Imm], expected: &CallOutcome) -> String {
    let args: Vec<String> = args.iter().map(Imm::to_string).collect();
    let expect = match expected {
        Ok(_) => format!("== {}", describe(expected)),
        Err(_) => describe(expected),
    };
    format!(
        "; Found by the differential test.\n; run: @{func}({}) {expect}\n\n{}",
        args.join(", "),
        lir::text::print(module)
    )
}

/// Checks the modules `group` generates from `seeds`.
pub fn check_group(group: Group, seeds: std::ops::Range<u64>) -> Result<(), String> {
    let executors = group.executors();
    let executors: Vec<&dyn Executor> = executors.iter().map(|e| e.as_ref()).collect();
    check_seeds(
        seeds,
        |seed| group.module(seed),
        &executors,
        group.comparison(),
    )
    .map_err(|e| format!("{} {e}", group.name()))
}

/// Checks the modules `module` generates from `seeds`: the first executor is the
/// reference.
pub fn check_seeds(
    seeds: std::ops::Range<u64>,
    module: impl Fn(u64) -> Module,
    executors: &[&dyn Executor],
    comparison: Comparison,
) -> Result<(), String> {
    for seed in seeds {
        let module = module(seed);
        let mut prepared = Vec::new();
        for executor in executors {
            let ready = executor
                .prepare(&module)
                .map_err(|e| format!("seed {seed}: {} cannot prepare: {e}", executor.name()))?;
            prepared.push((executor.name(), ready));
        }
        for (func, sig) in exported_functions(&module) {
            for n in 0..3 {
                let args = arguments(&sig.params, n);
                let (reference_name, reference) = &prepared[0];
                let expected = reference.call(&func, &args, None);
                for (name, other) in &prepared[1..] {
                    if stack_depth_may_differ(&expected, other.optimized()) {
                        continue;
                    }
                    let got = other.call(&func, &args, None);
                    if !comparison.agree(&expected, &got) {
                        let mut report = format!(
                            "seed {seed}: @{func} disagrees: {reference_name} gives {}, {name} gives {}\n",
                            describe(&expected),
                            describe(&got)
                        );
                        let _ =
                            write!(report, "{}", reproduction(&module, &func, &args, &expected));
                        return Err(report);
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_payloads_differ_only_modulo_nans() {
        let canonical = Imm::f32(f32::NAN);
        let negative = Imm::new(Type::F32, 0xffc0_0000);
        let expected: CallOutcome = Ok(vec![Imm::i32(1), canonical]);
        let got: CallOutcome = Ok(vec![Imm::i32(1), negative]);
        assert!(!Comparison::Exact.agree(&expected, &got));
        assert!(Comparison::ModuloNanPayloads.agree(&expected, &got));
        let number: CallOutcome = Ok(vec![Imm::i32(1), Imm::f32(1.0)]);
        assert!(!Comparison::ModuloNanPayloads.agree(&expected, &number));
        // An integer with a NaN's bits is not a NaN.
        let bits: CallOutcome = Ok(vec![Imm::i32(0x7fc0_0000)]);
        let other: CallOutcome = Ok(vec![Imm::i32(-0x40_0000)]);
        assert!(!Comparison::ModuloNanPayloads.agree(&bits, &other));
    }
}
