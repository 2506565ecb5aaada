//! Instruction methods: the instructions they append, the result types they compute,
//! and how literal operands are typed.

use super::check::check;
use super::eval::eval;
use crate::builder::{FunctionBuilder, Operand};
use crate::entities::{Func, Value};
use crate::imm::Imm;
use crate::inst::{InstKind, MemArg};
use crate::module::Module;
use crate::opcodes::{BinaryOp, ConvertOp};
use crate::syscall::Syscall;
use crate::types::{MemWidth, Signature, Type};

/// A module with `@f(i32, i64, f32, f64) -> ()` and a builder positioned in its entry.
fn with_builder(test: impl FnOnce(&mut FunctionBuilder, [Value; 4])) -> Module {
    let mut module = Module::new();
    let sig = Signature::new([Type::I32, Type::I64, Type::F32, Type::F64], []);
    let f = module.declare_function("f", sig);
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let params = [b.param(0), b.param(1), b.param(2), b.param(3)];
    test(&mut b, params);
    if !b.is_terminated() {
        b.ret(&[]);
    }
    b.finalize();
    module
}

/// The instruction that defines `v`.
fn kind_of(b: &FunctionBuilder, v: Value) -> InstKind {
    match b.function().value_def(v) {
        crate::ValueDef::Result(inst, _) => b.function().insts[inst].kind.clone(),
        other => panic!("{v} is not an instruction result: {other:?}"),
    }
}

fn consts(b: &FunctionBuilder, kind: &InstKind) -> Vec<Option<Imm>> {
    kind.args()
        .into_iter()
        .map(|v| b.function().as_const(v))
        .collect()
}

#[test]
fn literals_take_the_type_of_the_other_operand() {
    with_builder(|b, [_, l, s, d]| {
        let r = b.add(l, 1);
        assert_eq!(b.function().value_type(r), Type::I64);
        assert_eq!(consts(b, &kind_of(b, r)), [None, Some(Imm::i64(1))]);
        let r = b.sub(-1, l);
        assert_eq!(consts(b, &kind_of(b, r)), [Some(Imm::i64(-1)), None]);
        let r = b.mul(s, 2);
        assert_eq!(consts(b, &kind_of(b, r)), [None, Some(Imm::f32(2.0))]);
        let r = b.div(d, 0.5);
        assert_eq!(consts(b, &kind_of(b, r)), [None, Some(Imm::f64(0.5))]);
        let r = b.binary(BinaryOp::Min, s, 1.5);
        assert_eq!(b.function().value_type(r), Type::F32);
        assert_eq!(consts(b, &kind_of(b, r)), [None, Some(Imm::f32(1.5))]);
    });
}

#[test]
fn untyped_literals_default_to_i32_or_f64() {
    with_builder(|b, _| {
        let r = b.add(1, 2);
        assert_eq!(b.function().value_type(r), Type::I32);
        let r = b.add(1, 2.5);
        assert_eq!(
            consts(b, &kind_of(b, r)),
            [Some(Imm::f64(1.0)), Some(Imm::f64(2.5))]
        );
        let r = b.add(Imm::i64(1), 2);
        assert_eq!(
            consts(b, &kind_of(b, r)),
            [Some(Imm::i64(1)), Some(Imm::i64(2))]
        );
        let r = b.sqrt(2);
        assert_eq!(b.function().value_type(r), Type::F64);
        let r = b.clz(7);
        assert_eq!(b.function().value_type(r), Type::I32);
    });
}

#[test]
fn compares_and_eqz_give_i32() {
    with_builder(|b, [_, l, s, _]| {
        for r in [b.lt_s(l, 3), b.eq(s, 1.0), b.eqz(l), b.ge_u(l, l)] {
            assert_eq!(b.function().value_type(r), Type::I32);
        }
        let r = b.popcnt(l);
        assert_eq!(b.function().value_type(r), Type::I64);
    });
}

#[test]
fn select_types_the_condition_as_i32_and_arms_alike() {
    with_builder(|b, [i, l, _, _]| {
        let r = b.select(1, l, 0);
        assert_eq!(b.function().value_type(r), Type::I64);
        assert_eq!(
            consts(b, &kind_of(b, r)),
            [Some(Imm::i32(1)), None, Some(Imm::i64(0))]
        );
        let r = b.select(i, 1.5f32, 2);
        assert_eq!(b.function().value_type(r), Type::F32);
    });
}

#[test]
fn conversions_type_their_results_and_literal_operands() {
    with_builder(|b, [i, l, s, d]| {
        let cases: Vec<(Value, Type)> = vec![
            (b.wrap(l), Type::I32),
            (b.extend_s(i), Type::I64),
            (b.extend_u(i), Type::I64),
            (b.extend8_s(l), Type::I64),
            (b.extend16_s(i), Type::I32),
            (b.extend32_s(l), Type::I64),
            (b.trunc_s(Type::I32, d), Type::I32),
            (b.trunc_sat_u(Type::I64, s), Type::I64),
            (b.convert_u(Type::F32, l), Type::F32),
            (b.promote(s), Type::F64),
            (b.demote(d), Type::F32),
            (b.bitcast(Type::I32, s), Type::I32),
        ];
        for (v, ty) in cases {
            assert_eq!(b.function().value_type(v), ty, "{:?}", kind_of(b, v));
        }
        // Literals take the type the conversion accepts.
        let r = b.wrap(5);
        assert_eq!(consts(b, &kind_of(b, r)), [Some(Imm::i64(5))]);
        let r = b.convert_s(Type::F64, 5);
        assert_eq!(consts(b, &kind_of(b, r)), [Some(Imm::i32(5))]);
        let r = b.promote(1.5);
        assert_eq!(consts(b, &kind_of(b, r)), [Some(Imm::f32(1.5))]);
        let r = b.bitcast(Type::F64, 1);
        assert_eq!(consts(b, &kind_of(b, r)), [Some(Imm::i64(1))]);
        // An operand the conversion does not accept still gives a typed result; the
        // verifier reports the mismatch.
        let r = b.convert(ConvertOp::Wrap, i);
        assert_eq!(b.function().value_type(r), Type::I32);
        let r = b.promote(d);
        assert_eq!(b.function().value_type(r), Type::F64);
    });
}

#[test]
fn loads_and_stores_carry_width_signedness_and_memarg() {
    with_builder(|b, [p, l, _, d]| {
        let r = b.load(Type::I64, p, 8);
        assert_eq!(
            kind_of(b, r),
            InstKind::Load {
                ty: Type::I64,
                width: MemWidth::W64,
                signed: false,
                addr: p,
                mem: MemArg::offset(8)
            }
        );
        let r = b.load_s8(Type::I32, p, MemArg::offset(1).with_align(1));
        assert!(matches!(
            kind_of(b, r),
            InstKind::Load { ty: Type::I32, width: MemWidth::W8, signed: true, mem, .. }
                if mem == MemArg { offset: 1, align: Some(1), volatile: false }
        ));
        let r = b.load_u32(64, 0);
        assert!(matches!(
            kind_of(b, r),
            InstKind::Load {
                ty: Type::I64,
                width: MemWidth::W32,
                signed: false,
                ..
            }
        ));
        assert_eq!(consts(b, &kind_of(b, r)), [Some(Imm::i32(64))]);
        let r = b.load_u16(Type::I64, p, 0);
        assert_eq!(b.function().value_type(r), Type::I64);

        b.store(p, 0, 5);
        b.store(p, 4, Imm::i64(5));
        b.store(p, 8, d);
        b.store8(p, 1, l);
        b.store32(p, MemArg::offset(2).with_align(2), l);
        let block = b.current_block().unwrap();
        let stores: Vec<(Type, MemWidth, u32)> = b.function().blocks[block]
            .insts
            .iter()
            .filter_map(|&inst| match b.function().insts[inst].kind {
                InstKind::Store { ty, width, mem, .. } => Some((ty, width, mem.offset)),
                _ => None,
            })
            .collect();
        assert_eq!(
            stores,
            [
                (Type::I32, MemWidth::W32, 0),
                (Type::I64, MemWidth::W64, 4),
                (Type::F64, MemWidth::W64, 8),
                (Type::I64, MemWidth::W8, 1),
                (Type::I64, MemWidth::W32, 2),
            ]
        );
    });
}

#[test]
fn memory_address_and_stack_instructions() {
    let module = with_builder(|b, [p, _, _, _]| {
        let size = b.memory_size();
        assert_eq!(b.function().value_type(size), Type::I32);
        let old = b.memory_grow(1);
        assert_eq!(consts(b, &kind_of(b, old)), [Some(Imm::i32(1))]);
        b.memory_copy(p, 16, 4);
        b.memory_fill(p, 0, 8);
        let hb = b.heap_base();
        let sa = b.stack_alloc(24);
        let slot = b.stack_slot(16, Some(4));
        for v in [hb, sa, slot] {
            assert_eq!(b.function().value_type(v), Type::PTR);
        }
        let fa = b.func_addr(b.func_ref());
        assert_eq!(kind_of(b, fa), InstKind::FuncAddr { func: b.func_ref() });
    });
    let func = module.funcs.values().next().expect("one function");
    assert_eq!(func.slots.len(), 1);
    check(&module);
}

#[test]
fn globals_and_data_addresses() {
    let mut module = Module::new();
    let g = module.declare_mut_global("g", Imm::i64(7));
    let s = module.declare_string("s", "hello");
    let f = module.declare_function("f", Signature::new([], [Type::I64]));
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let v = b.global_get(g);
    assert_eq!(b.function().value_type(v), Type::I64);
    b.global_set(g, 3);
    let set = *b.function().blocks[entry].insts.last().unwrap();
    let value = b.function().insts[set].kind.args()[0];
    assert_eq!(b.function().as_const(value), Some(Imm::i64(3)));
    let a = b.data_addr(s, 2);
    assert_eq!(kind_of(&b, a), InstKind::DataAddr { data: s, offset: 2 });
    b.ret(&[v]);
    b.finalize();
    check(&module);
}

#[test]
fn calls_return_the_callee_results() {
    let mut module = Module::new();
    let divmod = module.declare_function(
        "divmod",
        Signature::new([Type::I32, Type::I32], [Type::I32, Type::I32]),
    );
    let log = module.declare_import("log", Signature::new([Type::I32], []), "env", "log");
    let f = module.declare_function("f", Signature::new([Type::I32], [Type::I32]));
    let mut b = FunctionBuilder::new(&mut module, divmod);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let (a, d) = (b.param(0), b.param(1));
    let (q, r) = (b.div_u(a, d), b.rem_u(a, d));
    b.ret(&[q, r]);
    b.finalize();

    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let x = b.param(0);
    let seven = b.iconst(Type::I32, 7);
    let results = b.call(divmod, &[x, seven]);
    assert_eq!(results.len(), 2);
    assert!(b.call(log, &[x]).is_empty());
    let r = b.call1(f, &[x]);
    let sig = Signature::new([Type::I32], [Type::I64]);
    let fp = b.func_addr(f);
    let wide = b.call_indirect1(&sig, fp, &[r]);
    assert_eq!(b.function().value_type(wide), Type::I64);
    assert!(b.call_indirect(&Signature::default(), 3, &[]).is_empty());
    b.ret(&[results[1]]);
    b.finalize();
    check(&module);
    assert_eq!(eval(&module, divmod, &[17, 5]), [3, 2]);
}

#[test]
fn syscall_literals_take_the_parameter_types() {
    with_builder(|b, [p, _, _, _]| {
        let pos = b.syscall(Syscall::Seek, &[3.into(), Operand::from(-1), 2.into()]);
        let pos = pos.expect("seek returns the position");
        assert_eq!(b.function().value_type(pos), Type::I64);
        assert_eq!(
            consts(b, &kind_of(b, pos)),
            [Some(Imm::i32(3)), Some(Imm::i64(-1)), Some(Imm::i32(2))]
        );
        let n = b.syscall(Syscall::Write, &[1.into(), p.into(), 5.into()]);
        assert_eq!(n.map(|n| b.function().value_type(n)), Some(Type::I32));
        assert_eq!(b.syscall(Syscall::Exit, &[0.into()]), None);
        b.trap();
    });
}

#[test]
fn const_inst_appends_a_const_instruction() {
    with_builder(|b, _| {
        let c = b.const_inst(Imm::i64(5));
        assert_eq!(kind_of(b, c), InstKind::Const(Imm::i64(5)));
        b.set_name(c, "five");
        assert_eq!(b.function().values[c].name.as_deref(), Some("five"));
        // Constant values append nothing and are interned.
        let before = b.function().insts.len();
        let (x, y) = (b.iconst(Type::I32, -1), b.imm(Imm::i32(-1)));
        assert_eq!(x, y);
        assert_eq!(b.f32const(0.5), b.imm(Imm::f32(0.5)));
        assert_eq!(b.f64const(0.5), b.imm(Imm::f64(0.5)));
        assert_eq!(b.function().insts.len(), before);
    });
}

#[test]
fn tail_calls_and_traps_end_blocks() {
    let mut module = Module::new();
    let f = module.declare_function("f", Signature::new([Type::I32], [Type::I32]));
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, again, indirect] = [(); 3].map(|_| b.create_block());
    b.switch_to_block(entry);
    let x = b.param(0);
    b.switch(x, again, [(7, indirect)]);
    assert!(b.is_terminated());
    b.switch_to_block(again);
    let y = b.sub(x, 1);
    b.return_call(f, &[y]);
    b.switch_to_block(indirect);
    let fp = b.func_addr(f);
    b.return_call_indirect(&Signature::new([Type::I32], [Type::I32]), fp, &[x]);
    b.finalize();
    check(&module);
}

/// Named blocks and values keep their names.
#[test]
fn names_are_kept() {
    let mut module = Module::new();
    let f = module.declare_function("f", Signature::new([Type::I32], []));
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_named_block("start");
    b.switch_to_block(entry);
    let x = b.param(0);
    b.set_name(x, "x");
    b.ret(&[]);
    b.finalize();
    let func = &module.funcs[f];
    assert_eq!(func.block_label(entry), "start");
    assert_eq!(func.values[x].name.as_deref(), Some("x"));
}

fn empty_function() -> (Module, Func) {
    let mut module = Module::new();
    let f = module.declare_function("f", Signature::new([], []));
    (module, f)
}

#[test]
#[should_panic(expected = "already ends with a terminator")]
fn appending_after_a_terminator_panics() {
    let (mut module, f) = empty_function();
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    b.switch_to_block(entry);
    b.ret(&[]);
    b.add(1, 2);
}

#[test]
#[should_panic(expected = "no current block")]
fn appending_without_a_block_panics() {
    let (mut module, f) = empty_function();
    let mut b = FunctionBuilder::new(&mut module, f);
    b.create_block();
    b.trap();
}

#[test]
#[should_panic(expected = "no current block")]
fn using_a_variable_without_a_block_panics() {
    let (mut module, f) = empty_function();
    let mut b = FunctionBuilder::new(&mut module, f);
    let x = b.declare_var(Type::I32);
    b.use_var(x);
}

#[test]
#[should_panic(expected = "already sealed")]
fn branching_to_a_sealed_block_panics() {
    let (mut module, f) = empty_function();
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, next] = [(); 2].map(|_| b.create_block());
    b.seal_block(next);
    b.switch_to_block(entry);
    b.jump(next, &[]);
}

#[test]
#[should_panic(expected = "entry block")]
fn branching_to_the_entry_block_panics() {
    let (mut module, f) = empty_function();
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    b.switch_to_block(entry);
    b.jump(entry, &[]);
}

#[test]
#[should_panic(expected = "append your own parameters before")]
fn own_parameters_after_variable_parameters_panic() {
    let (mut module, f) = empty_function();
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, header] = [(); 2].map(|_| b.create_block());
    let x = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    b.jump(header, &[]);
    b.switch_to_block(header);
    b.use_var(x);
    b.append_block_param(header, Type::I64);
}

#[test]
#[should_panic(expected = "returns 0 values, not one")]
fn call1_on_a_function_without_results_panics() {
    let (mut module, f) = empty_function();
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    b.switch_to_block(entry);
    b.call1(f, &[]);
}

#[test]
#[should_panic(expected = "imported function")]
fn building_an_import_panics() {
    let mut module = Module::new();
    let f = module.declare_import("f", Signature::default(), "env", "f");
    FunctionBuilder::new(&mut module, f);
}

/// A builder dropped without `finalize` still completes the function.
#[test]
fn dropping_the_builder_finalizes() {
    let mut module = Module::new();
    let f = module.declare_function("f", Signature::new([Type::I32], [Type::I32]));
    let header;
    {
        let mut b = FunctionBuilder::new(&mut module, f);
        let entry = b.create_block();
        header = b.create_block();
        let x = b.declare_var(Type::I32);
        b.switch_to_block(entry);
        let p = b.param(0);
        b.def_var(x, p);
        b.jump(header, &[]);
        b.switch_to_block(header);
        let v = b.use_var(x);
        b.br_if(v, header, &[], header, &[]);
    }
    check(&module);
    assert!(module.funcs[f].blocks[header].params.is_empty());
}

/// Own block parameters come before those variables add, and edges pass arguments for
/// both in that order.
#[test]
fn own_parameters_and_variable_parameters_combine() {
    let mut module = Module::new();
    let f = module.declare_function("f", Signature::new([Type::I32], [Type::I64]));
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, header, exit] = [(); 3].map(|_| b.create_block());
    let acc = b.append_block_param(header, Type::I64);
    let i = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    let p = b.param(0);
    b.def_var(i, p);
    let zero = b.iconst(Type::I64, 0);
    b.jump(header, &[zero]);
    b.switch_to_block(header);
    let iv = b.use_var(i);
    let wide = b.extend_u(iv);
    let acc2 = b.add(acc, wide);
    let i2 = b.sub(iv, 1);
    b.def_var(i, i2);
    b.br_if(i2, header, &[acc2], exit, &[]);
    b.seal_block(header);
    b.switch_to_block(exit);
    b.seal_block(exit);
    b.ret(&[acc2]);
    b.finalize();
    let func = &module.funcs[f];
    check(&module);
    let params = &func.blocks[header].params;
    assert_eq!(params.len(), 2);
    assert_eq!(params[0], acc);
    assert_eq!(func.value_type(params[1]), Type::I32);
}

/// The builder appends ill-typed instructions as asked; the verifier reports them.
#[test]
fn ill_typed_operands_are_left_to_the_verifier() {
    let mut module = Module::new();
    let f = module.declare_function("f", Signature::new([Type::I32], [Type::I32]));
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let x = b.param(0);
    let sum = b.add(x, Imm::i64(1)); // i32 + i64
    let wrapped = b.wrap(x); // wrap takes an i64
    b.ret(&[sum, wrapped]); // one result too many
    b.finalize();
    let errors = crate::verify::verify(&module).expect_err("the verifier must object");
    assert!(errors.0.len() >= 3, "{errors}");
}
