//! Differential test of the memory passes (`mem2reg`, `store-forward`, `dse`,
//! `addr-fold`): for seeds 0..100, a random module (`lir::testing`) is optimized with
//! the passes (verifying after each), and every exported function must give the same
//! outcome as before in the reference interpreter for a few edge-case arguments: the
//! same values bit for bit, or the same trap; on return also the same global and the
//! same bytes of the data object the generated code reads and writes.
//!
//! Generated code keeps little in slots and rarely reads back what it stored, so each
//! module is checked twice, prepared in two ways:
//! - `instrument`: before every store goes a store of zero to the same bytes (dead),
//!   after it loads of the same bytes (full width and narrower, at the start and one
//!   byte in), and after every call or bulk memory operation a load of the block's
//!   last stored bytes; their bits are xor-ed into a global `@probe` that the
//!   comparison includes;
//! - then also `reg2mem`: every other SSA value goes through a slot of its own, as a
//!   naive frontend would write it (stored where it is defined, loaded before each
//!   use), which `mem2reg` must undo on arbitrary control flow: after a pipeline with
//!   `mem2reg`, no such slot may be left.
//!
//! Things the passes may legitimately change are taken out: a function whose outcome
//! changes when the shadow stack moves (it computes with slot addresses; removing
//! slots changes frame sizes) is not compared, and since deleting dead `funcaddr`s
//! (with unreachable blocks) renumbers the function table, the optimized module gets
//! an uncalled function taking every address the original took. The generator zeroes
//! its slots, so no slot byte is read before being written.

use lir::interp::{InterpConfig, Interpreter};
use lir::testing::{edge_argument, exported_functions, module_from_seed, GenConfig};
use lir::{BinaryOp, ConvertOp, Function, Imm, InstKind, MemArg, MemWidth, Module, Type};
use lir_opt::OptOptions;

const PIPELINES: &[&[&str]] = &[
    &["mem2reg"],
    &["store-forward"],
    &["dse"],
    &["addr-fold"],
    // Constant folding first turns masked slot offsets into constants, which makes
    // slots promotable and locations comparable.
    &[
        "sccp",
        "peephole",
        "addr-fold",
        "mem2reg",
        "store-forward",
        "dse",
        "simplify-params",
        "dce",
        "store-forward",
        "dse",
    ],
];
const SEEDS: u64 = 100;
const FUEL: u64 = 2_000_000;

#[derive(PartialEq)]
enum Outcome {
    Returned {
        values: Vec<Imm>,
        global: Option<Imm>,
        probe: Option<Imm>,
        memory: Vec<u8>,
    },
    Trapped(lir::TrapKind),
    /// Out of fuel or another failure to run: not compared.
    Unknown,
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Returned {
                values,
                global,
                probe,
                memory,
            } => {
                let hash = memory
                    .iter()
                    .fold(0u64, |h, &b| h.wrapping_mul(31) ^ b as u64);
                write!(
                    f,
                    "{values:?}, @g {global:?}, @probe {probe:?}, memory {hash:x}"
                )
            }
            Outcome::Trapped(kind) => write!(f, "trap {kind:?}"),
            Outcome::Unknown => write!(f, "unknown"),
        }
    }
}

/// Adds to `optimized` a function that takes the address of every function whose
/// address `original` takes, so both have the same table.
fn keep_table(original: &Module, optimized: &mut Module) {
    let mut keep = Function::new("keep_table", lir::Signature::default());
    let block = keep.create_block();
    for func in original.funcs.values() {
        for &b in &func.layout {
            for &inst in &func.blocks[b].insts {
                if let InstKind::FuncAddr { func } = func.insts[inst].kind {
                    keep.append_inst(block, InstKind::FuncAddr { func }, &[Type::I32]);
                }
            }
        }
    }
    keep.append_inst(block, InstKind::Ret { values: vec![] }, &[]);
    optimized.funcs.push(keep);
}

/// Adds dead stores and loads that read stores back (see the module comment).
fn instrument(module: &mut Module) {
    let probe = module.globals.push(lir::GlobalDecl {
        name: "probe".into(),
        ty: Type::I64,
        mutable: true,
        init: Imm::i64(0),
        export: None,
    });
    for func in module.funcs.values_mut() {
        for block in func.layout.clone() {
            let old = std::mem::take(&mut func.blocks[block].insts);
            let mut new = Vec::with_capacity(old.len() * 4);
            let mut last_store = None;
            for inst in old {
                match func.insts[inst].kind {
                    InstKind::Store {
                        ty,
                        width,
                        addr,
                        mem,
                        ..
                    } => {
                        let value = func.const_value(Imm::zero(ty));
                        let kind = InstKind::Store {
                            ty,
                            width,
                            addr,
                            value,
                            mem,
                        };
                        new.push(func.create_inst(kind, &[]));
                        new.push(inst);
                        read_back(func, &mut new, probe, (ty, width, false, addr, mem));
                        if ty.is_int() && width.bytes() > 1 {
                            let narrow = (ty, MemWidth::W8, true, addr, mem);
                            read_back(func, &mut new, probe, narrow);
                            let mem = MemArg {
                                offset: mem.offset + 1,
                                ..mem
                            };
                            let inner = (Type::I32, MemWidth::W8, false, addr, mem);
                            read_back(func, &mut new, probe, inner);
                        }
                        last_store = Some((ty, width, false, addr, mem));
                    }
                    // Read the last store back after what may clobber it.
                    InstKind::Call { .. }
                    | InstKind::CallIndirect { .. }
                    | InstKind::Syscall { .. }
                    | InstKind::MemoryCopy { .. }
                    | InstKind::MemoryFill { .. } => {
                        new.push(inst);
                        if let Some(access) = last_store {
                            read_back(func, &mut new, probe, access);
                        }
                    }
                    _ => new.push(inst),
                }
            }
            func.blocks[block].insts = new;
        }
    }
}

/// Appends a load `(type, width, signed, address, memarg)` whose bits go into `@probe`.
fn read_back(
    func: &mut Function,
    new: &mut Vec<lir::Inst>,
    probe: lir::Global,
    (ty, width, signed, addr, mem): (Type, MemWidth, bool, lir::Value, MemArg),
) {
    let mut emit = |func: &mut Function, kind: InstKind, ty: Type| {
        let i = func.create_inst(kind, &[ty]);
        new.push(i);
        func.insts[i].results[0]
    };
    let load = InstKind::Load {
        ty,
        width,
        signed,
        addr,
        mem,
    };
    let mut v = emit(func, load, ty);
    let int = ty.int_of_same_width();
    if ty.is_float() {
        v = emit(
            func,
            InstKind::Convert {
                op: ConvertOp::Bitcast(int),
                arg: v,
            },
            int,
        );
    }
    if int == Type::I32 {
        v = emit(
            func,
            InstKind::Convert {
                op: ConvertOp::ExtendU,
                arg: v,
            },
            Type::I64,
        );
    }
    let old = emit(func, InstKind::GlobalGet { global: probe }, Type::I64);
    let args = [old, v];
    let x = emit(
        func,
        InstKind::Binary {
            op: BinaryOp::Xor,
            args,
        },
        Type::I64,
    );
    let set = InstKind::GlobalSet {
        global: probe,
        value: x,
    };
    new.push(func.create_inst(set, &[]));
}

fn run(module: &Module, name: &str, args: &[Imm]) -> Outcome {
    let Ok(mut interp) = Interpreter::new(module, InterpConfig::new().fuel(FUEL)) else {
        return Outcome::Unknown;
    };
    match interp.invoke(name, args) {
        Ok(values) => {
            let memory = module.data_by_name("mem").map_or(Vec::new(), |d| {
                let start = interp.layout().data_address(d) as usize;
                interp.memory()[start..start + module.data[d].size() as usize].to_vec()
            });
            Outcome::Returned {
                values,
                global: interp.global("g"),
                probe: interp.global("probe"),
                memory,
            }
        }
        Err(e) => e.trap_kind().map_or(Outcome::Unknown, Outcome::Trapped),
    }
}

/// Sends every other value of each function through a slot of its own: stored where
/// it is defined, loaded before each instruction that uses it.
fn reg2mem(module: &mut Module) {
    for func in module.funcs.values_mut() {
        let mut slot_of: cranelift_entity::SecondaryMap<lir::Value, Option<lir::Value>> =
            Default::default();
        params_to_slots(func, &mut slot_of);
        let mut defined = Vec::new();
        for &b in &func.layout {
            defined.extend(func.blocks[b].params.iter().copied());
            for &inst in &func.blocks[b].insts {
                defined.extend(func.insts[inst].results.iter().copied());
            }
        }
        for v in defined.into_iter().step_by(2) {
            slot_of[v] = Some(func.create_slot(8, Some(8)).1);
        }
        let store = |func: &mut Function, v: lir::Value, slot: lir::Value| {
            let ty = func.value_type(v);
            let kind = InstKind::Store {
                ty,
                width: MemWidth::of(ty),
                addr: slot,
                value: v,
                mem: MemArg::default(),
            };
            func.create_inst(kind, &[])
        };
        for block in func.layout.clone() {
            let old = std::mem::take(&mut func.blocks[block].insts);
            let mut new = Vec::with_capacity(old.len() * 2);
            for p in func.blocks[block].params.clone() {
                if let Some(slot) = slot_of[p] {
                    new.push(store(func, p, slot));
                }
            }
            for inst in old {
                let mut loaded: Vec<(lir::Value, lir::Value)> = Vec::new();
                for v in func.insts[inst].kind.args() {
                    if let (Some(slot), false) = (slot_of[v], loaded.iter().any(|l| l.0 == v)) {
                        let ty = func.value_type(v);
                        let kind = InstKind::Load {
                            ty,
                            width: MemWidth::of(ty),
                            signed: false,
                            addr: slot,
                            mem: MemArg::default(),
                        };
                        let load = func.create_inst(kind, &[ty]);
                        new.push(load);
                        loaded.push((v, func.insts[load].results[0]));
                    }
                }
                let replace = |v| loaded.iter().find(|l| l.0 == v).map_or(v, |l| l.1);
                func.insts[inst].kind.map_args(replace);
                new.push(inst);
                if !func.insts[inst].kind.is_terminator() {
                    for r in func.insts[inst].results.clone() {
                        if let Some(slot) = slot_of[r] {
                            new.push(store(func, r, slot));
                        }
                    }
                }
            }
            func.blocks[block].insts = new;
        }
    }
}

/// Replaces the parameters of blocks that only `jump`s reach by slots: each jump
/// stores its arguments, and (through `slot_of`) each use loads. This is how a naive
/// frontend writes a variable assigned on several paths, so `mem2reg` must place
/// block parameters again.
fn params_to_slots(
    func: &mut Function,
    slot_of: &mut cranelift_entity::SecondaryMap<lir::Value, Option<lir::Value>>,
) {
    let mut only_jumps: cranelift_entity::SecondaryMap<lir::Block, bool> = Default::default();
    for &b in func.layout.iter().skip(1) {
        only_jumps[b] = !func.blocks[b].params.is_empty();
    }
    for &b in &func.layout {
        if let Some(term) = func.terminator(b) {
            let kind = &func.insts[term].kind;
            if !matches!(kind, InstKind::Jump { .. }) {
                for target in kind.successors() {
                    only_jumps[target] = false;
                }
            }
        }
    }
    for block in func.layout.clone() {
        if !only_jumps[block] {
            continue;
        }
        let params = func.blocks[block].params.clone();
        let slots: Vec<lir::Value> = params
            .iter()
            .map(|_| func.create_slot(8, Some(8)).1)
            .collect();
        for pred in func.layout.clone() {
            let Some(term) = func.terminator(pred) else {
                continue;
            };
            let InstKind::Jump { dest } = &func.insts[term].kind else {
                continue;
            };
            if dest.block != block {
                continue;
            }
            let stores: Vec<lir::Inst> = dest
                .args
                .clone()
                .into_iter()
                .zip(&slots)
                .map(|(arg, &slot)| {
                    let ty = func.value_type(arg);
                    let kind = InstKind::Store {
                        ty,
                        width: MemWidth::of(ty),
                        addr: slot,
                        value: arg,
                        mem: MemArg::default(),
                    };
                    func.create_inst(kind, &[])
                })
                .collect();
            let at = func.blocks[pred].insts.len() - 1;
            func.blocks[pred].insts.splice(at..at, stores);
        }
        for (&p, &slot) in params.iter().zip(&slots) {
            slot_of[p] = Some(slot);
        }
        let branches: Vec<lir::Inst> = func
            .layout
            .iter()
            .filter_map(|&b| func.terminator(b))
            .filter(|&t| func.insts[t].kind.successors().any(|s| s == block))
            .collect();
        lir_opt::edit::remove_block_params(func, block, &vec![true; params.len()], &branches);
    }
}

fn argument_sets(params: &[Type]) -> Vec<Vec<Imm>> {
    (0..3u64)
        .map(|k| {
            let args = params.iter().enumerate();
            args.map(|(i, &t)| edge_argument(t, k * 3 + i as u64))
                .collect()
        })
        .collect()
}

#[test]
fn memory_passes_keep_results_of_generated_modules() {
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut changes = std::collections::BTreeMap::<&str, u64>::new();
    for seed in 0..SEEDS {
        let mut generated = module_from_seed(GenConfig::default(), seed);
        instrument(&mut generated);
        let mut spilled = generated.clone();
        reg2mem(&mut spilled);
        for (variant, module) in [("generated", &generated), ("reg2mem", &spilled)] {
            let what = format!("seed {seed}, {variant}");
            // After mem2reg, the slots reg2mem added must be gone.
            let slots = |m: &Module| m.funcs.values().map(|f| f.slots.len()).collect::<Vec<_>>();
            let most = slots(&generated);
            compared += check(&what, module, &mut failures, &mut changes, |optimized| {
                let left = slots(optimized);
                let extra = left.iter().zip(&most).any(|(a, b)| a > b);
                extra.then(|| format!("slots left: {left:?}, at most {most:?}"))
            });
        }
    }
    eprintln!("{compared} runs compared; changes per pass: {changes:?}");
    assert!(
        failures.is_empty(),
        "{} failures; the first:\n{}",
        failures.len(),
        failures[0]
    );
    for pass in ["mem2reg", "store-forward", "dse", "addr-fold"] {
        let n = changes.get(pass).copied().unwrap_or(0);
        assert!(n > 0, "{pass} never changed anything");
    }
}

/// Optimizes `module` with each pipeline and compares; returns how many runs.
fn check(
    what: &str,
    module: &Module,
    failures: &mut Vec<String>,
    changes: &mut std::collections::BTreeMap<&'static str, u64>,
    after_mem2reg: impl Fn(&Module) -> Option<String>,
) -> usize {
    lir::verify::verify(module).expect("the prepared module verifies");
    let mut compared = 0;
    // The stack pointer stays 16-aligned and generated code masks slot offsets below
    // 64: shifts by 16, 32 and 48 give it every other value modulo 64, and a far shift
    // catches the rest.
    let moved: Vec<Module> = [16, 32, 48, 16 * 37]
        .iter()
        .map(|shift| {
            let mut m = module.clone();
            m.stack_size = Some(lir::layout::DEFAULT_STACK_SIZE + shift);
            m
        })
        .collect();
    let mut cases = Vec::new();
    for (name, sig) in exported_functions(module) {
        for args in argument_sets(&sig.params) {
            let outcome = run(module, &name, &args);
            if outcome != Outcome::Unknown && moved.iter().all(|m| run(m, &name, &args) == outcome)
            {
                cases.push((name.clone(), args, outcome));
            }
        }
    }
    for pipeline in PIPELINES {
        let mut optimized = module.clone();
        let options = OptOptions {
            passes: Some(pipeline.iter().map(|p| p.to_string()).collect()),
            verify_each: true,
            ..OptOptions::default()
        };
        let what = format!("{what}, passes {}", pipeline.join(","));
        match lir_opt::optimize(&mut optimized, &options) {
            Ok(report) => {
                for p in &report.passes {
                    *changes.entry(p.name).or_default() += p.changes;
                }
            }
            Err(e) => {
                failures.push(format!("{what}: {e}"));
                continue;
            }
        }
        if pipeline.contains(&"mem2reg") {
            if let Some(problem) = after_mem2reg(&optimized) {
                let text = lir::text::print(&optimized);
                failures.push(format!("{what}: {problem}\n{text}"));
            }
        }
        keep_table(module, &mut optimized);
        for (name, args, outcome) in &cases {
            compared += 1;
            let got = run(&optimized, name, args);
            if got != *outcome {
                failures.push(format!(
                    "{what}: @{name}({args:?}) gave {got:?}, before {outcome:?}\n{}",
                    lir::text::print(&optimized)
                ));
            }
        }
    }
    compared
}
