//! Before -> after tests of the passes: every `.lir` file under `tests/passes/` is one
//! trial (named after its path).
//!
//! A file is a LIR module with directives in comments:
//!
//! ```text
//! ; what the case shows, in a line or two
//! ; passes: sccp, dce                  (the passes to run, in order; or `; level: O2`)
//! ; tuning: Oz inline_threshold=50     (optional: a level's tuning, then knobs)
//! ; run: @f(3) == 4                    (optional: run in the interpreter before and
//! ; run: @f(0) traps                    after; both must give this)
//!
//! func @f(%x: i32) -> i32 { ... }
//!
//! ; after:
//! ; func @f(%x: i32) -> i32 {
//! ; ...
//! ```
//!
//! The module after the passes, printed, must equal the commented text after
//! `; after:`, and must verify. `LIR_BLESS=1 cargo test -p lir-opt --test passes`
//! rewrites the expectations from the actual output (review the diff).

use libtest_mimic::{Arguments, Failed, Trial};
use lir::interp::{InterpConfig, Interpreter};
use lir::{Imm, Module, Type};
use lir_opt::{OptLevel, OptOptions};
use std::path::{Path, PathBuf};

const AFTER: &str = "; after:";

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/passes");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let trials = files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .display()
                .to_string();
            Trial::test(name, move || check(&path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "lir") {
            out.push(path);
        }
    }
}

/// A `; run:` line: a call and what it must give.
struct Run {
    func: String,
    args: Vec<String>,
    /// `None` for "traps".
    results: Option<Vec<String>>,
}

struct Case {
    input: String,
    options: OptOptions,
    runs: Vec<Run>,
    expected: Option<String>,
}

fn parse_case(text: &str) -> Result<Case, String> {
    let (input, expected) = match text.find(&format!("\n{AFTER}")) {
        Some(at) => {
            let after = &text[at + 1 + AFTER.len()..];
            let lines: Vec<&str> = after
                .lines()
                .map(|l| {
                    l.strip_prefix("; ")
                        .or_else(|| l.strip_prefix(';'))
                        .unwrap_or(l)
                })
                .collect();
            let body = lines.join("\n");
            (
                &text[..at + 1],
                Some(body.trim_matches('\n').to_string() + "\n"),
            )
        }
        None => (text, None),
    };
    let mut options = None;
    let mut tuning = None;
    let mut runs = Vec::new();
    for line in input.lines() {
        let Some(directive) = line.strip_prefix("; ") else {
            continue;
        };
        if let Some(list) = directive.strip_prefix("passes:") {
            let passes = list
                .split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            options = Some(OptOptions {
                level: OptLevel::O2,
                passes: Some(passes),
                ..OptOptions::default()
            });
        } else if let Some(level) = directive.strip_prefix("level:") {
            options = Some(OptOptions::level(level.trim().parse()?));
        } else if let Some(words) = directive.strip_prefix("tuning:") {
            tuning = Some(parse_tuning(words)?);
        } else if let Some(run) = directive.strip_prefix("run:") {
            runs.push(parse_run(run.trim())?);
        }
    }
    let mut options: OptOptions = options.ok_or("no `; passes:` or `; level:` line")?;
    options.tuning = tuning;
    Ok(Case {
        input: input.to_string(),
        options,
        runs,
        expected,
    })
}

/// `Oz inline_threshold=50 unroll=false`: a level's tuning (default -O2's), then knobs.
fn parse_tuning(words: &str) -> Result<lir_opt::Tuning, String> {
    let mut tuning = OptLevel::O2.tuning();
    for word in words.split_whitespace() {
        let Some((key, value)) = word.split_once('=') else {
            tuning = word.parse::<OptLevel>()?.tuning();
            continue;
        };
        let number = || value.parse::<u32>().map_err(|e| format!("{word}: {e}"));
        let flag = || value.parse::<bool>().map_err(|e| format!("{word}: {e}"));
        match key {
            "inline_threshold" => tuning.inline_threshold = number()?,
            "inline_loop_bonus" => tuning.inline_loop_bonus = number()?,
            "inline_growth_percent" => tuning.inline_growth_percent = number()?,
            "inline_growth_floor" => tuning.inline_growth_floor = number()?,
            "unroll" => tuning.unroll = flag()?,
            "size_bias" => tuning.size_bias = flag()?,
            _ => return Err(format!("unknown tuning knob `{key}`")),
        }
    }
    Ok(tuning)
}

/// `@f(1, -2) == 3`, `@f(1, 2) == 3, 4`, `@f(0) traps`, `@g()`.
fn parse_run(text: &str) -> Result<Run, String> {
    let bad = || format!("bad run line `{text}`");
    let rest = text.strip_prefix('@').ok_or_else(bad)?;
    let open = rest.find('(').ok_or_else(bad)?;
    let close = rest.find(')').ok_or_else(bad)?;
    let func = rest[..open].to_string();
    let args = rest[open + 1..close]
        .split(',')
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    let tail = rest[close + 1..].trim();
    let results = if tail == "traps" {
        None
    } else if let Some(values) = tail.strip_prefix("==") {
        Some(values.split(',').map(|v| v.trim().to_string()).collect())
    } else if tail.is_empty() {
        Some(Vec::new())
    } else {
        return Err(bad());
    };
    Ok(Run {
        func,
        args,
        results,
    })
}

fn values(types: &[Type], texts: &[String]) -> Result<Vec<Imm>, String> {
    if types.len() != texts.len() {
        return Err(format!(
            "expected {} values, got {}",
            types.len(),
            texts.len()
        ));
    }
    types
        .iter()
        .zip(texts)
        .map(|(&ty, t)| Imm::parse(ty, t).map_err(|e| e.to_string()))
        .collect()
}

fn check_runs(module: &Module, runs: &[Run], when: &str) -> Result<(), String> {
    for run in runs {
        let f = module
            .func_by_name(&run.func)
            .ok_or_else(|| format!("{when}: no function @{}", run.func))?;
        let sig = module.funcs[f].sig.clone();
        let args = values(&sig.params, &run.args)?;
        let mut interp = Interpreter::new(module, InterpConfig::new().fuel(100_000_000))
            .map_err(|e| e.to_string())?;
        let got = interp.invoke(&run.func, &args);
        match (&run.results, got) {
            (None, Err(e)) if e.trap_kind().is_some() => {}
            (Some(want), Ok(got)) if values(&sig.results, want)? == got => {}
            (want, got) => {
                return Err(format!(
                    "{when}: @{}({}) gave {got:?}, expected {}",
                    run.func,
                    run.args.join(", "),
                    match want {
                        None => "a trap".to_string(),
                        Some(v) => v.join(", "),
                    }
                ))
            }
        }
    }
    Ok(())
}

fn check(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case = parse_case(&text)?;
    let mut module = lir::text::parse(&case.input).map_err(|e| format!("parse: {e}"))?;
    lir::verify::verify(&module).map_err(|e| format!("input does not verify: {e}"))?;
    check_runs(&module, &case.runs, "before")?;
    let options = OptOptions {
        verify_each: true,
        ..case.options.clone()
    };
    lir_opt::optimize(&mut module, &options).map_err(|e| e.to_string())?;
    lir::verify::verify(&module).map_err(|e| format!("output does not verify: {e}"))?;
    check_runs(&module, &case.runs, "after")?;
    let actual = lir::text::print(&module);
    if std::env::var_os("LIR_BLESS").is_some() {
        let commented: Vec<String> = actual
            .lines()
            .map(|l| {
                if l.is_empty() {
                    ";".to_string()
                } else {
                    format!("; {l}")
                }
            })
            .collect();
        let blessed = format!(
            "{}{AFTER}\n{}\n",
            case.input.trim_end_matches('\n').to_string() + "\n\n",
            commented.join("\n")
        );
        std::fs::write(path, blessed).map_err(|e| e.to_string())?;
        return Ok(());
    }
    match &case.expected {
        None => Err(format!(
            "no `{AFTER}` section; the output is:\n{actual}\n(LIR_BLESS=1 writes it)"
        )
        .into()),
        Some(expected) if *expected == actual => Ok(()),
        Some(expected) => Err(format!(
            "output differs (LIR_BLESS=1 to accept it)\n--- expected\n{expected}--- actual\n{actual}"
        )
        .into()),
    }
}
