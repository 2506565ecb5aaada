//! `lirc interp FILE`: run a program (or one function with `--invoke`) under the
//! reference interpreter.

use crate::cli::{InterpArgs, RunOptions};
use crate::exit::{CommandResult, Failure, Status};
use crate::load::parse_and_verify;
use crate::options;
use crate::source::SourceFile;
use crate::values;
use lir::interp::{DirAccess, InterpConfig, InterpError, Interpreter, RunError};
use lir::Module;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: &InterpArgs) -> CommandResult {
    let file = SourceFile::read(&args.file)?;
    let module = parse_and_verify(&file)?;
    let config = configure(&args.run, &file)?;
    let mut interp = Interpreter::new(&module, config).map_err(|e| {
        let (code, status) = match &e {
            InterpError::MemoryLimit { .. } => (5013, Status::LimitExceeded),
            InterpError::Preopen { .. } => (5010, Status::Usage),
            _ => (5001, Status::RunFailed),
        };
        Failure::new(status, format!("error[{code}]: {}: {e}", file.name))
    })?;
    match &args.run.invoke {
        Some(name) => invoke(&mut interp, &module, name, &args.run.invoke_args),
        None => match interp.run_main() {
            Ok(status) => Ok(Status::Program(status).into()),
            Err(e) => Err(run_failure(e)),
        },
    }
}

/// Builds the interpreter's host environment from the command line. Standard streams
/// are the terminal's.
fn configure(run: &RunOptions, file: &SourceFile) -> Result<InterpConfig, Failure> {
    let mut argv = vec![file.program_name()];
    argv.extend(run.program_args.iter().cloned());
    let mut config = InterpConfig::new().inherit_stdio().args(argv);
    if let Some(fuel) = run.fuel {
        config = config.fuel(fuel);
    }
    if let Some(seconds) = run.timeout {
        config = config.timeout(options::seconds(seconds)?);
    }
    if let Some(size) = &run.max_memory {
        config = config.max_memory(options::byte_size(size)?);
    }
    for spec in &run.env {
        let (key, value) = options::env_pair(spec)?;
        config = config.env(key, value);
    }
    for (specs, access) in [
        (&run.dirs, DirAccess::ReadWrite),
        (&run.dirs_ro, DirAccess::ReadOnly),
    ] {
        for spec in specs {
            let (host, guest) = options::dir_spec(spec);
            config = config.preopen_dir(host, guest, access);
        }
    }
    Ok(config)
}

fn invoke(
    interp: &mut Interpreter,
    module: &Module,
    name: &str,
    words: &[String],
) -> CommandResult {
    let func = module
        .func_by_name(name)
        .ok_or_else(|| Failure::new(Status::RunFailed, format!("no function named @{name}")))?;
    let args = values::parse_args(name, &module.funcs[func].sig.params, words)
        .map_err(|e| Failure::new(Status::Usage, format!("error: {e}")))?;
    let results = interp.invoke(name, &args).map_err(run_failure)?;
    std::io::stdout()
        .write_all(values::format_results(&results).as_bytes())
        .map_err(|e| Failure::new(Status::CannotWrite, format!("cannot write stdout: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// `error[CODE]: message` with the same codes and exit statuses as `lirc run`
/// (docs/running.md); the program's own status for `exit`.
fn run_failure(error: RunError) -> Failure {
    let (code, status) = match &error {
        RunError::Exit(status) => return Failure::new(Status::Program(*status), String::new()),
        RunError::Trap { .. } => (5002, Status::Trap),
        RunError::OutOfFuel { .. } => (5011, Status::LimitExceeded),
        RunError::Timeout { .. } => (5012, Status::LimitExceeded),
        RunError::MemoryLimitExceeded { .. } => (5013, Status::LimitExceeded),
        RunError::NoSuchFunction { .. } => (5003, Status::RunFailed),
        RunError::BadArguments { .. } => (5007, Status::Usage),
        RunError::UnknownImport { .. } => (5001, Status::RunFailed),
        // Static properties of the program, as `lirc run` reports them when compiling.
        RunError::BadMain { .. } | RunError::ReservedName { .. } => (5001, Status::InvalidProgram),
    };
    Failure::new(status, format!("error[{code}]: {error}"))
}
