//! Exit statuses of `lirc`, one per failure class (documented in docs/cli.md).
//!
//! When `lirc` runs a program (`interp`/`run` without `--invoke`) and the program
//! finishes, `lirc` exits with the program's own status instead.

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
        }
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status.code())
    }
}

/// A failure already rendered for the user: print `message` (if any) to stderr and exit
/// with `status`.
#[derive(Debug)]
pub struct Failure {
    pub status: Status,
    pub message: String,
}

impl Failure {
    pub fn new(status: Status, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }
}

/// What a command returns: the exit code to use, or a failure to report.
pub type CommandResult = Result<ExitCode, Failure>;
