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
//! A differential test compiles each module and compares every exported function's
//! results with the reference interpreter (this crate's `tests/differential.rs` does it
//! under Node.js; the same works under wasmtime):
//!
//! ```
//! use lir_wasm::testing::{exported_functions, module_from_seed, GenConfig};
//! use lir::interp::{InterpConfig, Interpreter};
//! use lir::{Imm, Type};
//!
//! let module = module_from_seed(GenConfig::default(), 7);
//! let wasm = lir_wasm::compile(&module, &lir_wasm::Options::default()).unwrap();
//! assert!(lir_wasm::validate(&wasm, lir_wasm::Features::default()).is_ok());
//! for (name, sig) in exported_functions(&module) {
//!     let args: Vec<Imm> = sig.params.iter().map(|&t| Imm::new(t, 3)).collect();
//!     let mut interp = Interpreter::new(&module, InterpConfig::new().fuel(10_000_000)).unwrap();
//!     let expected = interp.invoke(&name, &args); // run the wasm export with `args`, compare
//!     assert!(expected.is_ok() || expected.unwrap_err().trap_kind().is_some());
//! }
//! ```

use lir::{
    BinaryOp, Block, BlockCall, CompareOp, ConvertOp, Data, DataItem, DataObject, Func, Function,
    Global, GlobalDecl, Imm, InstKind, MemArg, MemWidth, Module, Signature, Type, UnaryOp, Value,
};
use proptest::prelude::*;

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
        let params: Vec<Value> = fg.f.params.clone();
        fg.pool.extend(params);
        let end = fg.region(entry, 0);
        fg.finish(end);
        fg.f
    }
}

/// Generates one function.
struct FuncGen<'g> {
    gen: &'g mut ModuleGen,
    f: Function,
    /// Values available at the current point (they dominate it).
    pool: Vec<Value>,
    slot: Value,
    callees: Vec<Func>,
    loop_depth: u32,
    statements: usize,
    used: cranelift_entity::SecondaryMap<Value, bool>,
}

impl FuncGen<'_> {
    fn c(&mut self) -> &mut Choices {
        &mut self.gen.choices
    }

    fn inst(&mut self, block: Block, kind: InstKind, results: &[Type]) -> Vec<Value> {
        let inst = self.f.append_inst(block, kind, results);
        self.f.inst_results(inst).to_vec()
    }

    fn one(&mut self, block: Block, kind: InstKind, ty: Type) -> Value {
        let v = self.inst(block, kind, &[ty])[0];
        self.pool.push(v);
        v
    }

    /// An available value of type `ty`, or a random constant.
    fn operand(&mut self, ty: Type) -> Value {
        let candidates: Vec<Value> = self
            .pool
            .iter()
            .copied()
            .filter(|&v| self.f.value_type(v) == ty)
            .collect();
        // Prefer the most recent value nobody has used yet: fewer dead values.
        if let Some(&v) = candidates.iter().rev().find(|&&v| !self.used[v]) {
            if self.c().chance(60) {
                self.used[v] = true;
                return v;
            }
        }
        if !candidates.is_empty() && !self.c().chance(15) {
            // Mostly one of the most recent values, which makes expression trees.
            let back = if self.c().chance(70) {
                self.c().below(candidates.len().min(3))
            } else {
                self.c().below(candidates.len())
            };
            let v = candidates[candidates.len() - 1 - back];
            self.used[v] = true;
            return v;
        }
        let bits = match self.c().below(4) {
            0 => 0,
            1 => 1,
            2 => u64::MAX,
            _ => self.c().next() as u64 | ((self.c().next() as u64) << 32),
        };
        let imm = match ty {
            Type::F32 => Imm::f32((bits as i32 % 1000) as f32 / 8.0),
            Type::F64 => Imm::f64((bits as i64 % 100_000) as f64 / 16.0),
            _ => Imm::new(ty, bits),
        };
        self.f.const_value(imm)
    }

    fn i32_operand(&mut self) -> Value {
        self.operand(Type::I32)
    }

    /// A sequence of statements starting in `block`; returns the block control is in.
    fn region(&mut self, mut block: Block, depth: u32) -> Block {
        let n = 1 + self.c().below(6);
        for _ in 0..n {
            if self.statements >= MAX_STATEMENTS || self.c().exhausted() {
                break;
            }
            self.statements += 1;
            block = match self.c().below(14) {
                0..=4 => {
                    self.straight_line(block);
                    block
                }
                5 => {
                    self.memory(block);
                    block
                }
                6 if depth < MAX_DEPTH => self.diamond(block, depth),
                7 if depth < MAX_DEPTH && self.loop_depth < MAX_LOOP_DEPTH => {
                    self.counted_loop(block, depth)
                }
                8 if depth < MAX_DEPTH => self.switch(block, depth),
                9 if depth < MAX_DEPTH && self.loop_depth < MAX_LOOP_DEPTH => {
                    self.irreducible(block, depth)
                }
                10 => {
                    self.call(block);
                    block
                }
                11 if depth < MAX_DEPTH => self.early_exit(block),
                12 => {
                    self.global(block);
                    block
                }
                _ => {
                    self.straight_line(block);
                    block
                }
            };
        }
        block
    }

    fn straight_line(&mut self, block: Block) {
        let ty = self.gen.ty();
        let a = self.operand(ty);
        let b = self.operand(ty);
        let kind = match self.c().below(7) {
            0 | 1 => {
                let ops: &[BinaryOp] = if ty.is_int() {
                    &[
                        BinaryOp::Add,
                        BinaryOp::Sub,
                        BinaryOp::Mul,
                        BinaryOp::And,
                        BinaryOp::Or,
                        BinaryOp::Xor,
                        BinaryOp::Shl,
                        BinaryOp::ShrS,
                        BinaryOp::ShrU,
                        BinaryOp::Rotl,
                        BinaryOp::Rotr,
                    ]
                } else {
                    &[
                        BinaryOp::Add,
                        BinaryOp::Sub,
                        BinaryOp::Mul,
                        BinaryOp::Div,
                        BinaryOp::Min,
                        BinaryOp::Max,
                        BinaryOp::Copysign,
                    ]
                };
                let op = ops[self.c().below(ops.len())];
                InstKind::Binary { op, args: [a, b] }
            }
            2 if ty.is_int() => {
                // Division by a value in 1..=127: never traps.
                let mask = self.f.const_value(Imm::new(ty, 127));
                let one = self.f.const_value(Imm::new(ty, 1));
                let masked = self.one(
                    block,
                    InstKind::Binary {
                        op: BinaryOp::And,
                        args: [b, mask],
                    },
                    ty,
                );
                let d = self.one(
                    block,
                    InstKind::Binary {
                        op: BinaryOp::Or,
                        args: [masked, one],
                    },
                    ty,
                );
                let ops = [
                    BinaryOp::DivS,
                    BinaryOp::DivU,
                    BinaryOp::RemS,
                    BinaryOp::RemU,
                ];
                let op = ops[self.c().below(4)];
                InstKind::Binary { op, args: [a, d] }
            }
            3 => {
                let op = if ty.is_int() {
                    [UnaryOp::Clz, UnaryOp::Ctz, UnaryOp::Popcnt, UnaryOp::Eqz][self.c().below(4)]
                } else {
                    [
                        UnaryOp::Abs,
                        UnaryOp::Neg,
                        UnaryOp::Sqrt,
                        UnaryOp::Ceil,
                        UnaryOp::Floor,
                        UnaryOp::Trunc,
                        UnaryOp::Nearest,
                    ][self.c().below(7)]
                };
                InstKind::Unary { op, arg: a }
            }
            4 => {
                let op = if ty.is_int() {
                    [
                        CompareOp::Eq,
                        CompareOp::Ne,
                        CompareOp::LtS,
                        CompareOp::LtU,
                        CompareOp::GeS,
                    ][self.c().below(5)]
                } else {
                    [CompareOp::Eq, CompareOp::Lt, CompareOp::Ge][self.c().below(3)]
                };
                InstKind::Compare { op, args: [a, b] }
            }
            5 => {
                let cond = self.i32_operand();
                InstKind::Select { args: [cond, a, b] }
            }
            _ => return self.conversion(block, a),
        };
        let result = lir::typing::result_types(&self.gen.module, &self.f, &kind);
        let ty = result.and_then(|r| r.first().copied()).unwrap_or(ty);
        self.one(block, kind, ty);
    }

    fn conversion(&mut self, block: Block, a: Value) {
        use ConvertOp::*;
        let from = self.f.value_type(a);
        let options: Vec<ConvertOp> = match from {
            Type::I32 => vec![
                ExtendS,
                ExtendU,
                Extend8S,
                Extend16S,
                ConvertS(Type::F64),
                ConvertU(Type::F32),
                Bitcast(Type::F32),
            ],
            Type::I64 => vec![
                Wrap,
                Extend8S,
                Extend32S,
                ConvertS(Type::F32),
                ConvertU(Type::F64),
                Bitcast(Type::F64),
            ],
            Type::F32 => vec![
                Promote,
                TruncSatS(Type::I32),
                TruncSatU(Type::I64),
                Bitcast(Type::I32),
            ],
            Type::F64 => vec![
                Demote,
                TruncSatS(Type::I64),
                TruncSatU(Type::I32),
                Bitcast(Type::I64),
            ],
        };
        let op = options[self.c().below(options.len())];
        if let Some(to) = op.result_type(from) {
            self.one(block, InstKind::Convert { op, arg: a }, to);
        }
    }

    /// An in-bounds address: a data object or stack-slot address plus a masked offset.
    fn address(&mut self, block: Block) -> (Value, u32) {
        let x = self.i32_operand();
        let (base, limit) = if self.c().chance(30) {
            (self.slot, SLOT_BYTES - 24)
        } else {
            let data = self.gen.memory;
            let base = self.one(block, InstKind::DataAddr { data, offset: 0 }, Type::I32);
            (base, MEMORY_BYTES - 8)
        };
        let mask = self.f.const_value(Imm::i32(limit as i32 & !7));
        let off = self.one(
            block,
            InstKind::Binary {
                op: BinaryOp::And,
                args: [x, mask],
            },
            Type::I32,
        );
        let addr = self.one(
            block,
            InstKind::Binary {
                op: BinaryOp::Add,
                args: [base, off],
            },
            Type::I32,
        );
        let imm = [0, 4, 8][self.c().below(3)];
        (addr, imm)
    }

    fn memory(&mut self, block: Block) {
        let (addr, offset) = self.address(block);
        let ty = self.gen.ty();
        let widths: &[MemWidth] = match ty {
            Type::I32 => &[MemWidth::W8, MemWidth::W16, MemWidth::W32],
            Type::I64 => &[MemWidth::W8, MemWidth::W16, MemWidth::W32, MemWidth::W64],
            _ => &[MemWidth::of(ty)],
        };
        let width = widths[self.c().below(widths.len())];
        let mem = MemArg {
            offset,
            align: None,
        };
        match self.c().below(5) {
            0 | 1 => {
                let value = self.operand(ty);
                self.inst(
                    block,
                    InstKind::Store {
                        ty,
                        width,
                        addr,
                        value,
                        mem,
                    },
                    &[],
                );
            }
            2 => {
                let len = self
                    .f
                    .const_value(Imm::i32(self.gen.choices.below(9) as i32));
                let (src, _) = self.address(block);
                let kind = if self.c().chance(50) {
                    InstKind::MemoryCopy {
                        args: [addr, src, len],
                    }
                } else {
                    let byte = self.i32_operand();
                    InstKind::MemoryFill {
                        args: [addr, byte, len],
                    }
                };
                self.inst(block, kind, &[]);
            }
            3 => {
                let size = self
                    .f
                    .const_value(Imm::i32(8 + self.gen.choices.below(40) as i32));
                let p = self.one(block, InstKind::StackAlloc { size }, Type::I32);
                let value = self.operand(ty);
                let mem = MemArg {
                    offset: 0,
                    align: None,
                };
                self.inst(
                    block,
                    InstKind::Store {
                        ty,
                        width: MemWidth::of(ty),
                        addr: p,
                        value,
                        mem,
                    },
                    &[],
                );
            }
            _ => {
                let signed = width.bits() < ty.bits() && self.c().chance(50);
                let kind = InstKind::Load {
                    ty,
                    width,
                    signed,
                    addr,
                    mem,
                };
                self.one(block, kind, ty);
            }
        }
    }

    fn global(&mut self, block: Block) {
        let global = self.gen.global;
        let v = self.one(block, InstKind::GlobalGet { global }, Type::I64);
        let w = self.operand(Type::I64);
        let sum = self.one(
            block,
            InstKind::Binary {
                op: BinaryOp::Add,
                args: [v, w],
            },
            Type::I64,
        );
        self.inst(block, InstKind::GlobalSet { global, value: sum }, &[]);
    }

    /// Block parameters for a merge: 0 to 2 random types.
    fn merge_block(&mut self) -> (Block, Vec<Type>) {
        let b = self.f.create_block();
        let types: Vec<Type> = (0..self.c().below(3)).map(|_| self.gen.ty()).collect();
        for &t in &types {
            self.f.append_block_param(b, t);
        }
        (b, types)
    }

    fn args(&mut self, types: &[Type]) -> Vec<Value> {
        types.iter().map(|&t| self.operand(t)).collect()
    }

    fn enter(&mut self, merge: Block) -> Block {
        let params = self.f.blocks[merge].params.clone();
        self.pool.extend(params);
        merge
    }

    fn diamond(&mut self, block: Block, depth: u32) -> Block {
        let (merge, types) = self.merge_block();
        let cond = self.i32_operand();
        let else_b = self.f.create_block();
        // Sometimes the then-edge goes straight to the merge, carrying arguments.
        let then_b = (!self.c().chance(25)).then(|| self.f.create_block());
        let then_dest = match then_b {
            Some(b) => BlockCall::new(b, vec![]),
            None => {
                let args = self.args(&types);
                BlockCall::new(merge, args)
            }
        };
        let else_dest = BlockCall::new(else_b, vec![]);
        self.inst(
            block,
            InstKind::BrIf {
                cond,
                then_dest,
                else_dest,
            },
            &[],
        );
        let mark = self.pool.len();
        for arm in then_b.into_iter().chain([else_b]) {
            let end = self.region(arm, depth + 1);
            let args = self.args(&types);
            self.inst(
                end,
                InstKind::Jump {
                    dest: BlockCall::new(merge, args),
                },
                &[],
            );
            self.pool.truncate(mark);
        }
        self.enter(merge)
    }

    fn counted_loop(&mut self, block: Block, depth: u32) -> Block {
        let header = self.f.create_block();
        let i = self.f.append_block_param(header, Type::I32);
        let acc_ty = self.gen.ty();
        let acc = self.f.append_block_param(header, acc_ty);
        let (exit, types) = self.merge_block();
        let zero = self.f.const_value(Imm::i32(0));
        let init = self.operand(acc_ty);
        self.inst(
            block,
            InstKind::Jump {
                dest: BlockCall::new(header, vec![zero, init]),
            },
            &[],
        );
        let mark = self.pool.len();
        self.pool.extend([i, acc]);
        self.loop_depth += 1;
        let end = self.region(header, depth + 1);
        self.loop_depth -= 1;
        let one = self.f.const_value(Imm::i32(1));
        let bound = self
            .f
            .const_value(Imm::i32(1 + self.gen.choices.below(3) as i32));
        let next = self.one(
            end,
            InstKind::Binary {
                op: BinaryOp::Add,
                args: [i, one],
            },
            Type::I32,
        );
        let more = self.one(
            end,
            InstKind::Compare {
                op: CompareOp::LtU,
                args: [next, bound],
            },
            Type::I32,
        );
        let acc2 = self.operand(acc_ty);
        let exit_args = self.args(&types);
        self.inst(
            end,
            InstKind::BrIf {
                cond: more,
                then_dest: BlockCall::new(header, vec![next, acc2]),
                else_dest: BlockCall::new(exit, exit_args),
            },
            &[],
        );
        self.pool.truncate(mark);
        self.enter(exit)
    }

    /// Two blocks that jump to each other, entered at either: an irreducible cycle
    /// bounded by a counter.
    fn irreducible(&mut self, block: Block, depth: u32) -> Block {
        let (a, b) = (self.f.create_block(), self.f.create_block());
        let ia = self.f.append_block_param(a, Type::I32);
        let ib = self.f.append_block_param(b, Type::I32);
        let (exit, types) = self.merge_block();
        let cond = self.i32_operand();
        let zero = self.f.const_value(Imm::i32(0));
        self.inst(
            block,
            InstKind::BrIf {
                cond,
                then_dest: BlockCall::new(a, vec![zero]),
                else_dest: BlockCall::new(b, vec![zero]),
            },
            &[],
        );
        let mark = self.pool.len();
        self.pool.push(ia);
        self.loop_depth += 1;
        let a_end = self.region(a, depth + 1);
        self.loop_depth -= 1;
        let one = self.f.const_value(Imm::i32(1));
        let next = self.one(
            a_end,
            InstKind::Binary {
                op: BinaryOp::Add,
                args: [ia, one],
            },
            Type::I32,
        );
        self.inst(
            a_end,
            InstKind::Jump {
                dest: BlockCall::new(b, vec![next]),
            },
            &[],
        );
        self.pool.truncate(mark);
        self.pool.push(ib);
        let bound = self
            .f
            .const_value(Imm::i32(2 + self.gen.choices.below(3) as i32));
        let more = self.one(
            b,
            InstKind::Compare {
                op: CompareOp::LtU,
                args: [ib, bound],
            },
            Type::I32,
        );
        let exit_args = self.args(&types);
        self.inst(
            b,
            InstKind::BrIf {
                cond: more,
                then_dest: BlockCall::new(a, vec![ib]),
                else_dest: BlockCall::new(exit, exit_args),
            },
            &[],
        );
        self.pool.truncate(mark);
        self.enter(exit)
    }

    fn switch(&mut self, block: Block, depth: u32) -> Block {
        let (merge, types) = self.merge_block();
        let index_ty = if self.c().chance(25) {
            Type::I64
        } else {
            Type::I32
        };
        let index = self.operand(index_ty);
        let n = 1 + self.c().below(6);
        let spread = [1u64, 3, 1000][self.c().below(3)];
        let start = self.c().below(4) as u64;
        let targets: Vec<Block> = (0..=n).map(|_| self.f.create_block()).collect();
        let cases = (0..n)
            .map(|k| {
                (
                    start + k as u64 * spread,
                    BlockCall::new(targets[k + 1], vec![]),
                )
            })
            .collect();
        let default = BlockCall::new(targets[0], vec![]);
        self.inst(
            block,
            InstKind::Switch {
                index,
                default,
                cases,
            },
            &[],
        );
        let mark = self.pool.len();
        for t in targets {
            let end = self.region(t, depth + 1);
            let args = self.args(&types);
            self.inst(
                end,
                InstKind::Jump {
                    dest: BlockCall::new(merge, args),
                },
                &[],
            );
            self.pool.truncate(mark);
        }
        self.enter(merge)
    }

    /// `br_if c, Ret, Cont` where `Ret` returns (or traps, rarely).
    fn early_exit(&mut self, block: Block) -> Block {
        let cond = self.i32_operand();
        let (out, cont) = (self.f.create_block(), self.f.create_block());
        self.inst(
            block,
            InstKind::BrIf {
                cond,
                then_dest: BlockCall::new(out, vec![]),
                else_dest: BlockCall::new(cont, vec![]),
            },
            &[],
        );
        if self.c().chance(5) {
            self.inst(out, InstKind::Trap, &[]);
        } else {
            let results = self.f.sig.results.clone();
            let values = self.args(&results);
            self.inst(out, InstKind::Ret { values }, &[]);
        }
        cont
    }

    fn call(&mut self, block: Block) {
        if self.callees.is_empty() {
            return self.straight_line(block);
        }
        let n = self.callees.len();
        let pick = self.c().below(n);
        let callee = self.callees[pick];
        let sig = self.gen.module.funcs[callee].sig.clone();
        let args = self.args(&sig.params);
        let kind = if self.c().chance(30) {
            let fp = self.one(block, InstKind::FuncAddr { func: callee }, Type::I32);
            InstKind::CallIndirect {
                sig: sig.clone(),
                callee: fp,
                args,
            }
        } else {
            InstKind::Call { func: callee, args }
        };
        let results = self.inst(block, kind, &sig.results);
        self.pool.extend(results);
    }

    /// Ends the function: `ret`, or a tail call to an earlier function with the same
    /// results.
    fn finish(&mut self, block: Block) {
        let results = self.f.sig.results.clone();
        let tail = self
            .callees
            .iter()
            .copied()
            .filter(|&c| self.gen.module.funcs[c].sig.results == results)
            .collect::<Vec<_>>();
        if self.gen.config.tail_calls && !tail.is_empty() && self.c().chance(30) {
            let callee = tail[self.c().below(tail.len())];
            let sig = self.gen.module.funcs[callee].sig.clone();
            let args = self.args(&sig.params);
            let kind = if self.c().chance(50) {
                InstKind::ReturnCall { func: callee, args }
            } else {
                let fp = self.one(block, InstKind::FuncAddr { func: callee }, Type::I32);
                InstKind::ReturnCallIndirect {
                    sig,
                    callee: fp,
                    args,
                }
            };
            self.inst(block, kind, &[]);
        } else {
            let values = self.args(&results);
            self.inst(block, InstKind::Ret { values }, &[]);
        }
    }
}
