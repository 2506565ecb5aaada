//! Properties of the reference interpreter on random verifier-valid modules (from the
//! text tests' generator): every module can be prepared, every function runs to a
//! result, a trap, an exit, an unknown import or the end of its fuel — never a panic
//! or a host-side error — and two instances with the same seeded configuration behave
//! identically (results, memory, output).
//! `PROPTEST_CASES=5000 cargo test -p lir --test interp_fuzz` runs more cases.

mod support;

use lir::interp::{CapturedOutput, InterpConfig, Interpreter, RunError, VirtualClock};
use lir::{Imm, Module};
use proptest::prelude::*;
use support::arbitrary_module::arb_module;

/// What one run of every function produced.
#[derive(PartialEq, Debug)]
struct Outcome {
    calls: Vec<Result<Vec<Imm>, RunError>>,
    memory_hash: u64,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn hash(bytes: &[u8]) -> u64 {
    // FNV-1a: enough to compare memories without keeping them.
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Runs every function of `module` once, in order, on one instance.
fn run(module: &Module, args: &[u64]) -> Result<Outcome, TestCaseError> {
    let (stdout, stderr) = (CapturedOutput::new(), CapturedOutput::new());
    let config = InterpConfig::new()
        .fuel(20_000)
        .max_call_depth(200)
        .max_memory(32 * 65536)
        .args(["prog", "arg"])
        .env("KEY", "value")
        .stdin_bytes("some input\n")
        .stdout(stdout.clone())
        .stderr(stderr.clone())
        .random_seed(7)
        .clock(VirtualClock::new(1_000_000).tick(3));
    let mut m = Interpreter::new(module, config)
        .map_err(|e| TestCaseError::fail(format!("a valid module was rejected: {e}")))?;
    let mut calls = Vec::new();
    for (i, func) in module.funcs.values().enumerate() {
        let imms: Vec<Imm> = func
            .sig
            .params
            .iter()
            .enumerate()
            .map(|(j, &ty)| Imm::new(ty, args[(i + j) % args.len()]))
            .collect();
        let result = m.invoke(&func.name, &imms);
        match &result {
            Ok(values) => prop_assert_eq!(values.len(), func.sig.results.len()),
            Err(
                RunError::Trap { .. }
                | RunError::Exit(_)
                | RunError::OutOfFuel { .. }
                | RunError::MemoryLimitExceeded { .. },
            ) => {}
            Err(RunError::UnknownImport { .. }) => {}
            Err(other) => return Err(TestCaseError::fail(format!("@{}: {other}", func.name))),
        }
        calls.push(result);
    }
    Ok(Outcome {
        calls,
        memory_hash: hash(m.memory()),
        stdout: stdout.contents(),
        stderr: stderr.contents(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn random_modules_run_deterministically(
        module in arb_module(),
        args in proptest::collection::vec(any::<u64>(), 1..8),
    ) {
        let first = run(&module, &args)?;
        let second = run(&module, &args)?;
        prop_assert_eq!(first, second);
    }
}
