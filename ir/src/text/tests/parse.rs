//! Parsing of every construct of docs/lir.md, including its examples verbatim.

use super::{errors, func, kinds, named, parse_ok};
use crate::function::{Import, ValueDef};
use crate::imm::Imm;
use crate::inst::InstKind;
use crate::module::{DataItem, DataType, DataValue, MemoryDecl};
use crate::types::{Signature, Type};

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
fn data_items_may_be_separated_by_commas() {
    let with_commas = parse_ok(
        r#"data @a = "a"
        data @b = "b"
        data @t = { ptr @a, ptr @b + 1, i64 7, 8, zero 4, "s", i8 1 }"#,
    );
    let with_semicolons = parse_ok(
        r#"data @a = "a"
        data @b = "b"
        data @t = { ptr @a; ptr @b + 1; i64 7, 8; zero 4; "s"; i8 1 }"#,
    );
    assert!(with_commas == with_semicolons);
    let t = &with_commas.data[with_commas.data_by_name("t").unwrap()];
    assert_eq!(t.items.len(), 6);
    assert_eq!(
        errors("data @t = { i32 1, }"),
        ["1:20: expected a literal, found `}`"]
    );
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

/// Value and block names are looked up by number when they are numbers in canonical
/// spelling; `%01`, `bb01` and numbers too large for that table are other names.
#[test]
fn numbered_names_and_other_spellings_are_distinct() {
    let module = parse_ok(
        "func @f(%0: i32) -> i32 {
    jump bb01(%0)
bb1(%1: i32):
    ret %1
bb01(%01: i32):
    %99999999999 = add %01, 1
    jump bb1(%99999999999)
}",
    );
    let f = func(&module, "f");
    let [_, bb1, bb01] = f.layout[..] else {
        panic!("three blocks expected: {:?}", f.layout);
    };
    let jump_to = |inst| match &f.insts[inst].kind {
        InstKind::Jump { dest } => dest.clone(),
        other => panic!("not a jump: {other:?}"),
    };
    assert_eq!(jump_to(f.blocks[f.layout[0]].insts[0]).block, bb01);
    let back = jump_to(f.blocks[bb01].insts[1]);
    assert_eq!(back.block, bb1);
    let sum = f.insts[f.blocks[bb01].insts[0]].results[0];
    assert_eq!(back.args[..], [sum]);
    assert_ne!(f.blocks[bb1].params[0], f.blocks[bb01].params[0]);
    assert_eq!(
        errors("func @f() {\n    %1 = add.i32 1, 2\n    %01 = add %1, 1\n    %1 = add %01, %2\n    ret\n}"),
        [
            "4:5: `%1` is already defined at 2:5",
            "4:19: `%2` is not defined"
        ]
    );
}
