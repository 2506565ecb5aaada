//! The compiler's output does not depend on how many threads it runs on: a large
//! generated module built at `-O2` the way `lirc` builds it (legalize, optimize,
//! lower) gives the same LIR and the same wasm bytes on one thread and on four.
//!
//! Both parallel stages are exercised: the optimizer's function-pass stages run on
//! rayon (in a pool of 1 or 4 threads here) once a module has 16 functions or more,
//! the backend compiles on scoped threads (`lir_wasm::Options::threads`) once it has
//! 64 or more.

use lir::testing::{module_from_seed, GenConfig};
use lir::Module;
use lir_opt::{OptLevel, OptOptions};
use lirc::build::BuildOptions;

/// The optimizer's `PARALLEL_THRESHOLD` (optimizer/src/manager.rs).
const OPT_PARALLEL_THRESHOLD: usize = 16;
/// The backend's `PARALLEL_THRESHOLD` (backend-wasm/src/pipeline.rs).
const WASM_PARALLEL_THRESHOLD: usize = 64;

fn defined_functions(module: &Module) -> usize {
    module.funcs.values().filter(|f| !f.is_import()).count()
}

/// Legalizes and optimizes `module` in a rayon pool of `threads` threads, then
/// compiles it with the backend on `threads` threads: the optimized LIR and the wasm.
fn build(module: &Module, options: &BuildOptions, threads: usize) -> (Module, Vec<u8>) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let prepared = pool.install(|| {
        assert_eq!(rayon::current_num_threads(), threads);
        lirc::build::prepare(module, options)
    });
    let prepared = prepared.unwrap_or_else(|f| panic!("{}", f.message));
    // As `lirc::build::lower`, with the thread count fixed.
    let backend = lir_wasm::Options {
        features: options.features,
        name_section: options.names,
        canonicalize_nans: options.canonicalize_nans,
        parallel: true,
        threads: Some(threads),
        ..lir_wasm::Options::default()
    };
    let wasm = lir_wasm::compile(&prepared, &backend).expect("the module compiles");
    (prepared, wasm)
}

#[test]
fn one_thread_and_four_threads_give_identical_bytes() {
    let config = GenConfig {
        functions: 3000,
        ..GenConfig::default()
    };
    let module = module_from_seed(config, 2024);
    lir::verify::verify(&module).expect("generated modules verify");
    assert!(defined_functions(&module) >= 100 * OPT_PARALLEL_THRESHOLD);
    let options = BuildOptions {
        opt: OptOptions::level(OptLevel::O2),
        ..BuildOptions::default()
    };

    let (lir_1, wasm_1) = build(&module, &options, 1);
    let (lir_4, wasm_4) = build(&module, &options, 4);
    assert!(
        defined_functions(&lir_1) >= 10 * WASM_PARALLEL_THRESHOLD,
        "only {} functions reach the backend; it would not compile them in parallel",
        defined_functions(&lir_1)
    );

    let (text_1, text_4) = (lir::text::print(&lir_1), lir::text::print(&lir_4));
    if text_1 != text_4 {
        let line = text_1
            .lines()
            .zip(text_4.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(text_1.lines().count().min(text_4.lines().count()));
        panic!(
            "the optimizer's output differs between 1 and 4 threads, first at line {}:\n\
             1 thread:  {}\n4 threads: {}",
            line + 1,
            text_1.lines().nth(line).unwrap_or("<end>"),
            text_4.lines().nth(line).unwrap_or("<end>"),
        );
    }
    if wasm_1 != wasm_4 {
        let byte = wasm_1
            .iter()
            .zip(&wasm_4)
            .position(|(a, b)| a != b)
            .unwrap_or(wasm_1.len().min(wasm_4.len()));
        panic!(
            "the backend's output differs between 1 and 4 threads ({} and {} bytes), \
             first at byte {byte}",
            wasm_1.len(),
            wasm_4.len()
        );
    }
}
