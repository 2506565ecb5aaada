//! Measures the reference interpreter's speed (release build):
//! `cargo run --release -p lir --example interp_throughput`.
//!
//! Two workloads: a tight loop with block arguments (50 M iterations) and recursive
//! `fib(32)` (call-heavy). Prints LIR instructions executed per second, best of three.

use lir::interp::{InterpConfig, Interpreter};
use lir::Imm;
use std::time::Instant;

const LOOP: &str = "
    func @sum(%n: i32) -> i32 {
    entry:
        jump head(0, 0)
    head(%i: i32, %acc: i32):
        %done = ge_u %i, %n
        br_if %done, exit(%acc), body
    body:
        %acc2 = add %acc, %i
        %i2 = add %i, 1
        jump head(%i2, %acc2)
    exit(%r: i32):
        ret %r
    }";

/// The recursive `@fib` of the examples.
const FIB: &str = include_str!("../../examples/fib.lir");

fn measure(name: &str, text: &str, func: &str, arg: i32) {
    let module = lir::text::parse(text).expect("the workload parses");
    let mut best = f64::MAX;
    let mut executed = 0;
    for _ in 0..3 {
        let mut interp = Interpreter::new(&module, InterpConfig::new()).expect("prepares");
        let start = Instant::now();
        interp.invoke(func, &[Imm::i32(arg)]).expect("runs");
        best = best.min(start.elapsed().as_secs_f64());
        executed = interp.instructions_executed();
    }
    println!(
        "{name}: {executed} instructions in {:.1} ms: {:.0} M instructions/s",
        best * 1e3,
        executed as f64 / best / 1e6
    );
}

fn main() {
    measure("loop", LOOP, "sum", 50_000_000);
    measure("fib(32)", FIB, "fib", 32);
}
