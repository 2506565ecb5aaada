//! Runs the C corpus (`tests/c/*.c` with `.expected`, `bench/c/*.c` when it has
//! expectations, and tinyc's own `tests/programs`) through tinyc at -O0 and -O2 on the reference interpreter and
//! compares standard output and exit status with what clang's build printed.

use lir_opt::OptLevel;
use std::path::{Path, PathBuf};

fn header(src: &str, key: &str) -> Option<String> {
    src.lines().take(5).find_map(|l| {
        l.strip_prefix(&format!("// {key}:"))
            .map(|v| v.trim().to_string())
    })
}

/// Splits a header's argument list on whitespace (as the unquoted shell expansion
/// in `tests/c/regen-expected.sh` does).
fn split_args(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

fn check_dir(dir: &Path) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut passed = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (0, failures);
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let src = std::fs::read_to_string(&path).unwrap_or_default();
        // Benchmarks run at their small size (`// small: ARG`, NAME.small.expected).
        let (expected_path, args) = match header(&src, "small") {
            Some(arg) => (path.with_extension("small.expected"), split_args(&arg)),
            None => (
                path.with_extension("expected"),
                split_args(&header(&src, "args").unwrap_or_default()),
            ),
        };
        let Ok(expected) = std::fs::read(&expected_path) else {
            continue;
        };
        let want_exit: i32 = header(&src, "exit")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let stdin = std::fs::read(path.with_extension("stdin")).unwrap_or_default();
        let module = match tinyc::build_module(&name, &src) {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{name}: compile: {e}"));
                continue;
            }
        };
        let mut ok = true;
        for level in [OptLevel::O0, OptLevel::O2] {
            match tinyc::pipeline::run_interp(&module, level, &stdin, &args) {
                Ok(r) => {
                    if r.stdout != expected || r.status != want_exit || r.error.is_some() {
                        let got = String::from_utf8_lossy(&r.stdout);
                        let want = String::from_utf8_lossy(&expected);
                        let first_diff = got
                            .lines()
                            .zip(want.lines())
                            .position(|(a, b)| a != b)
                            .map(|i| {
                                format!(
                                    "line {}: got {:?} want {:?}",
                                    i + 1,
                                    got.lines().nth(i).unwrap_or(""),
                                    want.lines().nth(i).unwrap_or("")
                                )
                            })
                            .unwrap_or_else(|| format!("lengths {} vs {}", got.len(), want.len()));
                        failures.push(format!(
                            "{name} at {level:?}: status {} (want {want_exit}) error {:?}; {first_diff}",
                            r.status, r.error
                        ));
                        ok = false;
                        break;
                    }
                }
                Err(e) => {
                    failures.push(format!("{name} at {level:?}: {e}"));
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            passed += 1;
        }
    }
    (passed, failures)
}

#[test]
fn c_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut passed = 0;
    let mut failures = Vec::new();
    for dir in ["tests/c", "bench/c", "examples/tinyc/tests/programs"] {
        let (p, f) = check_dir(&root.join(dir));
        passed += p;
        failures.extend(f);
    }
    eprintln!("corpus: {passed} passed, {} failed", failures.len());
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} corpus programs failed",
        failures.len()
    );
}
