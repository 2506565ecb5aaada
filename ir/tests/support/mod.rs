//! Test support shared by the integration tests of `lir` (include with `mod support;`).
//! Not every test uses every helper.
#![allow(dead_code)]

pub mod arbitrary_module;
