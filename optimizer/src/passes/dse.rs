//! `dse`: dead store elimination.
//!
//! Two kinds of stores are dead:
//!
//! - **Overwritten**: a later store in the same block writes all of its bytes (same
//!   base, offsets from [`decompose`]) and nothing in between may read them — no load
//!   that may alias ([`Location::may_alias`] with [`SlotEscapes`]), no call whose
//!   summary says it reads memory, no `call_indirect`, system call or `memory.copy`
//!   from them. Calls and system calls never read slots whose address does not escape.
//!   For memory the host can see (data objects, escaping slots), no point where the
//!   host can look — a system call, an import or indirect call, a call that does I/O —
//!   may lie in between. Possible traps in between do not matter: after a trap, stores
//!   since the last such point may or may not be in memory (docs/lir.md, "Memory
//!   after a trap").
//! - **Never read**: a store into a slot whose address does not escape, when no load of
//!   that slot can run after it. A backward liveness analysis over blocks tracks, per
//!   such slot, whether some path from a point reaches a load of it before a store
//!   that covers the whole slot (or the end of the function).
//!
//! A store is deleted only if it cannot trap: its bytes lie inside the slot or data
//! object its address points into ([`access_in_object`]). Volatile stores are never
//! deleted, and a volatile load or store ends every "overwritten" candidate before it.
//!
//! It does not delete stores to memory it cannot name (through parameters or loaded
//! pointers: they may trap), stores overwritten only in later blocks, or stores whose
//! bytes a later load reads back (`store-forward` turns those loads into values first,
//! which often makes the store dead for this pass).
//!
//! [`decompose`]: crate::analysis::address::decompose
//! [`access_in_object`]: crate::analysis::address::access_in_object

use crate::analysis::address::{Base, Location, SlotEscapes};
use crate::edit;
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::SecondaryMap;
use lir::analysis::ControlFlowGraph;
use lir::{Block, Function, Inst, InstKind, Module, Slot};

pub struct Dse;

impl FunctionPass for Dse {
    fn name(&self) -> &'static str {
        "dse"
    }

    fn description(&self) -> &'static str {
        "delete stores that are overwritten before being read or never read (in-bounds only)"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let escapes = cx.analyses.escapes(func);
        let cfg = cx.analyses.cfg(func);
        let accesses = Accesses::new(cx.module, func, &escapes);
        let liveness = SlotLiveness::new(func, &cfg, &accesses);
        let mut dead: SecondaryMap<Inst, bool> = lir::entities::dense_map(func.insts.len());
        let mut count = 0;
        for &block in &func.layout {
            let mut scan = BlockScan {
                module: cx.module,
                summaries: cx.summaries,
                func,
                escapes: &escapes,
                accesses: &accesses,
                live: liveness.live_out(block).to_vec(),
                pending: Vec::new(),
            };
            for &inst in func.blocks[block].insts.iter().rev() {
                if scan.visit(inst) {
                    dead[inst] = true;
                    count += 1;
                }
            }
        }
        if count == 0 {
            return Changes::NONE;
        }
        edit::remove_insts(func, &dead);
        Changes::insts(count)
    }
}

/// A load or store, taken apart once.
#[derive(Clone, Copy)]
struct Access {
    loc: Location,
    store: bool,
    volatile: bool,
    /// It lies inside its slot or data object ([`Location::in_object`]): it cannot trap.
    exact: bool,
    /// The bit of the non-escaping slot it accesses, if any.
    slot: Option<u32>,
    /// A non-volatile, exact store of the whole slot.
    kills_slot: bool,
}

/// The accesses of a function and the bits of its non-escaping slots.
struct Accesses {
    of: SecondaryMap<Inst, Option<Access>>,
    /// Words per block of the slot bit sets.
    words: usize,
}

impl Accesses {
    fn new(module: &Module, func: &Function, escapes: &SlotEscapes) -> Accesses {
        let mut bit: SecondaryMap<Slot, Option<u32>> = SecondaryMap::new();
        let mut n = 0;
        for slot in func.slots.keys() {
            if !escapes.escapes(slot) {
                bit[slot] = Some(n);
                n += 1;
            }
        }
        let mut of = SecondaryMap::new();
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                let (addr, mem, width, store) = match &func.insts[inst].kind {
                    InstKind::Load {
                        addr, mem, width, ..
                    } => (*addr, *mem, *width, false),
                    InstKind::Store {
                        addr, mem, width, ..
                    } => (*addr, *mem, *width, true),
                    _ => continue,
                };
                let loc = Location::of(func, addr, mem.offset, width.bytes());
                let exact = loc.in_object(mem.offset, module, func);
                let slot = escapes.slot_of(addr).and_then(|s| bit[s]);
                let whole = match loc.base {
                    Base::Slot(s) => loc.offset == 0 && loc.size == func.slots[s].size,
                    _ => false,
                };
                of[inst] = Some(Access {
                    loc,
                    store,
                    volatile: mem.volatile,
                    exact,
                    slot,
                    kills_slot: store && exact && whole && !mem.volatile && slot.is_some(),
                });
            }
        }
        Accesses {
            of,
            words: (n as usize).div_ceil(64),
        }
    }
}

fn has(set: &[u64], bit: u32) -> bool {
    set[bit as usize / 64] & (1 << (bit % 64)) != 0
}

fn set(set: &mut [u64], bit: u32, on: bool) {
    let (w, m) = (bit as usize / 64, 1u64 << (bit % 64));
    if on {
        set[w] |= m;
    } else {
        set[w] &= !m;
    }
}

/// Which non-escaping slots may still be read, at the end of each block.
struct SlotLiveness {
    words: usize,
    /// `words` words per block, by reverse-postorder index (reachable blocks only).
    live_out: Vec<u64>,
    index: SecondaryMap<Block, Option<u32>>,
    empty: Vec<u64>,
}

impl SlotLiveness {
    fn new(func: &Function, cfg: &ControlFlowGraph, accesses: &Accesses) -> SlotLiveness {
        let words = accesses.words;
        let rpo = cfg.rpo();
        let n = rpo.len();
        let mut live = SlotLiveness {
            words,
            live_out: vec![0; n * words],
            index: SecondaryMap::new(),
            empty: vec![0; words],
        };
        if words == 0 {
            return live;
        }
        for (i, &b) in rpo.iter().enumerate() {
            live.index[b] = Some(i as u32);
        }
        // Per block: slots read before being fully written (gen), slots fully written
        // before being read (kill); in = gen | (out & !kill).
        let mut gen = vec![0u64; n * words];
        let mut kill = vec![0u64; n * words];
        for (i, &block) in rpo.iter().enumerate() {
            let (g, k) = (
                &mut gen[i * words..(i + 1) * words],
                &mut kill[i * words..(i + 1) * words],
            );
            for &inst in func.blocks[block].insts.iter().rev() {
                let Some(a) = accesses.of[inst] else { continue };
                let Some(bit) = a.slot else { continue };
                if !a.store {
                    set(g, bit, true);
                    set(k, bit, false);
                } else if a.kills_slot {
                    set(g, bit, false);
                    set(k, bit, true);
                }
            }
        }
        let succs: Vec<Vec<usize>> = rpo
            .iter()
            .map(|&b| {
                cfg.succs(b)
                    .iter()
                    .filter_map(|&s| cfg.rpo_index(s))
                    .collect()
            })
            .collect();
        let mut live_in = vec![0u64; n * words];
        let mut queued = vec![true; n];
        // Popping from the end visits blocks in postorder first.
        let mut work: Vec<usize> = (0..n).collect();
        let mut out = vec![0u64; words];
        while let Some(b) = work.pop() {
            queued[b] = false;
            out.fill(0);
            for &s in &succs[b] {
                for (o, i) in out.iter_mut().zip(&live_in[s * words..(s + 1) * words]) {
                    *o |= i;
                }
            }
            let mut changed = false;
            for w in 0..words {
                let new = gen[b * words + w] | (out[w] & !kill[b * words + w]);
                changed |= new != live_in[b * words + w];
                live_in[b * words + w] = new;
            }
            live.live_out[b * words..(b + 1) * words].copy_from_slice(&out);
            if changed {
                for &p in cfg.preds(rpo[b]) {
                    if let Some(p) = cfg.rpo_index(p) {
                        if !queued[p] {
                            queued[p] = true;
                            work.push(p);
                        }
                    }
                }
            }
        }
        live
    }

    /// The slots live at the end of `block` (none for unreachable blocks).
    fn live_out(&self, block: Block) -> &[u64] {
        match self.index[block] {
            Some(i) => &self.live_out[i as usize * self.words..(i as usize + 1) * self.words],
            None => &self.empty,
        }
    }
}

/// At most this many later stores are remembered as overwriting candidates.
const MAX_PENDING: usize = 32;

/// A later store of the block that may make earlier ones dead.
struct Pending {
    loc: Location,
    /// A point where the host can look at memory lies between it and the point.
    crossed: bool,
}

/// The backward scan of one block.
struct BlockScan<'a> {
    module: &'a Module,
    summaries: &'a crate::analysis::Summaries,
    func: &'a Function,
    escapes: &'a SlotEscapes,
    accesses: &'a Accesses,
    /// Tracked slots that may be read after the point.
    live: Vec<u64>,
    pending: Vec<Pending>,
}

impl BlockScan<'_> {
    /// Visits `inst` (going backwards); returns whether it is a dead store.
    fn visit(&mut self, inst: Inst) -> bool {
        let func = self.func;
        let kind = &func.insts[inst].kind;
        if let Some(a) = self.accesses.of[inst] {
            return self.access(a);
        }
        match kind {
            InstKind::Call { func: callee, .. } => {
                let summary = self.summaries.get(*callee);
                if summary.reads_memory {
                    self.read(None);
                }
                if summary.io {
                    self.cross();
                }
            }
            InstKind::CallIndirect { .. }
            | InstKind::ReturnCallIndirect { .. }
            | InstKind::Syscall { .. } => {
                self.read(None);
                self.cross();
            }
            InstKind::MemoryCopy { args } => {
                let src = func
                    .as_const(args[2])
                    .map(|len| Location::of(func, args[1], 0, len.bits() as u32));
                self.read(src.as_ref());
            }
            _ => {}
        }
        false
    }

    fn access(&mut self, a: Access) -> bool {
        if a.volatile {
            // Volatile accesses end every candidate; a volatile load still reads.
            self.pending.clear();
            if let (false, Some(bit)) = (a.store, a.slot) {
                set(&mut self.live, bit, true);
            }
            return false;
        }
        if !a.store {
            self.read(Some(&a.loc));
            if let Some(bit) = a.slot {
                set(&mut self.live, bit, true);
            }
            return false;
        }
        if a.exact && (a.slot.is_some_and(|bit| !has(&self.live, bit)) || self.overwritten(&a.loc))
        {
            return true;
        }
        if let (true, Some(bit)) = (a.kills_slot, a.slot) {
            set(&mut self.live, bit, false);
        }
        if self.pending.len() == MAX_PENDING {
            self.pending.remove(0);
        }
        self.pending.push(Pending {
            loc: a.loc,
            crossed: false,
        });
        false
    }

    /// Whether a pending store writes every byte of `loc` with nothing observable in
    /// between (for memory outside private slots).
    fn overwritten(&self, loc: &Location) -> bool {
        let private = loc.is_private(self.module, self.func, self.escapes);
        self.pending.iter().any(|p| {
            p.loc.base == loc.base
                && p.loc.offset <= loc.offset
                && loc.offset + loc.size as i64 <= p.loc.offset + p.loc.size as i64
                && (private || !p.crossed)
        })
    }

    /// Something reads `loc` (`None`: anything but private slots): pending stores it
    /// may read no longer overwrite earlier ones.
    fn read(&mut self, loc: Option<&Location>) {
        let (module, func, escapes) = (self.module, self.func, self.escapes);
        self.pending.retain(|p| match loc {
            Some(l) => !p.loc.may_alias(l, module, func, escapes),
            None => p.loc.is_private(module, func, escapes),
        });
    }

    /// A point where the host can look at memory: earlier stores to memory it can see
    /// stay observable.
    fn cross(&mut self) {
        for p in &mut self.pending {
            p.crossed = true;
        }
    }
}
