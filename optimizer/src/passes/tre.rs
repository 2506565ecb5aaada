//! `tre`: tail-recursion elimination, including the accumulator form.
//!
//! A function that calls itself in tail position — `return_call @f(args)`, or
//! `%r = call @f(args)` followed by `ret %r` — gets a loop instead: the body moves
//! to a new header block whose parameters replace the function's, and each such call
//! becomes a jump back to it. A call whose result is combined with another value by
//! an associative and commutative integer operation (`add mul and or xor`) right
//! before the `ret` — `ret (fib(n-1) + fib(n-2))` — is in tail position modulo an
//! accumulator: the header gets one more parameter, the accumulator (starting at the
//! operation's identity), the call becomes a jump with `acc op other`, and every
//! other `ret v` returns `acc op v`. Recursive `fib` keeps one call per level instead
//! of two.
//!
//! Exactness: slots and the frame are reused by the loop, which is only right when a
//! call cannot see its caller's frame, so functions whose slot addresses escape keep
//! their plain `call`s (a `return_call` releases the frame first, so it is always
//! fine); functions using `stack.alloc` are left alone (the loop would keep every
//! iteration's block). Fewer frames only removes "call stack exhausted" traps, which
//! may differ. The accumulator form is not used when the function also tail-calls
//! another function (that call would have to stop being a tail call).
//!
//! It does not handle mutual recursion, calls followed by more than one operation,
//! or float accumulators (float `add` is not associative).

use crate::edit::{self, ValueMap};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use lir::{BinaryOp, Block, BlockCall, Func, Function, Imm, Inst, InstKind, Type, Value};

pub struct Tre;

impl FunctionPass for Tre {
    fn name(&self) -> &'static str {
        "tre"
    }

    fn description(&self) -> &'static str {
        "tail-recursion elimination (with accumulators): self tail calls become a loop"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let me = cx.func;
        if func.layout.is_empty() || uses_stack_alloc(func) {
            return Changes::NONE;
        }
        let frame_escapes = {
            let escapes = cx.analyses.escapes(func);
            func.slots.keys().any(|s| escapes.escapes(s))
        };
        let sites = find_sites(func, me, frame_escapes);
        if sites.is_empty() {
            return Changes::NONE;
        }
        let accumulator = match accumulator_op(func, &sites) {
            Ok(op) => op,
            Err(()) => return Changes::NONE,
        };
        rewrite(func, &sites, accumulator);
        Changes::cfg(sites.len())
    }
}

/// A recursive call in tail position: the block ends with it.
struct Site {
    block: Block,
    /// Index of the call (or `return_call`) in the block.
    call_index: usize,
    args: Vec<Value>,
    /// `ret (result op other)`: the operation and the other operand.
    combine: Option<(BinaryOp, Value)>,
}

fn uses_stack_alloc(func: &Function) -> bool {
    func.layout.iter().any(|&b| {
        func.blocks[b]
            .insts
            .iter()
            .any(|&i| matches!(func.insts[i].kind, InstKind::StackAlloc { .. }))
    })
}

fn find_sites(func: &Function, me: Func, frame_escapes: bool) -> Vec<Site> {
    let mut sites = Vec::new();
    for &block in &func.layout {
        let insts = &func.blocks[block].insts;
        let n = insts.len();
        let Some(&last) = insts.last() else { continue };
        match &func.insts[last].kind {
            InstKind::ReturnCall { func: callee, args } if *callee == me => {
                sites.push(Site {
                    block,
                    call_index: n - 1,
                    args: args.clone(),
                    combine: None,
                });
            }
            InstKind::Ret { values } if !frame_escapes => {
                if let Some(site) = call_then_ret(func, me, block, insts, values) {
                    sites.push(site);
                }
            }
            _ => {}
        }
    }
    sites
}

/// `%r = call @me(..); ret %r` or `%r = call @me(..); %t = op %r, %x; ret %t`.
fn call_then_ret(
    func: &Function,
    me: Func,
    block: Block,
    insts: &[Inst],
    values: &[Value],
) -> Option<Site> {
    let n = insts.len();
    let is_self_call = |i: Inst| match &func.insts[i].kind {
        InstKind::Call { func: callee, args } if *callee == me => Some(args.clone()),
        _ => None,
    };
    if n >= 2 {
        let call = insts[n - 2];
        if let Some(args) = is_self_call(call) {
            if func.insts[call].results.as_slice() == values {
                return Some(Site {
                    block,
                    call_index: n - 2,
                    args,
                    combine: None,
                });
            }
        }
    }
    if n >= 3 && values.len() == 1 {
        let (call, op_inst) = (insts[n - 3], insts[n - 2]);
        let args = is_self_call(call)?;
        let [result] = func.insts[call].results[..] else {
            return None;
        };
        let InstKind::Binary { op, args: [a, b] } = func.insts[op_inst].kind else {
            return None;
        };
        if func.insts[op_inst].results[0] != values[0] || identity(op, Type::I32).is_none() {
            return None;
        }
        if !func.value_type(result).is_int() {
            return None;
        }
        let other = match (a == result, b == result) {
            (true, false) => b,
            (false, true) => a,
            _ => return None,
        };
        return Some(Site {
            block,
            call_index: n - 3,
            args,
            combine: Some((op, other)),
        });
    }
    None
}

/// The identity of an associative, commutative integer operation.
fn identity(op: BinaryOp, ty: Type) -> Option<Imm> {
    let bits = match op {
        BinaryOp::Add | BinaryOp::Or | BinaryOp::Xor => 0,
        BinaryOp::Mul => 1,
        BinaryOp::And => u64::MAX,
        _ => return None,
    };
    Some(Imm::new(ty, bits))
}

/// The accumulator's operation, if any site needs one; `Err` if the sites disagree
/// or the function also tail-calls another function.
fn accumulator_op(func: &Function, sites: &[Site]) -> Result<Option<BinaryOp>, ()> {
    let mut op = None;
    for site in sites {
        if let Some((o, _)) = site.combine {
            if op.is_some_and(|p| p != o) {
                return Err(());
            }
            op = Some(o);
        }
    }
    if op.is_some() {
        let other_tail_calls = func.layout.iter().any(|&b| {
            func.terminator(b).is_some_and(|t| {
                matches!(
                    func.insts[t].kind,
                    InstKind::ReturnCall { .. } | InstKind::ReturnCallIndirect { .. }
                ) && !sites.iter().any(|s| s.block == b && s.combine.is_none())
            })
        });
        if other_tail_calls {
            return Err(());
        }
    }
    Ok(op)
}

fn rewrite(func: &mut Function, sites: &[Site], accumulator: Option<BinaryOp>) {
    let entry = func.entry_block().expect("checked non-empty");
    // The body moves to a header whose parameters stand for the function's.
    let header = func.create_block();
    func.layout.retain(|&b| b != header);
    func.layout.insert(1, header);
    let mut map = ValueMap::new();
    for &p in &func.params.clone() {
        let ty = func.value_type(p);
        let q = func.append_block_param(header, ty);
        map.replace(p, q);
    }
    let result_ty = func.sig.results.first().copied().unwrap_or(Type::I32);
    let acc = accumulator.map(|_| func.append_block_param(header, result_ty));
    let moved = std::mem::take(&mut func.blocks[entry].insts);
    func.blocks[header].insts = moved;
    map.apply(func);
    let mut start_args = func.params.clone();
    if let (Some(op), Some(_)) = (accumulator, acc) {
        let id = identity(op, result_ty).expect("accumulator ops have identities");
        start_args.push(func.const_value(id));
    }
    let first = func.blocks[header].insts[0];
    let jump = edit::new_inst_like(
        func,
        first,
        InstKind::Jump {
            dest: BlockCall::new(header, start_args),
        },
        &[],
    );
    func.blocks[entry].insts.push(jump);
    // Sites are in blocks other than the entry, whose body moved to the header.
    let site_block = |b: Block| if b == entry { header } else { b };
    let mut is_site = cranelift_entity::SecondaryMap::<Block, bool>::new();
    for site in sites {
        let block = site_block(site.block);
        is_site[block] = true;
        let call = func.blocks[block].insts[site.call_index];
        let mut args: Vec<Value> = site.args.iter().map(|&a| map.resolve(a)).collect();
        if let (Some(acc), Some(op)) = (acc, accumulator) {
            let next = match site.combine {
                Some((_, other)) => {
                    let other = map.resolve(other);
                    let index = site.call_index;
                    edit::insert_value(
                        func,
                        block,
                        index,
                        call,
                        InstKind::Binary {
                            op,
                            args: [acc, other],
                        },
                        result_ty,
                    )
                }
                None => acc,
            };
            args.push(next);
        }
        let call = func.blocks[block]
            .insts
            .iter()
            .position(|&i| i == call)
            .expect("the call is still there");
        let call_inst = func.blocks[block].insts[call];
        func.blocks[block].insts.truncate(call);
        let jump = edit::new_inst_like(
            func,
            call_inst,
            InstKind::Jump {
                dest: BlockCall::new(header, args),
            },
            &[],
        );
        func.blocks[block].insts.push(jump);
    }
    // With an accumulator, every other return returns `acc op value`.
    if let (Some(acc), Some(op)) = (acc, accumulator) {
        for block in func.layout.clone() {
            if is_site[block] {
                continue;
            }
            let Some(term) = func.terminator(block) else {
                continue;
            };
            let InstKind::Ret { values } = &func.insts[term].kind else {
                continue;
            };
            let value = values[0];
            let index = func.blocks[block].insts.len() - 1;
            let combined = edit::insert_value(
                func,
                block,
                index,
                term,
                InstKind::Binary {
                    op,
                    args: [acc, value],
                },
                result_ty,
            );
            func.insts[term].kind = InstKind::Ret {
                values: vec![combined],
            };
        }
    }
}
