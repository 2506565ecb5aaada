//! Random LIR programs for property and differential tests (cargo feature `testing`).
//!
//! [`arb_module`] is a `proptest` strategy; [`module_from_seed`] builds the same kind of
//! module from a seed without proptest. Generated modules are valid LIR and every
//! exported function terminates: loops count up to a small bound, calls only go to
//! functions defined earlier (the only recursion is the optimizer's shapes' bounded
//! self recursion, below), and irreducible cycles carry a counter too. Divisors are forced non-zero and never -1, memory accesses stay inside a data
//! object or a stack slot, and float-to-int conversions saturate — so programs rarely
//! trap, and when they do (a `trap` on a rarely taken path) every executor must agree.
//!
//! Like `wasm-smith`, the generator consumes a stream of random choices and builds the
//! program by construction, tracking which values are available (dominating) of each
//! type. Shapes: straight-line arithmetic, conversions, loads and stores, globals,
//! diamonds with merge parameters, counted loops (nested), `switch`es (dense and
//! sparse, `i32` and `i64`), two-entry irreducible cycles, early returns, direct,
//! indirect and tail calls, `stack.alloc`, and multi-value results.
//!
//! **The optimizer's shapes** ([`Shapes::optimizer`], with [`module_from_seed_with`]
//! and [`arb_module_with`]) add what optimization passes work on, mixed at random
//! into the statements above (files `naive.rs`, `shapes.rs`, `helpers.rs`):
//!
//! - *locals in slots*, as a naive frontend keeps them: half the functions store
//!   their parameters to slots of their own at entry, store every value they compute
//!   to a fresh local's slot and load locals again before using them; any function
//!   may declare and assign locals (some narrow: `store.8` / `load.s8`), and loops
//!   may keep their counter and accumulator in slots, tested at the top (`mem2reg`,
//!   `loop-rotate`);
//! - *constant expressions* computed at run time (`add.i32 3, 4`, chains of them),
//!   operations that simplify (`mul %x, 8`, `div_u %x, 4`, `add %x, 0`) and branches
//!   on constant conditions (`sccp`, `peephole`, `simplify-cfg`);
//! - *dead code*: computations nothing uses, branches never taken (`dce`);
//! - *helper functions*, not exported: tiny callees of one or two instructions, some
//!   with a parameter every call passes the same constant, an unused parameter or a
//!   result no call uses; bounded self recursion — a tail call (`return_call`, or
//!   `call` then `ret`), recursion modulo an accumulator, two calls per level — whose
//!   depth is at most 32 whatever the arguments; a fill loop that shrinks to a
//!   `memory.fill`. They are called inside loops and outside (`inline`,
//!   `inline-late`, `arg-prop`, `tre`, `tree-shake`);
//! - *duplicate functions*: copies of helpers and of the main functions under other
//!   names, both called, and pairs that become equal only once their callees merge
//!   (wrappers of a helper and of its copy; a main function's copy calls the copies
//!   of its callees) (`dedup`);
//! - *loop invariants*: arithmetic on values from outside the loop, loads of the
//!   `readonly` `@table`, reads of globals (one that never changes, one immutable)
//!   (`licm`, `const-globals`);
//! - *small diamonds and triangles* of one pure instruction per arm (`if-convert`);
//! - *fill and copy loops* over a constant number of elements inside the function's
//!   slot or `@mem` (copying from `@table` or `@mem`), read back afterwards (`idiom`,
//!   `iv-reduce`, `unroll`);
//! - *a counter in a data object* (`@counter`) read and written in a loop of one
//!   block (`loop-promote`);
//! - *volatile* loads and stores of locals and of `@mem`;
//! - repeated expressions (`gvn`), a store then a load of one location, two stores,
//!   two loads (`store-forward`, `dse`), and constant address arithmetic chains
//!   (`add (add %slot, 16), -8`: `addr-fold`).
//!
//! Results stay comparable across executors and optimization levels: stack
//! addresses (slots, `stack.alloc`) and table indexes (`funcaddr`) never reach a
//! result or memory, nor do addresses of data objects other than `@mem` (the first
//! one, which no deletion moves); slot bytes are read only after being written;
//! every access lies inside its object; divisions never trap; `@table` is never
//! written. With [`Shapes::nan_agnostic`] no result depends on the bits of a NaN
//! that arithmetic produced (no `bitcast` of floats, floats stored only to a local's
//! own slot, `copysign` signs only from constants), so results compare modulo NaN
//! payloads on engines that do not canonicalize NaNs.
//!
//! It lives beside the IR (cargo feature `testing` of `lir`) and knows nothing of any
//! target, so the optimizer's tests and the backend's share it. A differential test
//! transforms or compiles each module and compares every exported function's results
//! with the reference interpreter's (the backend's `tests/differential.rs` runs the
//! wasm under Node.js, the harness in `tests/` under wasmtime at every `-O` level):
//!
//! ```
//! use lir::testing::{exported_functions, module_from_seed, GenConfig};
//! use lir::interp::{InterpConfig, Interpreter};
//! use lir::{Imm, Type};
//!
//! let module = module_from_seed(GenConfig::default(), 7);
//! lir::verify::verify(&module).unwrap();
//! for (name, sig) in exported_functions(&module) {
//!     let args: Vec<Imm> = sig.params.iter().map(|&t| Imm::new(t, 3)).collect();
//!     let mut interp = Interpreter::new(&module, InterpConfig::new().fuel(10_000_000)).unwrap();
//!     let expected = interp.invoke(&name, &args); // run the wasm export with `args`, compare
//!     assert!(expected.is_ok() || expected.unwrap_err().trap_kind().is_some());
//! }
//! ```

use crate::{
    Data, DataItem, DataObject, Func, Function, Global, GlobalDecl, Imm, Module, Signature, Type,
    Value,
};
use proptest::prelude::*;

mod control;
mod function;
mod helpers;
mod naive;
mod operations;
mod shapes;

use function::FuncGen;
use helpers::Extras;

/// What generated modules may contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenConfig {
    /// Functions with several results.
    pub multi_value: bool,
    /// `return_call` / `return_call_indirect`.
    pub tail_calls: bool,
    /// Number of functions (at least 1).
    pub functions: usize,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            multi_value: true,
            tail_calls: true,
            functions: 4,
        }
    }
}

/// Families of shapes beyond [`GenConfig`]'s, and restrictions (the module doc
/// describes them). The default is the basic generator: what [`module_from_seed`] and
/// [`arb_module`] make.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shapes {
    /// What optimizers work on: locals kept in stack slots as a naive frontend does,
    /// constant expressions, dead code, tiny and recursive helper functions, duplicate
    /// functions, loop invariants, small diamonds, fill and copy loops, counters in
    /// memory, volatile accesses.
    pub optimizer: bool,
    /// Never look at the bits of a NaN that arithmetic may produce (whose sign and
    /// payload LIR leaves unspecified), so that results compare modulo NaN payloads
    /// under engines that do not canonicalize NaNs: no `bitcast` of floats to
    /// integers, no float stores except to a local's own slot read back only as that
    /// float, no `copysign` taking its sign from a value that may be NaN.
    pub nan_agnostic: bool,
}

impl Shapes {
    /// The optimizer's shapes, NaN bits observable.
    pub fn optimizer() -> Shapes {
        Shapes {
            optimizer: true,
            nan_agnostic: false,
        }
    }

    /// The optimizer's shapes, NaN bits never observed.
    pub fn nan_agnostic() -> Shapes {
        Shapes {
            optimizer: true,
            nan_agnostic: true,
        }
    }
}

/// A proptest strategy for random terminating modules.
pub fn arb_module(config: GenConfig) -> impl Strategy<Value = Module> {
    arb_module_with(config, Shapes::default())
}

/// [`arb_module`] with more [`Shapes`].
pub fn arb_module_with(config: GenConfig, shapes: Shapes) -> impl Strategy<Value = Module> {
    prop::collection::vec(any::<u32>(), 16..2048)
        .prop_map(move |choices| generate(config, shapes, Choices::new(choices)))
}

/// A random module from a seed (no shrinking), for quick loops and benchmarks.
pub fn module_from_seed(config: GenConfig, seed: u64) -> Module {
    module_from_seed_with(config, Shapes::default(), seed)
}

/// [`module_from_seed`] with more [`Shapes`].
pub fn module_from_seed_with(config: GenConfig, shapes: Shapes, seed: u64) -> Module {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let per_function = if shapes.optimizer { 2048 } else { 1024 };
    let choices = (0..per_function * config.functions.max(4))
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u32
        })
        .collect();
    generate(config, shapes, Choices::new(choices))
}

/// Exported functions of a generated module and their signatures, for callers.
pub fn exported_functions(module: &Module) -> Vec<(String, Signature)> {
    module
        .funcs
        .values()
        .filter_map(|f| f.export.as_ref().map(|name| (name.clone(), f.sig.clone())))
        .collect()
}

/// The `k`-th of a fixed list of edge-case arguments of type `ty` (zero, one, all
/// ones, sign bits, large values; for floats also -0.0, infinity and NaN), for
/// differential tests that call generated functions.
pub fn edge_argument(ty: Type, k: u64) -> Imm {
    const INTS: [u64; 10] = [
        0,
        1,
        2,
        7,
        100,
        u64::MAX,
        0x8000_0000,
        0x7fff_ffff,
        12_345_678_901_234,
        i64::MIN as u64,
    ];
    const FLOATS: [f64; 10] = [
        0.0,
        -0.0,
        1.5,
        -2.25,
        1e10,
        -3e9,
        f64::INFINITY,
        f64::NAN,
        0.1,
        1e30,
    ];
    let i = (k % INTS.len() as u64) as usize;
    match ty {
        Type::I32 | Type::I64 => Imm::new(ty, INTS[i]),
        Type::F32 => Imm::f32(FLOATS[i] as f32),
        Type::F64 => Imm::f64(FLOATS[i]),
    }
}

/// A stream of random choices; once exhausted it yields zeros, which always select
/// the simplest option, so generation ends.
struct Choices {
    data: Vec<u32>,
    pos: usize,
}

impl Choices {
    fn new(data: Vec<u32>) -> Choices {
        Choices { data, pos: 0 }
    }

    fn next(&mut self) -> u32 {
        let v = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        v
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.next() as usize % n
        }
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.next() % 100 < percent
    }

    fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }
}

const TYPES: [Type; 4] = [Type::I32, Type::I64, Type::F32, Type::F64];
/// Bytes of the data object used for memory accesses; addresses are masked below it.
const MEMORY_BYTES: u32 = 4096;
/// Bytes of each function's stack slot; addresses are masked below it.
const SLOT_BYTES: u32 = 80;
const MAX_DEPTH: u32 = 3;
const MAX_LOOP_DEPTH: u32 = 2;
const MAX_STATEMENTS: usize = 40;

struct ModuleGen {
    config: GenConfig,
    shapes: Shapes,
    choices: Choices,
    module: Module,
    memory: Data,
    global: Global,
    /// Functions generated functions may call with random arguments (the main
    /// functions and their copies), in module order.
    callees: Vec<Func>,
    /// The optimizer's module items ([`Shapes::optimizer`]).
    extras: Option<Extras>,
}

fn generate(config: GenConfig, shapes: Shapes, choices: Choices) -> Module {
    let mut module = Module::new();
    let memory = module.add_data(DataObject {
        name: "mem".into(),
        align: Some(16),
        readonly: false,
        items: vec![
            DataItem::Bytes((0..64u8).map(|b| b.wrapping_mul(37)).collect()),
            DataItem::Zero(MEMORY_BYTES - 64 + 16),
        ],
        is_string: false,
    });
    let global = module.add_global(GlobalDecl {
        name: "g".into(),
        ty: Type::I64,
        mutable: true,
        init: Imm::i64(7),
        export: None,
    });
    let mut gen = ModuleGen {
        config,
        shapes,
        choices,
        module,
        memory,
        global,
        callees: Vec::new(),
        extras: None,
    };
    if shapes.optimizer {
        gen.declare_extras();
    }
    let functions = config.functions.max(1);
    for i in 0..functions {
        let f = gen.function(i);
        if shapes.optimizer {
            gen.add_main(f, i + 1 == functions);
        } else {
            let func = gen.module.add_function(f);
            gen.callees.push(func);
        }
    }
    gen.module
}

impl ModuleGen {
    fn ty(&mut self) -> Type {
        TYPES[self.choices.below(4)]
    }

    fn signature(&mut self) -> Signature {
        let params = (0..self.choices.below(4)).map(|_| self.ty()).collect();
        let results = match self.choices.below(10) {
            0 => vec![],
            1 if self.config.multi_value => vec![self.ty(), self.ty()],
            _ => vec![self.ty()],
        };
        Signature { params, results }
    }

    fn function(&mut self, index: usize) -> Function {
        let sig = self.signature();
        let mut f = Function::new(format!("f{index}"), sig);
        f.export = Some(format!("f{index}"));
        let (_, slot) = f.create_slot(SLOT_BYTES, Some(8));
        let entry = f.create_block();
        let callees = self.callees.clone();
        let mut fg = FuncGen {
            gen: self,
            f,
            pool: Vec::new(),
            slot,
            callees,
            loop_depth: 0,
            statements: 0,
            used: Default::default(),
            naive: false,
            locals: Vec::new(),
            hidden: Default::default(),
            loops: Vec::new(),
        };
        // Slot bytes are unspecified until written (docs/lir.md): zero them, with
        // stores a promotion of the slot could still see through.
        let zero = fg.f.const_value(Imm::i64(0));
        for offset in (0..SLOT_BYTES).step_by(8) {
            let store = crate::InstKind::Store {
                ty: Type::I64,
                width: crate::MemWidth::W64,
                addr: slot,
                value: zero,
                mem: crate::MemArg::offset(offset),
            };
            fg.f.append_inst(entry, store, &[]);
        }
        let params: Vec<Value> = fg.f.params.clone();
        fg.pool.extend(params);
        if fg.gen.shapes.optimizer && fg.c().chance(50) {
            fg.naive_entry(entry);
        }
        let end = fg.region(entry, 0);
        fg.finish(end);
        fg.f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interp::{InterpConfig, Interpreter};
    use crate::{BinaryOp, ConvertOp, InstKind, ValueDef};

    const VARIANTS: [Shapes; 3] = [
        Shapes {
            optimizer: false,
            nan_agnostic: false,
        },
        Shapes {
            optimizer: true,
            nan_agnostic: false,
        },
        Shapes {
            optimizer: true,
            nan_agnostic: true,
        },
    ];

    /// Generated modules verify, and every exported function returns or traps
    /// within the harness's instruction budget, the same way twice.
    #[test]
    fn modules_verify_and_terminate() {
        for shapes in VARIANTS {
            for seed in 0..60 {
                let module = module_from_seed_with(GenConfig::default(), shapes, seed);
                if let Err(e) = crate::verify::verify(&module) {
                    panic!(
                        "{shapes:?} seed {seed}: {e}\n{}",
                        crate::text::print(&module)
                    );
                }
                for (name, sig) in exported_functions(&module) {
                    for k in 0..2 {
                        let args: Vec<Imm> = sig
                            .params
                            .iter()
                            .enumerate()
                            .map(|(i, &t)| edge_argument(t, k * 3 + i as u64 * 5))
                            .collect();
                        let run = || {
                            let config = InterpConfig::new().fuel(50_000_000);
                            let mut interp = Interpreter::new(&module, config).unwrap();
                            interp.invoke(&name, &args)
                        };
                        let first = run();
                        if let Err(e) = &first {
                            assert!(
                                e.trap_kind().is_some(),
                                "{shapes:?} seed {seed} @{name}: {e}"
                            );
                        }
                        assert_eq!(first, run(), "{shapes:?} seed {seed} @{name}");
                    }
                }
            }
        }
    }

    /// NaN-agnostic modules never look at NaN bits: no float bitcast, no float store
    /// except to a slot, and `copysign` takes its sign from a constant.
    #[test]
    fn nan_agnostic_modules_do_not_look_at_nan_bits() {
        for seed in 0..100 {
            let module = module_from_seed_with(GenConfig::default(), Shapes::nan_agnostic(), seed);
            for f in module.funcs.values() {
                for &block in &f.layout {
                    for &inst in &f.blocks[block].insts {
                        match &f.insts[inst].kind {
                            InstKind::Convert {
                                op: ConvertOp::Bitcast(_),
                                arg,
                            } => assert!(f.value_type(*arg).is_int(), "seed {seed}"),
                            InstKind::Store { ty, addr, .. } if ty.is_float() => assert!(
                                matches!(f.value_def(*addr), ValueDef::Slot(_)),
                                "seed {seed}: float store to a computed address"
                            ),
                            InstKind::Binary {
                                op: BinaryOp::Copysign,
                                args: [_, sign],
                            } => assert!(
                                matches!(f.value_def(*sign), ValueDef::Const(_)),
                                "seed {seed}: copysign of a variable sign"
                            ),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
}
