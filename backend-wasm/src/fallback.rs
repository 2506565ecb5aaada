//! Feature fallbacks: what the backend emits when a WebAssembly feature is switched off.
//!
//! - `sign-ext` off: `extend8_s`/`extend16_s`/`extend32_s` become a left shift and an
//!   arithmetic right shift.
//! - `nontrapping-fptoint` off: `trunc_sat_*` becomes compare-and-select code with
//!   exact bounds (NaN → 0, clamping exactly where the saturating instruction would).
//! - `bulk-memory` off: `memory.copy`/`memory.fill` call generated helper functions
//!   that check both ranges first (trapping with a genuine out-of-bounds access before
//!   writing anything, as the instructions do) and then copy byte by byte, backwards
//!   when the destination is above the source (memmove semantics).
//!
//! Also here: the shadow-stack overflow helper, which recurses without end so that
//! overflowing the shadow stack traps as a real wasm stack overflow ("call stack
//! exhausted") rather than `unreachable`.
//!
//! Features that have no fallback (multi-value results, tail calls, exported mutable
//! globals) are rejected with an error before emission; see [`crate::pipeline`].

use crate::isel;
use crate::locals::val_type;
use lir::{ConvertOp, Imm, MemWidth, Type};
use wasm_encoder::{BlockType, Function, InstructionSink, ValType};

/// `extendN_s` by shifts: the operand is on the stack.
pub(crate) fn sign_extend_by_shifts(sink: &mut InstructionSink<'_>, op: ConvertOp, ty: Type) {
    let kept = match op {
        ConvertOp::Extend8S => 8,
        ConvertOp::Extend16S => 16,
        _ => 32,
    };
    let shift = ty.bits() - kept;
    let amount = Imm::new(ty, shift as u64);
    isel::constant(sink, amount);
    isel::binary(sink, lir::BinaryOp::Shl, ty);
    isel::constant(sink, amount);
    isel::binary(sink, lir::BinaryOp::ShrS, ty);
}

/// A saturating float-to-int truncation of the float in local `x`, without the
/// `nontrapping-fptoint` instructions.
pub(crate) fn trunc_sat(
    sink: &mut InstructionSink<'_>,
    x: u32,
    int: Type,
    float: Type,
    signed: bool,
) {
    let pow2 = |e: i32| float_imm(float, 2f64.powi(e));
    let bits = int.bits() as i32;
    // In range iff `x > lo` (or `x >= lo` when `lo` is itself exact) and `x < hi`.
    let (lo, lo_inclusive, hi) = match (signed, int, float) {
        (true, Type::I32, Type::F64) => (float_imm(float, -2147483649.0), false, pow2(31)),
        (true, _, _) => (
            float_imm(float, -(2f64.powi(bits - 1))),
            true,
            pow2(bits - 1),
        ),
        (false, _, _) => (float_imm(float, -1.0), false, pow2(bits)),
    };
    let (min, max) = if signed {
        (
            Imm::new(int, 1 << (bits - 1)),
            Imm::new(int, (1u64 << (bits - 1)) - 1),
        )
    } else {
        (Imm::zero(int), Imm::new(int, u64::MAX))
    };
    let result = BlockType::Result(val_type(int));
    sink.local_get(x);
    isel::constant(sink, hi);
    isel::compare(sink, lir::CompareOp::Lt, float);
    sink.if_(result);
    sink.local_get(x);
    isel::constant(sink, lo);
    let lower = if lo_inclusive {
        lir::CompareOp::Ge
    } else {
        lir::CompareOp::Gt
    };
    isel::compare(sink, lower, float);
    sink.if_(result);
    sink.local_get(x);
    let trunc = if signed {
        ConvertOp::TruncS(int)
    } else {
        ConvertOp::TruncU(int)
    };
    isel::convert(sink, trunc, float, false, false);
    sink.else_();
    isel::constant(sink, min);
    sink.end();
    sink.else_();
    // NaN or too large: 0 for NaN, else the maximum.
    isel::constant(sink, max);
    isel::constant(sink, Imm::zero(int));
    sink.local_get(x);
    sink.local_get(x);
    isel::compare(sink, lir::CompareOp::Eq, float);
    sink.select();
    sink.end();
}

fn float_imm(ty: Type, v: f64) -> Imm {
    match ty {
        Type::F32 => Imm::f32(v as f32),
        _ => Imm::f64(v),
    }
}

/// Pushes whether `addr + len` (locals, as unsigned 33-bit sums) ends past the memory.
fn range_ends_past_memory(sink: &mut InstructionSink<'_>, addr: u32, len: u32) {
    sink.local_get(addr);
    sink.i64_extend_i32_u();
    sink.local_get(len);
    sink.i64_extend_i32_u();
    sink.i64_add();
    sink.memory_size(0);
    sink.i64_extend_i32_u();
    sink.i64_const(16);
    sink.i64_shl();
    sink.i64_gt_u();
}

/// Traps with an out-of-bounds access: a 1-byte load at 2^32, past any 32-bit memory.
fn trap_out_of_bounds(sink: &mut InstructionSink<'_>) {
    sink.i32_const(-1);
    sink.i32_load8_u(isel::memarg(1, MemWidth::W8, None));
    sink.drop();
    sink.unreachable();
}

/// Adds `delta` to local `l`.
fn bump(sink: &mut InstructionSink<'_>, l: u32, delta: i32) {
    sink.local_get(l);
    sink.i32_const(delta);
    sink.i32_add();
    sink.local_set(l);
}

/// `block loop (br_if 1 (i32.eqz len)) BODY br 0 end end`
fn counted_loop(
    sink: &mut InstructionSink<'_>,
    len: u32,
    body: impl FnOnce(&mut InstructionSink<'_>),
) {
    sink.block(BlockType::Empty);
    sink.loop_(BlockType::Empty);
    sink.local_get(len);
    sink.i32_eqz();
    sink.br_if(1);
    body(sink);
    sink.br(0);
    sink.end();
    sink.end();
}

/// Body of `__lir_memory_copy(dst: i32, src: i32, len: i32)`.
pub(crate) fn memory_copy_helper() -> Function {
    let (dst, src, len) = (0, 1, 2);
    let byte = isel::memarg(0, MemWidth::W8, None);
    let mut f = Function::new([]);
    let mut sink = f.instructions();
    range_ends_past_memory(&mut sink, dst, len);
    range_ends_past_memory(&mut sink, src, len);
    sink.i32_or();
    sink.if_(BlockType::Empty);
    trap_out_of_bounds(&mut sink);
    sink.end();
    sink.local_get(dst);
    sink.local_get(src);
    sink.i32_le_u();
    sink.if_(BlockType::Empty);
    counted_loop(&mut sink, len, |s| {
        s.local_get(dst);
        s.local_get(src);
        s.i32_load8_u(byte);
        s.i32_store8(byte);
        bump(s, dst, 1);
        bump(s, src, 1);
        bump(s, len, -1);
    });
    sink.else_();
    counted_loop(&mut sink, len, |s| {
        bump(s, len, -1);
        s.local_get(dst);
        s.local_get(len);
        s.i32_add();
        s.local_get(src);
        s.local_get(len);
        s.i32_add();
        s.i32_load8_u(byte);
        s.i32_store8(byte);
    });
    sink.end();
    sink.end();
    f
}

/// Body of `__lir_memory_fill(dst: i32, byte: i32, len: i32)`.
pub(crate) fn memory_fill_helper() -> Function {
    let (dst, value, len) = (0, 1, 2);
    let mut f = Function::new([]);
    let mut sink = f.instructions();
    range_ends_past_memory(&mut sink, dst, len);
    sink.if_(BlockType::Empty);
    trap_out_of_bounds(&mut sink);
    sink.end();
    counted_loop(&mut sink, len, |s| {
        s.local_get(dst);
        s.local_get(value);
        s.i32_store8(isel::memarg(0, MemWidth::W8, None));
        bump(s, dst, 1);
        bump(s, len, -1);
    });
    sink.end();
    f
}

/// Body of `__lir_stack_overflow()`, function index `own_index`: calls itself forever.
pub(crate) fn stack_overflow_helper(own_index: u32) -> Function {
    let mut f = Function::new([]);
    f.instructions().call(own_index).end();
    f
}

/// Signature of the memory helpers: `(i32, i32, i32) -> ()`.
pub(crate) const MEMORY_HELPER_PARAMS: [ValType; 3] = [ValType::I32; 3];
