//! `lirc interp`: placeholder until the interpreter lands.
use crate::cli::InterpArgs;
use crate::exit::{CommandResult, Failure, Status};
pub fn run(_args: &InterpArgs) -> CommandResult {
    Err(Failure::new(Status::Internal, "not yet"))
}
