//! Differential testing on random programs: every exported function of a generated
//! module (`lir_wasm::testing`) is called with edge-case arguments under each executor,
//! and the outcomes must be identical — results bit for bit, traps by kind.
//!
//! A mismatch is reported with the module as a ready-made golden file (its `; run:`
//! line states the interpreter's outcome), to be saved under `tests/golden/` once fixed.

use crate::executor::{Abnormal, CallOutcome, Executor};
use lir::{Imm, Module, Type};
use lir_wasm::testing::{exported_functions, module_from_seed, GenConfig};
use std::fmt::Write as _;

/// Integer arguments tried, in order.
const INTS: [i64; 8] = [0, 1, -1, 7, 100, i64::MIN, i64::MAX, 0x8000_0000];
/// Float arguments tried, in order.
const FLOATS: [f64; 8] = [0.0, -0.0, 1.5, -2.25, 1e30, f64::INFINITY, f64::NAN, 3.0];

/// The `n`-th argument vector for a signature.
fn arguments(params: &[Type], n: usize) -> Vec<Imm> {
    params
        .iter()
        .enumerate()
        .map(|(i, &ty)| {
            let k = (n * 3 + i * 5) % INTS.len();
            match ty {
                Type::I32 => Imm::i32(INTS[k] as i32),
                Type::I64 => Imm::i64(INTS[k]),
                Type::F32 => Imm::f32(FLOATS[k] as f32),
                Type::F64 => Imm::f64(FLOATS[k]),
            }
        })
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
