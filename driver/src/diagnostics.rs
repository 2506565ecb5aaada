//! Diagnostics of `lirc`'s own inputs: the renderer of `lir_build::diagnostics` (the
//! library's, so frontends show errors exactly as `lirc` does) applied to a
//! [`SourceFile`].

use crate::source::SourceFile;
use lir_build::diagnostics::Source;

pub use lir_build::diagnostics::{Problem, MAX_LINE_CHARS, MAX_TOKEN_CHARS};

fn source(file: &SourceFile) -> Source<'_> {
    Source {
        name: &file.name,
        text: &file.text,
    }
}

/// Renders problems in `file` as error diagnostics, one after the other.
pub fn render(file: &SourceFile, problems: &[Problem<'_>]) -> String {
    lir_build::diagnostics::render(source(file), problems)
}

/// Renders parse errors.
pub fn parse_errors(file: &SourceFile, errors: &lir::text::ParseErrors) -> String {
    lir_build::diagnostics::parse_errors(source(file), errors)
}

/// Renders verifier errors, naming function, block and instruction in a note.
pub fn verify_errors(file: &SourceFile, errors: &lir::verify::VerifyErrors) -> String {
    lir_build::diagnostics::verify_errors(source(file), errors)
}
