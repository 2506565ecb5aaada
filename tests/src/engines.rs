//! The wasmtime engines of the test harness, each created once per process.
//!
//! - [`canonical`]: NaN canonicalization on, fuel metering and epoch interruption on.
//!   Every limit can be tested, and float results compare bit for bit with the
//!   interpreter (which always produces the canonical NaN).
//! - [`native`]: the engine library users get by default (no canonicalization, no
//!   fuel, no epochs). Arithmetic NaN payloads are the hardware's, so results compare
//!   modulo NaN payloads (docs/testing.md).

use lir_runtime::{Runtime, RuntimeOptions};
use std::sync::OnceLock;

fn cached(
    cell: &'static OnceLock<Runtime>,
    options: impl FnOnce() -> RuntimeOptions,
) -> Result<&'static Runtime, String> {
    if let Some(runtime) = cell.get() {
        return Ok(runtime);
    }
    let runtime = Runtime::with_options(options()).map_err(|e| e.to_string())?;
    Ok(cell.get_or_init(|| runtime))
}

/// Deterministic NaNs and every limit available.
pub fn canonical() -> Result<&'static Runtime, String> {
    static CELL: OnceLock<Runtime> = OnceLock::new();
    cached(&CELL, || RuntimeOptions {
        canonicalize_nans: true,
        ..RuntimeOptions::with_limits()
    })
}

/// The default engine: fast, NaN payloads unspecified, no fuel or timeouts.
pub fn native() -> Result<&'static Runtime, String> {
    static CELL: OnceLock<Runtime> = OnceLock::new();
    cached(&CELL, RuntimeOptions::default)
}
