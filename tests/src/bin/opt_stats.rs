//! Pass statistics over a differential campaign: optimizes the random modules that
//! `LIR_DIFF_MODULES=N cargo test -p lir-tests --test golden differential` runs (every
//! group of `lir_tests::differential::Group`, as its executors see them: with the
//! modules' own exports) at -O2 and at -Os, and prints, for every pass of
//! `lir_opt::passes::ALL`, how many changes it made over all of them. A pass that
//! never changed anything at a level is flagged: the generator does not exercise it
//! there, so the campaign did not test it. Exits with status 1 if some pass never
//! fired at -O2.
//!
//! ```text
//! cargo run --release -p lir-tests --bin opt_stats -- [N] [--threads T]
//! ```
//!
//! `N` defaults to 300 (the harness's default); modules are also verified before
//! and (with `verify_each`) after every pass, and a failure names its seed.

use lir_opt::{OptLevel, OptOptions, Report};
use lir_tests::differential::Group;
use std::process::ExitCode;
use std::sync::Mutex;

const LEVELS: [OptLevel; 2] = [OptLevel::O2, OptLevel::Os];

#[derive(Default)]
struct Totals {
    reports: [Report; LEVELS.len()],
    modules: u64,
    failures: Vec<String>,
}

fn optimize_all(group: Group, seed: u64, totals: &Mutex<Totals>) {
    let module = group.module(seed);
    let mut reports: Vec<Report> = Vec::new();
    let mut failures = Vec::new();
    if let Err(e) = lir::verify::verify(&module) {
        failures.push(format!(
            "{} seed {seed}: the generator made an invalid module: {e}",
            group.name()
        ));
    }
    for level in LEVELS {
        let mut optimized = module.clone();
        let options = OptOptions {
            verify_each: true,
            ..OptOptions::level(level)
        };
        match lir_opt::optimize(&mut optimized, &options) {
            Ok(report) => reports.push(report),
            Err(e) => {
                failures.push(format!("{} seed {seed} at {level}: {e}", group.name()));
                reports.push(Report::default());
            }
        }
    }
    let mut totals = totals.lock().expect("no panics while locked");
    totals.modules += 1;
    for (total, report) in totals.reports.iter_mut().zip(&reports) {
        total.merge(report);
    }
    totals.failures.extend(failures);
}

fn main() -> ExitCode {
    let mut total = 300u64;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => {
                threads = args
                    .next()
                    .and_then(|t| t.parse().ok())
                    .expect("--threads takes a number");
            }
            n => total = n.parse().expect("usage: opt_stats [N] [--threads T]"),
        }
    }
    let work: Vec<(Group, u64)> = Group::ALL
        .iter()
        .flat_map(|&group| (0..group.modules(total)).map(move |seed| (group, seed)))
        .collect();
    let totals = Mutex::new(Totals::default());
    std::thread::scope(|scope| {
        for t in 0..threads.max(1) {
            let (work, totals) = (&work, &totals);
            scope.spawn(move || {
                for &(group, seed) in work.iter().skip(t).step_by(threads.max(1)) {
                    optimize_all(group, seed, totals);
                }
            });
        }
    });
    let totals = totals.into_inner().expect("no panics while locked");
    let groups: Vec<String> = Group::ALL
        .iter()
        .map(|g| format!("{} {}", g.modules(total), g.name()))
        .collect();
    println!(
        "{} random modules ({}), each optimized at {}\n",
        totals.modules,
        groups.join(", "),
        LEVELS.map(|l| l.to_string()).join(" and ")
    );
    print!("{:<20}", "pass");
    for level in LEVELS {
        print!(" {:>12}", format!("{level} changes"));
    }
    println!();
    let mut never_at_o2 = Vec::new();
    for pass in lir_opt::passes::ALL {
        let name = pass.name();
        print!("{name:<20}");
        // `unroll` runs at -Os but its tuning turns it off there.
        let mut zero = Vec::new();
        for (level, report) in LEVELS.iter().zip(&totals.reports) {
            let changes = report.changes(name);
            print!(" {changes:>12}");
            let off_by_tuning = name == "unroll" && !level.tuning().unroll;
            if changes == 0 && !off_by_tuning {
                zero.push(level.to_string());
            }
        }
        if !zero.is_empty() {
            print!("   <- never fired at {}", zero.join(", "));
        }
        println!();
        if totals.reports[0].changes(name) == 0 {
            never_at_o2.push(name);
        }
    }
    for failure in &totals.failures {
        eprintln!("FAILURE: {failure}");
    }
    if !never_at_o2.is_empty() {
        eprintln!("passes that never fired at -O2: {}", never_at_o2.join(", "));
    }
    if never_at_o2.is_empty() && totals.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
