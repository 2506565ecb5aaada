//! Negative tests of typing rules for values: operands and results of arithmetic,
//! conversions, `select`, loads, stores, alignments and memory operations.

use super::*;

fn load(
    ty: Type,
    width: MemWidth,
    signed: bool,
    align: Option<u32>,
) -> impl FnOnce(&mut Build) -> InstKind {
    move |b| {
        let addr = b.i32(1024);
        InstKind::Load {
            ty,
            width,
            signed,
            addr,
            mem: MemArg {
                offset: 0,
                align,
                volatile: false,
            },
        }
    }
}

fn store(
    ty: Type,
    width: MemWidth,
    value: Imm,
    align: Option<u32>,
) -> impl FnOnce(&mut Build) -> InstKind {
    move |b| {
        let addr = b.i32(1024);
        let value = b.f.const_value(value);
        InstKind::Store {
            ty,
            width,
            addr,
            value,
            mem: MemArg {
                offset: 0,
                align,
                volatile: false,
            },
        }
    }
}

#[test]
fn binary_operands() {
    let m = single(
        "f",
        |b| InstKind::Binary {
            op: BinaryOp::Add,
            args: [b.i32(1), b.i64(1)],
        },
        Some(I32),
    );
    assert_single_error(&m, "operand types differ: i32 and i64");
    let m = single(
        "f",
        |b| InstKind::Binary {
            op: BinaryOp::Div,
            args: [b.i32(1), b.i32(1)],
        },
        Some(I32),
    );
    assert_single_error(&m, "`div` does not accept i32 operands");
    let m = single(
        "f",
        |b| InstKind::Binary {
            op: BinaryOp::Xor,
            args: [b.f64(1.0), b.f64(1.0)],
        },
        Some(F64),
    );
    assert_single_error(&m, "`xor` does not accept f64 operands");
}

#[test]
fn unary_and_compare_operands() {
    let m = single(
        "f",
        |b| InstKind::Unary {
            op: UnaryOp::Clz,
            arg: b.f64(1.0),
        },
        Some(F64),
    );
    assert_single_error(&m, "`clz` does not accept an f64 operand");
    let m = single(
        "f",
        |b| InstKind::Unary {
            op: UnaryOp::Sqrt,
            arg: b.i64(4),
        },
        Some(I64),
    );
    assert_single_error(&m, "`sqrt` does not accept an i64 operand");
    let m = single(
        "f",
        |b| InstKind::Compare {
            op: CompareOp::LtS,
            args: [b.f64(1.0), b.f64(2.0)],
        },
        Some(I32),
    );
    assert_single_error(&m, "`lt_s` does not accept f64 operands");
    let m = single(
        "f",
        |b| InstKind::Compare {
            op: CompareOp::Lt,
            args: [b.i32(1), b.i32(2)],
        },
        Some(I32),
    );
    assert_single_error(&m, "`lt` does not accept i32 operands");
    let m = single(
        "f",
        |b| InstKind::Compare {
            op: CompareOp::Eq,
            args: [b.i32(1), b.f64(2.0)],
        },
        Some(I32),
    );
    assert_single_error(&m, "operand types differ: i32 and f64");
}

#[test]
fn result_types_follow_the_operation() {
    let m = single(
        "f",
        |b| InstKind::Compare {
            op: CompareOp::Eq,
            args: [b.i64(1), b.i64(2)],
        },
        Some(I64),
    );
    assert_single_error(
        &m,
        "the result has type i64, but the instruction produces i32",
    );
    let m = single(
        "f",
        |b| InstKind::Unary {
            op: UnaryOp::Eqz,
            arg: b.i64(1),
        },
        Some(I64),
    );
    assert_single_error(
        &m,
        "the result has type i64, but the instruction produces i32",
    );
    let m = single("f", |_| InstKind::Const(Imm::f32(1.0)), Some(F64));
    assert_single_error(
        &m,
        "the result has type f64, but the instruction produces f32",
    );
    let m = single("f", |_| InstKind::MemorySize, None);
    assert_single_error(&m, "the instruction produces 1 result but defines 0");
    let m = single(
        "f",
        |b| InstKind::MemoryFill {
            args: [b.i32(0), b.i32(0), b.i32(0)],
        },
        Some(I32),
    );
    assert_single_error(&m, "the instruction produces 0 results but defines 1");
}

#[test]
fn terminators_define_no_results() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    b.f.append_inst(entry, InstKind::Trap, &[I32]);
    assert_single_error(
        &module_of([b.f]),
        "the instruction produces 0 results but defines 1",
    );
}

#[test]
fn conversions() {
    let cases: [(ConvertOp, Imm, Type, &str); 8] = [
        (
            ConvertOp::Wrap,
            Imm::i32(1),
            I32,
            "`wrap` does not accept an i32 operand",
        ),
        (
            ConvertOp::ExtendU,
            Imm::i64(1),
            I64,
            "`extend_u` does not accept an i64 operand",
        ),
        (
            ConvertOp::Extend32S,
            Imm::i32(1),
            I32,
            "`extend32_s` does not accept an i32 operand",
        ),
        (
            ConvertOp::Promote,
            Imm::f64(1.0),
            F64,
            "`promote` does not accept an f64 operand",
        ),
        (
            ConvertOp::TruncS(F32),
            Imm::f64(1.0),
            F32,
            "`trunc_s.f32` has a result type of the wrong kind",
        ),
        (
            ConvertOp::ConvertU(I64),
            Imm::i32(1),
            I64,
            "`convert_u.i64` has a result type of the wrong kind",
        ),
        (
            ConvertOp::Bitcast(I32),
            Imm::i32(1),
            I32,
            "`bitcast.i32` does not accept an i32 operand",
        ),
        (
            ConvertOp::Bitcast(F64),
            Imm::f32(1.0),
            F64,
            "`bitcast.f64` does not accept an f32 operand",
        ),
    ];
    for (op, arg, result, needle) in cases {
        let m = single(
            "f",
            |b| InstKind::Convert {
                op,
                arg: b.f.const_value(arg),
            },
            Some(result),
        );
        assert_single_error(&m, needle);
    }
    let m = single(
        "f",
        |b| InstKind::Convert {
            op: ConvertOp::TruncU(I64),
            arg: b.f64(1.0),
        },
        Some(I32),
    );
    assert_single_error(
        &m,
        "the result has type i32, but the instruction produces i64",
    );
}

#[test]
fn select_operands() {
    let m = single(
        "f",
        |b| InstKind::Select {
            args: [b.i64(1), b.i32(1), b.i32(2)],
        },
        Some(I32),
    );
    assert_single_error(&m, "the condition must be i32, got i64");
    let m = single(
        "f",
        |b| InstKind::Select {
            args: [b.i32(1), b.i32(1), b.f64(2.0)],
        },
        Some(I32),
    );
    assert_single_error(&m, "operand types differ: i32 and f64");
}

#[test]
fn loads() {
    let m = single(
        "f",
        |b| InstKind::Load {
            ty: I32,
            width: MemWidth::W32,
            signed: false,
            addr: b.i64(0),
            mem: MemArg {
                offset: 0,
                align: None,
                volatile: false,
            },
        },
        Some(I32),
    );
    assert_single_error(&m, "the address must be i32, got i64");
    let m = single("f", load(I32, MemWidth::W64, false, None), Some(I32));
    assert_single_error(&m, "a 64-bit load cannot have type i32");
    let m = single("f", load(F32, MemWidth::W16, false, None), Some(F32));
    assert_single_error(&m, "a 16-bit load cannot have type f32");
    let m = single("f", load(I32, MemWidth::W32, true, None), Some(I32));
    assert_single_error(&m, "a full-width load cannot be sign-extending");
    let m = single("f", load(I64, MemWidth::W32, false, None), Some(I32));
    assert_single_error(
        &m,
        "the result has type i32, but the instruction produces i64",
    );
    for (ty, width, signed) in [
        (I32, MemWidth::W8, true),
        (I32, MemWidth::W16, false),
        (I64, MemWidth::W32, true),
        (F64, MemWidth::W64, false),
    ] {
        assert_valid(&single("f", load(ty, width, signed, None), Some(ty)));
    }
}

#[test]
fn stores() {
    let m = single("f", store(I32, MemWidth::W32, Imm::i64(1), None), None);
    assert_single_error(&m, "the stored value must be i32, got i64");
    let m = single("f", store(I32, MemWidth::W64, Imm::i32(1), None), None);
    assert_single_error(&m, "a 64-bit store cannot have type i32");
    let m = single("f", store(F64, MemWidth::W32, Imm::f64(1.0), None), None);
    assert_single_error(&m, "a 32-bit store cannot have type f64");
    let m = single(
        "f",
        |b| InstKind::Store {
            ty: I32,
            width: MemWidth::W8,
            addr: b.f64(0.0),
            value: b.i32(1),
            mem: MemArg {
                offset: 0,
                align: None,
                volatile: false,
            },
        },
        None,
    );
    assert_single_error(&m, "the address must be i32, got f64");
    assert_valid(&single(
        "f",
        store(I64, MemWidth::W32, Imm::i64(1), None),
        None,
    ));
    assert_valid(&single(
        "f",
        store(I32, MemWidth::W16, Imm::i32(1), Some(2)),
        None,
    ));
}

#[test]
fn alignments() {
    for align in [0, 3, 8] {
        let m = single("f", load(I32, MemWidth::W32, false, Some(align)), Some(I32));
        assert_single_error(
            &m,
            &format!("alignment {align} is not a power of two up to the access width (4)"),
        );
    }
    let m = single("f", store(I64, MemWidth::W8, Imm::i64(1), Some(2)), None);
    assert_single_error(
        &m,
        "alignment 2 is not a power of two up to the access width (1)",
    );
    for align in [1, 2, 4, 8] {
        assert_valid(&single(
            "f",
            load(F64, MemWidth::W64, false, Some(align)),
            Some(F64),
        ));
    }
}

#[test]
fn memory_operations() {
    let m = single("f", |b| InstKind::MemoryGrow { pages: b.i64(1) }, Some(I32));
    assert_single_error(&m, "the page count must be i32, got i64");
    let m = single(
        "f",
        |b| InstKind::MemoryCopy {
            args: [b.i32(0), b.i64(0), b.i32(0)],
        },
        None,
    );
    assert_single_error(&m, "the source must be i32, got i64");
    let m = single(
        "f",
        |b| InstKind::MemoryFill {
            args: [b.i32(0), b.i32(0), b.f64(0.0)],
        },
        None,
    );
    assert_single_error(&m, "the length must be i32, got f64");
    let m = single("f", |b| InstKind::StackAlloc { size: b.i64(16) }, Some(I32));
    assert_single_error(&m, "the size must be i32, got i64");
}
