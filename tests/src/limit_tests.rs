//! The limits of a run — fuel, wall-clock timeout, memory — and unbounded recursion,
//! under wasmtime (`lir_runtime::Limits`) and the reference interpreter
//! (`lir::interp::InterpConfig`) side by side: each stops the run with its own error
//! (codes 5011, 5012, 5013; *call stack exhausted*), and afterwards a fresh instance in
//! the same process runs normally.

use crate::runtime_tests::{compile, expect_code, expect_eq, Case};
use lir::interp::{InterpConfig, Interpreter, RunError};
use lir::{Imm, Module, TrapKind};
use lir_runtime::{CompiledModule, InstanceConfig, Limits, RuntimeError};
use std::time::{Duration, Instant};

/// The cases of this module (run as `runtime/` trials).
pub fn cases() -> Vec<Case> {
    vec![
        ("limits/fuel", fuel),
        ("limits/timeout", timeout),
        ("limits/max_memory", max_memory),
        (
            "limits/initial_memory_over_limit",
            initial_memory_over_limit,
        ),
        ("limits/recursion", recursion),
        (
            "limits/generous_limits_change_nothing",
            generous_limits_change_nothing,
        ),
    ]
}

const LIMITS: &str = r#"
memory 1
stack 4096

export func @spin() -> i32 {
entry:
    jump again(0)
again(%i: i32):
    %j = add %i, 1
    jump again(%j)
}

export func @grow_forever() -> i32 {
entry:
    jump more
more:
    %old = memory.grow 16
    %failed = lt_s %old, 0
    br_if %failed, stop, more
stop:
    ret -1
}

export func @recurse(%n: i32) -> i32 {
    %m = add %n, 1
    %r = call @recurse(%m)
    %s = add %r, 1
    ret %s
}

export func @sum(%n: i32) -> i32 {
entry:
    jump step(0, 0)
step(%i: i32, %acc: i32):
    %done = eq %i, %n
    %i1 = add %i, 1
    %acc1 = add %acc, %i1
    br_if %done, finish(%acc), step(%i1, %acc1)
finish(%r: i32):
    ret %r
}
"#;

/// 1 + 2 + ... + 1000.
const SUM_1000: i32 = 500_500;

fn wasm_and_lir(text: &str) -> Result<(CompiledModule, Module), String> {
    let module = crate::golden::load(text).map_err(|e| e.join("\n"))?;
    Ok((compile(text)?, module))
}

fn limited(limits: Limits) -> InstanceConfig {
    InstanceConfig {
        limits,
        ..InstanceConfig::default()
    }
}

/// A fresh, unlimited wasmtime instance and a fresh interpreter both compute `@sum`.
fn fresh_instances_work(wasm: &CompiledModule, module: &Module) -> Result<(), String> {
    let mut instance = wasm
        .instantiate(InstanceConfig::default())
        .map_err(|e| format!("fresh instance: {e}"))?;
    let got = instance.call("sum", &[Imm::i32(1000)]);
    expect_eq(
        "fresh wasmtime instance",
        got.ok(),
        Some(vec![Imm::i32(SUM_1000)]),
    )?;
    let mut interp =
        Interpreter::new(module, InterpConfig::new()).map_err(|e| format!("fresh interp: {e}"))?;
    let got = interp.invoke("sum", &[Imm::i32(1000)]);
    expect_eq(
        "fresh interpreter",
        got.ok(),
        Some(vec![Imm::i32(SUM_1000)]),
    )
}

/// How calling `func` with `args` under the interpreter fails.
fn interp_error(
    module: &Module,
    config: InterpConfig,
    func: &str,
    args: &[Imm],
) -> Result<RunError, String> {
    let mut interp = Interpreter::new(module, config).map_err(|e| e.to_string())?;
    match interp.invoke(func, args) {
        Ok(values) => Err(format!("@{func} under the interpreter returned {values:?}")),
        Err(e) => Ok(e),
    }
}

fn fuel() -> Result<(), String> {
    let (wasm, module) = wasm_and_lir(LIMITS)?;
    let limits = Limits {
        fuel: Some(100_000),
        ..Limits::default()
    };
    let mut instance = wasm
        .instantiate(limited(limits))
        .map_err(|e| e.to_string())?;
    expect_code("spin with fuel", instance.call("spin", &[]), 5011)?;
    expect_eq("fuel left", instance.remaining_fuel(), Some(0))?;
    expect_code(
        "the same instance afterwards",
        instance.call("sum", &[Imm::i32(1)]),
        5005,
    )?;
    let error = interp_error(&module, InterpConfig::new().fuel(100_000), "spin", &[])?;
    expect_eq(
        "interpreter",
        error,
        RunError::OutOfFuel { budget: 100_000 },
    )?;
    fresh_instances_work(&wasm, &module)
}

/// Stops within a generous margin of the limit (the machine may be busy), not early.
fn check_duration(what: &str, elapsed: Duration, limit: Duration) -> Result<(), String> {
    if elapsed < limit || elapsed > limit * 10 + Duration::from_secs(2) {
        return Err(format!(
            "{what}: stopped after {elapsed:?} with a limit of {limit:?}"
        ));
    }
    Ok(())
}

fn timeout() -> Result<(), String> {
    let (wasm, module) = wasm_and_lir(LIMITS)?;
    let limit = Duration::from_millis(200);
    let limits = Limits {
        timeout: Some(limit),
        ..Limits::default()
    };
    let mut instance = wasm
        .instantiate(limited(limits))
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    let error = expect_code("spin with a timeout", instance.call("spin", &[]), 5012)?;
    check_duration("wasmtime", start.elapsed(), limit)?;
    if !matches!(error, RuntimeError::Timeout(d) if d == limit) {
        return Err(format!("the error should state the limit: {error}"));
    }
    let start = Instant::now();
    let error = interp_error(&module, InterpConfig::new().timeout(limit), "spin", &[])?;
    check_duration("interpreter", start.elapsed(), limit)?;
    expect_eq("interpreter", error, RunError::Timeout { limit })?;
    fresh_instances_work(&wasm, &module)
}

fn max_memory() -> Result<(), String> {
    let (wasm, module) = wasm_and_lir(LIMITS)?;
    let limit = 1 << 20;
    let limits = Limits {
        max_memory: Some(limit),
        ..Limits::default()
    };
    let mut instance = wasm
        .instantiate(limited(limits))
        .map_err(|e| e.to_string())?;
    let error = expect_code("grow_forever", instance.call("grow_forever", &[]), 5013)?;
    if !matches!(error, RuntimeError::MemoryLimitExceeded { limit: l } if l == limit) {
        return Err(format!("the error should state the limit: {error}"));
    }
    let error = interp_error(
        &module,
        InterpConfig::new().max_memory(limit),
        "grow_forever",
        &[],
    )?;
    expect_eq(
        "interpreter",
        error,
        RunError::MemoryLimitExceeded { limit },
    )?;
    // Growth past the module's own maximum is no limit: memory.grow returns -1.
    let bounded = LIMITS.replace("memory 1\n", "memory 1 max 4\n");
    let (wasm_max, module_max) = wasm_and_lir(&bounded)?;
    let limits = Limits {
        max_memory: Some(limit),
        ..Limits::default()
    };
    let mut instance = wasm_max
        .instantiate(limited(limits))
        .map_err(|e| e.to_string())?;
    let got = instance
        .call("grow_forever", &[])
        .map_err(|e| e.to_string())?;
    expect_eq("growth to the module's maximum", got, vec![Imm::i32(-1)])?;
    let mut interp = Interpreter::new(&module_max, InterpConfig::new().max_memory(limit))
        .map_err(|e| e.to_string())?;
    let got = interp
        .invoke("grow_forever", &[])
        .map_err(|e| e.to_string())?;
    expect_eq("interpreter, module maximum", got, vec![Imm::i32(-1)])?;
    fresh_instances_work(&wasm, &module)
}

fn initial_memory_over_limit() -> Result<(), String> {
    let big = LIMITS.replace("memory 1\n", "memory 20\n");
    let (wasm, module) = wasm_and_lir(&big)?;
    let limits = Limits {
        max_memory: Some(1 << 20),
        ..Limits::default()
    };
    expect_code("instantiate", wasm.instantiate(limited(limits)), 5013)?;
    match Interpreter::new(&module, InterpConfig::new().max_memory(1 << 20)) {
        Err(lir::interp::InterpError::MemoryLimit { limit, .. }) if limit == 1 << 20 => {}
        Err(e) => {
            return Err(format!(
                "interpreter: expected a memory limit error, got {e}"
            ))
        }
        Ok(_) => return Err("interpreter: the module should not fit the limit".into()),
    }
    fresh_instances_work(&wasm, &module)
}

fn recursion() -> Result<(), String> {
    let (wasm, module) = wasm_and_lir(LIMITS)?;
    let mut instance = wasm
        .instantiate(InstanceConfig::default())
        .map_err(|e| e.to_string())?;
    let error = expect_code("recurse", instance.call("recurse", &[Imm::i32(0)]), 5002)?;
    if !matches!(
        error,
        RuntimeError::Trap {
            kind: TrapKind::CallStackExhausted,
            ..
        }
    ) {
        return Err(format!(
            "wasmtime: expected call stack exhausted, got {error}"
        ));
    }
    expect_code(
        "the same instance afterwards",
        instance.call("sum", &[Imm::i32(1)]),
        5005,
    )?;
    match interp_error(&module, InterpConfig::new(), "recurse", &[Imm::i32(0)])? {
        RunError::Trap {
            kind: TrapKind::CallStackExhausted,
            ..
        } => {}
        other => {
            return Err(format!(
                "interpreter: expected call stack exhausted, got {other}"
            ))
        }
    }
    fresh_instances_work(&wasm, &module)
}

fn generous_limits_change_nothing() -> Result<(), String> {
    let (wasm, module) = wasm_and_lir(LIMITS)?;
    let limits = Limits {
        fuel: Some(10_000_000),
        timeout: Some(Duration::from_secs(60)),
        max_memory: Some(1 << 24),
        max_table_elements: Some(1000),
        ..Limits::default()
    };
    let mut instance = wasm
        .instantiate(limited(limits))
        .map_err(|e| e.to_string())?;
    for _ in 0..3 {
        let got = instance
            .call("sum", &[Imm::i32(1000)])
            .map_err(|e| e.to_string())?;
        expect_eq("sum", got, vec![Imm::i32(SUM_1000)])?;
    }
    let left = instance.remaining_fuel().ok_or("fuel is metered")?;
    if !(9_000_000..10_000_000).contains(&left) {
        return Err(format!(
            "three sums of 1000 steps should use some fuel, left: {left}"
        ));
    }
    let config = InterpConfig::new()
        .fuel(10_000_000)
        .timeout(Duration::from_secs(60))
        .max_memory(1 << 24);
    let mut interp = Interpreter::new(&module, config).map_err(|e| e.to_string())?;
    let got = interp
        .invoke("sum", &[Imm::i32(1000)])
        .map_err(|e| e.to_string())?;
    expect_eq("interpreter sum", got, vec![Imm::i32(SUM_1000)])
}
