//! From source text to a verified module, with errors rendered as diagnostics.

use crate::diagnostics;
use crate::exit::{Failure, Status};
use crate::source::SourceFile;
use lir::Module;

/// Parses and verifies `file`; errors become an `InvalidProgram` failure whose message
/// shows every problem with its location.
pub fn parse_and_verify(file: &SourceFile) -> Result<Module, Failure> {
    let module = lir::text::parse(&file.text).map_err(|errors| {
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
    Ok(module)
}
