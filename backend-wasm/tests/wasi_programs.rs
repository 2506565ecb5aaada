//! End to end: the example programs (and the golden `smoke/fib.lir`), with their syscalls legalized for wasm32-wasip1 by
//! `lir-wasi`, compiled and run as WASI commands under Node.js; standard output and
//! exit status must match the reference interpreter. Skipped without `node`.

mod common;
use lir::interp::{CapturedOutput, InterpConfig, Interpreter};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

struct Run {
    stdout: String,
    status: i32,
}

fn interpret(module: &lir::Module, argv: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
    let out = CapturedOutput::new();
    let mut config = InterpConfig::new()
        .args(argv.iter().copied())
        .stdin_bytes(stdin.as_bytes().to_vec())
        .stdout(out.clone());
    for (k, v) in env {
        config = config.env(*k, *v);
    }
    let mut interp = Interpreter::new(module, config).expect("instantiates");
    let status = interp.run_main().expect("runs");
    Run {
        stdout: out.to_string_lossy(),
        status,
    }
}

fn run_in_node(wasm: &[u8], argv: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
    let path =
        std::env::temp_dir().join(format!("lir-wasi-{}-{}.wasm", std::process::id(), argv[0]));
    std::fs::write(&path, wasm).expect("write");
    let script: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "node", "wasi.js"]
        .iter()
        .collect();
    let env_json = format!(
        "{{{}}}",
        env.iter()
            .map(|(k, v)| format!("\"{k}\":\"{v}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut child = Command::new("node")
        .arg("--no-warnings")
        .arg(&script)
        .arg(&path)
        .arg(env_json)
        .args(argv)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("node finishes");
    let _ = std::fs::remove_file(&path);
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        status: output.status.code().unwrap_or(-1),
    }
}

fn check(file: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) {
    if !common::node::node_available() {
        return;
    }
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", file].iter().collect();
    let src = std::fs::read_to_string(&path).expect("example exists");
    let module = common::parse(&src);
    let name = file.rsplit('/').next().unwrap_or(file);
    let mut argv = vec![name];
    argv.extend_from_slice(args);
    let expected = interpret(&module, &argv, env, stdin);
    assert!(!expected.stdout.is_empty(), "{file} prints something");
    let legal = lir_wasi::legalize(&module, lir_wasi::Target::Wasip1).expect("legalizes");
    for features in common::exec::feature_sets() {
        let wasm =
            lir_wasm::compile(&legal, &common::options(features)).unwrap_or_else(|e| panic!("{e}"));
        let got = run_in_node(&wasm, &argv, env, stdin);
        assert_eq!(got.stdout, expected.stdout, "{file} with {features}");
        assert_eq!(got.status, expected.status, "{file} with {features}");
    }
}

#[test]
fn hello() {
    check("examples/hello.lir", &[], &[], "");
}

#[test]
fn fib() {
    check("tests/golden/smoke/fib.lir", &[], &[], "");
}

#[test]
fn args() {
    check("examples/args.lir", &["one", "two words", "three"], &[], "");
}

#[test]
fn env() {
    check(
        "examples/env.lir",
        &[],
        &[("GREETING", "hello"), ("LANG", "C")],
        "",
    );
}

#[test]
fn word_count() {
    check(
        "examples/wc.lir",
        &[],
        &[],
        "one two\nthree\n  four  five six\n",
    );
}

#[test]
fn cat() {
    check(
        "examples/cat.lir",
        &[],
        &[],
        "line 1\nline 2\n\u{e9}\u{e8}\n",
    );
}
