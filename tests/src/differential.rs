//! Differential testing on random programs: every exported function of a generated
//! module (`lir::testing`) is called with edge-case arguments under each executor,
//! and the outcomes must be identical — results bit for bit, traps by kind.
//!
//! A mismatch is reported with the module as a ready-made golden file (its `; run:`
//! line states the interpreter's outcome), to be saved under `tests/golden/` once fixed.

use crate::executor::{stack_depth_may_differ, Abnormal, CallOutcome, Executor};
use lir::testing::{edge_argument, exported_functions, module_from_seed, GenConfig};
use lir::{Imm, Module, Type};
use std::fmt::Write as _;

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

/// Checks the modules generated from `seeds`: the first executor is the reference.
pub fn check_seeds(
    seeds: std::ops::Range<u64>,
    config: GenConfig,
    executors: &[&dyn Executor],
) -> Result<(), String> {
    for seed in seeds {
        let module = module_from_seed(config, seed);
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
                    if got != expected {
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
