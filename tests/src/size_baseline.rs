//! The code-size baseline: every file of the corpus (golden files without `; error:`
//! lines, and the examples) compiled at `-O2` for `wasm32-wasip1` without the name
//! section, its size compared with `tests/size-baseline.txt`. A file that grew by
//! more than 2%, or a total that grew at all, fails the check until the baseline is
//! re-blessed on purpose (`LIR_BLESS=1`), as Binaryen's and LLVM's size tests do.
//! Files that shrank only print a note (bless to lock the gain in).
//!
//! A file without `@main` is a library: every function is exported first (as `lirc run
//! --invoke` and the bench's size table do), so that tree shaking keeps what the tests
//! call.

use lir_opt::{OptLevel, OptOptions};
use lirc::build::{build, export_all, BuildOptions};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A file may grow by this much (2%) before the check fails.
const GROWTH_PERCENT: u64 = 2;

/// The files measured: golden files that must compile, and the examples.
pub fn corpus(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect(&root.join("tests/golden"), true, &mut files);
    collect(&root.join("examples"), false, &mut files);
    files.retain(|f| {
        std::fs::read_to_string(f)
            .is_ok_and(|text| !text.lines().any(|l| l.starts_with("; error:")))
    });
    files.sort();
    files
}

fn collect(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if recursive {
                collect(&path, recursive, out);
            }
        } else if path.extension().is_some_and(|e| e == "lir") {
            out.push(path);
        }
    }
}

/// The stripped `-O2` size of one file.
pub fn size_of(path: &Path) -> Result<u64, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut module = crate::golden::load(&text).map_err(|e| e.join("\n"))?;
    if module.func_by_name("main").is_none() {
        export_all(&mut module);
    }
    let options = BuildOptions {
        names: false,
        opt: OptOptions::level(OptLevel::O2),
        ..BuildOptions::default()
    };
    let wasm = build(&module, &options).map_err(|f| f.message)?;
    Ok(wasm.len() as u64)
}

/// Measures the corpus and compares with (or, when blessing, rewrites) the baseline.
pub fn check(root: &Path, bless: bool) -> Result<String, String> {
    let baseline_path = root.join("tests/size-baseline.txt");
    let mut sizes = BTreeMap::new();
    for file in corpus(root) {
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let size = size_of(&file).map_err(|e| format!("{name}: {e}"))?;
        sizes.insert(name, size);
    }
    let total: u64 = sizes.values().sum();
    if bless {
        let mut text = String::from(
            "# Stripped -O2 sizes of the corpus (tests/src/size_baseline.rs); re-bless with\n\
             # LIR_BLESS=1 cargo test -p lir-tests --test golden size-baseline\n",
        );
        for (name, size) in &sizes {
            let _ = writeln!(text, "{size} {name}");
        }
        let _ = writeln!(text, "{total} total");
        std::fs::write(&baseline_path, text).map_err(|e| e.to_string())?;
        return Ok(format!("blessed {} files, {total} bytes", sizes.len()));
    }
    let baseline = std::fs::read_to_string(&baseline_path)
        .map_err(|e| format!("cannot read {}: {e}", baseline_path.display()))?;
    let mut expected = BTreeMap::new();
    for line in baseline.lines().filter(|l| !l.starts_with('#')) {
        if let Some((size, name)) = line.split_once(' ') {
            let size: u64 = size
                .parse()
                .map_err(|e| format!("baseline line `{line}`: {e}"))?;
            expected.insert(name.to_string(), size);
        }
    }
    let mut failures = String::new();
    let mut notes = String::new();
    for (name, &size) in &sizes {
        match expected.get(name) {
            None => {
                let _ = writeln!(failures, "{name}: {size} bytes, not in the baseline");
            }
            Some(&old) if size * 100 > old * (100 + GROWTH_PERCENT) => {
                let _ = writeln!(
                    failures,
                    "{name}: {old} -> {size} bytes (more than {GROWTH_PERCENT}%)"
                );
            }
            Some(&old) if size < old => {
                let _ = writeln!(notes, "{name}: {old} -> {size} bytes");
            }
            Some(_) => {}
        }
    }
    let old_total = expected.get("total").copied().unwrap_or(0);
    if total > old_total {
        let _ = writeln!(failures, "total: {old_total} -> {total} bytes");
    }
    if !failures.is_empty() {
        return Err(format!(
            "the -O2 output grew (re-bless with LIR_BLESS=1 if that is intended):\n{failures}"
        ));
    }
    Ok(if notes.is_empty() {
        format!(
            "{} files, {total} bytes (baseline {old_total})",
            sizes.len()
        )
    } else {
        format!(
            "{} files, {total} bytes (baseline {old_total}); smaller:\n{notes}",
            sizes.len()
        )
    })
}
