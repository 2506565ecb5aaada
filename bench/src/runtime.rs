//! `lir-bench runtime`: run time of the kernels compiled by clang -O2 and by lirc at
//! each level, all run as `.wasm` under `lirc run` (the same engine), optionally with
//! the native clang -O2 build for scale.

use crate::json::Json;
use crate::paths;
use crate::process::{self, CommandLine, Timed};
use crate::stats::geomean;
use crate::table::{self, Align, Table};
use crate::tools::{self, Level};
use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The kernels in their reporting order.
pub const KERNELS: [&str; 6] = ["fib", "sieve", "matmul", "mandelbrot", "crc32", "bytecode"];

/// Options of the `runtime` subcommand.
pub struct Options {
    pub runs: usize,
    pub levels: Vec<String>,
    pub native: bool,
    /// Passes to leave out of `-O2` one at a time (`lirc -O2 --disable-pass P`).
    pub without: Vec<String>,
    pub kernels: Vec<String>,
    pub timeout: Duration,
    pub json: Option<PathBuf>,
}

/// One way of building and running a kernel.
struct Variant {
    label: String,
    /// `Some` for lirc levels: the ratio goes into that level's geomean.
    level: Option<String>,
    timed: Timed,
}

impl Variant {
    fn ready(label: String, level: Option<String>, command: CommandLine) -> Variant {
        Variant {
            label,
            level,
            timed: Timed::ready(command),
        }
    }

    fn unavailable(label: String, level: Option<String>, why: String) -> Variant {
        Variant {
            label,
            level,
            timed: Timed::unavailable(why),
        }
    }
}

/// Results of one kernel: its output and every variant (the first is the reference).
struct KernelResult {
    name: String,
    output: String,
    variants: Vec<Variant>,
}

/// Runs the subcommand.
pub fn run(opts: &Options) -> Result<()> {
    if opts.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let lirc = tools::lirc()?;
    let clang = tools::clang()?;
    let levels = tools::probe_levels(&lirc, &opts.levels)?;
    tools::describe_levels(&levels);
    let kernels = select_kernels(&opts.kernels)?;
    let dir = paths::work_dir("runtime")?;

    let mut results = Vec::new();
    for name in &kernels {
        eprintln!("{name}: building");
        let mut variants = build(name, &lirc, &clang, &levels, opts, &dir)?;
        let output = check_outputs(name, &mut variants, opts.timeout)?;
        let mut timed: Vec<&mut Timed> = variants.iter_mut().map(|v| &mut v.timed).collect();
        process::time_interleaved(name, &mut timed, opts.runs, opts.timeout);
        results.push(KernelResult {
            name: name.clone(),
            output,
            variants,
        });
    }

    print!("{}", render(&results, opts.runs));
    if let Some(path) = &opts.json {
        let json = to_json(&results, opts.runs);
        std::fs::write(path, json.to_pretty())
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn select_kernels(requested: &[String]) -> Result<Vec<String>> {
    if requested.is_empty() {
        return Ok(KERNELS.iter().map(|k| k.to_string()).collect());
    }
    for k in requested {
        if !KERNELS.contains(&k.as_str()) {
            bail!("unknown kernel `{k}` (kernels: {})", KERNELS.join(", "));
        }
    }
    Ok(requested.to_vec())
}

/// Builds every variant of kernel `name`; the clang wasm reference comes first.
fn build(
    name: &str,
    lirc: &Path,
    clang: &Path,
    levels: &[Level],
    opts: &Options,
    dir: &Path,
) -> Result<Vec<Variant>> {
    let c_src = paths::kernels_dir().join(format!("{name}.c"));
    let lir_src = paths::kernels_dir().join(format!("{name}.lir"));
    for src in [&c_src, &lir_src] {
        if !src.is_file() {
            bail!("kernel source {} is missing", src.display());
        }
    }
    let lirc_run = |wasm: &Path| CommandLine::new(lirc.as_os_str()).arg("run").path(wasm);

    let mut variants = Vec::new();
    let clang_wasm = dir.join(format!("{name}.clang.wasm"));
    let sysroot = tools::wasi_sysroot();
    compile(
        CommandLine::new(clang.as_os_str())
            .args(["-O2", "--target=wasm32-wasi"])
            .arg(format!("--sysroot={}", sysroot.display()))
            .path(&c_src)
            .arg("-o")
            .path(&clang_wasm),
    )
    .with_context(|| format!("{name}: building the clang -O2 wasm reference"))?;
    variants.push(Variant::ready(
        "clang -O2 (wasm)".into(),
        None,
        lirc_run(&clang_wasm),
    ));

    if opts.native {
        let exe = dir.join(format!("{name}.native"));
        let label = "clang -O2 (native)".to_string();
        let built = compile(
            CommandLine::new(clang.as_os_str())
                .arg("-O2")
                .path(&c_src)
                .arg("-o")
                .path(&exe),
        );
        variants.push(match built {
            Ok(()) => Variant::ready(label, None, CommandLine::new(exe.as_os_str())),
            Err(e) => Variant::unavailable(label, None, format!("build failed: {e:#}")),
        });
    }

    let lirc_variant = |label: String, key: Option<String>, file: String, args: Vec<OsString>| {
        let wasm = dir.join(file);
        let built = compile(
            CommandLine::new(lirc.as_os_str())
                .args(args)
                .arg("--strip")
                .path(&lir_src)
                .arg("-o")
                .path(&wasm),
        );
        match built {
            Ok(()) => Variant::ready(label, key, lirc_run(&wasm)),
            Err(e) => Variant::unavailable(label, key, format!("build failed: {e:#}")),
        }
    };
    for level in levels {
        let label = level.label();
        let key = Some(level.name.clone());
        if !level.available() {
            variants.push(Variant::unavailable(label, key, level.missing_note()));
            continue;
        }
        let file = format!("{name}.{}.wasm", level.name);
        variants.push(lirc_variant(label, key, file, level.args()));
    }
    for pass in &opts.without {
        let args = ["-O2", "--disable-pass", pass].map(OsString::from).to_vec();
        let file = format!("{name}.O2-without-{pass}.wasm");
        variants.push(lirc_variant(
            format!("lirc -O2 without {pass}"),
            None,
            file,
            args,
        ));
    }
    Ok(variants)
}

/// Runs a build command, failing with its stderr.
fn compile(cmd: CommandLine) -> Result<()> {
    cmd.build_ok()
}

/// Runs each variant once (a warm-up) and checks that all print the reference's
/// output with its exit status. Returns the reference output.
fn check_outputs(name: &str, variants: &mut [Variant], timeout: Duration) -> Result<String> {
    eprintln!("{name}: checking outputs");
    let Some(reference) = variants[0].timed.command.clone() else {
        bail!("{name}: no reference build");
    };
    let expected = reference
        .run(Some(timeout))
        .with_context(|| format!("running {}", reference.display()))?;
    if !expected.success() {
        bail!(
            "{name}: the clang reference failed under `{}`: {}",
            reference.display(),
            expected.failure_summary()
        );
    }
    for v in variants.iter_mut().skip(1) {
        let Some(cmd) = v.timed.command.clone() else {
            continue;
        };
        match cmd.run(Some(timeout)) {
            Ok(out) => {
                if let Some(diff) = out.difference(expected.exit, &expected.stdout) {
                    eprintln!("{name}: {}: {diff}", v.label);
                    v.timed.fail(diff);
                }
            }
            Err(e) => v.timed.fail(format!("could not run: {e}")),
        }
    }
    Ok(String::from_utf8_lossy(&expected.stdout).into_owned())
}

/// The markdown report.
fn render(results: &[KernelResult], runs: usize) -> String {
    let mut out = format!(
        "## Run time: CPU ms (user+sys), median of {runs} interleaved runs\n\n\
         All `.wasm` files run under `lirc run` (wasmtime, same settings); native runs directly.\n\n"
    );
    let mut t = Table::new(&[
        ("kernel", Align::Left),
        ("variant", Align::Left),
        ("CPU ms", Align::Right),
        ("spread", Align::Right),
        ("vs clang wasm", Align::Right),
    ]);
    for k in results {
        let reference = k.variants[0].timed.summary();
        for v in &k.variants {
            match (&v.timed.problem, v.timed.summary()) {
                (None, Some(s)) => t.row(vec![
                    k.name.clone(),
                    v.label.clone(),
                    table::ms(s.median),
                    table::pct(s.spread_pct()),
                    reference
                        .map(|r| table::ratio(s.median / r.median))
                        .unwrap_or_else(|| "n/a".into()),
                ]),
                (problem, _) => t.row(vec![
                    k.name.clone(),
                    v.label.clone(),
                    problem.clone().unwrap_or_else(|| "no samples".into()),
                ]),
            }
        }
    }
    out += &t.render();

    out += "\n## Geometric mean of the ratios to clang -O2 (wasm)\n\n";
    let mut g = Table::new(&[
        ("variant", Align::Left),
        ("geomean", Align::Right),
        ("kernels", Align::Right),
    ]);
    for (label, ratios, total) in ratio_columns(results) {
        let mean = geomean(&ratios);
        g.row(vec![
            label,
            mean.map(table::ratio).unwrap_or_else(|| "n/a".into()),
            format!("{}/{}", ratios.len(), total),
        ]);
    }
    out += &g.render();
    out
}

/// For each non-reference variant label: its ratios to the reference over the
/// kernels where both were measured, and the number of kernels.
fn ratio_columns(results: &[KernelResult]) -> Vec<(String, Vec<f64>, usize)> {
    let mut columns: Vec<(String, Vec<f64>, usize)> = Vec::new();
    for k in results {
        let reference = k.variants[0].timed.summary();
        for v in k.variants.iter().skip(1) {
            let idx = match columns.iter().position(|(l, _, _)| *l == v.label) {
                Some(i) => i,
                None => {
                    columns.push((v.label.clone(), Vec::new(), 0));
                    columns.len() - 1
                }
            };
            columns[idx].2 += 1;
            if let (Some(r), Some(s)) = (reference, v.timed.summary()) {
                columns[idx].1.push(s.median / r.median);
            }
        }
    }
    columns
}

fn to_json(results: &[KernelResult], runs: usize) -> Json {
    let kernels = results
        .iter()
        .map(|k| {
            let reference = k.variants[0].timed.summary();
            let variants = k
                .variants
                .iter()
                .map(|v| {
                    let s = v.timed.summary();
                    Json::obj([
                        ("variant", Json::str(&v.label)),
                        ("level", v.level.as_ref().map_or(Json::Null, Json::str)),
                        (
                            "problem",
                            v.timed.problem.as_ref().map_or(Json::Null, Json::str),
                        ),
                        ("cpu_median_s", Json::num(s.map(|s| s.median))),
                        ("cpu_min_s", Json::num(s.map(|s| s.min))),
                        ("cpu_max_s", Json::num(s.map(|s| s.max))),
                        ("spread_pct", Json::num(s.map(|s| s.spread_pct()))),
                        (
                            "ratio_to_clang_wasm",
                            Json::num(s.zip(reference).map(|(s, r)| s.median / r.median)),
                        ),
                        (
                            "samples_s",
                            Json::Arr(v.timed.samples.iter().map(|&x| Json::Num(x)).collect()),
                        ),
                    ])
                })
                .collect();
            Json::obj([
                ("kernel", Json::str(&k.name)),
                ("output", Json::str(&k.output)),
                ("variants", Json::Arr(variants)),
            ])
        })
        .collect();
    let geomeans = ratio_columns(results)
        .into_iter()
        .map(|(label, ratios, total)| {
            Json::obj([
                ("variant", Json::str(label)),
                ("geomean_ratio", Json::num(geomean(&ratios))),
                ("kernels_measured", Json::Num(ratios.len() as f64)),
                ("kernels", Json::Num(total as f64)),
            ])
        })
        .collect();
    Json::obj([
        ("benchmark", Json::str("runtime")),
        ("runs", Json::Num(runs as f64)),
        ("kernels", Json::Arr(kernels)),
        ("geomeans", Json::Arr(geomeans)),
    ])
}
