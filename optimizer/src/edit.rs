//! Rewriting helpers shared by passes: replacing values everywhere, deleting
//! instructions, removing block parameters, and creating instructions that keep the
//! source location of the one they stand for.

use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::SecondaryMap;
use lir::{Block, Function, Inst, InstKind, Type, Value};

/// Replacements `from -> to`, applied to every operand at once by [`ValueMap::apply`].
/// Chains (`a -> b`, `b -> c`) resolve to their end.
#[derive(Clone, Debug, Default)]
pub struct ValueMap {
    map: SecondaryMap<Value, PackedOption<Value>>,
    len: usize,
}

impl ValueMap {
    pub fn new() -> ValueMap {
        ValueMap::default()
    }

    /// Records that uses of `from` become uses of `to` (which must have its type).
    pub fn replace(&mut self, from: Value, to: Value) {
        let to = self.resolve(to);
        if from != to {
            if self.map[from].is_none() {
                self.len += 1;
            }
            self.map[from] = to.into();
        }
    }

    /// What `v` stands for after the replacements.
    pub fn resolve(&self, mut v: Value) -> Value {
        // Chains are short in practice; a cycle cannot arise because `replace`
        // resolves its target first.
        while let Some(next) = self.map[v].expand() {
            v = next;
        }
        v
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Rewrites every operand of every instruction in the layout; returns how many
    /// operands changed.
    pub fn apply(&self, func: &mut Function) -> usize {
        if self.is_empty() {
            return 0;
        }
        let mut changed = 0;
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                func.insts[inst].kind.map_args(|v| {
                    let to = self.resolve(v);
                    changed += usize::from(to != v);
                    to
                });
            }
        }
        changed
    }
}

/// Deletes the instructions marked in `dead` from their blocks.
pub fn remove_insts(func: &mut Function, dead: &SecondaryMap<Inst, bool>) {
    for &block in &func.layout {
        func.blocks[block].insts.retain(|&inst| !dead[inst]);
    }
}

/// Removes the parameters of `block` marked in `remove`, and the matching arguments of
/// every branch to it.
pub fn remove_block_params(func: &mut Function, block: Block, remove: &[bool]) {
    if !remove.iter().any(|&r| r) {
        return;
    }
    for b in func.layout.clone() {
        let Some(term) = func.terminator(b) else {
            continue;
        };
        for call in func.insts[term].kind.block_calls_mut() {
            if call.block == block {
                let mut i = 0;
                call.args.retain(|_| {
                    let keep = !remove.get(i).copied().unwrap_or(false);
                    i += 1;
                    keep
                });
            }
        }
    }
    for index in (0..remove.len()).rev() {
        if remove[index] {
            func.remove_block_param(block, index);
        }
    }
}

/// Creates an instruction (not placed in a block) with results of `types`, located
/// where `like` is.
pub fn new_inst_like(func: &mut Function, like: Inst, kind: InstKind, types: &[Type]) -> Inst {
    let inst = func.create_inst(kind, types);
    let loc = func.srcloc(like);
    func.set_srcloc(inst, loc);
    inst
}

/// Creates an instruction computing one value of type `ty`, located where `like` is,
/// and inserts it into `block` at `index`. Returns its result.
pub fn insert_value(
    func: &mut Function,
    block: Block,
    index: usize,
    like: Inst,
    kind: InstKind,
    ty: Type,
) -> Value {
    let inst = new_inst_like(func, like, kind, &[ty]);
    func.blocks[block].insts.insert(index, inst);
    func.insts[inst].results[0]
}

/// Replaces `block`'s terminator by `kind`, keeping its location.
pub fn replace_terminator(func: &mut Function, block: Block, kind: InstKind) {
    if let Some(term) = func.terminator(block) {
        func.insts[term].kind = kind;
    }
}

/// The block where each placed instruction is.
pub fn inst_blocks(func: &Function) -> SecondaryMap<Inst, PackedOption<Block>> {
    let mut map = SecondaryMap::new();
    for &block in &func.layout {
        for &inst in &func.blocks[block].insts {
            map[inst] = block.into();
        }
    }
    map
}

/// The instruction defining `v`, if it is an instruction result.
pub fn def_inst(func: &Function, v: Value) -> Option<Inst> {
    match func.values[v].def {
        lir::ValueDef::Result(inst, _) => Some(inst),
        _ => None,
    }
}

/// The kind of the instruction defining `v`.
pub fn def_kind(func: &Function, v: Value) -> Option<&InstKind> {
    def_inst(func, v).map(|i| &func.insts[i].kind)
}

/// Drops value and block names that are not unique any more (after code was copied
/// or merged), keeping the first of each.
pub fn dedup_names(func: &mut Function) {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut defined: Vec<Value> = func.params.clone();
    defined.extend(func.slots.values().map(|s| s.value));
    for &block in &func.layout {
        defined.extend(func.blocks[block].params.iter().copied());
        for &inst in &func.blocks[block].insts {
            defined.extend(func.insts[inst].results.iter().copied());
        }
    }
    for v in defined {
        if let Some(name) = &func.values[v].name {
            if !seen.insert(name.clone()) {
                func.values[v].name = None;
            }
        }
    }
    let mut labels = rustc_hash::FxHashSet::default();
    for block in func.layout.clone() {
        if let Some(name) = &func.blocks[block].name {
            if !labels.insert(name.clone()) {
                func.blocks[block].name = None;
            }
        }
    }
}
