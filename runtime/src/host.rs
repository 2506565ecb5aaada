//! Host functions of the embedder's own: [`Imports`] holds functions a module may
//! import (`env.log`, …), registered as the wasmtime crate's `Linker::func_wrap`
//! does, and given to an instance in [`crate::InstanceConfig::imports`]. They sit
//! beside WASI and lir's `env` host ABI ([`crate::env_abi`]) and shadow either when
//! they have the same module and name, so a host may replace, say, `env.write`.
//!
//! A host function receives a [`Caller`] first; [`CallerMemory`] reads and writes the
//! guest's memory through it. An `Err` returned by a host function stops the call
//! (error 5002, the message kept); `Ok` returns to the guest.
//!
//! ```
//! use lir_runtime::{Caller, CallerMemory, Imports, InstanceConfig, Runtime, Target};
//! use std::sync::{Arc, Mutex};
//!
//! let module = lir::text::parse(r#"
//!     import func @log(ptr, i32) from "env" "log"
//!     data @msg = "hello from the guest"
//!     export "greet" func @greet() {
//!         %p = addr @msg
//!         call @log(%p, sizeof @msg)
//!         ret
//!     }
//! "#).unwrap();
//! let runtime = Runtime::new()?;
//! let compiled = runtime.load_module(&module, Target::Unknown, &Default::default())?;
//!
//! let logged = Arc::new(Mutex::new(Vec::new()));
//! let sink = logged.clone();
//! let mut imports = Imports::new();
//! imports.func("env", "log", move |mut caller: Caller<'_>, ptr: u32, len: u32| {
//!     let text = caller.read_string(ptr, len)?;
//!     sink.lock().unwrap().push(text);
//!     Ok(())
//! });
//! let mut instance = compiled.instantiate(InstanceConfig { imports, ..Default::default() })?;
//! instance.call("greet", &[])?;
//! assert_eq!(*logged.lock().unwrap(), ["hello from the guest"]);
//! # Ok::<(), lir_runtime::RuntimeError>(())
//! ```

use crate::instance::Host;
use std::sync::Arc;
use wasmtime::{Extern, IntoFunc, Linker};

/// What a host function receives first: access to the calling instance (its memory,
/// through [`CallerMemory`]) — wasmtime's `Caller` over lir's store data.
pub type Caller<'a> = wasmtime::Caller<'a, Host>;

/// The result type of host functions (wasmtime's); `Err` stops the guest's call.
pub type HostResult<T> = wasmtime::Result<T>;

/// The error host functions return: `HostError::msg("…")` (wasmtime's `Error`).
pub type HostError = wasmtime::Error;

/// Registers one definition in a linker.
type Define = dyn Fn(&mut Linker<Host>) -> wasmtime::Result<()> + Send + Sync;

/// Host functions for an instance's imports (see the module documentation).
#[derive(Clone, Default)]
pub struct Imports {
    defs: Vec<(String, String, Arc<Define>)>,
}

impl Imports {
    /// No host functions.
    pub fn new() -> Imports {
        Imports::default()
    }

    /// Defines import `module`.`name` as `func`, a closure taking a [`Caller`] and
    /// then the wasm parameters (`i32`/`u32`, `i64`/`u64`, `f32`, `f64`) and returning
    /// `()`, a value, a tuple of values, or a [`HostResult`] of those. A later
    /// definition of the same name replaces an earlier one.
    pub fn func<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        func: impl IntoFunc<Host, Params, Results> + Clone,
    ) -> &mut Imports {
        let (m, n) = (module.to_string(), name.to_string());
        let define = move |linker: &mut Linker<Host>| -> wasmtime::Result<()> {
            linker.func_wrap(&m, &n, func.clone())?;
            Ok(())
        };
        self.defs
            .retain(|(m, n, _)| (m.as_str(), n.as_str()) != (module, name));
        self.defs
            .push((module.to_string(), name.to_string(), Arc::new(define)));
        self
    }

    /// Defines import `module`.`name` with a LIR signature, the values as
    /// [`lir::Imm`]s: for hosts that decide the signature at run time, or think in LIR
    /// types. The closure gets the arguments (already checked against `signature`) and
    /// returns the results, which must match `signature.results` (else the call fails).
    ///
    /// ```
    /// use lir::{Imm, Signature, Type};
    /// use lir_runtime::{Imports, InstanceConfig, Runtime, Target};
    /// let module = lir::text::parse(r#"
    ///     import func @hypot(f64, f64) -> f64 from "math" "hypot"
    ///     export "run" func @run() -> f64 {
    ///         %h = call @hypot(3.0, 4.0)
    ///         ret %h
    ///     }
    /// "#).unwrap();
    /// let mut imports = Imports::new();
    /// let sig = Signature::new([Type::F64, Type::F64], [Type::F64]);
    /// imports.func_lir("math", "hypot", sig, |_caller, args| {
    ///     let (x, y) = (args[0].as_f64(), args[1].as_f64());
    ///     Ok(vec![Imm::f64(x.hypot(y))])
    /// });
    /// let runtime = Runtime::new()?;
    /// let compiled = runtime.load_module(&module, Target::Unknown, &Default::default())?;
    /// let mut instance = compiled.instantiate(InstanceConfig { imports, ..Default::default() })?;
    /// assert_eq!(instance.call("run", &[])?, [Imm::f64(5.0)]);
    /// # Ok::<(), lir_runtime::RuntimeError>(())
    /// ```
    pub fn func_lir(
        &mut self,
        module: &str,
        name: &str,
        signature: lir::Signature,
        func: impl Fn(&mut Caller<'_>, &[lir::Imm]) -> HostResult<Vec<lir::Imm>> + Send + Sync + 'static,
    ) -> &mut Imports {
        let (m, n) = (module.to_string(), name.to_string());
        let func = Arc::new(func);
        let define = move |linker: &mut Linker<Host>| -> wasmtime::Result<()> {
            let val_type = |t: &lir::Type| match t {
                lir::Type::I32 => wasmtime::ValType::I32,
                lir::Type::I64 => wasmtime::ValType::I64,
                lir::Type::F32 => wasmtime::ValType::F32,
                lir::Type::F64 => wasmtime::ValType::F64,
            };
            let ty = wasmtime::FuncType::new(
                linker.engine(),
                signature.params.iter().map(val_type),
                signature.results.iter().map(val_type),
            );
            let (func, results_ty, what) = (func.clone(), signature.results.clone(), n.clone());
            linker.func_new(&m, &n, ty, move |mut caller, params, results| {
                let args: Vec<lir::Imm> = params
                    .iter()
                    .map(|v| crate::instance::from_val(v).expect("lir's value types only"))
                    .collect();
                let values = func(&mut caller, &args)?;
                let given: Vec<lir::Type> = values.iter().map(|v| v.ty()).collect();
                if given != results_ty {
                    return Err(HostError::msg(format!(
                        "host function `{what}` returned ({}), its signature says ({})",
                        type_names(&given),
                        type_names(&results_ty)
                    )));
                }
                for (slot, value) in results.iter_mut().zip(values) {
                    *slot = crate::instance::to_val(value);
                }
                Ok(())
            })?;
            Ok(())
        };
        self.defs
            .retain(|(m, n, _)| (m.as_str(), n.as_str()) != (module, name));
        self.defs
            .push((module.to_string(), name.to_string(), Arc::new(define)));
        self
    }

    /// Whether no host function is defined.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The `(module, name)` of every definition, in the order they were made.
    pub fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.defs.iter().map(|(m, n, _)| (m.as_str(), n.as_str()))
    }

    /// Adds the definitions to `linker`, shadowing what it had under the same names.
    pub(crate) fn define(&self, linker: &mut Linker<Host>) -> wasmtime::Result<()> {
        for (_, _, define) in &self.defs {
            define(linker)?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for Imports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.names().map(|(m, n)| format!("{m}.{n}")))
            .finish()
    }
}

/// The guest's memory (its export `"memory"`, else its first exported memory) as a
/// host function sees it. Accesses out of bounds are errors, not panics.
pub trait CallerMemory {
    /// `len` bytes at `ptr`.
    fn read_memory(&mut self, ptr: u32, len: u32) -> HostResult<Vec<u8>>;
    /// Writes `bytes` at `ptr`.
    fn write_memory(&mut self, ptr: u32, bytes: &[u8]) -> HostResult<()>;
    /// `len` bytes at `ptr` as UTF-8 text (invalid sequences replaced by U+FFFD).
    fn read_string(&mut self, ptr: u32, len: u32) -> HostResult<String> {
        Ok(String::from_utf8_lossy(&self.read_memory(ptr, len)?).into_owned())
    }
}

impl CallerMemory for Caller<'_> {
    fn read_memory(&mut self, ptr: u32, len: u32) -> HostResult<Vec<u8>> {
        let memory = guest_memory(self)?;
        let data = memory.data(&*self);
        Ok(data[in_bounds(data.len(), ptr, len)?].to_vec())
    }

    fn write_memory(&mut self, ptr: u32, bytes: &[u8]) -> HostResult<()> {
        let memory = guest_memory(self)?;
        let len = u32::try_from(bytes.len()).map_err(|_| out_of_bounds(ptr, u32::MAX, 0))?;
        let data = memory.data_mut(&mut *self);
        let range = in_bounds(data.len(), ptr, len)?;
        data[range].copy_from_slice(bytes);
        Ok(())
    }
}

fn type_names(types: &[lir::Type]) -> String {
    types
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The memory a host function works on.
pub(crate) fn guest_memory(caller: &mut Caller<'_>) -> HostResult<wasmtime::Memory> {
    if let Some(Extern::Memory(memory)) = caller.get_export("memory") {
        return Ok(memory);
    }
    Err(HostError::msg(
        "the module exports no memory named \"memory\" for the host to use",
    ))
}

/// The range of `len` bytes at `ptr` in a memory of `size` bytes, if it fits.
pub(crate) fn in_bounds(size: usize, ptr: u32, len: u32) -> HostResult<std::ops::Range<usize>> {
    let start = ptr as usize;
    match start.checked_add(len as usize) {
        Some(end) if end <= size => Ok(start..end),
        _ => Err(out_of_bounds(ptr, len, size)),
    }
}

fn out_of_bounds(ptr: u32, len: u32, size: usize) -> HostError {
    HostError::msg(format!(
        "memory access out of bounds: {len} bytes at {ptr} do not fit a memory of {size} bytes"
    ))
}
