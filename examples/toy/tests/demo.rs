//! The toy frontend end to end: `demo.toy` compiled, built to wasm at each level and
//! run under the runtime (its prints and `main`'s result checked), and the
//! `toy-frontend` binary writing a valid `.wasm` and printing what the program printed.

use lir_build::{OptLevel, Options, Target};
use std::process::Command;

const DEMO: &str = include_str!("../demo.toy");

/// fib(10), gcd(12, 18), collatz(27) and sign(-5), then their sum with sign(0).
const DEMO_PRINTS: [i32; 4] = [55, 6, 111, -1];

#[test]
fn the_demo_runs_under_the_runtime_at_every_level() {
    let module = toy_frontend::compile(DEMO).unwrap();
    for level in [OptLevel::O0, OptLevel::O1, OptLevel::O2] {
        let wasm = lir_build::build(&module, Target::Wasip1, &Options::optimized(level)).unwrap();
        let outcome = toy_frontend::run(&wasm).unwrap();
        assert_eq!(outcome.printed, DEMO_PRINTS, "{level:?}");
        assert_eq!(outcome.status, DEMO_PRINTS.iter().sum::<i32>(), "{level:?}");
    }
}

#[test]
fn programs_without_print_import_nothing() {
    let module = toy_frontend::compile("fn main() { let x = 6; return x * 7; }").unwrap();
    assert!(module.funcs.values().all(|f| !f.is_import()));
    let wasm = lir_build::build(&module, Target::Wasip1, &Options::default()).unwrap();
    let outcome = toy_frontend::run(&wasm).unwrap();
    assert_eq!(outcome.printed, Vec::<i32>::new());
    assert_eq!(outcome.status, 42);
}

#[test]
fn errors_are_messages() {
    let unknown = toy_frontend::compile("fn main() { return y; }").unwrap_err();
    assert!(unknown.contains("unknown variable `y`"), "{unknown}");
    let twice = toy_frontend::compile("fn print(x) { return x; }").unwrap_err();
    assert!(twice.contains("defined twice"), "{twice}");
    // A division by zero is a trap the runtime reports with its code.
    let module = toy_frontend::compile("fn main() { let z = 0; return 1 / z; }").unwrap();
    let wasm = lir_build::build(&module, Target::Wasip1, &Options::default()).unwrap();
    let trap = toy_frontend::run(&wasm).unwrap_err();
    assert_eq!(trap.code(), 5002, "{trap}");
}

#[test]
fn the_binary_writes_a_wasm_and_prints_the_program_output() {
    let dir = std::env::temp_dir().join(format!("toy-frontend-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("demo.wasm");
    let output = Command::new(env!("CARGO_BIN_EXE_toy-frontend"))
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/demo.toy"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let wasm = std::fs::read(&out).unwrap();
    assert!(wasm.starts_with(b"\0asm"));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("wrote {} ({} bytes)", out.display(), wasm.len())
    );
    assert_eq!(lines[1..], ["55", "6", "111", "-1", "main returned 171"]);
    // A bad option and a missing file are one-line errors.
    let bad = Command::new(env!("CARGO_BIN_EXE_toy-frontend"))
        .arg("--frobnicate")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "error: unknown option `--frobnicate`\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}
