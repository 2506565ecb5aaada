//! Who uses each value, and where each instruction sits.
//!
//! Only instructions of blocks in the layout count; a value used twice by one
//! instruction (`add %x, %x`) counts twice and lists the instruction twice. The use
//! lists are stored flat (one array, indexed by value), so computing them allocates
//! a few vectors, not one per value.

use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::{EntityRef, SecondaryMap};
use lir::{Block, Function, Inst, Value};

/// Use counts and the using instructions of every value.
#[derive(Clone, Debug, Default)]
pub struct Uses {
    /// `users[start[v]..start[v + 1]]` are `v`'s users.
    start: Vec<u32>,
    users: Vec<Inst>,
}

impl Uses {
    pub fn new(func: &Function) -> Uses {
        let n = func.values.len();
        // One walk over the operands records (value, user) pairs and counts them.
        let mut count = vec![0u32; n + 1];
        let mut pairs: Vec<(u32, Inst)> = Vec::with_capacity(2 * func.insts.len());
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                func.insts[inst].kind.for_each_arg(|v| {
                    if let Some(c) = count.get_mut(v.index()) {
                        *c += 1;
                        pairs.push((v.index() as u32, inst));
                    }
                });
            }
        }
        // `start[v]` first points past `v`'s users; placing the pairs from the last
        // moves it back to their first, in walk order.
        let mut start = count;
        let mut end = 0;
        for c in start.iter_mut() {
            end += *c;
            *c = end;
        }
        let mut users = vec![Inst::new(0); pairs.len()];
        for &(v, inst) in pairs.iter().rev() {
            let at = &mut start[v as usize];
            *at -= 1;
            users[*at as usize] = inst;
        }
        Uses { start, users }
    }

    /// How many operands (branch arguments included) name `v`.
    pub fn count(&self, v: Value) -> u32 {
        self.users(v).len() as u32
    }

    pub fn is_unused(&self, v: Value) -> bool {
        self.users(v).is_empty()
    }

    /// The instructions that use `v`, once per use.
    pub fn users(&self, v: Value) -> &[Inst] {
        let i = v.index();
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&from), Some(&to)) => &self.users[from as usize..to as usize],
            // A value created after the analysis: no uses were counted.
            _ => &[],
        }
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
        positions.block.resize(func.insts.len());
        positions.index.resize(func.insts.len());
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
