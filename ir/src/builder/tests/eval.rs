//! Runs built functions on the reference interpreter, so tests check what the code
//! computes and not only its shape.

use crate::entities::Func;
use crate::imm::Imm;
use crate::interp::{InterpConfig, Interpreter};
use crate::module::Module;

/// Calls `func` with integer arguments (converted to its parameter types) and returns
/// its results as sign-extended integers. Panics if the run fails.
pub fn eval(module: &Module, func: Func, args: &[i64]) -> Vec<i64> {
    let f = &module.funcs[func];
    let args: Vec<Imm> = f
        .sig
        .params
        .iter()
        .zip(args)
        .map(|(&ty, &v)| Imm::new(ty, v as u64))
        .collect();
    let config = InterpConfig::new().fuel(50_000_000);
    let mut interp = Interpreter::new(module, config)
        .unwrap_or_else(|e| panic!("@{}: cannot prepare the module: {e}", f.name));
    match interp.invoke(&f.name, &args) {
        Ok(results) => results.into_iter().map(Imm::as_i64).collect(),
        Err(e) => panic!("@{}{args:?}: {e}", f.name),
    }
}
