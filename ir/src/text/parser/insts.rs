//! Grammar of operations: the mnemonic with its type suffixes, then the operands each
//! instruction takes (values, addresses, branch targets, callee names, signatures).

use super::ast::{Address, Op, Operand, Target};
use super::{PResult, Parser};
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp, UnaryOp};
use crate::span::Span;
use crate::syscall::Syscall;
use crate::text::errors::ParseError;
use crate::text::lexer::TokenKind;
use crate::types::{MemWidth, Signature, Type};
use smallvec::SmallVec;

/// A mnemonic split at its dots: `load.s8.i32` is base `load`, suffixes `s8`, `i32`.
pub(super) struct Mnemonic<'a> {
    text: &'a str,
    /// The text before the first dot.
    base: &'a str,
    span: Span,
    suffixes: SmallVec<[&'a str; 4]>,
    /// Whether it starts its line (no `%results =` before it).
    first_on_line: bool,
}

impl Mnemonic<'_> {
    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::new(self.span, message)
    }

    fn unknown(&self) -> ParseError {
        self.error(format!("unknown instruction `{}`", self.text))
    }

    fn type_named(&self, name: &str) -> PResult<Type> {
        Type::from_name(name)
            .ok_or_else(|| self.error(format!("`{name}` in `{}` is not a type", self.text)))
    }

    /// No suffix allowed.
    fn plain(&self) -> PResult<()> {
        if self.suffixes.is_empty() {
            Ok(())
        } else {
            Err(self.unknown())
        }
    }

    /// At most one suffix, a type, starting at suffix index `from`.
    fn optional_type(&self, from: usize) -> PResult<Option<Type>> {
        match self.suffixes.get(from..).unwrap_or(&[]) {
            [] => Ok(None),
            [name] => self.type_named(name).map(Some),
            _ => Err(self.error(format!("too many type suffixes in `{}`", self.text))),
        }
    }

    /// Exactly one type suffix.
    fn required_type(&self) -> PResult<Type> {
        match self.suffixes.as_slice() {
            [name] => self.type_named(name),
            _ => Err(self.error(format!(
                "`{}` needs one type suffix, as in `{}.i32`",
                self.text, self.text
            ))),
        }
    }
}

/// What a mnemonic says an operation is, before its operands are read: the decoded
/// mnemonic of [`Parser::op`] and of the fast path (`fast.rs`), which share it.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    Const(Type),
    Select(Option<Type>),
    Load {
        ty: Type,
        width: MemWidth,
        signed: bool,
    },
    Store {
        ty: Option<Type>,
        width: MemWidth,
        narrow: bool,
    },
    MemorySize,
    MemoryGrow,
    MemoryCopy,
    MemoryFill,
    Addr,
    FuncAddr,
    StackAlloc,
    GlobalGet,
    GlobalSet,
    /// `call` (false) or `return_call` (true).
    Call(bool),
    /// `call_indirect` (false) or `return_call_indirect` (true).
    CallIndirect(bool),
    Syscall(Syscall),
    Jump,
    BrIf,
    Switch(Option<Type>),
    Ret,
    Trap,
    Binary(BinaryOp, Option<Type>),
    Compare(CompareOp, Option<Type>),
    Unary(UnaryOp, Option<Type>),
    Convert(ConvertOp, Option<Type>),
}

/// Why a mnemonic does not decode.
pub(super) enum BadMnemonic {
    /// A mnemonic whose base no instruction has (the message depends on what follows
    /// it: [`Parser::unknown_base`]).
    UnknownBase,
    Error(ParseError),
}

impl From<ParseError> for BadMnemonic {
    fn from(error: ParseError) -> BadMnemonic {
        BadMnemonic::Error(error)
    }
}

impl<'a> Mnemonic<'a> {
    /// Splits `text` (written at `span`) at its dots.
    pub(super) fn new(text: &'a str, span: Span, first_on_line: bool) -> Mnemonic<'a> {
        let (base, suffixes) = split_mnemonic(text);
        Mnemonic {
            text,
            base,
            span,
            suffixes,
            first_on_line,
        }
    }

    /// The operation the mnemonic names, with what its suffixes say.
    pub(super) fn decode(&self) -> Result<Shape, BadMnemonic> {
        let m = self;
        let shape = match m.base {
            "const" => Shape::Const(m.required_type()?),
            "select" => Shape::Select(m.optional_type(0)?),
            "load" => m.load()?,
            "store" => m.store()?,
            "memory" => match m.suffixes.as_slice() {
                ["size"] => Shape::MemorySize,
                ["grow"] => Shape::MemoryGrow,
                ["copy"] => Shape::MemoryCopy,
                ["fill"] => Shape::MemoryFill,
                _ => return Err(m.unknown().into()),
            },
            "addr" => {
                m.plain()?;
                Shape::Addr
            }
            "funcaddr" => {
                m.plain()?;
                Shape::FuncAddr
            }
            "stack" if m.suffixes.as_slice() == ["alloc"] => Shape::StackAlloc,
            "global" if m.suffixes.as_slice() == ["get"] => Shape::GlobalGet,
            "global" if m.suffixes.as_slice() == ["set"] => Shape::GlobalSet,
            "call" | "return_call" => {
                m.plain()?;
                Shape::Call(m.base == "return_call")
            }
            "call_indirect" | "return_call_indirect" => {
                m.plain()?;
                Shape::CallIndirect(m.base == "return_call_indirect")
            }
            "syscall" => match m.suffixes.as_slice() {
                [name] => Shape::Syscall(
                    Syscall::from_name(name)
                        .ok_or_else(|| m.error(format!("unknown system call `{name}`")))?,
                ),
                _ => return Err(m.error("expected `syscall.NAME`").into()),
            },
            "jump" => {
                m.plain()?;
                Shape::Jump
            }
            "br_if" => {
                m.plain()?;
                Shape::BrIf
            }
            "switch" => Shape::Switch(m.optional_type(0)?),
            "ret" => {
                m.plain()?;
                Shape::Ret
            }
            "trap" => {
                m.plain()?;
                Shape::Trap
            }
            _ => m.arithmetic()?,
        };
        Ok(shape)
    }

    /// Binary, compare, unary and conversion operations.
    fn arithmetic(&self) -> Result<Shape, BadMnemonic> {
        let (m, base) = (self, self.base);
        if let Some(op) = BinaryOp::from_name(base) {
            return Ok(Shape::Binary(op, m.optional_type(0)?));
        }
        if let Some(op) = CompareOp::from_name(base) {
            return Ok(Shape::Compare(op, m.optional_type(0)?));
        }
        if let Some(op) = UnaryOp::from_name(base) {
            return Ok(Shape::Unary(op, m.optional_type(0)?));
        }
        if !ConvertOp::is_name(base) {
            return Err(BadMnemonic::UnknownBase);
        }
        let (op, suffix) = if let Some(op) = ConvertOp::from_parts(base, None) {
            (op, m.optional_type(0)?)
        } else {
            let result = match m.suffixes.first() {
                Some(name) => m.type_named(name)?,
                None => {
                    return Err(m
                        .error(format!("`{base}` needs a result type suffix"))
                        .into())
                }
            };
            let op = ConvertOp::from_parts(base, Some(result)).ok_or_else(|| {
                m.error(format!("`{base}` cannot produce a {result} (`{}`)", m.text))
            })?;
            (op, m.optional_type(1)?)
        };
        Ok(Shape::Convert(op, suffix))
    }

    fn load(&self) -> PResult<Shape> {
        let m = self;
        let (ty, width, signed) = match m.suffixes.as_slice() {
            [ty] => {
                let ty = m.type_named(ty)?;
                (ty, MemWidth::of(ty), false)
            }
            [narrow, ty] => {
                let ty = m.type_named(ty)?;
                let (signed, bits) = match *narrow {
                    "s8" => (true, 8),
                    "u8" => (false, 8),
                    "s16" => (true, 16),
                    "u16" => (false, 16),
                    "s32" => (true, 32),
                    "u32" => (false, 32),
                    // `store.8` has no sign, so `load.8`/`load.i8` is a likely slip.
                    bits @ ("8" | "16" | "32" | "i8" | "i16" | "i32")
                        if bits.trim_start_matches('i').parse::<u32>().ok() < Some(ty.bits())
                            && ty.is_int() =>
                    {
                        let bits = bits.trim_start_matches('i');
                        return Err(m.error(format!(
                            "unknown instruction `{}`; narrow loads say how they extend: \
                             did you mean `load.s{bits}.{ty}` or `load.u{bits}.{ty}`?",
                            m.text
                        )));
                    }
                    _ => return Err(m.unknown()),
                };
                if !ty.is_int() || bits >= ty.bits() {
                    return Err(m.error(format!(
                        "`load.{narrow}` cannot produce a {ty}; narrow loads extend to a wider integer"
                    )));
                }
                (
                    ty,
                    MemWidth::from_bits(bits).unwrap_or(MemWidth::W8),
                    signed,
                )
            }
            _ => return Err(m.unknown()),
        };
        Ok(Shape::Load { ty, width, signed })
    }

    fn store(&self) -> PResult<Shape> {
        let m = self;
        let first = m.suffixes.first().copied().unwrap_or_default();
        let narrow_width = match first {
            "8" => Some(MemWidth::W8),
            "16" => Some(MemWidth::W16),
            "32" => Some(MemWidth::W32),
            _ => None,
        };
        Ok(match narrow_width {
            Some(width) => Shape::Store {
                ty: m.optional_type(1)?,
                width,
                narrow: true,
            },
            None => {
                let ty = m.required_type()?;
                Shape::Store {
                    ty: Some(ty),
                    width: MemWidth::of(ty),
                    narrow: false,
                }
            }
        })
    }
}

impl<'a> Parser<'a> {
    /// An operation: mnemonic and operands.
    pub(super) fn op(&mut self) -> PResult<Op<'a>> {
        let text = match self.peek() {
            TokenKind::Ident(text) => *text,
            _ => return Err(self.expected("an instruction")),
        };
        let first_on_line = self.token_at(0).first_on_line;
        let span = self.bump();
        let m = Mnemonic::new(text, span, first_on_line);
        let shape = match m.decode() {
            Ok(shape) => shape,
            Err(BadMnemonic::Error(error)) => return Err(error),
            Err(BadMnemonic::UnknownBase) => return Err(self.unknown_base(m.base, &m)),
        };
        let op = match shape {
            Shape::Const(ty) => Op::Const {
                ty,
                literal: self.literal()?,
            },
            Shape::Select(suffix) => Op::Select {
                suffix,
                args: self.operands3()?,
            },
            Shape::Load { ty, width, signed } => Op::Load {
                ty,
                width,
                signed,
                addr: self.address()?,
            },
            Shape::Store { ty, width, narrow } => self.store(ty, width, narrow)?,
            Shape::MemorySize => Op::MemorySize,
            Shape::MemoryGrow => Op::MemoryGrow {
                pages: self.operand()?,
            },
            Shape::MemoryCopy => Op::MemoryCopy {
                args: self.operands3()?,
            },
            Shape::MemoryFill => Op::MemoryFill {
                args: self.operands3()?,
            },
            Shape::Addr => {
                let symbol = self.global_name()?;
                let offset = if self.eat(&TokenKind::Plus) {
                    Some(self.u32_number("an offset")?)
                } else {
                    None
                };
                Op::Addr { symbol, offset }
            }
            Shape::FuncAddr => Op::FuncAddr {
                func: self.global_name()?,
            },
            Shape::StackAlloc => Op::StackAlloc {
                size: self.operand()?,
            },
            Shape::GlobalGet => Op::GlobalGet {
                global: self.global_name()?,
            },
            Shape::GlobalSet => {
                let global = self.global_name()?;
                self.expect(&TokenKind::Comma)?;
                Op::GlobalSet {
                    global,
                    value: self.operand()?,
                }
            }
            Shape::Call(tail) => {
                let func = self.global_name()?;
                let args = self.paren_operands()?;
                if tail {
                    Op::ReturnCall { func, args }
                } else {
                    Op::Call { func, args }
                }
            }
            Shape::CallIndirect(tail) => {
                let callee = self.operand()?;
                let args = self.paren_operands()?;
                self.expect(&TokenKind::Colon)?;
                let sig = self.signature_types()?;
                if tail {
                    Op::ReturnCallIndirect { callee, args, sig }
                } else {
                    Op::CallIndirect { callee, args, sig }
                }
            }
            Shape::Syscall(call) => Op::Syscall {
                call,
                args: self.operand_list()?,
            },
            Shape::Jump => Op::Jump {
                dest: self.target()?,
            },
            Shape::BrIf => {
                let cond = self.operand()?;
                self.expect(&TokenKind::Comma)?;
                let then_dest = self.target()?;
                self.expect(&TokenKind::Comma)?;
                let else_dest = self.target()?;
                Op::BrIf {
                    cond,
                    then_dest,
                    else_dest,
                }
            }
            Shape::Switch(suffix) => self.switch(suffix)?,
            Shape::Ret => Op::Ret {
                values: self.operand_list()?,
            },
            Shape::Trap => Op::Trap,
            Shape::Binary(op, suffix) => Op::Binary {
                op,
                suffix,
                args: self.operands2()?,
            },
            Shape::Compare(op, suffix) => Op::Compare {
                op,
                suffix,
                args: self.operands2()?,
            },
            Shape::Unary(op, suffix) => Op::Unary {
                op,
                suffix,
                arg: self.operand()?,
            },
            Shape::Convert(op, suffix) => Op::Convert {
                op,
                suffix,
                arg: self.operand()?,
            },
        };
        Ok(op)
    }

    /// The error for a mnemonic whose base no instruction has: a block label missing
    /// its `:` (a lone word on its line), or the nearest instruction name when one is
    /// close.
    fn unknown_base(&self, base: &str, m: &Mnemonic) -> ParseError {
        let ends_line = self.token_at(0).first_on_line || matches!(self.peek(), TokenKind::Eof);
        if m.first_on_line && m.suffixes.is_empty() && ends_line {
            return m.error(format!("a block label needs `:`: write `{base}:`"));
        }
        match nearest_base(base) {
            Some(known) => {
                let rest = &m.text[base.len()..];
                m.error(format!(
                    "unknown instruction `{}`; did you mean `{known}{rest}`?",
                    m.text
                ))
            }
            None => m.unknown(),
        }
    }

    /// The operands of a store (after its mnemonic).
    fn store(&mut self, ty: Option<Type>, width: MemWidth, narrow: bool) -> PResult<Op<'a>> {
        let mut addr = self.address()?;
        self.expect(&TokenKind::Comma)?;
        let value = self.operand()?;
        // The alignment hint may also come last, after the value (canonical form).
        let align_span = self.span();
        if let Some(align) = self.optional_align()? {
            if addr.align.is_some() {
                return Err(ParseError::new(align_span, "`align` is given twice"));
            }
            addr.align = Some(align);
        }
        Ok(Op::Store {
            ty,
            width,
            narrow,
            addr,
            value,
        })
    }

    /// `switch %v, default(args), [K: L(args), …]` after the mnemonic.
    fn switch(&mut self, suffix: Option<Type>) -> PResult<Op<'a>> {
        let index = self.operand()?;
        self.expect(&TokenKind::Comma)?;
        let default = self.target()?;
        self.expect(&TokenKind::Comma)?;
        self.expect(&TokenKind::LBracket)?;
        let mut cases = Vec::new();
        if !self.eat(&TokenKind::RBracket) {
            loop {
                let key = self.literal()?;
                self.expect(&TokenKind::Colon)?;
                cases.push((key, self.target()?));
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.expect(&TokenKind::RBracket)?;
        }
        Ok(Op::Switch {
            index,
            suffix,
            default,
            cases,
        })
    }

    fn operands2(&mut self) -> PResult<[Operand<'a>; 2]> {
        let a = self.operand()?;
        self.expect(&TokenKind::Comma)?;
        Ok([a, self.operand()?])
    }

    fn operands3(&mut self) -> PResult<[Operand<'a>; 3]> {
        let [a, b] = self.operands2()?;
        self.expect(&TokenKind::Comma)?;
        Ok([a, b, self.operand()?])
    }

    /// `[volatile] [base + offset] align N`
    fn address(&mut self) -> PResult<Address<'a>> {
        let volatile = self.optional_volatile();
        self.expect(&TokenKind::LBracket)?;
        let base = self.operand()?;
        let offset = if self.eat(&TokenKind::Plus) {
            self.u32_number("an offset")?
        } else {
            0
        };
        self.expect(&TokenKind::RBracket)?;
        let align = self.optional_align()?;
        // (A label `volatile:` on the next line is not this mistake.)
        if self.at_ident("volatile")
            && !matches!(self.peek_at(1), TokenKind::Colon | TokenKind::LParen)
        {
            return Err(ParseError::new(
                self.span(),
                "`volatile` goes before the address: `load.i32 volatile [%p]`",
            ));
        }
        Ok(Address {
            volatile,
            base,
            offset,
            align,
        })
    }

    /// `label` or `label(args)`
    fn target(&mut self) -> PResult<Target<'a>> {
        let label = self.label()?;
        let args = if matches!(self.peek(), TokenKind::LParen) {
            self.paren_operands()?
        } else {
            Vec::new()
        };
        Ok(Target { label, args })
    }

    /// `(T, …) [-> RESULTS]` of an indirect call.
    fn signature_types(&mut self) -> PResult<Signature> {
        let params = self.parenthesized(Parser::ty)?;
        Ok(Signature {
            params,
            results: self.results()?,
        })
    }
}

/// A mnemonic's base and suffixes: the parts between its dots (a byte loop: mnemonics
/// are short and ASCII, and `str::split` costs more than the rest of their parsing).
fn split_mnemonic(text: &str) -> (&str, SmallVec<[&str; 4]>) {
    let mut suffixes = SmallVec::new();
    let mut parts = text
        .as_bytes()
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'.');
    let Some((first_dot, _)) = parts.next() else {
        return (text, suffixes);
    };
    let mut start = first_dot + 1;
    for (dot, _) in parts {
        suffixes.push(&text[start..dot]);
        start = dot + 1;
    }
    suffixes.push(&text[start..]);
    (&text[..first_dot], suffixes)
}

/// Instruction names besides the arithmetic ones, for [`nearest_base`].
const OTHER_BASES: [&str; 19] = [
    "const",
    "select",
    "load",
    "store",
    "memory",
    "addr",
    "funcaddr",
    "stack",
    "global",
    "call",
    "return_call",
    "call_indirect",
    "return_call_indirect",
    "syscall",
    "jump",
    "br_if",
    "switch",
    "ret",
    "trap",
];

/// The instruction name closest to `base` by edit distance, if one is close enough to
/// be a likely misspelling (one edit for names up to four letters, two beyond).
fn nearest_base(base: &str) -> Option<&'static str> {
    let limit = if base.len() <= 4 { 1 } else { 2 };
    OTHER_BASES
        .iter()
        .copied()
        .chain(BinaryOp::ALL.iter().map(|op| op.name()))
        .chain(CompareOp::ALL.iter().map(|op| op.name()))
        .chain(UnaryOp::ALL.iter().map(|op| op.name()))
        .chain(ConvertOp::NAMES)
        .map(|known| (strsim::damerau_levenshtein(base, known), known))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, known)| known)
}
