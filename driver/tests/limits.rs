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
fn functions_needing_more_than_50000_locals_spill_to_the_shadow_stack() {
    // 49,999 values live at once plus the parameters: 50,000 locals (the sum reuses
    // the locals of the values it consumes); one more, or 60,000, and some values are
    // spilled to the shadow stack (backend-wasm/src/spill.rs) instead of failing.
    for n in [49_999, 50_000, 60_000] {
        let expected = (n + n * (n - 1) / 2) & 255;
        assert_eq!(
            run_and_interp(&format!("l{n}.lir"), &live_program(n)),
            expected as i32,
            "{n} live values"
        );
    }
}

/// `@main` with a loop block of `n` parameters of each of i32, i64 and f64 (plus a
/// round counter) that every round passes on incremented and rotated by one place
/// (so the back edge copies parameters into each other), entered from two blocks;
/// it exits with a checksum of the final values. The shadow stack is made large
/// enough for the spilled parameters.
fn loop_params_program(n: usize) -> String {
    let mut s =
        String::from("stack 4194304\nfunc @main(%argc: i32, %argv: ptr) -> i32 {\nentry:\n");
    s.push_str("    %odd = and %argc, 1\n    br_if %odd, from_odd, from_even\n");
    for (label, base) in [("from_odd", 1), ("from_even", 2)] {
        let _ = write!(s, "{label}:\n    jump l(0");
        for k in 0..n {
            let _ = write!(s, ", {}, {}, {}.5", k + base, k * 3, k);
        }
        s.push_str(")\n");
    }
    s.push_str("l(%round: i32");
    for k in 0..n {
        let _ = write!(s, ", %a{k}: i32, %b{k}: i64, %c{k}: f64");
    }
    s.push_str("):\n");
    for k in 0..n {
        let _ = writeln!(
            s,
            "    %x{k} = add %a{k}, 1\n    %y{k} = add %b{k}, 2\n    %z{k} = add %c{k}, 1.0"
        );
    }
    s.push_str("    %next = add %round, 1\n    %again = lt_s %round, 3\n    br_if %again, back, out\nback:\n    jump l(%next");
    for k in 0..n {
        let r = (k + 1) % n;
        let _ = write!(s, ", %x{r}, %y{k}, %z{r}");
    }
    s.push_str(")\nout:\n    %t0 = const.i64 0\n");
    for k in 0..n {
        let _ = writeln!(
            s,
            "    %ai{k} = extend_u %a{k}\n    %ci{k} = trunc_sat_s.i64 %c{k}\n    %u{k} = add %t{k}, %ai{k}\n    %v{k} = xor %u{k}, %b{k}\n    %w{k} = mul %v{k}, 3\n    %t{} = add %w{k}, %ci{k}",
            k + 1
        );
    }
    let _ = writeln!(
        s,
        "    %m = and %t{n}, 255\n    %r = wrap %m\n    ret %r\n}}"
    );
    s
}

#[test]
fn a_loop_with_tens_of_thousands_of_block_parameters_compiles_and_agrees() {
    // 3 × 14,000 parameters of three types, live with their successors: about 84,000
    // values at once at the back edge (`lirc run` starts it with Winch, wasmtime's
    // baseline compiler, since Cranelift would take minutes on it).
    let n = 14_000;
    assert_eq!(
        run_and_interp("params42000.lir", &loop_params_program(n)),
        loop_params_status(n)
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

/// What [`loop_params_program`] exits with when run without arguments (`argc` = 1).
fn loop_params_status(n: usize) -> i32 {
    let mut a: Vec<u32> = (0..n).map(|k| k as u32 + 1).collect();
    let mut b: Vec<i64> = (0..n).map(|k| k as i64 * 3).collect();
    let mut c: Vec<f64> = (0..n).map(|k| k as f64 + 0.5).collect();
    for _ in 0..3 {
        a = (0..n).map(|k| a[(k + 1) % n].wrapping_add(1)).collect();
        b = b.iter().map(|v| v + 2).collect();
        c = (0..n).map(|k| c[(k + 1) % n] + 1.0).collect();
    }
    let mut t = 0i64;
    for k in 0..n {
        let v = t.wrapping_add(a[k] as i64) ^ b[k];
        t = v.wrapping_mul(3).wrapping_add(c[k] as i64);
    }
    (t & 255) as i32
}
