//! The `bf` command line: outputs, options, exit statuses and diagnostics.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bf(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_bf"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// A fresh directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bf-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn hello() -> String {
    format!("{}/programs/hello.b", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn wasm_to_a_file_and_to_stdout() {
    let dir = scratch("wasm");
    let out = dir.join("hello.wasm");
    let o = bf(&["-O0", &hello(), "-o", out.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = std::fs::read(&out).unwrap();
    assert!(file.starts_with(b"\0asm"));
    let o = bf(&["-O0", &hello(), "-o", "-"], b"");
    assert_eq!(o.stdout, file);
    // Optimized output (the default, -O2) is smaller.
    let o2 = bf(&[&hello(), "-o", "-"], b"");
    assert!(o2.status.success() && o2.stdout.len() < file.len());
    // Without -o, FILE.wasm next to FILE.
    let src = dir.join("prog.b");
    std::fs::write(&src, "+.").unwrap();
    assert!(bf(&[src.to_str().unwrap()], b"").status.success());
    assert!(std::fs::read(dir.join("prog.wasm"))
        .unwrap()
        .starts_with(b"\0asm"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn targets() {
    let wasi = bf(&[&hello(), "-o", "-"], b"").stdout;
    let unknown = bf(
        &["--target", "wasm32-unknown-unknown", &hello(), "-o", "-"],
        b"",
    );
    assert!(unknown.status.success());
    let has = |bytes: &[u8], s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(has(&wasi, "wasi_snapshot_preview1"));
    assert!(!has(&unknown.stdout, "wasi_snapshot_preview1"));
    let bad = bf(&["--target", "x86", &hello()], b"");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn emit_lir_and_read_stdin() {
    let o = bf(&["--emit", "lir", "-O0", "-", "--tape", "7"], b"+[->+<]");
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("func @main() -> i32"), "{text}");
    assert!(text.contains("data @tape align 16 = { zero 7 }"), "{text}");
    assert!(text.contains("file 1 \"<stdin>\""), "{text}");
    assert!(text.contains("syscall.write"), "{text}");
    // It parses back.
    lir::text::parse(&text).unwrap();
}

#[test]
fn unmatched_brackets_are_located() {
    let dir = scratch("brackets");
    let src = dir.join("bad.b");
    std::fs::write(&src, "+[\n  ]]\n[ é [").unwrap();
    let name = src.to_str().unwrap();
    let o = bf(&[name, "-o", "-"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        format!(
            "{name}:2:4: error: unmatched ']'\n{name}:3:1: error: unmatched '['\n\
             {name}:3:5: error: unmatched '['\n"
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_options_and_files() {
    for tape in ["0", "-3", "1073741825", "many"] {
        let o = bf(&["--tape", tape, &hello()], b"");
        assert_eq!(o.status.code(), Some(2), "--tape {tape}");
    }
    assert_eq!(bf(&["-O9", &hello()], b"").status.code(), Some(2));
    let o = bf(&["/nonexistent/x.b"], b"");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with("bf: error: cannot read /nonexistent/x.b"),
        "{err}"
    );
}

#[test]
fn random_bytes_exit_cleanly() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..20 {
        let src: Vec<u8> = (0..64)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        let o = bf(&["-O1", "-", "-o", "-"], &src);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{src:?}: {o:?}");
    }
}
