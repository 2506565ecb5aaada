//! `lirc [compile] FILE`: compile LIR to a WebAssembly binary or its text form.

use crate::build::{build, BuildOptions};
use crate::cli::{CompileArgs, Emit, TargetOptions};
use crate::exit::{CommandResult, Failure, Status};
use crate::load::parse_and_verify;
use crate::source::SourceFile;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(args: &CompileArgs) -> CommandResult {
    let path = args
        .file
        .as_ref()
        .ok_or_else(|| Failure::new(Status::Usage, "error: no input file (see `lirc --help`)"))?;
    let file = SourceFile::read(path)?;
    let module = parse_and_verify(&file)?;
    let bytes = build(&module, &build_options(&args.target)?)?;
    let (contents, extension) = match args.emit {
        Emit::Wasm => (bytes, "wasm"),
        Emit::Wat => {
            let text = lir_wasm::print_wat(&bytes)
                .map_err(|e| Failure::new(Status::Internal, format!("error: {e}")))?;
            (text.into_bytes(), "wat")
        }
    };
    match output_path(path, args.output.as_deref(), args.emit, extension)? {
        None => std::io::stdout().write_all(&contents).map_err(|e| {
            Failure::new(
                Status::CannotWrite,
                format!("error: cannot write stdout: {e}"),
            )
        })?,
        Some(out) => std::fs::write(&out, &contents).map_err(|e| {
            Failure::new(
                Status::CannotWrite,
                format!("error: cannot write {}: {e}", out.display()),
            )
        })?,
    }
    Ok(ExitCode::SUCCESS)
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
        None if emit == Emit::Wat => Ok(None),
        None if input.as_os_str() == "-" => Err(Failure::new(
            Status::Usage,
            "error: input from stdin: name the output with -o (or -o - for stdout)",
        )),
        None => Ok(Some(input.with_extension(extension))),
    }
}

/// Parses `--target`, `--features` and `--strip`.
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
        canonicalize_nans: false,
    })
}
