//! One module per `lirc` subcommand.

pub mod check;
pub mod compile;
pub mod fmt;
pub mod interp;
pub mod run;
