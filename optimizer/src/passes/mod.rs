//! The passes, one per file (or folder), each with a doc comment saying what it does
//! and what it does not do. [`ALL`] lists them for `--passes` and the docs; the
//! pipelines of the `-O` levels are in [`crate::pipeline`].

pub mod addr_fold;
pub mod arg_prop;
pub mod const_globals;
pub mod dce;
pub mod dedup;
pub mod dse;
pub mod gvn;
pub mod idiom;
pub mod if_convert;
pub mod inline;
pub mod iv_reduce;
pub mod licm;
pub mod loop_promote;
pub mod loop_rotate;
pub mod mem2reg;
pub mod peephole;
pub mod sccp;
pub mod simplify_cfg;
pub mod simplify_params;
pub mod store_forward;
pub mod tre;
pub mod tree_shake;
pub mod unroll;

use crate::pass::Pass;

/// Every pass, by name.
pub const ALL: &[Pass] = &[
    Pass::Function(&dce::Dce),
    Pass::Function(&sccp::Sccp),
    Pass::Function(&peephole::Peephole),
    Pass::Function(&simplify_params::SimplifyParams),
    Pass::Function(&simplify_cfg::SimplifyCfg),
    Pass::Function(&gvn::Gvn),
    Pass::Function(&tre::Tre),
    Pass::Function(&if_convert::IfConvert),
    Pass::Function(&mem2reg::Mem2Reg),
    Pass::Function(&store_forward::StoreForward),
    Pass::Function(&dse::Dse),
    Pass::Function(&addr_fold::AddrFold),
    Pass::Module(&tree_shake::TreeShake),
    Pass::Module(&const_globals::ConstGlobals),
    Pass::Module(&inline::Inline),
    Pass::Module(&inline::InlineLate),
    Pass::Module(&dedup::Dedup),
    Pass::Module(&arg_prop::ArgProp),
    Pass::Function(&licm::Licm),
    Pass::Function(&loop_rotate::LoopRotate),
    Pass::Function(&loop_promote::LoopPromote),
    Pass::Function(&iv_reduce::IvReduce),
    Pass::Function(&unroll::Unroll),
    Pass::Function(&idiom::Idiom),
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
