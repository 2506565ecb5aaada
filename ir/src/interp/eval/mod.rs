//! The numeric semantics of LIR: what every arithmetic, compare and conversion
//! operation computes, bit for bit, including its traps.
//!
//! This is the single definition the interpreter executes (it resolves each
//! instruction to one of these functions once, when it prepares a function) and that
//! other tools can reuse, e.g. for constant folding: an operation that returns
//! [`EvalError::Trap`] must not be folded. Memory, calls and control flow are not here.
//!
//! ```
//! use lir::interp::eval::{self, EvalError};
//! use lir::{BinaryOp, ConvertOp, Imm, TrapKind, Type};
//!
//! assert_eq!(eval::binary(BinaryOp::Add, Imm::i32(i32::MAX), Imm::i32(1)), Ok(Imm::i32(i32::MIN)));
//! assert_eq!(
//!     eval::binary(BinaryOp::DivS, Imm::i32(1), Imm::i32(0)),
//!     Err(EvalError::Trap(TrapKind::IntegerDivideByZero)),
//! );
//! // NaN results of arithmetic are the canonical NaN.
//! let nan = eval::binary(BinaryOp::Sub, Imm::f32(f32::INFINITY), Imm::f32(f32::INFINITY));
//! assert_eq!(nan.map(Imm::bits), Ok(0x7fc0_0000));
//! assert_eq!(
//!     eval::convert(ConvertOp::TruncSatS(Type::I32), Imm::f64(1e10)),
//!     Ok(Imm::i32(i32::MAX)),
//! );
//! ```

mod convert;
mod float;
mod int;
#[cfg(test)]
mod tests;

use crate::imm::Imm;
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp, UnaryOp};
use crate::trap::TrapKind;
use crate::types::Type;

/// A one-operand operation on raw bits.
pub(crate) type Fn1 = fn(u64) -> u64;
/// A two-operand operation on raw bits.
pub(crate) type Fn2 = fn(u64, u64) -> u64;
/// A one-operand operation that can trap.
pub(crate) type TrapFn1 = fn(u64) -> Result<u64, TrapKind>;
/// A two-operand operation that can trap.
pub(crate) type TrapFn2 = fn(u64, u64) -> Result<u64, TrapKind>;

/// The implementation of a one-operand operation for one operand type.
#[derive(Clone, Copy)]
pub(crate) enum Impl1 {
    Pure(Fn1),
    Trapping(TrapFn1),
}

/// The implementation of a two-operand operation for one operand type.
#[derive(Clone, Copy)]
pub(crate) enum Impl2 {
    Pure(Fn2),
    Trapping(TrapFn2),
}

/// Why an operation could not produce a value.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum EvalError {
    /// The operation traps for these operands.
    #[error("trap: {0}")]
    Trap(TrapKind),
    /// The operation is not defined on operands of this type.
    #[error("`{op}` is not defined on {ty}")]
    Unsupported { op: &'static str, ty: Type },
    /// The two operands have different types.
    #[error("the operands of `{op}` have different types ({left} and {right})")]
    TypeMismatch {
        op: &'static str,
        left: Type,
        right: Type,
    },
}

/// Generates the `match` from an integer [`BinaryOp`] to the functions of module `$m`.
macro_rules! int_binary {
    ($op:expr, $m:ident) => {{
        use BinaryOp::*;
        use Impl2::{Pure, Trapping};
        Some(match $op {
            Add => Pure(int::$m::add),
            Sub => Pure(int::$m::sub),
            Mul => Pure(int::$m::mul),
            DivS => Trapping(int::$m::div_s),
            DivU => Trapping(int::$m::div_u),
            RemS => Trapping(int::$m::rem_s),
            RemU => Trapping(int::$m::rem_u),
            And => Pure(int::$m::and),
            Or => Pure(int::$m::or),
            Xor => Pure(int::$m::xor),
            Shl => Pure(int::$m::shl),
            ShrS => Pure(int::$m::shr_s),
            ShrU => Pure(int::$m::shr_u),
            Rotl => Pure(int::$m::rotl),
            Rotr => Pure(int::$m::rotr),
            Div | Min | Max | Copysign => return None,
        })
    }};
}

/// Generates the `match` from a float [`BinaryOp`] to the functions of module `$m`.
macro_rules! float_binary {
    ($op:expr, $m:ident) => {{
        use BinaryOp::*;
        Some(Impl2::Pure(match $op {
            Add => float::$m::add,
            Sub => float::$m::sub,
            Mul => float::$m::mul,
            Div => float::$m::div,
            Min => float::$m::min,
            Max => float::$m::max,
            Copysign => float::$m::copysign,
            _ => return None,
        }))
    }};
}

/// The implementation of `op` on operands of type `ty`, if it is defined.
pub(crate) fn binary_impl(op: BinaryOp, ty: Type) -> Option<Impl2> {
    match ty {
        Type::I32 => int_binary!(op, i32),
        Type::I64 => int_binary!(op, i64),
        Type::F32 => float_binary!(op, f32),
        Type::F64 => float_binary!(op, f64),
    }
}

/// Generates the `match` from a [`UnaryOp`] to the functions of `$int` or `$float`.
macro_rules! unary_match {
    ($op:expr, int $m:ident) => {{
        use UnaryOp::*;
        Some(match $op {
            Clz => int::$m::clz,
            Ctz => int::$m::ctz,
            Popcnt => int::$m::popcnt,
            Eqz => int::$m::eqz,
            _ => return None,
        })
    }};
    ($op:expr, float $m:ident) => {{
        use UnaryOp::*;
        Some(match $op {
            Abs => float::$m::abs,
            Neg => float::$m::neg,
            Sqrt => float::$m::sqrt,
            Ceil => float::$m::ceil,
            Floor => float::$m::floor,
            Trunc => float::$m::trunc,
            Nearest => float::$m::nearest,
            _ => return None,
        })
    }};
}

/// The implementation of `op` on an operand of type `ty` (no unary operation traps).
pub(crate) fn unary_impl(op: UnaryOp, ty: Type) -> Option<Fn1> {
    match ty {
        Type::I32 => unary_match!(op, int i32),
        Type::I64 => unary_match!(op, int i64),
        Type::F32 => unary_match!(op, float f32),
        Type::F64 => unary_match!(op, float f64),
    }
}

/// Generates the `match` from a [`CompareOp`] to the functions of module `$m`.
macro_rules! compare_match {
    ($op:expr, int $m:ident) => {{
        use CompareOp::*;
        Some(match $op {
            Eq => int::$m::eq,
            Ne => int::$m::ne,
            LtS => int::$m::lt_s,
            LtU => int::$m::lt_u,
            GtS => int::$m::gt_s,
            GtU => int::$m::gt_u,
            LeS => int::$m::le_s,
            LeU => int::$m::le_u,
            GeS => int::$m::ge_s,
            GeU => int::$m::ge_u,
            Lt | Gt | Le | Ge => return None,
        })
    }};
    ($op:expr, float $m:ident) => {{
        use CompareOp::*;
        Some(match $op {
            Eq => float::$m::eq,
            Ne => float::$m::ne,
            Lt => float::$m::lt,
            Gt => float::$m::gt,
            Le => float::$m::le,
            Ge => float::$m::ge,
            _ => return None,
        })
    }};
}

/// The implementation of comparison `op` on operands of type `ty` (the result is 0 or 1).
pub(crate) fn compare_impl(op: CompareOp, ty: Type) -> Option<Fn2> {
    match ty {
        Type::I32 => compare_match!(op, int i32),
        Type::I64 => compare_match!(op, int i64),
        Type::F32 => compare_match!(op, float f32),
        Type::F64 => compare_match!(op, float f64),
    }
}

/// The implementation of conversion `op` from an operand of type `from`.
pub(crate) fn convert_impl(op: ConvertOp, from: Type) -> Option<Impl1> {
    use convert as c;
    use ConvertOp::*;
    use Impl1::{Pure, Trapping};
    use Type::*;
    let to = op.result_type(from)?;
    Some(match (op, from) {
        (Wrap, _) => Pure(c::wrap),
        (ExtendS, _) => Pure(c::extend_s),
        (ExtendU, _) => Pure(c::extend_u),
        (Extend8S, I32) => Pure(int::i32::extend8_s),
        (Extend8S, _) => Pure(int::i64::extend8_s),
        (Extend16S, I32) => Pure(int::i32::extend16_s),
        (Extend16S, _) => Pure(int::i64::extend16_s),
        (Extend32S, _) => Pure(int::extend32_s),
        (Promote, _) => Pure(c::promote),
        (Demote, _) => Pure(c::demote),
        (Bitcast(_), _) => Pure(c::bitcast),
        (TruncS(_), F32) if to == I32 => Trapping(c::trunc_s_i32_f32),
        (TruncS(_), F32) => Trapping(c::trunc_s_i64_f32),
        (TruncS(_), _) if to == I32 => Trapping(c::trunc_s_i32_f64),
        (TruncS(_), _) => Trapping(c::trunc_s_i64_f64),
        (TruncU(_), F32) if to == I32 => Trapping(c::trunc_u_i32_f32),
        (TruncU(_), F32) => Trapping(c::trunc_u_i64_f32),
        (TruncU(_), _) if to == I32 => Trapping(c::trunc_u_i32_f64),
        (TruncU(_), _) => Trapping(c::trunc_u_i64_f64),
        (TruncSatS(_), F32) if to == I32 => Pure(c::trunc_sat_s_i32_f32),
        (TruncSatS(_), F32) => Pure(c::trunc_sat_s_i64_f32),
        (TruncSatS(_), _) if to == I32 => Pure(c::trunc_sat_s_i32_f64),
        (TruncSatS(_), _) => Pure(c::trunc_sat_s_i64_f64),
        (TruncSatU(_), F32) if to == I32 => Pure(c::trunc_sat_u_i32_f32),
        (TruncSatU(_), F32) => Pure(c::trunc_sat_u_i64_f32),
        (TruncSatU(_), _) if to == I32 => Pure(c::trunc_sat_u_i32_f64),
        (TruncSatU(_), _) => Pure(c::trunc_sat_u_i64_f64),
        (ConvertS(_), I32) if to == F32 => Pure(c::convert_s_f32_i32),
        (ConvertS(_), I32) => Pure(c::convert_s_f64_i32),
        (ConvertS(_), _) if to == F32 => Pure(c::convert_s_f32_i64),
        (ConvertS(_), _) => Pure(c::convert_s_f64_i64),
        (ConvertU(_), I32) if to == F32 => Pure(c::convert_u_f32_i32),
        (ConvertU(_), I32) => Pure(c::convert_u_f64_i32),
        (ConvertU(_), _) if to == F32 => Pure(c::convert_u_f32_i64),
        (ConvertU(_), _) => Pure(c::convert_u_f64_i64),
    })
}

fn run1(f: Impl1, a: u64) -> Result<u64, EvalError> {
    match f {
        Impl1::Pure(f) => Ok(f(a)),
        Impl1::Trapping(f) => f(a).map_err(EvalError::Trap),
    }
}

fn check_same_type(op: &'static str, a: Imm, b: Imm) -> Result<Type, EvalError> {
    if a.ty() == b.ty() {
        Ok(a.ty())
    } else {
        Err(EvalError::TypeMismatch {
            op,
            left: a.ty(),
            right: b.ty(),
        })
    }
}

/// Computes `op a, b`.
pub fn binary(op: BinaryOp, a: Imm, b: Imm) -> Result<Imm, EvalError> {
    let ty = check_same_type(op.name(), a, b)?;
    let bits = match binary_impl(op, ty) {
        Some(Impl2::Pure(f)) => f(a.bits(), b.bits()),
        Some(Impl2::Trapping(f)) => f(a.bits(), b.bits()).map_err(EvalError::Trap)?,
        None => return Err(EvalError::Unsupported { op: op.name(), ty }),
    };
    Ok(Imm::new(ty, bits))
}

/// Computes `op a`.
pub fn unary(op: UnaryOp, a: Imm) -> Result<Imm, EvalError> {
    let f = unary_impl(op, a.ty()).ok_or(EvalError::Unsupported {
        op: op.name(),
        ty: a.ty(),
    })?;
    Ok(Imm::new(op.result_type(a.ty()), f(a.bits())))
}

/// Computes the comparison `op a, b` (an i32 that is 0 or 1).
pub fn compare(op: CompareOp, a: Imm, b: Imm) -> Result<Imm, EvalError> {
    let ty = check_same_type(op.name(), a, b)?;
    let f = compare_impl(op, ty).ok_or(EvalError::Unsupported { op: op.name(), ty })?;
    Ok(Imm::new(Type::I32, f(a.bits(), b.bits())))
}

/// Computes the conversion `op a`.
pub fn convert(op: ConvertOp, a: Imm) -> Result<Imm, EvalError> {
    let unsupported = EvalError::Unsupported {
        op: op.name(),
        ty: a.ty(),
    };
    let to = op.result_type(a.ty()).ok_or(unsupported)?;
    let f = convert_impl(op, a.ty()).ok_or(unsupported)?;
    Ok(Imm::new(to, run1(f, a.bits())?))
}
