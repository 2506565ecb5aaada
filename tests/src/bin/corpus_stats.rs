//! Output statistics of the golden corpus: compiles every valid file under
//! `tests/golden/` for wasm32-wasip1 and reports total bytes and the share of
//! `local.get`/`local.set`/`local.tee` among all instructions (glue and helpers
//! included). Run with `cargo run --release -p lir-tests --bin corpus_stats`.

use lir_tests::golden::{discover, load};
use lirc::build::{build, BuildOptions};
use std::path::Path;
use wasmparser::{Operator, Parser, Payload};

#[derive(Default)]
struct Counts {
    bytes: usize,
    instructions: usize,
    gets: usize,
    sets: usize,
    tees: usize,
}

fn count(wasm: &[u8], counts: &mut Counts) -> Result<(), wasmparser::BinaryReaderError> {
    counts.bytes += wasm.len();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = payload? {
            let mut reader = body.get_operators_reader()?;
            while !reader.eof() {
                match reader.read()? {
                    Operator::LocalGet { .. } => counts.gets += 1,
                    Operator::LocalSet { .. } => counts.sets += 1,
                    Operator::LocalTee { .. } => counts.tees += 1,
                    Operator::End => continue, // structural, not an instruction
                    _ => {}
                }
                counts.instructions += 1;
            }
        }
    }
    Ok(())
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
    let mut counts = Counts::default();
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
                if let Err(e) = count(&wasm, &mut counts) {
                    eprintln!("{}: {e}", case.name);
                }
            }
            Err(failure) => eprintln!("{}: {}", case.name, failure.message),
        }
    }
    let share = |n: usize| 100.0 * n as f64 / counts.instructions.max(1) as f64;
    println!("files compiled:       {files}");
    println!("total wasm bytes:     {}", counts.bytes);
    println!("instructions:         {}", counts.instructions);
    println!(
        "local.get / set / tee: {:.1}% / {:.1}% / {:.1}%  (get+set {:.1}%, all three {:.1}%)",
        share(counts.gets),
        share(counts.sets),
        share(counts.tees),
        share(counts.gets + counts.sets),
        share(counts.gets + counts.sets + counts.tees)
    );
}
