//! The lexer: literal and name tokens, the data-brace `;` rule, spans and errors.

use crate::text::lexer::{tokenize, unescape, TokenKind};
use proptest::strategy::Strategy;

fn kinds(src: &str) -> Vec<TokenKind<'_>> {
    let (tokens, errors) = tokenize(src);
    assert!(errors.is_empty(), "{errors:?}");
    tokens.into_iter().map(|t| t.kind).collect()
}

fn ident(s: &str) -> TokenKind<'_> {
    TokenKind::Ident(s)
}

fn num(s: &str) -> TokenKind<'_> {
    TokenKind::Number(s)
}

#[test]
fn numbers_keep_their_text() {
    assert_eq!(
        kinds("-7 0xff 1_000 6.02e23 1e-7 -0x1p-149 0x1.8p3 -inf nan nan:0x20 -nan:0x1"),
        vec![
            num("-7"),
            num("0xff"),
            num("1_000"),
            num("6.02e23"),
            num("1e-7"),
            num("-0x1p-149"),
            num("0x1.8p3"),
            num("-inf"),
            ident("nan"),
            num("nan:0x20"),
            num("-nan:0x1"),
            TokenKind::Eof
        ]
    );
}

#[test]
fn names_mnemonics_and_punctuation() {
    assert_eq!(
        kinds("%x: i32 = load.s8.i32 [%p + 4] ; comment\n-> @f$.1"),
        vec![
            TokenKind::Local("x"),
            TokenKind::Colon,
            ident("i32"),
            TokenKind::Equals,
            ident("load.s8.i32"),
            TokenKind::LBracket,
            TokenKind::Local("p"),
            TokenKind::Plus,
            num("4"),
            TokenKind::RBracket,
            TokenKind::Arrow,
            TokenKind::Global("f$.1"),
            TokenKind::Eof
        ]
    );
}

#[test]
fn a_label_named_nan_is_not_a_literal() {
    assert_eq!(
        kinds("nan:\n"),
        vec![ident("nan"), TokenKind::Colon, TokenKind::Eof]
    );
}

#[test]
fn semicolons_in_data_braces() {
    let src = "= { i64 1; ptr @a ;zero 4 ; a comment; i8 1\n \"s\"; }";
    assert_eq!(
        kinds(src),
        vec![
            TokenKind::Equals,
            TokenKind::LBrace,
            ident("i64"),
            num("1"),
            ident("ptr"),
            TokenKind::Global("a"),
            ident("zero"),
            num("4"),
            TokenKind::Str("s"),
            TokenKind::RBrace,
            TokenKind::Eof
        ]
    );
    // Outside data braces every `;` starts a comment.
    assert_eq!(
        kinds("{ ; i64 1\n}"),
        vec![TokenKind::LBrace, TokenKind::RBrace, TokenKind::Eof]
    );
}

#[test]
fn strings_unescape() {
    let body = r#"a\n\t\r\0\\\"\x41é"#;
    assert_eq!(
        kinds(&format!("\"{body}\"")),
        vec![TokenKind::Str(body), TokenKind::Eof]
    );
    assert_eq!(unescape(body), b"a\n\t\r\0\\\"A\xc3\xa9");
}

#[test]
fn unknown_escapes_drop_only_their_backslash() {
    let (tokens, errors) = tokenize(r#""\q\x4g\xé""#);
    assert_eq!(errors.len(), 3, "{errors:?}");
    let TokenKind::Str(body) = tokens[0].kind else {
        panic!("{:?}", tokens[0]);
    };
    assert_eq!(unescape(body), "qx4gxé".as_bytes());
}

#[test]
fn spans_count_lines_and_characters() {
    let (tokens, errors) = tokenize("\"é\" %a\n  @b");
    assert!(errors.is_empty());
    let spans: Vec<(u32, u32, u32)> = tokens
        .iter()
        .map(|t| (t.span.line, t.span.col, t.span.start))
        .collect();
    assert_eq!(spans, vec![(1, 1, 0), (1, 5, 5), (2, 3, 10), (2, 5, 12)]);
    assert!(tokens[0].first_on_line && !tokens[1].first_on_line && tokens[2].first_on_line);
}

#[test]
fn errors_have_positions_and_leave_invalid_tokens() {
    let (tokens, errors) = tokenize("a # b\n\"open\n\"\\q\"");
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].starts_with("1:3: unexpected character `#`"));
    assert!(messages[1].starts_with("2:1: unterminated string"));
    assert!(messages[2].starts_with("3:2: unknown escape"));
    assert!(tokens.iter().any(|t| t.kind == TokenKind::Invalid));
}

#[test]
fn a_run_of_unexpected_characters_is_one_error() {
    let long = format!("a {} b ## c ¤#", "é".repeat(50_000));
    let (tokens, errors) = tokenize(&long);
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    let shown = "é".repeat(40);
    assert!(
        messages[0].starts_with(&format!(
            "1:3: unexpected characters `{shown}…` (50000 characters)"
        )),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("1:50006: unexpected characters `##` (2 characters)"),
        "{messages:?}"
    );
    // A non-ASCII character joins the run, a different ASCII one starts its own.
    assert!(
        messages[2].starts_with("1:50011: unexpected character `¤`"),
        "{messages:?}"
    );
    let words: Vec<_> = tokens
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Ident(_)))
        .collect();
    assert_eq!(words.len(), 3);
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let (tokens, errors) = tokenize("\u{feff}ret");
    assert!(errors.is_empty());
    assert_eq!(tokens[0].kind, ident("ret"));
    assert_eq!(
        (
            tokens[0].span.line,
            tokens[0].span.col,
            tokens[0].span.start
        ),
        (1, 1, 3)
    );
}

/// The line and column of byte `offset` of `src`, counted the slow way.
fn naive_position(src: &str, offset: usize) -> (u32, u32) {
    let before = &src[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut line_text = &before[line_start..];
    if line_start == 0 {
        line_text = line_text.strip_prefix('\u{feff}').unwrap_or(line_text);
    }
    let line = before.matches('\n').count() + 1;
    (line as u32, line_text.chars().count() as u32 + 1)
}

/// Pieces of text that exercise the lexer's paths: tokens, whitespace of every kind,
/// non-ASCII characters in comments, strings and invalid runs, a byte-order mark.
const PIECES: &[&str] = &[
    "%x",
    "@f",
    "bb1",
    "add.i32",
    "-1.5e-3",
    "0xff",
    "nan:0x1",
    "=",
    ",",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ":",
    "+",
    "->",
    " ",
    "\t",
    "\n",
    "\r\n",
    "; é comment\n",
    ";",
    "\"",
    "\"é\\x41\\q\"",
    "\\",
    "é",
    "€",
    "😀",
    "#",
    "\u{feff}",
    "-",
    "-x",
    "@",
    "%",
    "data @d = {",
    "i8 1; i8 2",
];

proptest::proptest! {
    /// Columns count characters although the lexer steps over bytes: every token's
    /// and every error's position agrees with a count of the text before it, whatever
    /// mix of non-ASCII text, tabs, CRLF, strings and comments precedes it.
    #[test]
    fn positions_agree_with_a_count_of_characters(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(PIECES).prop_map(str::to_string),
                "\\PC{0,4}",
            ],
            0..40,
        )
    ) {
        let src = parts.concat();
        let (tokens, errors) = tokenize(&src);
        for span in tokens.iter().map(|t| t.span).chain(errors.iter().map(|e| e.span)) {
            proptest::prop_assert!(span.start <= span.end && span.end as usize <= src.len());
            let expected = naive_position(&src, span.start as usize);
            proptest::prop_assert_eq!((span.line, span.col), expected, "{:?}", span);
        }
        for token in &tokens {
            if let TokenKind::Str(body) = token.kind {
                let inside = &src[token.span.start as usize + 1..token.span.end as usize - 1];
                proptest::prop_assert_eq!(body, inside);
            }
        }
        let last = tokens.last().map(|t| t.kind);
        proptest::prop_assert!(matches!(last, Some(TokenKind::Eof)));
    }
}
