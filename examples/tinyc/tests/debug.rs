//! tinyc passes C positions to the builder: a division by zero in `ratio()` on line 4
//! of `divzero.c` is located there by the interpreter's trap backtrace and by the
//! backend's location table (which DWARF, source maps and `lirc run` backtraces use),
//! at -O0 and -O2; `-g` and `--source-map` write what docs/debugging.md describes.

use lir::interp::{InterpConfig, Interpreter, RunError};
use lir_opt::OptLevel;
use std::process::Command;

const DIVZERO: &str = include_str!("debug/divzero.c");

fn module() -> lir::Module {
    tinyc::build_module("divzero.c", DIVZERO).expect("divzero.c compiles")
}

#[test]
fn interpreter_backtrace_names_the_c_line() {
    let module = module();
    let mut interp = Interpreter::new(&module, InterpConfig::new()).unwrap();
    let error = interp.run_main().unwrap_err();
    assert!(matches!(error, RunError::Trap { .. }), "{error}");
    let frames: Vec<String> = interp
        .trap_backtrace()
        .iter()
        .map(|f| format!("@{} {}", f.func, f.loc.display(&module)))
        .collect();
    assert!(frames[0].starts_with("@ratio divzero.c:4:"), "{frames:?}");
    // tinyc renames C `main` (its own `@main` wraps it).
    assert!(
        frames[1].starts_with("@__tinyc_main divzero.c:9:"),
        "{frames:?}"
    );
}

/// The module offsets of every `i32.div_s` in the code section.
fn divisions(wasm: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload.unwrap() {
            let mut ops = body.get_operators_reader().unwrap();
            while !ops.eof() {
                let at = ops.original_position() as u32;
                if matches!(ops.read().unwrap(), wasmparser::Operator::I32DivS) {
                    out.push(at);
                }
            }
        }
    }
    out
}

#[test]
fn compiled_division_is_located_on_line_4_at_every_level() {
    let module = module();
    for level in [OptLevel::O0, OptLevel::O2] {
        let compiled = tinyc::pipeline::build_wasm_located(
            &module,
            level,
            lir_wasi::Target::Wasip1,
            Some(".".into()),
        )
        .unwrap();
        let table = &compiled.locations;
        let located: Vec<String> = divisions(&compiled.wasm)
            .into_iter()
            .filter_map(|at| table.location_at(at))
            .map(|loc| table.display(loc))
            .filter(|shown| shown.starts_with("divzero.c:"))
            .collect();
        assert!(!located.is_empty(), "{level:?}: no located division");
        assert!(
            located
                .iter()
                .any(|shown| shown.starts_with("divzero.c:4:")),
            "{level:?}: {located:?}"
        );
    }
}

#[test]
fn dash_g_and_source_map_write_dwarf_and_a_map() {
    let dir = std::env::temp_dir().join(format!("tinyc-debug-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("divzero.c");
    std::fs::write(&src, DIVZERO).unwrap();
    let (wasm, map) = (dir.join("divzero.wasm"), dir.join("divzero.wasm.map"));
    let out = Command::new(env!("CARGO_BIN_EXE_tinyc"))
        .args(["-g", src.to_str().unwrap(), "-o", wasm.to_str().unwrap()])
        .args(["--source-map", map.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&wasm).unwrap();
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        if let wasmparser::Payload::CustomSection(c) = payload.unwrap() {
            names.push(c.name().to_string());
        }
    }
    for section in [".debug_info", ".debug_line", "sourceMappingURL"] {
        assert!(
            names.iter().any(|n| n == section),
            "no {section} in {names:?}"
        );
    }
    let map = std::fs::read_to_string(map).unwrap();
    assert!(map.contains("divzero.c"), "{map}");
}
