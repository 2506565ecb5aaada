//! The symbolic run of a candidate loop: every value is a constant, an outside
//! value plus a constant offset (an address), or unknown; operations are evaluated
//! exactly (`lir::interp::eval`), and the run gives the trip count, the first
//! addresses stored to (and loaded from), and the values of the last iteration.

use super::Shape;
use crate::analysis::address::{decompose, Base};
use lir::interp::eval;
use lir::{BinaryOp, CompareOp, Function, Imm, InstKind, Module, Value};
use rustc_hash::FxHashMap;

/// Iterations simulated at most, per loop.
const MAX_TRIPS: u64 = 1 << 16;

/// A symbolic value: a constant, or an outside value plus a constant offset.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Sym {
    Const(Imm),
    Addr(Value, i64),
    /// Not known (a loaded value, or something computed from one).
    Unknown,
}

/// What the symbolic run found.
pub(super) struct Run {
    pub(super) trips: u64,
    /// The store's (and the load's) address in the first iteration.
    pub(super) dst: (Value, i64),
    pub(super) src: Option<(Value, i64)>,
    /// The store's width in bytes.
    pub(super) width: u32,
    /// Every value of the loop block in the last iteration.
    pub(super) last: FxHashMap<Value, Sym>,
}

pub(super) fn outside(func: &Function, v: Value) -> Sym {
    match func.as_const(v) {
        Some(c) => Sym::Const(c),
        None => Sym::Addr(v, 0),
    }
}

/// Runs the loop symbolically; `None` unless every step is decided and every store
/// goes `width` bytes above the previous one (and every load likewise).
pub(super) fn simulate(
    module: &Module,
    func: &Function,
    shape: &Shape,
    budget: &mut u64,
) -> Option<Run> {
    let params = &func.blocks[shape.header].params;
    let mut env: FxHashMap<Value, Sym> = FxHashMap::default();
    let mut current: Vec<Sym> = shape.init.iter().map(|&v| outside(func, v)).collect();
    let InstKind::Store { width, .. } = func.insts[shape.store].kind else {
        return None;
    };
    let w = width.bytes();
    let mut dst = None;
    let mut src = None;
    let per_trip = func.blocks[shape.header].insts.len() as u64;
    for trip in 0..MAX_TRIPS {
        *budget = budget.checked_sub(per_trip)?;
        env.clear();
        for (&p, &s) in params.iter().zip(&current) {
            env.insert(p, s);
        }
        let get = |env: &FxHashMap<Value, Sym>, v: Value| {
            env.get(&v).copied().unwrap_or_else(|| outside(func, v))
        };
        for &inst in &func.blocks[shape.header].insts {
            let kind = &func.insts[inst].kind;
            if kind.is_terminator() {
                break;
            }
            let step = w as i64 * trip as i64;
            match kind {
                InstKind::Store { addr, mem, .. } => {
                    let a = address(get(&env, *addr), mem.offset)?;
                    let first = *dst.get_or_insert((a.0, a.1.checked_sub(step)?));
                    if a != (first.0, first.1.checked_add(step)?) {
                        return None;
                    }
                }
                InstKind::Load { addr, mem, .. } => {
                    let a = address(get(&env, *addr), mem.offset)?;
                    let first = *src.get_or_insert((a.0, a.1.checked_sub(step)?));
                    if a != (first.0, first.1.checked_add(step)?) {
                        return None;
                    }
                    env.insert(func.insts[inst].results[0], Sym::Unknown);
                }
                _ => {
                    let r = eval_sym(module, func, kind, |v| get(&env, v))?;
                    for &res in &func.insts[inst].results {
                        env.insert(res, r);
                    }
                }
            }
        }
        let Sym::Const(c) = get(&env, shape.cond) else {
            return None;
        };
        if (c.bits() != 0) != shape.continue_if {
            return Some(Run {
                trips: trip + 1,
                dst: dst?,
                src,
                width: w,
                last: env,
            });
        }
        current = shape.back_args.iter().map(|&v| get(&env, v)).collect();
    }
    None
}

/// `v + k1 <op> v + k2` for an unsigned or equality compare, when both addresses
/// lie in the slot or data object `v` points into, or just past its end: such an
/// address is at most `stack_top`, below 2^32, so the sums do not wrap and compare
/// as their offsets do.
fn compare_in_object(
    module: &Module,
    func: &Function,
    op: CompareOp,
    v: Value,
    k1: i64,
    k2: i64,
) -> Option<Imm> {
    let a = decompose(func, v);
    let size = match a.base {
        Base::Slot(slot) => func.slots[slot].size as i64,
        Base::Data(data) => module.data.get(data)?.size() as i64,
        Base::Other(_) => return None,
    };
    let (x, y) = (a.offset.checked_add(k1)?, a.offset.checked_add(k2)?);
    if !(0..=size).contains(&x) || !(0..=size).contains(&y) {
        return None;
    }
    let r = match op {
        CompareOp::Eq => x == y,
        CompareOp::Ne => x != y,
        CompareOp::LtU => x < y,
        CompareOp::GtU => x > y,
        CompareOp::LeU => x <= y,
        CompareOp::GeU => x >= y,
        _ => return None,
    };
    Some(Imm::i32(r as i32))
}

/// The address `[a + offset]` as outside value and byte offset.
fn address(a: Sym, offset: u32) -> Option<(Value, i64)> {
    match a {
        Sym::Addr(v, k) => Some((v, k.checked_add(offset as i64)?)),
        _ => None,
    }
}

/// Evaluates a pure instruction on symbolic operands; `None` if it may trap or has
/// effects. Results that cannot be known are `Unknown`.
fn eval_sym(
    module: &Module,
    func: &Function,
    kind: &InstKind,
    get: impl Fn(Value) -> Sym,
) -> Option<Sym> {
    let c = |v: Value| match get(v) {
        Sym::Const(c) => Some(c),
        _ => None,
    };
    let r = match kind {
        InstKind::Binary { op, args } => {
            let (x, y) = (get(args[0]), get(args[1]));
            match (op, x, y) {
                (_, Sym::Const(a), Sym::Const(b)) => {
                    eval::binary(*op, a, b).ok().map(Sym::Const)?
                }
                (BinaryOp::Add, Sym::Addr(v, k), Sym::Const(b))
                | (BinaryOp::Add, Sym::Const(b), Sym::Addr(v, k)) => {
                    Sym::Addr(v, k.checked_add(b.as_i64())?)
                }
                (BinaryOp::Sub, Sym::Addr(v, k), Sym::Const(b)) => {
                    Sym::Addr(v, k.checked_sub(b.as_i64())?)
                }
                _ if op.can_trap(func.value_type(args[0])) => return None,
                _ => Sym::Unknown,
            }
        }
        InstKind::Unary { op, arg } => match c(*arg) {
            Some(a) => Sym::Const(eval::unary(*op, a).ok()?),
            None => Sym::Unknown,
        },
        InstKind::Compare { op, args } => match (get(args[0]), get(args[1])) {
            (Sym::Const(a), Sym::Const(b)) => Sym::Const(eval::compare(*op, a, b).ok()?),
            (Sym::Addr(v, k1), Sym::Addr(w, k2)) if v == w => {
                compare_in_object(module, func, *op, v, k1, k2).map_or(Sym::Unknown, Sym::Const)
            }
            _ => Sym::Unknown,
        },
        InstKind::Convert { op, arg } => match c(*arg) {
            Some(a) => Sym::Const(eval::convert(*op, a).ok()?),
            None if op.can_trap() => return None,
            None => Sym::Unknown,
        },
        InstKind::Select { args } => match c(args[0]) {
            Some(k) => get(if k.bits() != 0 { args[1] } else { args[2] }),
            None => Sym::Unknown,
        },
        InstKind::Const(k) => Sym::Const(*k),
        k if !k.has_side_effects() && !matches!(k, InstKind::GlobalGet { .. }) => Sym::Unknown,
        _ => return None,
    };
    Some(r)
}
