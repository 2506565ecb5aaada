//! A valid sample module that exercises every instruction group, data objects with
//! symbols, globals, an import, exports, tail calls and an unreachable block. Other
//! tests corrupt it.

use super::*;

/// Handles of the sample module's items.
pub(super) fn greeting() -> Data {
    Data::new(0)
}
pub(super) fn table() -> Data {
    Data::new(1)
}
pub(super) fn counter() -> Global {
    Global::new(0)
}
pub(super) fn limit() -> Global {
    Global::new(1)
}
pub(super) fn host_log() -> Func {
    Func::new(0)
}
pub(super) fn fib() -> Func {
    Func::new(1)
}

/// A valid module using every instruction group, data with symbols, globals, an
/// import, exports, tail calls and an unreachable block.
pub(super) fn sample_module() -> Module {
    let mut module = Module::new();
    module.memory = Some(MemoryDecl {
        min_pages: 2,
        max_pages: Some(256),
        export: Some("mem".into()),
    });
    module.stack_size = Some(65536);
    module.add_data(DataObject {
        name: "greeting".into(),
        align: None,
        readonly: true,
        items: vec![DataItem::Bytes(b"Hello\n".to_vec())],
        is_string: true,
    });
    module.add_data(DataObject {
        name: "table".into(),
        align: Some(8),
        readonly: false,
        items: vec![
            DataItem::Scalars {
                ty: DataType::I64,
                values: vec![DataValue::Bits(1), DataValue::Bits(u64::MAX)],
            },
            DataItem::Scalars {
                ty: DataType::Ptr,
                values: vec![
                    DataValue::DataAddr(greeting(), 6),
                    DataValue::FuncAddr(fib()),
                ],
            },
            DataItem::Scalars {
                ty: DataType::I32,
                values: vec![DataValue::DataAddr(table(), 0)],
            },
            DataItem::Scalars {
                ty: DataType::I8,
                values: vec![DataValue::Bits(255), DataValue::Bits(0xffff_ff80)],
            },
            DataItem::Scalars {
                ty: DataType::I16,
                values: vec![DataValue::Bits((-2i64) as u64)],
            },
            DataItem::Scalars {
                ty: DataType::F32,
                values: vec![DataValue::Bits(1.5f32.to_bits() as u64)],
            },
            DataItem::Zero(4),
        ],
        is_string: false,
    });
    module.add_global(GlobalDecl {
        name: "counter".into(),
        ty: I32,
        mutable: true,
        init: Imm::i32(0),
        export: None,
    });
    module.add_global(GlobalDecl {
        name: "limit".into(),
        ty: I64,
        mutable: false,
        init: Imm::i64(100),
        export: Some("limit".into()),
    });
    let import = Import {
        module: "env".into(),
        name: "log".into(),
    };
    assert_eq!(
        module.add_function(Function::new_import(
            "host_log",
            Signature::new([I32, I32], []),
            import
        )),
        host_log()
    );
    assert_eq!(module.add_function(fib_function()), fib());
    module.add_function(sum());
    module.add_function(misc());
    module.add_function(tails());
    module.add_function(stop());
    module
}

/// `@fib(%n: i32) -> i32`, recursive, with a diamond.
fn fib_function() -> Function {
    let mut b = Build::new("fib", &[I32], &[I32]);
    b.f.export = Some("fib".into());
    let n = b.name(b.param(0), "n");
    let (entry, base, rec) = (b.block(), b.named_block("base"), b.named_block("rec"));
    let two = b.i32(2);
    let c = b.op(
        entry,
        InstKind::Compare {
            op: CompareOp::LtS,
            args: [n, two],
        },
        I32,
    );
    b.br_if(entry, c, base, rec);
    b.ret(base, &[n]);
    let one = b.i32(1);
    let a = b.binary(rec, BinaryOp::Sub, n, one);
    let x = b.op(
        rec,
        InstKind::Call {
            func: fib(),
            args: vec![a],
        },
        I32,
    );
    let a2 = b.binary(rec, BinaryOp::Sub, n, two);
    let y = b.op(
        rec,
        InstKind::Call {
            func: fib(),
            args: vec![a2],
        },
        I32,
    );
    let r = b.binary(rec, BinaryOp::Add, x, y);
    b.ret(rec, &[r]);
    b.f
}

/// The `@sum` loop of docs/lir.md, with a slot and an unreachable block.
fn sum() -> Function {
    let mut b = Build::new("sum", &[I32, I32], &[I64]);
    let (p, n) = (b.name(b.param(0), "p"), b.name(b.param(1), "n"));
    let (_, tmp) = b.f.create_slot(16, Some(8));
    b.name(tmp, "tmp");
    let entry = b.block();
    let (lp, body, exit) = (
        b.named_block("loop"),
        b.named_block("body"),
        b.named_block("exit"),
    );
    let dead = b.named_block("dead");
    let (i, acc) = (b.block_param(lp, I32), b.block_param(lp, I64));
    b.name(i, "i");
    b.name(acc, "acc");
    let (zero32, zero64) = (b.i32(0), b.i64(0));
    b.jump(entry, lp, &[zero32, zero64]);
    let done = b.op(
        lp,
        InstKind::Compare {
            op: CompareOp::GeU,
            args: [i, n],
        },
        I32,
    );
    b.effect(
        lp,
        InstKind::BrIf {
            cond: done,
            then_dest: BlockCall::new(exit, vec![acc]),
            else_dest: BlockCall::new(body, vec![]),
        },
    );
    let three = b.i32(3);
    let off = b.binary(body, BinaryOp::Shl, i, three);
    let addr = b.binary(body, BinaryOp::Add, p, off);
    let mem = MemArg {
        offset: 0,
        align: None,
        volatile: false,
    };
    let x = b.op(
        body,
        InstKind::Load {
            ty: I64,
            width: MemWidth::W64,
            signed: false,
            addr,
            mem,
        },
        I64,
    );
    let mem8 = MemArg {
        offset: 8,
        align: Some(8),
        volatile: false,
    };
    b.effect(
        body,
        InstKind::Store {
            ty: I64,
            width: MemWidth::W64,
            addr: tmp,
            value: x,
            mem: mem8,
        },
    );
    let acc2 = b.binary(body, BinaryOp::Add, acc, x);
    let one = b.i32(1);
    let i2 = b.binary(body, BinaryOp::Add, i, one);
    b.jump(body, lp, &[i2, acc2]);
    let r = b.block_param(exit, I64);
    b.ret(exit, &[r]);
    // Unreachable: may use values of other blocks, in any order of blocks.
    let dead_sum = b.binary(dead, BinaryOp::Add, acc2, x);
    b.ret(dead, &[dead_sum]);
    b.f
}

/// Memory, globals, addresses, conversions, syscalls, indirect calls and `switch`.
fn misc() -> Function {
    let mut b = Build::new("misc", &[I32, F64], &[F64]);
    b.f.export = Some("misc_export".into());
    let (x, y) = (b.param(0), b.param(1));
    let entry = b.block();
    let (one, two, default) = (
        b.named_block("one"),
        b.named_block("two"),
        b.named_block("default"),
    );
    let fp = b.op(entry, InstKind::FuncAddr { func: fib() }, I32);
    let sig = Signature::new([I32], [I32]);
    let r = b.op(
        entry,
        InstKind::CallIndirect {
            sig: Box::new(sig),
            callee: fp,
            args: vec![x],
        },
        I32,
    );
    let g = b.op(entry, InstKind::GlobalGet { global: counter() }, I32);
    let g2 = b.binary(entry, BinaryOp::Add, g, r);
    b.effect(
        entry,
        InstKind::GlobalSet {
            global: counter(),
            value: g2,
        },
    );
    b.op(entry, InstKind::GlobalGet { global: limit() }, I64);
    let a = b.op(
        entry,
        InstKind::DataAddr {
            data: greeting(),
            offset: 6,
        },
        I32,
    );
    let six = b.i32(6);
    b.effect(
        entry,
        InstKind::Call {
            func: host_log(),
            args: vec![a, six],
        },
    );
    let fd = b.i32(1);
    b.op(
        entry,
        InstKind::Syscall {
            call: Syscall::Write,
            args: vec![fd, a, six],
        },
        I32,
    );
    b.op(entry, InstKind::MemorySize, I32);
    let zero = b.i32(0);
    b.op(entry, InstKind::MemoryGrow { pages: zero }, I32);
    b.effect(entry, InstKind::MemoryCopy { args: [a, a, zero] });
    b.effect(
        entry,
        InstKind::MemoryFill {
            args: [a, zero, zero],
        },
    );
    b.op(entry, InstKind::HeapBase, I32);
    let size = b.i32(32);
    let s = b.op(entry, InstKind::StackAlloc { size }, I32);
    let mem = MemArg {
        offset: 0,
        align: None,
        volatile: false,
    };
    b.effect(
        entry,
        InstKind::Store {
            ty: I32,
            width: MemWidth::W8,
            addr: s,
            value: x,
            mem,
        },
    );
    let l = b.op(
        entry,
        InstKind::Load {
            ty: I32,
            width: MemWidth::W8,
            signed: false,
            addr: s,
            mem,
        },
        I32,
    );
    let e = b.op(
        entry,
        InstKind::Convert {
            op: ConvertOp::ExtendS,
            arg: l,
        },
        I64,
    );
    let mem4 = MemArg {
        offset: 4,
        align: Some(2),
        volatile: false,
    };
    b.effect(
        entry,
        InstKind::Store {
            ty: I64,
            width: MemWidth::W32,
            addr: s,
            value: e,
            mem: mem4,
        },
    );
    let l64 = b.op(
        entry,
        InstKind::Load {
            ty: I64,
            width: MemWidth::W32,
            signed: true,
            addr: s,
            mem,
        },
        I64,
    );
    let fl = b.op(
        entry,
        InstKind::Convert {
            op: ConvertOp::ConvertS(F64),
            arg: l64,
        },
        F64,
    );
    let sel = b.op(entry, InstKind::Select { args: [x, fl, y] }, F64);
    let bits = b.op(
        entry,
        InstKind::Convert {
            op: ConvertOp::Bitcast(I64),
            arg: sel,
        },
        I64,
    );
    b.op(
        entry,
        InstKind::Convert {
            op: ConvertOp::TruncSatS(I32),
            arg: y,
        },
        I32,
    );
    b.op(
        entry,
        InstKind::Convert {
            op: ConvertOp::Wrap,
            arg: bits,
        },
        I32,
    );
    b.op(
        entry,
        InstKind::Unary {
            op: UnaryOp::Eqz,
            arg: bits,
        },
        I32,
    );
    let clock = b.i32(1);
    b.op(
        entry,
        InstKind::Syscall {
            call: Syscall::ClockTime,
            args: vec![clock],
        },
        I64,
    );
    b.f.append_inst(entry, InstKind::Const(Imm::f32(0.5)), &[F32]);
    let switch = InstKind::Switch {
        index: x,
        default: BlockCall::new(default, vec![sel]),
        cases: vec![
            (0, BlockCall::new(one, vec![])),
            (0xffff_ffff, BlockCall::new(two, vec![y])),
        ]
        .into(),
    };
    b.effect(entry, switch);
    b.ret(one, &[y]);
    let z = b.block_param(two, F64);
    let neg = b.op(
        two,
        InstKind::Unary {
            op: UnaryOp::Neg,
            arg: z,
        },
        F64,
    );
    b.ret(two, &[neg]);
    let d = b.block_param(default, F64);
    let k = b.op(default, InstKind::Const(Imm::f64(2.5)), F64);
    let dd = b.binary(default, BinaryOp::Mul, d, k);
    b.ret(default, &[dd]);
    b.f
}

/// `@tails(%x: i32) -> i32`: both kinds of tail call.
fn tails() -> Function {
    let mut b = Build::new("tails", &[I32], &[I32]);
    let x = b.param(0);
    let (entry, direct, indirect) = (b.block(), b.block(), b.block());
    b.br_if(entry, x, direct, indirect);
    b.effect(
        direct,
        InstKind::ReturnCall {
            func: fib(),
            args: vec![x],
        },
    );
    let fp = b.op(indirect, InstKind::FuncAddr { func: fib() }, I32);
    let sig = Signature::new([I32], [I32]);
    b.effect(
        indirect,
        InstKind::ReturnCallIndirect {
            sig: Box::new(sig),
            callee: fp,
            args: vec![x],
        },
    );
    b.f
}

/// `@stop()`: `syscall.exit` followed by `trap`.
fn stop() -> Function {
    let mut b = Build::new("stop", &[], &[]);
    let entry = b.block();
    let code = b.i32(3);
    b.effect(
        entry,
        InstKind::Syscall {
            call: Syscall::Exit,
            args: vec![code],
        },
    );
    b.effect(entry, InstKind::Trap);
    b.f
}

#[test]
fn sample_module_verifies() {
    assert_valid(&sample_module());
}

#[test]
fn empty_module_verifies() {
    assert_valid(&Module::new());
}
