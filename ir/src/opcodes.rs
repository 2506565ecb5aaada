//! The operation enums of the instruction set and their text names.
//!
//! Integer and float operations that share a name (`add`, `eq`, …) share a variant;
//! which types an operation accepts is answered by [`BinaryOp::accepts`] and friends,
//! and enforced by the verifier.

use crate::types::Type;

macro_rules! named_ops {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every operation of this group.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The mnemonic used in text.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// Looks an operation up by its mnemonic.
            pub fn from_name(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

named_ops! {
    /// Two operands and one result of the same type.
    BinaryOp {
        Add = "add", Sub = "sub", Mul = "mul",
        DivS = "div_s", DivU = "div_u", RemS = "rem_s", RemU = "rem_u",
        And = "and", Or = "or", Xor = "xor",
        Shl = "shl", ShrS = "shr_s", ShrU = "shr_u", Rotl = "rotl", Rotr = "rotr",
        Div = "div", Min = "min", Max = "max", Copysign = "copysign",
    }
}

impl BinaryOp {
    /// Whether the operation is defined on operands of `ty`.
    pub fn accepts(self, ty: Type) -> bool {
        use BinaryOp::*;
        match self {
            Add | Sub | Mul => true,
            Div | Min | Max | Copysign => ty.is_float(),
            _ => ty.is_int(),
        }
    }

    /// Whether the operation can trap (integer division and remainder).
    pub fn can_trap(self, ty: Type) -> bool {
        use BinaryOp::*;
        ty.is_int() && matches!(self, DivS | DivU | RemS | RemU)
    }

    /// Whether `a op b == b op a` for every operand pair.
    pub fn is_commutative(self) -> bool {
        use BinaryOp::*;
        matches!(self, Add | Mul | And | Or | Xor | Min | Max)
    }
}

named_ops! {
    /// One operand; the result has the operand's type, except `eqz` (→ i32).
    UnaryOp {
        Clz = "clz", Ctz = "ctz", Popcnt = "popcnt", Eqz = "eqz",
        Abs = "abs", Neg = "neg", Sqrt = "sqrt", Ceil = "ceil", Floor = "floor",
        Trunc = "trunc", Nearest = "nearest",
    }
}

impl UnaryOp {
    pub fn accepts(self, ty: Type) -> bool {
        use UnaryOp::*;
        match self {
            Clz | Ctz | Popcnt | Eqz => ty.is_int(),
            _ => ty.is_float(),
        }
    }

    /// The result type for an operand of type `ty`.
    pub fn result_type(self, ty: Type) -> Type {
        if self == UnaryOp::Eqz {
            Type::I32
        } else {
            ty
        }
    }
}

named_ops! {
    /// Two operands of the same type; the result is an i32 that is 0 or 1.
    CompareOp {
        Eq = "eq", Ne = "ne",
        LtS = "lt_s", LtU = "lt_u", GtS = "gt_s", GtU = "gt_u",
        LeS = "le_s", LeU = "le_u", GeS = "ge_s", GeU = "ge_u",
        Lt = "lt", Gt = "gt", Le = "le", Ge = "ge",
    }
}

impl CompareOp {
    pub fn accepts(self, ty: Type) -> bool {
        use CompareOp::*;
        match self {
            Eq | Ne => true,
            Lt | Gt | Le | Ge => ty.is_float(),
            _ => ty.is_int(),
        }
    }

    /// The comparison with its operands swapped: `a < b` is `b > a`.
    ///
    /// ```
    /// use lir::CompareOp;
    /// assert_eq!(CompareOp::LtS.swapped(), CompareOp::GtS);
    /// assert_eq!(CompareOp::Eq.swapped(), CompareOp::Eq);
    /// ```
    pub fn swapped(self) -> CompareOp {
        use CompareOp::*;
        match self {
            LtS => GtS,
            LtU => GtU,
            GtS => LtS,
            GtU => LtU,
            LeS => GeS,
            LeU => GeU,
            GeS => LeS,
            GeU => LeU,
            Lt => Gt,
            Gt => Lt,
            Le => Ge,
            Ge => Le,
            Eq | Ne => self,
        }
    }

    /// The comparison that is true exactly when this one is false, for operands of
    /// type `ty`, if there is one: every integer comparison, and `eq`/`ne` of floats
    /// (ordered float comparisons are false for NaN both ways, so they have no exact
    /// inverse).
    ///
    /// ```
    /// use lir::{CompareOp, Type};
    /// assert_eq!(CompareOp::LtU.inverse(Type::I32), Some(CompareOp::GeU));
    /// assert_eq!(CompareOp::Lt.inverse(Type::F64), None);
    /// ```
    pub fn inverse(self, ty: Type) -> Option<CompareOp> {
        use CompareOp::*;
        Some(match self {
            Eq => Ne,
            Ne => Eq,
            _ if ty.is_float() => return None,
            LtS => GeS,
            GeS => LtS,
            LtU => GeU,
            GeU => LtU,
            GtS => LeS,
            LeS => GtS,
            GtU => LeU,
            LeU => GtU,
            Lt | Gt | Le | Ge => return None,
        })
    }
}

/// Conversions between types. Operations written with a type suffix in text
/// (`trunc_s.i32`, `convert_u.f64`, `bitcast.f32`) carry their result type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum ConvertOp {
    /// i64 → i32, keeping the low bits.
    Wrap,
    /// i32 → i64, sign-extending.
    ExtendS,
    /// i32 → i64, zero-extending.
    ExtendU,
    /// Sign-extends the low 8 bits (i32 → i32 or i64 → i64).
    Extend8S,
    /// Sign-extends the low 16 bits (i32 → i32 or i64 → i64).
    Extend16S,
    /// Sign-extends the low 32 bits (i64 → i64).
    Extend32S,
    /// Float → signed integer, trapping on NaN and out-of-range values.
    TruncS(Type),
    /// Float → unsigned integer, trapping on NaN and out-of-range values.
    TruncU(Type),
    /// Float → signed integer, saturating (NaN → 0).
    TruncSatS(Type),
    /// Float → unsigned integer, saturating (NaN → 0).
    TruncSatU(Type),
    /// Signed integer → float.
    ConvertS(Type),
    /// Unsigned integer → float.
    ConvertU(Type),
    /// f32 → f64.
    Promote,
    /// f64 → f32.
    Demote,
    /// Reinterprets the bits as another type of the same width.
    Bitcast(Type),
}

impl ConvertOp {
    /// The mnemonic without the type suffix (`trunc_sat_s`).
    pub fn name(self) -> &'static str {
        use ConvertOp::*;
        match self {
            Wrap => "wrap",
            ExtendS => "extend_s",
            ExtendU => "extend_u",
            Extend8S => "extend8_s",
            Extend16S => "extend16_s",
            Extend32S => "extend32_s",
            TruncS(_) => "trunc_s",
            TruncU(_) => "trunc_u",
            TruncSatS(_) => "trunc_sat_s",
            TruncSatU(_) => "trunc_sat_u",
            ConvertS(_) => "convert_s",
            ConvertU(_) => "convert_u",
            Promote => "promote",
            Demote => "demote",
            Bitcast(_) => "bitcast",
        }
    }

    /// The type suffix the mnemonic carries, if any.
    pub fn suffix(self) -> Option<Type> {
        use ConvertOp::*;
        match self {
            TruncS(t) | TruncU(t) | TruncSatS(t) | TruncSatU(t) | ConvertS(t) | ConvertU(t)
            | Bitcast(t) => Some(t),
            _ => None,
        }
    }

    /// Builds an operation from its mnemonic and optional suffix; `None` if the
    /// mnemonic is unknown or the suffix is missing, superfluous or of the wrong kind.
    pub fn from_parts(name: &str, suffix: Option<Type>) -> Option<ConvertOp> {
        use ConvertOp::*;
        let op = match (name, suffix) {
            ("wrap", None) => Wrap,
            ("extend_s", None) => ExtendS,
            ("extend_u", None) => ExtendU,
            ("extend8_s", None) => Extend8S,
            ("extend16_s", None) => Extend16S,
            ("extend32_s", None) => Extend32S,
            ("promote", None) => Promote,
            ("demote", None) => Demote,
            ("trunc_s", Some(t)) if t.is_int() => TruncS(t),
            ("trunc_u", Some(t)) if t.is_int() => TruncU(t),
            ("trunc_sat_s", Some(t)) if t.is_int() => TruncSatS(t),
            ("trunc_sat_u", Some(t)) if t.is_int() => TruncSatU(t),
            ("convert_s", Some(t)) if t.is_float() => ConvertS(t),
            ("convert_u", Some(t)) if t.is_float() => ConvertU(t),
            ("bitcast", Some(t)) => Bitcast(t),
            _ => return None,
        };
        Some(op)
    }

    /// Every conversion mnemonic, without its type suffixes.
    pub const NAMES: [&'static str; 15] = [
        "wrap",
        "extend_s",
        "extend_u",
        "extend8_s",
        "extend16_s",
        "extend32_s",
        "promote",
        "demote",
        "trunc_s",
        "trunc_u",
        "trunc_sat_s",
        "trunc_sat_u",
        "convert_s",
        "convert_u",
        "bitcast",
    ];

    /// Whether `name` is a conversion mnemonic (with or without a suffix).
    pub fn is_name(name: &str) -> bool {
        ConvertOp::NAMES.contains(&name)
    }

    /// Whether the operation can trap (the non-saturating float → int truncations).
    pub fn can_trap(self) -> bool {
        matches!(self, ConvertOp::TruncS(_) | ConvertOp::TruncU(_))
    }

    /// The result type for an operand of type `from`, or `None` if the operand type is
    /// not accepted.
    pub fn result_type(self, from: Type) -> Option<Type> {
        use ConvertOp::*;
        use Type::*;
        match (self, from) {
            (Wrap, I64) => Some(I32),
            (ExtendS | ExtendU, I32) => Some(I64),
            (Extend8S | Extend16S, I32 | I64) => Some(from),
            (Extend32S, I64) => Some(I64),
            (TruncS(t) | TruncU(t) | TruncSatS(t) | TruncSatU(t), F32 | F64) => Some(t),
            (ConvertS(t) | ConvertU(t), I32 | I64) => Some(t),
            (Promote, F32) => Some(F64),
            (Demote, F64) => Some(F32),
            (Bitcast(t), _) if t != from && t.bits() == from.bits() => Some(t),
            _ => None,
        }
    }
}
