//! The pipeline of each optimization level: one list per level, in the order the
//! passes run (as QBE's `main.c` and Binaryen's default pipeline read).

use crate::options::OptLevel;
use crate::pass::Pass;
use crate::passes::{dce, peephole, sccp, simplify_cfg, simplify_params};

const DCE: Pass = Pass::Function(&dce::Dce);
const SCCP: Pass = Pass::Function(&sccp::Sccp);
const PEEPHOLE: Pass = Pass::Function(&peephole::Peephole);
const SIMPLIFY_PARAMS: Pass = Pass::Function(&simplify_params::SimplifyParams);
const SIMPLIFY_CFG: Pass = Pass::Function(&simplify_cfg::SimplifyCfg);

/// The passes `level` runs, in order.
pub fn for_level(level: OptLevel) -> Vec<Pass> {
    match level {
        OptLevel::O0 => vec![],
        OptLevel::O1 => vec![
            SIMPLIFY_CFG,
            SCCP,
            PEEPHOLE,
            SIMPLIFY_PARAMS,
            DCE,
            SIMPLIFY_CFG,
        ],
        OptLevel::O2 | OptLevel::Os | OptLevel::Oz => vec![
            SIMPLIFY_CFG,
            SCCP,
            PEEPHOLE,
            SIMPLIFY_PARAMS,
            DCE,
            SIMPLIFY_CFG,
            SCCP,
            PEEPHOLE,
            DCE,
            SIMPLIFY_CFG,
        ],
    }
}
