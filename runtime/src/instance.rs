//! Compiled modules and their instances: instantiate with a WASI context, host
//! functions and limits, call exports with typed values, run commands, and access
//! memory with bounds checks. Globals, tables and the export listing of an instance are
//! in `access.rs`.

use crate::blocking;
use crate::engine::{Compiler, Runtime, EPOCH_TICK};
use crate::env_abi::{self, EnvState};
use crate::error::RuntimeError;
use crate::exports::{self, ExportInfo};
use crate::host::Imports;
use crate::limits::{Limits, MemoryLimiter};
use crate::traps::classify;
use crate::wasi::{Captures, WasiConfig};
use lir::{Imm, Signature, Type};
use lir_wasm::LocationTable;
use std::sync::Arc;
use std::time::Instant;
use wasmtime::{Caller, ExternType, Linker, Memory, Store, Val};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::I32Exit;

/// Bytes in a WebAssembly page, the unit of [`Instance::memory_size`] and
/// [`Instance::memory_grow`].
pub const PAGE_SIZE: u64 = 65536;

/// Epoch ticks until the deadline of a call without a timeout: never in practice
/// (billions of years at one tick per [`EPOCH_TICK`]). Not `u64::MAX`: wasmtime adds
/// the engine's current epoch, which is no longer 0 once some instance used a timeout.
const NO_DEADLINE: u64 = u64::MAX / 2;

/// What the store of an instance holds: its WASI context, lir's `env` ABI state and
/// its limits. Host functions see it through [`crate::Caller`]; its contents are
/// private.
pub struct Host {
    wasi: WasiP1Ctx,
    pub(crate) env: EnvState,
    limiter: MemoryLimiter,
    /// When the current call must stop, for host calls that block (`blocking`).
    pub(crate) deadline: Option<Instant>,
}

impl Host {
    pub(crate) fn wasi(&mut self) -> &mut WasiP1Ctx {
        &mut self.wasi
    }
}

/// A validated, compiled module; instantiate it as often as needed.
#[derive(Clone)]
pub struct CompiledModule {
    runtime: Runtime,
    /// The engine that compiled the module and its compiler (`Runtime::engine_for`).
    engine: wasmtime::Engine,
    compiler: Compiler,
    module: wasmtime::Module,
    linker: Arc<Linker<Host>>,
    /// Where the code of each instruction comes from, for trap backtraces.
    locations: Option<Arc<LocationTable>>,
}

/// Everything an instance is configured with.
#[derive(Clone, Debug, Default)]
pub struct InstanceConfig {
    /// Arguments, environment, directories and standard streams; lir's `env` ABI
    /// (`wasm32-unknown-unknown` builds) uses the same arguments, environment and
    /// streams.
    pub wasi: WasiConfig,
    pub limits: Limits,
    /// Host functions of the embedder's own, beside (or shadowing) WASI and the `env`
    /// ABI.
    pub imports: Imports,
}

impl CompiledModule {
    pub(crate) fn new(runtime: &Runtime, bytes: &[u8]) -> Result<CompiledModule, RuntimeError> {
        // Validation against the engine's own features: a module it cannot run is the
        // user's invalid input, not a failure of the compiler.
        wasmtime::Module::validate(&runtime.engine, bytes).map_err(|e| {
            let mut message = format!("{e:#}");
            if runtime.options.compiler == Compiler::Winch && message.contains("tail call") {
                message.push_str(" (Winch does not implement tail calls: compile with Cranelift)");
            }
            RuntimeError::InvalidModule(message)
        })?;
        let (engine, compiler) = runtime.engine_for(bytes);
        let engine = engine.clone();
        let module = wasmtime::Module::new(&engine, bytes)
            .map_err(|e| RuntimeError::Compile(format!("{e:#}")))?;
        let mut linker: Linker<Host> = Linker::new(&engine);
        p1::add_to_linker_sync(&mut linker, |host: &mut Host| &mut host.wasi)
            .map_err(|e| RuntimeError::Instantiate(format!("{e:#}")))?;
        // wasmtime's proc_exit rejects statuses >= 126; lir programs may exit with any i32.
        linker.allow_shadowing(true);
        linker
            .func_wrap(
                "wasi_snapshot_preview1",
                "proc_exit",
                |_: Caller<'_, Host>, status: i32| -> wasmtime::Result<()> {
                    Err(wasmtime::Error::new(I32Exit(status)))
                },
            )
            .map_err(|e| RuntimeError::Instantiate(format!("{e:#}")))?;
        blocking::add_bounded_calls(&mut linker)
            .map_err(|e| RuntimeError::Instantiate(format!("{e:#}")))?;
        env_abi::add_to_linker(&mut linker)
            .map_err(|e| RuntimeError::Instantiate(format!("{e:#}")))?;
        // An import nobody provides fails when it is called, as under the interpreter
        // (and as at -O2, where imports nothing calls are gone), not at instantiation.
        // Imports given per instance (`InstanceConfig::imports`) shadow these stubs.
        linker
            .define_unknown_imports_as_traps(&module)
            .map_err(|e| RuntimeError::Instantiate(format!("{e:#}")))?;
        Ok(CompiledModule {
            runtime: runtime.clone(),
            engine,
            compiler,
            module,
            linker: Arc::new(linker),
            locations: None,
        })
    }

    /// The same module, with the compiler's table of instruction locations
    /// ([`lir_wasm::compile_with_locations`]) for the backtraces of its traps.
    pub fn with_locations(mut self, locations: LocationTable) -> CompiledModule {
        self.locations = Some(Arc::new(locations));
        self
    }

    /// The compiler that compiled the module: [`Compiler::Cranelift`] or
    /// [`Compiler::Winch`] (see [`Compiler::Auto`]).
    pub fn compiler(&self) -> Compiler {
        self.compiler
    }

    /// The module's exports with their kinds and signatures.
    pub fn exports(&self) -> Vec<ExportInfo> {
        exports::describe(&self.module)
    }

    /// The signature of an exported function.
    pub fn func_signature(&self, name: &str) -> Result<Signature, RuntimeError> {
        match self.module.get_export(name) {
            Some(ExternType::Func(ty)) => exports::signature(&ty).ok_or_else(|| {
                RuntimeError::TypeMismatch(format!("`{name}` uses types lir cannot pass"))
            }),
            Some(_) => Err(RuntimeError::ExportNotFound(format!(
                "`{name}` is not a function"
            ))),
            None => Err(RuntimeError::ExportNotFound(format!(
                "no exported function `{name}`"
            ))),
        }
    }

    /// The module's imports as `(module, name)`, in order.
    pub fn imports(&self) -> Vec<(String, String)> {
        (self.module.imports())
            .map(|i| (i.module().to_string(), i.name().to_string()))
            .collect()
    }

    /// Creates an instance with its own memory, WASI context, host functions and
    /// limits.
    pub fn instantiate(&self, config: InstanceConfig) -> Result<Instance, RuntimeError> {
        let (wasi, captures) = config.wasi.build(config.limits.max_memory)?;
        let env = EnvState::new(&config.wasi);
        let limits = config.limits;
        let mut store = Store::new(
            &self.engine,
            Host {
                wasi,
                env,
                limiter: MemoryLimiter::new(&limits),
                deadline: None,
            },
        );
        store.limiter(|host| &mut host.limiter);
        if self.runtime.options.fuel_metering {
            store
                .set_fuel(limits.fuel.unwrap_or(u64::MAX))
                .map_err(|e| RuntimeError::Instantiate(format!("{e:#}")))?;
        } else if limits.fuel.is_some() {
            return Err(RuntimeError::WasiConfig(
                "this runtime was created without fuel metering".into(),
            ));
        }
        let mut instance = Instance {
            store,
            instance: None,
            captures,
            limits,
            poisoned: None,
            epoch: self.runtime.options.epoch_interruption,
            runtime: self.runtime.clone(),
            locations: self.locations.clone(),
        };
        instance.arm_deadline()?;
        let own_linker;
        let linker = if config.imports.is_empty() {
            &*self.linker
        } else {
            let mut linker = (*self.linker).clone();
            config
                .imports
                .define(&mut linker)
                .map_err(|e| RuntimeError::Instantiate(format!("{e:#}")))?;
            own_linker = linker;
            &own_linker
        };
        let wasm_instance = linker
            .instantiate(&mut instance.store, &self.module)
            .map_err(
                |e| match classify(e, &instance.limits, instance.locations.as_deref()) {
                    RuntimeError::CallFailed(message) => RuntimeError::Instantiate(message),
                    other => other,
                },
            )?;
        instance.instance = Some(wasm_instance);
        Ok(instance)
    }
}

/// One instance of a compiled module.
pub struct Instance {
    pub(crate) store: Store<Host>,
    pub(crate) instance: Option<wasmtime::Instance>,
    captures: Captures,
    limits: Limits,
    /// Why the instance may no longer be used, once it trapped, exited or hit a limit.
    pub(crate) poisoned: Option<String>,
    epoch: bool,
    runtime: Runtime,
    locations: Option<Arc<LocationTable>>,
}

pub(crate) fn to_val(imm: Imm) -> Val {
    match imm.ty() {
        Type::I32 => Val::I32(imm.bits() as u32 as i32),
        Type::I64 => Val::I64(imm.bits() as i64),
        Type::F32 => Val::F32(imm.bits() as u32),
        Type::F64 => Val::F64(imm.bits()),
    }
}

pub(crate) fn from_val(val: &Val) -> Option<Imm> {
    Some(match *val {
        Val::I32(v) => Imm::i32(v),
        Val::I64(v) => Imm::i64(v),
        Val::F32(bits) => Imm::new(Type::F32, bits as u64),
        Val::F64(bits) => Imm::new(Type::F64, bits),
        _ => return None,
    })
}

impl Instance {
    pub(crate) fn wasm(&self) -> Result<wasmtime::Instance, RuntimeError> {
        self.instance
            .ok_or_else(|| RuntimeError::InvalidInstance("not instantiated".into()))
    }

    pub(crate) fn check_usable(&self) -> Result<(), RuntimeError> {
        match &self.poisoned {
            Some(why) => Err(RuntimeError::InvalidInstance(format!(
                "the instance cannot be used after {why}"
            ))),
            None => Ok(()),
        }
    }

    /// Sets the wall-clock deadline for the next call.
    fn arm_deadline(&mut self) -> Result<(), RuntimeError> {
        // For host calls that block; `None` when unreachable (no deadline).
        self.store.data_mut().deadline = self
            .limits
            .timeout
            .and_then(|timeout| Instant::now().checked_add(timeout));
        if !self.epoch {
            return match self.limits.timeout {
                Some(_) => Err(RuntimeError::WasiConfig(
                    "this runtime was created without epoch interruption".into(),
                )),
                None => Ok(()),
            };
        }
        match self.limits.timeout {
            Some(timeout) => {
                self.runtime.ensure_ticker();
                self.store.set_epoch_deadline(epoch_ticks(timeout));
            }
            None => self.store.set_epoch_deadline(NO_DEADLINE),
        }
        Ok(())
    }

    /// Calls an exported function with typed arguments and returns its results.
    pub fn call(&mut self, name: &str, args: &[Imm]) -> Result<Vec<Imm>, RuntimeError> {
        self.check_usable()?;
        let wasm = self.wasm()?;
        let func = wasm.get_func(&mut self.store, name).ok_or_else(|| {
            RuntimeError::ExportNotFound(format!("no exported function `{name}`"))
        })?;
        self.call_func(func, name, args)
    }

    /// Calls `func` (named `name` in messages) with typed arguments.
    pub(crate) fn call_func(
        &mut self,
        func: wasmtime::Func,
        name: &str,
        args: &[Imm],
    ) -> Result<Vec<Imm>, RuntimeError> {
        let ty = func.ty(&self.store);
        let sig = exports::signature(&ty).ok_or_else(|| {
            RuntimeError::TypeMismatch(format!("`{name}` uses types lir cannot pass"))
        })?;
        let given: Vec<Type> = args.iter().map(|a| a.ty()).collect();
        if given != sig.params {
            return Err(RuntimeError::TypeMismatch(format!(
                "`{name}` takes ({}), given ({})",
                type_list(&sig.params),
                type_list(&given)
            )));
        }
        let params: Vec<Val> = args.iter().copied().map(to_val).collect();
        let mut results: Vec<Val> = sig.results.iter().map(|_| Val::I32(0)).collect();
        self.arm_deadline()?;
        if self.limits.fuel_per_call {
            if let Some(fuel) = self.limits.fuel {
                self.set_fuel(fuel)?;
            }
        }
        if let Err(error) = func.call(&mut self.store, &params, &mut results) {
            let error = classify(error, &self.limits, self.locations.as_deref());
            if error.poisons_instance() {
                self.poisoned = Some(error.to_string());
            }
            return Err(error);
        }
        results
            .iter()
            .map(|v| {
                from_val(v).ok_or_else(|| RuntimeError::TypeMismatch("unsupported result".into()))
            })
            .collect()
    }

    /// Runs the module as a WASI command (its `_start` export) and returns the exit
    /// status: the code passed to `proc_exit`, or 0 when `_start` returns.
    pub fn run(&mut self) -> Result<i32, RuntimeError> {
        match self.call("_start", &[]) {
            Ok(_) => Ok(0),
            Err(RuntimeError::Exit(status)) => Ok(status),
            Err(e) => Err(e),
        }
    }

    /// The memory the host accesses: the export `"memory"`, else the first exported
    /// memory. Usable after a trap (reading what the guest left is the point), not
    /// before instantiation.
    fn memory(&mut self) -> Result<Memory, RuntimeError> {
        let wasm = self.wasm()?;
        if let Some(memory) = wasm.get_memory(&mut self.store, "memory") {
            return Ok(memory);
        }
        let exports: Vec<_> = wasm
            .exports(&mut self.store)
            .map(|e| e.into_extern())
            .collect();
        exports
            .into_iter()
            .find_map(|e| e.into_memory())
            .ok_or_else(|| RuntimeError::ExportNotFound("the module exports no memory".into()))
    }

    /// Current memory size in pages of [`PAGE_SIZE`] bytes (the unit of
    /// [`Instance::memory_grow`] and of the `memory.size` instruction).
    ///
    /// ```
    /// use lir_runtime::{Runtime, PAGE_SIZE};
    /// let module = lir::text::parse("memory 2 export \"memory\"\nfunc @f() { ret }").unwrap();
    /// let runtime = Runtime::new()?;
    /// let compiled = runtime.load_module(&module, Default::default(), &Default::default())?;
    /// let mut instance = compiled.instantiate(Default::default())?;
    /// let pages = instance.memory_size()?;
    /// assert_eq!(instance.memory_grow(1)?, pages); // the size before, in pages
    /// assert_eq!(instance.memory_size()?, pages + 1);
    /// assert_eq!(instance.memory_bytes()?, (pages + 1) * PAGE_SIZE);
    /// # Ok::<(), lir_runtime::RuntimeError>(())
    /// ```
    pub fn memory_size(&mut self) -> Result<u64, RuntimeError> {
        Ok(self.memory_bytes()? / PAGE_SIZE)
    }

    /// Current memory size in bytes.
    pub fn memory_bytes(&mut self) -> Result<u64, RuntimeError> {
        let memory = self.memory()?;
        Ok(memory.data_size(&self.store) as u64)
    }

    fn range(
        &mut self,
        offset: u64,
        len: usize,
    ) -> Result<(Memory, std::ops::Range<usize>), RuntimeError> {
        let memory = self.memory()?;
        let size = memory.data_size(&self.store) as u64;
        let end = offset
            .checked_add(len as u64)
            .filter(|&end| end <= size)
            .ok_or_else(|| {
                RuntimeError::MemoryOutOfBounds(format!(
                    "{len} bytes at {offset} do not fit a memory of {size} bytes"
                ))
            })?;
        Ok((memory, offset as usize..end as usize))
    }

    /// Reads `len` bytes of memory at `offset` — also after a trap or an exit, for
    /// the message the guest left:
    ///
    /// ```
    /// use lir_runtime::Runtime;
    /// let module = lir::text::parse(r#"
    ///     data @last = "about to divide"
    ///     export "last" func @last_message() -> ptr { %p = addr @last
    ///  ret %p }
    ///     export "divide" func @divide(%a: i32, %b: i32) -> i32 { %q = div_s %a, %b
    ///  ret %q }
    /// "#).unwrap();
    /// let runtime = Runtime::new()?;
    /// let compiled = runtime.load_module(&module, Default::default(), &Default::default())?;
    /// let mut instance = compiled.instantiate(Default::default())?;
    /// let at = instance.call("last", &[])?[0].bits();
    /// let trap = instance.call("divide", &[lir::Imm::i32(1), lir::Imm::i32(0)]).unwrap_err();
    /// assert_eq!(trap.code(), 5002);
    /// assert_eq!(instance.memory_read(at, 15)?, b"about to divide");
    /// # Ok::<(), lir_runtime::RuntimeError>(())
    /// ```
    pub fn memory_read(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, RuntimeError> {
        let (memory, range) = self.range(offset, len)?;
        Ok(memory.data(&self.store)[range].to_vec())
    }

    /// Writes bytes into memory at `offset` (not after a trap: the instance is
    /// unusable then).
    pub fn memory_write(&mut self, offset: u64, bytes: &[u8]) -> Result<(), RuntimeError> {
        self.check_usable()?;
        let (memory, range) = self.range(offset, bytes.len())?;
        memory.data_mut(&mut self.store)[range].copy_from_slice(bytes);
        Ok(())
    }

    /// Grows memory by `pages`; returns the previous size in pages. Growing past the
    /// module's maximum fails with `MemoryOutOfBounds`, past the limit with
    /// `MemoryLimitExceeded`.
    pub fn memory_grow(&mut self, pages: u64) -> Result<u64, RuntimeError> {
        self.check_usable()?;
        let memory = self.memory()?;
        let before = memory.data_size(&self.store) as u64 / PAGE_SIZE;
        memory.grow(&mut self.store, pages).map_err(|e| {
            match classify(e, &self.limits, self.locations.as_deref()) {
                limit @ RuntimeError::MemoryLimitExceeded { .. } => limit,
                _ => RuntimeError::MemoryOutOfBounds(format!(
                    "cannot grow memory of {before} pages by {pages}"
                )),
            }
        })
    }

    /// What the instance wrote to a captured stdout so far.
    pub fn stdout(&self) -> Vec<u8> {
        self.captures
            .stdout
            .as_ref()
            .map(|p| p.contents().to_vec())
            .unwrap_or_default()
    }

    /// What the instance wrote to a captured stderr so far.
    pub fn stderr(&self) -> Vec<u8> {
        self.captures
            .stderr
            .as_ref()
            .map(|p| p.contents().to_vec())
            .unwrap_or_default()
    }

    /// Fuel left, when fuel is metered.
    pub fn remaining_fuel(&self) -> Option<u64> {
        self.store.get_fuel().ok()
    }

    /// Refuels: the instance has exactly `fuel` units left from now on (until the next
    /// call with [`Limits::fuel_per_call`], which sets its own budget). An instance that
    /// already ran out stays unusable (its state may be inconsistent); refuel before.
    ///
    /// ```
    /// use lir_runtime::{InstanceConfig, Limits, Runtime, RuntimeOptions};
    /// let module = lir::text::parse("export \"f\" func @f() -> i32 { ret 1 }").unwrap();
    /// let runtime = Runtime::with_options(RuntimeOptions::with_limits())?;
    /// let compiled = runtime.load_module(&module, Default::default(), &Default::default())?;
    /// let limits = Limits { fuel: Some(1_000), ..Limits::default() };
    /// let mut instance = compiled.instantiate(InstanceConfig { limits, ..Default::default() })?;
    /// instance.call("f", &[])?;
    /// let used = 1_000 - instance.remaining_fuel().unwrap();
    /// assert!(used > 0);
    /// instance.set_fuel(5_000)?;
    /// assert_eq!(instance.remaining_fuel(), Some(5_000));
    ///
    /// // Per call: each call starts with the whole budget.
    /// let limits = Limits { fuel: Some(1_000), fuel_per_call: true, ..Limits::default() };
    /// let mut metered = compiled.instantiate(InstanceConfig { limits, ..Default::default() })?;
    /// for _ in 0..3 {
    ///     metered.call("f", &[])?;
    ///     assert_eq!(metered.remaining_fuel(), Some(1_000 - used));
    /// }
    /// # Ok::<(), lir_runtime::RuntimeError>(())
    /// ```
    pub fn set_fuel(&mut self, fuel: u64) -> Result<(), RuntimeError> {
        self.store.set_fuel(fuel).map_err(|_| {
            RuntimeError::WasiConfig("this runtime was created without fuel metering".into())
        })
    }
}

/// Epoch ticks of a timeout, rounded up, plus one for the tick in progress. A timeout
/// longer than any run is no timeout (and must not overflow).
fn epoch_ticks(timeout: std::time::Duration) -> u64 {
    let ticks = timeout.as_nanos().div_ceil(EPOCH_TICK.as_nanos()) + 1;
    u64::try_from(ticks).map_or(NO_DEADLINE, |t| t.min(NO_DEADLINE))
}

fn type_list(types: &[Type]) -> String {
    types
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn huge_timeouts_saturate_to_no_deadline() {
        assert_eq!(epoch_ticks(Duration::from_secs(1)), 101);
        assert_eq!(epoch_ticks(Duration::from_millis(1)), 2);
        // 184467440737095520 s is 2^64 + 384 ticks: truncated, it fired after ~4 s.
        let huge = Duration::from_secs(184_467_440_737_095_520);
        assert_eq!(epoch_ticks(huge), NO_DEADLINE);
        assert_eq!(epoch_ticks(Duration::MAX), NO_DEADLINE);
        assert_eq!(
            epoch_ticks(Duration::from_secs(u64::MAX / 100)),
            NO_DEADLINE
        );
    }
}
