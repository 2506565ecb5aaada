//! The passes, one per file (or folder), each with a doc comment saying what it does
//! and what it does not do. [`ALL`] lists them for `--passes` and the docs; the
//! pipelines of the `-O` levels are in [`crate::pipeline`].

pub mod dce;
pub mod peephole;
pub mod sccp;
pub mod simplify_cfg;
pub mod simplify_params;

use crate::pass::Pass;

/// Every pass, by name.
pub const ALL: &[Pass] = &[
    Pass::Function(&dce::Dce),
    Pass::Function(&sccp::Sccp),
    Pass::Function(&peephole::Peephole),
    Pass::Function(&simplify_params::SimplifyParams),
    Pass::Function(&simplify_cfg::SimplifyCfg),
];

/// The pass named `name`.
pub fn by_name(name: &str) -> Option<Pass> {
    ALL.iter().copied().find(|p| p.name() == name)
}

/// The passes named, in order; `Err` names the first unknown one.
pub fn by_names(names: &[String]) -> Result<Vec<Pass>, String> {
    names
        .iter()
        .map(|n| by_name(n).ok_or_else(|| n.clone()))
        .collect()
}
