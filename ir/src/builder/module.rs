//! Declaring module items from Rust: functions (defined and imported), data objects,
//! globals, memory, stack size and exports.
//!
//! These are convenience methods on [`Module`] and [`DataObject`]; they fill in the
//! plain data structures and return handles. Names are not checked here (the verifier
//! reports duplicates and malformed names), and function bodies are built with
//! [`FunctionBuilder`](super::FunctionBuilder). The [module-level
//! example](super#example-a-data-object-a-global-and-calls) shows them together.

use crate::entities::{Data, Func, Global};
use crate::function::{Function, Import};
use crate::imm::Imm;
use crate::module::{DataItem, DataObject, DataType, DataValue, GlobalDecl, MemoryDecl, Module};
use crate::types::Signature;

impl Module {
    /// Declares a function with a body still to be built (with a
    /// [`FunctionBuilder`](super::FunctionBuilder)). Declaring all functions first lets
    /// bodies call each other in any order.
    pub fn declare_function(&mut self, name: &str, sig: Signature) -> Func {
        self.add_function(Function::new(name, sig))
    }

    /// Declares an imported function: `import func @name(sig) from "module" "field"`.
    pub fn declare_import(
        &mut self,
        name: &str,
        sig: Signature,
        module: &str,
        field: &str,
    ) -> Func {
        let import = Import {
            module: module.to_string(),
            name: field.to_string(),
        };
        self.add_function(Function::new_import(name, sig, import))
    }

    /// Exports a function (defined or imported) under `export_name`.
    pub fn export_function(&mut self, func: Func, export_name: &str) {
        self.funcs[func].export = Some(export_name.to_string());
    }

    /// Adds a data object built with [`DataObject::new`] or [`DataObject::string`].
    pub fn declare_data(&mut self, data: DataObject) -> Data {
        self.add_data(data)
    }

    /// Adds a data object holding the bytes of `text` (no terminating NUL unless
    /// `text` has one): `data @name = "…"`.
    pub fn declare_string(&mut self, name: &str, text: impl AsRef<[u8]>) -> Data {
        self.add_data(DataObject::string(name, text))
    }

    /// Declares an immutable global of `init`'s type: `global @name: T = init`.
    pub fn declare_global(&mut self, name: &str, init: Imm) -> Global {
        self.add_global(GlobalDecl {
            name: name.to_string(),
            ty: init.ty(),
            mutable: false,
            init,
            export: None,
        })
    }

    /// Declares a mutable global of `init`'s type: `global @name: T mut = init`.
    pub fn declare_mut_global(&mut self, name: &str, init: Imm) -> Global {
        let global = self.declare_global(name, init);
        self.globals[global].mutable = true;
        global
    }

    /// Exports a global under `export_name`.
    pub fn export_global(&mut self, global: Global, export_name: &str) {
        self.globals[global].export = Some(export_name.to_string());
    }

    /// Declares the memory: `memory MIN [max MAX] [export "NAME"]`, sizes in 64 KiB
    /// pages. Without a declaration the module gets the smallest memory its data and
    /// stack need, exported as `"memory"`.
    pub fn declare_memory(&mut self, min_pages: u32, max_pages: Option<u32>, export: Option<&str>) {
        self.memory = Some(MemoryDecl {
            min_pages,
            max_pages,
            export: export.map(str::to_string),
        });
    }

    /// Sets the shadow-stack size in bytes (`stack N`).
    pub fn set_stack_size(&mut self, bytes: u32) {
        self.stack_size = Some(bytes);
    }
}

/// Building data objects item by item. Consecutive scalars of one type form one group
/// (`i32 1, 2, 3`).
///
/// ```
/// use lir::{DataObject, DataType, Module};
/// let mut module = Module::new();
/// let hello = module.declare_string("hello", "hi\n");
/// let table = DataObject::new("table")
///     .with_align(8)
///     .ints(DataType::I64, [1, 2])
///     .data_addr(hello, 1)
///     .zeros(4);
/// assert_eq!(table.size(), 8 + 8 + 4 + 4);
/// assert_eq!(table.items.len(), 3);
/// ```
impl DataObject {
    /// An empty data object (`data @name = { }`) to add items to.
    pub fn new(name: &str) -> DataObject {
        DataObject {
            name: name.to_string(),
            align: None,
            readonly: false,
            items: Vec::new(),
            is_string: false,
        }
    }

    /// A data object holding the bytes of `text`: `data @name = "…"`.
    pub fn string(name: &str, text: impl AsRef<[u8]>) -> DataObject {
        DataObject {
            items: vec![DataItem::Bytes(text.as_ref().to_vec())],
            is_string: true,
            ..DataObject::new(name)
        }
    }

    /// Sets the alignment in bytes (a power of two; the verifier checks it).
    pub fn with_align(mut self, align: u32) -> DataObject {
        self.align = Some(align);
        self
    }

    /// Marks the object `readonly`: the frontend promises never to write it.
    pub fn read_only(mut self) -> DataObject {
        self.readonly = true;
        self
    }

    /// Appends raw bytes (a string item).
    pub fn bytes(mut self, bytes: impl AsRef<[u8]>) -> DataObject {
        self.is_string = false;
        self.items.push(DataItem::Bytes(bytes.as_ref().to_vec()));
        self
    }

    /// Appends `count` zero bytes.
    pub fn zeros(mut self, count: u32) -> DataObject {
        self.is_string = false;
        self.items.push(DataItem::Zero(count));
        self
    }

    /// Appends integers as `ty` elements (`I8` … `I64` or `Ptr`), each truncated to
    /// the element size; negative values are two's complement.
    pub fn ints(self, ty: DataType, values: impl IntoIterator<Item = i64>) -> DataObject {
        let mask = u64::MAX >> (64 - 8 * ty.size());
        let bits = values.into_iter().map(|v| DataValue::Bits(v as u64 & mask));
        self.scalars(ty, bits)
    }

    /// Appends `f32` elements.
    pub fn f32s(self, values: impl IntoIterator<Item = f32>) -> DataObject {
        let bits = values
            .into_iter()
            .map(|v| DataValue::Bits(v.to_bits() as u64));
        self.scalars(DataType::F32, bits)
    }

    /// Appends `f64` elements.
    pub fn f64s(self, values: impl IntoIterator<Item = f64>) -> DataObject {
        let bits = values.into_iter().map(|v| DataValue::Bits(v.to_bits()));
        self.scalars(DataType::F64, bits)
    }

    /// Appends a pointer to `data` plus `offset` bytes (`ptr @data + offset`).
    pub fn data_addr(self, data: Data, offset: u32) -> DataObject {
        self.scalars(DataType::Ptr, [DataValue::DataAddr(data, offset)])
    }

    /// Appends a function's table index (`ptr @func`), for indirect calls.
    pub fn func_addr(self, func: Func) -> DataObject {
        self.scalars(DataType::Ptr, [DataValue::FuncAddr(func)])
    }

    /// Appends scalars of type `ty`, extending the last group if it has the same type.
    pub fn scalars(
        mut self,
        ty: DataType,
        values: impl IntoIterator<Item = DataValue>,
    ) -> DataObject {
        self.is_string = false;
        match self.items.last_mut() {
            Some(DataItem::Scalars {
                ty: last,
                values: group,
            }) if *last == ty => {
                group.extend(values);
            }
            _ => self.items.push(DataItem::Scalars {
                ty,
                values: values.into_iter().collect(),
            }),
        }
        self
    }
}
