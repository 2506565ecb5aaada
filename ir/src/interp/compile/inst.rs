//! Lowering of one instruction to one [`Op`]: picks the [`crate::interp::eval`]
//! implementation for the operand types, the load kind, constant addresses and table
//! indices, call sites and switch tables.

use super::BodyCompiler;
use crate::entities::Inst;
use crate::inst::{BlockCall, InstKind};
use crate::interp::code::*;
use crate::interp::error::InterpError;
use crate::interp::eval::{binary_impl, compare_impl, convert_impl, unary_impl, Impl1, Impl2};
use crate::types::Type;
use cranelift_entity::EntityRef;

impl BodyCompiler<'_> {
    pub(super) fn compile_inst(&mut self, inst: Inst) -> Result<Op, InterpError> {
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
