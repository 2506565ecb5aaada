//! tinyc: a compiler for a subset of C to WebAssembly, written against the `lir`
//! builder API. The front end (lexer, preprocessor, parser with type checking) builds
//! a typed AST; code generation builds a LIR module with `FunctionBuilder` and
//! `Variable`s; [`pipeline`] then verifies, legalizes, optimizes and compiles it.
//!
//! The C library (`runtime/libc.c`) is compiled with every program: it is parsed
//! first, so its declarations are visible to the program, and only the library
//! functions the program reaches are generated.

pub mod ast;
pub mod codegen;
pub mod consteval;
pub mod diagnostics;
pub mod floatlit;
pub mod layout;
pub mod lexer;
pub mod parser;
pub mod pipeline;
pub mod preprocess;
pub mod reach;
pub mod types;

use diagnostics::{Diag, Sources};
use lir::Module;

/// The C library compiled with every program.
pub const LIBC_SOURCE: &str = include_str!("../runtime/libc.c");
/// Its file name (for diagnostics and source locations).
pub const LIBC_NAME: &str = "libc.c";

/// Why a compilation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// An error in the program, already rendered clang-style (exit status 1).
    Compile(String),
    /// A bug in tinyc (exit status 70).
    Internal(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Compile(m) => f.write_str(m.trim_end()),
            Failure::Internal(m) => write!(f, "tinyc: internal error: {}", m.trim_end()),
        }
    }
}

/// The stack size for compiling (the parser limits nesting; this leaves room).
const COMPILER_STACK: usize = 256 << 20;

/// Compiles C source `src` (named `name` in diagnostics) with the C library into a
/// verified LIR module.
pub fn build_module(name: &str, src: &str) -> Result<Module, Failure> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(COMPILER_STACK)
            .spawn_scoped(scope, || build_module_here(name, src));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(Failure::Internal(
                    "the compiler panicked (see above)".into(),
                ))
            }),
            Err(e) => Err(Failure::Internal(format!(
                "cannot start the compiler thread: {e}"
            ))),
        }
    })
}

fn parse_unit(
    sources: &Sources,
    file: u16,
    prog: &mut ast::Program,
    shared: &mut parser::Shared,
    is_lib: bool,
) -> Result<(), Diag> {
    let text = &sources.files[file as usize].1;
    let tokens = lexer::lex(text, file)?;
    let tokens = preprocess::Preprocessor::new().run(tokens)?;
    let mut p = parser::Parser::new(tokens, prog, shared, is_lib);
    p.translation_unit()
}

fn build_module_here(name: &str, src: &str) -> Result<Module, Failure> {
    let mut sources = Sources::default();
    let lib_file = sources.add(LIBC_NAME, LIBC_SOURCE);
    let user_file = sources.add(name, src);
    let mut prog = ast::Program::default();
    let mut shared = parser::Shared::new();
    let render = |sources: &Sources, d: Diag| Failure::Compile(sources.render(&d));
    parse_unit(&sources, lib_file, &mut prog, &mut shared, true)
        .map_err(|d| render(&sources, d))?;
    parse_unit(&sources, user_file, &mut prog, &mut shared, false)
        .map_err(|d| render(&sources, d))?;
    let module = codegen::generate(&prog, &sources).map_err(|e| match e {
        codegen::GenError::Diag(d) => render(&sources, d),
        codegen::GenError::Link(m) => Failure::Compile(format!("tinyc: error: {m}\n")),
    })?;
    lir::verify::verify(&module)
        .map_err(|e| Failure::Internal(format!("the generated LIR does not verify:\n{e}")))?;
    Ok(module)
}
