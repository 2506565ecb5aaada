//! Stage 2, reducify: makes an irreducible control-flow graph reducible, so that every
//! cycle has a single entry block (its loop header) and can become a wasm `loop`.
//!
//! The method is the one of LLVM's `WebAssemblyFixIrreducibleControlFlow`: find the
//! strongly connected components (iterative Tarjan, no recursion); for a component
//! with several entry blocks, add a *dispatch* block with an `i32` label parameter
//! followed by parameters that can carry any entry's parameters (shared by type), and
//! route every edge into an entry — from outside the component and from inside —
//! through it: the edge passes the entry's number and its arguments, and the dispatch
//! block `switch`es on the number. The dispatch block is now the component's only
//! entry. Then the component without its header is searched again for nested cycles.
//!
//! Routing *all* entry edges through the dispatch block means the entries have no
//! predecessor left inside the rest of the component, so every nested component is
//! strictly smaller and the process ends. Dominance of value definitions is preserved
//! (an entry never dominated another block of its component except through paths the
//! dispatch keeps), so the function stays in valid SSA form.
//!
//! Cost: each round is linear in the size of the region searched; a block is searched
//! once per cycle that encloses it, so the total is O((blocks + edges) × loop depth).
//! Each multi-entry component adds one dispatch block plus one block per entry edge
//! leaving a `br_if`/`switch` and per entry with parameters — growth is linear, never
//! exponential (no node splitting is done). Reducible functions are only scanned.

use crate::prepare::split_argument_edges;
use crate::treeify::reset_map;
use cranelift_entity::SecondaryMap;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Block, BlockCall, Function, Imm, InstKind, Type, Value};
use smallvec::SmallVec;

/// Whether every retreating edge (in reverse postorder) goes to a block that dominates
/// its source: then there is nothing to do. Linear in the number of edges.
pub(crate) fn is_reducible(cfg: &ControlFlowGraph, dom: &DominatorTree) -> bool {
    cfg.rpo().iter().all(|&b| {
        cfg.succs(b)
            .iter()
            .all(|&s| cfg.rpo_index(s) > cfg.rpo_index(b) || dom.dominates(s, b))
    })
}

/// Reducify's buffers, kept from one function to the next ([`crate::workspace`]).
#[derive(Default)]
pub(crate) struct ReducifyScratch {
    graph: Graph,
    tarjan: Tarjan,
    /// The regions still to search, one after the other; each ends at its entry of
    /// `region_ends` (a stack: the last one is searched next).
    regions: Vec<Block>,
    region_ends: Vec<usize>,
    region: Vec<Block>,
    region_id: SecondaryMap<Block, u32>,
    scc_id: SecondaryMap<Block, u32>,
    entries: Vec<Block>,
}

/// Makes `func` reducible; returns whether anything changed.
pub(crate) fn reducify(func: &mut Function, ws: &mut ReducifyScratch) -> bool {
    let ReducifyScratch {
        graph,
        tarjan,
        regions,
        region_ends,
        region,
        region_id,
        scc_id,
        entries,
    } = ws;
    graph.reset(func);
    tarjan.reset(func.blocks.len());
    let mut changed = false;
    regions.clear();
    regions.extend_from_slice(&func.layout);
    region_ends.clear();
    region_ends.push(regions.len());
    reset_map(region_id, func.blocks.len());
    reset_map(scc_id, func.blocks.len());
    let mut next_id = 0u32;
    while let Some(end) = region_ends.pop() {
        let start = region_ends.last().copied().unwrap_or(0);
        region.clear();
        region.extend_from_slice(&regions[start..end]);
        regions.truncate(start);
        next_id += 1;
        for &b in region.iter() {
            region_id[b] = next_id;
        }
        let current = next_id;
        tarjan.run(graph, region, |b| region_id[b] == current);
        for k in 0..tarjan.scc_ends.len() {
            let scc = tarjan.scc(k);
            let is_cycle = scc.len() > 1 || graph.succs[scc[0]].contains(&scc[0]);
            if !is_cycle {
                continue;
            }
            next_id += 1;
            for &b in scc {
                scc_id[b] = next_id;
            }
            let inside = next_id;
            entries.clear();
            entries.extend(
                scc.iter()
                    .copied()
                    .filter(|&b| graph.preds[b].iter().any(|&p| scc_id[p] != inside)),
            );
            entries.sort();
            if entries.len() > 1 {
                add_dispatch(func, graph, entries);
                changed = true;
                regions.extend_from_slice(scc);
            } else {
                let header = entries.first().copied();
                regions.extend(scc.iter().copied().filter(|&b| Some(b) != header));
            }
            region_ends.push(regions.len());
        }
    }
    changed
}

/// Successor and predecessor lists (one entry per edge), kept up to date as
/// terminators are rewritten; short lists stay inline (no allocation per block).
#[derive(Default)]
struct Graph {
    succs: SecondaryMap<Block, SmallVec<[Block; 2]>>,
    preds: SecondaryMap<Block, SmallVec<[Block; 4]>>,
}

impl Graph {
    /// Reads the edges of `func`.
    fn reset(&mut self, func: &Function) {
        reset_map(&mut self.succs, func.blocks.len());
        reset_map(&mut self.preds, func.blocks.len());
        for &b in &func.layout {
            self.refresh(func, b);
        }
    }

    /// Re-reads the successors of `block` from its terminator.
    fn refresh(&mut self, func: &Function, block: Block) {
        for s in std::mem::take(&mut self.succs[block]) {
            if let Some(i) = self.preds[s].iter().position(|&p| p == block) {
                self.preds[s].swap_remove(i);
            }
        }
        let mut succs: SmallVec<[Block; 2]> = SmallVec::new();
        if let Some(t) = func.terminator(block) {
            crate::prepare::for_each_successor(&func.insts[t].kind, |s| succs.push(s));
        }
        for &s in &succs {
            self.preds[s].push(block);
        }
        self.succs[block] = succs;
    }
}

/// Routes every edge into `entries` through a new dispatch block.
fn add_dispatch(func: &mut Function, graph: &mut Graph, entries: &[Block]) {
    let dispatch = func.create_block();
    let label = func.append_block_param(dispatch, Type::I32);
    // Parameter slots shared by type: entry k's j-th parameter of type T uses the j-th
    // slot of type T.
    let mut slot_types: Vec<Type> = Vec::new();
    let mut slot_values: Vec<Value> = Vec::new();
    let mut entry_slots: Vec<Vec<usize>> = Vec::new();
    for &entry in entries {
        let mut used = vec![false; slot_types.len()];
        let mut slots = Vec::new();
        for &p in &func.blocks[entry].params.clone() {
            let ty = func.value_type(p);
            let slot = match (0..slot_types.len()).find(|&s| slot_types[s] == ty && !used[s]) {
                Some(s) => s,
                None => {
                    slot_types.push(ty);
                    slot_values.push(func.append_block_param(dispatch, ty));
                    used.push(false);
                    slot_types.len() - 1
                }
            };
            used[slot] = true;
            slots.push(slot);
        }
        entry_slots.push(slots);
    }

    // Rewrite every predecessor edge of every entry.
    let mut preds: Vec<Block> = entries
        .iter()
        .flat_map(|&e| graph.preds[e].iter().copied())
        .collect();
    preds.sort();
    preds.dedup();
    for pred in preds {
        let Some(term) = func.terminator(pred) else {
            continue;
        };
        let mut kind = func.insts[term].kind.clone();
        let is_jump = matches!(kind, InstKind::Jump { .. });
        let mut new_blocks = Vec::new();
        for call in kind.block_calls_mut() {
            let Some(k) = entries.iter().position(|&e| e == call.block) else {
                continue;
            };
            let mut args = vec![func.const_value(Imm::i32(k as i32))];
            for (s, &ty) in slot_types.iter().enumerate() {
                args.push(match entry_slots[k].iter().position(|&x| x == s) {
                    Some(j) => call.args[j],
                    None => func.const_value(Imm::zero(ty)),
                });
            }
            let routed = BlockCall::new(dispatch, args);
            if is_jump {
                *call = routed;
            } else {
                let hop = func.create_block();
                func.append_inst(hop, InstKind::Jump { dest: routed }, &[]);
                new_blocks.push(hop);
                *call = BlockCall::new(hop, Vec::new());
            }
        }
        func.insts[term].kind = kind;
        graph.refresh(func, pred);
        for hop in new_blocks {
            graph.refresh(func, hop);
        }
    }

    // The dispatch itself: `switch label, last(...), [k: entry_k(...)]`.
    let call_of = |k: usize| {
        let args: Vec<Value> = entry_slots[k].iter().map(|&s| slot_values[s]).collect();
        BlockCall::new(entries[k], args)
    };
    let last = entries.len() - 1;
    let switch = InstKind::Switch {
        index: label,
        default: call_of(last),
        cases: (0..last).map(|k| (k as u64, call_of(k))).collect(),
    };
    func.append_inst(dispatch, switch, &[]);
    let splits = split_argument_edges(func, dispatch);
    graph.refresh(func, dispatch);
    for b in splits {
        graph.refresh(func, b);
    }
}

/// Iterative Tarjan strongly-connected-components search, reusable across regions.
#[derive(Default)]
struct Tarjan {
    /// Visit number + 1 in the current run (0: not visited); stale entries from
    /// earlier runs are recognized by `run_of`.
    index: SecondaryMap<Block, u32>,
    low: SecondaryMap<Block, u32>,
    on_stack: SecondaryMap<Block, bool>,
    run_of: SecondaryMap<Block, u32>,
    run: u32,
    /// The components found by the last run, one after the other in `scc_members`;
    /// component `k` ends at `scc_ends[k]`.
    scc_members: Vec<Block>,
    scc_ends: Vec<u32>,
    stack: Vec<Block>,
    calls: Vec<(Block, usize)>,
}

impl Tarjan {
    /// Readies the search for `num_blocks` blocks (more grow the maps as they come).
    fn reset(&mut self, num_blocks: usize) {
        reset_map(&mut self.index, num_blocks);
        reset_map(&mut self.low, num_blocks);
        reset_map(&mut self.on_stack, num_blocks);
        reset_map(&mut self.run_of, num_blocks);
        self.run = 0;
    }

    /// Component `k` of the last run.
    fn scc(&self, k: usize) -> &[Block] {
        let start = k.checked_sub(1).map_or(0, |j| self.scc_ends[j] as usize);
        &self.scc_members[start..self.scc_ends[k] as usize]
    }

    /// Finds the SCCs of the subgraph induced by `region` (nodes where `inside` holds),
    /// read back with [`Tarjan::scc`].
    fn run(&mut self, graph: &Graph, region: &[Block], inside: impl Fn(Block) -> bool) {
        self.run += 1;
        let run = self.run;
        let mut counter = 0u32;
        self.scc_members.clear();
        self.scc_ends.clear();
        let mut stack = std::mem::take(&mut self.stack);
        let mut calls = std::mem::take(&mut self.calls);
        for &root in region {
            if self.run_of[root] == run {
                continue;
            }
            self.visit(root, &mut counter, &mut stack);
            calls.push((root, 0));
            while let Some(&mut (v, ref mut next)) = calls.last_mut() {
                if let Some(&w) = graph.succs[v].get(*next) {
                    *next += 1;
                    if !inside(w) {
                        continue;
                    }
                    if self.run_of[w] != run {
                        self.visit(w, &mut counter, &mut stack);
                        calls.push((w, 0));
                    } else if self.on_stack[w] {
                        self.low[v] = self.low[v].min(self.index[w]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    self.low[parent] = self.low[parent].min(self.low[v]);
                }
                if self.low[v] == self.index[v] {
                    while let Some(w) = stack.pop() {
                        self.on_stack[w] = false;
                        self.scc_members.push(w);
                        if w == v {
                            break;
                        }
                    }
                    self.scc_ends.push(self.scc_members.len() as u32);
                }
            }
        }
        self.stack = stack;
        self.calls = calls;
    }

    fn visit(&mut self, b: Block, counter: &mut u32, stack: &mut Vec<Block>) {
        self.run_of[b] = self.run;
        self.index[b] = *counter;
        self.low[b] = *counter;
        *counter += 1;
        self.on_stack[b] = true;
        stack.push(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepare::prepare;

    /// A function whose blocks branch as `edges` says (on the parameter), each block
    /// passing a counter so that values flow across the irreducible edges.
    pub(crate) fn graph_function(edges: &[&[usize]]) -> Function {
        let mut f = Function::new("g", lir::Signature::new([Type::I32], [Type::I32]));
        let blocks: Vec<Block> = edges.iter().map(|_| f.create_block()).collect();
        let params: Vec<Option<Value>> = blocks
            .iter()
            .enumerate()
            .map(|(i, &b)| (i > 0).then(|| f.append_block_param(b, Type::I32)))
            .collect();
        let x = f.params[0];
        for (i, targets) in edges.iter().enumerate() {
            let here = params[i].unwrap_or(x);
            let one = f.const_value(Imm::i32(1));
            let next = f.append_inst(
                blocks[i],
                InstKind::Binary {
                    op: lir::BinaryOp::Add,
                    args: [here, one],
                },
                &[Type::I32],
            );
            let v = f.inst_results(next)[0];
            let call = |t: usize| BlockCall::new(blocks[t], vec![v]);
            let kind = match targets {
                [] => InstKind::Ret { values: vec![v] },
                [t] => InstKind::Jump { dest: call(*t) },
                [t, e] => InstKind::BrIf {
                    cond: v,
                    then_dest: call(*t),
                    else_dest: call(*e),
                },
                many => InstKind::Switch {
                    index: v,
                    default: call(many[0]),
                    cases: many[1..]
                        .iter()
                        .enumerate()
                        .map(|(k, &t)| (k as u64, call(t)))
                        .collect(),
                },
            };
            f.append_inst(blocks[i], kind, &[]);
        }
        f
    }

    fn reducible(f: &Function) -> bool {
        let cfg = ControlFlowGraph::new(f);
        is_reducible(&cfg, &DominatorTree::new(&cfg))
    }

    fn reducified(edges: &[&[usize]]) -> Function {
        let mut f = prepare(&graph_function(edges)).into_owned();
        let was = reducible(&f);
        let changed = reducify(&mut f, &mut ReducifyScratch::default());
        assert_eq!(changed, !was);
        assert!(reducible(&f));
        f
    }

    #[test]
    fn two_entry_loop_gets_one_dispatch() {
        // 0 -> 1 | 2; 1 <-> 2; 2 -> 3
        let f = reducified(&[&[1, 2], &[2], &[1, 3], &[]]);
        assert_eq!(f.layout.len(), 4 + 1 + 2 + 2 + 2);
    }

    #[test]
    fn reducible_loops_are_untouched() {
        let f = reducified(&[&[1], &[2, 3], &[1], &[]]);
        // Only prepare's two split edges of the br_if were added.
        assert_eq!(f.layout.len(), 6);
    }

    #[test]
    fn nested_irreducible_loops() {
        // Outer cycle {1,2,3,4} entered at 1 and 2; inside it, {3,4} is entered at 3 and 4.
        let f = reducified(&[&[1, 2], &[3, 4], &[1, 3], &[4, 5], &[3, 2], &[]]);
        assert!(f.layout.len() > 6);
    }

    #[test]
    fn many_entries() {
        // Entry switches into a ring of 8 blocks.
        let ring: Vec<Vec<usize>> = (1..=8).map(|i| vec![i % 8 + 1, 9]).collect();
        let mut edges: Vec<&[usize]> = vec![&[1, 2, 3, 4, 5, 6, 7, 8]];
        edges.extend(ring.iter().map(|v| v.as_slice()));
        edges.push(&[]);
        reducified(&edges);
    }

    #[test]
    fn thousands_of_blocks_are_fast() {
        // A chain of 3000 two-entry loops: block 3i+1 and 3i+2 form a cycle entered at both.
        let n = 3000;
        let mut edges: Vec<Vec<usize>> = Vec::new();
        for i in 0..n {
            let base = 3 * i;
            edges.push(vec![base + 1, base + 2]);
            edges.push(vec![base + 2]);
            edges.push(vec![base + 1, base + 3]);
        }
        edges.push(vec![]);
        let refs: Vec<&[usize]> = edges.iter().map(|v| v.as_slice()).collect();
        let start = std::time::Instant::now();
        reducified(&refs);
        assert!(start.elapsed().as_secs_f64() < 5.0);
    }
}
