//! Implementation limits of the WebAssembly engines that a module must respect to
//! compile for any of lir's targets (all of them are wasm): the web's limits on the
//! parameters and results of a function type (V8, SpiderMonkey and wasmtime refuse
//! more), checked on every function's signature and every `call_indirect` /
//! `return_call_indirect` signature. Limits that depend on how the backend lowers a
//! function (locals, `br_table` sizes) are the backend's business, not this module's.

use crate::function::{Function, InstData};
use crate::inst::InstKind;
use crate::types::Signature;

/// The most parameters a function type may have.
pub const MAX_PARAMS: usize = 1000;
/// The most results a function type may have.
pub const MAX_RESULTS: usize = 1000;

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
