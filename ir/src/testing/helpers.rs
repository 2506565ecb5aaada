//! Module items of the optimizer's shapes ([`super::Shapes::optimizer`]): a
//! `readonly` table, a counter object, globals that never change or are only
//! written, and helper functions the generated functions call — tiny callees, some
//! with a parameter every call passes the same constant, an unused parameter or a
//! result nobody uses; bounded self recursion (tail calls, accumulators, two calls
//! per level); a fill loop that shrinks to a `memory.fill`; duplicates of helpers and
//! wrappers that become duplicates once their callees merge. Helpers are not
//! exported, so `inline`, `dedup` and `tree-shake` may delete them.

use super::{Choices, ModuleGen, MEMORY_BYTES};
use crate::builder::FunctionBuilder;
use crate::{
    BinaryOp, Data, DataObject, DataType, Func, Function, Global, GlobalDecl, Imm, InstKind,
    Signature, Type, UnaryOp, Value, ValueDef,
};

/// Bytes of the `readonly` table.
pub(super) const TABLE_BYTES: u32 = 256;
/// Bytes of the counter object.
pub(super) const COUNTER_BYTES: u32 = 16;

/// A helper function and how its calls look.
#[derive(Clone, Debug)]
pub(super) struct Helper {
    pub(super) func: Func,
    /// For each parameter, the constant every call passes, if any.
    pub(super) fixed: Vec<Option<Imm>>,
    /// Calls never use its results.
    pub(super) discard: bool,
}

/// The optimizer's module items.
pub(super) struct Extras {
    /// `readonly` i32 values.
    pub(super) table: Data,
    /// Writable counters (two i64s), read and written in loops.
    pub(super) counter: Data,
    /// A `mut` i32 global that never changes (`const-globals`).
    pub(super) konst: Global,
    /// An immutable i64 global.
    pub(super) fixed: Global,
    /// A `mut` i32 global that is only written (`tree-shake` deletes it).
    pub(super) sink: Global,
    pub(super) helpers: Vec<Helper>,
    /// Main functions that have a copy, and the copy.
    pub(super) copies: Vec<(Func, Func)>,
}

fn int_type(c: &mut Choices) -> Type {
    if c.chance(60) {
        Type::I32
    } else {
        Type::I64
    }
}

fn any_type(c: &mut Choices) -> Type {
    super::TYPES[c.below(4)]
}

fn binary_op(c: &mut Choices, ty: Type) -> BinaryOp {
    let ops: &[BinaryOp] = if ty.is_int() {
        &[
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Xor,
            BinaryOp::And,
            BinaryOp::Or,
        ]
    } else {
        &[
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Min,
            BinaryOp::Max,
        ]
    };
    ops[c.below(ops.len())]
}

impl ModuleGen {
    /// Declares the optimizer's data objects, globals and helper functions (after
    /// `@mem`, whose address may reach results and so must not move).
    pub(super) fn declare_extras(&mut self) {
        let c = &mut self.choices;
        let values: Vec<i64> = (0..TABLE_BYTES / 4)
            .map(|_| (c.next() % 2000) as i64 - 1000)
            .collect();
        let table = self.module.add_data(
            DataObject::new("table")
                .with_align(8)
                .read_only()
                .ints(DataType::I32, values),
        );
        let counter = self.module.add_data(
            DataObject::new("counter")
                .with_align(8)
                .ints(DataType::I64, [3, -5]),
        );
        let konst = self.module.add_global(GlobalDecl {
            name: "k".into(),
            ty: Type::I32,
            mutable: true,
            init: Imm::i32(1 + c.below(100) as i32),
            export: None,
        });
        let fixed = self.module.add_global(GlobalDecl {
            name: "limit".into(),
            ty: Type::I64,
            mutable: false,
            init: Imm::i64(c.below(1000) as i64),
            export: None,
        });
        let sink = self.module.add_global(GlobalDecl {
            name: "sink".into(),
            ty: Type::I32,
            mutable: true,
            init: Imm::i32(0),
            export: None,
        });
        self.extras = Some(Extras {
            table,
            counter,
            konst,
            fixed,
            sink,
            helpers: Vec::new(),
            copies: Vec::new(),
        });
        let n = 2 + self.choices.below(4);
        for _ in 0..n {
            let helper = self.helper();
            self.push_helper(helper.clone());
            if self.choices.chance(30) {
                self.duplicate_helper(&helper);
            }
        }
    }

    fn push_helper(&mut self, helper: Helper) {
        self.extras.as_mut().expect("extras").helpers.push(helper);
    }

    fn extras(&self) -> &Extras {
        self.extras.as_ref().expect("extras")
    }

    fn helper_name(&self) -> String {
        format!("h{}", self.extras().helpers.len())
    }

    /// One helper of a random kind.
    fn helper(&mut self) -> Helper {
        let name = self.helper_name();
        match self.choices.below(11) {
            0 | 1 => self.tiny_binary(&name),
            2 => self.tiny_fixed(&name),
            3 => self.tiny_unused(&name),
            4 => self.tiny_global(&name),
            5 if self.config.multi_value => self.tiny_swap(&name),
            6 => self.tail_recursive(&name),
            7 => self.accumulator_recursive(&name),
            8 => self.two_calls_recursive(&name),
            9 => self.fill_helper(&name),
            _ => self.discarded(&name),
        }
    }

    fn declare(&mut self, name: &str, params: Vec<Type>, results: Vec<Type>) -> Func {
        self.module
            .declare_function(name, Signature::new(params, results))
    }

    fn plain(func: Func, params: usize) -> Helper {
        Helper {
            func,
            fixed: vec![None; params],
            discard: false,
        }
    }

    /// `(a, b) -> a OP b`.
    fn tiny_binary(&mut self, name: &str) -> Helper {
        let ty = any_type(&mut self.choices);
        let op = binary_op(&mut self.choices, ty);
        let func = self.declare(name, vec![ty, ty], vec![ty]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let r = b.binary(op, b.param(0), b.param(1));
        b.ret(&[r]);
        b.finalize();
        Self::plain(func, 2)
    }

    /// `(a, k) -> a OP k` where every call passes the same constant `k`.
    fn tiny_fixed(&mut self, name: &str) -> Helper {
        let ty = int_type(&mut self.choices);
        let op =
            [BinaryOp::Mul, BinaryOp::Add, BinaryOp::Shl, BinaryOp::Xor][self.choices.below(4)];
        let k = Imm::new(ty, 1 + self.choices.below(12) as u64);
        let func = self.declare(name, vec![ty, ty], vec![ty]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let r = b.binary(op, b.param(0), b.param(1));
        b.ret(&[r]);
        b.finalize();
        Helper {
            func,
            fixed: vec![None, Some(k)],
            discard: false,
        }
    }

    /// `(a, unused) -> -a` (or `~a`, `|a|`).
    fn tiny_unused(&mut self, name: &str) -> Helper {
        let ty = any_type(&mut self.choices);
        let pick = self.choices.below(2);
        let func = self.declare(name, vec![ty, Type::I32], vec![ty]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let a = b.param(0);
        let r = match (ty.is_int(), pick) {
            (true, 0) => {
                let ones = b.iconst(ty, -1);
                b.binary(BinaryOp::Xor, a, ones)
            }
            (true, _) => {
                let zero = b.iconst(ty, 0);
                b.binary(BinaryOp::Sub, zero, a)
            }
            (false, 0) => b.unary(UnaryOp::Neg, a),
            (false, _) => b.unary(UnaryOp::Abs, a),
        };
        b.ret(&[r]);
        b.finalize();
        Self::plain(func, 2)
    }

    /// `(a) -> a + @k`, sometimes storing `@k`'s own value back first.
    fn tiny_global(&mut self, name: &str) -> Helper {
        let (konst, init) = {
            let e = self.extras();
            (e.konst, self.module.globals[e.konst].init)
        };
        let rewrite = self.choices.chance(40);
        let func = self.declare(name, vec![Type::I32], vec![Type::I32]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        if rewrite {
            let v = b.imm(init);
            b.global_set(konst, v);
        }
        let k = b.global_get(konst);
        let r = b.binary(BinaryOp::Add, b.param(0), k);
        b.ret(&[r]);
        b.finalize();
        Self::plain(func, 1)
    }

    /// `(a, b) -> (b, a)`.
    fn tiny_swap(&mut self, name: &str) -> Helper {
        let ty = any_type(&mut self.choices);
        let func = self.declare(name, vec![ty, ty], vec![ty, ty]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let (x, y) = (b.param(0), b.param(1));
        b.ret(&[y, x]);
        b.finalize();
        Self::plain(func, 2)
    }

    /// `(a) -> a`, also adding `a` to `@g` and writing `@sink`: calls never use the
    /// result.
    fn discarded(&mut self, name: &str) -> Helper {
        let (g, sink) = (self.global, self.extras().sink);
        let func = self.declare(name, vec![Type::I64], vec![Type::I64]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let a = b.param(0);
        let old = b.global_get(g);
        let new = b.binary(BinaryOp::Add, old, a);
        b.global_set(g, new);
        let low = b.wrap(a);
        b.global_set(sink, low);
        b.ret(&[new]);
        b.finalize();
        Helper {
            func,
            fixed: vec![None],
            discard: true,
        }
    }

    /// `sum(n, acc)`: `n & 31` steps of `acc += n`, by a self tail call (`return_call`
    /// or `call` then `ret`).
    fn tail_recursive(&mut self, name: &str) -> Helper {
        let return_call = self.config.tail_calls && self.choices.chance(50);
        let naive = self.choices.chance(50);
        let func = self.declare(name, vec![Type::I32, Type::I64], vec![Type::I64]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let (n, acc) = load_params(&mut b, naive);
        let m = b.binary(BinaryOp::And, n, 31);
        let (done, rec) = (b.create_block(), b.create_block());
        b.br_if(m, rec, &[], done, &[]);
        b.switch_to_block(done);
        b.ret(&[acc]);
        b.switch_to_block(rec);
        let m1 = b.binary(BinaryOp::Sub, m, 1);
        let wide = b.extend_u(m);
        let acc2 = b.binary(BinaryOp::Add, acc, wide);
        if return_call {
            b.return_call(func, &[m1, acc2]);
        } else {
            let r = b.call1(func, &[m1, acc2]);
            b.ret(&[r]);
        }
        b.finalize();
        Self::plain(func, 2)
    }

    /// `f(n) = n & 15 == 0 ? base : f((n & 15) - 1) OP (n & 15)`: recursion modulo an
    /// accumulator.
    fn accumulator_recursive(&mut self, name: &str) -> Helper {
        let ty = int_type(&mut self.choices);
        let op = [
            BinaryOp::Add,
            BinaryOp::Mul,
            BinaryOp::Xor,
            BinaryOp::Or,
            BinaryOp::And,
        ][self.choices.below(5)];
        let base = 1 + self.choices.below(5) as i64;
        let naive = self.choices.chance(50);
        let func = self.declare(name, vec![ty, Type::I32], vec![ty]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let (x, n) = load_params(&mut b, naive);
        let m = b.binary(BinaryOp::And, n, 15);
        let (done, rec) = (b.create_block(), b.create_block());
        b.br_if(m, rec, &[], done, &[]);
        b.switch_to_block(done);
        let base = b.iconst(ty, base);
        let r = b.binary(BinaryOp::Add, x, base);
        b.ret(&[r]);
        b.switch_to_block(rec);
        let m1 = b.binary(BinaryOp::Sub, m, 1);
        let r = b.call1(func, &[x, m1]);
        let wide = if ty == Type::I64 { b.extend_u(m) } else { m };
        let s = b.binary(op, r, wide);
        b.ret(&[s]);
        b.finalize();
        Self::plain(func, 2)
    }

    /// `fib(n & 7)` with two calls per level.
    fn two_calls_recursive(&mut self, name: &str) -> Helper {
        let func = self.declare(name, vec![Type::I32], vec![Type::I32]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let m = b.binary(BinaryOp::And, b.param(0), 7);
        let small = b.lt_u(m, 2);
        let (done, rec) = (b.create_block(), b.create_block());
        b.br_if(small, done, &[], rec, &[]);
        b.switch_to_block(done);
        b.ret(&[m]);
        b.switch_to_block(rec);
        let m1 = b.binary(BinaryOp::Sub, m, 1);
        let m2 = b.binary(BinaryOp::Sub, m, 2);
        let x = b.call1(func, &[m1]);
        let y = b.call1(func, &[m2]);
        let s = b.binary(BinaryOp::Add, x, y);
        b.ret(&[s]);
        b.finalize();
        Self::plain(func, 1)
    }

    /// `(x) -> x` after storing the byte `x` to 16 bytes of `@mem` in a loop, which
    /// `idiom` turns into a `memory.fill` (and then the helper is small enough for
    /// `inline-late`).
    fn fill_helper(&mut self, name: &str) -> Helper {
        let memory = self.memory;
        let start = 64 * self.choices.below((MEMORY_BYTES / 64 - 1) as usize) as u32;
        let count = 4 + self.choices.below(13) as i32;
        let func = self.declare(name, vec![Type::I32], vec![Type::I32]);
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let x = b.param(0);
        let base = b.data_addr(memory, start);
        let header = b.create_block();
        let i = b.append_block_param(header, Type::I32);
        let (body, exit) = (b.create_block(), b.create_block());
        let zero = b.iconst(Type::I32, 0);
        b.jump(header, &[zero]);
        b.switch_to_block(header);
        let more = b.lt_u(i, count);
        b.br_if(more, body, &[], exit, &[]);
        b.switch_to_block(body);
        let p = b.binary(BinaryOp::Add, base, i);
        b.store8(p, 0, x);
        let next = b.binary(BinaryOp::Add, i, 1);
        b.jump(header, &[next]);
        b.switch_to_block(exit);
        b.ret(&[x]);
        b.finalize();
        Self::plain(func, 1)
    }

    /// A copy of `helper` under another name (both get called), and sometimes a pair
    /// of wrappers, one calling each, which are equal once the copies merge.
    fn duplicate_helper(&mut self, helper: &Helper) {
        if self.choices.chance(25) {
            // A near-duplicate: one constant differs, so it must not merge.
            let name = format!("{}_near", self.module.funcs[helper.func].name);
            let copy = self.copy_function(helper.func, &name);
            perturb(&mut self.module.funcs[copy]);
            self.push_helper(Helper {
                func: copy,
                ..helper.clone()
            });
            return;
        }
        let name = format!("{}_dup", self.module.funcs[helper.func].name);
        let copy = self.copy_function(helper.func, &name);
        let dup = Helper {
            func: copy,
            ..helper.clone()
        };
        self.push_helper(dup.clone());
        if self.choices.chance(50) {
            let first = self.wrapper(helper);
            let second = self.copy_function(first.func, &format!("{}_dup", self.helper_name()));
            redirect(&mut self.module.funcs[second], helper.func, copy);
            self.push_helper(first.clone());
            self.push_helper(Helper {
                func: second,
                ..first
            });
        }
    }

    /// A copy of `func`'s body under `name` (calls of itself call the copy).
    fn copy_function(&mut self, func: Func, name: &str) -> Func {
        let mut body: Function = self.module.funcs[func].clone();
        body.name = name.to_string();
        body.export = None;
        let next = Func::from_u32(self.module.funcs.len() as u32);
        redirect(&mut body, func, next);
        self.module.add_function(body)
    }

    /// `w(params) = h(params)`, with the first result changed a little.
    fn wrapper(&mut self, helper: &Helper) -> Helper {
        let name = self.helper_name();
        let sig = self.module.funcs[helper.func].sig.clone();
        let func = self.module.declare_function(
            &name,
            Signature::new(sig.params.clone(), sig.results.clone()),
        );
        let mut b = FunctionBuilder::new(&mut self.module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let params: Vec<Value> = b.params().to_vec();
        let mut results = b.call(helper.func, &params);
        if let Some(first) = results.first_mut() {
            if sig.results[0].is_int() {
                *first = b.binary(BinaryOp::Xor, *first, 5);
            }
        }
        b.ret(&results);
        b.finalize();
        Helper {
            func,
            ..helper.clone()
        }
    }

    /// Adds a main function; sometimes it is not exported, and sometimes it gets a
    /// copy (whose calls go to the copies of its callees, so the two are equal only
    /// once those merge). `last` is always exported.
    pub(super) fn add_main(&mut self, mut f: Function, last: bool) {
        if !last && self.choices.chance(25) {
            f.export = None;
        }
        let copy = self.choices.chance(20).then(|| f.clone());
        let func = self.module.add_function(f);
        self.callees.push(func);
        if let Some(mut copy) = copy {
            copy.name = format!("{}_copy", copy.name);
            copy.export = self.choices.chance(30).then(|| copy.name.clone());
            for &(original, duplicate) in &self.extras().copies {
                redirect(&mut copy, original, duplicate);
            }
            let copied = self.module.add_function(copy);
            self.callees.push(copied);
            self.extras
                .as_mut()
                .expect("extras")
                .copies
                .push((func, copied));
        }
    }
}

/// The parameters, either as they are or (naive) stored to slots and loaded back.
fn load_params(b: &mut FunctionBuilder, naive: bool) -> (Value, Value) {
    let (x, y) = (b.param(0), b.param(1));
    if !naive {
        return (x, y);
    }
    let load = |b: &mut FunctionBuilder, v: Value| {
        let ty = b.function().value_type(v);
        let slot = b.stack_slot(ty.bytes(), Some(ty.bytes()));
        b.store(slot, 0, v);
        b.load(ty, slot, 0)
    };
    let x = load(b, x);
    let y = load(b, y);
    (x, y)
}

/// Changes the first integer constant operand of `func` (by adding 1).
fn perturb(func: &mut Function) {
    for block in func.layout.clone() {
        for inst in func.blocks[block].insts.clone() {
            let mut kind = func.insts[inst].kind.clone();
            let mut changed = false;
            kind.map_args(|v| match func.value_def(v) {
                ValueDef::Const(imm) if imm.ty().is_int() && !changed => {
                    changed = true;
                    func.const_value(Imm::new(imm.ty(), imm.bits().wrapping_add(1)))
                }
                _ => v,
            });
            if changed {
                func.insts[inst].kind = kind;
                return;
            }
        }
    }
}

/// Makes `func`'s direct calls of `from` call `to` instead.
fn redirect(func: &mut Function, from: Func, to: Func) {
    for block in func.layout.clone() {
        for &inst in &func.blocks[block].insts {
            if let InstKind::Call { func: callee, .. } | InstKind::ReturnCall { func: callee, .. } =
                &mut func.insts[inst].kind
            {
                if *callee == from {
                    *callee = to;
                }
            }
        }
    }
}
