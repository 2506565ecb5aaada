//! The library crates stay free of the command line's dependencies: `cargo tree` of
//! `lir-runtime` and `lir-build` (normal dependencies, default features) lists no clap,
//! codespan-reporting or mimalloc (`libmimalloc-sys`) — and `lir-build` no wasmtime either.

use std::process::Command;

/// The package names in the normal dependency tree of `package`.
fn dependencies(package: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "-p",
            package,
        ])
        .args(["--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree -p {package} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn assert_absent(package: &str, forbidden: &[&str]) {
    let tree = dependencies(package);
    assert!(
        tree.iter().any(|p| p == package),
        "{package} is in its own tree: {tree:?}"
    );
    for name in forbidden {
        assert!(
            !tree.iter().any(|p| p == name),
            "{package} depends on {name}: {tree:?}"
        );
    }
}

#[test]
fn the_runtime_has_no_command_line_dependencies() {
    assert_absent(
        "lir-runtime",
        &["clap", "codespan-reporting", "libmimalloc-sys", "lirc"],
    );
    // It does have what it is for.
    assert!(dependencies("lir-runtime").iter().any(|p| p == "wasmtime"));
}

#[test]
fn the_build_library_has_neither_the_command_line_nor_wasmtime() {
    assert_absent(
        "lir-build",
        &[
            "clap",
            "codespan-reporting",
            "libmimalloc-sys",
            "wasmtime",
            "lirc",
        ],
    );
}
