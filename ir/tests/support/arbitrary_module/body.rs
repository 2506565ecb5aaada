//! Random function bodies: slots, blocks with parameters, instructions of every kind
//! with well-typed operands (values in scope or literals), and terminators.

use super::source::{Names, Source, BLOCK_LABELS, VALUE_NAMES};
use lir::function::is_valid_local_name;
use lir::typing::result_types;
use lir::{
    BinaryOp, Block, BlockCall, CompareOp, ConvertOp, Func, Function, InstKind, MemArg, MemWidth,
    Module, Signature, Syscall, Type, UnaryOp, Value,
};
use std::collections::HashSet;

/// Builds the body of the defined function `f` of `module`.
pub fn build(src: &mut Source, module: &Module, f: Func) -> Function {
    let shell = &module.funcs[f];
    let mut func = Function::new(shell.name.clone(), shell.sig.clone());
    func.export = shell.export.clone();
    let mut gen = BodyGen {
        src,
        module,
        func,
        value_names: Names::default(),
        labels: Names::default(),
        fixed: Vec::new(),
        scope: Vec::new(),
    };
    gen.body();
    gen.func
}

struct BodyGen<'s, 'b, 'm> {
    src: &'s mut Source<'b>,
    module: &'m Module,
    func: Function,
    value_names: Names,
    labels: Names,
    /// Values usable everywhere: parameters and slots.
    fixed: Vec<Value>,
    /// Values usable in the current block.
    scope: Vec<Value>,
}

impl BodyGen<'_, '_, '_> {
    fn body(&mut self) {
        for v in self.func.params.clone() {
            self.maybe_name(v);
            self.fixed.push(v);
        }
        for _ in 0..self.src.below(3) {
            let align = self.src.chance(50).then(|| self.src.power_of_two(16));
            let (_, v) = self.func.create_slot(self.src.below(64) as u32, align);
            self.maybe_name(v);
            self.fixed.push(v);
        }
        let blocks: Vec<Block> = (0..self.src.range(1, 4))
            .map(|_| self.func.create_block())
            .collect();
        for (index, &block) in blocks.iter().enumerate() {
            if self.src.chance(60) {
                let label = self
                    .labels
                    .fresh(self.src, BLOCK_LABELS, is_valid_local_name);
                self.func.set_block_name(block, label);
            }
            if index > 0 {
                for _ in 0..self.src.below(3) {
                    let ty = self.src.ty();
                    let v = self.func.append_block_param(block, ty);
                    self.maybe_name(v);
                }
            }
        }
        for &block in &blocks {
            self.scope = self.fixed.clone();
            self.scope.extend(self.func.blocks[block].params.clone());
            for _ in 0..self.src.below(8) {
                let kind = self.instruction();
                self.append(block, kind);
            }
            let kind = self.terminator(&blocks[1..]);
            self.append(block, kind);
        }
    }

    fn maybe_name(&mut self, v: Value) {
        if self.src.chance(50) {
            let name = self
                .value_names
                .fresh(self.src, VALUE_NAMES, is_valid_local_name);
            self.func.set_value_name(v, name);
        }
    }

    fn append(&mut self, block: Block, kind: InstKind) {
        let types =
            result_types(self.module, &self.func, &kind).expect("generated kinds are typed");
        let inst = self.func.append_inst(block, kind, &types);
        let files = self.module.files.len();
        if files > 0 && self.src.chance(40) {
            let file = lir::FileId::from_index(self.src.below(files));
            let line = self.src.range(1, 1000) as u32;
            let col = self.src.below(80) as u32;
            self.func
                .set_srcloc(inst, lir::SourceLoc::new(file, line, col));
        }
        for v in self.func.insts[inst].results.clone() {
            self.maybe_name(v);
            self.scope.push(v);
        }
    }

    /// A value of type `ty`: one in scope, or a literal.
    fn operand(&mut self, ty: Type) -> Value {
        let candidates: Vec<Value> = self
            .scope
            .iter()
            .copied()
            .filter(|&v| self.func.value_type(v) == ty)
            .collect();
        if candidates.is_empty() || self.src.chance(30) {
            let imm = self.src.imm(ty);
            self.func.const_value(imm)
        } else {
            self.src.pick(&candidates)
        }
    }

    fn operands(&mut self, types: &[Type]) -> Vec<Value> {
        types.iter().map(|&ty| self.operand(ty)).collect()
    }

    fn mem_arg(&mut self, width: MemWidth) -> MemArg {
        MemArg {
            offset: match self.src.below(3) {
                0 => 0,
                1 => self.src.below(256) as u32,
                _ => self.src.u32(),
            },
            align: self
                .src
                .chance(40)
                .then(|| self.src.power_of_two(width.bytes())),
            volatile: self.src.chance(10),
        }
    }

    fn any_func(&mut self) -> Func {
        Func::from_u32(self.src.below(self.module.funcs.len()) as u32)
    }

    fn instruction(&mut self) -> InstKind {
        use InstKind as K;
        let ty = self.src.ty();
        match self.src.below(21) {
            0 => K::Const(self.src.imm(ty)),
            1 => {
                let ops: Vec<BinaryOp> = BinaryOp::ALL
                    .iter()
                    .copied()
                    .filter(|op| op.accepts(ty))
                    .collect();
                let op = self.src.pick(&ops);
                K::Binary {
                    op,
                    args: [self.operand(ty), self.operand(ty)],
                }
            }
            2 => {
                let op = self.src.pick(UnaryOp::ALL);
                let types: Vec<Type> = Type::ALL.into_iter().filter(|&t| op.accepts(t)).collect();
                let ty = self.src.pick(&types);
                K::Unary {
                    op,
                    arg: self.operand(ty),
                }
            }
            3 => {
                let ops: Vec<CompareOp> = CompareOp::ALL
                    .iter()
                    .copied()
                    .filter(|op| op.accepts(ty))
                    .collect();
                let op = self.src.pick(&ops);
                K::Compare {
                    op,
                    args: [self.operand(ty), self.operand(ty)],
                }
            }
            4 => {
                let (op, from) = self.src.pick(&conversions());
                K::Convert {
                    op,
                    arg: self.operand(from),
                }
            }
            5 => K::Select {
                args: [self.operand(Type::I32), self.operand(ty), self.operand(ty)],
            },
            6 => {
                let (width, signed) = self.access_width(ty);
                let addr = self.operand(Type::I32);
                K::Load {
                    ty,
                    width,
                    signed,
                    addr,
                    mem: self.mem_arg(width),
                }
            }
            7 => {
                let (width, _) = self.access_width(ty);
                let addr = self.operand(Type::I32);
                let value = self.operand(ty);
                K::Store {
                    ty,
                    width,
                    addr,
                    value,
                    mem: self.mem_arg(width),
                }
            }
            8 => K::MemorySize,
            9 => K::MemoryGrow {
                pages: self.operand(Type::I32),
            },
            10 => K::MemoryCopy {
                args: [
                    self.operand(Type::I32),
                    self.operand(Type::I32),
                    self.operand(Type::I32),
                ],
            },
            11 => K::MemoryFill {
                args: [
                    self.operand(Type::I32),
                    self.operand(Type::I32),
                    self.operand(Type::I32),
                ],
            },
            12 if !self.module.data.is_empty() => {
                let data = lir::Data::from_u32(self.src.below(self.module.data.len()) as u32);
                let size = self.module.data[data].size();
                K::DataAddr {
                    data,
                    offset: self.src.below(size as usize + 1) as u32,
                }
            }
            12 | 13 => K::HeapBase,
            14 => K::FuncAddr {
                func: self.any_func(),
            },
            15 => K::StackAlloc {
                size: self.operand(Type::I32),
            },
            16 if !self.module.globals.is_empty() => {
                let global =
                    lir::Global::from_u32(self.src.below(self.module.globals.len()) as u32);
                K::GlobalGet { global }
            }
            17 => {
                let mutable: Vec<_> = self
                    .module
                    .globals
                    .iter()
                    .filter(|(_, g)| g.mutable)
                    .map(|(k, _)| k)
                    .collect();
                if mutable.is_empty() {
                    return K::MemorySize;
                }
                let global = self.src.pick(&mutable);
                K::GlobalSet {
                    global,
                    value: self.operand(self.module.globals[global].ty),
                }
            }
            18 => {
                let func = self.any_func();
                let params = self.module.funcs[func].sig.params.clone();
                K::Call {
                    func,
                    args: self.operands(&params),
                }
            }
            19 => {
                let sig = self.signature();
                let callee = self.operand(Type::I32);
                K::CallIndirect {
                    args: self.operands(&sig.params),
                    sig: Box::new(sig),
                    callee,
                }
            }
            20 => {
                let call = self.src.pick(&Syscall::ALL);
                K::Syscall {
                    call,
                    args: self.operands(call.params()),
                }
            }
            _ => K::MemorySize,
        }
    }

    /// The width of a load or store of `ty`: full, or narrower for integers.
    fn access_width(&mut self, ty: Type) -> (MemWidth, bool) {
        let signed = self.src.chance(50);
        if !ty.is_int() || self.src.chance(40) {
            return (MemWidth::of(ty), false);
        }
        let narrow: &[MemWidth] = if ty == Type::I32 {
            &[MemWidth::W8, MemWidth::W16]
        } else {
            &[MemWidth::W8, MemWidth::W16, MemWidth::W32]
        };
        (self.src.pick(narrow), signed)
    }

    fn signature(&mut self) -> Signature {
        let params: Vec<Type> = (0..self.src.below(3)).map(|_| self.src.ty()).collect();
        let results: Vec<Type> = (0..self.src.below(3)).map(|_| self.src.ty()).collect();
        Signature::new(params, results)
    }

    fn block_call(&mut self, targets: &[Block]) -> BlockCall {
        let block = self.src.pick(targets);
        let types: Vec<Type> = self.func.blocks[block]
            .params
            .iter()
            .map(|&p| self.func.value_type(p))
            .collect();
        BlockCall::new(block, self.operands(&types))
    }

    /// A terminator; `targets` are the blocks branches may go to (never the entry).
    fn terminator(&mut self, targets: &[Block]) -> InstKind {
        use InstKind as K;
        let results = self.func.sig.results.clone();
        let choices = if targets.is_empty() { 4 } else { 7 };
        match self.src.below(choices) {
            0 => K::Ret {
                values: self.operands(&results),
            },
            1 => K::Trap,
            2 => {
                let same: Vec<Func> = self
                    .module
                    .funcs
                    .iter()
                    .filter(|(_, f)| f.sig.results == results)
                    .map(|(k, _)| k)
                    .collect();
                let func = self.src.pick(&same);
                let params = self.module.funcs[func].sig.params.clone();
                K::ReturnCall {
                    func,
                    args: self.operands(&params),
                }
            }
            3 => {
                let mut sig = self.signature();
                sig.results = results;
                let callee = self.operand(Type::I32);
                K::ReturnCallIndirect {
                    args: self.operands(&sig.params),
                    sig: Box::new(sig),
                    callee,
                }
            }
            4 => K::Jump {
                dest: self.block_call(targets),
            },
            5 => K::BrIf {
                cond: self.operand(Type::I32),
                then_dest: self.block_call(targets),
                else_dest: self.block_call(targets),
            },
            _ => {
                let ty = self.src.int_type();
                let index = self.operand(ty);
                let default = self.block_call(targets);
                let mut keys = HashSet::new();
                let mut cases = Vec::new();
                for _ in 0..self.src.below(4) {
                    let key = match (ty, self.src.below(2)) {
                        (_, 0) => self.src.below(8) as u64,
                        (Type::I32, _) => self.src.u32() as u64,
                        _ => self.src.u64(),
                    };
                    if keys.insert(key) {
                        cases.push((key, self.block_call(targets)));
                    }
                }
                K::Switch {
                    index,
                    default,
                    cases: cases.into(),
                }
            }
        }
    }
}

/// Every conversion with an operand type it accepts.
fn conversions() -> Vec<(ConvertOp, Type)> {
    use ConvertOp::*;
    let mut ops = vec![
        Wrap, ExtendS, ExtendU, Extend8S, Extend16S, Extend32S, Promote, Demote,
    ];
    for t in Type::ALL {
        ops.extend([
            TruncS(t),
            TruncU(t),
            TruncSatS(t),
            TruncSatU(t),
            ConvertS(t),
            ConvertU(t),
            Bitcast(t),
        ]);
    }
    let mut pairs = Vec::new();
    // Only operations the text can spell (`trunc_s.f32` is not one).
    ops.retain(|&op| ConvertOp::from_parts(op.name(), op.suffix()) == Some(op));
    for op in ops {
        for from in Type::ALL {
            if op.result_type(from).is_some() {
                pairs.push((op, from));
            }
        }
    }
    pairs
}
