//! [`FunctionBuilder`] methods for the non-terminator instructions, one per
//! instruction group plus short names for the common operations.
//!
//! Each method turns literal operands into constants of the type the operation needs
//! (see [`Operand`]), appends the instruction to the current block and returns its
//! results. Terminators live in `terminators.rs`; type checking is the verifier's.

use super::operand::{common_type, type_or, Operand};
use super::{convert_operand_type, FunctionBuilder};
use crate::entities::{Data, Func, Global, Value};
use crate::inst::{InstKind, MemArg};
use crate::opcodes::{BinaryOp, CompareOp, ConvertOp, UnaryOp};
use crate::syscall::Syscall;
use crate::types::{MemWidth, Signature, Type};

/// Short-name methods that forward to a generic one with a fixed operation.
macro_rules! short_ops {
    ($generic:ident($opty:ident) { $($(#[$doc:meta])* $name:ident = $op:ident($($arg:ident),*);)* }) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, $($arg: impl Into<Operand>),*) -> Value {
                self.$generic($opty::$op, $($arg),*)
            }
        )*
    };
}

/// Short-name conversions whose result type is part of the operation.
macro_rules! typed_converts {
    ($($(#[$doc:meta])* $name:ident = $op:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, to: Type, a: impl Into<Operand>) -> Value {
                self.convert(ConvertOp::$op(to), a)
            }
        )*
    };
}

/// Narrow loads: `load.s8.T` and friends.
macro_rules! narrow_loads {
    ($($(#[$doc:meta])* $name:ident = $width:ident, $signed:literal;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, ty: Type, addr: impl Into<Operand>, mem: impl Into<MemArg>) -> Value {
                self.load_ext(ty, MemWidth::$width, $signed, addr, mem)
            }
        )*
    };
}

impl FunctionBuilder<'_> {
    /// Turns `op` into a value of type `ty` (a constant if it is a literal).
    pub(super) fn operand(&mut self, op: impl Into<Operand>, ty: Type) -> Value {
        op.into().to_value(self.function_mut(), ty)
    }

    /// Turns operands that must share a type into values of that type.
    fn same_type_operands<const N: usize>(&mut self, ops: [Operand; N]) -> [Value; N] {
        let ty = common_type(self.function(), &ops);
        ops.map(|op| self.operand(op, ty))
    }

    /// `const.T imm` as an instruction: a constant with its own definition, which can
    /// carry a name (`%c = const.i64 5`). Most frontends use
    /// [`imm`](Self::imm)/[`iconst`](Self::iconst) instead, which append nothing.
    pub fn const_inst(&mut self, imm: crate::Imm) -> Value {
        self.append_value(InstKind::Const(imm))
    }

    /// `op a, b` for any [`BinaryOp`]; the result has the operands' type.
    pub fn binary(&mut self, op: BinaryOp, a: impl Into<Operand>, b: impl Into<Operand>) -> Value {
        let args = self.same_type_operands([a.into(), b.into()]);
        self.append_value(InstKind::Binary { op, args })
    }

    short_ops! { binary(BinaryOp) {
        /// `add a, b` (integers wrap).
        add = Add(a, b);
        /// `sub a, b`
        sub = Sub(a, b);
        /// `mul a, b`
        mul = Mul(a, b);
        /// `div_s a, b` (traps on zero and on `MIN / -1`).
        div_s = DivS(a, b);
        /// `div_u a, b` (traps on zero).
        div_u = DivU(a, b);
        /// `rem_s a, b` (traps on zero).
        rem_s = RemS(a, b);
        /// `rem_u a, b` (traps on zero).
        rem_u = RemU(a, b);
        /// `and a, b`
        and = And(a, b);
        /// `or a, b`
        or = Or(a, b);
        /// `xor a, b`
        xor = Xor(a, b);
        /// `shl a, b` (count modulo the width).
        shl = Shl(a, b);
        /// `shr_s a, b`
        shr_s = ShrS(a, b);
        /// `shr_u a, b`
        shr_u = ShrU(a, b);
        /// `rotl a, b`
        rotl = Rotl(a, b);
        /// `rotr a, b`
        rotr = Rotr(a, b);
        /// `div a, b` (floats).
        div = Div(a, b);
        /// `min a, b` (floats).
        min = Min(a, b);
        /// `max a, b` (floats).
        max = Max(a, b);
        /// `copysign a, b` (floats).
        copysign = Copysign(a, b);
    }}

    /// `op a` for any [`UnaryOp`]. A literal operand is an `i32` for the integer
    /// operations and an `f64` for the float ones.
    pub fn unary(&mut self, op: UnaryOp, a: impl Into<Operand>) -> Value {
        let a = a.into();
        let default = if op.accepts(Type::I32) {
            Type::I32
        } else {
            Type::F64
        };
        let ty = type_or(self.function(), a, default);
        let arg = self.operand(a, ty);
        self.append_value(InstKind::Unary { op, arg })
    }

    short_ops! { unary(UnaryOp) {
        /// `clz a`: leading zero bits.
        clz = Clz(a);
        /// `ctz a`: trailing zero bits.
        ctz = Ctz(a);
        /// `popcnt a`: one bits.
        popcnt = Popcnt(a);
        /// `eqz a` → i32: 1 if `a` is zero.
        eqz = Eqz(a);
        /// `abs a` (floats).
        abs = Abs(a);
        /// `neg a` (floats; for integers use `sub 0, a`).
        neg = Neg(a);
        /// `sqrt a`
        sqrt = Sqrt(a);
        /// `ceil a`
        ceil = Ceil(a);
        /// `floor a`
        floor = Floor(a);
        /// `trunc a`: round toward zero, staying a float.
        trunc = Trunc(a);
        /// `nearest a`: round half to even.
        nearest = Nearest(a);
    }}

    /// `op a, b` for any [`CompareOp`] → i32 (0 or 1).
    pub fn compare(
        &mut self,
        op: CompareOp,
        a: impl Into<Operand>,
        b: impl Into<Operand>,
    ) -> Value {
        let args = self.same_type_operands([a.into(), b.into()]);
        self.append_value(InstKind::Compare { op, args })
    }

    short_ops! { compare(CompareOp) {
        /// `eq a, b`
        eq = Eq(a, b);
        /// `ne a, b`
        ne = Ne(a, b);
        /// `lt_s a, b`
        lt_s = LtS(a, b);
        /// `lt_u a, b`
        lt_u = LtU(a, b);
        /// `gt_s a, b`
        gt_s = GtS(a, b);
        /// `gt_u a, b`
        gt_u = GtU(a, b);
        /// `le_s a, b`
        le_s = LeS(a, b);
        /// `le_u a, b`
        le_u = LeU(a, b);
        /// `ge_s a, b`
        ge_s = GeS(a, b);
        /// `ge_u a, b`
        ge_u = GeU(a, b);
        /// `lt a, b` (floats).
        lt = Lt(a, b);
        /// `gt a, b` (floats).
        gt = Gt(a, b);
        /// `le a, b` (floats).
        le = Le(a, b);
        /// `ge a, b` (floats).
        ge = Ge(a, b);
    }}

    /// A conversion ([`ConvertOp`]); the result type follows from the operation.
    pub fn convert(&mut self, op: ConvertOp, a: impl Into<Operand>) -> Value {
        let a = a.into();
        let ty = type_or(self.function(), a, convert_operand_type(op));
        let arg = self.operand(a, ty);
        self.append_value(InstKind::Convert { op, arg })
    }

    short_ops! { convert(ConvertOp) {
        /// `wrap a`: i64 → i32.
        wrap = Wrap(a);
        /// `extend_s a`: i32 → i64, sign-extending.
        extend_s = ExtendS(a);
        /// `extend_u a`: i32 → i64, zero-extending.
        extend_u = ExtendU(a);
        /// `extend8_s a`: sign-extends the low 8 bits (same type).
        extend8_s = Extend8S(a);
        /// `extend16_s a`: sign-extends the low 16 bits (same type).
        extend16_s = Extend16S(a);
        /// `extend32_s a`: sign-extends the low 32 bits of an i64.
        extend32_s = Extend32S(a);
        /// `promote a`: f32 → f64.
        promote = Promote(a);
        /// `demote a`: f64 → f32.
        demote = Demote(a);
    }}

    typed_converts! {
        /// `trunc_s.I a`: float → signed integer `to`, trapping on NaN and overflow.
        trunc_s = TruncS;
        /// `trunc_u.I a`: float → unsigned integer `to`, trapping on NaN and overflow.
        trunc_u = TruncU;
        /// `trunc_sat_s.I a`: float → signed integer `to`, saturating (NaN → 0).
        trunc_sat_s = TruncSatS;
        /// `trunc_sat_u.I a`: float → unsigned integer `to`, saturating (NaN → 0).
        trunc_sat_u = TruncSatU;
        /// `convert_s.F a`: signed integer → float `to`.
        convert_s = ConvertS;
        /// `convert_u.F a`: unsigned integer → float `to`.
        convert_u = ConvertU;
        /// `bitcast.T a`: the same bits as type `to` (of the same width).
        bitcast = Bitcast;
    }

    /// `select cond, a, b`: `a` if `cond != 0`, else `b` (both are evaluated).
    pub fn select(
        &mut self,
        cond: impl Into<Operand>,
        a: impl Into<Operand>,
        b: impl Into<Operand>,
    ) -> Value {
        let cond = self.operand(cond, Type::I32);
        let [a, b] = self.same_type_operands([a.into(), b.into()]);
        self.append_value(InstKind::Select { args: [cond, a, b] })
    }

    /// `load.T [addr + offset]`. `mem` is an offset (`8`) or a [`MemArg`] with an
    /// alignment hint.
    pub fn load(&mut self, ty: Type, addr: impl Into<Operand>, mem: impl Into<MemArg>) -> Value {
        self.load_ext(ty, MemWidth::of(ty), false, addr, mem)
    }

    /// A load of `width` bits extended (signed or not) to `ty`; with the full width of
    /// `ty` it is a plain load.
    pub fn load_ext(
        &mut self,
        ty: Type,
        width: MemWidth,
        signed: bool,
        addr: impl Into<Operand>,
        mem: impl Into<MemArg>,
    ) -> Value {
        let addr = self.operand(addr, Type::PTR);
        let signed = signed && width != MemWidth::of(ty);
        self.append_value(InstKind::Load {
            ty,
            width,
            signed,
            addr,
            mem: mem.into(),
        })
    }

    narrow_loads! {
        /// `load.s8.I [addr + offset]`: a byte, sign-extended to `ty`.
        load_s8 = W8, true;
        /// `load.u8.I [addr + offset]`: a byte, zero-extended to `ty`.
        load_u8 = W8, false;
        /// `load.s16.I [addr + offset]`: 16 bits, sign-extended to `ty`.
        load_s16 = W16, true;
        /// `load.u16.I [addr + offset]`: 16 bits, zero-extended to `ty`.
        load_u16 = W16, false;
    }

    /// `load.s32.i64 [addr + offset]`: 32 bits, sign-extended to i64.
    pub fn load_s32(&mut self, addr: impl Into<Operand>, mem: impl Into<MemArg>) -> Value {
        self.load_ext(Type::I64, MemWidth::W32, true, addr, mem)
    }

    /// `load.u32.i64 [addr + offset]`: 32 bits, zero-extended to i64.
    pub fn load_u32(&mut self, addr: impl Into<Operand>, mem: impl Into<MemArg>) -> Value {
        self.load_ext(Type::I64, MemWidth::W32, false, addr, mem)
    }

    /// `store.T [addr + offset], value`, with `T` the value's type (an untyped literal
    /// is stored as an `i32`, or an `f64` if it is a float).
    pub fn store(
        &mut self,
        addr: impl Into<Operand>,
        mem: impl Into<MemArg>,
        value: impl Into<Operand>,
    ) {
        let value = value.into();
        let ty = type_or(self.function(), value, Type::I32);
        self.store_ext(MemWidth::of(ty), addr, mem, value);
    }

    /// A store of the low `width` bits of `value` (an untyped literal is an `i32`);
    /// with the value's full width it is a plain store.
    pub fn store_ext(
        &mut self,
        width: MemWidth,
        addr: impl Into<Operand>,
        mem: impl Into<MemArg>,
        value: impl Into<Operand>,
    ) {
        let addr = self.operand(addr, Type::PTR);
        let value = value.into();
        let ty = type_or(self.function(), value, Type::I32);
        let value = self.operand(value, ty);
        self.append_inst(InstKind::Store {
            ty,
            width,
            addr,
            value,
            mem: mem.into(),
        });
    }

    /// `store.8 [addr + offset], value`: the low byte of an integer.
    pub fn store8(
        &mut self,
        addr: impl Into<Operand>,
        mem: impl Into<MemArg>,
        value: impl Into<Operand>,
    ) {
        self.store_ext(MemWidth::W8, addr, mem, value);
    }

    /// `store.16 [addr + offset], value`: the low 16 bits of an integer.
    pub fn store16(
        &mut self,
        addr: impl Into<Operand>,
        mem: impl Into<MemArg>,
        value: impl Into<Operand>,
    ) {
        self.store_ext(MemWidth::W16, addr, mem, value);
    }

    /// `store.32 [addr + offset], value`: the low 32 bits of an i64.
    pub fn store32(
        &mut self,
        addr: impl Into<Operand>,
        mem: impl Into<MemArg>,
        value: impl Into<Operand>,
    ) {
        self.store_ext(MemWidth::W32, addr, mem, value);
    }

    /// `memory.size` → the memory's size in 64 KiB pages.
    pub fn memory_size(&mut self) -> Value {
        self.append_value(InstKind::MemorySize)
    }

    /// `memory.grow pages` → the previous size in pages, or -1 if the memory cannot grow.
    pub fn memory_grow(&mut self, pages: impl Into<Operand>) -> Value {
        let pages = self.operand(pages, Type::I32);
        self.append_value(InstKind::MemoryGrow { pages })
    }

    /// `memory.copy dst, src, len` (the ranges may overlap).
    pub fn memory_copy(
        &mut self,
        dst: impl Into<Operand>,
        src: impl Into<Operand>,
        len: impl Into<Operand>,
    ) {
        let args = [dst.into(), src.into(), len.into()].map(|op| self.operand(op, Type::I32));
        self.append_inst(InstKind::MemoryCopy { args });
    }

    /// `memory.fill dst, byte, len`: sets `len` bytes to the low 8 bits of `byte`.
    pub fn memory_fill(
        &mut self,
        dst: impl Into<Operand>,
        byte: impl Into<Operand>,
        len: impl Into<Operand>,
    ) {
        let args = [dst.into(), byte.into(), len.into()].map(|op| self.operand(op, Type::I32));
        self.append_inst(InstKind::MemoryFill { args });
    }

    /// `addr @data + offset` → the address of a data object (plus `offset` bytes).
    pub fn data_addr(&mut self, data: Data, offset: u32) -> Value {
        self.append_value(InstKind::DataAddr { data, offset })
    }

    /// `addr @__heap_base` → the first byte of memory no data or stack uses.
    pub fn heap_base(&mut self) -> Value {
        self.append_value(InstKind::HeapBase)
    }

    /// `funcaddr @f` → the function's table index, for `call_indirect`.
    pub fn func_addr(&mut self, func: Func) -> Value {
        self.append_value(InstKind::FuncAddr { func })
    }

    /// `stack.alloc bytes` → a `ptr` to `bytes` fresh bytes (16-aligned) in the current
    /// frame, released when the function returns.
    pub fn stack_alloc(&mut self, bytes: impl Into<Operand>) -> Value {
        let size = self.operand(bytes, Type::I32);
        self.append_value(InstKind::StackAlloc { size })
    }

    /// `global.get @g`
    pub fn global_get(&mut self, global: Global) -> Value {
        self.append_value(InstKind::GlobalGet { global })
    }

    /// `global.set @g, value`; a literal takes the global's type.
    ///
    /// # Panics
    ///
    /// If `global` is not a global of the module.
    pub fn global_set(&mut self, global: Global, value: impl Into<Operand>) {
        let ty = match self.module().globals.get(global) {
            Some(decl) => decl.ty,
            None => panic!("FunctionBuilder::global_set: {global} is not a global of this module"),
        };
        let value = self.operand(value, ty);
        self.append_inst(InstKind::GlobalSet { global, value });
    }

    /// `call @f(args)` → the callee's results (possibly none).
    pub fn call(&mut self, func: Func, args: &[Value]) -> Vec<Value> {
        let inst = self.append_inst(InstKind::Call {
            func,
            args: args.to_vec(),
        });
        self.inst_results(inst).to_vec()
    }

    /// `%r = call @f(args)` for a callee with exactly one result.
    ///
    /// # Panics
    ///
    /// If the callee does not return exactly one value (use [`call`](Self::call)).
    pub fn call1(&mut self, func: Func, args: &[Value]) -> Value {
        let results = self.call(func, args);
        single_result(&results, "call1")
    }

    /// `call_indirect callee(args) : sig` → the signature's results. `callee` is a
    /// table index from [`func_addr`](Self::func_addr) or a function pointer in memory.
    pub fn call_indirect(
        &mut self,
        sig: &Signature,
        callee: impl Into<Operand>,
        args: &[Value],
    ) -> Vec<Value> {
        let callee = self.operand(callee, Type::I32);
        let inst = self.append_inst(InstKind::CallIndirect {
            sig: sig.clone(),
            callee,
            args: args.to_vec(),
        });
        self.inst_results(inst).to_vec()
    }

    /// `call_indirect` for a signature with exactly one result.
    ///
    /// # Panics
    ///
    /// If `sig` does not have exactly one result.
    pub fn call_indirect1(
        &mut self,
        sig: &Signature,
        callee: impl Into<Operand>,
        args: &[Value],
    ) -> Value {
        let results = self.call_indirect(sig, callee, args);
        single_result(&results, "call_indirect1")
    }

    /// `syscall.NAME args` → its result (`None` for `exit`). Literal operands take the
    /// system call's parameter types.
    pub fn syscall(&mut self, call: Syscall, args: &[Operand]) -> Option<Value> {
        let params = call.params();
        let args: Vec<Value> = args
            .iter()
            .enumerate()
            .map(|(i, &op)| {
                let ty = params.get(i).copied().unwrap_or(Type::I32);
                self.operand(op, ty)
            })
            .collect();
        let inst = self.append_inst(InstKind::Syscall { call, args });
        self.inst_results(inst).first().copied()
    }
}

/// The only value of `results`, or a panic naming the builder method.
fn single_result(results: &[Value], method: &str) -> Value {
    match results {
        [value] => *value,
        _ => panic!(
            "FunctionBuilder::{method}: the callee returns {} values, not one; use the \
             method without `1`",
            results.len()
        ),
    }
}
