//! The host side of `syscall.*`: the program's arguments, environment, standard
//! streams, descriptors, clocks and randomness, and the implementation of each system
//! call against linear memory, as docs/lir.md ("System calls") specifies.
//!
//! Failures are negative errno values returned to the program, never errors of the
//! run; only `exit` ends it. Buffers that lie outside memory give `-EFAULT` (checked
//! after the descriptor, so a bad descriptor gives `-EBADF` first).

pub(super) mod clock;
mod files;
mod paths;
mod random;

use super::config::InterpConfig;
use super::error::InterpError;
use super::memory::Memory;
use crate::syscall::{Errno, Syscall};
use clock::{Clock, ClockId};
use files::{errno_of, FdTable, Handle};
use random::Random;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::time::Instant;

/// What a system call did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Outcome {
    /// It returned this result (bits of an i32 or i64).
    Value(u64),
    /// `exit` with this status.
    Exit(i32),
    /// A blocking call (`sleep`) would pass the run's deadline: it waited until the
    /// deadline instead, and the run stops with a timeout.
    Timeout,
}

type SysResult<T> = Result<T, Errno>;

/// How a `sleep` ended.
enum Slept {
    Fully,
    /// It would have passed the deadline, so it ended there.
    UntilDeadline,
}

/// The host environment of one interpreter instance.
pub(super) struct Host {
    args: Vec<Vec<u8>>,
    env: Vec<Vec<u8>>,
    stdin: Box<dyn Read + Send>,
    stdout: Box<dyn Write + Send>,
    stderr: Box<dyn Write + Send>,
    fds: FdTable,
    clock: Box<dyn Clock>,
    random: Random,
    /// When the current call must stop (its timeout), if it has one.
    pub deadline: Option<Instant>,
}

/// An i32 syscall result: the value or `-errno`, as zero-extended bits.
fn i32_result(r: SysResult<i32>) -> u64 {
    r.unwrap_or_else(Errno::negated) as u32 as u64
}

/// An i64 syscall result.
fn i64_result(r: SysResult<i64>) -> u64 {
    r.unwrap_or_else(|e| e.negated() as i64) as u64
}

/// Calls `op` again while it is interrupted.
fn retry<T>(mut op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match op() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

impl Host {
    /// The host environment described by `config` (consumes its streams and clock).
    pub fn new(config: &mut InterpConfig) -> Result<Host, InterpError> {
        Ok(Host {
            fds: FdTable::new(&config.preopens)?,
            args: config.args.iter().map(|a| a.clone().into_bytes()).collect(),
            env: config
                .env
                .iter()
                .map(|(k, v)| format!("{k}={v}").into_bytes())
                .collect(),
            stdin: std::mem::replace(&mut config.stdin, Box::new(io::empty())),
            stdout: std::mem::replace(&mut config.stdout, Box::new(io::sink())),
            stderr: std::mem::replace(&mut config.stderr, Box::new(io::sink())),
            clock: std::mem::replace(&mut config.clock, Box::new(clock::SystemClock::new())),
            random: Random::new(config.random_seed),
            deadline: None,
        })
    }

    /// Performs `call` with operand bits `args` (as many as the call takes).
    pub fn syscall(&mut self, call: Syscall, args: &[u64], memory: &mut Memory) -> Outcome {
        let arg = |i: usize| args.get(i).copied().unwrap_or(0);
        let (a0, a1, a2) = (arg(0) as u32, arg(1) as u32, arg(2) as u32);
        Outcome::Value(match call {
            Syscall::Read => i32_result(self.read(a0, a1, a2, memory)),
            Syscall::Write => i32_result(self.write(a0, a1, a2, memory)),
            Syscall::Open => i32_result(self.open(a0, a1, a2 as i32, memory)),
            Syscall::Close => i32_result(self.fds.close(a0).map(|()| 0)),
            Syscall::Seek => i64_result(
                self.fds
                    .seek(a0, arg(1) as i64, a2 as i32)
                    .and_then(|pos| i64::try_from(pos).map_err(|_| Errno::Inval)),
            ),
            Syscall::Exit => return Outcome::Exit(a0 as i32),
            Syscall::ClockTime => i64_result(self.clock_time(a0 as i32)),
            Syscall::ClockRes => i64_result(self.clock_res(a0 as i32)),
            Syscall::Random => i32_result(self.random(a0, a1, memory)),
            Syscall::Sleep => match self.sleep(arg(0) as i64) {
                Ok(Slept::Fully) => 0,
                Ok(Slept::UntilDeadline) => return Outcome::Timeout,
                Err(errno) => i32_result(Err(errno)),
            },
            Syscall::Args => i32_result(write_strings(&self.args, a0, a1, memory)),
            Syscall::Env => i32_result(write_strings(&self.env, a0, a1, memory)),
        })
    }

    fn read(&mut self, fd: u32, buf: u32, len: u32, memory: &mut Memory) -> SysResult<i32> {
        let handle = self.fds.get_mut(fd).ok_or(Errno::BadF)?;
        let reader: &mut dyn Read = match handle {
            Handle::Stdin => &mut self.stdin,
            Handle::File {
                file,
                readable: true,
                ..
            } => file,
            Handle::Dir(_) => return Err(Errno::IsDir),
            _ => return Err(Errno::BadF),
        };
        // The count is returned as an i32.
        let len = len.min(i32::MAX as u32);
        let buf = memory.slice_mut(buf, len).ok_or(Errno::Fault)?;
        let n = retry(|| reader.read(buf)).map_err(|e| errno_of(&e))?;
        Ok(n as i32)
    }

    fn write(&mut self, fd: u32, buf: u32, len: u32, memory: &mut Memory) -> SysResult<i32> {
        let handle = self.fds.get_mut(fd).ok_or(Errno::BadF)?;
        let writer: &mut dyn Write = match handle {
            Handle::Stdout => &mut self.stdout,
            Handle::Stderr => &mut self.stderr,
            Handle::File {
                file,
                writable: true,
                append,
                ..
            } => {
                if *append {
                    file.seek(SeekFrom::End(0)).map_err(|e| errno_of(&e))?;
                }
                file
            }
            _ => return Err(Errno::BadF),
        };
        let bytes = memory.slice(buf, len).ok_or(Errno::Fault)?;
        // Only a memory of 2 GiB or more can hold a buffer whose count is no i32.
        let count = i32::try_from(len).map_err(|_| Errno::Inval)?;
        writer.write_all(bytes).map_err(|e| errno_of(&e))?;
        writer.flush().map_err(|e| errno_of(&e))?;
        Ok(count)
    }

    fn open(&mut self, path: u32, len: u32, flags: i32, memory: &Memory) -> SysResult<i32> {
        let path = memory.slice(path, len).ok_or(Errno::Fault)?;
        self.fds.open(path, flags).map(|fd| fd as i32)
    }

    fn clock_time(&mut self, id: i32) -> SysResult<i64> {
        let clock = ClockId::from_raw(id).ok_or(Errno::Inval)?;
        Ok(self.clock.now(clock).min(i64::MAX as u64) as i64)
    }

    fn clock_res(&mut self, id: i32) -> SysResult<i64> {
        let clock = ClockId::from_raw(id).ok_or(Errno::Inval)?;
        Ok(self.clock.resolution(clock).min(i64::MAX as u64) as i64)
    }

    fn random(&mut self, buf: u32, len: u32, memory: &mut Memory) -> SysResult<i32> {
        let buf = memory.slice_mut(buf, len).ok_or(Errno::Fault)?;
        self.random.fill(buf);
        Ok(0)
    }

    /// Sleeps `nanos`, or only until the deadline when that comes first.
    fn sleep(&mut self, nanos: i64) -> SysResult<Slept> {
        let nanos = u64::try_from(nanos).map_err(|_| Errno::Inval)?;
        let left = self.deadline.map(|deadline| {
            let left = deadline.saturating_duration_since(Instant::now());
            u64::try_from(left.as_nanos()).unwrap_or(u64::MAX)
        });
        match left {
            Some(left) if left < nanos => {
                self.clock.sleep(left);
                Ok(Slept::UntilDeadline)
            }
            _ => {
                self.clock.sleep(nanos);
                Ok(Slept::Fully)
            }
        }
    }
}

/// `args` and `env`: writes `strings` NUL-terminated into `buf` if they fit in `len`
/// bytes; returns the bytes they need either way.
fn write_strings(strings: &[Vec<u8>], buf: u32, len: u32, memory: &mut Memory) -> SysResult<i32> {
    let needed: usize = strings.iter().map(|s| s.len() + 1).sum();
    let needed32 = i32::try_from(needed).map_err(|_| Errno::TooBig)?;
    if needed32 as u32 <= len {
        let out = memory.slice_mut(buf, needed32 as u32).ok_or(Errno::Fault)?;
        let mut at = 0;
        for s in strings {
            out[at..at + s.len()].copy_from_slice(s);
            out[at + s.len()] = 0;
            at += s.len() + 1;
        }
    }
    Ok(needed32)
}
