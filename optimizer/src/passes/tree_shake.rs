//! `tree-shake`: module-level dead code elimination.
//!
//! Keeps what the program can reach from its entry points and deletes every other
//! function (imports included), data object and global. The roots are the exported
//! functions and globals, `@main` and the start-up code `@__lir_start` (after WASI
//! legalization the start-up code is exported as `_start`; before it, `@main` is the
//! entry). From a kept function, everything its instructions name is kept: callees
//! (`call`, `return_call`), functions whose address it takes (`funcaddr`), data objects
//! (`addr`) and the globals it reads; from a kept data object, the functions and data
//! objects its `ptr @x` values name. So a function whose address is taken only by dead
//! code goes too. A global that is only written (not exported, never read by kept
//! code) is deleted with its `global.set`s (their operands are left to `dce`).
//!
//! Deleting items renumbers the rest ([`crate::edit::items::retain`]), keeping their
//! order. Addresses are not part of a program's meaning: deleting a data object moves
//! the objects after it and `@__heap_base`, and deleting an address-taken function
//! (reached by no kept code) changes later functions' table indices.
//!
//! It does not touch a module without any entry point (nothing exported, no `@main`):
//! nothing says what such a module is for. It does not delete the memory or the stack,
//! unused stack slots, or the unused code inside kept functions (`dce` does), and it
//! does not look into data bytes for function or data addresses written as plain
//! integers (those are not references).

use crate::edit::items::{self, ItemRef, Items};
use crate::pass::{ModuleContext, ModulePass};
use lir::{InstKind, Module};

pub struct TreeShake;

impl ModulePass for TreeShake {
    fn name(&self) -> &'static str {
        "tree-shake"
    }

    fn description(&self) -> &'static str {
        "delete functions, imports, data objects and globals that no entry point reaches"
    }

    fn run(&self, module: &mut Module, _cx: &ModuleContext) -> usize {
        let mut live = Items::default();
        for (f, func) in module.funcs.iter() {
            live.funcs[f] = items::is_entry_point(func);
        }
        for (g, global) in module.globals.iter() {
            live.globals[g] = global.export.is_some();
        }
        let has_roots = module.funcs.keys().any(|f| live.funcs[f])
            || module.globals.keys().any(|g| live.globals[g]);
        if !has_roots {
            return 0;
        }
        // Writing a global does not keep it: only reading it (or exporting it) does.
        items::close_over(module, &mut live, |r| !matches!(r, ItemRef::GlobalSet(_)));
        let removed_sets = if module.globals.keys().all(|g| live.globals[g]) {
            0
        } else {
            remove_sets_of_dead_globals(module, &live)
        };
        // Without the sets of dead globals, nothing live refers to a dead item.
        removed_sets + items::retain_closed(module, &live)
    }
}

/// Deletes, in live functions, the `global.set`s of globals that are not live.
fn remove_sets_of_dead_globals(module: &mut Module, live: &Items) -> usize {
    let mut removed = 0;
    for (f, func) in module.funcs.iter_mut() {
        if !live.funcs[f] {
            continue;
        }
        for &block in &func.layout {
            let insts = &mut func.blocks[block].insts;
            let before = insts.len();
            insts.retain(|&inst| match func.insts[inst].kind {
                InstKind::GlobalSet { global, .. } => live.globals[global],
                _ => true,
            });
            removed += before - insts.len();
        }
    }
    removed
}
