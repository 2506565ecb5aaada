//! Exit statuses of `lirc`, one per failure class (documented in docs/cli.md).
//!
//! When `lirc` runs a program (`interp`/`run` without `--invoke`) and the program
//! finishes, `lirc` exits with the program's own status instead.

use crate::codes;
use crate::runtime::RuntimeError;
use std::process::ExitCode;

/// Why `lirc` stopped, as an exit status.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    /// Everything worked.
    Success,
    /// `fmt --check`: the input is not in canonical form.
    NotCanonical,
    /// Bad command line, including `--invoke` arguments that do not fit the signature.
    Usage,
    /// The program is invalid: parse, verification or layout errors.
    InvalidProgram,
    /// An input file cannot be read.
    NoInput,
    /// A bug in lir itself (e.g. the backend produced invalid wasm).
    Internal,
    /// The output file cannot be written.
    CannotWrite,
    /// Running failed outside the program's control: no such export, unknown import,
    /// instantiation failure.
    RunFailed,
    /// The program trapped.
    Trap,
    /// The program hit a limit: fuel, wall-clock timeout or memory.
    LimitExceeded,
    /// The program ended with this exit status (the host keeps its low 8 bits).
    Program(i32),
}

impl Status {
    /// The numeric exit status.
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::NotCanonical => 1,
            Status::Usage => 64,
            Status::InvalidProgram => 65,
            Status::NoInput => 66,
            Status::Internal => 70,
            Status::CannotWrite => 73,
            Status::RunFailed => 125,
            Status::Trap => 134,
            Status::LimitExceeded => 137,
            Status::Program(status) => status as u8,
        }
    }
}

impl Status {
    /// The error code of a failure of this class whose message gives none: what a
    /// plain `error: …` message of this status is printed with.
    pub fn default_code(self) -> Option<u32> {
        Some(match self {
            Status::Success | Status::Program(_) => return None,
            Status::NotCanonical => codes::NOT_FORMATTED,
            Status::Usage => codes::USAGE,
            Status::InvalidProgram => codes::CANNOT_COMPILE,
            Status::NoInput => codes::CANNOT_READ,
            Status::Internal => codes::INTERNAL,
            Status::CannotWrite => codes::CANNOT_WRITE,
            Status::RunFailed => 5001,
            Status::Trap => 5002,
            Status::LimitExceeded => 5011,
        })
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status.code())
    }
}

/// A failure already rendered for the user: print `message` (if any) to stderr and exit
/// with `status`. Every message starts `error[CODE]:` (docs/cli.md lists the codes,
/// `lirc explain CODE` explains them).
#[derive(Debug)]
pub struct Failure {
    pub status: Status,
    pub message: String,
}

impl Failure {
    /// A failure whose message starts `error: `: that prefix becomes
    /// `error[CODE]: ` with the code of the status's class ([`Status::default_code`]);
    /// a message that already has a code (or none: the program's own exit) is kept.
    pub fn new(status: Status, message: impl Into<String>) -> Failure {
        let message = message.into();
        let message = match (message.strip_prefix("error: "), status.default_code()) {
            (Some(rest), Some(code)) => format!("error[{code}]: {rest}"),
            _ => message,
        };
        Failure { status, message }
    }

    /// `error[CODE]: message`.
    pub fn coded(status: Status, code: u32, message: impl std::fmt::Display) -> Failure {
        Failure {
            status,
            message: format!("error[{code}]: {message}"),
        }
    }

    /// A bad command line (`error[1000]`, status 64).
    pub fn usage(message: impl std::fmt::Display) -> Failure {
        Failure::coded(Status::Usage, codes::USAGE, message)
    }

    /// The code of the message, if it has one.
    pub fn code(&self) -> Option<u32> {
        let rest = self.message.trim_start().strip_prefix("error[")?;
        rest[..rest.find(']')?].parse().ok()
    }
}

/// What a command returns: the exit code to use, or a failure to report.
pub type CommandResult = Result<ExitCode, Failure>;

impl Failure {
    /// Prints the message to stderr, ending it with a newline; the `error[CODE]:`
    /// prefix in bold red when stderr gets colour (`--color`, docs/cli.md).
    pub fn print(&self) {
        if self.message.is_empty() {
            return;
        }
        let mut text = self.message.clone();
        if crate::color::stderr() && text.starts_with("error") {
            if let Some(colon) = text.find(':') {
                text = format!(
                    "\x1b[1;31m{}\x1b[0m\x1b[1m:\x1b[0m{}",
                    &text[..colon],
                    &text[colon + 1..]
                );
            }
        }
        eprint!("{text}");
        if !text.ends_with('\n') {
            eprintln!();
        }
    }
}

/// Writes command output to stdout. A reader that stopped early (`| head`) is not an
/// error.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::new(
            Status::CannotWrite,
            format!("error: cannot write stdout: {e}"),
        )),
        _ => Ok(()),
    }
}

/// `error[CODE]: message` with the exit status of the error's class (docs/running.md);
/// the program's own status for an exit. `lirc run` and `lirc interp` both report
/// through this one table.
pub fn runtime_failure(error: RuntimeError) -> Failure {
    let status = match &error {
        RuntimeError::Exit(code) => return Failure::new(Status::Program(*code), String::new()),
        RuntimeError::Trap { .. } => Status::Trap,
        RuntimeError::FuelExhausted
        | RuntimeError::Timeout(_)
        | RuntimeError::MemoryLimitExceeded { .. }
        | RuntimeError::TableLimitExceeded { .. } => Status::LimitExceeded,
        RuntimeError::InvalidModule(_) => Status::InvalidProgram,
        RuntimeError::Io(_) => Status::NoInput,
        RuntimeError::TypeMismatch(_) | RuntimeError::WasiConfig(_) => Status::Usage,
        RuntimeError::Compile(_) => Status::Internal,
        _ => Status::RunFailed,
    };
    let mut message = format!("error[{}]: {error}", error.code());
    if let RuntimeError::Trap {
        stack: backtrace, ..
    } = &error
    {
        if !backtrace.frames.is_empty() {
            message.push('\n');
            message.push_str(&collapse_repeats(backtrace.to_string().trim_end()));
        }
    }
    Failure::new(status, message)
}

/// A backtrace with each run of identical frames (deep recursion) shown once, then
/// `  ... the frame above repeated N more times`.
fn collapse_repeats(backtrace: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut repeats = 0;
    let flush = |lines: &mut Vec<String>, repeats: &mut usize| {
        if *repeats > 0 {
            lines.push(format!(
                "  ... the frame above repeated {repeats} more times"
            ));
            *repeats = 0;
        }
    };
    for line in backtrace.lines() {
        if lines.last().is_some_and(|last| last == line) {
            repeats += 1;
            continue;
        }
        flush(&mut lines, &mut repeats);
        lines.push(line.to_string());
    }
    flush(&mut lines, &mut repeats);
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_get_their_class_code_and_repeated_frames_collapse() {
        assert_eq!(
            Failure::new(Status::NoInput, "error: cannot read x").message,
            "error[1001]: cannot read x"
        );
        assert_eq!(
            Failure::new(Status::Usage, "error[5007]: type mismatch").message,
            "error[5007]: type mismatch"
        );
        assert_eq!(Failure::new(Status::Program(3), "").message, "");
        assert_eq!(Failure::usage("bad").code(), Some(1000));
        assert_eq!(
            collapse_repeats("  at @r (a:1)\n  at @r (a:1)\n  at @r (a:1)\n  at @main"),
            "  at @r (a:1)\n  ... the frame above repeated 2 more times\n  at @main"
        );
    }
}
