//! Collecting errors with their context: which function, block and instruction they
//! belong to, the instruction's text and the best source span available.
//!
//! This file does not decide what is an error; the checks call into it. It also owns
//! the small "describe this handle safely" helpers, which never index an arena
//! without checking (the module may be malformed).

use super::error::VerifyError;
use crate::entities::{Block, Func, Inst, Value};
use crate::function::{Function, ValueDef};
use crate::module::Module;
use crate::span::Span;

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
    /// Whether every handle in the function resolves, so the text printer can be
    /// trusted with its instructions.
    printable: bool,
}

impl<'r, 'm> FuncReporter<'r, 'm> {
    pub fn new(rep: &'r mut Reporter<'m>, func: Func, f: &'m Function, printable: bool) -> Self {
        let module = rep.module;
        FuncReporter {
            rep,
            module,
            func,
            f,
            printable,
        }
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

    /// The instruction's text: printed by the text printer when every handle in the
    /// function resolves, otherwise its debug form (which cannot fail).
    fn inst_text(&self, inst: Inst) -> Option<String> {
        let data = self.f.insts.get(inst)?;
        Some(if self.printable {
            crate::text::print_inst(self.module, self.func, inst)
        } else {
            format!("{:?}", data.kind)
        })
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

/// How a value is named in messages: `%name`, the literal of a constant, or its handle
/// (`%v12`) when it is unnamed or does not exist.
pub(super) fn value_ref(f: &Function, value: Value) -> String {
    match f.values.get(value) {
        Some(data) => match (&data.name, data.def) {
            (Some(name), _) => format!("%{name}"),
            (None, ValueDef::Const(imm)) => format!("{imm}"),
            (None, _) => format!("%{value}"),
        },
        None => format!("%{value}"),
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
