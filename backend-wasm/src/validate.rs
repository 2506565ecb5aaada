//! Output validation with `wasmparser`, configured with exactly the enabled features,
//! and the mapping of a validation error back to the function whose body contains it.

use crate::error::CompileError;
use crate::features::Features;
use lir::Module;
use wasmparser::{Parser, Payload, Validator};

/// A module rejected by the validator.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid WebAssembly at byte {offset}: {message}")]
pub struct ValidationError {
    pub message: String,
    /// Byte offset of the problem in the module.
    pub offset: usize,
}

/// Validates `wasm` accepting exactly the WebAssembly features in `features`.
///
/// ```
/// use lir_wasm::{validate, Features};
/// assert!(validate(b"\0asm\x01\0\0\0", Features::default()).is_ok());
/// assert!(validate(b"\0asm", Features::default()).is_err());
/// ```
pub fn validate(wasm: &[u8], features: Features) -> Result<(), ValidationError> {
    Validator::new_with_features(features.wasmparser_features())
        .validate_all(wasm)
        .map(|_| ())
        .map_err(|e| ValidationError {
            message: e.message().to_string(),
            offset: e.offset(),
        })
}

impl ValidationError {
    /// An internal error naming the function whose body in `wasm` holds the offset.
    pub(crate) fn into_compile_error(self, wasm: &[u8], module: &Module) -> CompileError {
        let function = defined_function_at(wasm, self.offset)
            .and_then(|k| module.funcs.values().filter(|f| !f.is_import()).nth(k))
            .map_or_else(|| "<module>".to_string(), |f| f.name.clone());
        CompileError::Internal {
            function,
            message: format!("produced invalid WebAssembly: {self}"),
        }
    }
}

/// The position among the code section's bodies of the body containing `offset`.
fn defined_function_at(wasm: &[u8], offset: usize) -> Option<usize> {
    let mut index = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        if let Ok(Payload::CodeSectionEntry(body)) = payload {
            if body.range().contains(&offset) {
                return Some(index);
            }
            index += 1;
        }
    }
    None
}
