//! Conversion rules: redundant extend/wrap and bitcast pairs, sign extensions of values
//! that are already sign-extended, and truncating stores of values whose high bits
//! do not matter.

use super::{bits, Rewrite, Rewriter};
use lir::{BinaryOp, ConvertOp, InstKind, MemWidth, Type, Value};

pub(super) fn simplify(rw: &mut Rewriter, kind: &InstKind) -> Option<Rewrite> {
    match kind {
        InstKind::Convert { op, arg } => convert(rw, *op, *arg),
        InstKind::Store {
            ty,
            width,
            addr,
            value,
            mem,
        } => {
            let (new_ty, new_value) = store_value(rw, *ty, *width, *value)?;
            Some(Rewrite::Kind(InstKind::Store {
                ty: new_ty,
                width: *width,
                addr: *addr,
                value: new_value,
                mem: *mem,
            }))
        }
        _ => None,
    }
}

/// How many low bits of `v` are a sign extension (the value equals the sign
/// extension of its low N bits), if known.
fn sign_extended_from(rw: &Rewriter, v: Value) -> Option<u32> {
    match rw.def(v)? {
        InstKind::Load {
            width,
            signed: true,
            ty,
            ..
        } if width.bits() < ty.bits() => Some(width.bits()),
        InstKind::Convert { op, .. } => match op {
            ConvertOp::Extend8S => Some(8),
            ConvertOp::Extend16S => Some(16),
            ConvertOp::Extend32S | ConvertOp::ExtendS => Some(32),
            _ => None,
        },
        _ => None,
    }
}

fn convert(rw: &mut Rewriter, op: ConvertOp, arg: Value) -> Option<Rewrite> {
    let inner = rw.def(arg).cloned();
    match op {
        ConvertOp::Wrap => match inner? {
            InstKind::Convert {
                op: ConvertOp::ExtendS | ConvertOp::ExtendU,
                arg: x,
            } => Some(Rewrite::Value(x)),
            _ => None,
        },
        ConvertOp::Extend8S | ConvertOp::Extend16S | ConvertOp::Extend32S => {
            let from = match op {
                ConvertOp::Extend8S => 8,
                ConvertOp::Extend16S => 16,
                _ => 32,
            };
            // Already sign-extended from as few bits or fewer: nothing to do.
            match sign_extended_from(rw, arg) {
                Some(n) if n <= from => Some(Rewrite::Value(arg)),
                _ => None,
            }
        }
        ConvertOp::Bitcast(_) => match inner? {
            InstKind::Convert {
                op: ConvertOp::Bitcast(_),
                arg: x,
            } if rw.ty(x) == rw.result_type() => Some(Rewrite::Value(x)),
            _ => None,
        },
        _ => None,
    }
}

/// A simpler value for a truncating store: one whose stored low bits are the same.
fn store_value(
    rw: &mut Rewriter,
    ty: Type,
    width: MemWidth,
    value: Value,
) -> Option<(Type, Value)> {
    let stored_bits = width.bits();
    if stored_bits >= ty.bits() {
        // A full-width i32 store of `wrap %x` is a 32-bit store of the i64 `%x`.
        if let Some(InstKind::Convert {
            op: ConvertOp::Wrap,
            arg,
        }) = rw.def(value)
        {
            return Some((Type::I64, *arg));
        }
        return None;
    }
    let mask = (1u64 << stored_bits) - 1;
    match rw.def(value)?.clone() {
        // The high bits an `and` clears are not stored anyway.
        InstKind::Binary {
            op: BinaryOp::And,
            args,
        } if bits(rw, args[1]).is_some_and(|c| c & mask == mask) => Some((ty, args[0])),
        InstKind::Convert {
            op: ConvertOp::Extend8S | ConvertOp::Extend16S | ConvertOp::Extend32S,
            arg,
        } if sign_extension_width(rw, value) >= stored_bits => Some((ty, arg)),
        InstKind::Convert {
            op: ConvertOp::Wrap,
            arg,
        } => Some((Type::I64, arg)),
        InstKind::Convert {
            op: ConvertOp::ExtendS | ConvertOp::ExtendU,
            arg,
        } if stored_bits <= 32 => Some((Type::I32, arg)),
        _ => None,
    }
}

/// The number of low bits an `extendN_s` keeps.
fn sign_extension_width(rw: &Rewriter, v: Value) -> u32 {
    match rw.def(v) {
        Some(InstKind::Convert { op, .. }) => match op {
            ConvertOp::Extend8S => 8,
            ConvertOp::Extend16S => 16,
            ConvertOp::Extend32S => 32,
            _ => 0,
        },
        _ => 0,
    }
}
