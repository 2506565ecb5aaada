//! `lir-bench compile-speed`: how fast lirc turns a large generated module from text
//! into optimized bytes, against `wasm-opt -O2` optimizing our unoptimized output of
//! the same module.

use crate::json::Json;
use crate::paths;
use crate::process::CommandLine;
use crate::stats::Summary;
use crate::table::{self, Align, Table};
use crate::tools::{self, Level};
use anyhow::{bail, Context, Result};
use lir::testing::{module_from_seed, GenConfig};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Options of the `compile-speed` subcommand.
pub struct Options {
    pub insts: Vec<usize>,
    pub runs: usize,
    pub seed: u64,
    pub timeout: Duration,
    pub json: Option<PathBuf>,
}

/// A generated module on disk.
struct Input {
    target: usize,
    insts: usize,
    functions: usize,
    lir: PathBuf,
    lir_bytes: u64,
    o0_wasm: PathBuf,
    o0_bytes: u64,
}

/// One compiler being timed on one input.
struct Contender {
    label: String,
    command: Option<CommandLine>,
    problem: Option<String>,
    samples: Vec<f64>,
    max_rss: u64,
    /// True for lirc (its speed is reported in instructions per second).
    is_lirc: bool,
    is_reference: bool,
}

/// Runs the subcommand.
pub fn run(opts: &Options) -> Result<()> {
    if opts.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let lirc = tools::lirc()?;
    let (wasm_opt, version) = tools::wasm_opt()?;
    let levels = tools::probe_levels(&lirc, &["O0".to_string(), "O2".to_string()])?;
    tools::describe_levels(&levels);
    let (o0, o2) = (&levels[0], &levels[1]);
    if !o0.available() {
        bail!("lirc accepts neither -O0 nor no flag; cannot build the wasm-opt input");
    }
    let dir = paths::work_dir("compile-speed")?;

    let mut rows = Vec::new();
    for &target in &opts.insts {
        let input = generate(target, opts.seed, &lirc, o0, &dir)?;
        release_freed_memory();
        let mut contenders = contenders(&input, &lirc, o0, o2, &wasm_opt, &dir);
        for round in 1..=opts.runs {
            eprintln!("{} insts: round {round}/{}", input.insts, opts.runs);
            for c in contenders.iter_mut() {
                let Some(cmd) = c.command.clone() else {
                    continue;
                };
                match cmd.run(Some(opts.timeout)) {
                    Ok(out) if out.success() => {
                        c.samples.push(out.cpu);
                        c.max_rss = c.max_rss.max(out.max_rss);
                    }
                    Ok(out) => {
                        eprintln!("{}: {}", c.label, out.failure_summary());
                        c.command = None;
                        c.problem = Some(format!("failed: {}", out.exit.describe()));
                    }
                    Err(e) => {
                        c.command = None;
                        c.problem = Some(format!("could not run: {e}"));
                    }
                }
            }
        }
        rows.push((input, contenders));
    }
    print!("{}", render(&rows, opts.runs, &version));
    if let Some(path) = &opts.json {
        std::fs::write(path, to_json(&rows, opts.runs, &version).to_pretty())
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Returns the memory the generated module took to the OS. A child process starts
/// with its parent's resident set as its peak (Linux folds the parent's high-water
/// mark into the child's `ru_maxrss` at `exec`), so without this every row's peak RSS
/// would read as lir-bench's own after generating the module.
fn release_freed_memory() {
    // SAFETY: glibc's malloc_trim only returns free heap memory to the OS.
    unsafe { libc::malloc_trim(0) };
}

/// Generates a module of at least `target` instructions, writes its text and our
/// unoptimized wasm of it.
fn generate(target: usize, seed: u64, lirc: &Path, o0: &Level, dir: &Path) -> Result<Input> {
    let started = Instant::now();
    let probe = module_from_seed(config(8), seed).inst_count().max(1);
    let mut functions = (target * 8).div_ceil(probe).max(1);
    let mut module = module_from_seed(config(functions), seed);
    for _ in 0..8 {
        let count = module.inst_count();
        if count >= target {
            break;
        }
        functions = (functions * target).div_ceil(count.max(1)) + 1;
        module = module_from_seed(config(functions), seed);
    }
    let insts = module.inst_count();
    let text = lir::text::print(&module);
    let lir = dir.join(format!("gen-{target}.lir"));
    std::fs::write(&lir, &text).with_context(|| format!("writing {}", lir.display()))?;
    eprintln!(
        "generated {} instructions in {functions} functions ({} KB of text) in {:.1} s",
        table::count(insts as u64),
        text.len() / 1024,
        started.elapsed().as_secs_f64()
    );
    let o0_wasm = dir.join(format!("gen-{target}.O0.wasm"));
    let cmd = CommandLine::new(lirc.as_os_str())
        .args(o0.args())
        .arg("--strip")
        .path(&lir)
        .arg("-o")
        .path(&o0_wasm);
    let out = cmd
        .run(None)
        .with_context(|| format!("running {}", cmd.display()))?;
    if !out.success() {
        bail!(
            "`{}` failed on the generated module: {}",
            cmd.display(),
            out.failure_summary()
        );
    }
    Ok(Input {
        target,
        insts,
        functions,
        lir_bytes: text.len() as u64,
        o0_bytes: std::fs::metadata(&o0_wasm)?.len(),
        lir,
        o0_wasm,
    })
}

fn config(functions: usize) -> GenConfig {
    GenConfig {
        functions,
        ..Default::default()
    }
}

fn contenders(
    input: &Input,
    lirc: &Path,
    o0: &Level,
    o2: &Level,
    wasm_opt: &Path,
    dir: &Path,
) -> Vec<Contender> {
    let lirc_cmd = |level: &Level| {
        CommandLine::new(lirc.as_os_str())
            .args(level.args())
            .arg("--strip")
            .path(&input.lir)
            .arg("-o")
            .path(&dir.join(format!("out-{}-{}.wasm", input.target, level.name)))
    };
    let make = |label: String, command: Option<CommandLine>, problem: Option<String>| Contender {
        label,
        command,
        problem,
        samples: Vec::new(),
        max_rss: 0,
        is_lirc: false,
        is_reference: false,
    };
    let mut list = Vec::new();
    let mut reference = make(
        "wasm-opt -O2 of our -O0".to_string(),
        Some(
            CommandLine::new(wasm_opt.as_os_str())
                .path(&input.o0_wasm)
                .arg("-O2")
                .args(tools::WASM_OPT_FEATURES)
                .arg("-o")
                .path(&dir.join(format!("out-{}-wasm-opt.wasm", input.target))),
        ),
        None,
    );
    reference.is_reference = true;
    for level in [o2, o0] {
        let mut c = if level.available() {
            make(level.label(), Some(lirc_cmd(level)), None)
        } else {
            make(level.label(), None, Some(level.missing_note()))
        };
        c.is_lirc = true;
        list.push(c);
    }
    list.push(reference);
    list
}

fn summary(c: &Contender) -> Option<Summary> {
    if c.problem.is_some() {
        None
    } else {
        Summary::of(&c.samples)
    }
}

fn render(rows: &[(Input, Vec<Contender>)], runs: usize, version: &str) -> String {
    let mut out = format!(
        "## Compile speed: CPU ms (user+sys), median of {runs} interleaved runs\n\n\
         Generated modules (`lir::testing::module_from_seed`). lirc: `.lir` text to \
         stripped `.wasm` bytes (parse, verify, optimize, emit); wasm-opt ({version}): \
         `-O2` of our `-O0` output of the same module. CPU time counts all threads.\n\n"
    );
    let mut t = Table::new(&[
        ("insts", Align::Right),
        ("functions", Align::Right),
        (".lir KB", Align::Right),
        ("-O0 wasm KB", Align::Right),
        ("compiler", Align::Left),
        ("CPU ms", Align::Right),
        ("spread", Align::Right),
        ("peak RSS MB", Align::Right),
        ("vs wasm-opt", Align::Right),
        ("insts/s", Align::Right),
    ]);
    for (input, contenders) in rows {
        let reference = contenders.iter().find(|c| c.is_reference).and_then(summary);
        for c in contenders {
            let mut row = vec![
                table::count(input.insts as u64),
                table::count(input.functions as u64),
                table::count(input.lir_bytes / 1024),
                table::count(input.o0_bytes / 1024),
                c.label.clone(),
            ];
            match summary(c) {
                Some(s) => {
                    row.push(table::ms(s.median));
                    row.push(table::pct(s.spread_pct()));
                    row.push(format!("{:.0}", c.max_rss as f64 / (1024.0 * 1024.0)));
                    row.push(match reference {
                        Some(r) => table::ratio(s.median / r.median),
                        None => "n/a".into(),
                    });
                    row.push(if c.is_lirc && s.median > 0.0 {
                        table::count((input.insts as f64 / s.median) as u64)
                    } else {
                        String::new()
                    });
                }
                None => row.push(c.problem.clone().unwrap_or_else(|| "no samples".into())),
            }
            t.row(row);
        }
    }
    out += &t.render();
    out
}

fn to_json(rows: &[(Input, Vec<Contender>)], runs: usize, version: &str) -> Json {
    let inputs = rows
        .iter()
        .map(|(input, contenders)| {
            let reference = contenders.iter().find(|c| c.is_reference).and_then(summary);
            let list = contenders
                .iter()
                .map(|c| {
                    let s = summary(c);
                    Json::obj([
                        ("compiler", Json::str(&c.label)),
                        ("problem", c.problem.as_ref().map_or(Json::Null, Json::str)),
                        ("cpu_median_s", Json::num(s.map(|s| s.median))),
                        ("cpu_min_s", Json::num(s.map(|s| s.min))),
                        ("cpu_max_s", Json::num(s.map(|s| s.max))),
                        ("max_rss_bytes", Json::Num(c.max_rss as f64)),
                        (
                            "ratio_to_wasm_opt",
                            Json::num(s.zip(reference).map(|(s, r)| s.median / r.median)),
                        ),
                        (
                            "insts_per_s",
                            Json::num(
                                s.filter(|_| c.is_lirc)
                                    .map(|s| input.insts as f64 / s.median),
                            ),
                        ),
                    ])
                })
                .collect();
            Json::obj([
                ("target_insts", Json::Num(input.target as f64)),
                ("insts", Json::Num(input.insts as f64)),
                ("functions", Json::Num(input.functions as f64)),
                ("lir_bytes", Json::Num(input.lir_bytes as f64)),
                ("o0_wasm_bytes", Json::Num(input.o0_bytes as f64)),
                ("compilers", Json::Arr(list)),
            ])
        })
        .collect();
    Json::obj([
        ("benchmark", Json::str("compile-speed")),
        ("runs", Json::Num(runs as f64)),
        ("wasm_opt", Json::str(version)),
        ("inputs", Json::Arr(inputs)),
    ])
}
