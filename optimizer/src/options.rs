//! Optimization levels, the options of [`crate::optimize`] and the tuning knobs passes
//! read.

use std::fmt;
use std::str::FromStr;

/// An optimization level, as `-O0`, `-O1`, `-O2`, `-Os`, `-Oz` spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum OptLevel {
    /// No optimization.
    #[default]
    O0,
    /// Cheap cleanups: dead code, constant folding, CFG simplification, mem2reg.
    O1,
    /// Everything, for speed.
    O2,
    /// Everything, but inlining and unrolling only where code does not grow much.
    Os,
    /// Smallest code: inlining only where it shrinks code, no unrolling.
    Oz,
}

impl OptLevel {
    pub const ALL: [OptLevel; 5] = [
        OptLevel::O0,
        OptLevel::O1,
        OptLevel::O2,
        OptLevel::Os,
        OptLevel::Oz,
    ];

    /// `O0`, `O1`, …
    pub fn name(self) -> &'static str {
        match self {
            OptLevel::O0 => "O0",
            OptLevel::O1 => "O1",
            OptLevel::O2 => "O2",
            OptLevel::Os => "Os",
            OptLevel::Oz => "Oz",
        }
    }

    /// The knobs passes read at this level.
    pub fn tuning(self) -> Tuning {
        let base = Tuning::default();
        match self {
            OptLevel::O0 | OptLevel::O1 => Tuning {
                inline_threshold: 0,
                unroll: false,
                ..base
            },
            OptLevel::O2 => base,
            OptLevel::Os => Tuning {
                inline_threshold: 6,
                inline_loop_bonus: 10,
                inline_growth_floor: 16,
                unroll: false,
                size_bias: true,
                ..base
            },
            OptLevel::Oz => Tuning {
                inline_threshold: 0,
                inline_loop_bonus: 0,
                inline_growth_percent: 0,
                inline_growth_floor: 0,
                unroll: false,
                size_bias: true,
            },
        }
    }
}

impl fmt::Display for OptLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "-{}", self.name())
    }
}

impl FromStr for OptLevel {
    type Err = String;

    /// `0`, `1`, `2`, `s`, `z`, with or without `O`/`-O` (`-O` alone is `-O2`).
    fn from_str(s: &str) -> Result<OptLevel, String> {
        let bare = s.trim_start_matches('-').trim_start_matches('O');
        Ok(match bare {
            "0" => OptLevel::O0,
            "1" => OptLevel::O1,
            "" | "2" => OptLevel::O2,
            "s" => OptLevel::Os,
            "z" => OptLevel::Oz,
            // Like clang, anything above 2 means the most we have.
            "3" | "4" | "fast" => OptLevel::O2,
            _ => {
                return Err(format!(
                    "unknown optimization level `{s}` (expected -O0, -O1, -O2, -Os or -Oz)"
                ))
            }
        })
    }
}

/// Knobs that passes read; [`OptLevel::tuning`] gives each level's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tuning {
    /// A callee of at most this cost (about one unit per instruction) is inlined at
    /// every call; 0 inlines only callees whose inlining shrinks the code.
    pub inline_threshold: u32,
    /// Extra cost allowed for calls inside loops.
    pub inline_loop_bonus: u32,
    /// How much a caller may grow by inlining, in percent of its size, but at least
    /// `inline_growth_floor` units (so a small function with a hot dispatch loop can
    /// still take in every small call in it).
    pub inline_growth_percent: u32,
    /// The least growth every caller is allowed.
    pub inline_growth_floor: u32,
    /// Unroll small inner loops.
    pub unroll: bool,
    /// Prefer smaller code where a transformation trades size for speed.
    pub size_bias: bool,
}

impl Tuning {
    /// The tuning for the function `name`. The start-up and system-call glue the
    /// toolchain adds (`@__lir_…`) is optimized for size at every level: its loops run
    /// over a path's bytes and its cost is the system call, so unrolling, rotating or
    /// inlining into it only makes programs bigger.
    pub fn for_function(&self, name: &str) -> std::borrow::Cow<'_, Tuning> {
        if !name.starts_with("__lir_") || self.size_bias {
            return std::borrow::Cow::Borrowed(self);
        }
        std::borrow::Cow::Owned(Tuning {
            inline_threshold: self.inline_threshold.min(6),
            inline_loop_bonus: 0,
            inline_growth_floor: self.inline_growth_floor.min(16),
            unroll: false,
            size_bias: true,
            ..self.clone()
        })
    }
}

impl Default for Tuning {
    /// The `-O2` tuning.
    fn default() -> Self {
        Tuning {
            inline_threshold: 8,
            inline_loop_bonus: 99,
            inline_growth_percent: 300,
            inline_growth_floor: 1000,
            unroll: true,
            size_bias: false,
        }
    }
}

/// Which passes `--print-after` (and [`OptOptions::print_after`]) shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PassFilter {
    #[default]
    None,
    All,
    /// Passes with these names.
    Named(Vec<String>),
}

impl PassFilter {
    pub fn matches(&self, pass: &str) -> bool {
        match self {
            PassFilter::None => false,
            PassFilter::All => true,
            PassFilter::Named(names) => names.iter().any(|n| n == pass),
        }
    }
}

/// How to optimize.
#[derive(Clone, Debug, Default)]
pub struct OptOptions {
    pub level: OptLevel,
    /// Run exactly these passes, in this order, instead of the level's pipeline
    /// (`--passes dce,sccp`). The level still sets the tuning.
    pub passes: Option<Vec<String>>,
    /// Leave these passes out of the pipeline, every time they occur
    /// (`--disable-pass unroll`): to see what a pass buys.
    pub disabled: Vec<String>,
    /// Verify the module after every pass (always done in debug builds).
    pub verify_each: bool,
    /// Hand the module to [`crate::Observer::after_pass`] after these passes.
    pub print_after: PassFilter,
    /// Overrides the level's tuning.
    pub tuning: Option<Tuning>,
}

impl OptOptions {
    /// The options of a level.
    pub fn level(level: OptLevel) -> OptOptions {
        OptOptions {
            level,
            ..OptOptions::default()
        }
    }

    /// The tuning in effect.
    pub fn effective_tuning(&self) -> Tuning {
        self.tuning.clone().unwrap_or_else(|| self.level.tuning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_like_clang() {
        for (text, level) in [
            ("-O0", OptLevel::O0),
            ("O1", OptLevel::O1),
            ("-O", OptLevel::O2),
            ("2", OptLevel::O2),
            ("-O3", OptLevel::O2),
            ("-Os", OptLevel::Os),
            ("z", OptLevel::Oz),
        ] {
            assert_eq!(text.parse::<OptLevel>(), Ok(level), "{text}");
        }
        assert!("-O9".parse::<OptLevel>().is_err());
        assert_eq!(OptLevel::Os.to_string(), "-Os");
    }
}
