//! The lexer: literal and name tokens, the data-brace `;` rule, spans and errors.

use crate::text::lexer::{tokenize, TokenKind};

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
            TokenKind::Str(b"s".to_vec()),
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
    assert_eq!(
        kinds(r#""a\n\t\r\0\\\"\x41é""#),
        vec![
            TokenKind::Str(b"a\n\t\r\0\\\"A\xc3\xa9".to_vec()),
            TokenKind::Eof
        ]
    );
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
