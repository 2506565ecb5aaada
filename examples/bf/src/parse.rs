//! Brainfuck program → a flat list of [`Op`]s, with the usual idioms folded.
//!
//! Every byte other than `+ - < > [ ] . ,` is a comment. Brackets are matched with an
//! explicit stack and loops stay flat ([`OpKind::LoopStart`] / [`OpKind::LoopEnd`]), so
//! no input, however deeply nested, makes the parser, the code generator or dropping
//! the ops recurse.
//!
//! With folding on, the parser rewrites as it goes:
//!
//! - runs of `+`/`-` become one [`OpKind::Add`] (modulo 256), runs of `<`/`>` one
//!   [`OpKind::Move`] (a net move of 0 disappears);
//! - `[-]`, `[+]` and any loop whose body is one odd `Add` become [`OpKind::Clear`];
//! - `[>]`, `[<<]`, … (a body of one move) become [`OpKind::Scan`];
//! - balanced loops of only `+ - < >` whose counter cell changes by -1 or +1 per
//!   iteration (`[->+>++<<]`) become [`OpKind::MulAdd`];
//! - loops that can never run are dropped: at the start of the program (every cell is
//!   0) and right after a loop or a folded loop (which leave the current cell 0).

use std::collections::BTreeMap;
use std::fmt;

/// A 1-based position in the source: line, and column in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// The largest distance one [`OpKind::Move`] or [`OpKind::Scan`] covers; longer runs
/// are split. It keeps `pointer + distance` from wrapping around 2^32 unnoticed (the
/// tape has at most 2^30 cells, see `codegen::MAX_TAPE`).
pub const MAX_MOVE: i32 = 1 << 30;

/// One operation on the tape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpKind {
    /// `cell += n` (modulo 256; never 0 when folding).
    Add(u8),
    /// `pointer += n`, then the bounds check.
    Move(i32),
    /// `cell = 0`.
    Clear,
    /// `while cell != 0 { pointer += step; bounds check }`.
    Scan(i32),
    /// A multiply loop. When the cell is not 0: check that `pointer + min` and
    /// `pointer + max` lie on the tape, let `n = cell` (counter step -1) or
    /// `n = -cell` (counter step +1), add `n * factor` to each target cell, clear the
    /// cell.
    MulAdd {
        targets: Vec<(i32, u8)>,
        min: i32,
        max: i32,
        counter_step: i8,
    },
    /// `.`
    Output,
    /// `,`
    Input,
    /// `[`, with the index of its `]`.
    LoopStart(usize),
    /// `]`, with the index of its `[`.
    LoopEnd(usize),
}

/// An operation and the position of its first character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    pub kind: OpKind,
    pub pos: Pos,
}

/// An unmatched bracket. Displays as `LINE:COL: error: unmatched '['`; prefix the
/// file name for a clang-style message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub pos: Pos,
    pub bracket: char,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Pos { line, col } = self.pos;
        write!(f, "{line}:{col}: error: unmatched '{}'", self.bracket)
    }
}

/// Parses `src`, folding idioms when `fold` is set. Returns every unmatched bracket
/// (in source order) on failure.
pub fn parse(src: &[u8], fold: bool) -> Result<Vec<Op>, Vec<ParseError>> {
    let mut p = Parser {
        ops: Vec::new(),
        open: Vec::new(),
        errors: Vec::new(),
        fold,
    };
    let (mut line, mut col) = (1u32, 0u32);
    for &byte in src {
        // Columns count characters: UTF-8 continuation bytes do not start one.
        if byte & 0xC0 != 0x80 {
            col = col.saturating_add(1);
        }
        let pos = Pos { line, col };
        match byte {
            b'\n' => {
                line = line.saturating_add(1);
                col = 0;
            }
            b'+' => p.add(1, pos),
            b'-' => p.add(255, pos),
            b'>' => p.move_by(1, pos),
            b'<' => p.move_by(-1, pos),
            b'.' => p.push(OpKind::Output, pos),
            b',' => p.push(OpKind::Input, pos),
            b'[' => {
                p.open.push((p.ops.len(), pos));
                p.push(OpKind::LoopStart(usize::MAX), pos);
            }
            b']' => p.close(pos),
            _ => {}
        }
    }
    for &(_, pos) in &p.open {
        p.errors.push(ParseError { pos, bracket: '[' });
    }
    if p.errors.is_empty() {
        Ok(p.ops)
    } else {
        p.errors.sort_by_key(|e| e.pos);
        Err(p.errors)
    }
}

struct Parser {
    ops: Vec<Op>,
    /// The open loops: index of the `LoopStart` and its position.
    open: Vec<(usize, Pos)>,
    errors: Vec<ParseError>,
    fold: bool,
}

impl Parser {
    fn push(&mut self, kind: OpKind, pos: Pos) {
        self.ops.push(Op { kind, pos });
    }

    fn add(&mut self, n: u8, pos: Pos) {
        if self.fold {
            if let Some(Op {
                kind: OpKind::Add(m),
                ..
            }) = self.ops.last_mut()
            {
                *m = m.wrapping_add(n);
                if *m == 0 {
                    self.ops.pop();
                }
                return;
            }
        }
        self.push(OpKind::Add(n), pos);
    }

    fn move_by(&mut self, n: i32, pos: Pos) {
        if self.fold {
            if let Some(Op {
                kind: OpKind::Move(m),
                ..
            }) = self.ops.last_mut()
            {
                if m.abs() < MAX_MOVE {
                    *m += n;
                    if *m == 0 {
                        self.ops.pop();
                    }
                    return;
                }
            }
        }
        self.push(OpKind::Move(n), pos);
    }

    fn close(&mut self, pos: Pos) {
        let Some((start, start_pos)) = self.open.pop() else {
            self.errors.push(ParseError { pos, bracket: ']' });
            return;
        };
        if !self.errors.is_empty() {
            // Only the errors matter now; keep the ops short.
            self.ops.truncate(start);
            return;
        }
        if self.fold {
            if self.leaves_zero_before(start) {
                self.ops.truncate(start); // a loop that never runs
                return;
            }
            if let Some(kind) = fold_loop(&self.ops[start + 1..]) {
                self.ops.truncate(start);
                self.push(kind, start_pos);
                return;
            }
        }
        let end = self.ops.len();
        self.ops[start].kind = OpKind::LoopStart(end);
        self.push(OpKind::LoopEnd(start), pos);
    }

    /// Whether the current cell is known to be 0 just before op `index`.
    fn leaves_zero_before(&self, index: usize) -> bool {
        match index.checked_sub(1).map(|i| &self.ops[i].kind) {
            None => true, // the start of the program
            Some(kind) => matches!(
                kind,
                OpKind::LoopEnd(_) | OpKind::Clear | OpKind::Scan(_) | OpKind::MulAdd { .. }
            ),
        }
    }
}

/// The idiom a loop body of simple ops is, if any.
fn fold_loop(body: &[Op]) -> Option<OpKind> {
    match body {
        [Op {
            kind: OpKind::Add(n),
            ..
        }] if n % 2 == 1 => return Some(OpKind::Clear),
        [Op {
            kind: OpKind::Move(n),
            ..
        }] => return Some(OpKind::Scan(*n)),
        _ => {}
    }
    // A multiply loop: only adds and moves, back where it started, counter step ±1.
    let (mut offset, mut min, mut max) = (0i64, 0i64, 0i64);
    let mut deltas: BTreeMap<i64, u8> = BTreeMap::new();
    for op in body {
        match op.kind {
            OpKind::Add(n) => {
                let d = deltas.entry(offset).or_insert(0);
                *d = d.wrapping_add(n);
            }
            OpKind::Move(n) => {
                offset += i64::from(n);
                min = min.min(offset);
                max = max.max(offset);
            }
            _ => return None,
        }
    }
    let limit = i64::from(MAX_MOVE);
    if offset != 0 || min < -limit || max > limit {
        return None;
    }
    let counter_step = match deltas.remove(&0) {
        Some(255) => -1,
        Some(1) => 1,
        _ => return None,
    };
    let targets = deltas
        .into_iter()
        .filter(|&(_, d)| d != 0)
        .map(|(o, d)| (o as i32, d))
        .collect();
    Some(OpKind::MulAdd {
        targets,
        min: min as i32,
        max: max as i32,
        counter_step,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<OpKind> {
        parse(src.as_bytes(), true)
            .unwrap()
            .into_iter()
            .map(|op| op.kind)
            .collect()
    }

    #[test]
    fn runs_fold_and_cancel() {
        assert_eq!(kinds("+++--"), [OpKind::Add(1)]);
        assert_eq!(kinds("+-><"), []);
        assert_eq!(kinds(">>><"), [OpKind::Move(2)]);
        assert_eq!(kinds("-"), [OpKind::Add(255)]);
    }

    #[test]
    fn idioms() {
        assert_eq!(kinds("+[-]"), [OpKind::Add(1), OpKind::Clear]);
        assert_eq!(kinds("+[+++]"), [OpKind::Add(1), OpKind::Clear]);
        assert_eq!(kinds("+[<<]"), [OpKind::Add(1), OpKind::Scan(-2)]);
        assert_eq!(
            kinds("+[->+>++<<]"),
            [
                OpKind::Add(1),
                OpKind::MulAdd {
                    targets: vec![(1, 1), (2, 2)],
                    min: 0,
                    max: 2,
                    counter_step: -1
                }
            ]
        );
        assert_eq!(
            kinds("+[<->+]"),
            [
                OpKind::Add(1),
                OpKind::MulAdd {
                    targets: vec![(-1, 255)],
                    min: -1,
                    max: 0,
                    counter_step: 1
                }
            ]
        );
        // Not idioms: an even clear, an unbalanced body, a counter step of 2.
        assert!(matches!(kinds("+[--]")[1], OpKind::LoopStart(3)));
        assert!(matches!(kinds("+[->+]")[1], OpKind::LoopStart(_)));
        assert!(matches!(kinds("+[-->+<]")[1], OpKind::LoopStart(_)));
    }

    #[test]
    fn dead_loops_are_dropped() {
        assert_eq!(kinds("[comment .,+-]+"), [OpKind::Add(1)]);
        assert_eq!(kinds("+[-][>]"), [OpKind::Add(1), OpKind::Clear]);
    }

    #[test]
    fn loops_link_both_ends() {
        let ops = kinds("+[.[.+]]");
        assert_eq!(ops[1], OpKind::LoopStart(7));
        assert_eq!(ops[3], OpKind::LoopStart(6));
        assert_eq!(ops[6], OpKind::LoopEnd(3));
        assert_eq!(ops[7], OpKind::LoopEnd(1));
    }

    #[test]
    fn no_folding() {
        let ops = parse(b"++[-]", false).unwrap();
        assert_eq!(ops.len(), 5);
    }

    #[test]
    fn unmatched_brackets_with_positions() {
        let errors = parse("+\n  ]\n[[ é]".as_bytes(), true).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            text,
            ["2:3: error: unmatched ']'", "3:1: error: unmatched '['"]
        );
        let errors = parse("x é[".as_bytes(), true).unwrap_err();
        assert_eq!(errors[0].to_string(), "1:4: error: unmatched '['");
    }
}
