//! The optimizer as the commands use it: `-O`, `--passes`, `--disable-pass`,
//! `--print-after`, `--time-passes` and `--verify-each` turned into [`OptOptions`], the LIR printed to
//! standard error after the chosen passes, and the statistics table.

use crate::cli::OptArgs;
use crate::exit::{Failure, Status};
use lir::Module;
use lir_opt::{Observer, OptOptions, PassFilter, Report};

/// The answer to `--passes list`: every pass with its description, one a line, for
/// standard output (`None` unless the list was asked for).
pub fn pass_list(args: &OptArgs) -> Option<String> {
    let asked = args.passes.iter().flatten().any(|p| p == "list");
    asked.then(|| {
        let mut text =
            String::from("the passes (for --passes, --disable-pass and --print-after):\n");
        for p in lir_opt::passes::ALL {
            text.push_str(&format!("  {:<18} {}\n", p.name(), p.description()));
        }
        text
    })
}

/// The optimizer options of the command line; unknown pass names are usage errors.
pub fn options(args: &OptArgs) -> Result<OptOptions, Failure> {
    let known = |name: &str| lir_opt::passes::by_name(name).is_some();
    let list = || {
        lir_opt::passes::ALL
            .iter()
            .map(|p| format!("  {:<18} {}", p.name(), p.description()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let named = args.passes.iter().flatten().map(|p| (p, "--passes"));
    let disabled = args.disable_pass.iter().map(|p| (p, "--disable-pass"));
    let printed = (args.print_after.iter())
        .filter(|p| *p != "all")
        .map(|p| (p, "--print-after"));
    if let Some((unknown, option)) = named
        .chain(disabled)
        .chain(printed)
        .find(|(p, _)| !known(p))
    {
        return Err(Failure::new(
            Status::Usage,
            format!(
                "error: unknown pass `{unknown}` for {option}; the passes are:\n{}",
                list()
            ),
        ));
    }
    let print_after = if args.print_after.iter().any(|p| p == "all") {
        PassFilter::All
    } else if args.print_after.is_empty() {
        PassFilter::None
    } else {
        PassFilter::Named(args.print_after.clone())
    };
    Ok(OptOptions {
        level: args.level.unwrap_or_default(),
        passes: args.passes.clone(),
        disabled: args.disable_pass.clone(),
        verify_each: args.verify_each,
        print_after,
        tuning: None,
    })
}

pub use lir_build::wants_optimization;

/// Prints the module to standard error after the passes `--print-after` names.
pub struct PrintToStderr;

impl Observer for PrintToStderr {
    fn after_pass(&mut self, pass: &str, module: &Module) {
        eprintln!(";; LIR after {pass}\n{}", lir::text::print(module));
    }
}

/// Optimizes `module` as the options say, printing what `--print-after` and
/// `--time-passes` ask for.
pub fn run(module: &mut Module, options: &OptOptions, time_passes: bool) -> Result<(), Failure> {
    if !wants_optimization(options) {
        return Ok(());
    }
    let report = lir_opt::optimize_with(module, options, &mut PrintToStderr)
        .map_err(|e| Failure::new(Status::Internal, format!("error: {e}")))?;
    if time_passes {
        print_report(&report);
    }
    Ok(())
}

/// The `--time-passes` table, on standard error.
pub fn print_report(report: &Report) {
    eprint!("{}", report.table());
}
