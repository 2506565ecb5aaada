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
use smallvec::SmallVec;
use std::ops::Range;

/// A name as written (`@f`, `%x`, `loop`), without its sigil.
#[derive(Clone, Debug)]
pub(crate) struct Name<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// An instruction operand: a value name or a literal whose type comes from context.
#[derive(Clone, Debug)]
pub(crate) enum Operand<'a> {
    Value(Name<'a>),
    Literal { text: &'a str, span: Span },
}

/// `[base + offset] align N`
#[derive(Clone, Debug)]
pub(crate) struct Address<'a> {
    pub volatile: bool,
    pub base: Operand<'a>,
    pub offset: u32,
    pub align: Option<u32>,
}

/// A branch target: `label` or `label(args)`.
#[derive(Clone, Debug)]
pub(crate) struct Target<'a> {
    pub label: Name<'a>,
    pub args: Vec<Operand<'a>>,
}

/// An operation with its operands, as written. `suffix` fields are the optional type
/// suffix that states the operand type for literals.
#[derive(Clone, Debug)]
pub(crate) enum Op<'a> {
    Const {
        ty: Type,
        literal: Operand<'a>,
    },
    Binary {
        op: BinaryOp,
        suffix: Option<Type>,
        args: [Operand<'a>; 2],
    },
    Unary {
        op: UnaryOp,
        suffix: Option<Type>,
        arg: Operand<'a>,
    },
    Compare {
        op: CompareOp,
        suffix: Option<Type>,
        args: [Operand<'a>; 2],
    },
    Convert {
        op: ConvertOp,
        suffix: Option<Type>,
        arg: Operand<'a>,
    },
    Select {
        suffix: Option<Type>,
        args: [Operand<'a>; 3],
    },
    Load {
        ty: Type,
        width: MemWidth,
        signed: bool,
        addr: Address<'a>,
    },
    /// `store.T` (`narrow == false`, `ty` is T) or `store.8|16|32[.T]`.
    Store {
        ty: Option<Type>,
        width: MemWidth,
        narrow: bool,
        addr: Address<'a>,
        value: Operand<'a>,
    },
    MemorySize,
    MemoryGrow {
        pages: Operand<'a>,
    },
    MemoryCopy {
        args: [Operand<'a>; 3],
    },
    MemoryFill {
        args: [Operand<'a>; 3],
    },
    Addr {
        symbol: Name<'a>,
        offset: Option<u32>,
    },
    FuncAddr {
        func: Name<'a>,
    },
    StackAlloc {
        size: Operand<'a>,
    },
    GlobalGet {
        global: Name<'a>,
    },
    GlobalSet {
        global: Name<'a>,
        value: Operand<'a>,
    },
    Call {
        func: Name<'a>,
        args: Vec<Operand<'a>>,
    },
    CallIndirect {
        callee: Operand<'a>,
        args: Vec<Operand<'a>>,
        sig: Signature,
    },
    Syscall {
        call: Syscall,
        args: Vec<Operand<'a>>,
    },
    Jump {
        dest: Target<'a>,
    },
    BrIf {
        cond: Operand<'a>,
        then_dest: Target<'a>,
        else_dest: Target<'a>,
    },
    Switch {
        index: Operand<'a>,
        suffix: Option<Type>,
        default: Target<'a>,
        cases: Vec<(Operand<'a>, Target<'a>)>,
    },
    Ret {
        values: Vec<Operand<'a>>,
    },
    Trap,
    ReturnCall {
        func: Name<'a>,
        args: Vec<Operand<'a>>,
    },
    ReturnCallIndirect {
        callee: Operand<'a>,
        args: Vec<Operand<'a>>,
        sig: Signature,
    },
    /// A line that failed to parse after its result names were read: the names are
    /// defined (so later uses do not report more errors) but nothing is built.
    Invalid,
}

/// One result name on the left of `=`, with its optional stated type.
#[derive(Clone, Debug)]
pub(crate) struct ResultName<'a> {
    pub name: Name<'a>,
    pub ty: Option<(Type, Span)>,
}

#[derive(Clone, Debug)]
pub(crate) struct InstAst<'a> {
    pub results: SmallVec<[ResultName<'a>; 1]>,
    pub op: Op<'a>,
    /// The mnemonic as written (for messages).
    pub mnemonic: &'a str,
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
pub(crate) struct SlotAst<'a> {
    pub name: Name<'a>,
    pub size: u32,
    pub align: Option<u32>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) struct BlockAst<'a> {
    /// `None` for an entry block written without a label.
    pub label: Option<Name<'a>>,
    pub params: Vec<(Name<'a>, Type)>,
    /// Its instructions: a range of [`BodyAst::insts`].
    pub insts: Range<usize>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct BodyAst<'a> {
    pub slots: Vec<SlotAst<'a>>,
    pub blocks: Vec<BlockAst<'a>>,
    /// The instructions of all blocks, in text order.
    pub insts: Vec<InstAst<'a>>,
    /// Value names and labels defined on lines that failed to parse.
    pub poisoned_values: HashSet<&'a str>,
    pub poisoned_labels: HashSet<&'a str>,
    /// Every `loc` line of the body.
    pub locs: Vec<LocAst>,
    /// While parsing: the `loc` line in force (reset by each block label).
    pub current_loc: Option<usize>,
}

impl<'a> BodyAst<'a> {
    /// Appends `inst` to the last block, first opening the unlabelled entry block
    /// when the body starts with an instruction.
    pub fn push_inst(&mut self, inst: InstAst<'a>) {
        if self.blocks.is_empty() {
            let start = self.insts.len();
            self.blocks.push(BlockAst {
                label: None,
                params: Vec::new(),
                insts: start..start,
                span: inst.span,
            });
        }
        self.insts.push(inst);
        let end = self.insts.len();
        if let Some(block) = self.blocks.last_mut() {
            block.insts.end = end;
        }
    }
}

/// A function definition or import.
#[derive(Clone, Debug)]
pub(crate) struct FuncAst<'a> {
    pub name: Name<'a>,
    pub export: Option<String>,
    /// Parameter names (`None` when written as a bare type, only for imports).
    pub params: Vec<Option<Name<'a>>>,
    pub sig: Signature,
    pub import: Option<Import>,
    pub body: Option<BodyAst<'a>>,
    pub span: Span,
}

/// A scalar of a data group: literal bits or a symbol reference.
#[derive(Clone, Debug)]
pub(crate) enum DataValueAst<'a> {
    Bits(u64),
    Symbol { name: Name<'a>, offset: Option<u32> },
}

#[derive(Clone, Debug)]
pub(crate) enum DataItemAst<'a> {
    Bytes(Vec<u8>),
    Zero(u32),
    Scalars {
        ty: DataType,
        values: Vec<DataValueAst<'a>>,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct DataAst<'a> {
    pub name: Name<'a>,
    pub align: Option<u32>,
    pub readonly: bool,
    pub items: Vec<DataItemAst<'a>>,
    pub is_string: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) struct GlobalAst<'a> {
    pub name: Name<'a>,
    pub ty: Type,
    pub mutable: bool,
    pub init: Imm,
    pub export: Option<String>,
    pub span: Span,
}

/// A whole text's items, by kind, each kind in text order.
#[derive(Clone, Debug, Default)]
pub(crate) struct ModuleAst<'a> {
    pub files: Vec<FileAst>,
    pub memory: Option<(MemoryDecl, Span)>,
    pub stack: Option<(u32, Span)>,
    pub data: Vec<DataAst<'a>>,
    pub globals: Vec<GlobalAst<'a>>,
    pub funcs: Vec<FuncAst<'a>>,
    /// `@names` of items that failed to parse (uses of them report nothing more).
    pub poisoned_symbols: HashSet<&'a str>,
    /// A body already built and emptied, whose storage the next body reuses.
    pub spare_body: Option<BodyAst<'a>>,
}

impl<'a> BodyAst<'a> {
    /// Empties the body, keeping its storage.
    pub fn clear(&mut self) {
        self.slots.clear();
        self.blocks.clear();
        self.insts.clear();
        self.poisoned_values.clear();
        self.poisoned_labels.clear();
        self.locs.clear();
        self.current_loc = None;
    }

    /// The instructions of `block`.
    pub fn insts_of(&self, block: &BlockAst<'a>) -> &[InstAst<'a>] {
        self.insts.get(block.insts.clone()).unwrap_or_default()
    }
}
