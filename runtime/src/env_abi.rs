//! lir's host ABI for `wasm32-unknown-unknown`: each `syscall.NAME` of such a build is
//! an import `"env" "NAME"` with the system call's own signature (`lir_wasi`,
//! docs/running.md). The runtime provides them, as `examples/host/lir-host.mjs` does
//! for JavaScript, so an unknown-unknown module runs like a WASI one:
//!
//! - `read` (descriptor 0), `write` (1 and 2) go to the instance's [`WasiConfig`]
//!   streams (captured, inherited, bytes or a file), through WASI's own
//!   implementation, with the same capacity limits and timeout;
//! - `args` and `env` are the configured arguments and environment;
//! - `exit` ends the program with its status; `close` closes 0–2; `seek` on them is
//!   `-ESPIPE`; `open` is `-ENOTCAPABLE` (no file system, as in the JavaScript host);
//! - `clock_time`/`clock_res` (ids 0–3: realtime, monotonic, process and thread CPU
//!   time, the last two measured as time since the instance started), `random` and
//!   `sleep` (bounded by the call's timeout).
//!
//! Results are negative WASI errno values on failure, as every system call's.
//!
//! ```
//! use lir_runtime::{InstanceConfig, Output, Runtime, Stdin, Target, WasiConfig};
//! let cat = r#"
//!     data @buf = { zero 64 }
//!     func @main() -> i32 {
//!     entry:
//!         %p = addr @buf
//!         jump again
//!     again:
//!         %n = syscall.read 0, %p, 64
//!         %more = gt_s %n, 0
//!         br_if %more, copy, done
//!     copy:
//!         %w = syscall.write 1, %p, %n
//!         jump again
//!     done:
//!         ret 0
//!     }
//! "#;
//! let runtime = Runtime::new()?;
//! let compiled = runtime.load_text("cat.lir", cat, Target::Unknown, &Default::default())?;
//! assert!(compiled.imports().iter().all(|(module, _)| module == "env"));
//! let wasi = WasiConfig {
//!     stdin: Stdin::Bytes(b"no WASI here\n".to_vec()),
//!     stdout: Output::Capture,
//!     ..WasiConfig::default()
//! };
//! let mut instance = compiled.instantiate(InstanceConfig { wasi, ..Default::default() })?;
//! assert_eq!(instance.run()?, 0);
//! assert_eq!(instance.stdout(), b"no WASI here\n");
//! # Ok::<(), lir_runtime::RuntimeError>(())
//! ```
//!
//! [`WasiConfig`]: crate::WasiConfig

use crate::host::{guest_memory, in_bounds, Caller, HostResult};
use crate::instance::Host;
use std::time::{Duration, Instant, SystemTime};
use wasmtime::{AsContextMut, Linker, Trap};
use wasmtime_wasi::p1::wasi_snapshot_preview1::{self as wasi, WasiSnapshotPreview1};
use wasmtime_wasi::I32Exit;
use wiggle::GuestMemory;

/// The import module of the ABI.
pub const MODULE: &str = "env";

const EBADF: i32 = 8;
const EFAULT: i32 = 21;
const EINVAL: i32 = 28;
const ESPIPE: i32 = 70;
const ENOTCAPABLE: i32 = 76;

/// What the ABI keeps per instance: arguments, environment and closed descriptors.
#[derive(Clone, Debug)]
pub(crate) struct EnvState {
    args: Vec<Vec<u8>>,
    env: Vec<Vec<u8>>,
    closed: [bool; 3],
    started: Instant,
}

impl EnvState {
    pub(crate) fn new(config: &crate::WasiConfig) -> EnvState {
        EnvState {
            args: config.args.iter().map(|a| a.as_bytes().to_vec()).collect(),
            env: (config.env.iter())
                .map(|(k, v)| format!("{k}={v}").into_bytes())
                .collect(),
            closed: [false; 3],
            started: Instant::now(),
        }
    }

    fn is_open(&self, fd: i32) -> bool {
        (0..3).contains(&fd) && !self.closed[fd as usize]
    }
}

/// Defines every function of the ABI in `linker`.
pub(crate) fn add_to_linker(linker: &mut Linker<Host>) -> wasmtime::Result<()> {
    linker.func_wrap(MODULE, "read", read)?;
    linker.func_wrap(MODULE, "write", write)?;
    linker.func_wrap(MODULE, "open", |_: Caller<'_>, _: i32, _: i32, _: i32| {
        -ENOTCAPABLE
    })?;
    linker.func_wrap(MODULE, "close", |mut caller: Caller<'_>, fd: i32| {
        let env = &mut caller.data_mut().env;
        if !env.is_open(fd) {
            return -EBADF;
        }
        env.closed[fd as usize] = true;
        0
    })?;
    linker.func_wrap(
        MODULE,
        "seek",
        |caller: Caller<'_>, fd: i32, _: i64, _: i32| -> i64 {
            if caller.data().env.is_open(fd) {
                -ESPIPE as i64
            } else {
                -EBADF as i64
            }
        },
    )?;
    linker.func_wrap(
        MODULE,
        "exit",
        |_: Caller<'_>, status: i32| -> HostResult<()> {
            Err(wasmtime::Error::new(I32Exit(status)))
        },
    )?;
    linker.func_wrap(MODULE, "clock_time", clock_time)?;
    linker.func_wrap(MODULE, "clock_res", |_: Caller<'_>, id: i32| -> i64 {
        if (0..4).contains(&id) {
            1
        } else {
            -EINVAL as i64
        }
    })?;
    linker.func_wrap(MODULE, "random", random)?;
    linker.func_wrap(MODULE, "sleep", sleep)?;
    linker.func_wrap(MODULE, "args", |caller: Caller<'_>, buf: i32, len: i32| {
        let strings = caller.data().env.args.clone();
        strings_out(caller, &strings, buf, len)
    })?;
    linker.func_wrap(MODULE, "env", |caller: Caller<'_>, buf: i32, len: i32| {
        let strings = caller.data().env.env.clone();
        strings_out(caller, &strings, buf, len)
    })?;
    Ok(())
}

/// The guest range of `len` bytes at `buf`, or the negative errno to return.
fn guest_range(
    caller: &mut Caller<'_>,
    buf: i32,
    len: i32,
) -> HostResult<Result<(wasmtime::Memory, std::ops::Range<usize>), i32>> {
    if len < 0 {
        return Ok(Err(-EINVAL));
    }
    let memory = guest_memory(caller)?;
    let size = memory.data_size(&*caller);
    Ok(in_bounds(size, buf as u32, len as u32)
        .map(|range| (memory, range))
        .map_err(|_| -EFAULT))
}

/// The WASI context, with the host-call fuel WASI's generated import wrappers set
/// (without it, WASI's calls fail with `ENOMEM`).
fn wasi_context<'a>(caller: &'a mut Caller<'_>) -> &'a mut wasmtime_wasi::p1::WasiP1Ctx {
    let fuel = caller.as_context_mut().hostcall_fuel();
    let wasi = caller.data_mut().wasi();
    wasi.set_hostcall_fuel(fuel);
    wasi
}

/// Scratch memory for one WASI call: `data` bytes, then an iovec over them at an
/// aligned offset, then the 4-byte count WASI writes back.
struct Scratch {
    bytes: Vec<u8>,
    iovec: i32,
    count: i32,
}

impl Scratch {
    fn new(data: Vec<u8>) -> Scratch {
        let len = data.len();
        let iovec = len.div_ceil(8) * 8;
        let mut bytes = data;
        bytes.resize(iovec + 16, 0);
        bytes[iovec + 4..iovec + 8].copy_from_slice(&(len as u32).to_le_bytes());
        Scratch {
            bytes,
            iovec: iovec as i32,
            count: iovec as i32 + 8,
        }
    }

    fn count(&self) -> u32 {
        let at = self.count as usize;
        u32::from_le_bytes(self.bytes[at..at + 4].try_into().expect("4 bytes"))
    }
}

/// `read fd, buf, len`: from the configured stdin, through WASI's `fd_read`.
fn read(mut caller: Caller<'_>, fd: i32, buf: i32, len: i32) -> HostResult<i32> {
    if fd != 0 || !caller.data().env.is_open(fd) {
        return Ok(-EBADF);
    }
    let (memory, range) = match guest_range(&mut caller, buf, len)? {
        Ok(found) => found,
        Err(errno) => return Ok(errno),
    };
    let deadline = caller.data().deadline;
    let mut scratch = Scratch::new(vec![0; range.len()]);
    let wasi_ctx = wasi_context(&mut caller);
    let mut guest = GuestMemory::Unshared(&mut scratch.bytes);
    let reading = wasi::fd_read(wasi_ctx, &mut guest, fd, scratch.iovec, 1, scratch.count);
    let errno = match deadline {
        None => wasmtime_wasi::runtime::in_tokio(reading)?,
        Some(deadline) => {
            let left = deadline.saturating_duration_since(Instant::now());
            wasmtime_wasi::runtime::in_tokio(
                async move { tokio::time::timeout(left, reading).await },
            )
            .unwrap_or_else(|_| Err(wasmtime::Error::new(Trap::Interrupt)))?
        }
    };
    if errno != 0 {
        return Ok(-errno);
    }
    let n = scratch.count() as usize;
    memory.data_mut(&mut caller)[range.start..range.start + n].copy_from_slice(&scratch.bytes[..n]);
    Ok(n as i32)
}

/// `write fd, buf, len`: every byte to the configured stdout or stderr, through WASI's
/// `fd_write`.
fn write(mut caller: Caller<'_>, fd: i32, buf: i32, len: i32) -> HostResult<i32> {
    if !(1..3).contains(&fd) || !caller.data().env.is_open(fd) {
        return Ok(-EBADF);
    }
    let (memory, range) = match guest_range(&mut caller, buf, len)? {
        Ok(found) => found,
        Err(errno) => return Ok(errno),
    };
    let data = memory.data(&caller)[range].to_vec();
    let mut written = 0;
    while written < data.len() {
        let mut scratch = Scratch::new(data[written..].to_vec());
        let wasi_ctx = wasi_context(&mut caller);
        let mut guest = GuestMemory::Unshared(&mut scratch.bytes);
        let errno = wasmtime_wasi::runtime::in_tokio(wasi::fd_write(
            wasi_ctx,
            &mut guest,
            fd,
            scratch.iovec,
            1,
            scratch.count,
        ))?;
        if errno != 0 {
            // What was written counts; the error shows on the next write.
            return Ok(if written > 0 { written as i32 } else { -errno });
        }
        match scratch.count() as usize {
            0 => break,
            n => written += n,
        }
    }
    Ok(written as i32)
}

/// `clock_time id`: nanoseconds of the realtime, monotonic or CPU-time clocks.
fn clock_time(caller: Caller<'_>, id: i32) -> i64 {
    let nanos = |d: Duration| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX);
    match id {
        0 => SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, nanos),
        1 => nanos(monotonic_origin().elapsed()),
        2 | 3 => nanos(caller.data().env.started.elapsed()),
        _ => -EINVAL as i64,
    }
}

/// The origin of the monotonic clock: the first time any instance asked for it.
fn monotonic_origin() -> Instant {
    static ORIGIN: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

/// `random buf, len`: fills the buffer from WASI's random source.
fn random(mut caller: Caller<'_>, buf: i32, len: i32) -> HostResult<i32> {
    let (memory, range) = match guest_range(&mut caller, buf, len)? {
        Ok(found) => found,
        Err(errno) => return Ok(errno),
    };
    let mut scratch = vec![0u8; range.len()];
    let wasi_ctx = wasi_context(&mut caller);
    let mut guest = GuestMemory::Unshared(&mut scratch);
    let errno = wasi::random_get(wasi_ctx, &mut guest, 0, len)?;
    if errno != 0 {
        return Ok(-errno);
    }
    memory.data_mut(&mut caller)[range].copy_from_slice(&scratch);
    Ok(0)
}

/// `sleep ns`: waits, at most until the call's deadline (then the timeout, 5012).
fn sleep(caller: Caller<'_>, ns: i64) -> HostResult<i32> {
    let Ok(ns) = u64::try_from(ns) else {
        return Ok(-EINVAL);
    };
    let wanted = Duration::from_nanos(ns);
    match caller.data().deadline {
        Some(deadline)
            if Instant::now()
                .checked_add(wanted)
                .is_none_or(|end| end >= deadline) =>
        {
            std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
            Err(wasmtime::Error::new(Trap::Interrupt))
        }
        _ => {
            std::thread::sleep(wanted);
            Ok(0)
        }
    }
}

/// Writes NUL-terminated `strings` at `buf` if they fit in `len` bytes; returns the
/// bytes they need (or a negative errno).
fn strings_out(mut caller: Caller<'_>, strings: &[Vec<u8>], buf: i32, len: i32) -> HostResult<i32> {
    let needed: usize = strings.iter().map(|s| s.len() + 1).sum();
    let Ok(needed_i32) = i32::try_from(needed) else {
        return Ok(-EINVAL);
    };
    if len < 0 || needed > len as usize {
        return Ok(needed_i32);
    }
    let (memory, range) = match guest_range(&mut caller, buf, needed_i32)? {
        Ok(found) => found,
        Err(errno) => return Ok(errno),
    };
    let out = &mut memory.data_mut(&mut caller)[range];
    let mut at = 0;
    for s in strings {
        out[at..at + s.len()].copy_from_slice(s);
        out[at + s.len()] = 0;
        at += s.len() + 1;
    }
    Ok(needed_i32)
}
