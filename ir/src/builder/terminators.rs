//! [`FunctionBuilder`] methods for terminators: branches, returns, traps and tail
//! calls.
//!
//! Every terminator goes through [`FunctionBuilder::append_inst`], which records its
//! branch targets as predecessors for the variable machinery. Block arguments are
//! `&[Value]` (make constants with [`FunctionBuilder::iconst`]); the arguments for
//! block parameters that variables add are appended when the target is sealed.

use super::operand::Operand;
use super::FunctionBuilder;
use crate::entities::{Block, Func, Inst, Value};
use crate::inst::{BlockCall, InstKind};
use crate::types::{Signature, Type};

/// A block without arguments, as a branch target.
impl From<Block> for BlockCall {
    fn from(block: Block) -> BlockCall {
        BlockCall::new(block, Vec::new())
    }
}

/// A block with arguments, as a branch target: `(block, &[x, y])`.
impl From<(Block, &[Value])> for BlockCall {
    fn from((block, args): (Block, &[Value])) -> BlockCall {
        BlockCall::new(block, args)
    }
}

impl FunctionBuilder<'_> {
    /// `jump dest(args)`
    pub fn jump(&mut self, dest: Block, args: &[Value]) -> Inst {
        self.append_inst(InstKind::Jump {
            dest: BlockCall::new(dest, args),
        })
    }

    /// `br_if cond, then_dest(then_args), else_dest(else_args)`: to `then_dest` if
    /// `cond != 0`. Both targets may be the same block.
    pub fn br_if(
        &mut self,
        cond: impl Into<Operand>,
        then_dest: Block,
        then_args: &[Value],
        else_dest: Block,
        else_args: &[Value],
    ) -> Inst {
        let cond = self.operand(cond, Type::I32);
        self.append_inst(InstKind::BrIf {
            cond,
            then_dest: BlockCall::new(then_dest, then_args),
            else_dest: BlockCall::new(else_dest, else_args),
        })
    }

    /// `switch index, default, [key: target, …]`: jumps to the target whose key equals
    /// `index` (an i32 or i64; a literal is an i32), else to `default`. Targets are
    /// blocks or `(block, &[args])` pairs, and several keys may share a block.
    ///
    /// ```
    /// # use lir::builder::FunctionBuilder;
    /// # use lir::{Module, Signature, Type};
    /// # let mut module = Module::new();
    /// # let f = module.declare_function("f", Signature::new([Type::I32], [Type::I32]));
    /// # let mut b = FunctionBuilder::new(&mut module, f);
    /// # let entry = b.create_block();
    /// # b.switch_to_block(entry);
    /// let (small, other) = (b.create_block(), b.create_block());
    /// let x = b.param(0);
    /// b.switch(x, other, [(0, small), (1, small), (2, small)]);
    /// # b.switch_to_block(small); b.ret(&[x]);
    /// # b.switch_to_block(other); b.ret(&[x]);
    /// # b.finalize();
    /// # lir::verify::verify(&module).unwrap();
    /// ```
    pub fn switch<T: Into<BlockCall>>(
        &mut self,
        index: impl Into<Operand>,
        default: impl Into<BlockCall>,
        cases: impl IntoIterator<Item = (u64, T)>,
    ) -> Inst {
        let index = self.operand(index, Type::I32);
        self.append_inst(InstKind::Switch {
            index,
            default: default.into(),
            cases: cases.into_iter().map(|(k, c)| (k, c.into())).collect(),
        })
    }

    /// `ret values`
    pub fn ret(&mut self, values: &[Value]) -> Inst {
        self.append_inst(InstKind::Ret {
            values: values.to_vec(),
        })
    }

    /// `trap`: traps with *unreachable*.
    pub fn trap(&mut self) -> Inst {
        self.append_inst(InstKind::Trap)
    }

    /// `return_call @f(args)`: a tail call; `f` returns exactly this function's results.
    pub fn return_call(&mut self, func: Func, args: &[Value]) -> Inst {
        self.append_inst(InstKind::ReturnCall {
            func,
            args: args.to_vec(),
        })
    }

    /// `return_call_indirect callee(args) : sig`: an indirect tail call.
    pub fn return_call_indirect(
        &mut self,
        sig: &Signature,
        callee: impl Into<Operand>,
        args: &[Value],
    ) -> Inst {
        let callee = self.operand(callee, Type::I32);
        self.append_inst(InstKind::ReturnCallIndirect {
            sig: Box::new(sig.clone()),
            callee,
            args: args.to_vec(),
        })
    }
}
