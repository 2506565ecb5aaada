//! The one test binary that executes programs: every golden file under
//! `tests/golden/` is a trial, run under every executor.

use libtest_mimic::{Arguments, Trial};
use lir_tests::executor::{Executor, Interp};
use lir_tests::golden;
use std::path::Path;

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
    let trials = golden::discover(&root)
        .into_iter()
        .map(|case| {
            Trial::test(format!("golden/{}", case.name), move || {
                let executors: [&dyn Executor; 1] = [&Interp];
                golden::check(&case, &executors).map_err(Into::into)
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
