//! Lowers a module into the interpreter's executable form ([`super::code`]): assigns a
//! register to every value, resolves each operation to its implementation, branch
//! targets to instruction indices, table indices and data addresses to constants, and
//! orders block-argument moves so they act as one simultaneous assignment.
//!
//! This file owns registers, blocks, edges and call sites; [`inst`] lowers each
//! instruction and [`moves`] orders block-argument moves.
//!
//! It expects a verified module. It does not re-verify types, but anything that would
//! make execution go wrong (a missing value, block, callee, a block without
//! terminator, an operation on the wrong type) is reported as
//! [`InterpError::Malformed`] instead of panicking.

mod inst;
mod moves;

use super::code::*;
use super::error::InterpError;
use crate::entities::{Block, Value};
use crate::function::{Function, ValueDef};
use crate::inst::BlockCall;
use crate::layout::{FrameLayout, Layout};
use crate::module::Module;
use crate::types::{Signature, Type};
use cranelift_entity::EntityRef;
use moves::sequentialize;
use rustc_hash::FxHashMap as HashMap;

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
    /// The location of each op's instruction.
    locs: Vec<crate::srcloc::SourceLoc>,
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
            locs: Vec::new(),
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
        let mut block_pc: HashMap<Block, u32> = HashMap::default();
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
                self.locs
                    .push(func.srclocs.get(inst).copied().unwrap_or_default());
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
            locs: self.locs.into(),
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
}
