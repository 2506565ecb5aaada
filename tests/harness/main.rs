//! The one test binary that executes programs: every golden file under
//! `tests/golden/` is a trial, run under every executor, and every example program
//! under `examples/` must verify and format stably. The `runtime/` trials test
//! `lirc::runtime` and the limits of both executors.

use libtest_mimic::{Arguments, Trial};
use lir_tests::executor::Executor;
use lir_tests::interp_executor::Interp;
use lir_tests::node_executor::{self, Node};
use lir_tests::wasm_executor::Wasmtime;
use lir_tests::{differential, golden, limit_tests, runtime_tests};
use lir_wasm::testing::GenConfig;
use std::path::Path;

fn main() {
    let args = Arguments::from_args();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut trials: Vec<Trial> = golden::discover(&manifest.join("golden"))
        .into_iter()
        .map(|case| {
            Trial::test(format!("golden/{}", case.name), move || {
                let wasmtime = Wasmtime::default();
                let mut executors: Vec<&dyn Executor> = vec![&Interp, &wasmtime];
                if node_executor::available() {
                    executors.push(&Node);
                }
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
    trials.extend(wat_snapshot_trials(manifest));
    trials.extend(
        runtime_tests::cases()
            .into_iter()
            .chain(limit_tests::cases())
            .map(|(name, check)| Trial::test(format!("runtime/{name}"), move || Ok(check()?))),
    );
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

/// Golden files whose WebAssembly text is kept as a snapshot (`tests/harness/snapshots/`,
/// reviewed with `cargo insta review`): they document what lir's output looks like.
const WAT_SNAPSHOTS: &[&str] = &[
    "arith/bitwise.lir",
    "calls/multi_value.lir",
    "calls/return_call_indirect.lir",
    "control/irreducible_two_entry.lir",
    "control/loop_multi_exit.lir",
    "control/nested_loops.lir",
    "control/parallel_copy.lir",
    "control/switch_dense.lir",
    "control/switch_sparse.lir",
    "convert/trunc_sat.lir",
    "data/pointers.lir",
    "memory/offsets.lir",
    "stack/slots.lir",
    "smoke/fib.lir",
];

fn wat_snapshot_trials(manifest: &Path) -> Vec<Trial> {
    WAT_SNAPSHOTS
        .iter()
        .map(|&name| {
            let path = manifest.join("golden").join(name);
            Trial::test(format!("wat/{name}"), move || {
                let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
                let module = golden::load(&text).map_err(|e| e.join("\n"))?;
                let wasm = lirc::build::build(&module, &lirc::build::BuildOptions::default())
                    .map_err(|f| f.message)?;
                let wat = lir_wasm::print_wat(&wasm).map_err(|e| e.to_string())?;
                let snapshot = name.trim_end_matches(".lir").replace('/', "__");
                let mut settings = insta::Settings::clone_current();
                settings.set_snapshot_path(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("harness/snapshots"),
                );
                settings.set_prepend_module_to_snapshot(false);
                settings.set_description(format!("tests/golden/{name} compiled for wasm32-wasip1"));
                settings.bind(|| insta::assert_snapshot!(snapshot, wat));
                Ok(())
            })
        })
        .collect()
}
