//! Differential test of the module passes: random modules (`lir::testing`) are
//! optimized, must still verify, and every exported function must give the same
//! results as before in the reference interpreter, for a few edge-case arguments:
//! the same values (bit for bit) or the same trap, and on return the same global
//! and the same bytes in the data object the generated code reads and writes. Each
//! seed gives two modules: one as generated (every function exported), and a bigger
//! one where only some functions are exported (so single-use inlining and
//! `tree-shake` delete the others) and copies of some functions are called instead
//! of the originals (so `dedup` merges them back).
//!
//! Three things the passes may legitimately change are taken out first, so that a
//! difference is a bug (generated code computes freely with addresses):
//! - uninitialized slot bytes (unspecified; inlining moves slots between frames):
//!   every slot is zero-filled on function entry before optimizing;
//! - table indices (`funcaddr` values; deleting the last `funcaddr @f` in dead code,
//!   or a function only dead code takes the address of, renumbers the table): every
//!   address-taken function is pinned in the table by a data object that an
//!   exported function refers to;
//! - stack addresses (inlining changes frame sizes): a call whose outcome differs
//!   after optimizing is not counted as a failure if its outcome also changes when
//!   the original module's stack moves. Generated code masks and sign-extends
//!   addresses before using them as offsets, so a difference may need a particular
//!   shift to show: every multiple of 16 (the stack alignment) below 1024 is tried,
//!   and a few far ones.

use lir::interp::{InterpConfig, Interpreter};
use lir::testing::{edge_argument, exported_functions, module_from_seed, GenConfig};
use lir::{
    DataItem, DataObject, DataType, DataValue, Func, Function, Imm, InstKind, Module, Signature,
    Type,
};
use lir_opt::{OptLevel, OptOptions};
use std::collections::HashMap;

/// Pass lists to check, each at each level's tuning below.
const PIPELINES: &[&[&str]] = &[
    &["inline", "dce"],
    &[
        "const-globals",
        "dedup",
        "inline",
        "tree-shake",
        "sccp",
        "dce",
        "simplify-cfg",
        "dedup",
    ],
];
const LEVELS: [OptLevel; 3] = [OptLevel::O2, OptLevel::Os, OptLevel::Oz];
const SEEDS: u64 = 50;
const FUEL: u64 = 2_000_000;

#[derive(Debug, PartialEq)]
enum Outcome {
    /// The global `@g` and the bytes of `@mem` are `None` when the module has none
    /// (`tree-shake` deletes them when nothing uses them).
    Returned {
        values: Vec<Imm>,
        global: Option<Imm>,
        memory: Option<Vec<u8>>,
    },
    Trapped(lir::TrapKind),
    /// Out of fuel or another failure to run: not compared.
    Unknown,
}

fn run(module: &Module, name: &str, args: &[Imm], fuel: u64) -> Outcome {
    let Ok(mut interp) = Interpreter::new(module, InterpConfig::new().fuel(fuel)) else {
        return Outcome::Unknown;
    };
    match interp.invoke(name, args) {
        Ok(values) => {
            let memory = module.data_by_name("mem").map(|d| {
                let start = interp.layout().data_address(d) as usize;
                let end = start + module.data[d].size() as usize;
                interp.memory()[start..end].to_vec()
            });
            Outcome::Returned {
                values,
                global: interp.global("g"),
                memory,
            }
        }
        Err(e) => e.trap_kind().map_or(Outcome::Unknown, Outcome::Trapped),
    }
}

/// Whether `after` shows the same as `before` (state the optimized module no longer
/// has is not compared).
fn same(before: &Outcome, after: &Outcome) -> bool {
    match (before, after) {
        (
            Outcome::Returned {
                values,
                global,
                memory,
            },
            Outcome::Returned {
                values: values2,
                global: global2,
                memory: memory2,
            },
        ) => {
            values == values2
                && (global2.is_none() || global == global2)
                && (memory2.is_none() || memory == memory2)
        }
        _ => before == after,
    }
}

/// Zero-fills every slot at function entry, so no slot byte is read uninitialized.
fn zero_slots(module: &mut Module) {
    for func in module.funcs.values_mut() {
        let Some(entry) = func.entry_block() else {
            continue;
        };
        let zero = func.const_value(Imm::i32(0));
        let slots: Vec<(lir::Value, u32)> =
            func.slots.values().map(|s| (s.value, s.size)).collect();
        for (value, size) in slots {
            let len = func.const_value(Imm::i32(size as i32));
            let fill = func.create_inst(
                InstKind::MemoryFill {
                    args: [value, zero, len],
                },
                &[],
            );
            func.blocks[entry].insts.insert(0, fill);
        }
    }
}

/// Whether the outcome of `name(args)` in `module` changes when its stack moves.
fn depends_on_stack_addresses(
    module: &Module,
    name: &str,
    args: &[Imm],
    outcome: &Outcome,
) -> bool {
    let shifts = (1..64).map(|k| 16 * k).chain([4096, 16 * 1000, 16 * 1999]);
    shifts
        .into_iter()
        .any(|shift| run(&moved_stack(module, shift), name, args, FUEL) != *outcome)
}

/// `module` with its stack moved up by `shift` bytes.
fn moved_stack(module: &Module, shift: u32) -> Module {
    let mut moved = module.clone();
    let size = module.stack_size.unwrap_or(lir::layout::DEFAULT_STACK_SIZE);
    moved.stack_size = Some(size + shift);
    moved
}

/// Keeps every function whose address is taken in the table, whatever the passes
/// delete: `data @__pin_table = { ptr @f, … }`, which the exported `@__pin` names.
fn pin_table(module: &mut Module) {
    let Ok(layout) = lir::layout::Layout::compute(module) else {
        return;
    };
    let values: Vec<DataValue> = layout
        .table
        .iter()
        .map(|&f| DataValue::FuncAddr(f))
        .collect();
    if values.is_empty() {
        return;
    }
    let table = module.add_data(DataObject {
        name: "__pin_table".into(),
        align: None,
        readonly: true,
        items: vec![DataItem::Scalars {
            ty: DataType::Ptr,
            values,
        }],
        is_string: false,
    });
    let mut pin = Function::new("__pin", Signature::new([], [Type::I32]));
    pin.export = Some("__pin".into());
    let entry = pin.create_block();
    let addr = pin.append_inst(
        entry,
        InstKind::DataAddr {
            data: table,
            offset: 0,
        },
        &[Type::I32],
    );
    let values = pin.insts[addr].results.to_vec();
    pin.append_inst(entry, InstKind::Ret { values }, &[]);
    module.add_function(pin);
}

/// Argument lists to call a function of `params` with.
fn argument_sets(params: &[Type]) -> Vec<Vec<Imm>> {
    (0..3u64)
        .map(|k| {
            params
                .iter()
                .enumerate()
                .map(|(i, &t)| edge_argument(t, k * 3 + i as u64))
                .collect()
        })
        .collect()
}

/// Only the functions of odd index and the last stay exported, so that the passes
/// may inline and delete the others as they would in a program.
fn export_fewer(module: &mut Module) {
    let last = module.funcs.len().saturating_sub(1);
    for (i, func) in module.funcs.values_mut().enumerate() {
        if i % 2 == 0 && i != last {
            func.export = None;
        }
    }
}

/// Adds a copy of every third function (not exported, named `@fN_dup`) and makes
/// every other direct call of the original call the copy, so `dedup` has work.
fn add_duplicates(module: &mut Module) {
    let originals: Vec<Func> = module.funcs.keys().collect();
    let mut copy_of = HashMap::new();
    for &f in originals.iter().step_by(3) {
        let mut copy = module.funcs[f].clone();
        copy.name = format!("{}_dup", copy.name);
        copy.export = None;
        copy_of.insert(f, module.add_function(copy));
    }
    let mut flip = false;
    for func in module.funcs.values_mut() {
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                if let InstKind::Call { func: callee, .. }
                | InstKind::ReturnCall { func: callee, .. } = &mut func.insts[inst].kind
                {
                    if let Some(&copy) = copy_of.get(callee) {
                        flip = !flip;
                        if flip {
                            *callee = copy;
                        }
                    }
                }
            }
        }
    }
}

/// What the whole test saw, so that it can tell it tested something.
#[derive(Default)]
struct Stats {
    failures: Vec<String>,
    /// Calls compared (per pipeline and level).
    compared: usize,
    /// Calls whose outcome changed, but which depend on stack addresses.
    layout_dependent: usize,
    /// Changes per pass name.
    changes: HashMap<&'static str, u64>,
}

fn check(seed: u64, mut module: Module, stats: &mut Stats) {
    zero_slots(&mut module);
    pin_table(&mut module);
    lir::verify::verify(&module).expect("the prepared module verifies");
    let mut cases = Vec::new();
    for (name, sig) in exported_functions(&module) {
        if name == "__pin" {
            continue;
        }
        for args in argument_sets(&sig.params) {
            let before = run(&module, &name, &args, FUEL);
            if before != Outcome::Unknown {
                cases.push((name.clone(), args, before));
            }
        }
    }
    // Whether each case depends on stack addresses, found out when first needed.
    let mut layout_dependent: Vec<Option<bool>> = vec![None; cases.len()];
    for pipeline in PIPELINES {
        for level in LEVELS {
            let mut optimized = module.clone();
            let options = OptOptions {
                passes: Some(pipeline.iter().map(|p| p.to_string()).collect()),
                verify_each: true,
                ..OptOptions::level(level)
            };
            let what = format!("seed {seed}, {level}, passes {}", pipeline.join(","));
            match lir_opt::optimize(&mut optimized, &options) {
                Ok(report) => {
                    for pass in &report.passes {
                        *stats.changes.entry(pass.name).or_default() += pass.changes;
                    }
                }
                Err(e) => {
                    stats.failures.push(format!("{what}: {e}"));
                    continue;
                }
            }
            if let Err(e) = lir::verify::verify(&optimized) {
                stats
                    .failures
                    .push(format!("{what}: output does not verify: {e}"));
                continue;
            }
            for ((name, args, before), dependent) in cases.iter().zip(&mut layout_dependent) {
                let after = run(&optimized, name, args, FUEL * 10);
                stats.compared += 1;
                if same(before, &after) {
                    continue;
                }
                if *dependent
                    .get_or_insert_with(|| depends_on_stack_addresses(&module, name, args, before))
                {
                    stats.layout_dependent += 1;
                } else {
                    stats.failures.push(format!(
                        "{what}: @{name}({args:?}) gave {after:?}, before {before:?}\n{}",
                        lir::text::print(&optimized)
                    ));
                }
            }
        }
    }
}

#[test]
fn module_passes_keep_results_of_generated_modules() {
    let mut stats = Stats::default();
    for seed in 0..SEEDS {
        let config = GenConfig::default();
        check(seed, module_from_seed(config, seed), &mut stats);
        let mut fewer = module_from_seed(
            GenConfig {
                functions: 6,
                ..config
            },
            seed,
        );
        export_fewer(&mut fewer);
        add_duplicates(&mut fewer);
        check(seed, fewer, &mut stats);
    }
    assert!(
        stats.failures.is_empty(),
        "{} failures; the first:\n{}",
        stats.failures.len(),
        stats.failures[0]
    );
    eprintln!(
        "compared {} calls ({} differ but depend on stack addresses); changes: {:?}",
        stats.compared, stats.layout_dependent, stats.changes
    );
    // The test is only worth something if the passes did their work.
    assert!(
        stats.compared > 1000,
        "only {} calls compared",
        stats.compared
    );
    for pass in ["inline", "tree-shake", "dedup"] {
        assert!(
            stats.changes.get(pass).copied().unwrap_or(0) > 50,
            "{pass}: {:?}",
            stats.changes
        );
    }
}
