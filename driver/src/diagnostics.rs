//! Diagnostics of `lirc`'s own inputs: the renderer of `lir_build::diagnostics` (the
//! library's, so frontends show errors exactly as `lirc` does) applied to a
//! [`SourceFile`], headed `error[CODE]:` (crate::codes), coloured as `--color` and the
//! environment say ([`crate::color`]).

use crate::source::SourceFile;
use lir_build::diagnostics::{parse_problems, render_with, verify_problems, Source};

pub use lir_build::diagnostics::{Problem, MAX_LINE_CHARS, MAX_TOKEN_CHARS};

fn source(file: &SourceFile) -> Source<'_> {
    Source {
        name: &file.name,
        text: &file.text,
    }
}

/// Renders problems in `file` as error diagnostics, one after the other.
pub fn render(file: &SourceFile, problems: &[Problem<'_>]) -> String {
    render_with(source(file), problems, crate::color::stderr())
}

/// Renders parse errors.
pub fn parse_errors(file: &SourceFile, errors: &lir::text::ParseErrors) -> String {
    render(file, &parse_problems(errors))
}

/// Renders verifier errors, naming function, block and instruction in a note.
pub fn verify_errors(file: &SourceFile, errors: &lir::verify::VerifyErrors) -> String {
    render(file, &verify_problems(errors))
}
