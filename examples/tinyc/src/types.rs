//! C types of the subset on wasm32 (ILP32): integer kinds, floats, pointers, arrays,
//! functions and struct/union references, with their sizes, alignments, the integer
//! promotions, the usual arithmetic conversions and the mapping to LIR types.
//! Struct and union layouts live in [`crate::layout`].

use std::rc::Rc;

/// The integer types, `_Bool` and the char types included.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum IntKind {
    Bool,
    Char,
    SChar,
    UChar,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    LLong,
    ULLong,
}

impl IntKind {
    pub fn size(self) -> u32 {
        use IntKind::*;
        match self {
            Bool | Char | SChar | UChar => 1,
            Short | UShort => 2,
            Int | UInt | Long | ULong => 4,
            LLong | ULLong => 8,
        }
    }

    pub fn signed(self) -> bool {
        use IntKind::*;
        matches!(self, Char | SChar | Short | Int | Long | LLong)
    }

    /// The conversion rank (C11 6.3.1.1).
    pub fn rank(self) -> u32 {
        use IntKind::*;
        match self {
            Bool => 0,
            Char | SChar | UChar => 1,
            Short | UShort => 2,
            Int | UInt => 3,
            Long | ULong => 4,
            LLong | ULLong => 5,
        }
    }

    pub fn to_unsigned(self) -> IntKind {
        use IntKind::*;
        match self {
            Char | SChar => UChar,
            Short => UShort,
            Int => UInt,
            Long => ULong,
            LLong => ULLong,
            other => other,
        }
    }

    pub fn name(self) -> &'static str {
        use IntKind::*;
        match self {
            Bool => "_Bool",
            Char => "char",
            SChar => "signed char",
            UChar => "unsigned char",
            Short => "short",
            UShort => "unsigned short",
            Int => "int",
            UInt => "unsigned int",
            Long => "long",
            ULong => "unsigned long",
            LLong => "long long",
            ULLong => "unsigned long long",
        }
    }
}

/// A function type.
#[derive(Clone, PartialEq, Debug)]
pub struct FuncTy {
    pub ret: Ty,
    pub params: Vec<Ty>,
    pub variadic: bool,
    /// False for `int f()`: the parameters are unknown.
    pub has_proto: bool,
}

/// A C type. Qualifiers are not part of it, except that a pointer remembers whether
/// it points to a volatile object.
#[derive(Clone, PartialEq, Debug)]
pub enum Ty {
    Void,
    Int(IntKind),
    Float,
    Double,
    /// Pointee and whether the pointee is volatile.
    Ptr(Box<Ty>, bool),
    /// Element type and length (`None` for `T[]` before an initializer fixes it).
    Array(Box<Ty>, Option<u32>),
    Func(Rc<FuncTy>),
    /// A struct or union, by index into the layout table.
    Struct(u32),
}

pub const INT: Ty = Ty::Int(IntKind::Int);
pub const UINT: Ty = Ty::Int(IntKind::UInt);
pub const LONG: Ty = Ty::Int(IntKind::Long);
pub const ULONG: Ty = Ty::Int(IntKind::ULong);
pub const CHAR: Ty = Ty::Int(IntKind::Char);

impl Ty {
    pub fn ptr_to(ty: Ty) -> Ty {
        Ty::Ptr(Box::new(ty), false)
    }

    pub fn is_int(&self) -> bool {
        matches!(self, Ty::Int(_))
    }

    pub fn is_float(&self) -> bool {
        matches!(self, Ty::Float | Ty::Double)
    }

    pub fn is_arith(&self) -> bool {
        self.is_int() || self.is_float()
    }

    pub fn is_ptr(&self) -> bool {
        matches!(self, Ty::Ptr(..))
    }

    pub fn is_scalar(&self) -> bool {
        self.is_arith() || self.is_ptr()
    }

    pub fn is_void(&self) -> bool {
        matches!(self, Ty::Void)
    }

    pub fn is_struct(&self) -> bool {
        matches!(self, Ty::Struct(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Ty::Array(..))
    }

    pub fn is_func(&self) -> bool {
        matches!(self, Ty::Func(_))
    }

    pub fn is_signed(&self) -> bool {
        match self {
            Ty::Int(k) => k.signed(),
            Ty::Float | Ty::Double => true,
            _ => false,
        }
    }

    /// The type a pointer or array points to.
    pub fn pointee(&self) -> Option<&Ty> {
        match self {
            Ty::Ptr(t, _) | Ty::Array(t, _) => Some(t),
            _ => None,
        }
    }

    /// The function type of a function or pointer to function.
    pub fn func_ty(&self) -> Option<&Rc<FuncTy>> {
        match self {
            Ty::Func(f) => Some(f),
            Ty::Ptr(t, _) => match &**t {
                Ty::Func(f) => Some(f),
                _ => None,
            },
            _ => None,
        }
    }

    /// The LIR type of a scalar value of this type (structs and arrays are handled
    /// by address, so they map to `ptr` too).
    pub fn lir(&self) -> lir::Type {
        match self {
            Ty::Int(k) if k.size() == 8 => lir::Type::I64,
            Ty::Float => lir::Type::F32,
            Ty::Double => lir::Type::F64,
            _ => lir::Type::I32,
        }
    }
}

/// The integer promotion of an arithmetic type (C11 6.3.1.1).
pub fn promoted(ty: &Ty) -> Ty {
    match ty {
        Ty::Int(k) if k.rank() < IntKind::Int.rank() => INT,
        other => other.clone(),
    }
}

/// The common type of the usual arithmetic conversions (C11 6.3.1.8).
pub fn usual_arith(a: &Ty, b: &Ty) -> Ty {
    if matches!(a, Ty::Double) || matches!(b, Ty::Double) {
        return Ty::Double;
    }
    if matches!(a, Ty::Float) || matches!(b, Ty::Float) {
        return Ty::Float;
    }
    let (Ty::Int(x), Ty::Int(y)) = (promoted(a), promoted(b)) else {
        return INT;
    };
    if x == y {
        return Ty::Int(x);
    }
    if x.signed() == y.signed() {
        return Ty::Int(if x.rank() >= y.rank() { x } else { y });
    }
    let (s, u) = if x.signed() { (x, y) } else { (y, x) };
    if u.rank() >= s.rank() {
        Ty::Int(u)
    } else if s.size() > u.size() {
        Ty::Int(s)
    } else {
        Ty::Int(s.to_unsigned())
    }
}
