//! Checking where a program trapped: a run's backtrace against the `; trap-at:` and
//! `; backtrace:` directives (docs/testing.md). Unoptimized code must show the whole
//! expected backtrace; optimized code (where inlining merges frames and tail calls drop
//! them) only the innermost frame's location, which every optimization level keeps.
//! What this module does not do: decide whether the run trapped (see
//! [`crate::golden`]).

use crate::directives::Directives;
use crate::executor::{Frame, ProgramOutcome};

/// Checks `outcome`'s backtrace against the directives. Executors that report no
/// backtraces (`outcome.backtrace` is `None`) pass.
pub fn check(
    directives: &Directives,
    outcome: &ProgramOutcome,
    optimized: bool,
) -> Result<(), String> {
    let Some(want) = directives.trap_location() else {
        if directives.backtrace.is_empty() {
            return Ok(());
        }
        // Frames without locations only: compare them whole, in unoptimized code.
        return check_whole(&directives.backtrace, outcome, optimized);
    };
    let Some(frames) = &outcome.backtrace else {
        return Ok(());
    };
    let got = frames.first().and_then(|f| f.location.as_deref());
    if got != Some(want) {
        return Err(format!(
            "expected the trap at {want}, got {} (backtrace:{})",
            got.unwrap_or("no location"),
            render(frames)
        ));
    }
    check_whole(&directives.backtrace, outcome, optimized)
}

/// In unoptimized code, the backtrace must be `expected` exactly.
fn check_whole(
    expected: &[Frame],
    outcome: &ProgramOutcome,
    optimized: bool,
) -> Result<(), String> {
    let Some(frames) = &outcome.backtrace else {
        return Ok(());
    };
    if optimized || expected.is_empty() || frames == expected {
        return Ok(());
    }
    Err(format!(
        "expected the backtrace:{}\ngot:{}",
        render(expected),
        render(frames)
    ))
}

/// Frames as `; backtrace:` lines would spell them, one per line.
fn render(frames: &[Frame]) -> String {
    if frames.is_empty() {
        return " (none)".into();
    }
    frames.iter().map(|f| format!("\n  {f}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(frames: &[&str]) -> ProgramOutcome {
        ProgramOutcome {
            stdout: Vec::new(),
            stderr: Vec::new(),
            status: Err(crate::executor::Abnormal::Trap(lir::TrapKind::Unreachable)),
            backtrace: Some(frames.iter().map(|f| Frame::parse(f).unwrap()).collect()),
        }
    }

    fn directives(text: &str) -> Directives {
        Directives::parse(&format!("; trap: unreachable\n{text}")).unwrap()
    }

    #[test]
    fn checks_the_innermost_location_at_every_level() {
        let d = directives("; trap-at: t.lir:4:5");
        let good = outcome(&["@f (t.lir:4:5)", "@main (t.lir:9:5)"]);
        assert!(check(&d, &good, false).is_ok());
        assert!(check(&d, &good, true).is_ok());
        let bad = outcome(&["@f (t.lir:5:5)", "@main (t.lir:9:5)"]);
        let e = check(&d, &bad, true).unwrap_err();
        assert!(
            e.contains("expected the trap at t.lir:4:5, got t.lir:5:5"),
            "{e}"
        );
        assert!(check(&d, &outcome(&[]), false).is_err());
    }

    #[test]
    fn checks_whole_backtraces_in_unoptimized_code_only() {
        let d = directives("; backtrace: @f (t.lir:4:5)\n; backtrace: @main (t.lir:9:5)");
        let inlined = outcome(&["@main (t.lir:4:5)"]);
        assert!(check(&d, &inlined, true).is_ok());
        let e = check(&d, &inlined, false).unwrap_err();
        assert!(
            e.contains("\n  @f (t.lir:4:5)\n  @main (t.lir:9:5)\ngot:\n  @main (t.lir:4:5)"),
            "{e}"
        );
        let full = outcome(&["@f (t.lir:4:5)", "@main (t.lir:9:5)"]);
        assert!(check(&d, &full, false).is_ok());
    }

    #[test]
    fn executors_without_backtraces_pass() {
        let d = directives("; trap-at: t.lir:4:5");
        let mut none = outcome(&[]);
        none.backtrace = None;
        assert!(check(&d, &none, false).is_ok());
    }
}
