//! Stage 8, emission of one function body: walks the structured items of
//! [`crate::structure`] and writes wasm with `wasm-encoder`, including SSA destruction
//! (the parallel copies at `jump`s), the shadow-stack prologue and epilogues, and
//! `br` depths. Single instructions and their operand trees are emitted by
//! [`crate::emit_inst`].
//!
//! SSA destruction: a `jump`'s copies `params := args` are sequenced through the
//! operand stack — all sources are pushed, then the destinations are set in reverse —
//! which is correct for any permutation, swaps included, without temporaries. Pairs
//! already in the same local (coalesced by [`crate::locals`]) are skipped, as are
//! parameters nobody reads.
//!
//! Peephole: a `local.set L` directly followed by `local.get L` becomes `local.tee L`.

use crate::assemble::{ModuleContext, TypeTable};
use crate::error::CompileError;
use crate::locals::{val_type, Locals};
use crate::structure::{Cond, Item, Label};
use crate::treeify::Schedule;
use crate::values::Values;
use lir::{Function, Inst, InstKind, Type, Value};
use std::collections::HashMap;
use wasm_encoder::{BlockType, InstructionSink, ValType};

/// A compiled function body and the names of its locals.
pub(crate) struct EmittedFunction {
    pub body: wasm_encoder::Function,
    pub local_names: Vec<(u32, String)>,
}

/// The state of emitting one function.
pub(crate) struct Emitter<'a> {
    pub cx: &'a ModuleContext<'a>,
    pub types: &'a TypeTable,
    pub func: &'a Function,
    pub values: &'a Values,
    pub schedule: &'a Schedule,
    pub locals: Locals,
    body: Vec<u8>,
    pending_set: Option<u32>,
    frames: Vec<Option<Label>>,
    label_pos: HashMap<Label, usize>,
    /// The frame base local, for functions with a shadow-stack frame.
    pub fp: Option<u32>,
    scratch: [Option<u32>; 4],
    /// The current compare-tree `switch` and the local holding its index.
    switch_index: Option<(Inst, u32)>,
}

/// Emits the body of `func` from its structured items; local names come from the
/// values of `names` (the function before preparation).
#[allow(clippy::too_many_arguments)]
pub(crate) fn emit_function(
    cx: &ModuleContext<'_>,
    types: &TypeTable,
    func: &Function,
    names: &Function,
    values: &Values,
    schedule: &Schedule,
    locals: Locals,
    items: &[Item],
) -> Result<EmittedFunction, CompileError> {
    let mut e = Emitter {
        cx,
        types,
        func,
        values,
        schedule,
        locals,
        body: Vec::new(),
        pending_set: None,
        frames: Vec::new(),
        label_pos: HashMap::new(),
        fp: None,
        scratch: [None; 4],
        switch_index: None,
    };
    e.prologue();
    for (i, item) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        e.item(item, last)?;
    }
    let falls_off = !items.last().is_some_and(Item::is_unconditional_exit);
    if falls_off && !func.sig.results.is_empty() {
        e.sink().unreachable();
    }
    e.sink().end();
    let mut local_names = if cx.names {
        e.locals.names(names)
    } else {
        Vec::new()
    };
    if let Some(fp) = e.fp.filter(|_| cx.names) {
        local_names.push((fp, "__frame".to_string()));
    }
    for (slot, local) in e.scratch.iter().enumerate().filter(|_| cx.names) {
        if let Some(l) = local {
            local_names.push((
                *l,
                format!("__scratch_{}", ["i32", "i64", "f32", "f64"][slot]),
            ));
        }
    }
    local_names.sort();
    let mut body = wasm_encoder::Function::new(e.locals.declarations());
    body.raw(e.body);
    Ok(EmittedFunction { body, local_names })
}

impl<'a> Emitter<'a> {
    /// The instruction sink, after writing any pending `local.set`.
    pub(crate) fn sink(&mut self) -> InstructionSink<'_> {
        if let Some(l) = self.pending_set.take() {
            InstructionSink::new(&mut self.body).local_set(l);
        }
        InstructionSink::new(&mut self.body)
    }

    pub(crate) fn local_get(&mut self, local: u32) {
        if self.pending_set == Some(local) {
            self.pending_set = None;
            InstructionSink::new(&mut self.body).local_tee(local);
        } else {
            self.sink().local_get(local);
        }
    }

    pub(crate) fn local_set(&mut self, local: u32) {
        self.sink();
        self.pending_set = Some(local);
    }

    pub(crate) fn internal(&self, message: impl Into<String>) -> CompileError {
        CompileError::Internal {
            function: self.func.name.clone(),
            message: message.into(),
        }
    }

    /// A scratch local of type `ty`, used only within one instruction's sequence.
    pub(crate) fn scratch(&mut self, ty: Type) -> u32 {
        let slot = Type::ALL.iter().position(|&t| t == ty).unwrap_or(0);
        match self.scratch[slot] {
            Some(l) => l,
            None => {
                let l = self.locals.add(val_type(ty));
                self.scratch[slot] = Some(l);
                l
            }
        }
    }

    /// A local holding `v`: its own, or a scratch local it is computed into.
    pub(crate) fn operand_in_local(&mut self, v: Value) -> Result<u32, CompileError> {
        if !self.schedule.stackified[v] {
            if let Some(l) = self.locals.local(v) {
                return Ok(l);
            }
        }
        self.value(v)?;
        let s = self.scratch(self.func.value_type(v));
        self.local_set(s);
        Ok(s)
    }

    fn depth(&self, label: Label) -> Result<u32, CompileError> {
        match self.label_pos.get(&label) {
            Some(&pos) => Ok((self.frames.len() - 1 - pos) as u32),
            None => Err(self.internal(format!("branch to {label:?} outside its structure"))),
        }
    }

    fn open(&mut self, label: Option<Label>) {
        if let Some(l) = label {
            self.label_pos.insert(l, self.frames.len());
        }
        self.frames.push(label);
    }

    fn item(&mut self, item: &Item, last: bool) -> Result<(), CompileError> {
        match item {
            Item::Block(b) => {
                self.sink().block(BlockType::Empty);
                self.open(Some(Label::Block(*b)));
            }
            Item::Loop(b) => {
                self.sink().loop_(BlockType::Empty);
                self.open(Some(Label::Loop(*b)));
            }
            Item::If(cond) => {
                self.cond(*cond)?;
                self.sink().if_(BlockType::Empty);
                self.open(None);
            }
            Item::Else => {
                self.sink().else_();
            }
            Item::End => {
                if let Some(Some(label)) = self.frames.pop() {
                    self.label_pos.remove(&label);
                }
                self.sink().end();
            }
            Item::Br(label) => {
                let d = self.depth(*label)?;
                self.sink().br(d);
            }
            Item::BrIf(cond, label) => {
                self.cond(*cond)?;
                let d = self.depth(*label)?;
                self.sink().br_if(d);
            }
            Item::BrTable {
                inst,
                base,
                targets,
                default,
            } => self.br_table(*inst, *base, targets, *default)?,
            Item::SwitchIndex(inst) => {
                let index = self.switch_value(*inst)?;
                let local = self.operand_in_local(index)?;
                self.switch_index = Some((*inst, local));
            }
            Item::Code(b) => {
                let schedule = self.schedule;
                let roots = &schedule.roots[*b];
                let Some((_, statements)) = roots.split_last() else {
                    return Err(self.internal("block without terminator"));
                };
                for &root in statements {
                    self.root(root)?;
                }
            }
            Item::Copies(inst) => self.copies(*inst)?,
            Item::Exit(inst) => self.exit(*inst, last)?,
            Item::Drop(cond) => {
                self.cond(*cond)?;
                self.sink().drop();
            }
        }
        Ok(())
    }

    fn switch_value(&self, inst: Inst) -> Result<Value, CompileError> {
        match &self.func.insts[inst].kind {
            InstKind::Switch { index, .. } => Ok(*index),
            _ => Err(self.internal("switch item for a non-switch instruction")),
        }
    }

    /// Pushes the i32 truth value of a condition.
    fn cond(&mut self, cond: Cond) -> Result<(), CompileError> {
        match cond {
            Cond::Value { value, negate } => {
                if negate && self.negated_in_place(value)? {
                    return Ok(());
                }
                self.value(value)?;
                if negate {
                    self.sink().i32_eqz();
                }
            }
            Cond::KeyEq { inst, key } | Cond::KeyNe { inst, key } | Cond::KeyLtU { inst, key } => {
                // The index is read from its local when several tests read it (after a
                // `SwitchIndex` item), else evaluated in place.
                let index = self.switch_value(inst)?;
                let ty = self.func.value_type(index);
                match self.switch_index {
                    Some((i, local)) if i == inst => self.local_get(local),
                    _ => self.value(index)?,
                }
                let mut s = self.sink();
                match cond {
                    Cond::KeyEq { .. } if key == 0 => {
                        crate::isel::unary(&mut s, lir::UnaryOp::Eqz, ty);
                    }
                    // An i32 is its own "is not zero" test.
                    Cond::KeyNe { .. } if key == 0 && ty == Type::I32 => {}
                    _ => {
                        let op = match cond {
                            Cond::KeyEq { .. } => lir::CompareOp::Eq,
                            Cond::KeyNe { .. } => lir::CompareOp::Ne,
                            _ => lir::CompareOp::LtU,
                        };
                        crate::isel::constant(&mut s, lir::Imm::new(ty, key));
                        crate::isel::compare(&mut s, op, ty);
                    }
                }
            }
        }
        Ok(())
    }

    /// Emits the negation of a stackified comparison by inverting it (or of an i32
    /// `eqz` by dropping it); false if `value` is not such an instruction.
    fn negated_in_place(&mut self, value: Value) -> Result<bool, CompileError> {
        if !self.schedule.stackified[value] {
            return Ok(false);
        }
        let lir::ValueDef::Result(def, _) = self.func.value_def(value) else {
            return Ok(false);
        };
        if let InstKind::Unary {
            op: lir::UnaryOp::Eqz,
            arg,
        } = self.func.insts[def].kind
        {
            // `!(x == 0)` is `x` itself as an i32 condition.
            if self.func.value_type(arg) == Type::I32 {
                self.value(arg)?;
                return Ok(true);
            }
        }
        let InstKind::Compare { op, args } = self.func.insts[def].kind else {
            return Ok(false);
        };
        let ty = self.func.value_type(args[0]);
        let Some(inverse) = crate::isel::inverse_compare(op, ty) else {
            return Ok(false);
        };
        self.value(args[0])?;
        self.value(args[1])?;
        crate::isel::compare(&mut self.sink(), inverse, ty);
        Ok(true)
    }

    fn br_table(
        &mut self,
        inst: Inst,
        base: u64,
        targets: &[Label],
        default: Label,
    ) -> Result<(), CompileError> {
        let index = self.switch_value(inst)?;
        let ty = self.func.value_type(index);
        let rebase = |e: &mut Self| {
            if base != 0 {
                let mut s = e.sink();
                crate::isel::constant(&mut s, lir::Imm::new(ty, base));
                crate::isel::binary(&mut s, lir::BinaryOp::Sub, ty);
            }
        };
        if ty == Type::I64 {
            let local = self.operand_in_local(index)?;
            self.local_get(local);
            rebase(self);
            self.sink().i64_const(targets.len() as i64);
            self.sink().i64_ge_u();
            let d = self.depth(default)?;
            self.sink().br_if(d);
            self.local_get(local);
            rebase(self);
            self.sink().i32_wrap_i64();
        } else {
            self.value(index)?;
            rebase(self);
        }
        let depths = targets
            .iter()
            .map(|&t| self.depth(t))
            .collect::<Result<Vec<u32>, _>>()?;
        let d = self.depth(default)?;
        self.sink().br_table(depths, d);
        Ok(())
    }

    /// A statement: its tree, then its results into their locals (or dropped).
    fn root(&mut self, inst: Inst) -> Result<(), CompileError> {
        self.inst(inst)?;
        let func = self.func;
        for &r in func.insts[inst].results.iter().rev() {
            match self.locals.local(r) {
                Some(l) => self.local_set(l),
                None => {
                    self.sink().drop();
                }
            }
        }
        Ok(())
    }

    /// The parallel copy of a `jump`'s arguments into its target's parameters.
    fn copies(&mut self, inst: Inst) -> Result<(), CompileError> {
        let func = self.func;
        let InstKind::Jump { dest } = &func.insts[inst].kind else {
            return Err(self.internal("copies for a non-jump instruction"));
        };
        let params = &func.blocks[dest.block].params;
        let mut destinations = Vec::new();
        for (&arg, &param) in dest.args.iter().zip(params) {
            match copy_action(self.schedule, &self.locals, arg, param) {
                CopyAction::Skip => {}
                CopyAction::EvaluateAndDrop => {
                    self.value(arg)?;
                    self.sink().drop();
                }
                CopyAction::Copy(d) => {
                    self.value(arg)?;
                    destinations.push(d);
                }
            }
        }
        for &d in destinations.iter().rev() {
            self.local_set(d);
        }
        Ok(())
    }

    /// A terminator leaving the function.
    fn exit(&mut self, inst: Inst, last: bool) -> Result<(), CompileError> {
        let func = self.func;
        match &func.insts[inst].kind {
            InstKind::Ret { values } => {
                for &v in values {
                    self.value(v)?;
                }
                self.epilogue();
                if !last {
                    self.sink().return_();
                }
            }
            InstKind::Trap => {
                self.sink().unreachable();
            }
            InstKind::ReturnCall { func, args } => {
                for &v in args {
                    self.value(v)?;
                }
                self.epilogue();
                let index = self.cx.func_index[*func];
                self.sink().return_call(index);
            }
            InstKind::ReturnCallIndirect { sig, callee, args } => {
                for &v in args {
                    self.value(v)?;
                }
                self.value(*callee)?;
                self.epilogue();
                let ty = self.signature_type(sig)?;
                self.sink().return_call_indirect(0, ty);
            }
            _ => return Err(self.internal("exit item for a non-exit instruction")),
        }
        Ok(())
    }

    /// The type index of an indirect call's signature.
    pub(crate) fn signature_type(&self, sig: &lir::Signature) -> Result<u32, CompileError> {
        self.types
            .lookup(sig)
            .ok_or_else(|| self.internal(format!("signature {sig} was not registered")))
    }

    fn stack_pointer(&self) -> u32 {
        self.cx.stack_pointer.unwrap_or(0)
    }

    /// Calls the overflow helper when the shadow stack pointer is below `limit`.
    pub(crate) fn check_stack(&mut self, limit: u64) {
        let helper = self.cx.helpers.stack_overflow.unwrap_or(0);
        if limit > u32::MAX as u64 {
            self.sink().call(helper);
            return;
        }
        let sp = self.stack_pointer();
        let mut s = self.sink();
        s.global_get(sp).i32_const(limit as u32 as i32).i32_lt_u();
        s.if_(BlockType::Empty).call(helper).end();
    }

    /// Allocates the frame of a function with slots or `stack.alloc`.
    fn prologue(&mut self) {
        let has_alloc = self.func.layout.iter().any(|&b| {
            self.func.blocks[b]
                .insts
                .iter()
                .any(|&i| matches!(self.func.insts[i].kind, InstKind::StackAlloc { .. }))
        });
        if self.func.slots.is_empty() && !has_alloc {
            return;
        }
        let fp = self.locals.add(ValType::I32);
        self.fp = Some(fp);
        let size = self.values.frame.size;
        let sp = self.stack_pointer();
        if size > 0 {
            self.check_stack(self.cx.layout.stack_base as u64 + size as u64);
            let mut s = self.sink();
            s.global_get(sp).i32_const(size as i32).i32_sub();
            s.local_tee(fp).global_set(sp);
        } else {
            self.sink().global_get(sp);
            self.local_set(fp);
        }
    }

    /// Releases the frame (before `ret` and tail calls).
    fn epilogue(&mut self) {
        let Some(fp) = self.fp else {
            return;
        };
        let size = self.values.frame.size;
        let sp = self.stack_pointer();
        self.local_get(fp);
        let mut s = self.sink();
        if size > 0 {
            s.i32_const(size as i32).i32_add();
        }
        s.global_set(sp);
    }
}

/// What the parallel copy of a `jump` does for one argument.
enum CopyAction {
    /// Nothing: the parameter is unused, or already in the argument's local.
    Skip,
    /// The parameter is unused but the argument is a stackified tree.
    EvaluateAndDrop,
    /// Push the argument; set this local.
    Copy(u32),
}

fn copy_action(schedule: &Schedule, locals: &Locals, arg: Value, param: Value) -> CopyAction {
    let stackified = schedule.stackified[arg];
    match locals.local(param) {
        None if stackified => CopyAction::EvaluateAndDrop,
        None => CopyAction::Skip,
        Some(d) if !stackified && locals.local(arg) == Some(d) => CopyAction::Skip,
        Some(d) => CopyAction::Copy(d),
    }
}

/// Whether an item emits nothing: the code of a block without statements, or a
/// parallel copy whose pairs were all coalesced.
pub(crate) fn emits_nothing(
    func: &Function,
    schedule: &Schedule,
    locals: &Locals,
    item: &Item,
) -> bool {
    match item {
        Item::Code(b) => schedule.roots[*b].len() <= 1,
        Item::Copies(inst) => match &func.insts[*inst].kind {
            InstKind::Jump { dest } => dest
                .args
                .iter()
                .zip(&func.blocks[dest.block].params)
                .all(|(&a, &p)| matches!(copy_action(schedule, locals, a, p), CopyAction::Skip)),
            _ => false,
        },
        _ => false,
    }
}
