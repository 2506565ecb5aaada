//! Support for lir's file-driven tests: reading the directives of golden files,
//! running them under every executor and comparing. The harness binary is
//! `harness/main.rs`; docs/testing.md describes the directives.

pub mod c_corpus;
pub mod differential;
pub mod directives;
pub mod engines;
pub mod executor;
pub mod fixtures;
pub mod golden;
pub mod interp_executor;
pub mod limit_tests;
pub mod node_executor;
pub mod runtime_tests;
pub mod size_baseline;
pub mod trap_locations;
pub mod wasm_executor;

/// Whether these options optimize at all.
pub fn optimized(options: &lir_opt::OptOptions) -> bool {
    options.passes.is_some() || options.level != lir_opt::OptLevel::O0
}
