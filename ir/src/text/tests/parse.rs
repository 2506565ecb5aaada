//! Parsing of every construct of docs/lir.md, including its examples verbatim.

use super::{func, kinds, named, parse_ok};
use crate::function::{Import, ValueDef};
use crate::imm::Imm;
use crate::inst::{BlockCall, InstKind, MemArg};
use crate::module::{DataItem, DataType, DataValue, MemoryDecl};
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp};
use crate::syscall::Syscall;
use crate::types::{MemWidth, Signature, Type};

/// The module-items example of docs/lir.md, with the elided bodies filled in.
const ITEMS_EXAMPLE: &str = r#"
memory 1 max 256 export "memory"        ; pages of 64 KiB; max and export optional
stack 1048576                           ; shadow-stack bytes (default 65536)

data @greeting = "Hello, WASM!\n"
data @table align 8 = { i64 1, 2, 3; ptr @greeting; ptr @fib; zero 16 }
data @scratch readonly = { i32 0 }

global @counter: i32 mut = 0
global @limit: i64 = 100 export "limit"

import func @host_log(i32, i32) from "env" "log"

export func @fib(%n: i32) -> i32 { ret %n }              ; exported as "fib"
export "calculate_bmi" func @bmi(%w: f32, %h: f32) -> f32 { ret %w }
func @divmod(%a: i32, %b: i32) -> (i32, i32) { ret %a, %b }  ; two results
"#;

/// The `@sum` example of docs/lir.md, verbatim.
const SUM_EXAMPLE: &str = r#"
func @sum(%p: ptr, %n: i32) -> i64 {
    slot %tmp 16 align 8              ; stack slot: %tmp is the address of 16 bytes
entry:
    jump loop(0, 0)
loop(%i: i32, %acc: i64):
    %done = ge_u %i, %n
    br_if %done, exit(%acc), body
body:
    %off = shl %i, 3
    %addr = add %p, %off
    %x = load.i64 [%addr]
    %acc2 = add %acc, %x
    %i2 = add %i, 1
    jump loop(%i2, %acc2)
exit(%r: i64):
    ret %r
}
"#;

#[test]
fn module_items_example() {
    let m = parse_ok(ITEMS_EXAMPLE);
    assert_eq!(
        m.memory,
        Some(MemoryDecl {
            min_pages: 1,
            max_pages: Some(256),
            export: Some("memory".into())
        })
    );
    assert_eq!(m.stack_size, Some(1048576));
    let greeting = m.data_by_name("greeting").unwrap();
    assert!(m.data[greeting].is_string);
    assert_eq!(
        m.data[greeting].items,
        vec![DataItem::Bytes(b"Hello, WASM!\n".to_vec())]
    );
    let table = &m.data[m.data_by_name("table").unwrap()];
    assert_eq!(table.align, Some(8));
    assert!(!table.readonly && !table.is_string);
    let fib = m.func_by_name("fib").unwrap();
    assert_eq!(
        table.items,
        vec![
            DataItem::Scalars {
                ty: DataType::I64,
                values: vec![DataValue::Bits(1), DataValue::Bits(2), DataValue::Bits(3)]
            },
            DataItem::Scalars {
                ty: DataType::Ptr,
                values: vec![DataValue::DataAddr(greeting, 0)]
            },
            DataItem::Scalars {
                ty: DataType::Ptr,
                values: vec![DataValue::FuncAddr(fib)]
            },
            DataItem::Zero(16),
        ]
    );
    assert_eq!(table.size(), 24 + 4 + 4 + 16);
    let scratch = &m.data[m.data_by_name("scratch").unwrap()];
    assert!(scratch.readonly);

    let counter = &m.globals[m.global_by_name("counter").unwrap()];
    assert!(counter.mutable && counter.ty == Type::I32 && counter.init == Imm::i32(0));
    let limit = &m.globals[m.global_by_name("limit").unwrap()];
    assert!(!limit.mutable && limit.init == Imm::i64(100));
    assert_eq!(limit.export.as_deref(), Some("limit"));

    let log = func(&m, "host_log");
    assert_eq!(
        log.import,
        Some(Import {
            module: "env".into(),
            name: "log".into()
        })
    );
    assert_eq!(log.sig, Signature::new([Type::I32, Type::I32], []));
    assert_eq!(func(&m, "fib").export.as_deref(), Some("fib"));
    assert_eq!(func(&m, "bmi").export.as_deref(), Some("calculate_bmi"));
    assert_eq!(func(&m, "divmod").export, None);
    assert_eq!(func(&m, "divmod").sig.results, vec![Type::I32, Type::I32]);
    // Functions keep declaration order, imports among them.
    let order: Vec<&str> = m.funcs.values().map(|f| f.name.as_str()).collect();
    assert_eq!(order, ["host_log", "fib", "bmi", "divmod"]);
}

#[test]
fn sum_example() {
    let m = parse_ok(SUM_EXAMPLE);
    let f = func(&m, "sum");
    assert_eq!(f.sig, Signature::new([Type::I32, Type::I32], [Type::I64]));
    assert_eq!(f.slots.len(), 1);
    let slot = f.slots.values().next().unwrap();
    assert_eq!((slot.size, slot.align), (16, Some(8)));
    assert_eq!(f.values[slot.value].name.as_deref(), Some("tmp"));
    let labels: Vec<_> = f
        .layout
        .iter()
        .map(|&b| f.blocks[b].name.clone().unwrap())
        .collect();
    assert_eq!(labels, ["entry", "loop", "body", "exit"]);
    let loop_block = f.layout[1];
    let params: Vec<Type> = f.blocks[loop_block]
        .params
        .iter()
        .map(|&v| f.value_type(v))
        .collect();
    assert_eq!(params, [Type::I32, Type::I64]);
    // `jump loop(0, 0)` passes an i32 and an i64 constant.
    let jump = &f.insts[f.blocks[f.layout[0]].insts[0]].kind;
    let InstKind::Jump { dest } = jump else {
        panic!("{jump:?}")
    };
    assert_eq!(dest.block, loop_block);
    let consts: Vec<Option<Imm>> = dest.args.iter().map(|&v| f.as_const(v)).collect();
    assert_eq!(consts, [Some(Imm::i32(0)), Some(Imm::i64(0))]);
    // `%x = load.i64 [%addr]` and the inferred result types.
    assert_eq!(f.value_type(named(f, "x")), Type::I64);
    assert_eq!(f.value_type(named(f, "acc2")), Type::I64);
    assert_eq!(f.value_type(named(f, "done")), Type::I32);
    let off = named(f, "off");
    assert!(matches!(f.value_def(off), ValueDef::Result(..)));
    assert_eq!(f.inst_count(), 10);
}

#[test]
fn values_may_be_used_before_their_definition() {
    let m = parse_ok(
        "func @f(%a: i64) -> i64 {
        entry:
            jump second
        first:
            %z = add %y, 1          ; %y is defined further down, in a dominating block
            %w = add %z, %z
            ret %w
        second:
            %y = mul %a, 2
            jump first
        }",
    );
    let f = func(&m, "f");
    assert_eq!(f.value_type(named(f, "z")), Type::I64);
    assert_eq!(f.value_type(named(f, "w")), Type::I64);
    // The literal took the type of %y although %y is defined later in the text.
    let add = kinds(f)[1];
    let InstKind::Binary { args, .. } = add else {
        panic!()
    };
    assert_eq!(f.as_const(args[1]), Some(Imm::i64(1)));
    // Blocks may be used before their label too.
    assert_eq!(f.blocks[f.layout[2]].name.as_deref(), Some("second"));
}

#[test]
fn every_instruction() {
    let src = r#"
global @ctr: i32 mut = 0
data @tbl = { i32 1, 2 }
import func @imp(i32) -> (i32, i64) from "m" "n"
func @all(%p: ptr, %x: i32, %y: i64, %d: f64) -> i32 {
    %c = const.i64 5
    %a = add %x, 1
    %cmp = lt_u %x, %a
    %n = neg %d
    %ts = trunc_sat_u.i64 %d
    %sel = select %cmp, %x, 0
    %l = load.s16.i64 [%p + 4] align 2
    store.16 [%p], %y
    %ms = memory.size
    %mg = memory.grow 1
    memory.copy %p, 0, 16
    memory.fill %p, 0, 16
    %ad = addr @tbl + 4
    %hb = addr @__heap_base
    %fa = funcaddr @imp
    %sa = stack.alloc 32
    %gg = global.get @ctr
    global.set @ctr, 7
    %r1, %r2 = call @imp(%x)
    call @imp(1)
    %ci = call_indirect %fa(1, 2) : (i32, i64) -> i32
    %sk = syscall.seek 1, 0, 0
    switch %x, dflt, [0: two(3), -1: dflt, 0xfffffffe: two(%x)]
dflt:
    br_if %cmp, two(%x), three
two(%t: i32):
    jump three
three:
    return_call @all(%p, 1, 2, 3)
four:
    return_call_indirect %fa(%p) : (i32) -> i32
five:
    ret %x
six:
    trap
}
"#;
    let m = parse_ok(src);
    let f = func(&m, "all");
    let imp = m.func_by_name("imp").unwrap();
    let tbl = m.data_by_name("tbl").unwrap();
    let k = kinds(f);
    assert_eq!(k.len(), 29);
    assert_eq!(*k[0], InstKind::Const(Imm::i64(5)));
    assert!(matches!(
        k[1],
        InstKind::Binary {
            op: BinaryOp::Add,
            ..
        }
    ));
    assert!(matches!(
        k[2],
        InstKind::Compare {
            op: CompareOp::LtU,
            ..
        }
    ));
    assert!(matches!(
        k[4],
        InstKind::Convert {
            op: ConvertOp::TruncSatU(Type::I64),
            ..
        }
    ));
    assert!(matches!(
        k[6],
        InstKind::Load {
            ty: Type::I64,
            width: MemWidth::W16,
            signed: true,
            mem: MemArg {
                offset: 4,
                align: Some(2)
            },
            ..
        }
    ));
    assert!(matches!(
        k[7],
        InstKind::Store {
            ty: Type::I64,
            width: MemWidth::W16,
            ..
        }
    ));
    assert_eq!(
        *k[12],
        InstKind::DataAddr {
            data: tbl,
            offset: 4
        }
    );
    assert_eq!(*k[13], InstKind::HeapBase);
    assert_eq!(*k[14], InstKind::FuncAddr { func: imp });
    // `call @imp(1)`: results not written, still two (unnamed) values.
    let second_call = f.blocks[f.layout[0]].insts[19];
    assert_eq!(f.insts[second_call].results.len(), 2);
    assert!(f.insts[second_call]
        .results
        .iter()
        .all(|&v| f.values[v].name.is_none()));
    let InstKind::Syscall { call, args } = k[21] else {
        panic!()
    };
    assert_eq!(*call, Syscall::Seek);
    assert_eq!(f.as_const(args[1]), Some(Imm::i64(0)));
    let InstKind::Switch { cases, default, .. } = k[22] else {
        panic!()
    };
    let keys: Vec<u64> = cases.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, [0, 0xffff_ffff, 0xffff_fffe]);
    assert_eq!(default.block, f.layout[1]);
    let InstKind::ReturnCall { args, .. } = k[25] else {
        panic!()
    };
    assert_eq!(f.as_const(args[3]), Some(Imm::f64(3.0)));
    assert!(matches!(k[26], InstKind::ReturnCallIndirect { .. }));
    assert_eq!(*k[28], InstKind::Trap);
}

#[test]
fn unnamed_values_and_blocks_are_renumbered() {
    let m = parse_ok(
        "func @f(%7: i32) -> i32 {
            %3 = add %7, 1
            jump bb9(%3)
        bb9(%12: i32):
            %unused = add %12, 1
            add %12, 2
            ret %12
        }",
    );
    let f = func(&m, "f");
    assert!(f.values[f.params[0]].name.is_none());
    assert!(f.blocks[f.layout[0]].name.is_none());
    assert!(f.blocks[f.layout[1]].name.is_none());
    let text = crate::text::print(&m);
    assert!(
        text.contains(
            "func @f(%0: i32) -> i32 {\n    %1 = add %0, 1\n    jump bb1(%1)\nbb1(%2: i32):\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("    %unused = add %2, 1\n    add %2, 2\n    ret %2\n"),
        "{text}"
    );
}

#[test]
fn stated_result_types_and_multiple_results() {
    let m = parse_ok(
        "func @two() -> (i32, f64) { ret 1, 2 }
         func @f() -> f64 {
             %a: i32, %b: f64 = call @two()
             %c: ptr = add %a, 1
             ret %b
         }",
    );
    let f = func(&m, "f");
    assert_eq!(f.value_type(named(f, "b")), Type::F64);
    assert_eq!(f.value_type(named(f, "c")), Type::I32);
}

#[test]
fn data_comments_and_separators() {
    let m = parse_ok(
        r#"data @d align 4 readonly = {   ; a comment after the brace
            i8 1, -1 ; i16 2          ; `; i16` separates, this one is a comment
            ;zero 3
            "ab" ; "cd";}
        data @e readonly align 16 = {}
        data @f = { ; only a comment
        }"#,
    );
    let d = &m.data[m.data_by_name("d").unwrap()];
    assert_eq!((d.align, d.readonly), (Some(4), true));
    assert_eq!(
        d.items,
        vec![
            DataItem::Scalars {
                ty: DataType::I8,
                values: vec![DataValue::Bits(1), DataValue::Bits(0xff)]
            },
            DataItem::Scalars {
                ty: DataType::I16,
                values: vec![DataValue::Bits(2)]
            },
            DataItem::Zero(3),
            DataItem::Bytes(b"ab".to_vec()),
            DataItem::Bytes(b"cd".to_vec()),
        ]
    );
    let e = &m.data[m.data_by_name("e").unwrap()];
    assert_eq!((e.align, e.readonly, e.items.len()), (Some(16), true, 0));
    assert!(m.data[m.data_by_name("f").unwrap()].items.is_empty());
}

#[test]
fn data_symbols_and_offsets() {
    let m = parse_ok(
        "data @a = { i32 @b + 8, @a, @f; ptr @b + 0 }
         data @b = { zero 16 }
         func @f() { ret }",
    );
    let (a, b) = (m.data_by_name("a").unwrap(), m.data_by_name("b").unwrap());
    let f = m.func_by_name("f").unwrap();
    assert_eq!(
        m.data[a].items,
        vec![
            DataItem::Scalars {
                ty: DataType::I32,
                values: vec![
                    DataValue::DataAddr(b, 8),
                    DataValue::DataAddr(a, 0),
                    DataValue::FuncAddr(f)
                ]
            },
            DataItem::Scalars {
                ty: DataType::Ptr,
                values: vec![DataValue::DataAddr(b, 0)]
            },
        ]
    );
}

#[test]
fn entry_block_forms() {
    // An unnamed entry block, a named one, and an unnamed one written as `bb0:`.
    for src in [
        "func @f() { ret }",
        "func @f() {\nstart:\n    ret\n}",
        "func @f() {\nbb0:\n    ret\n}",
    ] {
        let m = parse_ok(src);
        let f = func(&m, "f");
        assert_eq!(f.layout.len(), 1);
        assert_eq!(
            f.blocks[f.layout[0]].name.as_deref(),
            src.contains("start").then_some("start")
        );
    }
    // Labels may look like keywords or literals.
    parse_ok(
        "func @f() {\n    jump nan\nnan:\n    jump data\ndata:\n    jump inf\ninf:\n    ret\n}",
    );
}

#[test]
fn spans_point_at_the_text() {
    let src = "data @d = \"x\"\nglobal @g: i32 = 1\nfunc @f(%a: i32) -> i32 {\n    slot %s 4\nentry:\n    %b = add %a, 1\n    ret %b\n}\n";
    let m = parse_ok(src);
    let at = |span: crate::Span| (span.line, span.col, &src[span.range()]);
    assert_eq!(
        at(m.spans.data[m.data_by_name("d").unwrap()]),
        (1, 1, "data @d = \"x\"")
    );
    assert_eq!(
        at(m.spans.globals[m.global_by_name("g").unwrap()]),
        (2, 1, "global @g: i32 = 1")
    );
    let f = func(&m, "f");
    assert_eq!(at(f.spans.header), (3, 1, "func @f(%a: i32) -> i32"));
    let slot = f.slots.keys().next().unwrap();
    assert_eq!(at(f.spans.slots[slot]), (4, 5, "slot %s 4"));
    let entry = f.layout[0];
    assert_eq!(at(f.spans.blocks[entry]), (5, 1, "entry:"));
    let insts = &f.blocks[entry].insts;
    assert_eq!(at(f.spans.insts[insts[0]]), (6, 5, "%b = add %a, 1"));
    assert_eq!(at(f.spans.insts[insts[1]]), (7, 5, "ret %b"));
}

#[test]
fn block_calls_and_switch_targets_resolve() {
    let m = parse_ok(
        "func @f(%i: i64) {
            switch %i, a, [1: b(7), 0xffffffffffffffff: a]
        a:
            ret
        b(%v: f32):
            ret
        }",
    );
    let f = func(&m, "f");
    let InstKind::Switch { cases, default, .. } = kinds(f)[0] else {
        panic!()
    };
    assert_eq!(*default, BlockCall::new(f.layout[1], []));
    assert_eq!(cases[0].1.block, f.layout[2]);
    assert_eq!(f.as_const(cases[0].1.args[0]), Some(Imm::f32(7.0)));
    assert_eq!(cases[1].0, u64::MAX);
}

#[test]
fn type_mismatches_between_values_are_left_to_the_verifier() {
    let m = parse_ok(
        "func @g(%a: f32) -> i64 { ret 0 }
         func @f(%x: i32, %y: i64, %h: f32) -> i32 {
             %s = add %x, %y
             %c = eq %h, %x
             %r = call @g(%x, %y)
             %t = select %y, %x, %h
             store.i32 [%h], %y
             jump next(%y)
         next(%n: f64):
             ret %y, %n
         }",
    );
    let f = func(&m, "f");
    let (x, y) = (named(f, "x"), named(f, "y"));
    assert_eq!(
        *kinds(f)[0],
        InstKind::Binary {
            op: BinaryOp::Add,
            args: [x, y]
        }
    );
    // Result types follow the first operand (or the callee) as `typing` says.
    assert_eq!(f.value_type(named(f, "s")), Type::I32);
    assert_eq!(f.value_type(named(f, "r")), Type::I64);
    assert_eq!(f.value_type(named(f, "t")), Type::I32);
    let InstKind::Ret { values } = kinds(f)[6] else {
        panic!()
    };
    assert_eq!(values.len(), 2);
}
