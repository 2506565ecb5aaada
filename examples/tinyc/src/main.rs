//! The `tinyc` command: `tinyc [-O0|-O1|-O2|-Os] [-g] FILE.c -o OUT.wasm`, with
//! `--emit lir` and `--target`. Errors are printed clang-style; exit status 1 for
//! errors in the program, 70 for internal errors.

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use tinyc::Failure;

#[derive(Parser, Debug)]
#[command(
    name = "tinyc",
    about = "A C-subset compiler to WebAssembly built on lir"
)]
struct Cli {
    /// The C source file.
    file: String,
    /// The output file (`-` for standard output).
    #[arg(short = 'o', default_value = "a.wasm")]
    output: String,
    /// Optimization level: 0, 1, 2, s or z (`-O2`).
    #[arg(short = 'O', default_value = "0", value_name = "LEVEL")]
    opt: String,
    /// Debug information (source locations are always recorded).
    #[arg(short = 'g')]
    debug: bool,
    /// What to write: `wasm` (default) or `lir` (the LIR tinyc built, optimized at the
    /// level given but with its system calls still portable, so `lirc` can run it).
    #[arg(long, default_value = "wasm")]
    emit: String,
    /// The target: wasm32-wasip1 (default) or wasm32-unknown-unknown.
    #[arg(long, default_value = "wasm32-wasip1")]
    target: String,
}

fn fail(f: Failure) -> ExitCode {
    eprintln!("{f}");
    match f {
        Failure::Compile(_) => ExitCode::from(1),
        Failure::Internal(_) => ExitCode::from(70),
    }
}

fn main() -> ExitCode {
    // A panic is a bug in tinyc or lir: report it as an internal error (status 70).
    std::panic::set_hook(Box::new(|info| {
        eprintln!("tinyc: internal error: {info}");
    }));
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => ExitCode::from(70),
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    let Some(level) = tinyc::pipeline::parse_level(&cli.opt) else {
        eprintln!("tinyc: error: invalid optimization level '-O{}'", cli.opt);
        return ExitCode::from(1);
    };
    let target: lir_wasi::Target = match cli.target.parse() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("tinyc: error: {e}");
            return ExitCode::from(1);
        }
    };
    let bytes = match std::fs::read(&cli.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "tinyc: error: no such file or directory: '{}' ({e})",
                cli.file
            );
            return ExitCode::from(1);
        }
    };
    let src = String::from_utf8_lossy(&bytes);
    let module = match tinyc::build_module(&cli.file, &src) {
        Ok(m) => m,
        Err(f) => return fail(f),
    };
    let out = match cli.emit.as_str() {
        "lir" => {
            let mut module = module;
            if let Err(f) = tinyc::pipeline::optimize(&mut module, level) {
                return fail(f);
            }
            lir::text::print(&module).into_bytes()
        }
        "wasm" => match tinyc::pipeline::build_wasm(&module, level, target) {
            Ok(w) => w,
            Err(f) => return fail(f),
        },
        other => {
            eprintln!("tinyc: error: unknown --emit kind '{other}' (expected wasm or lir)");
            return ExitCode::from(1);
        }
    };
    let written = if cli.output == "-" {
        std::io::stdout()
            .write_all(&out)
            .and_then(|_| std::io::stdout().flush())
    } else {
        std::fs::write(&cli.output, &out)
    };
    if let Err(e) = written {
        eprintln!("tinyc: error: cannot write '{}': {e}", cli.output);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
