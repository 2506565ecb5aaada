//! What the emitter writes first and last for single items, for the decisions of
//! [`crate::arms`]: the local a `Code` or `Copies` item sets last, and the local the
//! first instruction of an item reads (through stackified trees and sunk values).

use crate::copies;
use crate::emit::Emitter;
use crate::structure::{Cond, Item};
use crate::values::Values;
use lir::{Function, Inst, Value};

/// What the emitter will write first and last for single items (see [`crate::arms`]).
impl crate::arms::Ends for Emitter<'_> {
    fn tail_set(&self, item: &Item) -> Option<u32> {
        match item {
            Item::Code(b) => {
                let roots = &self.schedule.roots[*b];
                let last = *roots.len().checked_sub(2).and_then(|i| roots.get(i))?;
                let &first = self.func.insts[last].results.first()?;
                self.locals.local(first)
            }
            Item::Copies(inst) => match self.copy_plans.get(inst)?.steps.last()? {
                copies::Step::Set(d) => Some(*d),
                copies::Step::Push(_) => None,
            },
            _ => None,
        }
    }

    fn head_get(&self, item: &Item) -> Option<(u32, bool)> {
        let func = self.func;
        let (root, first) = match item {
            Item::Code(b) => {
                let roots = &self.schedule.roots[*b];
                let root = *roots.get(..roots.len().checked_sub(1)?)?.first()?;
                (root, first_operand(func, self.values, root))
            }
            Item::If(Cond::Value { value, .. })
            | Item::BrIf(Cond::Value { value, .. }, _)
            | Item::Drop(Cond::Value { value, .. }) => {
                let lir::ValueDef::Result(def, _) = func.value_def(*value) else {
                    return None;
                };
                let root = *self.schedule.roots[self.values.block_of[def]?].last()?;
                (root, Some(*value))
            }
            Item::Exit(inst) => (*inst, first_operand(func, self.values, *inst)),
            _ => return None,
        };
        // Down the leftmost operands of stackified trees (and a sunk value's first
        // occurrence, which is where it is computed) to the first local read.
        let mut v = first?;
        for _ in 0..crate::treeify::MAX_TREE_DEPTH * 2 {
            let def = match func.value_def(v) {
                lir::ValueDef::Result(def, _) => Some(def),
                _ => None,
            };
            let computed_here = self.schedule.stackified[v] || self.schedule.teed[v] == Some(root);
            match def {
                Some(def) if computed_here => v = first_operand(func, self.values, def)?,
                _ if self.values.remat[v].is_some() => return None,
                _ => return Some((self.locals.local(v)?, self.values.uses[v] == 1)),
            }
        }
        None
    }
}

/// The operand `inst` evaluates first.
fn first_operand(func: &Function, values: &Values, inst: Inst) -> Option<Value> {
    let mut first = None;
    values.for_each_operand(func, inst, |v| {
        first.get_or_insert(v);
    });
    first
}
