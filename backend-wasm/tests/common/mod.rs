//! Helpers shared by the integration tests: parse LIR text and compile it with
//! validation on.

#![allow(dead_code)]

pub mod exec;
pub mod node;

use lir_wasm::{compile, CompileError, Features, Options};

/// Parses a test input without verifying it (for inputs the backend must reject by
/// itself).
pub fn parse_unverified(src: &str) -> lir::Module {
    lir::text::parse(src).unwrap_or_else(|e| panic!("test input does not parse:\n{e}"))
}

/// Parses and verifies a test input.
pub fn parse(src: &str) -> lir::Module {
    let module = match lir::text::parse(src) {
        Ok(m) => m,
        Err(e) => panic!("test input does not parse:\n{e}"),
    };
    if let Err(e) = lir::verify::verify(&module) {
        panic!("test input does not verify:\n{e}");
    }
    module
}

pub fn options(features: Features) -> Options {
    Options {
        features,
        name_section: true,
        validate: true,
        ..Options::default()
    }
}

pub fn compile_with(src: &str, features: Features) -> Result<Vec<u8>, CompileError> {
    compile(&parse(src), &options(features))
}

/// Compiles with the default features; panics with the error otherwise.
pub fn wasm(src: &str) -> Vec<u8> {
    compile_with(src, Features::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The WAT of the compiled functions only (types, imports, globals, data and the
/// rest of the module are left out), for snapshots focused on code.
pub fn functions_wat(wasm: &[u8]) -> String {
    let wat = lir_wasm::print_wat(wasm).expect("printable");
    let mut out = String::new();
    let mut inside = false;
    for line in wat.lines() {
        if line.starts_with("  (func ") {
            inside = true;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
            if line == "  )" {
                inside = false;
            }
        }
    }
    out
}

/// Instruction statistics of a module: (all instructions, local.get/set/tee).
pub fn instruction_counts(wasm: &[u8]) -> (usize, usize) {
    let mut total = 0;
    let mut locals = 0;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload {
            let mut reader = body.get_operators_reader().expect("operators");
            while !reader.eof() {
                let op = reader.read().expect("operator");
                total += 1;
                if matches!(
                    op,
                    wasmparser::Operator::LocalGet { .. }
                        | wasmparser::Operator::LocalSet { .. }
                        | wasmparser::Operator::LocalTee { .. }
                ) {
                    locals += 1;
                }
            }
        }
    }
    (total, locals)
}
