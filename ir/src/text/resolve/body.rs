//! Building one function body: parameters, slots, blocks and instructions, with their
//! names, then result types by inference.
//!
//! Values may be used textually before their definition (in loops), so every value is
//! created first with its type unknown; then instructions with named results are built
//! in a worklist that waits for operand types until a fixpoint ([`crate::typing`] gives
//! result types); instructions whose results are not written are built last. How each
//! operation's operands are resolved and typed lives in `operands.rs`.

use super::names::NameTable;
use super::{Failure, FileTable, Resolved, Symbols};
use crate::entities::{Block, Func, Inst, Value};
use crate::function::{
    is_reserved_block_name, is_reserved_value_name, Function, ValueData, ValueDef,
};
use crate::inst::InstKind;
use crate::module::Module;
use crate::text::errors::ParseError;
use crate::text::parser::ast::{BodyAst, FuncAst, InstAst, Name, Op};
use crate::types::Type;
use crate::typing::result_types_small;
use cranelift_entity::{EntityRef, PrimaryMap, SecondaryMap};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use smallvec::{smallvec, SmallVec};
use std::collections::VecDeque;

/// Builds the body of `func` (whose shell, with the signature, is in `module`).
pub(super) fn build_function<'b, 'a>(
    module: &'b Module,
    symbols: &'b Symbols<'a>,
    files: &FileTable,
    func: Func,
    ast: &FuncAst<'a>,
    body: &'b BodyAst<'a>,
    errors: &mut Vec<ParseError>,
) -> Function {
    let mut builder = FunctionBuilder {
        module,
        symbols,
        func: module.funcs[func].clone(),
        values: NameTable::new(),
        labels: NameTable::new(),
        poisoned_values: &body.poisoned_values,
        poisoned_labels: &body.poisoned_labels,
        known: SecondaryMap::new(),
        errors: Vec::new(),
    };
    builder.reserve(ast, body);
    builder.declare_params(ast);
    builder.declare_slots(body);
    let insts = builder.declare_blocks(body);
    for &(inst, inst_ast) in &insts {
        let loc = inst_ast.loc.and_then(|i| body.locs.get(i));
        builder.func.srclocs[inst] = files.location(loc, inst_ast.span);
    }
    builder.infer_named_results(&insts);
    builder.build_remaining(&insts);
    errors.append(&mut builder.errors);
    // Values outnumber what the text names (constants, unnamed results), so their
    // arena was sized by a guess: move them to one of the exact size (`shrink_to_fit`
    // may keep the block, and up to half of it unused).
    let values: Vec<ValueData> = std::mem::take(&mut builder.func.values).into();
    let mut exact = Vec::with_capacity(values.len());
    exact.extend(values); // one copy of the whole buffer
    builder.func.values = PrimaryMap::from(exact);
    builder.func
}

pub(super) struct FunctionBuilder<'b, 'a> {
    pub(super) module: &'b Module,
    pub(super) symbols: &'b Symbols<'a>,
    pub(super) func: Function,
    /// Value names as written (digit-only ones included) and where they are defined.
    values: NameTable<'a, Value, false>,
    labels: NameTable<'a, Block, true>,
    poisoned_values: &'b HashSet<&'a str>,
    poisoned_labels: &'b HashSet<&'a str>,
    /// Whether a value's type is known (instruction results start unknown).
    known: SecondaryMap<Value, bool>,
    pub(super) errors: Vec<ParseError>,
}

impl<'b, 'a> FunctionBuilder<'b, 'a> {
    // ---- declarations -------------------------------------------------------------

    /// Sizes the function's arenas for what the text declares, so that they do not
    /// grow (and keep unused room) one element at a time.
    fn reserve(&mut self, ast: &FuncAst<'a>, body: &BodyAst<'a>) {
        let blocks = body.blocks.len();
        let insts = body.insts.len();
        let named: usize = body.blocks.iter().map(|b| b.params.len()).sum::<usize>()
            + body.insts.iter().map(|i| i.results.len()).sum::<usize>();
        let func = &mut self.func;
        func.blocks.reserve_exact(blocks);
        func.layout.reserve_exact(blocks);
        func.insts.reserve_exact(insts);
        func.values
            .reserve(ast.params.len() + body.slots.len() + named + insts);
        // Every instruction and block gets its location and span, so these maps are
        // sized at once (growing them one index at a time costs a call per element).
        func.srclocs = sized_map(insts);
        func.spans.insts = sized_map(insts);
        func.spans.blocks = sized_map(blocks);
        self.values
            .reserve(ast.params.len() + body.slots.len() + named);
        self.labels.reserve(blocks);
        self.known = sized_map(ast.params.len() + body.slots.len() + named + insts);
    }

    fn define_value(&mut self, name: &Name<'a>, value: Value, known: bool) {
        if let Err(first) = self.values.define(name.text, value, name.span) {
            let message = format!("`%{}` is already defined at {first}", name.text);
            self.errors.push(
                ParseError::new(name.span, message)
                    .with_related(first, "first defined here (value names are per function)"),
            );
            return;
        }
        // New values have no name: a name that would not be kept is not even copied.
        if !is_reserved_value_name(name.text) {
            self.func.set_value_name(value, name.text);
        }
        self.known[value] = known;
    }

    fn declare_params(&mut self, ast: &FuncAst<'a>) {
        for (index, name) in ast.params.iter().enumerate() {
            if let (Some(name), Some(&value)) = (name, self.func.params.get(index)) {
                self.define_value(name, value, true);
            }
        }
    }

    fn declare_slots(&mut self, body: &BodyAst<'a>) {
        for slot in &body.slots {
            let (handle, value) = self.func.create_slot(slot.size, slot.align);
            self.func.spans.slots[handle] = slot.span;
            self.define_value(&slot.name, value, true);
        }
    }

    /// Creates blocks, block parameters and instructions (as placeholders with one
    /// result per written name); returns the instructions with their syntax.
    fn declare_blocks(&mut self, body: &'b BodyAst<'a>) -> Vec<(Inst, &'b InstAst<'a>)> {
        let mut insts = Vec::with_capacity(body.insts.len());
        for block_ast in &body.blocks {
            let block = self.func.create_block();
            self.func.spans.blocks[block] = block_ast.span;
            if let Some(label) = &block_ast.label {
                if let Err(first) = self.labels.define(label.text, block, label.span) {
                    let message = format!("block `{}` is already defined at {first}", label.text);
                    self.errors.push(
                        ParseError::new(label.span, message)
                            .with_related(first, "first defined here"),
                    );
                }
                if !is_reserved_block_name(label.text) {
                    self.func.set_block_name(block, label.text);
                }
            }
            let data = &mut self.func.blocks[block];
            data.params.reserve_exact(block_ast.params.len());
            data.insts.reserve_exact(block_ast.insts.len());
            for (name, ty) in &block_ast.params {
                let value = self.func.append_block_param(block, *ty);
                self.define_value(name, value, true);
            }
            for inst_ast in body.insts_of(block_ast) {
                // Result types are placeholders until inference.
                let count = inst_ast.results.len();
                let many: SmallVec<[Type; 4]>;
                let placeholder = match PLACEHOLDER_TYPES.get(..count) {
                    Some(types) => types,
                    None => {
                        many = smallvec![Type::I32; count];
                        &many
                    }
                };
                let inst = self.func.append_inst(block, InstKind::Trap, placeholder);
                self.func.spans.insts[inst] = inst_ast.span;
                for (index, result) in inst_ast.results.iter().enumerate() {
                    let value = self.func.insts[inst].results[index];
                    self.define_value(&result.name, value, false);
                }
                insts.push((inst, inst_ast));
            }
        }
        insts
    }

    // ---- name lookup used by operands.rs --------------------------------------------

    pub(super) fn value(&self, name: &Name<'_>) -> Resolved<Value> {
        match self.values.get(name.text) {
            Some((value, _)) => Ok(value),
            None if self.poisoned_values.contains(name.text) => Err(Failure::Silent),
            None => Err(Failure::at(
                name.span,
                format!("`%{}` is not defined", name.text),
            )),
        }
    }

    /// A value whose type is needed now; defers while it is not inferred.
    pub(super) fn typed_value(&self, name: &Name<'_>) -> Resolved<(Value, Type)> {
        let value = self.value(name)?;
        if self.known[value] {
            Ok((value, self.func.value_type(value)))
        } else {
            Err(Failure::Deferred(value))
        }
    }

    pub(super) fn block(&self, label: &Name<'_>) -> Resolved<Block> {
        match self.labels.get(label.text) {
            Some((block, _)) => Ok(block),
            None if self.poisoned_labels.contains(label.text) => Err(Failure::Silent),
            None => Err(Failure::at(
                label.span,
                format!("block `{}` is not defined", label.text),
            )),
        }
    }

    // ---- building ---------------------------------------------------------------------

    fn mark_known(&mut self, inst: Inst) {
        for &value in &self.func.insts[inst].results {
            self.known[value] = true;
        }
    }

    /// Builds the instructions whose results are named, each as soon as the operand
    /// types it needs are known. Values can only depend on themselves in unreachable
    /// blocks; there, results with a stated type (`%x: i32 = …`) break the cycle.
    fn infer_named_results(&mut self, insts: &[(Inst, &'b InstAst<'a>)]) {
        let mut pending: Vec<usize> = Vec::with_capacity(insts.len());
        pending.extend((0..insts.len()).filter(|&i| !insts[i].1.results.is_empty()));
        loop {
            let stuck = self.infer_pass(insts, pending);
            if stuck.is_empty() {
                return;
            }
            let (stated, unstated): (Vec<usize>, Vec<usize>) = stuck.iter().partition(|&&i| {
                let (inst, ast) = insts[i];
                ast.results.iter().all(|r| r.ty.is_some())
                    && self.func.insts[inst]
                        .results
                        .iter()
                        .any(|&v| !self.known[v])
            });
            if stated.is_empty() {
                self.report_cycles(insts, &unstated);
                return;
            }
            for &index in &stated {
                let (inst, ast) = insts[index];
                let results = self.func.insts[inst].results.clone();
                for (result, value) in ast.results.iter().zip(results) {
                    if let Some((ty, _)) = result.ty {
                        self.func.values[value].ty = ty;
                        self.known[value] = true;
                    }
                }
            }
            pending = stuck;
        }
    }

    /// One round of the worklist over `pending`; returns the instructions still waiting.
    fn infer_pass(&mut self, insts: &[(Inst, &'b InstAst<'a>)], pending: Vec<usize>) -> Vec<usize> {
        let mut queue: VecDeque<usize> = pending.into();
        let mut waiting: HashMap<Value, Vec<usize>> = HashMap::default();
        while let Some(index) = queue.pop_front() {
            let (inst, ast) = insts[index];
            match self.build_kind(&ast.op, ast.mnemonic) {
                Ok(kind) => self.finish_named(inst, ast, kind),
                Err(Failure::Deferred(value)) => {
                    waiting.entry(value).or_default().push(index);
                    continue;
                }
                Err(Failure::Error(error)) => {
                    self.errors.push(error);
                    self.mark_known(inst);
                }
                Err(Failure::Silent) => self.mark_known(inst),
            }
            if !waiting.is_empty() {
                for index in 0..self.func.insts[inst].results.len() {
                    let value = self.func.insts[inst].results[index];
                    if let Some(waiters) = waiting.remove(&value) {
                        queue.extend(waiters);
                    }
                }
            }
        }
        let mut stuck: Vec<usize> = waiting.into_values().flatten().collect();
        stuck.sort_unstable();
        stuck
    }

    fn report_cycles(&mut self, insts: &[(Inst, &'b InstAst<'a>)], stuck: &[usize]) {
        for &index in stuck {
            let (inst, ast) = insts[index];
            let names: Vec<String> = ast
                .results
                .iter()
                .map(|r| format!("`%{}`", r.name.text))
                .collect();
            self.errors.push(ParseError::new(
                ast.span,
                format!(
                    "cannot infer the type of {}: its operands depend on it in a cycle \
                     (state a type, as in `%{}: i32 = ...`)",
                    names.join(", "),
                    ast.results[0].name.text
                ),
            ));
            self.mark_known(inst);
        }
    }

    /// Sets the kind and result types of an instruction with named results.
    fn finish_named(&mut self, inst: Inst, ast: &InstAst<'a>, kind: InstKind) {
        self.mark_known(inst);
        let Some(types) = self.result_types_of(&kind, ast) else {
            return;
        };
        if types.len() != ast.results.len() {
            let message = format!(
                "`{}` defines {} but {} {} given",
                ast.mnemonic,
                count(types.len(), "value"),
                count(ast.results.len(), "name"),
                if ast.results.len() == 1 { "is" } else { "are" },
            );
            self.errors.push(ParseError::new(ast.span, message));
            return;
        }
        for (index, (result, ty)) in ast.results.iter().zip(types).enumerate() {
            let value = self.func.insts[inst].results[index];
            self.func.values[value].ty = ty;
            if let Some((stated, span)) = result.ty {
                if stated != ty {
                    let message = format!(
                        "`%{}` is stated to be {stated} but `{}` gives {ty}",
                        result.name.text, ast.mnemonic
                    );
                    self.errors.push(ParseError::new(span, message));
                }
            }
        }
        self.func.insts[inst].kind = kind;
    }

    /// The result types of a built kind, reporting when they cannot be derived.
    fn result_types_of(
        &mut self,
        kind: &InstKind,
        ast: &InstAst<'a>,
    ) -> Option<SmallVec<[Type; 2]>> {
        let types = result_types_small(self.module, &self.func, kind);
        if types.is_none() {
            let detail = match kind {
                InstKind::Convert { arg, .. } => {
                    format!(" from an {} operand", self.func.value_type(*arg))
                }
                _ => String::new(),
            };
            let message = format!("cannot infer the result type of `{}`{detail}", ast.mnemonic);
            self.errors.push(ParseError::new(ast.span, message));
        }
        types
    }

    /// Builds the instructions without named results and creates their (unnamed) results.
    fn build_remaining(&mut self, insts: &[(Inst, &'b InstAst<'a>)]) {
        for &(inst, ast) in insts.iter().filter(|(_, ast)| ast.results.is_empty()) {
            let kind = match self.build_kind(&ast.op, ast.mnemonic) {
                Ok(kind) => kind,
                Err(Failure::Error(error)) => {
                    self.errors.push(error);
                    continue;
                }
                Err(Failure::Deferred(_) | Failure::Silent) => continue,
            };
            let Some(types) = self.result_types_of(&kind, ast) else {
                continue;
            };
            self.func.insts[inst].results.reserve_exact(types.len());
            for (index, ty) in types.into_iter().enumerate() {
                let value = self.func.values.push(ValueData {
                    ty,
                    def: ValueDef::Result(inst, index as u32),
                    name: None,
                });
                self.known[value] = true;
                self.func.insts[inst].results.push(value);
            }
            self.func.insts[inst].kind = kind;
        }
    }

    /// Builds the kind of an operation; `Op::Invalid` lines fail silently.
    fn build_kind(&mut self, op: &Op<'a>, mnemonic: &str) -> Resolved<InstKind> {
        if let Op::Invalid = op {
            return Err(Failure::Silent);
        }
        self.resolve_op(op, mnemonic)
    }
}

/// The placeholder result types of instructions with up to four named results.
const PLACEHOLDER_TYPES: [Type; 4] = [Type::I32; 4];

/// A map with room and default entries for the first `len` keys.
fn sized_map<K: EntityRef, V: Clone + Default>(len: usize) -> SecondaryMap<K, V> {
    let mut map = SecondaryMap::with_capacity(len);
    map.resize(len);
    map
}

/// `1 value`, `2 values`, `no values`.
fn count(n: usize, noun: &str) -> String {
    match n {
        0 => format!("no {noun}s"),
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}
