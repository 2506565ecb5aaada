//! Rewriting helpers shared by passes: replacing values everywhere, deleting
//! instructions, removing block parameters, and creating instructions that keep the
//! source location of the one they stand for.
//!
//! Module-level items (which functions are entry points, removing functions, data
//! and globals with renumbering) are in [`items`].

pub mod items;

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
/// the `branches` to it: every terminator in the layout that branches to `block`, each
/// listed once.
pub fn remove_block_params(func: &mut Function, block: Block, remove: &[bool], branches: &[Inst]) {
    if !remove.iter().any(|&r| r) {
        return;
    }
    debug_assert!(
        branches.windows(2).all(|w| w[0] != w[1]),
        "each branch once"
    );
    for &term in branches {
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
    let mut map = SecondaryMap::with_capacity(func.insts.len());
    map.resize(func.insts.len());
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

/// Deletes the slots marked in `remove` (their addresses must be unused by then) and
/// renumbers the others, fixing their values' [`lir::ValueDef::Slot`] and source
/// spans. The deleted slots' address values stay in the value arena, unnamed and
/// unreachable, like any other dead value.
pub fn remove_slots(func: &mut Function, remove: &SecondaryMap<lir::Slot, bool>) {
    if !func.slots.keys().any(|s| remove[s]) {
        return;
    }
    let old = std::mem::take(&mut func.slots);
    let mut spans = SecondaryMap::new();
    for (slot, data) in old.into_iter() {
        if remove[slot] {
            func.values[data.value].name = None;
            continue;
        }
        let value = data.value;
        let new = func.slots.push(data);
        func.values[value].def = lir::ValueDef::Slot(new);
        spans[new] = func.spans.slots[slot];
    }
    func.spans.slots = spans;
}

/// The constant `kind` computes, if its operands are constants and it is an operation
/// that folds without trapping (with `lir::interp::eval`'s exact semantics).
pub fn fold_constant(func: &mut Function, kind: &InstKind) -> Option<Value> {
    use lir::interp::eval;
    let c = |v: Value| func.as_const(v);
    let imm = match kind {
        InstKind::Binary { op, args } => eval::binary(*op, c(args[0])?, c(args[1])?).ok()?,
        InstKind::Unary { op, arg } => eval::unary(*op, c(*arg)?).ok()?,
        InstKind::Compare { op, args } => eval::compare(*op, c(args[0])?, c(args[1])?).ok()?,
        InstKind::Convert { op, arg } => eval::convert(*op, c(*arg)?).ok()?,
        _ => return None,
    };
    Some(func.const_value(imm))
}

/// Computes what a load of `width` bytes of type `ty` (sign- or zero-extended as
/// `signed` says when narrower than `ty`) reads at byte `shift` of memory that holds
/// the low bytes of `value` (little-endian; a float's bits as stored). The caller makes
/// sure the bytes lie within those `value` was stored or loaded with. Every step is
/// exact, floats are reinterpreted only with `bitcast`, and steps on constants are
/// folded. New instructions are located like `like` and appended to `out`; at most
/// [`load_from_value_cost`] of them.
#[allow(clippy::too_many_arguments)]
pub fn load_from_value(
    func: &mut Function,
    out: &mut Vec<Inst>,
    like: Inst,
    value: Value,
    shift: u32,
    width: lir::MemWidth,
    signed: bool,
    ty: Type,
) -> Value {
    use lir::{BinaryOp, ConvertOp, Imm, MemWidth};
    let from = func.value_type(value);
    if from == ty && shift == 0 && width == MemWidth::of(ty) {
        return value;
    }
    let mut emit = |func: &mut Function, kind: InstKind, ty: Type| -> Value {
        if let Some(c) = fold_constant(func, &kind) {
            return c;
        }
        let inst = new_inst_like(func, like, kind, &[ty]);
        out.push(inst);
        func.insts[inst].results[0]
    };
    let convert = |op, arg| InstKind::Convert { op, arg };
    let from_int = from.int_of_same_width();
    let to_int = ty.int_of_same_width();
    let mut v = value;
    if from.is_float() {
        v = emit(func, convert(ConvertOp::Bitcast(from_int), v), from_int);
    }
    if shift > 0 {
        let k = func.const_value(Imm::new(from_int, shift as u64 * 8));
        let kind = InstKind::Binary {
            op: BinaryOp::ShrU,
            args: [v, k],
        };
        v = emit(func, kind, from_int);
    }
    let mut narrow = width.bytes() < to_int.bytes();
    match (from_int, to_int) {
        (Type::I64, Type::I32) => v = emit(func, convert(ConvertOp::Wrap, v), Type::I32),
        (Type::I32, Type::I64) if width == MemWidth::W32 => {
            let op = if signed {
                ConvertOp::ExtendS
            } else {
                ConvertOp::ExtendU
            };
            v = emit(func, convert(op, v), Type::I64);
            narrow = false;
        }
        (Type::I32, Type::I64) => v = emit(func, convert(ConvertOp::ExtendU, v), Type::I64),
        _ => {}
    }
    if narrow {
        let kind = match (signed, width) {
            (true, MemWidth::W8) => convert(ConvertOp::Extend8S, v),
            (true, MemWidth::W16) => convert(ConvertOp::Extend16S, v),
            (true, _) => convert(ConvertOp::Extend32S, v),
            (false, _) => {
                let mask = func.const_value(Imm::new(to_int, (1u64 << width.bits()) - 1));
                InstKind::Binary {
                    op: BinaryOp::And,
                    args: [v, mask],
                }
            }
        };
        v = emit(func, kind, to_int);
    }
    if ty.is_float() {
        v = emit(func, convert(ConvertOp::Bitcast(ty), v), ty);
    }
    v
}

/// How many instructions [`load_from_value`] appends at most for a `value` of type
/// `from`.
pub fn load_from_value_cost(from: Type, shift: u32, width: lir::MemWidth, ty: Type) -> usize {
    if from == ty && shift == 0 && width == lir::MemWidth::of(ty) {
        return 0;
    }
    let widen_fuses = from.bits() == 32 && ty.bits() == 64 && width == lir::MemWidth::W32;
    usize::from(from.is_float())
        + usize::from(shift > 0)
        + usize::from(from.bits() != ty.bits())
        + usize::from(width.bits() < ty.bits() && !widen_fuses)
        + usize::from(ty.is_float())
}
