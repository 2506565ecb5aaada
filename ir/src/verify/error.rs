//! The verifier's error values: one [`VerifyError`] per problem, collected in
//! [`VerifyErrors`].
//!
//! This file owns only the error types and how they print; finding the errors is the
//! business of the other files of `verify`.

use crate::span::Span;
use std::fmt;

/// One problem found by the verifier, with where it was found.
///
/// It prints as `LINE:COL: in @f, block L, at `INST`: MESSAGE`; the position appears only
/// when the module was parsed from text, and each `in`/`block`/`at` part only when the
/// error belongs to a function, block or instruction.
///
/// ```
/// use lir::verify::VerifyError;
/// use lir::Span;
///
/// let error = VerifyError {
///     func: Some("sum".into()),
///     block: Some("body".into()),
///     inst: Some("%x = add %i, %p".into()),
///     span: Span { start: 0, end: 0, line: 12, col: 5 },
///     message: "operand types differ: i32 and i64".into(),
/// };
/// assert_eq!(
///     error.to_string(),
///     "12:5: in @sum, block body, at `%x = add %i, %p`: operand types differ: i32 and i64"
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct VerifyError {
    /// The function's name without the `@`, if the error is inside a function.
    pub func: Option<String>,
    /// The block's label (`bbN` for an unnamed block), if the error is inside a block.
    pub block: Option<String>,
    /// The instruction as text, if the error is about one instruction.
    pub inst: Option<String>,
    /// Where the offending item starts in the source text ([`Span::NONE`] for modules
    /// built through the API).
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.span.is_none() {
            write!(f, "{}: ", self.span)?;
        }
        let mut parts = Vec::new();
        if let Some(func) = &self.func {
            parts.push(format!("in @{func}"));
        }
        if let Some(block) = &self.block {
            parts.push(format!("block {block}"));
        }
        if let Some(inst) = &self.inst {
            parts.push(format!("at `{inst}`"));
        }
        if !parts.is_empty() {
            write!(f, "{}: ", parts.join(", "))?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for VerifyError {}

/// Every error the verifier found in a module. Errors with a source position come in
/// source order; otherwise module-level items (memory, data, globals) come first, then
/// the functions in declaration order with their blocks in layout order. Never empty
/// when returned by [`crate::verify::verify`]. Prints one error per line.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct VerifyErrors(pub Vec<VerifyError>);

impl VerifyErrors {
    /// The number of errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no errors.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The errors in report order.
    pub fn iter(&self) -> std::slice::Iter<'_, VerifyError> {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a VerifyErrors {
    type Item = &'a VerifyError;
    type IntoIter = std::slice::Iter<'a, VerifyError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for VerifyErrors {
    type Item = VerifyError;
    type IntoIter = std::vec::IntoIter<VerifyError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for VerifyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::types::write_lines(f, &self.0)
    }
}

impl std::error::Error for VerifyErrors {}
