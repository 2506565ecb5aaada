//! Randomized tests: arbitrary bytes never make `bf` panic or emit invalid LIR, and
//! random programs compute what a plain reference interpreter computes, at -O0 and
//! -O2, with and without idiom folding.

mod common;

use common::{module, run_module, Setup};
use lir::interp::RunError;
use lir_opt::OptLevel;

/// xorshift64*: deterministic, good enough for test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn balanced(src: &[u8]) -> bool {
    let mut depth = 0i64;
    for &b in src {
        depth += match b {
            b'[' => 1,
            b']' if depth == 0 => return false,
            b']' => -1,
            _ => 0,
        };
    }
    depth == 0
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..600 {
        let len = rng.below(120) as usize;
        let src: Vec<u8> = (0..len)
            .map(|_| match rng.below(10) {
                0..=6 => b"+-<>[].,"[rng.below(8) as usize],
                7 => b'\n',
                _ => rng.below(256) as u8,
            })
            .collect();
        for fold in [true, false] {
            match bf::parse::parse(&src, fold) {
                Err(errors) => {
                    assert!(!balanced(&src), "{src:?}");
                    assert!(!errors.is_empty());
                    for e in errors {
                        assert!(e.to_string().contains(": error: unmatched '"));
                    }
                }
                Ok(ops) => {
                    assert!(balanced(&src), "{src:?}");
                    let config = bf::Config {
                        tape_cells: 1 + rng.below(40) as u32,
                        file_name: "fuzz.b".into(),
                    };
                    let mut m = bf::codegen::compile(&ops, &config);
                    lir::verify::verify(&m).unwrap_or_else(|e| panic!("{src:?}: {e}"));
                    if case % 4 == 0 {
                        let (wasm, _) = bf::to_wasm(&m, OptLevel::O2, lir_wasi::Target::Wasip1)
                            .unwrap_or_else(|e| panic!("{src:?}: {e}"));
                        lir_wasm::validate(&wasm, Default::default()).unwrap();
                    }
                    bf::optimize(&mut m, OptLevel::O2).unwrap();
                    lir::verify::verify(&m).unwrap_or_else(|e| panic!("{src:?}: {e}"));
                }
            }
        }
    }
}

/// How a reference run ended.
#[derive(Debug, PartialEq)]
enum End {
    Done,
    OffTape,
    TooLong,
}

/// The reference: one command at a time, the pointer checked at every `<` and `>`.
fn reference(src: &[u8], tape: usize, input: &[u8], max_steps: u64) -> (Vec<u8>, End) {
    let code: Vec<u8> = src
        .iter()
        .copied()
        .filter(|b| b"+-<>[].,".contains(b))
        .collect();
    let mut jump = vec![0; code.len()];
    let mut open = Vec::new();
    for (i, &c) in code.iter().enumerate() {
        if c == b'[' {
            open.push(i);
        } else if c == b']' {
            let j = open.pop().unwrap();
            (jump[i], jump[j]) = (j, i);
        }
    }
    let (mut cells, mut p, mut pc, mut steps) = (vec![0u8; tape], 0usize, 0usize, 0u64);
    let (mut out, mut input) = (Vec::new(), input.iter());
    while pc < code.len() {
        steps += 1;
        if steps > max_steps {
            return (out, End::TooLong);
        }
        match code[pc] {
            b'+' => cells[p] = cells[p].wrapping_add(1),
            b'-' => cells[p] = cells[p].wrapping_sub(1),
            b'>' if p + 1 == tape => return (out, End::OffTape),
            b'<' if p == 0 => return (out, End::OffTape),
            b'>' => p += 1,
            b'<' => p -= 1,
            b'.' => out.push(cells[p]),
            b',' => {
                if let Some(&b) = input.next() {
                    cells[p] = b;
                }
            }
            b'[' if cells[p] == 0 => pc = jump[pc],
            b']' if cells[p] != 0 => pc = jump[pc],
            _ => {}
        }
        pc += 1;
    }
    (out, End::Done)
}

/// A random balanced program, biased to move right and to count loops down.
fn program(rng: &mut Rng, depth: u32, out: &mut Vec<u8>) {
    let len = 1 + rng.below(12);
    for _ in 0..len {
        match rng.below(20) {
            0..=3 => out.push(b'+'),
            4..=7 => out.push(b'-'),
            8..=11 => out.push(b'>'),
            12..=13 => out.push(b'<'),
            14 => out.push(b'.'),
            15 => out.push(b','),
            _ if depth < 3 => {
                out.extend_from_slice(if rng.below(2) == 0 { b"[-" } else { b"[" });
                program(rng, depth + 1, out);
                out.push(b']');
            }
            _ => out.push(b'.'),
        }
    }
}

#[test]
fn random_programs_match_the_reference() {
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    let (mut compared, mut off_tape) = (0, 0);
    for _ in 0..600 {
        let mut src = Vec::new();
        if rng.below(2) == 0 {
            src.extend_from_slice(b"++++++++"); // start with something to loop on
        }
        program(&mut rng, 0, &mut src);
        let tape = 4 + rng.below(30) as u32;
        let input: Vec<u8> = (0..rng.below(4)).map(|_| rng.below(256) as u8).collect();
        let (expected, end) = reference(&src, tape as usize, &input, 20_000);
        if end == End::TooLong {
            continue;
        }
        let fuel = 2_000_000;
        let mut folded = Vec::new();
        for fold in [false, true] {
            for level in [OptLevel::O0, OptLevel::O2] {
                let setup = Setup {
                    level,
                    fold,
                    tape,
                    fuel,
                };
                let m = module("fuzz.b", &src, setup);
                let outcome = run_module(&m, std::io::Cursor::new(input.clone()), fuel);
                let what = format!("{} fold={fold} {level}", String::from_utf8_lossy(&src));
                let trapped = matches!(outcome.result, Err(RunError::Trap { .. }));
                match end {
                    End::Done => {
                        assert_eq!(outcome.result, Ok(0), "{what}");
                        assert_eq!(outcome.stdout, expected, "{what}");
                    }
                    // Unfolded code checks every move, like the reference.
                    End::OffTape if !fold => {
                        assert!(trapped, "{what}: {:?}", outcome.result);
                        assert_eq!(outcome.stdout, expected, "{what}");
                        assert!(outcome.stderr.contains("outside the tape"), "{what}");
                    }
                    // Folded code checks net moves only, so it may go on: compare the
                    // levels with each other.
                    _ => folded.push(outcome),
                }
            }
        }
        if let [o0, o2] = &folded[..] {
            let fuel_ran_out =
                |o: &common::Outcome| matches!(o.result, Err(RunError::OutOfFuel { .. }));
            // Inlining may change which function traps, not how.
            let seen = |o: &common::Outcome| {
                let result = o.result.as_ref().map_err(|e| e.trap_kind());
                (o.stdout.clone(), o.stderr.clone(), result.copied())
            };
            if !fuel_ran_out(o0) && !fuel_ran_out(o2) {
                assert_eq!(seen(o0), seen(o2), "{}", String::from_utf8_lossy(&src));
            }
            off_tape += 1;
        }
        compared += 1;
    }
    println!("{compared} programs compared, {off_tape} of them leave the tape");
    assert!(compared > 100 && off_tape > 10, "{compared} / {off_tape}");
}
