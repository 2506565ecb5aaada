//! The behaviour the README promises, on the LIR interpreter at -O0 and -O2: wrapping
//! cells, `,` at end of input, buffered output (blocks of 4096 bytes, flushed before
//! input and at the end), traps with a located message when the pointer leaves the
//! tape, and source locations in the LIR.

mod common;

use common::{module, run, run_module, Setup};
use lir::interp::{CapturedOutput, RunError};
use lir::TrapKind;
use lir_opt::OptLevel;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

const LEVELS: [OptLevel; 2] = [OptLevel::O0, OptLevel::O2];

fn out(src: &str, stdin: &[u8], level: OptLevel) -> Vec<u8> {
    let outcome = run("t.b", src.as_bytes(), stdin, Setup::new(level));
    assert_eq!(outcome.result, Ok(0), "{src} at {level}");
    outcome.stdout
}

#[test]
fn cells_wrap_at_8_bits() {
    for level in LEVELS {
        assert_eq!(out("-.", b"", level), [255]);
        assert_eq!(out(&format!("{}.", "+".repeat(257)), b"", level), [1]);
        assert_eq!(out("-+.", b"", level), [0]);
        // A multiply loop wraps too: 16 * 16 = 0, 3 * 255 = 253.
        assert_eq!(
            out("++++++++++++++++[->++++++++++++++++<]>.", b"", level),
            [0]
        );
        assert_eq!(out("+++[->-<]>.", b"", level), [253]);
        // Counter step +1: from 254 the loop runs twice.
        assert_eq!(out("--[+>+<]>.", b"", level), [2]);
    }
}

#[test]
fn input_at_end_leaves_the_cell_unchanged() {
    for level in LEVELS {
        assert_eq!(out("+++,.", b"", level), [3]);
        assert_eq!(out(",.,.", b"a", level), b"aa");
        assert_eq!(out(",[.[-],]", b"xyz", level), b"xyz");
    }
}

#[test]
fn output_is_exact_around_the_buffer_size() {
    for level in LEVELS {
        for n in [0, 1, 4095, 4096, 4097, 8192, 10_000] {
            let src = format!("{}{}", "+".repeat(65), ".".repeat(n));
            assert_eq!(out(&src, b"", level), vec![b'A'; n], "{n} bytes at {level}");
        }
    }
}

/// A writer that records the size of every write.
#[derive(Clone, Default)]
struct Writes(Arc<Mutex<Vec<usize>>>);

impl Write for Writes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().push(buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn output_is_written_in_blocks() {
    // 10 000 bytes (of cell 3, 0) from loops: 40 * 10 * 25.
    let src = "++++++++++++++++++++++++++++++++++++++++[>++++++++++[>+++++++++++++++++++++++++\
               [>.<-]<-]<-]";
    for level in LEVELS {
        let module = module("t.b", src.as_bytes(), Setup::new(level));
        let writes = Writes::default();
        let config = lir::interp::InterpConfig::new()
            .fuel(100_000_000)
            .stdout(writes.clone());
        let mut interp = lir::interp::Interpreter::new(&module, config).unwrap();
        assert_eq!(interp.run_main(), Ok(0));
        assert_eq!(*writes.0.lock().unwrap(), [4096, 4096, 1808], "at {level}");
    }
}

/// Standard input that records what standard output held at each read.
struct Snooping {
    stdout: CapturedOutput,
    seen: Arc<Mutex<Vec<Vec<u8>>>>,
    input: std::vec::IntoIter<u8>,
}

impl Read for Snooping {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.seen.lock().unwrap().push(self.stdout.contents());
        match (buf.first_mut(), self.input.next()) {
            (Some(slot), Some(byte)) => {
                *slot = byte;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[test]
fn output_is_flushed_before_input() {
    let src = "+++++++++[>++++++++<-]>.+.,.,.";
    for level in LEVELS {
        let module = module("t.b", src.as_bytes(), Setup::new(level));
        let stdout = CapturedOutput::new();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stdin = Snooping {
            stdout: stdout.clone(),
            seen: seen.clone(),
            input: b"!".to_vec().into_iter(),
        };
        let config = lir::interp::InterpConfig::new()
            .fuel(1_000_000)
            .stdin(stdin)
            .stdout(stdout.clone());
        let mut interp = lir::interp::Interpreter::new(&module, config).unwrap();
        assert_eq!(interp.run_main(), Ok(0));
        assert_eq!(stdout.contents(), b"HI!!");
        assert_eq!(*seen.lock().unwrap(), [b"HI".to_vec(), b"HI!".to_vec()]);
    }
}

fn trap(src: &str, tape: u32, level: OptLevel, fold: bool) -> (Vec<u8>, String) {
    let setup = Setup {
        tape,
        fold,
        ..Setup::new(level)
    };
    let outcome = run("oob.b", src.as_bytes(), b"", setup);
    match outcome.result {
        Err(RunError::Trap {
            kind: TrapKind::Unreachable,
            ..
        }) => {}
        other => panic!("{src} at {level}: {other:?}"),
    }
    (outcome.stdout, outcome.stderr)
}

fn message(at: &str, cell: i64, tape: u32) -> String {
    let last = tape - 1;
    format!(
        "oob.b:{at}: error: data pointer moved to cell {cell}, outside the tape \
         (cells 0 to {last})\n"
    )
}

#[test]
fn leaving_the_tape_traps_with_a_located_message() {
    for level in LEVELS {
        // Output before the trap is flushed; a folded run is located at its start.
        let (stdout, stderr) = trap("++++++++[>++++++++<-]>+.<<", 30_000, level, true);
        assert_eq!(stdout, b"A");
        assert_eq!(stderr, message("1:25", -1, 30_000));
        // Unfolded, the second `<` is the culprit.
        let (_, stderr) = trap("++++++++[>++++++++<-]>+.<<", 30_000, level, false);
        assert_eq!(stderr, message("1:26", -1, 30_000));
        // The right end, on line 3.
        let (_, stderr) = trap("+\n\n  >>>>.", 4, level, true);
        assert_eq!(stderr, message("3:3", 4, 4));
        // A multiply loop checks the cells it visits, located at its `[`.
        let (_, stderr) = trap("+[-<+>]", 10, level, true);
        assert_eq!(stderr, message("1:2", -1, 10));
        let (_, stderr) = trap(">+[->>>+<<<]", 4, level, true);
        assert_eq!(stderr, message("1:3", 4, 4));
        // A scan loop runs off the end.
        let (_, stderr) = trap("+>+>+[>]", 3, level, true);
        assert_eq!(stderr, message("1:6", 3, 3));
        // A long run far off the tape.
        let (_, stderr) = trap(&"<".repeat(100_000), 30_000, level, true);
        assert_eq!(stderr, message("1:1", -100_000, 30_000));
    }
}

#[test]
fn moves_that_stay_on_the_tape_do_not_trap() {
    for level in LEVELS {
        // Cell 3 is the last of a 4-cell tape; a multiply loop that is never entered
        // checks nothing.
        let setup = Setup {
            tape: 4,
            ..Setup::new(level)
        };
        let outcome = run("t.b", b">>>+.<<<[<<<<+>>>>-]", b"", setup);
        assert_eq!(outcome.result, Ok(0));
        assert_eq!(outcome.stdout, [1]);
    }
}

#[test]
fn instructions_carry_b_locations() {
    let m = module("prog.b", b"+\n  [->+<]\n.", Setup::new(OptLevel::O0));
    let text = lir::text::print(&m);
    assert!(text.contains("file 1 \"prog.b\""), "{text}");
    for loc in ["loc 1:1:1", "loc 1:2:3", "loc 1:3:1"] {
        assert!(text.contains(loc), "{loc} missing:\n{text}");
    }
    // The optimizer keeps them.
    let m = module("prog.b", b"+\n  [->+<]\n.", Setup::new(OptLevel::O2));
    let text = lir::text::print(&m);
    assert!(text.contains("loc 1:2:3"), "{text}");
}

#[test]
fn a_deep_loop_nest_compiles_and_runs() {
    // Nothing in bf recurses over the nesting. (-O2 is left out: loop-rotate and licm
    // take time quadratic in the depth, see the README.)
    let src = format!("+{}-{}+.", "[".repeat(5000), "]".repeat(5000));
    for level in [OptLevel::O0, OptLevel::O1] {
        let m = module("deep.b", src.as_bytes(), Setup::new(level));
        let outcome = run_module(&m, std::io::empty(), 10_000_000);
        assert_eq!(outcome.result, Ok(0));
        assert_eq!(outcome.stdout, [1]);
        let (wasm, _) = bf::to_wasm(&m, OptLevel::O0, lir_wasi::Target::Wasip1).unwrap();
        lir_wasm::validate(&wasm, lir_wasm::Features::default()).unwrap();
    }
}
