//! `lir-bench scaling`: how each stage of lirc grows with its input. For every shape of
//! [`crate::shapes`] at sizes growing 10× at a time, it times `lirc check`, compiling
//! (`lirc FILE -o FILE.wasm`), `lirc interp` and `lirc run` of the compiled module, and
//! reports CPU time, peak RSS and, per 10× of input, the ratio of times (a linear stage
//! shows about 10×, a quadratic one about 100×).
//!
//! A stage that fails or times out is reported as such (and the larger sizes of that
//! stage are skipped); a program that exits with the wrong status is an error.

use crate::json::Json;
use crate::paths;
use crate::process::{CommandLine, Exit, Outcome};
use crate::shapes::Shape;
use crate::table::{self, Align, Table};
use crate::tools;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Options of the `scaling` subcommand.
pub struct Options {
    pub shapes: Vec<Shape>,
    /// Sizes per shape: the base size times 1, 10, 100, … (`steps` of them).
    pub steps: u32,
    /// Multiplies every base size.
    pub scale: f64,
    pub runs: usize,
    pub timeout: Duration,
    pub json: Option<PathBuf>,
}

/// The stages measured, in table order.
const STAGES: [&str; 4] = ["check", "compile", "interp", "run"];

/// One stage at one size: its median CPU seconds and peak RSS, or why it has none.
#[derive(Clone)]
enum Measure {
    Done { seconds: f64, rss: u64 },
    Failed(String),
    Skipped,
}

/// Runs the subcommand.
pub fn run(opts: &Options) -> Result<()> {
    if opts.runs == 0 || opts.steps == 0 {
        bail!("--runs and --steps must be at least 1");
    }
    if !(opts.scale > 0.0 && opts.scale.is_finite()) {
        bail!("--scale must be a positive number");
    }
    let lirc = tools::lirc()?;
    let dir = paths::work_dir("scaling")?;
    let mut table = Table::new(&[
        ("shape", Align::Left),
        ("size", Align::Right),
        ("check ms", Align::Right),
        ("compile ms", Align::Right),
        ("interp ms", Align::Right),
        ("run ms", Align::Right),
        ("peak RSS MB (check/compile/interp/run)", Align::Right),
    ]);
    let mut json_rows = Vec::new();
    for &shape in &opts.shapes {
        let mut previous: Option<Vec<Measure>> = None;
        for step in 0..opts.steps {
            let n = size(shape, opts.scale, step);
            let measures = measure(&lirc, &dir, shape, n, opts, previous.as_deref())?;
            let mut cells = vec![
                shape.name().to_string(),
                format!("{} {}", table::count(n as u64), shape.unit()),
            ];
            for (i, m) in measures.iter().enumerate() {
                let before = previous.as_ref().map(|p| &p[i]);
                cells.push(time_cell(m, before));
            }
            cells.push(
                measures
                    .iter()
                    .map(|m| match m {
                        Measure::Done { rss, .. } => format!("{:.0}", *rss as f64 / 1e6),
                        _ => "–".to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" / "),
            );
            table.row(cells);
            json_rows.push(json_row(shape, n, &measures));
            previous = Some(measures);
        }
    }
    println!("{}", table.render());
    println!("CPU time of the child process (user + system), median of {} run(s); (×R) is the ratio to the size 10× smaller.", opts.runs);
    if let Some(path) = &opts.json {
        let doc = Json::Arr(json_rows).to_pretty();
        std::fs::write(path, doc).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The size of `shape` at `step` (0-based): base × scale × 10^step.
fn size(shape: Shape, scale: f64, step: u32) -> usize {
    let n = shape.base_size() as f64 * scale * 10f64.powi(step as i32);
    (n.round() as usize).max(1)
}

/// Generates the program and measures every stage on it.
fn measure(
    lirc: &Path,
    dir: &Path,
    shape: Shape,
    n: usize,
    opts: &Options,
    previous: Option<&[Measure]>,
) -> Result<Vec<Measure>> {
    let lir = dir.join(format!("{}-{n}.lir", shape.name()));
    let wasm = lir.with_extension("wasm");
    std::fs::write(&lir, shape.generate(n))
        .with_context(|| format!("writing {}", lir.display()))?;
    let _ = std::fs::remove_file(&wasm);
    let expected = shape.expected_status(n);
    let commands = [
        (CommandLine::new(lirc).arg("check").path(&lir), 0),
        (CommandLine::new(lirc).path(&lir).arg("-o").path(&wasm), 0),
        (CommandLine::new(lirc).arg("interp").path(&lir), expected),
        (CommandLine::new(lirc).arg("run").path(&wasm), expected),
    ];
    let mut out = Vec::new();
    for (i, (cmd, status)) in commands.into_iter().enumerate() {
        let gave_up = previous.is_some_and(|p| !matches!(p[i], Measure::Done { .. }));
        let compile_failed = i == 3 && !matches!(out.get(1), Some(Measure::Done { .. }));
        if gave_up || compile_failed {
            out.push(Measure::Skipped);
            continue;
        }
        eprintln!("{} {n}: {}", shape.name(), STAGES[i]);
        out.push(time_stage(&cmd, status, opts)?);
    }
    let _ = std::fs::remove_file(&wasm);
    let _ = std::fs::remove_file(&lir);
    Ok(out)
}

/// Runs one stage `opts.runs` times: the median time and the largest peak RSS.
fn time_stage(cmd: &CommandLine, status: i32, opts: &Options) -> Result<Measure> {
    let mut samples = Vec::new();
    let mut rss = 0;
    for _ in 0..opts.runs {
        let outcome: Outcome = cmd
            .run(Some(opts.timeout))
            .with_context(|| format!("running {}", cmd.display()))?;
        match outcome.exit {
            Exit::Code(c) if c == status => {}
            Exit::TimedOut => {
                return Ok(Measure::Failed(format!(
                    "> {:.0} s",
                    opts.timeout.as_secs_f64()
                )))
            }
            Exit::Code(c) if status != 0 && c < 64 => {
                bail!("`{}` exited {c}, expected {status}", cmd.display())
            }
            other => {
                eprintln!("{}: {}", cmd.display(), outcome.failure_summary());
                return Ok(Measure::Failed(other.describe()));
            }
        }
        samples.push(outcome.cpu);
        rss = rss.max(outcome.max_rss);
    }
    samples.sort_by(f64::total_cmp);
    Ok(Measure::Done {
        seconds: samples[samples.len() / 2],
        rss,
    })
}

/// `12.3 (×9.8)`: the time and its ratio to the previous size.
fn time_cell(m: &Measure, before: Option<&Measure>) -> String {
    match m {
        Measure::Done { seconds, .. } => {
            let ratio = match before {
                Some(Measure::Done { seconds: b, .. }) if *b > 0.0 => {
                    format!(" (×{:.1})", seconds / b)
                }
                _ => String::new(),
            };
            format!("{}{ratio}", table::ms(*seconds))
        }
        Measure::Failed(why) => why.clone(),
        Measure::Skipped => "–".to_string(),
    }
}

fn json_row(shape: Shape, n: usize, measures: &[Measure]) -> Json {
    let stages = STAGES.iter().zip(measures).map(|(name, m)| {
        let value = match m {
            Measure::Done { seconds, rss } => Json::obj([
                ("seconds", Json::num(Some(*seconds))),
                ("max_rss", Json::num(Some(*rss as f64))),
            ]),
            Measure::Failed(why) => Json::obj([("failed", Json::str(why.clone()))]),
            Measure::Skipped => Json::obj([("skipped", Json::Null)]),
        };
        (*name, value)
    });
    Json::obj([
        ("shape", Json::str(shape.name())),
        ("size", Json::num(Some(n as f64))),
        ("stages", Json::obj(stages)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_grow_tenfold() {
        assert_eq!(size(Shape::Nest, 1.0, 0), 100);
        assert_eq!(size(Shape::Nest, 1.0, 2), 10_000);
        assert_eq!(size(Shape::Nest, 0.5, 1), 500);
        assert_eq!(size(Shape::Nest, 1e-9, 0), 1);
    }

    #[test]
    fn cells_show_the_ratio_to_the_smaller_size() {
        let a = Measure::Done {
            seconds: 0.010,
            rss: 1,
        };
        let b = Measure::Done {
            seconds: 0.105,
            rss: 1,
        };
        assert_eq!(time_cell(&b, Some(&a)), "105 (×10.5)");
        assert_eq!(time_cell(&a, None), "10.0");
        assert_eq!(time_cell(&Measure::Skipped, Some(&a)), "–");
    }
}
