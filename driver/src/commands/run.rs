//! `lirc run FILE`: compile a `.lir` file (or load a wasm module, binary or text) and
//! run it under wasmtime with WASI — a whole program, or one function with `--invoke`.
//!
//! The guest sees the terminal's standard streams, the arguments after `--`, the
//! `--env` variables and only the directories granted with `--dir`/`--dir-ro`. A
//! `wasm32-unknown-unknown` build (`--target`, or such a `.wasm`) runs on lir's `env`
//! host ABI, which the runtime provides over the same streams, arguments and
//! environment (without a file system).
//! What the input is comes from its contents (and name): [`crate::sniff`].

use crate::build::{export_all, lower_located, prepare_owned};
use crate::cli::{CompilerChoice, RunArgs};
use crate::codes;
use crate::commands::compile::build_options;
use crate::exit::{runtime_failure, write_stdout, CommandResult, Failure, Status};
use crate::hints;
use crate::load::parse_and_verify;
use crate::options::RunSettings;
use crate::runtime::{
    CompiledModule, Compiler, ExportKind, InstanceConfig, Output, Runtime, RuntimeError,
    RuntimeOptions, Stdin, WasiConfig,
};
use crate::sniff::{sniff, Kind};
use crate::source::Input;
use crate::timing::Timer;
use crate::values;
use std::process::ExitCode;

pub fn run(args: &RunArgs) -> CommandResult {
    if let Some(list) = crate::optimize::pass_list(&args.opt) {
        crate::exit::write_stdout(list.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut timer = Timer::new(args.target.time);
    let mut build_opts = build_options(&args.target)?;
    // The engine canonicalizes NaNs (cheaper than doing it in the code).
    build_opts.canonicalize_nans = false;
    build_opts.opt = crate::optimize::options(&args.opt)?;
    build_opts.time_passes = args.opt.time_passes;
    let compiler = match args.compiler {
        CompilerChoice::Auto => Compiler::Auto,
        CompilerChoice::Cranelift => Compiler::Cranelift,
        CompilerChoice::Winch if args.target.debug_info => {
            return Err(Failure::usage(
                "`-g` needs Cranelift: Winch does not make native debug information",
            ))
        }
        CompilerChoice::Winch => Compiler::Winch,
    };
    let runtime = Runtime::with_options(RuntimeOptions {
        fuel_metering: args.run.fuel.is_some(),
        epoch_interruption: args.run.timeout.is_some(),
        canonicalize_nans: args.target.canonicalize_nans,
        // `-g`: lldb or gdb attached to `lirc run` sees the code's source lines.
        debug_info: args.target.debug_info,
        compiler,
        ..RuntimeOptions::default()
    })
    .map_err(runtime_failure)?;
    let input = Input::read(&args.file)?;
    timer.lap("read");
    let name = input.program_name();
    let file_name = input.name.clone();
    // The export to call: a module's own name for it, or for LIR the name under which
    // `export_all` exported the function (any function of a `.lir` file can be
    // invoked); and the functions to offer when there is no `_start`.
    let (module, export, functions) = match sniff(&input.name, &input.bytes) {
        Kind::Wasm => load_wasm(&runtime, &input.bytes, args, &mut timer)?,
        Kind::Wat => {
            let bytes = wat::parse_bytes(&input.bytes).map_err(|mut e| {
                e.set_path(&file_name);
                runtime_failure(RuntimeError::InvalidModule(e.to_string()))
            })?;
            timer.lap("parse WAT");
            load_wasm(&runtime, &bytes, args, &mut timer)?
        }
        Kind::Lir => {
            let file = input.into_source()?;
            let mut lir = parse_and_verify(&file)?;
            timer.lap("parse and verify");
            let functions = hints::lir_functions(&lir);
            let export = match &args.run.invoke {
                Some(func) => Some(export_all(&mut lir).remove(func).ok_or_else(|| {
                    runtime_failure(RuntimeError::ExportNotFound(format!("no function @{func}")))
                })?),
                None => None,
            };
            let prepared = prepare_owned(lir, &build_opts)?;
            timer.lap("legalize and optimize");
            let compiled = lower_located(&prepared, &build_opts)?;
            timer.lap("lower to wasm");
            let module = runtime.load(&compiled.wasm).map_err(runtime_failure)?;
            timer.lap(compile_phase(&module));
            (module.with_locations(compiled.locations), export, functions)
        }
        Kind::Other(what) => {
            return Err(Failure::coded(
                Status::InvalidProgram,
                codes::WRONG_INPUT,
                format!(
                    "{} is not a program lirc can run: it looks like {what}; `lirc run` \
                     takes LIR (`.lir`) and WebAssembly (`.wasm`, `.wat`)",
                    file_name
                ),
            ))
        }
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
        ..InstanceConfig::default()
    };
    let Some(export) = export else {
        if !module
            .exports()
            .iter()
            .any(|e| e.name == lir_wasi::START_EXPORT)
        {
            return Err(runtime_failure(hints::no_start(&file_name, &functions)));
        }
        let mut instance = module.instantiate(config).map_err(runtime_failure)?;
        timer.lap("instantiate");
        let result = instance.run();
        timer.lap("run");
        timer.report();
        return match result {
            Ok(status) => Ok(Status::Program(status).into()),
            Err(e) => Err(runtime_failure(e)),
        };
    };
    let mut instance = module.instantiate(config).map_err(runtime_failure)?;
    timer.lap("instantiate");
    let shown = args.run.invoke.as_deref().unwrap_or(&export);
    let sig = module.func_signature(&export).map_err(runtime_failure)?;
    let call_args = values::parse_args(shown, &sig.params, &args.run.invoke_args)
        .map_err(|e| runtime_failure(RuntimeError::TypeMismatch(e)))?;
    let results = instance.call(&export, &call_args);
    timer.lap("run");
    timer.report();
    write_stdout(values::format_results(&results.map_err(runtime_failure)?).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A compiled wasm module, the export `--invoke` names, and the exported functions.
type Loaded = (
    CompiledModule,
    Option<String>,
    Vec<(String, lir::Signature)>,
);

/// The `--time` phase of compiling `module`, naming the compiler that did.
fn compile_phase(module: &CompiledModule) -> &'static str {
    match module.compiler() {
        Compiler::Winch => "wasmtime compile (Winch)",
        _ => "wasmtime compile (Cranelift)",
    }
}

fn load_wasm(
    runtime: &Runtime,
    bytes: &[u8],
    args: &RunArgs,
    timer: &mut Timer,
) -> Result<Loaded, Failure> {
    let module = runtime.load(bytes).map_err(runtime_failure)?;
    timer.lap(compile_phase(&module));
    let functions = module
        .exports()
        .into_iter()
        .filter_map(|e| match e.kind {
            ExportKind::Func(Some(sig)) => Some((e.name, sig)),
            _ => None,
        })
        .collect();
    Ok((module, args.run.invoke.clone(), functions))
}
