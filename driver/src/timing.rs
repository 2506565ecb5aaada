//! `--time`: how long each phase of a command took, printed to standard error when the
//! command ends, with the backend's own stages (`lir_wasm::set_stage_timing`) in
//! between. Off, it measures nothing.

use std::time::{Duration, Instant};

/// Laps of one command.
pub struct Timer {
    last: Option<Instant>,
    laps: Vec<(&'static str, Duration)>,
}

impl Timer {
    /// A timer that measures when `enabled` (and then also switches on the backend's
    /// per-stage report).
    pub fn new(enabled: bool) -> Timer {
        if enabled {
            lir_wasm::set_stage_timing(true);
        }
        Timer {
            last: enabled.then(Instant::now),
            laps: Vec::new(),
        }
    }

    /// Ends the phase called `phase` (time since the previous lap).
    pub fn lap(&mut self, phase: &'static str) {
        let Some(last) = self.last else { return };
        let now = Instant::now();
        self.laps.push((phase, now - last));
        self.last = Some(now);
    }

    /// Prints every phase and the total, `time: PHASE   1.234 ms`.
    pub fn report(&self) {
        if self.last.is_none() {
            return;
        }
        let total: Duration = self.laps.iter().map(|(_, d)| *d).sum();
        for (phase, duration) in self.laps.iter().chain([&("total", total)]) {
            eprintln!("time: {phase:<34}{:10.3} ms", duration.as_secs_f64() * 1e3);
        }
    }
}
