//! The syntax tree the parser produces: the text's structure with names still
//! unresolved and literals still text.
//!
//! Resolution ([`crate::text::resolve`]) turns it into a [`crate::Module`]. Only what is
//! needed for that is kept; every part that can be wrong later carries a span.

use crate::function::Import;
use crate::module::{DataType, MemoryDecl};
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp, UnaryOp};
use crate::span::Span;
use crate::syscall::Syscall;
use crate::types::{MemWidth, Signature, Type};
use crate::Imm;
use rustc_hash::FxHashSet as HashSet;

/// A name as written (`@f`, `%x`, `loop`), without its sigil.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub text: String,
    pub span: Span,
}

/// An instruction operand: a value name or a literal whose type comes from context.
#[derive(Clone, Debug)]
pub(crate) enum Operand {
    Value(Name),
    Literal { text: String, span: Span },
}

/// `[base + offset] align N`
#[derive(Clone, Debug)]
pub(crate) struct Address {
    pub volatile: bool,
    pub base: Operand,
    pub offset: u32,
    pub align: Option<u32>,
}

/// A branch target: `label` or `label(args)`.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    pub label: Name,
    pub args: Vec<Operand>,
}

/// An operation with its operands, as written. `suffix` fields are the optional type
/// suffix that states the operand type for literals.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    Const {
        ty: Type,
        literal: Operand,
    },
    Binary {
        op: BinaryOp,
        suffix: Option<Type>,
        args: [Operand; 2],
    },
    Unary {
        op: UnaryOp,
        suffix: Option<Type>,
        arg: Operand,
    },
    Compare {
        op: CompareOp,
        suffix: Option<Type>,
        args: [Operand; 2],
    },
    Convert {
        op: ConvertOp,
        suffix: Option<Type>,
        arg: Operand,
    },
    Select {
        suffix: Option<Type>,
        args: [Operand; 3],
    },
    Load {
        ty: Type,
        width: MemWidth,
        signed: bool,
        addr: Address,
    },
    /// `store.T` (`narrow == false`, `ty` is T) or `store.8|16|32[.T]`.
    Store {
        ty: Option<Type>,
        width: MemWidth,
        narrow: bool,
        addr: Address,
        value: Operand,
    },
    MemorySize,
    MemoryGrow {
        pages: Operand,
    },
    MemoryCopy {
        args: [Operand; 3],
    },
    MemoryFill {
        args: [Operand; 3],
    },
    Addr {
        symbol: Name,
        offset: Option<u32>,
    },
    FuncAddr {
        func: Name,
    },
    StackAlloc {
        size: Operand,
    },
    GlobalGet {
        global: Name,
    },
    GlobalSet {
        global: Name,
        value: Operand,
    },
    Call {
        func: Name,
        args: Vec<Operand>,
    },
    CallIndirect {
        callee: Operand,
        args: Vec<Operand>,
        sig: Signature,
    },
    Syscall {
        call: Syscall,
        args: Vec<Operand>,
    },
    Jump {
        dest: Target,
    },
    BrIf {
        cond: Operand,
        then_dest: Target,
        else_dest: Target,
    },
    Switch {
        index: Operand,
        suffix: Option<Type>,
        default: Target,
        cases: Vec<(Operand, Target)>,
    },
    Ret {
        values: Vec<Operand>,
    },
    Trap,
    ReturnCall {
        func: Name,
        args: Vec<Operand>,
    },
    ReturnCallIndirect {
        callee: Operand,
        args: Vec<Operand>,
        sig: Signature,
    },
    /// A line that failed to parse after its result names were read: the names are
    /// defined (so later uses do not report more errors) but nothing is built.
    Invalid,
}

/// One result name on the left of `=`, with its optional stated type.
#[derive(Clone, Debug)]
pub(crate) struct ResultName {
    pub name: Name,
    pub ty: Option<(Type, Span)>,
}

#[derive(Clone, Debug)]
pub(crate) struct InstAst {
    pub results: Vec<ResultName>,
    pub op: Op,
    /// The mnemonic as written (for messages).
    pub mnemonic: String,
    pub span: Span,
    /// The `loc` line in force (an index into [`BodyAst::locs`]).
    pub loc: Option<usize>,
}

/// `loc N:LINE[:COL]`: the source location of the instructions after it in its block.
#[derive(Clone, Debug)]
pub(crate) struct LocAst {
    pub file: u32,
    pub line: u32,
    pub col: u32,
    pub span: Span,
}

/// `file N "path"`: declares source file number `N` for `loc` lines.
#[derive(Clone, Debug)]
pub(crate) struct FileAst {
    pub number: u32,
    pub path: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) struct SlotAst {
    pub name: Name,
    pub size: u32,
    pub align: Option<u32>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) struct BlockAst {
    /// `None` for an entry block written without a label.
    pub label: Option<Name>,
    pub params: Vec<(Name, Type)>,
    pub insts: Vec<InstAst>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct BodyAst {
    pub slots: Vec<SlotAst>,
    pub blocks: Vec<BlockAst>,
    /// Value names and labels defined on lines that failed to parse.
    pub poisoned_values: HashSet<String>,
    pub poisoned_labels: HashSet<String>,
    /// Every `loc` line of the body.
    pub locs: Vec<LocAst>,
    /// While parsing: the `loc` line in force (reset by each block label).
    pub current_loc: Option<usize>,
}

/// A function definition or import.
#[derive(Clone, Debug)]
pub(crate) struct FuncAst {
    pub name: Name,
    pub export: Option<String>,
    /// Parameter names (`None` when written as a bare type, only for imports).
    pub params: Vec<Option<Name>>,
    pub sig: Signature,
    pub import: Option<Import>,
    pub body: Option<BodyAst>,
    pub span: Span,
}

/// A scalar of a data group: literal bits or a symbol reference.
#[derive(Clone, Debug)]
pub(crate) enum DataValueAst {
    Bits(u64),
    Symbol { name: Name, offset: Option<u32> },
}

#[derive(Clone, Debug)]
pub(crate) enum DataItemAst {
    Bytes(Vec<u8>),
    Zero(u32),
    Scalars {
        ty: DataType,
        values: Vec<DataValueAst>,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct DataAst {
    pub name: Name,
    pub align: Option<u32>,
    pub readonly: bool,
    pub items: Vec<DataItemAst>,
    pub is_string: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) struct GlobalAst {
    pub name: Name,
    pub ty: Type,
    pub mutable: bool,
    pub init: Imm,
    pub export: Option<String>,
    pub span: Span,
}

/// A whole text's items, by kind, each kind in text order.
#[derive(Clone, Debug, Default)]
pub(crate) struct ModuleAst {
    pub files: Vec<FileAst>,
    pub memory: Option<(MemoryDecl, Span)>,
    pub stack: Option<(u32, Span)>,
    pub data: Vec<DataAst>,
    pub globals: Vec<GlobalAst>,
    pub funcs: Vec<FuncAst>,
    /// `@names` of items that failed to parse (uses of them report nothing more).
    pub poisoned_symbols: HashSet<String>,
}
