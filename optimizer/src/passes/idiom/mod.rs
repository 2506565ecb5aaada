//! `idiom`: replaces fill and copy loops by `memory.fill` / `memory.copy`.
//!
//! A candidate is a loop of one block, tested at the bottom (run `loop-rotate` and
//! `simplify-cfg` first), entered by one edge, whose only effects are one store —
//! of one value (fill) or of what one load read (copy) — to consecutive addresses
//! going up by the access width. The loop is run symbolically from its entry
//! values (`lir::interp::eval`, exact): every parameter and instruction gets a
//! constant, or an address "outside value + constant"; the branch must be decided
//! by constants at each step, which gives the exact trip count (up to a bound).
//!
//! `memory.fill`/`copy` trap before writing anything when a range leaves memory,
//! while the loop would write part of it first — and a trap lets the host read the
//! memory. So the rewrite is made only when every byte written (and read) lies in
//! one slot or data object: then nothing can trap, and the bulk operation leaves
//! exactly the bytes the loop would. A fill needs a value whose bytes are all equal
//! (any value for 8-bit stores); a copy needs load and store of the same width and
//! a destination below the source or apart from it (a forward loop then behaves as
//! `memory.copy` does on overlap). The entry edge is redirected to a new block doing
//! the bulk operation (located where the store was) and jumping to the loop's exit
//! with the values the last iteration passes; uses of the loop's values after it
//! take their final values. The loop block, now unreachable, leaves the layout.
//!
//! It does not handle loops of several blocks, counts unknown before the loop (a
//! variable bound: the range could not be known in bounds), pointers not known to
//! point into an object, descending or strided stores, volatile accesses, loops
//! with any other effect or possible trap, or more than 65536 iterations.

use crate::analysis::address::{decompose, Location};
use crate::analysis::{InstPositions, LoopNest, Uses};
use crate::edit;
use crate::loop_utils::{self, LayoutEdits};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::analysis::ControlFlowGraph;
use lir::{
    BinaryOp, Block, BlockCall, Function, Imm, Inst, InstKind, MemWidth, Module, Type, Value,
    ValueDef,
};
mod simulate;

use simulate::{outside, simulate, Run, Sym};

pub struct Idiom;

/// Instructions simulated at most, per function and run (keeps the pass linear
/// however many candidate loops there are).
const BUDGET: u64 = 1 << 20;
/// Instructions of the loop block at most.
const MAX_BLOCK: usize = 16;

impl FunctionPass for Idiom {
    fn name(&self) -> &'static str {
        "idiom"
    }

    fn description(&self) -> &'static str {
        "replace loops filling or copying in-bounds memory by memory.fill / memory.copy"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let nest = cx.analyses.loops(func);
        if nest.is_empty() {
            return Changes::NONE;
        }
        let cfg = cx.analyses.cfg(func);
        let uses = cx.analyses.uses(func);
        let positions = cx.analyses.positions(func);
        let mut layout = LayoutEdits::default();
        let mut touched: SecondaryMap<Block, bool> = SecondaryMap::new();
        let mut count = 0;
        let mut budget = BUDGET;
        for id in nest.innermost_loops() {
            let header = nest.get(id).header;
            let Some(shape) = Shape::of(func, &cfg, &nest, header) else {
                continue;
            };
            if touched[header] || touched[shape.entry] || touched[shape.exit.block] {
                continue;
            }
            let Some(run) = simulate(cx.module, func, &shape, &mut budget) else {
                continue;
            };
            let Some(plan) = plan(cx.module, func, &shape, &run) else {
                continue;
            };
            let Some(finals) = finals(func, &cfg, &uses, &positions, &shape, &run) else {
                continue;
            };
            let exit = shape.exit.block;
            let block = rewrite(func, &shape, &run, plan, finals, &mut layout);
            touched[exit] = true;
            touched[shape.entry] = true;
            // Loops defining values the new block uses must stay (their uses here
            // are not in the use lists).
            for &inst in &func.blocks[block].insts {
                func.insts[inst]
                    .kind
                    .for_each_arg(|v| match func.values[v].def {
                        ValueDef::BlockParam(b, _) => touched[b] = true,
                        ValueDef::Result(i, _) => {
                            if let Some(b) = positions.block(i) {
                                touched[b] = true;
                            }
                        }
                        _ => {}
                    });
            }
            count += 1;
        }
        layout.apply(func);
        Changes::cfg(count)
    }
}

/// A one-block loop: `header(params): ...; br_if %c, header(..), exit(..)`.
struct Shape {
    header: Block,
    /// The block with the only edge into the loop from outside, and that edge's
    /// index among its terminator's branch targets.
    entry: Block,
    entry_index: usize,
    init: Vec<Value>,
    cond: Value,
    /// Whether the loop continues when `cond` is non-zero.
    continue_if: bool,
    back_args: Vec<Value>,
    exit: BlockCall,
    store: Inst,
    /// The load whose value is stored (a copy), if any.
    load: Option<Inst>,
}

impl Shape {
    fn of(
        func: &Function,
        cfg: &ControlFlowGraph,
        nest: &LoopNest,
        header: Block,
    ) -> Option<Shape> {
        let l = nest.get(nest.innermost(header)?);
        if l.blocks.len() != 1 || func.blocks[header].insts.len() > MAX_BLOCK {
            return None;
        }
        let outside: Vec<Block> = cfg
            .preds(header)
            .iter()
            .copied()
            .filter(|&p| p != header)
            .collect();
        let [entry] = outside[..] else {
            return None;
        };
        if !cfg.is_reachable(entry) {
            return None;
        }
        let entry_term = func.terminator(entry)?;
        let calls = func.insts[entry_term].kind.block_calls();
        let entry_index = calls.iter().position(|c| c.block == header)?;
        let init = calls[entry_index].args.clone();
        let term = func.terminator(header)?;
        let InstKind::BrIf {
            cond,
            then_dest,
            else_dest,
        } = &func.insts[term].kind
        else {
            return None;
        };
        let (continue_if, back, exit) = match (then_dest.block == header, else_dest.block == header)
        {
            (true, false) => (true, then_dest, else_dest),
            (false, true) => (false, else_dest, then_dest),
            _ => return None,
        };
        let mut store = None;
        let mut load = None;
        for &inst in &func.blocks[header].insts {
            match &func.insts[inst].kind {
                InstKind::Store { mem, .. } if !mem.volatile && store.is_none() => {
                    store = Some(inst)
                }
                InstKind::Load { mem, .. } if !mem.volatile && load.is_none() => load = Some(inst),
                InstKind::Load { .. } | InstKind::Store { .. } => return None,
                k if k.is_terminator() => {}
                k if k.has_side_effects()
                    && !matches!(k, InstKind::Binary { .. } | InstKind::Convert { .. }) =>
                {
                    return None
                }
                _ => {}
            }
        }
        let store = store?;
        if let Some(load) = load {
            // The loaded value must be what is stored, and used for nothing else.
            let InstKind::Store { value, .. } = func.insts[store].kind else {
                return None;
            };
            if func.insts[load].results[0] != value {
                return None;
            }
            let pos = |i: Inst| func.blocks[header].insts.iter().position(|&x| x == i);
            if pos(load)? > pos(store)? {
                return None;
            }
        }
        Some(Shape {
            header,
            entry,
            entry_index,
            init: init.into(),
            cond: *cond,
            continue_if,
            back_args: back.args.to_vec(),
            exit: exit.clone(),
            store,
            load,
        })
    }
}

/// The bulk operation to emit.
enum Plan {
    /// `memory.fill dst, byte, len`: the byte as a value, or the stored `i64` value
    /// to wrap.
    Fill {
        byte: Value,
        wrap: bool,
    },
    Copy {
        src: (Value, i64),
    },
}

fn plan(module: &Module, func: &mut Function, shape: &Shape, run: &Run) -> Option<Plan> {
    let len = run.trips.checked_mul(run.width as u64)?;
    let in_object = |(v, k): (Value, i64)| {
        let a = decompose(func, v);
        // Offsets far outside 32 bits are not in any object (and would overflow).
        let offset = a
            .offset
            .checked_add(k)
            .filter(|o| o.abs() <= u32::MAX as i64)?;
        let loc = Location {
            base: a.base,
            offset,
            size: u32::try_from(len).ok()?,
            object: None,
        };
        loc.in_bounds(module, func).then_some((a.base, loc.offset))
    };
    let (dst_base, dst_start) = in_object(run.dst)?;
    if let Some(load) = shape.load {
        let InstKind::Load { width, .. } = func.insts[load].kind else {
            return None;
        };
        let src = run.src?;
        let (src_base, src_start) = in_object(src)?;
        if width.bytes() != run.width {
            return None;
        }
        // A forward copy equals memory.copy unless it reads bytes it wrote.
        let apart =
            dst_base != src_base || dst_start <= src_start || dst_start - src_start >= len as i64;
        return apart.then_some(Plan::Copy { src });
    }
    let InstKind::Store {
        ty, width, value, ..
    } = func.insts[shape.store].kind
    else {
        return None;
    };
    // The stored value must be the same in every iteration: defined outside.
    if matches!(func.values[value].def, ValueDef::BlockParam(b, _) if b == shape.header)
        || edit::def_inst(func, value).is_some_and(|i| func.blocks[shape.header].insts.contains(&i))
    {
        return None;
    }
    if width == MemWidth::W8 {
        return Some(Plan::Fill {
            byte: value,
            wrap: ty == Type::I64,
        });
    }
    let bits = func.as_const(value)?.bits();
    let byte = bits & 0xff;
    let repeated = (0..width.bytes()).all(|i| (bits >> (8 * i)) & 0xff == byte);
    repeated.then(|| Plan::Fill {
        byte: func.const_value(Imm::i32(byte as i32)),
        wrap: false,
    })
}

/// A value for `s` usable in `block` (materializing `outside + k` there).
fn materialize(func: &mut Function, block: Block, like: Inst, s: Sym) -> Option<Value> {
    match s {
        Sym::Const(c) => Some(func.const_value(c)),
        Sym::Addr(v, 0) => Some(v),
        Sym::Addr(v, k) => {
            let ty = func.value_type(v);
            let kv = func.const_value(Imm::new(ty, k as u64));
            let at = func.blocks[block].insts.len();
            Some(edit::insert_value(
                func,
                block,
                at,
                like,
                InstKind::Binary {
                    op: BinaryOp::Add,
                    args: [v, kv],
                },
                ty,
            ))
        }
        Sym::Unknown => None,
    }
}

/// What the loop's values are after it: the exit branch's arguments and the uses
/// of the loop's values after it (unreachable users get zeros). `None` if one is
/// not known.
struct Finals {
    exit_args: Vec<Sym>,
    uses: Vec<(Inst, Value, Sym)>,
}

fn finals(
    func: &Function,
    cfg: &ControlFlowGraph,
    uses: &Uses,
    positions: &InstPositions,
    shape: &Shape,
    run: &Run,
) -> Option<Finals> {
    let value = |v: Value| {
        run.last
            .get(&v)
            .copied()
            .unwrap_or_else(|| outside(func, v))
    };
    let known = |s: Sym| (s != Sym::Unknown).then_some(s);
    let exit_args = shape
        .exit
        .args
        .iter()
        .map(|&v| known(value(v)))
        .collect::<Option<Vec<Sym>>>()?;
    let mut defined: Vec<Value> = func.blocks[shape.header].params.clone();
    for &i in &func.blocks[shape.header].insts {
        defined.extend(func.insts[i].results.iter().copied());
    }
    let mut out = Vec::new();
    for v in defined {
        let mut users = uses.users(v).to_vec();
        users.dedup();
        for u in users {
            let Some(b) = positions.block(u) else {
                continue;
            };
            if b == shape.header {
                continue;
            }
            // The loop block leaves the layout: unreachable users (which may use any
            // value) get a zero.
            let s = if cfg.is_reachable(b) {
                known(value(v))?
            } else {
                Sym::Const(Imm::zero(func.value_type(v)))
            };
            out.push((u, v, s));
        }
    }
    Some(Finals {
        exit_args,
        uses: out,
    })
}

fn rewrite(
    func: &mut Function,
    shape: &Shape,
    run: &Run,
    plan: Plan,
    finals: Finals,
    layout: &mut LayoutEdits,
) -> Block {
    let block = loop_utils::new_block(func);
    // After the block entering the loop (never removed in this run: it is marked).
    layout.insert_after(shape.entry, block);
    let store = shape.store;
    let dst = materialize(func, block, store, Sym::Addr(run.dst.0, run.dst.1));
    let len = func.const_value(Imm::i32((run.trips * run.width as u64) as i32));
    let kind = match plan {
        Plan::Fill { byte, wrap } => {
            let byte = if wrap {
                let at = func.blocks[block].insts.len();
                edit::insert_value(
                    func,
                    block,
                    at,
                    store,
                    InstKind::Convert {
                        op: lir::ConvertOp::Wrap,
                        arg: byte,
                    },
                    Type::I32,
                )
            } else {
                byte
            };
            InstKind::MemoryFill {
                args: [dst.expect("an address"), byte, len],
            }
        }
        Plan::Copy { src } => {
            let like = shape.load.unwrap_or(store);
            let src = materialize(func, block, like, Sym::Addr(src.0, src.1));
            InstKind::MemoryCopy {
                args: [dst.expect("an address"), src.expect("an address"), len],
            }
        }
    };
    let bulk = edit::new_inst_like(func, store, kind, &[]);
    func.blocks[block].insts.push(bulk);
    let term = func
        .terminator(shape.header)
        .expect("a loop block ends in a branch");
    let args: Vec<Value> = finals
        .exit_args
        .iter()
        .map(|&s| materialize(func, block, term, s).expect("known"))
        .collect();
    let mut replaced: Vec<(Inst, Value, Value)> = Vec::new();
    for &(user, v, s) in &finals.uses {
        let to = materialize(func, block, term, s).expect("known");
        replaced.push((user, v, to));
    }
    let jump = edit::new_inst_like(
        func,
        term,
        InstKind::Jump {
            dest: BlockCall::new(shape.exit.block, args),
        },
        &[],
    );
    func.blocks[block].insts.push(jump);
    let entry_term = func.terminator(shape.entry).expect("the entry branches");
    *func.insts[entry_term].kind.block_calls_mut()[shape.entry_index] =
        BlockCall::new(block, Vec::new());
    for (user, from, to) in replaced {
        loop_utils::replace_uses(func, &[user], from, to);
    }
    // Nothing reaches the loop now, and nothing outside it uses its values.
    func.layout.retain(|&b| b != shape.header);
    block
}
