//! The sound part of a function's layout ([`Shape`]): its blocks and instruction
//! positions with every dangling handle and duplicate removed, which the other checks
//! walk instead of the raw (possibly malformed) data, and where each value becomes
//! available.
//!
//! [`check_layout`] builds it in one walk over the layout, reporting blocks and
//! instructions that do not exist or are listed twice. The same walk surveys what
//! the structural checks of `structure` look at (terminators, branch targets, value
//! definitions, names) and notes whether any of them would report something, so that
//! they walk the function again only then.

use super::report::FuncReporter;
use super::InstRef;
use crate::entities::{Block, Inst, Value};
use crate::function::{Function, ValueDef};
use cranelift_entity::EntityRef;

/// The sound part of a function's layout.
pub(super) struct Shape {
    /// Blocks of the layout that exist, each once, in layout order.
    pub blocks: Vec<Block>,
    /// By block index: whether the block is one of `blocks`.
    in_layout: Vec<bool>,
    /// By instruction index: where it is placed (its first place if listed twice).
    position: Vec<Place>,
    /// By value index: where the value becomes available, for constants and once the
    /// survey or `check_value_defs` has found its definition where it is listed.
    sites: Vec<Place>,
    pub entry: Option<Block>,
    /// Whether the CFG analyses may run: every layout block exists and is listed once,
    /// every instruction exists and is placed once, and every branch target is a block
    /// of the layout.
    pub cfg_sound: bool,
    /// Whether every instruction the layout's blocks list exists and is listed once
    /// (then each is placed where it is listed).
    placed_once: bool,
    /// What the survey found, for the placed instructions of the layout's blocks:
    /// each block ends with its only terminator and branches only to layout blocks;
    /// every block parameter and result is defined where it is listed (then its site
    /// is recorded); no block, block parameter or result has a name.
    pub terminators_clean: bool,
    pub defs_clean: bool,
    pub names_clean: bool,
}

/// Where a value becomes available.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum DefSite {
    /// Parameters, slot addresses and constants.
    Everywhere,
    /// A block parameter.
    BlockStart(Block),
    /// The result of the instruction at this position.
    After(Block, usize),
}

/// A block and an index in it, packed: an instruction's position, or a value's
/// [`DefSite`] (`index` [`Place::START`] for a block parameter, `block`
/// [`Place::EVERYWHERE`] for values defined everywhere).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Place {
    block: u32,
    index: u32,
}

impl Place {
    const NONE: Place = Place {
        block: u32::MAX,
        index: 0,
    };
    const EVERYWHERE: u32 = u32::MAX - 1;
    const START: u32 = u32::MAX;

    fn at(block: Block, index: usize) -> Place {
        Place {
            block: block.index() as u32,
            index: index as u32,
        }
    }

    fn site(site: DefSite) -> Place {
        match site {
            DefSite::Everywhere => Place {
                block: Place::EVERYWHERE,
                index: 0,
            },
            DefSite::BlockStart(block) => Place::at(block, Place::START as usize),
            DefSite::After(block, index) => Place::at(block, index),
        }
    }
}

impl Shape {
    /// Whether `block` is a block of the layout.
    pub fn in_layout(&self, block: Block) -> bool {
        self.in_layout.get(block.index()).copied().unwrap_or(false)
    }

    /// Whether every instruction the layout's blocks list exists and is listed once.
    pub fn placed_once(&self) -> bool {
        self.placed_once
    }

    /// Where `inst` is placed (its first place), if it is.
    pub fn position(&self, inst: Inst) -> Option<(Block, usize)> {
        match self.position.get(inst.index()) {
            Some(&p) if p != Place::NONE => Some((Block::new(p.block as usize), p.index as usize)),
            _ => None,
        }
    }

    /// Where `v` becomes available, if it is a well-typed constant or its definition
    /// was found where the value is listed (a parameter, slot, block parameter of a
    /// layout block or result of a placed instruction); `None` otherwise.
    pub fn recorded_site(&self, v: Value) -> Option<DefSite> {
        let p = *self.sites.get(v.index())?;
        match (p.block, p.index) {
            (u32::MAX, _) => None,
            (Place::EVERYWHERE, _) => Some(DefSite::Everywhere),
            (block, Place::START) => Some(DefSite::BlockStart(Block::new(block as usize))),
            (block, index) => Some(DefSite::After(Block::new(block as usize), index as usize)),
        }
    }

    /// Records where `v` becomes available (its definition was found where it is
    /// listed).
    pub fn record_site(&mut self, v: Value, site: DefSite) {
        if let Some(slot) = self.sites.get_mut(v.index()) {
            *slot = Place::site(site);
        }
    }

    /// Surveys a block of the layout: its label, its parameters and whether it ends
    /// with a terminator.
    fn survey_block(&mut self, f: &Function, block: Block) {
        let data = &f.blocks[block];
        self.names_clean &= data.name.is_none();
        for (i, &v) in data.params.iter().enumerate() {
            if self.survey_value(f, v, ValueDef::BlockParam(block, i as u32)) {
                self.record_site(v, DefSite::BlockStart(block));
            }
        }
        let last = data.insts.last().and_then(|&inst| f.insts.get(inst));
        self.terminators_clean &= last.is_some_and(|d| d.kind.is_terminator());
    }

    /// Surveys an instruction placed at `index` in `block`: a terminator only last,
    /// branch targets in the layout (else the CFG is not sound), its results.
    fn survey_inst(&mut self, f: &Function, block: Block, index: usize, inst: Inst) {
        let data = &f.insts[inst];
        if data.kind.is_terminator() {
            self.terminators_clean &= index + 1 == f.blocks[block].insts.len();
            if data.kind.successors().any(|target| !self.in_layout(target)) {
                self.terminators_clean = false;
            }
        }
        for (i, &v) in data.results.iter().enumerate() {
            if self.survey_value(f, v, ValueDef::Result(inst, i as u32)) {
                self.record_site(v, DefSite::After(block, index));
            }
        }
    }

    /// Whether `v` exists and is defined as `def`, noting in the survey if not, or if
    /// it has a name.
    fn survey_value(&mut self, f: &Function, v: Value, def: ValueDef) -> bool {
        match f.values.get(v) {
            Some(data) => {
                self.names_clean &= data.name.is_none();
                let defined = data.def == def;
                self.defs_clean &= defined;
                defined
            }
            None => {
                self.defs_clean = false;
                false
            }
        }
    }

    /// The placed instructions of `block` (those whose first position is here).
    pub fn insts<'a>(
        &'a self,
        f: &'a Function,
        block: Block,
    ) -> impl Iterator<Item = InstRef> + 'a {
        let insts = f.blocks.get(block).map_or(&[][..], |b| &b.insts[..]);
        insts.iter().enumerate().filter_map(move |(index, &inst)| {
            let placed = self.placed_once
                || self.position.get(inst.index()) == Some(&Place::at(block, index));
            placed.then_some(InstRef { block, inst, index })
        })
    }
}

/// Whether the blocks of the layout and their instructions exist (what
/// [`crate::layout::Layout::compute`] relies on).
pub(super) fn body_resolves(f: &Function) -> bool {
    f.layout.iter().all(|&b| {
        f.blocks
            .get(b)
            .is_some_and(|data| data.insts.iter().all(|&i| f.insts.get(i).is_some()))
    })
}

/// Checks the layout and instruction placement and returns the function's shape.
pub(super) fn check_layout(fr: &mut FuncReporter) -> Shape {
    let f = fr.f;
    let mut shape = Shape {
        blocks: Vec::with_capacity(f.layout.len()),
        in_layout: vec![false; f.blocks.len()],
        position: vec![Place::NONE; f.insts.len()],
        // Constants are available everywhere if their literal has their type.
        sites: f
            .values
            .values()
            .map(|data| match data.def {
                ValueDef::Const(imm) if imm.ty() == data.ty => Place::site(DefSite::Everywhere),
                _ => Place::NONE,
            })
            .collect(),
        entry: None,
        cfg_sound: true,
        placed_once: true,
        terminators_clean: true,
        defs_clean: true,
        names_clean: true,
    };
    for &block in &f.layout {
        match shape.in_layout.get_mut(block.index()) {
            None => {
                fr.func(format!(
                    "the layout lists a block that does not exist ({block})"
                ));
                shape.cfg_sound = false;
            }
            Some(true) => {
                fr.block(block, "the block is listed twice in the layout");
                shape.cfg_sound = false;
            }
            Some(listed) => {
                *listed = true;
                shape.blocks.push(block);
            }
        }
    }
    shape.entry = shape.blocks.first().copied();
    for bi in 0..shape.blocks.len() {
        let block = shape.blocks[bi];
        shape.survey_block(f, block);
        for (index, &inst) in f.blocks[block].insts.iter().enumerate() {
            match shape.position.get_mut(inst.index()) {
                None => {
                    fr.block(
                        block,
                        format!("the block lists an instruction that does not exist ({inst})"),
                    );
                    shape.cfg_sound = false;
                    shape.placed_once = false;
                }
                Some(first) if *first != Place::NONE => {
                    let label = super::report::block_label(f, Block::new(first.block as usize));
                    fr.inst(
                        block,
                        inst,
                        format!("the instruction is listed twice (also in block {label})"),
                    );
                    shape.cfg_sound = false;
                    shape.placed_once = false;
                }
                Some(place) => {
                    *place = Place::at(block, index);
                    shape.survey_inst(f, block, index, inst);
                }
            }
        }
    }
    shape
}
