//! `lirc explain [CODE]`: what an error code means and what to do about it, as
//! `rustc --explain` does; without a code, the list of codes. The texts live in
//! [`crate::codes`].

use crate::cli::ExplainArgs;
use crate::codes::{self, CODES};
use crate::exit::{write_stdout, CommandResult, Failure};
use std::process::ExitCode;

pub fn run(args: &ExplainArgs) -> CommandResult {
    let text = match &args.code {
        None => CODES
            .iter()
            .map(|c| format!("{}  {}\n", c.code, c.summary))
            .collect(),
        Some(word) => {
            let code = codes::find(word).ok_or_else(|| {
                Failure::usage(format!(
                    "`{word}` is not a lirc error code; `lirc explain` lists them"
                ))
            })?;
            format!("{}: {}\n\n{}\n", code.code, code.summary, code.explanation)
        }
    };
    write_stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
