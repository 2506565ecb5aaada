//! Type checks of one instruction: operand types for every [`InstKind`], memory
//! access widths and alignments, references to functions, globals and data objects,
//! branch arguments against the target's parameters, and result types against what
//! the operation defines ([`crate::typing::result_types`]).
//!
//! Whether operands are defined and dominate their uses is checked in `ssa`; values
//! that do not exist are skipped here (they are reported there).

use super::items::{data_offset_error, missing_func};
use super::report::block_label;
use super::shape::Shape;
use crate::entities::Value;
use crate::function::{Function, InstData};
use crate::inst::{BlockCall, InstKind, MemArg};
use crate::module::Module;
use crate::opcodes::ConvertOp;
use crate::types::{MemWidth, Type};
use rustc_hash::FxHashSet as HashSet;
use smallvec::SmallVec;
use std::fmt::Display;

/// An error if the function, global or data object an instruction names is missing.
fn item_error(module: &Module, kind: &InstKind) -> Option<String> {
    use InstKind::*;
    match kind {
        Call { func, .. } | ReturnCall { func, .. } | FuncAddr { func } => {
            missing_func(module, *func)
        }
        GlobalGet { global } | GlobalSet { global, .. } => module
            .globals
            .get(*global)
            .is_none()
            .then(|| format!("refers to a global that does not exist ({global})")),
        DataAddr { data, offset } => data_offset_error(module, *data, *offset),
        _ => None,
    }
}

/// The type errors of one instruction, as messages appended to `errors`.
/// `operands_exist` may say that every operand is known to exist (the SSA checks
/// found them sound).
pub(super) fn check_inst(
    module: &Module,
    f: &Function,
    shape: &Shape,
    inst: &InstData,
    operands_exist: bool,
    errors: &mut Vec<String>,
) {
    let mut check = Checker {
        module,
        f,
        shape,
        errors,
    };
    if let Some(message) = item_error(module, &inst.kind) {
        check.errors.push(message);
    }
    check.operands(&inst.kind);
    check.results(inst, operands_exist);
}

struct Checker<'a> {
    module: &'a Module,
    f: &'a Function,
    shape: &'a Shape,
    errors: &'a mut Vec<String>,
}

impl Checker<'_> {
    fn error(&mut self, message: String) {
        self.errors.push(message);
    }

    /// The type of a value, or `None` if it does not exist.
    fn ty(&self, v: Value) -> Option<Type> {
        self.f.values.get(v).map(|data| data.ty)
    }

    /// Requires `v` to be of type `want`; `what` names the operand.
    fn expect(&mut self, v: Value, want: Type, what: impl Display) {
        if let Some(ty) = self.ty(v) {
            if ty != want {
                self.error(format!("{what} must be {want}, got {ty}"));
            }
        }
    }

    /// Requires both operands to have the same type and returns it.
    fn same_type(&mut self, a: Value, b: Value) -> Option<Type> {
        let (ta, tb) = (self.ty(a)?, self.ty(b)?);
        if ta != tb {
            self.error(format!("operand types differ: {ta} and {tb}"));
            return None;
        }
        Some(ta)
    }

    /// Checks a list of values against expected types: `target` names what receives
    /// them (`@f`, `block loop`, `the function`), `item` one of them (`argument`).
    fn expect_list(&mut self, values: &[Value], want: &[Type], target: &str, item: &str) {
        if values.len() != want.len() {
            let n = want.len();
            self.error(format!(
                "{target} takes {n} {item}{}, got {}",
                plural(n),
                values.len()
            ));
            return;
        }
        for (i, (&v, &ty)) in values.iter().zip(want).enumerate() {
            self.expect(v, ty, format_args!("{item} {} of {target}", i + 1));
        }
    }

    fn operands(&mut self, kind: &InstKind) {
        use InstKind::*;
        let module = self.module;
        match kind {
            Const(_)
            | MemorySize
            | HeapBase
            | FuncAddr { .. }
            | GlobalGet { .. }
            | DataAddr { .. }
            | Trap => {}
            Binary { op, args } => {
                if let Some(ty) = self.same_type(args[0], args[1]) {
                    if !op.accepts(ty) {
                        self.error(format!("`{}` does not accept {ty} operands", op.name()));
                    }
                }
            }
            Compare { op, args } => {
                if let Some(ty) = self.same_type(args[0], args[1]) {
                    if !op.accepts(ty) {
                        self.error(format!("`{}` does not accept {ty} operands", op.name()));
                    }
                }
            }
            Unary { op, arg } => {
                if let Some(ty) = self.ty(*arg) {
                    if !op.accepts(ty) {
                        self.error(format!("`{}` does not accept an {ty} operand", op.name()));
                    }
                }
            }
            Convert { op, arg } => self.convert(*op, *arg),
            Select { args } => {
                self.expect(args[0], Type::I32, "the condition");
                self.same_type(args[1], args[2]);
            }
            Load {
                ty,
                width,
                signed,
                addr,
                mem,
            } => {
                self.expect(*addr, Type::PTR, "the address");
                self.access_width("load", *ty, *width);
                if *signed && *width == MemWidth::of(*ty) {
                    self.error("a full-width load cannot be sign-extending".to_string());
                }
                self.alignment(mem, *width);
            }
            Store {
                ty,
                width,
                addr,
                value,
                mem,
            } => {
                self.expect(*addr, Type::PTR, "the address");
                self.expect(*value, *ty, "the stored value");
                self.access_width("store", *ty, *width);
                self.alignment(mem, *width);
            }
            MemoryGrow { pages } => self.expect(*pages, Type::I32, "the page count"),
            MemoryCopy { args } => self.three_i32(args, ["destination", "source", "length"]),
            MemoryFill { args } => self.three_i32(args, ["destination", "byte", "length"]),
            StackAlloc { size } => self.expect(*size, Type::I32, "the size"),
            GlobalSet { global, value } => {
                if let Some(decl) = module.globals.get(*global) {
                    if !decl.mutable {
                        self.error(format!("@{} is not mutable", decl.name));
                    }
                    self.expect(
                        *value,
                        decl.ty,
                        format_args!("the value stored in @{}", decl.name),
                    );
                }
            }
            Call { func, args } | ReturnCall { func, args } => {
                if let Some(callee) = module.funcs.get(*func) {
                    let target = format!("@{}", callee.name);
                    self.expect_list(args, &callee.sig.params, &target, "argument");
                    if matches!(kind, ReturnCall { .. }) {
                        self.tail_call_results(&callee.sig.results, &target);
                    }
                }
            }
            CallIndirect { sig, callee, args } | ReturnCallIndirect { sig, callee, args } => {
                self.expect(*callee, Type::I32, "the callee (a table index)");
                self.expect_list(args, &sig.params, "the signature", "argument");
                if matches!(kind, ReturnCallIndirect { .. }) {
                    self.tail_call_results(&sig.results, "the signature");
                }
            }
            Syscall { call, args } => {
                let target = format!("syscall.{}", call.name());
                self.expect_list(args, call.params(), &target, "operand");
            }
            Jump { dest } => self.block_call(dest),
            BrIf {
                cond,
                then_dest,
                else_dest,
            } => {
                self.expect(*cond, Type::I32, "the condition");
                self.block_call(then_dest);
                self.block_call(else_dest);
            }
            Switch {
                index,
                default,
                cases,
            } => self.switch(*index, default, cases),
            Ret { values } => self.ret(values),
        }
    }

    fn convert(&mut self, op: ConvertOp, arg: Value) {
        use ConvertOp::*;
        let suffix_ok = match op {
            TruncS(t) | TruncU(t) | TruncSatS(t) | TruncSatU(t) => t.is_int(),
            ConvertS(t) | ConvertU(t) => t.is_float(),
            _ => true,
        };
        let name = || match op.suffix() {
            Some(t) => format!("{}.{t}", op.name()),
            None => op.name().to_string(),
        };
        if !suffix_ok {
            self.error(format!("`{}` has a result type of the wrong kind", name()));
            return;
        }
        if let Some(ty) = self.ty(arg) {
            if op.result_type(ty).is_none() {
                self.error(format!("`{}` does not accept an {ty} operand", name()));
            }
        }
    }

    /// Loads and stores: floats only at full width, integers at most at their width,
    /// and the 32-bit narrow forms only for i64.
    fn access_width(&mut self, what: &str, ty: Type, width: MemWidth) {
        let ok = if ty.is_float() {
            width == MemWidth::of(ty)
        } else {
            width.bits() <= ty.bits()
        };
        if !ok {
            let bits = width.bits();
            self.error(format!("a {bits}-bit {what} cannot have type {ty}"));
        }
    }

    fn alignment(&mut self, mem: &MemArg, width: MemWidth) {
        if let Some(align) = mem.align {
            if !align.is_power_of_two() || align > width.bytes() {
                let bytes = width.bytes();
                self.error(format!(
                    "alignment {align} is not a power of two up to the access width ({bytes})"
                ));
            }
        }
    }

    fn three_i32(&mut self, args: &[Value; 3], names: [&str; 3]) {
        for (&v, name) in args.iter().zip(names) {
            self.expect(v, Type::I32, format_args!("the {name}"));
        }
    }

    fn ret(&mut self, values: &[Value]) {
        let results = &self.f.sig.results;
        if values.len() != results.len() {
            let (n, m) = (results.len(), values.len());
            self.error(format!(
                "the function returns {n} value{}, `ret` has {m}",
                plural(n)
            ));
            return;
        }
        for (i, (&v, &ty)) in values.iter().zip(results).enumerate() {
            self.expect(v, ty, format_args!("returned value {}", i + 1));
        }
    }

    fn tail_call_results(&mut self, results: &[Type], target: &str) {
        let own = &self.f.sig.results;
        if results != own.as_slice() {
            self.error(format!(
                "a tail call must return the caller's results: {target} returns {} but @{} returns {}",
                types_text(results),
                self.f.name,
                types_text(own)
            ));
        }
    }

    fn block_call(&mut self, call: &BlockCall) {
        let f = self.f;
        let Some(target) = f.blocks.get(call.block) else {
            self.error(format!(
                "branch to a block that does not exist ({})",
                call.block
            ));
            return;
        };
        // Labels cost a layout scan: build them only for messages.
        let label = || block_label(f, call.block);
        if !self.shape.in_layout(call.block) {
            self.error(format!(
                "branch to block {}, which is not in the layout",
                label()
            ));
            return;
        }
        if self.shape.entry == Some(call.block) {
            self.error(format!(
                "the entry block {} cannot be a branch target",
                label()
            ));
        }
        // A missing parameter value is reported with the block.
        if target.params.iter().any(|&p| self.ty(p).is_none()) {
            return;
        }
        let well_typed = call.args.len() == target.params.len()
            && call
                .args
                .iter()
                .zip(&target.params)
                .all(|(&a, &p)| self.ty(a) == self.ty(p));
        if !well_typed {
            let params: SmallVec<[Type; 8]> =
                target.params.iter().filter_map(|&p| self.ty(p)).collect();
            self.expect_list(
                &call.args,
                &params,
                &format!("block {}", label()),
                "argument",
            );
        }
    }

    fn switch(&mut self, index: Value, default: &BlockCall, cases: &[(u64, BlockCall)]) {
        let index_ty = self.ty(index);
        if let Some(ty) = index_ty {
            if !ty.is_int() {
                self.error(format!("the switch index must be i32 or i64, got {ty}"));
            }
        }
        self.block_call(default);
        let mut keys = HashSet::default();
        for (key, call) in cases {
            if index_ty == Some(Type::I32) && *key > u32::MAX as u64 {
                self.error(format!("case key {key:#x} does not fit the i32 index"));
            } else if !keys.insert(*key) {
                let shown = crate::imm::Imm::new(index_ty.unwrap_or(Type::I64), *key);
                self.error(format!("case key {shown} appears twice"));
            }
            self.block_call(call);
        }
    }

    /// Compares the result values with the types the operation defines; skipped when
    /// an operand is missing (the types cannot be derived then).
    fn results(&mut self, inst: &InstData, mut operands_exist: bool) {
        if !operands_exist {
            operands_exist = true;
            inst.kind
                .for_each_arg(|v| operands_exist &= self.f.values.get(v).is_some());
        }
        if !operands_exist {
            return;
        }
        let Some(expected) = crate::typing::result_types_small(self.module, self.f, &inst.kind)
        else {
            return;
        };
        if inst.results.len() != expected.len() {
            let n = expected.len();
            self.error(format!(
                "the instruction produces {n} result{} but defines {}",
                plural(n),
                inst.results.len()
            ));
            return;
        }
        for (i, (&v, &want)) in inst.results.iter().zip(&expected).enumerate() {
            if let Some(ty) = self.ty(v) {
                if ty != want {
                    let which = if expected.len() == 1 {
                        "the result".to_string()
                    } else {
                        format!("result {}", i + 1)
                    };
                    self.error(format!(
                        "{which} has type {ty}, but the instruction produces {want}"
                    ));
                }
            }
        }
    }
}

/// `nothing`, `i32` or `(i32, i64)`.
fn types_text(types: &[Type]) -> String {
    match types {
        [] => "nothing".to_string(),
        [ty] => ty.to_string(),
        _ => {
            let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
            format!("({})", names.join(", "))
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
