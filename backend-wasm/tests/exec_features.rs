//! Random modules compute the same results with every feature set (the fallback
//! sequences and helpers agree with the native instructions), under Node.js.

mod common;
use common::exec::{call, feature_sets};
use common::node;
use lir::{Imm, Type};

#[test]
fn random_modules_agree_across_feature_sets() {
    use lir_wasm::testing::{exported_functions, module_from_seed, GenConfig};
    if !node::node_available() {
        return;
    }
    let config = GenConfig {
        multi_value: false,
        tail_calls: false,
        functions: 4,
    };
    let mut compared = 0;
    for seed in 0..40 {
        let module = module_from_seed(config, seed);
        let mut calls = Vec::new();
        for (name, sig) in exported_functions(&module) {
            for k in 0..3u64 {
                let args = sig
                    .params
                    .iter()
                    .enumerate()
                    .map(|(i, &t)| argument(t, seed * 31 + k * 7 + i as u64))
                    .collect();
                calls.push(call(&name, args, &sig.results));
            }
        }
        let mut outcomes = Vec::new();
        for features in feature_sets() {
            let wasm = lir_wasm::compile(&module, &common::options(features))
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            outcomes.push(node::run(&wasm, &calls));
        }
        assert_eq!(outcomes[0], outcomes[1], "seed {seed}");
        compared += calls.len();
    }
    assert!(compared > 100);
}

/// A deterministic "interesting" argument of type `ty`.
fn argument(ty: Type, k: u64) -> Imm {
    let ints = [
        0u64,
        1,
        2,
        7,
        100,
        u64::MAX,
        0x8000_0000,
        0x7fff_ffff,
        12345678901234,
    ];
    let floats = [
        0.0,
        -0.0,
        1.5,
        -2.25,
        1e10,
        -3e9,
        f64::INFINITY,
        f64::NAN,
        0.1,
    ];
    match ty {
        Type::I32 | Type::I64 => Imm::new(ty, ints[k as usize % ints.len()]),
        Type::F32 => Imm::f32(floats[k as usize % floats.len()] as f32),
        Type::F64 => Imm::f64(floats[k as usize % floats.len()]),
    }
}
