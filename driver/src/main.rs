//! The `lirc` executable; everything lives in the library so tests can use it.

fn main() -> std::process::ExitCode {
    lirc::cli::main()
}
