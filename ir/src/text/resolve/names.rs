//! The names of one function's values (`%x`) or blocks (`loop`): what each stands
//! for and where it is defined.
//!
//! The printer names values `%0`, `%1`, … and blocks `bb0`, `bb1`, …, so most texts
//! (all printed or generated ones) use such names only. Those live in a table indexed
//! by their number, without hashing; other names (and numbers too large for the
//! table) in a hash map. A number is only taken in its canonical spelling: `%01` is
//! another name than `%1`, and goes to the map.

use crate::span::Span;
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

/// Names of values (`%N`), or of blocks (`bbN`) when `BLOCKS`.
pub(super) struct NameTable<'a, T, const BLOCKS: bool> {
    /// By number, for numbers below its length.
    numbered: Vec<Option<(T, Span)>>,
    named: HashMap<&'a str, (T, Span)>,
}

impl<'a, T: Copy, const BLOCKS: bool> NameTable<'a, T, BLOCKS> {
    pub(super) fn new() -> NameTable<'a, T, BLOCKS> {
        NameTable {
            numbered: Vec::new(),
            named: HashMap::default(),
        }
    }

    /// Room for about `count` names; numbers up to a few times that many go to the
    /// table (a text may skip numbers, but a stray `%9999999` must not cost memory).
    pub(super) fn reserve(&mut self, count: usize) {
        self.numbered
            .resize(count.saturating_mul(2).saturating_add(16), None);
    }

    /// What `name` stands for, and where it is defined.
    #[inline]
    pub(super) fn get(&self, name: &str) -> Option<(T, Span)> {
        match self.number(name) {
            Some(number) => self.numbered[number],
            None => self.named.get(name).copied(),
        }
    }

    /// Defines `name`, unless it is defined already: then returns where.
    pub(super) fn define(&mut self, name: &'a str, item: T, span: Span) -> Result<(), Span> {
        match self.number(name) {
            Some(number) => match &mut self.numbered[number] {
                Some((_, first)) => Err(*first),
                slot => {
                    *slot = Some((item, span));
                    Ok(())
                }
            },
            None => match self.named.entry(name) {
                Entry::Occupied(first) => Err(first.get().1),
                Entry::Vacant(slot) => {
                    slot.insert((item, span));
                    Ok(())
                }
            },
        }
    }

    /// The table index of `name`: its number, if canonical and below the table's size.
    #[inline]
    fn number(&self, name: &str) -> Option<usize> {
        // (A constant prefix: comparing with a runtime one calls `memcmp`.)
        let digits = match BLOCKS {
            true => name.as_bytes().strip_prefix(b"bb")?,
            false => name.as_bytes(),
        };
        let (&first, rest) = digits.split_first()?;
        if !first.is_ascii_digit() || (first == b'0' && !rest.is_empty()) || rest.len() > 8 {
            return None;
        }
        let mut number = usize::from(first - b'0');
        for &b in rest {
            if !b.is_ascii_digit() {
                return None;
            }
            number = number * 10 + usize::from(b - b'0');
        }
        (number < self.numbered.len()).then_some(number)
    }
}
