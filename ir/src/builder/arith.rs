//! [`FunctionBuilder`] methods for computing values: constants,
//! binary and unary operations, compares, conversions and `select`, each generic
//! over its operation plus short names for the common ones.
//!
//! Literal operands become constants of the type the operation needs (see
//! [`Operand`]); type checking is the verifier's. Memory access is in `memory.rs`,
//! calls in `calls.rs`, terminators in `terminators.rs`.

use super::operand::{common_type, type_or, Operand};
use super::{convert_operand_type, FunctionBuilder};
use crate::entities::Value;
use crate::imm::Imm;
use crate::inst::InstKind;
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp, UnaryOp};
use crate::types::Type;

/// Short-name methods that forward to a generic one with a fixed operation.
macro_rules! short_ops {
    ($generic:ident($opty:ident) { $($(#[$doc:meta])* $name:ident = $op:ident($($arg:ident),*);)* }) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, $($arg: impl Into<Operand>),*) -> Value {
                self.$generic($opty::$op, $($arg),*)
            }
        )*
    };
}

/// Short-name conversions whose result type is part of the operation.
macro_rules! typed_converts {
    ($($(#[$doc:meta])* $name:ident = $op:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, to: Type, a: impl Into<Operand>) -> Value {
                self.convert(ConvertOp::$op(to), a)
            }
        )*
    };
}

impl FunctionBuilder<'_> {
    /// The constant `imm`, usable as an operand anywhere in the function. Constants are
    /// values, not instructions: nothing is appended, no current block is needed.
    pub fn imm(&mut self, imm: Imm) -> Value {
        self.function_mut().const_value(imm)
    }

    /// The integer constant `value` of type `ty` (`i32` or `i64`), truncated to the
    /// type's width. See [`FunctionBuilder::imm`].
    pub fn iconst(&mut self, ty: Type, value: i64) -> Value {
        self.imm(Imm::new(ty, value as u64))
    }

    /// The `f32` constant `value`. See [`FunctionBuilder::imm`].
    pub fn f32const(&mut self, value: f32) -> Value {
        self.imm(Imm::f32(value))
    }

    /// The `f64` constant `value`. See [`FunctionBuilder::imm`].
    pub fn f64const(&mut self, value: f64) -> Value {
        self.imm(Imm::f64(value))
    }

    /// Turns `op` into a value of type `ty` (a constant if it is a literal).
    pub(super) fn operand(&mut self, op: impl Into<Operand>, ty: Type) -> Value {
        op.into().to_value(self.function_mut(), ty)
    }

    /// Turns operands that must share a type into values of that type.
    fn same_type_operands<const N: usize>(&mut self, ops: [Operand; N]) -> [Value; N] {
        let ty = common_type(self.function(), &ops);
        ops.map(|op| self.operand(op, ty))
    }

    /// `const.T imm` as an instruction: a constant with its own definition, which can
    /// carry a name (`%c = const.i64 5`). Most frontends use
    /// [`imm`](Self::imm)/[`iconst`](Self::iconst) instead, which append nothing.
    pub fn const_inst(&mut self, imm: Imm) -> Value {
        self.append_value(InstKind::Const(imm))
    }

    /// `op a, b` for any [`BinaryOp`]; the result has the operands' type.
    pub fn binary(&mut self, op: BinaryOp, a: impl Into<Operand>, b: impl Into<Operand>) -> Value {
        let args = self.same_type_operands([a.into(), b.into()]);
        self.append_value(InstKind::Binary { op, args })
    }

    short_ops! { binary(BinaryOp) {
        /// `add a, b` (integers wrap).
        add = Add(a, b);
        /// `sub a, b`
        sub = Sub(a, b);
        /// `mul a, b`
        mul = Mul(a, b);
        /// `div_s a, b` (traps on zero and on `MIN / -1`).
        div_s = DivS(a, b);
        /// `div_u a, b` (traps on zero).
        div_u = DivU(a, b);
        /// `rem_s a, b` (traps on zero).
        rem_s = RemS(a, b);
        /// `rem_u a, b` (traps on zero).
        rem_u = RemU(a, b);
        /// `and a, b`
        and = And(a, b);
        /// `or a, b`
        or = Or(a, b);
        /// `xor a, b`
        xor = Xor(a, b);
        /// `shl a, b` (count modulo the width).
        shl = Shl(a, b);
        /// `shr_s a, b`
        shr_s = ShrS(a, b);
        /// `shr_u a, b`
        shr_u = ShrU(a, b);
        /// `rotl a, b`
        rotl = Rotl(a, b);
        /// `rotr a, b`
        rotr = Rotr(a, b);
        /// `div a, b` (floats).
        div = Div(a, b);
        /// `min a, b` (floats).
        min = Min(a, b);
        /// `max a, b` (floats).
        max = Max(a, b);
        /// `copysign a, b` (floats).
        copysign = Copysign(a, b);
    }}

    /// `op a` for any [`UnaryOp`]. A literal operand is an `i32` for the integer
    /// operations and an `f64` for the float ones.
    pub fn unary(&mut self, op: UnaryOp, a: impl Into<Operand>) -> Value {
        let a = a.into();
        let default = if op.accepts(Type::I32) {
            Type::I32
        } else {
            Type::F64
        };
        let ty = type_or(self.function(), a, default);
        let arg = self.operand(a, ty);
        self.append_value(InstKind::Unary { op, arg })
    }

    short_ops! { unary(UnaryOp) {
        /// `clz a`: leading zero bits.
        clz = Clz(a);
        /// `ctz a`: trailing zero bits.
        ctz = Ctz(a);
        /// `popcnt a`: one bits.
        popcnt = Popcnt(a);
        /// `eqz a` → i32: 1 if `a` is zero.
        eqz = Eqz(a);
        /// `abs a` (floats).
        abs = Abs(a);
        /// `neg a` (floats; for integers use `sub 0, a`).
        neg = Neg(a);
        /// `sqrt a`
        sqrt = Sqrt(a);
        /// `ceil a`
        ceil = Ceil(a);
        /// `floor a`
        floor = Floor(a);
        /// `trunc a`: round toward zero, staying a float.
        trunc = Trunc(a);
        /// `nearest a`: round half to even.
        nearest = Nearest(a);
    }}

    /// `op a, b` for any [`CompareOp`] → i32 (0 or 1).
    pub fn compare(
        &mut self,
        op: CompareOp,
        a: impl Into<Operand>,
        b: impl Into<Operand>,
    ) -> Value {
        let args = self.same_type_operands([a.into(), b.into()]);
        self.append_value(InstKind::Compare { op, args })
    }

    short_ops! { compare(CompareOp) {
        /// `eq a, b`
        eq = Eq(a, b);
        /// `ne a, b`
        ne = Ne(a, b);
        /// `lt_s a, b`
        lt_s = LtS(a, b);
        /// `lt_u a, b`
        lt_u = LtU(a, b);
        /// `gt_s a, b`
        gt_s = GtS(a, b);
        /// `gt_u a, b`
        gt_u = GtU(a, b);
        /// `le_s a, b`
        le_s = LeS(a, b);
        /// `le_u a, b`
        le_u = LeU(a, b);
        /// `ge_s a, b`
        ge_s = GeS(a, b);
        /// `ge_u a, b`
        ge_u = GeU(a, b);
        /// `lt a, b` (floats).
        lt = Lt(a, b);
        /// `gt a, b` (floats).
        gt = Gt(a, b);
        /// `le a, b` (floats).
        le = Le(a, b);
        /// `ge a, b` (floats).
        ge = Ge(a, b);
    }}

    /// A conversion ([`ConvertOp`]); the result type follows from the operation.
    pub fn convert(&mut self, op: ConvertOp, a: impl Into<Operand>) -> Value {
        let a = a.into();
        let ty = type_or(self.function(), a, convert_operand_type(op));
        let arg = self.operand(a, ty);
        self.append_value(InstKind::Convert { op, arg })
    }

    short_ops! { convert(ConvertOp) {
        /// `wrap a`: i64 → i32.
        wrap = Wrap(a);
        /// `extend_s a`: i32 → i64, sign-extending.
        extend_s = ExtendS(a);
        /// `extend_u a`: i32 → i64, zero-extending.
        extend_u = ExtendU(a);
        /// `extend8_s a`: sign-extends the low 8 bits (same type).
        extend8_s = Extend8S(a);
        /// `extend16_s a`: sign-extends the low 16 bits (same type).
        extend16_s = Extend16S(a);
        /// `extend32_s a`: sign-extends the low 32 bits of an i64.
        extend32_s = Extend32S(a);
        /// `promote a`: f32 → f64.
        promote = Promote(a);
        /// `demote a`: f64 → f32.
        demote = Demote(a);
    }}

    typed_converts! {
        /// `trunc_s.I a`: float → signed integer `to`, trapping on NaN and overflow.
        trunc_s = TruncS;
        /// `trunc_u.I a`: float → unsigned integer `to`, trapping on NaN and overflow.
        trunc_u = TruncU;
        /// `trunc_sat_s.I a`: float → signed integer `to`, saturating (NaN → 0).
        trunc_sat_s = TruncSatS;
        /// `trunc_sat_u.I a`: float → unsigned integer `to`, saturating (NaN → 0).
        trunc_sat_u = TruncSatU;
        /// `convert_s.F a`: signed integer → float `to`.
        convert_s = ConvertS;
        /// `convert_u.F a`: unsigned integer → float `to`.
        convert_u = ConvertU;
        /// `bitcast.T a`: the same bits as type `to` (of the same width).
        bitcast = Bitcast;
    }

    /// `select cond, a, b`: `a` if `cond != 0`, else `b` (both are evaluated).
    pub fn select(
        &mut self,
        cond: impl Into<Operand>,
        a: impl Into<Operand>,
        b: impl Into<Operand>,
    ) -> Value {
        let cond = self.operand(cond, Type::I32);
        let [a, b] = self.same_type_operands([a.into(), b.into()]);
        self.append_value(InstKind::Select { args: [cond, a, b] })
    }
}
