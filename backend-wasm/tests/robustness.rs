//! Bad input never panics: random modules with scrambled operands (wrong types, uses
//! not dominated by their definitions, values from other blocks), removed instructions
//! and retargeted branches must give an error or a valid module — never a panic and
//! never invalid bytes.

use lir::testing::{module_from_seed, GenConfig};
use lir::{Function, Module, Value};
use lir_wasm::{compile, Options};
use proptest::prelude::*;

/// Replaces a few operands of `func` with other existing values.
fn scramble(func: &mut Function, picks: &[(u32, u32)]) {
    let insts: Vec<lir::Inst> = func
        .layout
        .iter()
        .flat_map(|&b| func.blocks[b].insts.clone())
        .collect();
    let values = func.values.len() as u32;
    if insts.is_empty() || values == 0 {
        return;
    }
    for &(i, v) in picks {
        let inst = insts[i as usize % insts.len()];
        let replacement = Value::from_u32(v % values);
        let mut first = true;
        func.insts[inst].kind.map_args(|old| {
            if std::mem::take(&mut first) {
                replacement
            } else {
                old
            }
        });
        // Sometimes also drop an instruction (its results lose their definition) or
        // retarget a branch (arities and dominance break).
        if v % 7 == 0 {
            let b = func.layout[i as usize % func.layout.len()];
            let n = func.blocks[b].insts.len();
            if n > 1 {
                func.blocks[b].insts.remove((v as usize / 7) % (n - 1));
            }
        }
        if v % 11 == 0 {
            let target = func.layout[(v as usize / 11) % func.layout.len()];
            for call in func.insts[inst].kind.block_calls_mut() {
                call.block = target;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn scrambled_modules_never_panic(
        seed in 0u64..10_000,
        picks in prop::collection::vec((any::<u32>(), any::<u32>()), 1..6),
    ) {
        let mut module: Module = module_from_seed(GenConfig::default(), seed);
        let target = (seed as usize) % module.funcs.len().max(1);
        if let Some(func) = module.funcs.values_mut().nth(target) {
            scramble(func, &picks);
        }
        // With validation on, any output that is returned is valid.
        let _ = compile(&module, &Options::default());
    }
}
