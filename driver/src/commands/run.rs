//! `lirc run FILE`: compile a `.lir` file (or load a wasm module) and run it under
//! wasmtime with WASI — a whole program, or one function with `--invoke`.
//!
//! The guest sees the terminal's standard streams, the arguments after `--`, the
//! `--env` variables and only the directories granted with `--dir`/`--dir-ro`.

use crate::build::{export_all, lower_located, prepare_owned};
use crate::cli::RunArgs;
use crate::commands::compile::build_options;
use crate::exit::{runtime_failure, write_stdout, CommandResult, Failure, Status};
use crate::load::parse_and_verify;
use crate::options::RunSettings;
use crate::runtime::{
    InstanceConfig, Output, Runtime, RuntimeError, RuntimeOptions, Stdin, WasiConfig,
};
use crate::source::Input;
use crate::values;
use lir_wasi::Target;
use std::process::ExitCode;

pub fn run(args: &RunArgs) -> CommandResult {
    let mut build_opts = build_options(&args.target)?;
    // The engine canonicalizes NaNs (cheaper than doing it in the code).
    build_opts.canonicalize_nans = false;
    build_opts.opt = crate::optimize::options(&args.opt)?;
    build_opts.time_passes = args.opt.time_passes;
    if build_opts.target != Target::Wasip1 {
        return Err(Failure::new(
            Status::Usage,
            "error: lirc run runs WASI programs: use --target wasm32-wasip1",
        ));
    }
    let runtime = Runtime::with_options(RuntimeOptions {
        fuel_metering: args.run.fuel.is_some(),
        epoch_interruption: args.run.timeout.is_some(),
        canonicalize_nans: args.target.canonicalize_nans,
        // `-g`: lldb or gdb attached to `lirc run` sees the code's source lines.
        debug_info: args.target.debug_info,
        ..RuntimeOptions::default()
    })
    .map_err(runtime_failure)?;
    let input = Input::read(&args.file)?;
    let name = input.program_name();
    let wasm = input.is_wasm() || args.file.extension().is_some_and(|e| e == "wasm");
    // The export to call: a module's own name for it, or for LIR the name under which
    // `export_all` exported the function (any function of a `.lir` file can be invoked).
    let (module, export) = if wasm {
        let module = runtime.load(&input.bytes).map_err(runtime_failure)?;
        (module, args.run.invoke.clone())
    } else {
        let file = input.into_source()?;
        let mut lir = parse_and_verify(&file)?;
        let export = match &args.run.invoke {
            Some(func) => Some(export_all(&mut lir).remove(func).ok_or_else(|| {
                runtime_failure(RuntimeError::ExportNotFound(format!("no function @{func}")))
            })?),
            None => None,
        };
        let compiled = lower_located(&prepare_owned(lir, &build_opts)?, &build_opts)?;
        let module = runtime.load(&compiled.wasm).map_err(runtime_failure)?;
        (module.with_locations(compiled.locations), export)
    };
    let settings = RunSettings::resolve(&args.run, name)?;
    let config = InstanceConfig {
        wasi: WasiConfig {
            args: settings.argv,
            env: settings.env,
            preopens: settings.preopens,
            stdin: Stdin::Inherit,
            stdout: Output::Inherit,
            stderr: Output::Inherit,
        },
        limits: settings.limits,
    };
    let mut instance = module.instantiate(config).map_err(runtime_failure)?;
    let Some(export) = export else {
        return match instance.run() {
            Ok(status) => Ok(Status::Program(status).into()),
            Err(e) => Err(runtime_failure(e)),
        };
    };
    let shown = args.run.invoke.as_deref().unwrap_or(&export);
    let sig = module.func_signature(&export).map_err(runtime_failure)?;
    let call_args = values::parse_args(shown, &sig.params, &args.run.invoke_args)
        .map_err(|e| runtime_failure(RuntimeError::TypeMismatch(e)))?;
    let results = instance
        .call(&export, &call_args)
        .map_err(runtime_failure)?;
    write_stdout(values::format_results(&results).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
