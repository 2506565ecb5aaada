//! Execution under Node.js: loops with swapping parameters, switches, irreducible
//! loops — results as a Rust model computes them.

mod common;
use common::exec::{call, check, values};
use lir::{Imm, Type};

#[test]
fn loops_with_swapping_parameters() {
    let src = "
export func @fib(%n: i32) -> i64 {
entry:
    jump loop(%n, 0, 1)
loop(%k: i32, %a: i64, %b: i64):
    %z = eqz %k
    br_if %z, exit, body
body:
    %s = add %a, %b
    %k2 = sub %k, 1
    jump loop(%k2, %b, %s)
exit:
    ret %a
}
export func @rotate(%n: i32) -> i32 {
entry:
    jump loop(0, 1, 2, 3, 4, 5)
loop(%i: i32, %a: i32, %b: i32, %c: i32, %d: i32, %e: i32):
    %more = lt_u %i, %n
    br_if %more, body, exit
body:
    %i2 = add %i, 1
    jump loop(%i2, %b, %c, %d, %e, %a)
exit:
    %x = mul %a, 10000
    %y = mul %b, 1000
    %z = mul %c, 100
    %w = mul %d, 10
    %s1 = add %x, %y
    %s2 = add %s1, %z
    %s3 = add %s2, %w
    %s4 = add %s3, %e
    ret %s4
}";
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for n in [0, 1, 2, 10, 50, 90] {
        calls.push(call("fib", vec![Imm::i32(n)], &[Type::I64]));
        let (mut a, mut b) = (0i64, 1i64);
        for _ in 0..n {
            (a, b) = (b, a.wrapping_add(b));
        }
        expected.push(values(&[Imm::i64(a)]));
    }
    for n in 0..12 {
        calls.push(call("rotate", vec![Imm::i32(n)], &[Type::I32]));
        let mut v = [1, 2, 3, 4, 5];
        v.rotate_left(n as usize % 5);
        let r = v.iter().fold(0, |acc, d| acc * 10 + d);
        expected.push(values(&[Imm::i32(r)]));
    }
    check(src, calls, expected);
}

#[test]
fn switches_pick_the_right_case() {
    let src = "
export func @dense(%x: i32) -> i32 {
entry:
    switch %x, other, [0: a, 1: b, 2: c, 4: d]
a:
    ret 10
b:
    ret 11
c:
    ret 12
d:
    ret 14
other:
    ret -1
}
export func @sparse(%x: i64) -> i32 {
entry:
    switch %x, other, [-5: a, 10: b, 1000: c, 100000: d, 10000000: e, 0x7fffffffffffffff: f]
a:
    ret 1
b:
    ret 2
c:
    ret 3
d:
    ret 4
e:
    ret 5
f:
    ret 6
other:
    ret 0
}
export func @offset(%x: i64) -> i32 {
entry:
    switch %x, bad, [100: a, 101: b, 102: a, 103: b]
a:
    ret 1
b:
    ret 2
bad:
    ret 0
}";
    let dense = |x: i32| match x {
        0 => 10,
        1 => 11,
        2 => 12,
        4 => 14,
        _ => -1,
    };
    let sparse = |x: i64| match x {
        -5 => 1,
        10 => 2,
        1000 => 3,
        100000 => 4,
        10000000 => 5,
        i64::MAX => 6,
        _ => 0,
    };
    let offset = |x: i64| match x {
        100 | 102 => 1,
        101 | 103 => 2,
        _ => 0,
    };
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for x in [-1, 0, 1, 2, 3, 4, 5, i32::MIN, i32::MAX] {
        calls.push(call("dense", vec![Imm::i32(x)], &[Type::I32]));
        expected.push(values(&[Imm::i32(dense(x))]));
    }
    for x in [
        -5i64,
        -4,
        0,
        10,
        11,
        999,
        1000,
        100000,
        10000000,
        i64::MAX,
        i64::MIN,
        99,
        100,
        101,
        102,
        103,
        104,
        1 << 32 | 100,
    ] {
        calls.push(call("sparse", vec![Imm::i64(x)], &[Type::I32]));
        expected.push(values(&[Imm::i32(sparse(x))]));
        calls.push(call("offset", vec![Imm::i64(x)], &[Type::I32]));
        expected.push(values(&[Imm::i32(offset(x))]));
    }
    check(src, calls, expected);
}

#[test]
fn irreducible_loops_run_correctly() {
    let src = "
export func @ping_pong(%c: i32, %n: i32) -> i32 {
entry:
    br_if %c, ping(0, 0), pong(0, 100)
ping(%i: i32, %acc: i32):
    %i1 = add %i, 1
    %a1 = mul %acc, 3
    jump pong(%i1, %a1)
pong(%j: i32, %acc2: i32):
    %a2 = add %acc2, %j
    %more = lt_u %j, %n
    br_if %more, ping(%j, %a2), exit
exit:
    ret %a2
}";
    let model = |c: i32, n: i32| {
        // Follows the CFG literally.
        let (mut at_ping, mut i, mut acc) = (c != 0, 0i32, if c != 0 { 0 } else { 100i32 });
        loop {
            if at_ping {
                i += 1;
                acc = acc.wrapping_mul(3);
            }
            acc = acc.wrapping_add(i);
            if (i as u32) < n as u32 {
                at_ping = true;
            } else {
                return acc;
            }
        }
    };
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for c in [0, 1] {
        for n in [0, 1, 2, 5, 17] {
            calls.push(call(
                "ping_pong",
                vec![Imm::i32(c), Imm::i32(n)],
                &[Type::I32],
            ));
            expected.push(values(&[Imm::i32(model(c, n))]));
        }
    }
    check(src, calls, expected);
}
