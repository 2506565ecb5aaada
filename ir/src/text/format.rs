//! The formatter behind `lirc fmt`: lays out `.lir` text in the canonical style while
//! keeping what the printer would lose — comments, blank lines, and every token as
//! written (`ptr` stays `ptr`, `0xff` stays `0xff`, `sizeof @msg` stays).
//!
//! The text keeps its lines: each line's tokens are re-spaced (one space between words,
//! none inside brackets or before `,`; `%x: T`; `@f(…)`; ` = `, ` -> `, ` + `;
//! `loc 1:4:10`), items and block labels start at column 0, a function body's other
//! lines are indented four spaces, a line that continues an open `(`, `[` or data `{`
//! keeps the author's indentation (often an alignment), and a full-line comment takes
//! the indentation of the code after it. A trailing
//! comment stays in its column when the code leaves room (so aligned comments stay
//! aligned), else it follows the code after one space. Runs of blank lines become
//! one; blank lines at the start and end go, and the text ends with one newline.
//!
//! What it does not do: it does not join or split lines, reorder items, or rename
//! anything (the printer, [`crate::text::print`], renumbers and canonicalizes; this
//! keeps the author's text). It only formats text that parses.

use super::lexer::{Lexer, Token, TokenKind, Trivia};
use super::ParseErrors;

/// Formats `src` (see the module documentation); fails with the parse errors when
/// `src` is not a valid module.
///
/// ```
/// let src = "; adds one\nfunc @f(%x:ptr)->ptr{\n  %y=add %x,0x1   ; bump\n ret %y\n}\n";
/// let formatted = lir::text::format(src).unwrap();
/// assert_eq!(
///     formatted,
///     "; adds one\nfunc @f(%x: ptr) -> ptr {\n    %y = add %x, 0x1 ; bump\n    ret %y\n}\n"
/// );
/// assert_eq!(lir::text::format(&formatted).unwrap(), formatted);
/// ```
pub fn format(src: &str) -> Result<String, ParseErrors> {
    super::parse(src)?;
    let mut lexer = Lexer::with_trivia(src);
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token() {
        if !matches!(token.kind, TokenKind::Eof) {
            tokens.push(token);
        }
    }
    let trivia = lexer.into_trivia();
    let lines = source_lines(src, &tokens, &trivia);
    Ok(layout(src, &lines))
}

/// What one source line holds, in order.
#[derive(Default)]
struct Line<'t, 'a> {
    /// Its tokens, each followed by whether a `;` separator comes right after it.
    tokens: Vec<(&'t Token<'a>, bool)>,
    /// A `;` separator before any token of the line (continuing the last line's item).
    leading_separator: bool,
    /// A comment ending the line: its text and its column (characters, 1-based).
    comment: Option<(&'a str, u32)>,
}

impl Line<'_, '_> {
    fn is_blank(&self) -> bool {
        self.tokens.is_empty() && self.comment.is_none() && !self.leading_separator
    }
}

/// Groups tokens and trivia by the line they are on (a token never spans lines).
fn source_lines<'t, 'a>(
    src: &'a str,
    tokens: &'t [Token<'a>],
    trivia: &[Trivia],
) -> Vec<Line<'t, 'a>> {
    let count = src.lines().count().max(1);
    let mut lines: Vec<Line> = (0..count).map(|_| Line::default()).collect();
    let line_of = |line: u32| (line as usize).saturating_sub(1).min(count - 1);
    for token in tokens {
        lines[line_of(token.span.line)].tokens.push((token, false));
    }
    for item in trivia {
        match *item {
            Trivia::Comment(span) => {
                let text = src[span.start as usize..span.end as usize].trim_end();
                lines[line_of(span.line)].comment = Some((text, span.col));
            }
            Trivia::Separator(span) => {
                let line = &mut lines[line_of(span.line)];
                match line
                    .tokens
                    .iter_mut()
                    .rev()
                    .find(|(t, _)| t.span.start < span.start)
                {
                    Some((_, separated)) => *separated = true,
                    None => line.leading_separator = true,
                }
            }
        }
    }
    lines
}

/// A bracket open at the end of a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// A function body's `{`: its lines are indented four spaces.
    Body,
    /// A data initializer's `{`, a `(` or a `[` left open: the lines it continues on
    /// keep the author's indentation (often an alignment).
    Continuation,
}

fn layout(src: &str, lines: &[Line]) -> String {
    // The code of each line and its indentation; comment-only lines are placed after.
    let mut open: Vec<Open> = Vec::new();
    let mut code: Vec<Option<(usize, String)>> = Vec::with_capacity(lines.len());
    for (line, source) in lines.iter().zip(src.lines().chain(std::iter::repeat(""))) {
        if line.tokens.is_empty() && !line.leading_separator {
            code.push(None);
            continue;
        }
        let first = line.tokens.first().map(|(t, _)| &t.kind);
        let last = line.tokens.last().map(|(t, _)| &t.kind);
        let indent = match open.last() {
            None => 0,
            Some(Open::Continuation) => source.chars().take_while(|c| c.is_whitespace()).count(),
            Some(Open::Body) => {
                let is_label = matches!(first, Some(TokenKind::Ident(_)))
                    && matches!(last, Some(TokenKind::Colon));
                if is_label || matches!(first, Some(TokenKind::RBrace)) {
                    0
                } else {
                    4
                }
            }
        };
        code.push(Some((indent, render_tokens(src, line))));
        let mut previous = None;
        for (token, _) in &line.tokens {
            match token.kind {
                TokenKind::LBrace if previous == Some(&TokenKind::Equals) => {
                    open.push(Open::Continuation)
                }
                TokenKind::LBrace => open.push(Open::Body),
                TokenKind::LParen | TokenKind::LBracket => open.push(Open::Continuation),
                TokenKind::RBrace | TokenKind::RParen | TokenKind::RBracket => {
                    open.pop();
                }
                _ => {}
            }
            previous = Some(&token.kind);
        }
    }
    let mut out = String::with_capacity(src.len());
    let mut blank_pending = false;
    for (index, line) in lines.iter().enumerate() {
        if line.is_blank() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push('\n');
            blank_pending = false;
        }
        match (&code[index], line.comment) {
            (Some((indent, text)), comment) => {
                out.extend(std::iter::repeat_n(' ', *indent));
                out.push_str(text);
                if let Some((comment, col)) = comment {
                    let used = indent + text.chars().count();
                    let pad = (col as usize).saturating_sub(1).saturating_sub(used).max(1);
                    out.extend(std::iter::repeat_n(' ', pad));
                    out.push_str(comment);
                }
            }
            (None, Some((comment, _))) => {
                // A comment line is indented like the code it precedes.
                let indent = code[index..].iter().flatten().next().map_or(0, |(i, _)| *i);
                out.extend(std::iter::repeat_n(' ', indent));
                out.push_str(comment);
            }
            (None, None) => {}
        }
        out.push('\n');
    }
    out
}

/// A line's tokens as written, spaced canonically.
fn render_tokens(src: &str, line: &Line) -> String {
    let mut out = String::new();
    // `loc FILE:LINE:COL` is one word in spirit (a block label named `loc` is not).
    let is_loc = matches!(
        (line.tokens.first(), line.tokens.get(1)),
        (Some((first, _)), Some((second, _)))
            if first.kind == TokenKind::Ident("loc") && matches!(second.kind, TokenKind::Number(_))
    );
    if line.leading_separator {
        out.push(';');
    }
    let count = line.tokens.len();
    for (index, (token, separated)) in line.tokens.iter().enumerate() {
        if index > 0 {
            let (previous, previous_separated) = line.tokens[index - 1];
            let last = index + 1 == count;
            let tight = is_loc
                && matches!(
                    (&previous.kind, &token.kind),
                    (TokenKind::Colon, _) | (_, TokenKind::Colon)
                );
            if previous_separated || (!tight && space_between(&previous.kind, &token.kind, last)) {
                out.push(' ');
            }
        } else if line.leading_separator {
            out.push(' ');
        }
        out.push_str(&src[token.span.start as usize..token.span.end as usize]);
        if *separated {
            out.push(';');
        }
    }
    out
}

/// Whether one space separates `previous` from `next` (`next_is_last`: `next` ends its
/// line, which tells a block label's `:` from a signature's).
fn space_between(previous: &TokenKind, next: &TokenKind, next_is_last: bool) -> bool {
    use TokenKind as T;
    match (previous, next) {
        (T::LParen | T::LBracket, _) | (T::LBrace, T::RBrace) => false,
        (_, T::Comma | T::RParen | T::RBracket) => false,
        // `call_indirect %f(%a) : (i32) -> i32`, but `loop(%i: i32):` and `%x: T`.
        (T::RParen, T::Colon) => !next_is_last,
        (_, T::Colon) => false,
        // `@f(…)`, `label(…)`, `%callee(…)`, `call_indirect 0(…)`; `-> (i32, i64)` and
        // `: (…)` keep a space.
        (T::Ident(_) | T::Global(_) | T::Local(_) | T::Number(_), T::LParen) => false,
        _ => true,
    }
}
