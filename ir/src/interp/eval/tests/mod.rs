//! Unit tests of the numeric semantics, with the edge values where WebAssembly's
//! rules differ from naive host arithmetic.

mod conversions;
mod float_ops;
mod int_ops;

use super::*;
pub(super) use BinaryOp::*;
pub(super) use Type::*;

fn imm(ty: Type, text: &str) -> Imm {
    Imm::parse(ty, text).unwrap_or_else(|e| panic!("bad literal {text}: {e}"))
}

fn bin(op: BinaryOp, ty: Type, a: &str, b: &str) -> Result<Imm, EvalError> {
    binary(op, imm(ty, a), imm(ty, b))
}

fn assert_bin(op: BinaryOp, ty: Type, a: &str, b: &str, expected: &str) {
    let got = bin(op, ty, a, b);
    assert_eq!(got, Ok(imm(ty, expected)), "{} {ty} {a}, {b}", op.name());
}

fn assert_bin_trap(op: BinaryOp, ty: Type, a: &str, b: &str, kind: TrapKind) {
    assert_eq!(
        bin(op, ty, a, b),
        Err(EvalError::Trap(kind)),
        "{} {ty} {a}, {b}",
        op.name()
    );
}

fn assert_un(op: UnaryOp, ty: Type, a: &str, expected: &str) {
    let got = unary(op, imm(ty, a));
    let expected = imm(op.result_type(ty), expected);
    assert_eq!(got, Ok(expected), "{} {ty} {a}", op.name());
}

fn conv(op: ConvertOp, from: Type, a: &str) -> Result<Imm, EvalError> {
    convert(op, imm(from, a))
}

fn assert_conv(op: ConvertOp, from: Type, a: &str, expected: &str) {
    let to = op.result_type(from).expect("valid conversion");
    assert_eq!(
        conv(op, from, a),
        Ok(imm(to, expected)),
        "{op:?} {from} {a}"
    );
}

fn assert_conv_trap(op: ConvertOp, from: Type, a: &str, kind: TrapKind) {
    assert_eq!(
        conv(op, from, a),
        Err(EvalError::Trap(kind)),
        "{op:?} {from} {a}"
    );
}

#[test]
fn ill_typed_operations_are_errors_not_panics() {
    assert!(matches!(
        binary(Div, Imm::i32(1), Imm::i32(2)),
        Err(EvalError::Unsupported { op: "div", ty: I32 })
    ));
    assert!(matches!(
        binary(Add, Imm::i32(1), Imm::i64(2)),
        Err(EvalError::TypeMismatch { .. })
    ));
    assert!(unary(UnaryOp::Clz, Imm::f32(1.0)).is_err());
    assert!(unary(UnaryOp::Sqrt, Imm::i64(1)).is_err());
    assert!(compare(CompareOp::LtS, Imm::f64(1.0), Imm::f64(2.0)).is_err());
    assert!(compare(CompareOp::Lt, Imm::i32(1), Imm::i32(2)).is_err());
    assert!(convert(ConvertOp::Wrap, Imm::i32(1)).is_err());
    assert!(convert(ConvertOp::Bitcast(F32), Imm::i64(1)).is_err());
    assert!(convert(ConvertOp::TruncS(I32), Imm::i32(1)).is_err());
    assert!(convert(ConvertOp::Promote, Imm::f64(1.0)).is_err());
}

#[test]
fn every_accepted_operation_has_an_implementation() {
    for ty in Type::ALL {
        for &op in BinaryOp::ALL {
            assert_eq!(
                binary_impl(op, ty).is_some(),
                op.accepts(ty),
                "{} {ty}",
                op.name()
            );
        }
        for &op in UnaryOp::ALL {
            assert_eq!(
                unary_impl(op, ty).is_some(),
                op.accepts(ty),
                "{} {ty}",
                op.name()
            );
        }
        for &op in CompareOp::ALL {
            assert_eq!(
                compare_impl(op, ty).is_some(),
                op.accepts(ty),
                "{} {ty}",
                op.name()
            );
        }
    }
}
