//! Straight-line statements of generated functions: arithmetic, conversions, memory
//! accesses (always in bounds), bulk memory, `stack.alloc` and globals.

use super::function::FuncGen;
use super::{MEMORY_BYTES, SLOT_BYTES};
use crate::{
    BinaryOp, Block, CompareOp, ConvertOp, Imm, InstKind, MemArg, MemWidth, Type, UnaryOp, Value,
};

impl FuncGen<'_> {
    pub(super) fn straight_line(&mut self, block: Block) {
        let ty = self.gen.ty();
        let a = self.operand(ty);
        let b = self.operand(ty);
        let kind = match self.c().below(7) {
            0 | 1 => {
                let ops: &[BinaryOp] = if ty.is_int() {
                    &[
                        BinaryOp::Add,
                        BinaryOp::Sub,
                        BinaryOp::Mul,
                        BinaryOp::And,
                        BinaryOp::Or,
                        BinaryOp::Xor,
                        BinaryOp::Shl,
                        BinaryOp::ShrS,
                        BinaryOp::ShrU,
                        BinaryOp::Rotl,
                        BinaryOp::Rotr,
                    ]
                } else {
                    &[
                        BinaryOp::Add,
                        BinaryOp::Sub,
                        BinaryOp::Mul,
                        BinaryOp::Div,
                        BinaryOp::Min,
                        BinaryOp::Max,
                        BinaryOp::Copysign,
                    ]
                };
                let op = ops[self.c().below(ops.len())];
                let b = if op == BinaryOp::Copysign && self.gen.shapes.nan_agnostic {
                    // The sign of a NaN is unspecified: take it from a number.
                    let sign = if self.c().chance(50) { 1.0 } else { -2.0 };
                    let imm = match ty {
                        Type::F32 => Imm::f32(sign as f32),
                        _ => Imm::f64(sign),
                    };
                    self.konst(imm)
                } else {
                    b
                };
                InstKind::Binary { op, args: [a, b] }
            }
            2 if ty.is_int() => {
                // Division by a value in 1..=127: never traps.
                let mask = self.f.const_value(Imm::new(ty, 127));
                let one = self.f.const_value(Imm::new(ty, 1));
                let masked = self.one(
                    block,
                    InstKind::Binary {
                        op: BinaryOp::And,
                        args: [b, mask],
                    },
                    ty,
                );
                let d = self.one(
                    block,
                    InstKind::Binary {
                        op: BinaryOp::Or,
                        args: [masked, one],
                    },
                    ty,
                );
                let ops = [
                    BinaryOp::DivS,
                    BinaryOp::DivU,
                    BinaryOp::RemS,
                    BinaryOp::RemU,
                ];
                let op = ops[self.c().below(4)];
                InstKind::Binary { op, args: [a, d] }
            }
            3 => {
                let op = if ty.is_int() {
                    [UnaryOp::Clz, UnaryOp::Ctz, UnaryOp::Popcnt, UnaryOp::Eqz][self.c().below(4)]
                } else {
                    [
                        UnaryOp::Abs,
                        UnaryOp::Neg,
                        UnaryOp::Sqrt,
                        UnaryOp::Ceil,
                        UnaryOp::Floor,
                        UnaryOp::Trunc,
                        UnaryOp::Nearest,
                    ][self.c().below(7)]
                };
                InstKind::Unary { op, arg: a }
            }
            4 => {
                let op = if ty.is_int() {
                    [
                        CompareOp::Eq,
                        CompareOp::Ne,
                        CompareOp::LtS,
                        CompareOp::LtU,
                        CompareOp::GeS,
                    ][self.c().below(5)]
                } else {
                    [CompareOp::Eq, CompareOp::Lt, CompareOp::Ge][self.c().below(3)]
                };
                InstKind::Compare { op, args: [a, b] }
            }
            5 => {
                let cond = self.i32_operand();
                InstKind::Select { args: [cond, a, b] }
            }
            _ => return self.conversion(block, a),
        };
        let result = crate::typing::result_types(&self.gen.module, &self.f, &kind);
        let ty = result.and_then(|r| r.first().copied()).unwrap_or(ty);
        self.one(block, kind, ty);
    }

    pub(super) fn conversion(&mut self, block: Block, a: Value) {
        use ConvertOp::*;
        let from = self.f.value_type(a);
        let options: Vec<ConvertOp> = match from {
            Type::I32 => vec![
                ExtendS,
                ExtendU,
                Extend8S,
                Extend16S,
                ConvertS(Type::F64),
                ConvertU(Type::F32),
                Bitcast(Type::F32),
            ],
            Type::I64 => vec![
                Wrap,
                Extend8S,
                Extend32S,
                ConvertS(Type::F32),
                ConvertU(Type::F64),
                Bitcast(Type::F64),
            ],
            Type::F32 => vec![
                Promote,
                TruncSatS(Type::I32),
                TruncSatU(Type::I64),
                Bitcast(Type::I32),
            ],
            Type::F64 => vec![
                Demote,
                TruncSatS(Type::I64),
                TruncSatU(Type::I32),
                Bitcast(Type::I64),
            ],
        };
        let options: Vec<ConvertOp> = if self.gen.shapes.nan_agnostic && from.is_float() {
            // The bits of a NaN are unspecified.
            options
                .into_iter()
                .filter(|op| !matches!(op, Bitcast(_)))
                .collect()
        } else {
            options
        };
        let op = options[self.c().below(options.len())];
        if let Some(to) = op.result_type(from) {
            self.one(block, InstKind::Convert { op, arg: a }, to);
        }
    }

    /// An in-bounds address: a data object or stack-slot address plus a masked offset.
    pub(super) fn address(&mut self, block: Block) -> (Value, u32) {
        let x = self.i32_operand();
        let in_slot = self.c().chance(30);
        let (base, limit) = if in_slot {
            (self.slot, SLOT_BYTES - 24)
        } else {
            let data = self.gen.memory;
            let base = self.one(block, InstKind::DataAddr { data, offset: 0 }, Type::I32);
            (base, MEMORY_BYTES - 8)
        };
        let mask = self.f.const_value(Imm::i32(limit as i32 & !7));
        let off = self.one(
            block,
            InstKind::Binary {
                op: BinaryOp::And,
                args: [x, mask],
            },
            Type::I32,
        );
        let sum = InstKind::Binary {
            op: BinaryOp::Add,
            args: [base, off],
        };
        // A stack address is not a pool value: where slots lie is unspecified.
        let addr = if in_slot {
            self.inst(block, sum, &[Type::I32])[0]
        } else {
            self.one(block, sum, Type::I32)
        };
        let imm = [0, 4, 8][self.c().below(3)];
        (addr, imm)
    }

    pub(super) fn memory(&mut self, block: Block) {
        let (addr, offset) = self.address(block);
        let ty = self.gen.ty();
        let widths: &[MemWidth] = match ty {
            Type::I32 => &[MemWidth::W8, MemWidth::W16, MemWidth::W32],
            Type::I64 => &[MemWidth::W8, MemWidth::W16, MemWidth::W32, MemWidth::W64],
            _ => &[MemWidth::of(ty)],
        };
        let width = widths[self.c().below(widths.len())];
        let mem = MemArg {
            offset,
            align: None,
            volatile: false,
        };
        // Stored float bits may be read back as integers: with NaN-agnostic shapes
        // only integers are stored (of the same width).
        let stored_ty = match ty {
            Type::F32 if self.gen.shapes.nan_agnostic => Type::I32,
            Type::F64 if self.gen.shapes.nan_agnostic => Type::I64,
            _ => ty,
        };
        match self.c().below(5) {
            0 | 1 => {
                let ty = stored_ty;
                let value = self.operand(ty);
                self.inst(
                    block,
                    InstKind::Store {
                        ty,
                        width,
                        addr,
                        value,
                        mem,
                    },
                    &[],
                );
            }
            2 => {
                let len = self
                    .f
                    .const_value(Imm::i32(self.gen.choices.below(9) as i32));
                let (src, _) = self.address(block);
                let kind = if self.c().chance(50) {
                    InstKind::MemoryCopy {
                        args: [addr, src, len],
                    }
                } else {
                    let byte = self.i32_operand();
                    InstKind::MemoryFill {
                        args: [addr, byte, len],
                    }
                };
                self.inst(block, kind, &[]);
            }
            3 => {
                let size = self
                    .f
                    .const_value(Imm::i32(8 + self.gen.choices.below(40) as i32));
                // Not a pool value: stack addresses are unspecified (docs/lir.md).
                let p = self.inst(block, InstKind::StackAlloc { size }, &[Type::I32])[0];
                let ty = stored_ty;
                let value = self.operand(ty);
                let mem = MemArg {
                    offset: 0,
                    align: None,
                    volatile: false,
                };
                self.inst(
                    block,
                    InstKind::Store {
                        ty,
                        width: MemWidth::of(ty),
                        addr: p,
                        value,
                        mem,
                    },
                    &[],
                );
            }
            _ => {
                let signed = width.bits() < ty.bits() && self.c().chance(50);
                let kind = InstKind::Load {
                    ty,
                    width,
                    signed,
                    addr,
                    mem,
                };
                self.one(block, kind, ty);
            }
        }
    }

    pub(super) fn global(&mut self, block: Block) {
        let global = self.gen.global;
        let v = self.one(block, InstKind::GlobalGet { global }, Type::I64);
        let w = self.operand(Type::I64);
        let sum = self.one(
            block,
            InstKind::Binary {
                op: BinaryOp::Add,
                args: [v, w],
            },
            Type::I64,
        );
        self.inst(block, InstKind::GlobalSet { global, value: sum }, &[]);
    }
}
