//! `if-convert`: small diamonds and triangles become `select`s.
//!
//! A block ending in `br_if %c` whose arms each either go straight to a join block or
//! pass through a small block of their own (only reachable from here, ending in a
//! jump to the same join) is rewritten: the arms' instructions move before the branch
//! and the branch becomes a jump to the join, passing `select %c, then, else` for
//! every join parameter whose arguments differ. Branch-free code is what makes
//! counting loops (`if (x) n++`) fast on engines where branches mispredict.
//!
//! Only instructions that may run whether or not the program would have run them are
//! moved (`effects::is_speculatable`: no traps, no memory writes, no calls with
//! effects; no loads unless they cannot trap), and only a few of them (both arms
//! execute afterwards), with at most a few parameters to select. Under `-Os`/`-Oz`
//! the limit is lower.
//!
//! It does not convert branches with effects in an arm, longer arms, `switch`es, or
//! arms that are loops.

use crate::analysis::effects;
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::{Block, BlockCall, Function, Inst, InstKind, Value};

pub struct IfConvert;

impl FunctionPass for IfConvert {
    fn name(&self) -> &'static str {
        "if-convert"
    }

    fn description(&self) -> &'static str {
        "turn small branch diamonds and triangles into selects"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let max_arm = if cx.tuning.size_bias { 1 } else { 4 };
        let mut count = 0;
        let mut preds: SecondaryMap<Block, u32> = SecondaryMap::new();
        for &b in &func.layout {
            if let Some(t) = func.terminator(b) {
                for s in func.insts[t].kind.successors() {
                    preds[s] += 1;
                }
            }
        }
        let mut removed: SecondaryMap<Block, bool> = SecondaryMap::new();
        for block in func.layout.clone() {
            if removed[block] {
                continue;
            }
            if let Some(arms) = match_shape(func, block, &preds, &removed) {
                let cheap = |arm: &Option<Block>| {
                    arm.is_none_or(|b| {
                        let insts = &func.blocks[b].insts;
                        insts.len() - 1 <= max_arm
                            && insts[..insts.len() - 1].iter().all(|&i| {
                                effects::is_speculatable(
                                    cx.module,
                                    func,
                                    &func.insts[i].kind,
                                    cx.summaries,
                                )
                            })
                    })
                };
                if cheap(&arms.then_block) && cheap(&arms.else_block) {
                    convert(func, block, &arms);
                    for b in [arms.then_block, arms.else_block].into_iter().flatten() {
                        removed[b] = true;
                    }
                    count += 1;
                }
            }
        }
        if count > 0 {
            func.layout.retain(|&b| !removed[b]);
        }
        Changes::cfg(count)
    }
}

/// A branch whose two arms meet at `join`.
struct Arms {
    cond: Value,
    /// The block the true arm passes through (`None`: straight to the join).
    then_block: Option<Block>,
    else_block: Option<Block>,
    join: Block,
    then_args: Vec<Value>,
    else_args: Vec<Value>,
}

/// Where an arm leads: through a private block ending in a jump, or directly.
fn follow(
    func: &Function,
    call: &BlockCall,
    preds: &SecondaryMap<Block, u32>,
    removed: &SecondaryMap<Block, bool>,
) -> Option<(Option<Block>, BlockCall)> {
    let b = call.block;
    let data = &func.blocks[b];
    let private = preds[b] == 1 && data.params.is_empty() && !removed[b];
    if private {
        if let Some(term) = func.terminator(b) {
            if let InstKind::Jump { dest } = &func.insts[term].kind {
                return Some((Some(b), dest.clone()));
            }
        }
    }
    Some((None, call.clone()))
}

fn match_shape(
    func: &Function,
    block: Block,
    preds: &SecondaryMap<Block, u32>,
    removed: &SecondaryMap<Block, bool>,
) -> Option<Arms> {
    let term = func.terminator(block)?;
    let InstKind::BrIf {
        cond,
        then_dest,
        else_dest,
    } = &func.insts[term].kind
    else {
        return None;
    };
    if then_dest.block == else_dest.block {
        return None;
    }
    let (then_block, then_to) = follow(func, then_dest, preds, removed)?;
    let (else_block, else_to) = follow(func, else_dest, preds, removed)?;
    if then_block.is_none() && else_block.is_none() {
        return None;
    }
    if then_to.block != else_to.block || then_block == Some(block) || else_block == Some(block) {
        return None;
    }
    let join = then_to.block;
    if Some(join) == then_block || Some(join) == else_block {
        return None;
    }
    let differing = then_to
        .args
        .iter()
        .zip(&else_to.args)
        .filter(|(a, b)| a != b)
        .count();
    if differing > 3 {
        return None;
    }
    Some(Arms {
        cond: *cond,
        then_block,
        else_block,
        join,
        then_args: then_to.args.into(),
        else_args: else_to.args.into(),
    })
}

fn convert(func: &mut Function, block: Block, arms: &Arms) {
    let term = func.terminator(block).expect("matched a br_if");
    func.blocks[block].insts.pop();
    for arm in [arms.then_block, arms.else_block].into_iter().flatten() {
        let mut insts = std::mem::take(&mut func.blocks[arm].insts);
        insts.pop(); // the jump to the join
        func.blocks[block].insts.extend(insts);
    }
    let mut args = Vec::with_capacity(arms.then_args.len());
    for (&t, &e) in arms.then_args.iter().zip(&arms.else_args) {
        if t == e {
            args.push(t);
            continue;
        }
        let ty = func.value_type(t);
        let select: Inst = crate::edit::new_inst_like(
            func,
            term,
            InstKind::Select {
                args: [arms.cond, t, e],
            },
            &[ty],
        );
        func.blocks[block].insts.push(select);
        args.push(func.insts[select].results[0]);
    }
    func.insts[term].kind = InstKind::Jump {
        dest: BlockCall::new(arms.join, args),
    };
    func.blocks[block].insts.push(term);
}
