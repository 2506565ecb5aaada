//! [`FunctionBuilder`] methods for memory and addresses: loads (full and narrow,
//! signed or not) and stores (full and truncating) with offset and alignment,
//! `memory.*`, data and function addresses, `stack.alloc` and globals.

use super::operand::{type_or, Operand};
use super::FunctionBuilder;
use crate::entities::{Data, Func, Global, Value};
use crate::inst::{InstKind, MemArg};
use crate::types::{MemWidth, Type};

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

    /// `sizeof @data` → the size of a data object in bytes, a `ptr` constant (the
    /// object as declared now: declare its contents before asking).
    ///
    /// ```
    /// use lir::builder::FunctionBuilder;
    /// use lir::{Module, Signature, Syscall, Type};
    ///
    /// let mut module = Module::new();
    /// let hello = module.declare_string("hello", "Hello!\n");
    /// let main = module.declare_function("main", Signature::new([], [Type::I32]));
    /// let mut b = FunctionBuilder::new(&mut module, main);
    /// let entry = b.create_block();
    /// b.switch_to_block(entry);
    /// let text = b.data_addr(hello, 0);
    /// let len = b.data_size(hello);
    /// b.syscall(Syscall::Write, &[1.into(), text.into(), len.into()]);
    /// let zero = b.iconst(Type::I32, 0);
    /// b.ret(&[zero]);
    /// b.finalize();
    /// lir::verify::verify(&module).unwrap();
    /// assert!(lir::text::print(&module).contains(", 7\n"), "{}", lir::text::print(&module));
    /// ```
    ///
    /// # Panics
    ///
    /// If `data` is not a data object of the module, or is 4 GiB or larger.
    pub fn data_size(&mut self, data: Data) -> Value {
        let size = match self.module().data.get(data) {
            Some(object) => object.size(),
            None => {
                panic!("FunctionBuilder::data_size: {data} is not a data object of this module")
            }
        };
        match u32::try_from(size) {
            Ok(size) => self.iconst(Type::PTR, i64::from(size)),
            Err(_) => panic!("FunctionBuilder::data_size: {data} is {size} bytes, over 4 GiB"),
        }
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
}
