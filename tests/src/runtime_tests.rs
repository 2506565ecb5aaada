//! Tests of `lir_runtime`, the library `lirc run` and the harness use to run compiled
//! modules under wasmtime: instances (each with its own memory, globals and WASI
//! context), calls with every value type, the export listing, host access to memory,
//! and every error with its stable code. The limits are in [`crate::limit_tests`].
//!
//! Each case is a plain function; the harness (`harness/main.rs`) runs them as the
//! `runtime/` trials.

use lir::{Imm, Type};
use lir_runtime::{
    CompiledModule, ExportKind, InstanceConfig, Output, Preopen, RuntimeError, WasiConfig,
};
use lirc::build::{build, BuildOptions};
use std::path::PathBuf;

/// One test case: a name (under `runtime/`) and the check.
pub type Case = (&'static str, fn() -> Result<(), String>);

/// The cases of this module.
pub fn cases() -> Vec<Case> {
    vec![
        (
            "instances_have_their_own_state",
            instances_have_their_own_state,
        ),
        (
            "instances_have_their_own_wasi",
            instances_have_their_own_wasi,
        ),
        (
            "every_value_type_and_multi_value",
            every_value_type_and_multi_value,
        ),
        (
            "exports_with_kinds_and_signatures",
            exports_with_kinds_and_signatures,
        ),
        (
            "memory_access_is_bounds_checked",
            memory_access_is_bounds_checked,
        ),
        ("call_errors_have_codes", call_errors_have_codes),
        ("invalid_modules_are_5004", invalid_modules_are_5004),
        ("trapped_instance_is_invalid", trapped_instance_is_invalid),
        ("missing_import_is_5001", missing_import_is_5001),
        ("bad_preopens_are_5010", bad_preopens_are_5010),
    ]
}

/// Parses, verifies and compiles LIR text for wasm32-wasip1.
pub fn wasm_of(text: &str) -> Result<Vec<u8>, String> {
    let module = crate::golden::load(text).map_err(|e| e.join("\n"))?;
    build(&module, &BuildOptions::default()).map_err(|f| f.message)
}

/// Compiles LIR text and loads it into the shared runtime.
pub fn compile(text: &str) -> Result<CompiledModule, String> {
    let runtime = crate::engines::canonical()?;
    runtime.load(&wasm_of(text)?).map_err(|e| e.to_string())
}

/// `Ok` when `result` failed with `code`; the error for further checks.
pub fn expect_code<T>(
    what: &str,
    result: Result<T, RuntimeError>,
    code: u32,
) -> Result<RuntimeError, String> {
    match result {
        Err(e) if e.code() == code => Ok(e),
        Err(e) => Err(format!(
            "{what}: expected error {code}, got {} ({e})",
            e.code()
        )),
        Ok(_) => Err(format!("{what}: expected error {code}, but it succeeded")),
    }
}

/// `Ok` when `got == want`.
pub fn expect_eq<T: PartialEq + std::fmt::Debug>(
    what: &str,
    got: T,
    want: T,
) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: expected {want:?}, got {got:?}"))
    }
}

fn ok<T>(what: &str, result: Result<T, RuntimeError>) -> Result<T, String> {
    result.map_err(|e| format!("{what}: error {}: {e}", e.code()))
}

const STATE: &str = r#"
memory 1 max 3 export "memory"
stack 4096
global @count: i32 mut = 0 export "count"

export func @bump() -> i32 {
    %c = global.get @count
    %d = add %c, 1
    global.set @count, %d
    ret %d
}

export func @poke(%addr: i32, %v: i32) {
    store.i32 [%addr], %v
    ret
}

export func @peek(%addr: i32) -> i32 {
    %v = load.i32 [%addr]
    ret %v
}

export func @boom() -> i32 {
    trap
}
"#;

fn instances_have_their_own_state() -> Result<(), String> {
    let module = compile(STATE)?;
    let mut a = ok(
        "instantiate a",
        module.instantiate(InstanceConfig::default()),
    )?;
    let mut b = ok(
        "instantiate b",
        module.instantiate(InstanceConfig::default()),
    )?;
    for n in 1..=3 {
        expect_eq(
            "a.bump",
            ok("a.bump", a.call("bump", &[]))?,
            vec![Imm::i32(n)],
        )?;
    }
    ok("a.poke", a.call("poke", &[Imm::i32(4096), Imm::i32(77)]))?;
    ok("a.grow", a.memory_grow(1))?;
    expect_eq(
        "b.bump",
        ok("b.bump", b.call("bump", &[]))?,
        vec![Imm::i32(1)],
    )?;
    expect_eq(
        "b.peek",
        ok("b.peek", b.call("peek", &[Imm::i32(4096)]))?,
        vec![Imm::i32(0)],
    )?;
    expect_eq(
        "a.peek",
        ok("a.peek", a.call("peek", &[Imm::i32(4096)]))?,
        vec![Imm::i32(77)],
    )?;
    expect_eq("a size", ok("a size", a.memory_size())?, 2)?;
    expect_eq("b size", ok("b size", b.memory_size())?, 1)?;
    expect_eq("a bytes", ok("a bytes", a.memory_bytes())?, 2 * 65536)?;
    // A trap in one instance leaves the other usable.
    expect_code("a.boom", a.call("boom", &[]), 5002)?;
    expect_eq(
        "b.bump after a trapped",
        ok("b.bump", b.call("bump", &[]))?,
        vec![Imm::i32(2)],
    )
}

/// Prints argv[1], then the contents of /d/f.txt or "denied"; returns argc.
const WASI_PROGRAM: &str = r#"
data @path = "/d/f.txt"
data @denied = "denied\n"
data @nl = "\n"

func @main(%argc: i32, %argv: ptr) -> i32 {
    slot %buf 64
entry:
    %arg = load.i32 [%argv + 4]
    jump scan(%arg)
scan(%q: ptr):
    %c = load.u8.i32 [%q]
    %end = eqz %c
    %q1 = add %q, 1
    br_if %end, show, scan(%q1)
show:
    %len = sub %q, %arg
    %w = syscall.write 1, %arg, %len
    %n = addr @nl
    %w2 = syscall.write 1, %n, 1
    %p = addr @path
    %fd = syscall.open %p, 8, 0
    %failed = lt_s %fd, 0
    br_if %failed, deny, read
deny:
    %d = addr @denied
    %w3 = syscall.write 1, %d, 7
    ret %argc
read:
    %got = syscall.read %fd, %buf, 64
    %w4 = syscall.write 1, %buf, %got
    ret %argc
}
"#;

/// A temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Result<TempDir, String> {
        let path = std::env::temp_dir().join(format!("lir-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).map_err(|e| e.to_string())?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn instances_have_their_own_wasi() -> Result<(), String> {
    let module = compile(WASI_PROGRAM)?;
    let dir = TempDir::new("runtime-wasi")?;
    std::fs::write(dir.0.join("f.txt"), "granted\n").map_err(|e| e.to_string())?;
    let config = |args: &[&str], preopens: Vec<Preopen>| InstanceConfig {
        wasi: WasiConfig {
            args: args.iter().map(|a| a.to_string()).collect(),
            preopens,
            stdout: Output::Capture,
            ..WasiConfig::default()
        },
        ..InstanceConfig::default()
    };
    let granted = Preopen {
        host: dir.0.clone(),
        guest: "/d".into(),
        read_only: true,
    };
    let mut a = ok(
        "a",
        module.instantiate(config(&["a", "first"], vec![granted])),
    )?;
    let mut b = ok(
        "b",
        module.instantiate(config(&["b", "second", "x"], vec![])),
    )?;
    expect_eq("b status", ok("b.run", b.run())?, 3)?;
    expect_eq("a status", ok("a.run", a.run())?, 2)?;
    expect_eq("a stdout", a.stdout(), b"first\ngranted\n".to_vec())?;
    expect_eq("b stdout", b.stdout(), b"second\ndenied\n".to_vec())?;
    expect_eq("a stderr", a.stderr(), Vec::new())
}

const VALUES: &str = r#"
export func @swap(%a: i32, %b: i64, %c: f32, %d: f64) -> (f64, f32, i64, i32) {
    ret %d, %c, %b, %a
}

export func @nothing() {
    ret
}

export func @mix(%a: i32, %b: i64) -> (i64, i32) {
    %wide = extend_s %a
    %s = add %wide, %b
    %narrow = wrap %b
    %m = mul %narrow, %a
    ret %s, %m
}
"#;

fn every_value_type_and_multi_value() -> Result<(), String> {
    let module = compile(VALUES)?;
    let mut instance = ok("instantiate", module.instantiate(InstanceConfig::default()))?;
    let nan32 = Imm::new(Type::F32, 0x7fc0_0123);
    let args = [Imm::i32(-1), Imm::i64(i64::MIN), nan32, Imm::f64(-0.0)];
    let results = ok("swap", instance.call("swap", &args))?;
    let bits: Vec<(Type, u64)> = results.iter().map(|v| (v.ty(), v.bits())).collect();
    expect_eq(
        "swap",
        bits,
        vec![
            (Type::F64, (-0.0f64).to_bits()),
            (Type::F32, 0x7fc0_0123),
            (Type::I64, i64::MIN as u64),
            (Type::I32, 0xffff_ffff),
        ],
    )?;
    expect_eq(
        "nothing",
        ok("nothing", instance.call("nothing", &[]))?,
        vec![],
    )?;
    // -3 + 2^32 + 5 = 4294967298; wrap(2^32 + 5) * -3 = -15.
    let results = ok(
        "mix",
        instance.call("mix", &[Imm::i32(-3), Imm::i64((1 << 32) + 5)]),
    )?;
    expect_eq("mix", results, vec![Imm::i64(4_294_967_298), Imm::i32(-15)])
}

fn exports_with_kinds_and_signatures() -> Result<(), String> {
    let module = compile(&format!("{STATE}\n{VALUES}"))?;
    let exports = module.exports();
    let find = |name: &str| {
        exports
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| format!("no export `{name}` in {exports:?}"))
    };
    expect_eq(
        "swap",
        find("swap")?.to_string(),
        "func swap(i32, i64, f32, f64) -> (f64, f32, i64, i32)".into(),
    )?;
    expect_eq(
        "nothing",
        find("nothing")?.to_string(),
        "func nothing()".into(),
    )?;
    expect_eq(
        "count",
        find("count")?.kind.clone(),
        ExportKind::Global {
            ty: Some(Type::I32),
            mutable: true,
        },
    )?;
    expect_eq(
        "__heap_base",
        find("__heap_base")?.kind.clone(),
        ExportKind::Global {
            ty: Some(Type::I32),
            mutable: false,
        },
    )?;
    let memories: Vec<&ExportKind> = exports
        .iter()
        .filter(|e| matches!(e.kind, ExportKind::Memory { .. }))
        .map(|e| &e.kind)
        .collect();
    expect_eq(
        "memory",
        memories,
        vec![&ExportKind::Memory {
            min_pages: 1,
            max_pages: Some(3),
        }],
    )?;
    let program = compile(WASI_PROGRAM)?;
    let start = program
        .exports()
        .into_iter()
        .find(|e| e.name == "_start")
        .ok_or("a program exports _start")?;
    expect_eq("_start", start.to_string(), "func _start()".into())
}

fn memory_access_is_bounds_checked() -> Result<(), String> {
    let module = compile(STATE)?;
    let mut instance = ok("instantiate", module.instantiate(InstanceConfig::default()))?;
    expect_eq("size", ok("size", instance.memory_size())?, 1)?;
    expect_eq("bytes", ok("bytes", instance.memory_bytes())?, 65536)?;
    ok("write", instance.memory_write(100, b"abcd"))?;
    expect_eq(
        "read",
        ok("read", instance.memory_read(99, 6))?,
        b"\0abcd\0".to_vec(),
    )?;
    let loaded = ok("peek", instance.call("peek", &[Imm::i32(100)]))?;
    expect_eq("peek", loaded, vec![Imm::i32(i32::from_le_bytes(*b"abcd"))])?;
    expect_eq(
        "read at the end",
        ok("end", instance.memory_read(65536, 0))?,
        vec![],
    )?;
    ok("last byte", instance.memory_write(65535, b"z"))?;
    expect_code("read past the end", instance.memory_read(65536, 1), 5006)?;
    expect_code(
        "write across the end",
        instance.memory_write(65534, b"wxyz"),
        5006,
    )?;
    expect_eq(
        "unchanged",
        ok("tail", instance.memory_read(65534, 2))?,
        b"\0z".to_vec(),
    )?;
    expect_code("offset overflow", instance.memory_read(u64::MAX, 2), 5006)?;
    expect_eq("grow", ok("grow", instance.memory_grow(1))?, 1)?;
    expect_eq("grown size", ok("size", instance.memory_size())?, 2)?;
    ok("write in new page", instance.memory_write(65536 + 10, b"q"))?;
    expect_code("grow past the maximum", instance.memory_grow(2), 5006)?;
    expect_eq(
        "grow to the maximum",
        ok("grow", instance.memory_grow(1))?,
        2,
    )?;
    expect_code("grow past it", instance.memory_grow(1), 5006)?;
    // Failed growth is not a trap: the instance stays usable.
    expect_eq(
        "bump",
        ok("bump", instance.call("bump", &[]))?,
        vec![Imm::i32(1)],
    )
}

fn call_errors_have_codes() -> Result<(), String> {
    let module = compile(&format!("{STATE}\n{VALUES}"))?;
    let mut instance = ok("instantiate", module.instantiate(InstanceConfig::default()))?;
    expect_code("no such export", instance.call("nope", &[]), 5003)?;
    expect_code(
        "a memory is not a function",
        instance.call("memory", &[]),
        5003,
    )?;
    expect_code(
        "too few arguments",
        instance.call("swap", &[Imm::i32(1)]),
        5007,
    )?;
    expect_code(
        "extra argument",
        instance.call("bump", &[Imm::i32(1)]),
        5007,
    )?;
    let swapped = [Imm::i64(1), Imm::i32(2)];
    expect_code("wrong types", instance.call("mix", &swapped), 5007)?;
    let floats = [Imm::f32(1.0), Imm::i64(2)];
    expect_code("float for int", instance.call("mix", &floats), 5007)?;
    let hidden = compile("memory 1\nexport func @f() {\n    ret\n}\n")?;
    let mut no_memory = ok("instantiate", hidden.instantiate(InstanceConfig::default()))?;
    expect_code("unexported memory", no_memory.memory_size(), 5003)?;
    // None of these ran anything: the instance is still usable.
    expect_eq(
        "bump",
        ok("bump", instance.call("bump", &[]))?,
        vec![Imm::i32(1)],
    )
}

fn invalid_modules_are_5004() -> Result<(), String> {
    let runtime = crate::engines::canonical()?;
    expect_code("text", runtime.load(b"not wasm at all"), 5004)?;
    expect_code("empty", runtime.load(b""), 5004)?;
    expect_code(
        "bad section",
        runtime.load(b"\0asm\x01\0\0\0\x01\xff\xff"),
        5004,
    )?;
    let mut truncated = wasm_of(VALUES)?;
    truncated.truncate(truncated.len() / 2);
    expect_code("truncated", runtime.load(&truncated), 5004)?;
    let missing = std::env::temp_dir().join("lir-no-such-module.wasm");
    expect_code("missing file", runtime.load_file(&missing), 5008)?;
    Ok(())
}

const TRAPS: &str = r#"
export func @boom() -> i32 {
    trap
}

export func @leave() -> i32 {
    syscall.exit 7
    trap
}

export func @ok(%x: i32) -> i32 {
    %y = mul %x, 2
    ret %y
}
"#;

fn trapped_instance_is_invalid() -> Result<(), String> {
    let module = compile(TRAPS)?;
    let mut instance = ok("instantiate", module.instantiate(InstanceConfig::default()))?;
    expect_eq(
        "ok",
        ok("ok", instance.call("ok", &[Imm::i32(4)]))?,
        vec![Imm::i32(8)],
    )?;
    let trap = expect_code("boom", instance.call("boom", &[]), 5002)?;
    if !matches!(
        trap,
        RuntimeError::Trap {
            kind: lir::TrapKind::Unreachable,
            ..
        }
    ) {
        return Err(format!("boom: expected an unreachable trap, got {trap}"));
    }
    expect_code(
        "call after the trap",
        instance.call("ok", &[Imm::i32(1)]),
        5005,
    )?;
    // What the guest left in memory stays readable (a host wants its last message),
    // but the instance cannot be changed any more.
    let pages = ok("memory after the trap", instance.memory_size())?;
    expect_eq(
        "bytes after the trap",
        ok("bytes", instance.memory_bytes())?,
        pages * 65536,
    )?;
    ok("read after the trap", instance.memory_read(0, 1))?;
    expect_code("write after the trap", instance.memory_write(0, b"x"), 5005)?;
    expect_code("grow after the trap", instance.memory_grow(1), 5005)?;
    let mut exited = ok("instantiate", module.instantiate(InstanceConfig::default()))?;
    let exit = expect_code("leave", exited.call("leave", &[]), 5002)?;
    if !matches!(exit, RuntimeError::Exit(7)) {
        return Err(format!("leave: expected exit 7, got {exit}"));
    }
    expect_code("call after exit", exited.call("ok", &[Imm::i32(1)]), 5005)?;
    let mut fresh = ok("instantiate", module.instantiate(InstanceConfig::default()))?;
    expect_eq(
        "fresh",
        ok("fresh", fresh.call("ok", &[Imm::i32(5)]))?,
        vec![Imm::i32(10)],
    )
}

fn missing_import_is_5001() -> Result<(), String> {
    let module = compile(
        r#"
import func @nope(i32) -> i32 from "env" "nope"

export func @use(%x: i32) -> i32 {
    %y = call @nope(%x)
    ret %y
}
"#,
    )?;
    // The module instantiates (the import may never be called); the call fails.
    let mut instance = ok("instantiate", module.instantiate(InstanceConfig::default()))?;
    let error = expect_code("call", instance.call("use", &[Imm::i32(1)]), 5001)?;
    let message = error.to_string();
    if !message.contains("nope") {
        return Err(format!("the message should name the import: {message}"));
    }
    Ok(())
}

fn bad_preopens_are_5010() -> Result<(), String> {
    let module = compile(WASI_PROGRAM)?;
    let dir = TempDir::new("runtime-preopen")?;
    let file = dir.0.join("plain.txt");
    std::fs::write(&file, "x").map_err(|e| e.to_string())?;
    let with = |host: PathBuf, guest: &str| InstanceConfig {
        wasi: WasiConfig {
            args: vec!["prog".into(), "arg".into()],
            preopens: vec![Preopen {
                host,
                guest: guest.into(),
                read_only: false,
            }],
            ..WasiConfig::default()
        },
        ..InstanceConfig::default()
    };
    let missing = dir.0.join("missing");
    expect_code(
        "missing directory",
        module.instantiate(with(missing, "/d")),
        5010,
    )?;
    expect_code("a file", module.instantiate(with(file, "/d")), 5010)?;
    expect_code(
        "empty guest name",
        module.instantiate(with(dir.0.clone(), "")),
        5010,
    )?;
    let mut good = ok(
        "good preopen",
        module.instantiate(with(dir.0.clone(), "/d")),
    )?;
    expect_eq("status (argc)", ok("run", good.run())?, 2)
}
