//! Output statistics of the golden corpus: compiles every valid file under
//! `tests/golden/` for wasm32-wasip1 and reports total bytes and the share of
//! `local.get`/`local.set`/`local.tee` among all instructions — of whole modules, and of
//! the programs' own functions only (without the generated `__lir_*` WASI glue and
//! helpers). Run with `cargo run --release -p lir-tests --bin corpus_stats`.

use lir_tests::golden::{discover, load};
use lirc::build::{build, BuildOptions};
use std::collections::HashMap;
use std::path::Path;
use wasmparser::{KnownCustom, Name, Operator, Parser, Payload};

#[derive(Default)]
struct Counts {
    bytes: usize,
    instructions: usize,
    gets: usize,
    sets: usize,
    tees: usize,
}

/// Names of defined functions, by function index, from the name section.
fn function_names(wasm: &[u8]) -> Result<HashMap<u32, String>, wasmparser::BinaryReaderError> {
    let mut names = HashMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CustomSection(section) = payload? {
            if let KnownCustom::Name(reader) = section.as_known() {
                for name in reader {
                    if let Name::Function(map) = name? {
                        for naming in map {
                            let naming = naming?;
                            names.insert(naming.index, naming.name.to_string());
                        }
                    }
                }
            }
        }
    }
    Ok(names)
}

/// Counts into `all`, and into `own` for functions not named `__lir_*`.
fn count(
    wasm: &[u8],
    all: &mut Counts,
    own: &mut Counts,
) -> Result<(), wasmparser::BinaryReaderError> {
    all.bytes += wasm.len();
    let names = function_names(wasm)?;
    let mut imported = 0;
    let mut defined = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(reader) => imported = reader.count(),
            Payload::CodeSectionEntry(body) => {
                let index = imported + defined;
                defined += 1;
                let generated = names.get(&index).is_some_and(|n| n.starts_with("__lir_"));
                let mut reader = body.get_operators_reader()?;
                while !reader.eof() {
                    let op = reader.read()?;
                    if matches!(op, Operator::End) {
                        continue; // structural, not an instruction
                    }
                    all.add(&op);
                    if !generated {
                        own.add(&op);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

impl Counts {
    fn add(&mut self, op: &Operator<'_>) {
        match op {
            Operator::LocalGet { .. } => self.gets += 1,
            Operator::LocalSet { .. } => self.sets += 1,
            Operator::LocalTee { .. } => self.tees += 1,
            _ => {}
        }
        self.instructions += 1;
    }

    fn report(&self, what: &str) {
        let share = |n: usize| 100.0 * n as f64 / self.instructions.max(1) as f64;
        println!(
            "{what}: {} instructions; local.get {:.1}%, local.set {:.1}%, local.tee {:.1}% \
             (get+set {:.1}%)",
            self.instructions,
            share(self.gets),
            share(self.sets),
            share(self.tees),
            share(self.gets + self.sets),
        );
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
    let (mut all, mut own) = (Counts::default(), Counts::default());
    let mut files = 0;
    for case in discover(&root) {
        let Ok(text) = std::fs::read_to_string(&case.path) else {
            continue;
        };
        let Ok(module) = load(&text) else {
            continue; // a file that must be rejected
        };
        match build(&module, &BuildOptions::default()) {
            Ok(wasm) => {
                files += 1;
                if let Err(e) = count(&wasm, &mut all, &mut own) {
                    eprintln!("{}: {e}", case.name);
                }
            }
            Err(failure) => eprintln!("{}: {}", case.name, failure.message),
        }
    }
    println!("files compiled:   {files}");
    println!("total wasm bytes: {}", all.bytes);
    all.report("whole modules");
    own.report("programs' own functions");
}
