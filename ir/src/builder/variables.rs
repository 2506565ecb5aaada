//! [`FunctionBuilder`] methods for mutable variables: declare, define, use, seal.
//!
//! They forward to the SSA construction in `ssa.rs` with the current block; the
//! [module documentation](super) shows them at work on a loop.

use super::ssa::Variable;
use super::FunctionBuilder;
use crate::entities::{Block, Value};
use crate::types::Type;

impl FunctionBuilder<'_> {
    /// Declares a variable of type `ty`. See the [module documentation](crate::builder).
    pub fn declare_var(&mut self, ty: Type) -> Variable {
        self.ssa.declare_var(ty)
    }

    /// The type `var` was declared with.
    ///
    /// # Panics
    ///
    /// If `var` was not declared by this builder.
    pub fn var_type(&self, var: Variable) -> Type {
        match self.ssa.var_type(var) {
            Some(ty) => ty,
            None => panic!("FunctionBuilder: {var} was not declared by this builder"),
        }
    }

    /// Assigns `value` to `var` at the current point of the current block.
    ///
    /// # Panics
    ///
    /// If there is no current block or `var` was not declared by this builder.
    pub fn def_var(&mut self, var: Variable, value: Value) {
        self.var_type(var);
        let block = self.expect_block("def_var");
        let value = self.ssa.resolve(value);
        self.ssa.def_var(var, block, value);
    }

    /// The value of `var` at the current point of the current block, adding block
    /// parameters where control flow merges.
    ///
    /// A variable read on a path where it was never assigned (including in the entry
    /// block before any [`def_var`](Self::def_var)) reads as zero of its type, as in
    /// cranelift-frontend.
    ///
    /// # Panics
    ///
    /// If there is no current block or `var` was not declared by this builder.
    pub fn use_var(&mut self, var: Variable) -> Value {
        self.var_type(var);
        let block = self.expect_block("use_var");
        let func = &mut self.module.funcs[self.func];
        self.ssa.use_var(func, var, block)
    }

    /// Declares that every branch to `block` has been built. Variables read in `block`
    /// then get their values from all predecessors. Sealing early lets the builder
    /// avoid provisional parameters; sealing twice does nothing.
    pub fn seal_block(&mut self, block: Block) {
        let func = &mut self.module.funcs[self.func];
        self.ssa.seal_block(func, block);
    }

    /// Seals every block.
    pub fn seal_all_blocks(&mut self) {
        let func = &mut self.module.funcs[self.func];
        self.ssa.seal_all_blocks(func);
    }
}
