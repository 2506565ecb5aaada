//! One module per `lirc` subcommand.

pub mod check;
pub mod compile;
pub mod completions;
pub mod explain;
pub mod fmt;
pub mod interp;
pub mod run;
