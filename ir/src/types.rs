//! Value types, signatures and memory-access widths.
//!
//! LIR has four value types. `ptr` is only a spelling of the target's pointer type
//! (`i32` on wasm32), so it never appears as a separate variant.

use std::fmt;

/// A value type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Type {
    I32,
    I64,
    F32,
    F64,
}

impl Type {
    /// The pointer type of wasm32, written `ptr` in text.
    pub const PTR: Type = Type::I32;

    /// All types, in canonical order.
    pub const ALL: [Type; 4] = [Type::I32, Type::I64, Type::F32, Type::F64];

    pub fn is_int(self) -> bool {
        matches!(self, Type::I32 | Type::I64)
    }

    pub fn is_float(self) -> bool {
        !self.is_int()
    }

    /// Width in bits.
    pub fn bits(self) -> u32 {
        match self {
            Type::I32 | Type::F32 => 32,
            Type::I64 | Type::F64 => 64,
        }
    }

    /// Width in bytes.
    pub fn bytes(self) -> u32 {
        self.bits() / 8
    }

    /// The text name (`i32`, `i64`, `f32`, `f64`).
    pub fn name(self) -> &'static str {
        match self {
            Type::I32 => "i32",
            Type::I64 => "i64",
            Type::F32 => "f32",
            Type::F64 => "f64",
        }
    }

    /// Parses a type name; `ptr` is accepted as an alias of `i32`.
    pub fn from_name(s: &str) -> Option<Type> {
        Some(match s {
            "i32" | "ptr" => Type::I32,
            "i64" => Type::I64,
            "f32" => Type::F32,
            "f64" => Type::F64,
            _ => return None,
        })
    }

    /// The integer type of the same width (for bit casts).
    pub fn int_of_same_width(self) -> Type {
        if self.bits() == 32 {
            Type::I32
        } else {
            Type::I64
        }
    }

    /// The float type of the same width (for bit casts).
    pub fn float_of_same_width(self) -> Type {
        if self.bits() == 32 {
            Type::F32
        } else {
            Type::F64
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A function signature: parameter and result types.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Signature {
    pub params: Vec<Type>,
    pub results: Vec<Type>,
}

impl Signature {
    /// Creates a signature from parameter and result types.
    ///
    /// ```
    /// use lir::{Signature, Type};
    /// let sig = Signature::new([Type::I32, Type::I32], [Type::I64]);
    /// assert_eq!(sig.to_string(), "(i32, i32) -> i64");
    /// ```
    pub fn new(
        params: impl IntoIterator<Item = Type>,
        results: impl IntoIterator<Item = Type>,
    ) -> Self {
        Signature {
            params: params.into_iter().collect(),
            results: results.into_iter().collect(),
        }
    }
}

/// Prints the result part of a signature: nothing, ` -> T` or ` -> (T, U)`.
pub(crate) struct ResultsDisplay<'a>(pub &'a [Type]);

impl fmt::Display for ResultsDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [t] => write!(f, " -> {t}"),
            ts => {
                f.write_str(" -> (")?;
                write_list(f, ts)?;
                f.write_str(")")
            }
        }
    }
}

/// Writes each item's `Display` on its own line (no trailing newline).
pub(crate) fn write_lines<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str("\n")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// Writes `a, b, c` using each item's `Display`.
pub(crate) fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        write_list(f, &self.params)?;
        write!(f, "){}", ResultsDisplay(&self.results))
    }
}

/// How many bits a load reads or a store writes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum MemWidth {
    W8,
    W16,
    W32,
    W64,
}

impl MemWidth {
    pub fn bits(self) -> u32 {
        match self {
            MemWidth::W8 => 8,
            MemWidth::W16 => 16,
            MemWidth::W32 => 32,
            MemWidth::W64 => 64,
        }
    }

    pub fn bytes(self) -> u32 {
        self.bits() / 8
    }

    pub fn from_bits(bits: u32) -> Option<MemWidth> {
        Some(match bits {
            8 => MemWidth::W8,
            16 => MemWidth::W16,
            32 => MemWidth::W32,
            64 => MemWidth::W64,
            _ => return None,
        })
    }

    /// The full width of a value type.
    pub fn of(ty: Type) -> MemWidth {
        if ty.bits() == 32 {
            MemWidth::W32
        } else {
            MemWidth::W64
        }
    }
}
