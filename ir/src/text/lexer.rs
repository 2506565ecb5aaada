//! The lexer: turns `.lir` source into tokens with spans.
//!
//! It owns the lexical rules of docs/lir.md: comments, names, number and string
//! literals, and the one context-dependent rule, that inside the braces of a data
//! initializer a `;` followed on the same line by an item is a separator (dropped)
//! rather than the start of a comment. Literal *values* are not interpreted here: a
//! number stays text until the parser knows its type ([`crate::imm::Imm::parse`]).
//! Lexical errors are reported once and leave an [`TokenKind::Invalid`] token behind
//! so that the parser does not report them again.

use super::errors::ParseError;
use crate::span::Span;

/// What a token is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TokenKind<'a> {
    /// Keywords, mnemonics (`load.i32`), block labels, types, `inf` and `nan`.
    Ident(&'a str),
    /// `@name` (the text after `@`).
    Global(&'a str),
    /// `%name` (the text after `%`).
    Local(&'a str),
    /// A numeric literal as written: `-7`, `0xff`, `1.5e3`, `-inf`, `nan:0x1`.
    Number(&'a str),
    /// A string literal: its text between the quotes, escapes unread ([`unescape`]).
    Str(&'a str),
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Colon,
    Equals,
    Plus,
    Arrow,
    /// Something the lexer already reported as an error.
    Invalid,
    /// End of input (always the last token).
    Eof,
}

impl TokenKind<'_> {
    /// How the token is named in "expected …, found …" messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            TokenKind::Ident(s) => format!("`{s}`"),
            TokenKind::Global(s) => format!("`@{s}`"),
            TokenKind::Local(s) => format!("`%{s}`"),
            TokenKind::Number(s) => format!("`{s}`"),
            TokenKind::Str(_) => "a string literal".to_string(),
            TokenKind::LParen => "`(`".to_string(),
            TokenKind::RParen => "`)`".to_string(),
            TokenKind::LBrace => "`{`".to_string(),
            TokenKind::RBrace => "`}`".to_string(),
            TokenKind::LBracket => "`[`".to_string(),
            TokenKind::RBracket => "`]`".to_string(),
            TokenKind::Comma => "`,`".to_string(),
            TokenKind::Colon => "`:`".to_string(),
            TokenKind::Equals => "`=`".to_string(),
            TokenKind::Plus => "`+`".to_string(),
            TokenKind::Arrow => "`->`".to_string(),
            TokenKind::Invalid => "an invalid token".to_string(),
            TokenKind::Eof => "the end of the input".to_string(),
        }
    }
}

/// A token and where it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'a> {
    pub kind: TokenKind<'a>,
    pub span: Span,
    /// Whether no other token precedes it on its line (used for error recovery).
    pub first_on_line: bool,
}

/// Element keywords that may follow a separating `;` inside data braces.
const DATA_ITEM_WORDS: [&str; 8] = ["i8", "i16", "i32", "i64", "f32", "f64", "ptr", "zero"];

/// Splits `src` into tokens (ending with [`TokenKind::Eof`]) and lexical errors.
#[cfg(test)]
pub(crate) fn tokenize(src: &str) -> (Vec<Token<'_>>, Vec<ParseError>) {
    let mut lexer = Lexer::new(src);
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token() {
        tokens.push(token);
    }
    (tokens, lexer.into_errors())
}

pub(crate) fn is_name_start(b: u8) -> bool {
    CLASSES[b as usize] & NAME_START != 0
}

pub(crate) fn is_name_char(b: u8) -> bool {
    CLASSES[b as usize] & NAME_CHAR != 0
}

/// Whether `b` continues a number (digits, letters, `_`, `.`; not a sign).
fn is_number_char(b: u8) -> bool {
    CLASSES[b as usize] & NUMBER_CHAR != 0
}

/// The end of a number starting at the digit at `start`: digits, letters, `_`, `.`,
/// and a sign right after an exponent marker (`e` for decimal, `p` for hexadecimal).
pub(crate) fn number_end(src: &[u8], start: usize) -> usize {
    let hex = src.get(start) == Some(&b'0') && matches!(src.get(start + 1), Some(b'x' | b'X'));
    let markers: &[u8] = if hex { b"pP" } else { b"eE" };
    let mut pos = start;
    while let Some(&b) = src.get(pos) {
        let sign_of_exponent =
            matches!(b, b'+' | b'-') && pos > start && markers.contains(&src[pos - 1]);
        if is_number_char(b) || sign_of_exponent {
            pos += 1;
        } else {
            break;
        }
    }
    pos
}

/// Bits of [`CLASSES`]: a byte that may start a name (a letter, `_`, `.`, `$`).
const NAME_START: u8 = 1;
/// A byte that may continue a name (a name start or a digit).
const NAME_CHAR: u8 = 2;
/// A byte that may continue a number (a name character other than `$`).
const NUMBER_CHAR: u8 = 4;

/// The character classes of every byte (a table: one load instead of several
/// comparisons per byte of names and numbers, the bulk of a text).
static CLASSES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let start = c.is_ascii_alphabetic() || matches!(c, b'_' | b'.' | b'$');
        let name = start || c.is_ascii_digit();
        let mut class = 0;
        if start {
            class |= NAME_START;
        }
        if name {
            class |= NAME_CHAR;
        }
        if name && c != b'$' {
            class |= NUMBER_CHAR;
        }
        table[b] = class;
        b += 1;
    }
    table
};

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A position in the source: byte offset, line and column.
#[derive(Clone, Copy)]
struct Mark {
    pos: usize,
    line: u32,
    col: u32,
}

/// Produces the tokens of a source text one at a time, so that the parser holds only
/// the few it looks ahead at. Tokens are `Copy`: names, numbers and strings borrow
/// their text from the source.
///
/// It scans bytes, not characters: every byte that can start or continue a token is
/// ASCII, and non-ASCII text (in strings, comments and invalid runs) is only stepped
/// over. Columns count characters, so the lexer tracks where the current line starts
/// and how many UTF-8 continuation bytes it has passed on it, and computes a column
/// only where a token starts.
pub(crate) struct Lexer<'a> {
    /// The source as text (token texts are slices of it, always cut at ASCII bytes)
    /// and as bytes.
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    line: u32,
    /// Offset of the first byte of the current line.
    line_start: usize,
    /// UTF-8 continuation bytes between `line_start` and `pos` (they add no column).
    line_continuations: usize,
    /// Whether the last token lexed is `=` (`data @x = {` opens data braces).
    last_is_equals: bool,
    /// The `Eof` token once reached, returned from then on.
    eof: Option<Token<'a>>,
    errors: Vec<ParseError>,
    in_data_braces: bool,
    line_has_token: bool,
    /// Comments and `;` separators, recorded only for the formatter.
    trivia: Option<Vec<Trivia>>,
}

/// What the parser skips but a formatter keeps: a comment (from its `;` to the end of
/// its line) or a `;` separating data items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trivia {
    Comment(Span),
    Separator(Span),
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a str) -> Lexer<'a> {
        // A byte-order mark is not part of the text (nor of the first line's columns).
        let start = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            text: src,
            src: src.as_bytes(),
            pos: start,
            line: 1,
            line_start: start,
            line_continuations: 0,
            last_is_equals: false,
            eof: None,
            errors: Vec::new(),
            in_data_braces: false,
            line_has_token: false,
            trivia: None,
        }
    }

    /// A lexer that also records comments and separators ([`Lexer::into_trivia`]).
    pub(crate) fn with_trivia(src: &'a str) -> Lexer<'a> {
        Lexer {
            trivia: Some(Vec::new()),
            ..Lexer::new(src)
        }
    }

    /// The comments and separators seen so far, in source order.
    pub(crate) fn into_trivia(self) -> Vec<Trivia> {
        self.trivia.unwrap_or_default()
    }

    /// The next token; the last one is [`TokenKind::Eof`], after which `None`.
    pub(crate) fn next_token(&mut self) -> Option<Token<'a>> {
        if self.eof.is_some() {
            return None;
        }
        Some(self.next())
    }

    /// The next token; [`TokenKind::Eof`] (the same token) at the end and after it.
    pub(crate) fn next(&mut self) -> Token<'a> {
        let mut token = Token {
            kind: TokenKind::Eof,
            span: Span::NONE,
            first_on_line: false,
        };
        self.next_into(&mut token);
        token
    }

    /// [`Lexer::next`] written to `out` (the parser's window): a token returned by
    /// value goes through the stack, and reading it back right after it was written
    /// field by field stalls the processor.
    #[inline]
    pub(crate) fn next_into(&mut self, out: &mut Token<'a>) {
        if let Some(eof) = self.eof {
            *out = eof;
            return;
        }
        while !self.step(out) {}
    }

    /// Goes on lexing at `pos`, the byte after a `}` that ends a function body read
    /// without this lexer (the parser's fast path), on line `line` starting at byte
    /// `line_start` with nothing but ASCII before `pos`. The tokens it had lexed ahead
    /// from `body_start` on are forgotten, and so are their errors.
    pub(crate) fn resume(&mut self, pos: usize, line: u32, line_start: usize, body_start: usize) {
        self.pos = pos;
        self.line = line;
        self.line_start = line_start;
        self.line_continuations = 0;
        self.line_has_token = true;
        self.last_is_equals = false;
        self.in_data_braces = false;
        self.eof = None;
        let body_start = to_u32(body_start);
        self.errors.retain(|e| e.span.start < body_start);
    }

    /// The lexical errors found so far.
    pub(crate) fn into_errors(self) -> Vec<ParseError> {
        self.errors
    }
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    /// Steps over one byte, whatever it is.
    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.new_line();
        } else if b & 0xC0 == 0x80 {
            self.line_continuations += 1;
        }
        Some(b)
    }

    /// After stepping over a newline.
    fn new_line(&mut self) {
        self.line = self.line.saturating_add(1);
        self.line_start = self.pos;
        self.line_continuations = 0;
        self.line_has_token = false;
    }

    fn mark(&self) -> Mark {
        let chars = self.pos - self.line_start - self.line_continuations;
        Mark {
            pos: self.pos,
            line: self.line,
            col: to_u32(chars).saturating_add(1),
        }
    }

    fn span_from(&self, start: Mark) -> Span {
        Span {
            start: to_u32(start.pos),
            end: to_u32(self.pos),
            line: start.line,
            col: start.col,
        }
    }

    /// Writes the token of `kind` from `start` to here into `out`.
    #[inline(always)]
    fn emit(&mut self, out: &mut Token<'a>, kind: TokenKind<'a>, start: Mark) {
        self.last_is_equals = matches!(kind, TokenKind::Equals);
        out.kind = kind;
        out.span = self.span_from(start);
        out.first_on_line = !self.line_has_token;
        self.line_has_token = true;
    }

    /// Reports an error from `start` to here; the token is [`TokenKind::Invalid`].
    fn error(&mut self, start: Mark, message: impl Into<String>) -> TokenKind<'a> {
        let span = self.span_from(start);
        self.errors.push(ParseError::new(span, message));
        TokenKind::Invalid
    }

    /// Skips name characters (ASCII, none of them a newline) from `start`; returns
    /// their text.
    #[inline(always)]
    fn take_name_from(&mut self, start: usize) -> &'a str {
        let src = self.src;
        let mut end = start;
        while end < src.len() && is_name_char(src[end]) {
            end += 1;
        }
        self.pos = end;
        self.slice(start)
    }

    /// Skips name characters; returns their text.
    fn take_name(&mut self) -> &'a str {
        self.take_name_from(self.pos)
    }

    /// The source text from `start` to the current position (both at ASCII bytes).
    fn slice(&self, start: usize) -> &'a str {
        self.text.get(start..self.pos).unwrap_or_default()
    }

    /// Lexes the next token into `out` (nothing for a comment: returns false); `Eof`
    /// at the end.
    #[inline]
    fn step(&mut self, out: &mut Token<'a>) -> bool {
        // Whitespace (all of it ASCII).
        let src = self.src;
        let mut pos = self.pos;
        let b = loop {
            let Some(&b) = src.get(pos) else {
                self.pos = pos;
                self.end_of_input(out);
                return true;
            };
            match b {
                b' ' | b'\t' | b'\r' | b'\x0c' => pos += 1,
                b'\n' => {
                    pos += 1;
                    self.pos = pos;
                    self.new_line();
                }
                _ => break b,
            }
        };
        self.pos = pos;
        let start = self.mark();
        let kind = match b {
            b'%' => match src.get(pos + 1) {
                Some(&c) if is_name_char(c) => TokenKind::Local(self.take_name_from(pos + 1)),
                _ => self.sigil_error(start, "`%`"),
            },
            b'@' => match src.get(pos + 1) {
                Some(&c) if is_name_start(c) => TokenKind::Global(self.take_name_from(pos + 1)),
                _ => self.sigil_error(start, "`@`"),
            },
            b'0'..=b'9' => {
                self.number_text();
                TokenKind::Number(self.slice(start.pos))
            }
            b',' => self.punctuation(TokenKind::Comma),
            b'=' => self.punctuation(TokenKind::Equals),
            b':' => self.punctuation(TokenKind::Colon),
            b'(' => self.punctuation(TokenKind::LParen),
            b')' => self.punctuation(TokenKind::RParen),
            b'[' => self.punctuation(TokenKind::LBracket),
            b']' => self.punctuation(TokenKind::RBracket),
            b'+' => self.punctuation(TokenKind::Plus),
            b'{' => {
                // A brace right after `=` opens a data initializer.
                self.in_data_braces = self.last_is_equals;
                self.punctuation(TokenKind::LBrace)
            }
            b'}' => {
                self.in_data_braces = false;
                self.punctuation(TokenKind::RBrace)
            }
            b';' => {
                self.comment_or_separator(start);
                return false;
            }
            b'"' => self.string(start),
            b'-' => self.minus(start),
            _ if is_name_start(b) => self.word(start),
            _ => self.unexpected_characters(start),
        };
        self.emit(out, kind, start);
        true
    }

    /// The end of the input: the `Eof` token, from then on returned for every call.
    #[cold]
    fn end_of_input(&mut self, out: &mut Token<'a>) {
        let start = self.mark();
        self.emit(out, TokenKind::Eof, start);
        self.eof = Some(*out);
    }

    /// A one-byte token.
    #[inline(always)]
    fn punctuation(&mut self, kind: TokenKind<'a>) -> TokenKind<'a> {
        // ASCII, not a newline.
        self.pos += 1;
        kind
    }

    /// At a `;`: skips a comment to the end of its line, or a data item separator.
    fn comment_or_separator(&mut self, start: Mark) {
        self.pos += 1;
        let separator = self.in_data_braces && self.separator_follows();
        if !separator {
            let rest = &self.src[self.pos..];
            let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let comment = &rest[..len];
            self.line_continuations += comment.iter().filter(|&&b| b & 0xC0 == 0x80).count();
            self.pos += len;
        }
        let span = self.span_from(start);
        if let Some(trivia) = &mut self.trivia {
            trivia.push(if separator {
                Trivia::Separator(span)
            } else {
                Trivia::Comment(span)
            });
        }
    }

    /// After a `;` inside data braces: whether an item follows on the same line.
    fn separator_follows(&self) -> bool {
        let rest = &self.src[self.pos..];
        let rest = &rest[rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()..];
        match rest.first() {
            Some(b'"' | b'}') => true,
            Some(&b) if is_name_start(b) => {
                let len = rest.iter().take_while(|&&b| is_name_char(b)).count();
                let word = &rest[..len];
                DATA_ITEM_WORDS.iter().any(|w| w.as_bytes() == word)
            }
            _ => false,
        }
    }

    /// Skips the whole run of characters that cannot start a token (one error for
    /// it, not one per character or byte): the first one, and after it any non-ASCII
    /// characters and repeats of the first.
    #[cold]
    fn unexpected_characters(&mut self, start: Mark) -> TokenKind<'a> {
        let first = self.peek();
        self.bump();
        while self.peek().is_some_and(|b| b >= 0x80 || Some(b) == first) {
            self.bump();
        }
        let run = String::from_utf8_lossy(&self.src[start.pos..self.pos]).into_owned();
        let count = run.chars().count();
        let message = if count == 1 {
            format!("unexpected character `{}`", run.escape_debug())
        } else {
            let shown: String = run.chars().take(40).collect();
            let more = if count > 40 { "…" } else { "" };
            format!(
                "unexpected characters `{}{more}` ({count} characters)",
                shown.escape_debug()
            )
        };
        self.error(start, message)
    }

    /// A `%` or `@` (`sigil`, quoted) not followed by a name.
    #[cold]
    fn sigil_error(&mut self, start: Mark, sigil: &str) -> TokenKind<'a> {
        // ASCII, not a newline.
        self.pos += 1;
        self.error(start, format!("expected a name after {sigil}"))
    }

    fn minus(&mut self, start: Mark) -> TokenKind<'a> {
        match self.peek_at(1) {
            Some(b'>') => {
                self.pos += 2;
                TokenKind::Arrow
            }
            Some(b'0'..=b'9') => {
                self.pos += 1;
                self.number_text();
                TokenKind::Number(self.slice(start.pos))
            }
            Some(b) if is_name_start(b) => {
                self.pos += 1;
                let word = self.take_name();
                if word == "inf" || word == "nan" {
                    self.nan_payload();
                    TokenKind::Number(self.slice(start.pos))
                } else {
                    self.error(start, format!("unexpected `-{word}`"))
                }
            }
            _ => {
                self.pos += 1;
                self.error(start, "unexpected `-`")
            }
        }
    }

    /// A word: an identifier, or `nan:0x…` (a NaN with a payload).
    #[inline(always)]
    fn word(&mut self, start: Mark) -> TokenKind<'a> {
        let word = self.take_name_from(start.pos);
        if word == "nan" && self.nan_payload() {
            return TokenKind::Number(self.slice(start.pos));
        }
        TokenKind::Ident(word)
    }

    /// After `nan`: skips `:` and a number directly following it, if there; whether
    /// there was one.
    fn nan_payload(&mut self) -> bool {
        if self.peek() == Some(b':') && self.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
            self.number_text();
            true
        } else {
            false
        }
    }

    /// Skips the rest of a number starting at a digit ([`number_end`]); the caller
    /// slices the token's text.
    #[inline(always)]
    fn number_text(&mut self) {
        // ASCII, no newline.
        self.pos = number_end(self.src, self.pos);
    }

    /// A string literal: checks its escapes; the token keeps its text between the
    /// quotes ([`unescape`] gives its bytes).
    fn string(&mut self, start: Mark) -> TokenKind<'a> {
        self.bump();
        let body_start = self.pos;
        loop {
            let escape_start = self.mark();
            match self.bump() {
                None | Some(b'\n') => {
                    let span = self.span_from(start);
                    self.errors.push(ParseError::new(
                        span,
                        "unterminated string literal (write a newline as `\\n`)",
                    ));
                    return TokenKind::Invalid;
                }
                Some(b'"') => break,
                Some(b'\\') => match escape(&self.src[self.pos..]) {
                    // An escape's bytes are ASCII.
                    Some((_, len)) => self.pos += len,
                    None => {
                        let span = self.span_from(escape_start);
                        self.errors.push(ParseError::new(
                            span,
                            "unknown escape (use \\n \\t \\r \\0 \\\\ \\\" or \\xNN)",
                        ));
                    }
                },
                Some(_) => {}
            }
        }
        TokenKind::Str(self.text.get(body_start..self.pos - 1).unwrap_or_default())
    }
}

/// The byte an escape stands for, given the text after its backslash, and how many
/// bytes of that text it takes; `None` for an unknown escape.
fn escape(rest: &[u8]) -> Option<(u8, usize)> {
    let b = match *rest.first()? {
        b'n' => b'\n',
        b't' => b'\t',
        b'r' => b'\r',
        b'0' => 0,
        b'\\' => b'\\',
        b'"' => b'"',
        b'x' => {
            let hi = (*rest.get(1)? as char).to_digit(16)?;
            let lo = (*rest.get(2)? as char).to_digit(16)?;
            return Some(((hi * 16 + lo) as u8, 3));
        }
        _ => return None,
    };
    Some((b, 1))
}

/// The bytes of a string literal from its text between the quotes (a
/// [`TokenKind::Str`]). An unknown escape (reported by the lexer) stands for nothing:
/// its backslash is dropped and what follows is read as text.
pub(crate) fn unescape(body: &str) -> Vec<u8> {
    let body = body.as_bytes();
    let mut bytes = Vec::with_capacity(body.len());
    let mut pos = 0;
    while let Some(&b) = body.get(pos) {
        pos += 1;
        if b != b'\\' {
            bytes.push(b);
        } else if let Some((escaped, len)) = escape(&body[pos..]) {
            bytes.push(escaped);
            pos += len;
        }
    }
    bytes
}
