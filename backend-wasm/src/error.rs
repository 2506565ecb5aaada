//! The errors of the backend: what a module may contain that a target cannot express,
//! and internal errors (a backend bug caught by validating the output).
//!
//! This module only defines the error values; the stages that detect them live
//! elsewhere.

use lir::layout::LayoutError;

/// Why a module could not be compiled to WebAssembly.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// The module uses something the selected target or feature set cannot express.
    #[error("@{function}: {message}")]
    Unsupported {
        /// The function concerned (without `@`), or the item for module-level errors.
        function: String,
        message: String,
    },
    /// The module as a whole is past an implementation limit of the engines (too many
    /// functions, imports, exports, globals or types; `lir_wasm::limits`).
    #[error("{message}")]
    Limit { message: String },
    /// The module's memory layout cannot be computed (data or stack too large).
    #[error(transparent)]
    Layout(#[from] LayoutError),
    /// The module is not well formed (it would be rejected by the verifier).
    #[error("@{function}: invalid module: {message}")]
    Invalid { function: String, message: String },
    /// The backend produced an invalid WebAssembly module: a bug in lir.
    #[error("internal error in @{function}: {message} (this is a bug in the lir backend)")]
    Internal { function: String, message: String },
}

impl CompileError {
    pub(crate) fn unsupported(function: &str, message: impl Into<String>) -> CompileError {
        CompileError::Unsupported {
            function: function.to_string(),
            message: message.into(),
        }
    }

    /// A system call reached the backend: `what` (the instruction) must be legalized
    /// for a target first.
    pub(crate) fn unlegalized_syscall(function: &str, what: &str) -> CompileError {
        CompileError::unsupported(
            function,
            format!(
                "`{what}`: system calls must be legalized for a target before compiling: \
                 call `lir_wasi::legalize` first, or build with `lir_build::build`, \
                 which does it"
            ),
        )
    }

    pub(crate) fn invalid(function: &str, message: impl Into<String>) -> CompileError {
        CompileError::Invalid {
            function: function.to_string(),
            message: message.into(),
        }
    }
}

/// Why [`crate::print_wat`] could not print a binary.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot print WebAssembly: {0}")]
pub struct PrintError(pub String);
