//! Functions: signature, stack slots, blocks with parameters, instructions and values,
//! kept in arenas with an explicit block order (the layout).
//!
//! This module owns the storage and its invariants that do not need the module
//! (value definitions, interned constants, names). Typing rules live in
//! [`crate::typing`]; checking lives in the verifier.

use crate::entities::{Block, Inst, Slot, Value};
use crate::imm::Imm;
use crate::inst::InstKind;
use crate::span::Span;
use crate::srcloc::SourceLoc;
use crate::types::{Signature, Type};
use cranelift_entity::{PrimaryMap, SecondaryMap};
use rustc_hash::FxHashMap as HashMap;

/// Where an imported function comes from: `from "module" "name"`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Import {
    pub module: String,
    pub name: String,
}

/// A stack slot: `slot %name SIZE align N`. Its value is the slot's address.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct SlotData {
    pub value: Value,
    pub size: u32,
    /// Alignment in bytes (a power of two) as written; `None` means the default, 8.
    pub align: Option<u32>,
}

impl SlotData {
    /// Alignment used for layout: the explicit one or 8.
    pub fn effective_align(&self) -> u32 {
        self.align.unwrap_or(8)
    }
}

/// A basic block: optional label, typed parameters and its instructions (the last of
/// which must be a terminator).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct BlockData {
    pub name: Option<String>,
    pub params: Vec<Value>,
    pub insts: Vec<Inst>,
}

/// The results of an instruction: up to two inline, more on the heap.
pub type InstResults = smallvec::SmallVec<[Value; 2]>;

/// An instruction and the values it defines.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct InstData {
    pub kind: InstKind,
    /// The values it defines: most instructions define none or one, so they are kept
    /// inline (no allocation per instruction).
    pub results: InstResults,
}

/// Where a value comes from.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ValueDef {
    /// The n-th function parameter.
    Param(u32),
    /// The n-th parameter of a block.
    BlockParam(Block, u32),
    /// The n-th result of an instruction.
    Result(Inst, u32),
    /// The address of a stack slot.
    Slot(Slot),
    /// A constant (an immediate operand).
    Const(Imm),
}

/// A value: its type, definition and optional name (`%name` in text).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ValueData {
    pub ty: Type,
    pub def: ValueDef,
    pub name: Option<Box<str>>,
}

/// Source positions of a parsed function's parts (all [`Span::NONE`] otherwise).
#[derive(Clone, Debug, Default)]
pub struct FunctionSpans {
    pub header: Span,
    pub blocks: SecondaryMap<Block, Span>,
    pub insts: SecondaryMap<Inst, Span>,
    pub slots: SecondaryMap<Slot, Span>,
}

/// A function: defined (with a body) or imported (without).
#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    pub sig: Signature,
    /// Export name, if the function is exported.
    pub export: Option<String>,
    /// Set for imported functions, which have no body.
    pub import: Option<Import>,
    /// Parameter values, one per `sig.params` entry (empty for imports).
    pub params: Vec<Value>,
    pub slots: PrimaryMap<Slot, SlotData>,
    pub blocks: PrimaryMap<Block, BlockData>,
    /// Block order; the first block is the entry. Blocks not listed are deleted.
    pub layout: Vec<Block>,
    pub insts: PrimaryMap<Inst, InstData>,
    pub values: PrimaryMap<Value, ValueData>,
    consts: HashMap<Imm, Value>,
    /// Source locations of instructions ([`SourceLoc::NONE`] where unknown).
    pub srclocs: SecondaryMap<Inst, SourceLoc>,
    pub spans: FunctionSpans,
}

/// Whether `name` is a valid value or block name: letters, digits, `_`, `.`, `$`, and
/// not purely digits (digit-only names are how unnamed values print).
pub fn is_valid_local_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'))
        && !name.chars().all(|c| c.is_ascii_digit())
        && !is_reserved_block_name(name)
}

/// `bb0`, `bb1`, … are how unnamed blocks print; they are never stored as names.
pub fn is_reserved_block_name(name: &str) -> bool {
    name.strip_prefix("bb")
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// `0`, `1`, … are how unnamed values print (`%0`); they are never stored as names.
pub fn is_reserved_value_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|c| c.is_ascii_digit())
}

impl Function {
    /// A new defined function with one value per parameter and no blocks yet.
    pub fn new(name: impl Into<String>, sig: Signature) -> Function {
        let mut f = Function {
            name: name.into(),
            sig: Signature::default(),
            export: None,
            import: None,
            params: Vec::new(),
            slots: PrimaryMap::new(),
            blocks: PrimaryMap::new(),
            layout: Vec::new(),
            insts: PrimaryMap::new(),
            values: PrimaryMap::new(),
            consts: HashMap::default(),
            srclocs: SecondaryMap::new(),
            spans: FunctionSpans::default(),
        };
        for (i, &ty) in sig.params.iter().enumerate() {
            let v = f.make_value(ty, ValueDef::Param(i as u32));
            f.params.push(v);
        }
        f.sig = sig;
        f
    }

    /// A new imported function.
    pub fn new_import(name: impl Into<String>, sig: Signature, import: Import) -> Function {
        let mut f = Function::new(name, Signature::default());
        f.sig = sig;
        f.import = Some(import);
        f
    }

    pub fn is_import(&self) -> bool {
        self.import.is_some()
    }

    /// The entry block (the first in the layout).
    #[inline]
    pub fn entry_block(&self) -> Option<Block> {
        self.layout.first().copied()
    }

    fn make_value(&mut self, ty: Type, def: ValueDef) -> Value {
        self.values.push(ValueData {
            ty,
            def,
            name: None,
        })
    }

    /// The value of a constant, interned: the same immediate always gives the same value.
    pub fn const_value(&mut self, imm: Imm) -> Value {
        if let Some(&v) = self.consts.get(&imm) {
            return v;
        }
        let v = self.make_value(imm.ty(), ValueDef::Const(imm));
        self.consts.insert(imm, v);
        v
    }

    /// Re-interns the constant values after the value arena was rebuilt.
    pub(crate) fn rebuild_consts(&mut self) {
        self.consts.clear();
        for (v, data) in self.values.iter() {
            if let ValueDef::Const(imm) = data.def {
                self.consts.entry(imm).or_insert(v);
            }
        }
    }

    /// The immediate of a constant value.
    #[inline]
    pub fn as_const(&self, v: Value) -> Option<Imm> {
        match self.values[v].def {
            ValueDef::Const(imm) => Some(imm),
            _ => None,
        }
    }

    #[inline]
    pub fn value_type(&self, v: Value) -> Type {
        self.values[v].ty
    }

    #[inline]
    pub fn value_def(&self, v: Value) -> ValueDef {
        self.values[v].def
    }

    /// Names a value. Digit-only names mean "unnamed" and are dropped; other invalid
    /// names are the caller's error and are rejected by the verifier.
    pub fn set_value_name(&mut self, v: Value, name: impl Into<String>) {
        let name = name.into();
        self.values[v].name = if is_reserved_value_name(&name) {
            None
        } else {
            Some(name.into_boxed_str())
        };
    }

    /// Adds a stack slot of `size` bytes; returns its address value (type ptr).
    pub fn create_slot(&mut self, size: u32, align: Option<u32>) -> (Slot, Value) {
        let slot = self.slots.next_key();
        let value = self.make_value(Type::PTR, ValueDef::Slot(slot));
        self.slots.push(SlotData { value, size, align });
        (slot, value)
    }

    /// Creates a block and appends it to the layout.
    pub fn create_block(&mut self) -> Block {
        let b = self.blocks.push(BlockData::default());
        self.layout.push(b);
        b
    }

    /// Labels a block. Names of the form `bbN` are how unnamed blocks print and are
    /// dropped.
    pub fn set_block_name(&mut self, block: Block, name: impl Into<String>) {
        let name = name.into();
        self.blocks[block].name = if is_reserved_block_name(&name) {
            None
        } else {
            Some(name)
        };
    }

    /// Appends a parameter of type `ty` to `block`.
    pub fn append_block_param(&mut self, block: Block, ty: Type) -> Value {
        let index = self.blocks[block].params.len() as u32;
        let v = self.make_value(ty, ValueDef::BlockParam(block, index));
        self.blocks[block].params.push(v);
        v
    }

    /// Removes the `index`-th parameter of `block`, renumbering later ones. Branches to
    /// the block are not touched; the caller updates them.
    pub fn remove_block_param(&mut self, block: Block, index: usize) -> Value {
        let removed = self.blocks[block].params.remove(index);
        for (i, &p) in self.blocks[block].params.iter().enumerate().skip(index) {
            self.values[p].def = ValueDef::BlockParam(block, i as u32);
        }
        removed
    }

    /// Creates an instruction with results of the given types, not yet placed in a block.
    pub fn create_inst(&mut self, kind: InstKind, result_types: &[Type]) -> Inst {
        let inst = self.insts.next_key();
        let results = (result_types.iter().enumerate())
            .map(|(i, &ty)| self.make_value(ty, ValueDef::Result(inst, i as u32)))
            .collect();
        self.insts.push(InstData { kind, results })
    }

    /// Creates an instruction and appends it to `block`.
    pub fn append_inst(&mut self, block: Block, kind: InstKind, result_types: &[Type]) -> Inst {
        let inst = self.create_inst(kind, result_types);
        self.blocks[block].insts.push(inst);
        inst
    }

    /// The source location of an instruction ([`SourceLoc::NONE`] if unknown).
    pub fn srcloc(&self, inst: Inst) -> SourceLoc {
        self.srclocs[inst]
    }

    pub fn set_srcloc(&mut self, inst: Inst, loc: SourceLoc) {
        self.srclocs[inst] = loc;
    }

    pub fn inst_results(&self, inst: Inst) -> &[Value] {
        &self.insts[inst].results
    }

    /// The block's last instruction if it is a terminator.
    #[inline]
    pub fn terminator(&self, block: Block) -> Option<Inst> {
        let last = *self.blocks[block].insts.last()?;
        self.insts[last].kind.is_terminator().then_some(last)
    }

    /// Number of instructions in the layout (the measure used for throughput).
    pub fn inst_count(&self) -> usize {
        self.layout
            .iter()
            .map(|&b| self.blocks[b].insts.len())
            .sum()
    }

    /// The displayable name of a block: its label or `bbN` with N its layout position.
    pub fn block_label(&self, block: Block) -> String {
        match &self.blocks[block].name {
            Some(name) => name.clone(),
            None => match self.layout.iter().position(|&b| b == block) {
                Some(i) => format!("bb{i}"),
                None => format!("{block}"),
            },
        }
    }
}
