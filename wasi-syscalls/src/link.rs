//! Copying the items of a glue module into a program: functions, data and globals are
//! appended under their own names, and references between them are renumbered.
//!
//! Imported functions are shared: an import of the same `"module" "name"` that the
//! program already has is reused instead of copied, and so is a function identical to
//! one linked before (glue files repeat their small helpers). Any other name the
//! program already uses is an error (names starting with `__lir_` are reserved for
//! glue).

use lir::{Data, DataItem, DataValue, Func, Global, InstKind, Module};
use std::collections::HashMap;

/// A glue item's name is already used by the program.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("the name @{0} is reserved for generated code, but the program defines it")]
pub struct NameClash(pub String);

/// Where the glue's items ended up in the program.
#[derive(Default)]
pub struct Linked {
    pub funcs: HashMap<String, Func>,
}

/// Appends every item of `glue` to `module`.
pub fn link(module: &mut Module, glue: &Module) -> Result<Linked, NameClash> {
    let taken = |module: &Module, name: &str| {
        module.func_by_name(name).is_some()
            || module.data_by_name(name).is_some()
            || module.global_by_name(name).is_some()
    };
    let mut funcs = HashMap::new();
    let mut copied = Vec::new();
    for (id, func) in glue.funcs.iter() {
        let shared = match &func.import {
            Some(import) => module
                .funcs
                .iter()
                .find(|(_, f)| f.import.as_ref() == Some(import) && f.sig == func.sig)
                .map(|(existing, _)| existing),
            None => module
                .func_by_name(&func.name)
                .filter(|&existing| same_helper(&module.funcs[existing], func, &funcs)),
        };
        let target = match shared {
            Some(existing) => existing,
            None => {
                if taken(module, &func.name) {
                    return Err(NameClash(func.name.clone()));
                }
                let target = module.funcs.push(func.clone());
                copied.push(target);
                target
            }
        };
        funcs.insert(id, target);
    }
    let mut data = HashMap::new();
    for (id, object) in glue.data.iter() {
        if taken(module, &object.name) {
            return Err(NameClash(object.name.clone()));
        }
        data.insert(id, module.data.push(object.clone()));
    }
    let mut globals = HashMap::new();
    for (id, global) in glue.globals.iter() {
        if taken(module, &global.name) {
            return Err(NameClash(global.name.clone()));
        }
        globals.insert(id, module.globals.push(global.clone()));
    }
    let remap = Remap {
        funcs: &funcs,
        data: &data,
        globals: &globals,
    };
    for target in copied {
        remap.function(&mut module.funcs[target]);
    }
    for &target in data.values() {
        remap.data_object(&mut module.data[target].items);
    }
    let linked = Linked {
        funcs: glue
            .funcs
            .iter()
            .map(|(id, f)| (f.name.clone(), funcs[&id]))
            .collect(),
    };
    Ok(linked)
}

struct Remap<'a> {
    funcs: &'a HashMap<Func, Func>,
    data: &'a HashMap<Data, Data>,
    globals: &'a HashMap<Global, Global>,
}

impl Remap<'_> {
    fn function(&self, func: &mut lir::Function) {
        let insts: Vec<_> = func.insts.keys().collect();
        for inst in insts {
            match &mut func.insts[inst].kind {
                InstKind::Call { func: f, .. }
                | InstKind::ReturnCall { func: f, .. }
                | InstKind::FuncAddr { func: f } => *f = self.funcs[f],
                InstKind::DataAddr { data, .. } => *data = self.data[data],
                InstKind::GlobalGet { global } | InstKind::GlobalSet { global, .. } => {
                    *global = self.globals[global]
                }
                _ => {}
            }
        }
    }

    fn data_object(&self, items: &mut [DataItem]) {
        for item in items {
            if let DataItem::Scalars { values, .. } = item {
                for value in values {
                    match value {
                        DataValue::DataAddr(d, _) => *d = self.data[d],
                        DataValue::FuncAddr(f) => *f = self.funcs[f],
                        DataValue::Bits(_) => {}
                    }
                }
            }
        }
    }
}

/// Whether `existing` is an earlier copy of the glue helper `func`: the same body once
/// the functions `func` refers to are renumbered as linked so far (`linked`). A helper
/// that refers to a function not linked yet, to data or to a global is never shared.
fn same_helper(
    existing: &lir::Function,
    func: &lir::Function,
    linked: &HashMap<Func, Func>,
) -> bool {
    let mut renumbered = func.clone();
    for inst in renumbered.insts.values_mut() {
        match &mut inst.kind {
            InstKind::Call { func: f, .. }
            | InstKind::ReturnCall { func: f, .. }
            | InstKind::FuncAddr { func: f } => match linked.get(f) {
                Some(&target) => *f = target,
                None => return false,
            },
            InstKind::DataAddr { .. } | InstKind::GlobalGet { .. } | InstKind::GlobalSet { .. } => {
                return false
            }
            _ => {}
        }
    }
    existing == &renumbered
}
