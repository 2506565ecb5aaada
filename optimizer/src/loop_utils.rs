//! Helpers shared by the loop passes (`licm`, `loop-rotate`, `iv-reduce`, `unroll`,
//! `idiom`): loop membership sets and block lists kept up to date as preheaders are
//! added, preheaders, edge retargeting, block parameters added with their
//! arguments, replacing a value in given users, cloning a range of blocks with
//! value remapping, batched layout insertions, and closing a loop's values over its
//! exits (LCSSA).
//!
//! None of these decide whether a transformation is allowed; they only perform the
//! mechanical part of it, keeping SSA form and source locations (clones keep the
//! originals' locations and carry no names, so names stay unique).

use crate::analysis::{LoopId, LoopNest, Uses};
use crate::edit;
use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::SecondaryMap;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Block, BlockCall, BlockData, Function, Inst, InstKind, Type, Value, ValueDef};
use rustc_hash::{FxHashMap, FxHashSet};

/// A membership set of blocks (a loop's blocks).
pub fn block_set(blocks: &[Block]) -> SecondaryMap<Block, bool> {
    let mut set = SecondaryMap::new();
    for &b in blocks {
        set[b] = true;
    }
    set
}

/// The block defining `v` (for block parameters and instruction results; `None` for
/// function parameters, slots and constants, which are available everywhere).
/// `inst_block` maps placed instructions to their blocks ([`edit::inst_blocks`]).
pub fn def_block(
    func: &Function,
    inst_block: &SecondaryMap<Inst, PackedOption<Block>>,
    v: Value,
) -> Option<Block> {
    match func.values[v].def {
        ValueDef::BlockParam(b, _) => Some(b),
        ValueDef::Result(inst, _) => inst_block[inst].expand(),
        _ => None,
    }
}

/// The predecessors of `header` outside the loop (`in_loop`), each once, reachable
/// or not.
pub fn outside_preds(
    cfg: &ControlFlowGraph,
    header: Block,
    in_loop: &SecondaryMap<Block, bool>,
) -> Vec<Block> {
    let mut preds: Vec<Block> = cfg
        .preds(header)
        .iter()
        .copied()
        .filter(|&p| !in_loop[p])
        .collect();
    preds.sort_unstable();
    preds.dedup();
    preds
}

/// An existing preheader of the loop: the only reachable predecessor of `header`
/// outside the loop, if it ends in a `jump` to the header (so code placed before its
/// terminator runs exactly once each time the loop is entered).
pub fn existing_preheader(
    func: &Function,
    cfg: &ControlFlowGraph,
    header: Block,
    in_loop: &SecondaryMap<Block, bool>,
) -> Option<Block> {
    let mut outside = outside_preds(cfg, header, in_loop)
        .into_iter()
        .filter(|&p| cfg.is_reachable(p));
    let pred = outside.next()?;
    if outside.next().is_some() {
        return None;
    }
    let term = func.terminator(pred)?;
    match &func.insts[term].kind {
        InstKind::Jump { dest } if dest.block == header => Some(pred),
        _ => None,
    }
}

/// A new block, not in the layout (place it with [`LayoutEdits`]).
pub fn new_block(func: &mut Function) -> Block {
    func.blocks.push(BlockData::default())
}

/// A new block (not in the layout) with parameters of the same types as `like`'s,
/// and those parameters.
pub fn new_block_like(func: &mut Function, like: Block) -> (Block, Vec<Value>) {
    let block = new_block(func);
    let types: Vec<Type> = func.blocks[like]
        .params
        .iter()
        .map(|&p| func.value_type(p))
        .collect();
    let params = types
        .iter()
        .map(|&t| func.append_block_param(block, t))
        .collect();
    (block, params)
}

/// Creates a preheader for the loop headed by `header`: a new block that every
/// predecessor outside the loop branches to instead (with the same arguments), and
/// that jumps to the header forwarding its parameters. The block is placed before
/// the header through `layout`. The CFG changes: drop cached analyses.
pub fn create_preheader(
    func: &mut Function,
    cfg: &ControlFlowGraph,
    header: Block,
    in_loop: &SecondaryMap<Block, bool>,
    layout: &mut LayoutEdits,
) -> Block {
    let (pre, params) = new_block_like(func, header);
    for p in outside_preds(cfg, header, in_loop) {
        retarget(func, p, header, pre);
    }
    func.append_inst(
        pre,
        InstKind::Jump {
            dest: BlockCall::new(header, params),
        },
        &[],
    );
    layout.insert_before(header, pre);
    pre
}

/// The blocks of every loop of a nest, as a pass working inner loops first sees
/// them: the preheaders it creates for inner loops belong to the enclosing loops.
/// [`LoopBlocks::enter`] marks one loop's blocks in a membership set for the time
/// the pass works on it.
pub struct LoopBlocks {
    lists: SecondaryMap<LoopId, Vec<Block>>,
    /// The blocks of the loop entered, if any.
    pub in_loop: SecondaryMap<Block, bool>,
}

impl LoopBlocks {
    pub fn new(nest: &LoopNest) -> LoopBlocks {
        let mut lists = SecondaryMap::new();
        for (id, l) in nest.loops() {
            lists[id] = l.blocks.clone();
        }
        LoopBlocks {
            lists,
            in_loop: SecondaryMap::new(),
        }
    }

    /// The blocks of `id` (header first, definitions before uses).
    pub fn blocks(&self, id: LoopId) -> &[Block] {
        &self.lists[id]
    }

    /// Marks the blocks of `id` in [`LoopBlocks::in_loop`] (and unmarks the
    /// previous loop's).
    pub fn enter(&mut self, id: LoopId) {
        self.in_loop.clear();
        for &b in &self.lists[id] {
            self.in_loop[b] = true;
        }
    }

    /// The preheader of loop `id` (entered): the existing one, or a new one (placed
    /// through `layout`), which then belongs to every enclosing loop, right before
    /// the header in their block order. Returns it and whether it is new.
    pub fn preheader(
        &mut self,
        func: &mut Function,
        cfg: &ControlFlowGraph,
        nest: &LoopNest,
        id: LoopId,
        layout: &mut LayoutEdits,
    ) -> (Block, bool) {
        let header = nest.get(id).header;
        if let Some(p) = existing_preheader(func, cfg, header, &self.in_loop) {
            return (p, false);
        }
        let pre = create_preheader(func, cfg, header, &self.in_loop, layout);
        let mut parent = nest.get(id).parent;
        while let Some(l) = parent {
            let list = &mut self.lists[l];
            let at = list.iter().position(|&b| b == header).unwrap_or(list.len());
            list.insert(at, pre);
            parent = nest.get(l).parent;
        }
        (pre, true)
    }
}

/// Replaces `from` by `to` in the operands of `users`.
pub fn replace_uses(func: &mut Function, users: &[Inst], from: Value, to: Value) {
    for &u in users {
        func.insts[u]
            .kind
            .map_args(|a| if a == from { to } else { a });
    }
}

/// Makes every branch of `block`'s terminator to `from` go to `to` instead (same
/// arguments); returns how many edges changed.
pub fn retarget(func: &mut Function, block: Block, from: Block, to: Block) -> usize {
    let Some(term) = func.terminator(block) else {
        return 0;
    };
    let mut changed = 0;
    for call in func.insts[term].kind.block_calls_mut() {
        if call.block == from {
            call.block = to;
            changed += 1;
        }
    }
    changed
}

/// Appends a parameter of type `ty` to `block`, and to every branch to it from
/// `preds` (which must be all the blocks branching to it) the argument `arg(pred)`.
pub fn add_block_param(
    func: &mut Function,
    block: Block,
    ty: Type,
    preds: &[Block],
    mut arg: impl FnMut(Block, Value) -> Value,
) -> Value {
    let param = func.append_block_param(block, ty);
    let mut done: FxHashSet<Block> = FxHashSet::default();
    for &p in preds {
        if !done.insert(p) {
            continue;
        }
        let Some(term) = func.terminator(p) else {
            continue;
        };
        let value = arg(p, param);
        for call in func.insts[term].kind.block_calls_mut() {
            if call.block == block {
                call.args.push(value);
            }
        }
    }
    param
}

/// The result of [`clone_blocks`]: what each original block and value became.
#[derive(Default)]
pub struct Cloned {
    blocks: SecondaryMap<Block, PackedOption<Block>>,
    values: SecondaryMap<Value, PackedOption<Value>>,
    /// The clones, in the order of the originals.
    pub new_blocks: Vec<Block>,
}

impl Cloned {
    /// The clone of `b`, or `b` if it was not cloned.
    pub fn block(&self, b: Block) -> Block {
        self.blocks[b].expand().unwrap_or(b)
    }

    /// The clone of `v`, or `v` if it is not defined in the cloned blocks.
    pub fn value(&self, v: Value) -> Value {
        self.values[v].expand().unwrap_or(v)
    }
}

/// Copies `blocks` (parameters, instructions, terminators) into new blocks that are
/// not in the layout. Values defined in the copied blocks are renamed to their
/// copies everywhere in the copy, branches between copied blocks go to the copies,
/// and branches to other blocks are kept. Copies keep the originals' source
/// locations and have no names.
pub fn clone_blocks(func: &mut Function, blocks: &[Block]) -> Cloned {
    let mut cloned = Cloned::default();
    let mut new_insts: Vec<Inst> = Vec::new();
    for &b in blocks {
        let nb = new_block(func);
        cloned.blocks[b] = nb.into();
        cloned.new_blocks.push(nb);
        for p in func.blocks[b].params.clone() {
            let ty = func.value_type(p);
            let np = func.append_block_param(nb, ty);
            cloned.values[p] = np.into();
        }
        for inst in func.blocks[b].insts.clone() {
            let kind = func.insts[inst].kind.clone();
            let results = func.insts[inst].results.clone();
            let types: Vec<Type> = results.iter().map(|&r| func.value_type(r)).collect();
            let ni = edit::new_inst_like(func, inst, kind, &types);
            for (&r, &nr) in results.iter().zip(&func.insts[ni].results.clone()) {
                cloned.values[r] = nr.into();
            }
            func.blocks[nb].insts.push(ni);
            new_insts.push(ni);
        }
    }
    for ni in new_insts {
        let kind = &mut func.insts[ni].kind;
        kind.map_args(|v| cloned.values[v].expand().unwrap_or(v));
        for call in kind.block_calls_mut() {
            call.block = cloned.blocks[call.block].expand().unwrap_or(call.block);
        }
    }
    cloned
}

/// Block insertions into the layout, applied together by [`LayoutEdits::apply`] so
/// that many insertions cost one pass over the layout.
#[derive(Default)]
pub struct LayoutEdits {
    before: FxHashMap<Block, Vec<Block>>,
    after: FxHashMap<Block, Vec<Block>>,
}

impl LayoutEdits {
    /// Places `new` right before `anchor` (after earlier insertions before it).
    pub fn insert_before(&mut self, anchor: Block, new: Block) {
        self.before.entry(anchor).or_default().push(new);
    }

    /// Places `new` after `anchor` (after earlier insertions after it).
    pub fn insert_after(&mut self, anchor: Block, new: Block) {
        self.after.entry(anchor).or_default().push(new);
    }

    pub fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty()
    }

    /// Rebuilds the layout with the insertions (anchors are blocks of the layout or
    /// blocks inserted earlier).
    pub fn apply(&mut self, func: &mut Function) {
        if self.is_empty() {
            return;
        }
        let old = std::mem::take(&mut func.layout);
        let mut layout = Vec::with_capacity(old.len() + self.before.len() + self.after.len());
        for b in old {
            self.place(b, &mut layout);
        }
        func.layout = layout;
        self.before.clear();
        self.after.clear();
    }

    fn place(&mut self, b: Block, layout: &mut Vec<Block>) {
        // Explicit stack: insertions may themselves be anchors of insertions.
        enum Step {
            Enter(Block),
            Emit(Block),
        }
        let mut stack = vec![Step::Enter(b)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Emit(x) => layout.push(x),
                Step::Enter(x) => {
                    let before = self.before.remove(&x).unwrap_or_default();
                    let after = self.after.remove(&x).unwrap_or_default();
                    for &a in after.iter().rev() {
                        stack.push(Step::Enter(a));
                    }
                    stack.push(Step::Emit(x));
                    for &p in before.iter().rev() {
                        stack.push(Step::Enter(p));
                    }
                }
            }
        }
    }
}

/// Where a use of a loop value outside the loop is rerouted by [`close_loop`].
struct ExitUse {
    user: Inst,
    value: Value,
    exit: Block,
}

/// Puts the loop in closed form (LCSSA): every value defined in the loop and used
/// outside it (other than as an argument of an exit branch, which is in the loop)
/// reaches those uses through a new parameter of the exit block that dominates them.
/// Returns `false`, changing nothing, if some use is dominated by no exit block whose
/// predecessors are all in the loop. Uses in unreachable blocks are left alone (any
/// value may be used there).
///
/// The analyses must describe `func`; only instructions and block parameters change
/// (not the CFG).
pub fn close_loop(
    func: &mut Function,
    blocks: &[Block],
    in_loop: &SecondaryMap<Block, bool>,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
    uses: &Uses,
    inst_block: &SecondaryMap<Inst, PackedOption<Block>>,
) -> bool {
    let mut reroute: Vec<ExitUse> = Vec::new();
    for &b in blocks {
        let mut defined: Vec<Value> = func.blocks[b].params.clone();
        for &inst in &func.blocks[b].insts {
            defined.extend(func.insts[inst].results.iter().copied());
        }
        for v in defined {
            let mut users: Vec<Inst> = uses.users(v).to_vec();
            users.dedup();
            for user in users {
                let Some(ub) = inst_block[user].expand() else {
                    continue;
                };
                if in_loop[ub] || !cfg.is_reachable(ub) {
                    continue;
                }
                // The exit block on the dominator-tree path from the use up to the
                // loop (the definition, in the loop, dominates the use).
                let mut exit = ub;
                loop {
                    match domtree.idom(exit) {
                        Some(up) if !in_loop[up] => exit = up,
                        Some(_) => break,
                        None => return false,
                    }
                }
                if cfg.preds(exit).iter().any(|&p| !in_loop[p]) {
                    return false;
                }
                reroute.push(ExitUse {
                    user,
                    value: v,
                    exit,
                });
            }
        }
    }
    let mut params: FxHashMap<(Block, Value), Value> = FxHashMap::default();
    for r in reroute {
        let param = match params.get(&(r.exit, r.value)) {
            Some(&p) => p,
            None => {
                let preds: Vec<Block> = cfg.preds(r.exit).to_vec();
                let ty = func.value_type(r.value);
                let p = add_block_param(func, r.exit, ty, &preds, |_, _| r.value);
                params.insert((r.exit, r.value), p);
                p
            }
        };
        replace_uses(func, &[r.user], r.value, param);
    }
    true
}
