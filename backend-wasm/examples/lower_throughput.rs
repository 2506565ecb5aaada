//! Measures compile throughput (release build):
//! `cargo run --release -p lir-wasm --example lower_throughput [FUNCTIONS]`.
//!
//! Two inputs: a module of random functions from `lir::testing` (small blocks,
//! many branches, irreducible loops) and a module of larger hand-shaped functions
//! (loops over memory, expression chains, diamonds).
use lir::testing::{module_from_seed, GenConfig};

/// The allocator `lirc` uses (the backend allocates many small objects).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::fmt::Write;
use std::time::Instant;

/// (instructions, local.get, local.set, local.tee) in the code section.
fn local_traffic(wasm: &[u8]) -> (usize, usize, usize, usize) {
    use wasmparser::{Operator, Parser, Payload};
    let (mut all, mut get, mut set, mut tee) = (0, 0, 0, 0);
    for payload in Parser::new(0).parse_all(wasm) {
        if let Ok(Payload::CodeSectionEntry(body)) = payload {
            let mut ops = body.get_operators_reader().expect("operators");
            while !ops.eof() {
                all += 1;
                match ops.read().expect("operator") {
                    Operator::LocalGet { .. } => get += 1,
                    Operator::LocalSet { .. } => set += 1,
                    Operator::LocalTee { .. } => tee += 1,
                    _ => {}
                }
            }
        }
    }
    (all, get, set, tee)
}

fn measure(name: &str, module: &lir::Module) {
    let insts = module.inst_count();
    let wasm = lir_wasm::compile(module, &lir_wasm::Options::default()).expect("compiles");
    let (all, get, set, tee) = local_traffic(&wasm);
    let pct = |n: usize| 100.0 * n as f64 / all as f64;
    println!(
        "{name}: {all} wasm instructions for {insts} LIR instructions; local.get {:.1}%, \
         local.set {:.1}%, local.tee {:.1}%",
        pct(get),
        pct(set),
        pct(tee)
    );
    let blocks: usize = module.funcs.values().map(|f| f.layout.len()).sum();
    for (validate, parallel) in [(false, false), (true, false), (true, true)] {
        let options = lir_wasm::Options {
            validate,
            parallel,
            ..Default::default()
        };
        let mut best = f64::MAX;
        let mut size = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let wasm = lir_wasm::compile(module, &options).expect("compiles");
            best = best.min(start.elapsed().as_secs_f64());
            size = wasm.len();
        }
        println!(
            "{name}: {} functions, {blocks} blocks, {insts} LIR instructions -> {size} bytes; \
             validate={validate} parallel={parallel}: {:.1} ms, {:.2} M instructions/s, {:.1} MB/s of wasm",
            module.funcs.len(),
            best * 1e3,
            insts as f64 / best / 1e6,
            size as f64 / best / 1e6
        );
    }
}

/// Functions with longer blocks: a memory loop, an expression chain and diamonds.
fn shaped_module(functions: usize) -> lir::Module {
    let mut s = String::new();
    for f in 0..functions {
        writeln!(
            s,
            "export func @f{f}(%p: ptr, %n: i32, %x: i64) -> i64 {{
entry:
    jump loop(0, %x)
loop(%i: i32, %acc: i64):
    %done = ge_u %i, %n
    br_if %done, exit(%acc), body
body:
    %off = shl %i, 3
    %addr = add %p, %off
    %v = load.i64 [%addr]
    %w = load.i64 [%addr + 8]
    %m = mul %v, %w
    %s = add %acc, %m
    %t = xor %s, %x
    %u = rotl %t, 7
    %c = and %u, 1
    %z = eqz %c
    br_if %z, even, odd
even:
    %e = add %u, 3
    store.i64 [%addr], %e
    jump next(%e)
odd:
    %o = mul %u, 5
    %o2 = sub %o, %acc
    jump next(%o2)
next(%r: i64):
    %i2 = add %i, 1
    jump loop(%i2, %r)
exit(%res: i64):
    %a = mul %res, %res
    %b = add %a, %x
    %d = shr_u %b, 3
    %g = or %d, %a
    %h = sub %g, 1
    ret %h
}}"
        )
        .unwrap();
    }
    lir::text::parse(&s).expect("parses")
}

fn main() {
    let functions: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5000);
    let config = GenConfig {
        functions,
        ..GenConfig::default()
    };
    measure("random", &module_from_seed(config, 42));
    measure("shaped", &shaped_module(functions));
}
