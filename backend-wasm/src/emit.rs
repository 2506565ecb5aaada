//! Stage 8, emission of one function body: walks the structured items of
//! [`crate::structure`] and writes wasm with `wasm-encoder`, including SSA destruction
//! (the parallel copies at `jump`s), the shadow-stack prologue and epilogues, and
//! `br` depths. Single instructions and their operand trees are emitted by
//! [`crate::emit_inst`].
//!
//! SSA destruction: a `jump`'s copies `params := args` are planned once per function
//! (pairs already in the same local, coalesced by [`crate::locals`], are skipped, as
//! are parameters nobody reads) and sequenced by [`crate::copies`]: direct
//! `local.set`s, cycles broken by holding a value on the operand stack.
//!
//! Before emission, [`crate::arms`] decides which `if`s, `block`s and `loop`s yield a
//! value; their arms and `br`s leave it on the stack (dropping their final `local.set`
//! or adding a `local.get`) and one `local.set` follows the `end`. What this module
//! knows about the first and last instruction of items is its [`crate::arms::Ends`].
//!
//! A value sunk to its first use ([`crate::sink`]) is computed there and written with
//! `local.tee`; a carried value ([`crate::carry`]) is left on the stack by its
//! definition and read by nothing. After emission, [`crate::zeros`] deletes zero sets
//! that restate a local's initial value.
//!
//! Peephole: a `local.set L` directly followed by `local.get L` becomes `local.tee L`,
//! or disappears when that `local.get` is the only use of the value.

use crate::assemble::{ModuleContext, TypeTable};
use crate::emit_copies::CopyPlan;
use crate::error::CompileError;
use crate::limits::MAX_LOCALS;
use crate::locals::{val_type, Locals};
use crate::locations::{LocationRow, Recorder};
use crate::structure::{Item, Label};
use crate::treeify::{reset_map, Schedule};
use crate::values::Values;
use crate::zeros::InitialZeros;
use cranelift_entity::SecondaryMap;
use lir::{Function, Inst, InstKind, Type, Value};
use rustc_hash::FxHashMap as HashMap;
use wasm_encoder::{BlockType, InstructionSink, ValType};

/// Room reserved for the code of each instruction (the generated modules average
/// about 6.5 bytes; a guess that saves the body's regrowth, not a limit).
const BODY_BYTES_PER_INST: usize = 8;

/// A compiled function body, the names of its locals and, when recorded, where the
/// code of its instructions starts (offsets into the instructions of the body).
pub(crate) struct EmittedFunction {
    pub body: wasm_encoder::Function,
    pub local_names: Vec<(u32, String)>,
    pub rows: Vec<LocationRow>,
}

/// The state of emitting one function.
pub(crate) struct Emitter<'a> {
    pub cx: &'a ModuleContext<'a>,
    pub types: &'a TypeTable,
    pub func: &'a Function,
    pub values: &'a Values,
    pub schedule: &'a Schedule,
    pub locals: Locals,
    pub body: Vec<u8>,
    pending_set: Option<u32>,
    /// Open structures: their label, and for an `if` yielding a value the local that
    /// receives it after the `end` (see [`crate::arms`]).
    frames: Vec<(Option<Label>, Option<u32>)>,
    /// The frame of each open label, by block: `[block, loop]` (see [`Label`]).
    label_pos: SecondaryMap<lir::Block, [Option<u32>; 2]>,
    /// The frame base local, for functions with a shadow-stack frame.
    pub fp: Option<u32>,
    scratch: [Option<u32>; 4],
    /// The current compare-tree `switch` and the local holding its index.
    pub switch_index: Option<(Inst, u32)>,
    /// Whether the last item emitted never falls through.
    prev_exits: bool,
    /// Writes of locals, for deleting zero sets that restate a local's initial value.
    zeros: InitialZeros,
    /// Where the zero constant of the pending `local.set` starts, if it sets zero.
    pub pending_zero: Option<usize>,
    /// The plan of each `jump`'s parallel copy, made once before emission.
    pub copy_plans: HashMap<Inst, CopyPlan>,
    /// Sunk values whose `local.tee` has been emitted.
    pub sunk_done: SecondaryMap<Value, bool>,
    /// Where the code of each instruction starts, when locations are recorded.
    recorder: Option<Recorder<'a>>,
}

/// The emitter's buffers, kept from one function to the next ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct EmitScratch {
    body: Vec<u8>,
    frames: Vec<(Option<Label>, Option<u32>)>,
    label_pos: SecondaryMap<lir::Block, [Option<u32>; 2]>,
    sunk_done: SecondaryMap<Value, bool>,
    copy_plans: HashMap<Inst, CopyPlan>,
}

/// Emits the body of `func` from its structured items; local names come from `names`
/// (the function before preparation), instruction locations from `srclocs`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn emit_function(
    cx: &ModuleContext<'_>,
    types: &TypeTable,
    func: &Function,
    names: &Function,
    srclocs: &SecondaryMap<Inst, lir::SourceLoc>,
    values: &Values,
    schedule: &Schedule,
    locals: Locals,
    items: &[Item],
    ws: &mut EmitScratch,
) -> Result<EmittedFunction, CompileError> {
    let mut body = std::mem::take(&mut ws.body);
    body.clear();
    body.reserve(BODY_BYTES_PER_INST * func.insts.len());
    let mut frames = std::mem::take(&mut ws.frames);
    frames.clear();
    let mut label_pos = std::mem::take(&mut ws.label_pos);
    reset_map(&mut label_pos, func.blocks.len());
    let mut sunk_done = std::mem::take(&mut ws.sunk_done);
    reset_map(&mut sunk_done, func.values.len());
    let mut copy_plans = std::mem::take(&mut ws.copy_plans);
    copy_plans.clear();
    copy_plans.reserve(
        items
            .iter()
            .filter(|i| matches!(i, Item::Copies(_)))
            .count(),
    );
    let mut e = Emitter {
        cx,
        types,
        func,
        values,
        schedule,
        locals,
        body,
        pending_set: None,
        frames,
        label_pos,
        fp: None,
        scratch: [None; 4],
        switch_index: None,
        sunk_done,
        copy_plans,
        prev_exits: false,
        zeros: InitialZeros::new(func.params.len() as u32),
        pending_zero: None,
        recorder: cx.locations.then(|| Recorder::new(srclocs)),
    };
    for item in items {
        if let Item::Copies(inst) = item {
            let plan = e.plan_copies(*inst)?;
            e.copy_plans.insert(*inst, plan);
        }
    }
    let yields = crate::arms::yielding(items, &e);
    e.prologue();
    for (i, item) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        e.item(item, last, yields[i])?;
    }
    let falls_off = !items.last().is_some_and(Item::is_unconditional_exit);
    if falls_off && !func.sig.results.is_empty() {
        e.sink().unreachable();
    }
    e.sink().end();
    let zeros = std::mem::take(&mut e.zeros);
    let cut = zeros.apply(&mut e.body);
    let rows = e.recorder.take().map_or_else(Vec::new, |r| r.finish(&cut));
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
    let locals = e.locals.types.len();
    if locals > MAX_LOCALS {
        return Err(CompileError::unsupported(
            &func.name,
            format!(
                "the function needs {locals} locals (values live at the same time); \
                 implementation limit: at most {MAX_LOCALS} locals per function \
                 (WebAssembly engines refuse more)"
            ),
        ));
    }
    let mut body = wasm_encoder::Function::new(e.locals.declarations());
    body.raw(e.body.iter().copied());
    *ws = EmitScratch {
        body: e.body,
        frames: e.frames,
        label_pos: e.label_pos,
        sunk_done: e.sunk_done,
        copy_plans: e.copy_plans,
    };
    crate::limits::check_body(&func.name, body.byte_len())?;
    Ok(EmittedFunction {
        body,
        local_names,
        rows,
    })
}

/// Where a label's frame is kept in [`Emitter::label_pos`].
fn label_key(label: Label) -> (lir::Block, usize) {
    match label {
        Label::Block(b) => (b, 0),
        Label::Loop(b) => (b, 1),
    }
}

impl<'a> Emitter<'a> {
    /// The instruction sink, after writing any pending `local.set`.
    pub(crate) fn sink(&mut self) -> InstructionSink<'_> {
        if let Some(l) = self.pending_set.take() {
            let pos = self.body.len();
            InstructionSink::new(&mut self.body).local_set(l);
            match self.pending_zero.take() {
                Some(start) => self.zeros.zero_set(l, start..self.body.len()),
                None => self.zeros.write(l, pos),
            }
        }
        InstructionSink::new(&mut self.body)
    }

    /// Runs `code`, which emits `inst`, recording where its code starts and ends.
    pub(crate) fn located<T>(
        &mut self,
        inst: Inst,
        code: impl FnOnce(&mut Self) -> Result<T, CompileError>,
    ) -> Result<T, CompileError> {
        if let Some(r) = &mut self.recorder {
            r.enter(inst, self.body.len());
        }
        let result = code(self);
        if let Some(r) = &mut self.recorder {
            r.leave(self.body.len());
        }
        result
    }

    /// The pending `local.set` is not written (its value stays on the stack).
    fn cancel_pending_set(&mut self) -> Option<u32> {
        self.pending_zero = None;
        self.pending_set.take()
    }

    /// The defining instruction of a value sunk to its first use ([`crate::sink`])
    /// when this is that use: it is marked done, the caller computes it.
    pub(crate) fn pending_sunk(&mut self, v: Value) -> Option<Inst> {
        self.schedule.teed[v]?;
        if std::mem::replace(&mut self.sunk_done[v], true) {
            return None;
        }
        match self.func.value_def(v) {
            lir::ValueDef::Result(def, _) => Some(def),
            _ => None,
        }
    }

    /// `local.tee local` (after any pending `local.set`).
    pub(crate) fn local_tee(&mut self, local: u32) {
        self.sink();
        self.zeros.write(local, self.body.len());
        self.sink().local_tee(local);
    }

    pub(crate) fn local_get(&mut self, local: u32) {
        if self.pending_set == Some(local) {
            self.cancel_pending_set();
            self.zeros.write(local, self.body.len());
            InstructionSink::new(&mut self.body).local_tee(local);
        } else {
            self.sink().local_get(local);
        }
    }

    /// Reads the local `local` holding `v`. Directly after `local.set local`, the pair
    /// becomes `local.tee local`, or nothing at all when this is `v`'s only use (the
    /// value stays on the stack).
    pub(crate) fn read_value_local(&mut self, v: Value, local: u32) {
        if self.pending_set == Some(local) && self.values.uses[v] == 1 {
            self.cancel_pending_set();
        } else {
            self.local_get(local);
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
        if !self.schedule.stackified[v] && !self.schedule.carried[v] {
            if let Some(l) = self.locals.local(v) {
                if let Some(def) = self.pending_sunk(v) {
                    self.inst(def)?;
                    self.local_set(l);
                }
                return Ok(l);
            }
        }
        self.value(v)?;
        let s = self.scratch(self.func.value_type(v));
        self.local_set(s);
        Ok(s)
    }

    pub(crate) fn depth(&self, label: Label) -> Result<u32, CompileError> {
        let (b, k) = label_key(label);
        match self.label_pos[b][k] {
            Some(pos) => Ok((self.frames.len() - 1 - pos as usize) as u32),
            None => Err(self.internal(format!("branch to {label:?} outside its structure"))),
        }
    }

    fn open(&mut self, label: Option<Label>, yields: Option<u32>) {
        if let Some(l) = label {
            let (b, k) = label_key(l);
            self.label_pos[b][k] = Some(self.frames.len() as u32);
        }
        self.frames.push((label, yields));
    }

    /// At the end of an arm of an `if` yielding `local`, or at a `br` to (or the end
    /// of) a `block` yielding it: the value goes on the stack. A final `local.set local`
    /// is not written; otherwise `local` is read (it holds the value already), unless
    /// the code before never falls through.
    fn yield_value(&mut self, local: u32) {
        if self.pending_set == Some(local) {
            self.cancel_pending_set();
        } else if !self.prev_exits {
            self.local_get(local);
        }
    }

    /// `yields`: for an `if`, `block` or `loop`, the local its value goes to (see
    /// [`crate::arms`]).
    fn item(&mut self, item: &Item, last: bool, yields: Option<u32>) -> Result<(), CompileError> {
        match item {
            Item::Block(b) => {
                let ty = match yields {
                    Some(l) => BlockType::Result(self.locals.types[l as usize]),
                    None => BlockType::Empty,
                };
                self.sink().block(ty);
                self.open(Some(Label::Block(*b)), yields);
            }
            Item::Loop(b) => {
                let ty = match yields {
                    Some(l) => BlockType::Result(self.locals.types[l as usize]),
                    None => BlockType::Empty,
                };
                self.sink().loop_(ty);
                self.zeros.enter_loop();
                self.open(Some(Label::Loop(*b)), yields);
            }
            Item::If(cond) => {
                self.cond(*cond)?;
                let ty = match yields {
                    Some(l) => BlockType::Result(self.locals.types[l as usize]),
                    None => BlockType::Empty,
                };
                self.sink().if_(ty);
                self.open(None, yields);
            }
            Item::Else => {
                if let Some(&(_, Some(l))) = self.frames.last() {
                    self.yield_value(l);
                }
                self.sink().else_();
            }
            Item::End => {
                let (label, yields) = self.frames.pop().unwrap_or((None, None));
                if let Some(label) = label {
                    let (b, k) = label_key(label);
                    self.label_pos[b][k] = None;
                }
                if let Some(l) = yields {
                    self.yield_value(l);
                }
                self.sink().end();
                if let Some(Label::Loop(_)) = label {
                    self.zeros.exit_loop(self.body.len());
                }
                if let Some(l) = yields {
                    self.local_set(l);
                }
            }
            Item::Br(label) => {
                let d = self.depth(*label)?;
                let pos = self.frames.len() - 1 - d as usize;
                if let Some((Some(Label::Block(_)), Some(l))) = self.frames.get(pos).copied() {
                    self.yield_value(l);
                }
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
            } => self.located(*inst, |e| e.br_table(*inst, *base, targets, *default))?,
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
            Item::Copies(inst) => self.located(*inst, |e| e.copies(*inst))?,
            Item::Exit(inst) => self.located(*inst, |e| e.exit(*inst, last))?,
            Item::Drop(cond) => {
                self.cond(*cond)?;
                self.sink().drop();
            }
        }
        self.prev_exits = item.is_unconditional_exit();
        Ok(())
    }

    /// A statement: its tree, then its results into their locals (or dropped).
    fn root(&mut self, inst: Inst) -> Result<(), CompileError> {
        self.inst(inst)?;
        let func = self.func;
        for &r in func.insts[inst].results.iter().rev() {
            match self.locals.local(r) {
                Some(l) => self.local_set(l),
                // Left on the stack for its use ([`crate::carry`]).
                None if self.schedule.carried[r] => {}
                None => {
                    self.sink().drop();
                }
            }
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
