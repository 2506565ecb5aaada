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
fn parse_errors_hint_at_missing_colons_misspellings_and_first_definitions() {
    let file = TempFile::new(
        "hints.lir",
        b"func @f(%n: i32) -> i32 {\nentry\n    %a = lod.i32 [0]\n    jump loop(0)\n\
          loop(%i: i32)\n    %b = sub %i, 1\n    ret %b\n}\n",
    );
    let out = lirc(&["check", file.path()], "");
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    let firsts: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        firsts,
        [
            "error[2000]: a block label needs `:`: write `entry:`",
            "error[2000]: unknown instruction `lod.i32`; did you mean `load.i32`?",
            "error[2000]: a block label needs `:`: write `loop(%i: i32):`",
        ],
        "{err}"
    );
    let file = TempFile::new(
        "twice.lir",
        b"func @f(%n: i32) -> i32 {\n    %a = add %n, 1\n    %a = ad %n, 2\n    ret %a\n}\n",
    );
    let err = text(&lirc(&["check", file.path()], "").stderr);
    assert!(
        err.contains("error[2000]: unknown instruction `ad`; did you mean `add`?"),
        "{err}"
    );
    assert!(
        err.contains("error[2000]: `%a` is already defined at 2:5"),
        "{err}"
    );
    assert!(
        err.contains("first defined here (value names are per function)"),
        "{err}"
    );
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
fn fmt_formats_keeping_comments_and_check_names_every_unformatted_file() {
    let messy =
        "; adds one\nfunc   @f(%x: ptr)->ptr{\nentry:\n  %y=add %x,0x1 ; bump\n\n\n  ret %y\n}\n";
    let out = lirc(&["fmt", "-"], messy);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let formatted = text(&out.stdout);
    assert_eq!(
        formatted,
        "; adds one\nfunc @f(%x: ptr) -> ptr {\nentry:\n    %y = add %x, 0x1 ; bump\n\n    ret %y\n}\n"
    );
    assert_eq!(text(&lirc(&["fmt", "-"], &formatted).stdout), formatted);
    assert_eq!(
        lirc(&["fmt", "--check", "-"], &formatted).status.code(),
        Some(0)
    );

    let tidy = TempFile::new("tidy.lir", formatted.as_bytes());
    let untidy_a = TempFile::new("untidy_a.lir", messy.as_bytes());
    let untidy_b = TempFile::new("untidy_b.lir", messy.as_bytes());
    let out = lirc(
        &[
            "fmt",
            "--check",
            untidy_a.path(),
            tidy.path(),
            untidy_b.path(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    let named: Vec<&str> = err.lines().collect();
    assert_eq!(named.len(), 2, "{err}");
    assert!(
        named[0].starts_with("error[2002]: ") && named[0].contains("untidy_a.lir is not formatted"),
        "{err}"
    );
    assert!(named[1].contains("untidy_b.lir is not formatted"), "{err}");

    let out = lirc(&["fmt", "-w", untidy_a.path(), untidy_b.path()], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    for file in [&untidy_a, &untidy_b] {
        assert_eq!(std::fs::read_to_string(file.path()).unwrap(), formatted);
    }
    let out = lirc(&["fmt", "-w", "-"], messy);
    assert_eq!(out.status.code(), Some(64));
    assert!(text(&out.stderr).starts_with("error[1000]: `lirc fmt -w` rewrites files in place"));
}

/// Layout tests whose point is the odd spacing `lirc fmt` would fix.
const FMT_EXEMPT: [&str; 1] = [
    // `;` separators written with and without spaces around them.
    "tests/golden/data/separators.lir",
];

#[test]
fn examples_and_valid_golden_files_are_formatted() {
    fn lir_files(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                lir_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "lir") {
                out.push(path.to_string_lossy().into_owned());
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    lir_files(&root.join("examples"), &mut files);
    lir_files(&root.join("tests/golden"), &mut files);
    // Error tests pin line and column numbers and stay as written.
    files.retain(|f| {
        let text = std::fs::read_to_string(f).unwrap();
        !text.lines().any(|l| l.starts_with("; error:"))
            && !FMT_EXEMPT.iter().any(|e| f.ends_with(e))
    });
    assert!(files.len() > 150, "{}", files.len());
    let mut args = vec!["fmt", "--check"];
    args.extend(files.iter().map(String::as_str));
    let out = lirc(&args, "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
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
fn run_runs_unknown_unknown_builds_on_the_env_abi() {
    // From LIR, with --target: the same output, arguments, stdin and status as WASI.
    let uu = ["run", "--target", "wasm32-unknown-unknown"];
    let out = lirc(&[&uu[..], &["examples/hello.lir"]].concat(), "");
    assert_eq!(text(&out.stdout), "Hello, WASM!\n", "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
    let out = lirc(
        &[&uu[..], &["examples/args.lir", "--", "x", "-y"]].concat(),
        "",
    );
    assert_eq!(text(&out.stdout), "x\n-y\n");
    let out = lirc(&[&uu[..], &["examples/wc.lir"]].concat(), "one two\n");
    assert_eq!(text(&out.stdout), "1 2 8\n", "{}", text(&out.stderr));
    // A trap is reported as under WASI, with its backtrace.
    let out = lirc(&[&uu[..], &["examples/trap.lir"]].concat(), "");
    assert_eq!(out.status.code(), Some(134));
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.lines().next(),
        Some("error[5002]: trap: integer divide by zero in @ratio"),
        "{stderr}"
    );
    // From a .wasm built for wasm32-unknown-unknown: its env imports are provided.
    let wasm = TempFile::new("cat-uu.wasm", b"");
    let out = lirc(
        &[
            "--target",
            "wasm32-unknown-unknown",
            "examples/cat.lir",
            "-o",
            wasm.path(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = lirc(&["run", wasm.path()], "piped\ninput\n");
    assert_eq!(text(&out.stdout), "piped\ninput\n", "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
    // The env ABI has no file system: `open` fails with ENOTCAPABLE, as in lir-host.mjs.
    let out = lirc(
        &[&uu[..], &["examples/copy.lir", "--", "in.txt", "out.txt"]].concat(),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "copy: cannot open source\n");
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
fn an_import_nobody_provides_fails_when_called_at_every_level_and_in_interp() {
    const IMPORT: &str = "import func @nope(i32) -> i32 from \"env\" \"nope\"\n";
    let unused = TempFile::new(
        "unused_import.lir",
        format!("{IMPORT}func @main() -> i32 {{\n    ret 3\n}}\n").as_bytes(),
    );
    let called = TempFile::new(
        "called_import.lir",
        format!("{IMPORT}func @main() -> i32 {{\n    %r = call @nope(1)\n    ret %r\n}}\n")
            .as_bytes(),
    );
    for level in ["-O0", "-O2"] {
        for command in ["run", "interp"] {
            let out = lirc(&[command, level, unused.path()], "");
            assert_eq!(
                out.status.code(),
                Some(3),
                "{command} {level}: {}",
                text(&out.stderr)
            );
            let out = lirc(&[command, level, called.path()], "");
            assert_eq!(out.status.code(), Some(125), "{command} {level}");
            let stderr = text(&out.stderr);
            assert!(
                stderr.starts_with("error[5001]:") && stderr.contains("nope"),
                "{stderr}"
            );
        }
    }
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
        text(&out.stderr).starts_with("error[1000]: unknown pass `nope` for --disable-pass"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn limits_take_memory_units_and_reject_negative_fuel_with_our_message() {
    let out = lirc(&["run", "examples/hello.lir", "--fuel", "-5"], "");
    assert_eq!(out.status.code(), Some(64));
    let err = text(&out.stderr);
    assert_eq!(
        err.lines().next(),
        Some("error[1000]: invalid value '-5' for '--fuel <N>': --fuel takes a number of instructions (0 or more), got `-5`"),
        "{err}"
    );
    for size in ["64MiB", "64MB", "64M"] {
        let out = lirc(&["run", "examples/hello.lir", "--max-memory", size], "");
        assert_eq!(out.status.code(), Some(0), "{size}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "Hello, WASM!\n");
    }
    let out = lirc(&["run", "examples/hello.lir", "--max-memory", "64Mb/s"], "");
    assert_eq!(out.status.code(), Some(64));
    assert!(text(&out.stderr).starts_with("error[1000]: expected a size like"));
}

#[test]
fn a_mistyped_command_gets_a_hint() {
    let out = lirc(&["rnu", "examples/hello.lir"], "");
    assert_eq!(out.status.code(), Some(64));
    assert_eq!(
        text(&out.stderr),
        "error[1000]: `rnu` is neither a command nor a file; did you mean `lirc run`?\n"
    );
    // A word far from every command is still a file name.
    let out = lirc(&["nothing"], "");
    assert_eq!(out.status.code(), Some(66));
    assert!(text(&out.stderr).starts_with("error[1001]: cannot read nothing"));
}

/// A command module whose `_start` (type `typed_func`) has `body`; `types` and `tags`
/// come first.
fn proposal_module(
    types: impl FnOnce(&mut wasm_encoder::TypeSection),
    typed_func: u32,
    tags: bool,
    body: impl FnOnce(&mut wasm_encoder::InstructionSink<'_>),
) -> Vec<u8> {
    use wasm_encoder::*;
    let mut module = Module::new();
    let mut type_section = TypeSection::new();
    types(&mut type_section);
    module.section(&type_section);
    let mut funcs = FunctionSection::new();
    funcs.function(typed_func);
    module.section(&funcs);
    if tags {
        let mut tag_section = TagSection::new();
        tag_section.tag(TagType {
            kind: TagKind::Exception,
            func_type_idx: typed_func,
        });
        module.section(&tag_section);
    }
    let mut exports = ExportSection::new();
    exports.export("_start", ExportKind::Func, 0);
    module.section(&exports);
    let mut function = Function::new([]);
    body(&mut function.instructions());
    function.instructions().end();
    let mut code = CodeSection::new();
    code.function(&function);
    module.section(&code);
    module.finish()
}

#[test]
fn wasm_using_exceptions_or_gc_is_unsupported_input() {
    let exceptions = proposal_module(
        |t| {
            t.ty().function([], []);
        },
        0,
        true,
        |f| {
            f.throw(0);
        },
    );
    let gc = proposal_module(
        |t| {
            t.ty().struct_([]);
            t.ty().function([], []);
        },
        1,
        false,
        |f| {
            f.struct_new_default(0).drop();
        },
    );
    let exnref = proposal_module(
        |t| {
            t.ty().function([], []);
        },
        0,
        false,
        |f| {
            f.ref_null(wasm_encoder::HeapType::Abstract {
                shared: false,
                ty: wasm_encoder::AbstractHeapType::Exn,
            })
            .drop();
        },
    );
    for (name, bytes) in [
        ("exceptions.wasm", exceptions),
        ("gc.wasm", gc),
        ("exnref.wasm", exnref),
    ] {
        let file = TempFile::new(name, &bytes);
        let out = lirc(&["run", file.path()], "");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(65), "{name}: {err}");
        assert!(
            err.starts_with("error[5004]: invalid module"),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_trap_in_a_start_section_is_a_trap() {
    use wasm_encoder::*;
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], []);
    module.section(&types);
    let mut funcs = FunctionSection::new();
    funcs.function(0);
    module.section(&funcs);
    let mut exports = ExportSection::new();
    exports.export("_start", ExportKind::Func, 0);
    module.section(&exports);
    module.section(&StartSection { function_index: 0 });
    let mut body = Function::new([]);
    body.instructions().unreachable().end();
    let mut code = CodeSection::new();
    code.function(&body);
    module.section(&code);
    let mut names = NameSection::new();
    let mut func_names = NameMap::new();
    func_names.append(0, "init");
    names.functions(&func_names);
    module.section(&names);
    let file = TempFile::new("start_trap.wasm", &module.finish());
    let out = lirc(&["run", file.path()], "");
    assert_eq!(out.status.code(), Some(134), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert_eq!(
        text(&out.stderr),
        "error[5002]: trap: unreachable in @init\n  at @init\n"
    );
    // The backtrace follows, one frame: the start function.
    assert_eq!(stderr.lines().nth(1), Some("  at @init"), "{stderr}");
}

#[test]
fn long_lines_and_non_utf8_sources_are_reported_briefly_with_a_location() {
    let token = "a".repeat(1 << 20);
    let long = TempFile::new(
        "long.lir",
        format!("func @main() -> i32 {{\nentry:\n    %x = {token} 1\n    ret %x\n}}\n").as_bytes(),
    );
    let out = lirc(&["check", long.path()], "");
    assert_eq!(out.status.code(), Some(65));
    let err = text(&out.stderr);
    assert!(err.len() < 400, "{} bytes of diagnostics", err.len());
    assert!(err.starts_with("error[2000]: "), "{err}");
    assert!(
        err.contains("long.lir:3:10: unknown instruction `aaaa"),
        "{err}"
    );
    assert!(err.contains("(1048576 characters)"), "{err}");

    let raw = b"func @main() -> i32 {\nentry:\n  \xff  ret 0\n}\n";
    let bad = TempFile::new("raw.lir", raw);
    let ok = TempFile::new("fine.lir", b"func @main() -> i32 {\nentry:\n    ret 0\n}\n");
    let out = lirc(&["check", "no-such-file.lir", bad.path(), ok.path()], "");
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("error[1001]: "), "{err}");
    assert!(lines[1].starts_with("error[2001]: "), "{err}");
    assert!(
        lines[1].contains("raw.lir:3:3: not UTF-8 text (byte 0xff)"),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(66),
        "the worst status: unreadable input"
    );
    // Raw non-UTF-8 bytes in a string: the same error, located.
    let in_string = b"data @s = \"a\xffb\"\n";
    let file = TempFile::new("string.lir", in_string);
    let out = lirc(&["check", file.path()], "");
    assert_eq!(out.status.code(), Some(65));
    assert!(
        text(&out.stderr).contains("string.lir:1:13: not UTF-8"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn empty_dir_parts_are_refused_alike_by_run_and_interp() {
    for command in ["run", "interp"] {
        for spec in ["/tmp::", "::/data"] {
            let out = lirc(&[command, "examples/hello.lir", "--dir", spec], "");
            assert_eq!(out.status.code(), Some(64), "{command} {spec}");
            assert_eq!(
                text(&out.stderr),
                format!("error[1000]: --dir expects HOST or HOST::GUEST, got `{spec}`\n")
            );
        }
    }
    let out = lirc(&["interp", "examples/hello.lir", "--invoke", "nope"], "");
    assert_eq!(out.status.code(), Some(125));
    assert!(
        text(&out.stderr).starts_with("error[5003]: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_shadow_stack_overflow_names_the_function_under_run_as_under_interp() {
    let file = TempFile::new(
        "deep.lir",
        b"func @r(%n: i32) -> i32 {\n    slot %s 64\nentry:\n    store.i32 [%s], %n\n    %m = add %n, 1\n    %x = call @r(%m)\n    ret %x\n}\nfunc @main() -> i32 {\nentry:\n    %x = call @r(0)\n    ret %x\n}\n",
    );
    for command in ["run", "interp"] {
        let out = lirc(&[command, file.path()], "");
        assert_eq!(out.status.code(), Some(134), "{command}");
        let err = text(&out.stderr);
        assert_eq!(
            first_line(&out),
            "error[5002]: trap: call stack exhausted in @r",
            "{command}"
        );
        // Thousands of identical frames are shown once each.
        assert!(err.lines().count() <= 6, "{command}: {err}");
        if err.lines().count() > 1 {
            assert!(err.contains("  ... the frame above repeated "), "{err}");
            assert!(err.contains("  at @main ("), "{err}");
        }
    }
}

/// The first line of standard error.
fn first_line(out: &Output) -> String {
    text(&out.stderr).lines().next().unwrap_or("").to_string()
}

fn lirc_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lirc"));
    command
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

const BAD_MAIN: &[u8] = b"func @main(%x: f64) -> i32 {\nentry:\n    ret 0\n}\n";

#[test]
fn every_message_starts_with_an_error_code() {
    let bad_main = TempFile::new("bad_main.lir", BAD_MAIN);
    let parse = TempFile::new(
        "syntax.lir",
        b"func @f() {\nentry:\n    %x = frob 1\n    ret\n}\n",
    );
    let verify = TempFile::new(
        "verify.lir",
        b"func @f(%a: i32, %b: i64) -> i32 {\nentry:\n    %c = add %a, %b\n    ret %c\n}\n",
    );
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["check", "x.lir"],
            66,
            "error[1001]: cannot read x.lir: No such file or directory (os error 2)",
        ),
        (
            vec!["--bogus", "x.lir"],
            64,
            "error[1000]: unexpected argument '--bogus' found",
        ),
        (
            vec!["run"],
            64,
            "error[1000]: the following required arguments were not provided:",
        ),
        (
            vec!["check", parse.path()],
            65,
            "error[2000]: unknown instruction `frob`",
        ),
        (
            vec!["check", verify.path()],
            65,
            "error[3000]: operand types differ: i32 and i64",
        ),
        (
            vec!["check", bad_main.path()],
            65,
            "error[3001]: @main must take () or (i32, ptr) and return i32 or nothing, \
             but its signature is (f64) -> i32",
        ),
        (
            vec![
                "--features",
                "+nope",
                "examples/fib.lir",
                "-o",
                "/tmp/x.wasm",
            ],
            64,
            "error[1000]: unknown WebAssembly feature `nope` (known: multi-value, sign-ext, \
             nontrapping-fptoint, bulk-memory, mutable-globals, reference-types, tail-call, \
             simd128)",
        ),
    ];
    for (args, status, first) in cases {
        let out = lirc(&args, "");
        assert_eq!(
            out.status.code(),
            Some(status),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(first_line(&out), first, "{args:?}");
    }
}

#[test]
fn check_run_and_interp_agree_on_a_bad_main_and_check_locates_it() {
    let file = TempFile::new("bad_main.lir", BAD_MAIN);
    let first = "error[3001]: @main must take () or (i32, ptr) and return i32 or nothing, \
                 but its signature is (f64) -> i32";
    for command in ["check", "run", "interp", "compile"] {
        let mut args = vec![command, file.path()];
        if command == "compile" {
            args.extend(["-o", "/dev/null"]);
        }
        let out = lirc(&args, "");
        assert_eq!(out.status.code(), Some(65), "{command}");
        assert_eq!(first_line(&out), first, "{command}");
        let err = text(&out.stderr);
        assert!(err.contains("bad_main.lir:1:1"), "{command}: {err}");
        assert!(err.contains("the program starts here"), "{command}: {err}");
    }
}

#[test]
fn the_same_failure_has_the_same_code_under_run_and_interp() {
    let syntax = TempFile::new(
        "same_syntax.lir",
        b"func @main() -> i32 {\nentry:\n    ret\n",
    );
    let cases: Vec<Vec<&str>> = vec![
        vec!["missing.lir"],
        vec![syntax.path()],
        vec!["examples/bmi.lir"],
        vec!["examples/bmi.lir", "--invoke", "nope"],
        vec!["examples/bmi.lir", "--invoke", "calculate_bmi", "70"],
        vec!["examples/bmi.lir", "--invoke", "calculate_bmi", "x", "1"],
        vec!["examples/hello.lir", "--env", "NOVALUE"],
        vec!["examples/hello.lir", "--max-memory", "12X"],
        vec!["examples/trap.lir"],
    ];
    for case in cases {
        let run = lirc(&[&["run"], &case[..]].concat(), "");
        let interp = lirc(&[&["interp"], &case[..]].concat(), "");
        let code = |out: &Output| {
            let line = first_line(out);
            line[..line.find(':').unwrap_or(0)].to_string()
        };
        assert!(
            code(&run).starts_with("error["),
            "{case:?}: {}",
            text(&run.stderr)
        );
        assert_eq!(code(&run), code(&interp), "{case:?}");
        assert_eq!(run.status.code(), interp.status.code(), "{case:?}");
    }
}

#[test]
fn explain_prints_what_a_code_means() {
    let out = lirc(&["explain", "5011"], "");
    assert_eq!(out.status.code(), Some(0));
    let explanation = text(&out.stdout);
    assert!(
        explanation.starts_with("5011: fuel exhausted\n\n"),
        "{explanation}"
    );
    assert!(explanation.contains("--fuel N"), "{explanation}");
    for spelling in ["E3001", "error[3001]", "3001"] {
        let out = lirc(&["explain", spelling], "");
        assert!(
            text(&out.stdout).starts_with("3001: `@main` cannot start a program\n"),
            "{spelling}"
        );
    }
    let out = lirc(&["explain", "9999"], "");
    assert_eq!(out.status.code(), Some(64));
    assert_eq!(
        text(&out.stderr),
        "error[1000]: `9999` is not a lirc error code; `lirc explain` lists them\n"
    );
    // Every code is listed, explained and in the table of docs/cli.md; and every code
    // lirc prints in these tests is one of them.
    let list = text(&lirc(&["explain"], "").stdout);
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/cli.md")).unwrap();
    let running =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/running.md"))
            .unwrap();
    assert!(list.lines().count() >= 27, "{list}");
    for line in list.lines() {
        let code = line.split_whitespace().next().unwrap();
        let row = format!("| {code} |");
        assert!(
            docs.contains(&row) || running.contains(&row),
            "{code} is not documented"
        );
        let out = lirc(&["explain", code], "");
        assert_eq!(out.status.code(), Some(0), "{code}");
    }
}

#[test]
fn a_library_run_as_a_program_lists_its_functions() {
    let expected = "error[5003]: export not found: examples/bmi.lir has no `_start` to run; \
                    call one of its functions with `--invoke NAME [ARG]...`:\n  \
                    calculate_bmi(f32, f32) -> f32\n  classify_bmi(f32) -> i32\n";
    for command in ["run", "interp"] {
        let out = lirc(&[command, "examples/bmi.lir"], "");
        assert_eq!(out.status.code(), Some(125), "{command}");
        assert_eq!(text(&out.stderr), expected, "{command}");
    }
    let wasm = TempFile::new("bmi_lib.wasm", b"");
    let out = lirc(&["examples/bmi.lir", "-o", wasm.path()], "");
    assert_eq!(out.status.code(), Some(0));
    let out = lirc(&["run", wasm.path()], "");
    assert_eq!(out.status.code(), Some(125));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error[5003]: export not found: {} has no `_start` to run; call one of its \
             functions with `--invoke NAME [ARG]...`:\n  calculate_bmi(f32, f32) -> f32\n  \
             classify_bmi(f32) -> i32\n",
            wasm.path()
        )
    );
}

#[test]
fn wasm_given_to_lir_commands_and_odd_files_given_to_run_are_named() {
    let wasm = TempFile::new("given.wasm", b"");
    assert!(lirc(&["examples/hello.lir", "-o", wasm.path()], "")
        .status
        .success());
    for command in ["check", "fmt", "interp", "compile"] {
        let out = lirc(&[command, wasm.path()], "");
        assert_eq!(out.status.code(), Some(65), "{command}");
        assert_eq!(
            text(&out.stderr),
            format!(
                "error[1003]: {0} is a binary WebAssembly module, not LIR text; \
                 `lirc run {0}` runs it\n",
                wasm.path()
            ),
            "{command}"
        );
    }
    let wat = TempFile::new("given.wat", b"(module)\n");
    let out = lirc(&["check", wat.path()], "");
    assert_eq!(
        first_line(&out),
        format!(
            "error[1003]: {0} is WebAssembly text, not LIR text; `lirc run {0}` runs it",
            wat.path()
        )
    );
    // An executable (lirc itself), text named .wasm, an empty file: one line each.
    let lirc_binary = env!("CARGO_BIN_EXE_lirc");
    let text_wasm = TempFile::new("text.wasm", b"hello\n");
    let empty = TempFile::new("empty.wasm", b"");
    for (path, looks_like) in [
        (lirc_binary, "an ELF executable"),
        (text_wasm.path(), "text"),
        (empty.path(), "an empty file"),
    ] {
        let out = lirc(&["run", path], "");
        assert_eq!(out.status.code(), Some(65), "{path}");
        assert_eq!(
            text(&out.stderr),
            format!(
                "error[1003]: {path} is not a program lirc can run: it looks like \
                 {looks_like}; `lirc run` takes LIR (`.lir`) and WebAssembly (`.wasm`, \
                 `.wat`)\n"
            )
        );
    }
}

#[test]
fn run_runs_webassembly_text_as_wasmtime_does() {
    let wat = lirc(&["--emit", "wat", "examples/hello.lir"], "");
    assert!(wat.status.success());
    let file = TempFile::new("hello.wat", &wat.stdout);
    let out = lirc(&["run", file.path()], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "Hello, WASM!\n");
    // From standard input, recognised by its contents; folded text too.
    let folded = lirc(&["--emit", "wat", "--fold", "examples/bmi.lir"], "");
    let folded = text(&folded.stdout);
    assert!(folded.contains("(f32.div\n"), "{folded}");
    let out = lirc(
        &["run", "-", "--invoke", "calculate_bmi", "70", "1.75"],
        &folded,
    );
    assert_eq!(text(&out.stdout), "22.857143\n", "{}", text(&out.stderr));
    let bad = TempFile::new(
        "bad.wat",
        b"(module (func (export \"f\") (result i32) i32.cnst 1))\n",
    );
    let out = lirc(&["run", bad.path()], "");
    assert_eq!(out.status.code(), Some(65));
    assert!(
        first_line(&out).starts_with("error[5004]: invalid module: unknown operator"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("bad.wat:1:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn every_command_has_help_with_examples() {
    for command in [
        "compile",
        "run",
        "check",
        "fmt",
        "interp",
        "explain",
        "completions",
    ] {
        let out = lirc(&[command, "--help"], "");
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = text(&out.stdout);
        assert!(help.contains("Examples:\n  lirc "), "{command}: {help}");
    }
    let help = text(&lirc(&["run", "--help"], "").stdout);
    assert!(help.contains("FILE may be `-`"), "{help}");
    assert!(help.contains("cat prog.lir | lirc run -"), "{help}");
    let out = lirc(
        &["run", "-"],
        "func @main() -> i32 {\nentry:\n    ret 7\n}\n",
    );
    assert_eq!(out.status.code(), Some(7));
}

#[test]
fn emit_lir_is_the_legalized_module_and_parses_again() {
    let out = lirc(&["--emit", "lir", "examples/hello.lir"], "");
    let lir = text(&out.stdout);
    assert!(
        lir.contains("export \"_start\" func @__lir_start()"),
        "{lir}"
    );
    assert!(
        lir.contains("\"wasi_snapshot_preview1\" \"fd_write\""),
        "{lir}"
    );
    assert!(!lir.contains("syscall."), "{lir}");
    // It is LIR text: it parses (checking it as a program would add a second start).
    let out = lirc(&["fmt", "-"], &lir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = lirc(&["--fold", "examples/hello.lir"], "");
    assert_eq!(out.status.code(), Some(64));
    assert_eq!(
        first_line(&out),
        "error[1000]: --fold folds the text of --emit wat"
    );
}

#[test]
fn print_lists_targets_and_features() {
    let out = lirc(&["--print", "targets"], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "wasm32-wasip1 (default)\nwasm32-unknown-unknown\n"
    );
    let features = text(&lirc(&["--print", "features"], "").stdout);
    assert_eq!(features.lines().count(), 8, "{features}");
    assert!(
        features.contains("tail-call             on by default\n"),
        "{features}"
    );
    assert!(
        features.contains("simd128               off by default\n"),
        "{features}"
    );
    // Every listed name is accepted by --target and --features.
    for line in features.lines() {
        let name = line.split_whitespace().next().unwrap();
        let out = lirc(
            &[
                "--features",
                &format!("+{name}"),
                "--emit",
                "wat",
                "examples/fib.lir",
            ],
            "",
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
    }
    for target in ["wasm32-wasip1", "wasm32-unknown-unknown"] {
        let out = lirc(
            &["--target", target, "--emit", "wat", "examples/hello.lir"],
            "",
        );
        assert_eq!(out.status.code(), Some(0), "{target}");
    }
}

#[test]
fn color_follows_the_flag_then_no_color_then_clicolor_force() {
    const RED: &str = "\x1b[1;31merror[1001]\x1b[0m";
    /// Flags, environment, and whether the message is coloured.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], bool);
    let cases: [Case; 6] = [
        (&[], &[], false), // stderr is a pipe
        (&["--color", "always"], &[], true),
        (&[], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
        (&["--color=never"], &[("CLICOLOR_FORCE", "1")], false),
        (&["--color", "always"], &[("NO_COLOR", "1")], true),
    ];
    for (flags, env, colored) in cases {
        let args = [&["check", "missing.lir"], flags].concat();
        let err = text(&lirc_env(&args, env).stderr);
        assert_eq!(err.starts_with(RED), colored, "{flags:?} {env:?}: {err:?}");
        if !colored {
            assert!(!err.contains('\x1b'), "{err:?}");
            assert!(
                err.starts_with("error[1001]: cannot read missing.lir"),
                "{err:?}"
            );
        }
    }
    // The option may come before the command.
    let err = text(&lirc_env(&["--color", "always", "check", "missing.lir"], &[]).stderr);
    assert!(err.starts_with(RED), "{err:?}");
    let out = lirc_env(&["-O2", "check", "x.lir"], &[]);
    assert_eq!(
        first_line(&out),
        "error[1000]: `check` is taken for a file because options come before it; write \
         the command first: `lirc check [OPTIONS] ...`"
    );
    // Diagnostics with source too.
    let bad = TempFile::new("color.lir", b"func @f() {\nentry:\n    frob\n}\n");
    let err = text(&lirc_env(&["check", bad.path(), "--color", "always"], &[]).stderr);
    assert!(
        err.contains('\x1b') && err.contains("error[2000]"),
        "{err:?}"
    );
    let out = lirc_env(&["check", "--color", "sometimes", "x.lir"], &[]);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        first_line(&out).starts_with("error[1000]: invalid value 'sometimes' for '--color <WHEN>'")
    );
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_lirc()"),
        ("zsh", "#compdef lirc"),
        ("fish", "complete -c lirc"),
        ("elvish", "edit:completion:arg-completer[lirc]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = lirc(&["completions", shell], "");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("interp"), "{shell}");
    }
    let out = lirc(&["completions", "tcsh"], "");
    assert_eq!(out.status.code(), Some(64));
    assert!(first_line(&out).starts_with("error[1000]: invalid value 'tcsh' for '<SHELL>'"));
}

#[test]
fn time_reports_each_phase_and_changes_nothing() {
    let plain = TempFile::new("untimed.wasm", b"");
    let timed = TempFile::new("timed.wasm", b"");
    assert!(lirc(&["-O2", "examples/wc.lir", "-o", plain.path()], "")
        .status
        .success());
    let out = lirc(
        &["-O2", "--time", "examples/wc.lir", "-o", timed.path()],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read(plain.path()).unwrap(),
        std::fs::read(timed.path()).unwrap()
    );
    let err = text(&out.stderr);
    let phases: Vec<&str> = err
        .lines()
        .map(|l| {
            assert!(l.starts_with("time: ") && l.ends_with(" ms"), "{l}");
            l.trim_start_matches("time: ")
                .split("  ")
                .next()
                .unwrap()
                .trim()
        })
        .collect();
    for phase in [
        "read",
        "parse and verify",
        "legalize and optimize",
        "backend structurize",
        "backend emit",
        "lower to wasm",
        "write",
        "total",
    ] {
        assert!(phases.contains(&phase), "{phase}: {err}");
    }
    let out = lirc(&["run", "--time", "examples/hello.lir"], "");
    assert_eq!(text(&out.stdout), "Hello, WASM!\n");
    assert!(
        text(&out.stderr).contains("time: run "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn binary_wasm_is_not_written_to_a_terminal() {
    use std::os::fd::FromRawFd;
    let (mut controller, mut terminal) = (0, 0);
    // SAFETY: openpty writes two descriptors, which are owned below.
    let opened = unsafe {
        libc::openpty(
            &mut controller,
            &mut terminal,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned by nothing else.
    let (controller, terminal) = unsafe {
        (
            std::fs::File::from_raw_fd(controller),
            std::fs::File::from_raw_fd(terminal),
        )
    };
    let out = Command::new(env!("CARGO_BIN_EXE_lirc"))
        .args(["examples/hello.lir", "-o", "-"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdout(Stdio::from(terminal))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    drop(controller);
    assert_eq!(out.status.code(), Some(64));
    assert_eq!(
        text(&out.stderr),
        "error[1004]: refusing to write a binary WebAssembly module to a terminal: name a \
         file with `-o FILE`, redirect standard output, or print text with `--emit wat`\n"
    );
    // To a pipe it is written.
    let out = lirc(&["examples/hello.lir", "-o", "-"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"\0asm"));
}

/// `@main` with `depth` loops nested in each other, each running once; exits 5.
fn loop_nest(depth: usize) -> String {
    let mut s = String::from("func @main() -> i32 {\nentry:\n    jump l0(0)\n");
    for d in 0..depth {
        let inner = if d + 1 == depth {
            format!("    jump c{d}")
        } else {
            format!("    jump l{}(0)", d + 1)
        };
        s.push_str(&format!("l{d}(%i{d}: i32):\n{inner}\n"));
    }
    for d in (0..depth).rev() {
        let out = if d == 0 {
            "    ret 5".to_string()
        } else {
            format!("    jump c{}", d - 1)
        };
        s.push_str(&format!(
            "c{d}:\n    %n{d} = add %i{d}, 1\n    %m{d} = lt_s %n{d}, 1\n    br_if %m{d}, a{d}, o{d}\na{d}:\n    jump l{d}(%n{d})\no{d}:\n{out}\n"
        ));
    }
    s + "}\n"
}

#[test]
fn run_compiles_huge_functions_with_winch_unless_told_otherwise() {
    let nest = loop_nest(300);
    let phase = |args: &[&str], program: &str| {
        let out = lirc(args, program);
        assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        let line = stderr.lines().find(|l| l.contains("wasmtime compile"));
        line.map(str::to_string).unwrap_or(stderr)
    };
    assert!(phase(&["run", "--time", "-"], &nest).contains("(Winch)"));
    assert!(phase(&["run", "--time", "-"], &loop_nest(3)).contains("(Cranelift)"));
    let forced = phase(&["run", "--time", "--compiler", "cranelift", "-"], &nest);
    assert!(forced.contains("(Cranelift)"), "{forced}");
    let forced = phase(
        &["run", "--time", "--compiler", "winch", "-"],
        &loop_nest(3),
    );
    assert!(forced.contains("(Winch)"), "{forced}");
    // `-g` needs Cranelift: with auto it gets it, and asking for Winch is an error.
    assert!(phase(&["run", "--time", "-g", "-"], &nest).contains("(Cranelift)"));
    // (From a file: lirc refuses the options before it would read standard input.)
    let file = TempFile::new("nest-g.lir", nest.as_bytes());
    let out = lirc(&["run", "--compiler", "winch", "-g", file.path()], "");
    assert_eq!(out.status.code(), Some(64));
    assert!(text(&out.stderr).starts_with("error[1000]: `-g` needs Cranelift"));
    // Winch has no tail calls: the module is refused with a hint.
    let out = lirc(
        &[
            "run",
            "--compiler",
            "winch",
            "tests/golden/program/main_tail_call.lir",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(65));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error[5004]: invalid module:"),
        "{stderr}"
    );
    assert!(stderr.contains("compile with Cranelift"), "{stderr}");
}

#[test]
fn a_trap_in_main_names_main_at_every_level_under_both_executors() {
    // A @main small enough to inline into the start-up code used to lose its frame
    // under `run -O2` ("trap: integer divide by zero", then `at @__lir_start`).
    let file = TempFile::new(
        "trap_main.lir",
        b"func @main() -> i32 {\n    %one = const.i32 1\n    %r = div_s %one, 0\n    ret %r\n}\n",
    );
    let expected = format!(
        "error[5002]: trap: integer divide by zero in @main\n  at @main ({}:3:5)\n",
        file.path()
    );
    for command in ["run", "interp"] {
        for level in ["-O0", "-O2", "-Os", "-Oz"] {
            let out = lirc(&[command, level, file.path()], "");
            assert_eq!(out.status.code(), Some(134), "{command} {level}");
            assert_eq!(text(&out.stderr), expected, "{command} {level}");
        }
    }
}

#[test]
fn passes_list_lists_the_passes_without_a_file() {
    // `--passes list` used to need a FILE and then exit 64 with the list as an error.
    for args in [
        &["--passes", "list"][..],
        &["--passes", "list", "examples/fib.lir"],
        &["interp", "examples/fib.lir", "--passes", "list"],
        &["run", "examples/fib.lir", "--passes", "list"],
    ] {
        let out = lirc(args, "");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let listed = text(&out.stdout);
        for pass in ["mem2reg", "sccp", "inline", "idiom"] {
            assert!(listed.contains(&format!("  {pass} ")), "{args:?}: {listed}");
        }
    }
    let out = lirc(&["--passes", "mem2reg"], "");
    assert_eq!(out.status.code(), Some(64));
    assert!(text(&out.stderr).starts_with("error[1000]: no input file"));
}

#[test]
fn an_imported_main_is_named_as_such() {
    // Its signature is fine; the message used to claim it was not.
    let file = TempFile::new(
        "imported_main.lir",
        b"import func @main() -> i32 from \"env\" \"main\"\n",
    );
    for command in ["check", "interp", "run"] {
        let out = lirc(&[command, file.path()], "");
        assert_eq!(out.status.code(), Some(65), "{command}");
        let stderr = text(&out.stderr);
        assert_eq!(
            stderr.lines().next(),
            Some("error[3001]: @main is imported; a program's @main must be defined in the module"),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("imported_main.lir:1:1"), "{stderr}");
    }
}
