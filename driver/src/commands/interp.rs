//! `lirc interp FILE`: run a program (or one function with `--invoke`) under the
//! reference interpreter, with the same options, error codes and exit statuses as
//! `lirc run`.

use crate::cli::InterpArgs;
use crate::exit::{runtime_failure, write_stdout, CommandResult};
use crate::load::parse_and_verify;
use crate::options::RunSettings;
use crate::runtime::{CallStack, RuntimeError, StackFrame};
use crate::source::SourceFile;
use crate::timed_stdin::{deadline_after, Deadline, TimedStdin};
use crate::values;
use lir::interp::{DirAccess, InterpConfig, InterpError, Interpreter, RunError};
use std::process::ExitCode;

pub fn run(args: &InterpArgs) -> CommandResult {
    if let Some(list) = crate::optimize::pass_list(&args.opt) {
        crate::exit::write_stdout(list.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let file = SourceFile::read(&args.file)?;
    let mut module = parse_and_verify(&file)?;
    // What `--invoke` could call, as `lirc run` lists it (before optimization).
    let functions = crate::hints::lir_functions(&module);
    let opt = crate::optimize::options(&args.opt)?;
    if crate::optimize::wants_optimization(&opt) {
        // Any function may be invoked, as under `lirc run`: keep them all.
        if args.run.invoke.is_some() {
            crate::build::export_all(&mut module);
        }
        crate::optimize::run(&mut module, &opt, args.opt.time_passes)?;
    }
    let settings = RunSettings::resolve(&args.run, file.program_name())?;
    if args.run.invoke.is_none() && module.func_by_name("main").is_none() {
        return Err(runtime_failure(crate::hints::no_start(
            &file.name, &functions,
        )));
    }
    let (config, stdin_deadline) = configure(&settings);
    let mut interp =
        Interpreter::new(&module, config).map_err(|e| runtime_failure(prepare_error(e)))?;
    // Reads of stdin give up just after the interpreter's deadline for the one call.
    if let (Some(handle), Some(timeout)) = (&stdin_deadline, settings.limits.timeout) {
        *handle.lock().unwrap_or_else(|p| p.into_inner()) = deadline_after(timeout);
    }
    match &args.run.invoke {
        Some(name) => {
            let func = module.func_by_name(name).ok_or_else(|| {
                runtime_failure(RuntimeError::ExportNotFound(format!("no function @{name}")))
            })?;
            let params = &module.funcs[func].sig.params;
            let call_args = values::parse_args(name, params, &args.run.invoke_args)
                .map_err(|e| runtime_failure(RuntimeError::TypeMismatch(e)))?;
            let results = interp
                .invoke(name, &call_args)
                .map_err(|e| runtime_failure(with_stack(run_error(e), &interp, &module)))?;
            write_stdout(values::format_results(&results).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        None => match interp.run_main() {
            Ok(status) => Ok(crate::exit::Status::Program(status).into()),
            Err(e) => Err(runtime_failure(with_stack(run_error(e), &interp, &module))),
        },
    }
}

/// The interpreter's host environment; standard streams are the terminal's. With a
/// timeout, stdin is read through a [`TimedStdin`], whose deadline handle is returned.
fn configure(settings: &RunSettings) -> (InterpConfig, Option<Deadline>) {
    let mut config = InterpConfig::new()
        .inherit_stdio()
        .args(settings.argv.iter().cloned())
        .envs(settings.env.iter().cloned());
    let limits = &settings.limits;
    let mut stdin_deadline = None;
    if limits.timeout.is_some() {
        let stdin = TimedStdin::new();
        stdin_deadline = Some(stdin.deadline_handle());
        config = config.stdin(stdin);
    }
    if let Some(fuel) = limits.fuel {
        config = config.fuel(fuel);
    }
    if let Some(timeout) = limits.timeout {
        config = config.timeout(timeout);
    }
    if let Some(bytes) = limits.max_memory {
        config = config.max_memory(bytes);
    }
    for dir in &settings.preopens {
        let access = if dir.read_only {
            DirAccess::ReadOnly
        } else {
            DirAccess::ReadWrite
        };
        config = config.preopen_dir(&dir.host, &dir.guest, access);
    }
    (config, stdin_deadline)
}

/// The runtime error (and so the code and exit status) of a failed instantiation.
fn prepare_error(error: InterpError) -> RuntimeError {
    match error {
        InterpError::MemoryLimit { limit, .. } => RuntimeError::MemoryLimitExceeded { limit },
        InterpError::Preopen { .. } => RuntimeError::WasiConfig(error.to_string()),
        other => RuntimeError::Instantiate(other.to_string()),
    }
}

/// A trap with the interpreter's backtrace (`lirc run` shows the same frames).
fn with_stack(error: RuntimeError, interp: &Interpreter, module: &lir::Module) -> RuntimeError {
    match error {
        RuntimeError::Trap { kind, func, .. } => {
            let frames = interp
                .trap_backtrace()
                .into_iter()
                .filter(|f| !(f.loc.is_none() && CallStack::is_generated(&f.func)))
                .map(|f| StackFrame {
                    location: (!f.loc.is_none()).then(|| f.loc.display(module).to_string()),
                    func: f.func,
                })
                .collect();
            RuntimeError::Trap {
                kind,
                func,
                stack: CallStack { frames },
            }
        }
        other => other,
    }
}

/// The runtime error (and so the code and exit status) of a failed call.
fn run_error(error: RunError) -> RuntimeError {
    match error {
        RunError::Trap { kind, func } => RuntimeError::Trap {
            kind,
            func: Some(func),
            stack: Default::default(),
        },
        RunError::Exit(status) => RuntimeError::Exit(status),
        RunError::OutOfFuel { .. } => RuntimeError::FuelExhausted,
        RunError::Timeout { limit } => RuntimeError::Timeout(limit),
        RunError::MemoryLimitExceeded { limit } => RuntimeError::MemoryLimitExceeded { limit },
        RunError::NoSuchFunction { name } => {
            RuntimeError::ExportNotFound(format!("no function @{name}"))
        }
        RunError::BadArguments { .. } => RuntimeError::TypeMismatch(error.to_string()),
        other => RuntimeError::Instantiate(other.to_string()),
    }
}
