//! The one test binary that executes programs: every golden file under
//! `tests/golden/` is a trial, run under every executor, and every example program
//! under `examples/` must verify and format stably. The C corpus (`c/…` trials)
//! goes through tinyc and runs in the interpreter and as wasm. The `runtime/` trials test
//! `lir_runtime` and the limits of both executors.

use libtest_mimic::{Arguments, Trial};
use lir_opt::OptLevel;
use lir_tests::directives::DirGrant;
use lir_tests::executor::Executor;
use lir_tests::executor::ProgramSetup;
use lir_tests::interp_executor::{Interp, OptimizedInterp};
use lir_tests::node_executor::{self, Node, NodeJsHost};
use lir_tests::wasm_executor::Wasmtime;
use lir_tests::{c_corpus, differential, golden, limit_tests, runtime_tests};
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
                let o1 = Wasmtime::optimized(OptLevel::O1);
                let o2 = Wasmtime::optimized(OptLevel::O2);
                let os = Wasmtime::optimized(OptLevel::Os);
                let interp_o2 = OptimizedInterp::new(OptLevel::O2);
                let mut executors: Vec<&dyn Executor> =
                    vec![&Interp, &wasmtime, &fallbacks, &o1, &o2, &os, &interp_o2];
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
    trials.extend(c_corpus_trials(&manifest.join("..")));
    trials.extend(differential_trials());
    let root = manifest.join("..");
    trials.push(Trial::test("size-baseline", move || {
        let bless = std::env::var_os("LIR_BLESS").is_some();
        let summary = lir_tests::size_baseline::check(&root, bless)?;
        println!("size-baseline: {summary}");
        Ok(())
    }));
    trials.extend(wat_snapshot_trials(manifest));
    trials.extend(example_trials(manifest));
    trials.extend(
        runtime_tests::cases()
            .into_iter()
            .chain(limit_tests::cases())
            .map(|(name, check)| Trial::test(format!("runtime/{name}"), move || Ok(check()?))),
    );
    libtest_mimic::run(&args, trials).exit();
}

/// Every C program of the corpus, compiled by tinyc, in the interpreter at -O0 and
/// -O2, as wasm under wasmtime at -O0 and -O2 (built as programs: only `_start`
/// exported, so the optimizer sees the whole program) and under Node.js when present.
fn c_corpus_trials(root: &Path) -> Vec<Trial> {
    ["tests/c", "bench/c", "examples/tinyc/tests/programs"]
        .into_iter()
        .flat_map(|dir| c_corpus::discover(root, dir))
        .map(|program| {
            Trial::test(format!("c/{}", program.name), move || {
                let interp_o2 = OptimizedInterp::new(OptLevel::O2);
                let o0 = Wasmtime::optimized(OptLevel::O0).exported_only();
                let o2 = Wasmtime::optimized(OptLevel::O2).exported_only();
                let mut executors: Vec<&dyn Executor> = vec![&Interp, &interp_o2, &o0, &o2];
                if node_executor::available() {
                    executors.push(&Node);
                }
                c_corpus::check(&program, &executors).map_err(Into::into)
            })
        })
        .collect()
}

/// Random modules per differential trial, and modules by default: 300 in the main
/// group, a quarter as many in the native one (`differential::Group`).
/// `LIR_DIFF_MODULES=N` runs N modules (and N/4) instead.
const MODULES_PER_TRIAL: u64 = 30;

fn differential_trials() -> Vec<Trial> {
    let total: u64 = std::env::var("LIR_DIFF_MODULES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut trials = Vec::new();
    for group in differential::Group::ALL {
        let modules = group.modules(total);
        trials.extend((0..modules.div_ceil(MODULES_PER_TRIAL)).map(|chunk| {
            let start = chunk * MODULES_PER_TRIAL;
            let end = (start + MODULES_PER_TRIAL).min(modules);
            Trial::test(
                format!("{}/random-{start:05}-{end:05}", group.name()),
                move || differential::check_group(group, start..end).map_err(Into::into),
            )
        }));
    }
    trials
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

/// Example programs run under every executor — the interpreter, wasmtime, Node.js's
/// `node:wasi` and, compiled for `wasm32-unknown-unknown`, Node.js with the JavaScript
/// host of `examples/host/lir-host.mjs` (no file system there) — must print the same.
const EXAMPLE_RUNS: &[ExampleRun] = &[
    ("hello.lir", "", &[], &[], false),
    ("args.lir", "", &["one", "two words", ""], &[], false),
    // Sorted: a child process receives its environment in sorted order.
    (
        "env.lir",
        "",
        &[],
        &[("EMPTY", ""), ("GREETING", "hello")],
        false,
    ),
    (
        "wc.lir",
        "one two\nthree four five\n\nsix\n",
        &[],
        &[],
        false,
    ),
    ("cat.lir", "line one\nline two\n", &[], &[], false),
    (
        "copy.lir",
        "",
        &["/files/hello.txt", "/files/copy.txt"],
        &[],
        true,
    ),
    (
        "copy.lir",
        "",
        &["/files/missing.txt", "/files/copy.txt"],
        &[],
        true,
    ),
];

/// (example file, stdin, arguments, environment, grants the `files` fixture).
type ExampleRun = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    bool,
);

fn example_trials(manifest: &Path) -> Vec<Trial> {
    EXAMPLE_RUNS
        .iter()
        .enumerate()
        .map(|(i, &(name, stdin, args, env, files))| {
            let path = manifest.join("../examples").join(name);
            Trial::test(format!("examples-run/{i}-{name}"), move || {
                let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
                let module = golden::load(&text).map_err(|e| e.join("\n"))?;
                let setup = ProgramSetup {
                    name: name.to_string(),
                    args: args.iter().map(|a| a.to_string()).collect(),
                    env: env
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                    stdin: stdin.as_bytes().to_vec(),
                    dirs: files
                        .then(|| DirGrant {
                            fixture: "files".into(),
                            guest: "/files".into(),
                            read_only: false,
                        })
                        .into_iter()
                        .collect(),
                    ..ProgramSetup::default()
                };
                let wasmtime = Wasmtime::default();
                let mut executors: Vec<&dyn Executor> = vec![&Interp, &wasmtime];
                if node_executor::available() {
                    executors.push(&Node);
                    if !files {
                        executors.push(&NodeJsHost);
                    }
                }
                let expected = Interp.prepare(&module)?.run_program(&setup);
                for executor in &executors[1..] {
                    let ready = executor.prepare(&module)?;
                    let got = ready.run_program(&setup);
                    if !expected.matches(&got, ready.exit_status_mask()) {
                        return Err(
                            format!("interp: {expected:?}\n{}: {got:?}", executor.name()).into(),
                        );
                    }
                }
                Ok(())
            })
        })
        .collect()
}
