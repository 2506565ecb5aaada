//! Spilling values to the shadow stack (backend-wasm/src/spill.rs), exercised on small
//! functions by lowering `Options::max_locals`: the compiled code must compute what
//! the reference interpreter computes (under Node.js; skipped without `node`), fit
//! the lowered budget, and leave functions that fit unchanged.

mod common;
use common::node::{self, Call, Outcome};
use lir::interp::{InterpConfig, Interpreter};
use lir::{Imm, Type};
use lir_wasm::{Features, Options};

fn options(features: Features, max_locals: usize) -> Options {
    Options {
        max_locals,
        ..common::options(features)
    }
}

/// The interpreter's outcome of `call`.
fn interpret(module: &lir::Module, call: &Call) -> Outcome {
    let mut interp = Interpreter::new(module, InterpConfig::new()).expect("instantiates");
    match interp.invoke(&call.name, &call.args) {
        Ok(values) => Outcome::Values(values.iter().map(|&v| node::show(v)).collect()),
        Err(e) => Outcome::Trap(e.trap_kind().map_or(e.to_string(), |k| k.name().into())),
    }
}

/// Compiles `src` with each budget and feature set and checks every call against
/// the interpreter.
fn agrees(src: &str, calls: &[Call], budgets: &[usize]) {
    let module = common::parse(src);
    let expected: Vec<Outcome> = calls.iter().map(|c| interpret(&module, c)).collect();
    for &max_locals in budgets {
        for features in common::exec::feature_sets() {
            let wasm = lir_wasm::compile(&module, &options(features, max_locals))
                .unwrap_or_else(|e| panic!("max_locals {max_locals}: {e}"));
            if !node::node_available() {
                continue;
            }
            let got = node::run(&wasm, calls);
            for ((call, g), e) in calls.iter().zip(&got).zip(&expected) {
                assert_eq!(
                    g, e,
                    "@{}{:?}, max_locals {max_locals}, features {features}",
                    call.name, call.args
                );
            }
        }
    }
}

fn call(name: &str, args: Vec<Imm>, results: &[Type]) -> Call {
    common::exec::call(name, args, results)
}

/// Locals declared by each function body (parameters excluded), in order.
fn declared_locals(wasm: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload {
            let mut reader = body.get_locals_reader().expect("locals");
            let mut n = 0;
            for _ in 0..reader.get_count() {
                n += reader.read().expect("local entry").0;
            }
            out.push(n);
        }
    }
    out
}

/// `@sum(n)`: 40 values computed by calls, all live at once, then summed in another
/// block — i32, i64 and f64 values.
fn many_live() -> String {
    let mut s = String::from(
        "func @mk(%n: i32, %k: i32) -> i32 {\nentry:\n    %r = mul %n, %k\n    ret %r\n}\n\
         func @mk64(%n: i32, %k: i32) -> i64 {\nentry:\n    %r = mul %n, %k\n    %w = extend_s %r\n    ret %w\n}\n\
         func @mkf(%n: i32, %k: i32) -> f64 {\nentry:\n    %r = mul %n, %k\n    %w = convert_s.f64 %r\n    ret %w\n}\n\
         export func @sum(%n: i32) -> i64 {\nentry:\n",
    );
    for k in 0..40 {
        let f = ["mk", "mk64", "mkf"][k % 3];
        s.push_str(&format!("    %v{k} = call @{f}(%n, {})\n", k + 1));
    }
    s.push_str("    jump add\nadd:\n    %acc0 = const.i64 0\n");
    for k in 0..40 {
        let wide = match k % 3 {
            0 => format!("    %x{k} = extend_s %v{k}\n"),
            1 => format!("    %x{k} = add %v{k}, 0\n"),
            _ => format!("    %x{k} = trunc_sat_s.i64 %v{k}\n"),
        };
        s.push_str(&wide);
        s.push_str(&format!("    %acc{} = add %acc{k}, %x{k}\n", k + 1));
    }
    s.push_str("    ret %acc40\n}\n");
    s
}

#[test]
fn many_live_values_of_every_type_agree_and_fit_the_budget() {
    let src = many_live();
    let calls: Vec<Call> = [0, 1, 7, -3, 1 << 20]
        .iter()
        .map(|&n| call("sum", vec![Imm::i32(n)], &[Type::I64]))
        .collect();
    agrees(&src, &calls, &[1, 20, 24, 32, 50_000]);
    let module = common::parse(&src);
    let unspilled = lir_wasm::compile(&module, &Options::default()).unwrap();
    let spilled = lir_wasm::compile(&module, &options(Features::default(), 24)).unwrap();
    // Without a budget the 40 values take 40 locals (one is the parameter's, dead by
    // then); with 24 allowed, the function uses fewer (its parameter included) and
    // has a frame for the spill area.
    assert!(declared_locals(&unspilled)[3] >= 39);
    assert!(
        declared_locals(&spilled)[3] < 24,
        "{:?}",
        declared_locals(&spilled)
    );
    let wat = common::functions_wat(&spilled);
    assert!(
        wat.contains("global.set $__stack_pointer"),
        "no frame:\n{wat}"
    );
    assert!(!common::functions_wat(&unspilled).contains("__stack_pointer"));
}

#[test]
fn functions_that_fit_compile_the_same_whatever_the_budget() {
    let src = many_live();
    let module = common::parse(&src);
    let default = lir_wasm::compile(&module, &Options::default()).unwrap();
    // (A budget below the function's count of values would add the shadow-stack
    // pointer to the module, in case it spills.)
    let generous = lir_wasm::compile(&module, &options(Features::default(), 1000)).unwrap();
    assert_eq!(default, generous);
}

/// Loop parameters passed around in a cycle and swapped (the stores at the back edge
/// form a parallel copy between spill homes), of several types, with a call result
/// and a slot whose address must not move.
const LOOPS: &str = "
func @twice(%x: i64) -> i64 {
entry:
    %y = add %x, %x
    ret %y
}
export func @rotate(%n: i32) -> i64 {
entry:
    jump loop(0, 1, 2, 3, 4, 5, 6, 7.25)
loop(%i: i32, %a: i32, %b: i64, %c: i32, %d: f64, %e: i32, %f: i64, %g: f64):
    %more = lt_u %i, %n
    br_if %more, body, exit
body:
    %i2 = add %i, 1
    %bt = call @twice(%b)
    %bb = sub %bt, %b
    %g2 = mul %g, 2.0
    jump loop(%i2, %c, %f, %e, %g2, %a, %bb, %d)
exit:
    %x = mul %a, 10000
    %cc = mul %c, 100
    %ee = mul %e, 10
    %s1 = add %x, %cc
    %s2 = add %s1, %ee
    %s3 = extend_s %s2
    %b7 = mul %b, 1000000
    %f9 = mul %f, 100000000
    %dd = trunc_sat_s.i64 %d
    %s4 = add %s3, %b7
    %s5 = add %s4, %f9
    %s6 = add %s5, %dd
    %gg = trunc_sat_s.i64 %g
    %g7 = mul %gg, 7
    %s7 = add %s6, %g7
    ret %s7
}
export func @slot_address() -> i32 {
    slot %s 4
entry:
    store.i32 [%s], 7
    %a = add %s, 0
    %v = load.i32 [%s]
    %r = add %a, %v
    ret %r
}
export func @tail(%n: i32, %acc: i64) -> i64 {
entry:
    %z = eqz %n
    br_if %z, done, more
done:
    ret %acc
more:
    %n2 = sub %n, 1
    %w = extend_s %n
    %acc2 = add %acc, %w
    return_call @tail(%n2, %acc2)
}
";

#[test]
fn spilled_loop_parameters_calls_slots_and_tail_calls_agree() {
    let mut calls: Vec<Call> = (0..9)
        .map(|n| call("rotate", vec![Imm::i32(n)], &[Type::I64]))
        .collect();
    calls.push(call("slot_address", vec![], &[Type::I32]));
    for n in [0, 1, 100, 20_000] {
        calls.push(call("tail", vec![Imm::i32(n), Imm::i64(5)], &[Type::I64]));
    }
    agrees(LOOPS, &calls, &[1, 3, 6, 9, 50_000]);
    let wasm = lir_wasm::compile(&common::parse(LOOPS), &options(Features::default(), 1)).unwrap();
    let wat = common::functions_wat(&wasm);
    for spilled in ["i32.store", "i64.store", "f64.store", "f64.load"] {
        assert!(wat.contains(spilled), "no {spilled}:\n{wat}");
    }
}

/// The lines of the source locations recorded for `@f`'s code, in code order.
fn located_lines(module: &lir::Module, max_locals: usize) -> Vec<u32> {
    let compiled =
        lir_wasm::compile_with_locations(module, &options(Features::default(), max_locals))
            .unwrap_or_else(|e| panic!("{e}"));
    let f = compiled
        .locations
        .functions
        .iter()
        .find(|f| f.name == "f")
        .expect("@f has locations");
    f.rows
        .iter()
        .filter(|r| !r.loc.is_none())
        .map(|r| r.loc.line)
        .collect()
}

#[test]
fn reloads_and_stores_carry_the_location_of_the_instruction_they_serve() {
    let src = "
file 1 \"f.c\"
func @g(%x: i32) -> i32 {
entry:
    ret %x
}
export func @f(%n: i32) -> i32 {
entry:
    loc 1:10
    %a = call @g(%n)
    loc 1:11
    %b = call @g(%a)
    loc 1:12
    %c = call @g(%b)
    loc 1:13
    %d = add %a, %b
    %e = mul %d, %c
    %f = add %e, %a
    loc 1:14
    ret %f
}
";
    let module = common::parse(src);
    let plain = located_lines(&module, 50_000);
    let spilled = located_lines(&module, 1);
    let distinct = |lines: &[u32]| {
        let mut d = lines.to_vec();
        d.sort_unstable();
        d.dedup();
        d
    };
    assert_eq!(distinct(&plain), vec![10, 11, 12, 13, 14]);
    // The spilled code has more to locate (stores, reloads) but no other lines.
    assert_eq!(distinct(&spilled), distinct(&plain), "{spilled:?}");
    let wat = common::functions_wat(
        &lir_wasm::compile(&module, &options(Features::default(), 1)).unwrap(),
    );
    assert!(wat.contains("i32.store"), "nothing spilled:\n{wat}");
}
