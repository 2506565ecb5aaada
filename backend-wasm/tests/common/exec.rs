//! Checking compiled functions under Node.js against expected outcomes, with every
//! feature set (tests using it are skipped when `node` is not installed).

use super::compile_with;
use super::node::{self, Call, Outcome};
use lir::{Imm, Type};
use lir_wasm::Features;

pub fn feature_sets() -> [Features; 2] {
    [
        Features::default(),
        Features::mvp().with(lir_wasm::Feature::TailCall, true),
    ]
}

pub fn call(name: &str, args: Vec<Imm>, results: &[Type]) -> Call {
    Call {
        name: name.to_string(),
        args,
        results: results.to_vec(),
    }
}

pub fn values(vs: &[Imm]) -> Outcome {
    Outcome::Values(vs.iter().map(|&v| node::show(v)).collect())
}

/// Runs `calls` under every feature set and compares with `expected`.
pub fn check(src: &str, calls: Vec<Call>, expected: Vec<Outcome>) {
    if !node::node_available() {
        eprintln!("node not found: skipped");
        return;
    }
    for features in feature_sets() {
        let wasm = compile_with(src, features).unwrap_or_else(|e| panic!("{e}"));
        let got = node::run(&wasm, &calls);
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(
                g, e,
                "call {} {:?} with features {features}",
                calls[i].name, calls[i].args
            );
        }
        assert_eq!(got.len(), expected.len());
    }
}

pub fn trap(kind: &str) -> Outcome {
    Outcome::Trap(kind.to_string())
}
