//! A set of small integers (local numbers) with ordered search, for the free colours of
//! [`crate::locals`]: two levels of bits, one per number and one per non-empty word of
//! those, so inserting and removing touch two words and finding the lowest member at
//! or after a point skips 4,096 numbers per summary bit — no allocation once the set
//! has grown to the largest number it holds (a `BTreeSet` allocated and freed nodes
//! as colours were occupied and released).

/// A set of `u32`s, iterated in increasing order.
#[derive(Default)]
pub(crate) struct FreeSet {
    /// Bit `c % 64` of word `c / 64` is set when `c` is in the set.
    words: Vec<u64>,
    /// Bit `w % 64` of summary word `w / 64` is set when word `w` is not zero.
    summary: Vec<u64>,
}

impl FreeSet {
    /// Empties the set, keeping its allocation.
    pub(crate) fn clear(&mut self) {
        self.words.clear();
        self.summary.clear();
    }

    pub(crate) fn insert(&mut self, c: u32) {
        let w = c as usize / 64;
        if w >= self.words.len() {
            self.words.resize(w + 1, 0);
            self.summary.resize(w / 64 + 1, 0);
        }
        self.words[w] |= 1 << (c % 64);
        self.summary[w / 64] |= 1 << (w % 64);
    }

    pub(crate) fn remove(&mut self, c: u32) {
        let w = c as usize / 64;
        let Some(word) = self.words.get_mut(w) else {
            return;
        };
        *word &= !(1u64 << (c % 64));
        if *word == 0 {
            self.summary[w / 64] &= !(1u64 << (w % 64));
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.summary.iter().all(|&s| s == 0)
    }

    /// The lowest member at or after `from`.
    pub(crate) fn first_from(&self, from: u32) -> Option<u32> {
        let w = from as usize / 64;
        let in_word = self.words.get(w)? & (u64::MAX << (from % 64));
        if in_word != 0 {
            return Some((w * 64) as u32 + in_word.trailing_zeros());
        }
        // The next non-zero word after `w`, through the summary.
        let s = (w + 1) / 64;
        let mut bits = self.summary.get(s)? & u64::MAX.checked_shl(((w + 1) % 64) as u32)?;
        let mut at = s;
        while bits == 0 {
            at += 1;
            bits = *self.summary.get(at)?;
        }
        let word = at * 64 + bits.trailing_zeros() as usize;
        Some((word * 64) as u32 + self.words[word].trailing_zeros())
    }

    /// The members in increasing order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut next = self.first_from(0);
        std::iter::from_fn(move || {
            let c = next?;
            next = c.checked_add(1).and_then(|n| self.first_from(n));
            Some(c)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::FreeSet;
    use std::collections::BTreeSet;

    /// Random inserts and removals across several summary words, checked against a
    /// `BTreeSet` after every step.
    #[test]
    fn agrees_with_an_ordered_set() {
        let mut set = FreeSet::default();
        let mut model = BTreeSet::new();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for step in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Mostly small numbers, sometimes far ones (several summary words).
            let c = if step % 7 == 0 { x % 20_000 } else { x % 300 } as u32;
            if x.is_multiple_of(3) {
                set.remove(c);
                model.remove(&c);
            } else {
                set.insert(c);
                model.insert(c);
            }
            assert_eq!(set.is_empty(), model.is_empty());
            let from = (x >> 20) as u32 % 20_100;
            assert_eq!(set.first_from(from), model.range(from..).next().copied());
            if step % 500 == 0 {
                assert!(set.iter().eq(model.iter().copied()));
            }
        }
        assert!(set.iter().eq(model.iter().copied()));
    }

    #[test]
    fn searches_past_the_end_and_word_edges() {
        let mut set = FreeSet::default();
        assert_eq!(set.first_from(0), None);
        assert!(set.is_empty());
        set.insert(63);
        set.insert(64);
        set.insert(4096 * 2 + 5);
        assert_eq!(set.first_from(0), Some(63));
        assert_eq!(set.first_from(64), Some(64));
        assert_eq!(set.first_from(65), Some(4096 * 2 + 5));
        assert_eq!(set.first_from(4096 * 2 + 6), None);
        assert_eq!(set.first_from(u32::MAX), None);
        set.remove(64);
        set.remove(1_000_000);
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![63, 4096 * 2 + 5]);
    }
}
