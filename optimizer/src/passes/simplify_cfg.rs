//! `simplify-cfg`: a smaller control-flow graph with the same paths.
//!
//! Repeats until nothing changes:
//! - a `br_if` or `switch` on a constant becomes a `jump` to the target it takes;
//!   a `br_if` whose arms are the same block with the same arguments, and a `switch`
//!   whose every case goes where its default goes, become a `jump`;
//! - a `br_if` on `eqz %c` branches on `%c` with its arms swapped;
//! - jumps are threaded through blocks that only jump on (forwarding their own
//!   parameters or values from elsewhere);
//! - a block ending in `jump` to a block with no other predecessor absorbs it;
//! - blocks the entry cannot reach are deleted.
//!
//! It does not turn branches into `select`s (`if-convert` does), move code between
//! blocks other than by merging, or touch loops' shapes (`loop-rotate`).

use crate::edit::{self, ValueMap};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::EntityRef;
use lir::{Block, BlockCall, Function, InstKind, UnaryOp};

pub struct SimplifyCfg;

impl FunctionPass for SimplifyCfg {
    fn name(&self) -> &'static str {
        "simplify-cfg"
    }

    fn description(&self) -> &'static str {
        "fold constant branches, thread jumps through empty blocks, merge straight-line blocks"
    }

    fn run(&self, func: &mut Function, _cx: &mut FunctionContext) -> Changes {
        let mut total = 0;
        let mut scratch = Scratch::default();
        // Each round shrinks the CFG; the bound only guards against a bug looping.
        for _ in 0..64 {
            let mut changed = 0;
            changed += fold_branches(func);
            changed += thread_jumps(func, &mut scratch);
            changed += merge_blocks(func, &mut scratch);
            changed += remove_unreachable(func, &mut scratch);
            if changed == 0 {
                break;
            }
            total += changed;
        }
        // The manager drops the cached analyses when something changed.
        Changes::cfg(total)
    }
}

/// Buffers the rounds of one run share, indexed by block or value number; each
/// step clears and sizes the ones it uses.
#[derive(Default)]
struct Scratch {
    /// Per block: a forwarding block (threading), merged away (merging), reached
    /// from the entry (unreachable blocks).
    flags: Vec<bool>,
    /// Per block: how many branches go to it.
    preds: Vec<u32>,
    /// Per value: uses outside the forwarding candidates' own jumps.
    uses: Vec<u32>,
    /// Forwarding candidates, then the reachability search's stack.
    blocks: Vec<Block>,
}

/// Makes `buf` hold `n` copies of `value`, reusing its allocation.
fn reset<T: Clone>(buf: &mut Vec<T>, n: usize, value: T) {
    buf.clear();
    buf.resize(n, value);
}

/// Branches whose outcome is known, or that go to one place either way.
fn fold_branches(func: &mut Function) -> usize {
    let mut changed = 0;
    // The layout does not change in this loop.
    for i in 0..func.layout.len() {
        let block = func.layout[i];
        let Some(term) = func.terminator(block) else {
            continue;
        };
        let new_kind = match &func.insts[term].kind {
            InstKind::BrIf {
                cond,
                then_dest,
                else_dest,
            } => {
                if let Some(c) = func.as_const(*cond) {
                    let dest = if c.bits() != 0 { then_dest } else { else_dest };
                    Some(InstKind::Jump { dest: dest.clone() })
                } else if then_dest == else_dest {
                    Some(InstKind::Jump {
                        dest: then_dest.clone(),
                    })
                } else if let Some(InstKind::Unary {
                    op: UnaryOp::Eqz,
                    arg,
                }) = edit::def_kind(func, *cond)
                {
                    // `eqz` of an i32 only: a 64-bit operand cannot be a condition.
                    (func.value_type(*arg) == lir::Type::I32).then(|| InstKind::BrIf {
                        cond: *arg,
                        then_dest: else_dest.clone(),
                        else_dest: then_dest.clone(),
                    })
                } else {
                    None
                }
            }
            InstKind::Switch {
                index,
                default,
                cases,
            } => {
                if let Some(c) = func.as_const(*index) {
                    let dest = cases
                        .iter()
                        .find(|(k, _)| *k == c.bits())
                        .map_or(default, |(_, d)| d);
                    Some(InstKind::Jump { dest: dest.clone() })
                } else if cases.iter().all(|(_, d)| d == default) {
                    Some(InstKind::Jump {
                        dest: default.clone(),
                    })
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(kind) = new_kind {
            func.insts[term].kind = kind;
            changed += 1;
        }
    }
    changed
}

/// What a jump to a forwarding block becomes: the block it forwards to, with the
/// forwarder's parameters replaced by the arguments given to it.
fn forwarded(func: &Function, call: &BlockCall, forwards: &[bool]) -> Option<BlockCall> {
    if !forwards[call.block.index()] {
        return None;
    }
    let inner = &func.blocks[call.block];
    let InstKind::Jump { dest } = &func.insts[inner.insts[0]].kind else {
        return None;
    };
    if dest.block == call.block {
        return None; // an empty infinite loop
    }
    let args: Vec<lir::Value> = dest
        .args
        .iter()
        .map(|&a| match inner.params.iter().position(|&p| p == a) {
            Some(i) => call.args[i],
            None => a,
        })
        .collect();
    Some(BlockCall::new(dest.block, args))
}

/// Drops blocks the entry cannot reach from the layout; returns how many.
fn remove_unreachable(func: &mut Function, scratch: &mut Scratch) -> usize {
    let Some(entry) = func.entry_block() else {
        return 0;
    };
    let reached = &mut scratch.flags;
    reset(reached, func.blocks.len(), false);
    let stack = &mut scratch.blocks;
    stack.clear();
    stack.push(entry);
    reached[entry.index()] = true;
    while let Some(b) = stack.pop() {
        if let Some(term) = func.terminator(b) {
            for s in func.insts[term].kind.successors() {
                if let Some(r) = reached.get_mut(s.index()) {
                    if !*r {
                        *r = true;
                        stack.push(s);
                    }
                }
            }
        }
    }
    let before = func.layout.len();
    func.layout.retain(|b| reached[b.index()]);
    before - func.layout.len()
}

/// Redirects branches that go to a block containing only a `jump`, unless other
/// blocks use its parameters (which bypassing it would leave undefined).
fn thread_jumps(func: &mut Function, scratch: &mut Scratch) -> usize {
    let entry = func.entry_block();
    let Scratch {
        flags: forwards,
        uses: outside_uses,
        blocks: candidates,
        ..
    } = scratch;
    candidates.clear();
    for &block in &func.layout {
        let data = &func.blocks[block];
        if Some(block) != entry
            && data.insts.len() == 1
            && matches!(func.insts[data.insts[0]].kind, InstKind::Jump { .. })
        {
            candidates.push(block);
        }
    }
    if candidates.is_empty() {
        return 0;
    }
    reset(forwards, func.blocks.len(), false);
    if candidates.iter().all(|&b| func.blocks[b].params.is_empty()) {
        // No parameter that another block could use: every candidate forwards.
        for &block in candidates.iter() {
            forwards[block.index()] = true;
        }
    } else {
        // Uses of the candidates' parameters outside their own jump.
        reset(outside_uses, func.values.len(), 0);
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                func.insts[inst]
                    .kind
                    .for_each_arg(|v| outside_uses[v.index()] += 1);
            }
        }
        for &block in candidates.iter() {
            let jump = func.blocks[block].insts[0];
            let params = &func.blocks[block].params;
            func.insts[jump].kind.for_each_arg(|v| {
                if params.contains(&v) {
                    outside_uses[v.index()] -= 1;
                }
            });
        }
        for &block in candidates.iter() {
            forwards[block.index()] = func.blocks[block]
                .params
                .iter()
                .all(|&p| outside_uses[p.index()] == 0);
        }
    }
    let mut changed = 0;
    // The layout does not change in this loop.
    for i in 0..func.layout.len() {
        let block = func.layout[i];
        let Some(term) = func.terminator(block) else {
            continue;
        };
        // Follow chains of forwarders, but not around a cycle of them.
        for _ in 0..8 {
            if !func.insts[term]
                .kind
                .successors()
                .any(|s| forwards[s.index()])
            {
                break;
            }
            let calls: Vec<BlockCall> = func.insts[term]
                .kind
                .block_calls()
                .into_iter()
                .cloned()
                .collect();
            let mut any = false;
            let mut new_calls = Vec::with_capacity(calls.len());
            for call in &calls {
                match forwarded(func, call, forwards) {
                    Some(next) if next.block != block || !forwards[block.index()] => {
                        new_calls.push(next);
                        any = true;
                    }
                    _ => new_calls.push(call.clone()),
                }
            }
            if !any {
                break;
            }
            for (slot, call) in func.insts[term]
                .kind
                .block_calls_mut()
                .into_iter()
                .zip(new_calls)
            {
                *slot = call;
            }
            changed += 1;
        }
    }
    changed
}

/// Merges a block into its predecessor when that predecessor ends with a `jump` to it
/// and nothing else branches to it.
fn merge_blocks(func: &mut Function, scratch: &mut Scratch) -> usize {
    let entry = func.entry_block();
    let Scratch {
        flags: merged_into,
        preds,
        ..
    } = scratch;
    reset(preds, func.blocks.len(), 0);
    for &block in &func.layout {
        if let Some(term) = func.terminator(block) {
            for s in func.insts[term].kind.successors() {
                preds[s.index()] += 1;
            }
        }
    }
    reset(merged_into, func.blocks.len(), false);
    let mut aliases = ValueMap::new();
    let mut changed = 0;
    // The layout does not change in this loop.
    for i in 0..func.layout.len() {
        let block = func.layout[i];
        if merged_into[block.index()] {
            continue;
        }
        // Absorb a chain of successors.
        while let Some(term) = func.terminator(block) {
            let InstKind::Jump { dest } = &func.insts[term].kind else {
                break;
            };
            let next = dest.block;
            if next == block || Some(next) == entry || preds[next.index()] != 1 {
                break;
            }
            for (&p, &a) in func.blocks[next].params.iter().zip(&dest.args) {
                aliases.replace(p, a);
            }
            func.blocks[block].insts.pop();
            let moved = std::mem::take(&mut func.blocks[next].insts);
            func.blocks[block].insts.extend(moved);
            func.blocks[next].params.clear();
            merged_into[next.index()] = true;
            changed += 1;
        }
    }
    if changed > 0 {
        func.layout.retain(|&b| !merged_into[b.index()]);
        aliases.apply(func);
    }
    changed
}
