//! "What now?" messages shared by `lirc run` and `lirc interp`, so that the same
//! wrong turn gets the same words and code under both.

use crate::runtime::RuntimeError;
use lir::{Module, Signature};

/// A module without `_start` (a LIR library without `@main`, or a wasm library) was run
/// as a program: `error[5003]`, listing the functions `--invoke` can call.
pub fn no_start(file: &str, functions: &[(String, Signature)]) -> RuntimeError {
    if functions.is_empty() {
        return RuntimeError::ExportNotFound(format!(
            "{file} has no `_start` to run, and no function to call with `--invoke`"
        ));
    }
    let mut message = format!(
        "{file} has no `_start` to run; call one of its functions with \
         `--invoke NAME [ARG]...`:"
    );
    for (name, sig) in functions {
        message.push_str(&format!("\n  {name}{sig}"));
    }
    RuntimeError::ExportNotFound(message)
}

/// The functions of a LIR module `--invoke` can call (every defined one), in order.
pub fn lir_functions(module: &Module) -> Vec<(String, Signature)> {
    module
        .funcs
        .values()
        .filter(|f| !f.is_import())
        .map(|f| (f.name.clone(), f.sig.clone()))
        .collect()
}
