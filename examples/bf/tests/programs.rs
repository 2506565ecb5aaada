//! The corpus in `programs/`: each `NAME.b` runs on the LIR interpreter at -O0 and
//! -O2, with and without idiom folding, reading `NAME.stdin` (if any); its output must
//! equal `NAME.expected` byte for byte. Every program also compiles to valid wasm for
//! both targets.

mod common;

use common::{run, Setup};
use lir_opt::OptLevel;
use lir_wasi::Target;
use std::path::PathBuf;

/// A corpus entry: name, source, standard input, expected output.
type Program = (String, Vec<u8>, Vec<u8>, Vec<u8>);

fn programs() -> Vec<Program> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("programs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".b").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "corpus: {names:?}");
    let read = |name: &str, ext: &str| std::fs::read(dir.join(format!("{name}.{ext}")));
    names
        .into_iter()
        .map(|name| {
            let src = read(&name, "b").unwrap();
            let expected = read(&name, "expected").expect("NAME.expected");
            let stdin = read(&name, "stdin").unwrap_or_default();
            (name, src, stdin, expected)
        })
        .collect()
}

fn check_corpus(level: OptLevel, fold: bool) {
    for (name, src, stdin, expected) in programs() {
        let setup = Setup {
            fold,
            ..Setup::new(level)
        };
        let outcome = run(&format!("{name}.b"), &src, &stdin, setup);
        assert_eq!(outcome.result, Ok(0), "{name} at {level} (fold {fold})");
        assert_eq!(outcome.stderr, "", "{name} at {level}");
        assert!(
            outcome.stdout == expected,
            "{name} at {level} (fold {fold}): got {:?}, expected {:?}",
            String::from_utf8_lossy(&outcome.stdout),
            String::from_utf8_lossy(&expected)
        );
    }
}

#[test]
fn corpus_at_o0() {
    check_corpus(OptLevel::O0, true);
}

#[test]
fn corpus_at_o2() {
    check_corpus(OptLevel::O2, true);
}

#[test]
fn corpus_unfolded_at_o0_and_o2() {
    check_corpus(OptLevel::O0, false);
    check_corpus(OptLevel::O2, false);
}

#[test]
fn corpus_compiles_to_valid_wasm() {
    for (name, src, _, _) in programs() {
        let config = bf::Config {
            tape_cells: 30_000,
            file_name: format!("{name}.b"),
        };
        let module = bf::frontend(&src, &config, true).unwrap();
        for level in [OptLevel::O0, OptLevel::O1, OptLevel::O2, OptLevel::Os] {
            for target in [Target::Wasip1, Target::Unknown] {
                let (wasm, _) = bf::to_wasm(&module, level, target).unwrap();
                lir_wasm::validate(&wasm, lir_wasm::Features::default())
                    .unwrap_or_else(|e| panic!("{name} {level} {target:?}: {e}"));
            }
        }
    }
}

/// The -O2 build of hello world is much smaller than the -O0 one (sizes are printed
/// with `cargo test -- --nocapture`).
#[test]
fn optimized_hello_is_smaller() {
    let src = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("programs/hello.b"));
    let config = bf::Config {
        tape_cells: 30_000,
        file_name: "hello.b".into(),
    };
    let module = bf::frontend(&src.unwrap(), &config, true).unwrap();
    let size = |level| bf::to_wasm(&module, level, Target::Wasip1).unwrap().0.len();
    let (o0, o2) = (size(OptLevel::O0), size(OptLevel::O2));
    println!("hello.wasm: -O0 {o0} bytes, -O2 {o2} bytes");
    assert!(o2 < o0, "-O0 {o0} bytes, -O2 {o2} bytes");
}
