//! Stage 8b, emission of single instructions and operand trees: pushes an operand
//! (its stackified tree, its local, or its rematerialized constant or slot address),
//! then the instruction chosen by [`crate::isel`] or a [`crate::fallback`] sequence.
//!
//! Loads and stores use the folded addresses of [`crate::address`]; a slot address
//! used as an address becomes the frame base with the slot's offset in the memarg.
//! `stack.alloc` checks the shadow stack against its base before moving the pointer.
//! Terminators are not handled here (see [`crate::emit`]).

use crate::emit::Emitter;
use crate::error::CompileError;
use crate::fallback;
use crate::features::Feature;
use crate::isel;
use crate::structure::Cond;
use crate::values::Remat;
use lir::{BinaryOp, CompareOp, ConvertOp, Imm, Inst, InstKind, Type, UnaryOp, Value, ValueDef};
use wasm_encoder::BlockType;

impl Emitter<'_> {
    /// Pushes the value `v`.
    pub(crate) fn value(&mut self, v: Value) -> Result<(), CompileError> {
        if self.schedule.carried[v] {
            // Already on the stack, left there by its definition.
            return Ok(());
        }
        if self.schedule.stackified[v] {
            let ValueDef::Result(def, _) = self.func.value_def(v) else {
                return Err(self.internal(format!("stackified {v} is not a result")));
            };
            return self.inst(def);
        }
        match self.values.remat[v] {
            Some(Remat::Imm(imm)) => isel::constant(&mut self.sink(), imm),
            Some(Remat::SlotAddr(offset)) => {
                let fp = self.frame_base()?;
                self.local_get(fp);
                if offset != 0 {
                    self.sink().i32_const(offset as i32).i32_add();
                }
            }
            None => match self.locals.local(v) {
                Some(l) => match self.pending_sunk(v) {
                    Some(def) => {
                        self.inst(def)?;
                        self.local_tee(l);
                    }
                    None => self.read_value_local(v, l),
                },
                None => return Err(self.internal(format!("{v} has no local"))),
            },
        }
        Ok(())
    }

    fn frame_base(&self) -> Result<u32, CompileError> {
        self.fp
            .ok_or_else(|| self.internal("slot address in a function without a frame"))
    }

    /// Pushes the address operand of a load or store; returns the memarg offset.
    fn address(&mut self, inst: Inst, addr: Value, offset: u32) -> Result<u32, CompileError> {
        let (base, offset) = self.values.folded_addr[inst].unwrap_or((addr, offset));
        if let Some(Remat::SlotAddr(slot)) = self.values.remat[base] {
            if let Some(total) = slot.checked_add(offset) {
                let fp = self.frame_base()?;
                self.local_get(fp);
                return Ok(total);
            }
        }
        self.value(base)?;
        Ok(offset)
    }

    /// Pushes the operands of `inst` in evaluation order (without allocating for the
    /// common case of at most four).
    fn operands(&mut self, inst: Inst) -> Result<(), CompileError> {
        let mut small = [Value::from_u32(0); 4];
        let mut rest = Vec::new();
        let mut n = 0;
        self.values.for_each_operand(self.func, inst, |v| {
            match small.get_mut(n) {
                Some(slot) => *slot = v,
                None => rest.push(v),
            }
            n += 1;
        });
        for &v in small.iter().take(n).chain(&rest) {
            self.value(v)?;
        }
        Ok(())
    }

    /// Emits `inst` with its operands, leaving its results on the stack (its code is
    /// attributed to its location when locations are recorded).
    pub(crate) fn inst(&mut self, inst: Inst) -> Result<(), CompileError> {
        self.located(inst, |e| e.inst_code(inst))
    }

    fn inst_code(&mut self, inst: Inst) -> Result<(), CompileError> {
        let func = self.func;
        let ty = |v: Value| func.value_type(v);
        let ok = match &func.insts[inst].kind {
            InstKind::Const(imm) => {
                isel::constant(&mut self.sink(), *imm);
                true
            }
            InstKind::DataAddr { .. } | InstKind::HeapBase | InstKind::FuncAddr { .. } => {
                match func.insts[inst]
                    .results
                    .first()
                    .map(|&r| self.values.remat[r])
                {
                    Some(Some(Remat::Imm(imm))) => {
                        isel::constant(&mut self.sink(), imm);
                        true
                    }
                    _ => false,
                }
            }
            InstKind::Binary { op, args } => {
                self.operands(inst)?;
                isel::binary(&mut self.sink(), *op, ty(args[0]))
            }
            InstKind::Unary { op, arg } => {
                self.operands(inst)?;
                isel::unary(&mut self.sink(), *op, ty(*arg))
            }
            InstKind::Compare { op, args } => self.compare(*op, *args)?,
            InstKind::Convert { op, arg } => self.convert(*op, *arg)?,
            InstKind::Select { args } => {
                // The condition is tested like a branch's (`x != 0` is `x`).
                self.value(args[1])?;
                self.value(args[2])?;
                self.cond(Cond::Value {
                    value: args[0],
                    negate: false,
                })?;
                self.sink().select();
                true
            }
            InstKind::Load {
                ty,
                width,
                signed,
                addr,
                mem,
            } => {
                let offset = self.address(inst, *addr, mem.offset)?;
                let m = isel::memarg(offset, *width, mem.align);
                isel::load(&mut self.sink(), *ty, *width, *signed, m)
            }
            InstKind::Store {
                ty,
                width,
                addr,
                value,
                mem,
            } => {
                let offset = self.address(inst, *addr, mem.offset)?;
                self.value(*value)?;
                let m = isel::memarg(offset, *width, mem.align);
                isel::store(&mut self.sink(), *ty, *width, m)
            }
            InstKind::MemorySize => {
                self.sink().memory_size(0);
                true
            }
            InstKind::MemoryGrow { .. } => {
                self.operands(inst)?;
                self.sink().memory_grow(0);
                true
            }
            InstKind::MemoryCopy { .. } => {
                self.operands(inst)?;
                match self.cx.helpers.memory_copy {
                    Some(helper) if !self.cx.features.has(Feature::BulkMemory) => {
                        self.sink().call(helper)
                    }
                    _ => self.sink().memory_copy(0, 0),
                };
                true
            }
            InstKind::MemoryFill { .. } => {
                self.operands(inst)?;
                match self.cx.helpers.memory_fill {
                    Some(helper) if !self.cx.features.has(Feature::BulkMemory) => {
                        self.sink().call(helper)
                    }
                    _ => self.sink().memory_fill(0),
                };
                true
            }
            InstKind::StackAlloc { size } => {
                self.stack_alloc(*size)?;
                true
            }
            InstKind::GlobalGet { global } => {
                self.sink().global_get(global.as_u32());
                true
            }
            InstKind::GlobalSet { global, .. } => {
                self.operands(inst)?;
                self.sink().global_set(global.as_u32());
                true
            }
            InstKind::Call { func: callee, .. } => {
                self.operands(inst)?;
                let index = self.cx.func_index[*callee];
                self.sink().call(index);
                true
            }
            InstKind::CallIndirect { sig, .. } => {
                self.operands(inst)?;
                let ty = self.signature_type(sig)?;
                self.sink().call_indirect(0, ty);
                true
            }
            InstKind::Syscall { call, .. } => {
                return Err(CompileError::unlegalized_syscall(
                    &func.name,
                    &format!("syscall.{}", call.name()),
                ))
            }
            _ => false,
        };
        if ok {
            if self.cx.canonicalize_nans {
                if let Some(ty) = arithmetic_nan_type(&func.insts[inst].kind, ty) {
                    self.canonicalize_nan(ty);
                }
            }
            Ok(())
        } else {
            Err(self.internal(format!(
                "cannot select an instruction for {:?}",
                func.insts[inst].kind
            )))
        }
    }

    /// Pushes `args[0] op args[1]`. An integer compared with the constant 0 uses
    /// `eqz` instead: `x == 0` is `eqz` (2 bytes shorter) and `x != 0` is
    /// `eqz; i32.eqz` (1 byte shorter than `const 0; ne`).
    pub(crate) fn compare(
        &mut self,
        op: CompareOp,
        args: [Value; 2],
    ) -> Result<bool, CompileError> {
        let ty = self.func.value_type(args[0]);
        if let Some(is_ne) = self.zero_test(op, args) {
            self.value(args[0])?;
            let mut s = self.sink();
            isel::unary(&mut s, UnaryOp::Eqz, ty);
            if is_ne {
                s.i32_eqz();
            }
            return Ok(true);
        }
        self.value(args[0])?;
        self.value(args[1])?;
        Ok(isel::compare(&mut self.sink(), op, ty))
    }

    /// For `x == 0` (`Some(false)`) or `x != 0` (`Some(true)`) on an integer `x`.
    pub(crate) fn zero_test(&self, op: CompareOp, args: [Value; 2]) -> Option<bool> {
        let zero = matches!(self.values.remat[args[1]], Some(Remat::Imm(imm)) if imm.bits() == 0);
        match op {
            _ if !zero || !self.func.value_type(args[0]).is_int() => None,
            CompareOp::Eq => Some(false),
            CompareOp::Ne => Some(true),
            _ => None,
        }
    }

    fn convert(&mut self, op: ConvertOp, arg: Value) -> Result<bool, CompileError> {
        let from = self.func.value_type(arg);
        let sign_ext = self.cx.features.has(Feature::SignExt);
        let sat = self.cx.features.has(Feature::NontrappingFptoint);
        match op {
            ConvertOp::TruncSatS(to) | ConvertOp::TruncSatU(to) if !sat => {
                let x = self.operand_in_local(arg)?;
                let signed = matches!(op, ConvertOp::TruncSatS(_));
                fallback::trunc_sat(&mut self.sink(), x, to, from, signed);
                Ok(true)
            }
            ConvertOp::Extend8S | ConvertOp::Extend16S | ConvertOp::Extend32S if !sign_ext => {
                self.value(arg)?;
                fallback::sign_extend_by_shifts(&mut self.sink(), op, from);
                Ok(true)
            }
            _ => {
                self.value(arg)?;
                Ok(isel::convert(&mut self.sink(), op, from, sign_ext, sat))
            }
        }
    }

    /// Replaces a NaN on top of the stack by the canonical NaN:
    /// `local.tee s; const nan; local.get s; local.get s; eq; select`.
    fn canonicalize_nan(&mut self, ty: Type) {
        let s = self.scratch(ty);
        self.local_set(s);
        self.local_get(s);
        let canonical = match ty {
            Type::F32 => Imm::new(ty, 0x7fc0_0000),
            _ => Imm::new(ty, 0x7ff8_0000_0000_0000),
        };
        isel::constant(&mut self.sink(), canonical);
        self.local_get(s);
        self.local_get(s);
        let mut sink = self.sink();
        isel::compare(&mut sink, CompareOp::Eq, ty);
        sink.select();
    }

    /// `stack.alloc size`: overflow check, then `sp -= round_up(size, 16)`; pushes `sp`.
    fn stack_alloc(&mut self, size: Value) -> Result<(), CompileError> {
        let sp = self.cx.stack_pointer.unwrap_or(0);
        let base = self.cx.layout.stack_base;
        let constant = match self.values.remat[size] {
            Some(Remat::Imm(imm)) if !self.schedule.stackified[size] => {
                Some(imm.bits() & 0xffff_ffff)
            }
            _ => None,
        };
        if let Some(n) = constant {
            let rounded = n.div_ceil(16) * 16;
            self.check_stack(base as u64 + rounded);
            let mut s = self.sink();
            s.global_get(sp).i32_const(rounded as u32 as i32).i32_sub();
            s.global_set(sp).global_get(sp);
            return Ok(());
        }
        // Overflow iff size > sp - base (both 16-aligned, so the rounding cannot matter),
        // which also rules out the wrap of `size + 15` below.
        let n = self.operand_in_local(size)?;
        let helper = self.cx.helpers.stack_overflow.unwrap_or(0);
        self.sink().global_get(sp).i32_const(base as i32).i32_sub();
        self.local_get(n);
        let mut s = self.sink();
        s.i32_lt_u().if_(BlockType::Empty).call(helper).end();
        s.global_get(sp);
        self.local_get(n);
        let mut s = self.sink();
        s.i32_const(15).i32_add().i32_const(-16).i32_and().i32_sub();
        s.global_set(sp).global_get(sp);
        Ok(())
    }
}

/// The float type of an instruction whose NaN results LIR defines as canonical while
/// wasm lets engines choose (`ty` gives operand types).
fn arithmetic_nan_type(kind: &InstKind, ty: impl Fn(Value) -> Type) -> Option<Type> {
    use BinaryOp::*;
    let float = |t: Type| t.is_float().then_some(t);
    match kind {
        InstKind::Binary {
            op: Add | Sub | Mul | Div | Min | Max,
            args,
        } => float(ty(args[0])),
        InstKind::Unary {
            op: UnaryOp::Sqrt | UnaryOp::Ceil | UnaryOp::Floor | UnaryOp::Trunc | UnaryOp::Nearest,
            arg,
        } => float(ty(*arg)),
        InstKind::Convert {
            op: ConvertOp::Promote,
            ..
        } => Some(Type::F64),
        InstKind::Convert {
            op: ConvertOp::Demote,
            ..
        } => Some(Type::F32),
        _ => None,
    }
}
