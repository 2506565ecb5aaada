//! Stage 5b (part of the schedule, after [`crate::treeify`]): definitions sunk to their
//! first use (Binaryen's SimplifyLocals "sinking", into a `local.tee`).
//!
//! A statement ("root") of a block whose single result is first read — in evaluation
//! order — by a later root of the same block is moved, with its whole expression tree,
//! into that root's tree at the read: the value is computed there and written with
//! `local.tee`, and the other uses read the local. If that read is the value's only
//! use it is simply computed onto the stack there (stackified), which picks up the
//! single-use values treeify had to leave because something in between did not commute
//! and has since moved itself.
//!
//! The move crosses the roots in between and the part of the receiving tree evaluated
//! before the read, so every instruction of the moved tree must commute with each of
//! those (the rules of [`Effects::conflicts_with`]; pure trees move freely). Into a
//! `jump` it only goes inside the tree of its only argument (the arguments are a
//! parallel copy, which the emitter may reorder).
//! Roots are taken from last to first, so a chain of definitions sinks together.
//!
//! It does not decide locals: a sunk value is defined at its `local.tee`, inside the
//! receiving root, and [`Schedule::for_each_access`] reports that point to liveness
//! and local allocation. Limits: the receiving tree stays at most [`MAX_TREE_DEPTH`]
//! deep, at most [`MAX_SCAN`] tree nodes are searched for the first read and checked
//! for commutation per root, so the cost is linear in the block.
//!
//! [`Schedule::for_each_access`]: crate::treeify::Schedule::for_each_access

use crate::effects::Effects;
use crate::treeify::MAX_TREE_DEPTH;
use crate::values::Values;
use cranelift_entity::SecondaryMap;
use lir::{Function, Inst, InstKind, Value, ValueDef};

/// Most tree nodes looked at per root (for the first read, and for commutation).
const MAX_SCAN: usize = 512;

/// One node of a root's tree in evaluation order.
#[derive(Clone, Copy, Debug)]
enum Node {
    /// A value read from its local.
    Read(Value),
    /// An instruction executed (after its operands).
    Inst(Inst),
    /// A sunk value written with `local.tee` (after its instruction).
    Tee(Value),
}

/// A tree node and its depth (the root instruction is at depth 0).
#[derive(Clone, Copy, Debug)]
struct Event {
    node: Node,
    depth: usize,
}

/// Buffers reused across blocks.
#[derive(Default)]
pub(crate) struct SinkScratch {
    /// The tree of each root (the first `n` are in use).
    events: Vec<Vec<Event>>,
    moved: Vec<bool>,
    work: Vec<Work>,
    operands: Vec<Value>,
}

/// Sinks the roots of one block (terminator last); updates `roots`, `stackified`
/// and `teed` (the root whose tree defines each sunk value).
pub(crate) fn sink_block(
    func: &Function,
    values: &Values,
    roots: &mut Vec<Inst>,
    stackified: &mut SecondaryMap<Value, bool>,
    teed: &mut SecondaryMap<Value, Option<Inst>>,
    scratch: &mut SinkScratch,
) {
    let n = roots.len();
    // Only a root with one result and a later root can sink.
    let candidate = |&d: &Inst| func.insts[d].results.len() == 1;
    if n < 2 || !roots[..n - 1].iter().any(candidate) {
        return;
    }
    let SinkScratch {
        events,
        moved,
        work,
        operands,
    } = scratch;
    if events.len() < n {
        events.resize_with(n, Vec::new);
    }
    for (tree, &r) in events.iter_mut().zip(roots.iter()) {
        tree.clear();
        tree_events(func, values, stackified, r, tree, work, operands);
    }
    moved.clear();
    moved.resize(n, false);
    for i in (0..n - 1).rev() {
        let d = roots[i];
        let &[v] = &func.insts[d].results[..] else {
            continue;
        };
        if values.remat[v].is_some() || values.uses[v] == 0 {
            continue;
        }
        let Some((j, p)) = first_read(&events[..n], moved, i, v) else {
            continue;
        };
        let depth = events[j][p].depth;
        // A `jump`'s arguments are a parallel copy the emitter may reorder: only inside
        // the tree of a lone argument is the order fixed.
        if let InstKind::Jump { dest } = &func.insts[roots[j]].kind {
            if dest.args.len() != 1 || depth < 2 {
                continue;
            }
        }
        let height = events[i].iter().map(|e| e.depth).max().unwrap_or(0);
        if depth + height > MAX_TREE_DEPTH {
            continue;
        }
        if !commutes(func, values, &events[..n], moved, i, j, p) {
            continue;
        }
        let mut tree = std::mem::take(&mut events[i]);
        for e in &mut tree {
            e.depth += depth;
            if let Node::Tee(w) = e.node {
                teed[w] = Some(roots[j]);
            }
        }
        if values.uses[v] == 1 {
            stackified[v] = true;
        } else {
            teed[v] = Some(roots[j]);
            tree.push(Event {
                node: Node::Tee(v),
                depth,
            });
        }
        events[j].splice(p..p + 1, tree.drain(..));
        // Keep the (now empty) buffer for the next block.
        events[i] = tree;
        moved[i] = true;
    }
    let mut k = 0;
    roots.retain(|_| {
        k += 1;
        !moved[k - 1]
    });
}

/// The root after `i` whose tree reads `v` first, and the read's position in it.
fn first_read(events: &[Vec<Event>], moved: &[bool], i: usize, v: Value) -> Option<(usize, usize)> {
    let mut budget = MAX_SCAN;
    for (j, tree) in events.iter().enumerate().skip(i + 1) {
        if moved[j] {
            continue;
        }
        for (p, e) in tree.iter().enumerate() {
            if matches!(e.node, Node::Read(x) if x == v) {
                return Some((j, p));
            }
            budget = budget.checked_sub(1)?;
        }
    }
    None
}

/// Whether root `i`'s tree commutes with every instruction between it and position
/// `p` of root `j`'s tree.
fn commutes(
    func: &Function,
    values: &Values,
    events: &[Vec<Event>],
    moved: &[bool],
    i: usize,
    j: usize,
    p: usize,
) -> bool {
    let effects: Vec<Effects> = insts(&events[i])
        .map(|x| Effects::of_inst(func, values, x))
        .filter(|e| !e.is_pure())
        .collect();
    if effects.is_empty() {
        return true;
    }
    let between = (i + 1..j)
        .filter(|&k| !moved[k])
        .flat_map(|k| insts(&events[k]));
    for (scanned, x) in between.chain(insts(&events[j][..p])).enumerate() {
        let e = Effects::of_inst(func, values, x);
        if scanned >= MAX_SCAN || effects.iter().any(|m| m.conflicts_with(&e)) {
            return false;
        }
    }
    true
}

fn insts(events: &[Event]) -> impl Iterator<Item = Inst> + '_ {
    events.iter().filter_map(|e| match e.node {
        Node::Inst(x) => Some(x),
        _ => None,
    })
}

/// Pending work of [`tree_events`].
enum Work {
    Operand(Value, usize),
    Done(Inst, usize),
}

/// Appends the nodes of `root`'s stackified tree in evaluation order to `out`
/// (rematerialized values are left out: they read no local of an SSA value).
fn tree_events(
    func: &Function,
    values: &Values,
    stackified: &SecondaryMap<Value, bool>,
    root: Inst,
    out: &mut Vec<Event>,
    work: &mut Vec<Work>,
    operands: &mut Vec<Value>,
) {
    work.clear();
    work.push(Work::Done(root, 0));
    let push_operands = |work: &mut Vec<Work>, operands: &mut Vec<Value>, inst, depth| {
        operands.clear();
        values.for_each_operand(func, inst, |v| operands.push(v));
        work.extend(operands.iter().rev().map(|&v| Work::Operand(v, depth + 1)));
    };
    push_operands(work, operands, root, 0);
    while let Some(w) = work.pop() {
        match w {
            Work::Operand(v, depth) => {
                if stackified[v] {
                    if let ValueDef::Result(def, _) = func.value_def(v) {
                        work.push(Work::Done(def, depth));
                        push_operands(work, operands, def, depth);
                    }
                } else if values.remat[v].is_none() {
                    out.push(Event {
                        node: Node::Read(v),
                        depth,
                    });
                }
            }
            Work::Done(inst, depth) => out.push(Event {
                node: Node::Inst(inst),
                depth,
            }),
        }
    }
}
