//! SSA construction for the promoted fields: Cytron et al. with pruning.
//!
//! For each variable: the blocks that store it (definitions) and the blocks that load
//! it before storing it (upward-exposed uses). Block parameters go at its iterated
//! dominance frontier restricted to the blocks where it is live on entry (pruned
//! SSA). Variables are handled 64 at a time as the bits of one word per block: the
//! liveness analysis and the propagation over dominance frontiers run on those words,
//! so a function with many variables live across many blocks costs a few passes over
//! its blocks per 64 variables. Dominance frontiers are computed once (Cooper, Harvey
//! and Kennedy). Renaming walks the dominator tree with an explicit stack and an undo
//! log of the variables' current values.

use super::fields::{Plan, Var};
use crate::edit::{self, ValueMap};
use cranelift_entity::{EntityRef, SecondaryMap};
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Block, Function, Imm, InstKind, Value};

/// Rewrites every access of the plan; returns how many.
pub(super) fn promote(
    func: &mut Function,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
    plan: &Plan,
) -> usize {
    let (defs, uses) = def_and_use_blocks(func, cfg, plan);
    let needy: Vec<Var> = plan
        .vars
        .keys()
        .filter(|v| !defs[v.index()].is_empty() && !uses[v.index()].is_empty())
        .collect();
    let mut phis: SecondaryMap<Block, Vec<(Var, Value)>> = SecondaryMap::new();
    if !needy.is_empty() {
        let graph = Graph::new(cfg, domtree);
        for batch in needy.chunks(64) {
            let n = graph.rpo.len();
            let (mut def, mut upward) = (vec![0u64; n], vec![0u64; n]);
            for (j, var) in batch.iter().enumerate() {
                for &b in &defs[var.index()] {
                    def[graph.index(cfg, b)] |= 1 << j;
                }
                for &b in &uses[var.index()] {
                    upward[graph.index(cfg, b)] |= 1 << j;
                }
            }
            let live_in = graph.live_in(&upward, &def);
            let params = graph.frontier_closure(&def, &live_in);
            for (i, &mask) in params.iter().enumerate() {
                let block = graph.rpo[i];
                let mut bits = mask;
                while bits != 0 {
                    let var = batch[bits.trailing_zeros() as usize];
                    bits &= bits - 1;
                    let param = func.append_block_param(block, plan.vars[var].ty);
                    phis[block].push((var, param));
                }
            }
        }
    }
    rename(func, cfg, domtree, plan, &phis)
}

/// Per variable: blocks with a store, and blocks with a load before any store.
fn def_and_use_blocks(
    func: &Function,
    cfg: &ControlFlowGraph,
    plan: &Plan,
) -> (Vec<Vec<Block>>, Vec<Vec<Block>>) {
    let n = plan.vars.len();
    let mut defs = vec![Vec::new(); n];
    let mut uses = vec![Vec::new(); n];
    let mut stored_in: Vec<Option<Block>> = vec![None; n];
    let mut used_in: Vec<Option<Block>> = vec![None; n];
    for &block in cfg.rpo() {
        for &inst in &func.blocks[block].insts {
            let Some(var) = plan.access[inst].expand() else {
                continue;
            };
            let i = var.index();
            match func.insts[inst].kind {
                InstKind::Store { .. } if stored_in[i] != Some(block) => {
                    stored_in[i] = Some(block);
                    defs[i].push(block);
                }
                InstKind::Load { .. }
                    if stored_in[i] != Some(block) && used_in[i] != Some(block) =>
                {
                    used_in[i] = Some(block);
                    uses[i].push(block);
                }
                _ => {}
            }
        }
    }
    (defs, uses)
}

/// Lists of block indices, one per block, stored flat.
struct Lists {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    fn new(rows: impl Iterator<Item = impl Iterator<Item = u32>>) -> Lists {
        let mut lists = Lists {
            start: vec![0],
            items: Vec::new(),
        };
        for row in rows {
            lists.items.extend(row);
            lists.start.push(lists.items.len() as u32);
        }
        lists
    }

    fn row(&self, i: usize) -> &[u32] {
        &self.items[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// The reachable CFG by reverse-postorder index, with dominance frontiers.
struct Graph {
    rpo: Vec<Block>,
    preds: Lists,
    succs: Lists,
    frontier: Vec<Vec<u32>>,
}

impl Graph {
    fn new(cfg: &ControlFlowGraph, domtree: &DominatorTree) -> Graph {
        let rpo = cfg.rpo().to_vec();
        let index = |b: Block| cfg.rpo_index(b).map(|i| i as u32);
        let preds = Lists::new(
            rpo.iter()
                .map(|&b| cfg.preds(b).iter().filter_map(|&p| index(p))),
        );
        let succs = Lists::new(
            rpo.iter()
                .map(|&b| cfg.succs(b).iter().filter_map(|&s| index(s))),
        );
        let idom: Vec<u32> = rpo
            .iter()
            .map(|&b| domtree.idom(b).and_then(index).unwrap_or(0))
            .collect();
        let mut frontier: Vec<Vec<u32>> = vec![Vec::new(); rpo.len()];
        for b in 0..rpo.len() {
            let ps = preds.row(b);
            if ps.len() < 2 {
                continue;
            }
            for &p in ps {
                let mut runner = p;
                while runner != idom[b] {
                    let df = &mut frontier[runner as usize];
                    if df.last() != Some(&(b as u32)) {
                        df.push(b as u32);
                    }
                    if runner == 0 {
                        break; // the entry: only reached by a malformed tree
                    }
                    runner = idom[runner as usize];
                }
            }
        }
        Graph {
            rpo,
            preds,
            succs,
            frontier,
        }
    }

    fn index(&self, cfg: &ControlFlowGraph, block: Block) -> usize {
        cfg.rpo_index(block).expect("a reachable block")
    }

    /// Which of the variables (bits) are live on entry to each block, given the
    /// blocks that read them before writing (`upward`) and that write them (`def`).
    fn live_in(&self, upward: &[u64], def: &[u64]) -> Vec<u64> {
        let n = self.rpo.len();
        let mut live = upward.to_vec();
        let mut queued = vec![true; n];
        // Popping from the end visits blocks in postorder first.
        let mut work: Vec<u32> = (0..n as u32).collect();
        while let Some(b) = work.pop() {
            let b = b as usize;
            queued[b] = false;
            let out = self
                .succs
                .row(b)
                .iter()
                .fold(0, |acc, &s| acc | live[s as usize]);
            let new = upward[b] | (out & !def[b]);
            if new != live[b] {
                live[b] = new;
                for &p in self.preds.row(b) {
                    if !queued[p as usize] {
                        queued[p as usize] = true;
                        work.push(p);
                    }
                }
            }
        }
        live
    }

    /// The blocks (per variable bit) in the iterated dominance frontier of the
    /// definitions where the variable is live on entry.
    fn frontier_closure(&self, def: &[u64], live_in: &[u64]) -> Vec<u64> {
        let n = self.rpo.len();
        let mut params = vec![0u64; n];
        let mut defined = def.to_vec();
        let mut pending = def.to_vec();
        let mut work: Vec<u32> = (0..n as u32).filter(|&i| def[i as usize] != 0).collect();
        while let Some(x) = work.pop() {
            let bits = std::mem::take(&mut pending[x as usize]);
            for &b in &self.frontier[x as usize] {
                let b = b as usize;
                let add = bits & live_in[b] & !params[b];
                if add == 0 {
                    continue;
                }
                params[b] |= add;
                let new = add & !defined[b];
                defined[b] |= add;
                if new != 0 {
                    if pending[b] == 0 {
                        work.push(b as u32);
                    }
                    pending[b] |= new;
                }
            }
        }
        params
    }
}

/// One step of the dominator-tree walk.
enum Step {
    Enter(Block),
    /// Leave a block: undo the log down to this length.
    Exit(usize),
}

/// Replaces loads by the reaching values, deletes stores, and passes the current
/// values to the new block parameters.
fn rename(
    func: &mut Function,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
    plan: &Plan,
    phis: &SecondaryMap<Block, Vec<(Var, Value)>>,
) -> usize {
    let mut current: Vec<Value> = plan
        .vars
        .values()
        .map(|data| func.const_value(Imm::zero(data.ty)))
        .collect();
    let mut log: Vec<(Var, Value)> = Vec::new();
    let mut map = ValueMap::new();
    let mut count = 0;
    let mut stack: Vec<Step> = domtree.root().map(Step::Enter).into_iter().collect();
    while let Some(step) = stack.pop() {
        let block = match step {
            Step::Exit(len) => {
                while log.len() > len {
                    let (var, old) = log.pop().expect("longer than len");
                    current[var.index()] = old;
                }
                continue;
            }
            Step::Enter(block) => block,
        };
        stack.push(Step::Exit(log.len()));
        for &(var, param) in &phis[block] {
            log.push((var, current[var.index()]));
            current[var.index()] = param;
        }
        let insts = &func.blocks[block].insts;
        let old = if insts.iter().any(|&i| plan.access[i].is_some()) {
            std::mem::take(&mut func.blocks[block].insts)
        } else {
            Vec::new()
        };
        let rebuild = !old.is_empty();
        let mut new = Vec::with_capacity(old.len());
        for inst in old {
            let Some(var) = plan.access[inst].expand() else {
                new.push(inst);
                continue;
            };
            count += 1;
            match func.insts[inst].kind {
                InstKind::Store {
                    ty, width, value, ..
                } => {
                    let mut value = map.resolve(value);
                    let var_ty = plan.vars[var].ty;
                    if ty != var_ty {
                        // The variable's value whose low bytes are the stored ones.
                        value = edit::load_from_value(
                            func, &mut new, inst, value, 0, width, false, var_ty,
                        );
                    }
                    log.push((var, current[var.index()]));
                    current[var.index()] = value;
                }
                InstKind::Load {
                    ty, width, signed, ..
                } => {
                    let result = func.insts[inst].results[0];
                    let reaching = current[var.index()];
                    let v =
                        edit::load_from_value(func, &mut new, inst, reaching, 0, width, signed, ty);
                    map.replace(result, v);
                }
                _ => new.push(inst),
            }
        }
        if rebuild {
            func.blocks[block].insts = new;
        }
        let to_params = cfg.succs(block).iter().any(|&s| !phis[s].is_empty());
        if let Some(term) = func.terminator(block).filter(|_| to_params) {
            for call in func.insts[term].kind.block_calls_mut() {
                for &(var, _) in &phis[call.block] {
                    call.args.push(current[var.index()]);
                }
            }
        }
        for &child in domtree.children(block).iter().rev() {
            stack.push(Step::Enter(child));
        }
    }
    map.apply(func);
    count
}
