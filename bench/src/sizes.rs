//! `lir-bench sizes`: module sizes of the golden corpus and the examples at our
//! optimization levels, against binaryen's `wasm-opt` run on our unoptimized output.

use crate::json::Json;
use crate::paths;
use crate::process::CommandLine;
use crate::roots;
use crate::table::{self, Align, Table};
use crate::tools::{self, Level};
use crate::wasm::{self, WasmSize};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Options of the `sizes` subcommand.
pub struct Options {
    pub levels: Vec<String>,
    pub per_file: bool,
    pub timeout: Duration,
    pub json: Option<PathBuf>,
}

/// What one column measures.
#[derive(Clone, Debug)]
enum Source {
    /// `lirc -O<level> --strip`.
    Lirc(Level),
    /// `wasm-opt <flag>` of the output of our level (an index into the columns).
    WasmOpt { flag: &'static str, input: usize },
}

struct Column {
    label: String,
    source: Source,
    /// Set when the column cannot be measured at all (e.g. lirc has no -O2).
    missing: Option<String>,
}

/// One file's measurement per column: size, or why not.
type Cell = Result<WasmSize, String>;

struct FileResult {
    path: PathBuf,
    cells: Vec<Cell>,
}

/// Runs the subcommand.
pub fn run(opts: &Options) -> Result<()> {
    let lirc = tools::lirc()?;
    let (wasm_opt, version) = tools::wasm_opt()?;
    let mut names = vec!["O0".to_string()];
    names.extend(opts.levels.iter().filter(|l| *l != "O0").cloned());
    let levels = tools::probe_levels(&lirc, &names)?;
    tools::describe_levels(&levels);
    eprintln!("wasm-opt: {} ({version})", wasm_opt.display());
    let columns = columns(&levels);
    let dir = paths::work_dir("sizes")?;

    let (files, skipped_directive) = corpus()?;
    eprintln!(
        "measuring {} files ({} golden files with `; error:` left out)",
        files.len(),
        skipped_directive
    );
    let mut results = Vec::new();
    let mut rejected = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if (i + 1) % 25 == 0 {
            eprintln!("  {}/{}", i + 1, files.len());
        }
        match measure(file, &columns, &lirc, &wasm_opt, &dir, opts.timeout)? {
            Some(cells) => results.push(FileResult {
                path: file.clone(),
                cells,
            }),
            None => rejected.push(file.clone()),
        }
    }
    for file in &rejected {
        eprintln!("skipped (lirc rejects it): {}", paths::display(file));
    }
    let report = Report {
        columns,
        results,
        rejected,
        skipped_directive,
        wasm_opt_version: version,
    };
    print!("{}", report.render(opts.per_file));
    if let Some(path) = &opts.json {
        std::fs::write(path, report.to_json().to_pretty())
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Our levels (O0 first), then wasm-opt -O3 and -Oz of -O0 and -O3 of -O2.
fn columns(levels: &[Level]) -> Vec<Column> {
    let mut cols: Vec<Column> = levels
        .iter()
        .map(|l| Column {
            label: l.label(),
            source: Source::Lirc(l.clone()),
            missing: (!l.available()).then(|| l.missing_note()),
        })
        .collect();
    let index_of = |name: &str| levels.iter().position(|l| l.name == name);
    let o0 = index_of("O0").unwrap_or(0);
    for flag in ["-O3", "-Oz"] {
        cols.push(Column {
            label: format!("wasm-opt {flag} of -O0"),
            source: Source::WasmOpt { flag, input: o0 },
            missing: cols[o0].missing.clone(),
        });
    }
    if let Some(o2) = index_of("O2") {
        cols.push(Column {
            label: "wasm-opt -O3 of -O2".to_string(),
            source: Source::WasmOpt {
                flag: "-O3",
                input: o2,
            },
            missing: cols[o2].missing.clone(),
        });
    }
    cols
}

/// Every `tests/golden/**/*.lir` without an `; error:` directive, then
/// `examples/*.lir`, sorted; and how many golden files were left out.
fn corpus() -> Result<(Vec<PathBuf>, usize)> {
    let root = paths::workspace_root();
    let mut golden = Vec::new();
    collect_lir(&root.join("tests").join("golden"), true, &mut golden)?;
    golden.sort();
    let mut skipped = 0;
    let mut files = Vec::new();
    for file in golden {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        if text.lines().any(|l| l.trim_start().starts_with("; error:")) {
            skipped += 1;
        } else {
            files.push(file);
        }
    }
    let mut examples = Vec::new();
    collect_lir(&root.join("examples"), false, &mut examples)?;
    examples.sort();
    files.extend(examples);
    Ok((files, skipped))
}

fn collect_lir(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            if recursive {
                collect_lir(&path, true, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "lir") {
            out.push(path);
        }
    }
    Ok(())
}

/// Measures one file in every column; `None` when lirc rejects it at -O0.
fn measure(
    file: &Path,
    columns: &[Column],
    lirc: &Path,
    wasm_opt: &Path,
    dir: &Path,
    timeout: Duration,
) -> Result<Option<Vec<Cell>>> {
    let stem = paths::display(file).replace(['/', '\\'], "__");
    let source =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let prepared = dir.join(format!("{stem}.lib.lir"));
    let file = match roots::export_library_functions(&source) {
        Some(text) => {
            std::fs::write(&prepared, text)
                .with_context(|| format!("writing {}", prepared.display()))?;
            prepared.as_path()
        }
        None => file,
    };
    let mut outputs: Vec<Option<PathBuf>> = vec![None; columns.len()];
    let mut cells = Vec::new();
    for (i, col) in columns.iter().enumerate() {
        if let Some(why) = &col.missing {
            cells.push(Err(why.clone()));
            continue;
        }
        let out = dir.join(format!("{stem}.{i}.wasm"));
        let cmd = match &col.source {
            Source::Lirc(level) => CommandLine::new(lirc.as_os_str())
                .args(level.args())
                .arg("--strip")
                .path(file)
                .arg("-o")
                .path(&out),
            Source::WasmOpt { flag, input } => {
                let Some(input) = &outputs[*input] else {
                    cells.push(Err("no input (our build failed)".to_string()));
                    continue;
                };
                CommandLine::new(wasm_opt.as_os_str())
                    .path(input)
                    .arg(*flag)
                    .args(tools::WASM_OPT_FEATURES)
                    .arg("-o")
                    .path(&out)
            }
        };
        let result = cmd
            .run(Some(timeout))
            .with_context(|| format!("running {}", cmd.display()))?;
        if !result.success() {
            if i == 0 {
                return Ok(None);
            }
            cells.push(Err(result.failure_summary()));
            continue;
        }
        cells.push(wasm::file_sizes(&out).map_err(|e| format!("{e:#}")));
        outputs[i] = Some(out);
    }
    Ok(Some(cells))
}

struct Report {
    columns: Vec<Column>,
    results: Vec<FileResult>,
    rejected: Vec<PathBuf>,
    skipped_directive: usize,
    wasm_opt_version: String,
}

impl Report {
    /// Files where every measurable column succeeded (the totals cover only these).
    fn complete(&self) -> Vec<&FileResult> {
        self.results
            .iter()
            .filter(|r| {
                r.cells
                    .iter()
                    .zip(&self.columns)
                    .all(|(c, col)| c.is_ok() || col.missing.is_some())
            })
            .collect()
    }

    /// Column totals over the complete files; `None` for unmeasurable columns.
    fn totals(&self) -> Vec<Option<WasmSize>> {
        let complete = self.complete();
        (0..self.columns.len())
            .map(|i| {
                if self.columns[i].missing.is_some() {
                    return None;
                }
                Some(complete.iter().fold(WasmSize::default(), |acc, r| {
                    acc.add(r.cells[i].clone().unwrap_or_default())
                }))
            })
            .collect()
    }

    fn column(&self, label: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.label == label)
    }

    /// The derived ratios: (description, total ratio, code ratio), `None` when a side
    /// is missing.
    fn ratios(&self) -> Vec<(String, Option<(f64, f64)>)> {
        let totals = self.totals();
        let o2 = self.level_column("O2");
        let oz = self.level_column("Oz");
        let get = |i: Option<usize>| i.and_then(|i| totals[i]);
        let div = |a: Option<WasmSize>, b: Option<WasmSize>| match (a, b) {
            (Some(a), Some(b)) if b.total > 0 && b.code > 0 => Some((
                a.total as f64 / b.total as f64,
                a.code as f64 / b.code as f64,
            )),
            _ => None,
        };
        let wo3_o0 = get(self.column("wasm-opt -O3 of -O0"));
        let woz_o0 = get(self.column("wasm-opt -Oz of -O0"));
        let wo3_o2 = get(self.column("wasm-opt -O3 of -O2"));
        let removes = div(wo3_o2, get(o2)).map(|(t, c)| (1.0 - t, 1.0 - c));
        vec![
            (
                "our -O2 / wasm-opt -O3 of our -O0".to_string(),
                div(get(o2), wo3_o0),
            ),
            (
                "share wasm-opt -O3 still removes from our -O2".to_string(),
                removes,
            ),
            (
                "our -Oz / wasm-opt -Oz of our -O0".to_string(),
                div(get(oz), woz_o0),
            ),
        ]
    }

    fn level_column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| matches!(&c.source, Source::Lirc(l) if l.name == name))
    }

    fn render(&self, per_file: bool) -> String {
        let complete = self.complete();
        let excluded = self.results.len() - complete.len();
        let mut out = format!(
            "## Module sizes (stripped), {} files\n\n\
             Golden files (without `; error:`) and examples; {} golden files with `; error:` \
             left out, {} rejected by lirc, {} excluded because a tool failed on them. \
             Every function of a library (a file without `@main`) is exported, so that no \
             optimizer may delete it. wasm-opt: {}.\n\n",
            complete.len(),
            self.skipped_directive,
            self.rejected.len(),
            excluded,
            self.wasm_opt_version
        );
        let totals = self.totals();
        let base = totals[0];
        let mut t = Table::new(&[
            ("build", Align::Left),
            ("total bytes", Align::Right),
            ("vs -O0", Align::Right),
            ("code bytes", Align::Right),
            ("code vs -O0", Align::Right),
        ]);
        for (col, total) in self.columns.iter().zip(&totals) {
            match (total, base) {
                (Some(s), Some(b)) => t.row(vec![
                    col.label.clone(),
                    table::count(s.total),
                    table::pct(percent(s.total, b.total)),
                    table::count(s.code),
                    table::pct(percent(s.code, b.code)),
                ]),
                _ => t.row(vec![
                    col.label.clone(),
                    col.missing.clone().unwrap_or_else(|| "n/a".into()),
                ]),
            }
        }
        out += &t.render();

        out += "\n## Ratios\n\n";
        let mut r = Table::new(&[
            ("ratio", Align::Left),
            ("total", Align::Right),
            ("code section", Align::Right),
        ]);
        for (name, value) in self.ratios() {
            let is_share = name.starts_with("share");
            let fmt = |v: f64| {
                if is_share {
                    table::pct(v * 100.0)
                } else {
                    table::ratio(v)
                }
            };
            match value {
                Some((total, code)) => r.row(vec![name, fmt(total), fmt(code)]),
                None => r.row(vec![name, "n/a".into(), "n/a".into()]),
            }
        }
        out += &r.render();

        if per_file {
            out += "\n## Per file: total bytes (code section bytes)\n\n";
            let mut headers: Vec<(&str, Align)> = vec![("file", Align::Left)];
            headers.extend(
                self.columns
                    .iter()
                    .map(|c| (c.label.as_str(), Align::Right)),
            );
            let mut p = Table::new(&headers);
            for res in &self.results {
                let mut row = vec![paths::display(&res.path)];
                for (cell, col) in res.cells.iter().zip(&self.columns) {
                    row.push(match (cell, &col.missing) {
                        (Ok(s), _) => format!("{} ({})", s.total, s.code),
                        (Err(_), Some(_)) => "n/a".to_string(),
                        (Err(e), None) => format!("failed: {e}"),
                    });
                }
                p.row(row);
            }
            out += &p.render();
        }
        out
    }

    fn to_json(&self) -> Json {
        let size = |s: Option<WasmSize>| match s {
            Some(s) => Json::obj([
                ("total", Json::Num(s.total as f64)),
                ("code", Json::Num(s.code as f64)),
            ]),
            None => Json::Null,
        };
        let columns = self
            .columns
            .iter()
            .zip(self.totals())
            .map(|(c, t)| {
                Json::obj([
                    ("build", Json::str(&c.label)),
                    ("missing", c.missing.as_ref().map_or(Json::Null, Json::str)),
                    ("totals", size(t)),
                ])
            })
            .collect();
        let ratios = self
            .ratios()
            .into_iter()
            .map(|(name, v)| {
                Json::obj([
                    ("ratio", Json::str(name)),
                    ("total", Json::num(v.map(|v| v.0))),
                    ("code", Json::num(v.map(|v| v.1))),
                ])
            })
            .collect();
        let files = self
            .results
            .iter()
            .map(|r| {
                let cells = r
                    .cells
                    .iter()
                    .zip(&self.columns)
                    .map(|(cell, col)| {
                        Json::obj([
                            ("build", Json::str(&col.label)),
                            ("size", size(cell.clone().ok())),
                            ("error", cell.as_ref().err().map_or(Json::Null, Json::str)),
                        ])
                    })
                    .collect();
                Json::obj([
                    ("file", Json::str(paths::display(&r.path))),
                    ("builds", Json::Arr(cells)),
                ])
            })
            .collect();
        Json::obj([
            ("benchmark", Json::str("sizes")),
            ("wasm_opt", Json::str(&self.wasm_opt_version)),
            ("files_measured", Json::Num(self.complete().len() as f64)),
            (
                "rejected_by_lirc",
                Json::Arr(
                    self.rejected
                        .iter()
                        .map(|p| Json::str(paths::display(p)))
                        .collect(),
                ),
            ),
            ("columns", Json::Arr(columns)),
            ("ratios", Json::Arr(ratios)),
            ("files", Json::Arr(files)),
        ])
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64 * 100.0
    }
}
