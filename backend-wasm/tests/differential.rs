//! Differential test: random terminating modules run in the reference interpreter and,
//! compiled, under Node.js (skipped without `node`); results and trap kinds must agree.
//! NaNs compare equal whatever their bits (V8 does not canonicalize them).

mod common;
use common::node::{self, Call, Outcome};
use lir::interp::{InterpConfig, Interpreter};
use lir::testing::{edge_argument, exported_functions, module_from_seed, GenConfig};
use lir_wasm::Features;

/// What the interpreter says, in the Node harness's terms.
fn interpret(module: &lir::Module, call: &Call) -> Outcome {
    let config = InterpConfig::new().fuel(50_000_000);
    let mut interp = Interpreter::new(module, config).expect("instantiates");
    match interp.invoke(&call.name, &call.args) {
        Ok(values) => Outcome::Values(values.iter().map(|&v| node::show(v)).collect()),
        Err(e) => match e.trap_kind() {
            Some(kind) => Outcome::Trap(kind.name().to_string()),
            None => panic!("interpreter failed on {}: {e}", call.name),
        },
    }
}

/// Whether two outcomes agree, allowing for the trap kinds V8 does not distinguish.
fn agree(wasm: &Outcome, interp: &Outcome) -> bool {
    match (wasm, interp) {
        (Outcome::Trap(w), Outcome::Trap(i)) => w == i || w.split(" or ").any(|k| k == i),
        _ => wasm == interp,
    }
}

fn differential(config: GenConfig, features: Features, seeds: std::ops::Range<u64>) {
    differential_with(config, common::options(features), seeds);
}

fn differential_with(config: GenConfig, options: lir_wasm::Options, seeds: std::ops::Range<u64>) {
    if !node::node_available() {
        eprintln!("node not found: skipped");
        return;
    }
    let (mut compared, mut traps) = (0, 0);
    for seed in seeds {
        let module = module_from_seed(config, seed);
        if let Err(e) = lir::verify::verify(&module) {
            panic!("seed {seed}: generated module does not verify: {e}");
        }
        let calls: Vec<Call> = exported_functions(&module)
            .into_iter()
            .flat_map(|(name, sig)| {
                (0..3u64).map(move |k| Call {
                    name: name.clone(),
                    args: sig
                        .params
                        .iter()
                        .enumerate()
                        .map(|(i, &t)| edge_argument(t, seed * 13 + k * 5 + i as u64))
                        .collect(),
                    results: sig.results.clone(),
                })
            })
            .collect();
        let wasm =
            lir_wasm::compile(&module, &options).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let got = node::run(&wasm, &calls);
        for (call, wasm_outcome) in calls.iter().zip(&got) {
            let expected = interpret(&module, call);
            assert!(
                agree(wasm_outcome, &expected),
                "seed {seed}, @{}{:?}: wasm {wasm_outcome:?}, interpreter {expected:?}\n{}",
                call.name,
                call.args,
                lir::text::print(&module)
            );
            compared += 1;
            traps += matches!(expected, Outcome::Trap(_)) as usize;
        }
    }
    eprintln!("{compared} calls compared, {traps} of them trapped");
    assert!(compared > 0 && traps < compared / 4);
}

#[test]
fn interpreter_and_wasm_agree() {
    differential(GenConfig::default(), Features::default(), 0..60);
}

#[test]
fn interpreter_and_mvp_wasm_agree() {
    let config = GenConfig {
        multi_value: false,
        tail_calls: false,
        ..GenConfig::default()
    };
    differential(config, Features::mvp(), 1000..1040);
}

/// With a tiny local budget nearly every value is spilled to the shadow stack
/// (`Options::max_locals`; see backend-wasm/src/spill.rs): block parameters become
/// stores at the `jump`s, uses become reloads. The results must not change.
#[test]
fn interpreter_and_wasm_agree_when_values_are_spilled() {
    for (max_locals, seeds) in [(1, 0..30), (8, 100..130), (24, 200..230)] {
        let options = lir_wasm::Options {
            max_locals,
            ..common::options(Features::default())
        };
        differential_with(GenConfig::default(), options, seeds);
    }
}

#[test]
fn interpreter_and_mvp_wasm_agree_when_values_are_spilled() {
    let config = GenConfig {
        multi_value: false,
        tail_calls: false,
        ..GenConfig::default()
    };
    let options = lir_wasm::Options {
        max_locals: 6,
        ..common::options(Features::mvp())
    };
    differential_with(config, options, 1000..1030);
}
