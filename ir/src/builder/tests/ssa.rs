//! SSA construction through `Variable`s: straight-line code, diamonds, loops (nested,
//! sealed late), partial definitions, unreachable blocks, irreducible control flow,
//! `switch` with several edges to one block and trivial-parameter removal. Every
//! function is checked structurally and evaluated.

use super::check::check;
use super::eval::eval;
use crate::builder::FunctionBuilder;
use crate::entities::{Block, Func};
use crate::module::Module;
use crate::types::{Signature, Type};

/// A module with one function `@f` taking and returning `params`/`results` i32s.
pub(super) fn module_with(params: usize, results: usize) -> (Module, Func) {
    let mut module = Module::new();
    let f = module.declare_function(
        "f",
        Signature::new(vec![Type::I32; params], vec![Type::I32; results]),
    );
    (module, f)
}

pub(super) fn param_count(module: &Module, f: Func, block: Block) -> usize {
    module.funcs[f].blocks[block].params.len()
}

/// Total parameters of all blocks.
pub(super) fn all_params(module: &Module, f: Func) -> usize {
    let func = &module.funcs[f];
    func.layout
        .iter()
        .map(|&b| func.blocks[b].params.len())
        .sum()
}

#[test]
fn straight_line_code_needs_no_parameters() {
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    let next = b.create_block();
    b.switch_to_block(entry);
    let x = b.declare_var(Type::I32);
    let p = b.param(0);
    b.def_var(x, p);
    let v = b.use_var(x);
    assert_eq!(v, p);
    let doubled = b.add(v, v);
    b.def_var(x, doubled);
    b.jump(next, &[]);
    b.switch_to_block(next);
    b.seal_block(next);
    let v = b.use_var(x);
    assert_eq!(v, doubled);
    let r = b.add(v, 1);
    b.ret(&[r]);
    b.finalize();
    check(&module);
    assert_eq!(all_params(&module, f), 0);
    assert_eq!(eval(&module, f, &[20]), [41]);
}

/// `if p { x = 1; y = 5 } else { x = 2; y = 5 }; return x * 10 + y`
#[test]
fn diamond_merges_only_the_variable_that_differs() {
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, then, els, merge] = [(); 4].map(|_| b.create_block());
    let (x, y) = (b.declare_var(Type::I32), b.declare_var(Type::I32));
    b.switch_to_block(entry);
    let p = b.param(0);
    b.br_if(p, then, &[], els, &[]);
    let five = b.iconst(Type::I32, 5);
    for (block, value) in [(then, 1), (els, 2)] {
        b.switch_to_block(block);
        b.seal_block(block);
        let value = b.iconst(Type::I32, value);
        b.def_var(x, value);
        b.def_var(y, five);
        b.jump(merge, &[]);
    }
    b.switch_to_block(merge);
    b.seal_block(merge);
    let xv = b.use_var(x);
    let yv = b.use_var(y);
    assert_eq!(yv, five);
    let tens = b.mul(xv, 10);
    let r = b.add(tens, yv);
    b.ret(&[r]);
    b.finalize();
    check(&module);
    assert_eq!(param_count(&module, f, merge), 1);
    assert_eq!(eval(&module, f, &[1]), [15]);
    assert_eq!(eval(&module, f, &[0]), [25]);
}

/// Builds `sum = 0; i = 0; while i < n { sum += i; i += 1 }; return sum` and seals the
/// header right after the back edge (`seal_early`) or only in `finalize`.
fn sum_loop(seal_early: bool) -> (Module, Func, Block) {
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, header, body, exit] = [(); 4].map(|_| b.create_block());
    let (n, i, sum) = (
        b.declare_var(Type::I32),
        b.declare_var(Type::I32),
        b.declare_var(Type::I32),
    );
    b.switch_to_block(entry);
    let p = b.param(0);
    b.def_var(n, p);
    let zero = b.iconst(Type::I32, 0);
    b.def_var(i, zero);
    b.def_var(sum, zero);
    b.jump(header, &[]);
    b.switch_to_block(header);
    let (iv, nv) = (b.use_var(i), b.use_var(n));
    let more = b.lt_s(iv, nv);
    b.br_if(more, body, &[], exit, &[]);
    b.switch_to_block(body);
    if seal_early {
        b.seal_block(body);
    }
    let s = b.use_var(sum);
    let s = b.add(s, iv);
    b.def_var(sum, s);
    let next = b.add(iv, 1);
    b.def_var(i, next);
    b.jump(header, &[]);
    if seal_early {
        b.seal_block(header);
    }
    b.switch_to_block(exit);
    let r = b.use_var(sum);
    b.ret(&[r]);
    b.finalize();
    (module, f, header)
}

#[test]
fn loop_header_gets_parameters_for_changed_variables_only() {
    for seal_early in [true, false] {
        let (module, f, header) = sum_loop(seal_early);
        check(&module);
        assert_eq!(
            param_count(&module, f, header),
            2,
            "seal_early = {seal_early}"
        );
        assert_eq!(all_params(&module, f), 2);
        assert_eq!(eval(&module, f, &[10]), [45]);
        assert_eq!(eval(&module, f, &[0]), [0]);
    }
}

/// `total = 0; for i in 0..n { for j in 0..i { total += j; } }` with `n` unchanged in
/// both loops, all blocks sealed only at the end (outer header first).
#[test]
fn nested_loops_sealed_late_keep_no_redundant_parameters() {
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, outer, outer_body, inner, inner_body, outer_latch, exit] =
        [(); 7].map(|_| b.create_block());
    let [n, i, j, total] = [(); 4].map(|_| b.declare_var(Type::I32));
    b.switch_to_block(entry);
    let p = b.param(0);
    b.def_var(n, p);
    let zero = b.iconst(Type::I32, 0);
    b.def_var(i, zero);
    b.def_var(total, zero);
    b.jump(outer, &[]);

    b.switch_to_block(outer);
    let (iv, nv) = (b.use_var(i), b.use_var(n));
    let c = b.lt_s(iv, nv);
    b.br_if(c, outer_body, &[], exit, &[]);

    b.switch_to_block(outer_body);
    b.def_var(j, zero);
    b.jump(inner, &[]);

    b.switch_to_block(inner);
    let (jv, iv) = (b.use_var(j), b.use_var(i));
    // `n` is read in the inner loop too, so both headers first get a parameter for it.
    let nv = b.use_var(n);
    let _unused = b.add(nv, 0);
    let c = b.lt_s(jv, iv);
    b.br_if(c, inner_body, &[], outer_latch, &[]);

    b.switch_to_block(inner_body);
    let t = b.use_var(total);
    let t = b.add(t, jv);
    b.def_var(total, t);
    let j2 = b.add(jv, 1);
    b.def_var(j, j2);
    b.jump(inner, &[]);

    b.switch_to_block(outer_latch);
    let iv = b.use_var(i);
    let i2 = b.add(iv, 1);
    b.def_var(i, i2);
    b.jump(outer, &[]);

    b.switch_to_block(exit);
    let t = b.use_var(total);
    b.ret(&[t]);
    b.finalize();

    check(&module);
    // outer: i, total; inner: j, total. `n` and `i` in the inner loop need none.
    assert_eq!(param_count(&module, f, outer), 2);
    assert_eq!(param_count(&module, f, inner), 2);
    assert_eq!(all_params(&module, f), 4);
    // sum over i < 5 of (0 + … + i-1) = 0 + 0 + 1 + 3 + 6 = 10
    assert_eq!(eval(&module, f, &[5]), [10]);
}

/// The case Braun et al. remove recursively: a header parameter completed as needed
/// becomes trivial once an inner header's parameter is found trivial later.
#[test]
fn parameters_that_become_trivial_after_others_are_removed() {
    let (mut module, f) = module_with(2, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, outer, inner, inner_latch, outer_latch, exit] = [(); 6].map(|_| b.create_block());
    let x = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    let p = b.param(0);
    b.def_var(x, p);
    b.jump(outer, &[]);
    b.switch_to_block(outer);
    let _ = b.use_var(x);
    b.jump(inner, &[]);
    b.switch_to_block(inner);
    let xv = b.use_var(x);
    let c = b.lt_s(xv, b.param(1));
    b.br_if(c, inner_latch, &[], outer_latch, &[]);
    b.switch_to_block(inner_latch);
    b.jump(inner, &[]);
    b.switch_to_block(outer_latch);
    let c = b.eqz(b.param(1));
    b.br_if(c, outer, &[], exit, &[]);
    b.switch_to_block(exit);
    let r = b.use_var(x);
    b.ret(&[r]);
    // Seal in layout order: the outer header first, while the inner one is open.
    b.seal_block(inner_latch);
    b.seal_block(outer_latch);
    b.seal_block(exit);
    b.seal_block(outer);
    b.seal_block(inner);
    b.finalize();
    check(&module);
    assert_eq!(all_params(&module, f), 0);
    assert_eq!(eval(&module, f, &[7, 3]), [7]);
}

#[test]
fn variable_defined_in_one_branch_reads_zero_on_the_other() {
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, then, merge] = [(); 3].map(|_| b.create_block());
    let x = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    let p = b.param(0);
    b.br_if(p, then, &[], merge, &[]);
    b.switch_to_block(then);
    let v = b.iconst(Type::I32, 42);
    b.def_var(x, v);
    b.jump(merge, &[]);
    b.switch_to_block(merge);
    let xv = b.use_var(x);
    b.ret(&[xv]);
    b.finalize();
    check(&module);
    assert_eq!(param_count(&module, f, merge), 1);
    assert_eq!(eval(&module, f, &[1]), [42]);
    assert_eq!(eval(&module, f, &[0]), [0]);
}

#[test]
fn use_before_definition_in_the_entry_block_is_zero() {
    let mut module = Module::new();
    let f = module.declare_function("f", Signature::new([], [Type::I64]));
    let mut b = FunctionBuilder::new(&mut module, f);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let x = b.declare_var(Type::I64);
    let v = b.use_var(x);
    assert_eq!(b.function().as_const(v), Some(crate::Imm::i64(0)));
    b.ret(&[v]);
    b.finalize();
    check(&module);
}

#[test]
fn unreachable_blocks_read_zero_and_are_reported() {
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, dead, dead_loop] = [(); 3].map(|_| b.create_block());
    let x = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    let p = b.param(0);
    b.def_var(x, p);
    b.ret(&[p]);
    assert!(!b.is_unreachable());
    // A block nothing branches to, sealed before use.
    b.switch_to_block(dead);
    b.seal_block(dead);
    assert!(b.is_unreachable());
    let v = b.use_var(x);
    assert!(b.function().as_const(v).is_some());
    b.jump(dead_loop, &[]);
    // An unreachable loop, sealed only at the end: its parameter receives the zero
    // read in `dead` and the incremented value around the loop.
    b.switch_to_block(dead_loop);
    let v = b.use_var(x);
    let v2 = b.add(v, 1);
    b.def_var(x, v2);
    b.jump(dead_loop, &[]);
    b.finalize();
    check(&module);
    assert_eq!(param_count(&module, f, dead_loop), 1);
    assert_eq!(eval(&module, f, &[3]), [3]);
}

/// Two blocks that branch to each other, both entered from the entry: the loop has no
/// single header. `x` counts the steps around it.
#[test]
fn irreducible_two_entry_loop() {
    let (mut module, f) = module_with(2, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, a, bb, exit] = [(); 4].map(|_| b.create_block());
    let (x, left) = (b.declare_var(Type::I32), b.declare_var(Type::I32));
    b.switch_to_block(entry);
    let zero = b.iconst(Type::I32, 0);
    b.def_var(x, zero);
    let budget = b.param(1);
    b.def_var(left, budget);
    let start = b.param(0);
    b.br_if(start, a, &[], bb, &[]);
    for (block, other, step) in [(a, bb, 1), (bb, a, 100)] {
        b.switch_to_block(block);
        let xv = b.use_var(x);
        let xv = b.add(xv, step);
        b.def_var(x, xv);
        let l = b.use_var(left);
        let l = b.sub(l, 1);
        b.def_var(left, l);
        b.br_if(l, other, &[], exit, &[]);
    }
    b.switch_to_block(exit);
    let r = b.use_var(x);
    b.ret(&[r]);
    b.finalize();
    check(&module);
    assert_eq!(param_count(&module, f, a), 2);
    assert_eq!(param_count(&module, f, bb), 2);
    assert_eq!(eval(&module, f, &[1, 3]), [1 + 100 + 1]);
    assert_eq!(eval(&module, f, &[0, 4]), [100 + 1 + 100 + 1]);
}

/// A `switch` with three edges to one block and a `br_if` with both arms to one block:
/// every edge passes the argument.
#[test]
fn every_edge_to_a_block_gets_the_argument() {
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, other, merge] = [(); 3].map(|_| b.create_block());
    let x = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    let one = b.iconst(Type::I32, 1);
    b.def_var(x, one);
    let p = b.param(0);
    let switch = b.switch(p, other, [(0, merge), (1, merge), (2, other), (3, merge)]);
    b.switch_to_block(other);
    let two = b.iconst(Type::I32, 2);
    b.def_var(x, two);
    let both = b.br_if(p, merge, &[], merge, &[]);
    b.switch_to_block(merge);
    b.seal_all_blocks();
    let r = b.use_var(x);
    b.ret(&[r]);
    b.finalize();
    let func = &module.funcs[f];
    check(&module);
    assert_eq!(param_count(&module, f, merge), 1);
    for inst in [switch, both] {
        for call in func.insts[inst].kind.block_calls() {
            let expected = usize::from(call.block == merge);
            assert_eq!(call.args.len(), expected);
        }
    }
    for (arg, expected) in [(0, 1), (1, 1), (2, 2), (3, 1), (9, 2)] {
        assert_eq!(eval(&module, f, &[arg]), [expected], "switch index {arg}");
    }
}

/// A variable read in a loop that never assigns it: the provisional header parameter
/// is removed when the header is sealed, and the use refers to the outer value.
#[test]
fn loop_that_never_changes_a_variable_has_no_parameter_for_it() {
    let (mut module, f) = module_with(2, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, header, exit] = [(); 3].map(|_| b.create_block());
    let (k, i) = (b.declare_var(Type::I32), b.declare_var(Type::I32));
    b.switch_to_block(entry);
    let (p0, p1) = (b.param(0), b.param(1));
    b.def_var(k, p0);
    b.def_var(i, p1);
    b.jump(header, &[]);
    b.switch_to_block(header);
    let kv = b.use_var(k); // provisional parameter: the header is not sealed
    let iv = b.use_var(i);
    let i2 = b.sub(iv, kv);
    b.def_var(i, i2);
    let c = b.gt_s(i2, 0);
    b.br_if(c, header, &[], exit, &[]);
    b.seal_block(header);
    b.switch_to_block(exit);
    b.seal_block(exit);
    let r = b.use_var(i);
    b.ret(&[r]);
    b.finalize();
    let func = &module.funcs[f];
    check(&module);
    assert_eq!(param_count(&module, f, header), 1);
    // The subtraction reads the function parameter directly.
    let sub = func.blocks[header].insts[0];
    assert_eq!(func.insts[sub].kind.args()[1], p0);
    assert_eq!(eval(&module, f, &[3, 10]), [-2]);
}

#[test]
fn sealing_twice_and_sealing_everything_are_harmless() {
    let (module, f, header) = sum_loop(true);
    let mut module = module;
    let mut b = FunctionBuilder::new(&mut module, f);
    b.seal_block(header);
    b.seal_all_blocks();
    b.seal_all_blocks();
    b.finalize();
    check(&module);
    assert_eq!(eval(&module, f, &[4]), [6]);
}
