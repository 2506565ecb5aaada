//! A byte-driven source of choices (in the manner of `arbitrary::Unstructured`): each
//! choice reads bytes, and an exhausted source answers 0, which is always the smallest
//! choice. Shrinking the bytes therefore shrinks the generated module.
//!
//! Also owns the random literals and names the generator uses.

use lir::{Imm, Type};
use std::collections::HashSet;

pub struct Source<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Source<'a> {
    pub fn new(bytes: &'a [u8]) -> Source<'a> {
        Source { bytes, pos: 0 }
    }

    pub fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    pub fn exhausted(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let raw = if n <= 256 {
            self.byte() as usize
        } else {
            self.u32() as usize
        };
        raw % n
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability about `percent`%, false when exhausted.
    pub fn chance(&mut self, percent: u8) -> bool {
        !self.exhausted() && (self.byte() % 100) < percent
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    pub fn u64(&mut self) -> u64 {
        (self.u32() as u64) << 32 | self.u32() as u64
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn ty(&mut self) -> Type {
        self.pick(&Type::ALL)
    }

    pub fn int_type(&mut self) -> Type {
        self.pick(&[Type::I32, Type::I64])
    }

    /// Some small power of two up to `max`.
    pub fn power_of_two(&mut self, max: u32) -> u32 {
        let steps = max.trailing_zeros() as usize;
        1 << self.below(steps + 1)
    }

    /// A constant of `ty`, biased towards edge cases (extremes, -0.0, NaN payloads).
    pub fn imm(&mut self, ty: Type) -> Imm {
        let bits: u64 = match (ty, self.below(8)) {
            (_, 0) => 0,
            (Type::I32 | Type::I64, 1) => 1,
            (Type::I32 | Type::I64, 2) => u64::MAX,
            (Type::I32, 3) => 0x8000_0000,
            (Type::I64, 3) => 1 << 63,
            (Type::I32 | Type::I64, 4) => self.below(1000) as u64,
            (Type::F32, 1) => 1.5f32.to_bits() as u64,
            (Type::F64, 1) => (-2.25f64).to_bits(),
            (Type::F32, 2) => 0x8000_0000,           // -0.0
            (Type::F64, 2) => 0x7ff0_0000_0000_0000, // inf
            (Type::F32, 3) => 0x7fc0_0000 | self.below(3) as u64, // NaNs with payloads
            (Type::F64, 3) => 0xfff8_0000_0000_0001,
            (Type::F32, 4) => 1, // smallest subnormal
            (Type::F64, 4) => 1e300f64.to_bits(),
            _ => self.u64(),
        };
        Imm::new(ty, bits)
    }

    /// Arbitrary bytes for string literals: escapes, controls, UTF-8 and invalid UTF-8.
    pub fn bytes(&mut self) -> Vec<u8> {
        const PIECES: &[&[u8]] = &[
            b"a",
            b"Hello",
            b"\"",
            b"\\",
            b"\n",
            b"\t",
            b"\r",
            b"\0",
            b"\x01",
            b"\xff",
            "é".as_bytes(),
            b";",
            b" ",
        ];
        (0..self.below(6))
            .flat_map(|_| self.pick(PIECES))
            .copied()
            .collect()
    }

    /// A UTF-8 string (export and import names).
    pub fn text(&mut self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }
}

/// Makes names unique within one namespace, from a pool of awkward but valid spellings.
#[derive(Default)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// A fresh name starting with one of `bases` (each a valid name start).
    pub fn fresh(
        &mut self,
        src: &mut Source,
        bases: &[&str],
        valid: impl Fn(&str) -> bool,
    ) -> String {
        let base = src.pick(bases);
        let mut candidate = base.to_string();
        let mut counter = 0;
        while self.taken.contains(&candidate) || !valid(&candidate) {
            counter += 1;
            candidate = format!("{base}{counter}");
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// `candidate`, or `candidate` with a number appended if it is taken; claims it.
    pub fn claim(&mut self, candidate: String) -> String {
        let mut name = candidate.clone();
        let mut counter = 0;
        while !self.taken.insert(name.clone()) {
            counter += 1;
            name = format!("{candidate}{counter}");
        }
        name
    }
}

/// Spellings of `@names` (all valid, none `__heap_base`).
pub const GLOBAL_NAMES: &[&str] = &[
    "f", "main", "data.x", "$g", "_t", "a$.9", "nan", "ptr", "i32",
];
/// Spellings of `%names` (all valid, none digit-only or `bbN`).
pub const VALUE_NAMES: &[&str] = &["x", "acc", "1a", "a.b", "$t", "_", "nan", "inf", "i.2"];
/// Spellings of block labels, including words that are also keywords or literals.
pub const BLOCK_LABELS: &[&str] = &[
    "entry", "loop", "nan", "inf", "data", "ret", "slot", "align", "x.1", "$L", "_b",
];
