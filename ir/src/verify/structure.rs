//! Structural checks of one function: the layout, where each instruction sits,
//! terminators, the entry block, parameter and slot values, value definitions and
//! local names.
//!
//! The result is a [`Shape`]: the function's blocks and instruction positions with
//! every dangling handle and duplicate removed, which the operand and SSA checks walk
//! instead of the raw (possibly malformed) data. Types and dominance are not checked
//! here.

use super::items::is_valid_global_name;
use super::report::{describe_def, FuncReporter};
use super::InstRef;
use crate::entities::{Block, Inst, Value};
use crate::function::{is_reserved_block_name, Function, ValueDef};
use crate::types::Type;
use cranelift_entity::EntityRef;
use rustc_hash::FxHashMap as HashMap;

/// The sound part of a function's layout.
pub(super) struct Shape {
    /// Blocks of the layout that exist, each once, in layout order.
    pub blocks: Vec<Block>,
    /// By block index: whether the block is one of `blocks`.
    in_layout: Vec<bool>,
    /// By instruction index: where it is placed (its first place if listed twice).
    position: Vec<Place>,
    /// By value index: where the value becomes available, once `check_value_defs`
    /// has found its definition where the value is listed.
    sites: Vec<Place>,
    pub entry: Option<Block>,
    /// Whether the CFG analyses may run: every layout block exists and is listed once,
    /// every instruction exists and is placed once, and every branch target is a block
    /// of the layout.
    pub cfg_sound: bool,
    /// Whether every instruction the layout's blocks list exists and is listed once
    /// (then each is placed where it is listed).
    placed_once: bool,
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

    /// Where `inst` is placed (its first place), if it is.
    pub fn position(&self, inst: Inst) -> Option<(Block, usize)> {
        match self.position.get(inst.index()) {
            Some(&p) if p != Place::NONE => Some((Block::new(p.block as usize), p.index as usize)),
            _ => None,
        }
    }

    /// Where `v` becomes available, if `check_value_defs` found its definition where
    /// the value is listed (a parameter, slot, block parameter of a layout block or
    /// result of a placed instruction); `None` for constants and unchecked values.
    pub fn recorded_site(&self, v: Value) -> Option<DefSite> {
        let p = *self.sites.get(v.index())?;
        match (p.block, p.index) {
            (u32::MAX, _) => None,
            (Place::EVERYWHERE, _) => Some(DefSite::Everywhere),
            (block, Place::START) => Some(DefSite::BlockStart(Block::new(block as usize))),
            (block, index) => Some(DefSite::After(Block::new(block as usize), index as usize)),
        }
    }

    fn record_site(&mut self, v: Value, site: DefSite) {
        if let Some(slot) = self.sites.get_mut(v.index()) {
            *slot = Place::site(site);
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
        sites: vec![Place::NONE; f.values.len()],
        entry: None,
        cfg_sound: true,
        placed_once: true,
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
    for &block in &shape.blocks {
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
                Some(place) => *place = Place::at(block, index),
            }
        }
    }
    shape
}

/// Checks that the function has an entry block without parameters and that every
/// block ends with exactly one terminator.
pub(super) fn check_blocks(fr: &mut FuncReporter, shape: &mut Shape) {
    let f = fr.f;
    let Some(entry) = shape.entry else {
        fr.func("a defined function needs at least one block");
        return;
    };
    if !f.blocks[entry].params.is_empty() {
        fr.block(entry, "the entry block cannot have parameters");
    }
    for &block in &shape.blocks {
        let insts = &f.blocks[block].insts;
        for (index, &inst) in insts.iter().enumerate() {
            let Some(data) = f.insts.get(inst) else {
                continue;
            };
            let is_last = index + 1 == insts.len();
            if data.kind.is_terminator() && !is_last {
                fr.inst(
                    block,
                    inst,
                    "a terminator must be the last instruction of its block",
                );
            }
            if data
                .kind
                .successors()
                .any(|target| !shape.in_layout(target))
            {
                shape.cfg_sound = false;
            }
        }
        let last = insts.last().and_then(|&inst| f.insts.get(inst));
        if !last.is_some_and(|data| data.kind.is_terminator()) {
            fr.block(block, "the block does not end with a terminator");
        }
    }
}

/// Checks that parameter, slot, block-parameter and result values exist and that
/// their definitions point back to where they are listed, and records in `shape`
/// where each value so found becomes available.
pub(super) fn check_value_defs(fr: &mut FuncReporter, shape: &mut Shape) {
    let f = fr.f;
    if f.params.len() != f.sig.params.len() {
        fr.func(format!(
            "the function has {} parameter values but its signature has {} parameters",
            f.params.len(),
            f.sig.params.len()
        ));
    }
    for (i, &v) in f.params.iter().enumerate() {
        let want = f.sig.params.get(i).copied();
        let def = ValueDef::Param(i as u32);
        if defined_as(f, v, def) {
            shape.record_site(v, DefSite::Everywhere);
        }
        if let Some(message) = def_mismatch(fr, v, def, want) {
            fr.func(message);
        }
    }
    for (slot, data) in f.slots.iter() {
        if defined_as(f, data.value, ValueDef::Slot(slot)) {
            shape.record_site(data.value, DefSite::Everywhere);
        }
        if let Some(message) = def_mismatch(fr, data.value, ValueDef::Slot(slot), Some(Type::PTR)) {
            fr.slot(slot, message);
        }
        if let Some(align) = data.align {
            if !align.is_power_of_two() || align > 16 {
                let name = fr.value(data.value);
                fr.slot(
                    slot,
                    format!("slot {name}: alignment {align} is not a power of two up to 16"),
                );
            }
        }
    }
    for bi in 0..shape.blocks.len() {
        let block = shape.blocks[bi];
        for (i, &v) in f.blocks[block].params.iter().enumerate() {
            let def = ValueDef::BlockParam(block, i as u32);
            if defined_as(f, v, def) {
                shape.record_site(v, DefSite::BlockStart(block));
            } else if let Some(message) = def_mismatch(fr, v, def, None) {
                fr.block(block, message);
            }
        }
        for (index, &inst) in f.blocks[block].insts.iter().enumerate() {
            if shape.position(inst) != Some((block, index)) {
                continue; // missing, or placed where it is listed first
            }
            for (i, &v) in f.insts[inst].results.iter().enumerate() {
                let def = ValueDef::Result(inst, i as u32);
                if defined_as(f, v, def) {
                    shape.record_site(v, DefSite::After(block, index));
                } else if let Some(message) = def_mismatch(fr, v, def, None) {
                    fr.inst(block, inst, message);
                }
            }
        }
    }
}

/// Whether `v` exists and its definition is `def`.
fn defined_as(f: &Function, v: Value, def: ValueDef) -> bool {
    f.values.get(v).is_some_and(|data| data.def == def)
}

/// An error if `v` does not exist, is not defined as `def`, or is not of type `want`.
fn def_mismatch(fr: &FuncReporter, v: Value, def: ValueDef, want: Option<Type>) -> Option<String> {
    let f = fr.f;
    let place = || describe_def(f, def);
    let name = || fr.value(v);
    let Some(data) = f.values.get(v) else {
        return Some(format!("{} is {}, which does not exist", place(), name()));
    };
    if data.def != def {
        let actual = describe_def(f, data.def);
        return Some(format!(
            "{} is {}, which is defined as {actual}",
            place(),
            name()
        ));
    }
    match want {
        Some(ty) if data.ty != ty => Some(format!(
            "{} ({}) has type {}, expected {ty}",
            place(),
            name(),
            data.ty
        )),
        _ => None,
    }
}

/// Checks that value names and block labels are well formed and unique.
pub(super) fn check_local_names(fr: &mut FuncReporter, shape: &Shape) {
    let f = fr.f;
    let mut values: HashMap<&str, ()> = HashMap::default();
    let mut check_value = |v: Value| -> Option<String> {
        let name = f.values.get(v)?.name.as_deref()?;
        if !is_valid_value_name(name) {
            Some(format!("invalid value name `%{name}`"))
        } else if values.insert(name, ()).is_some() {
            Some(format!("the value name %{name} is defined twice"))
        } else {
            None
        }
    };
    for &v in f.params.iter().chain(f.slots.values().map(|s| &s.value)) {
        if let Some(message) = check_value(v) {
            fr.func(message);
        }
    }
    let mut labels: HashMap<&str, ()> = HashMap::default();
    for &block in &shape.blocks {
        if let Some(label) = f.blocks[block].name.as_deref() {
            if !is_valid_block_label(label) {
                fr.block(block, format!("invalid block label `{label}`"));
            } else if labels.insert(label, ()).is_some() {
                fr.block(block, format!("the block label {label} is used twice"));
            }
        }
        for &v in &f.blocks[block].params {
            if let Some(message) = check_value(v) {
                fr.block(block, message);
            }
        }
        for r in shape.insts(f, block) {
            for &v in &f.insts[r.inst].results {
                if let Some(message) = check_value(v) {
                    fr.inst(block, r.inst, message);
                }
            }
        }
    }
}

/// `[A-Za-z0-9_.$]+`, not only digits (digit-only names mean "unnamed").
fn is_valid_value_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'))
        && !name.chars().all(|c| c.is_ascii_digit())
}

/// `[A-Za-z_.$][A-Za-z0-9_.$]*`, not of the form `bbN` (how unnamed blocks print).
fn is_valid_block_label(label: &str) -> bool {
    is_valid_global_name(label) && !is_reserved_block_name(label)
}
