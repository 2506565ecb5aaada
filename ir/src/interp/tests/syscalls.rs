//! System calls other than files: standard streams, arguments, environment, clocks,
//! randomness, sleep, exit, and program entry with `argv`.

use super::*;
use crate::interp::{CapturedOutput, InterpConfig, VirtualClock};
use crate::{Errno, Syscall};
use std::io::Read;
use Type::*;

/// A module with `@<name>(operands…) -> result` wrapping each `syscall.<name>`.
pub(super) fn syscall_module() -> Module {
    let mut m = Module::new();
    m.memory = Some(crate::MemoryDecl {
        min_pages: 4,
        max_pages: None,
        export: None,
    });
    for call in Syscall::ALL {
        let mut b = FnBuilder::new(call.name(), call.params(), call.results());
        let args = b.f.params.clone();
        let results = b.inst(InstKind::Syscall { call, args }, call.results());
        if call == Syscall::Exit {
            b.inst(InstKind::Trap, &[]);
        } else {
            b.ret(&results);
        }
        m.add_function(b.finish());
    }
    m
}

/// Where tests put buffers: past the shadow stack, in the module's 4 pages.
pub(super) const BUF: i32 = 0x20000;

/// Calls a syscall wrapper with i32 operands; returns its result as i64.
pub(super) fn sys(m: &mut Interpreter, call: Syscall, args: &[i64]) -> i64 {
    let imms: Vec<Imm> = call
        .params()
        .iter()
        .zip(args)
        .map(|(&ty, &a)| {
            if ty == I64 {
                Imm::i64(a)
            } else {
                Imm::i32(a as i32)
            }
        })
        .collect();
    let results = m
        .invoke(call.name(), &imms)
        .unwrap_or_else(|e| panic!("{}: {e}", call.name()));
    results.first().map_or(0, |r| r.as_i64())
}

pub(super) fn neg(e: Errno) -> i64 {
    e.negated() as i64
}

pub(super) fn put(m: &mut Interpreter, addr: i32, bytes: &[u8]) {
    m.memory_mut()[addr as usize..addr as usize + bytes.len()].copy_from_slice(bytes);
}

pub(super) fn get(m: &Interpreter, addr: i32, len: usize) -> Vec<u8> {
    m.memory()[addr as usize..addr as usize + len].to_vec()
}

#[test]
fn write_goes_to_the_standard_streams() {
    let (out, err) = (CapturedOutput::new(), CapturedOutput::new());
    let config = InterpConfig::new().stdout(out.clone()).stderr(err.clone());
    let mut m = instance_with(&syscall_module(), config);
    put(&mut m, BUF, b"Hello, WASM!\n");
    assert_eq!(sys(&mut m, Syscall::Write, &[1, BUF as i64, 13]), 13);
    assert_eq!(sys(&mut m, Syscall::Write, &[2, BUF as i64, 5]), 5);
    assert_eq!(sys(&mut m, Syscall::Write, &[1, BUF as i64, 0]), 0);
    assert_eq!(out.to_string_lossy(), "Hello, WASM!\n");
    assert_eq!(err.to_string_lossy(), "Hello");
    // Bad descriptors, then buffers outside memory.
    assert_eq!(
        sys(&mut m, Syscall::Write, &[0, BUF as i64, 1]),
        neg(Errno::BadF)
    );
    assert_eq!(
        sys(&mut m, Syscall::Write, &[7, BUF as i64, 1]),
        neg(Errno::BadF)
    );
    assert_eq!(
        sys(&mut m, Syscall::Write, &[-1, BUF as i64, 1]),
        neg(Errno::BadF)
    );
    let size = m.memory().len() as i64;
    assert_eq!(
        sys(&mut m, Syscall::Write, &[1, size - 2, 3]),
        neg(Errno::Fault)
    );
    assert_eq!(sys(&mut m, Syscall::Write, &[1, 0, -1]), neg(Errno::Fault));
    assert_eq!(sys(&mut m, Syscall::Write, &[7, size, 3]), neg(Errno::BadF));
    assert_eq!(out.contents().len(), 13);
}

/// A reader that returns at most `chunk` bytes per call.
struct Trickle {
    data: Vec<u8>,
    pos: usize,
    chunk: usize,
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.chunk).min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn read_returns_what_one_read_gives() {
    let stdin = Trickle {
        data: b"abcdefg".to_vec(),
        pos: 0,
        chunk: 3,
    };
    let mut m = instance_with(&syscall_module(), InterpConfig::new().stdin(stdin));
    let b = BUF as i64;
    assert_eq!(sys(&mut m, Syscall::Read, &[0, b, 100]), 3);
    assert_eq!(sys(&mut m, Syscall::Read, &[0, b + 3, 2]), 2);
    assert_eq!(sys(&mut m, Syscall::Read, &[0, b + 5, 100]), 2);
    assert_eq!(sys(&mut m, Syscall::Read, &[0, b + 7, 100]), 0);
    assert_eq!(get(&m, BUF, 7), b"abcdefg");
    assert_eq!(sys(&mut m, Syscall::Read, &[1, b, 1]), neg(Errno::BadF));
    assert_eq!(sys(&mut m, Syscall::Read, &[9, b, 1]), neg(Errno::BadF));
    let size = m.memory().len() as i64;
    assert_eq!(sys(&mut m, Syscall::Read, &[0, size, 1]), neg(Errno::Fault));
    assert_eq!(sys(&mut m, Syscall::Read, &[0, size, 0]), 0);

    let mut m = instance_with(&syscall_module(), InterpConfig::new().stdin_bytes("line\n"));
    assert_eq!(sys(&mut m, Syscall::Read, &[0, b, 100]), 5);
    assert_eq!(get(&m, BUF, 5), b"line\n");
}

#[test]
fn standard_streams_cannot_seek_and_can_be_closed() {
    let mut m = instance(&syscall_module());
    for fd in 0..3 {
        assert_eq!(sys(&mut m, Syscall::Seek, &[fd, 0, 0]), neg(Errno::SPipe));
    }
    assert_eq!(sys(&mut m, Syscall::Seek, &[5, 0, 0]), neg(Errno::BadF));
    assert_eq!(sys(&mut m, Syscall::Close, &[1]), 0);
    assert_eq!(
        sys(&mut m, Syscall::Write, &[1, BUF as i64, 1]),
        neg(Errno::BadF)
    );
    assert_eq!(sys(&mut m, Syscall::Close, &[1]), neg(Errno::BadF));
    assert_eq!(sys(&mut m, Syscall::Close, &[3]), neg(Errno::BadF));
}

#[test]
fn args_and_env_report_their_size_and_fill_big_enough_buffers() {
    let config = InterpConfig::new()
        .args(["prog", "a b", ""])
        .env("HOME", "/root")
        .envs([("X", "1")]);
    let mut m = instance_with(&syscall_module(), config);
    let b = BUF as i64;
    assert_eq!(sys(&mut m, Syscall::Args, &[0, 0]), 10);
    put(&mut m, BUF, &[0xee; 16]);
    assert_eq!(sys(&mut m, Syscall::Args, &[b, 9]), 10);
    assert_eq!(
        get(&m, BUF, 16),
        [0xee; 16],
        "a short buffer is not written"
    );
    assert_eq!(sys(&mut m, Syscall::Args, &[b, 10]), 10);
    assert_eq!(get(&m, BUF, 11), b"prog\0a b\0\0\xee");
    assert_eq!(sys(&mut m, Syscall::Env, &[b, 100]), 15);
    assert_eq!(get(&m, BUF, 15), b"HOME=/root\0X=1\0");
    let size = m.memory().len() as i64;
    assert_eq!(
        sys(&mut m, Syscall::Env, &[size - 4, 100]),
        neg(Errno::Fault)
    );
    assert_eq!(sys(&mut m, Syscall::Env, &[size - 4, 4]), 15);

    let mut empty = instance(&syscall_module());
    assert_eq!(sys(&mut empty, Syscall::Args, &[0, 0]), 0);
    assert_eq!(sys(&mut empty, Syscall::Env, &[b, 0]), 0);
}

#[test]
fn clocks_come_from_the_configured_clock() {
    let clock = VirtualClock::new(1_000_000_000).tick(5).resolution(1000);
    let mut m = instance_with(&syscall_module(), InterpConfig::new().clock(clock));
    assert_eq!(sys(&mut m, Syscall::ClockTime, &[0]), 1_000_000_000);
    assert_eq!(sys(&mut m, Syscall::ClockTime, &[1]), 5);
    assert_eq!(sys(&mut m, Syscall::Sleep, &[100]), 0);
    assert_eq!(sys(&mut m, Syscall::ClockTime, &[2]), 110);
    assert_eq!(sys(&mut m, Syscall::ClockTime, &[3]), 115);
    assert_eq!(sys(&mut m, Syscall::ClockRes, &[1]), 1000);
    assert_eq!(sys(&mut m, Syscall::ClockTime, &[4]), neg(Errno::Inval));
    assert_eq!(sys(&mut m, Syscall::ClockTime, &[-1]), neg(Errno::Inval));
    assert_eq!(sys(&mut m, Syscall::ClockRes, &[4]), neg(Errno::Inval));
    assert_eq!(sys(&mut m, Syscall::Sleep, &[-1]), neg(Errno::Inval));
}

#[test]
fn system_clock_is_real_and_sleep_sleeps() {
    let mut m = instance(&syscall_module());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64;
    let realtime = sys(&mut m, Syscall::ClockTime, &[0]);
    assert!(
        (realtime - now).abs() < 60_000_000_000,
        "{realtime} vs {now}"
    );
    let before = sys(&mut m, Syscall::ClockTime, &[1]);
    let start = std::time::Instant::now();
    assert_eq!(sys(&mut m, Syscall::Sleep, &[20_000_000]), 0);
    assert!(start.elapsed() >= std::time::Duration::from_millis(20));
    let after = sys(&mut m, Syscall::ClockTime, &[1]);
    assert!(after - before >= 20_000_000, "{before} {after}");
    assert!(sys(&mut m, Syscall::ClockRes, &[0]) > 0);
}

#[test]
fn sleep_past_the_timeout_waits_only_until_the_deadline() {
    let config = InterpConfig::new().timeout(std::time::Duration::from_millis(100));
    let mut m = instance_with(&syscall_module(), config);
    let start = std::time::Instant::now();
    let result = m.invoke("sleep", &[Imm::i64(i64::MAX)]);
    let elapsed = start.elapsed();
    assert!(
        matches!(result, Err(RunError::Timeout { .. })),
        "{result:?}"
    );
    assert!(
        elapsed >= std::time::Duration::from_millis(100),
        "{elapsed:?}"
    );
    assert!(elapsed < std::time::Duration::from_secs(2), "{elapsed:?}");
    // A sleep that ends before the deadline is untouched.
    assert_eq!(sys(&mut m, Syscall::Sleep, &[1_000_000]), 0);
}

#[test]
fn a_loop_of_short_sleeps_stops_at_the_timeout() {
    // Far fewer instructions than a time slice per sleep: the deadline is checked after
    // the system call, not only between slices.
    let module = parse(
        "func @naps() -> i32 {\nentry:\n    jump again\nagain:\n    %r = syscall.sleep 1000000\n    jump again\n}\n",
    );
    let config = InterpConfig::new().timeout(std::time::Duration::from_millis(100));
    let mut m = instance_with(&module, config);
    let start = std::time::Instant::now();
    let result = m.invoke("naps", &[]);
    assert!(
        matches!(result, Err(RunError::Timeout { .. })),
        "{result:?}"
    );
    assert!(
        start.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn random_is_reproducible_with_a_seed() {
    let fill = |seed: u64| {
        let mut m = instance_with(&syscall_module(), InterpConfig::new().random_seed(seed));
        assert_eq!(sys(&mut m, Syscall::Random, &[BUF as i64, 64]), 0);
        let size = m.memory().len() as i64;
        assert_eq!(
            sys(&mut m, Syscall::Random, &[size - 1, 2]),
            neg(Errno::Fault)
        );
        assert_eq!(sys(&mut m, Syscall::Random, &[size, 0]), 0);
        get(&m, BUF, 64)
    };
    assert_eq!(fill(7), fill(7));
    assert_ne!(fill(7), fill(8));
    assert!(fill(7).iter().any(|&b| b != 0));
    // Unseeded runs differ.
    let unseeded = |_| {
        let mut m = instance(&syscall_module());
        sys(&mut m, Syscall::Random, &[BUF as i64, 32]);
        get(&m, BUF, 32)
    };
    assert_ne!(unseeded(0), unseeded(1));
}

#[test]
fn run_main_returns_the_exit_status() {
    let status = |src: &str| load(src).run_main();
    assert_eq!(status("func @main() -> i32 {\n ret -3\n}"), Ok(-3));
    assert_eq!(status("func @main() {\n ret\n}"), Ok(0));
    let exits = "
        func @main() -> i32 {
            syscall.exit 42
            trap
        }";
    assert_eq!(status(exits), Ok(42));
    let nested_exit = "
        func @main() -> i32 {
            call @quit()
            ret 0
        }
        func @quit() {
            syscall.exit 7
            trap
        }";
    assert_eq!(status(nested_exit), Ok(7));
    assert_trap(
        status("func @main() {\n trap\n}"),
        TrapKind::Unreachable,
        "main",
    );
    let err = status("func @main(%x: i64) {\n ret\n}").unwrap_err();
    assert!(matches!(err, RunError::BadMain { .. }), "{err:?}");
    assert!(err.to_string().contains("(i64)"), "{err}");
    let missing = RunError::NoSuchFunction {
        name: "main".into(),
    };
    assert_eq!(status("func @other() {\n ret\n}"), Err(missing));
}

const ARGV_MAIN: &str = "
    global @argv: i32 mut = 0
    ; Saves argv in a global and returns argc.
    func @main(%argc: i32, %argv: ptr) -> i32 {
        global.set @argv, %argv
        ret %argc
    }";

#[test]
fn main_gets_argc_and_argv_on_the_shadow_stack() {
    let module = parse(ARGV_MAIN);
    let config = InterpConfig::new().args(["prog", "hello", ""]);
    let mut m = instance_with(&module, config);
    // The layout of the program with its start-up code (which makes system calls).
    let top = m.layout().stack_top as usize;
    assert_eq!(m.run_main(), Ok(3));
    // Pointers (4 × 4 bytes) then "prog\0hello\0\0" (12 bytes): 28 bytes, 32 allocated.
    let argv = m.global("argv").unwrap().bits() as usize;
    assert_eq!(argv, top - 32);
    let word = |i: usize| {
        let bytes = &m.memory()[argv + 4 * i..argv + 4 * i + 4];
        u32::from_le_bytes(bytes.try_into().unwrap())
    };
    let strings = argv as u32 + 16;
    let pointers = [word(0), word(1), word(2), word(3)];
    assert_eq!(pointers, [strings, strings + 5, strings + 11, 0]);
    assert_eq!(
        &m.memory()[argv + 16..argv + 32],
        b"prog\0hello\0\0\0\0\0\0"
    );
    assert_eq!(m.stack_pointer() as usize, top);

    // Without arguments argv holds only the null pointer.
    let mut m = instance(&module);
    assert_eq!(m.run_main(), Ok(0));
    assert_eq!(m.global("argv").unwrap().bits() as usize, top - 16);
}

#[test]
fn argv_that_does_not_fit_the_stack_traps() {
    let module = parse(&format!("stack 64\n{ARGV_MAIN}"));
    // 64 bytes plus the system-call scratch (lir::layout::SYSCALL_SCRATCH) cannot hold
    // 401 bytes of strings.
    let mut m = instance_with(&module, InterpConfig::new().args(["x".repeat(400)]));
    assert_trap(m.run_main(), TrapKind::CallStackExhausted, "__lir_start");
}
