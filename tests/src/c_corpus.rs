//! The C corpus through tinyc: every `tests/c/*.c`, every benchmark kernel of
//! `bench/c/` at its small size and tinyc's own `examples/tinyc/tests/programs/*.c` is
//! compiled by tinyc and run by every executor it is given (the interpreter and wasm
//! under wasmtime at -O0 and -O2, Node.js when present). Each must print exactly what
//! clang's `wasm32-wasi` build printed (`NAME.expected`, `NAME.small.expected` for a
//! kernel) and end with its exit status.
//!
//! Header comments in the first lines of a program set up its run, as
//! `tests/c/regen-expected.sh` reads them: `// args: A B C` (split on spaces),
//! `// exit: N` (the expected status, 0 without), `// small: ARG` (a kernel's small
//! size, its only argument). `NAME.stdin` is its standard input.

use crate::executor::{Executor, ProgramSetup};
use std::path::{Path, PathBuf};

/// One C program and how it must run.
#[derive(Clone, Debug)]
pub struct CProgram {
    /// `dir/NAME.c`, as trials name it.
    pub name: String,
    pub path: PathBuf,
    pub expected: PathBuf,
    pub args: Vec<String>,
    pub exit: i32,
}

/// The value of header `// KEY: VALUE` in the first lines of `src`.
fn header(src: &str, key: &str) -> Option<String> {
    let prefix = format!("// {key}:");
    src.lines()
        .take(5)
        .find_map(|line| line.strip_prefix(&prefix).map(|v| v.trim().to_string()))
}

/// The C programs of `dir` (a path relative to `root`), sorted by name.
pub fn discover(root: &Path, dir: &str) -> Vec<CProgram> {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let src = std::fs::read_to_string(&path).unwrap_or_default();
            let file = path.file_name().unwrap_or_default().to_string_lossy();
            let (expected, args) = match header(&src, "small") {
                Some(arg) => (path.with_extension("small.expected"), arg),
                None => (
                    path.with_extension("expected"),
                    header(&src, "args").unwrap_or_default(),
                ),
            };
            CProgram {
                name: format!("{dir}/{file}"),
                expected,
                args: args.split_whitespace().map(str::to_string).collect(),
                exit: header(&src, "exit")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
                path,
            }
        })
        .collect()
}

/// Compiles `program` with tinyc and runs it under each executor.
pub fn check(program: &CProgram, executors: &[&dyn Executor]) -> Result<(), String> {
    let src = std::fs::read_to_string(&program.path).map_err(|e| e.to_string())?;
    let expected = std::fs::read(&program.expected).map_err(|e| {
        format!(
            "{}: {e} (regenerate it with the directory's regen-expected.sh)",
            program.expected.display()
        )
    })?;
    let file = program
        .path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    let module = tinyc::build_module(&file, &src).map_err(|e| format!("tinyc: {e}"))?;
    let setup = ProgramSetup {
        name: file.to_string(),
        args: program.args.clone(),
        stdin: std::fs::read(program.path.with_extension("stdin")).unwrap_or_default(),
        // The kernels run millions of instructions even at their small sizes.
        fuel: Some(2_000_000_000),
        ..ProgramSetup::default()
    };
    for executor in executors {
        let prepared = executor
            .prepare(&module)
            .map_err(|e| format!("{} cannot prepare the module: {e}", executor.name()))?;
        let outcome = prepared.run_program(&setup);
        let status_ok = outcome
            .status
            .as_ref()
            .is_ok_and(|&s| s & prepared.exit_status_mask() == program.exit);
        if !status_ok || outcome.stdout != expected {
            return Err(format!(
                "under {}: expected status {}, got {:?}; {}",
                executor.name(),
                program.exit,
                outcome.status,
                first_difference(&outcome.stdout, &expected)
            ));
        }
    }
    Ok(())
}

/// Where two outputs first differ, for the failure message.
fn first_difference(got: &[u8], want: &[u8]) -> String {
    let (got, want) = (String::from_utf8_lossy(got), String::from_utf8_lossy(want));
    match got.lines().zip(want.lines()).position(|(a, b)| a != b) {
        Some(i) => format!(
            "stdout line {}: got {:?}, want {:?}",
            i + 1,
            got.lines().nth(i).unwrap_or(""),
            want.lines().nth(i).unwrap_or("")
        ),
        None if got.len() == want.len() => "same stdout".to_string(),
        None => format!("stdout is {} bytes, want {}", got.len(), want.len()),
    }
}
