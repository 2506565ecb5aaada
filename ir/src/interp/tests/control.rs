//! Control flow: loops, simultaneous block arguments, `switch`, `select`, `trap`,
//! and the fuel budget.

use super::*;
use crate::interp::InterpConfig;
use BinaryOp::*;
use CompareOp::*;
use Type::*;

/// `@sum(%n) -> i32`: 0 + 1 + … + (n - 1).
fn sum_function() -> Function {
    let mut b = FnBuilder::new("sum", &[I32], &[I32]);
    let n = b.param(0);
    let (head, hp) = b.block(&[I32, I32]);
    let (body, _) = b.block(&[]);
    let (exit, ep) = b.block(&[I32]);
    let zero = b.i32(0);
    b.jump(head, &[zero, zero]);
    b.switch_to(head);
    let (i, acc) = (hp[0], hp[1]);
    let done = b.cmp(GeU, i, n);
    b.br_if(done, (exit, &[acc]), (body, &[]));
    b.switch_to(body);
    let acc2 = b.bin(Add, acc, i);
    let one = b.i32(1);
    let i2 = b.bin(Add, i, one);
    b.jump(head, &[i2, acc2]);
    b.switch_to(exit);
    b.ret(&[ep[0]]);
    b.finish()
}

#[test]
fn loops_with_block_arguments() {
    let mut interp = instance(&module_of([sum_function()]));
    assert_eq!(
        interp.invoke("sum", &[Imm::i32(10)]),
        Ok(vec![Imm::i32(45)])
    );
    assert_eq!(interp.invoke("sum", &[Imm::i32(0)]), Ok(vec![Imm::i32(0)]));
    assert_eq!(
        interp.invoke("sum", &[Imm::i32(100_000)]),
        Ok(vec![Imm::i32(704_982_704)])
    );
}

/// `@swaps(%n) -> (i32, i32)`: starts with (1, 2) and swaps the pair n times by
/// passing the block's own parameters back in the other order.
fn swap_function() -> Function {
    let mut b = FnBuilder::new("swaps", &[I32], &[I32, I32]);
    let n = b.param(0);
    let (head, p) = b.block(&[I32, I32, I32]);
    let (exit, _) = b.block(&[]);
    let (one, two, zero) = (b.i32(1), b.i32(2), b.i32(0));
    b.jump(head, &[one, two, zero]);
    b.switch_to(head);
    let (x, y, i) = (p[0], p[1], p[2]);
    let more = b.cmp(LtU, i, n);
    let next = b.bin(Add, i, one);
    let (body, _) = b.block(&[]);
    b.br_if(more, (body, &[]), (exit, &[]));
    b.switch_to(body);
    b.jump(head, &[y, x, next]);
    b.switch_to(exit);
    b.ret(&[x, y]);
    b.finish()
}

#[test]
fn block_arguments_are_assigned_simultaneously() {
    let mut interp = instance(&module_of([swap_function()]));
    assert_eq!(
        interp.invoke("swaps", &[Imm::i32(0)]),
        Ok(vec![Imm::i32(1), Imm::i32(2)])
    );
    assert_eq!(
        interp.invoke("swaps", &[Imm::i32(1)]),
        Ok(vec![Imm::i32(2), Imm::i32(1)])
    );
    assert_eq!(
        interp.invoke("swaps", &[Imm::i32(7)]),
        Ok(vec![Imm::i32(2), Imm::i32(1)])
    );
    assert_eq!(
        interp.invoke("swaps", &[Imm::i32(8)]),
        Ok(vec![Imm::i32(1), Imm::i32(2)])
    );
}

/// `@classify(%v: ty) -> i32`: a switch with the given keys; case `k` returns its
/// position + 1, the default returns 0.
fn switch_function(ty: Type, keys: &[u64]) -> Function {
    let mut b = FnBuilder::new("classify", &[ty], &[I32]);
    let index = b.param(0);
    let (default, _) = b.block(&[]);
    let (ret, rp) = b.block(&[I32]);
    let mut cases = Vec::new();
    for (i, &key) in keys.iter().enumerate() {
        let (case, _) = b.block(&[]);
        cases.push((key, BlockCall::new(case, [])));
        let saved = b.block;
        b.switch_to(case);
        let v = b.i32(i as i32 + 1);
        b.jump(ret, &[v]);
        b.switch_to(saved);
    }
    b.inst(
        InstKind::Switch {
            index,
            default: BlockCall::new(default, []),
            cases,
        },
        &[],
    );
    b.switch_to(default);
    let zero = b.i32(0);
    b.jump(ret, &[zero]);
    b.switch_to(ret);
    b.ret(&[rp[0]]);
    b.finish()
}

#[test]
fn switch_picks_the_matching_case_or_the_default() {
    // Dense keys.
    let mut interp = instance(&module_of([switch_function(I32, &[0, 1, 2, 5])]));
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
            interp.invoke("classify", &[Imm::i32(arg)]),
            Ok(vec![Imm::i32(expected)]),
            "{arg}"
        );
    }
    // Sparse keys, including the bit pattern of -1.
    let mut interp = instance(&module_of([switch_function(
        I32,
        &[0xffff_ffff, 1 << 20, 7],
    )]));
    for (arg, expected) in [(-1, 1), (1 << 20, 2), (7, 3), (0, 0), (8, 0)] {
        assert_eq!(
            interp.invoke("classify", &[Imm::i32(arg)]),
            Ok(vec![Imm::i32(expected)]),
            "{arg}"
        );
    }
    let mut interp = instance(&module_of([switch_function(I64, &[u64::MAX, 3, 1 << 40])]));
    for (arg, expected) in [(-1, 1), (3, 2), (1 << 40, 3), (0xffff_ffff, 0), (4, 0)] {
        assert_eq!(
            interp.invoke("classify", &[Imm::i64(arg)]),
            Ok(vec![Imm::i32(expected)]),
            "{arg}"
        );
    }
    // No cases at all.
    let mut interp = instance(&module_of([switch_function(I64, &[])]));
    assert_eq!(
        interp.invoke("classify", &[Imm::i64(0)]),
        Ok(vec![Imm::i32(0)])
    );
}

#[test]
fn select_keeps_nan_bits() {
    let mut b = FnBuilder::new("pick", &[I32, F32, F32], &[F32]);
    let (c, x, y) = (b.param(0), b.param(1), b.param(2));
    let r = b.inst1(InstKind::Select { args: [c, x, y] }, F32);
    b.ret(&[r]);
    let mut interp = instance(&module_of([b.finish()]));
    let nan = Imm::new(F32, 0xffc0_1234);
    let one = Imm::f32(1.0);
    assert_eq!(
        interp.invoke("pick", &[Imm::i32(5), nan, one]),
        Ok(vec![nan])
    );
    assert_eq!(
        interp.invoke("pick", &[Imm::i32(0), one, nan]),
        Ok(vec![nan])
    );
    assert_eq!(
        interp.invoke("pick", &[Imm::i32(0), nan, one]),
        Ok(vec![one])
    );
}

#[test]
fn trap_instruction_and_arithmetic_traps_name_the_function() {
    let mut t = FnBuilder::new("boom", &[], &[]);
    t.inst(InstKind::Trap, &[]);
    let mut d = FnBuilder::new("div", &[I64, I64], &[I64]);
    let q = d.bin(DivS, d.param(0), d.param(1));
    d.ret(&[q]);
    let mut c = FnBuilder::new("to_int", &[F64], &[I32]);
    let arg = c.param(0);
    let r = c.inst1(
        InstKind::Convert {
            op: crate::ConvertOp::TruncS(I32),
            arg,
        },
        I32,
    );
    c.ret(&[r]);
    let mut interp = instance(&module_of([t.finish(), d.finish(), c.finish()]));
    assert_trap(interp.invoke("boom", &[]), TrapKind::Unreachable, "boom");
    assert_trap(
        interp.invoke("div", &[Imm::i64(1), Imm::i64(0)]),
        TrapKind::IntegerDivideByZero,
        "div",
    );
    assert_trap(
        interp.invoke("div", &[Imm::i64(i64::MIN), Imm::i64(-1)]),
        TrapKind::IntegerOverflow,
        "div",
    );
    assert_trap(
        interp.invoke("to_int", &[Imm::f64(f64::NAN)]),
        TrapKind::InvalidConversionToInteger,
        "to_int",
    );
    assert_trap(
        interp.invoke("to_int", &[Imm::f64(3e9)]),
        TrapKind::IntegerOverflow,
        "to_int",
    );
    assert_eq!(
        interp.invoke("to_int", &[Imm::f64(-2.9)]),
        Ok(vec![Imm::i32(-2)])
    );
    let err = interp.invoke("boom", &[]).unwrap_err();
    assert_eq!(err.to_string(), "trap: unreachable in @boom");
}

#[test]
fn fuel_counts_instructions_exactly() {
    let module = module_of([sum_function()]);
    let mut unlimited = instance(&module);
    assert_eq!(unlimited.fuel_remaining(), None);
    unlimited.invoke("sum", &[Imm::i32(10)]).unwrap();
    // jump + 10 × (ge_u, br_if, add, add, jump) + ge_u, br_if + ret
    let used = unlimited.instructions_executed();
    assert_eq!(used, 1 + 10 * 5 + 2 + 1);

    let mut exact = instance_with(&module, InterpConfig::new().fuel(used));
    assert_eq!(exact.invoke("sum", &[Imm::i32(10)]), Ok(vec![Imm::i32(45)]));
    assert_eq!(exact.fuel_remaining(), Some(0));

    let mut short = instance_with(&module, InterpConfig::new().fuel(used - 1));
    let err = short.invoke("sum", &[Imm::i32(10)]).unwrap_err();
    assert_eq!(err, RunError::OutOfFuel { budget: used - 1 });
    assert!(err.to_string().contains("out of fuel"), "{err}");
}

#[test]
fn an_infinite_loop_runs_out_of_fuel() {
    let mut b = FnBuilder::new("spin", &[], &[]);
    let (head, _) = b.block(&[]);
    b.jump(head, &[]);
    b.switch_to(head);
    b.jump(head, &[]);
    let mut interp = instance_with(&module_of([b.finish()]), InterpConfig::new().fuel(1000));
    assert_eq!(
        interp.invoke("spin", &[]),
        Err(RunError::OutOfFuel { budget: 1000 })
    );
    assert_eq!(interp.instructions_executed(), 1000);
}

/// Throughput of a simple loop; run with
/// `cargo test --release -p lir -- --ignored --nocapture interp_throughput`.
#[test]
#[ignore]
fn interp_throughput() {
    let mut interp = instance(&module_of([sum_function()]));
    let start = std::time::Instant::now();
    interp.invoke("sum", &[Imm::i32(50_000_000)]).unwrap();
    let elapsed = start.elapsed();
    let n = interp.instructions_executed();
    println!(
        "{n} instructions in {elapsed:?}: {:.1} M instructions/s",
        n as f64 / elapsed.as_secs_f64() / 1e6
    );
}
