//! `lir-bench c-kernels`: the C kernels of `bench/c/` built four ways — `tinyc -O2`,
//! `tinyc -O0` then `wasm-opt -O3`, `clang -O2` to wasm32-wasi, native `clang -O2` —
//! each checked against `NAME.expected` (or `NAME.small.expected`), then timed (CPU time
//! of the child, interleaved rounds) with every `.wasm` under `lirc run` (wasmtime) and
//! under Node.js (`node:wasi`), and the native build directly. A missing tool skips its
//! columns with a note; a kernel tinyc cannot compile skips only that kernel's tinyc
//! rows. Finding the tools and building are in [`build`], the tables and the JSON in
//! [`report`].

mod build;
mod report;

use crate::paths;
use crate::process::{self, CommandLine, Exit, Timed};
use crate::wasm::{self, WasmSize};
use anyhow::{bail, Context, Result};
use build::{Built, Tools};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Options of the `c-kernels` subcommand.
pub struct Options {
    pub runs: usize,
    pub small: bool,
    pub node: bool,
    pub native: bool,
    pub timeout: Duration,
    pub json: Option<PathBuf>,
    pub kernels: Vec<String>,
}

/// How a kernel is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    Tinyc,
    TinycWasmOpt,
    ClangWasm,
    Native,
}

impl Build {
    pub fn label(self) -> &'static str {
        match self {
            Build::Tinyc => "tinyc -O2",
            Build::TinycWasmOpt => "tinyc -O0 + wasm-opt -O3",
            Build::ClangWasm => "clang -O2",
            Build::Native => "clang -O2 native",
        }
    }
}

/// What runs a build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// `lirc run FILE.wasm` (wasmtime).
    Wasmtime,
    /// `node` with `node:wasi` (V8).
    Node,
    /// The native executable itself.
    Native,
}

impl Engine {
    pub fn label(self) -> &'static str {
        match self {
            Engine::Wasmtime => "lirc run",
            Engine::Node => "node",
            Engine::Native => "native",
        }
    }
}

/// One build run by one engine.
pub struct Measurement {
    pub build: Build,
    pub engine: Engine,
    pub timed: Timed,
}

/// Everything measured for one kernel.
pub struct KernelResult {
    pub name: String,
    /// The problem size passed as `argv[1]` (`None`: the kernel's default).
    pub arg: Option<String>,
    /// Stripped sizes of the wasm builds, or why a build failed.
    pub sizes: Vec<(Build, Result<WasmSize, String>)>,
    pub runs: Vec<Measurement>,
}

/// What the report says about the run besides the numbers.
pub struct RunInfo {
    pub runs: usize,
    pub small: bool,
    /// Which columns were skipped and why.
    pub skipped: Vec<String>,
    /// Tool versions worth printing (`wasm-opt version 108`, `node v20…`).
    pub versions: Vec<String>,
}

/// The problem of a measurement whose build failed (the builds table says why).
const NOT_BUILT: &str = "not built";

/// Runs the subcommand.
pub fn run(opts: &Options) -> Result<()> {
    if opts.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let kernels = select_kernels(&opts.kernels)?;
    let dir = paths::work_dir("c-kernels")?;
    let mut ctx = RunInfo {
        runs: opts.runs,
        small: opts.small,
        skipped: Vec::new(),
        versions: Vec::new(),
    };
    let tools = build::find_tools(opts, &dir, &mut ctx)?;

    let mut results = Vec::new();
    for name in &kernels {
        results.push(kernel(name, &tools, opts, &dir)?);
    }

    print!("{}", report::render(&results, &ctx));
    if let Some(path) = &opts.json {
        std::fs::write(path, report::to_json(&results, &ctx).to_pretty())
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// `bench/c/`.
fn c_dir() -> PathBuf {
    paths::workspace_root().join("bench").join("c")
}

/// The requested kernels, or every `bench/c/*.c` in name order.
fn select_kernels(requested: &[String]) -> Result<Vec<String>> {
    let dir = c_dir();
    let mut all: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".c").map(str::to_string)
        })
        .collect();
    all.sort();
    if all.is_empty() {
        bail!("no kernels (*.c) in {}", dir.display());
    }
    if requested.is_empty() {
        return Ok(all);
    }
    for k in requested {
        if !all.contains(k) {
            bail!("unknown kernel `{k}` (kernels: {})", all.join(", "));
        }
    }
    Ok(requested.to_vec())
}

/// Builds, checks and times one kernel.
fn kernel(name: &str, tools: &Tools, opts: &Options, dir: &Path) -> Result<KernelResult> {
    let src = c_dir().join(format!("{name}.c"));
    let text =
        std::fs::read_to_string(&src).with_context(|| format!("reading {}", src.display()))?;
    let arg = if opts.small {
        let line = text.lines().next().unwrap_or_default();
        let arg = line.strip_prefix("// small:").map(str::trim);
        match arg {
            Some(arg) if !arg.is_empty() => Some(arg.to_string()),
            _ => bail!("{}: no `// small: ARG` first line", src.display()),
        }
    } else {
        None
    };
    let expected_file = c_dir().join(if opts.small {
        format!("{name}.small.expected")
    } else {
        format!("{name}.expected")
    });
    let expected = std::fs::read(&expected_file).with_context(|| {
        format!(
            "reading {} (bench/c/regen-expected.sh writes it)",
            expected_file.display()
        )
    })?;

    eprintln!("{name}: building");
    let builds = build::variants(name, &src, tools, dir);
    let sizes = builds
        .iter()
        .filter(|b| b.build != Build::Native)
        .map(|b| {
            let size = b.file.as_ref().map_err(Clone::clone).and_then(|f| {
                wasm::file_stripped_sizes(f).map_err(|e| format!("unreadable: {e:#}"))
            });
            (b.build, size)
        })
        .collect();

    let mut runs = measurements(&builds, tools, arg.as_deref());
    eprintln!("{name}: checking outputs");
    for m in &mut runs {
        let Some(cmd) = m.timed.command.clone() else {
            continue;
        };
        let problem = match cmd.run(Some(opts.timeout)) {
            Ok(out) if out.exit == Exit::TimedOut => Some(format!(
                "timed out after {} s (--timeout)",
                opts.timeout.as_secs_f64()
            )),
            Ok(out) => out.difference(Exit::Code(0), &expected),
            Err(e) => Some(format!("could not run: {e}")),
        };
        if let Some(why) = problem {
            eprintln!(
                "{name}: {} under {}: {why}",
                m.build.label(),
                m.engine.label()
            );
            m.timed.fail(why);
        }
    }
    let mut timed: Vec<&mut Timed> = runs.iter_mut().map(|m| &mut m.timed).collect();
    process::time_interleaved(name, &mut timed, opts.runs, opts.timeout);
    Ok(KernelResult {
        name: name.to_string(),
        arg,
        sizes,
        runs,
    })
}

/// Every (build, engine) pair to time, engine by engine: the wasm builds under
/// `lirc run`, then under node, then the native build.
fn measurements(builds: &[Built], tools: &Tools, arg: Option<&str>) -> Vec<Measurement> {
    let mut engines = Vec::new();
    if let Some(lirc) = &tools.lirc {
        engines.push((
            Engine::Wasmtime,
            CommandLine::new(lirc.as_os_str()).arg("run"),
        ));
    }
    if let Some((node, runner)) = &tools.node {
        let cmd = CommandLine::new(node.as_os_str()).arg("--no-warnings");
        engines.push((Engine::Node, cmd.path(runner)));
    }
    let mut runs = Vec::new();
    let mut add = |build: Build, engine: Engine, cmd: Result<CommandLine, &String>| {
        let timed = match cmd {
            Ok(cmd) => Timed::ready(cmd),
            Err(_) if build != Build::Native => Timed::unavailable(NOT_BUILT.to_string()),
            Err(why) => Timed::unavailable(why.clone()),
        };
        runs.push(Measurement {
            build,
            engine,
            timed,
        });
    };
    for (engine, prefix) in &engines {
        for b in builds.iter().filter(|b| b.build != Build::Native) {
            let cmd = b.file.as_ref().map(|file| {
                let cmd = prefix.clone().path(file);
                match (engine, arg) {
                    (Engine::Wasmtime, Some(arg)) => cmd.args(["--", arg]),
                    (_, Some(arg)) => cmd.arg(arg),
                    (_, None) => cmd,
                }
            });
            add(b.build, *engine, cmd);
        }
    }
    for b in builds.iter().filter(|b| b.build == Build::Native) {
        let cmd = b
            .file
            .as_ref()
            .map(|file| CommandLine::new(file.as_os_str()).args(arg));
        add(b.build, Engine::Native, cmd);
    }
    runs
}
