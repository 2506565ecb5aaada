//! `toy-frontend [FILE.toy] [-o OUT.wasm] [--lir] [-O0|-O1|-O2]`: compiles a toy
//! program (default: `demo.toy` beside this package) to WebAssembly with
//! `lir_build::build`, writes the `.wasm` (default: the source's name with `.wasm`, in
//! the current directory), and runs its `main` with `lir_runtime`, `print` provided
//! as a host function. `--lir` prints the module's LIR text first.

use lir_build::{OptLevel, Options, Target};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The command line, parsed.
struct Args {
    source: PathBuf,
    output: Option<PathBuf>,
    print_lir: bool,
    level: OptLevel,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        source: Path::new(env!("CARGO_MANIFEST_DIR")).join("demo.toy"),
        output: None,
        print_lir: false,
        level: OptLevel::O2,
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        match arg.as_str() {
            "-o" => args.output = Some(given.next().ok_or("-o needs a file name")?.into()),
            "--lir" => args.print_lir = true,
            "-O0" => args.level = OptLevel::O0,
            "-O1" => args.level = OptLevel::O1,
            "-O2" => args.level = OptLevel::O2,
            "-h" | "--help" => {
                return Err(
                    "usage: toy-frontend [FILE.toy] [-o OUT.wasm] [--lir] [-O0|-O1|-O2]".into(),
                )
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            path => args.source = path.into(),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    match compile_and_run() {
        Ok(()) => ExitCode::SUCCESS,
        // Runtime errors come with their code (`error[5002]: trap: …`).
        Err(message) if message.starts_with("error[") => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn compile_and_run() -> Result<(), String> {
    let args = parse_args()?;
    let name = args.source.display().to_string();
    let src =
        std::fs::read_to_string(&args.source).map_err(|e| format!("cannot read {name}: {e}"))?;
    let module = toy_frontend::compile(&src).map_err(|e| format!("{name}: {e}"))?;
    if args.print_lir {
        emit(&lir::text::print(&module))?;
    }
    // The whole pipeline in one call: verify, legalize, optimize, lower, encode.
    let wasm = lir_build::build(&module, Target::Wasip1, &Options::optimized(args.level))
        .map_err(|e| format!("{name}: {e}"))?;
    let output = args.output.unwrap_or_else(|| {
        let stem = args.source.file_stem().unwrap_or("out".as_ref());
        PathBuf::from(stem).with_extension("wasm")
    });
    std::fs::write(&output, &wasm)
        .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    emit(&format!(
        "wrote {} ({} bytes)\n",
        output.display(),
        wasm.len()
    ))?;
    let outcome = toy_frontend::run(&wasm).map_err(|e| format!("error[{}]: {e}", e.code()))?;
    let mut report: String = outcome.printed.iter().map(|v| format!("{v}\n")).collect();
    report.push_str(&format!("main returned {}\n", outcome.status));
    emit(&report)
}

/// Writes to standard output; a closed pipe (`| head`) ends the output quietly.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard output: {e}"))
        }
        _ => Ok(()),
    }
}
