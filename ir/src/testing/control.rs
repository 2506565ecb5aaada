//! Control-flow shapes of generated functions: diamonds with merge parameters,
//! counted loops, two-entry irreducible cycles, switches, early exits, calls and the
//! final return or tail call. Every cycle counts up to a small bound.

use super::function::FuncGen;
use crate::{BinaryOp, Block, BlockCall, CompareOp, Imm, InstKind, Type, Value};

impl FuncGen<'_> {
    /// Block parameters for a merge: 0 to 2 random types.
    pub(super) fn merge_block(&mut self) -> (Block, Vec<Type>) {
        let b = self.f.create_block();
        let types: Vec<Type> = (0..self.c().below(3)).map(|_| self.gen.ty()).collect();
        for &t in &types {
            self.f.append_block_param(b, t);
        }
        (b, types)
    }

    pub(super) fn args(&mut self, types: &[Type]) -> Vec<Value> {
        types.iter().map(|&t| self.operand(t)).collect()
    }

    pub(super) fn enter(&mut self, merge: Block) -> Block {
        let params = self.f.blocks[merge].params.clone();
        self.pool.extend(params);
        merge
    }

    pub(super) fn diamond(&mut self, block: Block, depth: u32) -> Block {
        self.diamond_on(block, depth, None)
    }

    /// A diamond branching on `cond` (a random operand if `None`).
    pub(super) fn diamond_on(&mut self, block: Block, depth: u32, cond: Option<Value>) -> Block {
        let (merge, types) = self.merge_block();
        let cond = match cond {
            Some(c) => c,
            None => self.i32_operand(),
        };
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
        self.arms_to_merge(then_b.into_iter().chain([else_b]), merge, &types, depth)
    }

    pub(super) fn counted_loop(&mut self, block: Block, depth: u32) -> Block {
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
        let mark = self.mark();
        self.loops.push(self.pool.len());
        self.pool.extend([i, acc]);
        self.loop_depth += 1;
        let end = self.region(header, depth + 1);
        self.loop_depth -= 1;
        self.loops.pop();
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
        self.reset(mark);
        self.enter(exit)
    }

    /// Two blocks that jump to each other, entered at either: an irreducible cycle
    /// bounded by a counter.
    pub(super) fn irreducible(&mut self, block: Block, depth: u32) -> Block {
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
        let mark = self.mark();
        self.loops.push(self.pool.len());
        self.pool.push(ia);
        self.loop_depth += 1;
        let a_end = self.region(a, depth + 1);
        self.loop_depth -= 1;
        self.loops.pop();
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
        self.reset(mark);
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
        self.reset(mark);
        self.enter(exit)
    }

    pub(super) fn switch(&mut self, block: Block, depth: u32) -> Block {
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
        self.arms_to_merge(targets, merge, &types, depth)
    }

    /// Fills each arm with a region that ends jumping to `merge` with fresh arguments
    /// of `types` (each arm sees only the values defined before the branch), then
    /// continues in `merge`.
    fn arms_to_merge(
        &mut self,
        arms: impl IntoIterator<Item = Block>,
        merge: Block,
        types: &[Type],
        depth: u32,
    ) -> Block {
        let mark = self.mark();
        for arm in arms {
            let end = self.region(arm, depth + 1);
            let args = self.args(types);
            self.inst(
                end,
                InstKind::Jump {
                    dest: BlockCall::new(merge, args),
                },
                &[],
            );
            self.reset(mark);
        }
        self.enter(merge)
    }

    /// `br_if c, Ret, Cont` where `Ret` returns (or traps, rarely).
    pub(super) fn early_exit(&mut self, block: Block) -> Block {
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

    pub(super) fn call(&mut self, block: Block) {
        if self.callees.is_empty() {
            return self.straight_line(block);
        }
        let n = self.callees.len();
        let pick = self.c().below(n);
        let callee = self.callees[pick];
        let sig = self.gen.module.funcs[callee].sig.clone();
        let args = self.args(&sig.params);
        let kind = if self.c().chance(30) {
            // Only ever a callee: table indices are unspecified (docs/lir.md).
            let fp = self.inst(block, InstKind::FuncAddr { func: callee }, &[Type::I32])[0];
            InstKind::CallIndirect {
                sig: Box::new(sig.clone()),
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
    pub(super) fn finish(&mut self, block: Block) {
        let results = self.f.sig.results.clone();
        if self.gen.shapes.optimizer && self.gen.config.tail_calls && self.c().chance(15) {
            if let Some(kind) = self.helper_tail_call(&results) {
                self.inst(block, kind, &[]);
                return;
            }
        }
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
                let fp = self.inst(block, InstKind::FuncAddr { func: callee }, &[Type::I32])[0];
                InstKind::ReturnCallIndirect {
                    sig: Box::new(sig),
                    callee: fp,
                    args,
                }
            };
            self.inst(block, kind, &[]);
        } else {
            let mut values = self.args(&results);
            if self.gen.shapes.optimizer && !results.is_empty() {
                values[0] = self.checksum(block, values[0]);
            }
            self.inst(block, InstKind::Ret { values }, &[]);
        }
    }

    /// `first` combined with the newest values nothing used (converted to its type),
    /// so that more of the generated code reaches a result.
    fn checksum(&mut self, block: Block, first: Value) -> Value {
        let ty = self.f.value_type(first);
        let unused: Vec<Value> = self
            .pool
            .iter()
            .rev()
            .copied()
            .filter(|&v| !self.used[v] && !self.hidden[v] && v != first)
            .take(12)
            .collect();
        let mut sum = first;
        for v in unused {
            let x = self.convert_to(block, v, ty);
            let op = if ty.is_int() {
                [BinaryOp::Xor, BinaryOp::Add][self.c().below(2)]
            } else {
                BinaryOp::Add
            };
            sum = self.bin(block, op, sum, x);
        }
        sum
    }

    /// `v` as a value of type `ty`.
    fn convert_to(&mut self, block: Block, v: Value, ty: Type) -> Value {
        use crate::ConvertOp::*;
        let from = self.f.value_type(v);
        let op = match (from, ty) {
            _ if from == ty => return v,
            (Type::I32, Type::I64) => ExtendU,
            (Type::I64, Type::I32) => Wrap,
            (Type::F32, Type::F64) => Promote,
            (Type::F64, Type::F32) => Demote,
            // NaN bits are observable only where every executor canonicalizes NaNs.
            (Type::F32, Type::I32) | (Type::F64, Type::I64) if !self.gen.shapes.nan_agnostic => {
                Bitcast(ty)
            }
            (_, Type::I32 | Type::I64) => TruncSatS(ty),
            _ => ConvertS(ty),
        };
        self.inst(block, InstKind::Convert { op, arg: v }, &[ty])[0]
    }
}
