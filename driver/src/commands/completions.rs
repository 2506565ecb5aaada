//! `lirc completions SHELL`: a completion script for bash, zsh, fish, elvish or
//! PowerShell, generated from the command line's definition (clap_complete).

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::{write_stdout, CommandResult};
use clap::CommandFactory;
use std::process::ExitCode;

pub fn run(args: &CompletionsArgs) -> CommandResult {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "lirc", &mut script);
    write_stdout(&script)?;
    Ok(ExitCode::SUCCESS)
}
