//! `dedup`: merges functions whose bodies are the same.
//!
//! Two defined functions are duplicates when their signatures, slots and bodies are
//! equal with values and blocks numbered by position, ignoring value names, block
//! labels and source locations; a direct call counts as equal when both call the same
//! function after merging, or both call themselves. Functions are compared in
//! bottom-up order over the call graph, so callers of merged callees become equal in
//! the same round (a chain of wrappers merges at once). Another round runs only when
//! one can find more: when a key named a callee that merged later in the round (within
//! a call cycle, or a group whose first member came late) or a body became a wrapper.
//! Each function is reduced to a canonical key (its body with values,
//! blocks and constants renumbered) that is hashed and compared whole, so equal keys
//! mean equal behavior.
//!
//! Of each group of duplicates the first in module order stays, with its own source
//! locations; every direct call (`call`, `return_call`) of another member is
//! redirected to it, and the others are deleted, except:
//! - a duplicate whose address is taken (`funcaddr`, `ptr @f` in data) stays a
//!   distinct function, since C requires distinct functions to have distinct
//!   addresses;
//! - an exported duplicate, `@main` or `@__lir_start` stays (LIR cannot export one
//!   function twice).
//!
//! Those are left alone at `-O2`; with `Tuning::size_bias` (`-Os`, `-Oz`) their body
//! becomes `call @kept(params)` then `ret`, when that is smaller. The wrapper uses a
//! plain `call`, not `return_call`, which the target may lack (the one extra frame
//! only matters for *call stack exhausted*, whose depth is unspecified).
//!
//! It does not merge imports, functions that differ only in constants (no
//! parameterized merging), or mutually recursive groups whose members call each other
//! (each call names a different function, so the bodies differ).

use crate::analysis::CallGraph;
use crate::edit::items::{self, is_entry_point, Items};
use crate::pass::{ModuleContext, ModulePass};
use crate::passes::inline::cost;
use cranelift_entity::SecondaryMap;
use lir::{Func, Function, Imm, InstKind, Module, Signature, Type, Value, ValueDef};
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

pub struct Dedup;

/// Rounds are only needed when merging makes earlier-compared functions equal; the
/// bound keeps the pass linear.
const MAX_ROUNDS: usize = 8;

/// What one round did.
struct Round {
    /// Calls redirected plus functions deleted or wrapped.
    changes: usize,
    /// Another round would find nothing: every key of this round named its callees
    /// by the representatives they still have, and no body became a wrapper, so the
    /// next round's keys would group the functions exactly as this round's did.
    settled: bool,
}

impl ModulePass for Dedup {
    fn name(&self) -> &'static str {
        "dedup"
    }

    fn description(&self) -> &'static str {
        "merge functions with identical bodies and redirect their calls"
    }

    fn run(&self, module: &mut Module, cx: &ModuleContext) -> usize {
        let mut total = 0;
        for _ in 0..MAX_ROUNDS {
            let round = merge_round(module, cx.tuning.size_bias);
            total += round.changes;
            if round.changes == 0 || round.settled {
                break;
            }
        }
        total
    }
}

/// One round: finds duplicates, redirects calls, deletes or wraps the duplicates.
fn merge_round(module: &mut Module, size_bias: bool) -> Round {
    let graph = CallGraph::new(module);
    let mut keys = KeyBuilder::default();
    // The function each duplicate merges into (always earlier in module order).
    let mut merged_into: SecondaryMap<Func, Option<Func>> = SecondaryMap::new();
    let mut first: FxHashMap<Key, Func> = FxHashMap::default();
    // Most functions have a shape (signature, sizes) no other function has; only
    // functions sharing a shape need the full key.
    let shape = |f: Func| {
        let func = &module.funcs[f];
        let size = (func.slots.len(), func.layout.len(), graph.facts(f).insts);
        (&func.sig, size)
    };
    let mut shapes: FxHashMap<_, u32> = FxHashMap::default();
    // Each callee a key named, with the representative it was named by.
    let mut named: Vec<(Func, Func)> = Vec::new();
    for (f, func) in module.funcs.iter() {
        if !func.is_import() && !func.layout.is_empty() {
            *shapes.entry(shape(f)).or_default() += 1;
        }
    }
    for scc in graph.sccs() {
        for &f in scc {
            let func = &module.funcs[f];
            if func.is_import() || func.layout.is_empty() || shapes[&shape(f)] < 2 {
                continue;
            }
            let key = keys.key(func, f, |g| {
                let to = representative(&merged_into, g);
                named.push((g, to));
                to
            });
            match first.entry(key) {
                Entry::Vacant(e) => {
                    e.insert(f);
                }
                Entry::Occupied(mut e) => {
                    let kept = *e.get();
                    if f < kept {
                        merged_into[kept] = Some(f);
                        e.insert(f);
                    } else {
                        merged_into[f] = Some(kept);
                    }
                }
            }
        }
    }
    let duplicates: Vec<Func> = module
        .funcs
        .keys()
        .filter(|&f| merged_into[f].is_some())
        .collect();
    if duplicates.is_empty() {
        return Round {
            changes: 0,
            settled: true,
        };
    }
    let mut settled = named
        .iter()
        .all(|&(g, to)| representative(&merged_into, g) == to);
    let mut changes = 0;
    let mut callers: Vec<Func> = duplicates
        .iter()
        .flat_map(|&dup| graph.callers(dup).iter().copied())
        .collect();
    callers.sort_unstable();
    callers.dedup();
    for caller in callers {
        let func = &mut module.funcs[caller];
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                if let InstKind::Call { func: callee, .. }
                | InstKind::ReturnCall { func: callee, .. } = &mut func.insts[inst].kind
                {
                    let to = representative(&merged_into, *callee);
                    if to != *callee {
                        *callee = to;
                        changes += 1;
                    }
                }
            }
        }
    }
    let mut keep = Items::all(module);
    for dup in duplicates {
        let func = &module.funcs[dup];
        if is_entry_point(func) || graph.is_address_taken(dup) {
            let wrapper_size = cost::call_cost(func.params.len());
            if size_bias && cost::body_size(func) > wrapper_size {
                let kept = representative(&merged_into, dup);
                module.funcs[dup] = wrapper(func, kept);
                changes += 1;
                settled = false;
            }
        } else {
            keep.funcs[dup] = false;
        }
    }
    // Nothing refers to a deleted duplicate any more.
    Round {
        changes: changes + items::retain_closed(module, &keep),
        settled,
    }
}

/// The function `f` merges into, following merges of merged functions.
fn representative(merged_into: &SecondaryMap<Func, Option<Func>>, mut f: Func) -> Func {
    // Each step goes to an earlier function, so this ends.
    while let Some(next) = merged_into[f] {
        f = next;
    }
    f
}

/// `func` with the body `call @kept(params); ret results`, located where `func`'s
/// first instruction was.
fn wrapper(func: &Function, kept: Func) -> Function {
    let loc = func
        .entry_block()
        .and_then(|b| func.blocks[b].insts.first())
        .map_or(lir::SourceLoc::NONE, |&i| func.srcloc(i));
    let mut w = Function::new(func.name.clone(), func.sig.clone());
    w.export = func.export.clone();
    let entry = w.create_block();
    let args = w.params.clone();
    let call = w.append_inst(
        entry,
        InstKind::Call { func: kept, args },
        &func.sig.results,
    );
    let values = w.insts[call].results.to_vec();
    let ret = w.append_inst(entry, InstKind::Ret { values }, &[]);
    w.set_srcloc(call, loc);
    w.set_srcloc(ret, loc);
    w
}

/// A function body in canonical form: two functions have equal keys exactly when
/// they behave the same (given that equal callees are merged).
#[derive(PartialEq, Eq, Hash)]
struct Key {
    sig: Signature,
    slots: Vec<(u32, Option<u32>)>,
    /// Per block in layout order: parameter types and number of instructions.
    blocks: Vec<(Vec<Type>, usize)>,
    /// Instructions in layout order with values, blocks and callees renumbered, and
    /// their result types.
    insts: Vec<(InstKind, Vec<Type>)>,
}

/// Canonical numbers: local values by definition order, constants by a table shared
/// by every function of the round, blocks by layout position.
#[derive(Default)]
struct KeyBuilder {
    consts: FxHashMap<Imm, u32>,
}

/// Canonical constants are numbered from here (local values stay far below).
const CONST_BASE: u32 = 1 << 31;
/// Values used but not defined in the layout (only in invalid functions).
const DANGLING: u32 = CONST_BASE - 1;
/// What a call of the function itself is renumbered to.
const SELF_CALL: u32 = u32::MAX - 1;

impl KeyBuilder {
    fn key(&mut self, func: &Function, this: Func, mut callee: impl FnMut(Func) -> Func) -> Key {
        let mut number: SecondaryMap<Value, u32> = SecondaryMap::with_default(DANGLING);
        let mut next = 0u32;
        let mut define = |v: Value, number: &mut SecondaryMap<Value, u32>| {
            number[v] = next;
            next += 1;
        };
        func.params.iter().for_each(|&p| define(p, &mut number));
        func.slots
            .values()
            .for_each(|s| define(s.value, &mut number));
        let mut block_number = SecondaryMap::new();
        for (i, &b) in func.layout.iter().enumerate() {
            block_number[b] = i as u32;
            func.blocks[b]
                .params
                .iter()
                .for_each(|&p| define(p, &mut number));
            for &inst in &func.blocks[b].insts {
                func.insts[inst]
                    .results
                    .iter()
                    .for_each(|&r| define(r, &mut number));
            }
        }
        let mut key = Key {
            sig: func.sig.clone(),
            slots: func.slots.values().map(|s| (s.size, s.align)).collect(),
            blocks: Vec::with_capacity(func.layout.len()),
            insts: Vec::with_capacity(func.inst_count()),
        };
        for &b in &func.layout {
            let data = &func.blocks[b];
            let types = data.params.iter().map(|&p| func.value_type(p)).collect();
            key.blocks.push((types, data.insts.len()));
            for &inst in &data.insts {
                let mut kind = func.insts[inst].kind.clone();
                kind.map_args(|v| match func.values[v].def {
                    ValueDef::Const(imm) => {
                        let n = self.consts.len() as u32;
                        Value::from_u32(CONST_BASE + *self.consts.entry(imm).or_insert(n))
                    }
                    _ => Value::from_u32(number[v]),
                });
                for call in kind.block_calls_mut() {
                    call.block = lir::Block::from_u32(block_number[call.block]);
                }
                if let InstKind::Call { func: f, .. } | InstKind::ReturnCall { func: f, .. } =
                    &mut kind
                {
                    *f = if *f == this {
                        Func::from_u32(SELF_CALL)
                    } else {
                        callee(*f)
                    };
                }
                let results = func.insts[inst]
                    .results
                    .iter()
                    .map(|&r| func.value_type(r))
                    .collect();
                key.insts.push((kind, results));
            }
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_names_and_locations_but_not_constants() {
        let module = lir::text::parse(
            "file 1 \"a.c\"
            func @a(%x: i32) -> i32 {
            entry:
                loc 1:3
                %y = add %x, 1
                ret %y
            }
            func @b(%p: i32) -> i32 {
                %0 = add %p, 1
                ret %0
            }
            func @c(%x: i32) -> i32 {
                %y = add %x, 2
                ret %y
            }",
        )
        .unwrap();
        let mut keys = KeyBuilder::default();
        let key = |keys: &mut KeyBuilder, name: &str| {
            let f = module.func_by_name(name).unwrap();
            keys.key(&module.funcs[f], f, |g| g)
        };
        let a = key(&mut keys, "a");
        assert!(a == key(&mut keys, "b"));
        assert!(a != key(&mut keys, "c"));
    }
}

#[cfg(test)]
mod wrapper_tests {
    use super::*;
    use crate::options::OptLevel;

    const TEXT: &str = "
        func @a(%x: i32) -> i32 {
            %y = mul %x, 3
            %z = add %y, 1
            %w = xor %z, 5
            ret %w
        }
        export func @b(%x: i32) -> i32 {
            %y = mul %x, 3
            %z = add %y, 1
            %w = xor %z, 5
            ret %w
        }
        export func @c(%x: i32) -> i32 {
            %y = mul %x, 3
            %z = add %y, 1
            %w = xor %z, 5
            ret %w
        }
        export func @main() -> i32 {
            %r = call @a(1)
            %s = call @b(%r)
            %t = call @c(%s)
            ret %t
        }";

    fn dedup(tuning: &crate::Tuning, module: &mut Module) -> usize {
        Dedup.run(module, &ModuleContext { tuning })
    }

    #[test]
    fn exported_duplicates_become_wrappers_only_for_size() {
        let mut module = lir::text::parse(TEXT).unwrap();
        let os = OptLevel::Os.tuning();
        assert!(dedup(&os, &mut module) > 0);
        lir::verify::verify(&module).unwrap();
        let text = lir::text::print(&module);
        for name in ["b", "c"] {
            let wrapper = format!(
                "export func @{name}(%0: i32) -> i32 {{\n    %1 = call @a(%0)\n    ret %1\n}}"
            );
            assert!(text.contains(&wrapper), "{text}");
        }
        assert!(text.contains("%s = call @a(%r)"), "{text}");
        assert_eq!(dedup(&os, &mut module), 0, "stable:\n{text}");

        let mut module = lir::text::parse(TEXT).unwrap();
        assert!(dedup(&OptLevel::O2.tuning(), &mut module) > 0);
        let text = lir::text::print(&module);
        assert!(text.contains("export func @c(%x: i32) -> i32 {\n    %y = mul %x, 3"));
        assert!(text.contains("%t = call @a(%s)"), "{text}");
    }
}
