//! Execution under Node.js: bulk memory (native and helpers), traps, shadow-stack
//! and call-stack exhaustion, tail calls.

mod common;
use common::exec::{call, check, trap, values};
use lir::{Imm, Type};

#[test]
fn bulk_memory_semantics() {
    let src = "
data @buf align 8 = { i8 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }
func @sum16() -> i32 {
entry:
    %p = addr @buf
    jump loop(0, 0)
loop(%i: i32, %acc: i32):
    %q = add %p, %i
    %b = load.u8.i32 [%q]
    %k = add %i, 1
    %m = mul %b, %k
    %acc2 = add %acc, %m
    %more = lt_u %k, 16
    br_if %more, loop(%k, %acc2), exit(%acc2)
exit(%r: i32):
    ret %r
}
export func @copy(%dst: i32, %src: i32, %len: i32) -> i32 {
    %p = addr @buf
    %d = add %p, %dst
    %s = add %p, %src
    memory.copy %d, %s, %len
    %r = call @sum16()
    ret %r
}
export func @fill(%dst: i32, %v: i32, %len: i32) -> i32 {
    %p = addr @buf
    %d = add %p, %dst
    memory.fill %d, %v, %len
    %r = call @sum16()
    ret %r
}
export func @copy_far(%len: i32) {
    %top = memory.size
    %bytes = shl %top, 16
    %d = sub %bytes, 8
    memory.copy %d, 1024, %len
    ret
}";
    let model_copy = |dst: usize, src: usize, len: usize| {
        let mut b: Vec<i32> = (1..=16).collect();
        b.copy_within(src..src + len, dst);
        b.iter()
            .enumerate()
            .map(|(i, v)| v * (i as i32 + 1))
            .sum::<i32>()
    };
    let model_fill = |dst: usize, v: i32, len: usize| {
        let mut b: Vec<i32> = (1..=16).collect();
        b[dst..dst + len].fill(v & 0xff);
        b.iter()
            .enumerate()
            .map(|(i, v)| v * (i as i32 + 1))
            .sum::<i32>()
    };
    let mut calls = Vec::new();
    let mut expected = Vec::new();
    for (dst, src, len) in [
        (0, 4, 8),
        (4, 0, 8),
        (3, 3, 5),
        (0, 1, 15),
        (1, 0, 15),
        (5, 2, 0),
    ] {
        let args = vec![
            Imm::i32(dst as i32),
            Imm::i32(src as i32),
            Imm::i32(len as i32),
        ];
        calls.push(call("copy", args, &[Type::I32]));
        expected.push(values(&[Imm::i32(model_copy(dst, src, len))]));
    }
    for (dst, v, len) in [(0, 0, 16), (2, 0x1ff, 5), (15, 7, 1), (8, 3, 0)] {
        let args = vec![Imm::i32(dst as i32), Imm::i32(v), Imm::i32(len as i32)];
        calls.push(call("fill", args, &[Type::I32]));
        expected.push(values(&[Imm::i32(model_fill(dst, v, len))]));
    }
    for (len, ok) in [(8, true), (9, false), (0, true)] {
        calls.push(call("copy_far", vec![Imm::i32(len)], &[]));
        expected.push(if ok {
            values(&[])
        } else {
            trap("out of bounds memory access")
        });
    }
    check(src, calls, expected);
}

#[test]
fn traps_and_stack_exhaustion() {
    let src = "
func @one(%x: i32) -> i32 {
    ret %x
}
func @two(%x: i32, %y: i32) -> i32 {
    ret %x
}
export func @div(%a: i32, %b: i32) -> i32 {
    %q = div_s %a, %b
    ret %q
}
export func @indirect(%i: i32) -> i32 {
    %f = funcaddr @one
    %g = funcaddr @two
    %r = call_indirect %i(5) : (i32) -> i32
    ret %r
}
export func @deep(%n: i32) -> i32 {
    slot %s 64
entry:
    store.i32 [%s], %n
    %z = eqz %n
    br_if %z, done, more
more:
    %m = sub %n, 1
    %r = call @deep(%m)
    %v = load.i32 [%s]
    %t = add %r, %v
    ret %t
done:
    ret 0
}
export func @alloca(%n: i32) -> i32 {
    %p = stack.alloc %n
    store.i32 [%p], 7
    %v = load.i32 [%p]
    ret %v
}
export func @tail(%n: i32, %acc: i64) -> i64 {
entry:
    %z = eqz %n
    br_if %z, done, more
more:
    %m = sub %n, 1
    %a = add %acc, 2
    return_call @tail(%m, %a)
done:
    ret %acc
}";
    let calls = vec![
        call("div", vec![Imm::i32(7), Imm::i32(2)], &[Type::I32]),
        call("div", vec![Imm::i32(7), Imm::i32(0)], &[Type::I32]),
        call("div", vec![Imm::i32(i32::MIN), Imm::i32(-1)], &[Type::I32]),
        call("indirect", vec![Imm::i32(1)], &[Type::I32]),
        call("indirect", vec![Imm::i32(0)], &[Type::I32]),
        call("indirect", vec![Imm::i32(2)], &[Type::I32]),
        call("indirect", vec![Imm::i32(3)], &[Type::I32]),
        call("deep", vec![Imm::i32(100)], &[Type::I32]),
        call("deep", vec![Imm::i32(1_000_000)], &[Type::I32]),
        call("alloca", vec![Imm::i32(100)], &[Type::I32]),
        call("alloca", vec![Imm::i32(-8)], &[Type::I32]),
        call("alloca", vec![Imm::i32(1 << 20)], &[Type::I32]),
        call("tail", vec![Imm::i32(3_000_000), Imm::i64(1)], &[Type::I64]),
    ];
    let expected = vec![
        values(&[Imm::i32(3)]),
        trap("integer divide by zero"),
        trap("integer overflow"),
        values(&[Imm::i32(5)]),
        trap("uninitialized element or indirect call type mismatch"),
        trap("uninitialized element or indirect call type mismatch"),
        trap("undefined element"),
        values(&[Imm::i32(5050)]),
        trap("call stack exhausted"),
        values(&[Imm::i32(7)]),
        trap("call stack exhausted"),
        trap("call stack exhausted"),
        values(&[Imm::i64(6_000_001)]),
    ];
    check(src, calls, expected);
}
