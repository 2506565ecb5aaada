//! Tests of the verifier. This file holds the helpers that build functions through
//! the data-model API and check results; `sample` is a valid module using every
//! instruction group, `report` tests the public API (every error reported, message
//! format), and the other files hold the negative tests of each group of rules.

mod calls;
mod items;
mod report;
mod sample;
mod ssa;
mod structure;
mod types;

use sample::*;

use super::{verify, VerifyError};
use crate::entities::{Block, Data, Func, Global, Inst, Value};
use crate::function::{Function, Import};
use crate::imm::Imm;
use crate::inst::{BlockCall, InstKind, MemArg};
use crate::module::{DataItem, DataObject, DataType, DataValue, GlobalDecl, MemoryDecl, Module};
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp, UnaryOp};
use crate::span::Span;
use crate::syscall::Syscall;
use crate::types::{MemWidth, Signature, Type};
use cranelift_entity::EntityRef;

use Type::{F32, F64, I32, I64};

/// Builds one function through the data-model API.
pub(super) struct Build {
    pub f: Function,
}

impl Build {
    pub fn new(name: &str, params: &[Type], results: &[Type]) -> Build {
        let sig = Signature::new(params.iter().copied(), results.iter().copied());
        Build {
            f: Function::new(name, sig),
        }
    }

    pub fn block(&mut self) -> Block {
        self.f.create_block()
    }

    pub fn named_block(&mut self, name: &str) -> Block {
        let b = self.f.create_block();
        self.f.set_block_name(b, name);
        b
    }

    pub fn param(&self, i: usize) -> Value {
        self.f.params[i]
    }

    pub fn block_param(&mut self, b: Block, ty: Type) -> Value {
        self.f.append_block_param(b, ty)
    }

    pub fn i32(&mut self, v: i32) -> Value {
        self.f.const_value(Imm::i32(v))
    }

    pub fn i64(&mut self, v: i64) -> Value {
        self.f.const_value(Imm::i64(v))
    }

    pub fn f64(&mut self, v: f64) -> Value {
        self.f.const_value(Imm::f64(v))
    }

    /// Appends an instruction with one result of type `ty` and returns the result.
    pub fn op(&mut self, b: Block, kind: InstKind, ty: Type) -> Value {
        let inst = self.f.append_inst(b, kind, &[ty]);
        self.f.insts[inst].results[0]
    }

    /// Appends an instruction without results.
    pub fn effect(&mut self, b: Block, kind: InstKind) -> Inst {
        self.f.append_inst(b, kind, &[])
    }

    pub fn binary(&mut self, b: Block, op: BinaryOp, x: Value, y: Value) -> Value {
        let ty = self.f.value_type(x);
        self.op(b, InstKind::Binary { op, args: [x, y] }, ty)
    }

    pub fn jump(&mut self, b: Block, to: Block, args: &[Value]) -> Inst {
        self.effect(
            b,
            InstKind::Jump {
                dest: BlockCall::new(to, args),
            },
        )
    }

    pub fn br_if(&mut self, b: Block, cond: Value, then: Block, otherwise: Block) -> Inst {
        let kind = InstKind::BrIf {
            cond,
            then_dest: BlockCall::new(then, vec![]),
            else_dest: BlockCall::new(otherwise, vec![]),
        };
        self.effect(b, kind)
    }

    pub fn ret(&mut self, b: Block, values: &[Value]) -> Inst {
        self.effect(
            b,
            InstKind::Ret {
                values: values.to_vec(),
            },
        )
    }

    pub fn name(&mut self, v: Value, name: &str) -> Value {
        self.f.set_value_name(v, name);
        v
    }
}

/// A module holding the given functions.
pub(super) fn module_of(funcs: impl IntoIterator<Item = Function>) -> Module {
    let mut module = Module::new();
    for f in funcs {
        module.add_function(f);
    }
    module
}

/// The errors of a module, printed; empty if it verifies.
pub(super) fn messages(module: &Module) -> Vec<String> {
    match verify(module) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(VerifyError::to_string).collect(),
    }
}

/// Asserts that verification fails with exactly one error containing `needle`.
#[track_caller]
pub(super) fn assert_single_error(module: &Module, needle: &str) {
    let messages = messages(module);
    assert!(
        messages.len() == 1 && messages[0].contains(needle),
        "expected one error containing {needle:?}, got {messages:#?}"
    );
}

/// Asserts that some error contains `needle`.
#[track_caller]
pub(super) fn assert_error(module: &Module, needle: &str) {
    let messages = messages(module);
    assert!(
        messages.iter().any(|m| m.contains(needle)),
        "expected an error containing {needle:?}, got {messages:#?}"
    );
}

#[track_caller]
pub(super) fn assert_valid(module: &Module) {
    let messages = messages(module);
    assert!(messages.is_empty(), "expected no errors, got {messages:#?}");
}

/// A function `@name() -> ty` whose entry block runs `kind` (with one result of
/// `result` if given) and returns a zero of `ty`; for single-instruction tests.
pub(super) fn single(
    name: &str,
    make: impl FnOnce(&mut Build) -> InstKind,
    result: Option<Type>,
) -> Module {
    let mut b = Build::new(name, &[], &[]);
    let entry = b.block();
    let kind = make(&mut b);
    match result {
        Some(ty) => {
            b.op(entry, kind, ty);
        }
        None => {
            b.effect(entry, kind);
        }
    }
    b.ret(entry, &[]);
    module_of([b.f])
}
mod text;
