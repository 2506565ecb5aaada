//! Negative tests of typing rules: operands and results of every instruction group,
//! memory accesses, references to items, calls, syscalls, branches and returns.

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
            mem: MemArg { offset: 0, align },
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
            mem: MemArg { offset: 0, align },
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

#[test]
fn addresses() {
    let mut m = sample_module();
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    b.op(
        entry,
        InstKind::DataAddr {
            data: greeting(),
            offset: 6,
        },
        I32,
    ); // one past the end: allowed
    b.op(
        entry,
        InstKind::DataAddr {
            data: greeting(),
            offset: 7,
        },
        I32,
    );
    b.op(
        entry,
        InstKind::DataAddr {
            data: Data::new(9),
            offset: 0,
        },
        I32,
    );
    b.op(
        entry,
        InstKind::FuncAddr {
            func: Func::new(99),
        },
        I32,
    );
    b.op(entry, InstKind::HeapBase, I64);
    b.ret(entry, &[]);
    m.add_function(b.f);
    let errors = messages(&m);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].ends_with("offset 7 is past the end of @greeting (6 bytes)"));
    assert!(errors[1].ends_with("refers to a data object that does not exist (data9)"));
    assert!(errors[2].ends_with("refers to a function that does not exist (func99)"));
    assert!(errors[3].ends_with("the result has type i64, but the instruction produces i32"));
}

#[test]
fn globals() {
    let mut m = sample_module();
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let (one32, one64) = (b.i32(1), b.i64(1));
    b.effect(
        entry,
        InstKind::GlobalSet {
            global: limit(),
            value: one64,
        },
    );
    b.effect(
        entry,
        InstKind::GlobalSet {
            global: counter(),
            value: one64,
        },
    );
    b.effect(
        entry,
        InstKind::GlobalSet {
            global: Global::new(7),
            value: one32,
        },
    );
    b.op(
        entry,
        InstKind::GlobalGet {
            global: Global::new(8),
        },
        I32,
    );
    b.op(entry, InstKind::GlobalGet { global: limit() }, I32);
    b.ret(entry, &[]);
    m.add_function(b.f);
    let errors = messages(&m);
    assert_eq!(errors.len(), 5, "{errors:#?}");
    assert!(errors[0].ends_with("@limit is not mutable"));
    assert!(errors[1].ends_with("the value stored in @counter must be i32, got i64"));
    assert!(errors[2].ends_with("refers to a global that does not exist (global7)"));
    assert!(errors[3].ends_with("refers to a global that does not exist (global8)"));
    assert!(errors[4].ends_with("the result has type i32, but the instruction produces i64"));
}

#[test]
fn direct_calls() {
    let mut m = sample_module();
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let (one32, one64) = (b.i32(1), b.i64(1));
    b.op(
        entry,
        InstKind::Call {
            func: fib(),
            args: vec![],
        },
        I32,
    );
    b.op(
        entry,
        InstKind::Call {
            func: fib(),
            args: vec![one64],
        },
        I32,
    );
    b.effect(
        entry,
        InstKind::Call {
            func: fib(),
            args: vec![one32],
        },
    );
    b.f.append_inst(
        entry,
        InstKind::Call {
            func: host_log(),
            args: vec![one32, one32],
        },
        &[I64],
    );
    b.effect(
        entry,
        InstKind::Call {
            func: Func::new(42),
            args: vec![],
        },
    );
    b.ret(entry, &[]);
    m.add_function(b.f);
    let errors = messages(&m);
    assert_eq!(errors.len(), 5, "{errors:#?}");
    assert!(errors[0].ends_with("@fib takes 1 argument, got 0"));
    assert!(errors[1].ends_with("argument 1 of @fib must be i32, got i64"));
    assert!(errors[2].ends_with("the instruction produces 1 result but defines 0"));
    assert!(errors[3].ends_with("the instruction produces 0 results but defines 1"));
    assert!(errors[4].ends_with("refers to a function that does not exist (func42)"));
}

#[test]
fn indirect_calls() {
    let sig = Signature::new([I32, F64], [I64]);
    let s = sig.clone();
    let m = single(
        "f",
        move |b| InstKind::CallIndirect {
            sig: s,
            callee: b.i64(1),
            args: vec![b.i32(1), b.f64(1.0)],
        },
        Some(I64),
    );
    assert_single_error(&m, "the callee (a table index) must be i32, got i64");
    let s = sig.clone();
    let m = single(
        "f",
        move |b| InstKind::CallIndirect {
            sig: s,
            callee: b.i32(1),
            args: vec![b.i32(1), b.i32(1)],
        },
        Some(I64),
    );
    assert_single_error(&m, "argument 2 of the signature must be f64, got i32");
    let s = sig.clone();
    let m = single(
        "f",
        move |b| InstKind::CallIndirect {
            sig: s,
            callee: b.i32(1),
            args: vec![b.i32(1), b.f64(1.0)],
        },
        Some(I32),
    );
    assert_single_error(
        &m,
        "the result has type i32, but the instruction produces i64",
    );
}

#[test]
fn syscalls() {
    let m = single(
        "f",
        |b| InstKind::Syscall {
            call: Syscall::Write,
            args: vec![b.i32(1), b.i32(0)],
        },
        Some(I32),
    );
    assert_single_error(&m, "syscall.write takes 3 operands, got 2");
    let m = single(
        "f",
        |b| InstKind::Syscall {
            call: Syscall::Seek,
            args: vec![b.i32(1), b.i32(0), b.i32(0)],
        },
        Some(I64),
    );
    assert_single_error(&m, "operand 2 of syscall.seek must be i64, got i32");
    let m = single(
        "f",
        |b| InstKind::Syscall {
            call: Syscall::Sleep,
            args: vec![b.i64(1)],
        },
        Some(I64),
    );
    assert_single_error(
        &m,
        "the result has type i64, but the instruction produces i32",
    );
    let m = single(
        "f",
        |b| InstKind::Syscall {
            call: Syscall::Exit,
            args: vec![b.i32(0)],
        },
        Some(I32),
    );
    assert_single_error(&m, "the instruction produces 0 results but defines 1");
}

#[test]
fn branch_arguments_match_parameters() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let (target, other) = (b.named_block("target"), b.named_block("other"));
    b.block_param(target, I32);
    b.block_param(target, F64);
    let (one, half) = (b.i32(1), b.f64(0.5));
    b.effect(
        entry,
        InstKind::BrIf {
            cond: half,
            then_dest: BlockCall::new(target, vec![one]),
            else_dest: BlockCall::new(other, vec![]),
        },
    );
    b.jump(other, target, &[half, half]);
    b.ret(target, &[]);
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].ends_with("the condition must be i32, got f64"));
    assert!(errors[1].ends_with("block target takes 2 arguments, got 1"));
    assert!(errors[2].ends_with("argument 1 of block target must be i32, got f64"));
}

#[test]
fn branch_targets_exist_and_are_in_the_layout() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let deleted = b.named_block("deleted");
    b.f.layout.pop();
    let zero = b.i32(0);
    b.effect(
        entry,
        InstKind::BrIf {
            cond: zero,
            then_dest: BlockCall::new(deleted, vec![]),
            else_dest: BlockCall::new(Block::new(30), vec![]),
        },
    );
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].ends_with("branch to block deleted, which is not in the layout"));
    assert!(errors[1].ends_with("branch to a block that does not exist (block30)"));
}

#[test]
fn switches() {
    let mut b = Build::new("f", &[I32, I64, F32], &[]);
    let (x32, x64, xf) = (b.param(0), b.param(1), b.param(2));
    let (entry, s64, sf, done) = (b.block(), b.block(), b.block(), b.named_block("done"));
    let case = |k: u64| (k, BlockCall::new(done, vec![]));
    let to = |block| BlockCall::new(block, vec![]);
    b.effect(
        entry,
        InstKind::Switch {
            index: x32,
            default: to(s64),
            cases: vec![case(1), case(0x1_0000_0000), case(1)],
        },
    );
    b.effect(
        s64,
        InstKind::Switch {
            index: x64,
            default: to(sf),
            cases: vec![case(0x1_0000_0000), case(u64::MAX), case(u64::MAX)],
        },
    );
    b.effect(
        sf,
        InstKind::Switch {
            index: xf,
            default: to(done),
            cases: vec![],
        },
    );
    b.ret(done, &[]);
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].ends_with("case key 0x100000000 does not fit the i32 index"));
    assert!(errors[1].ends_with("case key 1 appears twice"));
    assert!(errors[2].ends_with("case key -1 appears twice"));
    assert!(errors[3].ends_with("the switch index must be i32 or i64, got f32"));
}

#[test]
fn returns_match_the_signature() {
    let mut b = Build::new("f", &[I32], &[I32, F64]);
    let x = b.param(0);
    let (entry, a, c) = (b.block(), b.block(), b.block());
    b.br_if(entry, x, a, c);
    b.ret(a, &[x]);
    b.ret(c, &[x, x]);
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].ends_with("the function returns 2 values, `ret` has 1"));
    assert!(errors[1].ends_with("returned value 2 must be f64, got i32"));
}

#[test]
fn tail_calls_return_the_callers_results() {
    let mut m = sample_module();
    let mut b = Build::new("f", &[I32], &[I64]);
    let x = b.param(0);
    let (entry, a, c) = (b.block(), b.block(), b.block());
    b.br_if(entry, x, a, c);
    b.effect(
        a,
        InstKind::ReturnCall {
            func: fib(),
            args: vec![x],
        },
    );
    let sig = Signature::new([], [I32, I32]);
    b.effect(
        c,
        InstKind::ReturnCallIndirect {
            sig,
            callee: x,
            args: vec![x],
        },
    );
    m.add_function(b.f);
    let errors = messages(&m);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].ends_with(
        "a tail call must return the caller's results: @fib returns i32 but @f returns i64"
    ));
    assert!(errors[1].ends_with("the signature takes 0 arguments, got 1"));
    assert!(errors[2].ends_with("the signature returns (i32, i32) but @f returns i64"));
}
