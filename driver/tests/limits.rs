//! The WebAssembly implementation limits lir respects (docs/backend.md,
//! "Implementation limits"): a program at each limit compiles, runs under wasmtime and
//! agrees with the interpreter; one past it is split (br_table) or rejected with a
//! located error stating the limit (exit 65), never invalid wasm (exit 70).

use std::fmt::Write;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `lirc ARGS FILE` on `program` written to a temporary file.
fn lirc(args: &[&str], name: &str, program: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("lirc-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, program).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lirc"))
        .args(args)
        .arg(&path)
        .output()
        .expect("lirc starts");
    let _ = std::fs::remove_file(&path);
    out
}

/// Exit status of `run` and of `interp`, which must agree.
fn run_and_interp(name: &str, program: &str) -> i32 {
    let run = lirc(&["run"], name, program);
    let interp = lirc(&["interp"], name, program);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), interp.status.code(), "{name}: {stderr}");
    run.status.code().unwrap_or(-1)
}

/// `@main` switching on `argc + key - 1` (= `key`) over keys `0..keys`: exits 7 on a
/// case, 2 on the default.
fn switch_program(keys: u32, key: u32) -> String {
    let mut s = format!(
        "func @main(%argc: i32, %argv: ptr) -> i32 {{\nentry:\n    %k = add %argc, {}\n    switch %k, miss, [",
        key - 1
    );
    for k in 0..keys {
        let target = if k == key { "hit" } else { "other" };
        let _ = write!(s, "{}{k}: {target}", if k == 0 { "" } else { ", " });
    }
    s.push_str("]\nhit:\n    ret 7\nother:\n    ret 1\nmiss:\n    ret 2\n}\n");
    s
}

#[test]
fn br_tables_of_more_than_65520_targets_are_split() {
    assert_eq!(
        run_and_interp("t65520.lir", &switch_program(65_520, 65_519)),
        7
    );
    assert_eq!(
        run_and_interp("t65520d.lir", &switch_program(65_520, 65_520)),
        2
    );
    assert_eq!(
        run_and_interp("t65521.lir", &switch_program(65_521, 65_520)),
        7
    );
    assert_eq!(
        run_and_interp("t200000.lir", &switch_program(200_000, 131_041)),
        7
    );
}

/// `@main` calling a function of `params` i32 parameters that returns their sum.
fn params_program(params: usize) -> String {
    let names: Vec<String> = (0..params).map(|i| format!("%p{i}: i32")).collect();
    let mut s = format!(
        "func @sum({}) -> i32 {{\n    %s0 = add %p0, 0\n",
        names.join(", ")
    );
    for i in 1..params {
        let _ = writeln!(s, "    %s{i} = add %s{}, %p{i}", i - 1);
    }
    let _ = writeln!(s, "    ret %s{}\n}}", params - 1);
    let args = vec!["%argc"; params].join(", ");
    let _ = writeln!(
        s,
        "func @main(%argc: i32, %argv: ptr) -> i32 {{\n    %r = call @sum({args})\n    %m = and %r, 255\n    ret %m\n}}"
    );
    s
}

#[test]
fn functions_take_at_most_1000_parameters() {
    assert_eq!(
        run_and_interp("p1000.lir", &params_program(1000)),
        1000 & 255
    );
    let out = lirc(&["check"], "p1001.lir", &params_program(1001));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(65), "{stderr}");
    assert!(stderr.starts_with("error"), "{stderr}");
    assert!(stderr.contains("p1001.lir:1:1"), "{stderr}");
    assert!(
        stderr.contains("1001 parameters; implementation limit: at most 1000"),
        "{stderr}"
    );
}

/// `@main` with `n` values live across a branch.
fn live_program(n: usize) -> String {
    let mut s = String::from("func @main(%argc: i32, %argv: ptr) -> i32 {\nentry:\n");
    for k in 0..n {
        let _ = writeln!(s, "    %v{k} = add %argc, {k}");
    }
    s.push_str("    %c = eqz %argc\n    br_if %c, zero, sum\nzero:\n    ret 0\nsum:\n    %s0 = add %v0, 0\n");
    for k in 1..n {
        let _ = writeln!(s, "    %s{k} = add %s{}, %v{k}", k - 1);
    }
    let _ = writeln!(s, "    %m = and %s{}, 255\n    ret %m\n}}", n - 1);
    s
}

#[test]
fn functions_use_at_most_50000_locals() {
    // 49,999 values live at once plus the parameters: 50,000 locals (the sum reuses
    // the locals of the values it consumes).
    let n = 49_999;
    let expected = (n + n * (n - 1) / 2) & 255;
    assert_eq!(
        run_and_interp("l50000.lir", &live_program(n)),
        expected as i32
    );
    let out = lirc(
        &["compile", "-o", "/dev/null"],
        "l50001.lir",
        &live_program(n + 1),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(65), "{stderr}");
    assert!(
        stderr.starts_with("error") && stderr.contains("@main"),
        "{stderr}"
    );
    assert!(stderr.contains("needs 50001 locals"), "{stderr}");
    assert!(
        stderr.contains("implementation limit: at most 50000 locals per function"),
        "{stderr}"
    );
}

#[test]
fn names_past_100000_bytes_are_cut_in_the_name_section_and_refused_as_exports() {
    // A function name past the limit is legal LIR: the name section keeps its first
    // 100,000 bytes, and `run` (which exports every function for `--invoke`) leaves it
    // unexported.
    let name = "f".repeat(100_001);
    let program = format!(
        "func @{name}() -> i32 {{\n    ret 1\n}}\nfunc @main() -> i32 {{\n    %r = call @{name}()\n    ret %r\n}}\n"
    );
    assert_eq!(run_and_interp("long.lir", &program), 1);
    let out = lirc(&["compile", "-o", "/dev/null"], "long.lir", &program);
    assert_eq!(out.status.code(), Some(0));
    // As an export name it is refused, with the function's name cut in the message.
    let exported = program.replacen("func @", "export func @", 1);
    let out = lirc(&["compile", "-o", "/dev/null"], "exported.lir", &exported);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(65), "{stderr}");
    assert!(stderr.contains("exported.lir:1:1"), "{stderr}");
    assert!(
        stderr.contains("has an export name of 100001 bytes; implementation limit: at most 100000"),
        "{stderr}"
    );
    assert!(stderr.len() < 1000, "{}", stderr.len());
}
