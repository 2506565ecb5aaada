//! [`FunctionBuilder`] methods for calls that return: direct, indirect and system
//! calls. Tail calls end a block and are in `terminators.rs`.

use super::operand::Operand;
use super::FunctionBuilder;
use crate::entities::{Func, Value};
use crate::inst::InstKind;
use crate::syscall::Syscall;
use crate::types::{Signature, Type};

impl FunctionBuilder<'_> {
    /// `call @f(args)` → the callee's results (possibly none).
    pub fn call(&mut self, func: Func, args: &[Value]) -> Vec<Value> {
        let inst = self.append_inst(InstKind::Call {
            func,
            args: args.to_vec(),
        });
        self.inst_results(inst).to_vec()
    }

    /// `%r = call @f(args)` for a callee with exactly one result.
    ///
    /// # Panics
    ///
    /// If the callee does not return exactly one value (use [`call`](Self::call)).
    pub fn call1(&mut self, func: Func, args: &[Value]) -> Value {
        let results = self.call(func, args);
        single_result(&results, "call1")
    }

    /// `call_indirect callee(args) : sig` → the signature's results. `callee` is a
    /// table index from [`func_addr`](Self::func_addr) or a function pointer in memory.
    pub fn call_indirect(
        &mut self,
        sig: &Signature,
        callee: impl Into<Operand>,
        args: &[Value],
    ) -> Vec<Value> {
        let callee = self.operand(callee, Type::I32);
        let inst = self.append_inst(InstKind::CallIndirect {
            sig: Box::new(sig.clone()),
            callee,
            args: args.to_vec(),
        });
        self.inst_results(inst).to_vec()
    }

    /// `call_indirect` for a signature with exactly one result.
    ///
    /// # Panics
    ///
    /// If `sig` does not have exactly one result.
    pub fn call_indirect1(
        &mut self,
        sig: &Signature,
        callee: impl Into<Operand>,
        args: &[Value],
    ) -> Value {
        let results = self.call_indirect(sig, callee, args);
        single_result(&results, "call_indirect1")
    }

    /// `syscall.NAME args` → its result (`None` for `exit`). Literal operands take the
    /// system call's parameter types.
    pub fn syscall(&mut self, call: Syscall, args: &[Operand]) -> Option<Value> {
        let params = call.params();
        let args: Vec<Value> = args
            .iter()
            .enumerate()
            .map(|(i, &op)| {
                let ty = params.get(i).copied().unwrap_or(Type::I32);
                self.operand(op, ty)
            })
            .collect();
        let inst = self.append_inst(InstKind::Syscall { call, args });
        self.inst_results(inst).first().copied()
    }
}

/// The only value of `results`, or a panic naming the builder method.
fn single_result(results: &[Value], method: &str) -> Value {
    match results {
        [value] => *value,
        _ => panic!(
            "FunctionBuilder::{method}: the callee returns {} values, not one; use the \
             method without `1`",
            results.len()
        ),
    }
}
