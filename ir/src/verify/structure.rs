//! Structural checks of one function beyond its layout: terminators, the entry
//! block, parameter and slot values, value definitions and local names.
//!
//! Each check walks the blocks of the [`Shape`] (the layout with every dangling
//! handle and duplicate removed) only when the shape's survey found something it
//! would report; the messages and their order are those of the full walk. Types and
//! dominance are not checked here.

use super::items::is_valid_global_name;
use super::report::{describe_def, FuncReporter};
use super::shape::{DefSite, Shape};
use crate::entities::Value;
use crate::function::{is_reserved_block_name, Function, ValueDef};
use crate::types::Type;
use rustc_hash::FxHashMap as HashMap;

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
    if shape.terminators_clean && shape.placed_once() {
        return;
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
    if shape.defs_clean {
        return; // and the survey recorded every site
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
    if shape.names_clean {
        return;
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
