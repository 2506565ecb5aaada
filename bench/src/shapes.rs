//! Generated LIR programs of one stressful shape each, at any size, for the `scaling`
//! subcommand (and for reproducing a scaling problem by hand: `lir-bench scaling --emit
//! nest 10000 > nest.lir`).
//!
//! Every program is a `@main(%argc, %argv) -> i32` that runs quickly whatever its size
//! (loops iterate `argc` = 1 times) and exits with a status computed from all its parts,
//! so no stage can skip work. This module only writes text; it does not run anything.

use std::fmt::Write;

/// One shape of input, grown by its size parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A chain of `n` blocks, each passing an accumulator to the next.
    Chain,
    /// `n` loops nested in each other, each counting to `argc`.
    Nest,
    /// `n` if/else diamonds one after the other, merging through a block parameter.
    Diamonds,
    /// A dense `switch` of `n` keys, each case its own block.
    Switch,
    /// `n` values defined before a branch and all used after it.
    Live,
    /// `n` functions, all called from `@main`.
    Functions,
    /// A data object of `n` bytes (`n / 4` i32 words).
    Data,
    /// A loop whose header takes `n` block parameters.
    Params,
}

impl Shape {
    /// Every shape, in table order.
    pub const ALL: [Shape; 8] = [
        Shape::Chain,
        Shape::Nest,
        Shape::Diamonds,
        Shape::Switch,
        Shape::Live,
        Shape::Functions,
        Shape::Data,
        Shape::Params,
    ];

    /// The name used on the command line and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Chain => "chain",
            Shape::Nest => "nest",
            Shape::Diamonds => "diamonds",
            Shape::Switch => "switch",
            Shape::Live => "live",
            Shape::Functions => "functions",
            Shape::Data => "data",
            Shape::Params => "params",
        }
    }

    /// The shape called `name`.
    pub fn parse(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }

    /// What the size counts, for table headers.
    pub fn unit(self) -> &'static str {
        match self {
            Shape::Chain => "blocks",
            Shape::Nest => "loops deep",
            Shape::Diamonds => "diamonds",
            Shape::Switch => "keys",
            Shape::Live => "live values",
            Shape::Functions => "functions",
            Shape::Data => "data bytes",
            Shape::Params => "block params",
        }
    }

    /// The smallest of the default sizes (the others are 10× and 100× it).
    pub fn base_size(self) -> usize {
        match self {
            Shape::Chain => 1_000,
            Shape::Nest => 100,
            Shape::Diamonds => 500,
            Shape::Switch => 600,
            Shape::Live => 400,
            Shape::Functions => 100,
            Shape::Data => 100_000,
            Shape::Params => 400,
        }
    }

    /// The program of this shape at size `n` (at least 1).
    pub fn generate(self, n: usize) -> String {
        let n = n.max(1);
        let mut out = String::with_capacity(64 * n);
        if matches!(self, Shape::Nest | Shape::Live | Shape::Params) {
            // Past 50,000 values live at once the backend spills values to the shadow
            // stack (8 bytes each, twice over for parameters and their arguments).
            let bytes = (16 * n).next_multiple_of(65_536).max(65_536);
            let _ = writeln!(out, "stack {bytes}");
        }
        match self {
            Shape::Chain => chain(&mut out, n),
            Shape::Nest => nest(&mut out, n),
            Shape::Diamonds => diamonds(&mut out, n),
            Shape::Switch => switch(&mut out, n),
            Shape::Live => live(&mut out, n),
            Shape::Functions => functions(&mut out, n),
            Shape::Data => data(&mut out, n),
            Shape::Params => params(&mut out, n),
        }
        out
    }

    /// The exit status the program of size `n` must end with.
    pub fn expected_status(self, n: usize) -> i32 {
        let n = n.max(1) as u64;
        let v = match self {
            // acc = argc + 1 + 2 + ... + n
            Shape::Chain => 1 + n * (n + 1) / 2,
            Shape::Nest => 0,
            // odd acc: acc * 3; even: acc + 1; starting at argc = 1
            Shape::Diamonds => {
                let mut acc: u32 = 1;
                for _ in 0..n {
                    acc = if acc & 1 == 1 {
                        acc.wrapping_mul(3)
                    } else {
                        acc.wrapping_add(1)
                    };
                }
                u64::from(acc)
            }
            // switch on argc = 1 takes case 1
            Shape::Switch => {
                if n > 1 {
                    1
                } else {
                    1000 & 0xff
                }
            }
            // sum of argc + k for k < n, all with argc = 1
            Shape::Live => n + n * (n - 1) / 2,
            // f_k(x) = x + k, chained from argc = 1
            Shape::Functions => 1 + n * (n - 1) / 2,
            // the last word holds n/4 - 1 (or 0 for a one-word object)
            Shape::Data => (n / 4).max(1) - 1,
            // every parameter p_k = k + 1 after one round: the sum
            Shape::Params => n * (n + 1) / 2,
        };
        (v & 0xff) as i32
    }
}

const MAIN: &str = "func @main(%argc: i32, %argv: ptr) -> i32 {\n";

/// Ends `@main` with `ret (%v & 255)`.
fn ret_status(out: &mut String, v: &str) {
    let _ = writeln!(out, "    %status = and {v}, 255\n    ret %status\n}}");
}

fn chain(out: &mut String, n: usize) {
    out.push_str(MAIN);
    out.push_str("entry:\n    jump b0(%argc)\n");
    for k in 0..n {
        let _ = writeln!(
            out,
            "b{k}(%x{k}: i32):\n    %y{k} = add %x{k}, {}\n    jump b{}(%y{k})",
            k + 1,
            k + 1
        );
    }
    let _ = writeln!(out, "b{n}(%acc: i32):");
    ret_status(out, "%acc");
}

fn nest(out: &mut String, n: usize) {
    out.push_str(MAIN);
    out.push_str("entry:\n    jump h0(0)\n");
    for k in 0..n {
        let inner = if k + 1 < n {
            format!("h{}(0)", k + 1)
        } else {
            "body".to_string()
        };
        let exit = if k == 0 {
            "done".to_string()
        } else {
            format!("latch{}", k - 1)
        };
        let _ = writeln!(
            out,
            "h{k}(%i{k}: i32):\n    %c{k} = lt_s %i{k}, %argc\n    br_if %c{k}, {inner}, {exit}"
        );
        let _ = writeln!(
            out,
            "latch{k}:\n    %j{k} = add %i{k}, 1\n    jump h{k}(%j{k})"
        );
    }
    let _ = writeln!(out, "body:\n    jump latch{}", n - 1);
    out.push_str("done:\n    ret 0\n}\n");
}

fn diamonds(out: &mut String, n: usize) {
    out.push_str(MAIN);
    out.push_str("entry:\n    jump d0(%argc)\n");
    for k in 0..n {
        let _ = writeln!(
            out,
            "d{k}(%a{k}: i32):\n    %o{k} = and %a{k}, 1\n    br_if %o{k}, t{k}, e{k}\n\
             t{k}:\n    %m{k} = mul %a{k}, 3\n    jump d{}(%m{k})\n\
             e{k}:\n    %p{k} = add %a{k}, 1\n    jump d{}(%p{k})",
            k + 1,
            k + 1
        );
    }
    let _ = writeln!(out, "d{n}(%acc: i32):");
    ret_status(out, "%acc");
}

fn switch(out: &mut String, n: usize) {
    out.push_str(MAIN);
    out.push_str("entry:\n    switch %argc, join(1000), [");
    for k in 0..n {
        if k > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{k}: c{k}");
    }
    out.push_str("]\n");
    for k in 0..n {
        let _ = writeln!(out, "c{k}:\n    jump join({})", k & 0xff);
    }
    out.push_str("join(%r: i32):\n");
    ret_status(out, "%r");
}

fn live(out: &mut String, n: usize) {
    out.push_str(MAIN);
    out.push_str("entry:\n");
    for k in 0..n {
        let _ = writeln!(out, "    %v{k} = add %argc, {k}");
    }
    out.push_str("    %c = eqz %argc\n    br_if %c, zero, sum\nzero:\n    ret 0\nsum:\n");
    out.push_str("    %s0 = add %v0, 0\n");
    for k in 1..n {
        let _ = writeln!(out, "    %s{k} = add %s{}, %v{k}", k - 1);
    }
    ret_status(out, &format!("%s{}", n - 1));
}

fn functions(out: &mut String, n: usize) {
    for k in 0..n {
        let _ = writeln!(
            out,
            "func @f{k}(%x: i32) -> i32 {{\n    %y = add %x, {k}\n    ret %y\n}}"
        );
    }
    out.push_str(MAIN);
    out.push_str("    %r0 = add %argc, 0\n");
    for k in 0..n {
        let _ = writeln!(out, "    %r{} = call @f{k}(%r{k})", k + 1);
    }
    ret_status(out, &format!("%r{n}"));
}

fn data(out: &mut String, n: usize) {
    let words = (n / 4).max(1);
    out.push_str("data @words = { i32");
    for k in 0..words {
        let _ = write!(out, "{}{k}", if k == 0 { " " } else { ", " });
        if k % 16 == 15 {
            out.push('\n');
        }
    }
    out.push_str(" }\n");
    out.push_str(MAIN);
    let _ = writeln!(
        out,
        "    %p = addr @words + {}\n    %w = load.i32 [%p]",
        4 * (words - 1)
    );
    ret_status(out, "%w");
}

fn params(out: &mut String, n: usize) {
    out.push_str(MAIN);
    out.push_str("entry:\n    jump l(0");
    for k in 0..n {
        let _ = write!(out, ", {}", k);
    }
    out.push_str(")\nl(%round: i32");
    for k in 0..n {
        let _ = write!(out, ", %p{k}: i32");
    }
    out.push_str("):\n");
    for k in 0..n {
        let _ = writeln!(out, "    %q{k} = add %p{k}, 1");
    }
    out.push_str("    %next = add %round, 1\n    %again = lt_s %round, %argc\n");
    out.push_str("    br_if %again, l(%next");
    for k in 0..n {
        let _ = write!(out, ", %q{k}");
    }
    out.push_str("), out\nout:\n    %t0 = add %p0, 0\n");
    for k in 1..n {
        let _ = writeln!(out, "    %t{k} = add %t{}, %p{k}", k - 1);
    }
    ret_status(out, &format!("%t{}", n - 1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_parses_verifies_and_exits_as_predicted() {
        use lir::interp::{InterpConfig, Interpreter};
        for shape in Shape::ALL {
            for n in [1, 2, 7, 300] {
                let text = shape.generate(n);
                let module = lir::text::parse(&text)
                    .unwrap_or_else(|e| panic!("{} {n}: {e:?}\n{text}", shape.name()));
                lir::verify::verify(&module)
                    .unwrap_or_else(|e| panic!("{} {n}: {e:?}\n{text}", shape.name()));
                let config = InterpConfig::new().args(["prog"]);
                let mut interp = Interpreter::new(&module, config).unwrap();
                assert_eq!(
                    interp.run_main(),
                    Ok(shape.expected_status(n)),
                    "{} {n}",
                    shape.name()
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for shape in Shape::ALL {
            assert_eq!(Shape::parse(shape.name()), Some(shape));
        }
        assert_eq!(Shape::parse("nope"), None);
    }
}
