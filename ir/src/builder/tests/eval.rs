//! A tiny evaluator for the integer subset the SSA tests build (arithmetic, compares,
//! `select`, calls, branches, `switch`, `ret`), so tests can check what built code
//! computes and not only its shape. The reference interpreter is `crate::interp`.

use crate::entities::{Func, Value};
use crate::function::{Function, ValueDef};
use crate::inst::{BlockCall, InstKind};
use crate::module::Module;
use crate::opcodes::{BinaryOp, CompareOp, UnaryOp};
use crate::types::Type;
use std::collections::HashMap;

/// Runs `func` with integer arguments; returns its results (sign-extended).
pub fn eval(module: &Module, func: Func, args: &[i64]) -> Vec<i64> {
    let mut fuel = 1_000_000u32;
    call(module, func, args, &mut fuel)
}

fn call(module: &Module, func: Func, args: &[i64], fuel: &mut u32) -> Vec<i64> {
    let f = &module.funcs[func];
    let mut env: HashMap<Value, i64> = f.params.iter().copied().zip(args.iter().copied()).collect();
    let get = |env: &HashMap<Value, i64>, v: Value| -> i64 {
        match f.value_def(v) {
            ValueDef::Const(imm) => imm.as_i64(),
            _ => *env
                .get(&v)
                .unwrap_or_else(|| panic!("{v} read before it is set")),
        }
    };
    let mut block = f.entry_block().expect("entry block");
    loop {
        for &inst in &f.blocks[block].insts {
            *fuel = fuel.checked_sub(1).expect("out of fuel");
            let kind = &f.insts[inst].kind;
            let results = f.inst_results(inst);
            let value = match kind {
                InstKind::Binary { op, args } => {
                    binary(*op, get(&env, args[0]), get(&env, args[1]), ty(f, args[0]))
                }
                InstKind::Compare { op, args } => {
                    compare(*op, get(&env, args[0]), get(&env, args[1]), ty(f, args[0])) as i64
                }
                InstKind::Unary {
                    op: UnaryOp::Eqz,
                    arg,
                } => (get(&env, *arg) == 0) as i64,
                InstKind::Select { args } => {
                    let c = get(&env, args[0]);
                    get(&env, if c != 0 { args[1] } else { args[2] })
                }
                InstKind::Call { func, args } => {
                    let args: Vec<i64> = args.iter().map(|&a| get(&env, a)).collect();
                    for (&r, v) in results.iter().zip(call(module, *func, &args, fuel)) {
                        env.insert(r, v);
                    }
                    continue;
                }
                InstKind::Ret { values } => return values.iter().map(|&v| get(&env, v)).collect(),
                InstKind::Jump { dest } => {
                    block = enter(f, &mut env, dest, &get);
                    break;
                }
                InstKind::BrIf {
                    cond,
                    then_dest,
                    else_dest,
                } => {
                    let dest = if get(&env, *cond) != 0 {
                        then_dest
                    } else {
                        else_dest
                    };
                    block = enter(f, &mut env, dest, &get);
                    break;
                }
                InstKind::Switch {
                    index,
                    default,
                    cases,
                } => {
                    let i = get(&env, *index) as u64 & mask(ty(f, *index));
                    let dest = cases
                        .iter()
                        .find(|(k, _)| *k == i)
                        .map_or(default, |(_, c)| c);
                    block = enter(f, &mut env, dest, &get);
                    break;
                }
                other => panic!("eval does not support {other:?}"),
            };
            env.insert(results[0], wrap(value, f.value_type(results[0])));
        }
    }
}

/// Passes a block call's arguments to its parameters (simultaneously).
fn enter(
    f: &Function,
    env: &mut HashMap<Value, i64>,
    dest: &BlockCall,
    get: &dyn Fn(&HashMap<Value, i64>, Value) -> i64,
) -> crate::Block {
    let values: Vec<i64> = dest.args.iter().map(|&a| get(env, a)).collect();
    for (&p, v) in f.blocks[dest.block].params.iter().zip(values) {
        env.insert(p, v);
    }
    dest.block
}

fn ty(f: &Function, v: Value) -> Type {
    f.value_type(v)
}

fn mask(ty: Type) -> u64 {
    if ty.bits() == 32 {
        0xffff_ffff
    } else {
        u64::MAX
    }
}

fn wrap(v: i64, ty: Type) -> i64 {
    if ty.bits() == 32 {
        v as i32 as i64
    } else {
        v
    }
}

fn binary(op: BinaryOp, a: i64, b: i64, ty: Type) -> i64 {
    let (ua, ub) = (a as u64 & mask(ty), b as u64 & mask(ty));
    let shift = (b as u32) % ty.bits();
    match op {
        BinaryOp::Add => a.wrapping_add(b),
        BinaryOp::Sub => a.wrapping_sub(b),
        BinaryOp::Mul => a.wrapping_mul(b),
        BinaryOp::And => a & b,
        BinaryOp::Or => a | b,
        BinaryOp::Xor => a ^ b,
        BinaryOp::Shl => a.wrapping_shl(shift),
        BinaryOp::ShrS => a >> shift,
        BinaryOp::ShrU => (ua >> shift) as i64,
        BinaryOp::DivS => a.wrapping_div(b),
        BinaryOp::RemS => a.wrapping_rem(b),
        BinaryOp::DivU => (ua / ub) as i64,
        BinaryOp::RemU => (ua % ub) as i64,
        other => panic!("eval does not support {other:?}"),
    }
}

fn compare(op: CompareOp, a: i64, b: i64, ty: Type) -> bool {
    let (ua, ub) = (a as u64 & mask(ty), b as u64 & mask(ty));
    match op {
        CompareOp::Eq => a == b,
        CompareOp::Ne => a != b,
        CompareOp::LtS => a < b,
        CompareOp::GtS => a > b,
        CompareOp::LeS => a <= b,
        CompareOp::GeS => a >= b,
        CompareOp::LtU => ua < ub,
        CompareOp::GtU => ua > ub,
        CompareOp::LeU => ua <= ub,
        CompareOp::GeU => ua >= ub,
        other => panic!("eval does not support {other:?}"),
    }
}
