//! Compacting a function's arenas: dropping the instructions, values and blocks that
//! edits left behind.
//!
//! Passes delete instructions and blocks by unlinking them from the layout; their
//! entries stay in the arenas, so after a few passes most of a function's arenas can
//! be garbage, which every map sized by the arenas (and every walk touching them)
//! pays for. [`Function::compact`] renumbers what the layout still holds, densely and
//! in layout order, and rewrites every reference.
//!
//! What the text shows does not change: the printer numbers unnamed values and blocks
//! by position, and names, source locations and spans move with their entities. Slots
//! are kept whether used or not (deleting slots is the optimizer's business).

use crate::entities::{Block, Inst, Value};
use crate::function::{
    BlockData, Function, FunctionSpans, InstData, InstResults, ValueData, ValueDef,
};
use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::{EntityRef, PrimaryMap, SecondaryMap};

impl Function {
    /// How many arena entries are not in the layout: instructions outside every
    /// block of the layout, and blocks not in the layout.
    pub fn garbage(&self) -> usize {
        let live = self.inst_count();
        (self.insts.len() - live.min(self.insts.len())) + (self.blocks.len() - self.layout.len())
    }

    /// Renumbers the blocks of the layout, their instructions and the values still
    /// defined or used, densely and in order, and drops everything else from the
    /// arenas. Returns whether it compacted: a function that refers to a value, block or
    /// instruction outside its layout (which the verifier rejects) is left unchanged.
    ///
    /// ```
    /// let mut module = lir::text::parse("
    ///     func @f(%x: i32) -> i32 {
    ///         %y = add %x, 1
    ///         %z = mul %y, 2
    ///         ret %y
    ///     }").unwrap();
    /// let f = module.func_by_name("f").unwrap();
    /// let func = &mut module.funcs[f];
    /// let entry = func.layout[0];
    /// func.blocks[entry].insts.remove(1); // unlink the `mul`
    /// assert!(func.garbage() > 0);
    /// let before = lir::text::print(&module);
    /// let func = &mut module.funcs[f];
    /// assert!(func.compact());
    /// assert_eq!(func.garbage(), 0);
    /// assert_eq!(lir::text::print(&module), before);
    /// ```
    pub fn compact(&mut self) -> bool {
        let Some(plan) = Renumbering::plan(self) else {
            return false;
        };
        plan.apply(self);
        true
    }
}

/// Old entity -> new entity, for what stays.
struct Renumbering {
    blocks: SecondaryMap<Block, PackedOption<Block>>,
    insts: SecondaryMap<Inst, PackedOption<Inst>>,
    values: SecondaryMap<Value, PackedOption<Value>>,
    /// Old values that stay, in their old order.
    kept_values: Vec<Value>,
    /// Old instructions that stay, in layout order.
    kept_insts: Vec<Inst>,
}

impl Renumbering {
    /// Numbers what stays; `None` if something refers outside the layout.
    fn plan(func: &Function) -> Option<Renumbering> {
        let mut r = Renumbering {
            blocks: SecondaryMap::with_capacity(func.blocks.len()),
            insts: SecondaryMap::with_capacity(func.insts.len()),
            values: SecondaryMap::with_capacity(func.values.len()),
            kept_values: Vec::new(),
            kept_insts: Vec::with_capacity(func.insts.len()),
        };
        r.blocks.resize(func.blocks.len());
        r.insts.resize(func.insts.len());
        r.values.resize(func.values.len());
        for (i, &b) in func.layout.iter().enumerate() {
            if !func.blocks.is_valid(b) || r.blocks[b].is_some() {
                return None;
            }
            r.blocks[b] = Block::new(i).into();
            for &inst in &func.blocks[b].insts {
                if !func.insts.is_valid(inst) || r.insts[inst].is_some() {
                    return None;
                }
                r.insts[inst] = Inst::new(r.kept_insts.len()).into();
                r.kept_insts.push(inst);
            }
        }
        // Values that stay: defined by what stays, or used by it.
        let mut keep: SecondaryMap<Value, bool> = SecondaryMap::with_capacity(func.values.len());
        keep.resize(func.values.len());
        let mut dangling = false;
        let mut mark = |v: Value, keep: &mut SecondaryMap<Value, bool>| {
            if func.values.is_valid(v) {
                keep[v] = true;
            } else {
                dangling = true;
            }
        };
        func.params.iter().for_each(|&p| mark(p, &mut keep));
        func.slots.values().for_each(|s| mark(s.value, &mut keep));
        for &b in &func.layout {
            func.blocks[b]
                .params
                .iter()
                .for_each(|&p| mark(p, &mut keep));
        }
        for &inst in &r.kept_insts {
            let data = &func.insts[inst];
            data.results.iter().for_each(|&v| mark(v, &mut keep));
            data.kind.for_each_arg(|v| mark(v, &mut keep));
            for call in data.kind.block_calls() {
                if r.blocks.get(call.block).is_none_or(|b| b.is_none()) {
                    return None;
                }
            }
        }
        if dangling {
            return None;
        }
        for (v, data) in func.values.iter() {
            if !keep[v] {
                continue;
            }
            let defined_here = match data.def {
                ValueDef::BlockParam(b, _) => r.blocks.get(b).is_some_and(|b| b.is_some()),
                ValueDef::Result(i, _) => r.insts.get(i).is_some_and(|i| i.is_some()),
                ValueDef::Param(_) | ValueDef::Slot(_) | ValueDef::Const(_) => true,
            };
            if !defined_here {
                return None;
            }
            r.values[v] = Value::new(r.kept_values.len()).into();
            r.kept_values.push(v);
        }
        Some(r)
    }

    fn block(&self, b: Block) -> Block {
        self.blocks[b].expect("planned")
    }

    fn inst(&self, i: Inst) -> Inst {
        self.insts[i].expect("planned")
    }

    fn value(&self, v: Value) -> Value {
        self.values[v].expect("planned")
    }

    fn apply(self, func: &mut Function) {
        let mut values = PrimaryMap::with_capacity(self.kept_values.len());
        for &v in &self.kept_values {
            let old = &mut func.values[v];
            let def = match old.def {
                ValueDef::BlockParam(b, i) => ValueDef::BlockParam(self.block(b), i),
                ValueDef::Result(inst, i) => ValueDef::Result(self.inst(inst), i),
                def => def,
            };
            values.push(ValueData {
                ty: old.ty,
                def,
                name: old.name.take(),
            });
        }
        let mut insts = PrimaryMap::with_capacity(self.kept_insts.len());
        let mut srclocs = SecondaryMap::with_capacity(self.kept_insts.len());
        let mut inst_spans = SecondaryMap::new();
        for &i in &self.kept_insts {
            let old = std::mem::replace(
                &mut func.insts[i],
                InstData {
                    kind: crate::inst::InstKind::Trap,
                    results: InstResults::new(),
                },
            );
            let mut kind = old.kind;
            kind.map_args(|v| self.value(v));
            for call in kind.block_calls_mut() {
                call.block = self.block(call.block);
            }
            let results = old.results.iter().map(|&v| self.value(v)).collect();
            let new = insts.push(InstData { kind, results });
            if let Some(&loc) = func.srclocs.get(i) {
                srclocs[new] = loc;
            }
            if let Some(&span) = func.spans.insts.get(i) {
                inst_spans[new] = span;
            }
        }
        let mut blocks = PrimaryMap::with_capacity(func.layout.len());
        let mut block_spans = SecondaryMap::new();
        for &b in &func.layout {
            let old = std::mem::take(&mut func.blocks[b]);
            let new = blocks.push(BlockData {
                name: old.name,
                params: old.params.iter().map(|&v| self.value(v)).collect(),
                insts: old.insts.iter().map(|&i| self.inst(i)).collect(),
            });
            if let Some(&span) = func.spans.blocks.get(b) {
                block_spans[new] = span;
            }
        }
        for slot in func.slots.values_mut() {
            slot.value = self.value(slot.value);
        }
        func.params.iter_mut().for_each(|p| *p = self.value(*p));
        func.layout = blocks.keys().collect();
        func.blocks = blocks;
        func.insts = insts;
        func.values = values;
        func.srclocs = srclocs;
        func.spans = FunctionSpans {
            header: func.spans.header,
            blocks: block_spans,
            insts: inst_spans,
            slots: std::mem::take(&mut func.spans.slots),
        };
        func.rebuild_consts();
    }
}

#[cfg(test)]
mod tests {
    use crate::text::{parse, print};

    #[test]
    fn compaction_keeps_the_text_and_drops_the_garbage() {
        let mut module = parse(
            "file 1 \"a.c\"
            data @d = { i32 7 }
            func @f(%n: i32, %p: ptr) -> i32 {
                slot %s 4
            entry:
                loc 1:2:3
                %a = add %n, 1
                store.i32 [%s], %a
                br_if %n, loop(0, %a), dead
            dead:
                %q = mul %n, 3
                jump loop(%q, %q)
            loop(%i: i32, %acc: i32):
                %d = addr @d
                %v = load.i32 [%d]
                %acc1 = add %acc, %v
                %i1 = add %i, 1
                %more = lt_u %i1, 10
                br_if %more, loop(%i1, %acc1), out
            out:
                %w = load.i32 [%s]
                %r = add %acc1, %w
                ret %r
            }",
        )
        .unwrap();
        let f = module.func_by_name("f").unwrap();
        let func = &mut module.funcs[f];
        // Unlink the dead block and the jump into it, as a pass would.
        let entry = func.layout[0];
        let dead = func.layout.remove(1);
        let term = *func.blocks[entry].insts.last().unwrap();
        let dest = match &func.insts[term].kind {
            crate::InstKind::BrIf { then_dest, .. } => then_dest.clone(),
            _ => unreachable!(),
        };
        func.insts[term].kind = crate::InstKind::Jump { dest };
        let _ = dead;
        let before = print(&module);
        let func = &mut module.funcs[f];
        assert!(
            func.garbage() >= 3,
            "the dead block and its two instructions"
        );
        assert!(func.compact());
        assert_eq!(func.garbage(), 0);
        assert_eq!(func.insts.len(), func.inst_count());
        assert_eq!(print(&module), before);
        crate::verify::verify(&module).unwrap();
        // Compacting again changes nothing.
        let func = &mut module.funcs[f];
        assert!(func.compact());
        assert_eq!(print(&module), before);
    }

    #[test]
    fn a_function_referring_outside_its_layout_is_left_alone() {
        let mut module = parse(
            "func @f(%n: i32) -> i32 {
            entry:
                br_if %n, a, b
            a:
                ret 1
            b:
                ret 2
            }",
        )
        .unwrap();
        let f = module.func_by_name("f").unwrap();
        let func = &mut module.funcs[f];
        func.layout.remove(2);
        let insts = func.insts.len();
        assert!(!func.compact(), "the br_if still names the unlinked block");
        assert_eq!(func.insts.len(), insts);
    }
}
