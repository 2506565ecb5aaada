//! The `lirc` executable; everything lives in the library so tests can use it.

/// The compiler allocates many small, short-lived objects; mimalloc handles that
/// pattern markedly faster than the system allocator (`lirc::allocator`).
#[global_allocator]
static ALLOCATOR: lirc::allocator::Allocator = lirc::allocator::Allocator;

/// mimalloc's `mi_option_purge_delay` (the same index in mimalloc v2 and v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // A compilation lives for well under a second: returning freed pages to the OS
    // only to fault them back in cost ~20% of `-O2`'s time (46,725 page faults
    // against 335 without purging), so freed memory stays with the process.
    // SAFETY: sets a global mimalloc option before any thread is spawned.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    lirc::cli::main()
}
