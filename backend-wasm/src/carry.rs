//! Stage 5c (part of the schedule, after [`crate::sink`]): values left on the operand
//! stack across statements (Binaryen's Stack IR "local2stack").
//!
//! Every statement ("root") of a block leaves the operand stack as it found it. So a
//! value with a single use whose definition is a root, and whose use is the very first
//! thing a later root of the same block evaluates (the leftmost leaf of its tree), can
//! stay on the stack in between: the definition is not followed by `local.set`, the
//! use reads no `local.get`, and nothing moves — unlike [`crate::treeify`] and
//! [`crate::sink`], no commutation is needed. Carried values must nest (the last one
//! left on the stack is the first taken); a crossing pair keeps the later one in a
//! local.
//!
//! The use may be in the block's terminator (an `if` condition, a `br_table` index, a
//! returned value), which the emitter writes right after the block's statements, but
//! not in a `jump` (its arguments are a sequenced parallel copy). Cost: linear.

use crate::values::Values;
use cranelift_entity::SecondaryMap;
use lir::{Function, Inst, InstKind, Value, ValueDef};

/// Buffers reused across blocks.
#[derive(Default)]
pub(crate) struct CarryScratch {
    /// The position of each root in its block.
    position: SecondaryMap<Inst, u32>,
    closes: Vec<Option<usize>>,
    opens: Vec<bool>,
    stack: Vec<usize>,
}

impl CarryScratch {
    /// Readies the buffers for a function of `num_insts` instructions.
    pub(crate) fn reset(&mut self, num_insts: usize) {
        crate::treeify::reset_map(&mut self.position, num_insts);
    }
}

/// Marks the values of one block's `roots` that are carried on the stack.
pub(crate) fn carry_block(
    func: &Function,
    values: &Values,
    roots: &[Inst],
    schedule: (
        &SecondaryMap<Value, bool>,
        &SecondaryMap<Value, Option<Inst>>,
    ),
    carried: &mut SecondaryMap<Value, bool>,
    scratch: &mut CarryScratch,
) {
    let (stackified, teed) = schedule;
    let n = roots.len();
    if n < 2 {
        return;
    }
    let CarryScratch {
        position,
        closes,
        opens,
        stack,
    } = scratch;
    for (k, &root) in roots.iter().enumerate() {
        position[root] = k as u32;
    }
    // For each root, the position of the root defining the value its tree reads first,
    // if that value can be carried.
    closes.clear();
    closes.resize(n, None);
    opens.clear();
    opens.resize(n, false);
    for (k, &root) in roots.iter().enumerate() {
        if matches!(func.insts[root].kind, InstKind::Jump { .. }) {
            continue;
        }
        let Some(v) = first_leaf(func, values, stackified, teed, root) else {
            continue;
        };
        let ValueDef::Result(def, 0) = func.value_def(v) else {
            continue;
        };
        if values.uses[v] != 1 || teed[v].is_some() || func.insts[def].results.len() != 1 {
            continue;
        }
        let i = position[def] as usize;
        if i < k && roots[i] == def {
            closes[k] = Some(i);
            opens[i] = true;
        }
    }
    // Keep a nesting subset: a use whose value is not the last one left open drops out.
    stack.clear();
    for k in 0..n {
        if let Some(i) = closes[k] {
            if stack.last() == Some(&i) {
                stack.pop();
                if let &[r] = &func.insts[roots[i]].results[..] {
                    carried[r] = true;
                }
            } else if let Some(at) = stack.iter().position(|&s| s == i) {
                stack.remove(at);
            }
        }
        if opens[k] {
            stack.push(k);
        }
    }
}

/// The value `root`'s tree reads first, when that is the first thing it evaluates (no
/// constant or instruction without operands comes before it).
fn first_leaf(
    func: &Function,
    values: &Values,
    stackified: &SecondaryMap<Value, bool>,
    teed: &SecondaryMap<Value, Option<Inst>>,
    root: Inst,
) -> Option<Value> {
    let mut inst = root;
    for _ in 0..=crate::treeify::MAX_TREE_DEPTH * 4 {
        let mut first = None;
        values.for_each_operand(func, inst, |v| {
            first.get_or_insert(v);
        });
        let v = first?;
        let def = match func.value_def(v) {
            ValueDef::Result(def, _) => Some(def),
            _ => None,
        };
        match def {
            Some(def) if stackified[v] || teed[v] == Some(root) => inst = def,
            _ if values.remat[v].is_some() => return None,
            _ => return Some(v),
        }
    }
    None
}
