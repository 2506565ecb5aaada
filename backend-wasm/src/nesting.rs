//! The nesting the backend chose for a function's code, as a public tree: which LIR
//! blocks sit inside which wasm `block`, `loop`, `if` and `else` (what `lirc --emit
//! dot=structured` draws). Built from the structured items after cleanup, so it is the
//! nesting of the emitted code.
//!
//! The tree is flat — scopes refer to their parent by index — so that a deeply nested
//! function is never walked or dropped recursively. What this module does not do:
//! render anything (the driver does), or say which branch leaves which scope (the
//! function's terminators say where control goes; the nesting says how wasm gets
//! there).

use crate::structure::Item;
use cranelift_entity::SecondaryMap;
use lir::{Block, Function, Inst};

/// The nesting of one function's code.
#[derive(Clone, Debug)]
pub struct FunctionStructure {
    /// The function as the structurizer saw it: unreachable blocks dropped, edges
    /// that pass block arguments out of a `br_if` or `switch` split by new blocks,
    /// irreducible cycles entered through new dispatch blocks. The input's blocks and
    /// values keep their numbers (and value names); new ones come after them.
    pub func: Function,
    /// Every scope, in the order they open (a preorder): `scopes[0]` is the function
    /// body, and every other scope's parent comes before it.
    pub scopes: Vec<Scope>,
}

/// A wasm control structure (or the function body) and what it holds directly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub kind: ScopeKind,
    /// The enclosing scope's index in [`FunctionStructure::scopes`] (`None` for the
    /// body).
    pub parent: Option<usize>,
    /// Its direct contents in code order.
    pub members: Vec<Member>,
}

/// What kind of scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The function body.
    Body,
    /// A wasm `block`: a branch to it continues at the code of `next`, which follows
    /// the block's `end`.
    Block { next: Block },
    /// A wasm `loop` headed by `header`: a branch to it goes back to the header.
    Loop { header: Block },
    /// The then-arm of an `if` (for a LIR `br_if` or a `switch`'s key tests).
    If,
    /// The else-arm of the `if` just before it.
    Else,
}

/// A direct member of a scope. A block is placed where its code is; a block whose
/// statements compiled to nothing, where its terminator's code is (or, for a lone
/// branch, beside its predecessor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    /// The code of a LIR block.
    Code(Block),
    /// A nested scope (an index in [`FunctionStructure::scopes`]).
    Scope(usize),
}

impl FunctionStructure {
    /// The nesting of `items`, the cleaned-up structured program of `func` (prepared
    /// from `original`, whose value names it gets back).
    pub(crate) fn new(original: &Function, mut func: Function, items: &[Item]) -> Self {
        for (v, data) in original.values.iter() {
            if let Some(copy) = func.values.get_mut(v) {
                copy.name = data.name.clone();
            }
        }
        let mut scopes = vec![Scope {
            kind: ScopeKind::Body,
            parent: None,
            members: Vec::new(),
        }];
        let mut placed: SecondaryMap<Block, bool> = lir::entities::dense_map(func.blocks.len());
        // The block of each terminator: items that emit a terminator (copies, exits,
        // tables) place a block whose statements compiled to nothing.
        let mut block_of: SecondaryMap<Inst, Option<Block>> =
            lir::entities::dense_map(func.insts.len());
        for &b in &func.layout {
            if let Some(term) = func.terminator(b) {
                block_of[term] = Some(b);
            }
        }
        let mut current = 0usize;
        let open = |scopes: &mut Vec<Scope>, current: &mut usize, kind: ScopeKind| {
            let index = scopes.len();
            scopes.push(Scope {
                kind,
                parent: Some(*current),
                members: Vec::new(),
            });
            scopes[*current].members.push(Member::Scope(index));
            *current = index;
        };
        for item in items {
            match item {
                Item::Block(next) => {
                    open(&mut scopes, &mut current, ScopeKind::Block { next: *next })
                }
                Item::Loop(header) => {
                    open(
                        &mut scopes,
                        &mut current,
                        ScopeKind::Loop { header: *header },
                    );
                    // The header's code is the loop's first member even when it
                    // compiles to nothing (cleanup dropped its `Code` item).
                    if !placed[*header] {
                        placed[*header] = true;
                        scopes[current].members.push(Member::Code(*header));
                    }
                }
                Item::If(_) => open(&mut scopes, &mut current, ScopeKind::If),
                Item::Else => {
                    current = scopes[current].parent.unwrap_or(0);
                    open(&mut scopes, &mut current, ScopeKind::Else);
                }
                Item::End => {
                    let closed = current;
                    current = scopes[current].parent.unwrap_or(0);
                    // A block's code follows its `end`, even when it is empty.
                    if let ScopeKind::Block { next } = scopes[closed].kind {
                        if !placed[next] {
                            placed[next] = true;
                            scopes[current].members.push(Member::Code(next));
                        }
                    }
                }
                Item::Code(_)
                | Item::Copies(_)
                | Item::Exit(_)
                | Item::BrTable { .. }
                | Item::SwitchIndex(_) => {
                    let b = match item {
                        Item::Code(b) => Some(*b),
                        Item::Copies(inst)
                        | Item::Exit(inst)
                        | Item::BrTable { inst, .. }
                        | Item::SwitchIndex(inst) => block_of[*inst],
                        _ => None,
                    };
                    if let Some(b) = b.filter(|&b| !placed[b]) {
                        placed[b] = true;
                        scopes[current].members.push(Member::Code(b));
                    }
                }
                _ => {}
            }
        }
        // Blocks that left no item at all (a lone `br`, placed inline where its one
        // in-edge is taken): beside their predecessor's code.
        let mut scope_of: SecondaryMap<Block, Option<usize>> =
            lir::entities::dense_map(func.blocks.len());
        for (i, scope) in scopes.iter().enumerate() {
            for member in &scope.members {
                if let Member::Code(b) = member {
                    scope_of[*b] = Some(i);
                }
            }
        }
        let mut changed = true;
        while changed {
            changed = false;
            for &b in &func.layout {
                let Some(s) = scope_of[b] else { continue };
                let Some(term) = func.terminator(b) else {
                    continue;
                };
                for call in func.insts[term].kind.block_calls() {
                    let succ = call.block;
                    if scope_of[succ].is_none() {
                        scope_of[succ] = Some(s);
                        scopes[s].members.push(Member::Code(succ));
                        changed = true;
                    }
                }
            }
        }
        FunctionStructure { func, scopes }
    }
}

impl ScopeKind {
    /// The wasm keyword: `func`, `block`, `loop`, `if` or `else`.
    pub fn keyword(self) -> &'static str {
        match self {
            ScopeKind::Body => "func",
            ScopeKind::Block { .. } => "block",
            ScopeKind::Loop { .. } => "loop",
            ScopeKind::If => "if",
            ScopeKind::Else => "else",
        }
    }
}
