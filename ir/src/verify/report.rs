//! Collecting errors with their context: which function, block and instruction they
//! belong to, the instruction's text and the best source span available.
//!
//! This file does not decide what is an error; the checks call into it. It also owns
//! the small "describe this handle safely" helpers, which never index an arena
//! without checking (the module may be malformed).

use super::error::VerifyError;
use crate::entities::{Block, Func, Inst, Slot, Value};
use crate::function::{Function, ValueDef};
use crate::module::Module;
use crate::span::Span;
use crate::text::{print_inst_with_names, Names};
use std::cell::OnceCell;

/// The errors found so far in a module.
pub(super) struct Reporter<'m> {
    pub module: &'m Module,
    pub errors: Vec<VerifyError>,
}

impl<'m> Reporter<'m> {
    pub fn new(module: &'m Module) -> Self {
        Reporter {
            module,
            errors: Vec::new(),
        }
    }

    /// An error about a module-level item (memory, stack, data, global, names).
    pub fn item(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(VerifyError {
            func: None,
            block: None,
            inst: None,
            span,
            message: message.into(),
        });
    }
}

/// Reports errors inside one function.
pub(super) struct FuncReporter<'r, 'm> {
    rep: &'r mut Reporter<'m>,
    pub module: &'m Module,
    pub func: Func,
    pub f: &'m Function,
    /// The text names of values and blocks, computed when the first error needs them.
    names: OnceCell<Names>,
}

impl<'r, 'm> FuncReporter<'r, 'm> {
    pub fn new(rep: &'r mut Reporter<'m>, func: Func, f: &'m Function) -> Self {
        let module = rep.module;
        FuncReporter {
            rep,
            module,
            func,
            f,
            names: OnceCell::new(),
        }
    }

    fn names(&self) -> &Names {
        self.names.get_or_init(|| Names::new(self.f))
    }

    /// How a value appears in the function's text: `%name`, `%3` or a literal
    /// (`%<invalid v12>` if it does not exist).
    pub fn value(&self, v: Value) -> String {
        self.names().value(self.f, v)
    }

    fn push(&mut self, block: Option<Block>, inst: Option<Inst>, span: Span, message: String) {
        let error = VerifyError {
            func: Some(self.f.name.clone()),
            block: block.map(|b| block_label(self.f, b)),
            inst: inst.and_then(|i| self.inst_text(i)),
            span,
            message,
        };
        self.rep.errors.push(error);
    }

    /// An error about the function as a whole (signature, parameters, slots, layout).
    pub fn func(&mut self, message: impl Into<String>) {
        let span = self.f.spans.header;
        self.push(None, None, span, message.into());
    }

    /// An error about a stack slot.
    pub fn slot(&mut self, slot: Slot, message: impl Into<String>) {
        let span = match self.f.spans.slots[slot] {
            span if span.is_none() => self.f.spans.header,
            span => span,
        };
        self.push(None, None, span, message.into());
    }

    /// An error about a block (its label, parameters or instruction list).
    pub fn block(&mut self, block: Block, message: impl Into<String>) {
        let span = self.block_span(block);
        self.push(Some(block), None, span, message.into());
    }

    /// An error about one instruction of `block`.
    pub fn inst(&mut self, block: Block, inst: Inst, message: impl Into<String>) {
        let span = match self.f.spans.insts[inst] {
            span if span.is_none() => self.block_span(block),
            span => span,
        };
        self.push(Some(block), Some(inst), span, message.into());
    }

    fn block_span(&self, block: Block) -> Span {
        match self.f.spans.blocks[block] {
            span if span.is_none() => self.f.spans.header,
            span => span,
        }
    }

    /// The instruction's text, as the function's canonical text shows it. The printer
    /// copes with dangling handles (it prints `%<invalid v12>` and the like).
    fn inst_text(&self, inst: Inst) -> Option<String> {
        self.f.insts.get(inst)?;
        Some(print_inst_with_names(
            self.module,
            self.func,
            self.names(),
            inst,
        ))
    }
}

/// The label of a block, or its handle (`block7`) if it does not exist.
pub(super) fn block_label(f: &Function, block: Block) -> String {
    if f.blocks.get(block).is_some() {
        f.block_label(block)
    } else {
        block.to_string()
    }
}

/// What a value definition says the value is: `function parameter 1`, `parameter 2 of
/// block loop`, `result 1 of inst7`, `the address of slot0`, `the constant 5`.
pub(super) fn describe_def(f: &Function, def: ValueDef) -> String {
    match def {
        ValueDef::Param(i) => format!("function parameter {}", i as u64 + 1),
        ValueDef::BlockParam(block, i) => {
            format!(
                "parameter {} of block {}",
                i as u64 + 1,
                block_label(f, block)
            )
        }
        ValueDef::Result(inst, i) => format!("result {} of {inst}", i as u64 + 1),
        ValueDef::Slot(slot) => format!("the address of {slot}"),
        ValueDef::Const(imm) => format!("the constant {imm}"),
    }
}
