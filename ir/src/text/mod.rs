//! The `.lir` text format: a parser with source spans and a canonical printer.
//!
//! [`parse`] reads a whole module, reporting every error it reasonably can (each with
//! its `line:col`); [`print`] writes the canonical form described in docs/lir.md.
//! Printing is stable (`print(parse(print(m)))` equals `print(m)`) and faithful
//! (`parse(print(m))` equals `m` structurally) for every module the parser produces.
//!
//! ```
//! let src = "
//! func @sum(%p: ptr, %n: i32) -> i64 {
//! entry:
//!     jump loop(0, 0)
//! loop(%i: i32, %acc: i64):
//!     %done = ge_u %i, %n
//!     br_if %done, exit(%acc), body
//! body:
//!     %off = shl %i, 3
//!     %addr = add %p, %off
//!     %x = load.i64 [%addr]
//!     %acc2 = add %acc, %x
//!     %i2 = add %i, 1
//!     jump loop(%i2, %acc2)
//! exit(%r: i64):
//!     ret %r
//! }
//! ";
//! let module = lir::text::parse(src).unwrap();
//! let text = lir::text::print(&module);
//! assert_eq!(lir::text::parse(&text).unwrap(), module);
//! assert!(text.contains("func @sum(%p: i32, %n: i32) -> i64 {"));
//!
//! let errors = lir::text::parse("func @f() {\n    ret %nope\n}").unwrap_err();
//! assert_eq!(errors.to_string(), "2:9: `%nope` is not defined");
//! ```
//!
//! [`print_inst`] and [`Names`] give single instructions and the text names of values
//! and blocks (`%3`, `bb2`) the way the function's canonical text shows them, for
//! messages about a function.
//!
//! Internally: `lexer` (tokens with spans, streamed) → `parser` (syntax tree, error
//! recovery) → `resolve` (names, literal typing, result-type inference) → [`Module`],
//! item by item: a function's syntax tree is dropped as soon as its body is built, so
//! a large text's whole tree never exists at once. A function body written one plain
//! statement per line (printed and generated texts) is read by the parser's fast path
//! straight from the bytes into the same syntax tree, without tokens; anything else in
//! a body sends it back to the token parser. `printer` goes the other way.

mod errors;
mod format;
mod lexer;
mod parser;
mod printer;
mod resolve;

pub use errors::{ParseError, ParseErrors};
pub use format::format;
pub use printer::names::Names;

use crate::entities::{Func, Inst};
use crate::module::Module;
use crate::opcodes::ConvertOp;
use crate::types::Type;

/// Parses a module from `.lir` text.
///
/// Fills [`crate::Function::spans`] and [`Module::spans`]. On failure returns every
/// error found, in source order. Never panics, whatever the input.
pub fn parse(src: &str) -> Result<Module, ParseErrors> {
    parse_with(src, true)
}

/// [`parse`], with or without the parser's fast path for function bodies (tests check
/// that both give the same module and errors).
pub(crate) fn parse_with(src: &str, fast_bodies: bool) -> Result<Module, ParseErrors> {
    let mut errors = Vec::new();
    // Resolution's errors come after the parser's and the lexer's, as if the whole
    // text were parsed first (the order of errors at the same span).
    let mut resolve_errors = Vec::new();
    let mut resolver = resolve::Resolver::new();
    let ast = parser::parse_module(src, fast_bodies, &mut errors, |ast| {
        resolver.item_parsed(ast, &mut resolve_errors)
    });
    let module = resolver.finish(ast, &mut resolve_errors);
    errors.append(&mut resolve_errors);
    if errors.is_empty() {
        Ok(module)
    } else {
        errors.sort_by_key(|e| (e.span.start, e.span.end));
        errors.dedup();
        Err(ParseErrors(errors))
    }
}

/// Parses a module from the `.lir` text of the file `path`: as [`parse`], and
/// [`Module::text_path`] names `path`, so that instructions of a file without `loc`
/// lines have locations `path:line:col`.
///
/// ```
/// let module = lir::text::parse_named("func @f() {\n    ret\n}", "f.lir").unwrap();
/// let f = module.funcs.values().next().unwrap();
/// let ret = f.blocks[f.layout[0]].insts[0];
/// assert_eq!(f.srcloc(ret).display(&module).to_string(), "f.lir:2:5");
/// ```
pub fn parse_named(src: &str, path: &str) -> Result<Module, ParseErrors> {
    let mut module = parse(src)?;
    module.text_path = path.to_string();
    Ok(module)
}

/// Prints a module in canonical form.
pub fn print(module: &Module) -> String {
    printer::module(module)
}

/// Prints one function (or import line) in canonical form.
pub fn print_function(module: &Module, func: Func) -> String {
    match module.funcs.get(func) {
        Some(f) => printer::function(module, f),
        None => format!("<invalid {func}>\n"),
    }
}

/// Prints one instruction as it appears in the canonical text of its function
/// (same value and block names as [`print_function`]), without indentation.
///
/// ```
/// let module = lir::text::parse("func @f(%x: i32) -> i32 {\n    %y = mul %x, 3\n    ret %y\n}").unwrap();
/// let f = module.func_by_name("f").unwrap();
/// let func = &module.funcs[f];
/// let first = func.blocks[func.entry_block().unwrap()].insts[0];
/// assert_eq!(lir::text::print_inst(&module, f, first), "%y = mul %x, 3");
/// ```
pub fn print_inst(module: &Module, func: Func, inst: Inst) -> String {
    match module.funcs.get(func) {
        Some(f) => printer::instruction(module, f, inst),
        None => format!("<invalid {func}>"),
    }
}

/// [`print_inst`] with the function's [`Names`] computed once by the caller, for
/// printing many instructions of one function (`names` must be `Names::new` of it).
pub fn print_inst_with_names(module: &Module, func: Func, names: &Names, inst: Inst) -> String {
    match module.funcs.get(func) {
        Some(f) => printer::instruction_with_names(module, f, names, inst),
        None => format!("<invalid {func}>"),
    }
}

/// The operand type a conversion implies for a literal operand when no suffix states
/// it (`wrap 5` converts an i64), or `None` when it must be stated.
pub(crate) fn convert_operand_type(op: ConvertOp) -> Option<Type> {
    match op {
        ConvertOp::Wrap | ConvertOp::Extend32S => Some(Type::I64),
        ConvertOp::ExtendS | ConvertOp::ExtendU => Some(Type::I32),
        ConvertOp::Promote => Some(Type::F32),
        ConvertOp::Demote => Some(Type::F64),
        ConvertOp::Bitcast(to) if to.is_int() => Some(to.float_of_same_width()),
        ConvertOp::Bitcast(to) => Some(to.int_of_same_width()),
        _ => None,
    }
}

/// The type switch keys are read and printed as: the index type if it is an integer
/// type, otherwise i64 (the verifier reports the index).
pub(crate) fn switch_key_type(index: Type) -> Type {
    if index == Type::I32 {
        Type::I32
    } else {
        Type::I64
    }
}

#[cfg(test)]
mod tests;
