//! Conversions between C scalar types on LIR values: integer widening, narrowing
//! (narrow integer types are kept sign- or zero-extended in an i32), `_Bool`,
//! integer/float conversions and float promotion/demotion.

use super::FnGen;
use crate::types::{IntKind, Ty};
use lir::{Type, Value};

impl FnGen<'_, '_> {
    /// Re-normalizes an i32 holding a value of a narrow integer type.
    pub fn normalize(&mut self, v: Value, ty: &Ty) -> Value {
        match ty {
            Ty::Int(IntKind::Bool) => self.b.ne(v, 0),
            Ty::Int(k) if k.size() == 1 && k.signed() => self.b.extend8_s(v),
            Ty::Int(k) if k.size() == 1 => self.b.and(v, 0xff),
            Ty::Int(k) if k.size() == 2 && k.signed() => self.b.extend16_s(v),
            Ty::Int(k) if k.size() == 2 => self.b.and(v, 0xffff),
            _ => v,
        }
    }

    /// Converts `v` of type `from` to type `to`.
    pub fn convert(&mut self, v: Value, from: &Ty, to: &Ty) -> Value {
        if from == to || to.is_void() {
            return v;
        }
        let (lf, lt) = (from.lir(), to.lir());
        let from_int = from.is_int() || from.is_ptr();
        if matches!(to, Ty::Int(IntKind::Bool)) {
            return match lf {
                Type::F32 => self.b.ne(v, 0.0f32),
                Type::F64 => self.b.ne(v, 0.0),
                _ => self.b.ne(v, 0),
            };
        }
        if from_int && (to.is_int() || to.is_ptr()) {
            let w = match (lf, lt) {
                (Type::I32, Type::I64) => {
                    if from.is_signed() {
                        self.b.extend_s(v)
                    } else {
                        self.b.extend_u(v)
                    }
                }
                (Type::I64, Type::I32) => self.b.wrap(v),
                _ => v,
            };
            let needs = match (from, to) {
                (Ty::Int(f), Ty::Int(t)) if t.size() < 4 => {
                    !(f.size() < t.size() && (!f.signed() || t.signed())) && f != t
                }
                (_, Ty::Int(t)) => t.size() < 4,
                _ => false,
            };
            return if needs { self.normalize(w, to) } else { w };
        }
        if from_int && to.is_float() {
            return if from.is_signed() {
                self.b.convert_s(lt, v)
            } else {
                self.b.convert_u(lt, v)
            };
        }
        if from.is_float() && (to.is_int() || to.is_ptr()) {
            let (it, signed) = match to {
                Ty::Int(k) if k.size() == 8 => (Type::I64, k.signed()),
                Ty::Int(k) if k.size() == 4 => (Type::I32, k.signed()),
                // Narrow targets: through int (the value must fit, or C says UB).
                _ => (Type::I32, true),
            };
            let r = if signed {
                self.b.trunc_sat_s(it, v)
            } else {
                self.b.trunc_sat_u(it, v)
            };
            return self.normalize(r, to);
        }
        match (lf, lt) {
            (Type::F32, Type::F64) => self.b.promote(v),
            (Type::F64, Type::F32) => self.b.demote(v),
            _ => v,
        }
    }
}
