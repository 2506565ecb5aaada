//! The builder API for frontends: declare a module's items, then build function bodies
//! instruction by instruction, with mutable [`Variable`]s turned into SSA form.
//!
//! This module owns [`FunctionBuilder`] and the declaration helpers on [`Module`] and
//! [`DataObject`](crate::DataObject). It does not check types: the builder computes
//! each instruction's result types from its operands and leaves every other check to
//! the [verifier](crate::verify).
//!
//! # Workflow
//!
//! 1. Declare every function first ([`Module::declare_function`],
//!    [`Module::declare_import`]), plus data objects, globals, memory and stack size.
//!    The returned handles ([`Func`], [`Data`](crate::Data), [`Global`](crate::Global))
//!    can be used before the items they name have bodies, so calls may refer forward.
//! 2. For each defined function, make a [`FunctionBuilder`]; create blocks, switch to
//!    one, append instructions (each method returns the result values), and end every
//!    block with a terminator.
//! 3. Model source variables with [`FunctionBuilder::declare_var`],
//!    [`def_var`](FunctionBuilder::def_var) and [`use_var`](FunctionBuilder::use_var);
//!    [`seal_block`](FunctionBuilder::seal_block) a block once every branch to it is
//!    built; call [`finalize`](FunctionBuilder::finalize) at the end.
//!
//! # Operands
//!
//! Scalar operands take anything convertible to [`Operand`]: a [`Value`], an
//! [`Imm`](crate::Imm), or a Rust number, which becomes a constant of the type the
//! operation needs, as literals do in LIR text (`b.add(x, 1)` is `add %x, 1`).
//! Lists of operands (call, return and branch arguments) are `&[Value]`; make
//! constants for them with [`FunctionBuilder::iconst`] and friends, which return
//! constant values without appending anything. System-call operands, mostly literals,
//! are the exception: [`FunctionBuilder::syscall`] takes `&[Operand]`.
//!
//! # Misuse
//!
//! Mistakes in the *order* of builder calls are bugs in the frontend, and the builder
//! panics with a message saying what to do instead:
//!
//! - appending an instruction, or using or defining a variable, with no current block;
//! - appending to a block that already ends with a terminator (after a `ret` in the
//!   middle of a source block, continue in a fresh block);
//! - branching to a sealed block (seal a block only once all branches to it exist), or
//!   to the entry block (it is never a branch target: give a loop its own header);
//! - adding a block parameter of your own after variables have added some;
//! - handles from another module or function, or a function that is an import.
//!
//! Ill-typed operands are not the builder's business: it appends what it is asked
//! and [`crate::verify`] reports the errors.
//!
//! # Example: `fib` with a loop and variables
//!
//! ```
//! use lir::builder::FunctionBuilder;
//! use lir::{Module, Signature, Type};
//!
//! let mut module = Module::new();
//! let fib = module.declare_function("fib", Signature::new([Type::I32], [Type::I32]));
//! module.export_function(fib, "fib");
//!
//! let mut b = FunctionBuilder::new(&mut module, fib);
//! let entry = b.create_block();
//! let header = b.create_named_block("loop");
//! let body = b.create_named_block("body");
//! let exit = b.create_named_block("exit");
//!
//! let [n, i, a, c] = [(); 4].map(|_| b.declare_var(Type::I32));
//! b.switch_to_block(entry);
//! let param = b.param(0);
//! b.set_name(param, "n");
//! b.def_var(n, param);
//! let (zero, one) = (b.iconst(Type::I32, 0), b.iconst(Type::I32, 1));
//! b.def_var(i, zero);
//! b.def_var(a, zero);
//! b.def_var(c, one);
//! b.jump(header, &[]);
//!
//! // loop: while i < n { (a, c) = (c, a + c); i += 1 }
//! b.switch_to_block(header);
//! let (iv, nv) = (b.use_var(i), b.use_var(n));
//! let more = b.lt_s(iv, nv);
//! b.br_if(more, body, &[], exit, &[]);
//!
//! b.switch_to_block(body);
//! b.seal_block(body);
//! let (av, cv) = (b.use_var(a), b.use_var(c));
//! let sum = b.add(av, cv);
//! b.def_var(a, cv);
//! b.def_var(c, sum);
//! let next = b.add(iv, 1);
//! b.def_var(i, next);
//! b.jump(header, &[]);
//! b.seal_block(header); // both predecessors are known now
//!
//! b.switch_to_block(exit);
//! b.seal_block(exit);
//! let result = b.use_var(a);
//! b.ret(&[result]);
//! b.finalize();
//!
//! // The loop header received one parameter per variable the loop changes (`i`, `a`,
//! // `c`); `n` stays the function parameter.
//! lir::verify::verify(&module).unwrap();
//! assert_eq!(lir::text::print(&module), "\
//! export func @fib(%n: i32) -> i32 {
//!     jump loop(0, 0, 1)
//! loop(%0: i32, %1: i32, %2: i32):
//!     %3 = lt_s %0, %n
//!     br_if %3, body, exit
//! body:
//!     %4 = add %1, %2
//!     %5 = add %0, 1
//!     jump loop(%5, %2, %4)
//! exit:
//!     ret %1
//! }
//! ");
//! ```
//!
//! # Example: a data object, a global and calls
//!
//! ```
//! use lir::builder::FunctionBuilder;
//! use lir::{DataObject, Imm, Module, Signature, Type};
//!
//! let mut module = Module::new();
//! module.declare_memory(1, None, Some("memory"));
//! let table = module.declare_data(
//!     DataObject::new("squares").read_only().ints(lir::DataType::I32, [0, 1, 4, 9]),
//! );
//! let calls = module.declare_mut_global("calls", Imm::i32(0));
//! // Declared before either body exists, so each can call the other.
//! let main = module.declare_function("main", Signature::new([], [Type::I32]));
//! let square = module.declare_function("square", Signature::new([Type::I32], [Type::I32]));
//!
//! let mut b = FunctionBuilder::new(&mut module, main);
//! let entry = b.create_block();
//! b.switch_to_block(entry);
//! let three = b.iconst(Type::I32, 3);
//! let r = b.call1(square, &[three]);
//! b.ret(&[r]);
//! b.finalize();
//!
//! let mut b = FunctionBuilder::new(&mut module, square);
//! let entry = b.create_block();
//! b.switch_to_block(entry);
//! let n = b.global_get(calls);
//! let n = b.add(n, 1);
//! b.global_set(calls, n);
//! let base = b.data_addr(table, 0);
//! let offset = b.shl(b.param(0), 2);
//! let addr = b.add(base, offset);
//! let x = b.load(Type::I32, addr, 0);
//! b.ret(&[x]);
//! b.finalize();
//!
//! lir::verify::verify(&module).unwrap();
//! assert_eq!(lir::text::print(&module), r#"memory 1 export "memory"
//!
//! data @squares readonly = { i32 0, 1, 4, 9 }
//!
//! global @calls: i32 mut = 0
//!
//! func @main() -> i32 {
//!     %0 = call @square(3)
//!     ret %0
//! }
//!
//! func @square(%0: i32) -> i32 {
//!     %1 = global.get @calls
//!     %2 = add %1, 1
//!     global.set @calls, %2
//!     %3 = addr @squares
//!     %4 = shl %0, 2
//!     %5 = add %3, %4
//!     %6 = load.i32 [%5]
//!     ret %6
//! }
//! "#);
//! ```

mod arith;
mod calls;
mod memory;
mod module;
mod operand;
mod ssa;
mod terminators;
#[cfg(test)]
mod tests;
mod variables;

pub use operand::Operand;
pub use ssa::Variable;

use crate::entities::{Block, Func, Inst, Value};
use crate::function::Function;
use crate::inst::InstKind;
use crate::module::Module;
use crate::opcodes::ConvertOp;
use crate::srcloc::SourceLoc;
use crate::types::Type;
use crate::typing::result_types;
use ssa::SsaBuilder;

/// Builds the body of one function of a module.
///
/// Created over a `&mut Module` and a declared function, so calls, globals and data
/// addresses resolve against the module while the body grows. The builder finalizes
/// the function when [`finalize`](FunctionBuilder::finalize) is called or, if that is
/// forgotten, when it is dropped.
pub struct FunctionBuilder<'m> {
    module: &'m mut Module,
    func: Func,
    current: Option<Block>,
    srcloc: SourceLoc,
    ssa: SsaBuilder,
    finalized: bool,
}

impl<'m> FunctionBuilder<'m> {
    /// Starts building the body of `func`, a function declared in `module`.
    ///
    /// The body is normally empty. If it already has blocks, the builder knows nothing
    /// of the branches between them: use variables only in blocks it creates.
    ///
    /// # Panics
    ///
    /// If `func` is not a function of `module` or is an import.
    pub fn new(module: &'m mut Module, func: Func) -> FunctionBuilder<'m> {
        match module.funcs.get(func) {
            None => panic!("FunctionBuilder::new: {func} is not a function of this module"),
            Some(f) if f.is_import() => panic!(
                "FunctionBuilder::new: @{} is an imported function and has no body",
                f.name
            ),
            Some(_) => {}
        }
        FunctionBuilder {
            module,
            func,
            current: None,
            srcloc: SourceLoc::NONE,
            ssa: SsaBuilder::default(),
            finalized: false,
        }
    }

    /// The handle of the function being built.
    pub fn func_ref(&self) -> Func {
        self.func
    }

    /// The function being built.
    pub fn function(&self) -> &Function {
        &self.module.funcs[self.func]
    }

    /// The function being built, for edits the builder has no method for. Branches
    /// added this way are unknown to the variable machinery.
    pub fn function_mut(&mut self) -> &mut Function {
        &mut self.module.funcs[self.func]
    }

    /// The module (read-only while a body is being built).
    pub fn module(&self) -> &Module {
        self.module
    }

    /// The `index`-th parameter of the function.
    ///
    /// # Panics
    ///
    /// If the function has no such parameter.
    pub fn param(&self, index: usize) -> Value {
        let params = &self.function().params;
        match params.get(index) {
            Some(&v) => v,
            None => panic!(
                "FunctionBuilder::param: @{} has {} parameters, not {}",
                self.function().name,
                params.len(),
                index + 1
            ),
        }
    }

    /// All parameters of the function.
    pub fn params(&self) -> &[Value] {
        &self.function().params
    }

    /// Creates a block at the end of the layout. The first block created is the entry
    /// block: it has no parameters, is never a branch target, and is sealed at once.
    pub fn create_block(&mut self) -> Block {
        let func = &mut self.module.funcs[self.func];
        let is_entry = func.layout.is_empty();
        let block = func.create_block();
        if is_entry {
            self.ssa.seal_block(func, block);
        }
        block
    }

    /// Creates a block with a label (`loop:` in text instead of `bb3:`). Labels must be
    /// unique within the function; the verifier checks that.
    pub fn create_named_block(&mut self, name: &str) -> Block {
        let block = self.create_block();
        self.function_mut().set_block_name(block, name);
        block
    }

    /// Appends a parameter of type `ty` to `block`. Branches to the block pass one
    /// argument per parameter, in order.
    ///
    /// # Panics
    ///
    /// If variables already added parameters to `block` (add your own first).
    pub fn append_block_param(&mut self, block: Block, ty: Type) -> Value {
        let func = &mut self.module.funcs[self.func];
        if func.blocks[block]
            .params
            .iter()
            .any(|&p| self.ssa.is_added_param(p))
        {
            panic!(
                "FunctionBuilder::append_block_param: {} already has parameters for \
                 variables; append your own parameters before using variables there",
                func.block_label(block)
            );
        }
        func.append_block_param(block, ty)
    }

    /// The parameters of `block` (including those variables added so far).
    pub fn block_params(&self, block: Block) -> &[Value] {
        &self.function().blocks[block].params
    }

    /// Makes `block` the current block: instructions are appended to it from now on.
    /// Switching away from a block that has no terminator yet is allowed (the verifier
    /// reports blocks left without one).
    pub fn switch_to_block(&mut self, block: Block) {
        if self.function().blocks.get(block).is_none() {
            panic!("FunctionBuilder::switch_to_block: {block} is not a block of this function");
        }
        self.current = Some(block);
    }

    /// Sets the source location of the instructions appended from now on (as
    /// Cranelift's frontend does); [`SourceLoc::NONE`] stops attaching one. Files come
    /// from [`Module::declare_file`]. See [`crate::srcloc`] for an example.
    pub fn set_srcloc(&mut self, loc: SourceLoc) {
        self.srcloc = loc;
    }

    /// The location given to appended instructions.
    pub fn srcloc(&self) -> SourceLoc {
        self.srcloc
    }

    /// The block instructions are appended to, if any.
    pub fn current_block(&self) -> Option<Block> {
        self.current
    }

    /// Whether the current block already ends with a terminator (or there is no current
    /// block), so nothing more can be appended to it.
    pub fn is_terminated(&self) -> bool {
        match self.current {
            Some(block) => self.function().terminator(block).is_some(),
            None => true,
        }
    }

    /// Whether the current block can never run: it is sealed, has no predecessors and
    /// is not the entry block. Frontends may skip code generation there.
    pub fn is_unreachable(&self) -> bool {
        match self.current {
            Some(block) => {
                self.function().entry_block() != Some(block)
                    && self.ssa.is_sealed(block)
                    && self.ssa.has_no_preds(block)
            }
            None => true,
        }
    }

    /// Adds a stack slot of `size` bytes (`align` defaults to 8) and returns its
    /// address, a `ptr` valid until the function returns.
    pub fn stack_slot(&mut self, size: u32, align: Option<u32>) -> Value {
        self.function_mut().create_slot(size, align).1
    }

    /// Names a value (`%name` in text). Names must be unique within the function; the
    /// verifier checks that.
    pub fn set_name(&mut self, value: Value, name: &str) {
        let value = self.ssa.resolve(value);
        self.function_mut().set_value_name(value, name);
    }

    /// Finishes the function: seals all blocks, removes block parameters that turned
    /// out redundant (every edge passes the same value), and replaces uses of removed
    /// parameters. Dropping the builder does the same.
    pub fn finalize(mut self) {
        self.finish();
    }

    fn finish(&mut self) {
        if !self.finalized {
            self.finalized = true;
            let func = &mut self.module.funcs[self.func];
            self.ssa.finalize(func);
        }
    }

    /// Appends any instruction to the current block and returns it; its results are
    /// typed from its operands. The typed methods ([`add`](Self::add),
    /// [`jump`](Self::jump), …) are usually more convenient.
    ///
    /// # Panics
    ///
    /// If there is no current block, it already ends with a terminator, or `kind`
    /// branches to a sealed block or the entry block.
    pub fn append_inst(&mut self, mut kind: InstKind) -> Inst {
        let block = self.expect_open_block();
        kind.map_args(|v| self.ssa.resolve(v));
        let types = self.result_types(&kind);
        let mut targets: Vec<Block> = kind.successors().collect();
        targets.sort_unstable();
        targets.dedup();
        for &target in &targets {
            self.check_branch_target(target);
        }
        let func = &mut self.module.funcs[self.func];
        let inst = func.append_inst(block, kind, &types);
        func.srclocs[inst] = self.srcloc;
        for target in targets {
            self.ssa.declare_branch(block, inst, target);
        }
        inst
    }

    /// The values `inst` defines.
    pub fn inst_results(&self, inst: Inst) -> &[Value] {
        self.function().inst_results(inst)
    }

    /// Appends `kind` and returns its only result.
    fn append_value(&mut self, kind: InstKind) -> Value {
        let inst = self.append_inst(kind);
        match self.inst_results(inst) {
            [value] => *value,
            results => unreachable!("instruction with {} results", results.len()),
        }
    }

    fn result_types(&self, kind: &InstKind) -> Vec<Type> {
        if let Some(types) = result_types(self.module, self.function(), kind) {
            return types;
        }
        match kind {
            InstKind::Convert { op, .. } => vec![convert_result_type(*op)],
            InstKind::Call { func, .. } | InstKind::ReturnCall { func, .. } => {
                panic!("FunctionBuilder: {func} is not a function of this module")
            }
            InstKind::GlobalGet { global } | InstKind::GlobalSet { global, .. } => {
                panic!("FunctionBuilder: {global} is not a global of this module")
            }
            _ => Vec::new(),
        }
    }

    fn check_branch_target(&self, target: Block) {
        let func = self.function();
        if func.blocks.get(target).is_none() {
            panic!("FunctionBuilder: branch to {target}, which is not a block of this function");
        }
        if func.entry_block() == Some(target) {
            panic!(
                "FunctionBuilder: cannot branch to the entry block {}; give the loop its own \
                 header block and jump there from the entry",
                func.block_label(target)
            );
        }
        if self.ssa.is_sealed(target) {
            panic!(
                "FunctionBuilder: cannot branch to {}: it is already sealed; seal a block \
                 only once every branch to it is built",
                func.block_label(target)
            );
        }
    }

    /// The current block, for `what`.
    fn expect_block(&self, what: &str) -> Block {
        match self.current {
            Some(block) => block,
            None => panic!("FunctionBuilder::{what}: no current block; call switch_to_block first"),
        }
    }

    /// The current block, which must not end with a terminator yet.
    fn expect_open_block(&self) -> Block {
        let block = self.expect_block("append_inst");
        if self.function().terminator(block).is_some() {
            panic!(
                "FunctionBuilder: cannot append to {}: it already ends with a terminator; \
                 create a new block and switch_to_block it (code after a `return` goes to \
                 a fresh, unreachable block)",
                self.function().block_label(block)
            );
        }
        block
    }
}

impl Drop for FunctionBuilder<'_> {
    /// Finalizes the function if [`FunctionBuilder::finalize`] was not called (but not
    /// while a panic unwinds, when the function is left as it is).
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.finish();
        }
    }
}

/// The result type of a conversion whatever its operand (used when the operand's type
/// is not one the conversion accepts, so that the verifier can report it).
fn convert_result_type(op: ConvertOp) -> Type {
    use ConvertOp::*;
    match op {
        Wrap | Extend8S | Extend16S => Type::I32,
        ExtendS | ExtendU | Extend32S => Type::I64,
        Promote => Type::F64,
        Demote => Type::F32,
        TruncS(t) | TruncU(t) | TruncSatS(t) | TruncSatU(t) | ConvertS(t) | ConvertU(t)
        | Bitcast(t) => t,
    }
}

/// The operand type a conversion expects when given an untyped literal.
fn convert_operand_type(op: ConvertOp) -> Type {
    use ConvertOp::*;
    match op {
        Wrap | Extend32S => Type::I64,
        ExtendS | ExtendU | Extend8S | Extend16S | ConvertS(_) | ConvertU(_) => Type::I32,
        TruncS(_) | TruncU(_) | TruncSatS(_) | TruncSatU(_) | Demote => Type::F64,
        Promote => Type::F32,
        Bitcast(t) if t.is_int() => t.float_of_same_width(),
        Bitcast(t) => t.int_of_same_width(),
    }
}
