//! Compiled WebAssembly under wasmtime (through `lir_runtime`) as an [`Executor`]:
//! the module is legalized for `wasm32-wasip1`, every function is exported so that it
//! can be called by name, and each call runs in a fresh instance. Programs that trap
//! report the backtrace `lirc run` prints (source locations from the compiler's
//! location table).

use crate::executor::{
    Abnormal, CallOutcome, Executor, Frame, Prepared, ProgramOutcome, ProgramSetup,
};
use lir::{Imm, Module};
use lir_runtime::{
    CompiledModule, InstanceConfig, Limits, Output, Preopen, RuntimeError, Stdin, WasiConfig,
};
use lirc::build::{export_all, lower_located, prepare_owned, BuildOptions};
use std::collections::HashMap;
use std::time::Duration;

/// Wall-clock limit of one call or program run.
const TIMEOUT: Duration = Duration::from_secs(60);

/// lir-wasm output run by wasmtime.
#[derive(Default)]
pub struct Wasmtime {
    pub options: BuildOptions,
    /// A name for reports other than `wasmtime` (for other build options).
    pub label: Option<&'static str>,
    /// Run under [`crate::engines::native`] (NaN payloads of arithmetic are the
    /// hardware's; no fuel, no timeout) instead of [`crate::engines::canonical`].
    pub native: bool,
    /// Export only the functions the module exports, instead of every function: the
    /// optimizer then sees the module as a program (helpers may be inlined, merged
    /// or deleted). Only exported functions can be called.
    pub exported_only: bool,
}

impl Wasmtime {
    /// Output optimized at `level`.
    pub fn optimized(level: lir_opt::OptLevel) -> Wasmtime {
        let label = match level {
            lir_opt::OptLevel::O0 => "wasmtime-O0",
            lir_opt::OptLevel::O1 => "wasmtime-O1",
            lir_opt::OptLevel::O2 => "wasmtime-O2",
            lir_opt::OptLevel::Os => "wasmtime-Os",
            lir_opt::OptLevel::Oz => "wasmtime-Oz",
        };
        Wasmtime {
            options: BuildOptions {
                opt: lir_opt::OptOptions {
                    verify_each: true,
                    ..lir_opt::OptOptions::level(level)
                },
                ..BuildOptions::default()
            },
            label: Some(label),
            ..Wasmtime::default()
        }
    }

    /// The same output run under the native engine ([`Wasmtime::native`]).
    pub fn native(self, label: &'static str) -> Wasmtime {
        Wasmtime {
            native: true,
            label: Some(label),
            ..self
        }
    }

    /// Only the module's own exports ([`Wasmtime::exported_only`]).
    pub fn exported_only(self) -> Wasmtime {
        Wasmtime {
            exported_only: true,
            ..self
        }
    }

    /// Output compiled without the features that have fallbacks (`bulk-memory`,
    /// `sign-ext`, `nontrapping-fptoint`), so the fallback code runs.
    pub fn with_fallbacks() -> Wasmtime {
        let features = lir_wasm::Features::default()
            .apply("-bulk-memory,-sign-ext,-nontrapping-fptoint")
            .expect("known feature names");
        Wasmtime {
            options: BuildOptions {
                features,
                ..BuildOptions::default()
            },
            label: Some("wasmtime-fallbacks"),
            ..Wasmtime::default()
        }
    }
}

struct Ready {
    module: CompiledModule,
    exports: HashMap<String, String>,
    optimized: bool,
    /// Calls run without a timeout (the native engine has no epochs).
    untimed: bool,
}

impl Executor for Wasmtime {
    fn name(&self) -> &str {
        self.label.unwrap_or("wasmtime")
    }

    fn prepare(&self, module: &Module) -> Result<Box<dyn Prepared>, String> {
        let mut module = module.clone();
        let exports = if self.exported_only {
            module
                .funcs
                .values()
                .filter_map(|f| Some((f.name.clone(), f.export.clone()?)))
                .collect()
        } else {
            export_all(&mut module)
        };
        // Compiled with the table of instruction locations, so that traps have
        // backtraces with source locations (as under `lirc run`).
        let prepared = prepare_owned(module, &self.options).map_err(|f| f.message)?;
        let compiled = lower_located(&prepared, &self.options).map_err(|f| f.message)?;
        let runtime = if self.native {
            crate::engines::native()?
        } else {
            crate::engines::canonical()?
        };
        let module = runtime
            .load(&compiled.wasm)
            .map_err(|e| e.to_string())?
            .with_locations(compiled.locations);
        let optimized = crate::optimized(&self.options.opt);
        Ok(Box::new(Ready {
            module,
            exports,
            optimized,
            untimed: self.native,
        }))
    }
}

impl Ready {
    fn limits(&self) -> Limits {
        Limits {
            timeout: (!self.untimed).then_some(TIMEOUT),
            ..Limits::default()
        }
    }
}

impl Prepared for Ready {
    fn optimized(&self) -> bool {
        self.optimized
    }

    fn call(&self, func: &str, args: &[Imm], _fuel: Option<u64>) -> CallOutcome {
        let export = self
            .exports
            .get(func)
            .ok_or_else(|| Abnormal::Other(format!("@{func} is not exported")))?;
        let config = InstanceConfig {
            wasi: WasiConfig::default(),
            limits: self.limits(),
            ..InstanceConfig::default()
        };
        let mut instance = self.module.instantiate(config).map_err(abnormal)?;
        instance.call(export, args).map_err(abnormal)
    }

    fn run_program(&self, setup: &ProgramSetup) -> ProgramOutcome {
        let tree = match crate::fixtures::materialize(&setup.dirs) {
            Ok(tree) => tree,
            Err(e) => return ProgramOutcome::failed(format!("fixtures: {e}")),
        };
        let preopens = tree
            .granted
            .iter()
            .map(|dir| Preopen {
                host: dir.host.clone(),
                guest: dir.guest.clone(),
                read_only: dir.read_only,
            })
            .collect();
        let config = InstanceConfig {
            wasi: WasiConfig {
                args: setup.argv(),
                env: setup.env.clone(),
                preopens,
                stdin: Stdin::Bytes(setup.stdin.clone()),
                stdout: Output::Capture,
                stderr: Output::Capture,
            },
            limits: self.limits(),
            ..InstanceConfig::default()
        };
        let mut instance = match self.module.instantiate(config) {
            Ok(instance) => instance,
            Err(e) => return ProgramOutcome::failed(e.to_string()),
        };
        let result = instance.run();
        let backtrace = match &result {
            Err(RuntimeError::Trap { stack, .. }) => Some(
                stack
                    .frames
                    .iter()
                    .map(|f| Frame {
                        func: f.func.clone(),
                        location: f.location.clone(),
                    })
                    .collect(),
            ),
            _ => None,
        };
        ProgramOutcome {
            stdout: instance.stdout(),
            stderr: instance.stderr(),
            status: result.map_err(abnormal),
            backtrace,
        }
    }
}

fn abnormal(error: RuntimeError) -> Abnormal {
    match error {
        RuntimeError::Trap { kind, .. } => Abnormal::Trap(kind),
        RuntimeError::Exit(code) => Abnormal::Exit(code),
        other => Abnormal::Other(other.to_string()),
    }
}
