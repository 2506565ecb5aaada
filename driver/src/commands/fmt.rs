//! `lirc fmt [--check | -w] FILE...`: lay out LIR files in the canonical style with
//! [`lir::text::format`], which keeps comments, blank lines and every token as written.
//!
//! Without flags the formatted text goes to stdout; `-w` rewrites each file that
//! changes; `--check` changes nothing and names every file that is not formatted.
//! Formatting only needs a file to parse (not to verify), so a work-in-progress file
//! can be formatted. Every file is processed even when one fails; the exit status is
//! the most serious one met.

use crate::cli::FmtArgs;
use crate::diagnostics;
use crate::exit::{write_stdout, CommandResult, Failure, Status};
use crate::source::SourceFile;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &FmtArgs) -> CommandResult {
    if args.write && args.files.iter().any(|f| f.as_os_str() == "-") {
        return Err(Failure::new(
            Status::Usage,
            "error: `lirc fmt -w` rewrites files in place; standard input (`-`) has none",
        ));
    }
    let mut worst: Option<Status> = None;
    for path in &args.files {
        if let Err(failure) = format_one(path, args) {
            failure.print();
            if worst.is_none_or(|w| failure.status.code() > w.code()) {
                worst = Some(failure.status);
            }
        }
    }
    match worst {
        Some(status) => Err(Failure::new(status, String::new())),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn format_one(path: &Path, args: &FmtArgs) -> Result<(), Failure> {
    let file = SourceFile::read(path)?;
    let formatted = lir::text::format(&file.text).map_err(|errors| {
        Failure::new(
            Status::InvalidProgram,
            diagnostics::parse_errors(&file, &errors),
        )
    })?;
    if args.check {
        if formatted != file.text {
            return Err(Failure::new(
                Status::NotCanonical,
                format!(
                    "error: {} is not formatted (`lirc fmt -w {}` formats it)",
                    file.name, file.name
                ),
            ));
        }
        return Ok(());
    }
    if args.write {
        if formatted != file.text {
            std::fs::write(path, &formatted).map_err(|e| {
                Failure::new(
                    Status::CannotWrite,
                    format!("error: cannot write {}: {e}", file.name),
                )
            })?;
        }
        return Ok(());
    }
    write_stdout(formatted.as_bytes())
}
