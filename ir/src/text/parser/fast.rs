//! The fast path for function bodies: reads a body straight from the bytes of the
//! text, without tokens, when every line of it is a plain statement written on one
//! line — a block header, a `slot` or an instruction, without comments, `loc` lines,
//! `sizeof` or non-ASCII text — as printed and generated texts are. It builds the
//! very syntax tree the token parser (`body.rs`) would, spans included, and gives up
//! (`None`) at anything else: the parser then reads the body again with tokens, so
//! every error and its message are the token parser's. Reading a body this way costs
//! about half of what lexing and parsing its tokens does (docs/performance.md).

use super::ast::{
    Address, BlockAst, BodyAst, InstAst, Name, Op, Operand, ResultName, SlotAst, Target,
};
use super::insts::{Mnemonic, Shape};
use crate::imm;
use crate::span::Span;
use crate::text::lexer::{is_name_char, is_name_start, number_end};
use crate::types::{Signature, Type};
use rustc_hash::FxHasher;
use smallvec::SmallVec;
use std::hash::Hasher;

/// Where the token lexer goes on after a body read by the fast path.
pub(super) struct Resume {
    /// The byte after the body's `}`.
    pub pos: usize,
    /// The line of the `}` and the offset where it starts.
    pub line: u32,
    pub line_start: usize,
    /// The span of the `}`.
    pub rbrace: Span,
}

/// The shapes of the mnemonics read so far, by their text: a small direct-mapped
/// cache (a text uses few distinct mnemonics, and decoding one costs more than
/// reading the rest of its line).
pub(super) struct Shapes<'a> {
    slots: [Option<(&'a str, Shape)>; SHAPE_SLOTS],
}

const SHAPE_SLOTS: usize = 256;

impl<'a> Shapes<'a> {
    pub(super) fn new() -> Shapes<'a> {
        Shapes {
            slots: [None; SHAPE_SLOTS],
        }
    }

    /// The shape of the mnemonic `text` written at `span` (`None` if it has none).
    fn get(&mut self, text: &'a str, span: Span) -> Option<Shape> {
        let mut hasher = FxHasher::default();
        hasher.write(text.as_bytes());
        let slot = hasher.finish() as usize % SHAPE_SLOTS;
        if let Some((cached, shape)) = self.slots[slot] {
            if cached == text {
                return Some(shape);
            }
        }
        let shape = Mnemonic::new(text, span, false).decode().ok()?;
        self.slots[slot] = Some((text, shape));
        Some(shape)
    }
}

/// Reads the body whose `{` ends at byte `start` on line `line` into `body` (empty
/// on entry; left partly filled when it gives up).
pub(super) fn body<'a>(
    text: &'a str,
    start: usize,
    line: u32,
    body: &mut BodyAst<'a>,
    shapes: &mut Shapes<'a>,
) -> Option<Resume> {
    if u32::try_from(text.len()).is_err() {
        return None;
    }
    let mut cursor = Cursor {
        text,
        src: text.as_bytes(),
        pos: start,
        line,
        line_start: 0,
        prev_end: 0,
        shapes,
    };
    // Nothing after the `{` on its line, so that columns count from line starts
    // found here.
    cursor.end_of_line()?;
    let mut after_empty_list = false;
    loop {
        cursor.skip_blank_lines()?;
        let first = cursor.pos;
        match cursor.src[first] {
            b'}' => {
                cursor.pos += 1;
                return Some(Resume {
                    pos: cursor.pos,
                    line: cursor.line,
                    line_start: cursor.line_start,
                    rbrace: cursor.span(first),
                });
            }
            b'%' => {
                // After `ret` or a `syscall` without operands, `%a, …` would continue
                // the operand list for the token parser.
                if after_empty_list && cursor.name_then_comma() {
                    return None;
                }
                after_empty_list = cursor.instruction(body)?;
            }
            b if is_name_start(b) => {
                after_empty_list = false;
                let end = name_end(cursor.src, first);
                let word = &text[first..end];
                let header = matches!(cursor.byte_after_spaces(end), Some(b':' | b'('));
                if header {
                    cursor.block_header(body)?;
                } else if word == "slot" {
                    cursor.slot(body)?;
                } else {
                    // (`loc` and item keywords are no mnemonics: it gives up.)
                    after_empty_list = cursor.instruction(body)?;
                }
            }
            _ => return None,
        }
        cursor.end_of_line()?;
    }
}

/// The end of the run of name characters from `start`.
fn name_end(src: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < src.len() && is_name_char(src[end]) {
        end += 1;
    }
    end
}

/// A position in the body's text, within one line, and the end of the last token.
struct Cursor<'a, 's> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    line: u32,
    /// Where the current line starts (its text up to `pos` is ASCII).
    line_start: usize,
    prev_end: u32,
    shapes: &'s mut Shapes<'a>,
}

impl<'a> Cursor<'a, '_> {
    // ---- bytes and lines ------------------------------------------------------------

    /// Skips spaces within the line.
    #[inline]
    fn skip_spaces(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\x0c') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after spaces (not a newline: `None` at one).
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.skip_spaces();
        self.src.get(self.pos).copied().filter(|&b| b != b'\n')
    }

    /// The first byte from `at` on that is not a space.
    fn byte_after_spaces(&self, mut at: usize) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\r' | b'\x0c') = self.src.get(at) {
            at += 1;
        }
        self.src.get(at).copied()
    }

    /// Steps over the end of the line (spaces, then a newline).
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces();
        if self.src.get(self.pos) != Some(&b'\n') {
            return None;
        }
        self.new_line();
        Some(())
    }

    fn new_line(&mut self) {
        self.pos += 1;
        self.line = self.line.saturating_add(1);
        self.line_start = self.pos;
    }

    /// Skips spaces and empty lines up to the next statement (`None` at the end).
    fn skip_blank_lines(&mut self) -> Option<()> {
        loop {
            self.skip_spaces();
            match self.src.get(self.pos)? {
                b'\n' => self.new_line(),
                _ => return Some(()),
            }
        }
    }

    /// The span of the token from `start` to here (a token of this line).
    fn span(&self, start: usize) -> Span {
        Span {
            start: start as u32,
            end: self.pos as u32,
            line: self.line,
            col: (start - self.line_start) as u32 + 1,
        }
    }

    /// Ends the token that started at `start`: its span.
    fn token(&mut self, start: usize) -> Span {
        self.prev_end = self.pos as u32;
        self.span(start)
    }

    /// A span from `start` to the end of the last token (as the parser's).
    fn span_from(&self, start: Span) -> Span {
        Span {
            end: self.prev_end.max(start.start),
            ..start
        }
    }

    /// Consumes the byte `b` (a punctuation token) if it comes next.
    #[inline]
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            self.prev_end = self.pos as u32;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    // ---- tokens -----------------------------------------------------------------------

    /// Whether `%name` then `,` comes next (without consuming them).
    fn name_then_comma(&self) -> bool {
        let end = name_end(self.src, self.pos + 1);
        self.byte_after_spaces(end) == Some(b',')
    }

    /// `%name` (`global` false) or `@name`.
    fn sigil_name(&mut self, sigil: u8, global: bool) -> Option<Name<'a>> {
        if self.peek()? != sigil {
            return None;
        }
        let start = self.pos;
        let first = *self.src.get(start + 1)?;
        if !(if global {
            is_name_start(first)
        } else {
            is_name_char(first)
        }) {
            return None;
        }
        self.pos = name_end(self.src, start + 1);
        let text = &self.text[start + 1..self.pos];
        Some(Name {
            text,
            span: self.token(start),
        })
    }

    fn local(&mut self) -> Option<Name<'a>> {
        self.sigil_name(b'%', false)
    }

    fn global(&mut self) -> Option<Name<'a>> {
        self.sigil_name(b'@', true)
    }

    /// A word (label, mnemonic, type, keyword).
    fn word(&mut self) -> Option<Name<'a>> {
        if !is_name_start(self.peek()?) {
            return None;
        }
        let start = self.pos;
        self.pos = name_end(self.src, start);
        let text = &self.text[start..self.pos];
        Some(Name {
            text,
            span: self.token(start),
        })
    }

    /// Whether the word `word` comes next (without consuming it).
    fn at_word(&mut self, word: &str) -> bool {
        let start = match self.peek() {
            Some(b) if is_name_start(b) => self.pos,
            _ => return false,
        };
        &self.text[start..name_end(self.src, start)] == word
    }

    /// A number token, as the lexer reads it: a digit, or `-` and a digit, then the
    /// rest of the number; `inf`, `-inf`, `nan`, `-nan`, with a payload `nan:0x…`.
    /// Not a bare `inf` or `nan` followed by `:` or `(` (a label: the token parser's).
    fn number(&mut self) -> Option<(&'a str, Span)> {
        let first = self.peek()?;
        let start = self.pos;
        let src = self.src;
        match first {
            b'0'..=b'9' => self.pos = number_end(src, start),
            b'-' => match src.get(start + 1) {
                Some(b'0'..=b'9') => self.pos = number_end(src, start + 1),
                Some(&b) if is_name_start(b) => {
                    self.pos = name_end(src, start + 1);
                    if !matches!(&self.text[start + 1..self.pos], "inf" | "nan") {
                        return None;
                    }
                    self.nan_payload();
                }
                _ => return None,
            },
            b'i' | b'n' => {
                self.pos = name_end(src, start);
                let word = &self.text[start..self.pos];
                let payload = word == "nan" && self.nan_payload();
                if !(payload
                    || matches!(word, "inf" | "nan")
                        && !matches!(self.byte_after_spaces(self.pos), Some(b':' | b'(')))
                {
                    return None;
                }
            }
            _ => return None,
        }
        Some((&self.text[start..self.pos], self.token(start)))
    }

    /// After `nan`: a `:` and a number right after it, if there; whether there was one.
    fn nan_payload(&mut self) -> bool {
        let digit = self.src.get(self.pos + 1).is_some_and(u8::is_ascii_digit);
        if self.src.get(self.pos) == Some(&b':') && digit {
            self.pos = number_end(self.src, self.pos + 1);
            true
        } else {
            false
        }
    }

    fn ty(&mut self) -> Option<Type> {
        Type::from_name(self.word()?.text)
    }

    /// An unsigned 32-bit number (offsets, alignments, sizes: most are a few plain
    /// digits, read here without [`imm::parse_unsigned`]'s generality).
    fn u32_number(&mut self) -> Option<u32> {
        let (text, _) = self.number()?;
        if text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit()) {
            return Some(text.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')));
        }
        u32::try_from(imm::parse_unsigned(text)?).ok()
    }

    /// An optional `align N`.
    fn optional_align(&mut self) -> Option<Option<u32>> {
        if !self.at_word("align") {
            return Some(None);
        }
        let start = self.pos;
        self.pos += "align".len();
        if !matches!(self.peek(), Some(b'0'..=b'9' | b'-')) {
            self.pos = start; // not an alignment: the line does not end here
            return Some(None);
        }
        self.prev_end = self.pos as u32;
        Some(Some(self.u32_number()?))
    }

    fn operand(&mut self) -> Option<Operand<'a>> {
        if self.peek()? == b'%' {
            return self.local().map(Operand::Value);
        }
        self.literal()
    }

    /// A literal (a number: `sizeof @data` is the token parser's).
    fn literal(&mut self) -> Option<Operand<'a>> {
        let (text, span) = self.number()?;
        Some(Operand::Literal { text, span })
    }

    /// `(item, …)`, possibly empty.
    fn parenthesized<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b'(')?;
        let mut items = Vec::new();
        if !self.eat(b')') {
            loop {
                items.push(item(self)?);
                if !self.eat(b',') {
                    break;
                }
            }
            self.expect(b')')?;
        }
        Some(items)
    }

    /// `a, b, c` to the end of the line (possibly empty).
    fn operand_list(&mut self) -> Option<Vec<Operand<'a>>> {
        let mut operands = Vec::new();
        if self.peek().is_none() {
            return Some(operands);
        }
        loop {
            operands.push(self.operand()?);
            if !self.eat(b',') {
                return Some(operands);
            }
        }
    }

    fn operands2(&mut self) -> Option<[Operand<'a>; 2]> {
        let a = self.operand()?;
        self.expect(b',')?;
        Some([a, self.operand()?])
    }

    fn operands3(&mut self) -> Option<[Operand<'a>; 3]> {
        let [a, b] = self.operands2()?;
        self.expect(b',')?;
        Some([a, b, self.operand()?])
    }

    /// `label` or `label(args)`.
    fn target(&mut self) -> Option<Target<'a>> {
        let label = self.word()?;
        let args = if self.peek() == Some(b'(') {
            self.parenthesized(Cursor::operand)?
        } else {
            Vec::new()
        };
        Some(Target { label, args })
    }

    /// `[volatile] [base + offset] align N`
    fn address(&mut self) -> Option<Address<'a>> {
        let volatile = self.at_word("volatile");
        if volatile {
            self.pos += "volatile".len();
            self.prev_end = self.pos as u32;
        }
        self.expect(b'[')?;
        let base = self.operand()?;
        let offset = if self.eat(b'+') {
            self.u32_number()?
        } else {
            0
        };
        self.expect(b']')?;
        let align = self.optional_align()?;
        Some(Address {
            volatile,
            base,
            offset,
            align,
        })
    }

    // ---- statements -----------------------------------------------------------------

    /// `label:` or `label(%a: T, …):`
    fn block_header(&mut self, body: &mut BodyAst<'a>) -> Option<()> {
        let label = self.word()?;
        let mut params = Vec::new();
        if self.peek() == Some(b'(') {
            params = self.parenthesized(|c| {
                let name = c.local()?;
                c.expect(b':')?;
                Some((name, c.ty()?))
            })?;
        }
        self.expect(b':')?;
        let span = self.span_from(label.span);
        let start = body.insts.len();
        body.blocks.push(BlockAst {
            label: Some(label),
            params,
            insts: start..start,
            span,
        });
        Some(())
    }

    /// `slot %name SIZE [align N]`, before the first block.
    fn slot(&mut self, body: &mut BodyAst<'a>) -> Option<()> {
        let start = self.word()?.span;
        let name = self.local()?;
        let size = self.u32_number()?;
        let align = self.optional_align()?;
        if !body.blocks.is_empty() {
            return None;
        }
        body.slots.push(SlotAst {
            name,
            size,
            align,
            span: self.span_from(start),
        });
        Some(())
    }

    /// `[%a[: T], … =] OP operands`; whether it ends with an empty operand list.
    fn instruction(&mut self, body: &mut BodyAst<'a>) -> Option<bool> {
        self.peek()?;
        let start = self.span(self.pos);
        let mut results: SmallVec<[ResultName<'a>; 1]> = SmallVec::new();
        if self.peek() == Some(b'%') {
            loop {
                let name = self.local()?;
                let ty = if self.eat(b':') {
                    self.peek()?;
                    let at = self.pos;
                    let ty = self.ty()?;
                    Some((ty, self.span(at)))
                } else {
                    None
                };
                results.push(ResultName { name, ty });
                if !self.eat(b',') {
                    break;
                }
            }
            self.expect(b'=')?;
        }
        let mnemonic = self.word()?;
        let shape = self.shapes.get(mnemonic.text, mnemonic.span)?;
        let (op, empty_list) = self.op(shape)?;
        body.push_inst(InstAst {
            results,
            op,
            mnemonic: mnemonic.text,
            span: self.span_from(start),
            loc: None,
        });
        Some(empty_list)
    }

    /// The operands of an operation of `shape`; whether it ends with an empty operand
    /// list.
    fn op(&mut self, shape: Shape) -> Option<(Op<'a>, bool)> {
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
            Shape::Store { ty, width, narrow } => {
                let mut addr = self.address()?;
                self.expect(b',')?;
                let value = self.operand()?;
                if let Some(align) = self.optional_align()? {
                    if addr.align.is_some() {
                        return None;
                    }
                    addr.align = Some(align);
                }
                Op::Store {
                    ty,
                    width,
                    narrow,
                    addr,
                    value,
                }
            }
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
                let symbol = self.global()?;
                let offset = if self.eat(b'+') {
                    Some(self.u32_number()?)
                } else {
                    None
                };
                Op::Addr { symbol, offset }
            }
            Shape::FuncAddr => Op::FuncAddr {
                func: self.global()?,
            },
            Shape::StackAlloc => Op::StackAlloc {
                size: self.operand()?,
            },
            Shape::GlobalGet => Op::GlobalGet {
                global: self.global()?,
            },
            Shape::GlobalSet => {
                let global = self.global()?;
                self.expect(b',')?;
                Op::GlobalSet {
                    global,
                    value: self.operand()?,
                }
            }
            Shape::Call(tail) => {
                let func = self.global()?;
                let args = self.parenthesized(Cursor::operand)?;
                if tail {
                    Op::ReturnCall { func, args }
                } else {
                    Op::Call { func, args }
                }
            }
            Shape::CallIndirect(tail) => {
                let callee = self.operand()?;
                let args = self.parenthesized(Cursor::operand)?;
                self.expect(b':')?;
                let params = self.parenthesized(Cursor::ty)?;
                let results = self.results()?;
                let sig = Signature { params, results };
                if tail {
                    Op::ReturnCallIndirect { callee, args, sig }
                } else {
                    Op::CallIndirect { callee, args, sig }
                }
            }
            Shape::Syscall(call) => {
                let args = self.operand_list()?;
                let empty = args.is_empty();
                return Some((Op::Syscall { call, args }, empty));
            }
            Shape::Jump => Op::Jump {
                dest: self.target()?,
            },
            Shape::BrIf => {
                let cond = self.operand()?;
                self.expect(b',')?;
                let then_dest = self.target()?;
                self.expect(b',')?;
                let else_dest = self.target()?;
                Op::BrIf {
                    cond,
                    then_dest,
                    else_dest,
                }
            }
            Shape::Switch(suffix) => {
                let index = self.operand()?;
                self.expect(b',')?;
                let default = self.target()?;
                self.expect(b',')?;
                self.expect(b'[')?;
                let mut cases = Vec::new();
                if !self.eat(b']') {
                    loop {
                        let key = self.literal()?;
                        self.expect(b':')?;
                        cases.push((key, self.target()?));
                        if !self.eat(b',') {
                            break;
                        }
                    }
                    self.expect(b']')?;
                }
                Op::Switch {
                    index,
                    suffix,
                    default,
                    cases,
                }
            }
            Shape::Ret => {
                let values = self.operand_list()?;
                let empty = values.is_empty();
                return Some((Op::Ret { values }, empty));
            }
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
        Some((op, false))
    }

    /// Results of an indirect call's signature: nothing, `-> T` or `-> (T, …)`.
    fn results(&mut self) -> Option<Vec<Type>> {
        if !(self.peek() == Some(b'-') && self.src.get(self.pos + 1) == Some(&b'>')) {
            return Some(Vec::new());
        }
        self.pos += 2;
        self.prev_end = self.pos as u32;
        if self.peek() == Some(b'(') {
            self.parenthesized(Cursor::ty)
        } else {
            Some(vec![self.ty()?])
        }
    }
}
