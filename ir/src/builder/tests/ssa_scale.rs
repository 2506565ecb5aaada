//! SSA construction at scale: many variables, many loops sealed late, and predecessor
//! chains long enough to overflow a recursive implementation.

use super::check::check;
use super::eval::eval;
use super::ssa::{all_params, module_with, param_count};
use crate::builder::FunctionBuilder;
use crate::types::Type;

#[test]
fn many_variables_in_a_loop() {
    const VARS: usize = 300;
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let [entry, header, body, exit] = [(); 4].map(|_| b.create_block());
    let vars: Vec<_> = (0..VARS).map(|_| b.declare_var(Type::I32)).collect();
    let counter = b.declare_var(Type::I32);
    b.switch_to_block(entry);
    for (k, &v) in vars.iter().enumerate() {
        let c = b.iconst(Type::I32, k as i64);
        b.def_var(v, c);
    }
    let p = b.param(0);
    b.def_var(counter, p);
    b.jump(header, &[]);
    b.switch_to_block(header);
    let c = b.use_var(counter);
    b.br_if(c, body, &[], exit, &[]);
    b.switch_to_block(body);
    b.seal_block(body);
    // Odd-numbered variables change every iteration; even ones never do.
    for &v in vars.iter().skip(1).step_by(2) {
        let value = b.use_var(v);
        let value = b.add(value, 1);
        b.def_var(v, value);
    }
    let c2 = b.sub(c, 1);
    b.def_var(counter, c2);
    b.jump(header, &[]);
    b.seal_block(header);
    b.switch_to_block(exit);
    b.seal_block(exit);
    let mut total = b.iconst(Type::I32, 0);
    for &v in &vars {
        let value = b.use_var(v);
        total = b.add(total, value);
    }
    b.ret(&[total]);
    b.finalize();
    check(&module);
    assert_eq!(param_count(&module, f, header), VARS / 2 + 1);
    let base: i64 = (0..VARS as i64).sum();
    assert_eq!(eval(&module, f, &[4]), [base + 4 * (VARS as i64 / 2)]);
}

/// 100 000 blocks in a row, each with one predecessor, then a merge: lookups walk the
/// chain without recursion.
#[test]
fn long_single_predecessor_chains_do_not_overflow() {
    const LEN: usize = 100_000;
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let x = b.declare_var(Type::I32);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let p = b.param(0);
    b.def_var(x, p);
    for _ in 0..LEN {
        let next = b.create_block();
        b.jump(next, &[]);
        b.seal_block(next);
        b.switch_to_block(next);
    }
    let v = b.use_var(x);
    assert_eq!(v, p);
    b.ret(&[v]);
    b.finalize();
    check(&module);
    assert_eq!(eval(&module, f, &[9]), [9]);
}

/// 20 000 diamonds in a row with `x` read only at the end, all sealed late. Sealed
/// front to back, the last merge's lookup runs through every merge before it; sealed
/// back to front, every block first gets a provisional parameter and `finalize` removes
/// them all.
#[test]
fn long_chains_of_merges_sealed_late_do_not_overflow() {
    const DIAMONDS: usize = 20_000;
    for backwards in [false, true] {
        let (mut module, f) = module_with(1, 1);
        let mut b = FunctionBuilder::new(&mut module, f);
        let x = b.declare_var(Type::I32);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let p = b.param(0);
        b.def_var(x, p);
        for _ in 0..DIAMONDS {
            let [left, right, merge] = [(); 3].map(|_| b.create_block());
            b.br_if(p, left, &[], right, &[]);
            b.switch_to_block(left);
            b.jump(merge, &[]);
            b.switch_to_block(right);
            b.jump(merge, &[]);
            b.switch_to_block(merge);
        }
        let v = b.use_var(x);
        b.ret(&[v]);
        if backwards {
            let layout = b.function().layout.clone();
            for &block in layout.iter().rev() {
                b.seal_block(block);
            }
        }
        b.finalize();
        check(&module);
        assert_eq!(all_params(&module, f), 0, "backwards = {backwards}");
        assert_eq!(eval(&module, f, &[5]), [5]);
    }
}

/// 20 000 loops in a row over eight variables (half of them changed), every block
/// sealed only in `finalize`: each loop header keeps exactly the parameters of the
/// changed variables, and the cleanup stays fast (it once took quadratic time here).
#[test]
fn many_loops_sealed_late_keep_minimal_parameters() {
    const LOOPS: usize = 20_000;
    let (mut module, f) = module_with(1, 1);
    let mut b = FunctionBuilder::new(&mut module, f);
    let vars: Vec<_> = (0..8).map(|_| b.declare_var(Type::I32)).collect();
    let entry = b.create_block();
    b.switch_to_block(entry);
    let p = b.param(0);
    for &v in &vars {
        b.def_var(v, p);
    }
    let mut headers = Vec::new();
    for _ in 0..LOOPS {
        let [header, body, exit] = [(); 3].map(|_| b.create_block());
        headers.push(header);
        b.jump(header, &[]);
        b.switch_to_block(header);
        let c = b.use_var(vars[0]);
        b.br_if(c, body, &[], exit, &[]);
        b.switch_to_block(body);
        for (k, &v) in vars.iter().enumerate() {
            let x = b.use_var(v);
            if k % 2 == 0 {
                let x = b.sub(x, 1);
                b.def_var(v, x);
            }
        }
        b.jump(header, &[]);
        b.switch_to_block(exit);
    }
    let mut acc = b.use_var(vars[0]);
    for &v in &vars[1..] {
        let x = b.use_var(v);
        acc = b.add(acc, x);
    }
    b.ret(&[acc]);
    b.finalize();
    check(&module);
    for &header in &headers {
        assert_eq!(param_count(&module, f, header), 4);
    }
    assert_eq!(all_params(&module, f), 4 * LOOPS);
    // The first loop counts var0 (and the other even ones) down to zero; later loops
    // never run. Result: 0 + 3 * 0 + 4 * 3 (odd variables keep the parameter).
    assert_eq!(eval(&module, f, &[3]), [12]);
}
