//! The `tinyc` command line: output files and `-o -`, `--emit lir`, `--target`,
//! optimization levels, and exit statuses with clang-style errors.

use std::process::Command;

fn tinyc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tinyc"))
        .args(args)
        .output()
        .expect("run tinyc")
}

fn write_tmp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("tinyc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write source");
    path.to_string_lossy().into_owned()
}

#[test]
fn compiles_to_wasm_at_every_level() {
    let src = write_tmp(
        "ok.c",
        "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 6 * 7); return 0; }\n",
    );
    for level in ["-O0", "-O1", "-O2", "-Os"] {
        let out = tinyc(&[level, "-g", &src, "-o", "-"]);
        assert!(
            out.status.success(),
            "{level}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(&out.stdout[..4], b"\0asm", "{level}");
    }
    let out = tinyc(&["--target", "wasm32-unknown-unknown", &src, "-o", "-"]);
    assert!(out.status.success());
    let wasm_file = src.replace(".c", ".wasm");
    let out = tinyc(&[&src, "-o", &wasm_file]);
    assert!(out.status.success());
    assert!(std::fs::read(&wasm_file)
        .expect("output file")
        .starts_with(b"\0asm"));
}

#[test]
fn emits_lir_with_source_locations() {
    let src = write_tmp(
        "lir.c",
        "int main(void) {\n    volatile int x = 1;\n    return x / 1;\n}\n",
    );
    let out = tinyc(&["--emit", "lir", &src, "-o", "-"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("func @__tinyc_main"), "{text}");
    assert!(text.contains("func @main"), "{text}");
    assert!(text.contains("load.i32 volatile"), "{text}");
    assert!(text.contains("lir.c\""), "{text}");
    assert!(text.contains("loc 2:3:"), "{text}");
    // Unused library functions are left out.
    assert!(!text.contains("@printf"), "{text}");
}

#[test]
fn errors_exit_with_status_1() {
    let src = write_tmp("bad.c", "int main(void) {\n  return nope;\n}\n");
    let out = tinyc(&[&src, "-o", "-"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.c:2:10: error: use of undeclared identifier 'nope'"),
        "{err}"
    );
    assert!(err.contains("  return nope;\n         ^"), "{err}");
    let out = tinyc(&["/nonexistent/x.c", "-o", "-"]);
    assert_eq!(out.status.code(), Some(1));
    let ok = write_tmp("ok2.c", "int main(void) { return 0; }\n");
    assert_eq!(tinyc(&["-O7", &ok, "-o", "-"]).status.code(), Some(1));
    assert_eq!(
        tinyc(&["--target", "x86", &ok, "-o", "-"]).status.code(),
        Some(1)
    );
}
