//! The canonical printer: layout of the text, naming, omitted results, and robustness
//! on malformed modules built through the API.

use super::{func, parse_ok};
use crate::entities::{Block, Data, Func, Global, Inst, Value};
use crate::function::{Function, Import};
use crate::imm::Imm;
use crate::inst::{BlockCall, InstKind};
use crate::module::{DataItem, DataObject, DataType, DataValue, Module};
use crate::text::{print, print_function, print_inst};
use crate::types::{Signature, Type};
use cranelift_entity::EntityRef;

#[test]
fn canonical_layout_of_a_module() {
    let src = r#"
func @b() { ret }   ; functions come last, in declaration order
import func @i1(%x: ptr) -> (i32) from "env" "a"
import func @i2() -> () from "env" "b\tc"
global @g: ptr mut = 0xffffffff export "g"
data @d readonly align 4 = "hé\x01\xff"
stack 4096
memory 2 export "mem"
export func @a(%x: i32) -> (i32, i64) {
start:
    ret %x, 1
}
"#;
    let m = parse_ok(src);
    let expected = r#"memory 2 export "mem"
stack 4096

data @d align 4 readonly = "hé\x01\xff"

global @g: i32 mut = -1 export "g"

func @b() {
    ret
}

import func @i1(i32) -> i32 from "env" "a"
import func @i2() from "env" "b\tc"

export func @a(%x: i32) -> (i32, i64) {
start:
    ret %x, 1
}
"#;
    assert_eq!(print(&m), expected);
}

#[test]
fn results_are_omitted_only_when_unnamed_and_unused() {
    let m = parse_ok(
        "func @two() -> (i32, i32) { ret 1, 2 }
         func @f() -> i32 {
             %0, %1 = call @two()
             %2, %3 = call @two()
             %named, %4 = call @two()
             ret %3
         }",
    );
    let text = print_function(&m, m.func_by_name("f").unwrap());
    assert_eq!(
        text,
        "func @f() -> i32 {\n    call @two()\n    %0, %1 = call @two()\n    %named, %2 = call @two()\n    ret %1\n}\n"
    );
}

#[test]
fn the_entry_label_is_printed_when_needed() {
    // Targeted (invalid, but printable) and with parameters: the label stays.
    let m = parse_ok("func @f() {\nbb0:\n    jump bb0\n}");
    assert!(print(&m).contains("{\nbb0:\n    jump bb0\n}"));
    let m = parse_ok("func @f() {\nbb0(%x: i32):\n    ret\n}");
    assert!(print(&m).contains("{\nbb0(%x: i32):\n    ret\n}"));
    // An empty unnamed entry block keeps its label so that it is not lost.
    let m = parse_ok("func @f() {\nbb0:\nnext:\n    ret\n}");
    assert_eq!(func(&m, "f").layout.len(), 2);
    assert!(print(&m).contains("{\nbb0:\nnext:\n"));
}

#[test]
fn print_inst_matches_the_function_text() {
    let m = parse_ok(
        "func @f(%0: i64) -> i64 {
            %1 = add %0, 1
            mul %1, 2
            jump bb5(%1)
        bb5(%x: i64):
            ret %x
        }",
    );
    let f = m.func_by_name("f").unwrap();
    let text = print_function(&m, f);
    let function = &m.funcs[f];
    for &block in &function.layout {
        for &inst in &function.blocks[block].insts {
            let line = format!("    {}\n", print_inst(&m, f, inst));
            assert!(text.contains(&line), "{line:?} not in\n{text}");
        }
    }
    let entry = function.layout[0];
    assert_eq!(
        print_inst(&m, f, function.blocks[entry].insts[2]),
        "jump bb1(%1)"
    );
}

/// A function `@f() -> i32` with one block whose instructions are `kinds`.
fn function_with(module: &mut Module, kinds: Vec<InstKind>) -> Func {
    let mut f = Function::new("f", Signature::new([], [Type::I32]));
    let block = f.create_block();
    for kind in kinds {
        f.append_inst(block, kind, &[]);
    }
    module.add_function(f)
}

#[test]
fn malformed_modules_print_recognisably() {
    let mut m = Module::new();
    let bad_value = Value::new(99);
    let bad_block = Block::new(42);
    let f = function_with(
        &mut m,
        vec![
            InstKind::Call {
                func: Func::new(7),
                args: vec![bad_value],
            },
            InstKind::DataAddr {
                data: Data::new(3),
                offset: 0,
            },
            InstKind::GlobalGet {
                global: Global::new(5),
            },
            InstKind::BrIf {
                cond: bad_value,
                then_dest: BlockCall::new(bad_block, []),
                else_dest: BlockCall::new(bad_block, [bad_value]),
            },
        ],
    );
    m.funcs[f].layout.push(bad_block);
    m.funcs[f].blocks[Block::new(0)].insts.push(Inst::new(1000));
    m.funcs[f].params.clear();
    m.funcs[f].sig.params.push(Type::F64);
    m.add_data(DataObject {
        name: "d".into(),
        align: None,
        readonly: false,
        items: vec![DataItem::Scalars {
            ty: DataType::Ptr,
            values: vec![
                DataValue::DataAddr(Data::new(9), 4),
                DataValue::FuncAddr(Func::new(8)),
            ],
        }],
        is_string: true,
    });
    let text = print(&m);
    for expected in [
        "data @d = { ptr @<invalid data9> + 4, @<invalid func8> }",
        "func @f(%<missing>: f64) -> i32 {",
        "call @<invalid func7>(%<invalid v99>)",
        "addr @<invalid data3>",
        "global.get @<invalid global5>",
        "br_if %<invalid v99>, <invalid block42>, <invalid block42>(%<invalid v99>)",
        "    <invalid inst1000>",
        "<invalid block42>:",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    assert_eq!(print_inst(&m, f, Inst::new(1000)), "<invalid inst1000>");
    assert_eq!(
        print_inst(&m, Func::new(3), Inst::new(0)),
        "<invalid func3>"
    );
    assert_eq!(print_function(&m, Func::new(3)), "<invalid func3>\n");
}

#[test]
fn api_built_modules_print_parseably() {
    let mut m = Module::new();
    let callee = m.add_function(Function::new_import(
        "host",
        Signature::new([Type::I64], [Type::F32, Type::F32]),
        Import {
            module: "env".into(),
            name: "host".into(),
        },
    ));
    let mut f = Function::new("f", Signature::new([Type::I64], [Type::F32]));
    let entry = f.create_block();
    let one = f.const_value(Imm::i64(1));
    let x = f.params[0];
    let sum = f.append_inst(
        entry,
        InstKind::Binary {
            op: crate::BinaryOp::Add,
            args: [x, one],
        },
        &[Type::I64],
    );
    let sum = f.insts[sum].results[0];
    let call = f.append_inst(
        entry,
        InstKind::Call {
            func: callee,
            args: vec![sum],
        },
        &[Type::F32, Type::F32],
    );
    let second = f.insts[call].results[1];
    f.set_value_name(second, "y");
    f.append_inst(
        entry,
        InstKind::Ret {
            values: vec![second],
        },
        &[],
    );
    m.add_function(f);
    let text = print(&m);
    assert!(
        text.contains("    %1 = add %0, 1\n    %2, %y = call @host(%1)\n    ret %y\n"),
        "{text}"
    );
    let reparsed = crate::text::parse(&text).unwrap();
    assert!(reparsed == m);
}
