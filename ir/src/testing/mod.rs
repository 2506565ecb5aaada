//! Random LIR programs for property and differential tests (cargo feature `testing`).
//!
//! [`arb_module`] is a `proptest` strategy; [`module_from_seed`] builds the same kind of
//! module from a seed without proptest. Generated modules are valid LIR and every
//! exported function terminates: loops count up to a small bound, calls only go to
//! functions defined earlier (no recursion), and irreducible cycles carry a counter
//! too. Divisors are forced non-zero and never -1, memory accesses stay inside a data
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
mod operations;

use function::FuncGen;

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

/// A proptest strategy for random terminating modules.
pub fn arb_module(config: GenConfig) -> impl Strategy<Value = Module> {
    prop::collection::vec(any::<u32>(), 16..2048)
        .prop_map(move |choices| generate(config, Choices::new(choices)))
}

/// A random module from a seed (no shrinking), for quick loops and benchmarks.
pub fn module_from_seed(config: GenConfig, seed: u64) -> Module {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let choices = (0..1024 * config.functions.max(4))
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u32
        })
        .collect();
    generate(config, Choices::new(choices))
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
    choices: Choices,
    module: Module,
    memory: Data,
    global: Global,
}

fn generate(config: GenConfig, choices: Choices) -> Module {
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
        choices,
        module,
        memory,
        global,
    };
    for i in 0..config.functions.max(1) {
        let f = gen.function(i);
        gen.module.add_function(f);
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
        let mut fg = FuncGen {
            gen: self,
            f,
            pool: Vec::new(),
            slot,
            callees: (0..index).map(|i| Func::from_u32(i as u32)).collect(),
            loop_depth: 0,
            statements: 0,
            used: Default::default(),
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
        let end = fg.region(entry, 0);
        fg.finish(end);
        fg.f
    }
}
