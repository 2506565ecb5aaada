//! The pipeline of each optimization level: one list per level, in the order the
//! passes run (as QBE's `main.c` and Binaryen's default pipeline read).
//!
//! The shape of `-O2`: module cleanups first (globals never written become constants,
//! unreachable functions go); then each function is simplified on its own (slots to
//! SSA values, constants, algebra, copies, memory redundancy, dead code, tail
//! recursion to loops); then inlining, bottom-up over the call graph, and the same
//! simplifications again on the inlined code; then the loop passes; then a last
//! round of cleanups and module-level deduplication and tree shaking. `-Os`/`-Oz` run
//! the same passes with size-biased tuning ([`crate::OptLevel::tuning`]: less or no
//! inlining, no unrolling, fewer if-conversions).

use crate::options::OptLevel;
use crate::pass::Pass;
use crate::passes::*;

const ADDR_FOLD: Pass = Pass::Function(&addr_fold::AddrFold);
const ARG_PROP: Pass = Pass::Module(&arg_prop::ArgProp);
const CONST_GLOBALS: Pass = Pass::Module(&const_globals::ConstGlobals);
const DCE: Pass = Pass::Function(&dce::Dce);
const DEDUP: Pass = Pass::Module(&dedup::Dedup);
const DSE: Pass = Pass::Function(&dse::Dse);
const GVN: Pass = Pass::Function(&gvn::Gvn);
const IDIOM: Pass = Pass::Function(&idiom::Idiom);
const IF_CONVERT: Pass = Pass::Function(&if_convert::IfConvert);
const INLINE: Pass = Pass::Module(&inline::Inline);
const INLINE_LATE: Pass = Pass::Module(&inline::InlineLate);
const IV_REDUCE: Pass = Pass::Function(&iv_reduce::IvReduce);
const LICM: Pass = Pass::Function(&licm::Licm);
const LOOP_PROMOTE: Pass = Pass::Function(&loop_promote::LoopPromote);
const LOOP_ROTATE: Pass = Pass::Function(&loop_rotate::LoopRotate);
const MEM2REG: Pass = Pass::Function(&mem2reg::Mem2Reg);
const PEEPHOLE: Pass = Pass::Function(&peephole::Peephole);
const SCCP: Pass = Pass::Function(&sccp::Sccp);
const SIMPLIFY_CFG: Pass = Pass::Function(&simplify_cfg::SimplifyCfg);
const SIMPLIFY_PARAMS: Pass = Pass::Function(&simplify_params::SimplifyParams);
const STORE_FORWARD: Pass = Pass::Function(&store_forward::StoreForward);
const TRE: Pass = Pass::Function(&tre::Tre);
const TREE_SHAKE: Pass = Pass::Module(&tree_shake::TreeShake);
const UNROLL: Pass = Pass::Function(&unroll::Unroll);

/// The passes `level` runs, in order.
pub fn for_level(level: OptLevel) -> Vec<Pass> {
    let mut passes = passes_of(level);
    if level == OptLevel::Oz {
        // Rotation copies a loop's test; unrolling is off by tuning.
        passes.retain(|p| p.name() != "loop-rotate");
    }
    passes
}

fn passes_of(level: OptLevel) -> Vec<Pass> {
    match level {
        OptLevel::O0 => vec![],
        OptLevel::O1 => vec![
            TREE_SHAKE,
            // Each function on its own: slots to values, constants, cleanups.
            SIMPLIFY_CFG,
            MEM2REG,
            SCCP,
            PEEPHOLE,
            SIMPLIFY_PARAMS,
            DCE,
            SIMPLIFY_CFG,
        ],
        OptLevel::O2 | OptLevel::Os | OptLevel::Oz => vec![
            // The module: constant globals, unreachable items.
            CONST_GLOBALS,
            TREE_SHAKE,
            // Each function on its own.
            SIMPLIFY_CFG,
            MEM2REG,
            SCCP,
            PEEPHOLE,
            SIMPLIFY_PARAMS,
            STORE_FORWARD,
            DSE,
            DCE,
            SIMPLIFY_CFG,
            TRE,
            // Identical helpers merge before inlining copies them; constant
            // arguments go into callees.
            DEDUP,
            ARG_PROP,
            // Inlining, then the inlined code simplified in its new context.
            INLINE,
            TREE_SHAKE,
            SIMPLIFY_CFG,
            MEM2REG,
            SCCP,
            PEEPHOLE,
            SIMPLIFY_PARAMS,
            GVN,
            STORE_FORWARD,
            DSE,
            DCE,
            SIMPLIFY_CFG,
            // Loops: tested at the bottom first (so hoisted code runs only when the
            // loop does), invariants out, multiplications by the counter turned into
            // bumps, fill/copy loops into bulk memory, small loops unrolled.
            LOOP_ROTATE,
            SIMPLIFY_CFG,
            SCCP,
            PEEPHOLE,
            LICM,
            LOOP_PROMOTE,
            MEM2REG,
            IV_REDUCE,
            DCE,
            IDIOM,
            UNROLL,
            // Calls whose inlining does not grow the code, glue's last calls too.
            INLINE_LATE,
            ARG_PROP,
            // Last cleanups.
            SCCP,
            PEEPHOLE,
            GVN,
            LICM,
            IF_CONVERT,
            ADDR_FOLD,
            SIMPLIFY_PARAMS,
            DCE,
            SIMPLIFY_CFG,
            // The module again: functions that became equal; calls whose callee the
            // last stage emptied (summaries are fresh for this one); what nothing calls.
            DEDUP,
            DCE,
            TREE_SHAKE,
        ],
    }
}
