//! Compiled WebAssembly under Node.js's `node:wasi` as an [`Executor`], for programs
//! (`@main`); calls of single functions are compared under wasmtime only (the backend's
//! own tests run calls under Node). Used only where `node` is installed.
//!
//! `node:wasi` cannot grant a directory read-only; the runner script
//! (`node/run-wasi.mjs`) refuses, as the host, every `path_open` that could change a file
//! in such a directory, with `EPERM` as wasmtime does.
//!
//! V8 does not canonicalize NaNs, so modules are compiled with
//! `canonicalize_nans`. V8's trap messages identify fewer kinds than wasmtime's; a
//! trap is reported with every kind its message may stand for.

use crate::executor::{Abnormal, CallOutcome, Executor, Prepared, ProgramOutcome, ProgramSetup};
use crate::fixtures::materialize;
use lir::{Imm, Module, TrapKind};
use lirc::build::{build, BuildOptions};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Node.js with `node:wasi` (`wasm32-wasip1`).
pub struct Node;

/// Node.js with the JavaScript host of `examples/host/lir-host.mjs`
/// (`wasm32-unknown-unknown`, system calls as `env` imports; no file system).
pub struct NodeJsHost;

/// How a prepared module is run.
#[derive(Clone, Copy)]
enum Mode {
    Wasi,
    JsHost,
}

/// Whether `node` runs here; prints why not, once.
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let ok = Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("note: `node` is not installed: programs are not run under Node.js");
        }
        ok
    })
}

struct Ready {
    dir: PathBuf,
    wasm: PathBuf,
    mode: Mode,
}

impl Drop for Ready {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Compiles `module` with canonical NaNs into a fresh directory.
fn prepare(
    module: &Module,
    target: lir_wasi::Target,
    mode: Mode,
) -> Result<Box<dyn Prepared>, String> {
    let options = BuildOptions {
        target,
        canonicalize_nans: true,
        ..BuildOptions::default()
    };
    let bytes = build(module, &options).map_err(|f| f.message)?;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "lir-node-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let wasm = dir.join("module.wasm");
    std::fs::write(&wasm, bytes).map_err(|e| e.to_string())?;
    Ok(Box::new(Ready { dir, wasm, mode }))
}

impl Executor for Node {
    fn name(&self) -> &str {
        "node"
    }

    fn prepare(&self, module: &Module) -> Result<Box<dyn Prepared>, String> {
        prepare(module, lir_wasi::Target::Wasip1, Mode::Wasi)
    }
}

impl Executor for NodeJsHost {
    fn name(&self) -> &str {
        "node-js-host"
    }

    fn prepare(&self, module: &Module) -> Result<Box<dyn Prepared>, String> {
        prepare(module, lir_wasi::Target::Unknown, Mode::JsHost)
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A directory granted to the program under Node.js.
struct NodePreopen<'a> {
    guest: &'a str,
    host: &'a Path,
    read_only: bool,
}

fn config_json(setup: &ProgramSetup, preopens: &[NodePreopen]) -> String {
    let args: Vec<String> = setup.argv().iter().map(|a| json_string(a)).collect();
    let env: Vec<String> = setup
        .env
        .iter()
        .map(|(k, v)| format!("{}:{}", json_string(k), json_string(v)))
        .collect();
    let dirs: Vec<String> = preopens
        .iter()
        .map(|p| {
            format!(
                "{}:{}",
                json_string(p.guest),
                json_string(&p.host.to_string_lossy())
            )
        })
        .collect();
    let read_only: Vec<String> = preopens
        .iter()
        .filter(|p| p.read_only)
        .map(|p| json_string(p.guest))
        .collect();
    format!(
        "{{\"args\":[{}],\"env\":{{{}}},\"preopens\":{{{}}},\"readOnly\":[{}]}}",
        args.join(","),
        env.join(","),
        dirs.join(","),
        read_only.join(",")
    )
}

/// The trap kinds a V8 message may stand for.
pub fn trap_kinds(message: &str) -> Vec<TrapKind> {
    use TrapKind::*;
    let table: [(&str, &[TrapKind]); 9] = [
        ("divide by zero", &[IntegerDivideByZero]),
        ("remainder by zero", &[IntegerDivideByZero]),
        ("divide result unrepresentable", &[IntegerOverflow]),
        (
            "float unrepresentable",
            &[IntegerOverflow, InvalidConversionToInteger],
        ),
        ("memory access out of bounds", &[MemoryOutOfBounds]),
        ("unreachable", &[Unreachable]),
        ("table index is out of bounds", &[UndefinedElement]),
        (
            "null function or function signature mismatch",
            &[UninitializedElement, IndirectCallTypeMismatch],
        ),
        ("Maximum call stack size exceeded", &[CallStackExhausted]),
    ];
    table
        .iter()
        .find(|(m, _)| message.contains(m))
        .map(|(_, kinds)| kinds.to_vec())
        .unwrap_or_default()
}

impl Prepared for Ready {
    fn call(&self, _func: &str, _args: &[Imm], _fuel: Option<u64>) -> CallOutcome {
        Err(Abnormal::Other("calls are not run under Node.js".into()))
    }

    fn supports_calls(&self) -> bool {
        false
    }

    fn exit_status_mask(&self) -> i32 {
        0xff
    }

    fn run_program(&self, setup: &ProgramSetup) -> ProgramOutcome {
        let tree = match materialize(&setup.dirs) {
            Ok(tree) => tree,
            Err(e) => return ProgramOutcome::failed(format!("fixtures: {e}")),
        };
        let preopens: Vec<NodePreopen> = tree
            .granted
            .iter()
            .map(|d| NodePreopen {
                guest: &d.guest,
                host: &d.host,
                read_only: d.read_only,
            })
            .collect();
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut command = Command::new("node");
        command.arg("--no-warnings");
        match self.mode {
            Mode::Wasi => {
                let config = self.dir.join(format!("config-{}.json", std::process::id()));
                if let Err(e) = std::fs::write(&config, config_json(setup, &preopens)) {
                    return ProgramOutcome::failed(e.to_string());
                }
                command
                    .arg(manifest.join("node/run-wasi.mjs"))
                    .arg(&self.wasm)
                    .arg(&config);
            }
            Mode::JsHost => {
                command
                    .arg(manifest.join("../examples/host/run.mjs"))
                    .arg("--argv0")
                    .arg(&setup.name)
                    .arg(&self.wasm)
                    .args(&setup.args)
                    .env_clear()
                    .envs(setup.env.iter().cloned());
            }
        }
        let child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) => return ProgramOutcome::failed(format!("cannot start node: {e}")),
        };
        let stdin = setup.stdin.clone();
        let mut pipe = child.stdin.take();
        let writer = std::thread::spawn(move || {
            if let Some(pipe) = pipe.as_mut() {
                let _ = pipe.write_all(&stdin);
            }
        });
        let output = child.wait_with_output();
        let _ = writer.join();
        let output = match output {
            Ok(output) => output,
            Err(e) => return ProgramOutcome::failed(format!("node failed: {e}")),
        };
        let stderr_text = String::from_utf8_lossy(&output.stderr).into_owned();
        let status = match output.status.code() {
            Some(134) if stderr_text.contains("lir-trap: ") => {
                let message = stderr_text.split("lir-trap: ").nth(1).unwrap_or("");
                Err(Abnormal::TrapAmong(trap_kinds(message)))
            }
            Some(125) if stderr_text.contains("lir-host-error") => {
                Err(Abnormal::Other(stderr_text.clone()))
            }
            Some(code) => Ok(code),
            None => Err(Abnormal::Other("node was killed".into())),
        };
        // What the program wrote before a trap stays; the runner's report goes.
        let stderr = match stderr_text.find("lir-trap: ") {
            Some(at) if status.is_err() => output.stderr[..at].to_vec(),
            _ => output.stderr,
        };
        ProgramOutcome {
            stdout: output.stdout,
            stderr,
            status,
            backtrace: None,
        }
    }
}
