//! Hostile programs against every limit: each one tries a known way around a limit
//! (sleeping, writing, many memories, growing tables or memory, deep recursion, huge
//! initial memory, loops in a start section) under `lirc run`, `lirc interp` and the
//! `lir_runtime` library, and must end with the limit's error code, in about the
//! limit's time, within a stated peak RSS.
//!
//! Every case runs as a child process, so that its peak RSS (read with `wait4`) is its
//! own: `lirc` itself, or this test binary re-run as a library host (see
//! [`library_host`]). Cases run in parallel; the suite takes a few seconds.

use lir_runtime::{InstanceConfig, Limits, Output, Runtime, RuntimeOptions, Stdin, WasiConfig};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function, FunctionSection, HeapType,
    MemorySection, MemoryType, Module, RefType, StartSection, TableSection, TableType, TypeSection,
};

/// Set in the environment of a child that acts as a library host.
const LIBRARY_HOST: &str = "LIR_HOSTILE_LIBRARY_HOST";

/// A child that runs longer than this is killed (a limit that does not hold).
const WATCHDOG: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------
// Programs

/// `syscall.sleep` of `nanos` once.
fn sleep_once(nanos: i64) -> String {
    format!("func @main() -> i32 {{\nentry:\n    %r = syscall.sleep {nanos}\n    ret 0\n}}\n")
}

/// A loop of 1 ms sleeps.
const NAPS: &str = "func @main() -> i32 {
entry:
    jump again
again:
    %r = syscall.sleep 1000000
    jump again
}
";

/// A loop writing 64 KiB to stdout per iteration.
const WRITES: &str = "memory 2
func @main() -> i32 {
entry:
    jump again
again:
    %r = syscall.write 1, 65536, 65536
    jump again
}
";

/// Writes 64 KiB to stdout until a write fails, then exits 7.
const WRITE_UNTIL_FULL: &str = "memory 2
func @main() -> i32 {
entry:
    jump again
again:
    %r = syscall.write 1, 65536, 65536
    %failed = lt_s %r, 0
    br_if %failed, full, again
full:
    ret 7
}
";

/// Reads stdin until its end.
const READ_ALL: &str = "memory 2
func @main() -> i32 {
entry:
    jump again
again:
    %n = syscall.read 0, 65536, 4096
    %more = gt_s %n, 0
    br_if %more, again, done
done:
    ret 0
}
";

/// Grows memory by 16 pages until it fails.
const GROW_LOOP: &str = "func @main() -> i32 {
entry:
    jump more
more:
    %old = memory.grow 16
    %failed = lt_s %old, 0
    br_if %failed, stop, more
stop:
    ret 1
}
";

/// Unbounded recursion with a shadow-stack frame.
const RECURSION: &str = "func @recurse(%n: i32) -> i32 {
    slot %s 64
entry:
    store.32 [%s], %n
    %m = add %n, 1
    %r = call @recurse(%m)
    ret %r
}
func @main() -> i32 {
entry:
    %r = call @recurse(0)
    ret %r
}
";

/// A memory of 60,000 pages (3.7 GiB) from the start.
const HUGE_MEMORY: &str = "memory 60000
func @main() -> i32 {
entry:
    ret 0
}
";

const HELLO: &str = "data @hi readonly = \"hi\\n\"
func @main() -> i32 {
entry:
    %p = addr @hi
    %r = syscall.write 1, %p, 3
    ret 0
}
";

/// An endless loop.
const SPIN: &str = "func @main() -> i32 {
entry:
    jump again(0)
again(%i: i32):
    %j = add %i, 1
    jump again(%j)
}
";

/// A module exporting `_start` (type 0: `[] -> []`) with `body`, plus `extra` sections
/// added by the caller before the code.
fn command_module(
    memories: &[MemoryType],
    tables: &[TableType],
    start_section: bool,
    body: impl FnOnce(&mut Function),
) -> Vec<u8> {
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], []);
    module.section(&types);
    let mut funcs = FunctionSection::new();
    funcs.function(0);
    module.section(&funcs);
    if !tables.is_empty() {
        let mut section = TableSection::new();
        for &table in tables {
            section.table(table);
        }
        module.section(&section);
    }
    if !memories.is_empty() {
        let mut section = MemorySection::new();
        for &memory in memories {
            section.memory(memory);
        }
        module.section(&section);
    }
    let mut exports = ExportSection::new();
    exports.export("_start", ExportKind::Func, 0);
    if !memories.is_empty() {
        exports.export("memory", ExportKind::Memory, 0);
    }
    module.section(&exports);
    if start_section {
        module.section(&StartSection { function_index: 0 });
    }
    let mut function = Function::new([]);
    body(&mut function);
    function.instructions().end();
    let mut code = CodeSection::new();
    code.function(&function);
    module.section(&code);
    module.finish()
}

fn memory(pages: u64) -> MemoryType {
    MemoryType {
        minimum: pages,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    }
}

/// `count` memories of `pages` pages each; `_start` fills every byte of each.
fn many_memories(count: u32, pages: u64) -> Vec<u8> {
    let memories = vec![memory(pages); count as usize];
    command_module(&memories, &[], false, |f| {
        let mut sink = f.instructions();
        for index in 0..count {
            sink.i32_const(0)
                .i32_const(1)
                .i32_const((pages * 65536) as i32)
                .memory_fill(index);
        }
    })
}

/// `count` memories of one page; `_start` grows each by `pages`, one page at a time,
/// and fills it.
fn many_growing_memories(count: u32, pages: u32) -> Vec<u8> {
    let memories = vec![memory(1); count as usize];
    command_module(&memories, &[], false, |f| {
        let mut sink = f.instructions();
        for index in 0..count {
            for _ in 0..pages {
                sink.i32_const(1).memory_grow(index).drop();
            }
            sink.i32_const(0)
                .i32_const(1)
                .i32_const((pages as i32 + 1) * 65536)
                .memory_fill(index);
        }
    })
}

/// `_start` loops on `table.grow(ref.null, 1000000)`.
fn table_grow_loop() -> Vec<u8> {
    let table = TableType {
        element_type: RefType::FUNCREF,
        table64: false,
        minimum: 0,
        maximum: None,
        shared: false,
    };
    command_module(&[], &[table], false, |f| {
        f.instructions()
            .loop_(BlockType::Empty)
            .ref_null(HeapType::FUNC)
            .i32_const(1_000_000)
            .table_grow(0)
            .drop()
            .br(0)
            .end();
    })
}

/// A start section that loops forever.
fn start_section_loop() -> Vec<u8> {
    command_module(&[memory(1)], &[], true, |f| {
        f.instructions().loop_(BlockType::Empty).br(0).end();
    })
}

// ---------------------------------------------------------------------------------------
// Running a child and measuring it

/// What a child did.
struct Measured {
    /// Exit status (`None` when killed by a signal).
    status: Option<i32>,
    /// Bytes written to stdout, and the first 4 KiB of them.
    stdout_len: u64,
    stdout: Vec<u8>,
    stderr: String,
    peak_rss_mb: u64,
    elapsed: Duration,
}

/// Reads a stream to its end, keeping its length and first 4 KiB.
fn drain(mut stream: impl Read) -> (u64, Vec<u8>) {
    let mut kept = Vec::new();
    let mut total = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        total += n as u64;
        let room = 4096usize.saturating_sub(kept.len());
        kept.extend_from_slice(&buf[..n.min(room)]);
    }
    (total, kept)
}

/// Runs `command` to its end and reads its peak RSS with `wait4`. With `stdin_open`,
/// its stdin is a pipe kept open and empty until it ends.
fn measure(mut command: Command, stdin_open: bool) -> Measured {
    let start = Instant::now();
    let mut child = command
        .stdin(if stdin_open {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the child starts");
    let pid = child.id() as libc::pid_t;
    let _open_stdin = child.stdin.take();
    let stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || drain(stdout));
    let err = std::thread::spawn(move || drain(stderr));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let done = done.clone();
        std::thread::spawn(move || {
            let until = Instant::now() + WATCHDOG;
            while Instant::now() < until {
                if done.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            // SAFETY: `pid` is our child, not yet reaped (`done` is unset).
            unsafe { libc::kill(pid, libc::SIGKILL) };
        })
    };
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is valid; `wait4` fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: plain system call on our own child with valid out-pointers.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        assert_eq!(
            std::io::Error::last_os_error().kind(),
            std::io::ErrorKind::Interrupted,
            "wait4 failed"
        );
    }
    done.store(true, Ordering::SeqCst);
    let elapsed = start.elapsed();
    watchdog.join().unwrap();
    let (stdout_len, stdout) = out.join().unwrap();
    let (_, stderr) = err.join().unwrap();
    // The child is reaped; keep `Child` from trying again.
    std::mem::forget(child);
    Measured {
        status: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout_len,
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        // Linux reports kilobytes.
        peak_rss_mb: usage.ru_maxrss as u64 / 1024,
        elapsed,
    }
}

// ---------------------------------------------------------------------------------------
// Executors

#[derive(Clone, Copy, Debug)]
enum Exec {
    Run,
    Interp,
    Library,
}

/// This test run's scratch directory (removed at the end).
fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join(format!("lir-hostile-{}", std::process::id()))
}

/// A file in this test run's scratch directory.
fn scratch(name: &str, contents: &[u8]) -> PathBuf {
    let dir = scratch_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn lirc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lirc"))
}

/// Compiles a `.lir` file to `.wasm` next to it.
fn compile(lir: &Path) -> PathBuf {
    let wasm = lir.with_extension("wasm");
    let out = lirc()
        .arg(lir)
        .arg("-o")
        .arg(&wasm)
        .output()
        .expect("lirc runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wasm
}

/// Runs `file` (`.lir` or `.wasm`) under `exec` with the `lirc` limit options `limits`.
fn execute(exec: Exec, file: &Path, limits: &[&str], stdin_open: bool) -> Measured {
    match exec {
        Exec::Run | Exec::Interp => {
            let mut command = lirc();
            command
                .arg(if matches!(exec, Exec::Run) {
                    "run"
                } else {
                    "interp"
                })
                .arg(file)
                .args(limits);
            measure(command, stdin_open)
        }
        Exec::Library => {
            let wasm = if file.extension().is_some_and(|e| e == "lir") {
                compile(file)
            } else {
                file.to_path_buf()
            };
            let mut command = Command::new(std::env::current_exe().unwrap());
            command.env(LIBRARY_HOST, "1").arg(wasm).args(limits);
            measure(command, stdin_open)
        }
    }
}

/// The library host: `hostile WASM [--fuel N] [--timeout S] [--max-memory B]
/// [--max-table-elements N]` runs the module's `_start` with those limits, stdout
/// captured. Prints `captured N bytes` to stdout; reports errors as `lirc` does.
fn library_host(args: &[String]) -> i32 {
    let mut limits = Limits::default();
    let mut rest = args.iter();
    let wasm = rest.next().expect("a .wasm file");
    while let Some(flag) = rest.next() {
        let value = rest.next().expect("a value");
        match flag.as_str() {
            "--fuel" => limits.fuel = Some(value.parse().unwrap()),
            "--timeout" => {
                let seconds = value.parse().unwrap();
                limits.timeout = Some(lirc::options::seconds(seconds).unwrap());
            }
            "--max-memory" => limits.max_memory = Some(lirc::options::byte_size(value).unwrap()),
            "--max-table-elements" => limits.max_table_elements = Some(value.parse().unwrap()),
            other => panic!("unknown option {other}"),
        }
    }
    let outcome = (|| {
        let runtime = Runtime::with_options(RuntimeOptions::with_limits())?;
        let module = runtime.load_file(wasm.as_ref())?;
        let mut instance = module.instantiate(InstanceConfig {
            wasi: WasiConfig {
                args: vec!["hostile".into()],
                stdin: Stdin::Inherit,
                stdout: Output::Capture,
                ..WasiConfig::default()
            },
            limits,
            ..InstanceConfig::default()
        })?;
        let status = instance.run();
        println!("captured {} bytes", instance.stdout().len());
        status
    })();
    match outcome {
        Ok(status) => status,
        Err(error) => {
            let failure = lirc::exit::runtime_failure(error);
            failure.print();
            failure.status.code() as i32
        }
    }
}

// ---------------------------------------------------------------------------------------
// Cases

/// What a case must end with.
struct Expect {
    /// `error[CODE]` on stderr (`None`: no error).
    code: Option<u32>,
    status: i32,
    max_rss_mb: u64,
    max_seconds: f64,
}

fn limit(code: u32, max_rss_mb: u64, max_seconds: f64) -> Expect {
    Expect {
        code: Some(code),
        status: 137,
        max_rss_mb,
        max_seconds,
    }
}

fn check(what: &str, m: &Measured, expect: &Expect) -> Result<(), String> {
    let fail = |why: String| {
        Err(format!(
            "{what}: {why}\n  status {:?}, {} MB, {:.2?}\n  stderr: {}",
            m.status, m.peak_rss_mb, m.elapsed, m.stderr
        ))
    };
    match expect.code {
        Some(code) if !m.stderr.starts_with(&format!("error[{code}]:")) => {
            return fail(format!("expected error[{code}]"))
        }
        None if !m.stderr.is_empty() => return fail("expected no error".into()),
        _ => {}
    }
    if m.status != Some(expect.status) {
        return fail(format!("expected exit status {}", expect.status));
    }
    if m.peak_rss_mb > expect.max_rss_mb {
        return fail(format!("peak RSS above {} MB", expect.max_rss_mb));
    }
    if m.elapsed.as_secs_f64() > expect.max_seconds {
        return fail(format!("took longer than {} s", expect.max_seconds));
    }
    Ok(())
}

/// One case: a program, executors, limit options and the expected end.
struct Case {
    name: &'static str,
    program: Program,
    execs: &'static [Exec],
    limits: &'static [&'static str],
    /// Standard input stays open and empty (a reader waits), instead of at its end.
    stdin_open: bool,
    expect: Expect,
}

enum Program {
    Lir(String),
    Wasm(fn() -> Vec<u8>),
}

const ALL: &[Exec] = &[Exec::Run, Exec::Interp, Exec::Library];
const WASMTIME: &[Exec] = &[Exec::Run, Exec::Library];
const CLI: &[Exec] = &[Exec::Run, Exec::Interp];

fn cases() -> Vec<Case> {
    let lir = |text: &str| Program::Lir(text.to_string());
    vec![
        Case {
            name: "sleep_past_timeout",
            program: Program::Lir(sleep_once(10_000_000_000)),
            execs: ALL,
            limits: &["--timeout", "0.5"],
            stdin_open: false,
            expect: limit(5012, 60, 3.0),
        },
        Case {
            name: "sleep_forever",
            program: Program::Lir(sleep_once(i64::MAX)),
            execs: ALL,
            limits: &["--timeout", "0.5"],
            stdin_open: false,
            expect: limit(5012, 60, 3.0),
        },
        Case {
            name: "loop_of_short_sleeps",
            program: lir(NAPS),
            execs: ALL,
            limits: &["--timeout", "0.5"],
            stdin_open: false,
            expect: limit(5012, 60, 3.0),
        },
        Case {
            name: "loop_of_large_writes",
            program: lir(WRITES),
            execs: CLI,
            limits: &["--timeout", "0.5"],
            stdin_open: false,
            expect: limit(5012, 60, 2.0),
        },
        Case {
            name: "blocking_read",
            program: lir(READ_ALL),
            execs: ALL,
            limits: &["--timeout", "0.5"],
            stdin_open: true,
            expect: limit(5012, 60, 3.0),
        },
        Case {
            name: "captured_output_is_bounded",
            program: lir(WRITE_UNTIL_FULL),
            execs: &[Exec::Library],
            limits: &["--max-memory", "16M"],
            stdin_open: false,
            expect: Expect {
                code: None,
                status: 7,
                max_rss_mb: 100,
                max_seconds: 10.0,
            },
        },
        Case {
            name: "memory_grow_loop",
            program: lir(GROW_LOOP),
            execs: ALL,
            limits: &["--max-memory", "64M"],
            stdin_open: false,
            expect: limit(5013, 130, 10.0),
        },
        Case {
            name: "huge_initial_memory",
            program: lir(HUGE_MEMORY),
            execs: ALL,
            limits: &["--max-memory", "64M"],
            stdin_open: false,
            expect: limit(5013, 60, 10.0),
        },
        Case {
            name: "deep_recursion",
            program: lir(RECURSION),
            execs: ALL,
            limits: &["--max-memory", "64M"],
            stdin_open: false,
            expect: Expect {
                code: Some(5002),
                status: 134,
                max_rss_mb: 100,
                max_seconds: 10.0,
            },
        },
        Case {
            name: "many_memories",
            program: Program::Wasm(|| many_memories(16, 900)),
            execs: WASMTIME,
            limits: &["--max-memory", "64M"],
            stdin_open: false,
            expect: limit(5013, 130, 10.0),
        },
        Case {
            name: "many_growing_memories",
            program: Program::Wasm(|| many_growing_memories(16, 200)),
            execs: WASMTIME,
            limits: &["--max-memory", "64M"],
            stdin_open: false,
            expect: limit(5013, 130, 10.0),
        },
        Case {
            name: "table_grow_loop",
            program: Program::Wasm(table_grow_loop),
            execs: WASMTIME,
            limits: &["--max-memory", "64M"],
            stdin_open: false,
            expect: limit(5013, 200, 10.0),
        },
        Case {
            name: "table_grow_loop_element_limit",
            program: Program::Wasm(table_grow_loop),
            execs: WASMTIME,
            limits: &["--fuel", "100000000"],
            stdin_open: false,
            // 10 million elements of 8 bytes, and the engine's copies while growing.
            expect: limit(5014, 250, 10.0),
        },
        Case {
            name: "start_section_loop_timeout",
            program: Program::Wasm(start_section_loop),
            execs: WASMTIME,
            limits: &["--timeout", "0.5"],
            stdin_open: false,
            expect: limit(5012, 60, 3.0),
        },
        Case {
            name: "start_section_loop_fuel",
            program: Program::Wasm(start_section_loop),
            execs: WASMTIME,
            limits: &["--fuel", "10000000"],
            stdin_open: false,
            expect: limit(5011, 60, 5.0),
        },
        Case {
            name: "huge_timeout_is_no_timeout",
            program: lir(HELLO),
            execs: ALL,
            limits: &["--timeout", "1e19"],
            stdin_open: false,
            expect: Expect {
                code: None,
                status: 0,
                max_rss_mb: 60,
                max_seconds: 5.0,
            },
        },
        Case {
            name: "huge_timeout_does_not_fire",
            program: lir(SPIN),
            execs: ALL,
            limits: &["--timeout", "184467440737095520", "--fuel", "20000000"],
            stdin_open: false,
            expect: limit(5011, 60, 10.0),
        },
    ]
}

fn run_case(case: &Case, exec: Exec) -> Result<(), String> {
    let file = match &case.program {
        Program::Lir(text) => scratch(&format!("{}-{exec:?}.lir", case.name), text.as_bytes()),
        Program::Wasm(build) => scratch(&format!("{}-{exec:?}.wasm", case.name), &build()),
    };
    let measured = execute(exec, &file, case.limits, case.stdin_open);
    let what = format!("{} under {exec:?}", case.name);
    check(&what, &measured, &case.expect)?;
    if case.name == "captured_output_is_bounded" {
        let text = String::from_utf8_lossy(&measured.stdout);
        let captured: u64 = text
            .trim()
            .strip_prefix("captured ")
            .and_then(|t| t.strip_suffix(" bytes"))
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("{what}: no byte count in {text:?}"))?;
        if captured == 0 || captured > 16 << 20 {
            return Err(format!("{what}: captured {captured} bytes, limit 16 MiB"));
        }
    }
    if case.name == "loop_of_large_writes" && measured.stdout_len > 4 << 30 {
        return Err(format!("{what}: wrote {} bytes", measured.stdout_len));
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if std::env::var_os(LIBRARY_HOST).is_some() {
        std::process::exit(library_host(&args));
    }
    let trials = cases()
        .into_iter()
        .map(Arc::new)
        .flat_map(|case| {
            case.execs.iter().map(move |&exec| {
                let case = case.clone();
                let name = format!("{}/{}", case.name, format!("{exec:?}").to_lowercase());
                libtest_mimic::Trial::test(name, move || run_case(&case, exec).map_err(Into::into))
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&libtest_mimic::Arguments::from_args(), trials);
    let _ = std::fs::remove_dir_all(scratch_dir());
    conclusion.exit();
}
