//! The markdown tables and the JSON of `lir-bench c-kernels`: run times with ratios to
//! `clang -O2` wasm under the same engine and to native, their geometric means, and
//! the stripped sizes of the wasm builds.

use super::{Build, Engine, KernelResult, Measurement, RunInfo, NOT_BUILT};
use crate::json::Json;
use crate::stats::geomean;
use crate::table::{self, Align, Table};

impl KernelResult {
    fn median(&self, build: Build, engine: Engine) -> Option<f64> {
        let m = self
            .runs
            .iter()
            .find(|m| m.build == build && m.engine == engine)?;
        m.timed.summary().map(|s| s.median)
    }

    /// `m`'s ratios to `clang -O2` wasm under the same engine and to native.
    fn ratios(&self, m: &Measurement) -> (Option<f64>, Option<f64>) {
        let Some(own) = m.timed.summary().map(|s| s.median) else {
            return (None, None);
        };
        let clang = match m.engine {
            Engine::Native => None,
            engine => self.median(Build::ClangWasm, engine),
        };
        let native = self.median(Build::Native, Engine::Native);
        (clang.map(|c| own / c), native.map(|n| own / n))
    }
}

/// One row of the geomean table: a (build, engine) pair's ratios over the kernels.
struct Geomean {
    build: Build,
    engine: Engine,
    kernels: usize,
    /// Kernels where this pair has a time.
    measured: usize,
    vs_clang: Vec<f64>,
    vs_native: Vec<f64>,
}

fn geomeans(results: &[KernelResult]) -> Vec<Geomean> {
    let mut rows: Vec<Geomean> = Vec::new();
    for k in results {
        for m in &k.runs {
            let i = match rows
                .iter()
                .position(|g| g.build == m.build && g.engine == m.engine)
            {
                Some(i) => i,
                None => {
                    rows.push(Geomean {
                        build: m.build,
                        engine: m.engine,
                        kernels: 0,
                        measured: 0,
                        vs_clang: Vec::new(),
                        vs_native: Vec::new(),
                    });
                    rows.len() - 1
                }
            };
            let (clang, native) = k.ratios(m);
            rows[i].kernels += 1;
            rows[i].measured += usize::from(m.timed.summary().is_some());
            rows[i].vs_clang.extend(clang);
            rows[i].vs_native.extend(native);
        }
    }
    rows
}

/// A table cell for a measurement that has no time; the whole reason goes below it.
fn short(problem: &str) -> &'static str {
    if problem == NOT_BUILT {
        NOT_BUILT
    } else if problem.contains("timed out") {
        "timed out"
    } else if problem.starts_with("output differs") {
        "wrong output"
    } else {
        "failed"
    }
}

fn ratio_cell(value: Option<f64>) -> String {
    value.map(table::ratio).unwrap_or_default()
}

/// The whole markdown report.
pub fn render(results: &[KernelResult], ctx: &RunInfo) -> String {
    let size = if ctx.small {
        "the small sizes (`// small:` of each file; start-up and module compilation dominate)"
    } else {
        "the default sizes"
    };
    let mut out = format!(
        "## C kernels: CPU ms (user+sys), median of {} interleaved runs\n\n\
         bench/c at {size}; every output checked against the expected one. `.wasm` builds \
         run under `lirc run` (wasmtime, module compilation included) and under node \
         (`node:wasi`, start-up included); native runs directly.",
        ctx.runs
    );
    if !ctx.versions.is_empty() {
        out += &format!(" Tools: {}.", ctx.versions.join(", "));
    }
    out += "\n\n";
    for note in &ctx.skipped {
        out += &format!("- {note}\n");
    }
    if !ctx.skipped.is_empty() {
        out += "\n";
    }

    let mut t = Table::new(&[
        ("kernel", Align::Left),
        ("build", Align::Left),
        ("engine", Align::Left),
        ("CPU ms", Align::Right),
        ("spread", Align::Right),
        ("vs clang wasm", Align::Right),
        ("vs native", Align::Right),
    ]);
    let mut notes = Vec::new();
    for k in results {
        for m in &k.runs {
            let mut row = vec![
                k.name.clone(),
                m.build.label().to_string(),
                m.engine.label().to_string(),
            ];
            match (&m.timed.problem, m.timed.summary()) {
                (None, Some(s)) => {
                    let (clang, native) = k.ratios(m);
                    row.extend([
                        table::ms(s.median),
                        table::pct(s.spread_pct()),
                        ratio_cell(clang),
                        ratio_cell(native),
                    ]);
                }
                (problem, _) => {
                    let problem = problem.as_deref().unwrap_or("no samples");
                    row.push(short(problem).to_string());
                    if problem != NOT_BUILT {
                        let (b, e) = (m.build.label(), m.engine.label());
                        notes.push(format!("- {}, {b}, {e}: {problem}\n", k.name));
                    }
                }
            }
            t.row(row);
        }
    }
    out += &t.render();
    if !notes.is_empty() {
        out += "\nNot timed:\n\n";
        out += &notes.concat();
    }

    out += "\n## Geometric means of the ratios\n\n";
    let mut g = Table::new(&[
        ("build", Align::Left),
        ("engine", Align::Left),
        ("vs clang wasm", Align::Right),
        ("vs native", Align::Right),
        ("kernels", Align::Right),
    ]);
    for row in geomeans(results) {
        // A mean over fewer kernels than were measured says over how many.
        let mean = |v: &Vec<f64>| match geomean(v) {
            Some(m) if v.len() == row.measured => table::ratio(m),
            Some(m) => format!("{} ({}/{})", table::ratio(m), v.len(), row.measured),
            None => "n/a".to_string(),
        };
        g.row(vec![
            row.build.label().to_string(),
            row.engine.label().to_string(),
            if row.engine == Engine::Native {
                String::new()
            } else {
                mean(&row.vs_clang)
            },
            mean(&row.vs_native),
            format!("{}/{}", row.measured, row.kernels),
        ]);
    }
    out += &g.render();
    out += &render_sizes(results);
    out
}

/// The builds table: stripped bytes (code section bytes) of each wasm build.
fn render_sizes(results: &[KernelResult]) -> String {
    let mut builds: Vec<Build> = Vec::new();
    for k in results {
        for (b, _) in &k.sizes {
            if !builds.contains(b) {
                builds.push(*b);
            }
        }
    }
    if builds.is_empty() {
        return String::new();
    }
    let mut headers = vec![("kernel", Align::Left)];
    headers.extend(builds.iter().map(|b| (b.label(), Align::Right)));
    let mut t = Table::new(&headers);
    for k in results {
        let mut row = vec![k.name.clone()];
        for b in &builds {
            row.push(match k.sizes.iter().find(|(x, _)| x == b) {
                Some((_, Ok(s))) => format!("{} ({})", table::count(s.total), table::count(s.code)),
                Some((_, Err(e))) => e.clone(),
                None => String::new(),
            });
        }
        t.row(row);
    }
    let mut row = vec!["geomean vs clang -O2".to_string()];
    for b in &builds {
        let ratios: Vec<f64> = results
            .iter()
            .filter_map(|k| {
                let size = |b: Build| match k.sizes.iter().find(|(x, _)| *x == b) {
                    Some((_, Ok(s))) => Some(s.total as f64),
                    _ => None,
                };
                Some(size(*b)? / size(Build::ClangWasm)?)
            })
            .collect();
        row.push(ratio_cell(geomean(&ratios)));
    }
    t.row(row);
    format!(
        "\n## Builds: wasm bytes, stripped (code section bytes)\n\n\
         Custom sections (names, producers, debug info) are not counted.\n\n{}",
        t.render()
    )
}

/// The raw numbers for `--json FILE`.
pub fn to_json(results: &[KernelResult], ctx: &RunInfo) -> Json {
    let opt = |v: Option<f64>| Json::num(v);
    let kernels = results
        .iter()
        .map(|k| {
            let sizes = k.sizes.iter().map(|(b, size)| {
                let ok = size.as_ref().ok();
                Json::obj([
                    ("build", Json::str(b.label())),
                    ("problem", size.as_ref().err().map_or(Json::Null, Json::str)),
                    ("bytes", opt(ok.map(|s| s.total as f64))),
                    ("code_bytes", opt(ok.map(|s| s.code as f64))),
                ])
            });
            let runs = k.runs.iter().map(|m| {
                let s = m.timed.summary();
                let (clang, native) = k.ratios(m);
                Json::obj([
                    ("build", Json::str(m.build.label())),
                    ("engine", Json::str(m.engine.label())),
                    (
                        "problem",
                        m.timed.problem.as_ref().map_or(Json::Null, Json::str),
                    ),
                    ("cpu_median_s", opt(s.map(|s| s.median))),
                    ("cpu_min_s", opt(s.map(|s| s.min))),
                    ("cpu_max_s", opt(s.map(|s| s.max))),
                    ("spread_pct", opt(s.map(|s| s.spread_pct()))),
                    ("ratio_to_clang_wasm", opt(clang)),
                    ("ratio_to_native", opt(native)),
                    (
                        "samples_s",
                        Json::Arr(m.timed.samples.iter().map(|&x| Json::Num(x)).collect()),
                    ),
                ])
            });
            Json::obj([
                ("kernel", Json::str(&k.name)),
                ("arg", k.arg.as_ref().map_or(Json::Null, Json::str)),
                ("builds", Json::Arr(sizes.collect())),
                ("runs", Json::Arr(runs.collect())),
            ])
        })
        .collect();
    let means = geomeans(results)
        .into_iter()
        .map(|g| {
            Json::obj([
                ("build", Json::str(g.build.label())),
                ("engine", Json::str(g.engine.label())),
                ("kernels", Json::Num(g.kernels as f64)),
                ("kernels_measured", Json::Num(g.measured as f64)),
                ("geomean_vs_clang_wasm", opt(geomean(&g.vs_clang))),
                ("kernels_vs_clang_wasm", Json::Num(g.vs_clang.len() as f64)),
                ("geomean_vs_native", opt(geomean(&g.vs_native))),
                ("kernels_vs_native", Json::Num(g.vs_native.len() as f64)),
            ])
        })
        .collect();
    Json::obj([
        ("benchmark", Json::str("c-kernels")),
        ("runs", Json::Num(ctx.runs as f64)),
        (
            "size",
            Json::str(if ctx.small { "small" } else { "default" }),
        ),
        (
            "skipped",
            Json::Arr(ctx.skipped.iter().map(Json::str).collect()),
        ),
        (
            "tools",
            Json::Arr(ctx.versions.iter().map(Json::str).collect()),
        ),
        ("kernels", Json::Arr(kernels)),
        ("geomeans", Json::Arr(means)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::Timed;

    fn measured(build: Build, engine: Engine, ms: f64) -> Measurement {
        Measurement {
            build,
            engine,
            timed: Timed {
                samples: vec![ms / 1000.0],
                ..Timed::default()
            },
        }
    }

    fn kernel(name: &str, tinyc: Option<f64>, clang: f64, native: f64) -> KernelResult {
        let mut runs = vec![measured(Build::ClangWasm, Engine::Wasmtime, clang)];
        runs.push(match tinyc {
            Some(ms) => measured(Build::Tinyc, Engine::Wasmtime, ms),
            None => Measurement {
                build: Build::Tinyc,
                engine: Engine::Wasmtime,
                timed: Timed::unavailable(super::super::NOT_BUILT.to_string()),
            },
        });
        runs.push(measured(Build::Native, Engine::Native, native));
        KernelResult {
            name: name.to_string(),
            arg: None,
            sizes: Vec::new(),
            runs,
        }
    }

    #[test]
    fn ratios_and_geomeans() {
        let results = [
            kernel("a", Some(200.0), 100.0, 50.0),
            kernel("b", Some(800.0), 100.0, 100.0),
            kernel("c", None, 100.0, 100.0),
        ];
        let tinyc = &results[0].runs[1];
        assert_eq!(results[0].ratios(tinyc), (Some(2.0), Some(4.0)));
        let native = &results[0].runs[2];
        assert_eq!(results[0].ratios(native), (None, Some(1.0)));
        let rows = geomeans(&results);
        let t = rows.iter().find(|g| g.build == Build::Tinyc).unwrap();
        assert_eq!((t.kernels, t.measured), (3, 2));
        assert!((geomean(&t.vs_clang).unwrap() - 4.0).abs() < 1e-12);
        let text = render(
            &results,
            &RunInfo {
                runs: 1,
                small: false,
                skipped: vec!["skipped node rows: no node".into()],
                versions: Vec::new(),
            },
        );
        assert!(text.contains("- skipped node rows: no node\n"), "{text}");
        assert!(text.contains("| c      | tinyc -O2        | lirc run | not built |"));
        assert!(text.contains("| tinyc -O2        | lirc run |         4.00x |"));
    }
}
