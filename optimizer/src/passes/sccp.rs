//! `sccp`: sparse conditional constant propagation (Wegman and Zadeck).
//!
//! Values start unknown and blocks unexecuted; from the entry, only edges that a
//! branch can take with the constants known so far are followed, and block parameters
//! meet only the arguments of edges that can execute. At the fixpoint, every value
//! known to be a constant is replaced by it, and branches on constants become jumps,
//! so blocks that never execute become unreachable (and are deleted).
//!
//! Operations fold with exactly the interpreter's semantics (`lir::interp::eval`): an
//! operation that would trap for its constant operands is not folded (`div_s 1, 0`
//! stays and traps), float results keep their NaN-ness and the sign of zero, and NaN
//! results are the canonical NaN, as the interpreter computes them. Immutable globals
//! fold to their initial value, and loads of `readonly` data at constant offsets to
//! the bytes stored there.
//!
//! It does not simplify with one unknown operand (`mul %x, 0` is `peephole`'s), fold
//! loads of writable memory, or delete the instructions it made dead (`dce` does).

use crate::analysis::address::{decompose, Base};
use crate::pass::{Changes, FunctionContext, FunctionPass};
use cranelift_entity::{EntityRef, SecondaryMap};
use lir::interp::eval;
use lir::{
    Block, BlockCall, Data, DataItem, DataValue, Function, Imm, Inst, InstKind, MemWidth, Module,
    Type, Value, ValueDef,
};
use rustc_hash::FxHashMap;

pub struct Sccp;

impl FunctionPass for Sccp {
    fn name(&self) -> &'static str {
        "sccp"
    }

    fn description(&self) -> &'static str {
        "sparse conditional constant propagation: fold constants, prune branches never taken"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let Some(entry) = func.entry_block() else {
            return Changes::NONE;
        };
        let uses = cx.analyses.uses(func);
        let mut solver = Solver {
            module: cx.module,
            func,
            value: lir::entities::dense_map(func.values.len()),
            executable: lir::entities::dense_map(func.blocks.len()),
            block_work: Vec::with_capacity(func.blocks.len()),
            // Each value moves down the lattice at most twice; most move once.
            value_work: Vec::with_capacity(func.values.len()),
            clock: 0,
            visited_at: vec![0; func.insts.len()],
            block_of: crate::edit::inst_blocks(func),
            data_bytes: FxHashMap::default(),
        };
        solver.block_work.push(entry);
        solver.executable[entry] = true;
        solver.solve(&uses);
        let Some(result) = solver.finish() else {
            return Changes::NONE;
        };
        rewrite(func, result)
    }
}

/// The lattice of a value.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum Lattice {
    /// Not known yet (no executable definition seen).
    #[default]
    Top,
    Const(Imm),
    /// Not a constant.
    Bottom,
}

impl Lattice {
    fn meet(self, other: Lattice) -> Lattice {
        match (self, other) {
            (Lattice::Top, x) | (x, Lattice::Top) => x,
            (Lattice::Const(a), Lattice::Const(b)) if a == b => Lattice::Const(a),
            _ => Lattice::Bottom,
        }
    }
}

struct Solver<'a> {
    module: &'a Module,
    func: &'a Function,
    value: SecondaryMap<Value, Lattice>,
    executable: SecondaryMap<Block, bool>,
    block_work: Vec<Block>,
    /// Values that moved down the lattice, each with the [`Solver::clock`] reading
    /// of that move.
    value_work: Vec<(Value, u32)>,
    /// Counts the moves down the lattice (the first is 1).
    clock: u32,
    /// The clock reading when each instruction was last visited (0: never). A user
    /// visited after an operand's move saw it and needs no visit for that move.
    visited_at: Vec<u32>,
    block_of: SecondaryMap<Inst, cranelift_entity::packed_option::PackedOption<Block>>,
    data_bytes: FxHashMap<Data, Vec<Option<u8>>>,
}

/// The constants found and the executable blocks.
struct Solution {
    constants: Vec<(Value, Imm)>,
    /// Executable blocks whose terminator has a constant condition.
    branches: Vec<(Block, Imm)>,
}

impl Solver<'_> {
    fn lattice(&self, v: Value) -> Lattice {
        match self.func.values[v].def {
            ValueDef::Const(imm) => Lattice::Const(imm),
            ValueDef::Param(_) | ValueDef::Slot(_) => Lattice::Bottom,
            _ => self.value[v],
        }
    }

    fn set(&mut self, v: Value, new: Lattice) {
        let old = self.value[v];
        let merged = old.meet(new);
        // Values only move down the lattice: Top -> Const -> Bottom.
        let merged = match (old, new) {
            (Lattice::Const(a), Lattice::Const(b)) if a != b => Lattice::Bottom,
            _ => merged,
        };
        if merged != old {
            self.value[v] = merged;
            self.clock += 1;
            self.value_work.push((v, self.clock));
        }
    }

    fn solve(&mut self, uses: &crate::analysis::Uses) {
        loop {
            if let Some(block) = self.block_work.pop() {
                for &inst in &self.func.blocks[block].insts {
                    self.visit(inst);
                }
                continue;
            }
            if let Some((v, moved_at)) = self.value_work.pop() {
                for &user in uses.users(v) {
                    let Some(block) = self.block_of[user].expand() else {
                        continue;
                    };
                    // A user visited since the move already saw the new value.
                    if self.executable[block] && self.visited_at[user.index()] < moved_at {
                        self.visit(user);
                    }
                }
                continue;
            }
            break;
        }
    }

    /// The edge `from -> call.block` executes: its arguments meet into the target's
    /// parameters (the meet is monotone, so meeting edge by edge, each time an edge's
    /// arguments may have changed, gives the meet over all executable edges).
    fn mark_edge(&mut self, call: &BlockCall) {
        let to = call.block;
        let func = self.func;
        for (&p, &arg) in func.blocks[to].params.iter().zip(&call.args) {
            let incoming = self.lattice(arg);
            self.set(p, incoming);
        }
        if !self.executable[to] {
            self.executable[to] = true;
            self.block_work.push(to);
        }
    }

    fn visit(&mut self, inst: Inst) {
        // Moves during this visit (of its own results, or of a block parameter it
        // passes to itself) come later and still bring it back.
        self.visited_at[inst.index()] = self.clock;
        let block = self.block_of[inst].expand();
        let kind = &self.func.insts[inst].kind;
        let results = &self.func.insts[inst].results;
        if kind.is_terminator() {
            if block.is_none() {
                return;
            }
            match kind {
                InstKind::Jump { dest } => self.mark_edge(dest),
                InstKind::BrIf {
                    cond,
                    then_dest,
                    else_dest,
                } => match self.lattice(*cond) {
                    Lattice::Top => {}
                    Lattice::Const(c) if c.bits() != 0 => self.mark_edge(then_dest),
                    Lattice::Const(_) => self.mark_edge(else_dest),
                    Lattice::Bottom => {
                        self.mark_edge(then_dest);
                        self.mark_edge(else_dest);
                    }
                },
                InstKind::Switch {
                    index,
                    default,
                    cases,
                } => match self.lattice(*index) {
                    Lattice::Top => {}
                    Lattice::Const(c) => self.mark_edge(
                        cases
                            .iter()
                            .find(|(k, _)| *k == c.bits())
                            .map_or(default, |(_, d)| d),
                    ),
                    Lattice::Bottom => {
                        for call in kind.block_calls() {
                            self.mark_edge(call);
                        }
                    }
                },
                _ => {}
            }
            return;
        }
        if results.is_empty() {
            return;
        }
        let new = self.evaluate(kind);
        let n = results.len();
        for i in 0..n {
            let r = self.func.insts[inst].results[i];
            let l = if n == 1 { new } else { Lattice::Bottom };
            self.set(r, l);
        }
    }

    fn evaluate(&mut self, kind: &InstKind) -> Lattice {
        let fold1 = |a: Lattice, f: &dyn Fn(Imm) -> Result<Imm, eval::EvalError>| match a {
            Lattice::Top => Lattice::Top,
            Lattice::Bottom => Lattice::Bottom,
            Lattice::Const(a) => f(a).map_or(Lattice::Bottom, Lattice::Const),
        };
        let fold2 =
            |a: Lattice, b: Lattice, f: &dyn Fn(Imm, Imm) -> Result<Imm, eval::EvalError>| match (
                a, b,
            ) {
                (Lattice::Bottom, _) | (_, Lattice::Bottom) => Lattice::Bottom,
                (Lattice::Const(a), Lattice::Const(b)) => {
                    f(a, b).map_or(Lattice::Bottom, Lattice::Const)
                }
                _ => Lattice::Top,
            };
        match kind {
            InstKind::Const(imm) => Lattice::Const(*imm),
            InstKind::Binary { op, args } => {
                fold2(self.lattice(args[0]), self.lattice(args[1]), &|a, b| {
                    eval::binary(*op, a, b)
                })
            }
            InstKind::Compare { op, args } => {
                fold2(self.lattice(args[0]), self.lattice(args[1]), &|a, b| {
                    eval::compare(*op, a, b)
                })
            }
            InstKind::Unary { op, arg } => fold1(self.lattice(*arg), &|a| eval::unary(*op, a)),
            InstKind::Convert { op, arg } => fold1(self.lattice(*arg), &|a| eval::convert(*op, a)),
            InstKind::Select { args } => match self.lattice(args[0]) {
                Lattice::Top => Lattice::Top,
                Lattice::Const(c) if c.bits() != 0 => self.lattice(args[1]),
                Lattice::Const(_) => self.lattice(args[2]),
                Lattice::Bottom => self.lattice(args[1]).meet(self.lattice(args[2])),
            },
            InstKind::GlobalGet { global } => match self.module.globals.get(*global) {
                Some(g) if !g.mutable => Lattice::Const(g.init),
                _ => Lattice::Bottom,
            },
            InstKind::Load {
                ty,
                width,
                signed,
                addr,
                mem,
            } if !mem.volatile => self
                .readonly_load(*ty, *width, *signed, *addr, mem.offset)
                .map_or(Lattice::Bottom, Lattice::Const),
            _ => Lattice::Bottom,
        }
    }

    /// The value a load of `readonly` data at a constant offset reads.
    fn readonly_load(
        &mut self,
        ty: Type,
        width: MemWidth,
        signed: bool,
        addr: Value,
        offset: u32,
    ) -> Option<Imm> {
        let a = decompose(self.func, addr);
        let Base::Data(data) = a.base else {
            return None;
        };
        let object = self.module.data.get(data)?;
        if !object.readonly {
            return None;
        }
        let start = usize::try_from(a.offset + offset as i64).ok()?;
        let n = width.bytes() as usize;
        let bytes = self
            .data_bytes
            .entry(data)
            .or_insert_with(|| literal_bytes(&object.items));
        let slice = bytes.get(start..start.checked_add(n)?)?;
        let mut raw: u64 = 0;
        for (i, b) in slice.iter().enumerate() {
            raw |= (*b)? as u64 * (1u64 << (8 * i));
        }
        let bits = n as u32 * 8;
        let value = if signed && bits < 64 {
            let shift = 64 - bits;
            ((raw << shift) as i64 >> shift) as u64
        } else {
            raw
        };
        Some(Imm::new(ty, value))
    }

    fn finish(self) -> Option<Solution> {
        let mut constants = Vec::new();
        let mut branches = Vec::new();
        for &block in &self.func.layout {
            if !self.executable[block] {
                continue;
            }
            for &p in &self.func.blocks[block].params {
                if let Lattice::Const(c) = self.value[p] {
                    constants.push((p, c));
                }
            }
            for &inst in &self.func.blocks[block].insts {
                let data = &self.func.insts[inst];
                for &r in &data.results {
                    // Constants that are already literal operands need no rewrite.
                    if let Lattice::Const(c) = self.value[r] {
                        if self.func.as_const(r).is_none() {
                            constants.push((r, c));
                        }
                    }
                }
                let cond = match &data.kind {
                    InstKind::BrIf { cond, .. } => Some(*cond),
                    InstKind::Switch { index, .. } => Some(*index),
                    _ => None,
                };
                if let Some(cond) = cond {
                    match self.lattice(cond) {
                        Lattice::Const(c) => branches.push((block, c)),
                        // An executable branch on an unknown value would mean the
                        // solution is incomplete; change nothing rather than guess.
                        Lattice::Top => return None,
                        Lattice::Bottom => {}
                    }
                }
            }
        }
        Some(Solution {
            constants,
            branches,
        })
    }
}

/// The bytes of a data initializer; `None` where a symbol (an address) is stored.
fn literal_bytes(items: &[DataItem]) -> Vec<Option<u8>> {
    let mut out = Vec::new();
    for item in items {
        match item {
            DataItem::Bytes(b) => out.extend(b.iter().map(|&x| Some(x))),
            DataItem::Zero(n) => out.extend(std::iter::repeat_n(Some(0), *n as usize)),
            DataItem::Scalars { ty, values } => {
                let size = ty.size() as usize;
                for v in values {
                    match v {
                        DataValue::Bits(bits) => {
                            out.extend((0..size).map(|i| Some((bits >> (8 * i)) as u8)))
                        }
                        _ => out.extend(std::iter::repeat_n(None, size)),
                    }
                }
            }
        }
    }
    out
}

fn rewrite(func: &mut Function, solution: Solution) -> Changes {
    let mut map = crate::edit::ValueMap::new();
    let mut count = 0;
    for (v, imm) in solution.constants {
        let c = func.const_value(imm);
        map.replace(v, c);
        count += 1;
    }
    map.apply(func);
    let mut cfg = false;
    for (block, c) in solution.branches {
        let Some(term) = func.terminator(block) else {
            continue;
        };
        let dest = match &func.insts[term].kind {
            InstKind::BrIf {
                then_dest,
                else_dest,
                ..
            } => {
                if c.bits() != 0 {
                    then_dest.clone()
                } else {
                    else_dest.clone()
                }
            }
            InstKind::Switch { default, cases, .. } => cases
                .iter()
                .find(|(k, _)| *k == c.bits())
                .map_or(default, |(_, d)| d)
                .clone(),
            _ => continue,
        };
        func.insts[term].kind = InstKind::Jump { dest };
        count += 1;
        cfg = true;
    }
    if cfg {
        // Blocks the constant branches cut off are exactly the unexecuted ones.
        let cfg = lir::analysis::ControlFlowGraph::new(func);
        func.layout.retain(|&b| cfg.is_reachable(b));
    }
    Changes { count, cfg }
}
