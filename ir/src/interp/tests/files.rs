//! File system calls against granted directories in a temporary tree: reading,
//! writing, creating, seeking, closing, and every way `open` can fail, including
//! attempts to escape a directory through `..` and symlinks.

use super::syscalls::{get, neg, put, sys, syscall_module, BUF};
use super::*;
use crate::interp::{DirAccess, InterpConfig};
use crate::syscall::open_flags::*;
use crate::{Errno, Syscall};
use std::fs;
use std::path::{Path, PathBuf};

/// A temporary directory removed on drop.
struct TempTree(PathBuf);

impl TempTree {
    fn new(name: &str) -> TempTree {
        let unique = format!(
            "lir-interp-{}-{name}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        );
        let root = std::env::temp_dir().join(unique);
        fs::create_dir_all(&root).unwrap();
        TempTree(root)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// `data/` (read-only as `/data`), `out/` (read-write as `/out` and `.`) and a
/// `secret.txt` beside them that no path may reach.
fn tree(name: &str) -> (TempTree, Interpreter) {
    let t = TempTree::new(name);
    fs::create_dir_all(t.path("data/sub")).unwrap();
    fs::create_dir_all(t.path("out/sub")).unwrap();
    fs::write(t.path("data/hello.txt"), "hello world").unwrap();
    fs::write(t.path("out/existing.txt"), "0123456789").unwrap();
    fs::write(t.path("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("../secret.txt", t.path("data/link_out")).unwrap();
        symlink(t.path("secret.txt"), t.path("data/abs_link")).unwrap();
        symlink("hello.txt", t.path("data/link_in")).unwrap();
        symlink("sub/../../secret.txt", t.path("data/twisty")).unwrap();
    }
    let config = InterpConfig::new()
        .preopen_dir(t.path("data"), "/data", DirAccess::ReadOnly)
        .preopen_dir(t.path("out"), "/out", DirAccess::ReadWrite)
        .preopen_dir(t.path("out"), ".", DirAccess::ReadWrite);
    let m = instance_with(&syscall_module(), config);
    (t, m)
}

const PATH: i32 = BUF + 0x1000;

fn open(m: &mut Interpreter, path: &str, flags: i32) -> i64 {
    put(m, PATH, path.as_bytes());
    sys(
        m,
        Syscall::Open,
        &[PATH as i64, path.len() as i64, flags as i64],
    )
}

fn read(m: &mut Interpreter, fd: i64, len: i64) -> Result<Vec<u8>, i64> {
    let n = sys(m, Syscall::Read, &[fd, BUF as i64, len]);
    if n < 0 {
        Err(n)
    } else {
        Ok(get(m, BUF, n as usize))
    }
}

fn write(m: &mut Interpreter, fd: i64, bytes: &[u8]) -> i64 {
    put(m, BUF, bytes);
    sys(m, Syscall::Write, &[fd, BUF as i64, bytes.len() as i64])
}

fn seek(m: &mut Interpreter, fd: i64, offset: i64, whence: i64) -> i64 {
    sys(m, Syscall::Seek, &[fd, offset, whence])
}

#[test]
fn read_seek_and_close_a_file() {
    let (_t, mut m) = tree("read");
    let fd = open(&mut m, "/data/hello.txt", RDONLY);
    assert_eq!(fd, 3, "the lowest free descriptor");
    assert_eq!(read(&mut m, fd, 5), Ok(b"hello".to_vec()));
    assert_eq!(seek(&mut m, fd, 6, 0), 6);
    assert_eq!(read(&mut m, fd, 100), Ok(b"world".to_vec()));
    assert_eq!(read(&mut m, fd, 100), Ok(vec![]));
    assert_eq!(seek(&mut m, fd, 0, 2), 11);
    assert_eq!(seek(&mut m, fd, -5, 1), 6);
    assert_eq!(seek(&mut m, fd, -1, 0), neg(Errno::Inval));
    assert_eq!(seek(&mut m, fd, -100, 1), neg(Errno::Inval));
    assert_eq!(seek(&mut m, fd, 0, 3), neg(Errno::Inval));
    assert_eq!(write(&mut m, fd, b"x"), neg(Errno::BadF));
    let size = m.memory().len() as i64;
    assert_eq!(
        sys(&mut m, Syscall::Read, &[fd, size - 1, 2]),
        neg(Errno::Fault)
    );
    assert_eq!(sys(&mut m, Syscall::Close, &[fd]), 0);
    assert_eq!(sys(&mut m, Syscall::Close, &[fd]), neg(Errno::BadF));
    assert_eq!(read(&mut m, fd, 1), Err(neg(Errno::BadF)));
    assert_eq!(seek(&mut m, fd, 0, 0), neg(Errno::BadF));
    // Descriptors are reused.
    assert_eq!(open(&mut m, "/data/./sub/../hello.txt", RDONLY), 3);
    assert_eq!(open(&mut m, "/data/hello.txt", RDONLY), 4);
}

#[test]
fn write_create_truncate_and_append() {
    let (t, mut m) = tree("write");
    let fd = open(&mut m, "/out/new.txt", WRONLY | CREAT);
    assert!(fd >= 3, "{fd}");
    assert_eq!(write(&mut m, fd, b"abc"), 3);
    assert_eq!(read(&mut m, fd, 1), Err(neg(Errno::BadF)));
    assert_eq!(sys(&mut m, Syscall::Close, &[fd]), 0);
    assert_eq!(fs::read(t.path("out/new.txt")).unwrap(), b"abc");

    assert_eq!(
        open(&mut m, "/out/new.txt", WRONLY | CREAT | EXCL),
        neg(Errno::Exist)
    );
    let fd = open(&mut m, "new.txt", RDWR | APPEND);
    assert_eq!(write(&mut m, fd, b"de"), 2);
    assert_eq!(seek(&mut m, fd, 0, 0), 0);
    assert_eq!(write(&mut m, fd, b"fg"), 2);
    assert_eq!(seek(&mut m, fd, 0, 0), 0);
    assert_eq!(read(&mut m, fd, 100), Ok(b"abcdefg".to_vec()));
    sys(&mut m, Syscall::Close, &[fd]);

    let fd = open(&mut m, "/out/existing.txt", RDWR);
    assert_eq!(seek(&mut m, fd, 4, 0), 4);
    assert_eq!(write(&mut m, fd, b"xy"), 2);
    assert_eq!(fs::read(t.path("out/existing.txt")).unwrap(), b"0123xy6789");
    let fd2 = open(&mut m, "./existing.txt", WRONLY | TRUNC);
    assert!(fd2 > fd);
    assert_eq!(fs::read(t.path("out/existing.txt")).unwrap(), b"");

    // Creating with a read-only descriptor creates the file but refuses writes.
    let fd = open(&mut m, "/out/sub/empty", RDONLY | CREAT);
    assert!(fd >= 3, "{fd}");
    assert!(t.path("out/sub/empty").exists());
    assert_eq!(write(&mut m, fd, b"x"), neg(Errno::BadF));
    assert_eq!(read(&mut m, fd, 10), Ok(vec![]));
}

#[test]
fn open_reports_missing_files_and_bad_arguments() {
    let (_t, mut m) = tree("errors");
    assert_eq!(open(&mut m, "/data/missing.txt", RDONLY), neg(Errno::NoEnt));
    assert_eq!(
        open(&mut m, "/out/no/such/dir/f", WRONLY | CREAT),
        neg(Errno::NoEnt)
    );
    assert_eq!(
        open(&mut m, "/data/hello.txt/x", RDONLY),
        neg(Errno::NotDir)
    );
    assert_eq!(open(&mut m, "/data/hello.txt/", RDONLY), neg(Errno::NotDir));
    assert_eq!(open(&mut m, "", RDONLY), neg(Errno::NoEnt));
    assert_eq!(open(&mut m, "/data/hello.txt", 0x8), neg(Errno::Inval));
    assert_eq!(open(&mut m, "/data/hello.txt", 3), neg(Errno::Inval));
    assert_eq!(open(&mut m, "/data/a\0b", RDONLY), neg(Errno::Inval));
    assert_eq!(open(&mut m, "/etc/passwd", RDONLY), neg(Errno::NotCapable));
    assert_eq!(open(&mut m, "/datafile", RDONLY), neg(Errno::NotCapable));
    let size = m.memory().len() as i64;
    assert_eq!(
        sys(&mut m, Syscall::Open, &[size - 3, 5, 0]),
        neg(Errno::Fault)
    );
    // Directories.
    let dir = open(&mut m, "/data/sub", DIRECTORY);
    assert!(dir >= 3, "{dir}");
    assert_eq!(read(&mut m, dir, 1), Err(neg(Errno::IsDir)));
    assert_eq!(write(&mut m, dir, b"x"), neg(Errno::BadF));
    assert_eq!(seek(&mut m, dir, 0, 0), neg(Errno::BadF));
    assert_eq!(sys(&mut m, Syscall::Close, &[dir]), 0);
    assert_eq!(
        open(&mut m, "/data/hello.txt", DIRECTORY),
        neg(Errno::NotDir)
    );
    assert_eq!(
        open(&mut m, "/out/sub", DIRECTORY | WRONLY),
        neg(Errno::Inval)
    );
    assert_eq!(open(&mut m, "/out/sub", WRONLY), neg(Errno::IsDir));
    let plain = open(&mut m, "/data", RDONLY);
    assert_eq!(read(&mut m, plain, 1), Err(neg(Errno::IsDir)));
}

#[test]
fn read_only_directories_refuse_changes() {
    let (t, mut m) = tree("readonly");
    for flags in [
        WRONLY,
        RDWR,
        RDONLY | CREAT,
        RDONLY | TRUNC,
        RDONLY | APPEND,
        WRONLY | CREAT | EXCL,
    ] {
        assert_eq!(
            open(&mut m, "/data/hello.txt", flags),
            neg(Errno::Perm),
            "{flags:#x}"
        );
    }
    assert_eq!(
        open(&mut m, "/data/new.txt", WRONLY | CREAT),
        neg(Errno::Perm)
    );
    assert!(!t.path("data/new.txt").exists());
    assert_eq!(fs::read(t.path("data/hello.txt")).unwrap(), b"hello world");
}

#[test]
fn paths_cannot_escape_their_directory() {
    let (t, mut m) = tree("escape");
    assert_eq!(
        open(&mut m, "/data/../secret.txt", RDONLY),
        neg(Errno::Perm)
    );
    assert_eq!(
        open(&mut m, "/data/sub/../../secret.txt", RDONLY),
        neg(Errno::Perm)
    );
    assert_eq!(open(&mut m, "../secret.txt", RDONLY), neg(Errno::Perm));
    assert_eq!(
        open(&mut m, "/out/../out/../secret.txt", WRONLY | TRUNC),
        neg(Errno::Perm)
    );
    assert_eq!(fs::read(t.path("secret.txt")).unwrap(), b"secret");
    #[cfg(unix)]
    {
        assert_eq!(open(&mut m, "/data/link_out", RDONLY), neg(Errno::Perm));
        assert_eq!(open(&mut m, "/data/abs_link", RDONLY), neg(Errno::Perm));
        assert_eq!(open(&mut m, "/data/twisty", RDONLY), neg(Errno::Perm));
        let fd = open(&mut m, "/data/link_in", RDONLY);
        assert_eq!(read(&mut m, fd, 5), Ok(b"hello".to_vec()));
    }
    // `..` that stays inside is fine.
    let fd = open(&mut m, "/data/sub/../hello.txt", RDONLY);
    assert!(fd >= 3, "{fd}");
}

#[test]
fn without_granted_directories_nothing_is_visible() {
    let mut m = instance(&syscall_module());
    assert_eq!(open(&mut m, "/tmp", RDONLY), neg(Errno::NotCapable));
    assert_eq!(open(&mut m, "x.txt", RDONLY), neg(Errno::NotCapable));
}

#[test]
fn a_missing_host_directory_is_an_instantiation_error() {
    let missing = Path::new("/nonexistent/lir-interp-test-dir");
    let config = InterpConfig::new().preopen_dir(missing, "/x", DirAccess::ReadOnly);
    let err = crate::interp::Interpreter::new(&syscall_module(), config).unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/lir-interp-test-dir"),
        "{err}"
    );
}
