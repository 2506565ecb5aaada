//! Implementation limits of the WebAssembly engines that a module must respect to
//! compile for any of lir's targets (all of them are wasm): the web's limits on the
//! parameters and results of a function type (V8, SpiderMonkey and wasmtime refuse
//! more), checked on every function's signature and every `call_indirect` /
//! `return_call_indirect` signature; and the length of export and import names. Limits that depend on how the backend lowers a
//! function (locals, `br_table` sizes) are the backend's business, not this module's.

use crate::function::{Function, InstData};
use crate::inst::InstKind;
use crate::types::Signature;

/// The most parameters a function type may have.
pub const MAX_PARAMS: usize = 1000;
/// The most results a function type may have.
pub const MAX_RESULTS: usize = 1000;

/// The longest export name, import module name or import name, in bytes (wasmparser,
/// V8 and SpiderMonkey refuse longer strings in a module).
pub const MAX_NAME_BYTES: usize = 100_000;

/// Why `name`, the export or import name of `what`, is over the limit, if it is.
pub(super) fn name_error(what: &str, role: &str, name: &str) -> Option<String> {
    (name.len() > MAX_NAME_BYTES).then(|| {
        format!(
            "{what} has an {role} of {} bytes; implementation limit: at most \
             {MAX_NAME_BYTES} (WebAssembly engines refuse longer names)",
            name.len()
        )
    })
}

/// `name` for a message: at most 40 characters, then `…`.
pub(super) fn shown(name: &str) -> String {
    match name.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_string(),
    }
}

/// Why `sig` is over a limit, if it is (`what` names it in the message).
fn signature_error(sig: &Signature, what: &str) -> Option<String> {
    let over = |count: usize, limit: usize, noun: &str| {
        (count > limit).then(|| {
            format!(
                "{what} has {count} {noun}; implementation limit: at most {limit} \
                 (WebAssembly engines refuse more)"
            )
        })
    };
    over(sig.params.len(), MAX_PARAMS, "parameters")
        .or_else(|| over(sig.results.len(), MAX_RESULTS, "results"))
}

/// The error of a function signature over the limits.
pub(super) fn function_error(f: &Function) -> Option<String> {
    signature_error(&f.sig, "the function")
}

/// The error of an indirect call whose signature is over the limits.
pub(super) fn instruction_error(data: &InstData) -> Option<String> {
    match &data.kind {
        InstKind::CallIndirect { sig, .. } | InstKind::ReturnCallIndirect { sig, .. } => {
            signature_error(sig, "the indirect call's signature")
        }
        _ => None,
    }
}
