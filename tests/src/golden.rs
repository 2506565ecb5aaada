//! Checking one golden file: parse, verify, then run every `; run:` line and `@main`
//! under each executor, comparing with the directives and with each other.

use crate::directives::{Directives, ErrorLine, Expectation, RunLine};
use crate::executor::{
    stack_depth_may_differ, Abnormal, CallOutcome, Executor, Prepared, ProgramOutcome, ProgramSetup,
};
use lir::{Imm, Module, TrapKind, Type};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A golden file: its path and the test name derived from it.
#[derive(Clone, Debug)]
pub struct GoldenCase {
    pub path: PathBuf,
    /// Path relative to the corpus root, with `/` separators.
    pub name: String,
}

/// Every `.lir` file under `root`, sorted by name.
pub fn discover(root: &Path) -> Vec<GoldenCase> {
    let mut cases = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "lir") {
                let name = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                cases.push(GoldenCase { path, name });
            }
        }
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// One diagnostic of a rejected file: location and full message.
struct Rejection {
    line: u32,
    col: u32,
    message: String,
}

/// Parses and verifies; on failure returns every diagnostic.
pub fn load(text: &str) -> Result<Module, Vec<String>> {
    load_detailed(text).map_err(|rs| rs.into_iter().map(|r| r.message).collect())
}

fn load_detailed(text: &str) -> Result<Module, Vec<Rejection>> {
    let module = lir::text::parse(text).map_err(|errors| {
        errors
            .0
            .iter()
            .map(|e| Rejection {
                line: e.span.line,
                col: e.span.col,
                message: e.to_string(),
            })
            .collect::<Vec<_>>()
    })?;
    lir::verify::verify(&module).map_err(|errors| {
        errors
            .0
            .iter()
            .map(|e| Rejection {
                line: e.span.line,
                col: e.span.col,
                message: e.to_string(),
            })
            .collect::<Vec<_>>()
    })?;
    Ok(module)
}

/// Checks a golden file with the given executors; `Err` describes every mismatch.
pub fn check(case: &GoldenCase, executors: &[&dyn Executor]) -> Result<(), String> {
    let text = std::fs::read_to_string(&case.path)
        .map_err(|e| format!("cannot read {}: {e}", case.path.display()))?;
    let directives = Directives::parse(&text).map_err(|e| format!("bad directive: {e}"))?;
    if !directives.errors.is_empty() {
        return check_rejected(&text, &directives.errors);
    }
    let module = load_detailed(&text).map_err(|rejections| {
        let mut out = String::from("the file should be valid, but:\n");
        for r in rejections {
            let _ = writeln!(out, "  {}", r.message);
        }
        out
    })?;
    check_canonical_form(&module)?;
    // Locations in the text are shown under the file's name (`; trap-at:` lines use it).
    let mut module = module;
    module.text_path = file_name(&case.path);
    if directives.runs.is_empty() && module.func_by_name("main").is_none() {
        return Err("the file has no `; run:` lines, no `; error:` lines and no @main".into());
    }
    let mut prepared = Vec::new();
    for executor in executors {
        let ready = executor
            .prepare(&module)
            .map_err(|e| format!("{} cannot prepare the module: {e}", executor.name()))?;
        prepared.push((executor.name().to_string(), ready));
    }
    let mut failures = String::new();
    for run in &directives.runs {
        if let Err(e) = check_run(&module, run, &directives, &prepared) {
            let _ = writeln!(failures, "line {}: {e}", run.line);
        }
    }
    if module.func_by_name("main").is_some() {
        if let Err(e) = check_program(case, &directives, &prepared) {
            let _ = writeln!(failures, "@main: {e}");
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

/// The last component of `path` (`argv[0]` of programs, the file of their locations).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `lirc fmt` is stable and loses nothing: printing the re-parsed canonical text gives
/// the same text, and the re-parsed module equals the original.
pub fn check_canonical_form(module: &Module) -> Result<(), String> {
    let printed = lir::text::print(module);
    let reparsed = lir::text::parse(&printed)
        .map_err(|e| format!("the canonical text does not parse:\n{e}\n{printed}"))?;
    if &reparsed != module {
        return Err(format!(
            "parsing the canonical text gives a different module:\n{printed}"
        ));
    }
    let again = lir::text::print(&reparsed);
    if again != printed {
        return Err(format!("printing is not stable:\n{printed}\n---\n{again}"));
    }
    Ok(())
}

/// An example program: it must verify and print stably.
pub fn check_example(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let module = load(&text).map_err(|errors| errors.join("\n"))?;
    check_canonical_form(&module)
}

fn check_rejected(text: &str, expected: &[ErrorLine]) -> Result<(), String> {
    let rejections = match load_detailed(text) {
        Ok(_) => return Err("the file should be rejected, but it is valid".into()),
        Err(r) => r,
    };
    let mut missing = String::new();
    for want in expected {
        let found = rejections.iter().any(|r| {
            r.message.contains(&want.text)
                && want.location.is_none_or(|(l, c)| (r.line, r.col) == (l, c))
        });
        if !found {
            let at = want
                .location
                .map(|(l, c)| format!("{l}:{c}: "))
                .unwrap_or_default();
            let _ = writeln!(missing, "  expected an error `{at}{}`", want.text);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let _ = writeln!(missing, "  the errors were:");
    for r in &rejections {
        let _ = writeln!(missing, "    {}", r.message);
    }
    Err(missing)
}

fn parse_values(kind: &str, types: &[Type], texts: &[String]) -> Result<Vec<Imm>, String> {
    if types.len() != texts.len() {
        return Err(format!(
            "{} {kind} given, the signature has {}",
            texts.len(),
            types.len()
        ));
    }
    types
        .iter()
        .zip(texts)
        .map(|(&t, s)| Imm::parse(t, s).map_err(|e| e.to_string()))
        .collect()
}

fn describe(outcome: &CallOutcome) -> String {
    match outcome {
        Ok(values) => {
            let texts: Vec<String> = values.iter().map(Imm::to_string).collect();
            format!("[{}]", texts.join(", "))
        }
        Err(abnormal) => abnormal.to_string(),
    }
}

fn check_run(
    module: &Module,
    run: &RunLine,
    directives: &Directives,
    executors: &[(String, Box<dyn Prepared>)],
) -> Result<(), String> {
    let func = module
        .func_by_name(&run.func)
        .ok_or_else(|| format!("no function @{}", run.func))?;
    let sig = &module.funcs[func].sig;
    let args = parse_values("arguments", &sig.params, &run.args)?;
    let mut outcomes: Vec<(String, CallOutcome)> = Vec::new();
    for (name, executor) in executors.iter().filter(|(_, e)| e.supports_calls()) {
        let reference = outcomes.first().map(|(_, o)| o);
        if reference.is_some_and(|r| stack_depth_may_differ(r, executor.optimized())) {
            continue;
        }
        let outcome = executor.call(&run.func, &args, directives.fuel);
        let ok = match (&run.expect, &outcome) {
            (Expectation::Results(texts), Ok(values)) => {
                parse_values("results", &sig.results, texts)? == *values
            }
            (Expectation::Trap(None), Err(Abnormal::Trap(_))) => true,
            (Expectation::Trap(Some(kind)), Err(Abnormal::Trap(k))) => k.name() == kind,
            _ => false,
        };
        if !ok {
            let want = match &run.expect {
                Expectation::Results(texts) => format!("[{}]", texts.join(", ")),
                Expectation::Trap(kind) => format!(
                    "trap{}",
                    kind.as_ref().map(|k| format!(": {k}")).unwrap_or_default()
                ),
            };
            return Err(format!(
                "@{}({}) under {name}: expected {want}, got {}",
                run.func,
                run.args.join(", "),
                describe(&outcome)
            ));
        }
        outcomes.push((name.clone(), outcome));
    }
    agree(&outcomes, |a, b| a == b, describe)
}

/// Every executor must produce what the first one did (`same` decides).
fn agree<T>(
    outcomes: &[(String, T)],
    same: impl Fn(&T, &T) -> bool,
    describe: impl Fn(&T) -> String,
) -> Result<(), String> {
    if let Some((first_name, first)) = outcomes.first() {
        for (name, outcome) in &outcomes[1..] {
            if !same(first, outcome) {
                return Err(format!(
                    "executors disagree: {first_name} gave {}, {name} gave {}",
                    describe(first),
                    describe(outcome)
                ));
            }
        }
    }
    Ok(())
}

/// Output for messages: at most 2000 bytes, with the total length when cut.
fn abbreviate(bytes: &[u8]) -> String {
    const LIMIT: usize = 2000;
    if bytes.len() <= LIMIT {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        format!(
            "{}… ({} bytes in all)",
            String::from_utf8_lossy(&bytes[..LIMIT]),
            bytes.len()
        )
    }
}

fn describe_program(outcome: &ProgramOutcome) -> String {
    format!(
        "status {}, stdout {:?}, stderr {:?}",
        match &outcome.status {
            Ok(code) => code.to_string(),
            Err(abnormal) => abnormal.to_string(),
        },
        abbreviate(&outcome.stdout),
        abbreviate(&outcome.stderr)
    )
}

fn check_program(
    case: &GoldenCase,
    directives: &Directives,
    executors: &[(String, Box<dyn Prepared>)],
) -> Result<(), String> {
    let setup = ProgramSetup {
        name: file_name(&case.path),
        args: directives.args.clone(),
        env: directives.env.clone(),
        stdin: directives.stdin.clone(),
        fuel: directives.fuel,
        dirs: directives.dirs.clone(),
    };
    let expected_status = match &directives.trap {
        Some(kind) => Err(kind.clone()),
        None => Ok(directives.exit.unwrap_or(0)),
    };
    let mut outcomes: Vec<(String, (ProgramOutcome, i32))> = Vec::new();
    for (name, executor) in executors {
        let reference = outcomes.first().map(|(_, (o, _))| &o.status);
        if reference.is_some_and(|r| stack_depth_may_differ(r, executor.optimized())) {
            continue;
        }
        let outcome = executor.run_program(&setup);
        let mask = executor.exit_status_mask();
        let status_ok = match (&expected_status, &outcome.status) {
            (Ok(want), Ok(got)) => want & mask == *got,
            (Err(kind), Err(abnormal)) if kind == "any" => {
                matches!(abnormal, Abnormal::Trap(_) | Abnormal::TrapAmong(_))
            }
            (Err(kind), Err(abnormal)) => {
                TrapKind::from_name(kind).is_some_and(|k| abnormal.is_trap(k))
            }
            _ => false,
        };
        let stdout_ok = match directives.stdout_len {
            Some(len) => outcome.stdout.len() == len,
            None => outcome.stdout == directives.stdout,
        };
        if !status_ok || !stdout_ok || outcome.stderr != directives.stderr {
            return Err(format!(
                "under {name}: expected status {}, stdout {:?}, stderr {:?}; got {}",
                match &expected_status {
                    Ok(code) => code.to_string(),
                    Err(kind) => format!("trap: {kind}"),
                },
                abbreviate(&directives.stdout),
                abbreviate(&directives.stderr),
                describe_program(&outcome)
            ));
        }
        crate::trap_locations::check(directives, &outcome, executor.optimized())
            .map_err(|e| format!("under {name}: {e}"))?;
        outcomes.push((name.clone(), (outcome, mask)));
    }
    agree(
        &outcomes,
        |(a, _), (b, mask)| a.matches(b, *mask),
        |(outcome, _)| describe_program(outcome),
    )
}
