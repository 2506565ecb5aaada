//! File descriptors: the table of open descriptors (stdin, stdout, stderr and files or
//! directories opened in granted directories) and the `open`, `close` and `seek`
//! system calls, plus the mapping from host I/O errors to [`Errno`].
//!
//! Files are opened through `cap-std` relative to the granted directory's handle, so a
//! path can never leave it: `..` above it (counted as written, see
//! [`super::paths::climbs_out`]), absolute symlinks and symlinks leading out fail with
//! `EPERM`. Reading and writing file contents is in [`super`].

use super::paths::{climbs_out, host_path, resolve, GuestPath};
use crate::interp::config::{DirAccess, Preopen};
use crate::interp::error::InterpError;
use crate::syscall::{open_flags, whence, Errno};
use cap_std::fs::{Dir, File, OpenOptions};
use std::collections::BTreeMap;
use std::io::{self, Seek, SeekFrom};

/// At most this many descriptors are open at once (`EMFILE` beyond).
const MAX_OPEN: usize = 1024;

/// What a descriptor refers to.
pub(in crate::interp) enum Handle {
    Stdin,
    Stdout,
    Stderr,
    File {
        file: File,
        readable: bool,
        writable: bool,
        /// Every write goes to the end of the file.
        append: bool,
    },
    /// A directory (opened with `O_DIRECTORY` or, for reading, without); it can only
    /// be closed.
    Dir(#[allow(dead_code)] Dir),
}

/// A granted directory.
struct Granted {
    name: GuestPath,
    dir: Dir,
    writable: bool,
}

/// The descriptors of one program, and its granted directories.
pub(in crate::interp) struct FdTable {
    fds: BTreeMap<u32, Handle>,
    granted: Vec<Granted>,
}

impl FdTable {
    /// A table with the standard streams, opening every granted directory.
    pub fn new(preopens: &[Preopen]) -> Result<FdTable, InterpError> {
        let mut granted = Vec::with_capacity(preopens.len());
        for p in preopens {
            let dir =
                Dir::open_ambient_dir(&p.host, cap_std::ambient_authority()).map_err(|e| {
                    InterpError::Preopen {
                        host: p.host.clone(),
                        guest: p.guest.clone(),
                        message: e.to_string(),
                    }
                })?;
            granted.push(Granted {
                name: GuestPath::parse(p.guest.as_bytes()),
                dir,
                writable: p.access == DirAccess::ReadWrite,
            });
        }
        let fds = BTreeMap::from([(0, Handle::Stdin), (1, Handle::Stdout), (2, Handle::Stderr)]);
        Ok(FdTable { fds, granted })
    }

    pub fn get_mut(&mut self, fd: u32) -> Option<&mut Handle> {
        self.fds.get_mut(&fd)
    }

    /// `open`: opens `path` with Linux `flags`; returns the new descriptor.
    pub fn open(&mut self, path: &[u8], flags: i32) -> Result<u32, Errno> {
        use open_flags::*;
        if flags & !KNOWN != 0 || flags & ACCMODE == ACCMODE {
            return Err(Errno::Inval);
        }
        let readable = flags & ACCMODE != WRONLY;
        let writable = flags & ACCMODE != RDONLY;
        let (create, exclusive) = (flags & CREAT != 0, flags & EXCL != 0);
        let (truncate, append) = (flags & TRUNC != 0, flags & APPEND != 0);
        let modifies = writable || create || truncate || append;
        let directory = flags & DIRECTORY != 0;
        // A directory cannot be opened to be modified: bad flags, whatever the path.
        if directory && modifies {
            return Err(Errno::Inval);
        }
        if path.is_empty() {
            return Err(Errno::NoEnt);
        }
        if path.contains(&0) {
            return Err(Errno::Inval);
        }
        // WASI carries paths as UTF-8 strings, so no executor can use other names.
        if std::str::from_utf8(path).is_err() {
            return Err(Errno::IlSeq);
        }
        let names: Vec<GuestPath> = self.granted.iter().map(|g| g.name.clone()).collect();
        let (index, rest) = resolve(&names, path).ok_or(Errno::NotCapable)?;
        if climbs_out(&rest) {
            return Err(Errno::Perm);
        }
        let granted = &self.granted[index];
        if modifies && !granted.writable {
            return Err(Errno::Perm);
        }
        if self.fds.len() >= MAX_OPEN {
            return Err(Errno::MFile);
        }
        let relative = host_path(&rest).ok_or(Errno::Inval)?;
        let handle = if directory {
            Handle::Dir(granted.dir.open_dir(&relative).map_err(|e| errno_of(&e))?)
        } else {
            let mut options = OpenOptions::new();
            // The host handle may write when the program asked to create or truncate
            // a read-only descriptor; the table still refuses the program's writes.
            options
                .read(readable)
                .write(writable || create || truncate)
                .truncate(truncate);
            if create && exclusive {
                options.create_new(true);
            } else if create {
                options.create(true);
            }
            let file = granted
                .dir
                .open_with(&relative, &options)
                .map_err(|e| errno_of(&e))?;
            // A directory opened for reading without the flag is still a directory:
            // read gives EISDIR, write and seek EBADF.
            if file.metadata().map_err(|e| errno_of(&e))?.is_dir() {
                Handle::Dir(Dir::from_std_file(file.into_std()))
            } else {
                Handle::File {
                    file,
                    readable,
                    writable,
                    append,
                }
            }
        };
        let fd = (0u32..)
            .find(|fd| !self.fds.contains_key(fd))
            .ok_or(Errno::MFile)?;
        self.fds.insert(fd, handle);
        Ok(fd)
    }

    /// `close`.
    pub fn close(&mut self, fd: u32) -> Result<(), Errno> {
        self.fds.remove(&fd).map(drop).ok_or(Errno::BadF)
    }

    /// `seek`: the new position.
    pub fn seek(&mut self, fd: u32, offset: i64, from: i32) -> Result<u64, Errno> {
        let file = match self.fds.get_mut(&fd) {
            Some(Handle::File { file, .. }) => file,
            Some(Handle::Stdin | Handle::Stdout | Handle::Stderr) => return Err(Errno::SPipe),
            Some(Handle::Dir(_)) | None => return Err(Errno::BadF),
        };
        let position = match from {
            whence::SET => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
            whence::CUR => SeekFrom::Current(offset),
            whence::END => SeekFrom::End(offset),
            _ => return Err(Errno::Inval),
        };
        file.seek(position).map_err(|e| errno_of(&e))
    }
}

/// The errno for a host I/O error. `cap-std` reports a path that leaves its directory
/// as `PermissionDenied` without an OS code, which becomes `EPERM`.
pub(in crate::interp) fn errno_of(error: &io::Error) -> Errno {
    #[cfg(target_os = "linux")]
    if let Some(code) = error.raw_os_error() {
        if let Some(errno) = linux_errno(code) {
            return errno;
        }
    }
    use io::ErrorKind::*;
    match error.kind() {
        NotFound => Errno::NoEnt,
        PermissionDenied => Errno::Perm,
        AlreadyExists => Errno::Exist,
        InvalidInput => Errno::Inval,
        IsADirectory => Errno::IsDir,
        NotADirectory => Errno::NotDir,
        DirectoryNotEmpty => Errno::NotEmpty,
        NotSeekable => Errno::SPipe,
        StorageFull => Errno::NoSpc,
        InvalidFilename => Errno::NameTooLong,
        Unsupported => Errno::NotSup,
        BrokenPipe => Errno::Pipe,
        WouldBlock => Errno::Again,
        Interrupted => Errno::Intr,
        _ => Errno::Io,
    }
}

/// Linux errno numbers that have a WASI counterpart.
#[cfg(target_os = "linux")]
fn linux_errno(code: i32) -> Option<Errno> {
    Some(match code {
        1 => Errno::Perm,
        2 => Errno::NoEnt,
        5 => Errno::Io,
        9 => Errno::BadF,
        11 => Errno::Again,
        13 => Errno::Access,
        17 => Errno::Exist,
        20 => Errno::NotDir,
        21 => Errno::IsDir,
        22 => Errno::Inval,
        24 => Errno::MFile,
        28 => Errno::NoSpc,
        29 => Errno::SPipe,
        32 => Errno::Pipe,
        36 => Errno::NameTooLong,
        39 => Errno::NotEmpty,
        40 => Errno::Loop,
        95 => Errno::NotSup,
        _ => return None,
    })
}
