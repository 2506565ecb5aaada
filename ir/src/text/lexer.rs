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

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'_' | b'.' | b'$')
}

fn is_name_char(b: u8) -> bool {
    NAME_CHARS[b as usize]
}

/// [`is_name_char`] of every byte.
static NAME_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$');
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

    /// The token of `kind` from `start` to here.
    #[inline(always)]
    fn token(&mut self, kind: TokenKind<'a>, start: Mark) -> Token<'a> {
        let span = self.span_from(start);
        self.last_is_equals = matches!(kind, TokenKind::Equals);
        let token = Token {
            kind,
            span,
            first_on_line: !self.line_has_token,
        };
        self.line_has_token = true;
        token
    }

    fn error(&mut self, start: Mark, message: impl Into<String>) -> Token<'a> {
        let span = self.span_from(start);
        self.errors.push(ParseError::new(span, message));
        self.token(TokenKind::Invalid, start)
    }

    /// Skips name characters (ASCII, none of them a newline); returns their text.
    #[inline(always)]
    fn take_name(&mut self) -> &'a str {
        let start = self.pos;
        let mut end = start;
        while self.src.get(end).is_some_and(|&b| is_name_char(b)) {
            end += 1;
        }
        self.pos = end;
        self.slice(start)
    }

    /// The source text from `start` to the current position (both at ASCII bytes).
    fn slice(&self, start: usize) -> &'a str {
        self.text.get(start..self.pos).unwrap_or_default()
    }

    /// Lexes the next token into `out` (nothing for a comment: returns false); `Eof`
    /// at the end.
    fn step(&mut self, out: &mut Token<'a>) -> bool {
        // Whitespace (all of it ASCII).
        while let Some(&b) = self.src.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' | b'\x0c' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.new_line();
                }
                _ => break,
            }
        }
        let start = self.mark();
        let Some(b) = self.peek() else {
            let eof = self.token(TokenKind::Eof, start);
            self.eof = Some(eof);
            *out = eof;
            return true;
        };
        *out = match b {
            b';' => {
                self.comment_or_separator(start);
                return false;
            }
            b'"' => self.string(start),
            b'@' | b'%' => self.sigil_name(start, b),
            b'-' => self.minus(start),
            b'0'..=b'9' => {
                self.number_text();
                self.token(TokenKind::Number(self.slice(start.pos)), start)
            }
            _ if is_name_start(b) => self.word(start),
            _ => self.punctuation(start, b),
        };
        true
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

    #[inline(always)]
    fn punctuation(&mut self, start: Mark, b: u8) -> Token<'a> {
        let kind = match b {
            b'(' => TokenKind::LParen,
            b')' => TokenKind::RParen,
            b'{' => {
                // A brace right after `=` opens a data initializer.
                self.in_data_braces = self.last_is_equals;
                TokenKind::LBrace
            }
            b'}' => {
                self.in_data_braces = false;
                TokenKind::RBrace
            }
            b'[' => TokenKind::LBracket,
            b']' => TokenKind::RBracket,
            b',' => TokenKind::Comma,
            b':' => TokenKind::Colon,
            b'=' => TokenKind::Equals,
            b'+' => TokenKind::Plus,
            _ => return self.unexpected_characters(start),
        };
        // ASCII, not a newline.
        self.pos += 1;
        self.token(kind, start)
    }

    /// Skips the whole run of characters that cannot start a token (one error for
    /// it, not one per character or byte): the first one, and after it any non-ASCII
    /// characters and repeats of the first.
    #[cold]
    fn unexpected_characters(&mut self, start: Mark) -> Token<'a> {
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

    #[inline(always)]
    fn sigil_name(&mut self, start: Mark, sigil: u8) -> Token<'a> {
        self.bump();
        let global = sigil == b'@';
        let valid_start = self.peek().is_some_and(|b| {
            if global {
                is_name_start(b)
            } else {
                is_name_char(b)
            }
        });
        if !valid_start {
            let what = if global { "`@`" } else { "`%`" };
            return self.error(start, format!("expected a name after {what}"));
        }
        let name = self.take_name();
        let kind = if global {
            TokenKind::Global(name)
        } else {
            TokenKind::Local(name)
        };
        self.token(kind, start)
    }

    fn minus(&mut self, start: Mark) -> Token<'a> {
        match self.peek_at(1) {
            Some(b'>') => {
                self.bump();
                self.bump();
                self.token(TokenKind::Arrow, start)
            }
            Some(b'0'..=b'9') => {
                self.bump();
                self.number_text();
                self.token(TokenKind::Number(self.slice(start.pos)), start)
            }
            Some(b) if is_name_start(b) => {
                self.bump();
                let word = self.take_name();
                if word == "inf" || word == "nan" {
                    self.nan_payload();
                    self.token(TokenKind::Number(self.slice(start.pos)), start)
                } else {
                    self.error(start, format!("unexpected `-{word}`"))
                }
            }
            _ => {
                self.bump();
                self.error(start, "unexpected `-`")
            }
        }
    }

    /// A word: an identifier, or `nan:0x…` (a NaN with a payload).
    #[inline(always)]
    fn word(&mut self, start: Mark) -> Token<'a> {
        let word = self.take_name();
        if word == "nan" && self.nan_payload() {
            return self.token(TokenKind::Number(self.slice(start.pos)), start);
        }
        self.token(TokenKind::Ident(word), start)
    }

    /// After `nan`: skips `:` and a number directly following it, if there; whether
    /// there was one.
    fn nan_payload(&mut self) -> bool {
        if self.peek() == Some(b':') && self.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
            self.bump();
            self.number_text();
            true
        } else {
            false
        }
    }

    /// The rest of a number starting at a digit: digits, letters, `_`, `.`, and a sign
    /// right after an exponent marker (`e` for decimal, `p` for hexadecimal). Skips
    /// it; the caller slices the token's text.
    fn number_text(&mut self) {
        let start = self.pos;
        let hex = matches!(self.peek_at(1), Some(b'x' | b'X')) && self.peek() == Some(b'0');
        let exponent_markers: &[u8] = if hex { b"pP" } else { b"eE" };
        while let Some(b) = self.peek() {
            let sign_of_exponent = matches!(b, b'+' | b'-')
                && self.pos > start
                && exponent_markers.contains(&self.src[self.pos - 1]);
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || sign_of_exponent {
                // ASCII, not a newline.
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// A string literal: checks its escapes; the token keeps its text between the
    /// quotes ([`unescape`] gives its bytes).
    fn string(&mut self, start: Mark) -> Token<'a> {
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
                    return self.token(TokenKind::Invalid, start);
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
        let body = self.text.get(body_start..self.pos - 1).unwrap_or_default();
        self.token(TokenKind::Str(body), start)
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
