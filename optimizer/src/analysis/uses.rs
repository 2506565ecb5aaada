//! Who uses each value, and where each instruction sits.
//!
//! Only instructions of blocks in the layout count; a value used twice by one
//! instruction (`add %x, %x`) counts twice and lists the instruction twice.

use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::SecondaryMap;
use lir::{Block, Function, Inst, Value};
use smallvec::SmallVec;

/// Use counts and the using instructions of every value.
#[derive(Clone, Debug, Default)]
pub struct Uses {
    counts: SecondaryMap<Value, u32>,
    users: SecondaryMap<Value, SmallVec<[Inst; 2]>>,
}

impl Uses {
    pub fn new(func: &Function) -> Uses {
        let mut uses = Uses::default();
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                func.insts[inst].kind.for_each_arg(|v| {
                    uses.counts[v] += 1;
                    uses.users[v].push(inst);
                });
            }
        }
        uses
    }

    /// How many operands (branch arguments included) name `v`.
    pub fn count(&self, v: Value) -> u32 {
        self.counts[v]
    }

    pub fn is_unused(&self, v: Value) -> bool {
        self.counts[v] == 0
    }

    /// The instructions that use `v`, once per use.
    pub fn users(&self, v: Value) -> &[Inst] {
        &self.users[v]
    }
}

/// The block of every placed instruction and its index in that block.
#[derive(Clone, Debug, Default)]
pub struct InstPositions {
    block: SecondaryMap<Inst, PackedOption<Block>>,
    index: SecondaryMap<Inst, u32>,
}

impl InstPositions {
    pub fn new(func: &Function) -> InstPositions {
        let mut positions = InstPositions::default();
        for &block in &func.layout {
            for (i, &inst) in func.blocks[block].insts.iter().enumerate() {
                positions.block[inst] = block.into();
                positions.index[inst] = i as u32;
            }
        }
        positions
    }

    /// The block holding `inst`, `None` if it is not placed.
    pub fn block(&self, inst: Inst) -> Option<Block> {
        self.block[inst].expand()
    }

    /// The index of `inst` in its block.
    pub fn index(&self, inst: Inst) -> usize {
        self.index[inst] as usize
    }
}
