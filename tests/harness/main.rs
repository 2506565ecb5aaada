//! The one test binary that executes programs: every golden file under
//! `tests/golden/` is a trial, run under every executor, and every example program
//! under `examples/` must verify and format stably.

use libtest_mimic::{Arguments, Trial};
use lir_tests::executor::Executor;
use lir_tests::executor::ProgramSetup;
use lir_tests::interp_executor::Interp;
use lir_tests::node_executor::{self, Node, NodeJsHost};
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
                let wasmtime = Wasmtime::default();
                let fallbacks = Wasmtime::with_fallbacks();
                let mut executors: Vec<&dyn Executor> = vec![&Interp, &wasmtime, &fallbacks];
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
    trials.extend(js_host_trials(manifest));
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
                    let executors: [&dyn Executor; 3] =
                        [&Interp, &Wasmtime::default(), &Wasmtime::with_fallbacks()];
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

/// Example programs compiled for `wasm32-unknown-unknown` and run under Node.js with the
/// JavaScript host of `examples/host/lir-host.mjs`: their output must equal the
/// interpreter's.
const JS_HOST_RUNS: &[JsHostRun] = &[
    ("hello.lir", "", &[], &[]),
    ("args.lir", "", &["one", "two words", ""], &[]),
    // Sorted: the child process receives its environment in sorted order.
    ("env.lir", "", &[], &[("EMPTY", ""), ("GREETING", "hello")]),
    ("wc.lir", "one two\nthree four five\n\nsix\n", &[], &[]),
    ("cat.lir", "line one\nline two\n", &[], &[]),
    ("fib.lir", "", &[], &[]),
];

/// (example file, stdin, arguments, environment).
type JsHostRun = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

fn js_host_trials(manifest: &Path) -> Vec<Trial> {
    JS_HOST_RUNS
        .iter()
        .map(|&(name, stdin, args, env)| {
            let path = manifest.join("../examples").join(name);
            Trial::test(format!("js-host/{name}"), move || {
                if !node_executor::available() {
                    return Ok(());
                }
                let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
                let module = golden::load(&text).map_err(|e| e.join("\n"))?;
                if module.func_by_name("main").is_none() {
                    return Ok(());
                }
                let setup = ProgramSetup {
                    name: name.to_string(),
                    args: args.iter().map(|a| a.to_string()).collect(),
                    env: env
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                    stdin: stdin.as_bytes().to_vec(),
                    ..ProgramSetup::default()
                };
                let expected = Interp.prepare(&module)?.run_program(&setup);
                let got = NodeJsHost.prepare(&module)?.run_program(&setup);
                if expected.matches(&got, 0xff) {
                    Ok(())
                } else {
                    Err(format!("interp: {expected:?}\nnode-js-host: {got:?}").into())
                }
            })
        })
        .collect()
}
