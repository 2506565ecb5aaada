//! End-to-end tests of the interpreter: modules written in LIR text (or, for shapes the
//! parser would reject, built through the data model), run, and checked for results,
//! memory, output and traps.

mod calls;
mod control;
mod files;
mod memory;
mod robustness;
mod syscalls;

use crate::interp::{InterpConfig, Interpreter, RunError};
use crate::{Block, Function, Imm, InstKind, Module, Signature, TrapKind, Type, Value};

/// Parses a module, panicking with the parser's messages on error.
pub(super) fn parse(src: &str) -> Module {
    crate::text::parse(src).unwrap_or_else(|e| panic!("parse error:\n{e}"))
}

/// A fresh interpreter for the module in `src`.
pub(super) fn load(src: &str) -> Interpreter {
    instance(&parse(src))
}

/// A fresh interpreter for `module` with the default configuration.
pub(super) fn instance(module: &Module) -> Interpreter {
    instance_with(module, InterpConfig::new())
}

pub(super) fn instance_with(module: &Module, config: InterpConfig) -> Interpreter {
    Interpreter::new(module, config).unwrap_or_else(|e| panic!("cannot instantiate: {e}"))
}

/// Calls `func`, which must return normally.
#[track_caller]
pub(super) fn call(m: &mut Interpreter, func: &str, args: &[Imm]) -> Vec<Imm> {
    m.invoke(func, args)
        .unwrap_or_else(|e| panic!("@{func}: {e}"))
}

/// Asserts that `result` is a trap of `kind` in `func`.
#[track_caller]
pub(super) fn assert_trap<T: std::fmt::Debug>(
    result: Result<T, RunError>,
    kind: TrapKind,
    func: &str,
) {
    match result {
        Err(RunError::Trap { kind: k, func: f }) if k == kind && f == func => {}
        other => panic!("expected trap `{kind}` in @{func}, got {other:?}"),
    }
}

/// Builds one function through the data model, appending to a current block (for
/// modules the parser would not produce).
pub(super) struct FnBuilder {
    pub f: Function,
    pub block: Block,
}

impl FnBuilder {
    pub fn new(name: &str, params: &[Type], results: &[Type]) -> FnBuilder {
        let sig = Signature::new(params.iter().copied(), results.iter().copied());
        let mut f = Function::new(name, sig);
        let block = f.create_block();
        FnBuilder { f, block }
    }

    /// Appends an instruction; returns its results.
    pub fn inst(&mut self, kind: InstKind, results: &[Type]) -> Vec<Value> {
        let inst = self.f.append_inst(self.block, kind, results);
        self.f.inst_results(inst).to_vec()
    }

    pub fn ret(&mut self, values: &[Value]) {
        self.inst(
            InstKind::Ret {
                values: values.to_vec(),
            },
            &[],
        );
    }

    pub fn finish(self) -> Function {
        self.f
    }
}

/// A module of the given functions.
pub(super) fn module_of(funcs: impl IntoIterator<Item = Function>) -> Module {
    let mut m = Module::new();
    for f in funcs {
        m.add_function(f);
    }
    m
}
