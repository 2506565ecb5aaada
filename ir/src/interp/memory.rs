//! Linear memory: a byte vector with WebAssembly's bounds rules.
//!
//! Effective addresses are `addr + offset` computed in 64 bits (never wrapping); an
//! access traps when it ends past the current size. Bulk operations check both ranges
//! before writing anything. Growth is limited by the declared maximum, 65536 pages and
//! the executor's limit, and fails (returns -1) rather than aborting when the host
//! cannot allocate. The largest size it may reach is reserved up front as address
//! space (not touched, so not resident), so growing never copies; where that
//! reservation fails, growth is geometric. Either way a loop of one-page grows costs
//! amortised O(1) per page and the host's memory use is about the guest's size.

use crate::layout::PAGE_SIZE;
use crate::trap::TrapKind;

/// The linear memory of one interpreter instance.
#[derive(Clone, Debug)]
pub(super) struct Memory {
    bytes: Vec<u8>,
    /// Largest size in pages that `grow` may reach (the declared maximum or 65536).
    max_pages: u64,
    /// The executor's limit in bytes: growing past it stops the program.
    limit: Option<u64>,
}

/// `memory.grow` would pass the executor's memory limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct LimitExceeded;

impl Memory {
    /// A zeroed memory of `pages` pages that may grow to `max_pages`, and no further
    /// than `limit` bytes without stopping the program.
    pub fn new(pages: u32, max_pages: u32, limit: Option<u64>) -> Memory {
        let mut bytes = vec![0; pages as usize * PAGE_SIZE as usize];
        // Reserve (as address space only: nothing is touched) all the memory may ever
        // grow to, so that growing never copies it. A host that cannot reserve that
        // much grows geometrically instead (`reserve`).
        let most = (max_pages as u64 * PAGE_SIZE).min(limit.unwrap_or(u64::MAX));
        if let Ok(most) = usize::try_from(most) {
            let _ = bytes.try_reserve_exact(most.saturating_sub(bytes.len()));
        }
        Memory {
            bytes,
            max_pages: max_pages as u64,
            limit,
        }
    }

    /// The executor's limit in bytes, if any.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    /// Size in bytes.
    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// Size in pages.
    pub fn pages(&self) -> u32 {
        (self.size() / PAGE_SIZE) as u32
    }

    /// The byte range `[start, start + len)` if it lies within memory.
    fn range(&self, start: u64, len: u64) -> Option<std::ops::Range<usize>> {
        let end = start.checked_add(len)?;
        if end > self.size() {
            return None;
        }
        Some(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
    }

    /// `len` bytes at `addr`, or `None` if they are not all in memory (for syscalls).
    pub fn slice(&self, addr: u32, len: u32) -> Option<&[u8]> {
        let range = self.range(addr as u64, len as u64)?;
        self.bytes.get(range)
    }

    /// Mutable `len` bytes at `addr`, or `None` if they are not all in memory.
    pub fn slice_mut(&mut self, addr: u32, len: u32) -> Option<&mut [u8]> {
        let range = self.range(addr as u64, len as u64)?;
        self.bytes.get_mut(range)
    }

    /// Reads `N` bytes at `addr + offset`, little-endian, zero-extended to 64 bits.
    #[inline]
    pub fn load<const N: usize>(&self, addr: u32, offset: u32) -> Result<u64, TrapKind> {
        let start = addr as u64 + offset as u64;
        let bytes = self
            .range(start, N as u64)
            .and_then(|r| self.bytes.get(r))
            .ok_or(TrapKind::MemoryOutOfBounds)?;
        let mut buf = [0u8; 8];
        buf[..N].copy_from_slice(bytes);
        Ok(u64::from_le_bytes(buf))
    }

    /// Writes the low `N` bytes of `value` at `addr + offset`, little-endian.
    #[inline]
    pub fn store<const N: usize>(
        &mut self,
        addr: u32,
        offset: u32,
        value: u64,
    ) -> Result<(), TrapKind> {
        let start = addr as u64 + offset as u64;
        let range = self
            .range(start, N as u64)
            .ok_or(TrapKind::MemoryOutOfBounds)?;
        let bytes = self
            .bytes
            .get_mut(range)
            .ok_or(TrapKind::MemoryOutOfBounds)?;
        bytes.copy_from_slice(&value.to_le_bytes()[..N]);
        Ok(())
    }

    /// `memory.grow`: the old size in pages, or -1 (as u32) if the memory cannot grow
    /// past its maximum; an error if it would pass the executor's limit.
    pub fn grow(&mut self, delta: u32) -> Result<u32, LimitExceeded> {
        let old = self.pages();
        let new = old as u64 + delta as u64;
        if new > self.max_pages {
            return Ok(u32::MAX);
        }
        if delta > 0 && self.limit.is_some_and(|limit| new * PAGE_SIZE > limit) {
            return Err(LimitExceeded);
        }
        let new_len = new * PAGE_SIZE;
        let Ok(new_len) = usize::try_from(new_len) else {
            return Ok(u32::MAX);
        };
        if !self.reserve(new_len) {
            return Ok(u32::MAX);
        }
        self.bytes.resize(new_len, 0);
        Ok(old)
    }

    /// Makes room for `len` bytes, growing the capacity geometrically (at least
    /// doubling, as `Vec` does) so that a loop of small grows copies the memory
    /// O(log n) times, not once per grow; when the host cannot reserve that much,
    /// exactly `len`. Capacity beyond the size is only reserved, never touched, so
    /// the host's memory use stays about the guest's size. False if even `len`
    /// cannot be had.
    fn reserve(&mut self, len: usize) -> bool {
        let additional = len.saturating_sub(self.bytes.len());
        self.bytes.try_reserve(additional).is_ok()
            || self.bytes.try_reserve_exact(additional).is_ok()
    }

    /// `memory.copy`: moves `len` bytes from `src` to `dst` (ranges may overlap).
    pub fn copy(&mut self, dst: u32, src: u32, len: u32) -> Result<(), TrapKind> {
        let to = self
            .range(dst as u64, len as u64)
            .ok_or(TrapKind::MemoryOutOfBounds)?;
        let from = self
            .range(src as u64, len as u64)
            .ok_or(TrapKind::MemoryOutOfBounds)?;
        self.bytes.copy_within(from, to.start);
        Ok(())
    }

    /// `memory.fill`: sets `len` bytes at `dst` to `byte`.
    pub fn fill(&mut self, dst: u32, byte: u8, len: u32) -> Result<(), TrapKind> {
        let range = self
            .range(dst as u64, len as u64)
            .ok_or(TrapKind::MemoryOutOfBounds)?;
        self.bytes[range].fill(byte);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_grows_reallocate_a_logarithmic_number_of_times() {
        let mut memory = Memory::new(1, 65536, None);
        // Without the up-front reservation (a host that refused it), growth is geometric.
        memory.bytes.shrink_to_fit();
        let mut reallocations = 0;
        let mut capacity = memory.bytes.capacity();
        for page in 1..1024 {
            assert_eq!(memory.grow(1), Ok(page));
            if memory.bytes.capacity() != capacity {
                capacity = memory.bytes.capacity();
                reallocations += 1;
            }
        }
        assert_eq!(memory.size(), 1024 * PAGE_SIZE);
        // Growing exactly each time would reallocate 1023 times.
        assert!(reallocations <= 12, "{reallocations} reallocations");
        assert!(memory.bytes.capacity() as u64 <= 2 * memory.size());
    }

    #[test]
    fn the_largest_size_is_reserved_up_front() {
        let mut memory = Memory::new(1, 65536, Some(64 * PAGE_SIZE));
        let capacity = memory.bytes.capacity();
        assert!(capacity >= 64 * PAGE_SIZE as usize);
        assert_eq!(memory.grow(63), Ok(1));
        assert_eq!(memory.bytes.capacity(), capacity);
    }

    #[test]
    fn growth_stops_at_the_maximum_and_the_limit() {
        let mut memory = Memory::new(1, 2, None);
        assert_eq!(memory.grow(2), Ok(u32::MAX)); // past the declared maximum: -1
        assert_eq!(memory.grow(1), Ok(1));
        let mut limited = Memory::new(1, 65536, Some(2 * PAGE_SIZE));
        assert_eq!(limited.grow(1), Ok(1));
        assert_eq!(limited.grow(1), Err(LimitExceeded));
        assert_eq!(limited.grow(0), Ok(2));
        assert_eq!(limited.size(), 2 * PAGE_SIZE);
    }
}
