//! End-to-end tests of the interpreter: modules built through the data model API
//! (a compact helper below), run, and checked for results, memory, output and traps.

mod calls;
mod control;
mod files;
mod memory;
mod syscalls;

use crate::interp::{InterpConfig, Interpreter, RunError};
use crate::{
    BinaryOp, Block, BlockCall, CompareOp, Func, Function, Imm, InstKind, MemArg, MemWidth, Module,
    Signature, TrapKind, Type, Value,
};

/// Builds one function, appending to a current block.
pub(super) struct FnBuilder {
    pub f: Function,
    pub block: Block,
}

impl FnBuilder {
    pub fn new(name: &str, params: &[Type], results: &[Type]) -> FnBuilder {
        let mut f = Function::new(
            name,
            Signature::new(params.iter().copied(), results.iter().copied()),
        );
        let block = f.create_block();
        FnBuilder { f, block }
    }

    pub fn param(&self, i: usize) -> Value {
        self.f.params[i]
    }

    /// A new block with parameters of `types`.
    pub fn block(&mut self, types: &[Type]) -> (Block, Vec<Value>) {
        let b = self.f.create_block();
        let params = types
            .iter()
            .map(|&t| self.f.append_block_param(b, t))
            .collect();
        (b, params)
    }

    pub fn switch_to(&mut self, b: Block) {
        self.block = b;
    }

    pub fn imm(&mut self, imm: Imm) -> Value {
        self.f.const_value(imm)
    }

    pub fn i32(&mut self, v: i32) -> Value {
        self.imm(Imm::i32(v))
    }

    pub fn i64(&mut self, v: i64) -> Value {
        self.imm(Imm::i64(v))
    }

    /// Appends an instruction; returns its results.
    pub fn inst(&mut self, kind: InstKind, results: &[Type]) -> Vec<Value> {
        let inst = self.f.append_inst(self.block, kind, results);
        self.f.inst_results(inst).to_vec()
    }

    /// Appends an instruction with one result.
    pub fn inst1(&mut self, kind: InstKind, ty: Type) -> Value {
        self.inst(kind, &[ty])[0]
    }

    pub fn bin(&mut self, op: BinaryOp, a: Value, b: Value) -> Value {
        let ty = self.f.value_type(a);
        self.inst1(InstKind::Binary { op, args: [a, b] }, ty)
    }

    pub fn cmp(&mut self, op: CompareOp, a: Value, b: Value) -> Value {
        self.inst1(InstKind::Compare { op, args: [a, b] }, Type::I32)
    }

    pub fn load(&mut self, ty: Type, addr: Value, offset: u32) -> Value {
        let kind = InstKind::Load {
            ty,
            width: MemWidth::of(ty),
            signed: false,
            addr,
            mem: MemArg {
                offset,
                align: None,
            },
        };
        self.inst1(kind, ty)
    }

    pub fn store(&mut self, addr: Value, offset: u32, value: Value) {
        let ty = self.f.value_type(value);
        let kind = InstKind::Store {
            ty,
            width: MemWidth::of(ty),
            addr,
            value,
            mem: MemArg {
                offset,
                align: None,
            },
        };
        self.inst(kind, &[]);
    }

    pub fn call(&mut self, func: Func, args: &[Value], results: &[Type]) -> Vec<Value> {
        self.inst(
            InstKind::Call {
                func,
                args: args.to_vec(),
            },
            results,
        )
    }

    pub fn jump(&mut self, block: Block, args: &[Value]) {
        self.inst(
            InstKind::Jump {
                dest: BlockCall::new(block, args),
            },
            &[],
        );
    }

    pub fn br_if(&mut self, cond: Value, then: (Block, &[Value]), otherwise: (Block, &[Value])) {
        let kind = InstKind::BrIf {
            cond,
            then_dest: BlockCall::new(then.0, then.1),
            else_dest: BlockCall::new(otherwise.0, otherwise.1),
        };
        self.inst(kind, &[]);
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

/// A fresh interpreter for `module` with the default configuration.
pub(super) fn instance(module: &Module) -> Interpreter {
    instance_with(module, InterpConfig::new())
}

pub(super) fn instance_with(module: &Module, config: InterpConfig) -> Interpreter {
    Interpreter::new(module, config).unwrap_or_else(|e| panic!("cannot instantiate: {e}"))
}

/// A module of the given functions.
pub(super) fn module_of(funcs: impl IntoIterator<Item = Function>) -> Module {
    let mut m = Module::new();
    for f in funcs {
        m.add_function(f);
    }
    m
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
