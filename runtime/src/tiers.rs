//! Which of wasmtime's compilers compiles a module: Cranelift, the optimizing one, or
//! Winch, the baseline one.
//!
//! Cranelift makes the fast code, but its compile time is super-linear in the size of
//! a single function of some shapes (docs/backend.md "Scaling"): deep loop nests
//! (every counter is live through every inner loop, and its register allocator's work
//! grows with that), and functions with tens of thousands of control constructs (per
//! block tables sized by the function). Winch compiles in one pass, linear in the
//! function, to slower code. A module goes to Winch when one of its functions is past
//! a threshold at which Cranelift is known to take about a second or more; every other
//! module, every benchmark and every program a frontend makes of ordinary source, goes
//! to Cranelift.
//!
//! What this module does not do: compile anything, or decide for modules Winch cannot
//! compile (tail calls, debug info): [`crate::engine`] falls back to Cranelift then.

use wasmparser::{Operator, Parser, Payload};

/// The shape of one function body, as far as compile time depends on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BodyShape {
    /// `block`, `loop`, `if` and `else`, and the targets of every `br_table` (its
    /// default included).
    pub control: u64,
    /// The deepest nesting of `loop`s.
    pub loop_depth: u32,
    /// Declared locals (parameters not included).
    pub locals: u64,
    /// The most operators in a row that are not statements (not a `local.set`,
    /// `global.set`, `drop`, store, call or control operator): one long expression.
    pub expression: u64,
}

// Functions at or past any of these go to Winch. Measured on lir's output of the
// scaling shapes (docs/backend.md), Cranelift takes about a second on a 1,000-deep
// loop nest, on 10,000 if/else diamonds (20,000 control constructs), on an expression
// of 20,000 operators, and on 8,000 locals carried around one loop; Winch takes 10 ms
// on each.

/// Loops nested in each other.
pub(crate) const MAX_LOOP_DEPTH: u32 = 256;
/// Control constructs and `br_table` targets in one function.
pub(crate) const MAX_CONTROL: u64 = 20_000;
/// Operators of one expression.
pub(crate) const MAX_EXPRESSION: u64 = 5_000;
/// Locals of a function with a loop.
pub(crate) const MAX_LOCALS_AROUND_LOOPS: u64 = 5_000;

impl BodyShape {
    /// Whether Cranelift's compile time on this body may be far beyond its size.
    pub(crate) fn is_huge(&self) -> bool {
        self.loop_depth >= MAX_LOOP_DEPTH
            || self.control >= MAX_CONTROL
            || self.expression >= MAX_EXPRESSION
            || (self.loop_depth > 0 && self.locals >= MAX_LOCALS_AROUND_LOOPS)
    }
}

/// The shape of every function body of `bytes`, or `None` when the module does not
/// parse (the engine reports why).
pub(crate) fn body_shapes(bytes: &[u8]) -> Option<Vec<BodyShape>> {
    let mut shapes = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::CodeSectionEntry(body) = payload.ok()? {
            shapes.push(shape_of(&body).ok()?);
        }
    }
    Some(shapes)
}

fn shape_of(body: &wasmparser::FunctionBody<'_>) -> wasmparser::Result<BodyShape> {
    let mut shape = BodyShape::default();
    for local in body.get_locals_reader()? {
        shape.locals += u64::from(local?.0);
    }
    // Whether each open construct is a loop.
    let mut open: Vec<bool> = Vec::new();
    let mut loops = 0u32;
    let mut run = 0u64;
    let mut reader = body.get_operators_reader()?;
    while !reader.eof() {
        let operator = reader.read()?;
        if is_statement(&operator) {
            run = 0;
        } else {
            run += 1;
            shape.expression = shape.expression.max(run);
        }
        match operator {
            Operator::Block { .. } | Operator::If { .. } => {
                shape.control += 1;
                open.push(false);
            }
            Operator::Loop { .. } => {
                shape.control += 1;
                open.push(true);
                loops += 1;
                shape.loop_depth = shape.loop_depth.max(loops);
            }
            Operator::Else => shape.control += 1,
            // Closing a loop leaves one loop level.
            Operator::End => loops -= u32::from(open.pop() == Some(true)),
            Operator::BrTable { targets } => shape.control += u64::from(targets.len()) + 1,
            _ => {}
        }
    }
    Ok(shape)
}

/// Whether `operator` ends an expression: it leaves nothing on the operand stack for
/// the next one, or is control flow.
fn is_statement(operator: &Operator<'_>) -> bool {
    use Operator::*;
    matches!(
        operator,
        LocalSet { .. }
            | GlobalSet { .. }
            | Drop
            | I32Store { .. }
            | I64Store { .. }
            | F32Store { .. }
            | F64Store { .. }
            | I32Store8 { .. }
            | I32Store16 { .. }
            | I64Store8 { .. }
            | I64Store16 { .. }
            | I64Store32 { .. }
            | Call { .. }
            | CallIndirect { .. }
            | ReturnCall { .. }
            | ReturnCallIndirect { .. }
            | Block { .. }
            | Loop { .. }
            | If { .. }
            | Else
            | End
            | Br { .. }
            | BrIf { .. }
            | BrTable { .. }
            | Return
            | Unreachable
            | MemoryCopy { .. }
            | MemoryFill { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module whose one function has `body` (WebAssembly text) and `locals` i32 locals.
    fn shape(locals: usize, body: &str) -> BodyShape {
        let locals = " i32".repeat(locals);
        let text = format!("(module (func (param i32) (result i32) (local{locals}) {body}))");
        let bytes = wat::parse_str(&text).expect("valid text");
        body_shapes(&bytes).expect("parses")[0]
    }

    fn loop_nest(depth: usize) -> String {
        "(loop ".repeat(depth) + "(br_if 0 (local.get 0))" + &")".repeat(depth) + " (i32.const 0)"
    }

    #[test]
    fn loop_nests_are_huge_from_256_deep() {
        let deep = shape(0, &loop_nest(256));
        assert_eq!((deep.loop_depth, deep.control), (256, 256));
        assert!(deep.is_huge());
        assert!(!shape(0, &loop_nest(255)).is_huge());
        // Blocks do not count as loop depth: a switch nests one block per case.
        let blocks = "(block ".repeat(300) + &")".repeat(300) + " (i32.const 0)";
        let switch = shape(0, &blocks);
        assert_eq!((switch.loop_depth, switch.control), (0, 300));
        assert!(!switch.is_huge());
    }

    #[test]
    fn control_constructs_and_table_targets_count() {
        let diamonds =
            "(if (local.get 0) (then (nop)) (else (nop)))".repeat(10_000) + " (i32.const 0)";
        assert_eq!(shape(0, &diamonds).control, 20_000);
        assert!(shape(0, &diamonds).is_huge());
        let targets = " 0".repeat(19_998);
        let table = format!("(block (br_table{targets} 0 (local.get 0))) (i32.const 0)");
        assert_eq!(shape(0, &table).control, 19_999 + 1);
        assert!(shape(0, &table).is_huge());
    }

    #[test]
    fn long_expressions_are_huge() {
        let chain = |n: usize| "(local.get 0)".to_string() + &" (i32.const 1) (i32.add)".repeat(n);
        let long = shape(0, &chain(2_500));
        assert_eq!(long.expression, 5_001);
        assert!(long.is_huge());
        assert!(!shape(0, &chain(2_000)).is_huge());
        // Statements end expressions: the same operators with a `local.set` between
        // each pair of additions.
        let statements =
            "(local.set 0 (i32.add (local.get 0) (i32.const 1)))".repeat(3_000) + " (local.get 0)";
        let short = shape(0, &statements);
        assert_eq!(short.expression, 3);
        assert!(!short.is_huge());
    }

    #[test]
    fn many_locals_are_huge_only_around_a_loop() {
        assert!(!shape(5_000, "(i32.const 0)").is_huge());
        assert!(shape(5_000, &loop_nest(1)).is_huge());
        assert!(!shape(4_999, &loop_nest(1)).is_huge());
    }

    #[test]
    fn a_module_that_does_not_parse_has_no_shapes() {
        assert_eq!(body_shapes(b"\0asm\x01\0\0\0\x0a\x05"), None);
    }
}
