//! Negative tests written as `.lir` text: the module parses, the verifier rejects it,
//! and each error carries the `line:col` of the offending item.

use super::*;
use crate::text::parse;

/// The verifier's errors for `src`, which must parse.
fn errors(src: &str) -> Vec<String> {
    let module = parse(src).unwrap_or_else(|e| panic!("does not parse:\n{e}\n--- source:\n{src}"));
    messages(&module)
}

/// Asserts that `src` gives exactly these errors, in this order.
#[track_caller]
fn assert_errors(src: &str, expected: &[&str]) {
    assert_eq!(errors(src), expected, "--- source:\n{src}");
}

#[test]
fn valid_text_verifies() {
    let src = "
func @max(%a: i32, %b: i32) -> i32 {
    %c = gt_s %a, %b
    br_if %c, first, second
first:
    ret %a
second:
    ret %b
dead:
    %d = add %c, %a
    ret %d
}";
    assert_errors(src, &[]);
}

#[test]
fn operand_types() {
    let src = "
func @f(%a: i32, %b: i64, %x: f32) -> i32 {
    %s = add %a, %b
    %y = clz %x
    %p = load.f32 [%a] align 8
    store.16 [%a], %x
    ret %y
}";
    assert_errors(
        src,
        &[
            "3:5: in @f, block bb0, at `%s = add %a, %b`: operand types differ: i32 and i64",
            "4:5: in @f, block bb0, at `%y = clz %x`: `clz` does not accept an f32 operand",
            "5:5: in @f, block bb0, at `%p = load.f32 [%a] align 8`: \
             alignment 8 is not a power of two up to the access width (4)",
            "6:5: in @f, block bb0, at `store.16 [%a], %x`: a 16-bit store cannot have type f32",
            "7:5: in @f, block bb0, at `ret %y`: returned value 1 must be i32, got f32",
        ],
    );
}

#[test]
fn calls_and_syscalls() {
    let src = "
func @f(%x: f32) -> i64 {
    call @g(%x)
    %n = syscall.write 1, 2
    return_call @h()
}
func @g(%a: i32) {
    ret
}
func @h() -> i32 {
    ret 0
}";
    assert_errors(
        src,
        &[
            "3:5: in @f, block bb0, at `call @g(%x)`: argument 1 of @g must be i32, got f32",
            "4:5: in @f, block bb0, at `%n = syscall.write 1, 2`: syscall.write takes 3 operands, got 2",
            "5:5: in @f, block bb0, at `return_call @h()`: \
             a tail call must return the caller's results: @h returns i32 but @f returns i64",
        ],
    );
}

#[test]
fn branches() {
    let src = "
func @f(%x: i32, %y: f64) {
    switch %x, next(%x), [1: done, 1: done]
next(%p: f64):
    jump done
done:
    ret
}";
    assert_errors(
        src,
        &[
            "3:5: in @f, block bb0, at `switch %x, next(%x), [1: done, 1: done]`: \
             argument 1 of block next must be f64, got i32",
            "3:5: in @f, block bb0, at `switch %x, next(%x), [1: done, 1: done]`: case key 1 appears twice",
        ],
    );
}

#[test]
fn structure() {
    let src = "
func @f() {
entry(%p: i32):
    trap
    ret
}
func @g() {
start:
    jump start
}
func @h() {
    %x = add.i32 1, 2
}";
    assert_errors(
        src,
        &[
            "3:1: in @f, block entry: the entry block cannot have parameters",
            "4:5: in @f, block entry, at `trap`: a terminator must be the last instruction of its block",
            "9:5: in @g, block start, at `jump start`: the entry block start cannot be a branch target",
            "12:5: in @h, block bb0: the block does not end with a terminator",
        ],
    );
}

#[test]
fn dominance() {
    let src = "
func @f(%x: i32) -> i32 {
    br_if %x, a, b
a:
    %y = add %x, 1
    jump c
b:
    %z = add %w, 1
    %w = add %x, 2
    jump c
c:
    ret %y
}";
    assert_errors(
        src,
        &[
            "8:5: in @f, block b, at `%z = add %w, 1`: uses %w before its definition",
            "12:5: in @f, block c, at `ret %y`: uses %y, but its definition in block a does not dominate this use",
        ],
    );
}

#[test]
fn dominance_through_chains_of_single_predecessors_and_joins() {
    // `b` reaches `d` through a chain of single predecessors (dominates); `a` does not
    // dominate `e`, whose chain reaches the entry; `j` joins two paths, so whether `b`
    // dominates it takes the dominator tree (it does: both paths leave `c`), and `a`
    // does not dominate the loop header `h`, entered from the entry and from `l`.
    let src = "
func @f(%x: i32) -> i32 {
    %e = add %x, 0
    br_if %x, a, e
a:
    %a = add %x, 1
    jump b
b:
    %b = add %x, 2
    jump c
c:
    br_if %x, d, k
d:
    %d = add %b, 3
    jump j
k:
    jump j
j:
    %j = add %b, %d
    jump h
e:
    %u = add %a, 4
    jump h
h:
    %h = add %a, %e
    br_if %x, l, r
l:
    jump h
r:
    ret %h
}";
    assert_errors(
        src,
        &[
            "19:5: in @f, block j, at `%j = add %b, %d`: uses %d, but its definition in block d does not dominate this use",
            "22:5: in @f, block e, at `%u = add %a, 4`: uses %a, but its definition in block a does not dominate this use",
            "25:5: in @f, block h, at `%h = add %a, %e`: uses %a, but its definition in block a does not dominate this use",
        ],
    );
}

#[test]
fn items() {
    let src = r#"
memory 4 max 2
data @d = "abc"
global @g: i32 = 0 export "x"
export "x" func @f() {
    slot %s 8 align 32
    %a = addr @d + 4
    global.set @g, 1
    ret
}"#;
    assert_errors(
        src,
        &[
            "2:1: memory maximum (2 pages) is below its minimum (4 pages)",
            "5:1: function @f is exported as \"x\", which global @g already uses",
            "6:5: in @f: slot %s: alignment 32 is not a power of two up to 16",
            "7:5: in @f, block bb0, at `%a = addr @d + 4`: offset 4 is past the end of @d (3 bytes)",
            "8:5: in @f, block bb0, at `global.set @g, 1`: @g is not mutable",
        ],
    );
}

#[test]
fn the_doc_example_verifies() {
    let src = "
func @sum(%p: ptr, %n: i32) -> i64 {
    slot %tmp 16 align 8
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
}";
    assert_errors(src, &[]);
}

#[test]
fn edits_after_parsing_keep_positions() {
    // A pass that breaks a parsed module still gets positions: of the instruction, or
    // of its block (here the unnamed entry, which starts at its first instruction) or
    // the function header when the instruction is new.
    let mut module = parse("func @f(%x: i32) -> i32 {\n    %y = add %x, 1\n    ret %y\n}").unwrap();
    let f = module.func_by_name("f").unwrap();
    let func = &mut module.funcs[f];
    let entry = func.entry_block().unwrap();
    let wide = func.const_value(Imm::i64(1));
    let inst = func.create_inst(
        InstKind::Binary {
            op: BinaryOp::Mul,
            args: [func.params[0], wide],
        },
        &[I32],
    );
    func.blocks[entry].insts.insert(0, inst);
    assert_eq!(
        messages(&module),
        ["2:5: in @f, block bb0, at `mul %x, 1`: operand types differ: i32 and i64"]
    );
}
