//! The structured program of one function: a flat list of wasm control items
//! (`block`/`loop`/`if`/`else`/`end`, branches) interleaved with the LIR code they
//! enclose, produced by [`crate::structurize`] and consumed by [`crate::emit`].
//!
//! The list is flat rather than a tree so that no pass recurses over its nesting
//! (deeply nested control flow cannot overflow the compiler's stack). Branch targets
//! are symbolic [`Label`]s; the emitter turns them into relative depths.

use lir::{Block, Inst, Value};

/// A branch target.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Label {
    /// The wasm `block` whose `end` is directly followed by the code of this LIR block
    /// (a forward branch).
    Block(Block),
    /// The wasm `loop` headed by this LIR block (a backward branch).
    Loop(Block),
}

/// A condition tested by `if` / `br_if`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Cond {
    /// `value != 0`, or `value == 0` when negated.
    Value { value: Value, negate: bool },
    /// The index of the `switch` terminator `inst` equals `key`.
    KeyEq { inst: Inst, key: u64 },
    /// The index of the `switch` terminator `inst` differs from `key`.
    KeyNe { inst: Inst, key: u64 },
    /// The index of the `switch` terminator `inst` is below `key` (unsigned).
    KeyLtU { inst: Inst, key: u64 },
}

impl Cond {
    pub(crate) fn negated(self) -> Cond {
        match self {
            Cond::Value { value, negate } => Cond::Value {
                value,
                negate: !negate,
            },
            // Switch conditions are only built by the compare tree, never negated.
            other => other,
        }
    }
}

/// One item of the structured program.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum Item {
    /// `block` with label [`Label::Block`] of this LIR block.
    Block(Block),
    /// `loop` with label [`Label::Loop`] of this LIR block.
    Loop(Block),
    /// `if` on a condition (no label of its own is ever targeted).
    If(Cond),
    Else,
    End,
    Br(Label),
    BrIf(Cond, Label),
    /// `br_table` for the `switch` terminator `inst`: entry `i` is key `base + i`.
    BrTable {
        inst: Inst,
        base: u64,
        targets: Vec<Label>,
        default: Label,
    },
    /// Puts the index of the `switch` terminator `inst` where the following key tests
    /// can read it several times (without it, the one key test evaluates the index).
    SwitchIndex(Inst),
    /// The statements of a LIR block (everything but its terminator).
    Code(Block),
    /// The parallel copy of the `jump` terminator `inst`'s arguments into its target's
    /// parameters.
    Copies(Inst),
    /// A terminator that leaves the function: `ret`, `trap`, `return_call*`.
    Exit(Inst),
    /// Evaluates a condition for its effects and drops it (an `if` left empty).
    Drop(Cond),
}

impl Item {
    pub(crate) fn opens(&self) -> bool {
        matches!(self, Item::Block(_) | Item::Loop(_) | Item::If(_))
    }

    /// Whether control never continues to the next item.
    pub(crate) fn is_unconditional_exit(&self) -> bool {
        matches!(self, Item::Br(_) | Item::BrTable { .. } | Item::Exit(_))
    }

    /// The labels this item branches to.
    pub(crate) fn targets(&self) -> impl Iterator<Item = Label> + '_ {
        let (many, last): (&[Label], Option<&Label>) = match self {
            Item::Br(l) | Item::BrIf(_, l) => (std::slice::from_ref(l), None),
            Item::BrTable {
                targets, default, ..
            } => (targets, Some(default)),
            _ => (&[], None),
        };
        many.iter().chain(last).copied()
    }
}

/// Buffers of [`matching_ends`], reused from one call to the next.
#[derive(Default)]
pub(crate) struct EndsScratch {
    open: Vec<usize>,
    elses: Vec<Option<usize>>,
}

/// Into `ends`: for every item that opens a structure, the index of its `end`; for
/// `else`, the index of the `end` of its `if`. Other entries are `usize::MAX`.
pub(crate) fn matching_ends(items: &[Item], ends: &mut Vec<usize>, scratch: &mut EndsScratch) {
    ends.clear();
    ends.resize(items.len(), usize::MAX);
    let EndsScratch { open, elses } = scratch;
    open.clear();
    elses.clear();
    for (i, item) in items.iter().enumerate() {
        match item {
            _ if item.opens() => {
                open.push(i);
                elses.push(None);
            }
            Item::Else => {
                if let Some(slot) = elses.last_mut() {
                    *slot = Some(i);
                }
            }
            Item::End => {
                if let Some(start) = open.pop() {
                    ends[start] = i;
                }
                if let Some(Some(e)) = elses.pop() {
                    ends[e] = i;
                }
            }
            _ => {}
        }
    }
}

/// Renders items one per line with indentation (for debugging and unit tests).
pub(crate) fn render(items: &[Item]) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for item in items {
        if matches!(item, Item::End | Item::Else) {
            depth = depth.saturating_sub(1);
        }
        out.push_str(&"  ".repeat(depth));
        out.push_str(&format!("{item:?}\n"));
        if item.opens() || matches!(item, Item::Else) {
            depth += 1;
        }
    }
    out
}
