//! Printing one instruction in canonical form: results (unless omitted), mnemonic with
//! exactly the type suffixes its literal operands need, and operands.

use super::names::Names;
use super::{data_name, func_name, global_name};
use crate::entities::{Inst, Value};
use crate::function::{Function, ValueDef};
use crate::imm::Imm;
use crate::inst::{BlockCall, InstKind, MemArg};
use crate::module::Module;
use crate::text::{convert_operand_type, switch_key_type};
use crate::types::{MemWidth, Type};

/// Prints instructions of one function.
pub(crate) struct InstPrinter<'a> {
    pub module: &'a Module,
    pub func: &'a Function,
    pub names: &'a Names,
}

impl InstPrinter<'_> {
    /// The instruction as it appears in the body, without indentation.
    pub(crate) fn inst(&self, inst: Inst) -> String {
        let Some(data) = self.func.insts.get(inst) else {
            return format!("<invalid {inst}>");
        };
        let op = self.op(&data.kind);
        if data.results.is_empty() || self.names.results_omitted(inst) {
            return op;
        }
        if self.names.results_typed(inst) {
            let typed: Vec<String> = data
                .results
                .iter()
                .map(|&v| match self.ty(v) {
                    Some(ty) => format!("{}: {ty}", self.value(v)),
                    None => self.value(v),
                })
                .collect();
            return format!("{} = {op}", typed.join(", "));
        }
        format!("{} = {op}", self.list(&data.results))
    }

    fn value(&self, v: Value) -> String {
        self.names.value(self.func, v)
    }

    fn list(&self, values: &[Value]) -> String {
        values
            .iter()
            .map(|&v| self.value(v))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn ty(&self, v: Value) -> Option<Type> {
        self.func.values.get(v).map(|d| d.ty)
    }

    fn is_const(&self, v: Value) -> bool {
        self.func
            .values
            .get(v)
            .is_some_and(|d| matches!(d.def, ValueDef::Const(_)))
    }

    /// `.T` when every one of `operands` is a literal (nothing else fixes their type).
    fn suffix_if_literal(&self, operands: &[Value]) -> String {
        match operands.first() {
            Some(&first) if operands.iter().all(|&v| self.is_const(v)) => {
                self.ty(first).map(|t| format!(".{t}")).unwrap_or_default()
            }
            _ => String::new(),
        }
    }

    fn target(&self, call: &BlockCall) -> String {
        let label = self.names.block(self.func, call.block);
        if call.args.is_empty() {
            label
        } else {
            format!("{label}({})", self.list(&call.args))
        }
    }

    /// `[addr + offset]` (the alignment hint is printed last, by `align`).
    fn address(&self, addr: Value, mem: &MemArg) -> String {
        let volatile = if mem.volatile { "volatile " } else { "" };
        let mut text = format!("{volatile}[{}", self.value(addr));
        if mem.offset != 0 {
            text += &format!(" + {}", mem.offset);
        }
        text.push(']');
        text
    }

    /// ` align N` when the memory operand states an alignment.
    fn align(mem: &MemArg) -> String {
        mem.align.map(|a| format!(" align {a}")).unwrap_or_default()
    }

    fn op(&self, kind: &InstKind) -> String {
        use InstKind as K;
        match kind {
            K::Const(imm) => format!("const.{} {imm}", imm.ty()),
            K::Binary { op, args } => {
                format!(
                    "{}{} {}",
                    op.name(),
                    self.suffix_if_literal(args),
                    self.list(args)
                )
            }
            K::Compare { op, args } => {
                format!(
                    "{}{} {}",
                    op.name(),
                    self.suffix_if_literal(args),
                    self.list(args)
                )
            }
            K::Unary { op, arg } => {
                format!(
                    "{}{} {}",
                    op.name(),
                    self.suffix_if_literal(&[*arg]),
                    self.value(*arg)
                )
            }
            K::Convert { op, arg } => {
                let mut name = op.name().to_string();
                if let Some(result) = op.suffix() {
                    name += &format!(".{result}");
                }
                let operand_ty = self.ty(*arg);
                if self.is_const(*arg) && operand_ty != convert_operand_type(*op) {
                    if let Some(t) = operand_ty {
                        name += &format!(".{t}");
                    }
                }
                format!("{name} {}", self.value(*arg))
            }
            K::Select { args } => {
                format!(
                    "select{} {}",
                    self.suffix_if_literal(&args[1..]),
                    self.list(args)
                )
            }
            K::Load {
                ty,
                width,
                signed,
                addr,
                mem,
            } => {
                let name = if *width == MemWidth::of(*ty) {
                    format!("load.{ty}")
                } else {
                    let sign = if *signed { "s" } else { "u" };
                    format!("load.{sign}{}.{ty}", width.bits())
                };
                format!("{name} {}{}", self.address(*addr, mem), Self::align(mem))
            }
            K::Store {
                ty,
                width,
                addr,
                value,
                mem,
            } => {
                let name = if *width == MemWidth::of(*ty) {
                    format!("store.{ty}")
                } else if self.is_const(*value) && *ty != Type::I32 {
                    format!("store.{}.{ty}", width.bits())
                } else {
                    format!("store.{}", width.bits())
                };
                format!(
                    "{name} {}, {}{}",
                    self.address(*addr, mem),
                    self.value(*value),
                    Self::align(mem)
                )
            }
            K::MemorySize => "memory.size".to_string(),
            K::MemoryGrow { pages } => format!("memory.grow {}", self.value(*pages)),
            K::MemoryCopy { args } => format!("memory.copy {}", self.list(args)),
            K::MemoryFill { args } => format!("memory.fill {}", self.list(args)),
            K::DataAddr { data, offset } => {
                let name = data_name(self.module, *data);
                if *offset == 0 {
                    format!("addr {name}")
                } else {
                    format!("addr {name} + {offset}")
                }
            }
            K::HeapBase => "addr @__heap_base".to_string(),
            K::FuncAddr { func } => format!("funcaddr {}", func_name(self.module, *func)),
            K::StackAlloc { size } => format!("stack.alloc {}", self.value(*size)),
            K::GlobalGet { global } => format!("global.get {}", global_name(self.module, *global)),
            K::GlobalSet { global, value } => format!(
                "global.set {}, {}",
                global_name(self.module, *global),
                self.value(*value)
            ),
            K::Call { func, args } => {
                format!(
                    "call {}({})",
                    func_name(self.module, *func),
                    self.list(args)
                )
            }
            K::ReturnCall { func, args } => {
                format!(
                    "return_call {}({})",
                    func_name(self.module, *func),
                    self.list(args)
                )
            }
            K::CallIndirect { sig, callee, args } => format!(
                "call_indirect {}({}) : {sig}",
                self.value(*callee),
                self.list(args)
            ),
            K::ReturnCallIndirect { sig, callee, args } => format!(
                "return_call_indirect {}({}) : {sig}",
                self.value(*callee),
                self.list(args)
            ),
            K::Syscall { call, args } if args.is_empty() => format!("syscall.{}", call.name()),
            K::Syscall { call, args } => format!("syscall.{} {}", call.name(), self.list(args)),
            K::Jump { dest } => format!("jump {}", self.target(dest)),
            K::BrIf {
                cond,
                then_dest,
                else_dest,
            } => format!(
                "br_if {}, {}, {}",
                self.value(*cond),
                self.target(then_dest),
                self.target(else_dest)
            ),
            K::Switch {
                index,
                default,
                cases,
            } => self.switch(*index, default, cases),
            K::Ret { values } if values.is_empty() => "ret".to_string(),
            K::Ret { values } => format!("ret {}", self.list(values)),
            K::Trap => "trap".to_string(),
        }
    }

    fn switch(&self, index: Value, default: &BlockCall, cases: &[(u64, BlockCall)]) -> String {
        let index_ty = self.ty(index).unwrap_or(Type::I32);
        let suffix = if self.is_const(index) && index_ty != Type::I32 {
            format!(".{index_ty}")
        } else {
            String::new()
        };
        let key_ty = switch_key_type(index_ty);
        let cases: Vec<String> = cases
            .iter()
            .map(|(key, target)| {
                let fits = key_ty == Type::I64 || *key <= u64::from(u32::MAX);
                let key = if fits {
                    Imm::new(key_ty, *key).to_string()
                } else {
                    key.to_string()
                };
                format!("{key}: {}", self.target(target))
            })
            .collect();
        format!(
            "switch{suffix} {}, {}, [{}]",
            self.value(index),
            self.target(default),
            cases.join(", ")
        )
    }
}
