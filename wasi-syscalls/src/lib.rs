//! # lir-wasi — system calls and program start-up for WebAssembly targets
//!
//! [`legalize`] rewrites a verified module so that it no longer uses `syscall.*`:
//!
//! - **`wasm32-wasip1`**: each system call becomes a call of a small glue function,
//!   written in LIR (the `glue/*.lir` files of this crate), that calls the
//!   `wasi_snapshot_preview1` imports it needs: iovecs and out-parameters in its stack
//!   frame, WASI errno values negated, `write` looping until every byte is written,
//!   `open` resolving the path against the preopened directories. Only the glue (and
//!   imports) of system calls the program uses are added.
//! - **`wasm32-unknown-unknown`**: each system call becomes a call of an import from
//!   module `"env"` named after the system call, with the same signature (see
//!   docs/running.md for a JavaScript host).
//!
//! A module with `@main` also gets the start-up code of [`lir::entry`], exported as
//! `_start`, which makes it a WASI command.
//!
//! ```
//! let module = lir::text::parse(r#"
//!     data @hi = "hi\n"
//!     func @main() -> i32 {
//!         %p = addr @hi
//!         %n = syscall.write 1, %p, 3
//!         ret 0
//!     }
//! "#).unwrap();
//! let legal = lir_wasi::legalize(&module, lir_wasi::Target::Wasip1).unwrap();
//! lir::verify::verify(&legal).unwrap();
//! let text = lir::text::print(&legal);
//! assert!(text.contains(r#"from "wasi_snapshot_preview1" "fd_write""#));
//! assert!(text.contains(r#"export "_start" func @__lir_start()"#));
//! assert!(!text.contains("syscall."));
//! ```

mod glue;
mod link;

use lir::entry::EntryError;
use lir::{Func, Function, Import, InstKind, Module, Syscall};
use std::collections::BTreeMap;

pub use link::NameClash;

/// What the output runs on.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Target {
    /// A WASI preview 1 command or library (wasmtime, Node.js `node:wasi`, …).
    #[default]
    Wasip1,
    /// No system interface: system calls become `env` imports the host provides.
    Unknown,
}

impl Target {
    /// The target triple.
    pub fn name(self) -> &'static str {
        match self {
            Target::Wasip1 => "wasm32-wasip1",
            Target::Unknown => "wasm32-unknown-unknown",
        }
    }
}

impl std::str::FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Target, String> {
        match s {
            "wasm32-wasip1" | "wasm32-wasi" => Ok(Target::Wasip1),
            "wasm32-unknown-unknown" => Ok(Target::Unknown),
            _ => Err(format!(
                "unknown target `{s}` (expected wasm32-wasip1 or wasm32-unknown-unknown)"
            )),
        }
    }
}

/// Why a module cannot be legalized.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum LegalizeError {
    /// `@main` cannot be a program entry.
    #[error(transparent)]
    Entry(#[from] EntryError),
    /// The program uses a name the generated code needs.
    #[error(transparent)]
    NameClash(#[from] NameClash),
    /// WASI reads and writes the memory exported as `"memory"`.
    #[error("WASI needs the memory exported as \"memory\", but the module exports it as \"{0}\"")]
    MemoryExport(String),
    /// The program exports something else as `_start`.
    #[error("the module has @main, so `_start` is generated, but @{0} is already exported as \"_start\"")]
    StartTaken(String),
}

/// Name of the export that starts a program.
pub const START_EXPORT: &str = "_start";

/// Rewrites every `syscall.*` for `target` and adds `_start` for programs.
pub fn legalize(module: &Module, target: Target) -> Result<Module, LegalizeError> {
    legalize_owned(module.clone(), target)
}

/// [`legalize`] of a module the caller no longer needs: rewrites it in place rather
/// than a copy (a large module then does not exist twice).
pub fn legalize_owned(mut module: Module, target: Target) -> Result<Module, LegalizeError> {
    if let Some(start) = lir::entry::add_start(&mut module)? {
        if let Some((_, other)) = module
            .funcs
            .iter()
            .find(|(_, f)| f.export.as_deref() == Some(START_EXPORT))
        {
            return Err(LegalizeError::StartTaken(other.name.clone()));
        }
        module.funcs[start].export = Some(START_EXPORT.to_string());
    }
    let used = used_syscalls(&module);
    if used.is_empty() {
        return Ok(module);
    }
    // The layout reserved scratch for the glue below the declared stack; the module
    // will no longer make system calls, so the reservation becomes part of `stack N`.
    module.stack_size = Some(u32::try_from(lir::layout::stack_size(&module)).unwrap_or(u32::MAX));
    let mut targets = BTreeMap::new();
    for &call in &used {
        let func = match target {
            Target::Wasip1 => glue::link_glue(&mut module, call)?,
            Target::Unknown => env_import(&mut module, call)?,
        };
        targets.insert(call, func);
    }
    rewrite_syscalls(&mut module, &targets);
    if target == Target::Wasip1 {
        if let Some(memory) = &mut module.memory {
            match &memory.export {
                None => memory.export = Some("memory".to_string()),
                Some(name) if name == "memory" => {}
                Some(name) => return Err(LegalizeError::MemoryExport(name.clone())),
            }
        }
    }
    Ok(module)
}

/// The system calls used anywhere in the module, in a stable order.
fn used_syscalls(module: &Module) -> Vec<Syscall> {
    let mut used = Vec::new();
    for func in module.funcs.values() {
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                if let InstKind::Syscall { call, .. } = func.insts[inst].kind {
                    if !used.contains(&call) {
                        used.push(call);
                    }
                }
            }
        }
    }
    used.sort();
    used
}

/// `import func @__lir_env_NAME(…) from "env" "NAME"` with the syscall's signature.
fn env_import(module: &mut Module, call: Syscall) -> Result<Func, NameClash> {
    let name = format!("__lir_env_{}", call.name());
    if module.func_by_name(&name).is_some() {
        return Err(NameClash(name));
    }
    let sig = lir::Signature::new(
        call.params().iter().copied(),
        call.results().iter().copied(),
    );
    let import = Import {
        module: "env".to_string(),
        name: call.name().to_string(),
    };
    Ok(module.add_function(Function::new_import(name, sig, import)))
}

/// Replaces each `syscall.NAME args` by `call @target(args)`; the results stay.
fn rewrite_syscalls(module: &mut Module, targets: &BTreeMap<Syscall, Func>) {
    for func in module.funcs.values_mut() {
        let insts: Vec<_> = func.insts.keys().collect();
        for inst in insts {
            let data = &mut func.insts[inst];
            if let InstKind::Syscall { call, args } = &data.kind {
                data.kind = InstKind::Call {
                    func: targets[call],
                    args: args.clone(),
                };
            }
        }
    }
}
