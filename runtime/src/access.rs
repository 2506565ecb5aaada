//! What an instance exports, and host access to its exported globals and tables.
//!
//! ```
//! use lir_runtime::{ExportKind, Runtime};
//! use lir::Imm;
//! let module = lir::text::parse(r#"
//!     global @count: i32 mut = 0 export "count"
//!     export "bump" func @bump() -> i32 {
//!         %c = global.get @count
//!         %n = add %c, 1
//!         global.set @count, %n
//!         ret %n
//!     }
//! "#).unwrap();
//! let runtime = Runtime::new()?;
//! let compiled = runtime.load_module(&module, Default::default(), &Default::default())?;
//! let mut instance = compiled.instantiate(Default::default())?;
//! assert!(instance.exports()?.iter().any(|e| e.name == "count"
//!     && matches!(e.kind, ExportKind::Global { mutable: true, .. })));
//! instance.global_set("count", Imm::i32(41))?;
//! instance.call("bump", &[])?;
//! assert_eq!(instance.global_get("count")?, Imm::i32(42));
//! # Ok::<(), lir_runtime::RuntimeError>(())
//! ```

use crate::error::RuntimeError;
use crate::exports::{describe_extern, signature, ExportInfo};
use crate::instance::{from_val, to_val, Instance};
use lir::{Imm, Signature};
use wasmtime::{Func, Global, Mutability, Ref, Table};

impl Instance {
    /// The instance's exports, with the current size of its memories and tables.
    pub fn exports(&mut self) -> Result<Vec<ExportInfo>, RuntimeError> {
        let wasm = self.wasm()?;
        let exports: Vec<(String, wasmtime::Extern)> = wasm
            .exports(&mut self.store)
            .map(|e| (e.name().to_string(), e.into_extern()))
            .collect();
        Ok(exports
            .into_iter()
            .map(|(name, ext)| ExportInfo {
                name,
                kind: describe_extern(&ext.ty(&self.store)),
            })
            .collect())
    }

    fn global(&mut self, name: &str) -> Result<Global, RuntimeError> {
        self.wasm()?
            .get_global(&mut self.store, name)
            .ok_or_else(|| RuntimeError::ExportNotFound(format!("no exported global `{name}`")))
    }

    /// The value of the exported global `name` (readable after a trap too).
    pub fn global_get(&mut self, name: &str) -> Result<Imm, RuntimeError> {
        let global = self.global(name)?;
        let value = global.get(&mut self.store);
        from_val(&value).ok_or_else(|| {
            RuntimeError::TypeMismatch(format!("global `{name}` has a type lir cannot pass"))
        })
    }

    /// Sets the exported mutable global `name`; the value's type must be the global's.
    pub fn global_set(&mut self, name: &str, value: Imm) -> Result<(), RuntimeError> {
        self.check_usable()?;
        let global = self.global(name)?;
        let ty = global.ty(&self.store);
        if ty.mutability() == Mutability::Const {
            return Err(RuntimeError::TypeMismatch(format!(
                "global `{name}` is immutable"
            )));
        }
        let want = crate::exports::lir_type(ty.content());
        if want != Some(value.ty()) {
            return Err(RuntimeError::TypeMismatch(format!(
                "global `{name}` is {}, given {}",
                want.map_or("?", |t| t.name()),
                value.ty().name()
            )));
        }
        global
            .set(&mut self.store, to_val(value))
            .map_err(|e| RuntimeError::TypeMismatch(format!("{e:#}")))
    }

    fn table(&mut self, name: &str) -> Result<Table, RuntimeError> {
        let table = self
            .wasm()?
            .get_table(&mut self.store, name)
            .ok_or_else(|| RuntimeError::ExportNotFound(format!("no exported table `{name}`")))?;
        if !matches!(
            table.ty(&self.store).element().heap_type(),
            wasmtime::HeapType::Func | wasmtime::HeapType::ConcreteFunc(_)
        ) {
            return Err(RuntimeError::TypeMismatch(format!(
                "table `{name}` does not hold functions"
            )));
        }
        Ok(table)
    }

    /// The function at `index` of the exported table `name`; `None` when the element
    /// is null; an error when `index` is past the end.
    fn table_func(&mut self, name: &str, index: u64) -> Result<Option<Func>, RuntimeError> {
        let table = self.table(name)?;
        let size = table.size(&self.store);
        match table.get(&mut self.store, index) {
            Some(Ref::Func(func)) => Ok(func),
            _ => Err(RuntimeError::MemoryOutOfBounds(format!(
                "element {index} of table `{name}` is past its end ({size} elements)"
            ))),
        }
    }

    /// Elements in the exported table `name`. LIR modules do not export their table;
    /// modules of other toolchains often do (here one made with `wasm-encoder`):
    ///
    /// ```
    /// use wasm_encoder::*;
    /// let mut module = Module::new();
    /// let mut types = TypeSection::new();
    /// types.ty().function([ValType::I32], [ValType::I32]);
    /// module.section(&types);
    /// module.section(FunctionSection::new().function(0));
    /// module.section(TableSection::new().table(TableType {
    ///     element_type: RefType::FUNCREF, minimum: 2, maximum: None, table64: false, shared: false,
    /// }));
    /// module.section(ExportSection::new().export("table", ExportKind::Table, 0)
    ///     .export("inc", ExportKind::Func, 0));
    /// module.section(ElementSection::new().active(Some(0), &ConstExpr::i32_const(0),
    ///     Elements::Functions([0u32].as_slice().into())));
    /// let mut inc = Function::new([]);
    /// inc.instructions().local_get(0).i32_const(1).i32_add().end();
    /// module.section(CodeSection::new().function(&inc));
    ///
    /// let runtime = lir_runtime::Runtime::new()?;
    /// let mut instance = runtime.load(&module.finish())?.instantiate(Default::default())?;
    /// assert_eq!(instance.table_size("table")?, 2);
    /// assert_eq!(instance.table_call("table", 0, &[lir::Imm::i32(41)])?, [lir::Imm::i32(42)]);
    /// assert_eq!(instance.table_signature("table", 1)?, None); // a null element
    /// instance.table_set("table", 1, Some("inc"))?;
    /// assert_eq!(instance.table_grow("table", 3)?, 2);
    /// # Ok::<(), lir_runtime::RuntimeError>(())
    /// ```
    pub fn table_size(&mut self, name: &str) -> Result<u64, RuntimeError> {
        let table = self.table(name)?;
        Ok(table.size(&self.store))
    }

    /// The signature of the function at `index` of table `name`, `None` for a null
    /// element.
    pub fn table_signature(
        &mut self,
        name: &str,
        index: u64,
    ) -> Result<Option<Signature>, RuntimeError> {
        let Some(func) = self.table_func(name, index)? else {
            return Ok(None);
        };
        let ty = func.ty(&self.store);
        signature(&ty).map(Some).ok_or_else(|| {
            RuntimeError::TypeMismatch(format!(
                "element {index} of table `{name}` uses types lir cannot pass"
            ))
        })
    }

    /// Calls the function at `index` of table `name` (a function pointer the guest
    /// handed out, as `call_indirect` would). A null element is error 5002.
    pub fn table_call(
        &mut self,
        name: &str,
        index: u64,
        args: &[Imm],
    ) -> Result<Vec<Imm>, RuntimeError> {
        self.check_usable()?;
        let func = self.table_func(name, index)?.ok_or_else(|| {
            RuntimeError::CallFailed(format!("element {index} of table `{name}` is null"))
        })?;
        self.call_func(func, &format!("{name}[{index}]"), args)
    }

    /// Sets element `index` of table `name` to the exported function `func`, or to
    /// null.
    pub fn table_set(
        &mut self,
        name: &str,
        index: u64,
        func: Option<&str>,
    ) -> Result<(), RuntimeError> {
        self.check_usable()?;
        let table = self.table(name)?;
        let value = match func {
            Some(export) => Some(self.wasm()?.get_func(&mut self.store, export).ok_or_else(
                || RuntimeError::ExportNotFound(format!("no exported function `{export}`")),
            )?),
            None => None,
        };
        let size = table.size(&self.store);
        table
            .set(&mut self.store, index, Ref::Func(value))
            .map_err(|_| {
                RuntimeError::MemoryOutOfBounds(format!(
                    "element {index} of table `{name}` is past its end ({size} elements)"
                ))
            })
    }

    /// Grows table `name` by `delta` null elements; returns the previous size.
    /// Growing past the table's maximum fails with 5006, past the limit with 5014.
    pub fn table_grow(&mut self, name: &str, delta: u64) -> Result<u64, RuntimeError> {
        self.check_usable()?;
        let table = self.table(name)?;
        let before = table.size(&self.store);
        table.grow(&mut self.store, delta, Ref::Func(None)).map_err(
            |e| match crate::traps::classify(e, &Default::default(), None) {
                limit @ RuntimeError::TableLimitExceeded { .. } => limit,
                limit @ RuntimeError::MemoryLimitExceeded { .. } => limit,
                _ => RuntimeError::MemoryOutOfBounds(format!(
                    "cannot grow table `{name}` of {before} elements by {delta}"
                )),
            },
        )
    }
}
