//! String literal pooling: which data object, at which offset, holds each string
//! literal the program uses. C leaves open whether two literals with the same bytes
//! are one object; clang's build makes them one, and its linker (wasm-ld, on the
//! mergeable C-string section) also places a literal that is the tail of another
//! inside it, so `"tail" == "detail" + 2`. This module reproduces both, so pointer
//! comparisons of literals print what clang's build prints:
//!
//! - literals with the same bytes share one object;
//! - a C string (no `\0` before its terminator) that ends another C string points
//!   into that one; literals with an embedded `\0`, and `""` (all zero bytes), are
//!   never tail-merged, as LLVM leaves them out of the mergeable section.
//!
//! It only decides the layout; declaring the objects is the caller's job, and the
//! literals' contents are never written (their objects are `readonly`).

use lir::{Data, DataObject, Module};
use std::collections::{BTreeSet, HashMap};

/// Where a string literal lives: its object and the offset of its first byte.
pub type StrPlace = (Data, u32);

/// Declares one read-only object per pooled literal of `used` (ids into `strings`,
/// each with its terminating `\0`) and returns where each literal lives.
pub fn pool(
    module: &mut Module,
    strings: &[Vec<u8>],
    used: &BTreeSet<usize>,
) -> HashMap<usize, StrPlace> {
    // Distinct contents, each named after the first literal that has it.
    let mut first_with: HashMap<&[u8], usize> = HashMap::new();
    for &id in used {
        first_with.entry(strings[id].as_slice()).or_insert(id);
    }
    let mut distinct: Vec<usize> = first_with.values().copied().collect();
    // Reversed-byte order puts every C string right before the strings it ends
    // (its reversal is their prefix); walking back from the end, each string either
    // ends the current root or becomes the root.
    distinct.sort_by(|&a, &b| strings[a].iter().rev().cmp(strings[b].iter().rev()));
    let mut host: HashMap<usize, (usize, u32)> = HashMap::new();
    let mut root: Option<usize> = None;
    for &id in distinct.iter().rev() {
        let s = &strings[id];
        if !is_c_string(s) {
            host.insert(id, (id, 0));
            continue;
        }
        match root {
            Some(r) if strings[r].ends_with(s) => {
                host.insert(id, (r, (strings[r].len() - s.len()) as u32));
            }
            _ => {
                root = Some(id);
                host.insert(id, (id, 0));
            }
        }
    }
    let mut objects: HashMap<usize, Data> = HashMap::new();
    for &id in &distinct {
        let (r, _) = host[&id];
        objects.entry(r).or_insert_with(|| {
            let obj = DataObject::string(&format!(".str.{r}"), &strings[r]).read_only();
            module.declare_data(obj)
        });
    }
    used.iter()
        .map(|&id| {
            let (r, off) = host[&first_with[strings[id].as_slice()]];
            (id, (objects[&r], off))
        })
        .collect()
}

/// A literal that LLVM puts in the mergeable C-string section: not empty, and its
/// only `\0` is the terminator.
fn is_c_string(s: &[u8]) -> bool {
    s.len() > 1 && s.iter().position(|&b| b == 0) == Some(s.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    }

    fn places(texts: &[&str]) -> Vec<StrPlace> {
        let strings: Vec<Vec<u8>> = texts.iter().map(|t| lit(t)).collect();
        let used: BTreeSet<usize> = (0..strings.len()).collect();
        let mut module = Module::new();
        let map = pool(&mut module, &strings, &used);
        (0..strings.len()).map(|i| map[&i]).collect()
    }

    #[test]
    fn identical_literals_share_an_object() {
        let p = places(&["same", "other", "same"]);
        assert_eq!(p[0], p[2]);
        assert_ne!(p[0].0, p[1].0);
    }

    #[test]
    fn a_tail_points_into_the_longer_literal() {
        let p = places(&["tail", "detail", "ail", "x"]);
        assert_eq!(p[0], (p[1].0, 2));
        assert_eq!(p[2], (p[1].0, 3));
        assert_eq!(p[1].1, 0);
        assert_ne!(p[3].0, p[1].0);
    }

    #[test]
    fn embedded_nul_is_never_merged_by_tail() {
        let p = places(&["a\0bc", "bc"]);
        assert_ne!(p[0].0, p[1].0);
        assert_eq!((p[0].1, p[1].1), (0, 0));
    }

    #[test]
    fn the_empty_string_is_only_shared_with_itself() {
        let p = places(&["", "abc", ""]);
        assert_ne!(p[0].0, p[1].0);
        assert_eq!(p[0], p[2]);
    }
}
