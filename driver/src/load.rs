//! From source text to a verified module, with errors rendered as diagnostics. A module
//! with `@main` must also be able to run as a program (`lir::entry`), so `check`,
//! `compile`, `run` and `interp` all reject the same inputs.

use crate::diagnostics;
use crate::exit::{Failure, Status};
use crate::source::SourceFile;
use lir::Module;

/// Parses and verifies `file`; errors become an `InvalidProgram` failure whose message
/// shows every problem with its location.
pub fn parse_and_verify(file: &SourceFile) -> Result<Module, Failure> {
    let module = lir::text::parse_named(&file.text, &file.name).map_err(|errors| {
        Failure::new(
            Status::InvalidProgram,
            diagnostics::parse_errors(file, &errors),
        )
    })?;
    lir::verify::verify(&module).map_err(|errors| {
        Failure::new(
            Status::InvalidProgram,
            diagnostics::verify_errors(file, &errors),
        )
    })?;
    lir::entry::main_shape(&module).map_err(|e| entry_error(file, &module, &e))?;
    Ok(module)
}

/// A module that cannot be a program (`error[3001]`), pointing at `@main`'s header.
fn entry_error(file: &SourceFile, module: &Module, error: &lir::entry::EntryError) -> Failure {
    let span = module
        .func_by_name("main")
        .map_or(lir::Span::NONE, |f| module.funcs[f].spans.header);
    let problem = diagnostics::Problem {
        code: Some(crate::codes::BAD_ENTRY),
        message: error.to_string(),
        span,
        label: "the program starts here",
        notes: vec![
            "a module with @main is a program; a library names its functions otherwise \
             and calls them with `--invoke NAME`"
                .to_string(),
        ],
        related: Vec::new(),
    };
    Failure::new(
        Status::InvalidProgram,
        diagnostics::render(file, &[problem]),
    )
}
