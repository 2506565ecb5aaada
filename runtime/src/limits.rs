//! Per-instance limits: fuel, wall-clock time, memory and table elements, and the
//! resource limiter that enforces the last two.
//!
//! The memory limit bounds the sum of all linear memories and tables of an instance,
//! not each memory on its own: the engine supports multi-memory (a `.wasm` may declare
//! many memories), and a per-memory limit would let 16 memories take 16 times the
//! budget. A table element counts as [`TABLE_ELEMENT_BYTES`] bytes of that budget, so
//! `max_memory` alone also bounds a `table.grow` loop. Table elements are, in addition,
//! limited by number, over all tables of the instance.

use std::time::Duration;
use wasmtime::ResourceLimiter;

/// Table elements an instance may have when some limit is given but
/// [`Limits::max_table_elements`] is not (about 80 MB of host memory at 8 bytes each).
pub const DEFAULT_MAX_TABLE_ELEMENTS: u64 = 10_000_000;

/// Bytes of the memory limit one table element takes (a pointer in the engine).
pub const TABLE_ELEMENT_BYTES: u64 = 8;

/// Limits of one instance. `None` means unlimited.
///
/// ```
/// use lir_runtime::{Limits, DEFAULT_MAX_TABLE_ELEMENTS};
/// let limits = Limits { max_memory: Some(64 << 20), ..Limits::default() };
/// // Any limit brings the default bound on table elements with it.
/// assert_eq!(limits.table_elements(), Some(DEFAULT_MAX_TABLE_ELEMENTS));
/// assert_eq!(Limits::default().table_elements(), None);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Limits {
    /// Instruction budget (wasmtime fuel units, about one per wasm instruction).
    pub fuel: Option<u64>,
    /// Wall-clock time for each call into the instance.
    pub timeout: Option<Duration>,
    /// Bytes of linear memory and tables, all memories and tables of the instance
    /// together (a table element counts [`TABLE_ELEMENT_BYTES`]).
    pub max_memory: Option<u64>,
    /// Elements of all tables of the instance together. `None` means
    /// [`DEFAULT_MAX_TABLE_ELEMENTS`] when any other limit is given, else unlimited.
    pub max_table_elements: Option<u64>,
    /// Make [`Limits::fuel`] the budget of each call rather than of the instance's
    /// lifetime: every call (and [`crate::Instance::run`]) starts with that much.
    /// [`crate::Instance::set_fuel`] refuels by hand either way.
    pub fuel_per_call: bool,
}

impl Limits {
    /// The bound on table elements in effect (see [`Limits::max_table_elements`]).
    pub fn table_elements(&self) -> Option<u64> {
        let any_limit = self.fuel.is_some() || self.timeout.is_some() || self.max_memory.is_some();
        self.max_table_elements
            .or(any_limit.then_some(DEFAULT_MAX_TABLE_ELEMENTS))
    }
}

/// Marker error raised by the limiter; turned into [`RuntimeError::MemoryLimitExceeded`].
///
/// [`RuntimeError::MemoryLimitExceeded`]: crate::RuntimeError::MemoryLimitExceeded
#[derive(Debug, thiserror::Error)]
#[error("memory limit of {limit} bytes exceeded")]
pub(crate) struct MemoryLimitHit {
    pub limit: u64,
}

/// Marker error raised by the limiter; turned into [`RuntimeError::TableLimitExceeded`].
///
/// [`RuntimeError::TableLimitExceeded`]: crate::RuntimeError::TableLimitExceeded
#[derive(Debug, thiserror::Error)]
#[error("table limit of {limit} elements exceeded")]
pub(crate) struct TableLimitHit {
    pub limit: u64,
}

/// Enforces `max_memory` and the table bound over all memories and tables of a
/// store: growth past the module's own maximum fails normally (`memory.grow` and
/// `table.grow` return -1, as wasm specifies), growth past the limit stops the program.
/// Creating a memory or table counts as growing it from 0.
pub(crate) struct MemoryLimiter {
    max_memory: Option<u64>,
    max_table_elements: Option<u64>,
    /// Bytes of all memories and tables, and elements of all tables, granted so far.
    bytes_used: u64,
    elements_used: u64,
}

impl MemoryLimiter {
    pub fn new(limits: &Limits) -> MemoryLimiter {
        MemoryLimiter {
            max_memory: limits.max_memory,
            max_table_elements: limits.table_elements(),
            bytes_used: 0,
            elements_used: 0,
        }
    }
}

/// `used + added`, unless that passes `limit`.
fn add_within(used: u64, added: u64, limit: Option<u64>) -> Option<u64> {
    let total = used.saturating_add(added);
    limit.is_none_or(|limit| total <= limit).then_some(total)
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if maximum.is_some_and(|max| desired > max) {
            return Ok(false);
        }
        let added = desired.saturating_sub(current) as u64;
        self.bytes_used =
            add_within(self.bytes_used, added, self.max_memory).ok_or_else(|| self.memory_hit())?;
        Ok(true)
    }

    fn memory_grow_failed(&mut self, _error: wasmtime::Error) -> wasmtime::Result<()> {
        // The engine could not allocate what the limiter granted: the memory keeps its
        // size, and `memory.grow` returns -1. The grant stays counted (conservative).
        Ok(())
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if maximum.is_some_and(|max| desired > max) {
            return Ok(false);
        }
        let added = desired.saturating_sub(current) as u64;
        let elements =
            add_within(self.elements_used, added, self.max_table_elements).ok_or_else(|| {
                wasmtime::Error::new(TableLimitHit {
                    limit: self.max_table_elements.unwrap_or(u64::MAX),
                })
            })?;
        let bytes = added.saturating_mul(TABLE_ELEMENT_BYTES);
        self.bytes_used =
            add_within(self.bytes_used, bytes, self.max_memory).ok_or_else(|| self.memory_hit())?;
        self.elements_used = elements;
        Ok(true)
    }
}

impl MemoryLimiter {
    fn memory_hit(&self) -> wasmtime::Error {
        wasmtime::Error::new(MemoryLimitHit {
            limit: self.max_memory.unwrap_or(u64::MAX),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_is_counted_over_all_memories() {
        let mut limiter = MemoryLimiter::new(&Limits {
            max_memory: Some(100),
            ..Limits::default()
        });
        // Two memories of 40 bytes each fit, a third does not.
        assert!(limiter.memory_growing(0, 40, None).unwrap());
        assert!(limiter.memory_growing(0, 40, None).unwrap());
        assert!(limiter.memory_growing(0, 40, None).is_err());
        // Growing one of them by 20 fits exactly; past its own maximum is -1.
        assert!(limiter.memory_growing(40, 60, None).unwrap());
        assert!(!limiter.memory_growing(60, 200, Some(100)).unwrap());
        assert!(limiter.memory_growing(60, 61, None).is_err());
    }

    #[test]
    fn tables_are_bounded_by_default_when_any_limit_is_given() {
        let mut limiter = MemoryLimiter::new(&Limits {
            fuel: Some(1),
            ..Limits::default()
        });
        assert!(limiter.table_growing(0, 5_000_000, None).unwrap());
        assert!(limiter.table_growing(0, 5_000_000, None).unwrap());
        assert!(limiter.table_growing(0, 1, None).is_err());
        let mut unlimited = MemoryLimiter::new(&Limits::default());
        assert!(unlimited.table_growing(0, 50_000_000, None).unwrap());
    }

    #[test]
    fn table_elements_count_against_the_memory_limit() {
        let mut limiter = MemoryLimiter::new(&Limits {
            max_memory: Some(1000),
            ..Limits::default()
        });
        assert!(limiter.memory_growing(0, 600, None).unwrap());
        assert!(limiter.table_growing(0, 50, None).unwrap()); // 400 bytes
        assert!(limiter.table_growing(50, 51, None).is_err());
        assert!(limiter.memory_growing(600, 601, None).is_err());
    }
}
