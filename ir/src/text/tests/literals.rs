//! Literal operands: the type each position gives them, type suffixes, and integer and
//! float literal edge cases.

use super::{func, kinds, parse_ok};
use crate::function::Function;
use crate::imm::Imm;
use crate::inst::InstKind;
use crate::module::{DataItem, DataValue};

/// The constants among an instruction's operands, in operand order.
fn const_args(f: &Function, kind: &InstKind) -> Vec<Imm> {
    kind.args()
        .into_iter()
        .filter_map(|v| f.as_const(v))
        .collect()
}

/// Parses a function `@f` whose body is `body` and returns the constants of each
/// instruction.
fn consts_per_inst(params: &str, results: &str, body: &str) -> Vec<Vec<Imm>> {
    let src = format!(
        "global @g64: i64 mut = 0\nfunc @callee(%a: f32, %b: i64) {{ ret }}\nfunc @f({params}){results} {{\n{body}\n}}"
    );
    let m = parse_ok(&src);
    let f = func(&m, "f");
    kinds(f).into_iter().map(|k| const_args(f, k)).collect()
}

#[test]
fn literals_take_the_type_of_their_position() {
    let consts = consts_per_inst(
        "%x: i64, %h: f32, %p: i32",
        " -> f64",
        "    %a = add %x, 1
    %b = sub 2, %x
    %c = lt_s %x, 3
    %d = select 1, %h, 4
    %e = load.f32 [8]
    store.i64 [%p + 4], 5
    store.16 [%p], 6
    call @callee(7, 8)
    global.set @g64, 9
    %q = syscall.sleep 10
    %m = memory.grow 11
    memory.fill 12, 13, 14
    %s = stack.alloc 15
    %k = call_indirect 16(17) : (f64) -> i32
    br_if 18, next(19), next(20)
next(%v: i64):
    ret 21",
    );
    use Imm as I;
    let expected: Vec<Vec<Imm>> = vec![
        vec![I::i64(1)],
        vec![I::i64(2)],
        vec![I::i64(3)],
        vec![I::i32(1), I::f32(4.0)],
        vec![I::i32(8)],
        vec![I::i64(5)],
        vec![I::i32(6)],
        vec![I::f32(7.0), I::i64(8)],
        vec![I::i64(9)],
        vec![I::i64(10)],
        vec![I::i32(11)],
        vec![I::i32(12), I::i32(13), I::i32(14)],
        vec![I::i32(15)],
        vec![I::i32(16), I::f64(17.0)],
        vec![I::i32(18), I::i64(19), I::i64(20)],
        vec![I::f64(21.0)],
    ];
    assert_eq!(consts, expected);
}

#[test]
fn type_suffixes_state_literal_operand_types() {
    let consts = consts_per_inst(
        "%c: i32, %p: i32",
        "",
        "    %a = add.i64 1, 2
    %b = eq.f32 1.0, 2.0
    %s = select.f64 %c, 1, 2
    %n = neg.f32 1.5
    %z = clz.i64 7
    %e = eqz.i64 0
    store.8.i64 [%p], 5
    store.32 [%p], 6
    %cv = convert_s.f32.i64 5
    %tr = trunc_s.i32.f64 1.5
    %x8 = extend8_s.i64 5
    %w = wrap 5
    %xs = extend_u 5
    %x32 = extend32_s 5
    %pr = promote 1.5
    %de = demote 1.5
    %bi = bitcast.i64 2.0
    %bf = bitcast.f32 3
    %k = const.f32 -0.0
    switch.i64 5, done, [1: done]
done:
    ret",
    );
    use Imm as I;
    let expected: Vec<Vec<Imm>> = vec![
        vec![I::i64(1), I::i64(2)],
        vec![I::f32(1.0), I::f32(2.0)],
        vec![I::f64(1.0), I::f64(2.0)],
        vec![I::f32(1.5)],
        vec![I::i64(7)],
        vec![I::i64(0)],
        vec![I::i64(5)],
        vec![I::i32(6)],
        vec![I::i64(5)],
        vec![I::f64(1.5)],
        vec![I::i64(5)],
        vec![I::i64(5)],
        vec![I::i32(5)],
        vec![I::i64(5)],
        vec![I::f32(1.5)],
        vec![I::f64(1.5)],
        vec![I::f64(2.0)],
        vec![I::i32(3)],
        vec![],
        vec![I::i64(5)],
        vec![],
    ];
    assert_eq!(consts, expected);
}

#[test]
fn suffixes_that_agree_with_typed_operands_are_accepted_and_dropped() {
    let m = parse_ok("func @f(%x: i64, %d: f64) {\n    %a = add.i64 %x, 1\n    %t = trunc_s.i32.f64 %d\n    ret\n}");
    let text = crate::text::print(&m);
    assert!(text.contains("%a = add %x, 1\n"), "{text}");
    assert!(text.contains("%t = trunc_s.i32 %d\n"), "{text}");
}

/// The immediates of the `const.T` instructions of a function `@f` with `body`.
fn const_immediates(body: &str) -> Vec<Imm> {
    let m = parse_ok(&format!("func @f() {{\n{body}\n    ret\n}}"));
    kinds(func(&m, "f"))
        .into_iter()
        .filter_map(|k| match k {
            InstKind::Const(imm) => Some(*imm),
            _ => None,
        })
        .collect()
}

#[test]
fn integer_literal_edge_cases() {
    let got = const_immediates(
        "    %a = const.i32 0xffffffff
    %b = const.i32 -2147483648
    %c = const.i32 4_294_967_295
    %d = const.i64 0x8000_0000_0000_0000
    %e = const.i64 -0x10
    %f = const.i64 1_000_000
    %g = const.i32 0XFF
    %h = const.i64 18446744073709551615",
    );
    assert_eq!(
        got,
        [
            Imm::i32(-1),
            Imm::i32(i32::MIN),
            Imm::i32(-1),
            Imm::i64(i64::MIN),
            Imm::i64(-16),
            Imm::i64(1_000_000),
            Imm::i32(255),
            Imm::i64(-1),
        ]
    );
}

#[test]
fn float_literal_edge_cases() {
    let src = "    %a = const.f32 1.5
    %b = const.f32 -0.0
    %c = const.f64 6.02e23
    %d = const.f64 1e-7
    %e = const.f64 0x1.8p3
    %f = const.f32 -0x1p-149
    %g = const.f32 inf
    %h = const.f64 -inf
    %i = const.f32 nan
    %j = const.f64 -nan
    %k = const.f32 nan:0x200000
    %l = const.f32 2
    %m = const.f64 1.5e+3
    %n = const.f32 -nan:0x1";
    let bits: Vec<u64> = const_immediates(src).into_iter().map(Imm::bits).collect();
    assert_eq!(
        bits,
        [
            1.5f32.to_bits() as u64,
            (-0.0f32).to_bits() as u64,
            6.02e23f64.to_bits(),
            1e-7f64.to_bits(),
            12.0f64.to_bits(),
            0x8000_0001,
            f32::INFINITY.to_bits() as u64,
            f64::NEG_INFINITY.to_bits(),
            0x7fc0_0000,
            0xfff8_0000_0000_0000,
            0x7fa0_0000,
            2.0f32.to_bits() as u64,
            1500.0f64.to_bits(),
            0xff80_0001,
        ]
    );
    let m = parse_ok(&format!("func @f() {{\n{src}\n    ret\n}}"));
    let text = crate::text::print(&m);
    for printed in [
        "-0.0",
        "6.02e23",
        "1e-7",
        "12.0",
        "-1e-45",
        "-inf",
        "-nan\n",
        "nan:0x200000",
        "-nan:0x1",
    ] {
        assert!(text.contains(printed), "{printed} not in\n{text}");
    }
}

#[test]
fn literals_in_data_and_globals() {
    let m = parse_ok(
        "data @d = { i8 -128, 255, 0x7f; i16 -1, 0xffff; i32 0xffffffff; i64 -1; f32 -0.0, nan:0x1; f64 0x1p-1074 }
         global @a: f32 = inf
         global @b: i64 = -0x8000_0000_0000_0000",
    );
    let d = &m.data[m.data_by_name("d").unwrap()];
    let values: Vec<u64> = d
        .items
        .iter()
        .flat_map(|item| match item {
            DataItem::Scalars { values, .. } => values.clone(),
            _ => Vec::new(),
        })
        .map(|v| match v {
            DataValue::Bits(b) => b,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        values,
        [
            0x80,
            0xff,
            0x7f,
            0xffff,
            0xffff,
            0xffff_ffff,
            u64::MAX,
            0x8000_0000,
            0x7f80_0001,
            1
        ]
    );
    assert_eq!(
        m.globals[m.global_by_name("a").unwrap()].init,
        Imm::f32(f32::INFINITY)
    );
    assert_eq!(
        m.globals[m.global_by_name("b").unwrap()].init,
        Imm::i64(i64::MIN)
    );
    let text = crate::text::print(&m);
    assert!(
        text.contains(
            "{ i8 -128, -1, 127; i16 -1, -1; i32 -1; i64 -1; f32 -0.0, nan:0x1; f64 5e-324 }"
        ),
        "{text}"
    );
}
