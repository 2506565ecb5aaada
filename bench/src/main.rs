//! `lir-bench`: measurement tooling for lirc. Compares the run time of benchmark
//! kernels against clang, module sizes against binaryen's wasm-opt, and compile
//! speed against wasm-opt, using the CPU time of child processes (median of
//! interleaved runs). See bench/README.md.

mod c_kernels;
mod compile_speed;
mod json;
mod paths;
mod process;
mod roots;
mod runtime;
mod scaling;
mod shapes;
mod sizes;
mod stats;
mod table;
mod tools;
mod wasm;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "lir-bench",
    version,
    about = "Benchmarks for lirc: run time, code size, compile speed"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run time of bench/kernels: clang -O2 wasm vs lirc at each level, all under `lirc run`.
    Runtime {
        /// Timed runs per variant (interleaved); the median is reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// lirc optimization levels to compare, comma-separated.
        #[arg(long, default_value = "O0,O2")]
        levels: String,
        /// Leave out the native clang -O2 build.
        #[arg(long)]
        no_native: bool,
        /// Also measure `-O2` without each of these passes (comma-separated; built with
        /// `lirc -O2 --disable-pass PASS`): what each pass buys.
        #[arg(long, value_name = "PASSES", value_delimiter = ',')]
        without: Vec<String>,
        /// Seconds after which one run is killed.
        #[arg(long, default_value_t = 120.0)]
        timeout: f64,
        /// Also write the results as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Kernels to run (default: all of fib sieve matmul mandelbrot crc32 bytecode).
        #[arg(value_name = "KERNEL")]
        kernels: Vec<String>,
    },
    /// Run time of the C kernels of bench/c: tinyc vs clang, under lirc run and node.
    CKernels {
        /// Timed runs per build and engine (interleaved); the median is reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Run the small problem sizes (each file's `// small: ARG`): a quick check.
        #[arg(long)]
        small: bool,
        /// Leave out the Node.js rows.
        #[arg(long)]
        no_node: bool,
        /// Leave out the native clang -O2 build.
        #[arg(long)]
        no_native: bool,
        /// Seconds after which one run is killed.
        #[arg(long, default_value_t = 120.0)]
        timeout: f64,
        /// Also write the results as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Kernels to run (default: every bench/c/*.c).
        #[arg(value_name = "KERNEL")]
        kernels: Vec<String>,
    },
    /// Module sizes of tests/golden and examples: lirc levels vs wasm-opt of our -O0.
    Sizes {
        /// lirc optimization levels, comma-separated (-O0 is always measured).
        #[arg(long, default_value = "O0,O2,Oz")]
        levels: String,
        /// Also print a table with every file.
        #[arg(long)]
        per_file: bool,
        /// Seconds after which one compilation is killed.
        #[arg(long, default_value_t = 120.0)]
        timeout: f64,
        /// Also write the results as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
    /// Compile speed on large generated modules: lirc -O2 (text to bytes) vs wasm-opt -O2.
    CompileSpeed {
        /// Instruction counts of the generated modules, comma-separated.
        #[arg(long, default_value = "10000,100000", value_delimiter = ',')]
        insts: Vec<usize>,
        /// Timed runs per compiler (interleaved); the median is reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Seed of the module generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Seconds after which one compilation is killed.
        #[arg(long, default_value_t = 600.0)]
        timeout: f64,
        /// Also write the results as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
    /// How each stage (check, compile, interp, run) grows with generated inputs of
    /// stressful shapes, each at sizes growing 10x at a time.
    Scaling {
        /// Shapes to measure, comma-separated (default: all of chain nest diamonds switch
        /// live functions data params).
        #[arg(long, value_delimiter = ',')]
        shapes: Vec<String>,
        /// Number of sizes per shape (base size, 10x, 100x, ...).
        #[arg(long, default_value_t = 3)]
        steps: u32,
        /// Multiply every shape's base size by this factor.
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Timed runs per stage; the median is reported.
        #[arg(long, default_value_t = 1)]
        runs: usize,
        /// Seconds after which one run is killed (that stage's larger sizes are skipped).
        #[arg(long, default_value_t = 120.0)]
        timeout: f64,
        /// Also write the results as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Print the program of this shape and size (`--emit nest 10000`) and exit.
        #[arg(long, num_args = 2, value_names = ["SHAPE", "SIZE"])]
        emit: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Runtime {
            runs,
            levels,
            no_native,
            without,
            timeout,
            json,
            kernels,
        } => runtime::run(&runtime::Options {
            runs,
            levels: tools::parse_levels(&levels)?,
            native: !no_native,
            without,
            kernels,
            timeout: seconds(timeout)?,
            json,
        }),
        Command::CKernels {
            runs,
            small,
            no_node,
            no_native,
            timeout,
            json,
            kernels,
        } => c_kernels::run(&c_kernels::Options {
            runs,
            small,
            node: !no_node,
            native: !no_native,
            timeout: seconds(timeout)?,
            json,
            kernels,
        }),
        Command::Sizes {
            levels,
            per_file,
            timeout,
            json,
        } => sizes::run(&sizes::Options {
            levels: tools::parse_levels(&levels)?,
            per_file,
            timeout: seconds(timeout)?,
            json,
        }),
        Command::CompileSpeed {
            insts,
            runs,
            seed,
            timeout,
            json,
        } => {
            if insts.is_empty() || insts.contains(&0) {
                anyhow::bail!("--insts needs positive instruction counts");
            }
            compile_speed::run(&compile_speed::Options {
                insts,
                runs,
                seed,
                timeout: seconds(timeout)?,
                json,
            })
        }
        Command::Scaling {
            shapes,
            steps,
            scale,
            runs,
            timeout,
            json,
            emit,
        } => {
            let timeout = seconds(timeout)?;
            scaling(&shapes, &emit, |shapes| scaling::Options {
                shapes,
                steps,
                scale,
                runs,
                timeout,
                json,
            })
        }
    }
}

fn scaling(
    shapes: &[String],
    emit: &[String],
    options: impl FnOnce(Vec<shapes::Shape>) -> scaling::Options,
) -> anyhow::Result<()> {
    let parse = |name: &str| {
        shapes::Shape::parse(name).ok_or_else(|| {
            let all: Vec<&str> = shapes::Shape::ALL.iter().map(|s| s.name()).collect();
            anyhow::anyhow!("unknown shape `{name}` (shapes: {})", all.join(" "))
        })
    };
    if let [shape, size] = emit {
        let size: usize = size
            .parse()
            .map_err(|_| anyhow::anyhow!("--emit needs a size, not `{size}`"))?;
        print!("{}", parse(shape)?.generate(size));
        return Ok(());
    }
    let chosen = if shapes.is_empty() {
        shapes::Shape::ALL.to_vec()
    } else {
        shapes
            .iter()
            .map(|s| parse(s))
            .collect::<anyhow::Result<_>>()?
    };
    scaling::run(&options(chosen))
}

fn seconds(value: f64) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| anyhow::anyhow!("--timeout must be a positive number of seconds"))
}
