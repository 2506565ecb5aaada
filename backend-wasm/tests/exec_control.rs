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

/// The shapes of the snapshot tests for value-yielding `if`s and `block`s, sunk
/// definitions (`local.tee` at the first use), values carried on the operand stack and
/// zero-initialized locals, run against a Rust model.
#[test]
fn yields_tees_carries_and_zero_locals() {
    let src = "
global @g: i32 mut = 0
func @f(%x: i32) -> i32 {
    %y = mul %x, 3
    global.set @g, %y
    ret %y
}
export func @carry(%x: i32) -> i32 {
    %a = call @f(%x)
    %b = call @f(2)
    %c = add %a, %b
    ret %c
}
export func @classify(%x: i32) -> i32 {
entry:
    %a = lt_s %x, 10
    br_if %a, done(0), b1
b1:
    %b = lt_s %x, 20
    br_if %b, done(1), b2
b2:
    %c = lt_s %x, 30
    br_if %c, done(2), done(3)
done(%r: i32):
    %s = mul %r, 7
    ret %s
}
export func @first_error(%a: i32, %b: i32, %c: i32) -> i32 {
entry:
    %ea = eqz %a
    br_if %ea, fail(21), check_b
check_b:
    %eb = lt_s %b, 0
    br_if %eb, fail(28), check_c
check_c:
    %x = add %a, %b
    %ec = gt_s %x, %c
    br_if %ec, fail(%x), ok
ok:
    ret 0
fail(%e: i32):
    %n = sub 0, %e
    ret %n
}
export func @find(%p: ptr, %n: i32, %key: i32) -> i32 {
entry:
    jump loop(0)
loop(%i: i32):
    %done = ge_u %i, %n
    br_if %done, out(-1), body
body:
    %off = shl %i, 2
    %a = add %p, %off
    %x = load.i32 [%a]
    %hit = eq %x, %key
    br_if %hit, out(1), next
next:
    %i2 = add %i, 1
    jump loop(%i2)
out(%r: i32):
    %r2 = mul %r, 3
    ret %r2
}
export func @fibr(%n: i32) -> i32 {
entry:
    %small = lt_u %n, 2
    br_if %small, base(%n, 0), rec(%n, 0)
base(%0: i32, %1: i32):
    %2 = add %1, %0
    ret %2
rec(%3: i32, %4: i32):
    %n1 = add %3, -1
    %a = call @fibr(%n1)
    %n2 = add %3, -2
    %5 = add %4, %a
    %6 = lt_u %n2, 2
    br_if %6, base(%n2, %5), rec(%n2, %5)
}
export func @digits(%v: i64) -> i64 {
    slot %buf 32
entry:
    jump loop(%v, %buf, 0)
loop(%x: i64, %q: ptr, %n: i32):
    %d = div_u %x, 10
    %r = rem_u %x, 10
    %r32 = wrap %r
    %ch = add %r32, 48
    store.8 [%q], %ch
    %q2 = add %q, 1
    %n2 = add %n, 1
    %more = ne %d, 0
    br_if %more, loop(%d, %q2, %n2), exit(%n2)
exit(%k: i32):
    %k1 = sub %k, 1
    %last = add %buf, %k1
    %c = load.u8.i64 [%last]
    %k64 = extend_u %k
    %s = shl %k64, 8
    %o = or %s, %c
    ret %o
}
export func @tri(%n: i32) -> i32 {
entry:
    jump outer(0, 0)
outer(%i: i32, %acc: i32):
    %od = ge_s %i, %n
    br_if %od, exit(%acc), inner(0, %acc)
inner(%j: i32, %a: i32):
    %id = gt_s %j, %i
    br_if %id, next(%a), ibody
ibody:
    %a2 = add %a, 1
    %j2 = add %j, 1
    jump inner(%j2, %a2)
next(%a3: i32):
    %i2 = add %i, 1
    jump outer(%i2, %a3)
exit(%r: i32):
    ret %r
}";
    fn fib(n: i32) -> i32 {
        if n < 2 {
            n
        } else {
            fib(n - 1).wrapping_add(fib(n - 2))
        }
    }
    let i32s = |name: &str, args: &[i32]| {
        call(
            name,
            args.iter().map(|&a| Imm::i32(a)).collect(),
            &[Type::I32],
        )
    };
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for x in [-5, 0, 7] {
        calls.push(i32s("carry", &[x]));
        expected.push(values(&[Imm::i32(3 * x + 6)]));
    }
    for x in [-100, 9, 10, 19, 20, 29, 30, 1000] {
        calls.push(i32s("classify", &[x]));
        let class = [10, 20, 30].iter().filter(|&&t| x >= t).count() as i32;
        expected.push(values(&[Imm::i32(class * 7)]));
    }
    for (a, b, c) in [(0, 1, 1), (1, -1, 5), (2, 3, 4), (2, 3, 5), (1, 1, 2)] {
        calls.push(i32s("first_error", &[a, b, c]));
        let e = if a == 0 {
            21
        } else if b < 0 {
            28
        } else if a + b > c {
            a + b
        } else {
            0
        };
        expected.push(values(&[Imm::i32(-e)]));
    }
    // Memory is zero: key 0 is found unless n is 0.
    for (n, key) in [(0, 0), (4, 0), (4, 5)] {
        calls.push(i32s("find", &[64, n, key]));
        let r = if n > 0 && key == 0 { 1 } else { -1 };
        expected.push(values(&[Imm::i32(r * 3)]));
    }
    for n in [0, 1, 2, 3, 10, 20] {
        calls.push(i32s("fibr", &[n]));
        expected.push(values(&[Imm::i32(fib(n))]));
    }
    for v in [0u64, 7, 10, 12345, u64::MAX] {
        calls.push(call("digits", vec![Imm::i64(v as i64)], &[Type::I64]));
        let text: String = v.to_string().chars().rev().collect();
        let last = *text.as_bytes().last().unwrap() as i64;
        expected.push(values(&[Imm::i64(((text.len() as i64) << 8) | last)]));
    }
    for n in [-1, 0, 1, 2, 5] {
        calls.push(i32s("tri", &[n]));
        let t: i32 = (0..n.max(0)).map(|i| i + 1).sum();
        expected.push(values(&[Imm::i32(t)]));
    }
    check(src, calls, expected);
}
