//! [`InterpConfig`]: everything an interpreter instance gets from outside — limits
//! (fuel, call depth, memory) and the host environment its system calls see
//! (arguments, environment, standard streams, granted directories, clocks, randomness).
//!
//! Defaults suit tests and embedding: no fuel limit, 20 000 frames, 65 536 pages, no
//! arguments or environment, empty stdin, stdout and stderr discarded, no directories,
//! the system clock and OS-seeded randomness.

use super::host::clock::{Clock, SystemClock};
use std::fmt;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Default limit on nested calls.
pub const DEFAULT_MAX_CALL_DEPTH: usize = 20_000;

/// What a program may do in a granted directory.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DirAccess {
    /// Open files for reading only; opening for writing, creating or truncating gives
    /// `-EPERM`.
    ReadOnly,
    /// Read, write and create files.
    ReadWrite,
}

/// A host directory granted to the program under a guest name (`/data`, `.`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Preopen {
    /// The directory on the host.
    pub host: PathBuf,
    /// The name the program uses for it (`/data`, `.`).
    pub guest: String,
    /// What the program may do in it.
    pub access: DirAccess,
}

/// Limits and host environment of an [`super::Interpreter`]; built with chained setters.
///
/// ```
/// use lir::interp::{CapturedOutput, DirAccess, InterpConfig};
/// let stdout = CapturedOutput::new();
/// let config = InterpConfig::new()
///     .fuel(1_000_000)
///     .args(["prog", "--verbose"])
///     .env("HOME", "/home/user")
///     .stdin_bytes("input\n")
///     .stdout(stdout.clone())
///     .preopen_dir(std::env::temp_dir(), "/tmp", DirAccess::ReadOnly)
///     .random_seed(42);
/// # drop(config);
/// ```
pub struct InterpConfig {
    pub(super) fuel: Option<u64>,
    pub(super) max_call_depth: usize,
    pub(super) max_memory: Option<u64>,
    pub(super) timeout: Option<std::time::Duration>,
    pub(super) args: Vec<String>,
    pub(super) env: Vec<(String, String)>,
    pub(super) stdin: Box<dyn Read + Send>,
    pub(super) stdout: Box<dyn Write + Send>,
    pub(super) stderr: Box<dyn Write + Send>,
    pub(super) preopens: Vec<Preopen>,
    pub(super) random_seed: Option<u64>,
    pub(super) clock: Box<dyn Clock>,
}

impl Default for InterpConfig {
    fn default() -> Self {
        InterpConfig {
            fuel: None,
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
            max_memory: None,
            timeout: None,
            args: Vec::new(),
            env: Vec::new(),
            stdin: Box::new(io::empty()),
            stdout: Box::new(io::sink()),
            stderr: Box::new(io::sink()),
            preopens: Vec::new(),
            random_seed: None,
            clock: Box::new(SystemClock::new()),
        }
    }
}

impl InterpConfig {
    /// The default configuration (see the module documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// Limits the number of instructions executed (over the instance's lifetime);
    /// running out ends the run with [`super::RunError::OutOfFuel`].
    pub fn fuel(mut self, instructions: u64) -> Self {
        self.fuel = Some(instructions);
        self
    }

    /// Limits nested calls; a call beyond traps with *call stack exhausted*.
    pub fn max_call_depth(mut self, frames: usize) -> Self {
        self.max_call_depth = frames.max(1);
        self
    }

    /// Limits the memory to `bytes`, as `lirc run --max-memory` does: a `memory.grow`
    /// past it stops the program with [`super::RunError::MemoryLimitExceeded`] (growth
    /// past the module's own maximum still returns -1), and a module whose initial
    /// memory is larger cannot be instantiated.
    pub fn max_memory(mut self, bytes: u64) -> Self {
        self.max_memory = Some(bytes);
        self
    }

    /// Limits the wall-clock time of each call ([`super::Interpreter::invoke`],
    /// [`super::Interpreter::run_main`]); a call that runs longer stops with
    /// [`super::RunError::Timeout`].
    pub fn timeout(mut self, limit: std::time::Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    /// The program's arguments, `argv[0]` (the program name) first.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// Adds one environment variable.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Adds environment variables.
    pub fn envs<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.env
            .extend(vars.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Standard input from any reader.
    pub fn stdin(mut self, reader: impl Read + Send + 'static) -> Self {
        self.stdin = Box::new(reader);
        self
    }

    /// Standard input from bytes.
    pub fn stdin_bytes(self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin(io::Cursor::new(bytes.into()))
    }

    /// Standard output to any writer (e.g. a [`CapturedOutput`]).
    pub fn stdout(mut self, writer: impl Write + Send + 'static) -> Self {
        self.stdout = Box::new(writer);
        self
    }

    /// Standard error to any writer.
    pub fn stderr(mut self, writer: impl Write + Send + 'static) -> Self {
        self.stderr = Box::new(writer);
        self
    }

    /// Connects the program's stdin, stdout and stderr to the process's.
    pub fn inherit_stdio(self) -> Self {
        self.stdin(io::stdin())
            .stdout(io::stdout())
            .stderr(io::stderr())
    }

    /// Grants the host directory `host` to the program as `guest` (`/data`, `.`).
    pub fn preopen_dir(
        mut self,
        host: impl Into<PathBuf>,
        guest: impl Into<String>,
        access: DirAccess,
    ) -> Self {
        self.preopens.push(Preopen {
            host: host.into(),
            guest: guest.into(),
            access,
        });
        self
    }

    /// Makes `syscall.random` deterministic.
    pub fn random_seed(mut self, seed: u64) -> Self {
        self.random_seed = Some(seed);
        self
    }

    /// The clocks `clock_time`, `clock_res` and `sleep` use (e.g. a
    /// [`super::VirtualClock`] for reproducible tests).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }
}

impl fmt::Debug for InterpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InterpConfig")
            .field("fuel", &self.fuel)
            .field("max_call_depth", &self.max_call_depth)
            .field("max_memory", &self.max_memory)
            .field("timeout", &self.timeout)
            .field("args", &self.args)
            .field("env", &self.env)
            .field("preopens", &self.preopens)
            .field("random_seed", &self.random_seed)
            .finish_non_exhaustive()
    }
}

/// A writer that collects output in memory; clones share the buffer, so a test keeps
/// one clone and gives the other to [`InterpConfig::stdout`].
///
/// ```
/// use lir::interp::CapturedOutput;
/// use std::io::Write;
/// let out = CapturedOutput::new();
/// out.clone().write_all(b"hi").unwrap();
/// assert_eq!(out.contents(), b"hi");
/// assert_eq!(out.to_string_lossy(), "hi");
/// ```
#[derive(Clone, Default, Debug)]
pub struct CapturedOutput(Arc<Mutex<Vec<u8>>>);

impl CapturedOutput {
    pub fn new() -> Self {
        Self::default()
    }

    fn buffer(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        // A panic while holding the lock cannot leave the bytes inconsistent.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The bytes written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.buffer().clone()
    }

    /// The bytes written so far as text (invalid UTF-8 replaced).
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.buffer()).into_owned()
    }
}

impl Write for CapturedOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
