//! Embedding lir-runtime: `cargo run -p lir-runtime --example embed`.
//!
//! 1. A LIR text module that imports a host function of ours, `env.log`, loaded
//!    straight from text (no `.wasm` on disk) and called export by export.
//! 2. A `wasm32-unknown-unknown` build of a whole program (`examples/hello.lir`), run
//!    on lir's `env` host ABI with its output captured.

use lir::Imm;
use lir_runtime::{
    Caller, CallerMemory, HostResult, Imports, InstanceConfig, Output, Runtime, RuntimeError,
    Target, WasiConfig,
};
use std::sync::{Arc, Mutex};

const GREETER: &str = r#"
import func @log(ptr, i32) from "env" "log"
data @hello = "hello from LIR"
global @calls: i32 mut = 0 export "calls"

export "greet" func @greet(%times: i32) -> i32 {
entry:
    %p = addr @hello
    jump again(0)
again(%i: i32):
    %done = ge_s %i, %times
    br_if %done, out, body
body:
    call @log(%p, sizeof @hello)
    %c = global.get @calls
    %c1 = add %c, 1
    global.set @calls, %c1
    %next = add %i, 1
    jump again(%next)
out:
    ret %i
}
"#;

fn main() -> Result<(), RuntimeError> {
    let runtime = Runtime::new()?;

    // 1. LIR text with a host function of our own.
    let compiled =
        runtime.load_text("greeter.lir", GREETER, Target::Unknown, &Default::default())?;
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let mut imports = Imports::new();
    imports.func(
        "env",
        "log",
        move |mut caller: Caller<'_>, ptr: u32, len: u32| -> HostResult<()> {
            let line = caller.read_string(ptr, len)?;
            sink.lock().expect("not poisoned").push(line);
            Ok(())
        },
    );
    let mut instance = compiled.instantiate(InstanceConfig {
        imports,
        ..Default::default()
    })?;
    let greeted = instance.call("greet", &[Imm::i32(2)])?;
    for line in log.lock().expect("not poisoned").iter() {
        println!("log: {line}");
    }
    println!("greet(2) = {}", greeted[0]);
    println!("calls = {}", instance.global_get("calls")?);
    for export in instance.exports()? {
        println!("export: {export}");
    }

    // 2. A wasm32-unknown-unknown program on lir's env host ABI.
    let hello = include_str!("../../examples/hello.lir");
    let compiled = runtime.load_text("hello.lir", hello, Target::Unknown, &Default::default())?;
    let imports: Vec<String> = compiled
        .imports()
        .iter()
        .map(|(m, n)| format!("{m}.{n}"))
        .collect();
    println!("hello imports: {}", imports.join(", "));
    let wasi = WasiConfig {
        stdout: Output::Capture,
        ..WasiConfig::default()
    };
    let mut instance = compiled.instantiate(InstanceConfig {
        wasi,
        ..Default::default()
    })?;
    let status = instance.run()?;
    print!(
        "hello wrote: {}",
        String::from_utf8_lossy(&instance.stdout())
    );
    println!("hello exited with {status}");
    Ok(())
}
