//! `store-forward`: store-to-load forwarding and redundant load elimination.
//!
//! Walks the dominator tree keeping a list of *available* memory facts: "these bytes
//! hold the low bytes of this value", made by a store (its stored value) or a load
//! (its result). A block continues its immediate dominator's facts when that block is
//! its only predecessor (as LLVM's EarlyCSE does); any other block starts empty. A
//! later load whose bytes lie within a fact's bytes (same base, offsets from
//! [`decompose`]) takes the value instead of reading memory: the same value for the
//! same access, otherwise the exact extraction (`shr_u` for an inner byte, `wrap` or
//! `extend_*`, `and`/`extend8_s` for a narrow load, and `bitcast` — never a float
//! conversion — when a float's bits are read as an integer or back), folded when the
//! value is a constant. A store of the value its bytes are known to hold already is
//! deleted when it cannot trap.
//!
//! Facts die when something may write their bytes ([`Location::may_alias`] with
//! [`SlotEscapes`]): a store that may overlap them, `memory.copy`/`memory.fill`, a call
//! whose summary says it may write memory, any `call_indirect` or system call — calls
//! and system calls never touch slots whose address does not escape. Only the 64
//! newest facts are looked at, which keeps the pass linear.
//!
//! A forwarded load is deleted only when it cannot trap: its bytes lie in a slot or
//! data object, or within the bytes of the access that made the fact through the same
//! address value. Otherwise it stays (unused) so that its trap stays too.
//!
//! It does not touch volatile accesses: a volatile load never takes a stored value and
//! makes no fact, a volatile store makes no fact (and kills the facts it may overlap).
//! It does not combine several stores to serve one load, or carry facts into blocks
//! with several predecessors (loop headers, joins); dead stores are `dse`'s.
//!
//! [`decompose`]: crate::analysis::address::decompose

use crate::analysis::address::{access_in_object, Location, SlotEscapes};
use crate::analysis::effects;
use crate::edit::{self, ValueMap};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Block, Function, Inst, InstKind, MemWidth, Module, Type, Value};

pub struct StoreForward;

impl FunctionPass for StoreForward {
    fn name(&self) -> &'static str {
        "store-forward"
    }

    fn description(&self) -> &'static str {
        "forward stored values to loads and reuse loaded values (dominating single-predecessor chains)"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let cfg = cx.analyses.cfg(func);
        let domtree = cx.analyses.domtree(func);
        let mut pass = Forwarder {
            module: cx.module,
            summaries: cx.summaries,
            escapes: cx.analyses.escapes(func),
            max_cost: if cx.tuning.size_bias { 1 } else { 3 },
            facts: Vec::new(),
            floor: 0,
            killed: Vec::new(),
            map: ValueMap::new(),
            dead: lir::entities::dense_map(func.insts.len()),
            count: 0,
        };
        pass.walk(func, &cfg, &domtree);
        if pass.count == 0 {
            return Changes::NONE;
        }
        pass.map.apply(func);
        edit::remove_insts(func, &pass.dead);
        Changes::insts(pass.count)
    }
}

/// How many of the newest facts lookups and kills look at.
const WINDOW: usize = 64;

/// Bytes known to hold the low bytes of `value`.
struct Fact {
    loc: Location,
    /// The address operand and immediate of the access that made the fact.
    addr: Value,
    mem_offset: u32,
    value: Value,
    /// The access that made it: its type, width and (for loads) signedness.
    ty: Type,
    width: MemWidth,
    signed: bool,
    /// Made by a load (its value is extended as the load extends).
    loaded: bool,
    alive: bool,
}

struct Forwarder<'a> {
    module: &'a Module,
    summaries: &'a crate::analysis::Summaries,
    escapes: std::sync::Arc<SlotEscapes>,
    /// How many instructions may replace one load.
    max_cost: usize,
    facts: Vec<Fact>,
    /// Facts below this index belong to blocks that do not flow here.
    floor: usize,
    /// Indices of facts killed, to revive them when leaving a dominator subtree.
    killed: Vec<usize>,
    map: ValueMap,
    dead: SecondaryMap<Inst, bool>,
    count: usize,
}

/// One step of the dominator-tree walk.
enum Step {
    Enter(Block),
    /// Restore the facts, kills and floor of the block's start.
    Exit {
        facts: usize,
        killed: usize,
        floor: usize,
    },
}

/// A load or store, taken apart.
#[derive(Clone, Copy)]
struct Access {
    addr: Value,
    mem_offset: u32,
    ty: Type,
    width: MemWidth,
    signed: bool,
    volatile: bool,
}

/// What an instruction does to memory, as far as facts are concerned.
enum Effect {
    Load(Access),
    Store(Access, Value),
    /// May write these bytes (`None`: anything but private slots).
    Write(Option<Location>),
    None,
}

fn memory_effect(func: &Function, inst: Inst, summaries: &crate::analysis::Summaries) -> Effect {
    match &func.insts[inst].kind {
        &InstKind::Load {
            ty,
            width,
            signed,
            addr,
            mem,
        } => Effect::Load(Access {
            addr,
            mem_offset: mem.offset,
            ty,
            width,
            signed,
            volatile: mem.volatile,
        }),
        &InstKind::Store {
            ty,
            width,
            addr,
            value,
            mem,
        } => Effect::Store(
            Access {
                addr,
                mem_offset: mem.offset,
                ty,
                width,
                signed: false,
                volatile: mem.volatile,
            },
            value,
        ),
        InstKind::Call { func: callee, .. } if !summaries.get(*callee).writes_memory => {
            Effect::None
        }
        InstKind::Call { .. } | InstKind::CallIndirect { .. } | InstKind::Syscall { .. } => {
            Effect::Write(None)
        }
        InstKind::MemoryCopy { args } | InstKind::MemoryFill { args } => Effect::Write(
            func.as_const(args[2])
                .map(|len| Location::of(func, args[0], 0, len.bits() as u32)),
        ),
        _ => Effect::None,
    }
}

/// Whether a load of shape `a` reads exactly `f.value` (no extraction needed).
fn reads_value_as_is(f: &Fact, a: &Access) -> bool {
    let full = f.width == MemWidth::of(f.ty);
    f.ty == a.ty && f.width == a.width && (full || (f.loaded && f.signed == a.signed))
}

impl Forwarder<'_> {
    fn walk(&mut self, func: &mut Function, cfg: &ControlFlowGraph, domtree: &DominatorTree) {
        let mut stack: Vec<Step> = domtree.root().map(Step::Enter).into_iter().collect();
        while let Some(step) = stack.pop() {
            let block = match step {
                Step::Exit {
                    facts,
                    killed,
                    floor,
                } => {
                    self.facts.truncate(facts);
                    for i in self.killed.drain(killed..) {
                        if let Some(f) = self.facts.get_mut(i) {
                            f.alive = true;
                        }
                    }
                    self.floor = floor;
                    continue;
                }
                Step::Enter(block) => block,
            };
            stack.push(Step::Exit {
                facts: self.facts.len(),
                killed: self.killed.len(),
                floor: self.floor,
            });
            let preds = cfg.preds(block);
            let single = !preds.is_empty() && preds.iter().all(|&p| Some(p) == domtree.idom(block));
            if !single {
                self.floor = self.facts.len();
            }
            self.block(func, block);
            for &child in domtree.children(block).iter().rev() {
                stack.push(Step::Enter(child));
            }
        }
    }

    fn block(&mut self, func: &mut Function, block: Block) {
        let old = std::mem::take(&mut func.blocks[block].insts);
        let mut new = Vec::with_capacity(old.len());
        for inst in old {
            func.insts[inst].kind.map_args(|v| self.map.resolve(v));
            match memory_effect(func, inst, self.summaries) {
                Effect::Load(access) => self.load(func, &mut new, inst, access),
                Effect::Store(access, value) => self.store(func, inst, access, value),
                Effect::Write(Some(loc)) => self.kill(func, &loc),
                Effect::Write(None) => self.kill_unknown(func),
                Effect::None => {}
            }
            new.push(inst);
        }
        func.blocks[block].insts = new;
    }

    fn load(&mut self, func: &mut Function, new: &mut Vec<Inst>, inst: Inst, a: Access) {
        let loc = Location::of(func, a.addr, a.mem_offset, a.width.bytes());
        let result = func.insts[inst].results[0];
        if a.volatile {
            return;
        }
        let Some(i) = self.find(func, &loc, a) else {
            self.facts.push(Fact {
                loc,
                addr: a.addr,
                mem_offset: a.mem_offset,
                value: result,
                ty: a.ty,
                width: a.width,
                signed: a.signed,
                loaded: true,
                alive: true,
            });
            return;
        };
        let fact = &self.facts[i];
        let shift = (loc.offset - fact.loc.offset) as u32;
        let value = if shift == 0 && reads_value_as_is(fact, &a) {
            fact.value
        } else {
            let v = fact.value;
            edit::load_from_value(func, new, inst, v, shift, a.width, a.signed, a.ty)
        };
        let fact = &self.facts[i];
        let same_address = fact.addr == a.addr
            && a.mem_offset >= fact.mem_offset
            && a.mem_offset as u64 + a.width.bytes() as u64
                <= fact.mem_offset as u64 + fact.width.bytes() as u64;
        let kind = &func.insts[inst].kind;
        if same_address || !effects::may_trap(self.module, func, kind, self.summaries) {
            self.dead[inst] = true;
        }
        self.map.replace(result, value);
        self.count += 1;
    }

    /// The newest live fact whose bytes contain `loc`'s and whose value the load can
    /// be computed from cheaply enough.
    fn find(&self, func: &Function, loc: &Location, a: Access) -> Option<usize> {
        let low = self.floor.max(self.facts.len().saturating_sub(WINDOW));
        (low..self.facts.len()).rev().find(|&i| {
            let f = &self.facts[i];
            if !f.alive
                || f.loc.base != loc.base
                || f.loc.offset > loc.offset
                || loc.offset + loc.size as i64 > f.loc.offset + f.loc.size as i64
            {
                return false;
            }
            let shift = (loc.offset - f.loc.offset) as u32;
            let from = func.value_type(f.value);
            (shift == 0 && reads_value_as_is(f, &a))
                || edit::load_from_value_cost(from, shift, a.width, a.ty) <= self.max_cost
        })
    }

    fn store(&mut self, func: &Function, inst: Inst, a: Access, value: Value) {
        let loc = Location::of(func, a.addr, a.mem_offset, a.width.bytes());
        if !a.volatile {
            let low = self.floor.max(self.facts.len().saturating_sub(WINDOW));
            let redundant = (low..self.facts.len()).rev().find(|&i| {
                let f = &self.facts[i];
                f.alive && f.loc == loc && f.value == value && f.ty == a.ty && f.width == a.width
            });
            if let Some(i) = redundant {
                let f = &self.facts[i];
                let same_address = f.addr == a.addr && f.mem_offset == a.mem_offset;
                let in_object =
                    access_in_object(self.module, func, a.addr, a.mem_offset, a.width.bytes());
                if same_address || in_object {
                    self.dead[inst] = true;
                    self.count += 1;
                    return;
                }
            }
        }
        self.kill(func, &loc);
        if !a.volatile {
            self.facts.push(Fact {
                loc,
                addr: a.addr,
                mem_offset: a.mem_offset,
                value,
                ty: a.ty,
                width: a.width,
                signed: false,
                loaded: false,
                alive: true,
            });
        }
    }

    /// Kills the facts whose bytes `loc` may overlap.
    fn kill(&mut self, func: &Function, loc: &Location) {
        let low = self.floor.max(self.facts.len().saturating_sub(WINDOW));
        for i in low..self.facts.len() {
            let f = &mut self.facts[i];
            if f.alive && f.loc.may_alias(loc, self.module, func, &self.escapes) {
                f.alive = false;
                self.killed.push(i);
            }
        }
    }

    /// Kills every fact a call or system call may change: all but those in slots
    /// whose address does not escape.
    fn kill_unknown(&mut self, func: &Function) {
        let low = self.floor.max(self.facts.len().saturating_sub(WINDOW));
        for i in low..self.facts.len() {
            let f = &mut self.facts[i];
            if f.alive && !f.loc.is_private(self.module, func, &self.escapes) {
                f.alive = false;
                self.killed.push(i);
            }
        }
    }
}
