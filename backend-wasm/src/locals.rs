//! Stage 4b, local allocation: assigns every value that needs a local a wasm local,
//! sharing locals between same-typed values whose live ranges do not interfere.
//!
//! SSA colouring: blocks are visited in dominator-tree preorder and, inside a block,
//! statements in schedule order — and inside a statement's tree, its reads and the
//! `local.tee`s of values sunk into it ([`crate::sink`]) in evaluation order, so a
//! sunk value may take the local of a value whose last read comes before its tee. A
//! value takes a local ("colour") that no live value holds at its definition point; in strict SSA that is always safe, and greedy
//! colouring in dominance order never needs more locals than the largest number of
//! simultaneously live values per type. Copy coalescing: a block parameter prefers
//! the local of one of its incoming arguments and an argument the local of the
//! parameter it flows into, when free — then the `jump`'s copy disappears.
//!
//! Function parameters keep locals `0..n` (their locals are reused once they die).
//! Other locals are numbered after them, grouped by type for a compact declaration.
//! The walk keeps the set of live values as it goes: entering a block from its
//! immediate dominator only removes the values that die on the way (strict SSA: what
//! is live into a block is live out of its immediate dominator), found through
//! [`Liveness::for_each_maybe_dying`], and leaving a subtree undoes the changes. No
//! block's full live-in set is ever listed, so a value live across thousands of blocks
//! costs nothing in the blocks it merely passes through. Cost: linear in the schedule
//! plus, per definition, a search of the free locals' bit set ([`crate::freeset`]:
//! one summary bit per 4,096 locals), and O(1) per death.

use crate::freeset::FreeSet;
use crate::liveness::{needs_local, Liveness};
use crate::treeify::reset_map;
use crate::treeify::{Access, Schedule};
use crate::values::Values;
use cranelift_entity::SecondaryMap;
use lir::analysis::DominatorTree;
use lir::{Block, Function, InstKind, Type, Value};
use std::collections::BTreeSet;
use std::mem::take;
use wasm_encoder::ValType;

/// The local of every value that has one, plus the function's local declarations.
pub(crate) struct Locals {
    local_of: SecondaryMap<Value, Option<u32>>,
    /// Type of every local, parameters first.
    pub types: Vec<ValType>,
    pub num_params: u32,
}

impl Locals {
    pub(crate) fn local(&self, v: Value) -> Option<u32> {
        self.local_of[v]
    }

    /// Adds a local that no value uses (for the emitter's own needs).
    pub(crate) fn add(&mut self, ty: ValType) -> u32 {
        self.types.push(ty);
        self.types.len() as u32 - 1
    }

    /// The declaration of the non-parameter locals as `(count, type)` runs.
    pub(crate) fn declarations(&self) -> Vec<(u32, ValType)> {
        let mut runs: Vec<(u32, ValType)> = Vec::new();
        for &ty in &self.types[self.num_params as usize..] {
            match runs.last_mut() {
                Some((count, last)) if *last == ty => *count += 1,
                _ => runs.push((1, ty)),
            }
        }
        runs
    }

    /// A name for each local: the names of every value of `func` it holds, in value
    /// order, without repeats, joined by `/` ([`joined_name`]), so that a local the
    /// allocator shares between `%i` and `%j` is called `i/j`.
    pub(crate) fn names(&self, func: &Function) -> Vec<(u32, String)> {
        // Per local: its distinct names so far and their joined length. Names past
        // the length cap are not collected (one is, so that the cut shows), which
        // keeps the repeat check short for a local shared by thousands of values.
        let mut held: Vec<(Vec<&str>, usize)> = vec![(Vec::new(), 0); self.types.len()];
        for (v, data) in func.values.iter() {
            let Some(name) = &data.name else { continue };
            let Some(local) = self.local_of[v] else {
                continue;
            };
            let (names, len) = &mut held[local as usize];
            if *len <= MAX_LOCAL_NAME && !names.contains(&&**name) {
                names.push(name);
                *len += name.len() + 1;
            }
        }
        held.iter()
            .enumerate()
            .filter(|(_, (names, _))| !names.is_empty())
            .map(|(local, (names, _))| (local as u32, joined_name(names)))
            .collect()
    }
}

/// The longest name [`joined_name`] writes, in bytes (debuggers show names in narrow
/// columns, and a local shared by hundreds of values would otherwise bloat the name
/// section).
pub(crate) const MAX_LOCAL_NAME: usize = 64;

/// `names` joined by `/`; when that is longer than [`MAX_LOCAL_NAME`], the names that
/// fit followed by `…` (the first name is always kept whole).
pub(crate) fn joined_name(names: &[&str]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            let rest = names.len() - i - 1;
            let needed = 1 + name.len() + if rest > 0 { "/…".len() } else { 0 };
            if out.len() + needed > MAX_LOCAL_NAME {
                out.push_str("/…");
                break;
            }
            out.push('/');
        }
        out.push_str(name);
    }
    out
}

pub(crate) fn val_type(ty: Type) -> ValType {
    match ty {
        Type::I32 => ValType::I32,
        Type::I64 => ValType::I64,
        Type::F32 => ValType::F32,
        Type::F64 => ValType::F64,
    }
}

/// Local allocation's buffers, kept from one function to the next
/// ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct LocalsScratch {
    colours: Colours,
    colour_of: SecondaryMap<Value, Option<u32>>,
    live: SecondaryMap<Value, bool>,
    log: Vec<(Value, bool)>,
    seen: SecondaryMap<Value, (u32, bool)>,
    dead_on_def: SecondaryMap<Value, bool>,
    events: Vec<Vec<Event>>,
    avoid: Vec<u32>,
    params: Vec<Value>,
    dying: Vec<Value>,
    walk: Vec<Walk>,
    pairs: Vec<(Value, Value)>,
    hints: Hints,
    final_index: Vec<u32>,
}

/// Colours the values of `func`.
pub(crate) fn allocate(
    func: &Function,
    dom: &DominatorTree,
    values: &Values,
    schedule: &Schedule,
    live: &Liveness,
    ws: &mut LocalsScratch,
) -> Locals {
    colour(func, dom, values, schedule, live, None, ws).0
}

/// The values to spill so that at most `budget` locals are needed ([`crate::spill`]):
/// the colouring walk, which sees exactly what is live at each definition, takes a
/// live value of the same type off the locals for good whenever a definition would
/// otherwise open local number `budget + 1` (spilled everywhere, a value is live
/// nowhere). Victims: block parameters first (their incoming arguments are then
/// stored at the `jump`s instead of being copied, which is what relieves a `jump` with
/// thousands of arguments), then values with the fewest uses, then the latest
/// defined. Never spilled: function parameters, parameters of the entry block or of
/// blocks reached with arguments by a `br_if` or `switch`, and `pinned` values (the
/// reloads and stored definitions of earlier rounds). Returns them in value order.
#[allow(clippy::too_many_arguments)]
pub(crate) fn choose_spills(
    func: &Function,
    dom: &DominatorTree,
    values: &Values,
    schedule: &Schedule,
    live: &Liveness,
    budget: usize,
    pinned: &SecondaryMap<Value, bool>,
    ws: &mut LocalsScratch,
) -> Vec<Value> {
    let spiller = Spiller::new(func, values, schedule, budget, pinned);
    let (_, spiller) = colour(func, dom, values, schedule, live, Some(spiller), ws);
    let mut chosen = spiller.map_or_else(Vec::new, |s| s.chosen);
    chosen.sort_unstable();
    chosen
}

/// The colouring walk; with a [`Spiller`], it also chooses values to spill.
fn colour(
    func: &Function,
    dom: &DominatorTree,
    values: &Values,
    schedule: &Schedule,
    live: &Liveness,
    spiller: Option<Spiller>,
    ws: &mut LocalsScratch,
) -> (Locals, Option<Spiller>) {
    let needs = |v: Value| needs_local(values, schedule, v);
    let mut colours = take(&mut ws.colours);
    colours.clear();
    for &p in &func.params {
        colours.new_colour(val_type(func.value_type(p)));
    }
    let mut hints = take(&mut ws.hints);
    hints.compute(func, schedule, &needs, &mut ws.pairs);
    let n = func.values.len();
    let mut colour_of = take(&mut ws.colour_of);
    reset_map(&mut colour_of, n);

    // Per value: whether it is live at the current point of the walk (its colour is
    // occupied then). Entering a block from its dominator-tree parent only removes
    // values (strict SSA: what is live into a block is live out of its immediate
    // dominator), and leaving its subtree undoes everything logged since.
    let mut state = LiveState::new(n, spiller, take(&mut ws.live), take(&mut ws.log));
    let mut scan = BlockScan::new(n, take(&mut ws.seen));
    let mut dead_on_def = take(&mut ws.dead_on_def);
    reset_map(&mut dead_on_def, n);
    // Per root, in evaluation order: values whose last read is there, and values sunk
    // into its tree (defined at their `local.tee`).
    let mut events = take(&mut ws.events);
    let mut avoid = take(&mut ws.avoid);
    let mut params = take(&mut ws.params);
    let mut dying = take(&mut ws.dying);
    let mut walk = take(&mut ws.walk);
    walk.clear();
    walk.extend(dom.root().into_iter().map(|b| Walk::Enter(None, b)));
    while let Some(step) = walk.pop() {
        let (parent, b) = match step {
            Walk::Enter(parent, b) => (parent, b),
            Walk::Leave(mark) => {
                state.undo_to(mark, &mut colours, &colour_of);
                continue;
            }
        };
        walk.push(Walk::Leave(state.mark()));
        walk.extend(
            dom.children(b)
                .iter()
                .rev()
                .map(|&c| Walk::Enter(Some(b), c)),
        );
        if let Some(parent) = parent {
            dying.clear();
            live.for_each_maybe_dying(parent, b, |v| dying.push(v));
            for &v in &dying {
                if state.is_live(v) && !live.is_live_in(v, b) {
                    state.kill(v, &mut colours, &colour_of);
                }
            }
        }

        // Backward scan: where each value read in this block dies.
        scan.start(b);
        let roots = &schedule.roots[b];
        events.resize_with(roots.len().max(events.len()), Vec::new);
        for (i, &root) in roots.iter().enumerate().rev() {
            events[i].clear();
            for &r in &func.insts[root].results {
                if needs(r) && !scan.take(r, live) {
                    dead_on_def[r] = true;
                }
            }
            for &a in schedule.accesses_of(root).iter().rev() {
                match a {
                    Access::Read(v) => {
                        if !scan.read(v, live) {
                            events[i].push(Event::Dies(v));
                        }
                    }
                    Access::Def(v) => {
                        if !scan.take(v, live) {
                            dead_on_def[v] = true;
                        }
                        events[i].push(Event::Defined(v));
                    }
                }
            }
            events[i].reverse();
        }
        params.clear();
        if Some(b) == func.entry_block() {
            params.extend_from_slice(&func.params);
        }
        params.extend_from_slice(&func.blocks[b].params);
        for &p in &params {
            if needs(p) && !scan.take(p, live) {
                dead_on_def[p] = true;
            }
        }

        // Forward: assign colours (the state holds the live-in values).
        for (i, &p) in params.iter().enumerate() {
            if !needs(p) {
                continue;
            }
            let c = match func.value_def(p) {
                lir::ValueDef::Param(n) if i < func.params.len() => n,
                _ => {
                    let ty = val_type(func.value_type(p));
                    state.make_room(ty, &mut colours, &colour_of);
                    colours.choose(ty, p, &hints, &colour_of)
                }
            };
            colour_of[p] = Some(c);
            state.birth(p, &mut colours, &colour_of);
        }
        for &p in &params {
            if dead_on_def[p] {
                state.kill(p, &mut colours, &colour_of);
            }
        }
        for (i, &root) in roots.iter().enumerate() {
            for (k, &event) in events[i].iter().enumerate() {
                match event {
                    Event::Dies(v) => state.kill(v, &mut colours, &colour_of),
                    Event::Defined(v) => {
                        // Keep free the locals that the values defined after it in
                        // this statement (sunk ones, then its results) are hinted to.
                        avoid.clear();
                        let later = events[i][k + 1..].iter().take(16).filter_map(|e| match *e {
                            Event::Defined(w) => Some(w),
                            Event::Dies(_) => None,
                        });
                        for w in later.chain(func.insts[root].results.iter().copied()) {
                            avoid.extend(hints.of(w).iter().filter_map(|&h| colour_of[h]));
                        }
                        let ty = val_type(func.value_type(v));
                        state.make_room(ty, &mut colours, &colour_of);
                        let c = colours.choose_avoiding(ty, v, &hints, &colour_of, &avoid);
                        colour_of[v] = Some(c);
                        state.birth(v, &mut colours, &colour_of);
                        if dead_on_def[v] {
                            state.kill(v, &mut colours, &colour_of);
                        }
                    }
                }
            }
            for &r in &func.insts[root].results {
                if !needs(r) {
                    continue;
                }
                let ty = val_type(func.value_type(r));
                state.make_room(ty, &mut colours, &colour_of);
                let c = colours.choose(ty, r, &hints, &colour_of);
                colour_of[r] = Some(c);
                state.birth(r, &mut colours, &colour_of);
                if dead_on_def[r] {
                    state.kill(r, &mut colours, &colour_of);
                }
            }
        }
    }
    let locals = colours.finish(func, &colour_of, &mut ws.final_index);
    *ws = LocalsScratch {
        colours,
        colour_of,
        live: state.live,
        log: state.log,
        seen: scan.seen,
        dead_on_def,
        events,
        avoid,
        params,
        dying,
        walk,
        pairs: take(&mut ws.pairs),
        hints,
        final_index: take(&mut ws.final_index),
    };
    (locals, state.spiller)
}

/// A step of the dominator-tree walk.
enum Walk {
    /// Allocate a block, entered from its immediate dominator (`None` for the entry).
    Enter(Option<Block>, Block),
    /// Back from a subtree: undo the live-state changes logged since this mark.
    Leave(usize),
}

/// Which values are live at the current point of the walk, with an undo log: a value
/// is live exactly while its colour is occupied on its behalf.
struct LiveState {
    live: SecondaryMap<Value, bool>,
    /// Changes in order: `(value, became live)`.
    log: Vec<(Value, bool)>,
    /// When choosing values to spill: the live candidates, kept in step with `live`.
    spiller: Option<Spiller>,
}

impl LiveState {
    /// The state for `num_values` values, in the buffers of an earlier walk.
    fn new(
        num_values: usize,
        spiller: Option<Spiller>,
        mut live: SecondaryMap<Value, bool>,
        mut log: Vec<(Value, bool)>,
    ) -> LiveState {
        reset_map(&mut live, num_values);
        log.clear();
        LiveState { live, log, spiller }
    }

    /// Before a value of type `ty` takes a colour: when none is free and `budget`
    /// colours exist, spills the live candidate of that type first in line, which
    /// frees its colour (for good: the undo log never brings a spilled value back).
    fn make_room(
        &mut self,
        ty: ValType,
        colours: &mut Colours,
        colour_of: &SecondaryMap<Value, Option<u32>>,
    ) {
        let Some(s) = &mut self.spiller else { return };
        let slot = type_slot(ty);
        if colours.types.len() < s.budget || !colours.free[slot].is_empty() {
            return;
        }
        let Some((_, victim)) = s.live[slot].pop_first() else {
            return;
        };
        s.spilled[victim] = true;
        s.chosen.push(victim);
        self.live[victim] = false;
        if let Some(c) = colour_of[victim] {
            colours.release(c);
        }
    }

    fn is_live(&self, v: Value) -> bool {
        self.live[v]
    }

    fn mark(&self) -> usize {
        self.log.len()
    }

    /// `v` (which has a colour) becomes live.
    fn birth(
        &mut self,
        v: Value,
        colours: &mut Colours,
        colour_of: &SecondaryMap<Value, Option<u32>>,
    ) {
        if let Some(c) = colour_of[v] {
            if !std::mem::replace(&mut self.live[v], true) {
                colours.occupy(c);
                self.log.push((v, true));
                if let Some(s) = &mut self.spiller {
                    s.enter(v, colours.types[c as usize]);
                }
            }
        }
    }

    /// `v` dies: its colour is free.
    fn kill(
        &mut self,
        v: Value,
        colours: &mut Colours,
        colour_of: &SecondaryMap<Value, Option<u32>>,
    ) {
        if let Some(c) = colour_of[v] {
            if std::mem::replace(&mut self.live[v], false) {
                colours.release(c);
                self.log.push((v, false));
                if let Some(s) = &mut self.spiller {
                    s.leave(v, colours.types[c as usize]);
                }
            }
        }
    }

    /// Reverts every change logged after `mark`.
    fn undo_to(
        &mut self,
        mark: usize,
        colours: &mut Colours,
        colour_of: &SecondaryMap<Value, Option<u32>>,
    ) {
        while self.log.len() > mark {
            let Some((v, born)) = self.log.pop() else {
                break;
            };
            let Some(c) = colour_of[v] else { continue };
            let ty = colours.types[c as usize];
            if let Some(s) = &mut self.spiller {
                if s.spilled[v] {
                    continue;
                }
                match born {
                    true => s.leave(v, ty),
                    false => s.enter(v, ty),
                }
            }
            self.live[v] = !born;
            if born {
                colours.release(c);
            } else {
                colours.occupy(c);
            }
        }
    }
}

/// The spill choice of [`choose_spills`]: the candidates live at the current point of
/// the walk, per type, in the order they would be spilled.
struct Spiller {
    /// Opening more colours than this spills a value instead.
    budget: usize,
    /// Each candidate's rank (lowest spilled first); `None` for values never spilled.
    rank: SecondaryMap<Value, Option<u64>>,
    live: [BTreeSet<(u64, Value)>; 4],
    spilled: SecondaryMap<Value, bool>,
    chosen: Vec<Value>,
}

impl Spiller {
    fn new(
        func: &Function,
        values: &Values,
        schedule: &Schedule,
        budget: usize,
        pinned: &SecondaryMap<Value, bool>,
    ) -> Spiller {
        let n = func.values.len();
        // Parameters of blocks that a `br_if` or `switch` passes arguments to stay:
        // their arguments cannot be stored on the edge (prepare split such edges
        // into `jump`s, so this is a safeguard).
        let mut fixed: SecondaryMap<Block, bool> = lir::entities::dense_map(func.blocks.len());
        if let Some(entry) = func.entry_block() {
            fixed[entry] = true;
        }
        for &b in &func.layout {
            let Some(term) = func.terminator(b) else {
                continue;
            };
            let kind = &func.insts[term].kind;
            if !matches!(kind, InstKind::Jump { .. }) {
                for call in kind.block_calls() {
                    if !call.args.is_empty() {
                        fixed[call.block] = true;
                    }
                }
            }
        }
        let mut rank: SecondaryMap<Value, Option<u64>> = lir::entities::dense_map(n);
        for (v, data) in func.values.iter() {
            if pinned.get(v).copied().unwrap_or(false) || !needs_local(values, schedule, v) {
                continue;
            }
            let class: u64 = match data.def {
                lir::ValueDef::BlockParam(b, _) if !fixed[b] => 0,
                lir::ValueDef::Result(..) => 1,
                _ => continue,
            };
            let uses = (values.uses[v] as u64).min(0xff_ffff);
            rank[v] = Some(class << 56 | uses << 32 | (u32::MAX - v.as_u32()) as u64);
        }
        Spiller {
            budget,
            rank,
            live: Default::default(),
            spilled: lir::entities::dense_map(n),
            chosen: Vec::new(),
        }
    }

    /// `v` (of local type `ty`) becomes live.
    fn enter(&mut self, v: Value, ty: ValType) {
        if let Some(rank) = self.rank[v] {
            self.live[type_slot(ty)].insert((rank, v));
        }
    }

    /// `v` (of local type `ty`) dies.
    fn leave(&mut self, v: Value, ty: ValType) {
        if let Some(rank) = self.rank[v] {
            self.live[type_slot(ty)].remove(&(rank, v));
        }
    }
}

/// The backward scan of one block: whether each value is live at the current point
/// (after the point, reading backwards), starting from the block's live-out values,
/// which are asked of [`Liveness`] on first sight.
struct BlockScan {
    /// `(block stamp, live)` per value; a stale stamp means "not seen in this block".
    seen: SecondaryMap<Value, (u32, bool)>,
    block: Block,
    stamp: u32,
}

impl BlockScan {
    /// The scan of `num_values` values, in the map of an earlier one.
    fn new(num_values: usize, mut seen: SecondaryMap<Value, (u32, bool)>) -> BlockScan {
        reset_map(&mut seen, num_values);
        BlockScan {
            seen,
            block: Block::from_u32(0),
            stamp: 0,
        }
    }

    fn start(&mut self, b: Block) {
        self.block = b;
        self.stamp += 1;
    }

    fn is_live(&self, v: Value, live: &Liveness) -> bool {
        match self.seen[v] {
            (stamp, now) if stamp == self.stamp => now,
            _ => live.is_live_out(v, self.block),
        }
    }

    /// A definition of `v`: whether it was live after it (it is not before).
    fn take(&mut self, v: Value, live: &Liveness) -> bool {
        let was = self.is_live(v, live);
        self.seen[v] = (self.stamp, false);
        was
    }

    /// A read of `v`: whether it was live after it (it is before).
    fn read(&mut self, v: Value, live: &Liveness) -> bool {
        let was = self.is_live(v, live);
        self.seen[v] = (self.stamp, true);
        was
    }
}

/// A point inside a root's tree where the set of live values changes.
#[derive(Clone, Copy)]
enum Event {
    /// The value's last read: its local is free from here on.
    Dies(Value),
    /// A sunk value's `local.tee`.
    Defined(Value),
}

/// The colour pool: each colour is a local of one type.
#[derive(Default)]
struct Colours {
    types: Vec<ValType>,
    by_type: [Vec<u32>; 4],
    occupied: Vec<bool>,
    /// The free colours of each type, lowest first (so that choosing one does not
    /// scan the thousands a deep loop nest keeps occupied).
    free: [FreeSet; 4],
}

fn type_slot(ty: ValType) -> usize {
    match ty {
        ValType::I32 => 0,
        ValType::I64 => 1,
        ValType::F32 => 2,
        _ => 3,
    }
}

impl Colours {
    /// Empties the pool, keeping its allocations.
    fn clear(&mut self) {
        self.types.clear();
        self.by_type.iter_mut().for_each(Vec::clear);
        self.occupied.clear();
        self.free.iter_mut().for_each(FreeSet::clear);
    }

    fn new_colour(&mut self, ty: ValType) -> u32 {
        let c = self.types.len() as u32;
        self.types.push(ty);
        self.by_type[type_slot(ty)].push(c);
        self.occupied.push(false);
        self.free[type_slot(ty)].insert(c);
        c
    }

    fn occupy(&mut self, c: u32) {
        self.occupied[c as usize] = true;
        self.free[type_slot(self.types[c as usize])].remove(c);
    }

    fn release(&mut self, c: u32) {
        self.occupied[c as usize] = false;
        self.free[type_slot(self.types[c as usize])].insert(c);
    }

    /// A free colour of type `ty`: a hinted value's colour if possible (or, for a
    /// hinted value without one yet, the colour of one of its own hints), else the
    /// lowest.
    fn choose(
        &mut self,
        ty: ValType,
        v: Value,
        hints: &Hints,
        colour_of: &SecondaryMap<Value, Option<u32>>,
    ) -> u32 {
        self.choose_avoiding(ty, v, hints, colour_of, &[])
    }

    /// [`Colours::choose`], but without a hint the colours in `avoid` (wanted by
    /// something defined right after) are taken only when no other is free.
    fn choose_avoiding(
        &mut self,
        ty: ValType,
        v: Value,
        hints: &Hints,
        colour_of: &SecondaryMap<Value, Option<u32>>,
        avoid: &[u32],
    ) -> u32 {
        let free = |c: u32| self.types[c as usize] == ty && !self.occupied[c as usize];
        let direct = hints.of(v).iter().filter_map(|&h| colour_of[h]);
        if let Some(c) = direct.clone().find(|&c| free(c)) {
            return c;
        }
        let uncoloured = hints.of(v).iter().filter(|&&h| colour_of[h].is_none());
        let second = uncoloured.flat_map(|&h| hints.of(h).iter().filter_map(|&h2| colour_of[h2]));
        if let Some(c) = second.take(8).find(|&c| free(c)) {
            return c;
        }
        let free = &self.free[type_slot(ty)];
        let first = free.first_from(0);
        if first.is_some_and(|c| avoid.contains(&c)) {
            if let Some(c) = free.iter().skip(1).find(|c| !avoid.contains(c)) {
                return c;
            }
        }
        first.unwrap_or_else(|| self.new_colour(ty))
    }

    /// Renumbers colours so non-parameter locals are grouped by type.
    fn finish(
        &self,
        func: &Function,
        colour_of: &SecondaryMap<Value, Option<u32>>,
        final_index: &mut Vec<u32>,
    ) -> Locals {
        let num_params = func.params.len() as u32;
        final_index.clear();
        final_index.resize(self.types.len(), 0);
        let mut types: Vec<ValType> = self.types[..num_params as usize].to_vec();
        for (c, slot) in final_index.iter_mut().enumerate().take(num_params as usize) {
            *slot = c as u32;
        }
        for group in &self.by_type {
            for &c in group.iter().filter(|&&c| c >= num_params) {
                final_index[c as usize] = types.len() as u32;
                types.push(self.types[c as usize]);
            }
        }
        let mut local_of = lir::entities::dense_map(func.values.len());
        for (v, c) in colour_of.iter() {
            local_of[v] = c.map(|c| final_index[c as usize]);
        }
        Locals {
            local_of,
            types,
            num_params,
        }
    }
}

/// Coalescing hints: for each value, the values it is copied to or from at `jump`s
/// (a compressed adjacency list).
#[derive(Default)]
struct Hints {
    hints: Vec<Value>,
    range: SecondaryMap<Value, (u32, u32)>,
}

impl Hints {
    /// The hints of `func` (`pairs` is scratch space).
    fn compute(
        &mut self,
        func: &Function,
        schedule: &Schedule,
        needs: &impl Fn(Value) -> bool,
        pairs: &mut Vec<(Value, Value)>,
    ) {
        pairs.clear();
        for &b in &func.layout {
            let Some(&term) = schedule.roots[b].last() else {
                continue;
            };
            if let InstKind::Jump { dest } = &func.insts[term].kind {
                for (&arg, &param) in dest.args.iter().zip(&func.blocks[dest.block].params) {
                    if needs(arg) && needs(param) {
                        pairs.push((param, arg));
                        pairs.push((arg, param));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        reset_map(&mut self.range, func.values.len());
        let mut start = 0;
        for i in 1..=pairs.len() {
            if i == pairs.len() || pairs[i].0 != pairs[start].0 {
                self.range[pairs[start].0] = (start as u32, i as u32);
                start = i;
            }
        }
        self.hints.clear();
        self.hints.extend(pairs.iter().map(|&(_, h)| h));
    }

    fn of(&self, v: Value) -> &[Value] {
        let (start, end) = self.range[v];
        &self.hints[start as usize..end as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::{joined_name, MAX_LOCAL_NAME};

    #[test]
    fn joins_names_and_cuts_long_lists() {
        assert_eq!(joined_name(&["i"]), "i");
        assert_eq!(joined_name(&["i", "j", "k"]), "i/j/k");
        let many: Vec<String> = (0..40).map(|n| format!("v{n}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let joined = joined_name(&refs);
        assert!(joined.len() <= MAX_LOCAL_NAME, "{joined}");
        assert!(joined.starts_with("v0/v1/v2/"), "{joined}");
        assert!(joined.ends_with("/…"), "{joined}");
        // The last name fits exactly when nothing follows it.
        let a = "a".repeat(30);
        let b = "b".repeat(MAX_LOCAL_NAME - 31);
        assert_eq!(joined_name(&[&a, &b]).len(), MAX_LOCAL_NAME);
        // A first name longer than the cap is kept whole.
        let long = "x".repeat(MAX_LOCAL_NAME + 10);
        assert_eq!(joined_name(&[&long, "y"]), format!("{long}/…"));
    }
}
