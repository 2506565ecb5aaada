//! Stage 7b, spilling: when a function's values would need more wasm locals than the
//! engines allow, some values get a home on the shadow stack instead of a local.
//!
//! It runs only when local allocation asked for more locals than the limit (minus
//! [`RESERVE`] for the emitter's own), so functions that fit are compiled exactly as
//! without it. [`crate::locals::choose_spills`] picks the values (the colouring walk
//! sees what is live at each definition); this module rewrites the prepared function
//! in LIR, spilling each chosen value everywhere:
//!
//! - one spill area, a slot put first in the frame (so the other slots keep their
//!   addresses), holds a home per spilled value (8-byte types first, then 4-byte);
//!   slot addresses are rematerialized as `frame + offset`, so homes need no local;
//! - a spilled instruction result is stored to its home right after its definition;
//! - every use of a spilled value reads a fresh `load` placed right before the user,
//!   so each reload lives only for that instruction (and treeify usually puts it on
//!   the operand stack);
//! - a spilled block parameter is removed from its block: each predecessor's `jump`
//!   stores its argument to the home instead of passing it. The stores of one `jump`
//!   are a parallel copy between homes (a loop may pass one spilled parameter to
//!   another): a home is written only after every store reading it, and a cycle is
//!   broken by one reload held across it.
//!
//! New instructions carry the source location of the instruction they serve. What it
//! does not do: spill function parameters (they are wasm locals by definition; at most
//! 1,000 of them), keep a value in a local where it is used often (a value is spilled
//! everywhere or nowhere), or reuse a home for values that do not interfere. The
//! pipeline recomputes the later stages afterwards and repeats (a few rounds at most)
//! if the reloads themselves still need too many locals.

use cranelift_entity::{PrimaryMap, SecondaryMap};
use lir::{Function, Inst, InstKind, MemArg, MemWidth, SlotData, SourceLoc, Type, Value, ValueDef};
use rustc_hash::FxHashMap as HashMap;

/// Locals kept free for the emitter (frame pointer, scratch locals) and for the
/// reloads of one instruction's operands.
pub(crate) const RESERVE: usize = 16;

/// Locals the emitter may add to those of the values: the frame pointer and a scratch
/// local per type.
pub(crate) const EMITTER_LOCALS: usize = 5;

/// Whether a function whose values take `locals` locals must spill to fit in
/// `max_locals` ([`crate::Options::max_locals`]).
pub(crate) fn needed(locals: usize, max_locals: usize) -> bool {
    locals + EMITTER_LOCALS > max_locals
}

/// Whether `func` could need spilling at all: it cannot need more locals than it has
/// values (the module then needs the shadow-stack pointer even if `func` has no slots).
pub(crate) fn possible(func: &Function, max_locals: usize) -> bool {
    needed(func.values.len(), max_locals)
}

/// The most rounds of spilling before the pipeline gives up (the emitter then reports
/// the locals it needs).
pub(crate) const MAX_ROUNDS: usize = 4;

/// Rewrites `func` so that the `spilled` values live in a new spill area of its frame
/// (see the module documentation). `srclocs` gets the locations of the new
/// instructions; `pinned` marks the values that must not be spilled in a later round
/// (the reloads, and the definitions now only stored).
pub(crate) fn spill(
    func: &mut Function,
    spilled: &[Value],
    srclocs: &mut SecondaryMap<Inst, SourceLoc>,
    pinned: &mut SecondaryMap<Value, bool>,
) {
    if spilled.is_empty() {
        return;
    }
    let mut home: SecondaryMap<Value, Option<u32>> = lir::entities::dense_map(func.values.len());
    let mut cursor = 0u32;
    for wide in [true, false] {
        for &v in spilled {
            let bytes = func.value_type(v).bytes();
            if (bytes == 8) == wide {
                home[v] = Some(cursor);
                cursor += bytes;
            }
        }
    }
    let area = add_area_first(func, cursor.next_multiple_of(16).max(16));
    let mut s = Spiller {
        area,
        home,
        srclocs,
        pinned,
    };
    // Spilled block parameters leave their blocks; `dropped[b]` keeps the original
    // parameter list of each block that lost some, to match the `jump` arguments.
    let mut dropped: HashMap<lir::Block, Vec<Value>> = HashMap::default();
    for &v in spilled {
        s.pinned[v] = true;
        if let ValueDef::BlockParam(b, _) = func.value_def(v) {
            dropped
                .entry(b)
                .or_insert_with(|| func.blocks[b].params.clone());
        }
    }
    for (&b, _) in dropped.iter() {
        let params = &mut func.blocks[b].params;
        params.retain(|&p| s.home[p].is_none());
        for (i, &p) in func.blocks[b].params.clone().iter().enumerate() {
            func.values[p].def = ValueDef::BlockParam(b, i as u32);
        }
    }
    for b in func.layout.clone() {
        let old = std::mem::take(&mut func.blocks[b].insts);
        let mut insts = Vec::with_capacity(old.len());
        for inst in old {
            let mut moves = Vec::new();
            if let InstKind::Jump { dest } = &mut func.insts[inst].kind {
                if let Some(params) = dropped.get(&dest.block) {
                    let args = std::mem::take(&mut dest.args);
                    for (&p, a) in params.iter().zip(args) {
                        match s.home[p] {
                            Some(_) if a != p => moves.push((p, a)),
                            Some(_) => {}
                            None => dest.args.push(a),
                        }
                    }
                }
            }
            s.reload_operands(func, inst, &mut insts);
            s.parallel_stores(func, inst, moves, &mut insts);
            insts.push(inst);
            for r in func.insts[inst].results.clone() {
                if s.home[r].is_some() {
                    let store = s.store(func, inst, r);
                    insts.push(store);
                }
            }
        }
        func.blocks[b].insts = insts;
    }
}

/// Adds a slot of `size` bytes (16-aligned) before the others; returns its address.
/// The other slots move up by `size`, a multiple of 16, and the frame grows by as much,
/// so their addresses stay where they were.
fn add_area_first(func: &mut Function, size: u32) -> Value {
    let (_, area) = func.create_slot(size, Some(16));
    let old = std::mem::replace(&mut func.slots, PrimaryMap::new());
    let mut order: Vec<SlotData> = old.into_iter().map(|(_, d)| d).collect();
    if let Some(last) = order.pop() {
        order.insert(0, last);
    }
    for data in order {
        let value = data.value;
        let slot = func.slots.push(data);
        func.values[value].def = ValueDef::Slot(slot);
    }
    area
}

/// The state of one rewrite.
struct Spiller<'a> {
    area: Value,
    home: SecondaryMap<Value, Option<u32>>,
    srclocs: &'a mut SecondaryMap<Inst, SourceLoc>,
    pinned: &'a mut SecondaryMap<Value, bool>,
}

impl Spiller<'_> {
    fn mem(offset: u32) -> MemArg {
        MemArg {
            offset,
            align: None,
            volatile: false,
        }
    }

    /// A new instruction serving `user` (it gets `user`'s source location).
    fn create(&mut self, func: &mut Function, user: Inst, kind: InstKind, ty: &[Type]) -> Inst {
        let inst = func.create_inst(kind, ty);
        let loc = self.srclocs.get(user).copied().unwrap_or_default();
        if !loc.is_none() {
            self.srclocs[inst] = loc;
        }
        inst
    }

    /// A load of the spilled `v` from its home, for `user`; returns the new value.
    fn reload(&mut self, func: &mut Function, user: Inst, v: Value, out: &mut Vec<Inst>) -> Value {
        let ty = func.value_type(v);
        let offset = self.home[v].unwrap_or(0);
        let kind = InstKind::Load {
            ty,
            width: MemWidth::of(ty),
            signed: false,
            addr: self.area,
            mem: Self::mem(offset),
        };
        let load = self.create(func, user, kind, &[ty]);
        out.push(load);
        let fresh = func.insts[load].results[0];
        self.pinned[fresh] = true;
        fresh
    }

    /// A store of `value` to the home of the spilled `to`, for `user`.
    fn store_to(&mut self, func: &mut Function, user: Inst, to: Value, value: Value) -> Inst {
        let ty = func.value_type(to);
        let kind = InstKind::Store {
            ty,
            width: MemWidth::of(ty),
            addr: self.area,
            value,
            mem: Self::mem(self.home[to].unwrap_or(0)),
        };
        self.create(func, user, kind, &[])
    }

    /// The store of the spilled result `r` of `def`, right after it.
    fn store(&mut self, func: &mut Function, def: Inst, r: Value) -> Inst {
        self.store_to(func, def, r, r)
    }

    /// Replaces the spilled operands of `inst` by reloads placed before it (one per
    /// distinct value).
    fn reload_operands(&mut self, func: &mut Function, inst: Inst, out: &mut Vec<Inst>) {
        let mut spilled: Vec<Value> = Vec::new();
        func.insts[inst].kind.for_each_arg(|v| {
            if self.home[v].is_some() {
                spilled.push(v);
            }
        });
        if spilled.is_empty() {
            return;
        }
        // (A map, not a search: a `jump` or `ret` may have thousands of operands.)
        let mut fresh: HashMap<Value, Value> = HashMap::default();
        for v in spilled {
            if let std::collections::hash_map::Entry::Vacant(slot) = fresh.entry(v) {
                slot.insert(self.reload(func, inst, v, out));
            }
        }
        func.insts[inst]
            .kind
            .map_args(|v| fresh.get(&v).copied().unwrap_or(v));
    }

    /// The stores of `jump`'s arguments to the homes of its target's spilled
    /// parameters: `moves` are `(parameter, argument)` pairs, a parallel copy.
    fn parallel_stores(
        &mut self,
        func: &mut Function,
        jump: Inst,
        moves: Vec<(Value, Value)>,
        out: &mut Vec<Inst>,
    ) {
        if moves.is_empty() {
            return;
        }
        // How many pending stores still read each destination's home.
        let index: HashMap<Value, usize> = moves
            .iter()
            .enumerate()
            .map(|(i, &(p, _))| (p, i))
            .collect();
        let mut readers = vec![0u32; moves.len()];
        for &(_, a) in &moves {
            if let Some(&i) = index.get(&a) {
                readers[i] += 1;
            }
        }
        // A home whose old value was saved by a cycle break is read from the save.
        let mut saved: HashMap<Value, Value> = HashMap::default();
        let mut done = vec![false; moves.len()];
        let mut ready: Vec<usize> = (0..moves.len()).filter(|&i| readers[i] == 0).collect();
        let mut next_pending = 0;
        loop {
            while let Some(i) = ready.pop() {
                if std::mem::replace(&mut done[i], true) {
                    continue;
                }
                let (p, a) = moves[i];
                let value = match saved.get(&a) {
                    Some(&t) => t,
                    None if self.home[a].is_some() => self.reload(func, jump, a, out),
                    None => a,
                };
                let store = self.store_to(func, jump, p, value);
                out.push(store);
                if let Some(&j) = index.get(&a) {
                    if !saved.contains_key(&a) {
                        readers[j] -= 1;
                        if readers[j] == 0 {
                            ready.push(j);
                        }
                    }
                }
            }
            // Only cycles are left: save one home's value and write it.
            while next_pending < moves.len() && done[next_pending] {
                next_pending += 1;
            }
            if next_pending == moves.len() {
                break;
            }
            let p = moves[next_pending].0;
            let t = self.reload(func, jump, p, out);
            saved.insert(p, t);
            readers[next_pending] = 0;
            ready.push(next_pending);
        }
    }
}
