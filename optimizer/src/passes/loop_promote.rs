//! `loop-promote`: keep a memory location in a register across a loop (scalar
//! promotion, as LLVM's LICM does).
//!
//! In an innermost loop, a location at a constant offset of a data object or slot
//! that the loop reads and writes only as a whole, always with one type, and that no
//! other access in the loop may touch, is loaded once before the loop into a fresh
//! slot, the loop's accesses go to that slot instead, and its value is stored back on
//! every way out of the loop (each exit edge, through a new block, and before each
//! `ret` or `return_call` inside it). `mem2reg`, run next, turns the fresh slot into
//! SSA values, so a global counter or a VM's stack pointer lives in a local.
//!
//! Exactness: the location lies inside its object, so the new load and stores cannot
//! trap; storing back a value never changed writes the bytes that are already there.
//! The loop may contain no point where the host can look at memory (calls that touch
//! memory or do I/O, indirect calls, system calls) and no volatile access or bulk
//! memory operation. Possible traps inside the loop are fine: after a trap, stores
//! since the last such point may be missing from memory (docs/lir.md, "Memory after
//! a trap").
//!
//! It does not promote locations accessed with varying types or widths, through
//! non-constant offsets, in loops that are not innermost, or locations the loop only
//! reads (`licm` hoists those loads).

use crate::analysis::address::{Base, Location, SlotEscapes};
use crate::edit;
use crate::loop_utils::{self, LayoutEdits};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::{Block, BlockCall, Function, Inst, InstKind, MemArg, MemWidth, Type, Value};

pub struct LoopPromote;

impl FunctionPass for LoopPromote {
    fn name(&self) -> &'static str {
        "loop-promote"
    }

    fn description(&self) -> &'static str {
        "keep memory locations a loop reads and writes in a fresh slot (for mem2reg)"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let loops = cx.analyses.loops(func);
        if loops.is_empty() {
            return Changes::NONE;
        }
        let mut cfg = cx.analyses.cfg(func);
        let escapes = cx.analyses.escapes(func);
        let mut layout = LayoutEdits::default();
        let mut count = 0;
        for id in loops.innermost_loops() {
            let blocks = loops.get(id).blocks.clone();
            let header = loops.get(id).header;
            let in_loop = loop_utils::block_set(&blocks);
            let Some(candidates) = candidates(func, cx, &blocks, &escapes) else {
                continue;
            };
            if candidates.is_empty() || !cfg.is_reachable(header) {
                continue;
            }
            let pre = match loop_utils::existing_preheader(func, &cfg, header, &in_loop) {
                Some(pre) => pre,
                None => loop_utils::create_preheader(func, &cfg, header, &in_loop, &mut layout),
            };
            promote(func, &blocks, &in_loop, pre, &candidates, &mut layout);
            count += candidates.len();
            // The preheader and the exit blocks changed edges (this loop's exit may
            // be the next loop's header): later loops need a fresh CFG.
            layout.apply(func);
            cfg = std::sync::Arc::new(lir::analysis::ControlFlowGraph::new(func));
        }
        layout.apply(func);
        if count > 0 {
            cx.analyses.clear();
        }
        Changes::cfg(count)
    }
}

/// A location to promote and the accesses to it in the loop.
struct Candidate {
    loc: Location,
    ty: Type,
    accesses: Vec<Inst>,
}

/// One memory access of the loop.
struct Access {
    inst: Inst,
    loc: Location,
    store: bool,
    /// A full-width access of this type.
    whole: Option<Type>,
}

/// The promotable locations of a loop; `None` if the loop has a point where the host
/// can look at memory, a volatile access or a bulk memory operation.
fn candidates(
    func: &Function,
    cx: &FunctionContext,
    blocks: &[Block],
    escapes: &SlotEscapes,
) -> Option<Vec<Candidate>> {
    let mut accesses = Vec::new();
    for &b in blocks {
        for &inst in &func.blocks[b].insts {
            match &func.insts[inst].kind {
                InstKind::Load {
                    ty,
                    width,
                    addr,
                    mem,
                    ..
                }
                | InstKind::Store {
                    ty,
                    width,
                    addr,
                    mem,
                    ..
                } => {
                    if mem.volatile {
                        return None;
                    }
                    let store = matches!(func.insts[inst].kind, InstKind::Store { .. });
                    let loc = Location::of(func, *addr, mem.offset, width.bytes());
                    let whole = (*width == MemWidth::of(*ty)).then_some(*ty);
                    accesses.push(Access {
                        inst,
                        loc,
                        store,
                        whole,
                    });
                }
                InstKind::Call { func: callee, .. } | InstKind::ReturnCall { func: callee, .. } => {
                    let s = cx.summaries.get(*callee);
                    if s.reads_memory || s.writes_memory || s.io {
                        return None;
                    }
                }
                InstKind::CallIndirect { .. }
                | InstKind::ReturnCallIndirect { .. }
                | InstKind::Syscall { .. }
                | InstKind::MemoryCopy { .. }
                | InstKind::MemoryFill { .. }
                | InstKind::MemoryGrow { .. } => return None,
                _ => {}
            }
        }
    }
    let mut found: Vec<Candidate> = Vec::new();
    let mut rejected: Vec<Location> = Vec::new();
    for a in &accesses {
        let promotable = matches!(a.loc.base, Base::Data(_) | Base::Slot(_))
            && a.whole.is_some()
            && a.loc.in_object(
                match func.insts[a.inst].kind {
                    InstKind::Load { mem, .. } | InstKind::Store { mem, .. } => mem.offset,
                    _ => 0,
                },
                cx.module,
                func,
            );
        let same = |c: &Location| c.base == a.loc.base && c.offset == a.loc.offset;
        if rejected.iter().any(same) {
            continue;
        }
        match found.iter_mut().find(|c| same(&c.loc)) {
            Some(c) if promotable && c.loc.size == a.loc.size && Some(c.ty) == a.whole => {
                c.accesses.push(a.inst);
            }
            Some(_) => {
                let c = found
                    .iter()
                    .position(|c| same(&c.loc))
                    .expect("found above");
                rejected.push(found.remove(c).loc);
            }
            None if promotable => found.push(Candidate {
                loc: a.loc,
                ty: a.whole.expect("promotable accesses are whole"),
                accesses: vec![a.inst],
            }),
            None => rejected.push(a.loc),
        }
    }
    // Written in the loop, and no other access may touch the location.
    found.retain(|c| {
        c.accesses
            .iter()
            .any(|&i| accesses.iter().any(|a| a.inst == i && a.store))
            && accesses.iter().all(|a| {
                c.accesses.contains(&a.inst) || !c.loc.may_alias(&a.loc, cx.module, func, escapes)
            })
    });
    Some(found)
}

/// An address of the location, computed by new instructions appended to `out`
/// (before `block`'s terminator when placed), located where `like` is.
fn address(
    func: &mut Function,
    loc: &Location,
    like: Inst,
    out: &mut Vec<Inst>,
) -> (Value, MemArg) {
    let mem = MemArg::offset(loc.offset as u32);
    match loc.base {
        Base::Slot(slot) => (func.slots[slot].value, mem),
        Base::Data(data) => {
            let inst = edit::new_inst_like(
                func,
                like,
                InstKind::DataAddr { data, offset: 0 },
                &[Type::PTR],
            );
            out.push(inst);
            (func.insts[inst].results[0], mem)
        }
        Base::Other(_) => unreachable!("only slots and data objects are promoted"),
    }
}

/// Instructions storing the slot `temp`'s value back to the location.
fn write_back(func: &mut Function, c: &Candidate, temp: Value, like: Inst) -> Vec<Inst> {
    let mut out = Vec::new();
    let (load, value) = whole_load(func, like, c.ty, temp, MemArg::offset(0));
    out.push(load);
    let (addr, mem) = address(func, &c.loc, like, &mut out);
    out.push(whole_store(func, like, c.ty, addr, value, mem));
    out
}

/// A new load of a whole `ty` value (located like `like`), and its result.
fn whole_load(
    func: &mut Function,
    like: Inst,
    ty: Type,
    addr: Value,
    mem: MemArg,
) -> (Inst, Value) {
    let kind = InstKind::Load {
        ty,
        width: MemWidth::of(ty),
        signed: false,
        addr,
        mem,
    };
    let load = edit::new_inst_like(func, like, kind, &[ty]);
    (load, func.insts[load].results[0])
}

/// A new store of a whole `ty` value (located like `like`).
fn whole_store(
    func: &mut Function,
    like: Inst,
    ty: Type,
    addr: Value,
    value: Value,
    mem: MemArg,
) -> Inst {
    let kind = InstKind::Store {
        ty,
        width: MemWidth::of(ty),
        addr,
        value,
        mem,
    };
    edit::new_inst_like(func, like, kind, &[])
}

fn promote(
    func: &mut Function,
    blocks: &[Block],
    in_loop: &SecondaryMap<Block, bool>,
    pre: Block,
    candidates: &[Candidate],
    layout: &mut LayoutEdits,
) {
    let like = candidates[0].accesses[0];
    let mut temps = Vec::with_capacity(candidates.len());
    // Before the loop: each location's value into its fresh slot.
    let mut entry_code = Vec::new();
    for c in candidates {
        let (_, temp) = func.create_slot(c.ty.bytes(), None);
        let (addr, mem) = address(func, &c.loc, like, &mut entry_code);
        let (load, value) = whole_load(func, like, c.ty, addr, mem);
        entry_code.push(load);
        entry_code.push(whole_store(
            func,
            like,
            c.ty,
            temp,
            value,
            MemArg::offset(0),
        ));
        temps.push(temp);
    }
    let at = func.blocks[pre].insts.len() - 1;
    func.blocks[pre].insts.splice(at..at, entry_code);
    // In the loop: the accesses use the slot.
    for (c, &temp) in candidates.iter().zip(&temps) {
        for &inst in &c.accesses {
            match &mut func.insts[inst].kind {
                InstKind::Load { addr, mem, .. } | InstKind::Store { addr, mem, .. } => {
                    *addr = temp;
                    *mem = MemArg::offset(0);
                }
                _ => unreachable!("accesses are loads and stores"),
            }
        }
    }
    // Every way out: exit edges through a new block, returns and tail calls in place.
    for &b in blocks {
        let Some(term) = func.terminator(b) else {
            continue;
        };
        match func.insts[term].kind {
            InstKind::Ret { .. } | InstKind::ReturnCall { .. } => {
                let mut code = Vec::new();
                for (c, &temp) in candidates.iter().zip(&temps) {
                    code.extend(write_back(func, c, temp, term));
                }
                let at = func.blocks[b].insts.len() - 1;
                func.blocks[b].insts.splice(at..at, code);
                continue;
            }
            _ => {}
        }
        let mut exits: Vec<Block> = func.insts[term]
            .kind
            .successors()
            .filter(|&s| !in_loop[s])
            .collect();
        exits.sort_unstable();
        exits.dedup();
        for exit in exits {
            let (split, params) = loop_utils::new_block_like(func, exit);
            for (c, &temp) in candidates.iter().zip(&temps) {
                let code = write_back(func, c, temp, term);
                func.blocks[split].insts.extend(code);
            }
            let jump = edit::new_inst_like(
                func,
                term,
                InstKind::Jump {
                    dest: BlockCall::new(exit, params),
                },
                &[],
            );
            func.blocks[split].insts.push(jump);
            loop_utils::retarget(func, b, exit, split);
            layout.insert_after(b, split);
        }
    }
}
