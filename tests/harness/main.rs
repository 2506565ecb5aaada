//! The one test binary that executes programs: every golden file under
//! `tests/golden/` is a trial, run under every executor, and every example program
//! under `examples/` must verify and format stably.

use libtest_mimic::{Arguments, Trial};
use lir_tests::executor::Executor;
use lir_tests::golden;
use lir_tests::interp_executor::Interp;
use lir_tests::wasm_executor::Wasmtime;
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
    libtest_mimic::run(&args, trials).exit();
}
