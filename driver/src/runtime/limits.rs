//! Per-instance limits: fuel, wall-clock time and memory, and the resource limiter
//! that enforces the memory limit.

use std::time::Duration;
use wasmtime::ResourceLimiter;

/// Limits of one instance. `None` means unlimited.
#[derive(Clone, Debug, Default)]
pub struct Limits {
    /// Instruction budget (wasmtime fuel units, about one per wasm instruction).
    pub fuel: Option<u64>,
    /// Wall-clock time for each call into the instance.
    pub timeout: Option<Duration>,
    /// Largest linear memory in bytes.
    pub max_memory: Option<u64>,
}

/// Marker error raised by the limiter; turned into [`RuntimeError::MemoryLimitExceeded`].
#[derive(Debug, thiserror::Error)]
#[error("memory limit of {limit} bytes exceeded")]
pub(crate) struct MemoryLimitHit {
    pub limit: u64,
}

/// Enforces `max_memory`: growth past the module's own maximum fails normally
/// (`memory.grow` returns -1, as wasm specifies), growth past the limit stops the program.
pub(crate) struct MemoryLimiter {
    pub max_memory: Option<u64>,
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if maximum.is_some_and(|max| desired > max) {
            return Ok(false);
        }
        match self.max_memory {
            Some(limit) if desired as u64 > limit => {
                Err(wasmtime::Error::new(MemoryLimitHit { limit }))
            }
            _ => Ok(true),
        }
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(maximum.is_none_or(|max| desired <= max))
    }
}
