//! Instructions: what each one computes ([`InstKind`]), plus visitors over the values
//! and branch targets an instruction mentions.
//!
//! Terminators are instructions too; a block's last instruction must be one (the
//! verifier checks that), which keeps blocks a single list.

use crate::entities::{Block, Data, Func, Global, Value};
use crate::imm::Imm;
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp, UnaryOp};
use crate::syscall::Syscall;
use crate::types::{MemWidth, Signature, Type};
use smallvec::{smallvec, SmallVec};
pub use thin_vec::ThinVec;

/// A branch target with the arguments passed to its block parameters.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct BlockCall {
    pub block: Block,
    /// Block arguments (a [`ThinVec`]: one pointer, so a `br_if` with two targets
    /// keeps [`InstKind`] small; no allocation when empty).
    pub args: ThinVec<Value>,
}

impl BlockCall {
    pub fn new(block: Block, args: impl Into<ThinVec<Value>>) -> BlockCall {
        BlockCall {
            block,
            args: args.into(),
        }
    }
}

/// The memory operand of a load or store: `[addr + offset]`, with an optional
/// alignment hint in bytes and the `volatile` flag.
///
/// The effective address is `addr + offset` computed without wrapping (as in wasm):
/// an access that ends past the memory's size traps.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct MemArg {
    pub offset: u32,
    /// Alignment hint in bytes (a power of two no larger than the access width);
    /// `None` means the natural alignment. Misaligned accesses are still correct.
    pub align: Option<u32>,
    /// A volatile access (C's `volatile`): it happens exactly as often and in the same
    /// order relative to other volatile accesses as the program says. No optimization
    /// removes, merges, duplicates or reorders it with another volatile access, or
    /// moves it out of a loop; a volatile load is never assumed to return what was
    /// stored.
    pub volatile: bool,
}

/// What an instruction computes. Operands are [`Value`]s; literal operands are
/// constant values of the function ([`crate::Function::const_value`]).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum InstKind {
    /// `const.T imm`
    Const(Imm),
    /// `op a, b` — integer or float arithmetic.
    Binary { op: BinaryOp, args: [Value; 2] },
    /// `op a`
    Unary { op: UnaryOp, arg: Value },
    /// `op a, b` → i32 (0 or 1).
    Compare { op: CompareOp, args: [Value; 2] },
    /// Conversion between types.
    Convert { op: ConvertOp, arg: Value },
    /// `select cond, a, b`: `a` if `cond != 0`, else `b`.
    Select { args: [Value; 3] },
    /// `load.T [addr + offset]`, or a narrow load `load.s8.T` that sign- or
    /// zero-extends `width` bits to `ty`.
    Load {
        ty: Type,
        width: MemWidth,
        signed: bool,
        addr: Value,
        mem: MemArg,
    },
    /// `store.T [addr + offset], value`, or a truncating `store.8|16|32` that writes
    /// the low `width` bits of `value` (whose type is `ty`).
    Store {
        ty: Type,
        width: MemWidth,
        addr: Value,
        value: Value,
        mem: MemArg,
    },
    /// `memory.size` → current size in 64 KiB pages.
    MemorySize,
    /// `memory.grow pages` → previous size in pages, or -1 if the memory cannot grow.
    MemoryGrow { pages: Value },
    /// `memory.copy dst, src, len` (overlapping ranges allowed).
    MemoryCopy { args: [Value; 3] },
    /// `memory.fill dst, byte, len`
    MemoryFill { args: [Value; 3] },
    /// `addr @data + offset` → ptr.
    DataAddr { data: Data, offset: u32 },
    /// `addr @__heap_base` → the first byte after the stack (see `docs/abi.md`).
    HeapBase,
    /// `funcaddr @f` → the function's table index (i32).
    FuncAddr { func: Func },
    /// `stack.alloc bytes` → ptr to `bytes` fresh bytes in the current frame, 16-aligned,
    /// released when the function returns.
    StackAlloc { size: Value },
    /// `global.get @g`
    GlobalGet { global: Global },
    /// `global.set @g, value`
    GlobalSet { global: Global, value: Value },
    /// `call @f(args)`
    Call { func: Func, args: Vec<Value> },
    /// `call_indirect callee(args) : sig` — `callee` is a table index.
    CallIndirect {
        sig: Box<Signature>,
        callee: Value,
        args: Vec<Value>,
    },
    /// `syscall.NAME args`
    Syscall { call: Syscall, args: Vec<Value> },

    /// `jump L(args)`
    Jump { dest: BlockCall },
    /// `br_if cond, Then(args), Else(args)`: to `then_dest` if `cond != 0`.
    BrIf {
        cond: Value,
        then_dest: BlockCall,
        else_dest: BlockCall,
    },
    /// `switch index, Default(args), [k: L(args), …]`
    Switch {
        index: Value,
        default: BlockCall,
        cases: ThinVec<(u64, BlockCall)>,
    },
    /// `ret values`
    Ret { values: Vec<Value> },
    /// `trap`: always traps (wasm `unreachable`).
    Trap,
    /// `return_call @f(args)`: a tail call.
    ReturnCall { func: Func, args: Vec<Value> },
    /// `return_call_indirect callee(args) : sig`
    ReturnCallIndirect {
        sig: Box<Signature>,
        callee: Value,
        args: Vec<Value>,
    },
}

/// The successor blocks of a terminator ([`InstKind::successors`]).
#[derive(Clone, Debug)]
pub struct Successors<'a> {
    first: Option<Block>,
    second: Option<Block>,
    cases: std::slice::Iter<'a, (u64, BlockCall)>,
}

impl Iterator for Successors<'_> {
    type Item = Block;

    fn next(&mut self) -> Option<Block> {
        if let Some(b) = self.first.take() {
            return Some(b);
        }
        if let Some(b) = self.second.take() {
            return Some(b);
        }
        self.cases.next().map(|(_, c)| c.block)
    }
}

/// The body of [`InstKind::visit_args`] and [`InstKind::visit_args_mut`], which differ
/// only in borrowing shared or mutable (`iter` or `iter_mut`).
macro_rules! visit_operands {
    ($kind:expr, $f:ident, $iter:ident) => {{
        use InstKind::*;
        match $kind {
            Const(_)
            | MemorySize
            | DataAddr { .. }
            | HeapBase
            | FuncAddr { .. }
            | GlobalGet { .. }
            | Trap => {}
            Binary { args, .. } | Compare { args, .. } => args.$iter().for_each($f),
            Select { args } | MemoryCopy { args } | MemoryFill { args } => {
                args.$iter().for_each($f)
            }
            Unary { arg, .. } | Convert { arg, .. } => $f(arg),
            Load { addr, .. } => $f(addr),
            Store { addr, value, .. } => {
                $f(addr);
                $f(value);
            }
            MemoryGrow { pages } => $f(pages),
            StackAlloc { size } => $f(size),
            GlobalSet { value, .. } => $f(value),
            Call { args, .. } | Syscall { args, .. } | ReturnCall { args, .. } => {
                args.$iter().for_each($f)
            }
            CallIndirect { callee, args, .. } | ReturnCallIndirect { callee, args, .. } => {
                $f(callee);
                args.$iter().for_each($f);
            }
            Jump { dest } => dest.args.$iter().for_each($f),
            BrIf {
                cond,
                then_dest,
                else_dest,
            } => {
                $f(cond);
                then_dest.args.$iter().for_each(&mut *$f);
                else_dest.args.$iter().for_each($f);
            }
            Switch {
                index,
                default,
                cases,
            } => {
                $f(index);
                default.args.$iter().for_each(&mut *$f);
                for (_, c) in cases {
                    c.args.$iter().for_each(&mut *$f);
                }
            }
            Ret { values } => values.$iter().for_each($f),
        }
    }};
}

impl InstKind {
    /// Whether this instruction ends a block.
    #[inline]
    pub fn is_terminator(&self) -> bool {
        matches!(
            self,
            InstKind::Jump { .. }
                | InstKind::BrIf { .. }
                | InstKind::Switch { .. }
                | InstKind::Ret { .. }
                | InstKind::Trap
                | InstKind::ReturnCall { .. }
                | InstKind::ReturnCallIndirect { .. }
        )
    }

    /// The branch targets of a terminator, in text order (empty for other instructions).
    /// Only a `switch` allocates.
    pub fn block_calls(&self) -> SmallVec<[&BlockCall; 2]> {
        match self {
            InstKind::Jump { dest } => smallvec![dest],
            InstKind::BrIf {
                then_dest,
                else_dest,
                ..
            } => smallvec![then_dest, else_dest],
            InstKind::Switch { default, cases, .. } => std::iter::once(default)
                .chain(cases.iter().map(|(_, c)| c))
                .collect(),
            _ => SmallVec::new(),
        }
    }

    /// Mutable branch targets, in the same order as [`InstKind::block_calls`].
    pub fn block_calls_mut(&mut self) -> SmallVec<[&mut BlockCall; 2]> {
        match self {
            InstKind::Jump { dest } => smallvec![dest],
            InstKind::BrIf {
                then_dest,
                else_dest,
                ..
            } => smallvec![then_dest, else_dest],
            InstKind::Switch { default, cases, .. } => std::iter::once(default)
                .chain(cases.iter_mut().map(|(_, c)| c))
                .collect(),
            _ => SmallVec::new(),
        }
    }

    /// Successor blocks in text order (may repeat a block), without allocating.
    pub fn successors(&self) -> Successors<'_> {
        let none = Successors {
            first: None,
            second: None,
            cases: [].iter(),
        };
        match self {
            InstKind::Jump { dest } => Successors {
                first: Some(dest.block),
                ..none
            },
            InstKind::BrIf {
                then_dest,
                else_dest,
                ..
            } => Successors {
                first: Some(then_dest.block),
                second: Some(else_dest.block),
                ..none
            },
            InstKind::Switch { default, cases, .. } => Successors {
                first: Some(default.block),
                second: None,
                cases: cases.iter(),
            },
            _ => none,
        }
    }

    /// Calls `f` on every value operand, including branch arguments, in text order.
    pub fn for_each_arg(&self, mut f: impl FnMut(Value)) {
        self.visit_args(&mut |v: &Value| f(*v));
    }

    /// Every value operand, including branch arguments, in text order.
    pub fn args(&self) -> Vec<Value> {
        let mut out = Vec::new();
        self.for_each_arg(|v| out.push(v));
        out
    }

    /// Calls `f` on every value operand so it can be replaced.
    pub fn map_args(&mut self, mut f: impl FnMut(Value) -> Value) {
        self.visit_args_mut(&mut |v: &mut Value| *v = f(*v));
    }

    #[inline]
    fn visit_args<F: FnMut(&Value)>(&self, f: &mut F) {
        visit_operands!(self, f, iter)
    }

    #[inline]
    fn visit_args_mut<F: FnMut(&mut Value)>(&mut self, f: &mut F) {
        visit_operands!(self, f, iter_mut)
    }

    /// Whether the instruction may have an effect beyond computing its results: it
    /// writes memory or a global, calls, traps, performs I/O, or ends the block.
    /// Instructions without side effects can be removed when their results are unused.
    pub fn has_side_effects(&self) -> bool {
        use InstKind::*;
        match self {
            Const(_)
            | Unary { .. }
            | Compare { .. }
            | Select { .. }
            | MemorySize
            | DataAddr { .. }
            | HeapBase
            | FuncAddr { .. }
            | GlobalGet { .. } => false,
            Binary { op, args: _ } => matches!(
                op,
                BinaryOp::DivS | BinaryOp::DivU | BinaryOp::RemS | BinaryOp::RemU
            ),
            Convert { op, .. } => op.can_trap(),
            // Loads can trap (out of bounds); volatile ones must happen in any case.
            _ => true,
        }
    }

    /// Whether the instruction reads linear memory.
    pub fn reads_memory(&self) -> bool {
        use InstKind::*;
        matches!(
            self,
            Load { .. }
                | MemoryCopy { .. }
                | Call { .. }
                | CallIndirect { .. }
                | Syscall { .. }
                | ReturnCall { .. }
                | ReturnCallIndirect { .. }
        )
    }
}
