//! Property test: random terminating LIR modules always compile to valid wasm, with
//! every feature set the generator's contents allow.

use lir::testing::{arb_module, GenConfig};
use lir_wasm::{compile, Feature, Features, Options};
use proptest::prelude::*;

fn options(features: Features) -> Options {
    Options {
        features,
        validate: true,
        ..Options::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_modules_validate(module in arb_module(GenConfig::default())) {
        let verified = lir::verify::verify(&module);
        prop_assert!(verified.is_ok(), "{}\n{}", verified.unwrap_err(), lir::text::print(&module));
        let wasm = compile(&module, &options(Features::default()));
        prop_assert!(wasm.is_ok(), "{:?}", wasm.err());
    }

    #[test]
    fn random_modules_validate_without_post_mvp_features(
        module in arb_module(GenConfig { multi_value: false, tail_calls: false, ..GenConfig::default() })
    ) {
        let mvp = Features::mvp().with(Feature::MutableGlobals, true);
        let wasm = compile(&module, &options(mvp));
        prop_assert!(wasm.is_ok(), "{:?}", wasm.err());
    }
}

#[test]
fn parallel_and_sequential_output_are_identical() {
    let config = GenConfig {
        functions: 150,
        ..GenConfig::default()
    };
    let module = lir::testing::module_from_seed(config, 99);
    let sequential = Options {
        parallel: false,
        ..options(Features::default())
    };
    let parallel = Options {
        parallel: true,
        ..options(Features::default())
    };
    assert_eq!(
        compile(&module, &sequential).unwrap(),
        compile(&module, &parallel).unwrap()
    );
}
