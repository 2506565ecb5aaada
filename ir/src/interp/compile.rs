//! Lowers a module into the interpreter's executable form ([`super::code`]): assigns a
//! register to every value, resolves each operation to its implementation, branch
//! targets to instruction indices, table indices and data addresses to constants, and
//! orders block-argument moves so they act as one simultaneous assignment.
//!
//! It expects a verified module. It does not re-verify types, but anything that would
//! make execution go wrong (a missing value, block, callee, a block without
//! terminator, an operation on the wrong type) is reported as
//! [`InterpError::Malformed`] instead of panicking.

use super::code::*;
use super::error::InterpError;
use super::eval::{binary_impl, compare_impl, convert_impl, unary_impl, Impl1, Impl2};
use crate::entities::{Block, Value};
use crate::function::{Function, ValueDef};
use crate::inst::{BlockCall, InstKind};
use crate::layout::{FrameLayout, Layout};
use crate::module::Module;
use crate::types::{Signature, Type};
use cranelift_entity::EntityRef;
use std::collections::HashMap;

/// Compiles every function of `module`.
pub(super) fn compile(module: &Module, layout: &Layout) -> Result<Program, InterpError> {
    let mut sigs = Signatures::default();
    let mut funcs = Vec::with_capacity(module.funcs.len());
    for func in module.funcs.values() {
        let sig_id = sigs.intern(&func.sig);
        let kind = match &func.import {
            Some(import) => FuncKind::Imported(import.clone()),
            None => FuncKind::Defined(BodyCompiler::new(module, layout, func, &mut sigs)?.run()?),
        };
        funcs.push(FuncCode {
            name: func.name.clone(),
            sig: func.sig.clone(),
            sig_id,
            kind,
        });
    }
    let by_name = funcs
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), i as u32))
        .collect();
    let table = layout.table.iter().map(|f| f.index() as u32).collect();
    Ok(Program {
        funcs,
        by_name,
        table,
    })
}

/// Gives each distinct signature a small id.
#[derive(Default)]
struct Signatures {
    ids: HashMap<Signature, u32>,
}

impl Signatures {
    fn intern(&mut self, sig: &Signature) -> u32 {
        if let Some(&id) = self.ids.get(sig) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(sig.clone(), id);
        id
    }
}

const NO_REG: Reg = Reg::MAX;

/// A branch before its target is resolved: the block and the ordered moves.
type PendingEdge = (Block, Box<[(Reg, Reg)]>);

/// Compiles one function body.
struct BodyCompiler<'a> {
    module: &'a Module,
    layout: &'a Layout,
    func: &'a Function,
    sigs: &'a mut Signatures,
    regs: Vec<Reg>,
    n_regs: u32,
    scratch: Reg,
    const_bits: Vec<u64>,
    slots: Vec<(Reg, u32)>,
    ops: Vec<Op>,
    /// Edges with their target block; resolved to instruction indices at the end.
    edges: Vec<PendingEdge>,
    sites: Vec<Site>,
    switches: Vec<SwitchTable>,
}

impl<'a> BodyCompiler<'a> {
    fn new(
        module: &'a Module,
        layout: &'a Layout,
        func: &'a Function,
        sigs: &'a mut Signatures,
    ) -> Result<Self, InterpError> {
        let mut this = BodyCompiler {
            module,
            layout,
            func,
            sigs,
            regs: vec![NO_REG; func.values.len()],
            n_regs: 0,
            scratch: 0,
            const_bits: Vec::new(),
            slots: Vec::new(),
            ops: Vec::new(),
            edges: Vec::new(),
            sites: Vec::new(),
            switches: Vec::new(),
        };
        this.assign_registers()?;
        Ok(this)
    }

    fn malformed(&self, message: impl Into<String>) -> InterpError {
        InterpError::Malformed {
            func: self.func.name.clone(),
            message: message.into(),
        }
    }

    fn new_reg(&mut self, v: Value) -> Reg {
        let r = self.n_regs;
        self.regs[v.index()] = r;
        self.n_regs += 1;
        r
    }

    /// Parameters, then constants, then slot addresses, then everything else.
    fn assign_registers(&mut self) -> Result<(), InterpError> {
        let func = self.func;
        if func.params.len() != func.sig.params.len() {
            return Err(self.malformed("parameter values do not match the signature"));
        }
        for &p in &func.params {
            if p.index() >= self.regs.len() || self.regs[p.index()] != NO_REG {
                return Err(self.malformed(format!("bad parameter value {p}")));
            }
            self.new_reg(p);
        }
        for (v, data) in func.values.iter() {
            if let ValueDef::Const(imm) = data.def {
                self.new_reg(v);
                self.const_bits.push(imm.bits());
            }
        }
        let frame = FrameLayout::of(func);
        for (slot, data) in func.slots.iter() {
            let v = data.value;
            if v.index() >= self.regs.len() || self.regs[v.index()] != NO_REG {
                return Err(self.malformed(format!("bad value {v} for {slot}")));
            }
            let r = self.new_reg(v);
            self.slots.push((r, frame.slot_offsets[slot]));
        }
        for v in func.values.keys() {
            if self.regs[v.index()] == NO_REG {
                self.new_reg(v);
            }
        }
        self.scratch = self.n_regs;
        self.n_regs += 1;
        Ok(())
    }

    fn reg(&self, v: Value) -> Result<Reg, InterpError> {
        match self.regs.get(v.index()) {
            Some(&r) if r != NO_REG => Ok(r),
            _ => Err(self.malformed(format!("unknown value {v}"))),
        }
    }

    fn regs_of(&self, values: &[Value]) -> Result<Box<[Reg]>, InterpError> {
        values.iter().map(|&v| self.reg(v)).collect()
    }

    fn value_type(&self, v: Value) -> Result<Type, InterpError> {
        self.func
            .values
            .get(v)
            .map(|d| d.ty)
            .ok_or_else(|| self.malformed(format!("unknown value {v}")))
    }

    fn run(mut self) -> Result<Body, InterpError> {
        let func = self.func;
        if func.layout.is_empty() {
            return Err(self.malformed("the function has no blocks"));
        }
        let mut block_pc: HashMap<Block, u32> = HashMap::new();
        for &block in &func.layout {
            let data = func
                .blocks
                .get(block)
                .ok_or_else(|| self.malformed(format!("unknown block {block}")))?;
            block_pc.insert(block, self.ops.len() as u32);
            let ends_with_terminator = data
                .insts
                .last()
                .and_then(|&i| func.insts.get(i))
                .is_some_and(|d| d.kind.is_terminator());
            if !ends_with_terminator {
                return Err(self.malformed(format!(
                    "block {} does not end with a terminator",
                    func.block_label(block)
                )));
            }
            for &inst in &data.insts {
                let op = self.compile_inst(inst)?;
                self.ops.push(op);
            }
        }
        let mut edges = Vec::with_capacity(self.edges.len());
        for (block, moves) in std::mem::take(&mut self.edges) {
            let target = *block_pc.get(&block).ok_or_else(|| {
                self.malformed(format!("branch to a block not in the layout ({block})"))
            })?;
            edges.push(Edge { target, moves });
        }
        let frame_size = FrameLayout::of(func).size;
        Ok(Body {
            ops: self.ops.into(),
            n_regs: self.n_regs,
            const_base: func.params.len() as u32,
            const_bits: self.const_bits.into(),
            slots: self.slots.into(),
            frame_size,
            edges: edges.into(),
            sites: self.sites.into(),
            switches: self.switches.into(),
        })
    }

    fn site(&mut self, args: &[Value], results: &[Value]) -> Result<u32, InterpError> {
        let site = Site {
            args: self.regs_of(args)?,
            results: self.regs_of(results)?,
        };
        self.sites.push(site);
        Ok(self.sites.len() as u32 - 1)
    }

    fn edge(&mut self, call: &BlockCall) -> Result<u32, InterpError> {
        let params = match self.func.blocks.get(call.block) {
            Some(data) => &data.params,
            None => return Err(self.malformed(format!("branch to unknown block {}", call.block))),
        };
        if params.len() != call.args.len() {
            return Err(self.malformed(format!(
                "branch to {} passes {} arguments for {} parameters",
                self.func.block_label(call.block),
                call.args.len(),
                params.len()
            )));
        }
        let mut moves = Vec::with_capacity(params.len());
        for (&param, &arg) in params.iter().zip(&call.args) {
            moves.push((self.reg(param)?, self.reg(arg)?));
        }
        let moves = sequentialize(&moves, self.scratch);
        self.edges.push((call.block, moves.into()));
        Ok(self.edges.len() as u32 - 1)
    }

    /// Checks that a call-like instruction has one result value per result type.
    fn check_results(
        &self,
        results: &[Value],
        expected: usize,
        what: &str,
    ) -> Result<(), InterpError> {
        if results.len() == expected {
            Ok(())
        } else {
            Err(self.malformed(format!(
                "{what} has {} result values for {expected} results",
                results.len()
            )))
        }
    }

    fn callee(&self, func: crate::entities::Func) -> Result<u32, InterpError> {
        match self.module.funcs.get(func) {
            Some(_) => Ok(func.index() as u32),
            None => Err(self.malformed(format!("call of unknown function {func}"))),
        }
    }

    /// Checks that a call passes as many arguments as `sig` has parameters.
    fn check_args(&self, args: &[Value], sig: &Signature) -> Result<(), InterpError> {
        if args.len() == sig.params.len() {
            Ok(())
        } else {
            Err(self.malformed(format!(
                "a call passes {} arguments for {} parameters",
                args.len(),
                sig.params.len()
            )))
        }
    }

    /// Checks a direct call's arguments; returns the callee's index.
    fn direct_callee(
        &self,
        func: crate::entities::Func,
        args: &[Value],
    ) -> Result<u32, InterpError> {
        let callee = self.callee(func)?;
        self.check_args(args, &self.module.funcs[func].sig)?;
        Ok(callee)
    }

    fn compile_inst(&mut self, inst: crate::entities::Inst) -> Result<Op, InterpError> {
        use InstKind::*;
        let data = self
            .func
            .insts
            .get(inst)
            .ok_or_else(|| self.malformed(format!("unknown instruction {inst}")))?;
        let results = &data.results;
        let dst = |i: usize| -> Result<Reg, InterpError> {
            match results.get(i) {
                Some(&v) => self.reg(v),
                None => Err(self.malformed(format!("{inst} lacks a result value"))),
            }
        };
        let unsupported =
            |what: &str, ty: Type| self.malformed(format!("`{what}` is not defined on {ty}"));
        let op = match &data.kind {
            Const(imm) => Op::Imm {
                dst: dst(0)?,
                bits: imm.bits(),
            },
            Binary { op, args } => {
                let ty = self.value_type(args[0])?;
                let (dst, a, b) = (dst(0)?, self.reg(args[0])?, self.reg(args[1])?);
                match binary_impl(*op, ty) {
                    Some(Impl2::Pure(f)) => Op::Bin { f, dst, a, b },
                    Some(Impl2::Trapping(f)) => Op::BinTrap { f, dst, a, b },
                    None => return Err(unsupported(op.name(), ty)),
                }
            }
            Unary { op, arg } => {
                let ty = self.value_type(*arg)?;
                let f = unary_impl(*op, ty).ok_or_else(|| unsupported(op.name(), ty))?;
                Op::Un {
                    f,
                    dst: dst(0)?,
                    a: self.reg(*arg)?,
                }
            }
            Compare { op, args } => {
                let ty = self.value_type(args[0])?;
                let f = compare_impl(*op, ty).ok_or_else(|| unsupported(op.name(), ty))?;
                Op::Bin {
                    f,
                    dst: dst(0)?,
                    a: self.reg(args[0])?,
                    b: self.reg(args[1])?,
                }
            }
            Convert { op, arg } => {
                let ty = self.value_type(*arg)?;
                let (dst, a) = (dst(0)?, self.reg(*arg)?);
                match convert_impl(*op, ty) {
                    Some(Impl1::Pure(f)) => Op::Un { f, dst, a },
                    Some(Impl1::Trapping(f)) => Op::UnTrap { f, dst, a },
                    None => return Err(unsupported(op.name(), ty)),
                }
            }
            Select { args } => Op::Select {
                dst: dst(0)?,
                cond: self.reg(args[0])?,
                a: self.reg(args[1])?,
                b: self.reg(args[2])?,
            },
            Load {
                ty,
                width,
                signed,
                addr,
                mem,
            } => {
                if width.bits() > ty.bits() {
                    return Err(self.malformed(format!("a {}-bit load into {ty}", width.bits())));
                }
                let kind = if !signed || width.bits() == ty.bits() {
                    LoadKind::Zero(*width)
                } else if ty.bits() == 32 {
                    LoadKind::Signed32(*width)
                } else {
                    LoadKind::Signed64(*width)
                };
                Op::Load {
                    kind,
                    dst: dst(0)?,
                    addr: self.reg(*addr)?,
                    offset: mem.offset,
                }
            }
            Store {
                ty,
                width,
                addr,
                value,
                mem,
            } => {
                if width.bits() > ty.bits() {
                    return Err(self.malformed(format!("a {}-bit store of {ty}", width.bits())));
                }
                Op::Store {
                    width: *width,
                    addr: self.reg(*addr)?,
                    value: self.reg(*value)?,
                    offset: mem.offset,
                }
            }
            MemorySize => Op::MemorySize { dst: dst(0)? },
            MemoryGrow { pages } => Op::MemoryGrow {
                dst: dst(0)?,
                pages: self.reg(*pages)?,
            },
            MemoryCopy { args } => Op::MemoryCopy {
                dst: self.reg(args[0])?,
                src: self.reg(args[1])?,
                len: self.reg(args[2])?,
            },
            MemoryFill { args } => Op::MemoryFill {
                dst: self.reg(args[0])?,
                byte: self.reg(args[1])?,
                len: self.reg(args[2])?,
            },
            DataAddr { data, offset } => {
                if self.module.data.get(*data).is_none() {
                    return Err(self.malformed(format!("address of unknown data object {data}")));
                }
                Op::Imm {
                    dst: dst(0)?,
                    bits: self.layout.data_address(*data).wrapping_add(*offset) as u64,
                }
            }
            HeapBase => Op::Imm {
                dst: dst(0)?,
                bits: self.layout.heap_base as u64,
            },
            FuncAddr { func } => {
                self.callee(*func)?;
                Op::Imm {
                    dst: dst(0)?,
                    bits: self.layout.table_index(*func) as u64,
                }
            }
            StackAlloc { size } => Op::StackAlloc {
                dst: dst(0)?,
                size: self.reg(*size)?,
            },
            GlobalGet { global } => {
                self.check_global(*global)?;
                Op::GlobalGet {
                    dst: dst(0)?,
                    global: global.index() as u32,
                }
            }
            GlobalSet { global, value } => {
                self.check_global(*global)?;
                Op::GlobalSet {
                    global: global.index() as u32,
                    value: self.reg(*value)?,
                }
            }
            Call { func, args } => {
                let callee = self.direct_callee(*func, args)?;
                let n = self.module.funcs[*func].sig.results.len();
                self.check_results(results, n, "a call")?;
                Op::Call {
                    callee,
                    site: self.site(args, results)?,
                }
            }
            CallIndirect { sig, callee, args } => {
                self.check_args(args, sig)?;
                self.check_results(results, sig.results.len(), "an indirect call")?;
                Op::CallIndirect {
                    callee: self.reg(*callee)?,
                    sig: self.sigs.intern(sig),
                    site: self.site(args, results)?,
                }
            }
            Syscall { call, args } => {
                if args.len() != call.params().len() {
                    return Err(self.malformed(format!(
                        "`syscall.{}` with {} operands",
                        call.name(),
                        args.len()
                    )));
                }
                self.check_results(results, call.results().len(), "a syscall")?;
                Op::Syscall {
                    call: *call,
                    site: self.site(args, results)?,
                }
            }
            Jump { dest } => Op::Jump {
                edge: self.edge(dest)?,
            },
            BrIf {
                cond,
                then_dest,
                else_dest,
            } => Op::BrIf {
                cond: self.reg(*cond)?,
                then_edge: self.edge(then_dest)?,
                else_edge: self.edge(else_dest)?,
            },
            Switch {
                index,
                default,
                cases,
            } => {
                let ty = self.value_type(*index)?;
                let table = self.switch_table(ty, default, cases)?;
                self.switches.push(table);
                Op::Switch {
                    index: self.reg(*index)?,
                    table: self.switches.len() as u32 - 1,
                }
            }
            Ret { values } => {
                if values.len() != self.func.sig.results.len() {
                    return Err(self.malformed("`ret` does not match the function's results"));
                }
                Op::Ret {
                    site: self.site(values, &[])?,
                }
            }
            Trap => Op::Trap,
            ReturnCall { func, args } => Op::ReturnCall {
                callee: self.direct_callee(*func, args)?,
                site: self.site(args, &[])?,
            },
            ReturnCallIndirect { sig, callee, args } => Op::ReturnCallIndirect {
                callee: {
                    self.check_args(args, sig)?;
                    self.reg(*callee)?
                },
                sig: self.sigs.intern(sig),
                site: self.site(args, &[])?,
            },
        };
        Ok(op)
    }

    fn check_global(&self, global: crate::entities::Global) -> Result<(), InterpError> {
        match self.module.globals.get(global) {
            Some(_) => Ok(()),
            None => Err(self.malformed(format!("use of unknown global {global}"))),
        }
    }

    fn switch_table(
        &mut self,
        index_type: Type,
        default: &BlockCall,
        cases: &[(u64, BlockCall)],
    ) -> Result<SwitchTable, InterpError> {
        let mask = if index_type.bits() == 32 {
            u32::MAX as u64
        } else {
            u64::MAX
        };
        let default = self.edge(default)?;
        let mut sparse: Vec<(u64, u32)> = Vec::with_capacity(cases.len());
        for (key, call) in cases {
            let edge = self.edge(call)?;
            sparse.push((key & mask, edge));
        }
        // The first case of a key wins (the verifier rejects duplicates anyway).
        sparse.sort_by_key(|&(k, _)| k);
        sparse.dedup_by_key(|&mut (k, _)| k);
        let max_key = sparse.last().map_or(0, |&(k, _)| k);
        let dense_limit = 2 * sparse.len() as u64 + 64;
        if !sparse.is_empty() && max_key < dense_limit {
            let mut dense = vec![default; max_key as usize + 1];
            for &(k, edge) in &sparse {
                dense[k as usize] = edge;
            }
            return Ok(SwitchTable {
                default,
                dense: dense.into(),
                sparse: Box::new([]),
            });
        }
        Ok(SwitchTable {
            default,
            dense: Box::new([]),
            sparse: sparse.into(),
        })
    }
}

/// Orders the parallel assignment `dst := src` (for every pair, all reads before any
/// write) into moves that can run one after the other, using `scratch` to break
/// cycles. Destinations are distinct (they are a block's parameters).
pub(super) fn sequentialize(moves: &[(Reg, Reg)], scratch: Reg) -> Vec<(Reg, Reg)> {
    let mut pending: Vec<(Reg, Reg)> = moves.iter().copied().filter(|&(d, s)| d != s).collect();
    let mut out = Vec::with_capacity(pending.len() + 1);
    while !pending.is_empty() {
        // A move whose destination no other pending move still reads can go now.
        let ready = (0..pending.len()).find(|&i| {
            let dst = pending[i].0;
            pending.iter().all(|&(_, s)| s != dst)
        });
        match ready {
            Some(i) => out.push(pending.remove(i)),
            None => {
                // Every destination is still read: a cycle. Save one destination's
                // current value in the scratch register and read it from there.
                let saved = pending[0].0;
                out.push((scratch, saved));
                for m in &mut pending {
                    if m.1 == saved {
                        m.1 = scratch;
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sequentialize;

    /// Runs the moves on a register file and returns it.
    fn apply(moves: &[(u32, u32)], regs: &mut [u64]) {
        for &(d, s) in moves {
            regs[d as usize] = regs[s as usize];
        }
    }

    /// Checks that the sequential moves have the effect of the parallel assignment.
    fn check(parallel: &[(u32, u32)]) {
        let scratch = 9;
        let mut expected: Vec<u64> = (0..10).map(|r| 100 + r).collect();
        let before = expected.clone();
        for &(d, s) in parallel {
            expected[d as usize] = before[s as usize];
        }
        let mut regs = before.clone();
        apply(&sequentialize(parallel, scratch), &mut regs);
        assert_eq!(&regs[..9], &expected[..9], "moves {parallel:?}");
    }

    #[test]
    fn parallel_moves_become_sequential() {
        check(&[]);
        check(&[(0, 0), (1, 1)]);
        check(&[(0, 5), (1, 6)]);
        check(&[(0, 1), (1, 0)]); // swap
        check(&[(0, 1), (1, 2), (2, 0)]); // rotation
        check(&[(0, 1), (1, 0), (2, 3), (3, 2)]); // two cycles
        check(&[(0, 1), (1, 2), (2, 0), (3, 0), (4, 3)]); // a cycle with a tail
        check(&[(1, 0), (2, 0), (3, 0)]); // fan-out
        check(&[(0, 4), (4, 0), (5, 4)]);
    }
}
