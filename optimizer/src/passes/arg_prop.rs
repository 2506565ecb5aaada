//! `arg-prop`: interprocedural constant and dead argument elimination.
//!
//! For a function only called directly (not exported, not `@main` or the start-up
//! code, its address never taken, so every caller is known): a parameter that every
//! call passes the same constant becomes that constant inside the function, and a
//! parameter the function does not use is removed from its signature and from every
//! call. A result no call uses is removed too, when every call is a plain `call`
//! (a `return_call` passes the results on). The system-call glue benefits most: a
//! program that opens files with constant flags gets an `open` specialized for them.
//!
//! It does not specialize (clone) functions whose calls pass different constants, or
//! look at calls through `call_indirect`.

use crate::analysis::functions_in_data;
use crate::edit::items::is_entry_point;
use crate::pass::{ModuleContext, ModulePass};
use cranelift_entity::SecondaryMap;
use lir::{Func, Function, Imm, InstKind, Module, Value, ValueDef};

pub struct ArgProp;

impl ModulePass for ArgProp {
    fn name(&self) -> &'static str {
        "arg-prop"
    }

    fn description(&self) -> &'static str {
        "propagate constant arguments into callees; drop unused parameters and results"
    }

    fn run(&self, module: &mut Module, _cx: &ModuleContext) -> usize {
        let facts = CallFacts::new(module);
        let mut changed = 0;
        // Per function: which parameters and results stay (empty: no change).
        let mut keep_params: SecondaryMap<Func, Vec<bool>> = SecondaryMap::new();
        let mut keep_results: SecondaryMap<Func, Vec<bool>> = SecondaryMap::new();
        let funcs: Vec<Func> = module.funcs.keys().collect();
        for f in funcs {
            let func = &module.funcs[f];
            if func.is_import()
                || func.layout.is_empty()
                || is_entry_point(func)
                || facts.address_taken[f]
                || facts.calls[f] == 0
            {
                continue;
            }
            changed += propagate_constants(&mut module.funcs[f], &facts.constants[f]);
            let func = &mut module.funcs[f];
            if let Some(keep) = unused_params(func) {
                changed += keep.iter().filter(|&&k| !k).count();
                drop_params(func, &keep);
                keep_params[f] = keep;
            }
            let tail_calls_out = func.layout.iter().any(|&b| {
                func.terminator(b).is_some_and(|t| {
                    matches!(
                        func.insts[t].kind,
                        InstKind::ReturnCall { .. } | InstKind::ReturnCallIndirect { .. }
                    )
                })
            });
            let used = &facts.results_used[f];
            if !facts.tail_called[f] && !tail_calls_out && used.iter().any(|&u| !u) {
                changed += used.iter().filter(|&&u| !u).count();
                drop_results(func, used);
                keep_results[f] = used.clone();
            }
        }
        rewrite_calls(module, &keep_params, &keep_results);
        changed
    }
}

/// What the direct calls of every function pass and use.
struct CallFacts {
    /// Number of direct calls (`call` and `return_call`).
    calls: SecondaryMap<Func, u32>,
    /// Per function and parameter: the constant every call passes so far (`None`
    /// before the first call, `Some(None)` once two calls disagree or one passes a
    /// non-constant).
    constants: SecondaryMap<Func, Vec<Option<Option<Imm>>>>,
    /// Whether some `return_call` names the function.
    tail_called: SecondaryMap<Func, bool>,
    /// Whether some `funcaddr` or data initializer takes the function's address.
    address_taken: SecondaryMap<Func, bool>,
    /// Per function and result: whether some `call` uses it.
    results_used: SecondaryMap<Func, Vec<bool>>,
}

impl CallFacts {
    fn new(module: &Module) -> CallFacts {
        let mut facts = CallFacts {
            calls: SecondaryMap::new(),
            constants: SecondaryMap::new(),
            tail_called: SecondaryMap::new(),
            address_taken: SecondaryMap::new(),
            results_used: SecondaryMap::new(),
        };
        for f in functions_in_data(module) {
            facts.address_taken[f] = true;
        }
        for (callee, f) in module.funcs.iter() {
            facts.constants[callee] = vec![None; f.sig.params.len()];
            facts.results_used[callee] = vec![false; f.sig.results.len()];
        }
        let mut calls = Vec::new();
        let mut used: SecondaryMap<Value, bool> = SecondaryMap::new();
        for caller in module.funcs.values() {
            calls.clear();
            let mut any_results = false;
            for &block in &caller.layout {
                for &inst in &caller.blocks[block].insts {
                    match caller.insts[inst].kind {
                        InstKind::Call { func, .. } | InstKind::ReturnCall { func, .. } => {
                            any_results |= !caller.insts[inst].results.is_empty();
                            calls.push((inst, func));
                        }
                        InstKind::FuncAddr { func } => facts.address_taken[func] = true,
                        _ => {}
                    }
                }
            }
            if calls.is_empty() {
                continue;
            }
            if any_results {
                // Which values the caller uses (only results of calls are asked).
                used.clear();
                used.resize(caller.values.len());
                for &block in &caller.layout {
                    for &inst in &caller.blocks[block].insts {
                        caller.insts[inst].kind.for_each_arg(|v| used[v] = true);
                    }
                }
            }
            for &(inst, callee) in &calls {
                let (args, tail) = match &caller.insts[inst].kind {
                    InstKind::Call { args, .. } => (args, false),
                    InstKind::ReturnCall { args, .. } => (args, true),
                    _ => unreachable!("collected as a call"),
                };
                if !module.funcs.is_valid(callee) {
                    continue;
                }
                facts.calls[callee] += 1;
                facts.tail_called[callee] |= tail;
                for (slot, &arg) in facts.constants[callee].iter_mut().zip(args) {
                    let c = caller.as_const(arg);
                    *slot = match *slot {
                        None => Some(c),
                        Some(Some(prev)) if Some(prev) == c => Some(Some(prev)),
                        _ => Some(None),
                    };
                }
                for (u, &r) in facts.results_used[callee]
                    .iter_mut()
                    .zip(&caller.insts[inst].results)
                {
                    *u |= used[r];
                }
            }
        }
        facts
    }
}

/// Replaces parameters every call passes the same constant by that constant.
fn propagate_constants(func: &mut Function, constants: &[Option<Option<Imm>>]) -> usize {
    let mut map = crate::edit::ValueMap::new();
    for (i, fact) in constants.iter().enumerate() {
        if let (Some(Some(imm)), Some(&param)) = (*fact, func.params.get(i)) {
            let c = func.const_value(imm);
            map.replace(param, c);
        }
    }
    map.apply(func)
}

/// Which parameters the body uses, if some is unused.
fn unused_params(func: &Function) -> Option<Vec<bool>> {
    if func.params.is_empty() {
        return None;
    }
    let mut used: SecondaryMap<Value, bool> = SecondaryMap::new();
    for &block in &func.layout {
        for &inst in &func.blocks[block].insts {
            func.insts[inst].kind.for_each_arg(|v| used[v] = true);
        }
    }
    let keep: Vec<bool> = func.params.iter().map(|&p| used[p]).collect();
    keep.iter().any(|&k| !k).then_some(keep)
}

/// Removes the parameters not kept from the signature, renumbering the others.
fn drop_params(func: &mut Function, keep: &[bool]) {
    let mut params = Vec::new();
    let mut types = Vec::new();
    for (i, &p) in func.params.iter().enumerate() {
        if keep[i] {
            params.push(p);
            types.push(func.sig.params[i]);
        }
    }
    for (index, &p) in params.iter().enumerate() {
        func.values[p].def = ValueDef::Param(index as u32);
    }
    func.params = params;
    func.sig.params = types;
}

/// Removes the results not used from the signature and every `ret`.
fn drop_results(func: &mut Function, used: &[bool]) {
    func.sig.results = filter(&func.sig.results, used);
    for block in func.layout.clone() {
        if let Some(term) = func.terminator(block) {
            if let InstKind::Ret { values } = &mut func.insts[term].kind {
                *values = filter(values, used);
            }
        }
    }
}

fn filter<T: Copy>(items: &[T], keep: &[bool]) -> Vec<T> {
    items
        .iter()
        .zip(keep)
        .filter(|(_, &k)| k)
        .map(|(&x, _)| x)
        .collect()
}

/// Drops the removed arguments from every call, and the removed results from every
/// `call` (they were unused).
fn rewrite_calls(
    module: &mut Module,
    keep_params: &SecondaryMap<Func, Vec<bool>>,
    keep_results: &SecondaryMap<Func, Vec<bool>>,
) {
    let changed = |f: Func| {
        keep_params.get(f).is_some_and(|k| !k.is_empty())
            || keep_results.get(f).is_some_and(|k| !k.is_empty())
    };
    if !module.funcs.keys().any(changed) {
        return;
    }
    for caller in module.funcs.values_mut() {
        for &block in &caller.layout {
            for &inst in &caller.blocks[block].insts {
                let data = &mut caller.insts[inst];
                let (InstKind::Call { func, args } | InstKind::ReturnCall { func, args }) =
                    &mut data.kind
                else {
                    continue;
                };
                if let Some(keep) = keep_params.get(*func).filter(|k| !k.is_empty()) {
                    *args = filter(args, keep);
                }
                if let Some(keep) = keep_results.get(*func).filter(|k| !k.is_empty()) {
                    data.results = filter(&data.results, keep).into();
                    for (index, &r) in data.results.iter().enumerate() {
                        caller.values[r].def = ValueDef::Result(inst, index as u32);
                    }
                }
            }
        }
    }
}
