//! Stage 1, prepare: copies a function and puts its CFG into the shape the later
//! stages expect.
//!
//! - Blocks unreachable from the entry are dropped from the layout.
//! - Every edge that carries block arguments out of a multi-successor terminator
//!   (`br_if`, `switch`) is split: the terminator branches to a new block that only
//!   does `jump target(args)`. Afterwards parallel copies happen only at `jump`s, so
//!   SSA destruction never needs to put copies on an edge.
//!
//! Cases of one `switch` that pass the same arguments to the same block share one new
//! block. Nothing else is changed: no instruction is moved, folded or removed. The
//! copy leaves out what the backend does not need (source spans, value names).
//!
//! A function already in that shape (every block reachable, no argument edge to
//! split) is not copied: [`Prepared`] borrows it until a later stage (reducify,
//! spilling) needs to change it, and the copy is made then.

use cranelift_entity::{PrimaryMap, SecondaryMap};
use lir::{Block, BlockCall, Function, InstKind, Signature, ValueData};
use rustc_hash::FxHashMap as HashMap;

/// A prepared function: the original while nothing had to change, else the copy.
pub(crate) struct Prepared<'a> {
    original: &'a Function,
    copy: Option<Function>,
}

impl std::ops::Deref for Prepared<'_> {
    type Target = Function;

    fn deref(&self) -> &Function {
        self.copy.as_ref().unwrap_or(self.original)
    }
}

impl Prepared<'_> {
    /// The function to change: the original is copied first (as [`prepare`] copies).
    pub(crate) fn to_mut(&mut self) -> &mut Function {
        let original = self.original;
        self.copy.get_or_insert_with(|| lean_copy(original))
    }

    /// The prepared function as a value of its own (a copy of an unchanged original).
    pub(crate) fn into_owned(self) -> Function {
        let original = self.original;
        self.copy.unwrap_or_else(|| lean_copy(original))
    }
}

/// `func` without unreachable blocks and with argument edges split (borrowed when it
/// has neither).
pub(crate) fn prepare(func: &Function) -> Prepared<'_> {
    let reachable = reachable_blocks(func);
    let unchanged = func
        .layout
        .iter()
        .all(|&b| reachable[b] && !has_argument_edges(func, b));
    if unchanged {
        return Prepared {
            original: func,
            copy: None,
        };
    }
    let mut copy = lean_copy(func);
    copy.layout.retain(|&b| reachable[b]);
    let blocks = copy.layout.clone();
    for block in blocks {
        split_argument_edges(&mut copy, block);
    }
    Prepared {
        original: func,
        copy: Some(copy),
    }
}

/// A copy of what the backend uses of `func`: no source spans, no value names (read
/// them from the original; value numbers do not change) and an empty constant table
/// (constants created later are simply not shared with existing ones).
fn lean_copy(func: &Function) -> Function {
    let mut copy = Function::new(func.name.clone(), Signature::default());
    copy.sig = func.sig.clone();
    copy.params = func.params.clone();
    copy.slots = func.slots.clone();
    copy.blocks = func.blocks.clone();
    copy.layout = func.layout.clone();
    copy.insts = func.insts.clone();
    copy.values = PrimaryMap::with_capacity(func.values.len());
    for data in func.values.values() {
        copy.values.push(ValueData {
            ty: data.ty,
            def: data.def,
            name: None,
        });
    }
    copy
}

/// Calls `f` on each successor of a terminator, one per edge, without allocating.
pub(crate) fn for_each_successor(kind: &InstKind, mut f: impl FnMut(Block)) {
    match kind {
        InstKind::Jump { dest } => f(dest.block),
        InstKind::BrIf {
            then_dest,
            else_dest,
            ..
        } => {
            f(then_dest.block);
            f(else_dest.block);
        }
        InstKind::Switch { default, cases, .. } => {
            f(default.block);
            cases.iter().for_each(|(_, c)| f(c.block));
        }
        _ => {}
    }
}

/// The blocks reachable from the entry (depth-first search over terminators).
fn reachable_blocks(func: &Function) -> SecondaryMap<Block, bool> {
    let mut seen: SecondaryMap<Block, bool> = lir::entities::dense_map(func.blocks.len());
    let mut stack: Vec<Block> = func.entry_block().into_iter().collect();
    while let Some(b) = stack.pop() {
        if std::mem::replace(&mut seen[b], true) {
            continue;
        }
        if let Some(term) = func.terminator(b) {
            for_each_successor(&func.insts[term].kind, |s| {
                if !seen[s] {
                    stack.push(s);
                }
            });
        }
    }
    seen
}

/// Whether `block` ends in a multi-successor terminator that passes block arguments.
fn has_argument_edges(func: &Function, block: Block) -> bool {
    let Some(term) = func.terminator(block) else {
        return false;
    };
    match &func.insts[term].kind {
        InstKind::BrIf {
            then_dest,
            else_dest,
            ..
        } => !then_dest.args.is_empty() || !else_dest.args.is_empty(),
        InstKind::Switch { default, cases, .. } => {
            !default.args.is_empty() || cases.iter().any(|(_, c)| !c.args.is_empty())
        }
        _ => false,
    }
}

/// Splits the argument-carrying edges of `block`'s terminator if it has several
/// successors; returns the new blocks (already appended to the layout).
pub(crate) fn split_argument_edges(func: &mut Function, block: Block) -> Vec<Block> {
    let Some(term) = func.terminator(block) else {
        return Vec::new();
    };
    if !has_argument_edges(func, block) {
        return Vec::new();
    }
    // Taken out while its calls are rewritten (put back below), so not copied.
    let mut kind = std::mem::replace(&mut func.insts[term].kind, InstKind::Trap);
    let is_switch = matches!(kind, InstKind::Switch { .. });
    let mut created = Vec::new();
    let mut shared: HashMap<BlockCall, Block> = HashMap::default();
    for call in kind.block_calls_mut() {
        if call.args.is_empty() {
            continue;
        }
        let split = match shared.get(call) {
            Some(&b) => b,
            None => {
                let b = func.create_block();
                if is_switch {
                    shared.insert(call.clone(), b);
                }
                let dest = std::mem::replace(call, BlockCall::new(b, Vec::new()));
                func.append_inst(b, InstKind::Jump { dest }, &[]);
                created.push(b);
                b
            }
        };
        *call = BlockCall::new(split, Vec::new());
    }
    func.insts[term].kind = kind;
    created
}

#[cfg(test)]
mod tests {
    use super::*;
    use lir::{Imm, Signature, Type};

    #[test]
    fn splits_br_if_edges_with_arguments_and_shares_switch_cases() {
        let mut f = Function::new("f", Signature::new([Type::I32], []));
        let entry = f.create_block();
        let target = f.create_block();
        let dead = f.create_block();
        let p = f.append_block_param(target, Type::I32);
        let x = f.params[0];
        let one = f.const_value(Imm::i32(1));
        f.append_inst(
            entry,
            InstKind::Switch {
                index: x,
                default: BlockCall::new(target, vec![x]),
                cases: vec![
                    (1, BlockCall::new(target, vec![one])),
                    (2, BlockCall::new(target, vec![one])),
                ]
                .into(),
            },
            &[],
        );
        let _ = p;
        f.append_inst(target, InstKind::Ret { values: vec![] }, &[]);
        f.append_inst(dead, InstKind::Trap, &[]);
        let g = prepare(&f).into_owned();
        assert!(!g.layout.contains(&dead));
        // default and the two identical cases: two new blocks.
        assert_eq!(g.layout.len(), 4);
        let term = g.terminator(entry).unwrap();
        let calls = g.insts[term].kind.block_calls();
        assert!(calls.iter().all(|c| c.args.is_empty()));
        assert_eq!(calls[1].block, calls[2].block);
        assert_ne!(calls[0].block, calls[1].block);
    }
}
