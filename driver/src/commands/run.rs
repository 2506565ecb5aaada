//! `lirc run FILE`: compile a `.lir` file (or load a `.wasm` module) and run it under
//! wasmtime with WASI — a whole program, or one function with `--invoke`.
//!
//! The guest sees the terminal's standard streams, the arguments after `--`, the
//! `--env` variables and only the directories granted with `--dir`/`--dir-ro`.

use crate::build::{build, export_all};
use crate::cli::{RunArgs, RunOptions};
use crate::commands::compile::build_options;
use crate::exit::{CommandResult, Failure, Status};
use crate::load::parse_and_verify;
use crate::options;
use crate::runtime::{
    CompiledModule, ExportKind, InstanceConfig, Limits, Output, Preopen, Runtime, RuntimeError,
    RuntimeOptions, Stdin, WasiConfig,
};
use crate::source::SourceFile;
use crate::values;
use lir_wasi::Target;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &RunArgs) -> CommandResult {
    let build_opts = build_options(&args.target)?;
    if build_opts.target != Target::Wasip1 {
        return Err(Failure::new(
            Status::Usage,
            "error: lirc run runs WASI programs: use --target wasm32-wasip1",
        ));
    }
    let runtime = Runtime::with_options(RuntimeOptions {
        fuel_metering: args.run.fuel.is_some(),
        epoch_interruption: args.run.timeout.is_some(),
        ..RuntimeOptions::default()
    })
    .map_err(runtime_failure)?;
    let (module, exports, name) = if is_wasm(&args.file) {
        let module = runtime.load_file(&args.file).map_err(runtime_failure)?;
        (module, None, file_name(&args.file))
    } else {
        let file = SourceFile::read(&args.file)?;
        let mut lir = parse_and_verify(&file)?;
        let exports = args.run.invoke.as_ref().map(|_| export_all(&mut lir));
        let bytes = build(&lir, &build_opts)?;
        let module = runtime.load(&bytes).map_err(runtime_failure)?;
        (module, exports, file.program_name())
    };
    let config = instance_config(&args.run, name)?;
    let mut instance = module.instantiate(config).map_err(runtime_failure)?;
    match &args.run.invoke {
        None => match instance.run() {
            Ok(status) => Ok(Status::Program(status).into()),
            Err(e) => Err(runtime_failure(e)),
        },
        Some(func) => {
            let export = match &exports {
                Some(map) => map.get(func).cloned().unwrap_or_else(|| func.clone()),
                None => func.clone(),
            };
            let params = export_params(&module, &export)?;
            let call_args = values::parse_args(func, &params, &args.run.invoke_args)
                .map_err(|e| Failure::new(Status::Usage, format!("error: {e}")))?;
            let results = instance
                .call(&export, &call_args)
                .map_err(runtime_failure)?;
            std::io::stdout()
                .write_all(values::format_results(&results).as_bytes())
                .map_err(|e| {
                    Failure::new(
                        Status::CannotWrite,
                        format!("error: cannot write stdout: {e}"),
                    )
                })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A binary module: `.wasm` extension, or the wasm magic number.
fn is_wasm(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "wasm")
        || std::fs::read(path).is_ok_and(|bytes| bytes.starts_with(b"\0asm"))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The parameter types of an exported function.
fn export_params(module: &CompiledModule, name: &str) -> Result<Vec<lir::Type>, Failure> {
    let exports = module.exports();
    let export = exports.iter().find(|e| e.name == name).ok_or_else(|| {
        runtime_failure(RuntimeError::ExportNotFound(format!(
            "no exported function `{name}`"
        )))
    })?;
    match &export.kind {
        ExportKind::Func(Some(sig)) => Ok(sig.params.clone()),
        ExportKind::Func(None) => Err(runtime_failure(RuntimeError::TypeMismatch(format!(
            "`{name}` uses types lir cannot pass"
        )))),
        _ => Err(runtime_failure(RuntimeError::ExportNotFound(format!(
            "`{name}` is not a function"
        )))),
    }
}

/// WASI world and limits from the command line.
fn instance_config(run: &RunOptions, program_name: String) -> Result<InstanceConfig, Failure> {
    let mut args = vec![program_name];
    args.extend(run.program_args.iter().cloned());
    let env = run
        .env
        .iter()
        .map(|spec| options::env_pair(spec))
        .collect::<Result<Vec<_>, _>>()?;
    let mut preopens = Vec::new();
    for (specs, read_only) in [(&run.dirs, false), (&run.dirs_ro, true)] {
        for spec in specs {
            let (host, guest) = options::dir_spec(spec);
            preopens.push(Preopen {
                host: host.into(),
                guest: guest.to_string(),
                read_only,
            });
        }
    }
    let limits = Limits {
        fuel: run.fuel,
        timeout: run.timeout.map(options::seconds).transpose()?,
        max_memory: run
            .max_memory
            .as_deref()
            .map(options::byte_size)
            .transpose()?,
    };
    Ok(InstanceConfig {
        wasi: WasiConfig {
            args,
            env,
            preopens,
            stdin: Stdin::Inherit,
            stdout: Output::Inherit,
            stderr: Output::Inherit,
        },
        limits,
    })
}

/// `error[CODE]: message` with the exit status of the error's class; the guest's own
/// status for `exit`.
pub fn runtime_failure(error: RuntimeError) -> Failure {
    let status = match &error {
        RuntimeError::Exit(code) => return Failure::new(Status::Program(*code), String::new()),
        RuntimeError::Trap { .. } => Status::Trap,
        RuntimeError::FuelExhausted
        | RuntimeError::Timeout(_)
        | RuntimeError::MemoryLimitExceeded { .. } => Status::LimitExceeded,
        RuntimeError::InvalidModule(_) => Status::InvalidProgram,
        RuntimeError::Io(_) => Status::NoInput,
        RuntimeError::TypeMismatch(_) | RuntimeError::WasiConfig(_) => Status::Usage,
        RuntimeError::Compile(_) => Status::Internal,
        _ => Status::RunFailed,
    };
    Failure::new(status, format!("error[{}]: {error}", error.code()))
}
