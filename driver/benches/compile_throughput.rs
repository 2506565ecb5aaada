//! Compile throughput, stage by stage, on one large generated module:
//! `cargo bench -p lirc --bench compile_throughput` (docs/performance.md).
//!
//! The input is a module of at least a million LIR instructions over thousands of
//! random functions (`lir::testing::module_from_seed`, the kind `lir-bench
//! compile-speed` compiles), generated once, and its text. Each stage of `lirc`'s
//! pipeline is timed on its own — parse, verify, legalize, optimize at `-O0` and
//! `-O2`, lower and encode, wasmparser validation of the output — then the whole
//! pipeline from text to bytes at `-O0` and `-O2`. Every rate is per instruction of the
//! generated module (also for the stages after `-O2`, which see fewer), so the times of
//! the stages add up.
//!
//! Before divan's timings, each stage runs once with a counting allocator, which prints
//! its CPU time (all threads) and its peak heap: the most bytes it had allocated beyond
//! what was live when it started, in total and per LIR instruction.
//!
//! `LIR_BENCH_INSTS=N` sets the module size (default 1,000,000; 20,000 when the bench
//! runs as a test, without `--bench`). `LIR_BENCH_MEMORY=0` skips the memory table.

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use lir::testing::{module_from_seed, GenConfig};
use lir::Module;
use lir_opt::{OptLevel, OptOptions};
use lir_wasi::Target;
use lirc::build::BuildOptions;
use lirc::source::SourceFile;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// `lirc`'s allocator (mimalloc, `lirc::allocator`), counting live and peak bytes while [`COUNTING`] is set.
struct PeakAlloc;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// Off during divan's timings, so they pay one relaxed load per allocation.
static COUNTING: AtomicBool = AtomicBool::new(false);
/// Bytes allocated minus bytes freed since counting started (negative when a stage
/// frees what was allocated before it).
static LIVE: AtomicIsize = AtomicIsize::new(0);
/// The most `LIVE` has been since counting started.
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(delta: isize) {
    if COUNTING.load(Relaxed) {
        let live = LIVE.fetch_add(delta, Relaxed) + delta;
        PEAK.fetch_max(live, Relaxed);
    }
}

// SAFETY: every call is forwarded to lirc's allocator unchanged; the counters only observe.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's obligations are mimalloc's.
        let p = unsafe { lirc::allocator::Allocator.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { lirc::allocator::Allocator.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as `alloc`.
        unsafe { lirc::allocator::Allocator.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { lirc::allocator::Allocator.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// The generated module, its text, and each stage's output (the next stage's input).
struct Input {
    insts: usize,
    functions: usize,
    text: String,
    module: Module,
    /// Legalized for `wasm32-wasip1`, as `lirc` does before optimizing.
    legal: Module,
    /// `legal` optimized at `-O2`.
    optimized: Module,
    /// `lirc -O0`'s output (the validation stage's input).
    wasm: Vec<u8>,
}

static INPUT: LazyLock<Input> = LazyLock::new(generate);

/// True when cargo runs the bench to benchmark it (`cargo bench`), not as a test.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn target_insts() -> usize {
    std::env::var("LIR_BENCH_INSTS")
        .ok()
        .and_then(|n| n.replace(['_', ','], "").parse().ok())
        .unwrap_or(if benchmarking() { 1_000_000 } else { 20_000 })
}

fn config(functions: usize) -> GenConfig {
    GenConfig {
        functions,
        ..GenConfig::default()
    }
}

/// A module of at least [`target_insts`] instructions (sized as `lir-bench
/// compile-speed` sizes its inputs), and what each stage makes of it.
fn generate() -> Input {
    const SEED: u64 = 1;
    let started = Instant::now();
    let target = target_insts();
    let probe = module_from_seed(config(64), SEED).inst_count().max(1);
    let mut functions = (target * 64).div_ceil(probe).max(1);
    let mut module = module_from_seed(config(functions), SEED);
    while module.inst_count() < target {
        functions = (functions * target).div_ceil(module.inst_count().max(1)) + 1;
        module = module_from_seed(config(functions), SEED);
    }
    lir::verify::verify(&module).expect("generated modules verify");
    let text = lir::text::print(&module);
    let legal = legalize(module.clone());
    let mut optimized = legal.clone();
    lir_opt::optimize(&mut optimized, &OptOptions::level(OptLevel::O2)).expect("optimizes");
    let wasm = lower(&legal);
    let input = Input {
        insts: module.inst_count(),
        functions,
        text,
        module,
        legal,
        optimized,
        wasm,
    };
    eprintln!(
        "compile_throughput: {} LIR instructions in {} functions, {:.1} MB of text \
         ({} after -O2); -O0 wasm {:.1} MB (prepared in {:.1} s)",
        input.insts,
        input.functions,
        input.text.len() as f64 / 1e6,
        input.optimized.inst_count(),
        input.wasm.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    input
}

// The stages, as `lirc` runs them (driver/src/load.rs, driver/src/build.rs).

fn parse(text: &str) -> Module {
    lir::text::parse(text).expect("the generated text parses")
}

fn verify(module: &Module) {
    lir::verify::verify(module).expect("the generated module verifies");
}

/// In place, as `lirc` legalizes the module it parsed (`lirc::build::prepare_owned`).
fn legalize(module: Module) -> Module {
    lir_wasi::legalize_owned(module, Target::Wasip1).expect("legalizes")
}

fn optimize(mut module: Module, level: OptLevel) -> Module {
    lir_opt::optimize(&mut module, &OptOptions::level(level)).expect("optimizes");
    module
}

/// Lowering and encoding as `lirc` does them, without the validation (its own stage).
fn lower(module: &Module) -> Vec<u8> {
    let options = lir_wasm::Options {
        validate: false,
        ..lir_wasm::Options::default()
    };
    lir_wasm::compile(module, &options).expect("compiles")
}

fn validate(wasm: &[u8]) {
    lir_wasm::validate(wasm, lir_wasm::Features::default()).expect("valid wasm");
}

/// Text to bytes as `lirc -O<level> FILE -o OUT` does it (driver/src/commands/compile.rs:
/// names kept, output validated), from a copy of the text as if read from the file.
fn pipeline(text: &str, level: OptLevel) -> Vec<u8> {
    let fail = |f: lirc::exit::Failure| -> ! { panic!("{}", f.message) };
    let file = SourceFile {
        name: "generated.lir".into(),
        text: text.into(),
    };
    let module = lirc::load::parse_and_verify(&file).unwrap_or_else(|f| fail(f));
    drop(file);
    let options = BuildOptions {
        opt: OptOptions::level(level),
        ..BuildOptions::default()
    };
    let prepared = lirc::build::prepare_owned(module, &options).unwrap_or_else(|f| fail(f));
    lirc::build::lower(&prepared, &options).unwrap_or_else(|f| fail(f))
}

// divan's timings. Each iteration is a whole stage over the whole module (0.05–5 s),
// so one iteration per sample and a few samples.

const SAMPLES: u32 = 5;

fn items<'a, 'b>(bencher: Bencher<'a, 'b>) -> Bencher<'a, 'b> {
    bencher.counter(ItemsCount::new(INPUT.insts))
}

#[divan::bench(name = "1_parse", sample_count = SAMPLES, sample_size = 1)]
fn bench_parse(bencher: Bencher) {
    items(bencher)
        .counter(BytesCount::of_str(&INPUT.text))
        .bench(|| parse(&INPUT.text));
}

#[divan::bench(name = "2_verify", sample_count = SAMPLES, sample_size = 1)]
fn bench_verify(bencher: Bencher) {
    items(bencher).bench(|| verify(&INPUT.module));
}

#[divan::bench(name = "3_legalize", sample_count = SAMPLES, sample_size = 1)]
fn bench_legalize(bencher: Bencher) {
    items(bencher)
        .with_inputs(|| INPUT.module.clone())
        .bench_local_values(legalize);
}

#[divan::bench(name = "4_optimize_O0", sample_count = SAMPLES, sample_size = 1)]
fn bench_optimize_o0(bencher: Bencher) {
    items(bencher)
        .with_inputs(|| INPUT.legal.clone())
        .bench_local_values(|m| optimize(m, OptLevel::O0));
}

#[divan::bench(name = "5_optimize_O2", sample_count = SAMPLES, sample_size = 1)]
fn bench_optimize_o2(bencher: Bencher) {
    items(bencher)
        .with_inputs(|| INPUT.legal.clone())
        .bench_local_values(|m| optimize(m, OptLevel::O2));
}

#[divan::bench(name = "6_lower_O0", sample_count = SAMPLES, sample_size = 1)]
fn bench_lower_o0(bencher: Bencher) {
    items(bencher).bench(|| lower(&INPUT.legal));
}

#[divan::bench(name = "7_lower_O2", sample_count = SAMPLES, sample_size = 1)]
fn bench_lower_o2(bencher: Bencher) {
    items(bencher).bench(|| lower(&INPUT.optimized));
}

#[divan::bench(name = "8_validate", sample_count = SAMPLES, sample_size = 1)]
fn bench_validate(bencher: Bencher) {
    items(bencher)
        .counter(BytesCount::of_slice(&INPUT.wasm))
        .bench(|| validate(&INPUT.wasm));
}

#[divan::bench(name = "9_pipeline_O0", sample_count = SAMPLES, sample_size = 1)]
fn bench_pipeline_o0(bencher: Bencher) {
    items(bencher).bench(|| pipeline(&INPUT.text, OptLevel::O0));
}

#[divan::bench(name = "9_pipeline_O2", sample_count = SAMPLES, sample_size = 1)]
fn bench_pipeline_o2(bencher: Bencher) {
    items(bencher).bench(|| pipeline(&INPUT.text, OptLevel::O2));
}

// The memory table: each stage once, counted.

/// CPU time of the process (every thread).
fn process_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Runs `stage` once and prints its row: wall and CPU time, instructions per CPU
/// second, its peak heap beyond the heap at its start, and the heap it leaves
/// (its output, less what it consumed).
fn measure<T>(name: &str, stage: impl FnOnce() -> T) {
    let insts = INPUT.insts;
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let (wall, cpu) = (Instant::now(), process_cpu_time());
    let output = stage();
    let (wall, cpu) = (wall.elapsed(), process_cpu_time() - cpu);
    COUNTING.store(false, Relaxed);
    drop(output);
    let peak = PEAK.load(Relaxed).max(0) as f64;
    let kept = LIVE.load(Relaxed) as f64;
    println!(
        "{name:<14} {:>8.1} {:>8.1} {:>9.2} {:>8.1} {:>10.1} {:>9.1}",
        wall.as_secs_f64() * 1e3,
        cpu.as_secs_f64() * 1e3,
        insts as f64 / cpu.as_secs_f64() / 1e6,
        peak / 1e6,
        peak / insts as f64,
        kept / insts as f64
    );
}

fn memory_table() {
    let input = &*INPUT;
    println!(
        "\nEach stage once. M inst/s: per CPU second (all threads). Peak: the most heap \
         bytes allocated beyond those live at the stage's start; kept: those still live at \
         its end (its output less what it consumed); both per LIR instruction (B/in).\n"
    );
    println!(
        "{:<14} {:>8} {:>8} {:>9} {:>8} {:>10} {:>9}",
        "stage", "wall ms", "CPU ms", "M inst/s", "peak MB", "peak B/in", "kept B/in"
    );
    // Warm the rayon pool and the allocator's pages as divan's repeated runs would.
    drop(optimize(input.legal.clone(), OptLevel::O2));
    measure("parse", || parse(&input.text));
    measure("verify", || verify(&input.module));
    let module = input.module.clone();
    measure("legalize", || legalize(module));
    let legal = input.legal.clone();
    measure("optimize -O0", || optimize(legal, OptLevel::O0));
    let legal = input.legal.clone();
    measure("optimize -O2", || optimize(legal, OptLevel::O2));
    measure("lower -O0", || lower(&input.legal));
    measure("lower -O2", || lower(&input.optimized));
    measure("validate", || validate(&input.wasm));
    measure("pipeline -O0", || pipeline(&input.text, OptLevel::O0));
    measure("pipeline -O2", || pipeline(&input.text, OptLevel::O2));
    println!();
}

/// mimalloc's `mi_option_purge_delay` (as in driver/src/main.rs).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // As `lirc`: freed pages stay with the process.
    // SAFETY: sets a global mimalloc option before any thread is spawned.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let listing = std::env::args().any(|a| a == "--list");
    let wanted = std::env::var("LIR_BENCH_MEMORY").map_or(true, |v| v != "0");
    if !listing {
        // Generated before divan prints its table.
        LazyLock::force(&INPUT);
        if benchmarking() && wanted {
            memory_table();
        }
    }
    divan::main();
}
