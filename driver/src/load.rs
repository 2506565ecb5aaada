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
    lir::entry::main_shape(&module)
        .map_err(|e| Failure::new(Status::InvalidProgram, format!("error: {}: {e}", file.name)))?;
    Ok(module)
}
