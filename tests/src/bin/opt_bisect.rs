//! Finds the optimizer pass that changes a function's outcome: runs `@FUNC(ARGS)`
//! under the reference interpreter on the module as written, then on the module
//! optimized by longer and longer prefixes of a level's pipeline (with that level's
//! tuning), and reports the first pass after which the outcome differs, writing the
//! module before and after it to the temporary directory.
//!
//! ```text
//! cargo run --release -p lir-tests --bin opt_bisect -- FILE [-O LEVEL] [--export-all] FUNC [ARG]...
//! ```
//!
//! By default the module keeps its own exports, as the differential harness runs
//! it; `--export-all` exports every function first, as golden files and
//! `lirc interp --invoke` do.

use lir::interp::{InterpConfig, Interpreter};
use lir::{Imm, Module};
use lir_opt::{OptLevel, OptOptions};
use std::process::ExitCode;

fn outcome(module: &Module, func: &str, args: &[Imm]) -> String {
    let config = InterpConfig::new().fuel(lir_tests::executor::DEFAULT_FUEL);
    match Interpreter::new(module, config) {
        Ok(mut interp) => match interp.invoke(func, args) {
            Ok(values) => values
                .iter()
                .map(Imm::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            Err(e) => format!("error: {e}"),
        },
        Err(e) => format!("cannot run: {e}"),
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let usage = "usage: opt_bisect FILE [-O LEVEL] [--export-all] FUNC [ARG]...";
    let Some(path) = args.next() else {
        eprintln!("{usage}");
        return ExitCode::FAILURE;
    };
    let mut level = OptLevel::O2;
    let mut export_all = false;
    let mut rest = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-O" => level = args.next().expect(usage).parse().expect("a level"),
            "--export-all" => export_all = true,
            _ => rest.push(arg),
        }
    }
    let Some((func, arg_texts)) = rest.split_first() else {
        eprintln!("{usage}");
        return ExitCode::FAILURE;
    };
    let text = std::fs::read_to_string(&path).expect("readable file");
    let mut module = match lir_tests::golden::load(&text) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{}", e.join("\n"));
            return ExitCode::FAILURE;
        }
    };
    if export_all {
        lirc::build::export_all(&mut module);
    }
    let Some(f) = module.func_by_name(func) else {
        eprintln!("no function @{func}");
        return ExitCode::FAILURE;
    };
    let params = module.funcs[f].sig.params.clone();
    let call_args: Vec<Imm> = params
        .iter()
        .zip(arg_texts)
        .map(|(&ty, text)| Imm::parse(ty, text).expect("an argument of the parameter's type"))
        .collect();
    let expected = outcome(&module, func, &call_args);
    println!("as written: {expected}");
    let names: Vec<String> = lir_opt::pipeline::for_level(level)
        .iter()
        .map(|p| p.name().to_string())
        .collect();
    let optimized = |k: usize| -> Result<Module, String> {
        let mut m = module.clone();
        let options = OptOptions {
            passes: Some(names[..k].to_vec()),
            verify_each: true,
            ..OptOptions::level(level)
        };
        lir_opt::optimize(&mut m, &options).map_err(|e| e.to_string())?;
        Ok(m)
    };
    for k in 1..=names.len() {
        let got = match optimized(k) {
            Ok(m) => outcome(&m, func, &call_args),
            Err(e) => format!("optimizer error: {e}"),
        };
        if got != expected {
            println!(
                "after pass #{k} `{}` of {level}: {got}\npipeline so far: {}",
                names[k - 1],
                names[..k].join(",")
            );
            let dir = std::env::temp_dir();
            for (suffix, m) in [("before", optimized(k - 1)), ("after", optimized(k))] {
                if let Ok(m) = m {
                    let file = dir.join(format!("opt_bisect.{suffix}.lir"));
                    std::fs::write(&file, lir::text::print(&m)).expect("writable temp dir");
                    println!("{suffix}: {}", file.display());
                }
            }
            return ExitCode::FAILURE;
        }
    }
    println!("every prefix of the {level} pipeline agrees");
    ExitCode::SUCCESS
}
