//! Parsing of every instruction form, branch targets, and operand type mismatches
//! (which are left to the verifier).

use super::{errors, func, kinds, named, parse_ok};
use crate::imm::Imm;
use crate::inst::{BlockCall, InstKind, MemArg};
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp};
use crate::syscall::Syscall;
use crate::text::print;
use crate::types::{MemWidth, Type};

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
                align: Some(2),
                volatile: false
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

#[test]
fn store_alignment_goes_after_the_address_or_last() {
    let after_value =
        parse_ok("func @f(%p: ptr, %v: i64) {\n    store.i64 [%p + 8], %v align 4\n    ret\n}");
    let after_address =
        parse_ok("func @f(%p: ptr, %v: i64) {\n    store.i64 [%p + 8] align 4, %v\n    ret\n}");
    assert!(after_value == after_address);
    let text = print(&after_value);
    assert!(text.contains("store.i64 [%p + 8], %v align 4"), "{text}");
    assert_eq!(
        errors("func @f(%p: ptr, %v: i64) {\n    store.i64 [%p] align 4, %v align 8\n    ret\n}"),
        ["2:32: `align` is given twice"]
    );
}

#[test]
fn volatile_accesses_parse_print_and_differ_from_plain_ones() {
    let text = "func @f(%p: i32, %v: i64) -> i32 {\n    %x = load.u8.i32 volatile [%p + 1] align 1\n    store.i64 volatile [%p + 8], %v align 4\n    store.16 volatile [%p], %x\n    ret %x\n}\n";
    let module = parse_ok(text);
    assert_eq!(print(&module), text);
    let f = module.funcs.values().next().unwrap();
    let flags: Vec<bool> = kinds(f)
        .iter()
        .filter_map(|k| match k {
            InstKind::Load { mem, .. } | InstKind::Store { mem, .. } => Some(mem.volatile),
            _ => None,
        })
        .collect();
    assert_eq!(flags, [true, true, true]);
    let plain = parse_ok(&text.replace("volatile ", ""));
    assert!(plain != module);
    // `volatile` is a keyword only before the bracket: a label may still be named so.
    parse_ok("func @f() {\nentry:\n    jump volatile\nvolatile:\n    ret\n}");
    parse_ok("func @f(%p: ptr) -> i32 {\nentry:\n    %x = load.i32 [%p]\n    jump volatile(%x)\nvolatile(%y: i32):\n    ret %y\n}");
    assert_eq!(
        errors("func @f(%p: ptr) {\n    %x = load.i32 [%p] volatile\n    ret\n}"),
        ["2:24: `volatile` goes before the address: `load.i32 volatile [%p]`"]
    );
}
