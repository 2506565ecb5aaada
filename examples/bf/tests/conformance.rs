//! Edge cases of the language itself, on the LIR interpreter at -O0 and -O2: every
//! byte value passes through `,` and `.` unchanged, every non-command byte (UTF-8 or
//! not) is a comment, and each folded idiom computes what its literal loop computes
//! (`--no-fold`), including wrap-around in both directions.

mod common;

use common::{run, Setup};
use lir_opt::OptLevel;

const LEVELS: [OptLevel; 2] = [OptLevel::O0, OptLevel::O2];

/// Output of `src` with `stdin`; the run must end normally.
fn out(src: &[u8], stdin: &[u8], setup: Setup) -> Vec<u8> {
    let outcome = run("t.b", src, stdin, setup);
    assert_eq!(
        outcome.result,
        Ok(0),
        "{} at {} (fold {})",
        String::from_utf8_lossy(src),
        setup.level,
        setup.fold
    );
    outcome.stdout
}

#[test]
fn every_byte_value_passes_through_input_and_output() {
    let all: Vec<u8> = (0..=255).collect();
    for level in LEVELS {
        // `.` of every value, counting up from 0 (the loop ends when the cell wraps).
        assert_eq!(out(b".+[.+]", b"", Setup::new(level)), all);
        // `,` then `.` of every value, the bytes 0 and 255 included; `,` at end of
        // input leaves the last byte in the cell.
        let src = ",.".repeat(257);
        let mut want = all.clone();
        want.push(255);
        assert_eq!(out(src.as_bytes(), &all, Setup::new(level)), want);
    }
}

#[test]
fn every_other_byte_is_a_comment() {
    let comments: Vec<u8> = (0..=255u8).filter(|b| !b"+-<>[].,".contains(b)).collect();
    // Non-UTF-8 sequences too: a lone continuation byte, a truncated lead, 0xFF.
    let mut src = comments.clone();
    src.extend(b"+\x80+\xc3(+\xff.");
    src.extend(&comments);
    for level in LEVELS {
        assert_eq!(out(&src, b"", Setup::new(level)), [3]);
        assert!(out(&comments, b"", Setup::new(level)).is_empty());
    }
}

#[test]
fn folded_idioms_match_their_literal_loops() {
    let programs: [&[u8]; 12] = [
        b"[-].[+].+[-].-[+].",                 // clears, on 0 and not
        b"+++[---].>-[+++++].>++[--].",        // odd steps clear; an even step that ends
        b"+++++++++++[->++++++++++++++++<]>.", // factor 16: 176
        b"+++++[->---<]>.",                    // negative factor wraps below 0
        b"-----[+>++<]>.",                     // counter step +1: 5 iterations
        b"+[->---------<]>.",                  // factor -9 once
        b"+++[->++++[->+++<]<]>>.",            // nested multiply loops: 36
        b"++++[->+>-->+++<<<]>.>.>.",          // several targets, mixed signs
        b">>+>+>+<<<+[>]<.",                   // scan right to the first 0
        b">>>>>+<+<+<+[<]>.",                  // scan left
        b"+>+>>+>>>+<<<<<<[>>]<.",             // scan by 2
        b">+>+>+[-<]>.>.",                     // a loop that moves the pointer
    ];
    for src in programs {
        for level in LEVELS {
            let folded = out(src, b"", Setup::new(level));
            let literal = Setup {
                fold: false,
                ..Setup::new(level)
            };
            assert_eq!(
                folded,
                out(src, b"", literal),
                "{}",
                String::from_utf8_lossy(src)
            );
            assert!(!folded.is_empty());
        }
    }
}

#[test]
fn the_last_cell_of_the_tape_is_usable() {
    for (tape, level) in [(1, OptLevel::O0), (1, OptLevel::O2), (65_537, OptLevel::O2)] {
        let src = format!("{}+++.[>]", ">".repeat(tape as usize - 1));
        let setup = Setup {
            tape,
            ..Setup::new(level)
        };
        let outcome = run("t.b", src.as_bytes(), b"", setup);
        // The scan from the last cell (3, not 0) moves off the tape: output, then a trap.
        assert_eq!(outcome.stdout, [3], "tape {tape} at {level}");
        assert!(outcome.stderr.contains(&format!("moved to cell {tape},")));
    }
}
