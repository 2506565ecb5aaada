//! Stage 3b, cleanup of the structured program: the rewrites that make the output look
//! hand-written. Each is a linear pass over the flat item list (see [`crate::structure`]).
//!
//! 1. A `br` to a `block` whose `end` is reached anyway by falling through (past
//!    `end`s and `else`s only) is removed.
//! 2. `if` simplification: an `if` whose then-arm is a single `br L` becomes `br_if L`
//!    followed by the else-arm; a single-`br` else-arm becomes `br_if` on the negated
//!    condition; an empty then-arm swaps arms by negating; empty `else`s vanish; an `if`
//!    with both arms empty only evaluates and drops its condition; when the then-arm
//!    ends in an unconditional branch or exit, the else-arm moves after the `if`.
//! 3. A `block` that no branch targets is removed (its contents stay).
//! 4. Loop tails: the longest suffix of a `loop` body that never branches back to the
//!    loop is moved after the loop's `end`, so loops end with their back edge
//!    (`loop … br_if 0 end`) and code after a loop is not nested in it.
//!
//! Before these, items that emit nothing (the code of a block without statements, a
//! parallel copy that local allocation coalesced away) are dropped.
//!
//! It does not reorder code otherwise or change which LIR block runs when.
//! Cost: linear in the number of items, except that steps 1 and 4 walk runs of `end`s
//! and loop bodies: O(items × nesting depth) in the worst case.

use crate::structure::{matching_ends, Cond, EndsScratch, Item, Label};
use cranelift_entity::SecondaryMap;
use lir::Block;

/// Cleanup's buffers, kept from one function to the next ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct CleanupScratch {
    removed: Vec<bool>,
    ends: Vec<usize>,
    ends_scratch: EndsScratch,
    /// Per item: its opener (for `end`s), the `else` of its `if`, or its depth.
    per_item: Vec<usize>,
    open: Vec<usize>,
    targeted: SecondaryMap<Block, bool>,
    /// Per loop header: 1 + the index of the last branch to it (0: none).
    last_ref: SecondaryMap<Block, usize>,
    insert_end_before: Vec<u32>,
    out: Vec<Item>,
}

/// Applies all cleanups; items for which `emits_nothing` holds are dropped first.
pub(crate) fn cleanup(
    mut items: Vec<Item>,
    emits_nothing: impl Fn(&Item) -> bool,
    ws: &mut CleanupScratch,
) -> Vec<Item> {
    ws.removed.clear();
    ws.removed.extend(items.iter().map(emits_nothing));
    // Both passes read the structure as it is here (the second rewrites it only after).
    matching_ends(&items, &mut ws.ends, &mut ws.ends_scratch);
    strip_tail_branches(&items, ws);
    simplify_ifs(&mut items, ws);
    // Structure matching below must not see the ends of rewritten `if`s.
    compact(&mut items, &ws.removed);
    ws.removed.clear();
    ws.removed.resize(items.len(), false);
    remove_unused_blocks(&items, ws);
    compact(&mut items, &ws.removed);
    hoist_loop_tails(items, ws)
}

/// Drops the items marked in `removed`, in place.
fn compact(items: &mut Vec<Item>, removed: &[bool]) {
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        !removed[i - 1]
    });
}

/// Into `opener`: for each `end`, the index of the item it closes.
fn openers(items: &[Item], ends: &[usize], opener: &mut Vec<usize>) {
    opener.clear();
    opener.resize(items.len(), usize::MAX);
    for (i, item) in items.iter().enumerate() {
        if item.opens() && ends[i] != usize::MAX {
            opener[ends[i]] = i;
        }
    }
}

fn strip_tail_branches(items: &[Item], ws: &mut CleanupScratch) {
    let CleanupScratch {
        removed,
        ends,
        per_item: opener,
        ..
    } = ws;
    openers(items, ends, opener);
    for i in (0..items.len()).rev() {
        let Item::Br(Label::Block(target)) = items[i] else {
            continue;
        };
        let mut j = i + 1;
        let falls_into_target = loop {
            let Some(item) = items.get(j) else {
                break false;
            };
            if removed[j] {
                j += 1;
                continue;
            }
            match item {
                Item::End => {
                    if items.get(opener[j]) == Some(&Item::Block(target)) {
                        break true;
                    }
                    j += 1;
                }
                Item::Else => j = ends[j].saturating_add(1),
                _ => break false,
            }
        };
        if falls_into_target {
            removed[i] = true;
        }
    }
}

/// What an arm contains, ignoring removed items.
#[derive(PartialEq, Eq)]
enum Arm {
    Empty,
    Single(usize),
    Many,
}

fn arm(removed: &[bool], range: std::ops::Range<usize>) -> Arm {
    let mut found = Arm::Empty;
    for i in range.filter(|&i| !removed[i]) {
        if found != Arm::Empty {
            return Arm::Many;
        }
        found = Arm::Single(i);
    }
    found
}

fn simplify_ifs(items: &mut [Item], ws: &mut CleanupScratch) {
    let CleanupScratch {
        removed,
        ends,
        per_item: else_of,
        open,
        ..
    } = ws;
    let removed = &mut removed[..];
    // `usize::MAX`: no `else`.
    else_of.clear();
    else_of.resize(items.len(), usize::MAX);
    open.clear();
    for (i, item) in items.iter().enumerate() {
        match item {
            _ if item.opens() => open.push(i),
            Item::Else => {
                if let Some(&o) = open.last() {
                    else_of[o] = i;
                }
            }
            Item::End => {
                open.pop();
            }
            _ => {}
        }
    }
    for a in (0..items.len()).rev() {
        let Item::If(cond) = items[a] else {
            continue;
        };
        let end = ends[a];
        if end == usize::MAX {
            continue;
        }
        let else_at = Some(else_of[a]).filter(|&e| e != usize::MAX);
        let then_arm = arm(removed, a + 1..else_at.unwrap_or(end));
        let else_arm = match else_at {
            Some(e) => arm(removed, e + 1..end),
            None => Arm::Empty,
        };
        let negatable = matches!(cond, Cond::Value { .. });
        let branch_of = |arm: &Arm| match arm {
            Arm::Single(i) => match items[*i] {
                Item::Br(label) => Some((*i, label)),
                _ => None,
            },
            _ => None,
        };
        let remove_else_and_end = |removed: &mut [bool]| {
            if let Some(e) = else_at {
                removed[e] = true;
            }
            removed[end] = true;
        };
        if then_arm == Arm::Empty && else_arm == Arm::Empty {
            items[a] = Item::Drop(cond);
            remove_else_and_end(removed);
        } else if let Some((i, label)) = branch_of(&then_arm) {
            items[a] = Item::BrIf(cond, label);
            removed[i] = true;
            remove_else_and_end(removed);
        } else if let (Some((i, label)), true) = (branch_of(&else_arm), negatable) {
            items[a] = Item::BrIf(cond.negated(), label);
            removed[i] = true;
            remove_else_and_end(removed);
        } else if then_arm == Arm::Empty && negatable {
            items[a] = Item::If(cond.negated());
            if let Some(e) = else_at {
                removed[e] = true;
            }
        } else if let Some(e) = else_at {
            if else_arm == Arm::Empty {
                removed[e] = true;
            } else if ends_unconditionally(items, removed, a + 1..e) {
                // `if c A (exits) else B end` is `if c A end B`.
                items[e] = Item::End;
                removed[end] = true;
            }
        }
    }
}

/// Whether the last item of a range (ignoring removed ones) never falls through.
fn ends_unconditionally(items: &[Item], removed: &[bool], range: std::ops::Range<usize>) -> bool {
    range
        .rev()
        .find(|&i| !removed[i])
        .is_some_and(|i| items[i].is_unconditional_exit())
}

fn remove_unused_blocks(items: &[Item], ws: &mut CleanupScratch) {
    let CleanupScratch {
        removed,
        ends,
        ends_scratch,
        targeted,
        ..
    } = ws;
    targeted.clear();
    for (item, _) in items.iter().zip(removed.iter()).filter(|(_, &r)| !r) {
        for label in item.targets() {
            if let Label::Block(b) = label {
                targeted[b] = true;
            }
        }
    }
    matching_ends(items, ends, ends_scratch);
    for (i, item) in items.iter().enumerate() {
        if let Item::Block(b) = item {
            if !targeted[*b] && !removed[i] && ends[i] != usize::MAX {
                removed[i] = true;
                removed[ends[i]] = true;
            }
        }
    }
}

fn hoist_loop_tails(mut items: Vec<Item>, ws: &mut CleanupScratch) -> Vec<Item> {
    let n = items.len();
    let CleanupScratch {
        removed: delete,
        ends,
        ends_scratch,
        per_item: depth,
        last_ref,
        insert_end_before,
        out,
        ..
    } = ws;
    matching_ends(&items, ends, ends_scratch);
    depth.clear();
    depth.resize(n, 0);
    let mut open = 0usize;
    last_ref.clear();
    for (i, item) in items.iter().enumerate() {
        if matches!(item, Item::End) {
            open = open.saturating_sub(1);
        }
        depth[i] = open;
        if item.opens() {
            open += 1;
        }
        for label in item.targets() {
            if let Label::Loop(h) = label {
                last_ref[h] = i + 1;
            }
        }
    }
    insert_end_before.clear();
    insert_end_before.resize(n + 1, 0);
    delete.clear();
    delete.resize(n, false);
    for (a, item) in items.iter().enumerate() {
        let Item::Loop(h) = item else {
            continue;
        };
        let end = ends[a];
        if end == usize::MAX {
            continue;
        }
        let r = match last_ref[*h].checked_sub(1) {
            Some(r) if r > a && r < end => r,
            _ => continue,
        };
        let mut inner = depth[r] - depth[a] - 1;
        let mut cut = r + 1;
        let mut j = r + 1;
        while inner > 0 && j < end {
            if items[j].opens() {
                inner += 1;
            } else if matches!(items[j], Item::End) {
                inner -= 1;
                if inner == 0 {
                    cut = j + 1;
                }
            }
            j += 1;
        }
        if inner == 0 && cut < end {
            insert_end_before[cut] += 1;
            delete[end] = true;
        }
    }
    if !delete.contains(&true) {
        return items;
    }
    let mut hoisted = std::mem::take(out);
    hoisted.clear();
    hoisted.reserve(n);
    for (i, item) in items.drain(..).enumerate() {
        for _ in 0..insert_end_before[i] {
            hoisted.push(Item::End);
        }
        if !delete[i] {
            hoisted.push(item);
        }
    }
    *out = items;
    hoisted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::render;
    use lir::Value;

    fn b(i: u32) -> Block {
        Block::from_u32(i)
    }
    fn c() -> Cond {
        Cond::Value {
            value: Value::from_u32(0),
            negate: false,
        }
    }

    #[test]
    fn diamond_loses_its_block_and_branches() {
        let items = vec![
            Item::Block(b(3)),
            Item::Code(b(0)),
            Item::If(c()),
            Item::Code(b(1)),
            Item::Br(Label::Block(b(3))),
            Item::Else,
            Item::Code(b(2)),
            Item::Br(Label::Block(b(3))),
            Item::End,
            Item::End,
            Item::Code(b(3)),
        ];
        let out = cleanup(items, |_| false, &mut CleanupScratch::default());
        assert_eq!(
            out,
            vec![
                Item::Code(b(0)),
                Item::If(c()),
                Item::Code(b(1)),
                Item::Else,
                Item::Code(b(2)),
                Item::End,
                Item::Code(b(3)),
            ]
        );
    }

    #[test]
    fn loop_exit_moves_after_the_loop_and_if_becomes_br_if() {
        let items = vec![
            Item::Code(b(0)),
            Item::Loop(b(1)),
            Item::Code(b(1)),
            Item::If(c()),
            Item::Br(Label::Loop(b(1))),
            Item::Else,
            Item::Code(b(2)),
            Item::Exit(lir::Inst::from_u32(7)),
            Item::End,
            Item::End,
        ];
        let out = cleanup(items, |_| false, &mut CleanupScratch::default());
        assert_eq!(
            render(&out),
            "Code(block0)\nLoop(block1)\n  Code(block1)\n  \
             BrIf(Value { value: v0, negate: false }, Loop(block1))\nEnd\n\
             Code(block2)\nExit(inst7)\n"
        );
    }

    #[test]
    fn else_branch_becomes_negated_br_if() {
        let items = vec![
            Item::Block(b(5)),
            Item::If(c()),
            Item::Code(b(1)),
            Item::Exit(lir::Inst::from_u32(1)),
            Item::Else,
            Item::Br(Label::Block(b(5))),
            Item::End,
            Item::Code(b(4)),
            Item::Exit(lir::Inst::from_u32(2)),
            Item::End,
            Item::Code(b(5)),
        ];
        let out = cleanup(items, |_| false, &mut CleanupScratch::default());
        assert_eq!(out[1], Item::BrIf(c().negated(), Label::Block(b(5))));
        assert_eq!(out.len(), 8);
    }
}
