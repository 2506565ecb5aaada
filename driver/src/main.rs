//! The `lirc` executable; everything lives in the library so tests can use it.

/// The compiler allocates many small, short-lived objects; mimalloc handles that
/// pattern markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    lirc::cli::main()
}
