//! Stage 3, structurize: turns a reducible CFG into wasm's structured control flow,
//! following Ramsey, "Beyond Relooper" (ICFP 2022), the method of LLVM's CFGStackify.
//!
//! Blocks are numbered in reverse postorder and the dominator tree is walked:
//!
//! - a loop header (a block with a back edge) opens a `loop`;
//! - every *merge* child of a block in the dominator tree — a child with two or more
//!   forward in-edges (edges, not predecessors), or one that a `switch` branches to —
//!   gets a wasm `block` inside its immediate dominator, the highest-numbered
//!   outermost, so that the `end` of each block falls into that child's code;
//! - loop exits are labeled like merge children too, so code after a loop follows a
//!   `block` rather than nesting inside the loop (cleanup then moves it out);
//! - a child with a single forward in-edge is placed inline where that edge is taken;
//! - branches become `br` to the enclosing `block` (forward) or `loop` (backward).
//!
//! Terminators: `br_if` becomes `if`/`else` (later simplified to `br_if` by
//! [`crate::cleanup`]); `switch` becomes `br_table` when its keys are dense — at least
//! 3 cases spanning at most 4 table entries per case (a table starts at key 0 rather
//! than the smallest key when that keeps it dense) — and otherwise a binary search of
//! `if`s on the sorted keys ending in `br_if`s for runs of at most 3 keys. `i64`
//! indexes are range-checked before the table.
//!
//! The walk uses an explicit work stack, so deep dominator trees cannot overflow the
//! compiler's stack. Cost: linear in blocks + edges, plus sorting merge children and
//! switch keys.

use crate::error::CompileError;
use crate::loops::Loops;
use crate::structure::{Cond, Item, Label};
use crate::treeify::reset_map;
use cranelift_entity::SecondaryMap;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Block, Function, Inst, InstKind, Type};

/// A `switch` becomes a `br_table` with at least this many cases...
const MIN_TABLE_CASES: usize = 3;
/// ...and at most this many table entries per case.
const MAX_ENTRIES_PER_CASE: u128 = 4;
/// Runs of at most this many keys are tested one by one in the compare tree.
const LINEAR_SEARCH_KEYS: usize = 3;
/// The most targets a `br_table` may have in the engines (V8's and wasmtime's limit,
/// docs/backend.md "Implementation limits"); larger tables are split.
pub(crate) const MAX_BR_TABLE_TARGETS: u64 = 65_520;

/// Structurize's buffers, kept from one function to the next ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct StructurizeScratch {
    shape: Shape,
    tasks: Vec<Task>,
}

/// The structured items of a prepared, reducible function (`loops`: those of `cfg`).
pub(crate) fn structurize(
    func: &Function,
    cfg: &ControlFlowGraph,
    dom: &DominatorTree,
    loops: &Loops,
    ws: &mut StructurizeScratch,
) -> Result<Vec<Item>, CompileError> {
    let Some(entry) = func.entry_block() else {
        return Err(CompileError::invalid(&func.name, "function has no blocks"));
    };
    let StructurizeScratch { shape, tasks } = ws;
    shape.compute(func, cfg, dom, loops);
    let shape = &*shape;
    let mut out = Vec::with_capacity(func.layout.len() * 4);
    tasks.clear();
    tasks.push(Task::Tree(entry));
    while let Some(task) = tasks.pop() {
        match task {
            Task::Emit(item) => out.push(item),
            Task::Tree(x) => {
                if shape.loop_header[x] {
                    out.push(Item::Loop(x));
                    tasks.push(Task::Emit(Item::End));
                }
                tasks.push(Task::Within(x, 0));
            }
            Task::Within(x, i) => match shape.merge_children(x).get(i) {
                Some(&y) => {
                    out.push(Item::Block(y));
                    tasks.push(Task::Tree(y));
                    tasks.push(Task::Emit(Item::End));
                    tasks.push(Task::Within(x, i + 1));
                }
                None => {
                    out.push(Item::Code(x));
                    let Some(term) = func.terminator(x) else {
                        return Err(CompileError::invalid(
                            &func.name,
                            format!("block {} has no terminator", func.block_label(x)),
                        ));
                    };
                    terminator(func, shape, x, term, &mut out, tasks);
                }
            },
            Task::Branch(x, y) => {
                if shape.is_backward(x, y) {
                    out.push(Item::Br(Label::Loop(y)));
                } else if shape.labeled[y] {
                    out.push(Item::Br(Label::Block(y)));
                } else {
                    tasks.push(Task::Tree(y));
                }
            }
        }
    }
    Ok(out)
}

enum Task {
    /// The code of the dominator subtree rooted at a block.
    Tree(Block),
    /// The code of a block inside the `block`s of its merge children from index `i` on.
    Within(Block, usize),
    /// Control goes from the first block to the second.
    Branch(Block, Block),
    Emit(Item),
}

/// What the walk needs to know about each block.
#[derive(Default)]
struct Shape {
    rpo: SecondaryMap<Block, u32>,
    loop_header: SecondaryMap<Block, bool>,
    /// Needs a `block` label: a merge node, a `switch` target or a loop exit.
    labeled: SecondaryMap<Block, bool>,
    /// Labeled dominator-tree children, highest reverse-postorder number first: those
    /// of block `b` are `children[range[b]]`.
    children: Vec<Block>,
    children_range: SecondaryMap<Block, (u32, u32)>,
    /// Scratch: forward in-edges per block.
    forward_edges: SecondaryMap<Block, u32>,
}

impl Shape {
    /// Computes the shape of `func` (in the buffers of an earlier one).
    fn compute(
        &mut self,
        func: &Function,
        cfg: &ControlFlowGraph,
        dom: &DominatorTree,
        loops: &Loops,
    ) {
        let n = func.blocks.len();
        let shape = self;
        reset_map(&mut shape.rpo, n);
        reset_map(&mut shape.loop_header, n);
        reset_map(&mut shape.labeled, n);
        reset_map(&mut shape.children_range, n);
        shape.children.clear();
        for (i, &b) in cfg.rpo().iter().enumerate() {
            shape.rpo[b] = i as u32;
        }
        let mut forward_edges = std::mem::take(&mut shape.forward_edges);
        reset_map(&mut forward_edges, n);
        for &b in cfg.rpo() {
            let from_switch = func
                .terminator(b)
                .is_some_and(|t| matches!(func.insts[t].kind, InstKind::Switch { .. }));
            for &s in cfg.succs(b) {
                if shape.is_backward(b, s) {
                    shape.loop_header[s] = true;
                } else {
                    forward_edges[s] += 1;
                    if from_switch {
                        shape.labeled[s] = true;
                    }
                }
            }
        }
        for &b in cfg.rpo() {
            if forward_edges[b] >= 2 {
                shape.labeled[b] = true;
            }
        }
        // Loop exits get a label too, so that their code follows a `block` instead of
        // sitting in an `if` arm inside the loop; cleanup then moves it after the loop.
        for &b in cfg.rpo() {
            for &s in cfg.succs(b) {
                if !shape.is_backward(b, s) && loops.is_exit(b, s) {
                    shape.labeled[s] = true;
                }
            }
        }
        for &b in cfg.rpo() {
            let start = shape.children.len();
            let labeled = &shape.labeled;
            shape
                .children
                .extend(dom.children(b).iter().copied().filter(|&c| labeled[c]));
            let rpo = &shape.rpo;
            shape.children[start..].sort_by_key(|&c| std::cmp::Reverse(rpo[c]));
            shape.children_range[b] = (start as u32, shape.children.len() as u32);
        }
        shape.forward_edges = forward_edges;
    }

    /// The labeled dominator-tree children of `b`, highest reverse-postorder first.
    fn merge_children(&self, b: Block) -> &[Block] {
        let (start, end) = self.children_range[b];
        &self.children[start as usize..end as usize]
    }

    fn is_backward(&self, from: Block, to: Block) -> bool {
        self.rpo[to] <= self.rpo[from]
    }

    /// Where a label's target code comes relative to others: forward targets by
    /// reverse postorder; loop labels (never fall-through targets) last.
    fn code_order(&self, label: Label) -> u32 {
        match label {
            Label::Block(b) => self.rpo[b],
            Label::Loop(_) => u32::MAX,
        }
    }

    fn label(&self, from: Block, to: Block) -> Label {
        if self.is_backward(from, to) {
            Label::Loop(to)
        } else {
            Label::Block(to)
        }
    }
}

/// Translates the terminator `term` of block `x`.
fn terminator(
    func: &Function,
    shape: &Shape,
    x: Block,
    term: Inst,
    out: &mut Vec<Item>,
    tasks: &mut Vec<Task>,
) {
    match &func.insts[term].kind {
        InstKind::Jump { dest } => {
            if !dest.args.is_empty() {
                out.push(Item::Copies(term));
            }
            tasks.push(Task::Branch(x, dest.block));
        }
        InstKind::BrIf {
            cond,
            then_dest,
            else_dest,
        } => {
            out.push(Item::If(Cond::Value {
                value: *cond,
                negate: false,
            }));
            tasks.push(Task::Emit(Item::End));
            tasks.push(Task::Branch(x, else_dest.block));
            tasks.push(Task::Emit(Item::Else));
            tasks.push(Task::Branch(x, then_dest.block));
        }
        InstKind::Switch {
            index,
            default,
            cases,
        } => {
            let mask = if func.value_type(*index) == Type::I32 {
                u32::MAX as u64
            } else {
                u64::MAX
            };
            let mut keys: Vec<(u64, Label)> = cases
                .iter()
                .map(|(k, call)| (k & mask, shape.label(x, call.block)))
                .collect();
            keys.sort_by_key(|&(k, _)| k);
            keys.dedup_by_key(|&mut (k, _)| k);
            let default = shape.label(x, default.block);
            lower_switch(shape, term, *index, &keys, default, out);
        }
        _ => out.push(Item::Exit(term)),
    }
}

/// `br_table` for dense keys, a compare tree otherwise (keys sorted and distinct).
fn lower_switch(
    shape: &Shape,
    term: Inst,
    index: lir::Value,
    keys: &[(u64, Label)],
    default: Label,
    out: &mut Vec<Item>,
) {
    let (Some(&(min, _)), Some(&(max, _))) = (keys.first(), keys.last()) else {
        out.push(Item::Drop(Cond::Value {
            value: index,
            negate: false,
        }));
        out.push(Item::Br(default));
        return;
    };
    let n = keys.len() as u128;
    let dense = |lo: u64| (max as u128 - lo as u128 + 1) <= MAX_ENTRIES_PER_CASE * n;
    if keys.len() >= MIN_TABLE_CASES && dense(min) {
        let base = if dense(0) { 0 } else { min };
        if max - base < MAX_BR_TABLE_TARGETS {
            out.push(br_table(term, keys, base, default));
        } else {
            out.push(Item::SwitchIndex(term));
            split_table(term, keys, base, default, out);
        }
    } else {
        if keys.len() > 1 {
            out.push(Item::SwitchIndex(term));
        }
        compare_tree(shape, term, keys, default, out);
    }
}

/// A `br_table` for `keys` (all at least `base`, spanning at most
/// [`MAX_BR_TABLE_TARGETS`] entries from it), other entries going to `default`.
fn br_table(term: Inst, keys: &[(u64, Label)], base: u64, default: Label) -> Item {
    let max = keys.last().map_or(base, |&(k, _)| k);
    let mut targets = Vec::with_capacity((max - base) as usize + 1);
    let mut next = keys.iter().peekable();
    for key in base..=max {
        match next.peek() {
            Some(&&(k, label)) if k == key => {
                targets.push(label);
                next.next();
            }
            _ => targets.push(default),
        }
    }
    Item::BrTable {
        inst: term,
        base,
        targets,
        default,
    }
}

/// Dense keys from `base` spanning more than one table: a binary search on the
/// index over slices of [`MAX_BR_TABLE_TARGETS`] entries, each slice its own table.
fn split_table(term: Inst, keys: &[(u64, Label)], base: u64, default: Label, out: &mut Vec<Item>) {
    let slice_of = |k: u64| (k - base) / MAX_BR_TABLE_TARGETS;
    let (Some(&(first, _)), Some(&(last, _))) = (keys.first(), keys.last()) else {
        out.push(Item::Br(default));
        return;
    };
    let (lo, hi) = (slice_of(first), slice_of(last));
    if lo == hi {
        out.push(br_table(
            term,
            keys,
            base + lo * MAX_BR_TABLE_TARGETS,
            default,
        ));
        return;
    }
    let split = base + (lo + (hi - lo).div_ceil(2)) * MAX_BR_TABLE_TARGETS;
    let mid = keys.partition_point(|&(k, _)| k < split);
    out.push(Item::If(Cond::KeyLtU {
        inst: term,
        key: split,
    }));
    split_table(term, &keys[..mid], base, default, out);
    out.push(Item::Else);
    split_table(term, &keys[mid..], base, default, out);
    out.push(Item::End);
}

/// Binary search on the sorted keys; recursion depth is logarithmic in their number.
fn compare_tree(
    shape: &Shape,
    term: Inst,
    keys: &[(u64, Label)],
    default: Label,
    out: &mut Vec<Item>,
) {
    if let [(key, target)] = *keys {
        // One test and one branch: branch last to the label whose code comes first
        // (the innermost `block`), so cleanup can drop it as a fall-through.
        if shape.code_order(default) > shape.code_order(target) {
            out.push(Item::BrIf(Cond::KeyNe { inst: term, key }, default));
            out.push(Item::Br(target));
            return;
        }
    }
    if keys.len() <= LINEAR_SEARCH_KEYS {
        for &(key, label) in keys {
            out.push(Item::BrIf(Cond::KeyEq { inst: term, key }, label));
        }
        out.push(Item::Br(default));
        return;
    }
    let mid = keys.len() / 2;
    out.push(Item::If(Cond::KeyLtU {
        inst: term,
        key: keys[mid].0,
    }));
    compare_tree(shape, term, &keys[..mid], default, out);
    out.push(Item::Else);
    compare_tree(shape, term, &keys[mid..], default, out);
    out.push(Item::End);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::render;
    use lir::{BlockCall, Signature};

    fn diamond() -> Function {
        let mut f = Function::new("d", Signature::new([Type::I32], []));
        let [a, b, c, d] = [(); 4].map(|_| f.create_block());
        let x = f.params[0];
        f.append_inst(
            a,
            InstKind::BrIf {
                cond: x,
                then_dest: BlockCall::new(b, vec![]),
                else_dest: BlockCall::new(c, vec![]),
            },
            &[],
        );
        for blk in [b, c] {
            f.append_inst(
                blk,
                InstKind::Jump {
                    dest: BlockCall::new(d, vec![]),
                },
                &[],
            );
        }
        f.append_inst(d, InstKind::Ret { values: vec![] }, &[]);
        f
    }

    #[test]
    fn diamond_nests_the_if_in_the_merge_block() {
        let f = diamond();
        let cfg = ControlFlowGraph::new(&f);
        let dom = DominatorTree::new(&cfg);
        let items = structurize(
            &f,
            &cfg,
            &dom,
            &Loops::of_cfg(&cfg),
            &mut StructurizeScratch::default(),
        )
        .unwrap();
        let text = render(&items);
        assert_eq!(
            text,
            "Block(block3)\n  Code(block0)\n  If(Value { value: v0, negate: false })\n    \
             Code(block1)\n    Br(Block(block3))\n  Else\n    Code(block2)\n    \
             Br(Block(block3))\n  End\nEnd\nCode(block3)\nExit(inst3)\n"
        );
    }

    #[test]
    fn dense_and_sparse_switches() {
        let label = |i: u32| Label::Block(Block::from_u32(i));
        let term = Inst::from_u32(0);
        let v = lir::Value::from_u32(0);
        let mut out = Vec::new();
        let f = diamond();
        let cfg = ControlFlowGraph::new(&f);
        let mut shape = Shape::default();
        shape.compute(&f, &cfg, &DominatorTree::new(&cfg), &Loops::of_cfg(&cfg));
        let keys: Vec<(u64, Label)> = [1, 2, 4].iter().map(|&k| (k, label(k as u32))).collect();
        lower_switch(&shape, term, v, &keys, label(9), &mut out);
        let Item::BrTable { base, targets, .. } = &out[0] else {
            panic!("{out:?}")
        };
        assert_eq!(*base, 0);
        assert_eq!(targets, &[label(9), label(1), label(2), label(9), label(4)]);

        out.clear();
        let sparse: Vec<(u64, Label)> = (0..8).map(|k| (k * 1000, label(k as u32))).collect();
        lower_switch(&shape, term, v, &sparse, label(9), &mut out);
        assert_eq!(out[0], Item::SwitchIndex(term));
        assert!(matches!(out[1], Item::If(Cond::KeyLtU { key: 4000, .. })));
        let tests = out.iter().filter(|i| matches!(i, Item::BrIf(..))).count();
        assert_eq!(tests, 8);
    }
}
