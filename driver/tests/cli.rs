//! End-to-end tests of the `lirc` binary: commands, diagnostics and exit statuses.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn lirc(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lirc"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lirc starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temporary file with the given contents, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!("lirc-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn check_accepts_valid_files() {
    let out = lirc(&["check", "examples/fib.lir", "examples/wc.lir"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty());
}

#[test]
fn parse_errors_show_file_line_column_and_source() {
    let file = TempFile::new(
        "bad.lir",
        b"func @f() -> i32 {\nentry:\n    %x = frobnicate 1\n    ret %x\n}\n",
    );
    let out = lirc(&["check", file.path()], "");
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    assert!(err.contains("bad.lir:3:10"), "{err}");
    assert!(err.contains("%x = frobnicate 1"), "{err}");
    assert!(err.contains('^'), "{err}");
}

#[test]
fn verify_errors_name_function_block_and_instruction() {
    let file = TempFile::new(
        "types.lir",
        b"func @f(%a: i32, %b: i64) -> i32 {\nentry:\n    %c = add %a, %b\n    ret %c\n}\n",
    );
    let out = lirc(&["check", file.path()], "");
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    assert!(err.contains("types.lir:3:"), "{err}");
    assert!(err.contains("@f") && err.contains("entry"), "{err}");
    assert!(err.contains("%c = add %a, %b"), "{err}");
}

#[test]
fn check_reads_stdin_and_reports_missing_files() {
    let out = lirc(&["check", "-"], "func @f() {\nentry:\n    ret\n}\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = lirc(&["check", "does/not/exist.lir"], "");
    assert_eq!(out.status.code(), Some(66));
    assert!(text(&out.stderr).contains("does/not/exist.lir"));
}

#[test]
fn fmt_prints_canonical_text_and_check_detects_differences() {
    let messy = "func   @f(%x: ptr)->i32{\nentry:\n  %y=add %x,1\n  ret %y\n}\n";
    let out = lirc(&["fmt", "-"], messy);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let canonical = text(&out.stdout);
    assert!(
        canonical.contains("func @f(%x: i32) -> i32 {"),
        "{canonical}"
    );
    let again = lirc(&["fmt", "-"], &canonical);
    assert_eq!(text(&again.stdout), canonical);
    assert_eq!(
        lirc(&["fmt", "--check", "-"], &canonical).status.code(),
        Some(0)
    );
    let out = lirc(&["fmt", "--check", "-"], messy);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn interp_invokes_with_negative_and_float_arguments() {
    let file = TempFile::new(
        "div.lir",
        b"func @div(%a: i32, %b: i32) -> i32 {\nentry:\n    %q = div_s %a, %b\n    ret %q\n}\n\
          func @pair(%x: f64) -> (f64, i64) {\nentry:\n    %n = neg %x\n    %i = trunc_sat_s.i64 %x\n    ret %n, %i\n}\n",
    );
    let out = lirc(&["interp", file.path(), "--invoke", "div", "-7", "2"], "");
    assert_eq!(text(&out.stdout), "-3\n", "{}", text(&out.stderr));
    let out = lirc(&["interp", file.path(), "--invoke", "pair", "-0.0"], "");
    assert_eq!(text(&out.stdout), "0.0\n0\n");
    let out = lirc(&["interp", file.path(), "--invoke", "pair", "-inf"], "");
    assert_eq!(text(&out.stdout), "inf\n-9223372036854775808\n");
    let out = lirc(&["interp", file.path(), "--invoke", "div", "1", "0"], "");
    assert_eq!(out.status.code(), Some(134));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error[5002]: trap: integer divide by zero in @div\n  at @div ({}:3:5)\n",
            file.path()
        )
    );
    let out = lirc(&["interp", file.path(), "--invoke", "div", "1"], "");
    assert_eq!(out.status.code(), Some(64));
    let out = lirc(&["interp", file.path(), "--invoke", "nope"], "");
    assert_eq!(out.status.code(), Some(125));
}

#[test]
fn interp_runs_programs_with_stdin_args_and_exit_status() {
    let out = lirc(&["interp", "examples/wc.lir"], "one two\nthree\n");
    assert_eq!(text(&out.stdout), "2 3 14\n");
    let out = lirc(&["interp", "examples/args.lir", "--", "a", "-b"], "");
    assert_eq!(text(&out.stdout), "a\n-b\n");
    let file = TempFile::new(
        "exit.lir",
        b"func @main() -> i32 {\nentry:\n    syscall.exit 42\n    trap\n}\n",
    );
    assert_eq!(lirc(&["interp", file.path()], "").status.code(), Some(42));
}

#[test]
fn interp_stops_runaway_programs_with_fuel() {
    let file = TempFile::new(
        "spin.lir",
        b"func @main() -> i32 {\nentry:\n    jump l\nl:\n    jump l\n}\n",
    );
    let out = lirc(&["interp", file.path(), "--fuel", "1000"], "");
    assert_eq!(out.status.code(), Some(137));
    assert!(text(&out.stderr).contains("fuel"), "{}", text(&out.stderr));
}

#[test]
fn garbage_input_is_an_error_not_a_crash() {
    // The last input parses (so `fmt` accepts it) but does not verify.
    let inputs: [(&[u8], i32); 5] = [
        (b"\xff\xfe\x00garbage", 65),
        (b"func @f( {{{{", 65),
        (b"data @d = { i64 @nope; zero -1 }", 65),
        (b"func @f() -> i32 {\nentry:\n    %x = add.i32 1\n", 65),
        (
            b"memory 70000 max 1\nfunc @main() -> i32 {\nentry:\n    ret 0\n}\n",
            0,
        ),
    ];
    for (input, fmt_status) in inputs {
        let file = TempFile::new("garbage.lir", input);
        for command in ["check", "fmt", "interp"] {
            let want = if command == "fmt" { fmt_status } else { 65 };
            let out = lirc(&[command, file.path()], "");
            assert_eq!(
                out.status.code(),
                Some(want),
                "{command} on {input:?}: {}",
                text(&out.stderr)
            );
            assert!(!text(&out.stderr).contains("panicked"));
        }
    }
}

#[test]
fn compile_writes_wasm_next_to_the_input_or_to_o() {
    let file = TempFile::new("add.lir", b"export func @add(%a: i32, %b: i32) -> i32 {\nentry:\n    %c = add %a, %b\n    ret %c\n}\n");
    let out = lirc(&[file.path()], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let wasm_path = file.0.with_extension("wasm");
    let wasm = std::fs::read(&wasm_path).unwrap();
    assert!(wasm.starts_with(b"\0asm"));
    std::fs::remove_file(&wasm_path).unwrap();
    let out = lirc(&["compile", file.path(), "-o", "-"], "");
    assert!(out.stdout.starts_with(b"\0asm"));
    let out = lirc(&["--emit", "wat", file.path()], "");
    let wat = text(&out.stdout);
    assert!(
        wat.contains("(func $add") && wat.contains("i32.add"),
        "{wat}"
    );
    assert!(wat.contains("(export \"add\""), "{wat}");
}

#[test]
fn compile_reports_bad_targets_features_and_missing_features() {
    let out = lirc(&["--target", "x86_64", "examples/fib.lir", "-o", "-"], "");
    assert_eq!(out.status.code(), Some(64));
    assert!(
        text(&out.stderr).contains("unknown target"),
        "{}",
        text(&out.stderr)
    );
    let out = lirc(
        &["--features", "+warp-drive", "examples/fib.lir", "-o", "-"],
        "",
    );
    assert_eq!(out.status.code(), Some(64));
    let out = lirc(
        &["--features", "-tail-call", "examples/fib.lir", "-o", "-"],
        "",
    );
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    assert!(
        err.contains("fib_tail") && err.contains("tail-call"),
        "{err}"
    );
}

#[test]
fn compile_for_unknown_unknown_imports_syscalls_from_env() {
    let out = lirc(
        &[
            "--target",
            "wasm32-unknown-unknown",
            "--emit",
            "wat",
            "examples/hello.lir",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let wat = text(&out.stdout);
    assert!(wat.contains("(import \"env\" \"write\""), "{wat}");
    assert!(wat.contains("(export \"_start\""), "{wat}");
    assert!(!wat.contains("wasi_snapshot_preview1"), "{wat}");
}

#[test]
fn run_executes_programs_and_functions_under_wasmtime() {
    let out = lirc(&["run", "examples/hello.lir"], "");
    assert_eq!(text(&out.stdout), "Hello, WASM!\n");
    assert_eq!(out.status.code(), Some(0));
    let out = lirc(&["run", "examples/cat.lir"], "hi\n");
    assert_eq!(text(&out.stdout), "hi\n");
    let out = lirc(
        &[
            "run",
            "examples/bmi.lir",
            "--invoke",
            "calculate_bmi",
            "70",
            "1.75",
        ],
        "",
    );
    assert_eq!(text(&out.stdout), "22.857143\n", "{}", text(&out.stderr));
    let out = lirc(&["run", "examples/args.lir", "--", "x", "-y"], "");
    assert_eq!(text(&out.stdout), "x\n-y\n");
}

#[test]
fn run_reports_traps_with_kind_function_and_code() {
    let file = TempFile::new(
        "trap.lir",
        b"func @div(%a: i32, %b: i32) -> i32 {\nentry:\n    %q = div_s %a, %b\n    ret %q\n}\n",
    );
    let out = lirc(&["run", file.path(), "--invoke", "div", "1", "0"], "");
    assert_eq!(out.status.code(), Some(134));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error[5002]: trap: integer divide by zero in @div\n  at @div ({}:3:5)\n",
            file.path()
        )
    );
    let out = lirc(&["run", file.path(), "--invoke", "nope"], "");
    assert_eq!(out.status.code(), Some(125));
    assert!(
        text(&out.stderr).starts_with("error[5003]"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn run_loads_wasm_files() {
    let file = TempFile::new(
        "sq.lir",
        b"export func @sq(%x: f64) -> f64 {\nentry:\n    %y = mul %x, %x\n    ret %y\n}\n",
    );
    let wasm = file.0.with_extension("wasm");
    let out = lirc(&[file.path(), "-o", wasm.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0));
    let out = lirc(
        &["run", wasm.to_str().unwrap(), "--invoke", "sq", "-1.5"],
        "",
    );
    assert_eq!(text(&out.stdout), "2.25\n", "{}", text(&out.stderr));
    std::fs::remove_file(wasm).unwrap();
}

/// A fresh temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("lirc-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `lirc run` and `lirc interp` are run with the same options and must give the same
/// results.
const RUNNERS: [&str; 2] = ["run", "interp"];

/// Runs `examples/copy.lir in.txt -> out.txt` under `runner` with a fresh directory
/// holding `in.txt`, granted under `/data` with `grant_flag`.
fn copy_in_granted_dir(runner: &str, grant_flag: &str, tag: &str) -> (Output, TempDir) {
    let dir = TempDir::new(&format!("{tag}-{runner}"));
    std::fs::write(dir.0.join("in.txt"), "copied\ncontents\n").unwrap();
    let grant = format!("{}::/data", dir.path());
    let args = [
        runner,
        "examples/copy.lir",
        grant_flag,
        &grant,
        "--",
        "/data/in.txt",
        "/data/out.txt",
    ];
    (lirc(&args, ""), dir)
}

#[test]
fn run_and_interp_copy_a_file_in_a_granted_directory() {
    for runner in RUNNERS {
        let (out, dir) = copy_in_granted_dir(runner, "--dir", "copy");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{runner}: {}",
            text(&out.stderr)
        );
        let copied = std::fs::read_to_string(dir.0.join("out.txt")).unwrap();
        assert_eq!(copied, "copied\ncontents\n", "{runner}");
    }
}

#[test]
fn run_and_interp_refuse_writes_in_read_only_directories() {
    for runner in RUNNERS {
        let (out, dir) = copy_in_granted_dir(runner, "--dir-ro", "ro");
        assert_eq!(
            out.status.code(),
            Some(3),
            "{runner}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stderr), "copy: cannot create destination\n");
        assert!(!dir.0.join("out.txt").exists(), "{runner} created the file");
    }
}

#[test]
fn run_and_interp_deny_paths_outside_the_granted_directories() {
    for runner in RUNNERS {
        let dir = TempDir::new(&format!("deny-{runner}"));
        std::fs::write(dir.0.join("secret.txt"), "secret\n").unwrap();
        let grant = format!("{}/sub::/data", dir.path());
        std::fs::create_dir_all(dir.0.join("sub")).unwrap();
        for source in ["/etc/hostname", "/data/../secret.txt", "secret.txt"] {
            let args = [
                runner,
                "examples/copy.lir",
                "--dir",
                &grant,
                "--",
                source,
                "/data/out.txt",
            ];
            let out = lirc(&args, "");
            assert_eq!(out.status.code(), Some(2), "{runner} {source}");
            assert_eq!(text(&out.stderr), "copy: cannot open source\n");
        }
        // Without any grant nothing is visible.
        let out = lirc(&[runner, "examples/copy.lir", "--", "/a", "/b"], "");
        assert_eq!(out.status.code(), Some(2), "{runner}");
    }
}

/// Runs `program` under both runners with `limit`; each must exit with 137 and report
/// `error[CODE]`.
fn assert_limit(name: &str, program: &[u8], limit: &[&str], code: u32) {
    let file = TempFile::new(name, program);
    for runner in RUNNERS {
        let mut args = vec![runner, file.path()];
        args.extend_from_slice(limit);
        let out = lirc(&args, "");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(137), "{runner} {limit:?}: {err}");
        assert!(
            err.starts_with(&format!("error[{code}]")),
            "{runner} {limit:?}: {err}"
        );
    }
}

const SPIN: &[u8] = b"func @main() -> i32 {\nentry:\n    jump l\nl:\n    jump l\n}\n";

#[test]
fn run_and_interp_stop_at_the_fuel_limit() {
    assert_limit("spin-fuel.lir", SPIN, &["--fuel", "100000"], 5011);
}

#[test]
fn run_and_interp_stop_at_the_timeout() {
    let start = std::time::Instant::now();
    assert_limit("spin-time.lir", SPIN, &["--timeout", "0.2"], 5012);
    // Two runs of at least 0.2 s each; far less than an unbounded loop.
    let elapsed = start.elapsed();
    assert!(
        elapsed >= std::time::Duration::from_millis(400),
        "{elapsed:?}"
    );
    assert!(elapsed < std::time::Duration::from_secs(30), "{elapsed:?}");
}

#[test]
fn run_and_interp_stop_at_the_memory_limit() {
    let grow = b"memory 1\nstack 4096\n\nfunc @main() -> i32 {\nentry:\n    jump more\nmore:\n    %old = memory.grow 1\n    %failed = lt_s %old, 0\n    br_if %failed, stop, more\nstop:\n    ret 1\n}\n";
    assert_limit("grow.lir", grow, &["--max-memory", "1M"], 5013);
    // A program that stays below the limit is not affected.
    let small = TempFile::new("small.lir", b"memory 1\nstack 4096\n\nfunc @main() -> i32 {\nentry:\n    %old = memory.grow 2\n    ret %old\n}\n");
    for runner in RUNNERS {
        let out = lirc(&[runner, small.path(), "--max-memory", "1M"], "");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{runner}: {}",
            text(&out.stderr)
        );
    }
}

/// `0.0 / 0.0` seen through `bitcast`: its bits are unspecified unless NaNs are
/// canonicalized, by the engine (`run --canonicalize-nans`) or by the code
/// (`lirc --canonicalize-nans`, run here under the fast engine).
#[test]
fn canonicalize_nans_makes_arithmetic_nan_bits_deterministic() {
    let file = TempFile::new(
        "nan_bits.lir",
        b"export func @bits(%x: f32) -> i32 {\n    %q = div %x, %x\n    %b = bitcast.i32 %q\n    ret %b\n}\n",
    );
    let canonical = "2143289344\n"; // 0x7fc00000
    for (runner, flags) in [("interp", &[][..]), ("run", &["--canonicalize-nans"][..])] {
        let mut args = vec![runner, file.path()];
        args.extend_from_slice(flags);
        args.extend_from_slice(&["--invoke", "bits", "0.0"]);
        let out = lirc(&args, "");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), canonical, "{runner} {flags:?}");
    }
    // Without the option the bits are whatever the engine gives, but always a NaN.
    let out = lirc(&["run", file.path(), "--invoke", "bits", "0.0"], "");
    let bits: i32 = text(&out.stdout).trim().parse().expect("an i32");
    assert!(f32::from_bits(bits as u32).is_nan());
    // Compiled with canonicalization, the code itself does it.
    let wasm = TempFile::new("nan_bits.wasm", b"");
    let out = lirc(&["--canonicalize-nans", file.path(), "-o", wasm.path()], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = lirc(&["run", wasm.path(), "--invoke", "bits", "0.0"], "");
    assert_eq!(text(&out.stdout), canonical);
}

#[test]
fn disable_pass_leaves_passes_out_and_rejects_unknown_names() {
    let out = lirc(
        &[
            "-O2",
            "--disable-pass",
            "unroll,tre",
            "--time-passes",
            "examples/fib.lir",
            "-o",
            "/dev/null",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stderr);
    assert!(table.contains("\nsccp "), "{table}");
    assert!(
        !table.contains("\nunroll ") && !table.contains("\ntre "),
        "{table}"
    );
    let out = lirc(&["-O2", "--disable-pass", "nope", "examples/fib.lir"], "");
    assert_eq!(out.status.code(), Some(64));
    assert!(
        text(&out.stderr).starts_with("error: unknown pass `nope` for --disable-pass"),
        "{}",
        text(&out.stderr)
    );
}
