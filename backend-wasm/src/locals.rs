//! Stage 4b, local allocation: assigns every value that needs a local a wasm local,
//! sharing locals between same-typed values whose live ranges do not interfere.
//!
//! SSA colouring: blocks are visited in dominator-tree preorder and, inside a block,
//! statements in schedule order — and inside a statement's tree, its reads and the
//! `local.tee`s of values sunk into it ([`crate::sink`]) in evaluation order, so a
//! sunk value may take the local of a value whose last read comes before its tee. A value takes a local ("colour") that no live value
//! holds at its definition point; in strict SSA that is always safe, and greedy
//! colouring in dominance order never needs more locals than the largest number of
//! simultaneously live values per type. Copy coalescing: a block parameter prefers
//! the local of one of its incoming arguments and an argument the local of the
//! parameter it flows into, when free — then the `jump`'s copy disappears.
//!
//! Function parameters keep locals `0..n` (their locals are reused once they die).
//! Other locals are numbered after them, grouped by type for a compact declaration.
//! Cost: linear in the schedule plus, per definition, a scan of the free locals of its
//! type.

use crate::liveness::{needs_local, Liveness};
use crate::treeify::{Access, Schedule};
use crate::values::Values;
use cranelift_entity::SecondaryMap;
use lir::analysis::DominatorTree;
use lir::{Block, Function, InstKind, Type, Value};
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

    /// A name for each local: the first named value of `func` it holds.
    pub(crate) fn names(&self, func: &Function) -> Vec<(u32, String)> {
        let mut named = vec![false; self.types.len()];
        let mut out = Vec::new();
        for (v, data) in func.values.iter() {
            let Some(name) = &data.name else { continue };
            if let Some(local) = self.local_of[v] {
                if !named[local as usize] {
                    named[local as usize] = true;
                    out.push((local, name.clone()));
                }
            }
        }
        out.sort();
        out
    }
}

pub(crate) fn val_type(ty: Type) -> ValType {
    match ty {
        Type::I32 => ValType::I32,
        Type::I64 => ValType::I64,
        Type::F32 => ValType::F32,
        Type::F64 => ValType::F64,
    }
}

/// Colours the values of `func`.
pub(crate) fn allocate(
    func: &Function,
    dom: &DominatorTree,
    values: &Values,
    schedule: &Schedule,
    live: &Liveness,
) -> Locals {
    let needs = |v: Value| needs_local(values, schedule, v);
    let mut colours = Colours::default();
    for &p in &func.params {
        colours.new_colour(val_type(func.value_type(p)));
    }
    let hints = Hints::new(func, schedule, &needs);
    let n = func.values.len();
    let mut colour_of: SecondaryMap<Value, Option<u32>> = lir::entities::dense_map(n);

    let mut live_now: SecondaryMap<Value, bool> = lir::entities::dense_map(n);
    let mut dead_on_def: SecondaryMap<Value, bool> = lir::entities::dense_map(n);
    // Per root, in evaluation order: values whose last read is there, and values sunk
    // into its tree (defined at their `local.tee`).
    let mut events: Vec<Vec<Event>> = Vec::new();
    let mut accesses: Vec<Access> = Vec::new();
    let mut avoid: Vec<u32> = Vec::new();
    let mut buffer = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let mut order: Vec<Block> = dom.root().into_iter().collect();
    while let Some(b) = order.pop() {
        order.extend(dom.children(b).iter().rev());

        // Backward scan: where each value read in this block dies.
        for &v in &live.live_out[b] {
            live_now[v] = true;
        }
        let roots = &schedule.roots[b];
        events.resize_with(roots.len().max(events.len()), Vec::new);
        for (i, &root) in roots.iter().enumerate().rev() {
            events[i].clear();
            for &r in &func.insts[root].results {
                if needs(r) && !std::mem::take(&mut live_now[r]) {
                    dead_on_def[r] = true;
                }
            }
            accesses.clear();
            schedule.for_each_access(func, values, root, &mut buffer, |a| accesses.push(a));
            for &a in accesses.iter().rev() {
                match a {
                    Access::Read(v) => {
                        if !live_now[v] {
                            live_now[v] = true;
                            events[i].push(Event::Dies(v));
                        }
                    }
                    Access::Def(v) => {
                        if !std::mem::take(&mut live_now[v]) {
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
            if needs(p) && !std::mem::take(&mut live_now[p]) {
                dead_on_def[p] = true;
            }
        }
        for &v in &live.live_in[b] {
            live_now[v] = false;
        }

        // Forward: assign colours.
        for &v in &live.live_in[b] {
            if let Some(c) = colour_of[v] {
                colours.occupy(c);
            }
        }
        for (i, &p) in params.iter().enumerate() {
            if !needs(p) {
                continue;
            }
            let c = match func.value_def(p) {
                lir::ValueDef::Param(n) if i < func.params.len() => n,
                _ => colours.choose(val_type(func.value_type(p)), p, &hints, &colour_of),
            };
            colour_of[p] = Some(c);
            colours.occupy(c);
        }
        for &p in &params {
            if dead_on_def[p] {
                if let Some(c) = colour_of[p] {
                    colours.release(c);
                }
            }
        }
        for (i, &root) in roots.iter().enumerate() {
            for (k, &event) in events[i].iter().enumerate() {
                match event {
                    Event::Dies(v) => {
                        if let Some(c) = colour_of[v] {
                            colours.release(c);
                        }
                    }
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
                        let c = colours.choose_avoiding(ty, v, &hints, &colour_of, &avoid);
                        colour_of[v] = Some(c);
                        colours.occupy(c);
                        if dead_on_def[v] {
                            colours.release(c);
                        }
                    }
                }
            }
            for &r in &func.insts[root].results {
                if !needs(r) {
                    continue;
                }
                let c = colours.choose(val_type(func.value_type(r)), r, &hints, &colour_of);
                colour_of[r] = Some(c);
                colours.occupy(c);
                if dead_on_def[r] {
                    colours.release(c);
                }
            }
        }
        colours.release_all();
    }
    colours.finish(func, colour_of)
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
    occupied_list: Vec<u32>,
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
    fn new_colour(&mut self, ty: ValType) -> u32 {
        let c = self.types.len() as u32;
        self.types.push(ty);
        self.by_type[type_slot(ty)].push(c);
        self.occupied.push(false);
        c
    }

    fn occupy(&mut self, c: u32) {
        if !self.occupied[c as usize] {
            self.occupied[c as usize] = true;
            self.occupied_list.push(c);
        }
    }

    fn release(&mut self, c: u32) {
        self.occupied[c as usize] = false;
    }

    fn release_all(&mut self) {
        for c in self.occupied_list.drain(..) {
            self.occupied[c as usize] = false;
        }
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
        let mut free = self.by_type[type_slot(ty)]
            .iter()
            .copied()
            .filter(|&c| !self.occupied[c as usize]);
        let first = free.next();
        if first.is_some_and(|c| avoid.contains(&c)) {
            if let Some(c) = free.find(|c| !avoid.contains(c)) {
                return c;
            }
        }
        first.unwrap_or_else(|| self.new_colour(ty))
    }

    /// Renumbers colours so non-parameter locals are grouped by type.
    fn finish(self, func: &Function, colour_of: SecondaryMap<Value, Option<u32>>) -> Locals {
        let num_params = func.params.len() as u32;
        let mut final_index = vec![0u32; self.types.len()];
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
struct Hints {
    hints: Vec<Value>,
    range: SecondaryMap<Value, (u32, u32)>,
}

impl Hints {
    fn new(func: &Function, schedule: &Schedule, needs: &impl Fn(Value) -> bool) -> Hints {
        let mut pairs = Vec::new();
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
        let mut range: SecondaryMap<Value, (u32, u32)> =
            lir::entities::dense_map(func.values.len());
        let mut start = 0;
        for i in 1..=pairs.len() {
            if i == pairs.len() || pairs[i].0 != pairs[start].0 {
                range[pairs[start].0] = (start as u32, i as u32);
                start = i;
            }
        }
        Hints {
            hints: pairs.into_iter().map(|(_, h)| h).collect(),
            range,
        }
    }

    fn of(&self, v: Value) -> &[Value] {
        let (start, end) = self.range[v];
        &self.hints[start as usize..end as usize]
    }
}
