//! Exit statuses of `lirc`, one per failure class (documented in docs/cli.md).
//!
//! When `lirc` runs a program (`interp`/`run` without `--invoke`) and the program
//! finishes, `lirc` exits with the program's own status instead.

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

impl Failure {
    /// Prints the message to stderr, ending it with a newline.
    pub fn print(&self) {
        if !self.message.is_empty() {
            eprint!("{}", self.message);
            if !self.message.ends_with('\n') {
                eprintln!();
            }
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
            message.push_str(backtrace.to_string().trim_end());
        }
    }
    Failure::new(status, message)
}
