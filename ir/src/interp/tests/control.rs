//! Control flow: loops, simultaneous block arguments, `switch`, `select`, `trap`,
//! and the fuel budget.

use super::*;
use crate::interp::InterpConfig;

pub(super) const SUM: &str = "
    ; 0 + 1 + … + (n - 1)
    func @sum(%n: i32) -> i32 {
    entry:
        jump head(0, 0)
    head(%i: i32, %acc: i32):
        %done = ge_u %i, %n
        br_if %done, exit(%acc), body
    body:
        %acc2 = add %acc, %i
        %i2 = add %i, 1
        jump head(%i2, %acc2)
    exit(%r: i32):
        ret %r
    }";

#[test]
fn loops_with_block_arguments() {
    let mut m = load(SUM);
    assert_eq!(call(&mut m, "sum", &[Imm::i32(10)]), [Imm::i32(45)]);
    assert_eq!(call(&mut m, "sum", &[Imm::i32(0)]), [Imm::i32(0)]);
    assert_eq!(
        call(&mut m, "sum", &[Imm::i32(100_000)]),
        [Imm::i32(704_982_704)]
    );
}

#[test]
fn block_arguments_are_assigned_simultaneously() {
    let mut m = load(
        "
        ; Swaps (1, 2) n times by passing a block's parameters back in the other order.
        func @swaps(%n: i32) -> (i32, i32) {
        entry:
            jump head(1, 2, 0)
        head(%x: i32, %y: i32, %i: i32):
            %more = lt_u %i, %n
            %next = add %i, 1
            br_if %more, head(%y, %x, %next), exit(%x, %y)
        exit(%a: i32, %b: i32):
            ret %a, %b
        }

        ; Rotates (1, 2, 3) n times.
        func @rotate(%n: i32) -> (i32, i32, i32) {
        entry:
            jump head(1, 2, 3, %n)
        head(%a: i32, %b: i32, %c: i32, %k: i32):
            %k1 = sub %k, 1
            br_if %k, head(%b, %c, %a, %k1), exit
        exit:
            ret %a, %b, %c
        }",
    );
    let pair = |a, b| vec![Imm::i32(a), Imm::i32(b)];
    assert_eq!(call(&mut m, "swaps", &[Imm::i32(0)]), pair(1, 2));
    assert_eq!(call(&mut m, "swaps", &[Imm::i32(1)]), pair(2, 1));
    assert_eq!(call(&mut m, "swaps", &[Imm::i32(7)]), pair(2, 1));
    assert_eq!(call(&mut m, "swaps", &[Imm::i32(8)]), pair(1, 2));
    let triple = |a, b, c| vec![Imm::i32(a), Imm::i32(b), Imm::i32(c)];
    assert_eq!(call(&mut m, "rotate", &[Imm::i32(1)]), triple(2, 3, 1));
    assert_eq!(call(&mut m, "rotate", &[Imm::i32(5)]), triple(3, 1, 2));
}

#[test]
fn switch_picks_the_matching_case_or_the_default() {
    let mut m = load(
        "
        func @dense(%v: i32) -> i32 {
        entry:
            switch %v, other(0), [0: out(1), 1: out(2), 2: out(3), 5: out(4)]
        other(%d: i32):
            ret %d
        out(%r: i32):
            ret %r
        }

        func @sparse(%v: i32) -> i32 {
        entry:
            switch %v, out(0), [-1: out(1), 0x100000: out(2), 7: out(3)]
        out(%r: i32):
            ret %r
        }

        func @wide(%v: i64) -> i32 {
        entry:
            switch %v, out(0), [-1: out(1), 3: out(2), 0x10000000000: out(3)]
        out(%r: i32):
            ret %r
        }

        func @none(%v: i64) -> i32 {
        entry:
            switch %v, out, []
        out:
            ret 9
        }",
    );
    for (arg, expected) in [
        (0, 1),
        (1, 2),
        (2, 3),
        (3, 0),
        (5, 4),
        (6, 0),
        (-1, 0),
        (1000, 0),
    ] {
        assert_eq!(
            call(&mut m, "dense", &[Imm::i32(arg)]),
            [Imm::i32(expected)],
            "{arg}"
        );
    }
    for (arg, expected) in [(-1, 1), (1 << 20, 2), (7, 3), (0, 0), (8, 0)] {
        assert_eq!(
            call(&mut m, "sparse", &[Imm::i32(arg)]),
            [Imm::i32(expected)],
            "{arg}"
        );
    }
    for (arg, expected) in [(-1, 1), (3, 2), (1 << 40, 3), (0xffff_ffff, 0), (4, 0)] {
        assert_eq!(
            call(&mut m, "wide", &[Imm::i64(arg)]),
            [Imm::i32(expected)],
            "{arg}"
        );
    }
    assert_eq!(call(&mut m, "none", &[Imm::i64(0)]), [Imm::i32(9)]);
}

#[test]
fn select_keeps_nan_bits() {
    let mut m = load(
        "
        func @pick(%c: i32, %x: f32, %y: f32) -> f32 {
            %r = select %c, %x, %y
            ret %r
        }",
    );
    let nan = Imm::new(Type::F32, 0xffc0_1234);
    let one = Imm::f32(1.0);
    assert_eq!(call(&mut m, "pick", &[Imm::i32(5), nan, one]), [nan]);
    assert_eq!(call(&mut m, "pick", &[Imm::i32(0), one, nan]), [nan]);
    assert_eq!(call(&mut m, "pick", &[Imm::i32(0), nan, one]), [one]);
}

#[test]
fn trap_instruction_and_arithmetic_traps_name_the_function() {
    let mut m = load(
        "
        func @boom() {
            trap
        }
        func @div(%a: i64, %b: i64) -> i64 {
            %q = div_s %a, %b
            ret %q
        }
        func @to_int(%x: f64) -> i32 {
            %r = trunc_s.i32 %x
            ret %r
        }",
    );
    assert_trap(m.invoke("boom", &[]), TrapKind::Unreachable, "boom");
    let div = |a, b| [Imm::i64(a), Imm::i64(b)];
    assert_trap(
        m.invoke("div", &div(1, 0)),
        TrapKind::IntegerDivideByZero,
        "div",
    );
    assert_trap(
        m.invoke("div", &div(i64::MIN, -1)),
        TrapKind::IntegerOverflow,
        "div",
    );
    let nan = [Imm::f64(f64::NAN)];
    assert_trap(
        m.invoke("to_int", &nan),
        TrapKind::InvalidConversionToInteger,
        "to_int",
    );
    assert_trap(
        m.invoke("to_int", &[Imm::f64(3e9)]),
        TrapKind::IntegerOverflow,
        "to_int",
    );
    assert_eq!(call(&mut m, "to_int", &[Imm::f64(-2.9)]), [Imm::i32(-2)]);
    let err = m.invoke("boom", &[]).unwrap_err();
    assert_eq!(err.to_string(), "trap: unreachable in @boom");
}

#[test]
fn fuel_counts_instructions_exactly() {
    let module = parse(SUM);
    let mut unlimited = instance(&module);
    assert_eq!(unlimited.fuel_remaining(), None);
    call(&mut unlimited, "sum", &[Imm::i32(10)]);
    // jump + 10 × (ge_u, br_if, add, add, jump) + ge_u, br_if + ret
    let used = unlimited.instructions_executed();
    assert_eq!(used, 1 + 10 * 5 + 2 + 1);

    let mut exact = instance_with(&module, InterpConfig::new().fuel(used));
    assert_eq!(call(&mut exact, "sum", &[Imm::i32(10)]), [Imm::i32(45)]);
    assert_eq!(exact.fuel_remaining(), Some(0));

    let mut short = instance_with(&module, InterpConfig::new().fuel(used - 1));
    let err = short.invoke("sum", &[Imm::i32(10)]).unwrap_err();
    assert_eq!(err, RunError::OutOfFuel { budget: used - 1 });
    assert!(err.to_string().contains("out of fuel"), "{err}");
}

#[test]
fn an_infinite_loop_runs_out_of_fuel() {
    let module = parse(
        "
        func @spin() {
        entry:
            jump spin
        spin:
            jump spin
        }",
    );
    let mut m = instance_with(&module, InterpConfig::new().fuel(1000));
    assert_eq!(
        m.invoke("spin", &[]),
        Err(RunError::OutOfFuel { budget: 1000 })
    );
    assert_eq!(m.instructions_executed(), 1000);
}
