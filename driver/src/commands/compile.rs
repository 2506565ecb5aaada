//! `lirc [compile] FILE`: compile LIR to a WebAssembly binary or its text form.

use crate::build::{lower, lower_located, prepare_owned, BuildOptions};
use crate::cli::{CompileArgs, Emit, PrintWhat, TargetOptions};
use crate::codes;
use crate::exit::{write_stdout, CommandResult, Failure, Status};
use crate::load::parse_and_verify;
use crate::source::SourceFile;
use crate::timing::Timer;
use lir_wasi::Target;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(args: &CompileArgs) -> CommandResult {
    if let Some(what) = args.print {
        write_stdout(print_list(what).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(list) = crate::optimize::pass_list(&args.opt) {
        write_stdout(list.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.files.is_empty() {
        // `--passes` without `list` lifts clap's requirement of a file.
        return Err(Failure::usage(
            "no input file: `lirc [OPTIONS] FILE` (`-` reads standard input)",
        ));
    }
    if args.fold && args.emit != Emit::Wat {
        return Err(Failure::usage("--fold folds the text of --emit wat"));
    }
    let to_stdout = args.output.as_deref().is_some_and(|o| o.as_os_str() == "-");
    if to_stdout && args.emit == Emit::Wasm && std::io::stdout().is_terminal() {
        return Err(Failure::coded(
            Status::Usage,
            codes::BINARY_TO_TERMINAL,
            "refusing to write a binary WebAssembly module to a terminal: name a file \
             with `-o FILE`, redirect standard output, or print text with `--emit wat`",
        ));
    }
    if args.files.len() > 1 && args.output.is_some() {
        return Err(Failure::new(
            Status::Usage,
            "error: -o names one output, but several files were given",
        ));
    }
    if args.function.is_some() && !matches!(args.emit, Emit::Dot | Emit::DotStructured) {
        return Err(Failure::new(
            Status::Usage,
            "error: --function selects the graph of --emit dot",
        ));
    }
    if args.source_map.is_some() && (args.files.len() > 1 || args.emit != Emit::Wasm) {
        return Err(Failure::new(
            Status::Usage,
            "error: --source-map maps one binary module: give one file and --emit wasm",
        ));
    }
    let mut options = build_options(&args.target)?;
    options.opt = crate::optimize::options(&args.opt)?;
    options.time_passes = args.opt.time_passes;
    for path in &args.files {
        compile_one(path, args, &options)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Compiles one file; when several files go to stdout, each output is headed by a
/// `;; FILE` line.
fn compile_one(path: &Path, args: &CompileArgs, options: &BuildOptions) -> Result<(), Failure> {
    let mut timer = Timer::new(args.target.time);
    let file = SourceFile::read(path)?;
    timer.lap("read");
    let module = parse_and_verify(&file)?;
    timer.lap("parse and verify");
    // The text is not needed once the module is verified, and legalization rewrites
    // the module in place rather than a copy: a large input never exists twice.
    let name = file.name;
    drop(file.text);
    let prepared = prepare_owned(module, options)?;
    timer.lap("legalize and optimize");
    let (contents, extension) = match args.emit {
        Emit::Wasm if args.source_map.is_some() => {
            (with_source_map(&prepared, args, options)?, "wasm")
        }
        Emit::Wasm => (lower(&prepared, options)?, "wasm"),
        Emit::Wat => {
            let bytes = lower(&prepared, options)?;
            timer.lap("lower to wasm");
            let text = if args.fold {
                lir_wasm::print_wat_folded(&bytes)
            } else {
                lir_wasm::print_wat(&bytes)
            }
            .map_err(|e| Failure::new(Status::Internal, format!("error: {e}")))?;
            (text.into_bytes(), "wat")
        }
        Emit::Lir => (lir::text::print(&prepared).into_bytes(), "opt.lir"),
        Emit::Dot => {
            let dot = crate::dot::render(&prepared, args.function.as_deref())
                .map_err(|e| Failure::new(Status::Usage, format!("error: {e}")))?;
            (dot.into_bytes(), "dot")
        }
        Emit::DotStructured => {
            let backend = lir_wasm::Options {
                features: options.features,
                canonicalize_nans: options.canonicalize_nans,
                ..lir_wasm::Options::default()
            };
            let only = args.function.as_deref();
            let dot = crate::dot_structured::render(&prepared, &backend, only)
                .map_err(structured_failure)?;
            (dot.into_bytes(), "dot")
        }
    };
    timer.lap(match args.emit {
        Emit::Wasm => "lower to wasm",
        Emit::Wat => "print WAT",
        Emit::Lir | Emit::Dot => "print",
        Emit::DotStructured => "structure and print",
    });
    match output_path(path, args.output.as_deref(), args.emit, extension)? {
        None => {
            if args.files.len() > 1 {
                write_stdout(format!(";; {name}\n").as_bytes())?;
            }
            write_stdout(&contents)?;
        }
        Some(out) => write_file(&out, &contents)?,
    }
    timer.lap("write");
    timer.report();
    Ok(())
}

/// The failure of `--emit dot=structured`: an unknown `--function` is a usage error,
/// the backend's errors are those of compiling (`lirc::build`'s statuses).
fn structured_failure(e: crate::dot_structured::Error) -> Failure {
    use crate::dot_structured::Error;
    match e {
        Error::NoSuchFunction(m) => Failure::new(Status::Usage, format!("error: {m}")),
        Error::Compile(e @ lir_wasm::CompileError::Internal { .. }) => {
            Failure::new(Status::Internal, format!("error: {e}"))
        }
        Error::Compile(e) => Failure::new(Status::InvalidProgram, format!("error: {e}")),
    }
}

/// Compiles and writes the source map named by `--source-map`; returns the module
/// with its `sourceMappingURL` section.
fn with_source_map(
    prepared: &lir::Module,
    args: &CompileArgs,
    options: &BuildOptions,
) -> Result<Vec<u8>, Failure> {
    let Some(map_path) = &args.source_map else {
        return lower(prepared, options);
    };
    let mut compiled = lower_located(prepared, options)?;
    let module_name = args
        .output
        .as_deref()
        .or(args.files.first().map(|p| p.as_path()))
        .and_then(|p| p.file_name())
        .map(|n| Path::new(n).with_extension("wasm").display().to_string());
    let map = lir_wasm::source_map(&compiled.locations, module_name.as_deref());
    write_file(map_path, map.as_bytes())?;
    let url = match &args.source_map_url {
        Some(url) => url.clone(),
        None => map_path.file_name().map_or_else(
            || map_path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
    };
    lir_wasm::append_source_mapping_url(&mut compiled.wasm, &url);
    Ok(compiled.wasm)
}

fn write_file(path: &Path, contents: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, contents).map_err(|e| {
        Failure::new(
            Status::CannotWrite,
            format!("error: cannot write {}: {e}", path.display()),
        )
    })
}

/// Where to write: `None` is standard output.
fn output_path(
    input: &Path,
    output: Option<&Path>,
    emit: Emit,
    extension: &str,
) -> Result<Option<PathBuf>, Failure> {
    match output {
        Some(out) if out.as_os_str() == "-" => Ok(None),
        Some(out) => Ok(Some(out.to_path_buf())),
        None if emit != Emit::Wasm => Ok(None),
        None if input.as_os_str() == "-" => Err(Failure::new(
            Status::Usage,
            "error: input from stdin: name the output with -o (or -o - for stdout)",
        )),
        None => Ok(Some(input.with_extension(extension))),
    }
}

/// What `--print targets` and `--print features` list, one per line.
pub fn print_list(what: PrintWhat) -> String {
    match what {
        PrintWhat::Targets => [Target::Wasip1, Target::Unknown]
            .iter()
            .map(|t| {
                let default = if *t == Target::default() {
                    " (default)"
                } else {
                    ""
                };
                format!("{}{default}\n", t.name())
            })
            .collect(),
        PrintWhat::Features => {
            let defaults = lir_wasm::Features::default();
            lir_wasm::Feature::ALL
                .iter()
                .map(|f| {
                    let state = if defaults.has(*f) { "on" } else { "off" };
                    format!("{:<22}{state} by default\n", f.name())
                })
                .collect()
        }
    }
}

/// Parses `--target`, `--features`, `--strip` and `--canonicalize-nans`.
pub fn build_options(options: &TargetOptions) -> Result<BuildOptions, Failure> {
    let target = options
        .target
        .parse()
        .map_err(|e: String| Failure::new(Status::Usage, format!("error: {e}")))?;
    let mut features = lir_wasm::Features::default();
    if let Some(spec) = &options.features {
        features = features
            .apply(spec)
            .map_err(|e| Failure::new(Status::Usage, format!("error: {e}")))?;
    }
    Ok(BuildOptions {
        target,
        features,
        names: !options.strip,
        canonicalize_nans: options.canonicalize_nans,
        debug_info: options.debug_info,
        ..BuildOptions::default()
    })
}
