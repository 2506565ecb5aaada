//! The global allocator of `lirc` (and of the compile-throughput benchmark):
//! mimalloc, called through its plain `malloc` entry points whenever the alignment
//! allows.
//!
//! `mimalloc::MiMalloc` sends every request through `mi_malloc_aligned`, whose extra
//! checks cost about a third of a small allocation; the compiler makes a few million
//! of them per million LIR instructions. Every block of mimalloc's plain entry points
//! is aligned to a machine word at least (its sizes are whole words and its pages
//! start aligned), so a request whose alignment is at most a word goes to
//! `mi_malloc`/`mi_zalloc`/`mi_realloc`; a larger alignment (16 for `u128`, more for
//! SIMD types) goes to the aligned entry points as before. It does not change what is
//! allocated or when: only the entry point.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every block of mimalloc's plain entry points has (`MI_INTPTR_SIZE`:
/// block sizes are rounded up to whole words).
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc with its cheaper entry points for ordinary alignments (see the module
/// documentation).
pub struct Allocator;

/// Whether a block from a plain entry point is aligned for `align`.
fn plain_is_aligned(align: usize) -> bool {
    align <= PLAIN_ALIGN
}

// SAFETY: every block comes from mimalloc and goes back to it; a block is taken from
// a plain entry point only when its alignment guarantee covers the layout's.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions accept any size.
        unsafe {
            if plain_is_aligned(layout.align()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if plain_is_aligned(layout.align()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from mimalloc (the caller's obligation).
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from mimalloc with `layout` (the caller's obligation).
        unsafe {
            if plain_is_aligned(layout.align()) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every alignment from 1 to 4 KiB, over sizes around each size class boundary:
    /// the block is aligned, writable over its whole size, and keeps its contents
    /// when reallocated to a larger and a smaller size.
    #[test]
    fn blocks_are_aligned_and_keep_their_contents() {
        let mut align = 1;
        while align <= 4096 {
            for size in [1, 7, 8, 9, 15, 16, 17, 24, 40, 100, 1000, 5000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: the layout has a non-zero size; each block is freed once.
                unsafe {
                    for zeroed in [false, true] {
                        let p = if zeroed {
                            Allocator.alloc_zeroed(layout)
                        } else {
                            Allocator.alloc(layout)
                        };
                        assert!(!p.is_null());
                        assert_eq!(p as usize % align, 0, "size {size} align {align}");
                        if zeroed {
                            assert!((0..size).all(|i| *p.add(i) == 0));
                        }
                        for i in 0..size {
                            *p.add(i) = i as u8;
                        }
                        let grown = Allocator.realloc(p, layout, size * 3);
                        assert_eq!(grown as usize % align, 0);
                        assert!((0..size).all(|i| *grown.add(i) == i as u8));
                        let big = Layout::from_size_align(size * 3, align).unwrap();
                        let shrunk = Allocator.realloc(grown, big, size.div_ceil(2));
                        assert_eq!(shrunk as usize % align, 0);
                        assert!((0..size.div_ceil(2)).all(|i| *shrunk.add(i) == i as u8));
                        let small = Layout::from_size_align(size.div_ceil(2), align).unwrap();
                        Allocator.dealloc(shrunk, small);
                    }
                }
            }
            align *= 2;
        }
    }
}
