//! `lirc fmt FILE [--check]`: print the canonical form of a parsed file.
//!
//! Formatting only needs the file to parse; it does not have to verify, so a
//! work-in-progress file can still be formatted.

use crate::cli::FmtArgs;
use crate::diagnostics;
use crate::exit::{write_stdout, CommandResult, Failure, Status};
use crate::source::SourceFile;
use std::process::ExitCode;

pub fn run(args: &FmtArgs) -> CommandResult {
    let file = SourceFile::read(&args.file)?;
    let module = lir::text::parse(&file.text).map_err(|errors| {
        Failure::new(
            Status::InvalidProgram,
            diagnostics::parse_errors(&file, &errors),
        )
    })?;
    let canonical = lir::text::print(&module);
    if args.check {
        return if canonical == file.text {
            Ok(ExitCode::SUCCESS)
        } else {
            Err(Failure::new(
                Status::NotCanonical,
                format!(
                    "{}: not in canonical form (run `lirc fmt` to see it)",
                    file.name
                ),
            ))
        };
    }
    write_stdout(canonical.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
