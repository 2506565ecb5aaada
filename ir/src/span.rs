//! Source positions of parsed items, so that later stages (the verifier above all) can
//! point at the text a user wrote.

use std::fmt;

/// A range of source bytes plus the 1-based line and column of its start.
/// Modules built through the API carry no spans ([`Span::NONE`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub col: u32,
}

impl Span {
    /// The span of an item that did not come from text.
    pub const NONE: Span = Span {
        start: 0,
        end: 0,
        line: 0,
        col: 0,
    };

    pub fn is_none(&self) -> bool {
        self.line == 0
    }

    /// The byte range, for diagnostics renderers.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Display for Span {
    /// `line:col`, or nothing for [`Span::NONE`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_none() {
            Ok(())
        } else {
            write!(f, "{}:{}", self.line, self.col)
        }
    }
}
