//! `lirc check FILE...`: parse and verify; exit 0 when every file is valid.

use crate::cli::CheckArgs;
use crate::exit::{CommandResult, Failure};
use crate::load::parse_and_verify;
use crate::source::SourceFile;
use std::process::ExitCode;

pub fn run(args: &CheckArgs) -> CommandResult {
    let mut worst: Option<Failure> = None;
    for path in &args.files {
        let outcome = SourceFile::read(path).and_then(|file| parse_and_verify(&file));
        if let Err(failure) = outcome {
            failure.print();
            // Keep the most serious status; report every file's errors.
            let keep = match &worst {
                None => true,
                Some(w) => failure.status.code() > w.status.code(),
            };
            if keep {
                worst = Some(Failure::new(failure.status, String::new()));
            }
        }
    }
    match worst {
        Some(failure) => Err(failure),
        None => Ok(ExitCode::SUCCESS),
    }
}
