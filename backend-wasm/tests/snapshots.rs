//! WAT snapshots of representative functions: they document what the backend's code
//! looks like (expression trees, clean loops, no redundant local traffic). Review
//! changes with `cargo insta review`.

mod common;
use common::{functions_wat, wasm};

fn snapshot(name: &str, src: &str) {
    let wat = functions_wat(&wasm(src));
    insta::assert_snapshot!(name, wat);
}

const EXPRESSION_TREE: &str = "
export func @poly(%x: i32, %y: i32, %z: i64) -> i64 {
    %a = mul %x, %x
    %b = add %a, %y
    %c = shl %b, 3
    %d = extend_u %c
    %e = mul %d, %z
    %f = sub %e, 1
    ret %f
}
";

const TEE: &str = "
export func @square_plus(%x: i32) -> i32 {
    %a = add %x, 1
    %b = mul %a, %a
    ret %b
}
";

const SUM_LOOP: &str = "
export func @sum(%p: ptr, %n: i32) -> i64 {
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
";

const DIAMOND: &str = "
export func @abs_diff(%a: i32, %b: i32) -> i32 {
entry:
    %lt = lt_s %a, %b
    br_if %lt, less, more
less:
    %d1 = sub %b, %a
    jump done(%d1)
more:
    %d2 = sub %a, %b
    jump done(%d2)
done(%r: i32):
    ret %r
}
";

const SWAP: &str = "
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
";

const DENSE_SWITCH: &str = "
export func @classify(%x: i32) -> i32 {
entry:
    switch %x, other, [0: zero, 1: one, 2: two, 4: four]
zero:
    ret 10
one:
    ret 11
two:
    ret 12
four:
    ret 14
other:
    ret -1
}
";

const SPARSE_SWITCH: &str = "
export func @sparse(%x: i64) -> i32 {
entry:
    switch %x, other, [10: a, 1000: b, 100000: c, 10000000: d, 1000000000: e]
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
other:
    ret 0
}
";

const I64_SWITCH: &str = "
export func @weekday(%d: i64) -> i32 {
entry:
    switch %d, bad, [100: a, 101: b, 102: a, 103: b]
a:
    ret 1
b:
    ret 2
bad:
    ret 0
}
";

const IRREDUCIBLE: &str = "
export func @ping_pong(%c: i32, %n: i32) -> i32 {
entry:
    br_if %c, ping(0), pong(0)
ping(%i: i32):
    %i1 = add %i, 1
    jump pong(%i1)
pong(%j: i32):
    %more = lt_u %j, %n
    br_if %more, ping(%j), exit
exit:
    ret %j
}
";

const ADDRESSES: &str = "
data @table align 8 = { i64 1, 2, 3 }
export func @third() -> i64 {
    %t = addr @table
    %p = add %t, 16
    %v = load.i64 [%p]
    %q = add %t, 8
    store.i64 [%q + 4], %v
    ret %v
}
";

const SLOTS: &str = "
import func @fill(i32) from \"env\" \"fill\"
export func @with_buffer() -> i32 {
    slot %buf 16 align 8
    slot %n 4 align 4
    store.i32 [%n], 7
    call @fill(%buf)
    %a = load.i32 [%buf + 4]
    %b = load.i32 [%n]
    %s = add %a, %b
    ret %s
}
";

const STACK_ALLOC: &str = "
export func @alloca(%n: i32) -> i32 {
    %p = stack.alloc %n
    %q = stack.alloc 24
    store.i32 [%p], 1
    store.i32 [%q], 2
    %a = load.i32 [%p]
    ret %a
}
";

const CALLS: &str = "
func @divmod(%a: i32, %b: i32) -> (i32, i32) {
    %q = div_u %a, %b
    %r = rem_u %a, %b
    ret %q, %r
}
func @twice(%x: i32) -> i32 {
    %y = add %x, %x
    ret %y
}
export func @use(%a: i32, %b: i32) -> i32 {
    %q, %r = call @divmod(%a, %b)
    %f = funcaddr @twice
    %t = call_indirect %f(%q) : (i32) -> i32
    %s = add %t, %r
    return_call @twice(%s)
}
";

/// Nested diamonds merging a value: `if (result i32)` at every level, no local.
const YIELDING_DIAMONDS: &str = "
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
";

/// Two loop exits passing constants to a merge block: a `block (result i32)` whose
/// `br`s carry the value.
const YIELDING_BLOCK: &str = "
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
";

/// Values used several times are computed at their first use with `local.tee`: the
/// quotient (a division by a constant, which cannot trap, moves past the store) and
/// the next `n` after the recursive call, which then reuses `n`'s local.
const SUNK: &str = "
export func @digits(%v: i64, %p: ptr) -> i32 {
entry:
    jump loop(%v, %p, 0)
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
    ret %k
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
";

/// A call's result stays on the operand stack across another call to its use.
const CARRIED: &str = "
global @g: i32 mut = 0
func @f(%x: i32) -> i32 {
    %y = mul %x, 3
    global.set @g, %y
    ret %y
}
export func @carry(%x: i32) -> i32 {
    %a = call @f(%x)
    %b = call @f(2)
    %c = add %a, 1
    ret %c
}
";

/// Zero copies into locals nothing has written yet disappear; the inner loop's reset
/// of `j` inside the outer loop stays.
const ZERO_INIT: &str = "
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
}
";

/// Every function-level input, for the statistics test.
const INPUTS: &[&str] = &[
    EXPRESSION_TREE,
    TEE,
    SUM_LOOP,
    DIAMOND,
    SWAP,
    DENSE_SWITCH,
    SPARSE_SWITCH,
    I64_SWITCH,
    IRREDUCIBLE,
    ADDRESSES,
    SLOTS,
    STACK_ALLOC,
    CALLS,
    YIELDING_DIAMONDS,
    YIELDING_BLOCK,
    SUNK,
    CARRIED,
    ZERO_INIT,
];

#[test]
fn straight_line_code_is_an_expression_tree() {
    snapshot("expression_tree", EXPRESSION_TREE);
}

#[test]
fn value_used_twice_right_away_uses_tee() {
    snapshot("tee", TEE);
}

#[test]
fn counted_loop() {
    snapshot("sum_loop", SUM_LOOP);
}

#[test]
fn diamond_with_merge_parameter() {
    snapshot("diamond", DIAMOND);
}

#[test]
fn swap_loop_needs_no_temporary() {
    snapshot("swap", SWAP);
}

#[test]
fn dense_switch_is_a_br_table() {
    snapshot("dense_switch", DENSE_SWITCH);
}

#[test]
fn sparse_switch_is_a_compare_tree() {
    snapshot("sparse_switch", SPARSE_SWITCH);
}

#[test]
fn i64_switch_with_offset_keys() {
    snapshot("i64_switch", I64_SWITCH);
}

#[test]
fn irreducible_two_entry_loop() {
    snapshot("irreducible", IRREDUCIBLE);
}

#[test]
fn memory_addresses_fold_into_offsets() {
    snapshot("addresses", ADDRESSES);
}

#[test]
fn slots_use_the_shadow_stack() {
    snapshot("slots", SLOTS);
}

#[test]
fn stack_alloc_checks_the_stack() {
    snapshot("stack_alloc", STACK_ALLOC);
}

#[test]
fn calls_indirect_calls_and_tail_calls() {
    snapshot("calls", CALLS);
}

#[test]
fn diamonds_yield_their_value() {
    snapshot("yielding_diamonds", YIELDING_DIAMONDS);
}

#[test]
fn branches_to_a_merge_block_carry_its_value() {
    snapshot("yielding_block", YIELDING_BLOCK);
}

#[test]
fn values_are_computed_at_their_first_use() {
    snapshot("sunk", SUNK);
}

#[test]
fn values_stay_on_the_stack_across_statements() {
    snapshot("carried", CARRIED);
}

#[test]
fn zero_initialized_locals_need_no_set() {
    snapshot("zero_init", ZERO_INIT);
}

/// Size and local traffic over all inputs above: guards against regressions of
/// operand-stack scheduling and coalescing (printed with `--nocapture`).
#[test]
fn local_traffic_stays_low() {
    let (mut bytes, mut all, mut locals) = (0, 0, 0);
    for src in INPUTS {
        let wasm = wasm(src);
        let (a, l) = common::instruction_counts(&wasm);
        bytes += wasm.len();
        all += a;
        locals += l;
    }
    let share = locals as f64 / all as f64;
    eprintln!(
        "{} inputs: {bytes} bytes, {all} instructions, {:.1}% local.get/set/tee",
        INPUTS.len(),
        share * 100.0
    );
    assert!(
        share < 0.35,
        "{:.1}% of instructions touch locals",
        share * 100.0
    );
}

#[test]
fn globals_data_and_exports() {
    let wasm = wasm(
        "
memory 2 max 10 export \"mem\"
data @msg = \"\\0\\0hello\\0\\0\"
data @zeros = { zero 64 }
global @counter: i32 mut = 5 export \"counter\"
global @pi: f64 = 3.14159
export \"bump\" func @bump() -> i32 {
    %c = global.get @counter
    %c2 = add %c, 1
    global.set @counter, %c2
    ret %c2
}
",
    );
    insta::assert_snapshot!("module", lir_wasm::print_wat(&wasm).unwrap());
}

#[test]
fn fallbacks_without_post_mvp_features() {
    let src = "
export func @narrow(%x: i32, %f: f64, %p: ptr, %q: ptr) -> i64 {
    %a = extend8_s %x
    %b = trunc_sat_s.i32 %f
    %c = add %a, %b
    memory.copy %p, %q, %c
    memory.fill %p, 0, 16
    %d = extend_s %c
    %e = extend32_s %d
    ret %e
}
";
    let wasm = common::compile_with(src, lir_wasm::Features::mvp()).unwrap();
    insta::assert_snapshot!("mvp_fallbacks", lir_wasm::print_wat(&wasm).unwrap());
}
