//! `peephole`: algebraic simplification, one instruction at a time.
//!
//! Each instruction is matched against rules grouped by topic — `arith.rs`
//! (identities, reassociation of constants, strength reduction), `compare.rs`
//! (comparisons, `eqz` chains, `select`, conditions of branches) and `convert.rs`
//! (redundant extend/wrap pairs, narrowing of loads and stores). A rule either says
//! the instruction computes a value that already exists (`add %x, 0` is `%x`), or
//! rewrites it into a cheaper form, possibly with a few new instructions inserted
//! before it (all located where it is). Rewritten instructions are matched again, so
//! rules compose.
//!
//! Every rule is exact for every input, traps included: integer identities hold
//! modulo 2^N; float rules are only those that keep every bit, NaNs included
//! (`2.0 * x` is `x + x`, but `x * 1.0` stays because a signalling NaN would lose its
//! payload bits); a division that may trap is never removed; loads are only narrowed
//! where the narrower access cannot hide a trap. Volatile accesses are never touched.
//!
//! An operation whose operands are all constants is folded (with the interpreter's
//! semantics, as `sccp` folds it: never one that would trap), so that a rewrite
//! which turns an operand into a constant (`mul %x, 0`) is finished here rather than
//! left for a later `sccp` (the last stage of `-O2` has none after `peephole`).
//!
//! It does not propagate constants through block parameters or branches (`sccp`
//! does) or delete what its rewrites made unused (`dce` does).

mod arith;
mod compare;
mod convert;

use crate::edit::ValueMap;
use crate::pass::{Changes, FunctionContext, FunctionPass};
use lir::interp::eval;
use lir::{Block, Function, Imm, Inst, InstKind, Type, Value};

pub struct Peephole;

impl FunctionPass for Peephole {
    fn name(&self) -> &'static str {
        "peephole"
    }

    fn description(&self) -> &'static str {
        "algebraic simplification and strength reduction of single instructions"
    }

    fn run(&self, func: &mut Function, cx: &mut FunctionContext) -> Changes {
        let mut map = ValueMap::new();
        let mut count = 0;
        for block in func.layout.clone() {
            let mut index = 0;
            while index < func.blocks[block].insts.len() {
                let inst = func.blocks[block].insts[index];
                func.insts[inst].kind.map_args(|v| map.resolve(v));
                let mut rw = Rewriter {
                    func,
                    block,
                    index,
                    inst,
                    size_bias: cx.tuning.size_bias,
                };
                let rewrite = rw.simplify();
                // Where the instruction is now, after what the rules inserted before it.
                let at = rw.index;
                match rewrite {
                    Some(Rewrite::Value(v)) => {
                        let result = func.insts[inst].results[0];
                        map.replace(result, v);
                        count += 1;
                        // Now unused; `dce` deletes it (it may not be removable).
                        index = at + 1;
                    }
                    Some(Rewrite::Kind(kind)) => {
                        func.insts[inst].kind = kind;
                        count += 1;
                        // Match the rewritten instruction again (it stays at its
                        // place, after whatever was inserted before it).
                        index = at;
                    }
                    None => index += 1,
                }
                if count > 100_000_000 {
                    break; // cannot happen; guards against a rule that loops
                }
            }
        }
        map.apply(func);
        Changes::insts(count)
    }
}

/// What a rule does to an instruction.
pub(super) enum Rewrite {
    /// The instruction's (single) result is this existing value.
    Value(Value),
    /// The instruction becomes this one (same result types).
    Kind(InstKind),
}

/// The context rules match in: the instruction and a way to insert helpers before it.
pub(super) struct Rewriter<'a> {
    pub func: &'a mut Function,
    pub block: Block,
    /// Where the instruction is in its block ([`Rewriter::emit`] keeps it current).
    pub index: usize,
    pub inst: Inst,
    pub size_bias: bool,
}

impl Rewriter<'_> {
    fn simplify(&mut self) -> Option<Rewrite> {
        let data = &self.func.insts[self.inst];
        // The kinds some rule matches (the others are not worth a clone).
        let matched = matches!(
            data.kind,
            InstKind::Binary { .. }
                | InstKind::Unary { .. }
                | InstKind::Compare { .. }
                | InstKind::Select { .. }
                | InstKind::Convert { .. }
                | InstKind::Store { .. }
                | InstKind::BrIf { .. }
        );
        if !matched || data.results.len() > 1 {
            return None;
        }
        let kind = data.kind.clone();
        if let Some(folded) = self.fold_constants(&kind) {
            return Some(Rewrite::Value(folded));
        }
        arith::simplify(self, &kind)
            .or_else(|| compare::simplify(self, &kind))
            .or_else(|| convert::simplify(self, &kind))
    }

    /// The constant an operation computes when its operands are all constants and it
    /// does not trap for them.
    fn fold_constants(&mut self, kind: &InstKind) -> Option<Value> {
        let result = match kind {
            InstKind::Binary { op, args } => {
                eval::binary(*op, self.konst(args[0])?, self.konst(args[1])?)
            }
            InstKind::Compare { op, args } => {
                eval::compare(*op, self.konst(args[0])?, self.konst(args[1])?)
            }
            InstKind::Unary { op, arg } => eval::unary(*op, self.konst(*arg)?),
            InstKind::Convert { op, arg } => eval::convert(*op, self.konst(*arg)?),
            _ => return None,
        };
        Some(self.func.const_value(result.ok()?))
    }

    /// A constant of `ty` with raw bits `bits`.
    pub fn iconst(&mut self, ty: Type, bits: u64) -> Value {
        self.func.const_value(Imm::new(ty, bits))
    }

    /// The constant value of `v`, if it is one.
    pub fn konst(&self, v: Value) -> Option<Imm> {
        self.func.as_const(v)
    }

    pub fn ty(&self, v: Value) -> Type {
        self.func.value_type(v)
    }

    /// The instruction defining `v`.
    pub fn def(&self, v: Value) -> Option<&InstKind> {
        crate::edit::def_kind(self.func, v)
    }

    /// Inserts `kind` (one result of type `ty`) before the instruction being
    /// simplified; returns its result.
    pub fn emit(&mut self, kind: InstKind, ty: Type) -> Value {
        let v = crate::edit::insert_value(self.func, self.block, self.index, self.inst, kind, ty);
        self.index += 1;
        v
    }

    /// The type of the instruction's result.
    pub fn result_type(&self) -> Type {
        let r = self.func.insts[self.inst].results[0];
        self.func.value_type(r)
    }
}

/// The value's bits if it is a constant, as an unsigned number of its width.
pub(super) fn bits(rw: &Rewriter, v: Value) -> Option<u64> {
    rw.konst(v).map(|c| c.bits())
}

/// All ones in `ty`'s width.
pub(super) fn all_ones(ty: Type) -> u64 {
    if ty.bits() == 32 {
        0xffff_ffff
    } else {
        u64::MAX
    }
}
