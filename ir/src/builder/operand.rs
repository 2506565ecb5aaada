//! Operands of builder methods: a [`Value`] or a literal that becomes a constant of the
//! type the operation needs, as in LIR text (`add %x, 1`).
//!
//! This module owns the conversion of literals to constant values and the small
//! [`MemArg`] conveniences. It does not check types: a literal that cannot have the
//! needed type (a float where an integer is required) becomes a constant of its own
//! type, and the verifier reports the mismatch.

use crate::entities::Value;
use crate::function::Function;
use crate::imm::Imm;
use crate::inst::MemArg;
use crate::types::Type;

/// A scalar operand of a builder method: a value, a typed immediate, or an untyped
/// literal.
///
/// Untyped literals (`Int`, `Float`) take the type the operand needs, like literals in
/// LIR text: the type of the other operand of a binary operation, compare or `select`,
/// the global's type for `global.set`, `i32` for addresses, lengths and conditions.
/// Where nothing fixes the type (every operand is an untyped literal), integers are
/// `i32` and floats `f64`. An integer literal used as a float becomes that float
/// (`2` is `2.0`).
///
/// Rust integers convert to `Int`, `f64` to `Float`; an `f32` converts to a typed
/// `f32` immediate, and an [`Imm`] always keeps its own type.
///
/// ```
/// use lir::builder::Operand;
/// use lir::Imm;
/// assert_eq!(Operand::from(7), Operand::Int(7));
/// assert_eq!(Operand::from(1.5), Operand::Float(1.5));
/// assert_eq!(Operand::from(1.5f32), Operand::Imm(Imm::f32(1.5)));
/// ```
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Operand {
    /// An SSA value.
    Value(Value),
    /// A constant of a fixed type.
    Imm(Imm),
    /// An integer literal; it takes the type the operand needs.
    Int(i64),
    /// A float literal; it takes the float type the operand needs.
    Float(f64),
}

impl Operand {
    /// The operand's type if it carries one (values and typed immediates).
    pub fn known_type(self, func: &Function) -> Option<Type> {
        match self {
            Operand::Value(v) => Some(func.value_type(v)),
            Operand::Imm(imm) => Some(imm.ty()),
            Operand::Int(_) | Operand::Float(_) => None,
        }
    }

    /// The operand as a value, creating the constant for a literal as a `ty`.
    pub fn to_value(self, func: &mut Function, ty: Type) -> Value {
        let imm = match (self, ty) {
            (Operand::Value(v), _) => return v,
            (Operand::Imm(imm), _) => imm,
            (Operand::Int(n), Type::I32 | Type::I64) => Imm::new(ty, n as u64),
            (Operand::Int(n), Type::F32) => Imm::f32(n as f32),
            (Operand::Int(n), Type::F64) => Imm::f64(n as f64),
            (Operand::Float(x), Type::F32) => Imm::f32(x as f32),
            // A float where an integer is needed keeps its float type: the verifier
            // reports the mismatch.
            (Operand::Float(x), _) => Imm::f64(x),
        };
        func.const_value(imm)
    }
}

/// The type shared by the operands of a binary operation, compare or `select` arms:
/// the first typed operand's, else `i32` (or `f64` if a float literal is among them).
pub(crate) fn common_type(func: &Function, operands: &[Operand]) -> Type {
    operands
        .iter()
        .find_map(|op| op.known_type(func))
        .unwrap_or_else(|| {
            if operands.iter().any(|op| matches!(op, Operand::Float(_))) {
                Type::F64
            } else {
                Type::I32
            }
        })
}

/// The operand's own type, or `default` for an untyped literal (`f64` for a float
/// literal where `default` is an integer type).
pub(crate) fn type_or(func: &Function, op: Operand, default: Type) -> Type {
    op.known_type(func).unwrap_or(match op {
        Operand::Float(_) if default.is_int() => Type::F64,
        _ => default,
    })
}

impl From<Value> for Operand {
    fn from(v: Value) -> Operand {
        Operand::Value(v)
    }
}

impl From<&Value> for Operand {
    fn from(v: &Value) -> Operand {
        Operand::Value(*v)
    }
}

impl From<Imm> for Operand {
    fn from(imm: Imm) -> Operand {
        Operand::Imm(imm)
    }
}

macro_rules! int_operand {
    ($($t:ty),*) => {$(
        impl From<$t> for Operand {
            fn from(n: $t) -> Operand {
                Operand::Int(n as i64)
            }
        }
    )*};
}
int_operand!(i8, i16, i32, i64, u8, u16, u32, u64);

impl From<bool> for Operand {
    fn from(b: bool) -> Operand {
        Operand::Int(b as i64)
    }
}

impl From<f64> for Operand {
    fn from(x: f64) -> Operand {
        Operand::Float(x)
    }
}

impl From<f32> for Operand {
    fn from(x: f32) -> Operand {
        Operand::Imm(Imm::f32(x))
    }
}

impl MemArg {
    /// `[addr + offset]` with the natural alignment.
    pub fn offset(offset: u32) -> MemArg {
        MemArg {
            offset,
            align: None,
            volatile: false,
        }
    }

    /// The same access with an alignment hint (a power of two no larger than the
    /// access width; the verifier checks it).
    ///
    /// ```
    /// use lir::MemArg;
    /// let mem = MemArg::offset(4).with_align(2);
    /// assert_eq!((mem.offset, mem.align), (4, Some(2)));
    /// ```
    pub fn with_align(self, align: u32) -> MemArg {
        MemArg {
            align: Some(align),
            ..self
        }
    }

    /// The same access, volatile (C's `volatile`: never removed, merged or reordered
    /// with other volatile accesses by any optimization).
    ///
    /// ```
    /// use lir::MemArg;
    /// assert!(MemArg::offset(0).volatile().volatile);
    /// ```
    pub fn volatile(self) -> MemArg {
        MemArg {
            volatile: true,
            ..self
        }
    }
}

/// A bare offset is `[addr + offset]` with the natural alignment: `b.load(ty, p, 8)`.
impl From<u32> for MemArg {
    fn from(offset: u32) -> MemArg {
        MemArg::offset(offset)
    }
}
