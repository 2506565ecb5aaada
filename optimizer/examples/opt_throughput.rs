//! Measures the optimizer's throughput on one thread:
//! `cargo run --release -p lir-opt --example opt_throughput [FUNCTIONS] [LEVEL]`.
//!
//! The input is a module of random functions from `lir::testing`, the same kind
//! `lir-bench compile-speed` compiles. Prints instructions in,
//! the time of `lir_opt::optimize` (CPU time of this thread, best of 3, or of
//! `RUNS` runs) and the
//! resulting throughput, then the per-pass table of the last run.

use lir::testing::{module_from_seed, GenConfig};
use lir_opt::{OptLevel, OptOptions};
use std::time::Duration;

/// The allocator `lirc` uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of the calling thread.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let functions: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(8000);
    let level: OptLevel = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(OptLevel::O2);
    let config = GenConfig {
        functions,
        ..GenConfig::default()
    };
    let module = module_from_seed(config, 1);
    lir::verify::verify(&module).expect("generated modules verify");
    let insts = module.inst_count();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    let mut best = Duration::MAX;
    let mut report = None;
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for _ in 0..runs {
        let mut m = module.clone();
        let (time, r) = pool.install(|| {
            let start = thread_cpu_time();
            let r = lir_opt::optimize(&mut m, &OptOptions::level(level)).expect("optimizes");
            (thread_cpu_time() - start, r)
        });
        best = best.min(time);
        report = Some((r, m.inst_count()));
    }
    let (report, after) = report.expect("ran");
    println!(
        "{level}: {insts} LIR instructions ({after} after) in {:.1} ms of CPU: {:.2} M instructions/s",
        best.as_secs_f64() * 1e3,
        insts as f64 / best.as_secs_f64() / 1e6
    );
    print!("{}", report.table());
}
