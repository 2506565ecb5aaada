//! The `tinyc` command: `tinyc [-O0|-O1|-O2|-Os] [-g] FILE.c -o OUT.wasm`, with
//! `--emit lir`, `--target` and `--source-map MAP` (docs/debugging.md). Errors are printed clang-style; exit status 1 for
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
    /// DWARF debugging information: line tables and functions, from the C positions
    /// tinyc records on every instruction.
    #[arg(short = 'g')]
    debug: bool,
    /// Also write a version-3 source map to MAP and add a `sourceMappingURL` section.
    #[arg(long = "source-map", value_name = "MAP")]
    source_map: Option<String>,
    /// The URL the `sourceMappingURL` section gives (default: MAP's file name).
    #[arg(long = "source-map-url", value_name = "URL", requires = "source_map")]
    source_map_url: Option<String>,
    /// What to write: `wasm` (default) or `lir` (the LIR tinyc built, optimized at the
    /// level given but with its system calls still portable, so `lirc` can run it).
    #[arg(long, default_value = "wasm")]
    emit: String,
    /// The target: wasm32-wasip1 (default) or wasm32-unknown-unknown.
    #[arg(long, default_value = "wasm32-wasip1")]
    target: String,
}

/// The module with DWARF (`-g`) and/or a source map written beside it.
fn debug_wasm(
    cli: &Cli,
    module: &lir::Module,
    level: lir_opt::OptLevel,
    target: lir_wasi::Target,
) -> Result<Vec<u8>, Failure> {
    let comp_dir = cli
        .debug
        .then(|| std::env::current_dir().map_or_else(|_| ".".into(), |d| d.display().to_string()));
    let mut compiled = tinyc::pipeline::build_wasm_located(module, level, target, comp_dir)?;
    if let Some(map_path) = &cli.source_map {
        let file_name = |p: &str| {
            std::path::Path::new(p)
                .file_name()
                .map_or_else(|| p.to_string(), |n| n.to_string_lossy().into_owned())
        };
        let map = lir_wasm::source_map(&compiled.locations, Some(&file_name(&cli.output)));
        std::fs::write(map_path, map).map_err(|e| {
            Failure::Compile(format!("tinyc: error: cannot write '{map_path}': {e}"))
        })?;
        let url = cli
            .source_map_url
            .clone()
            .unwrap_or_else(|| file_name(map_path));
        lir_wasm::append_source_mapping_url(&mut compiled.wasm, &url);
    }
    Ok(compiled.wasm)
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
        "wasm" if cli.debug || cli.source_map.is_some() => {
            match debug_wasm(&cli, &module, level, target) {
                Ok(w) => w,
                Err(f) => return fail(f),
            }
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
