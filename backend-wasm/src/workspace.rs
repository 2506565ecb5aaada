//! The buffers of the per-function stages, kept from one function to the next: each
//! compiler thread owns one [`Workspace`] and passes it to every function it compiles,
//! so that a stage clears and resizes last function's maps and vectors instead of
//! allocating them anew (a function has 50 instructions on average, so allocation
//! was a large part of the backend's cost). What a stage leaves in its buffers never
//! changes its result: every buffer is cleared or sized before use.

use crate::cleanup::CleanupScratch;
use crate::emit::EmitScratch;
use crate::liveness::LivenessScratch;
use crate::locals::LocalsScratch;
use crate::loops::LoopsScratch;
use crate::reducify::ReducifyScratch;
use crate::structurize::StructurizeScratch;
use crate::treeify::TreeifyScratch;
use crate::values::ValuesScratch;

/// The reusable buffers of one compiler thread.
#[derive(Default)]
pub(crate) struct Workspace {
    pub treeify: TreeifyScratch,
    pub cleanup: CleanupScratch,
    pub emit: EmitScratch,
    pub live: LivenessScratch,
    pub locals: LocalsScratch,
    pub loops: LoopsScratch,
    pub reducify: ReducifyScratch,
    pub structurize: StructurizeScratch,
    pub values: ValuesScratch,
}
