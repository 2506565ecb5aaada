//! Stage 8a, instruction selection: the wasm opcode of each LIR operation, given its
//! operand types. Operands are already on the stack when these are called.
//!
//! This module is a table and nothing else: which operations need a fallback sequence
//! when a feature is off is decided by [`crate::fallback`], where operands come from by
//! [`crate::emit`].

use lir::{BinaryOp, CompareOp, ConvertOp, Imm, MemWidth, Type, UnaryOp};
use wasm_encoder::{Ieee32, Ieee64, InstructionSink, MemArg};

/// Pushes a constant.
pub(crate) fn constant(sink: &mut InstructionSink<'_>, imm: Imm) {
    match imm.ty() {
        Type::I32 => sink.i32_const(imm.bits() as u32 as i32),
        Type::I64 => sink.i64_const(imm.bits() as i64),
        Type::F32 => sink.f32_const(Ieee32::new(imm.bits() as u32)),
        Type::F64 => sink.f64_const(Ieee64::new(imm.bits())),
    };
}

/// A binary operation on operands of type `ty`. Returns false for an operation the
/// type does not have (rejected by the verifier).
pub(crate) fn binary(sink: &mut InstructionSink<'_>, op: BinaryOp, ty: Type) -> bool {
    use BinaryOp::*;
    match (ty, op) {
        (Type::I32, Add) => sink.i32_add(),
        (Type::I32, Sub) => sink.i32_sub(),
        (Type::I32, Mul) => sink.i32_mul(),
        (Type::I32, DivS) => sink.i32_div_s(),
        (Type::I32, DivU) => sink.i32_div_u(),
        (Type::I32, RemS) => sink.i32_rem_s(),
        (Type::I32, RemU) => sink.i32_rem_u(),
        (Type::I32, And) => sink.i32_and(),
        (Type::I32, Or) => sink.i32_or(),
        (Type::I32, Xor) => sink.i32_xor(),
        (Type::I32, Shl) => sink.i32_shl(),
        (Type::I32, ShrS) => sink.i32_shr_s(),
        (Type::I32, ShrU) => sink.i32_shr_u(),
        (Type::I32, Rotl) => sink.i32_rotl(),
        (Type::I32, Rotr) => sink.i32_rotr(),
        (Type::I64, Add) => sink.i64_add(),
        (Type::I64, Sub) => sink.i64_sub(),
        (Type::I64, Mul) => sink.i64_mul(),
        (Type::I64, DivS) => sink.i64_div_s(),
        (Type::I64, DivU) => sink.i64_div_u(),
        (Type::I64, RemS) => sink.i64_rem_s(),
        (Type::I64, RemU) => sink.i64_rem_u(),
        (Type::I64, And) => sink.i64_and(),
        (Type::I64, Or) => sink.i64_or(),
        (Type::I64, Xor) => sink.i64_xor(),
        (Type::I64, Shl) => sink.i64_shl(),
        (Type::I64, ShrS) => sink.i64_shr_s(),
        (Type::I64, ShrU) => sink.i64_shr_u(),
        (Type::I64, Rotl) => sink.i64_rotl(),
        (Type::I64, Rotr) => sink.i64_rotr(),
        (Type::F32, Add) => sink.f32_add(),
        (Type::F32, Sub) => sink.f32_sub(),
        (Type::F32, Mul) => sink.f32_mul(),
        (Type::F32, Div) => sink.f32_div(),
        (Type::F32, Min) => sink.f32_min(),
        (Type::F32, Max) => sink.f32_max(),
        (Type::F32, Copysign) => sink.f32_copysign(),
        (Type::F64, Add) => sink.f64_add(),
        (Type::F64, Sub) => sink.f64_sub(),
        (Type::F64, Mul) => sink.f64_mul(),
        (Type::F64, Div) => sink.f64_div(),
        (Type::F64, Min) => sink.f64_min(),
        (Type::F64, Max) => sink.f64_max(),
        (Type::F64, Copysign) => sink.f64_copysign(),
        _ => return false,
    };
    true
}

pub(crate) fn unary(sink: &mut InstructionSink<'_>, op: UnaryOp, ty: Type) -> bool {
    use UnaryOp::*;
    match (ty, op) {
        (Type::I32, Clz) => sink.i32_clz(),
        (Type::I32, Ctz) => sink.i32_ctz(),
        (Type::I32, Popcnt) => sink.i32_popcnt(),
        (Type::I32, Eqz) => sink.i32_eqz(),
        (Type::I64, Clz) => sink.i64_clz(),
        (Type::I64, Ctz) => sink.i64_ctz(),
        (Type::I64, Popcnt) => sink.i64_popcnt(),
        (Type::I64, Eqz) => sink.i64_eqz(),
        (Type::F32, Abs) => sink.f32_abs(),
        (Type::F32, Neg) => sink.f32_neg(),
        (Type::F32, Sqrt) => sink.f32_sqrt(),
        (Type::F32, Ceil) => sink.f32_ceil(),
        (Type::F32, Floor) => sink.f32_floor(),
        (Type::F32, Trunc) => sink.f32_trunc(),
        (Type::F32, Nearest) => sink.f32_nearest(),
        (Type::F64, Abs) => sink.f64_abs(),
        (Type::F64, Neg) => sink.f64_neg(),
        (Type::F64, Sqrt) => sink.f64_sqrt(),
        (Type::F64, Ceil) => sink.f64_ceil(),
        (Type::F64, Floor) => sink.f64_floor(),
        (Type::F64, Trunc) => sink.f64_trunc(),
        (Type::F64, Nearest) => sink.f64_nearest(),
        _ => return false,
    };
    true
}

pub(crate) fn compare(sink: &mut InstructionSink<'_>, op: CompareOp, ty: Type) -> bool {
    use CompareOp::*;
    match (ty, op) {
        (Type::I32, Eq) => sink.i32_eq(),
        (Type::I32, Ne) => sink.i32_ne(),
        (Type::I32, LtS) => sink.i32_lt_s(),
        (Type::I32, LtU) => sink.i32_lt_u(),
        (Type::I32, GtS) => sink.i32_gt_s(),
        (Type::I32, GtU) => sink.i32_gt_u(),
        (Type::I32, LeS) => sink.i32_le_s(),
        (Type::I32, LeU) => sink.i32_le_u(),
        (Type::I32, GeS) => sink.i32_ge_s(),
        (Type::I32, GeU) => sink.i32_ge_u(),
        (Type::I64, Eq) => sink.i64_eq(),
        (Type::I64, Ne) => sink.i64_ne(),
        (Type::I64, LtS) => sink.i64_lt_s(),
        (Type::I64, LtU) => sink.i64_lt_u(),
        (Type::I64, GtS) => sink.i64_gt_s(),
        (Type::I64, GtU) => sink.i64_gt_u(),
        (Type::I64, LeS) => sink.i64_le_s(),
        (Type::I64, LeU) => sink.i64_le_u(),
        (Type::I64, GeS) => sink.i64_ge_s(),
        (Type::I64, GeU) => sink.i64_ge_u(),
        (Type::F32, Eq) => sink.f32_eq(),
        (Type::F32, Ne) => sink.f32_ne(),
        (Type::F32, Lt) => sink.f32_lt(),
        (Type::F32, Gt) => sink.f32_gt(),
        (Type::F32, Le) => sink.f32_le(),
        (Type::F32, Ge) => sink.f32_ge(),
        (Type::F64, Eq) => sink.f64_eq(),
        (Type::F64, Ne) => sink.f64_ne(),
        (Type::F64, Lt) => sink.f64_lt(),
        (Type::F64, Gt) => sink.f64_gt(),
        (Type::F64, Le) => sink.f64_le(),
        (Type::F64, Ge) => sink.f64_ge(),
        _ => return false,
    };
    true
}

/// A conversion that maps to a single wasm instruction available with the given
/// feature flags; false when a fallback sequence is needed (or the types are wrong).
pub(crate) fn convert(
    sink: &mut InstructionSink<'_>,
    op: ConvertOp,
    from: Type,
    sign_ext: bool,
    sat: bool,
) -> bool {
    use ConvertOp::*;
    use Type::*;
    match (op, from) {
        (Wrap, I64) => sink.i32_wrap_i64(),
        (ExtendS, I32) => sink.i64_extend_i32_s(),
        (ExtendU, I32) => sink.i64_extend_i32_u(),
        (Extend8S, I32) if sign_ext => sink.i32_extend8_s(),
        (Extend16S, I32) if sign_ext => sink.i32_extend16_s(),
        (Extend8S, I64) if sign_ext => sink.i64_extend8_s(),
        (Extend16S, I64) if sign_ext => sink.i64_extend16_s(),
        (Extend32S, I64) if sign_ext => sink.i64_extend32_s(),
        (TruncS(I32), F32) => sink.i32_trunc_f32_s(),
        (TruncU(I32), F32) => sink.i32_trunc_f32_u(),
        (TruncS(I32), F64) => sink.i32_trunc_f64_s(),
        (TruncU(I32), F64) => sink.i32_trunc_f64_u(),
        (TruncS(I64), F32) => sink.i64_trunc_f32_s(),
        (TruncU(I64), F32) => sink.i64_trunc_f32_u(),
        (TruncS(I64), F64) => sink.i64_trunc_f64_s(),
        (TruncU(I64), F64) => sink.i64_trunc_f64_u(),
        (TruncSatS(I32), F32) if sat => sink.i32_trunc_sat_f32_s(),
        (TruncSatU(I32), F32) if sat => sink.i32_trunc_sat_f32_u(),
        (TruncSatS(I32), F64) if sat => sink.i32_trunc_sat_f64_s(),
        (TruncSatU(I32), F64) if sat => sink.i32_trunc_sat_f64_u(),
        (TruncSatS(I64), F32) if sat => sink.i64_trunc_sat_f32_s(),
        (TruncSatU(I64), F32) if sat => sink.i64_trunc_sat_f32_u(),
        (TruncSatS(I64), F64) if sat => sink.i64_trunc_sat_f64_s(),
        (TruncSatU(I64), F64) if sat => sink.i64_trunc_sat_f64_u(),
        (ConvertS(F32), I32) => sink.f32_convert_i32_s(),
        (ConvertU(F32), I32) => sink.f32_convert_i32_u(),
        (ConvertS(F32), I64) => sink.f32_convert_i64_s(),
        (ConvertU(F32), I64) => sink.f32_convert_i64_u(),
        (ConvertS(F64), I32) => sink.f64_convert_i32_s(),
        (ConvertU(F64), I32) => sink.f64_convert_i32_u(),
        (ConvertS(F64), I64) => sink.f64_convert_i64_s(),
        (ConvertU(F64), I64) => sink.f64_convert_i64_u(),
        (Promote, F32) => sink.f64_promote_f32(),
        (Demote, F64) => sink.f32_demote_f64(),
        (Bitcast(I32), F32) => sink.i32_reinterpret_f32(),
        (Bitcast(I64), F64) => sink.i64_reinterpret_f64(),
        (Bitcast(F32), I32) => sink.f32_reinterpret_i32(),
        (Bitcast(F64), I64) => sink.f64_reinterpret_i64(),
        _ => return false,
    };
    true
}

/// The memarg of an access of `width` with an optional alignment hint in bytes.
pub(crate) fn memarg(offset: u32, width: MemWidth, align: Option<u32>) -> MemArg {
    let bytes = align.unwrap_or(width.bytes()).clamp(1, width.bytes());
    MemArg {
        offset: offset as u64,
        align: bytes.trailing_zeros(),
        memory_index: 0,
    }
}

pub(crate) fn load(
    sink: &mut InstructionSink<'_>,
    ty: Type,
    width: MemWidth,
    signed: bool,
    m: MemArg,
) -> bool {
    use MemWidth::*;
    match (ty, width, signed) {
        (Type::I32, W32, _) => sink.i32_load(m),
        (Type::I32, W8, true) => sink.i32_load8_s(m),
        (Type::I32, W8, false) => sink.i32_load8_u(m),
        (Type::I32, W16, true) => sink.i32_load16_s(m),
        (Type::I32, W16, false) => sink.i32_load16_u(m),
        (Type::I64, W64, _) => sink.i64_load(m),
        (Type::I64, W8, true) => sink.i64_load8_s(m),
        (Type::I64, W8, false) => sink.i64_load8_u(m),
        (Type::I64, W16, true) => sink.i64_load16_s(m),
        (Type::I64, W16, false) => sink.i64_load16_u(m),
        (Type::I64, W32, true) => sink.i64_load32_s(m),
        (Type::I64, W32, false) => sink.i64_load32_u(m),
        (Type::F32, W32, _) => sink.f32_load(m),
        (Type::F64, W64, _) => sink.f64_load(m),
        _ => return false,
    };
    true
}

pub(crate) fn store(sink: &mut InstructionSink<'_>, ty: Type, width: MemWidth, m: MemArg) -> bool {
    use MemWidth::*;
    match (ty, width) {
        (Type::I32, W32) => sink.i32_store(m),
        (Type::I32, W8) => sink.i32_store8(m),
        (Type::I32, W16) => sink.i32_store16(m),
        (Type::I64, W64) => sink.i64_store(m),
        (Type::I64, W8) => sink.i64_store8(m),
        (Type::I64, W16) => sink.i64_store16(m),
        (Type::I64, W32) => sink.i64_store32(m),
        (Type::F32, W32) => sink.f32_store(m),
        (Type::F64, W64) => sink.f64_store(m),
        _ => return false,
    };
    true
}
