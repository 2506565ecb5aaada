//! The interpreter's executable form of a module: each function body flattened into
//! one array of [`Op`]s over numbered registers, with branch targets resolved to
//! instruction indices and every arithmetic operation resolved to its [`super::eval`]
//! function. Built once by [`super::compile`]; executed by [`super::exec`].
//!
//! Registers of a frame: the function's parameters first (`0..n_params`), then its
//! constants (filled from [`Body::const_bits`] on entry), then slot addresses (set on
//! entry), then every other value, and last one scratch register for breaking cycles
//! of block-argument moves.

use super::eval::{Fn1, Fn2, TrapFn1, TrapFn2};
use crate::function::Import;
use crate::syscall::Syscall;
use crate::types::{MemWidth, Signature};
use rustc_hash::FxHashMap as HashMap;

/// A register index within a frame.
pub(super) type Reg = u32;

/// How a load turns bytes into a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LoadKind {
    /// 1, 2, 4 or 8 bytes, zero-extended (full-width loads and `load.u*`).
    Zero(MemWidth),
    /// Sign-extended into a 32-bit value (`load.s8.i32`, `load.s16.i32`).
    Signed32(MemWidth),
    /// Sign-extended into a 64-bit value (`load.s8.i64`, `load.s16.i64`, `load.s32.i64`).
    Signed64(MemWidth),
}

/// One executable instruction. Each LIR instruction becomes exactly one `Op`, so the
/// fuel count is the number of LIR instructions executed.
#[derive(Clone, Copy, Debug)]
pub(super) enum Op {
    /// `const.T`
    Imm {
        dst: Reg,
        bits: u64,
    },
    /// A binary operation or comparison that cannot trap.
    Bin {
        f: Fn2,
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// Integer division and remainder.
    BinTrap {
        f: TrapFn2,
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// A unary operation or conversion that cannot trap.
    Un {
        f: Fn1,
        dst: Reg,
        a: Reg,
    },
    /// `trunc_s`, `trunc_u`.
    UnTrap {
        f: TrapFn1,
        dst: Reg,
        a: Reg,
    },
    Select {
        dst: Reg,
        cond: Reg,
        a: Reg,
        b: Reg,
    },
    Load {
        kind: LoadKind,
        dst: Reg,
        addr: Reg,
        offset: u32,
    },
    Store {
        width: MemWidth,
        addr: Reg,
        value: Reg,
        offset: u32,
    },
    MemorySize {
        dst: Reg,
    },
    MemoryGrow {
        dst: Reg,
        pages: Reg,
    },
    MemoryCopy {
        dst: Reg,
        src: Reg,
        len: Reg,
    },
    MemoryFill {
        dst: Reg,
        byte: Reg,
        len: Reg,
    },
    StackAlloc {
        dst: Reg,
        size: Reg,
    },
    GlobalGet {
        dst: Reg,
        global: u32,
    },
    GlobalSet {
        global: u32,
        value: Reg,
    },
    /// `call @f`: arguments and results are in `Body::sites[site]`.
    Call {
        callee: u32,
        site: u32,
    },
    CallIndirect {
        callee: Reg,
        sig: u32,
        site: u32,
    },
    Syscall {
        call: Syscall,
        site: u32,
    },
    Jump {
        edge: u32,
    },
    BrIf {
        cond: Reg,
        then_edge: u32,
        else_edge: u32,
    },
    Switch {
        index: Reg,
        table: u32,
    },
    /// `ret`: the returned values are `Body::sites[site].args`.
    Ret {
        site: u32,
    },
    Trap,
    ReturnCall {
        callee: u32,
        site: u32,
    },
    ReturnCallIndirect {
        callee: Reg,
        sig: u32,
        site: u32,
    },
}

/// The operand registers of a call, syscall or `ret`.
#[derive(Clone, Debug, Default)]
pub(super) struct Site {
    pub args: Box<[Reg]>,
    pub results: Box<[Reg]>,
}

/// A resolved branch: where to continue and the register moves (already ordered so
/// that executing them one after the other assigns all block arguments at once).
#[derive(Clone, Debug)]
pub(super) struct Edge {
    pub target: u32,
    pub moves: Box<[(Reg, Reg)]>,
}

/// The edges of a `switch`.
#[derive(Clone, Debug)]
pub(super) struct SwitchTable {
    pub default: u32,
    /// Edge of key `k` at index `k` when the keys are small (gaps hold `default`).
    pub dense: Box<[u32]>,
    /// Otherwise `(key, edge)` sorted by key.
    pub sparse: Box<[(u64, u32)]>,
}

impl SwitchTable {
    /// The edge taken for `key`.
    pub fn edge(&self, key: u64) -> u32 {
        if !self.dense.is_empty() {
            return usize::try_from(key)
                .ok()
                .and_then(|k| self.dense.get(k))
                .copied()
                .unwrap_or(self.default);
        }
        match self.sparse.binary_search_by_key(&key, |&(k, _)| k) {
            Ok(i) => self.sparse[i].1,
            Err(_) => self.default,
        }
    }
}

/// The executable body of a defined function.
#[derive(Clone, Debug)]
pub(super) struct Body {
    pub ops: Box<[Op]>,
    pub n_regs: u32,
    /// First constant register; constants occupy `const_base..const_base + const_bits.len()`.
    pub const_base: u32,
    pub const_bits: Box<[u64]>,
    /// Slot address registers and their offsets from the frame's base.
    pub slots: Box<[(Reg, u32)]>,
    /// Bytes the stack pointer moves down on entry.
    pub frame_size: u32,
    pub edges: Box<[Edge]>,
    pub sites: Box<[Site]>,
    pub switches: Box<[SwitchTable]>,
    /// The source location of each op (of the LIR instruction it executes), for the
    /// backtraces of traps.
    pub locs: Box<[crate::srcloc::SourceLoc]>,
}

/// What a function is, for the executor.
#[derive(Clone, Debug)]
pub(super) enum FuncKind {
    Defined(Body),
    Imported(Import),
}

/// One function of the program.
#[derive(Clone, Debug)]
pub(super) struct FuncCode {
    pub name: String,
    pub sig: Signature,
    /// Index of the signature in [`Program::sigs`]; equal ids mean equal signatures.
    pub sig_id: u32,
    pub kind: FuncKind,
}

/// A whole module in executable form.
#[derive(Clone, Debug)]
pub(super) struct Program {
    /// Indexed like the module's functions.
    pub funcs: Vec<FuncCode>,
    pub by_name: HashMap<String, u32>,
    /// Functions by table index minus one (table index 0 is the null pointer).
    pub table: Vec<u32>,
}
