//! Fuzz-style properties of the parser: on any input it never panics, every error has a
//! position (line and column ≥ 1, byte range inside the input), and whatever it accepts
//! prints and re-parses to the same module with stable text.
//!
//! Inputs are arbitrary bytes, token soup from the LIR vocabulary, and printed random
//! modules with tokens or lines deleted, duplicated, swapped or replaced.
//! `PROPTEST_CASES=20000 cargo test -p lir --test text_fuzz` runs more cases.

mod support;

use lir::text::{parse, print};
use proptest::prelude::*;
use support::arbitrary_module::arb_module;

/// Parses `src` and checks the properties above.
fn check(src: &str) -> Result<(), TestCaseError> {
    match parse(src) {
        Err(errors) => {
            prop_assert!(!errors.0.is_empty());
            for error in &errors.0 {
                let span = error.span;
                prop_assert!(span.line >= 1 && span.col >= 1, "no position: {error:?}");
                prop_assert!(
                    span.start <= span.end && span.end as usize <= src.len(),
                    "{error:?}"
                );
                prop_assert!(src.is_char_boundary(span.start as usize), "{error:?}");
            }
        }
        Ok(module) => {
            let text = print(&module);
            let reparsed = match parse(&text) {
                Ok(m) => m,
                Err(e) => {
                    return Err(TestCaseError::fail(format!(
                        "{e}\n--- input:\n{src}\n--- printed:\n{text}"
                    )))
                }
            };
            prop_assert!(
                reparsed == module,
                "not equal after printing:\n{}\n--- input:\n{}",
                text,
                src
            );
            prop_assert_eq!(print(&reparsed), text);
            // The formatter keeps the module and is idempotent on any text that parses.
            let formatted = match lir::text::format(src) {
                Ok(f) => f,
                Err(e) => return Err(TestCaseError::fail(format!("format failed: {e}\n{src}"))),
            };
            let reformatted = parse(&formatted);
            prop_assert!(
                reformatted.as_ref().is_ok_and(|m| *m == module),
                "formatting changed the module:\n{formatted}\n--- input:\n{src}"
            );
            prop_assert_eq!(lir::text::format(&formatted).ok(), Some(formatted));
        }
    }
    Ok(())
}

/// Words and punctuation of the language, to build inputs that get past the lexer.
const VOCABULARY: &[&str] = &[
    "memory",
    "stack",
    "data",
    "global",
    "import",
    "export",
    "func",
    "from",
    "max",
    "mut",
    "align",
    "readonly",
    "zero",
    "slot",
    "i8",
    "i16",
    "i32",
    "i64",
    "f32",
    "f64",
    "ptr",
    "@f",
    "@g",
    "@d",
    "@__heap_base",
    "%x",
    "%y",
    "%0",
    "%1",
    "entry",
    "loop",
    "bb0",
    "bb1",
    "nan",
    "inf",
    "0",
    "1",
    "-1",
    "0xff",
    "1.5",
    "-0.0",
    "nan:0x1",
    "4294967296",
    "\"s\"",
    "\"\\n\"",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "=",
    "+",
    "->",
    ";",
    "\n",
    "add",
    "add.i64",
    "eq",
    "neg.f32",
    "wrap",
    "trunc_s.i32.f64",
    "select",
    "const.i32",
    "load.i32",
    "load.s8.i64",
    "store.8",
    "store.f64",
    "memory.size",
    "memory.grow",
    "addr",
    "funcaddr",
    "stack.alloc",
    "global.get",
    "global.set",
    "call",
    "call_indirect",
    "syscall.write",
    "jump",
    "br_if",
    "switch",
    "ret",
    "trap",
    "return_call",
    "return_call_indirect",
];

/// One edit of a list of pieces (tokens or lines).
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Replace(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Replace(a, b)),
    ]
}

fn apply(pieces: &mut Vec<String>, edit: &Edit) {
    if pieces.is_empty() {
        return;
    }
    let n = pieces.len();
    match *edit {
        Edit::Delete(i) => {
            pieces.remove(i % n);
        }
        Edit::Duplicate(i) => {
            let piece = pieces[i % n].clone();
            pieces.insert(i % n, piece);
        }
        Edit::Swap(a, b) => pieces.swap(a % n, b % n),
        Edit::Replace(i, word) => {
            pieces[i % n] = format!("{} ", VOCABULARY[word % VOCABULARY.len()])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn token_soup(words in proptest::collection::vec(0..VOCABULARY.len(), 0..80)) {
        let src: Vec<&str> = words.iter().map(|&i| VOCABULARY[i]).collect();
        check(&src.join(" "))?;
    }

    #[test]
    fn edited_tokens_of_printed_modules(
        module in arb_module(),
        edits in proptest::collection::vec(edit(), 1..4),
    ) {
        let text = print(&module);
        let mut pieces: Vec<String> = text.split_inclusive([' ', '\n']).map(String::from).collect();
        for e in &edits {
            apply(&mut pieces, e);
        }
        check(&pieces.concat())?;
    }

    #[test]
    fn edited_lines_of_printed_modules(
        module in arb_module(),
        edits in proptest::collection::vec(edit(), 1..4),
    ) {
        let text = print(&module);
        let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
        for e in &edits {
            apply(&mut lines, e);
        }
        check(&lines.concat())?;
    }
}
