//! Clocks and sleeping for `clock_time`, `clock_res` and `sleep`: the [`Clock`] trait,
//! the real [`SystemClock`] and the deterministic [`VirtualClock`] for tests.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The clocks of `clock_time` (WASI's numbering).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ClockId {
    /// Nanoseconds since the Unix epoch.
    Realtime,
    /// Nanoseconds since an arbitrary start; never decreases.
    Monotonic,
    /// CPU time of the process.
    ProcessCputime,
    /// CPU time of the thread.
    ThreadCputime,
}

impl ClockId {
    /// The clock with id `raw` (0–3), or `None`.
    pub fn from_raw(raw: i32) -> Option<ClockId> {
        use crate::syscall::clock;
        Some(match raw {
            clock::REALTIME => ClockId::Realtime,
            clock::MONOTONIC => ClockId::Monotonic,
            clock::PROCESS_CPUTIME => ClockId::ProcessCputime,
            clock::THREAD_CPUTIME => ClockId::ThreadCputime,
            _ => return None,
        })
    }
}

/// A source of time for the program.
pub trait Clock: Send {
    /// The current reading of `clock` in nanoseconds.
    fn now(&mut self, clock: ClockId) -> u64;
    /// The resolution of `clock` in nanoseconds.
    fn resolution(&self, clock: ClockId) -> u64;
    /// Suspends the program for `nanos` nanoseconds.
    fn sleep(&mut self, nanos: u64);
}

/// The host's clocks. Monotonic time counts from the clock's creation. The interpreter
/// runs the program on one thread and has no portable access to CPU time, so both CPU
/// clocks report the time since creation too (an upper bound of the CPU time used).
#[derive(Clone, Debug)]
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    pub fn new() -> Self {
        SystemClock {
            start: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Clock for SystemClock {
    fn now(&mut self, clock: ClockId) -> u64 {
        match clock {
            ClockId::Realtime => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(nanos)
                .unwrap_or(0),
            _ => nanos(self.start.elapsed()),
        }
    }

    fn resolution(&self, _clock: ClockId) -> u64 {
        1
    }

    fn sleep(&mut self, nanos: u64) {
        std::thread::sleep(Duration::from_nanos(nanos));
    }
}

/// A deterministic clock: time starts at fixed readings, advances by `tick`
/// nanoseconds at every reading and by the requested duration at every `sleep`,
/// which returns at once.
///
/// ```
/// use lir::interp::{Clock, ClockId, VirtualClock};
/// let mut clock = VirtualClock::new(1_700_000_000_000_000_000).tick(10);
/// assert_eq!(clock.now(ClockId::Realtime), 1_700_000_000_000_000_000);
/// clock.sleep(1_000);
/// assert_eq!(clock.now(ClockId::Monotonic), 1_010);
/// ```
#[derive(Clone, Debug)]
pub struct VirtualClock {
    realtime_start: u64,
    elapsed: u64,
    tick: u64,
    resolution: u64,
}

impl VirtualClock {
    /// A clock whose realtime reading starts at `realtime_start` nanoseconds since the
    /// epoch and whose other clocks start at 0.
    pub fn new(realtime_start: u64) -> Self {
        VirtualClock {
            realtime_start,
            elapsed: 0,
            tick: 0,
            resolution: 1,
        }
    }

    /// Advances time by `nanos` after each reading.
    pub fn tick(mut self, nanos: u64) -> Self {
        self.tick = nanos;
        self
    }

    /// The resolution `clock_res` reports for every clock.
    pub fn resolution(mut self, nanos: u64) -> Self {
        self.resolution = nanos;
        self
    }
}

impl Clock for VirtualClock {
    fn now(&mut self, clock: ClockId) -> u64 {
        let reading = match clock {
            ClockId::Realtime => self.realtime_start.saturating_add(self.elapsed),
            _ => self.elapsed,
        };
        self.elapsed = self.elapsed.saturating_add(self.tick);
        reading
    }

    fn resolution(&self, _clock: ClockId) -> u64 {
        self.resolution
    }

    fn sleep(&mut self, nanos: u64) {
        self.elapsed = self.elapsed.saturating_add(nanos);
    }
}
