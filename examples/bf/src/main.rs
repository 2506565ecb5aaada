//! The `bf` command line: `bf [-O LEVEL] FILE.b [-o OUT] [--emit wasm|lir]
//! [--target TRIPLE] [--tape N] [--no-fold]`. Unmatched brackets are reported
//! clang-style (`FILE:LINE:COL: error: unmatched '['`) with exit status 1; usage errors
//! exit with 2.

use clap::{Parser, ValueEnum};
use lir_opt::OptLevel;
use lir_wasi::Target;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Compiles a Brainfuck program to WebAssembly through LIR.
#[derive(Parser, Debug)]
#[command(name = "bf", version)]
struct Cli {
    /// The Brainfuck program (`-` reads standard input).
    file: PathBuf,
    /// Where to write the output (`-`: standard output). Default: FILE with the
    /// extension `.wasm` for `--emit wasm`, standard output for `--emit lir`.
    #[arg(short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    /// Optimization level: -O0, -O1, -O2 (the default), -Os or -Oz.
    #[arg(short = 'O', value_name = "LEVEL", default_value = "2", value_parser = parse_level)]
    level: OptLevel,
    /// What to write: a WebAssembly module, or the LIR module (optimized at the chosen
    /// level, system calls not yet legalized, so `lirc interp` runs it).
    #[arg(long, value_enum, default_value = "wasm")]
    emit: Emit,
    /// wasm32-wasip1 (a WASI command) or wasm32-unknown-unknown (system calls become
    /// `env` imports).
    #[arg(long, default_value = "wasm32-wasip1", value_name = "TRIPLE", value_parser = parse_target)]
    target: Target,
    /// Number of 8-bit cells on the tape (1 to 2^30).
    #[arg(long, default_value_t = 30_000, value_name = "N", value_parser = parse_tape)]
    tape: u32,
    /// Translate every command literally: no folding of runs and loop idioms.
    #[arg(long)]
    no_fold: bool,
    /// Print what each optimizer pass changed and how long it took, to standard error.
    #[arg(long)]
    time_passes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Emit {
    Wasm,
    Lir,
}

fn parse_level(text: &str) -> Result<OptLevel, String> {
    text.parse()
}

fn parse_target(text: &str) -> Result<Target, String> {
    text.parse()
}

fn parse_tape(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(n) if (1..=bf::MAX_TAPE).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number of cells from 1 to {}",
            bf::MAX_TAPE
        )),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let stdin = cli.file.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_string()
    } else {
        cli.file.display().to_string()
    };
    let mut src = Vec::new();
    let read = if stdin {
        std::io::stdin().read_to_end(&mut src).map(drop)
    } else {
        std::fs::read(&cli.file).map(|bytes| src = bytes)
    };
    read.map_err(|e| format!("bf: error: cannot read {name}: {e}"))?;

    let config = bf::Config {
        tape_cells: cli.tape,
        file_name: name.clone(),
    };
    let mut module = bf::frontend(&src, &config, !cli.no_fold).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("{name}:{e}")).collect();
        lines.join("\n")
    })?;
    lir::verify::verify(&module)
        .map_err(|e| format!("bf: internal error: invalid LIR generated:\n{e}"))?;

    let internal = |e| format!("bf: internal error: {e}");
    let (bytes, report) = match cli.emit {
        Emit::Lir => {
            let report = bf::optimize(&mut module, cli.level).map_err(internal)?;
            (lir::text::print(&module).into_bytes(), report)
        }
        Emit::Wasm => bf::to_wasm(&module, cli.level, cli.target).map_err(internal)?,
    };
    if let (true, Some(report)) = (cli.time_passes, report) {
        eprint!("{}", report.table());
    }
    let output = match (&cli.output, cli.emit) {
        (Some(path), _) => Some(path.clone()),
        (None, Emit::Lir) => None,
        (None, Emit::Wasm) if stdin => None,
        (None, Emit::Wasm) => Some(cli.file.with_extension("wasm")),
    };
    match output {
        Some(path) if path.as_os_str() != "-" => std::fs::write(&path, &bytes)
            .map_err(|e| format!("bf: error: cannot write {}: {e}", path.display())),
        _ => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("bf: error: cannot write standard output: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}
