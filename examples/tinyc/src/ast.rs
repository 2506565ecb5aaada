//! The typed AST the parser produces and code generation consumes: every expression
//! carries its C type, with the implicit conversions of C already made explicit
//! (`Cast` nodes, decayed arrays, scaled pointer arithmetic); plus the program's
//! functions, globals, locals and string literals.

use crate::diagnostics::Pos;
use crate::types::{FuncTy, Ty};
use std::rc::Rc;

pub type LocalId = usize;
pub type GlobalId = usize;
pub type FuncId = usize;
pub type StrId = usize;
pub type CaseId = usize;
pub type LabelId = usize;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Shl,
    Shr,
    And,
    Or,
    Xor,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UnOp {
    Neg,
    BitNot,
    LogNot,
}

/// The functions tinyc lowers to LIR instructions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Builtin {
    SyscallRead,
    SyscallWrite,
    SyscallExit,
    MemorySize,
    MemoryGrow,
    HeapBase,
    MemoryCopy,
    MemoryFill,
    Sqrt,
    Fabs,
    Floor,
    Ceil,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Ty,
    pub pos: Pos,
    /// The expression designates a volatile object.
    pub vol: bool,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(StrId),
    Local(LocalId),
    Global(GlobalId),
    Func(FuncId),
    Unary(UnOp, Box<Expr>),
    /// Both operands have the result type (shift counts included).
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// Both operands have the same (arithmetic or pointer) type; the result is `int`.
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `ptr ± idx * scale`; `idx` is a 32-bit integer.
    PtrAdd {
        ptr: Box<Expr>,
        idx: Box<Expr>,
        scale: u32,
        neg: bool,
    },
    /// `(a - b) / scale`, a `long`.
    PtrDiff(Box<Expr>, Box<Expr>, u32),
    LogAnd(Box<Expr>, Box<Expr>),
    LogOr(Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Comma(Box<Expr>, Box<Expr>),
    /// `rhs` has the type of `lhs`.
    Assign(Box<Expr>, Box<Expr>),
    /// `lhs = (T)((OpTy)lhs op rhs)`; `rhs` has type `op_ty`.
    CompoundAssign {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        op_ty: Ty,
    },
    /// `lhs ±= idx * scale` for a pointer `lhs`.
    PtrCompound {
        lhs: Box<Expr>,
        idx: Box<Expr>,
        scale: u32,
        neg: bool,
    },
    /// `++`/`--`: `delta` is ±1 (times the pointee size for pointers).
    IncDec {
        lhs: Box<Expr>,
        pre: bool,
        delta: i64,
    },
    Deref(Box<Expr>),
    Addr(Box<Expr>),
    /// An array used as a pointer to its first element.
    Decay(Box<Expr>),
    Member(Box<Expr>, u32),
    /// Arguments are converted to the parameter types (default promotions for the
    /// variadic part).
    Call {
        callee: Box<Expr>,
        args: Vec<Expr>,
        fty: Rc<FuncTy>,
    },
    Builtin(Builtin, Vec<Expr>),
    VaStart(Box<Expr>),
    /// `va_arg(ap, T)`: `T` is the expression's type.
    VaArg(Box<Expr>),
    Cast(Box<Expr>),
}

impl Expr {
    pub fn new(kind: ExprKind, ty: Ty, pos: Pos) -> Expr {
        Expr {
            kind,
            ty,
            pos,
            vol: false,
        }
    }

    pub fn int(v: i64, ty: Ty, pos: Pos) -> Expr {
        Expr::new(ExprKind::Int(v), ty, pos)
    }
}

/// One piece of an aggregate or scalar initializer, at a byte offset of the object.
#[derive(Clone, Debug)]
pub enum InitItem {
    /// A value of the expression's type stored at the offset.
    Expr(u32, Expr),
    /// Bytes (a string initializing a char array).
    Bytes(u32, Vec<u8>),
}

/// An initializer: the object is zeroed first when `items` does not cover it.
#[derive(Clone, Debug, Default)]
pub struct Init {
    pub items: Vec<InitItem>,
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Empty,
    Expr(Expr),
    Decl(LocalId, Option<Init>),
    Block(Vec<Stmt>),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    DoWhile(Box<Stmt>, Expr),
    For(Option<Box<Stmt>>, Option<Expr>, Option<Expr>, Box<Stmt>),
    Break,
    Continue,
    Return(Option<Expr>),
    Switch(Expr, Box<Stmt>, SwitchCases),
    Case(CaseId),
    Label(LabelId),
    Goto(LabelId),
}

/// The case labels of one `switch`: values (already of the promoted controlling
/// type) and their ids, and the `default` label's id.
#[derive(Clone, Debug, Default)]
pub struct SwitchCases {
    pub cases: Vec<(i64, CaseId)>,
    pub default: Option<CaseId>,
}

#[derive(Clone, Debug)]
pub struct LocalVar {
    pub name: String,
    pub ty: Ty,
    pub vol: bool,
    /// `&x` appears (or the type is an aggregate): the variable lives in memory.
    pub addr_taken: bool,
}

#[derive(Clone, Debug)]
pub struct FuncBody {
    pub locals: Vec<LocalVar>,
    /// The locals of the parameters, in order.
    pub params: Vec<LocalId>,
    pub body: Vec<Stmt>,
    pub n_cases: usize,
    pub n_labels: usize,
    pub pos: Pos,
    pub end: Pos,
}

#[derive(Clone, Debug)]
pub struct FuncDecl {
    pub name: String,
    pub lir_name: String,
    pub ty: Rc<FuncTy>,
    pub body: Option<FuncBody>,
    pub pos: Pos,
    /// From the C library rather than the program.
    pub is_lib: bool,
}

#[derive(Clone, Debug)]
pub struct GlobalVar {
    pub name: String,
    pub lir_name: String,
    pub ty: Ty,
    pub vol: bool,
    pub init: Option<Init>,
    /// The initializer comes from the C library (a program may replace it).
    pub init_is_lib: bool,
    pub defined: bool,
    pub pos: Pos,
}

/// A parsed and type-checked program (library and user code together).
#[derive(Default, Debug)]
pub struct Program {
    pub funcs: Vec<FuncDecl>,
    pub globals: Vec<GlobalVar>,
    pub strings: Vec<Vec<u8>>,
    pub layouts: crate::layout::Layouts,
}
