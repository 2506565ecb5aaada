//! The inliner's cost model: how big a body is, what a call costs, and whether one
//! call site is worth inlining.
//!
//! Sizes are [`crate::analysis::size`]'s: about one unit per WebAssembly instruction
//! that carries work. A call costs one unit plus one per argument (the values it
//! pushes).

pub use crate::analysis::size::body_size;
use crate::options::Tuning;

/// What a direct call with `args` arguments costs where it stands.
pub fn call_cost(args: usize) -> u32 {
    1 + args.min(u32::MAX as usize - 1) as u32
}

/// How much a caller of `size` may grow by inlining calls that do not shrink it:
/// `inline_growth_percent` of its size, but at least `inline_growth_floor` and one
/// callee of the largest size the policy admits (`inline_threshold +
/// inline_loop_bonus`), so that a small function with a hot loop can still take in
/// the calls in its loop.
pub fn growth_budget(tuning: &Tuning, size: u32) -> u32 {
    let relative = (size as u64 * tuning.inline_growth_percent as u64 / 100).min(u32::MAX as u64);
    let floor = tuning
        .inline_threshold
        .saturating_add(tuning.inline_loop_bonus)
        .max(tuning.inline_growth_floor);
    (relative as u32).max(floor)
}

/// One call site, as the policy sees it.
#[derive(Clone, Copy, Debug)]
pub struct Site {
    /// The callee's size ([`body_size`]).
    pub callee_size: u32,
    /// [`call_cost`] of the call.
    pub call_cost: u32,
    /// How many loops contain the call.
    pub loop_depth: u32,
    /// This is the callee's only call site, and nothing else can call it (it is no
    /// entry point and its address is not taken), so it goes away once inlined.
    pub only_use: bool,
    /// Inlining may grow the caller: the callee neither loops nor does I/O (whose
    /// cost would dwarf the call's).
    pub worth_growing: bool,
}

/// Why a call site is inlined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The callee is no bigger than the call: the code shrinks.
    Shrinks,
    /// The callee's only use: it is deleted afterwards (by `tree-shake`).
    OnlyUse,
    /// Within the threshold and the caller's growth budget; the caller grows by this.
    Grows(u32),
}

/// Whether to inline `site`, given how much growth the caller has left.
pub fn decide(tuning: &Tuning, site: &Site, budget_left: u32) -> Option<Decision> {
    if site.callee_size <= site.call_cost {
        return Some(Decision::Shrinks);
    }
    if site.only_use {
        return Some(Decision::OnlyUse);
    }
    if tuning.inline_threshold == 0 || !site.worth_growing {
        return None;
    }
    let bonus = if site.loop_depth > 0 {
        tuning.inline_loop_bonus
    } else {
        0
    };
    if site.callee_size > tuning.inline_threshold.saturating_add(bonus) {
        return None;
    }
    let growth = site.callee_size - site.call_cost;
    (growth <= budget_left).then_some(Decision::Grows(growth))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::OptLevel;

    fn site(callee_size: u32, loop_depth: u32) -> Site {
        Site {
            callee_size,
            call_cost: 2,
            loop_depth,
            only_use: false,
            worth_growing: true,
        }
    }

    #[test]
    fn levels_inline_what_they_should() {
        let o2 = OptLevel::O2.tuning();
        let oz = OptLevel::Oz.tuning();
        assert_eq!(decide(&oz, &site(2, 0), 0), Some(Decision::Shrinks));
        assert_eq!(decide(&oz, &site(3, 3), 1000), None);
        let only = Site {
            only_use: true,
            ..site(500, 0)
        };
        assert_eq!(decide(&oz, &only, 0), Some(Decision::OnlyUse));
        assert_eq!(decide(&o2, &site(12, 1), 100), Some(Decision::Grows(10)));
        assert_eq!(decide(&o2, &site(12, 1), 5), None, "over the budget");
        assert_eq!(
            decide(&o2, &site(3, 0), 1000),
            Some(Decision::Grows(1)),
            "small callees anywhere"
        );
        assert_eq!(
            decide(&o2, &site(12, 0), 1000),
            None,
            "bigger ones only in loops"
        );
        assert_eq!(decide(&o2, &site(90, 1), 1000), Some(Decision::Grows(88)));
        assert_eq!(decide(&o2, &site(120, 1), 1000), None);
        assert_eq!(growth_budget(&o2, 10), 1000);
        assert_eq!(growth_budget(&o2, 1000), 3000);
        assert_eq!(growth_budget(&OptLevel::Os.tuning(), 1), 16);
        assert_eq!(growth_budget(&oz, 1000), 0);
    }
}
