//! # lir-opt — the lir optimizer
//!
//! LIR → LIR rewrites that make naive frontend output fast and small: dead code and
//! tree shaking, sparse conditional constant propagation, algebraic simplification,
//! CFG simplification, promotion of stack slots to SSA values, store forwarding,
//! value numbering, loop-invariant code motion, inlining, function deduplication,
//! tail-recursion elimination and loop transformations. Each pass is one file of
//! [`passes`] whose doc comment says what it does and what it does not do; the
//! pipeline of each `-O` level is one list in [`pipeline`].
//!
//! Every pass keeps the program's meaning exactly, traps included (a trap is never
//! removed or added, except *call stack exhausted*, since how deep recursion may go is
//! unspecified), never changes a value's NaN-ness or the sign of a zero, and keeps
//! source locations: an instruction that stays keeps its location, a new one takes
//! the location of the instruction it replaces, and inlined code keeps the callee's.
//! Volatile loads and stores are never removed, merged or moved.
//!
//! ```
//! use lir_opt::{optimize, OptLevel, OptOptions};
//!
//! let mut module = lir::text::parse("
//!     export func @f(%x: i32) -> i32 {
//!         %a = add.i32 2, 3
//!         %b = mul %x, %a
//!         %c = mul %b, 1
//!         ret %c
//!     }
//! ").unwrap();
//! let report = optimize(&mut module, &OptOptions::level(OptLevel::O2)).unwrap();
//! let text = lir::text::print(&module);
//! assert!(text.contains("mul %x, 5"), "{text}");
//! assert!(report.changes("sccp") > 0);
//! ```

pub mod analysis;
pub mod edit;
pub mod loop_utils;
pub mod manager;
pub mod options;
pub mod pass;
pub mod passes;
pub mod pipeline;

pub use manager::{NoObserver, Observer, OptError, PassStats, Report};
pub use options::{OptLevel, OptOptions, PassFilter, Tuning};
pub use pass::{Changes, FunctionContext, FunctionPass, ModuleContext, ModulePass, Pass};

use lir::Module;

/// Optimizes a verified module at `options.level` (or with `options.passes`).
///
/// Returns what each pass did. An error means a pass produced invalid LIR, which is
/// a bug in the optimizer (the verifier runs after every pass in debug builds and
/// with [`OptOptions::verify_each`]).
pub fn optimize(module: &mut Module, options: &OptOptions) -> Result<Report, OptError> {
    optimize_with(module, options, &mut NoObserver)
}

/// As [`optimize`], showing the module to `observer` after the passes
/// [`OptOptions::print_after`] names.
pub fn optimize_with(
    module: &mut Module,
    options: &OptOptions,
    observer: &mut dyn Observer,
) -> Result<Report, OptError> {
    let unknown = |name: &String| OptError {
        pass: name.clone(),
        errors: format!("there is no pass named `{name}`"),
    };
    let mut pipeline = match &options.passes {
        Some(names) => passes::by_names(names).map_err(|name| unknown(&name))?,
        None => pipeline::for_level(options.level),
    };
    if let Some(name) = options
        .disabled
        .iter()
        .find(|n| passes::by_name(n).is_none())
    {
        return Err(unknown(name));
    }
    pipeline.retain(|p| !options.disabled.iter().any(|n| n == p.name()));
    manager::run(module, &pipeline, options, observer)
}
