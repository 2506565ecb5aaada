//! Operand resolution: turns an operation's syntax into an [`InstKind`], resolving
//! names and giving every literal operand the type docs/lir.md assigns to its position
//! ("Operands and immediates"): the other operand's type, a parameter or result type,
//! `i32` for addresses and conditions, or the type suffix on the mnemonic.
//!
//! Mismatches between two typed values are left to the verifier; only what makes the
//! text meaningless is an error here (a literal without a type, a suffix contradicting
//! a typed operand, a literal that does not fit its type).

use super::body::FunctionBuilder;
use super::{Failure, Resolved, HEAP_BASE};
use crate::entities::Value;
use crate::imm::Imm;
use crate::inst::{BlockCall, InstKind, MemArg};
use crate::span::Span;
use crate::text::parser::ast::{Address, Name, Op, Operand, Target};
use crate::text::{convert_operand_type, switch_key_type};
use crate::types::{MemWidth, Type};
use cranelift_entity::EntityRef;
use smallvec::SmallVec;

/// Resolved operands of a list (arguments, results), before they go to the vector of
/// their instruction, which is then allocated at its exact size.
type Operands = SmallVec<[Value; 8]>;

impl<'a> FunctionBuilder<'_, 'a> {
    pub(super) fn resolve_op(&mut self, op: &Op<'a>, mnemonic: &str) -> Resolved<InstKind> {
        use InstKind as K;
        Ok(match op {
            Op::Const { ty, literal } => K::Const(self.literal_imm(literal, *ty)?),
            Op::Binary { op, suffix, args } => K::Binary {
                op: *op,
                args: self.same_typed2(args, *suffix, mnemonic)?,
            },
            Op::Compare { op, suffix, args } => K::Compare {
                op: *op,
                args: self.same_typed2(args, *suffix, mnemonic)?,
            },
            Op::Unary { op, suffix, arg } => K::Unary {
                op: *op,
                arg: self.same_typed(&[arg], *suffix, mnemonic)?[0],
            },
            Op::Convert { op, suffix, arg } => {
                let implied = convert_operand_type(*op);
                let arg = match arg {
                    Operand::Value(_) => self.same_typed(&[arg], *suffix, mnemonic)?[0],
                    Operand::Literal { text, span } => match suffix.or(implied) {
                        Some(ty) => self.literal(text, *span, ty)?,
                        None => return Err(needs_suffix(text, *span, mnemonic)),
                    },
                };
                K::Convert { op: *op, arg }
            }
            Op::Select { suffix, args } => {
                let [cond, a, b] = args;
                let cond = self.operand(cond, Type::I32)?;
                let arms = self.same_typed(&[a, b], *suffix, mnemonic)?;
                K::Select {
                    args: [cond, arms[0], arms[1]],
                }
            }
            Op::Load {
                ty,
                width,
                signed,
                addr,
            } => K::Load {
                ty: *ty,
                width: *width,
                signed: *signed,
                addr: self.operand(&addr.base, Type::I32)?,
                mem: mem_arg(addr),
            },
            Op::Store {
                ty,
                width,
                narrow,
                addr,
                value,
            } => self.store(*ty, *width, *narrow, addr, value, mnemonic)?,
            Op::MemorySize => K::MemorySize,
            Op::MemoryGrow { pages } => K::MemoryGrow {
                pages: self.operand(pages, Type::I32)?,
            },
            Op::MemoryCopy { args } => K::MemoryCopy {
                args: self.i32_operands(args)?,
            },
            Op::MemoryFill { args } => K::MemoryFill {
                args: self.i32_operands(args)?,
            },
            Op::Addr { symbol, offset } if symbol.text == HEAP_BASE => {
                if offset.is_some() {
                    return Err(Failure::at(
                        symbol.span,
                        "`addr @__heap_base` takes no offset",
                    ));
                }
                K::HeapBase
            }
            Op::Addr { symbol, offset } => K::DataAddr {
                data: self.symbols.data(symbol)?,
                offset: offset.unwrap_or(0),
            },
            Op::FuncAddr { func } => K::FuncAddr {
                func: self.symbols.func(func)?,
            },
            Op::StackAlloc { size } => K::StackAlloc {
                size: self.operand(size, Type::I32)?,
            },
            Op::GlobalGet { global } => K::GlobalGet {
                global: self.symbols.global(global)?,
            },
            Op::GlobalSet { global, value } => {
                let global = self.symbols.global(global)?;
                let ty = self.module.globals[global].ty;
                K::GlobalSet {
                    global,
                    value: self.operand(value, ty)?,
                }
            }
            Op::Call { func, args } | Op::ReturnCall { func, args } => {
                let callee = self.symbols.func(func)?;
                let module = self.module;
                let params = &module.funcs[callee].sig.params;
                let args = self
                    .operands_for(args, params, || format!("`@{}`", func.text))?
                    .to_vec();
                if let Op::Call { .. } = op {
                    K::Call { func: callee, args }
                } else {
                    K::ReturnCall { func: callee, args }
                }
            }
            Op::CallIndirect { callee, args, sig }
            | Op::ReturnCallIndirect { callee, args, sig } => {
                let callee = self.operand(callee, Type::I32)?;
                let args = self
                    .operands_for(args, &sig.params, || "the signature".into())?
                    .to_vec();
                let sig = sig.clone();
                if let Op::CallIndirect { .. } = op {
                    K::CallIndirect {
                        sig: Box::new(sig),
                        callee,
                        args,
                    }
                } else {
                    K::ReturnCallIndirect {
                        sig: Box::new(sig),
                        callee,
                        args,
                    }
                }
            }
            Op::Syscall { call, args } => K::Syscall {
                call: *call,
                args: self
                    .operands_for(args, call.params(), || format!("`{mnemonic}`"))?
                    .to_vec(),
            },
            Op::Jump { dest } => K::Jump {
                dest: self.block_call(dest)?,
            },
            Op::BrIf {
                cond,
                then_dest,
                else_dest,
            } => K::BrIf {
                cond: self.operand(cond, Type::I32)?,
                then_dest: self.block_call(then_dest)?,
                else_dest: self.block_call(else_dest)?,
            },
            Op::Switch {
                index,
                suffix,
                default,
                cases,
            } => self.switch(index, *suffix, default, cases, mnemonic)?,
            Op::Ret { values } => {
                let results: SmallVec<[Type; 4]> = self.func.sig.results.iter().copied().collect();
                K::Ret {
                    values: self
                        .operands_for(values, &results, || "the function's results".into())?
                        .to_vec(),
                }
            }
            Op::Trap => K::Trap,
            Op::Invalid => return Err(Failure::Silent),
        })
    }

    /// `store.T` (the value gets type T) or a narrow `store.N[.T]` (the value keeps its
    /// type; a literal takes the suffix or defaults to i32).
    fn store(
        &mut self,
        ty: Option<Type>,
        width: MemWidth,
        narrow: bool,
        addr: &Address<'_>,
        value: &Operand<'_>,
        mnemonic: &str,
    ) -> Resolved<InstKind> {
        let address = self.operand(&addr.base, Type::I32)?;
        let (ty, value) = match (narrow, ty, value) {
            (false, Some(ty), _) => (ty, self.operand(value, ty)?),
            (_, _, Operand::Literal { text, span }) => {
                let ty = ty.unwrap_or(Type::I32);
                (ty, self.literal(text, *span, ty)?)
            }
            (_, _, Operand::Value(_)) => {
                let value = self.same_typed(&[value], ty, mnemonic)?[0];
                (self.func.value_type(value), value)
            }
        };
        Ok(InstKind::Store {
            ty,
            width,
            addr: address,
            value,
            mem: mem_arg(addr),
        })
    }

    /// `switch`: a literal index takes the suffix or i32; keys are of the index type.
    fn switch(
        &mut self,
        index: &Operand<'_>,
        suffix: Option<Type>,
        default: &Target<'_>,
        cases: &[(Operand<'_>, Target<'_>)],
        mnemonic: &str,
    ) -> Resolved<InstKind> {
        let index = match index {
            Operand::Literal { text, span } => {
                self.literal(text, *span, suffix.unwrap_or(Type::I32))?
            }
            Operand::Value(_) => self.same_typed(&[index], suffix, mnemonic)?[0],
        };
        let key_type = switch_key_type(self.func.value_type(index));
        let default = self.block_call(default)?;
        let mut resolved = Vec::with_capacity(cases.len());
        for (key, target) in cases {
            let key = self.literal_imm(key, key_type)?.bits();
            resolved.push((key, self.block_call(target)?));
        }
        Ok(InstKind::Switch {
            index,
            default,
            cases: resolved.into(),
        })
    }

    /// A literal operand as an interned constant of type `ty`.
    fn literal(&mut self, text: &str, span: Span, ty: Type) -> Resolved<Value> {
        let imm = self.imm(text, span, ty)?;
        Ok(self.func.const_value(imm))
    }

    /// The immediate of a literal (for `const.T` and switch keys).
    fn literal_imm(&self, operand: &Operand<'_>, ty: Type) -> Resolved<Imm> {
        match operand {
            Operand::Literal { text, span } => self.imm(text, *span, ty),
            Operand::Value(name) => Err(Failure::at(name.span, "expected a literal")),
        }
    }

    /// The value of a literal of type `ty`: a number as written, or the size of a data
    /// object for `sizeof @name`, which needs an integer type it fits.
    fn imm(&self, text: &str, span: Span, ty: Type) -> Resolved<Imm> {
        if let Some(imm) = plain_decimal(ty, text) {
            return Ok(imm);
        }
        let Some(name) = text.strip_prefix("sizeof") else {
            return Imm::parse(ty, text).map_err(|e| Failure::at(span, e.to_string()));
        };
        let name = name.trim_start().trim_start_matches('@');
        let size = self.symbols.data_size(&Name { text: name, span })?;
        let imm = match ty {
            Type::I32 => u32::try_from(size).ok().map(|s| Imm::i32(s as i32)),
            Type::I64 => Some(Imm::i64(size as i64)),
            _ => {
                return Err(Failure::at(
                    span,
                    format!("`{text}` is an integer, but this operand is {ty}"),
                ))
            }
        };
        imm.ok_or_else(|| {
            Failure::at(
                span,
                format!("`{text}` is {size} bytes, which does not fit in {ty}"),
            )
        })
    }

    /// An operand in a position of type `ty` (values keep their own type).
    fn operand(&mut self, operand: &Operand<'_>, ty: Type) -> Resolved<Value> {
        match operand {
            Operand::Value(name) => self.value(name),
            Operand::Literal { text, span } => self.literal(text, *span, ty),
        }
    }

    fn i32_operands(&mut self, args: &[Operand<'_>; 3]) -> Resolved<[Value; 3]> {
        Ok([
            self.operand(&args[0], Type::I32)?,
            self.operand(&args[1], Type::I32)?,
            self.operand(&args[2], Type::I32)?,
        ])
    }

    /// Operands typed by position (arguments, results); a literal past the end of
    /// `types` has no type and is an error, extra values are the verifier's business.
    /// `context` names what takes the operands, for the message.
    fn operands_for(
        &mut self,
        operands: &[Operand<'_>],
        types: &[Type],
        context: impl FnOnce() -> String,
    ) -> Resolved<Operands> {
        let mut values = Operands::with_capacity(operands.len());
        for (index, operand) in operands.iter().enumerate() {
            let value = match (types.get(index), operand) {
                (Some(&ty), _) => self.operand(operand, ty)?,
                (None, Operand::Value(name)) => self.value(name)?,
                (None, Operand::Literal { text, span }) => {
                    return Err(Failure::at(
                        *span,
                        format!(
                            "literal `{text}` has no type: {} takes {} value(s)",
                            context(),
                            types.len()
                        ),
                    ))
                }
            };
            values.push(value);
        }
        Ok(values)
    }

    fn block_call(&mut self, target: &Target<'_>) -> Resolved<BlockCall> {
        let block = self.block(&target.label)?;
        if target.args.is_empty() {
            return Ok(BlockCall::new(block, &[][..]));
        }
        let params: SmallVec<[Type; 8]> = self.func.blocks[block]
            .params
            .iter()
            .map(|&p| self.func.value_type(p))
            .collect();
        let args = self.operands_for(&target.args, &params, || {
            format!("block `{}`", target.label.text)
        })?;
        Ok(BlockCall::new(block, args.as_slice()))
    }

    fn same_typed2(
        &mut self,
        args: &[Operand<'_>; 2],
        suffix: Option<Type>,
        mnemonic: &str,
    ) -> Resolved<[Value; 2]> {
        let values = self.same_typed(&[&args[0], &args[1]], suffix, mnemonic)?;
        Ok([values[0], values[1]])
    }

    /// Operands that share one type: the suffix's, or a typed operand's. A suffix that
    /// contradicts a typed operand is an error; typed operands that disagree with each
    /// other are left to the verifier.
    fn same_typed(
        &mut self,
        operands: &[&Operand<'_>],
        suffix: Option<Type>,
        mnemonic: &str,
    ) -> Resolved<SmallVec<[Value; 3]>> {
        // Values first (their types decide the literals'), then literals, each where
        // it stands.
        let mut ty = suffix;
        let mut values: SmallVec<[Value; 3]> = SmallVec::new();
        for operand in operands {
            let value = match operand {
                Operand::Value(name) => {
                    let (value, value_ty) = self.typed_value(name)?;
                    if let Some(stated) = suffix.filter(|&s| s != value_ty) {
                        return Err(Failure::at(
                            name.span,
                            format!(
                                "`{mnemonic}` states {stated} operands but `%{}` is {value_ty}",
                                name.text
                            ),
                        ));
                    }
                    ty = ty.or(Some(value_ty));
                    value
                }
                Operand::Literal { .. } => Value::new(0), // replaced below
            };
            values.push(value);
        }
        for (operand, slot) in operands.iter().zip(values.iter_mut()) {
            if let Operand::Literal { text, span } = operand {
                *slot = match ty {
                    Some(ty) => self.literal(text, *span, ty)?,
                    None => return Err(needs_suffix(text, *span, mnemonic)),
                };
            }
        }
        Ok(values)
    }
}

/// The value of a plain decimal literal — an integer of at most 18 digits for an
/// integer type, digits with at most one `.` for a float type, either with a leading
/// `-` — read as [`Imm::parse`] reads it (the same digits to the same bits) without its
/// generality; `None` for every other literal and out of range (`Imm::parse` then
/// reads or reports it). Most literals of a text are such.
pub(crate) fn plain_decimal(ty: Type, text: &str) -> Option<Imm> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    if !digits.first()?.is_ascii_digit() {
        return None;
    }
    if ty.is_float() {
        let mut dots = 0;
        for &b in digits {
            if b == b'.' {
                dots += 1;
            } else if !b.is_ascii_digit() {
                return None;
            }
        }
        if dots > 1 {
            return None;
        }
        let body = text.get(usize::from(negative)..)?;
        let (magnitude, sign) = match ty {
            Type::F32 => (u64::from(body.parse::<f32>().ok()?.to_bits()), 1 << 31),
            _ => (body.parse::<f64>().ok()?.to_bits(), 1 << 63),
        };
        return Some(Imm::new(
            ty,
            if negative {
                sign | magnitude
            } else {
                magnitude
            },
        ));
    }
    if digits.len() > 18 {
        return None;
    }
    let mut magnitude: u64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        magnitude = magnitude * 10 + u64::from(b - b'0');
    }
    let value = if negative {
        if magnitude > 1 << (ty.bits() - 1) {
            return None;
        }
        magnitude.wrapping_neg()
    } else {
        if ty.bits() == 32 && magnitude > u64::from(u32::MAX) {
            return None;
        }
        magnitude
    };
    Some(Imm::new(ty, value))
}

fn needs_suffix(text: &str, span: Span, mnemonic: &str) -> Failure {
    Failure::at(
        span,
        format!("the type of literal `{text}` is unknown: state it with a suffix (`{mnemonic}.T`)"),
    )
}

fn mem_arg(addr: &Address<'_>) -> MemArg {
    MemArg {
        offset: addr.offset,
        align: addr.align,
        volatile: addr.volatile,
    }
}
