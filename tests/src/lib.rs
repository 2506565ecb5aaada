//! Support for lir's file-driven tests: reading the directives of golden files and
//! comparing what executors produce. The harness binary is `harness/main.rs`.

pub mod directives;
