//! Blocking host calls bounded by the call's deadline. Epoch interruption stops wasm
//! code, but not a host function that waits: `poll_oneoff` (what `syscall.sleep`
//! becomes) is wrapped so that its relative clock subscriptions wait at most until the
//! deadline, and `fd_read` (a read of a pipe or terminal nobody writes to) is given up
//! at the deadline; either call then fails with the timeout (5012).
//!
//! Not covered: `poll_oneoff` with absolute clock subscriptions or with descriptors
//! only still waits until it is satisfied.

use crate::instance::Host;
use std::time::Instant;
use wasmtime::{AsContextMut, Caller, Extern, Linker, Trap};
use wasmtime_wasi::p1::wasi_snapshot_preview1::{self, WasiSnapshotPreview1};
use wiggle::GuestMemory;

/// WASI's `subscription` record: 48 bytes; its tag at 8 (0 is a clock), a clock's
/// timeout (u64) at 24 and flags (u16, bit 0 absolute) at 40.
const SUBSCRIPTION_SIZE: u64 = 48;
const TAG_OFFSET: u64 = 8;
const TIMEOUT_OFFSET: u64 = 24;
const FLAGS_OFFSET: u64 = 40;
const TAG_CLOCK: u8 = 0;
const ABSOLUTE: u16 = 1;

/// The module and name of the wrapped import.
const MODULE: &str = "wasi_snapshot_preview1";
const POLL: &str = "poll_oneoff";

const READ: &str = "fd_read";

/// Shadows `poll_oneoff` and `fd_read` in `linker` with the deadline-bounded wrappers.
pub(crate) fn add_bounded_calls(linker: &mut Linker<Host>) -> wasmtime::Result<()> {
    linker.func_wrap(MODULE, POLL, bounded_poll)?;
    linker.func_wrap(MODULE, READ, bounded_read)?;
    Ok(())
}

/// The guest's memory and the WASI context, as WASI's generated import wrappers get
/// them (with the host-call fuel they set).
fn wasi_view<'a>(
    caller: &'a mut Caller<'_, Host>,
) -> wasmtime::Result<(GuestMemory<'a>, &'a mut wasmtime_wasi::p1::WasiP1Ctx)> {
    let fuel = caller.as_context_mut().hostcall_fuel();
    let Some(Extern::Memory(memory)) = caller.get_export("memory") else {
        return Err(wasmtime::Error::msg("missing required memory export"));
    };
    let (bytes, host) = memory.data_and_store_mut(caller);
    let wasi = host.wasi();
    wasi.set_hostcall_fuel(fuel);
    Ok((GuestMemory::Unshared(bytes), wasi))
}

/// `fd_read`, given up (as a timeout) when the deadline passes first.
fn bounded_read(
    mut caller: Caller<'_, Host>,
    fd: i32,
    iovs: i32,
    count: i32,
    read: i32,
) -> wasmtime::Result<i32> {
    let deadline = caller.data().deadline;
    let (mut guest, wasi) = wasi_view(&mut caller)?;
    let reading = wasi_snapshot_preview1::fd_read(wasi, &mut guest, fd, iovs, count, read);
    let Some(deadline) = deadline else {
        return wasmtime_wasi::runtime::in_tokio(reading);
    };
    let left = deadline.saturating_duration_since(Instant::now());
    // The timer must be made inside the runtime `in_tokio` enters.
    wasmtime_wasi::runtime::in_tokio(async move { tokio::time::timeout(left, reading).await })
        .unwrap_or_else(|_| Err(wasmtime::Error::new(Trap::Interrupt)))
}

/// `poll_oneoff` with its relative clock timeouts shortened to the deadline, then
/// WASI's own implementation (called as its generated import wrapper does).
fn bounded_poll(
    mut caller: Caller<'_, Host>,
    subs: i32,
    events: i32,
    count: i32,
    written: i32,
) -> wasmtime::Result<i32> {
    let deadline = caller.data().deadline;
    let clamped = match deadline {
        Some(deadline) => clamp_clocks(&mut caller, subs as u32, count as u32, deadline),
        None => Vec::new(),
    };
    let outcome = original_poll(&mut caller, subs, events, count, written);
    restore_clocks(&mut caller, &clamped);
    let result = outcome?;
    if deadline.is_some_and(|d| Instant::now() >= d) {
        return Err(wasmtime::Error::new(Trap::Interrupt));
    }
    Ok(result)
}

/// WASI's `poll_oneoff`, as `wasmtime_wasi::p1::add_to_linker_sync` links it.
fn original_poll(
    caller: &mut Caller<'_, Host>,
    subs: i32,
    events: i32,
    count: i32,
    written: i32,
) -> wasmtime::Result<i32> {
    let (mut guest, wasi) = wasi_view(caller)?;
    wasmtime_wasi::runtime::in_tokio(wasi_snapshot_preview1::poll_oneoff(
        wasi, &mut guest, subs, events, count, written,
    ))
}

/// A clock timeout that was shortened: where, what it was, and what it became.
struct Clamped {
    at: usize,
    original: u64,
    clamped: u64,
}

/// Shortens every relative clock timeout of the `count` subscriptions at `subs` to the
/// time left before `deadline`.
fn clamp_clocks(
    caller: &mut Caller<'_, Host>,
    subs: u32,
    count: u32,
    deadline: Instant,
) -> Vec<Clamped> {
    let left = deadline.saturating_duration_since(Instant::now());
    let left = u64::try_from(left.as_nanos()).unwrap_or(u64::MAX);
    let Some(memory) = caller.get_export("memory").and_then(|e| e.into_memory()) else {
        return Vec::new();
    };
    let data = memory.data_mut(caller);
    let mut clamped = Vec::new();
    for i in 0..count as u64 {
        let base = subs as u64 + i * SUBSCRIPTION_SIZE;
        let Some(sub) = usize::try_from(base)
            .ok()
            .and_then(|b| data.get_mut(b..b + SUBSCRIPTION_SIZE as usize))
        else {
            break; // the original reports the fault
        };
        let flags =
            u16::from_le_bytes([sub[FLAGS_OFFSET as usize], sub[FLAGS_OFFSET as usize + 1]]);
        if sub[TAG_OFFSET as usize] != TAG_CLOCK || flags & ABSOLUTE != 0 {
            continue;
        }
        let field = &mut sub[TIMEOUT_OFFSET as usize..TIMEOUT_OFFSET as usize + 8];
        let timeout = u64::from_le_bytes(field.try_into().expect("8 bytes"));
        if timeout > left {
            field.copy_from_slice(&left.to_le_bytes());
            clamped.push(Clamped {
                at: (base + TIMEOUT_OFFSET) as usize,
                original: timeout,
                clamped: left,
            });
        }
    }
    clamped
}

/// Puts the guest's timeouts back (unless the call overwrote them, e.g. with events).
fn restore_clocks(caller: &mut Caller<'_, Host>, clamped: &[Clamped]) {
    if clamped.is_empty() {
        return;
    }
    let Some(memory) = caller.get_export("memory").and_then(|e| e.into_memory()) else {
        return;
    };
    let data = memory.data_mut(caller);
    for c in clamped {
        let field = &mut data[c.at..c.at + 8];
        if u64::from_le_bytes(field.try_into().expect("8 bytes")) == c.clamped {
            field.copy_from_slice(&c.original.to_le_bytes());
        }
    }
}
