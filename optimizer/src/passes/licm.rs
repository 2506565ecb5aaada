//! `licm`: loop-invariant code motion.
//!
//! For every natural loop, inner loops first, instructions whose operands are all
//! defined outside the loop (or by instructions already hoisted) move to the loop's
//! preheader — the one block outside the loop that jumps to the header, created when
//! there is none (the outside predecessors then branch to it, and it forwards the
//! header's parameters). An instruction moved out of an inner loop is looked at again
//! for the outer loop. What moves:
//! - instructions that can run where the program would not run them
//!   (`effects::is_speculatable`): pure arithmetic that cannot trap, constants,
//!   addresses, calls of pure functions, and loads that cannot trap (inside a slot
//!   or data object) of memory nothing in the loop may write — a store that may
//!   alias (`Location::may_alias`, knowing which slots escape), or a call, system
//!   call or `memory.copy`/`fill` (which may write anything but a slot that does not
//!   escape). Loads of `readonly` data objects are always invariant;
//! - `global.get` of an immutable global, or of one no `global.set` and no call in
//!   the loop may write;
//! - an instruction that may trap (a division, a trapping conversion, a load that
//!   may be out of bounds) only from the header, and only when every instruction
//!   before it in the header moved too or can neither trap nor have an effect: the
//!   header runs each time the loop is entered, and nothing observable happens
//!   between the end of the preheader and that instruction, so it traps exactly when
//!   and where it did (`div_u %a, %b` in a body that may not run stays).
//!
//! It does not move volatile accesses, stores, calls with effects or anything else
//! with effects, sink code below loops, promote memory to registers, or touch
//! irreducible cycles (they are not natural loops). It changes the CFG only by adding
//! preheaders.

use crate::analysis::address::{Base, Location, SlotEscapes};
use crate::analysis::{effects, LoopId};
use crate::edit;
use crate::loop_utils::{self, LayoutEdits, LoopBlocks};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::SecondaryMap;
use lir::{Block, Function, Global, Inst, InstKind, Value};

pub struct Licm;

impl FunctionPass for Licm {
    fn name(&self) -> &'static str {
        "licm"
    }

    fn description(&self) -> &'static str {
        "hoist loop-invariant computations and loads into loop preheaders"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let nest = cx.analyses.loops(func);
        if nest.is_empty() {
            return Changes::NONE;
        }
        let cfg = cx.analyses.cfg(func);
        let mut state = State {
            escapes: cx.analyses.escapes(func),
            inst_block: edit::inst_blocks(func),
            loops: LoopBlocks::new(&nest),
            hoisted: SecondaryMap::new(),
        };
        let mut layout = LayoutEdits::default();
        let mut moved = 0;
        let mut created = 0;
        // Outer loops come before the loops they contain: reversed, inner ones first.
        let ids: Vec<LoopId> = nest.loops().map(|(id, _)| id).collect();
        for &id in ids.iter().rev() {
            state.loops.enter(id);
            let hoist = state.invariants(func, cx, id, nest.get(id).header);
            if hoist.is_empty() {
                continue;
            }
            let (pre, new) = state.loops.preheader(func, &cfg, &nest, id, &mut layout);
            created += usize::from(new);
            moved += hoist.len();
            state.move_to(func, &hoist, pre);
        }
        layout.apply(func);
        Changes {
            count: moved + created,
            cfg: created > 0,
        }
    }
}

struct State {
    escapes: std::sync::Arc<SlotEscapes>,
    inst_block: SecondaryMap<Inst, PackedOption<Block>>,
    /// Each loop's blocks (with the preheaders made for inner loops); the blocks of
    /// the loop being processed are marked in `loops.in_loop`.
    loops: LoopBlocks,
    /// Instructions chosen to move out of the loop being processed.
    hoisted: SecondaryMap<Inst, bool>,
}

/// What the instructions of a loop may write.
#[derive(Default)]
struct Writes {
    /// Stores, by location (up to a bound).
    stores: Vec<Location>,
    /// A call, system call, `memory.copy`/`fill`: anything but a slot that does not
    /// escape (or `readonly` data) may change.
    unknown: bool,
    /// More stores than `stores` holds: those not recorded may write anything but
    /// `readonly` data, slots that do not escape included.
    too_many_stores: bool,
    /// Globals written by `global.set`.
    globals: Vec<Global>,
    /// A call may write any global.
    any_global: bool,
}

/// Beyond this many stores in a loop, loads are checked against "anything".
const MAX_STORES: usize = 64;

impl State {
    fn is_invariant(&self, func: &Function, v: Value) -> bool {
        match loop_utils::def_block(func, &self.inst_block, v) {
            None => true,
            Some(b) => {
                !self.loops.in_loop[b]
                    || matches!(func.values[v].def, lir::ValueDef::Result(i, _) if self.hoisted[i])
            }
        }
    }

    /// The instructions to hoist out of the loop, in an order that keeps definitions
    /// before uses. Marks them in `hoisted`.
    fn invariants(
        &mut self,
        func: &Function,
        cx: &FunctionContext,
        id: LoopId,
        header: Block,
    ) -> Vec<Inst> {
        let blocks = self.loops.blocks(id).to_vec();
        let writes = self.writes(func, cx, &blocks);
        let mut out = Vec::new();
        for &b in &blocks {
            // In the header, until something stays that may trap or has an effect.
            let mut header_prefix = b == header;
            for &inst in &func.blocks[b].insts {
                let kind = &func.insts[inst].kind;
                let mut operands_invariant = true;
                kind.for_each_arg(|v| operands_invariant &= self.is_invariant(func, v));
                let hoist = !kind.is_terminator()
                    && operands_invariant
                    && self.may_hoist(func, cx, kind, &writes, header_prefix);
                if hoist {
                    self.hoisted[inst] = true;
                    out.push(inst);
                } else if kind.has_side_effects()
                    || effects::may_trap(cx.module, func, kind, cx.summaries)
                {
                    header_prefix = false;
                }
            }
        }
        out
    }

    fn may_hoist(
        &self,
        func: &Function,
        cx: &FunctionContext,
        kind: &InstKind,
        writes: &Writes,
        header_prefix: bool,
    ) -> bool {
        match kind {
            InstKind::Load {
                addr, mem, width, ..
            } => {
                if mem.volatile {
                    return false;
                }
                let loc = Location::of(func, *addr, mem.offset, width.bytes());
                let safe = !effects::may_trap(cx.module, func, kind, cx.summaries);
                (safe || header_prefix) && self.unwritten(func, cx, &loc, writes)
            }
            InstKind::GlobalGet { global } => {
                let decl = &cx.module.globals[*global];
                !decl.mutable || !(writes.any_global || writes.globals.contains(global))
            }
            InstKind::Binary { .. } | InstKind::Convert { .. } if header_prefix => {
                // Pure but for a possible trap, which stays where it was.
                true
            }
            _ => effects::is_speculatable(cx.module, func, kind, cx.summaries),
        }
    }

    /// Whether no instruction of the loop may write the bytes of `loc`.
    fn unwritten(&self, func: &Function, cx: &FunctionContext, loc: &Location, w: &Writes) -> bool {
        let in_bounds = loc.in_bounds(cx.module, func);
        match loc.base {
            Base::Data(d) if in_bounds && cx.module.data[d].readonly => return true,
            _ if w.too_many_stores => return false,
            Base::Slot(s) if in_bounds && !self.escapes.escapes(s) => {}
            _ if w.unknown => return false,
            _ => {}
        }
        w.stores
            .iter()
            .all(|s| !loc.may_alias(s, cx.module, func, &self.escapes))
    }

    fn writes(&self, func: &Function, cx: &FunctionContext, blocks: &[Block]) -> Writes {
        let mut w = Writes::default();
        for &b in blocks {
            for &inst in &func.blocks[b].insts {
                match &func.insts[inst].kind {
                    InstKind::Store {
                        addr, mem, width, ..
                    } => {
                        if w.stores.len() < MAX_STORES {
                            w.stores
                                .push(Location::of(func, *addr, mem.offset, width.bytes()));
                        } else {
                            w.too_many_stores = true;
                        }
                    }
                    InstKind::Call { func: callee, .. } => {
                        let s = cx.summaries.get(*callee);
                        w.unknown |= s.writes_memory || s.io;
                        w.any_global |= s.writes_globals || s.io;
                    }
                    InstKind::CallIndirect { .. }
                    | InstKind::ReturnCall { .. }
                    | InstKind::ReturnCallIndirect { .. } => {
                        w.unknown = true;
                        w.any_global = true;
                    }
                    InstKind::Syscall { .. }
                    | InstKind::MemoryCopy { .. }
                    | InstKind::MemoryFill { .. } => w.unknown = true,
                    InstKind::GlobalSet { global, .. } => w.globals.push(*global),
                    _ => {}
                }
            }
        }
        w
    }

    /// Moves `insts` (in order) to the end of `pre`, before its terminator.
    fn move_to(&mut self, func: &mut Function, insts: &[Inst], pre: Block) {
        let mut from: Vec<Block> = insts
            .iter()
            .filter_map(|&i| self.inst_block[i].expand())
            .collect();
        from.sort_unstable();
        from.dedup();
        for b in from {
            let hoisted = &self.hoisted;
            func.blocks[b].insts.retain(|&i| !hoisted[i]);
        }
        let at = func.blocks[pre].insts.len().saturating_sub(1);
        func.blocks[pre].insts.splice(at..at, insts.iter().copied());
        for &i in insts {
            self.hoisted[i] = false;
            self.inst_block[i] = pre.into();
        }
    }
}
