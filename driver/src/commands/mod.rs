//! One module per `lirc` subcommand.

pub mod check;
pub mod fmt;
pub mod interp;
