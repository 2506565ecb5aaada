//! Copying a callee's body into a caller in place of one call.
//!
//! The call's block is split at the call: the instructions before it stay, the
//! callee's entry block is appended to them (an entry block is never a branch target,
//! so it can merge), and the instructions after the call move to a fresh continuation
//! block whose parameters are the call's results (the same values, so their uses need
//! no rewriting). The callee's other blocks become fresh caller blocks, its slots fresh
//! caller slots (one set per inlined copy), and its values fresh values, all unnamed
//! (names must stay unique in the caller). Every copied instruction keeps its source
//! location.
//!
//! Returns and tail calls depend on the call site:
//! - at a `call`, `ret v` becomes `jump cont(v)`, and `return_call @g(a)` becomes
//!   `%r = call @g(a)` then `jump cont(%r)` (likewise `return_call_indirect`): the
//!   callee's frame would have been replaced by `@g`'s, and now `@g`'s frame sits on
//!   the caller's, so the stack depth is the same;
//! - at a `return_call` (whose callee returns exactly the caller's results), `ret v`
//!   stays `ret v` and tail calls stay tail calls; there is no continuation.
//!
//! Only blocks the callee's entry reaches are copied.

use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::SecondaryMap;
use lir::{Block, BlockCall, BlockData, Function, Imm, Inst, InstKind, Type, Value, ValueDef};

/// Where the blocks created by inlining go in the caller's layout: right after the
/// block they were split from, in order, so the printed code reads in execution order.
#[derive(Default)]
pub struct Placement {
    after: SecondaryMap<Block, Vec<Block>>,
}

impl Placement {
    /// Puts the created blocks into `func`'s layout.
    pub fn finish(self, func: &mut Function) {
        let old = std::mem::take(&mut func.layout);
        let mut stack = Vec::new();
        for block in old {
            stack.push(block);
            while let Some(b) = stack.pop() {
                func.layout.push(b);
                stack.extend(self.after[b].iter().rev());
            }
        }
    }
}

/// Inlines `callee` at the `call` or `return_call` that is instruction `index` of
/// `block` in `caller`. `callee_blocks` are the callee's reachable blocks in layout
/// order, its entry first. Calls of that block before `index` keep their positions,
/// so several calls of one block are inlined from the last to the first.
///
/// Returns false (changing nothing) if the instruction is no direct call.
pub fn inline_call(
    caller: &mut Function,
    block: Block,
    index: usize,
    callee: &Function,
    callee_blocks: &[Block],
    placement: &mut Placement,
) -> bool {
    let Some(&call) = caller.blocks[block].insts.get(index) else {
        return false;
    };
    let (args, tail_call) = match &caller.insts[call].kind {
        InstKind::Call { args, .. } => (args.clone(), false),
        InstKind::ReturnCall { args, .. } => (args.clone(), true),
        _ => return false,
    };
    let Some(&callee_entry) = callee_blocks.first() else {
        return false;
    };

    // Split the block: the call goes, the rest moves to the continuation.
    let rest = caller.blocks[block].insts.split_off(index + 1);
    caller.blocks[block].insts.pop();
    let cont = (!tail_call).then(|| {
        let results = std::mem::take(&mut caller.insts[call].results);
        let cont = caller.blocks.push(BlockData::default());
        for (i, &r) in results.iter().enumerate() {
            caller.values[r].def = ValueDef::BlockParam(cont, i as u32);
        }
        caller.blocks[cont].params = results.to_vec();
        caller.blocks[cont].insts = rest;
        cont
    });

    let mut copy = Mapping {
        callee,
        values: SecondaryMap::new(),
        blocks: SecondaryMap::new(),
    };
    for (&param, &arg) in callee.params.iter().zip(&args) {
        copy.values[param] = arg.into();
    }
    for slot in callee.slots.values() {
        let (_, value) = caller.create_slot(slot.size, slot.align);
        copy.values[slot.value] = value.into();
    }
    let mut created = Vec::with_capacity(callee_blocks.len());
    copy.blocks[callee_entry] = block.into();
    for &b in &callee_blocks[1..] {
        let new = caller.blocks.push(BlockData::default());
        copy.blocks[b] = new.into();
        created.push(new);
        for &param in &callee.blocks[b].params {
            let ty = callee.value_type(param);
            copy.values[param] = caller.append_block_param(new, ty).into();
        }
    }

    // First every result exists, then operands are mapped: a use may come before its
    // definition in layout order.
    let mut insts: Vec<(Inst, Inst, Block)> = Vec::new();
    for &b in callee_blocks {
        let target = copy.block(b);
        for &inst in &callee.blocks[b].insts {
            let types: Vec<Type> = callee.insts[inst]
                .results
                .iter()
                .map(|&r| callee.value_type(r))
                .collect();
            let new = caller.create_inst(InstKind::Trap, &types);
            caller.set_srcloc(new, callee.srcloc(inst));
            for (&r, &nr) in callee.insts[inst]
                .results
                .iter()
                .zip(&caller.insts[new].results)
            {
                copy.values[r] = nr.into();
            }
            insts.push((inst, new, target));
        }
    }
    for (inst, new, target) in insts {
        let mut kind = callee.insts[inst].kind.clone();
        kind.map_args(|v| copy.value(caller, v));
        for call in kind.block_calls_mut() {
            call.block = copy.block(call.block);
        }
        match cont {
            Some(cont) => return_to(caller, new, kind, cont, &callee.sig.results, target),
            None => caller.insts[new].kind = kind,
        }
        caller.blocks[target].insts.push(new);
    }

    let mut placed = std::mem::take(&mut placement.after[block]);
    if let Some(cont) = cont {
        placement.after[cont] = placed;
        placed = vec![cont];
    }
    created.extend(placed);
    placement.after[block] = created;
    true
}

/// Gives `new` the kind `kind`, where returns and tail calls go on to `cont` instead.
/// A tail call becomes a call, placed before `new` in `block`.
fn return_to(
    caller: &mut Function,
    new: Inst,
    kind: InstKind,
    cont: Block,
    results: &[Type],
    block: Block,
) {
    let call_kind = match kind {
        InstKind::Ret { values } => {
            caller.insts[new].kind = InstKind::Jump {
                dest: BlockCall::new(cont, values),
            };
            return;
        }
        InstKind::ReturnCall { func, args } => InstKind::Call { func, args },
        InstKind::ReturnCallIndirect { sig, callee, args } => {
            InstKind::CallIndirect { sig, callee, args }
        }
        other => {
            caller.insts[new].kind = other;
            return;
        }
    };
    let call = crate::edit::new_inst_like(caller, new, call_kind, results);
    caller.blocks[block].insts.push(call);
    let values = caller.insts[call].results.to_vec();
    caller.insts[new].kind = InstKind::Jump {
        dest: BlockCall::new(cont, values),
    };
}

/// The callee -> caller mapping of one inlined copy.
struct Mapping<'a> {
    callee: &'a Function,
    values: SecondaryMap<Value, PackedOption<Value>>,
    blocks: SecondaryMap<Block, PackedOption<Block>>,
}

impl Mapping<'_> {
    fn value(&mut self, caller: &mut Function, v: Value) -> Value {
        if let Some(mapped) = self.values[v].expand() {
            return mapped;
        }
        let data = &self.callee.values[v];
        // Constants are interned per function; anything else is defined in a copied
        // block (a verified callee's reachable code uses nothing else), so the zero
        // is never taken.
        let imm = match data.def {
            ValueDef::Const(imm) => imm,
            _ => Imm::zero(data.ty),
        };
        let mapped = caller.const_value(imm);
        self.values[v] = mapped.into();
        mapped
    }

    fn block(&self, b: Block) -> Block {
        // Reachable blocks only branch to reachable blocks, which are all mapped.
        self.blocks[b].expand().unwrap_or(b)
    }
}
