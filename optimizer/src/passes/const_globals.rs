//! `const-globals`: mutable globals that never change become immutable.
//!
//! A `mut` global that is not exported (so the host cannot write it) becomes
//! immutable when no `global.set` names it, or when every `global.set` of it stores a
//! constant equal to its initial value, bit for bit (those stores are deleted: the
//! global holds that value anyway). `sccp` then folds its reads to the constant.
//!
//! It does not fold the reads itself (`sccp` does), look through stores of values that
//! are only known to be constant after other passes (run `sccp` first), touch exported
//! globals, or delete globals (`tree-shake` deletes the unused ones).

use crate::pass::{ModuleContext, ModulePass};
use cranelift_entity::SecondaryMap;
use lir::{Global, InstKind, Module};

pub struct ConstGlobals;

impl ModulePass for ConstGlobals {
    fn name(&self) -> &'static str {
        "const-globals"
    }

    fn description(&self) -> &'static str {
        "make non-exported globals that are never written (or only with their initial value) immutable"
    }

    fn run(&self, module: &mut Module, _cx: &ModuleContext) -> usize {
        // Whether some `global.set` may store a value other than the initial one.
        let mut changes_value: SecondaryMap<Global, bool> = SecondaryMap::new();
        let mut has_sets: SecondaryMap<Global, bool> = SecondaryMap::new();
        for func in module.funcs.values() {
            for &block in &func.layout {
                for &inst in &func.blocks[block].insts {
                    if let InstKind::GlobalSet { global, value } = func.insts[inst].kind {
                        let Some(decl) = module.globals.get(global) else {
                            continue;
                        };
                        has_sets[global] = true;
                        changes_value[global] |= func.as_const(value) != Some(decl.init);
                    }
                }
            }
        }
        let mut constant: SecondaryMap<Global, bool> = SecondaryMap::new();
        let mut count = 0;
        for (g, decl) in module.globals.iter_mut() {
            if decl.mutable && decl.export.is_none() && !changes_value[g] {
                decl.mutable = false;
                constant[g] = true;
                count += 1;
            }
        }
        if !module.globals.keys().any(|g| constant[g] && has_sets[g]) {
            return count;
        }
        for func in module.funcs.values_mut() {
            for &block in &func.layout {
                let insts = &mut func.blocks[block].insts;
                let before = insts.len();
                insts.retain(|&inst| match func.insts[inst].kind {
                    InstKind::GlobalSet { global, .. } => !constant[global],
                    _ => true,
                });
                count += before - insts.len();
            }
        }
        count
    }
}
