//! Structural equality of functions and modules.
//!
//! Two functions are equal when they print the same: same blocks in the same order,
//! same instructions, same names and types, with values and blocks matched by
//! position rather than by arena index (the parser and the builder number them
//! differently). Source spans are ignored, and so are instruction locations in the LIR
//! text itself (locations in declared source files count).

use crate::entities::{Block, Value};
use crate::function::{Function, ValueDef};
use crate::imm::Imm;
use crate::module::Module;
use crate::srcloc::SourceLoc;
use cranelift_entity::EntityRef;
use rustc_hash::FxHashMap as HashMap;

impl PartialEq for Module {
    fn eq(&self, other: &Module) -> bool {
        self.memory == other.memory
            && self.stack_size == other.stack_size
            && self.files == other.files
            && self.data.values().eq(other.data.values())
            && self.globals.values().eq(other.globals.values())
            && self.funcs.values().eq(other.funcs.values())
    }
}

impl PartialEq for Function {
    fn eq(&self, other: &Function) -> bool {
        if self.name != other.name
            || self.sig != other.sig
            || self.export != other.export
            || self.import != other.import
            || self.slots.len() != other.slots.len()
            || self.layout.len() != other.layout.len()
        {
            return false;
        }
        let mut consts = HashMap::default();
        let a = Numbering::new(self, &mut consts);
        let b = Numbering::new(other, &mut consts);
        if a.defined.len() != b.defined.len() {
            return false;
        }
        let same_values = a.defined.iter().zip(&b.defined).all(|(&va, &vb)| {
            let (da, db) = (&self.values[va], &other.values[vb]);
            da.ty == db.ty && da.name == db.name
        });
        let same_slots = self
            .slots
            .values()
            .zip(other.slots.values())
            .all(|(sa, sb)| sa.size == sb.size && sa.align == sb.align);
        same_values
            && same_slots
            && self.layout.iter().zip(&other.layout).all(|(&ba, &bb)| {
                let (da, db) = (&self.blocks[ba], &other.blocks[bb]);
                da.name == db.name
                    && da.params.len() == db.params.len()
                    && da.insts.len() == db.insts.len()
                    && da.insts.iter().zip(&db.insts).all(|(&ia, &ib)| {
                        let (ka, kb) = (&self.insts[ia], &other.insts[ib]);
                        ka.results.len() == kb.results.len()
                            && a.canonical_kind(ka) == b.canonical_kind(kb)
                            && explicit_loc(self, ia) == explicit_loc(other, ib)
                    })
            })
    }
}

/// An instruction's location if it names a source file; positions in the LIR text
/// are not part of a module's meaning (a printed module has positions of its own).
fn explicit_loc(func: &Function, inst: crate::entities::Inst) -> SourceLoc {
    let loc = func.srclocs[inst];
    if loc.is_in_text() {
        SourceLoc::NONE
    } else {
        loc
    }
}

/// Canonical numbers for one function's values and blocks.
struct Numbering {
    /// Values in definition order: parameters, slots, then per block its parameters
    /// and instruction results.
    defined: Vec<Value>,
    value_index: HashMap<Value, usize>,
    block_index: HashMap<Block, usize>,
    /// Constants numbered by a table shared by both sides of a comparison.
    const_index: HashMap<Value, usize>,
}

/// Canonical values of constants start here, far above any local numbering.
const CONST_BASE: usize = 1 << 30;
/// Canonical numbers of values or blocks that are referenced but not defined in the
/// layout (malformed functions) start here.
const DANGLING_BASE: usize = 1 << 29;

impl Numbering {
    fn new(func: &Function, consts: &mut HashMap<Imm, usize>) -> Numbering {
        let mut defined: Vec<Value> = func.params.clone();
        defined.extend(func.slots.values().map(|s| s.value));
        for &block in &func.layout {
            defined.extend(&func.blocks[block].params);
            for &inst in &func.blocks[block].insts {
                defined.extend(&func.insts[inst].results);
            }
        }
        let value_index = defined.iter().enumerate().map(|(i, &v)| (v, i)).collect();
        let block_index = func
            .layout
            .iter()
            .enumerate()
            .map(|(i, &b)| (b, i))
            .collect();
        let mut const_index = HashMap::default();
        for (v, data) in func.values.iter() {
            if let ValueDef::Const(imm) = data.def {
                let next = consts.len();
                const_index.insert(v, *consts.entry(imm).or_insert(next));
            }
        }
        Numbering {
            defined,
            value_index,
            block_index,
            const_index,
        }
    }

    fn value(&self, v: Value) -> Value {
        let n = if let Some(&i) = self.value_index.get(&v) {
            i
        } else if let Some(&c) = self.const_index.get(&v) {
            CONST_BASE + c
        } else {
            DANGLING_BASE + v.index()
        };
        Value::new(n)
    }

    fn block(&self, b: Block) -> Block {
        Block::new(
            self.block_index
                .get(&b)
                .copied()
                .unwrap_or(DANGLING_BASE + b.index()),
        )
    }

    fn canonical_kind(&self, data: &crate::function::InstData) -> crate::inst::InstKind {
        let mut kind = data.kind.clone();
        kind.map_args(|v| self.value(v));
        for call in kind.block_calls_mut() {
            call.block = self.block(call.block);
        }
        kind
    }
}
