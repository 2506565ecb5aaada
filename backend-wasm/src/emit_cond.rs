//! Stage 8d, emission of conditions and switches for [`crate::emit`]: the truth value
//! an `if`/`br_if` tests (negations folded into comparisons, `x != 0` on an i32 tested
//! as `x`), and `br_table`s with their rebasing and range checks. The compare tree of a
//! sparse `switch` is structure ([`crate::structurize`]); only its key tests are here.

use crate::emit::Emitter;
use crate::error::CompileError;
use crate::structure::{Cond, Label};
use lir::{Inst, InstKind, Type, Value};

impl Emitter<'_> {
    pub(crate) fn switch_value(&self, inst: Inst) -> Result<Value, CompileError> {
        match &self.func.insts[inst].kind {
            InstKind::Switch { index, .. } => Ok(*index),
            _ => Err(self.internal("switch item for a non-switch instruction")),
        }
    }

    /// Pushes the i32 truth value of a condition.
    pub(crate) fn cond(&mut self, cond: Cond) -> Result<(), CompileError> {
        match cond {
            Cond::Value { value, negate } => {
                if self.nonzero_in_place(value, negate)? {
                    return Ok(());
                }
                if negate && self.negated_in_place(value)? {
                    return Ok(());
                }
                self.value(value)?;
                if negate {
                    self.sink().i32_eqz();
                }
            }
            Cond::KeyEq { inst, key } | Cond::KeyNe { inst, key } | Cond::KeyLtU { inst, key } => {
                // The index is read from its local when several tests read it (after a
                // `SwitchIndex` item), else evaluated in place.
                let index = self.switch_value(inst)?;
                let ty = self.func.value_type(index);
                match self.switch_index {
                    Some((i, local)) if i == inst => self.local_get(local),
                    _ => self.value(index)?,
                }
                let mut s = self.sink();
                match cond {
                    Cond::KeyEq { .. } if key == 0 => {
                        crate::isel::unary(&mut s, lir::UnaryOp::Eqz, ty);
                    }
                    // An i32 is its own "is not zero" test.
                    Cond::KeyNe { .. } if key == 0 && ty == Type::I32 => {}
                    _ => {
                        let op = match cond {
                            Cond::KeyEq { .. } => lir::CompareOp::Eq,
                            Cond::KeyNe { .. } => lir::CompareOp::Ne,
                            _ => lir::CompareOp::LtU,
                        };
                        crate::isel::constant(&mut s, lir::Imm::new(ty, key));
                        crate::isel::compare(&mut s, op, ty);
                    }
                }
            }
        }
        Ok(())
    }

    /// Emits the negation of a stackified comparison by inverting it (or of an i32
    /// `eqz` by dropping it); false if `value` is not such an instruction.
    fn negated_in_place(&mut self, value: Value) -> Result<bool, CompileError> {
        if !self.schedule.stackified[value] {
            return Ok(false);
        }
        let lir::ValueDef::Result(def, _) = self.func.value_def(value) else {
            return Ok(false);
        };
        if let InstKind::Unary {
            op: lir::UnaryOp::Eqz,
            arg,
        } = self.func.insts[def].kind
        {
            // `!(x == 0)` is `x` itself as an i32 condition.
            if self.func.value_type(arg) == Type::I32 {
                self.value(arg)?;
                return Ok(true);
            }
        }
        let InstKind::Compare { op, args } = self.func.insts[def].kind else {
            return Ok(false);
        };
        let ty = self.func.value_type(args[0]);
        let Some(inverse) = op.inverse(ty) else {
            return Ok(false);
        };
        self.compare(inverse, args)?;
        Ok(true)
    }

    /// Emits an i32 condition that is a stackified `x != 0` (or `x == 0` when
    /// `negate`) for an i32 `x` as `x` alone; false if it is not one.
    fn nonzero_in_place(&mut self, value: Value, negate: bool) -> Result<bool, CompileError> {
        if !self.schedule.stackified[value] {
            return Ok(false);
        }
        let lir::ValueDef::Result(def, _) = self.func.value_def(value) else {
            return Ok(false);
        };
        let InstKind::Compare { op, args } = self.func.insts[def].kind else {
            return Ok(false);
        };
        let is_ne = self.zero_test(op, args);
        if is_ne != Some(!negate) || self.func.value_type(args[0]) != Type::I32 {
            return Ok(false);
        }
        self.value(args[0])?;
        Ok(true)
    }

    pub(crate) fn br_table(
        &mut self,
        inst: Inst,
        base: u64,
        targets: &[Label],
        default: Label,
    ) -> Result<(), CompileError> {
        let index = self.switch_value(inst)?;
        let ty = self.func.value_type(index);
        // A table split in slices reads the index from the `SwitchIndex` local.
        let saved = match self.switch_index {
            Some((i, local)) if i == inst => Some(local),
            _ => None,
        };
        let rebase = |e: &mut Self| {
            if base != 0 {
                let mut s = e.sink();
                crate::isel::constant(&mut s, lir::Imm::new(ty, base));
                crate::isel::binary(&mut s, lir::BinaryOp::Sub, ty);
            }
        };
        if ty == Type::I64 {
            let local = match saved {
                Some(local) => local,
                None => self.operand_in_local(index)?,
            };
            self.local_get(local);
            rebase(self);
            self.sink().i64_const(targets.len() as i64);
            self.sink().i64_ge_u();
            let d = self.depth(default)?;
            self.sink().br_if(d);
            self.local_get(local);
            rebase(self);
            self.sink().i32_wrap_i64();
        } else {
            match saved {
                Some(local) => self.local_get(local),
                None => self.value(index)?,
            }
            rebase(self);
        }
        let depths = targets
            .iter()
            .map(|&t| self.depth(t))
            .collect::<Result<Vec<u32>, _>>()?;
        let d = self.depth(default)?;
        self.sink().br_table(depths, d);
        Ok(())
    }
}
