//! The lexer: source text to tokens (identifiers, numbers, character and string
//! literals, punctuators) with positions, line-start and preceding-space flags for the
//! preprocessor. Comments and line continuations are removed here.

use crate::diagnostics::{Diag, PResult, Pos};

/// What a token is.
#[derive(Clone, PartialEq, Debug)]
pub enum Tok {
    Ident(String),
    /// An integer literal: its value, a `u` suffix, the number of `l`s, and whether
    /// it was written in decimal.
    Int {
        value: u64,
        unsigned: bool,
        longs: u8,
        decimal: bool,
    },
    /// A float literal; `true` for an `f` suffix.
    Float(f64, bool),
    Char(i64),
    Str(Vec<u8>),
    Punct(&'static str),
    Eof,
}

/// A token with where it is.
#[derive(Clone, PartialEq, Debug)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
    /// First token on its line.
    pub bol: bool,
    /// Whitespace precedes it.
    pub space: bool,
}

const PUNCTS: [&str; 48] = [
    "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=",
    "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", "[", "]", "(", ")", "{", "}", ".", "&", "*",
    "+", "-", "~", "!", "/", "%", "<", ">", "^", "|", "?", ":", ";", "=", ",", "#",
];

/// The digraphs (C95) and the punctuators they spell.
const DIGRAPHS: [(&str, &str); 6] = [
    ("%:%:", "##"),
    ("<:", "["),
    (":>", "]"),
    ("<%", "{"),
    ("%>", "}"),
    ("%:", "#"),
];

struct Lexer<'a> {
    src: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
    file: u16,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.i + ahead).copied().unwrap_or(0)
    }

    fn pos(&self) -> Pos {
        Pos {
            file: self.file,
            line: self.line,
            col: self.col,
        }
    }

    fn bump(&mut self) -> u8 {
        let c = self.peek(0);
        if self.i < self.src.len() {
            self.i += 1;
            if c == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if c & 0xc0 != 0x80 {
                self.col += 1;
            }
        }
        c
    }

    /// Skips `\` newline pairs at the current position.
    fn splice(&mut self) {
        while self.peek(0) == b'\\'
            && (self.peek(1) == b'\n' || (self.peek(1) == b'\r' && self.peek(2) == b'\n'))
        {
            self.bump();
            if self.peek(0) == b'\r' {
                self.bump();
            }
            self.bump();
        }
    }

    /// Skips whitespace and comments; returns (saw newline, saw space).
    fn skip_space(&mut self) -> PResult<(bool, bool)> {
        let (mut nl, mut sp) = (false, false);
        loop {
            self.splice();
            let c = self.peek(0);
            if c == b'\n' {
                nl = true;
                sp = true;
                self.bump();
            } else if c == b' ' || c == b'\t' || c == b'\r' || c == 0x0c || c == 0x0b {
                sp = true;
                self.bump();
            } else if c == b'/' && self.peek(1) == b'/' {
                // A `\` newline inside a line comment continues the comment.
                loop {
                    self.splice();
                    if self.i >= self.src.len() || self.peek(0) == b'\n' {
                        break;
                    }
                    self.bump();
                }
                sp = true;
            } else if c == b'/' && self.peek(1) == b'*' {
                let start = self.pos();
                self.bump();
                self.bump();
                loop {
                    if self.i >= self.src.len() {
                        return Err(Diag::new(start, "unterminated /* comment"));
                    }
                    if self.bump() == b'*' {
                        self.splice();
                        if self.peek(0) == b'/' {
                            self.bump();
                            break;
                        }
                    }
                }
                sp = true;
            } else {
                return Ok((nl, sp));
            }
        }
    }

    fn escape(&mut self, pos: Pos) -> PResult<u8> {
        let c = self.bump();
        Ok(match c {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'v' => 11,
            b'e' => 27,
            b'\\' | b'\'' | b'"' | b'?' => c,
            b'x' => {
                let mut v: u32 = 0;
                let mut any = false;
                while self.peek(0).is_ascii_hexdigit() {
                    let d = (self.bump() as char).to_digit(16).unwrap_or(0);
                    v = (v << 4 | d).min(0x1000);
                    any = true;
                }
                if !any {
                    return Err(Diag::new(pos, "\\x used with no following hex digits"));
                }
                if v > 0xff {
                    return Err(Diag::new(pos, "hex escape sequence out of range"));
                }
                v as u8
            }
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                for _ in 0..2 {
                    if (b'0'..=b'7').contains(&self.peek(0)) {
                        v = v * 8 + (self.bump() - b'0') as u32;
                    }
                }
                if v > 0xff {
                    return Err(Diag::new(pos, "octal escape sequence out of range"));
                }
                v as u8
            }
            0 if self.i >= self.src.len() => {
                return Err(Diag::new(pos, "unterminated literal"));
            }
            other => other,
        })
    }

    /// A universal character name, `\\uXXXX` or `\\UXXXXXXXX` (after the backslash),
    /// checked as clang checks it; string literals hold it in UTF-8.
    fn universal_char(&mut self, pos: Pos) -> PResult<char> {
        let digits = if self.bump() == b'u' { 4 } else { 8 };
        let mut v: u32 = 0;
        for _ in 0..digits {
            let Some(d) = (self.peek(0) as char).to_digit(16) else {
                return Err(Diag::new(pos, "incomplete universal character name"));
            };
            self.bump();
            v = v << 4 | d;
        }
        // Below U+00A0 only '$', '@' and '`' may be named (C11 6.4.3).
        if v < 0xa0 && !matches!(v, 0x24 | 0x40 | 0x60) {
            return Err(Diag::new(
                pos,
                if v < 0x20 || v == 0x7f || v >= 0x80 {
                    "universal character name refers to a control character".to_string()
                } else {
                    format!(
                        "character '{}' cannot be specified by a universal character name",
                        v as u8 as char
                    )
                },
            ));
        }
        char::from_u32(v).ok_or_else(|| Diag::new(pos, "invalid universal character"))
    }

    fn quoted(&mut self, quote: u8, pos: Pos) -> PResult<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            self.splice();
            let c = self.peek(0);
            if self.i >= self.src.len() || c == b'\n' {
                let what = if quote == b'"' { "string" } else { "character" };
                return Err(Diag::new(
                    pos,
                    format!("missing terminating {} character", what_q(what)),
                ));
            }
            let at = self.pos();
            self.bump();
            if c == quote {
                return Ok(out);
            }
            if c == b'\\' && matches!(self.peek(0), b'u' | b'U') {
                let ch = self.universal_char(at)?;
                if quote == b'\'' && !ch.is_ascii() {
                    return Err(Diag::new(
                        at,
                        "character too large for enclosing character literal type",
                    ));
                }
                let mut buf = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            } else if c == b'\\' {
                let e = self.escape(at)?;
                out.push(e);
            } else {
                out.push(c);
            }
        }
    }

    fn number(&mut self, pos: Pos) -> PResult<Tok> {
        let start = self.i;
        loop {
            let c = self.peek(0);
            let sign = (c == b'+' || c == b'-')
                && matches!(
                    self.src.get(self.i.wrapping_sub(1)),
                    Some(b'e' | b'E' | b'p' | b'P')
                )
                && self.i > start;
            if sign || c.is_ascii_alphanumeric() || c == b'.' || c == b'_' {
                self.bump();
            } else {
                break;
            }
        }
        let text = String::from_utf8_lossy(&self.src[start..self.i]).to_string();
        classify_number(&text, pos)
    }

    fn next(&mut self) -> PResult<Option<Token>> {
        let (nl, space) = self.skip_space()?;
        let bol = nl || self.i == 0;
        let pos = self.pos();
        let c = self.peek(0);
        if self.i >= self.src.len() {
            return Ok(None);
        }
        // `$` in identifiers, as clang accepts it.
        let tok = if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 {
            let mut name = String::new();
            loop {
                self.splice();
                let c = self.peek(0);
                if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
                    name.push(self.bump() as char);
                } else if c >= 0x80 {
                    return Err(Diag::new(self.pos(), "non-ASCII character in identifier"));
                } else {
                    break;
                }
            }
            Tok::Ident(name)
        } else if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) {
            self.number(pos)?
        } else if c == b'"' {
            self.bump();
            Tok::Str(self.quoted(b'"', pos)?)
        } else if c == b'\'' {
            self.bump();
            let bytes = self.quoted(b'\'', pos)?;
            match bytes.len() {
                0 => return Err(Diag::new(pos, "empty character constant")),
                1 => Tok::Char(bytes[0] as i8 as i64),
                _ => Tok::Char(
                    bytes
                        .iter()
                        .fold(0i64, |a, &b| ((a << 8) | b as i64) as i32 as i64),
                ),
            }
        } else {
            let rest = &self.src[self.i..];
            let digraph = DIGRAPHS.iter().find(|d| rest.starts_with(d.0.as_bytes()));
            let punct = PUNCTS.iter().find(|p| rest.starts_with(p.as_bytes()));
            match digraph.map(|d| (d.0, d.1)).or(punct.map(|p| (*p, *p))) {
                Some((spelling, p)) => {
                    for _ in 0..spelling.len() {
                        self.bump();
                    }
                    Tok::Punct(p)
                }
                None => {
                    let shown = if c.is_ascii_graphic() {
                        format!("'{}'", c as char)
                    } else {
                        format!("byte 0x{c:02x}")
                    };
                    return Err(Diag::new(pos, format!("unexpected character {shown}")));
                }
            }
        };
        Ok(Some(Token {
            tok,
            pos,
            bol,
            space,
        }))
    }
}

fn what_q(what: &str) -> &'static str {
    if what == "string" {
        "'\"'"
    } else {
        "'"
    }
}

/// Turns a preprocessing number into an integer or float literal.
fn classify_number(text: &str, pos: Pos) -> PResult<Tok> {
    let lower = text.to_ascii_lowercase();
    let hex = lower.starts_with("0x");
    let is_float = if hex {
        lower.contains('.') || lower.contains('p')
    } else {
        lower.contains('.') || lower.contains('e')
    };
    if is_float {
        let (body, single) = match lower.strip_suffix('f') {
            Some(b) => (b, true),
            None => (lower.strip_suffix('l').unwrap_or(&lower), false),
        };
        let value = if hex {
            crate::floatlit::hex(body, single)
        } else {
            crate::floatlit::decimal(body, single)
        };
        return match value {
            Some(v) => Ok(Tok::Float(v, single)),
            None => Err(Diag::new(
                pos,
                format!("invalid floating constant '{text}'"),
            )),
        };
    }
    let digits_end = lower.find(['u', 'l']).unwrap_or(lower.len());
    let (digits, suffix) = lower.split_at(digits_end);
    // `ll` must be written in one case (`lL` and `Ll` are not suffixes).
    let mixed_ll = text.contains("lL") || text.contains("Ll");
    let (unsigned, longs) = match suffix {
        _ if mixed_ll => None,
        "" => Some((false, 0)),
        "u" => Some((true, 0)),
        "l" => Some((false, 1)),
        "ul" | "lu" => Some((true, 1)),
        "ll" => Some((false, 2)),
        "ull" | "llu" => Some((true, 2)),
        _ => None,
    }
    .ok_or_else(|| {
        Diag::new(
            pos,
            format!(
                "invalid suffix '{}' on integer constant",
                &text[digits_end..]
            ),
        )
    })?;
    let (radix, body) = if let Some(h) = digits.strip_prefix("0x") {
        (16, h)
    } else if let Some(b) = digits.strip_prefix("0b") {
        (2, b)
    } else if let Some(o) = digits.strip_prefix('0').filter(|o| !o.is_empty()) {
        (8, o)
    } else {
        (10, digits)
    };
    let value = u64::from_str_radix(body, radix).map_err(|e| {
        use std::num::IntErrorKind::*;
        match e.kind() {
            PosOverflow => Diag::new(
                pos,
                "integer literal is too large to be represented in any integer type",
            ),
            _ => Diag::new(pos, format!("invalid integer constant '{text}'")),
        }
    })?;
    Ok(Tok::Int {
        value,
        unsigned,
        longs,
        decimal: radix == 10,
    })
}

/// Splits `src` (file number `file`) into tokens, ending with one `Eof` token.
pub fn lex(src: &str, file: u16) -> PResult<Vec<Token>> {
    let mut lexer = Lexer {
        src: src.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        file,
    };
    let mut out = Vec::new();
    while let Some(t) = lexer.next()? {
        out.push(t);
    }
    let (_, _) = lexer.skip_space()?;
    out.push(Token {
        tok: Tok::Eof,
        pos: lexer.pos(),
        bol: true,
        space: true,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src, 0).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn digraphs_and_dollar_identifiers() {
        let p = Tok::Punct;
        assert_eq!(
            toks("<: :> <% %> %: %:%: a$b :<"),
            vec![
                p("["),
                p("]"),
                p("{"),
                p("}"),
                p("#"),
                p("##"),
                Tok::Ident("a$b".into()),
                p(":"),
                p("<"),
                Tok::Eof,
            ]
        );
    }

    #[test]
    fn numbers_and_suffixes() {
        let int = |value, unsigned, longs, decimal| Tok::Int {
            value,
            unsigned,
            longs,
            decimal,
        };
        assert_eq!(
            toks("0 017 0x1F 42u 7LL 9ull 1.5 2.5f 1e3 0x1p4"),
            vec![
                int(0, false, 0, true),
                int(15, false, 0, false),
                int(31, false, 0, false),
                int(42, true, 0, true),
                int(7, false, 2, true),
                int(9, true, 2, true),
                Tok::Float(1.5, false),
                Tok::Float(2.5, true),
                Tok::Float(1000.0, false),
                Tok::Float(16.0, false),
                Tok::Eof,
            ]
        );
        assert!(lex("99999999999999999999", 0).is_err());
        assert!(lex("12abc", 0).is_err());
    }

    #[test]
    fn chars_strings_and_comments() {
        assert_eq!(
            toks("'a' '\\n' '\\xff' \"a\\tb\\101\" /* c */ x // y\n->"),
            vec![
                Tok::Char(97),
                Tok::Char(10),
                Tok::Char(-1),
                Tok::Str(b"a\tbA".to_vec()),
                Tok::Ident("x".into()),
                Tok::Punct("->"),
                Tok::Eof,
            ]
        );
        assert!(lex("/* open", 0).is_err());
        assert!(lex("'\\400'", 0).is_err());
        assert!(lex("\"\\x100\"", 0).is_err());
        assert!(lex("\"\\x0ff\\377\"", 0).is_ok());
        assert!(lex("'ab", 0).is_err());
        assert!(lex("\"abc", 0).is_err());
    }

    #[test]
    fn line_splices_inside_comments() {
        // `\` newline is spliced before comments end: the line comment swallows `b`,
        // and `*\` newline `/` closes a block comment.
        assert_eq!(
            toks("a // x \\\nb\nc /* y *\\\n/ d"),
            vec![
                Tok::Ident("a".into()),
                Tok::Ident("c".into()),
                Tok::Ident("d".into()),
                Tok::Eof,
            ]
        );
    }

    #[test]
    fn positions_count_lines_and_columns() {
        let t = lex("int\n  x;", 0).unwrap();
        assert_eq!((t[1].pos.line, t[1].pos.col), (2, 3));
        assert!(t[1].bol && !t[2].bol);
    }
}
