//! The one test binary that executes programs: every golden file under
//! `tests/golden/` is a trial, run under every executor, and every example program
//! under `examples/` must verify and format stably.

use libtest_mimic::{Arguments, Trial};
use lir_tests::executor::Executor;
use lir_tests::interp_executor::Interp;
use lir_tests::wasm_executor::Wasmtime;
use lir_tests::{differential, golden};
use lir_wasm::testing::GenConfig;
use std::path::Path;

fn main() {
    let args = Arguments::from_args();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut trials: Vec<Trial> = golden::discover(&manifest.join("golden"))
        .into_iter()
        .map(|case| {
            Trial::test(format!("golden/{}", case.name), move || {
                let executors: [&dyn Executor; 2] = [&Interp, &Wasmtime::default()];
                golden::check(&case, &executors).map_err(Into::into)
            })
        })
        .collect();
    let examples = manifest.join("../examples");
    trials.extend(golden::discover(&examples).into_iter().map(|case| {
        Trial::test(format!("examples/{}", case.name), move || {
            golden::check_example(&case.path).map_err(Into::into)
        })
    }));
    trials.extend(differential_trials());
    libtest_mimic::run(&args, trials).exit();
}

/// Random modules per differential trial, and trials by default: 300 modules in all.
/// `LIR_DIFF_MODULES=N` runs N modules instead.
const MODULES_PER_TRIAL: u64 = 30;

fn differential_trials() -> Vec<Trial> {
    let total: u64 = std::env::var("LIR_DIFF_MODULES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    (0..total.div_ceil(MODULES_PER_TRIAL))
        .map(|chunk| {
            let start = chunk * MODULES_PER_TRIAL;
            let end = (start + MODULES_PER_TRIAL).min(total);
            Trial::test(
                format!("differential/random-{start:05}-{end:05}"),
                move || {
                    let executors: [&dyn Executor; 2] = [&Interp, &Wasmtime::default()];
                    differential::check_seeds(start..end, GenConfig::default(), &executors)
                        .map_err(Into::into)
                },
            )
        })
        .collect()
}
