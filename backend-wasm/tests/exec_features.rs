//! Random modules compute the same results with every feature set (the fallback
//! sequences and helpers agree with the native instructions), under Node.js.

mod common;
use common::exec::{call, feature_sets};
use common::node;

#[test]
fn random_modules_agree_across_feature_sets() {
    use lir::testing::{edge_argument, exported_functions, module_from_seed, GenConfig};
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
                    .map(|(i, &t)| edge_argument(t, seed * 31 + k * 7 + i as u64))
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
