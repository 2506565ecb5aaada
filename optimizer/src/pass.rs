//! The two kinds of passes and what each one is given.
//!
//! A [`ModulePass`] sees the whole module (tree shaking, inlining, deduplication). A
//! [`FunctionPass`] rewrites one function body at a time, with a read-only view of the
//! rest of the module ([`FunctionContext::module`]: signatures, data, globals and the
//! [`Summaries`] of every function) and a cache of analyses of its own body. Function
//! passes never look at other bodies, so the manager may run them on several functions
//! at once and in any order, with the same result.
//!
//! Passes are stateless values (`static`s); their tuning comes from [`Tuning`].

use crate::analysis::{FunctionAnalyses, Summaries};
use crate::options::Tuning;
use lir::{Func, Function, Module};

/// What a pass run changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// How many rewrites the pass made (for statistics; 0 means nothing changed).
    pub count: usize,
    /// Whether blocks or edges changed (so the CFG, dominators and loops are stale).
    pub cfg: bool,
}

impl Changes {
    /// Nothing changed.
    pub const NONE: Changes = Changes {
        count: 0,
        cfg: false,
    };

    /// `count` rewrites of instructions only.
    pub fn insts(count: usize) -> Changes {
        Changes { count, cfg: false }
    }

    /// `count` rewrites, some of which changed the CFG (if `count > 0`).
    pub fn cfg(count: usize) -> Changes {
        Changes {
            count,
            cfg: count > 0,
        }
    }

    pub fn changed(&self) -> bool {
        self.count > 0
    }

    /// Both changes together.
    pub fn merge(self, other: Changes) -> Changes {
        Changes {
            count: self.count + other.count,
            cfg: self.cfg || other.cfg,
        }
    }
}

impl std::ops::AddAssign for Changes {
    fn add_assign(&mut self, other: Changes) {
        *self = self.merge(other);
    }
}

/// A pass over one function body.
pub trait FunctionPass: Sync {
    /// The name used by `--passes`, `--print-after` and statistics (`sccp`).
    fn name(&self) -> &'static str;
    /// One line for `--help` and docs.
    fn description(&self) -> &'static str;
    /// Rewrites `func`. Analyses taken from `cx` before a change to the CFG must not be
    /// used after it (ask again: [`FunctionAnalyses::invalidate`] first).
    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes;
}

/// A pass over the whole module.
pub trait ModulePass: Sync {
    fn name(&self) -> &'static str;
    fn description(&self) -> &'static str;
    /// Rewrites `module` (which the verifier accepts); returns the number of rewrites.
    fn run(&self, module: &mut Module, cx: &ModuleContext) -> usize;
}

/// A pass of either kind, as pipelines list them.
#[derive(Clone, Copy)]
pub enum Pass {
    Module(&'static dyn ModulePass),
    Function(&'static dyn FunctionPass),
}

impl Pass {
    pub fn name(&self) -> &'static str {
        match self {
            Pass::Module(p) => p.name(),
            Pass::Function(p) => p.name(),
        }
    }

    pub fn description(&self) -> &'static str {
        match self {
            Pass::Module(p) => p.description(),
            Pass::Function(p) => p.description(),
        }
    }
}

impl std::fmt::Debug for Pass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a module pass is given besides the module.
pub struct ModuleContext<'a> {
    pub tuning: &'a Tuning,
}

/// What a function pass is given besides its function.
pub struct FunctionContext<'a> {
    /// The module with every function body removed (the shells keep names,
    /// signatures, exports and imports), plus data objects, globals and files.
    pub module: &'a Module,
    /// What each function of the module may do, computed before this stage.
    pub summaries: &'a Summaries,
    /// The handle of the function being rewritten.
    pub func: Func,
    pub tuning: &'a Tuning,
    /// Analyses of the function's body, computed on demand.
    pub analyses: FunctionAnalyses,
}
