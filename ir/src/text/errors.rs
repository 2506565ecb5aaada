//! Parse errors: a message plus the source span it concerns.
//!
//! This module only defines the error values; the lexer, the syntax parser and the
//! name/type resolution produce them, and [`crate::text::parse`] collects them.

use crate::span::Span;
use std::fmt;

/// One problem found in `.lir` text, displayed as `line:col: message`.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{}:{}: {message}", span.line, span.col)]
pub struct ParseError {
    /// Where the problem is (line and column are 1-based).
    pub span: Span,
    /// What is wrong, in one sentence without a trailing period.
    pub message: String,
    /// Other places that explain it (a name's first definition), each with a short
    /// label; renderers show them as secondary labels. The message stands on its own.
    pub related: Vec<(Span, String)>,
}

impl ParseError {
    /// Creates an error at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> ParseError {
        ParseError {
            span,
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// Adds a related place, labelled `label`.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> ParseError {
        self.related.push((span, label.into()));
        self
    }
}

/// Every problem found in a text, in source order. Displayed one per line.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub struct ParseErrors(pub Vec<ParseError>);

impl ParseErrors {
    /// The individual errors.
    pub fn errors(&self) -> &[ParseError] {
        &self.0
    }
}

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::types::write_lines(f, &self.0)
    }
}
