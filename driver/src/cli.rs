//! The `lirc` command line: argument definitions (clap) and dispatch to the commands.

use crate::commands;
use crate::exit::{CommandResult, Failure, Status};
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  lirc check prog.lir                      parse and verify
  lirc fmt prog.lir                        print in canonical form
  lirc fmt --check prog.lir                exit 1 unless already canonical
  lirc interp prog.lir -- arg1 arg2        run @main under the reference interpreter
  lirc interp div.lir --invoke div -7 2    call a function, print its results
  cat prog.lir | lirc check -              read the program from stdin

Exit statuses are listed in docs/cli.md.";

/// lirc — the lir compiler driver: check, format, interpret and compile LIR.
#[derive(Parser, Debug)]
#[command(name = "lirc", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and verify LIR files; report every error with its location.
    Check(CheckArgs),
    /// Print a LIR file in canonical form.
    Fmt(FmtArgs),
    /// Run a LIR program (or one function) under the reference interpreter.
    Interp(InterpArgs),
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// The file to format (`-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print nothing; exit with status 1 if the file is not in canonical form.
    #[arg(long)]
    pub check: bool,
}

/// Options shared by every command that runs a program.
#[derive(Args, Debug, Default, Clone)]
pub struct RunOptions {
    /// Call this function with typed arguments and print its results, one per line.
    #[arg(long, value_name = "NAME [ARG]...")]
    pub invoke: Option<String>,
    /// (Set from the words after `--invoke NAME`.)
    #[arg(long = "invoke-arg", hide = true, allow_hyphen_values = true)]
    pub invoke_args: Vec<String>,
    /// Grant the program a directory, read-write: HOST or HOST::GUEST (guest name
    /// defaults to HOST).
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    pub dirs: Vec<String>,
    /// Grant the program a directory, read-only.
    #[arg(long = "dir-ro", value_name = "HOST[::GUEST]")]
    pub dirs_ro: Vec<String>,
    /// Set an environment variable for the program (repeatable).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// Stop after this many executed instructions.
    #[arg(long, value_name = "N")]
    pub fuel: Option<u64>,
    /// Arguments for the program (after `--`); `argv[0]` is the file name.
    #[arg(last = true, value_name = "PROGRAM_ARGS")]
    pub program_args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct InterpArgs {
    /// The program (`-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub run: RunOptions,
}

/// Rewrites the words after `--invoke NAME` (up to the next `--option` or `--`) into
/// `--invoke-arg=WORD`, so that `-7`, `-0.0`, `-inf` or `-nan` are values, not options.
pub fn expand_invoke_args(argv: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut iter = argv.into_iter().peekable();
    while let Some(arg) = iter.next() {
        let is_invoke = arg == "--invoke";
        let is_invoke_eq = arg.to_string_lossy().starts_with("--invoke=");
        out.push(arg);
        if !(is_invoke || is_invoke_eq) {
            continue;
        }
        if is_invoke {
            match iter.next() {
                Some(name) => out.push(name),
                None => break,
            }
        }
        while let Some(next) = iter.peek() {
            if next.to_string_lossy().starts_with("--") {
                break;
            }
            let mut word = OsString::from("--invoke-arg=");
            word.push(next);
            out.push(word);
            iter.next();
        }
    }
    out
}

/// Runs `lirc` with the process's arguments.
pub fn main() -> ExitCode {
    let argv = expand_invoke_args(std::env::args_os());
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Status::Usage.into()
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    report(dispatch(cli))
}

fn dispatch(cli: Cli) -> CommandResult {
    match cli.command {
        Command::Check(args) => commands::check::run(&args),
        Command::Fmt(args) => commands::fmt::run(&args),
        Command::Interp(args) => commands::interp::run(&args),
    }
}

/// Prints a failure's message and turns the result into the process exit code.
pub fn report(result: CommandResult) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(Failure { status, message }) => {
            if !message.is_empty() {
                eprint!("{message}");
                if !message.ends_with('\n') {
                    eprintln!();
                }
            }
            status.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(args: &[&str]) -> Vec<String> {
        expand_invoke_args(args.iter().map(OsString::from))
            .into_iter()
            .map(|s| s.into_string().unwrap())
            .collect()
    }

    #[test]
    fn invoke_words_become_values() {
        assert_eq!(
            expand(&[
                "lirc", "interp", "f.lir", "--invoke", "div", "-7", "-inf", "--fuel", "9", "--",
                "x"
            ]),
            [
                "lirc",
                "interp",
                "f.lir",
                "--invoke",
                "div",
                "--invoke-arg=-7",
                "--invoke-arg=-inf",
                "--fuel",
                "9",
                "--",
                "x"
            ]
        );
        assert_eq!(
            expand(&["lirc", "interp", "f.lir", "--invoke=f", "-0.0"]),
            ["lirc", "interp", "f.lir", "--invoke=f", "--invoke-arg=-0.0"]
        );
    }

    #[test]
    fn negative_arguments_parse() {
        let cli = Cli::try_parse_from(expand_invoke_args(
            [
                "lirc", "interp", "f.lir", "--invoke", "div", "-7", "2", "--", "a",
            ]
            .map(OsString::from),
        ))
        .unwrap();
        let Command::Interp(args) = cli.command else {
            panic!("expected interp")
        };
        assert_eq!(args.run.invoke.as_deref(), Some("div"));
        assert_eq!(args.run.invoke_args, ["-7", "2"]);
        assert_eq!(args.run.program_args, ["a"]);
    }
}
