//! The portable system-call layer: `syscall.NAME` operations, their signatures,
//! the `open` flags and the errno values every executor reports.
//!
//! Failures are returned as negative WASI errno values (`-8` is `EBADF`), whichever
//! executor runs the program: the reference interpreter, a WASI runtime, or a host
//! implementing the `env` imports of `wasm32-unknown-unknown`.

use crate::types::Type;

/// A system call.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Syscall {
    /// `read fd, buf, len -> i32`: bytes read (0 at end of file) or `-errno`.
    Read,
    /// `write fd, buf, len -> i32`: bytes written (all of them unless an error occurs) or `-errno`.
    Write,
    /// `open path, path_len, flags -> i32`: a new file descriptor or `-errno`.
    Open,
    /// `close fd -> i32`: 0 or `-errno`.
    Close,
    /// `seek fd, offset: i64, whence -> i64`: the new position or `-errno`.
    Seek,
    /// `exit code`: ends the program; does not return.
    Exit,
    /// `clock_time clock_id -> i64`: nanoseconds or `-errno`.
    ClockTime,
    /// `clock_res clock_id -> i64`: the clock's resolution in nanoseconds or `-errno`.
    ClockRes,
    /// `random buf, len -> i32`: 0 after filling `buf` with random bytes, or `-errno`.
    Random,
    /// `sleep nanoseconds: i64 -> i32`: 0 or `-errno`.
    Sleep,
    /// `args buf, len -> i32`: the arguments as consecutive NUL-terminated strings;
    /// returns the bytes they need and writes them only if that is at most `len`.
    Args,
    /// `env buf, len -> i32`: the environment as consecutive NUL-terminated `KEY=VALUE`
    /// strings; returns the bytes they need and writes them only if that is at most `len`.
    Env,
}

impl Syscall {
    pub const ALL: [Syscall; 12] = [
        Syscall::Read,
        Syscall::Write,
        Syscall::Open,
        Syscall::Close,
        Syscall::Seek,
        Syscall::Exit,
        Syscall::ClockTime,
        Syscall::ClockRes,
        Syscall::Random,
        Syscall::Sleep,
        Syscall::Args,
        Syscall::Env,
    ];

    /// The name after `syscall.` in text.
    pub fn name(self) -> &'static str {
        match self {
            Syscall::Read => "read",
            Syscall::Write => "write",
            Syscall::Open => "open",
            Syscall::Close => "close",
            Syscall::Seek => "seek",
            Syscall::Exit => "exit",
            Syscall::ClockTime => "clock_time",
            Syscall::ClockRes => "clock_res",
            Syscall::Random => "random",
            Syscall::Sleep => "sleep",
            Syscall::Args => "args",
            Syscall::Env => "env",
        }
    }

    pub fn from_name(name: &str) -> Option<Syscall> {
        Syscall::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Operand types.
    pub fn params(self) -> &'static [Type] {
        use Type::*;
        match self {
            Syscall::Read | Syscall::Write | Syscall::Open => &[I32, I32, I32],
            Syscall::Close | Syscall::Exit | Syscall::ClockTime | Syscall::ClockRes => &[I32],
            Syscall::Seek => &[I32, I64, I32],
            Syscall::Random | Syscall::Args | Syscall::Env => &[I32, I32],
            Syscall::Sleep => &[I64],
        }
    }

    /// Result types (none for `exit`).
    pub fn results(self) -> &'static [Type] {
        use Type::*;
        match self {
            Syscall::Exit => &[],
            Syscall::Seek | Syscall::ClockTime | Syscall::ClockRes => &[I64],
            _ => &[I32],
        }
    }
}

/// Flags of `syscall.open` (the Linux values, so C frontends can pass theirs through).
pub mod open_flags {
    /// Open for reading only (the access mode is the low two bits).
    pub const RDONLY: i32 = 0;
    /// Open for writing only.
    pub const WRONLY: i32 = 1;
    /// Open for reading and writing.
    pub const RDWR: i32 = 2;
    /// Mask of the access mode.
    pub const ACCMODE: i32 = 3;
    /// Create the file if it does not exist.
    pub const CREAT: i32 = 0x40;
    /// With `CREAT`: fail if the file exists.
    pub const EXCL: i32 = 0x80;
    /// Truncate the file to length 0.
    pub const TRUNC: i32 = 0x200;
    /// Every write appends.
    pub const APPEND: i32 = 0x400;
    /// Fail unless the path is a directory.
    pub const DIRECTORY: i32 = 0x1_0000;
    /// All flags `open` understands; other bits give `-EINVAL`.
    pub const KNOWN: i32 = ACCMODE | CREAT | EXCL | TRUNC | APPEND | DIRECTORY;
}

/// `whence` values of `syscall.seek`.
pub mod whence {
    pub const SET: i32 = 0;
    pub const CUR: i32 = 1;
    pub const END: i32 = 2;
}

/// Clock ids of `clock_time` and `clock_res` (WASI's numbering).
pub mod clock {
    pub const REALTIME: i32 = 0;
    pub const MONOTONIC: i32 = 1;
    pub const PROCESS_CPUTIME: i32 = 2;
    pub const THREAD_CPUTIME: i32 = 3;
}

/// WASI preview 1 errno values; syscalls return them negated.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u16)]
pub enum Errno {
    Success = 0,
    TooBig = 1,
    Access = 2,
    Again = 6,
    BadF = 8,
    Exist = 20,
    Fault = 21,
    IlSeq = 25,
    Intr = 27,
    Inval = 28,
    Io = 29,
    IsDir = 31,
    Loop = 32,
    MFile = 33,
    NameTooLong = 37,
    NoEnt = 44,
    NoMem = 48,
    NoSpc = 51,
    NoSys = 52,
    NotDir = 54,
    NotEmpty = 55,
    NotSup = 58,
    Perm = 63,
    Pipe = 64,
    Range = 68,
    SPipe = 70,
    NotCapable = 76,
}

impl Errno {
    /// The syscall result for this error (`-errno`).
    pub fn negated(self) -> i32 {
        -(self as i32)
    }

    /// The conventional symbolic name (`EBADF`).
    pub fn name(self) -> &'static str {
        use Errno::*;
        match self {
            Success => "ESUCCESS",
            TooBig => "E2BIG",
            Access => "EACCES",
            Again => "EAGAIN",
            BadF => "EBADF",
            Exist => "EEXIST",
            Fault => "EFAULT",
            IlSeq => "EILSEQ",
            Intr => "EINTR",
            Inval => "EINVAL",
            Io => "EIO",
            IsDir => "EISDIR",
            Loop => "ELOOP",
            MFile => "EMFILE",
            NameTooLong => "ENAMETOOLONG",
            NoEnt => "ENOENT",
            NoMem => "ENOMEM",
            NoSpc => "ENOSPC",
            NoSys => "ENOSYS",
            NotDir => "ENOTDIR",
            NotEmpty => "ENOTEMPTY",
            NotSup => "ENOTSUP",
            Perm => "EPERM",
            Pipe => "EPIPE",
            Range => "ERANGE",
            SPipe => "ESPIPE",
            NotCapable => "ENOTCAPABLE",
        }
    }
}
