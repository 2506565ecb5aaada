//! Unit tests of the text format: tokens (`lexer.rs`), parsing of every construct
//! (`parse.rs`, `instructions.rs`), literal typing (`literals.rs`), error messages with positions
//! (`errors.rs`), source locations (`locations.rs`), the canonical printer (`print.rs`)
//! and the parser's fast path for bodies against its token path (`fast.rs`). Property tests are in
//! `ir/tests/text_*.rs`.

mod errors;
mod fast;
mod instructions;
mod lexer;
mod literals;
mod locations;
mod parse;
mod print;

use crate::function::Function;
use crate::inst::InstKind;
use crate::module::Module;
use crate::text::{parse, print};

/// Parses `src`, failing the test with the errors if it does not parse; also checks
/// that printing round-trips (equal module, stable text).
fn parse_ok(src: &str) -> Module {
    let module = parse(src).unwrap_or_else(|e| panic!("parse failed:\n{e}\n--- source:\n{src}"));
    let text = print(&module);
    let reparsed =
        parse(&text).unwrap_or_else(|e| panic!("reparse failed:\n{e}\n--- text:\n{text}"));
    assert!(reparsed == module, "printed module differs:\n{text}");
    assert_eq!(print(&reparsed), text, "printing is not stable");
    module
}

/// The error messages (`line:col: message`) of a text that must not parse.
fn errors(src: &str) -> Vec<String> {
    match parse(src) {
        Ok(module) => panic!("expected errors, parsed:\n{}", print(&module)),
        Err(errors) => errors.0.iter().map(|e| e.to_string()).collect(),
    }
}

/// Asserts that `src` fails with exactly one error, equal to `expected`.
fn single_error(src: &str, expected: &str) {
    assert_eq!(errors(src), vec![expected.to_string()], "source:\n{src}");
}

fn func<'m>(module: &'m Module, name: &str) -> &'m Function {
    let f = module
        .func_by_name(name)
        .unwrap_or_else(|| panic!("no function @{name}"));
    &module.funcs[f]
}

/// The kinds of a function's instructions, in layout order.
fn kinds(func: &Function) -> Vec<&InstKind> {
    func.layout
        .iter()
        .flat_map(|&b| func.blocks[b].insts.iter())
        .map(|&i| &func.insts[i].kind)
        .collect()
}

/// The value of `%name` in `func`.
fn named(func: &Function, name: &str) -> crate::Value {
    func.values
        .iter()
        .find(|(_, d)| d.name.as_deref() == Some(name))
        .map(|(v, _)| v)
        .unwrap_or_else(|| panic!("no value %{name}"))
}
