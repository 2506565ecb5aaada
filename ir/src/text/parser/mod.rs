//! The syntax parser: tokens to a [`ast::ModuleAst`], with error recovery.
//!
//! This file owns the token cursor (a window of the next few tokens, pulled from the
//! lexer as the parser moves, so that a large text's tokens never all exist at once), the shared little grammars (names, types, numbers,
//! strings, operands) and recovery: after an error the parser skips to the next item
//! (at module level) or to the next line (inside a function body) and carries on, so a
//! text reports all its syntax errors at once. Item grammars live in `items.rs`, function
//! bodies in `body.rs` (and those written one plain statement per line in `fast.rs`,
//! from bytes), instructions in `insts.rs`. Names are not resolved and literals
//! are not typed here; that is [`crate::text::resolve`]'s job.

pub(crate) mod ast;
mod body;
mod fast;
mod insts;
mod items;

use super::errors::ParseError;
use super::lexer::{unescape, Lexer, Token, TokenKind};
use crate::imm::{self, Imm};
use crate::span::Span;
use crate::types::Type;
use ast::{ModuleAst, Name, Operand};
use rustc_hash::FxHashSet as HashSet;

/// Tokens the cursor keeps ahead: the parser looks at most two past the current one.
const LOOKAHEAD: usize = 3;
/// The size of the cursor's ring of tokens: a power of two at least [`LOOKAHEAD`].
const WINDOW: usize = 4;

type PResult<T> = Result<T, ParseError>;

/// Whether `word` is a keyword that starts a module item (a `match`, which compiles
/// to a switch on the length: this is asked of every line of every body).
fn is_item_keyword(word: &str) -> bool {
    matches!(
        word,
        "file" | "memory" | "stack" | "data" | "global" | "import" | "export" | "func"
    )
}

/// Parses a whole text. Lexical and syntax errors are appended to `errors`.
/// `item_parsed` is called after each item with the tree so far (it may take parts
/// out of it that it no longer needs: function bodies).
/// `fast_bodies` lets the fast path (`fast.rs`) read the function bodies it can.
pub(crate) fn parse_module<'a>(
    src: &'a str,
    fast_bodies: bool,
    errors: &mut Vec<ParseError>,
    mut item_parsed: impl FnMut(&mut ModuleAst<'a>),
) -> ModuleAst<'a> {
    let mut parser = Parser::new(src);
    parser.fast_bodies = fast_bodies;
    let mut module = ModuleAst::default();
    parse_items(&mut parser, &mut module, &mut item_parsed);
    errors.append(&mut parser.errors);
    errors.append(&mut parser.lexer.into_errors());
    module
}

/// Parses every item of the parser's text into `module`, skipping past an item in
/// error, and calls `item_parsed` after each.
fn parse_items<'a>(
    parser: &mut Parser<'a>,
    module: &mut ModuleAst<'a>,
    item_parsed: &mut impl FnMut(&mut ModuleAst<'a>),
) {
    while !parser.at_eof() {
        let start = parser.pos;
        if let Err(error) = parser.item(module) {
            parser.report(error);
            parser.skip_to_next_item(start);
        }
        item_parsed(module);
    }
}

/// How many function bodies of `src` the fast path hands back to the token parser.
#[cfg(test)]
pub(crate) fn fast_fallbacks(src: &str) -> usize {
    let mut parser = Parser::new(src);
    let mut module = ModuleAst::default();
    parse_items(&mut parser, &mut module, &mut |_| {});
    parser.fast_fallbacks
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    /// A ring holding the current token (at `pos % WINDOW`) and the [`LOOKAHEAD`] - 1
    /// after it; past the end of the text the lexer repeats its `Eof` token.
    window: [Token<'a>; WINDOW],
    /// Index of the current token in the whole text (positions for recovery).
    pos: usize,
    /// End of the last consumed token, for spans of whole constructs.
    prev_end: u32,
    errors: Vec<ParseError>,
    /// Starts of tokens the lexer reported, so that they are not reported again.
    invalid_starts: HashSet<u32>,
    /// The whole text, for literals spanning several tokens (`sizeof @name`).
    src: &'a str,
    /// Whether function bodies may take the fast path, its decoded mnemonics, and how
    /// many bodies it handed back to the token parser.
    fast_bodies: bool,
    shapes: fast::Shapes<'a>,
    fast_fallbacks: usize,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Parser<'a> {
        let placeholder = Token {
            kind: TokenKind::Eof,
            span: Span::NONE,
            first_on_line: true,
        };
        let mut parser = Parser {
            lexer: Lexer::new(src),
            window: [placeholder; WINDOW],
            pos: 0,
            prev_end: 0,
            errors: Vec::new(),
            invalid_starts: HashSet::default(),
            src,
            fast_bodies: true,
            shapes: fast::Shapes::new(),
            fast_fallbacks: 0,
        };
        for index in 0..LOOKAHEAD {
            parser.pull(index);
        }
        parser
    }

    /// Lexes the token `index` (a position in the whole text) into the window.
    #[inline]
    fn pull(&mut self, index: usize) {
        let token = &mut self.window[index % WINDOW];
        self.lexer.next_into(token);
        if matches!(token.kind, TokenKind::Invalid) {
            self.invalid_starts.insert(token.span.start);
        }
    }
}

impl<'a> Parser<'a> {
    /// Goes on with tokens after a body the fast path read (from byte `body_start`
    /// to its `}`), as if the `}` had just been consumed.
    fn resume(&mut self, resume: fast::Resume, body_start: usize) {
        self.lexer
            .resume(resume.pos, resume.line, resume.line_start, body_start);
        self.pos += 1;
        self.prev_end = resume.rbrace.end;
        for index in 0..LOOKAHEAD {
            self.pull(self.pos + index);
        }
    }

    // ---- cursor -------------------------------------------------------------------

    #[inline]
    fn token_at(&self, offset: usize) -> &Token<'a> {
        debug_assert!(offset < LOOKAHEAD, "the parser looks {offset} tokens ahead");
        &self.window[(self.pos + offset) % WINDOW]
    }

    fn peek(&self) -> &TokenKind<'a> {
        &self.token_at(0).kind
    }

    fn peek_at(&self, offset: usize) -> &TokenKind<'a> {
        &self.token_at(offset).kind
    }

    fn span(&self) -> Span {
        self.token_at(0).span
    }

    fn at_eof(&self) -> bool {
        matches!(self.peek(), TokenKind::Eof)
    }

    /// Consumes the current token (never the final end of input); returns its span.
    #[inline]
    fn bump(&mut self) -> Span {
        let token = self.token_at(0);
        let span = token.span;
        if !matches!(token.kind, TokenKind::Eof) {
            self.pos += 1;
            self.pull(self.pos + LOOKAHEAD - 1);
            self.prev_end = span.end;
        }
        span
    }

    /// Consumes the current token and returns its text (names, numbers).
    fn bump_text(&mut self) -> (&'a str, Span) {
        let text = match self.token_at(0).kind {
            TokenKind::Ident(s)
            | TokenKind::Global(s)
            | TokenKind::Local(s)
            | TokenKind::Number(s) => s,
            _ => "",
        };
        (text, self.bump())
    }

    /// Consumes the current token and moves its name out.
    fn bump_name(&mut self) -> Name<'a> {
        let (text, span) = self.bump_text();
        Name { text, span }
    }

    /// Consumes the token if it is `kind`.
    fn eat(&mut self, kind: &TokenKind<'_>) -> bool {
        if self.peek() == kind {
            self.bump();
            true
        } else {
            false
        }
    }

    fn at_ident(&self, word: &str) -> bool {
        matches!(self.peek(), TokenKind::Ident(s) if *s == word)
    }

    fn eat_ident(&mut self, word: &str) -> bool {
        if self.at_ident(word) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// An optional `align N` (not a block label `align:` on the next line).
    /// `volatile` before the address of a load or store.
    fn optional_volatile(&mut self) -> bool {
        if self.at_ident("volatile") && matches!(self.peek_at(1), TokenKind::LBracket) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn optional_align(&mut self) -> PResult<Option<u32>> {
        if self.at_ident("align") && matches!(self.peek_at(1), TokenKind::Number(_)) {
            self.bump();
            Ok(Some(self.u32_number("an alignment")?))
        } else {
            Ok(None)
        }
    }

    /// A span from `start` to the end of the last consumed token.
    fn span_from(&self, start: Span) -> Span {
        Span {
            end: self.prev_end.max(start.start),
            ..start
        }
    }

    // ---- errors and recovery ------------------------------------------------------

    /// An error at the current token: "expected WHAT, found TOKEN".
    fn expected(&self, what: &str) -> ParseError {
        ParseError::new(
            self.span(),
            format!("expected {what}, found {}", self.peek().describe()),
        )
    }

    fn expect(&mut self, kind: &TokenKind<'_>) -> PResult<()> {
        if self.eat(kind) {
            Ok(())
        } else {
            Err(self.expected(&kind.describe()))
        }
    }

    fn expect_ident(&mut self, word: &str) -> PResult<()> {
        if self.eat_ident(word) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{word}`")))
        }
    }

    /// Records an error unless it points at a token the lexer already reported.
    fn report(&mut self, error: ParseError) {
        if !self.invalid_starts.contains(&error.span.start) {
            self.errors.push(error);
        }
    }

    /// Whether the current token starts a module item: an item keyword first on its
    /// line and not used as a block label (`data:`).
    fn at_item_start(&self) -> bool {
        let token = self.token_at(0);
        token.first_on_line
            && matches!(&token.kind, TokenKind::Ident(s) if is_item_keyword(s))
            && !matches!(self.peek_at(1), TokenKind::Colon | TokenKind::LParen)
    }

    /// Skips past the failed item that started at token `start`.
    fn skip_to_next_item(&mut self, start: usize) {
        if self.pos == start {
            self.bump();
        }
        while !self.at_eof() && !self.at_item_start() {
            self.bump();
        }
    }

    /// Skips the rest of a failed body line that started at token `start`: to the first
    /// token of a later line, or to a `}`.
    fn skip_line(&mut self, start: usize) {
        let first_on_line = self.token_at(0).first_on_line;
        if self.pos > start && first_on_line {
            return; // the error was found at the start of the next line
        }
        if !matches!(self.peek(), TokenKind::RBrace) {
            self.bump();
        }
        while !self.at_eof()
            && !self.token_at(0).first_on_line
            && !matches!(self.peek(), TokenKind::RBrace)
        {
            self.bump();
        }
    }

    // ---- small grammars -----------------------------------------------------------

    fn global_name(&mut self) -> PResult<Name<'a>> {
        match self.peek() {
            TokenKind::Global(_) => Ok(self.bump_name()),
            _ => Err(self.expected("an `@name`")),
        }
    }

    fn local_name(&mut self) -> PResult<Name<'a>> {
        match self.peek() {
            TokenKind::Local(_) => Ok(self.bump_name()),
            _ => Err(self.expected("a `%name`")),
        }
    }

    fn label(&mut self) -> PResult<Name<'a>> {
        match self.peek() {
            TokenKind::Ident(_) => Ok(self.bump_name()),
            _ => Err(self.expected("a block label")),
        }
    }

    fn ty(&mut self) -> PResult<Type> {
        match self.peek() {
            TokenKind::Ident(s) => match Type::from_name(s) {
                Some(ty) => {
                    self.bump();
                    Ok(ty)
                }
                None => Err(self.expected("a type (i32, i64, f32, f64 or ptr)")),
            },
            _ => Err(self.expected("a type (i32, i64, f32, f64 or ptr)")),
        }
    }

    /// An unsigned 32-bit number (sizes, offsets, alignments, page counts).
    fn u32_number(&mut self, what: &str) -> PResult<u32> {
        let TokenKind::Number(text) = self.peek() else {
            return Err(self.expected(what));
        };
        let value = imm::parse_unsigned(text).and_then(|v| u32::try_from(v).ok());
        match value {
            Some(v) => {
                self.bump();
                Ok(v)
            }
            None => Err(ParseError::new(
                self.span(),
                format!("{what} must be an unsigned 32-bit number, found `{text}`"),
            )),
        }
    }

    fn string_bytes(&mut self) -> PResult<Vec<u8>> {
        match self.peek() {
            TokenKind::Str(body) => {
                let bytes = unescape(body);
                self.bump();
                Ok(bytes)
            }
            _ => Err(self.expected("a string literal")),
        }
    }

    /// A string literal that must be UTF-8 (export and import names).
    fn string(&mut self) -> PResult<String> {
        let span = self.span();
        let bytes = self.string_bytes()?;
        String::from_utf8(bytes).map_err(|_| ParseError::new(span, "this name must be valid UTF-8"))
    }

    /// Whether the current token can start an operand: a number, `inf`/`nan` not used as
    /// a block label, or a `%value` that does not start the next instruction line
    /// (`%x =`, `%x: T =`; newlines are insignificant, but an operand missing at the end
    /// of a line is better reported there).
    fn at_operand(&self) -> bool {
        match self.peek() {
            TokenKind::Number(_) => true,
            TokenKind::Local(_) => {
                !(self.token_at(0).first_on_line
                    && matches!(self.peek_at(1), TokenKind::Equals | TokenKind::Colon))
            }
            TokenKind::Ident(s) => {
                ((*s == "inf" || *s == "nan")
                    && !matches!(self.peek_at(1), TokenKind::Colon | TokenKind::LParen))
                    || self.at_sizeof()
            }
            _ => false,
        }
    }

    /// Whether `sizeof @name` starts here.
    fn at_sizeof(&self) -> bool {
        matches!(self.peek(), TokenKind::Ident("sizeof"))
            && matches!(self.peek_at(1), TokenKind::Global(_))
    }

    /// A literal (`5`, `-1.5`, `inf`, `nan:0x1`, or `sizeof @data`, the size of a data
    /// object), as text: the resolver gives it its value (see `resolve::literal`).
    fn literal(&mut self) -> PResult<Operand<'a>> {
        if self.at_sizeof() {
            let start = self.bump();
            let end = self.bump();
            let span = Span {
                end: end.end,
                ..start
            };
            let text = &self.src[span.start as usize..span.end as usize];
            return Ok(Operand::Literal { text, span });
        }
        let is_literal = match self.peek() {
            TokenKind::Number(_) => true,
            TokenKind::Ident(text) => *text == "inf" || *text == "nan",
            _ => false,
        };
        if !is_literal {
            return Err(self.expected("a literal"));
        }
        let (text, span) = self.bump_text();
        Ok(Operand::Literal { text, span })
    }

    /// A literal of a known type (global initializers, data values), which cannot be
    /// `sizeof @data`: the module's layout is not known yet.
    fn typed_literal(&mut self, ty: Type) -> PResult<Imm> {
        if self.at_sizeof() {
            return Err(ParseError::new(
                self.span(),
                "`sizeof` is an instruction operand; initializers take plain literals",
            ));
        }
        let Operand::Literal { text, span } = self.literal()? else {
            return Err(self.expected("a literal"));
        };
        Imm::parse(ty, text).map_err(|e| ParseError::new(span, e.to_string()))
    }

    fn operand(&mut self) -> PResult<Operand<'a>> {
        if self.at_operand() {
            if let TokenKind::Local(_) = self.peek() {
                return Ok(Operand::Value(self.bump_name()));
            }
            return self.literal();
        }
        if matches!(self.peek(), TokenKind::Ident("sizeof")) {
            return Err(ParseError::new(
                self.span(),
                "`sizeof` takes a data object: `sizeof @name`",
            ));
        }
        Err(self.expected("an operand (a `%value` or a literal)"))
    }

    /// `a, b, c` — possibly empty when no operand starts here.
    fn operand_list(&mut self) -> PResult<Vec<Operand<'a>>> {
        let mut operands = Vec::new();
        if !self.at_operand() {
            return Ok(operands);
        }
        loop {
            operands.push(self.operand()?);
            if !self.eat(&TokenKind::Comma) {
                return Ok(operands);
            }
        }
    }

    /// `(item, item, …)`, possibly empty.
    fn parenthesized<T>(
        &mut self,
        mut item: impl FnMut(&mut Parser<'a>) -> PResult<T>,
    ) -> PResult<Vec<T>> {
        self.expect(&TokenKind::LParen)?;
        let mut items = Vec::new();
        if !self.eat(&TokenKind::RParen) {
            loop {
                items.push(item(self)?);
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.expect(&TokenKind::RParen)?;
        }
        Ok(items)
    }

    /// `(a, b, c)`
    fn paren_operands(&mut self) -> PResult<Vec<Operand<'a>>> {
        self.parenthesized(Parser::operand)
    }

    /// Function results: nothing, `-> T`, `-> (T, …)` or `-> ()`.
    fn results(&mut self) -> PResult<Vec<Type>> {
        if !self.eat(&TokenKind::Arrow) {
            Ok(Vec::new())
        } else if matches!(self.peek(), TokenKind::LParen) {
            self.parenthesized(Parser::ty)
        } else {
            Ok(vec![self.ty()?])
        }
    }
}
