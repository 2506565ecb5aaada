//! Running compiled modules under Node.js (`tests/node/run.js`), for execution tests.
//! Tests using it are skipped when `node` is not installed.

use lir::{Imm, Type};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::Command;

/// What a call did: its results (NaNs compare equal whatever their bits) or a trap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Values(Vec<String>),
    /// The trap, as a `lir::TrapKind` name where the engine's message identifies one.
    Trap(String),
}

pub struct Call {
    pub name: String,
    pub args: Vec<Imm>,
    pub results: Vec<Type>,
}

pub fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A value as the harness prints it: `type:bits`, NaNs as `type:nan`.
pub fn show(imm: Imm) -> String {
    let nan = match imm.ty() {
        Type::F32 => imm.as_f32().is_nan(),
        Type::F64 => imm.as_f64().is_nan(),
        _ => false,
    };
    if nan {
        format!("{}:nan", imm.ty())
    } else {
        format!("{}:{}", imm.ty(), imm.bits())
    }
}

/// The `lir::TrapKind` name for a V8 trap message (V8 merges a few kinds).
pub fn trap_kind(message: &str) -> String {
    let kinds = [
        ("divide by zero", "integer divide by zero"),
        ("remainder by zero", "integer divide by zero"),
        ("divide result unrepresentable", "integer overflow"),
        (
            "float unrepresentable",
            "integer overflow or invalid conversion to integer",
        ),
        ("memory access out of bounds", "out of bounds memory access"),
        ("unreachable", "unreachable"),
        ("table index is out of bounds", "undefined element"),
        (
            "null function or function signature mismatch",
            "uninitialized element or indirect call type mismatch",
        ),
        ("Maximum call stack size exceeded", "call stack exhausted"),
    ];
    kinds.iter().find(|(m, _)| message.contains(m)).map_or_else(
        || format!("unknown trap: {message}"),
        |(_, k)| k.to_string(),
    )
}

/// Runs each call on a fresh instance of `wasm`.
pub fn run(wasm: &[u8], calls: &[Call]) -> Vec<Outcome> {
    let dir = std::env::temp_dir().join(format!(
        "lir-wasm-node-{}-{}",
        std::process::id(),
        std::thread::current()
            .name()
            .unwrap_or("t")
            .replace("::", "_")
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let wasm_path = dir.join("m.wasm");
    let calls_path = dir.join("calls.json");
    std::fs::write(&wasm_path, wasm).expect("write wasm");
    let mut json = String::from("[");
    for (i, call) in calls.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        let args: Vec<String> = call
            .args
            .iter()
            .map(|a| format!("[\"{}\",\"{}\"]", a.ty(), a.bits()))
            .collect();
        let results: Vec<String> = call.results.iter().map(|t| format!("\"{t}\"")).collect();
        write!(
            json,
            "{{\"name\":\"{}\",\"args\":[{}],\"results\":[{}]}}",
            call.name,
            args.join(","),
            results.join(",")
        )
        .unwrap();
    }
    json.push(']');
    std::fs::write(&calls_path, json).expect("write calls");
    let script: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "node", "run.js"]
        .iter()
        .collect();
    let output = Command::new("node")
        .arg("--stack-size=900")
        .arg(&script)
        .arg(&wasm_path)
        .arg(&calls_path)
        .output()
        .expect("node runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| match line.strip_prefix("ok") {
            Some(rest) => Outcome::Values(rest.split_whitespace().map(str::to_string).collect()),
            None => Outcome::Trap(trap_kind(line.strip_prefix("trap ").unwrap_or(line))),
        })
        .collect()
}
