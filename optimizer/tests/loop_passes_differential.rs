//! Differential test of the loop passes: random modules (`lir::testing`, which makes
//! counted loops, nested loops and irreducible cycles) are optimized by the loop
//! passes alone and combined with `sccp`, `simplify-cfg` and `dce`; every exported
//! function must give the same results in the interpreter before and after, traps
//! included, and leave the same memory and globals behind.

use lir::interp::{InterpConfig, Interpreter};
use lir::testing::{edge_argument, exported_functions, module_from_seed, GenConfig};
use lir::{DataItem, DataObject, DataType, DataValue, Imm, Module};
use lir_opt::{optimize, OptLevel, OptOptions};

const SEEDS: u64 = 100;
const FUEL: u64 = 2_000_000;

/// The pass lists each module goes through.
const PIPELINES: &[&[&str]] = &[
    &["licm"],
    &["loop-rotate"],
    &["iv-reduce"],
    &["unroll"],
    &["idiom"],
    &["loop-rotate", "licm", "iv-reduce", "unroll", "idiom"],
    &[
        "sccp",
        "simplify-cfg",
        "loop-rotate",
        "licm",
        "simplify-cfg",
        "iv-reduce",
        "dce",
        "idiom",
        "unroll",
        "sccp",
        "simplify-cfg",
        "dce",
        "licm",
        "loop-rotate",
        "unroll",
    ],
];

/// What one call did: its results or trap, then the memory and globals it left.
#[derive(PartialEq, Eq, Debug)]
enum Outcome {
    Returned(Vec<Imm>, u64, Option<Imm>),
    Trapped(lir::TrapKind, u64, Option<Imm>),
    /// Out of fuel or another executor limit: not compared.
    Unknown,
}

fn run(module: &Module, name: &str, args: &[Imm]) -> Outcome {
    let Ok(mut interp) = Interpreter::new(module, InterpConfig::new().fuel(FUEL)) else {
        return Outcome::Unknown;
    };
    let result = interp.invoke(name, args);
    let memory = fingerprint(interp.memory());
    let global = interp.global("g");
    match result {
        Ok(values) => Outcome::Returned(values, memory, global),
        Err(e) => match e.trap_kind() {
            Some(lir::TrapKind::CallStackExhausted) | None => Outcome::Unknown,
            Some(kind) => Outcome::Trapped(kind, memory, global),
        },
    }
}

/// A hash of the memory's bytes (FNV-1a), to compare memories cheaply.
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// The generated module of `seed`, with every function's address taken by a data
/// object: a function's table index depends on which functions have their address
/// taken (`lir::layout`), and optimizations may delete `funcaddr` instructions,
/// which would renumber the table under the program's feet.
fn pinned_module(seed: u64) -> Module {
    let mut module = module_from_seed(GenConfig::default(), seed);
    let values = module.funcs.keys().map(DataValue::FuncAddr).collect();
    module.add_data(DataObject {
        name: "table_pin".into(),
        align: None,
        readonly: true,
        items: vec![DataItem::Scalars {
            ty: DataType::Ptr,
            values,
        }],
        is_string: false,
    });
    module
}

fn check(seed: u64, passes: &[&str]) -> Result<(), String> {
    let original = pinned_module(seed);
    let mut optimized = original.clone();
    let options = OptOptions {
        level: OptLevel::O2,
        passes: Some(passes.iter().map(|p| p.to_string()).collect()),
        verify_each: true,
        ..OptOptions::default()
    };
    optimize(&mut optimized, &options).map_err(|e| format!("seed {seed} {passes:?}: {e}"))?;
    for (name, sig) in exported_functions(&original) {
        for k in 0..4u64 {
            let args: Vec<Imm> = sig
                .params
                .iter()
                .enumerate()
                .map(|(i, &ty)| edge_argument(ty, k * 3 + i as u64))
                .collect();
            let before = run(&original, &name, &args);
            if before == Outcome::Unknown {
                continue;
            }
            let after = run(&optimized, &name, &args);
            if before != after {
                return Err(format!(
                    "seed {seed} {passes:?}: @{name}({args:?}) gave {before:?} before, \
                     {after:?} after\n{}",
                    lir::text::print(&optimized)
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn loop_passes_keep_results() {
    let mut failures = Vec::new();
    for passes in PIPELINES {
        for seed in 0..SEEDS {
            if let Err(e) = check(seed, passes) {
                failures.push(e);
            }
        }
    }
    if let Some(first) = failures.first() {
        panic!("{} failures; the first:\n{first}", failures.len());
    }
}

/// The loop passes change something on the generated modules (so the test above
/// tests them at all).
#[test]
fn loop_passes_fire_on_generated_modules() {
    let mut changes = std::collections::BTreeMap::new();
    for seed in 0..SEEDS {
        let mut module = pinned_module(seed);
        let options = OptOptions {
            level: OptLevel::O2,
            passes: Some(
                [
                    "sccp",
                    "simplify-cfg",
                    "loop-rotate",
                    "licm",
                    "iv-reduce",
                    "unroll",
                    "idiom",
                ]
                .iter()
                .map(|p| p.to_string())
                .collect(),
            ),
            ..OptOptions::default()
        };
        let report = optimize(&mut module, &options).unwrap();
        for pass in ["loop-rotate", "licm", "iv-reduce", "unroll"] {
            *changes.entry(pass).or_insert(0) += report.changes(pass);
        }
    }
    for (pass, n) in &changes {
        assert!(
            *n > 0,
            "{pass} never changed a generated module: {changes:?}"
        );
    }
}

/// A small deterministic random source (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 >> 16
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A function with loops shaped as frontends write them, which the generator of
/// `lir::testing` does not make: tested at the top, with header values used in the
/// body, after a `break` and after the exit by dominance, a header instruction that
/// may trap, nested loops, and fill and copy loops over objects with bounds near
/// their ends (and overlapping copies).
fn frontend_loops(seed: u64) -> String {
    let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut text = String::from(
        "data @buf = { zero 64 }\ndata @src readonly = \"0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\"\n\n",
    );
    // A top-tested loop, maybe with an inner loop, a break and a trapping header.
    let step = 1 + r.below(3);
    let cond = r.pick(&["lt_u %i, %n", "ne %i, %n", "lt_s %i, %n", "le_u %i, %n"]);
    let header_extra = r.pick(&[
        "%h = add %i, %x",
        "%h = mul %i, 3",
        "%h = div_u %x, %i",
        "%h = xor %i, %x",
        "%h = mul %i, %x",
    ]);
    let (cont, leave) = if r.below(2) == 0 {
        ("body", "exit")
    } else {
        ("exit", "body")
    };
    let cond_line = if cont == "body" {
        format!("%c = {cond}")
    } else {
        format!("%c0 = {cond}\n    %c = eqz %c0")
    };
    let _ = leave;
    let inner = if r.below(2) == 0 {
        format!(
            "    jump inner(0, %acc)\ninner(%j: i32, %a: i32):\n    %jm = lt_u %j, {}\n    br_if %jm, ibody, inext\nibody:\n    %a1 = add %a, %h\n    %j2 = add %j, 1\n    jump inner(%j2, %a1)\ninext:\n    jump latch(%a)\n",
            r.below(4)
        )
    } else {
        "    %acc1 = add %acc, %h\n    jump latch(%acc1)\n".to_string()
    };
    let brk = r.below(20);
    text += &format!(
        "export func @top(%n: i32, %x: i32) -> i32 {{
entry:
    jump loop(0, 0)
loop(%i: i32, %acc: i32):
    {header_extra}
    {cond_line}
    br_if %c, {cont}, {exit_or_body}
body:
    %off = shl %i, 2
    %m = and %off, 60
    %b = addr @buf
    %p = add %b, %m
    store.i32 [%p], %h
    %stop = eq %i, {brk}
    br_if %stop, out, more
more:
{inner}latch(%acc2: i32):
    %i2 = add %i, {step}
    jump loop(%i2, %acc2)
out:
    %o = add %h, %i
    ret %o
exit:
    %e = add %acc, %h
    %e2 = mul %e, %i
    ret %e2
}}

",
        exit_or_body = if cont == "body" { "exit" } else { "body" },
    );
    // Fill and copy loops (tested at the top or the bottom) near the objects' ends.
    let width = r.pick(&["8", "i32", "i64"]);
    let bytes = match width {
        "8" => 1,
        "i32" => 4,
        _ => 8,
    };
    let start = r.below(12);
    let count = r.below(70 / bytes + 2);
    let value = r.pick(&["0", "257", "-1", "0x01010101", "%x"]);
    let value_ty = if width == "i64" { "i64" } else { "i32" };
    let value = if value == "%x" && width == "i64" {
        "%x64"
    } else {
        value
    };
    text += &format!(
        "export func @fill(%x: i32) -> i32 {{
entry:
    %x64 = extend_u %x
    %b = addr @buf + {start}
    jump loop(0)
loop(%i: i32):
    %more = lt_u %i, {count}
    br_if %more, body, exit
body:
    %off = mul %i, {bytes}
    %p = add %b, %off
    store.{width} [%p], {value}
    %i2 = add %i, 1
    jump loop(%i2)
exit:
    %r = load.i32 [%b]
    ret %r
}}

",
    );
    let _ = value_ty;
    let (dst, src) = if r.below(2) == 0 {
        (
            format!("addr @buf + {}", r.below(16)),
            format!("addr @buf + {}", r.below(16)),
        )
    } else {
        (
            format!("addr @buf + {}", r.below(16)),
            format!("addr @src + {}", r.below(16)),
        )
    };
    let count = r.below(60 / bytes + 2);
    let (load, store) = match width {
        "8" => ("load.u8.i32", "store.8"),
        "i32" => ("load.i32", "store.i32"),
        _ => ("load.i64", "store.i64"),
    };
    text += &format!(
        "export func @copy() -> i32 {{
entry:
    %d = {dst}
    %s = {src}
    jump loop(0)
loop(%i: i32):
    %off = mul %i, {bytes}
    %pd = add %d, %off
    %ps = add %s, %off
    %v = {load} [%ps]
    {store} [%pd], %v
    %i2 = add %i, 1
    %more = lt_u %i2, {count}
    br_if %more, loop(%i2), exit(%i2)
exit(%k: i32):
    ret %k
}}
",
    );
    text
}

#[test]
fn loop_passes_keep_results_of_frontend_loops() {
    let pipelines: &[&[&str]] = &[
        &["loop-rotate"],
        &["loop-rotate", "licm", "iv-reduce", "unroll"],
        &["loop-rotate", "simplify-cfg", "idiom", "dce"],
        &[
            "loop-rotate",
            "sccp",
            "simplify-cfg",
            "licm",
            "iv-reduce",
            "dce",
            "idiom",
            "unroll",
            "sccp",
            "simplify-cfg",
            "dce",
        ],
    ];
    let calls: &[(&str, &[i64])] = &[
        ("top", &[0, 5]),
        ("top", &[7, 0]),
        ("top", &[9, 100]),
        ("top", &[30, 3]),
        ("fill", &[0x1234_5678]),
        ("copy", &[]),
    ];
    let mut fired = std::collections::BTreeMap::new();
    for seed in 0..300 {
        let text = frontend_loops(seed);
        let original = lir::text::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        lir::verify::verify(&original).unwrap_or_else(|e| panic!("{e}\n{text}"));
        for passes in pipelines {
            let mut optimized = original.clone();
            let options = OptOptions {
                level: OptLevel::O2,
                passes: Some(passes.iter().map(|p| p.to_string()).collect()),
                verify_each: true,
                ..OptOptions::default()
            };
            let report = optimize(&mut optimized, &options)
                .unwrap_or_else(|e| panic!("seed {seed} {passes:?}: {e}\n{text}"));
            for pass in *passes {
                *fired.entry(*pass).or_insert(0) += report.changes(pass);
            }
            for (name, args) in calls {
                let args: Vec<Imm> = args.iter().map(|&a| Imm::i32(a as i32)).collect();
                let before = run(&original, name, &args);
                if before == Outcome::Unknown {
                    continue;
                }
                let after = run(&optimized, name, &args);
                assert_eq!(
                    before,
                    after,
                    "seed {seed} {passes:?}: @{name}({args:?})\n{text}\n--- after:\n{}",
                    lir::text::print(&optimized)
                );
            }
        }
    }
    for pass in ["loop-rotate", "licm", "iv-reduce", "unroll", "idiom"] {
        assert!(fired[pass] > 0, "{pass} never fired: {fired:?}");
    }
    eprintln!("{fired:?}");
}
