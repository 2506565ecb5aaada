//! Code generation: the typed AST to a LIR module through the builder API. This
//! module owns the module level (declaring the reachable functions, data objects
//! and string literals, the `@main` entry that calls `__tinyc_main` and
//! `__tinyc_flush`) and the per-function state [`FnGen`]; expressions, lvalues,
//! conversions, calls, statements and static data are in the submodules.

mod call;
mod convert;
mod data;
mod expr;
mod lvalue;
mod stmt;
mod strings;

use crate::ast::{FuncBody, FuncId, Program};
use crate::diagnostics::{Diag, Pos, Sources};
use crate::types::{FuncTy, Ty};
use lir::builder::{FunctionBuilder, Variable};
use lir::{Block, Data, FileId, Func, Module, Signature, SourceLoc, Type, Value};
use std::collections::HashMap;

/// Why code generation failed.
#[derive(Debug)]
pub enum GenError {
    /// An error in the program, at a position.
    Diag(Diag),
    /// A linker-level error (undefined symbol).
    Link(String),
}

/// Handles of the module items the program uses.
pub struct Items {
    pub funcs: Vec<Option<Func>>,
    pub globals: Vec<Option<Data>>,
    /// Where each used string literal lives (see [`strings`]).
    pub strings: HashMap<usize, strings::StrPlace>,
    pub files: Vec<FileId>,
}

/// The LIR signature of a C function type: a hidden result pointer first for
/// struct results, structs by address, and a hidden pointer to the variadic
/// arguments last.
pub fn lower_sig(fty: &FuncTy) -> Signature {
    let mut params = Vec::new();
    if fty.ret.is_struct() {
        params.push(Type::PTR);
    }
    params.extend(fty.params.iter().map(|p| p.lir()));
    if fty.variadic {
        params.push(Type::PTR);
    }
    let results: Vec<Type> = if fty.ret.is_void() || fty.ret.is_struct() {
        vec![]
    } else {
        vec![fty.ret.lir()]
    };
    Signature::new(params, results)
}

/// Where a local variable lives.
#[derive(Clone, Copy, Debug)]
pub enum Storage {
    Var(Variable),
    Mem(Value),
}

/// The state of one function being generated.
pub struct FnGen<'a, 'm> {
    pub prog: &'a Program,
    pub items: &'a Items,
    pub b: FunctionBuilder<'m>,
    pub body: &'a FuncBody,
    pub locals: Vec<Storage>,
    pub sret: Option<Value>,
    pub va_area: Option<Value>,
    pub breaks: Vec<Block>,
    pub continues: Vec<Block>,
    pub cases: Vec<Option<Block>>,
    pub labels: Vec<Option<Block>>,
    pub ret_ty: Ty,
}

impl FnGen<'_, '_> {
    /// Sets the source location of the instructions that follow.
    pub fn at(&mut self, pos: Pos) {
        if let Some(&file) = self.items.files.get(pos.file as usize) {
            self.b.set_srcloc(SourceLoc::new(file, pos.line, pos.col));
        }
    }

    pub fn size_of(&self, ty: &Ty) -> u32 {
        self.prog.layouts.size_of(ty).unwrap_or(0)
    }

    pub fn align_of(&self, ty: &Ty) -> u32 {
        self.prog.layouts.align_of(ty).min(16)
    }

    /// A stack slot for an object of type `ty`.
    pub fn slot_for(&mut self, ty: &Ty) -> Value {
        let size = self.size_of(ty).max(1);
        let align = self.align_of(ty);
        self.b.stack_slot(size, Some(align))
    }

    /// Continues in a fresh unreachable block if the current one is finished.
    pub fn ensure_open(&mut self) {
        if self.b.is_terminated() {
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
            self.b.seal_block(dead);
        }
    }

    /// A zero of the LIR type of `ty` (for values nobody uses).
    pub fn zero(&mut self, ty: &Ty) -> Value {
        match ty.lir() {
            Type::F32 => self.b.f32const(0.0),
            Type::F64 => self.b.f64const(0.0),
            t => self.b.iconst(t, 0),
        }
    }

    fn prologue(&mut self, fty: &FuncTy) {
        let mut k = 0;
        if fty.ret.is_struct() {
            self.sret = Some(self.b.param(0));
            k = 1;
        }
        for (n, &local) in self.body.params.iter().enumerate() {
            let var = &self.body.locals[local];
            let value = self.b.param(k + n);
            if var.ty.is_struct() {
                self.locals[local] = Storage::Mem(value);
            } else {
                let lv = self.local_lvalue(local, var.vol);
                self.store(&lv, &var.ty, value);
            }
        }
        if fty.variadic {
            let n = self.b.params().len();
            self.va_area = Some(self.b.param(n - 1));
        }
    }
}

/// Builds the LIR module of a parsed program whose entry is the user's `main`.
pub fn generate(prog: &Program, sources: &Sources) -> Result<Module, GenError> {
    let main = prog
        .funcs
        .iter()
        .position(|f| f.name == "main" && f.body.is_some() && !f.is_lib)
        .ok_or_else(|| GenError::Link("undefined symbol: main".into()))?;
    let flush = prog
        .funcs
        .iter()
        .position(|f| f.name == "__tinyc_flush" && f.body.is_some());
    let roots: Vec<FuncId> = std::iter::once(main).chain(flush).collect();
    data::check_constants(prog).map_err(GenError::Diag)?;
    let reach = crate::reach::reach(prog, &roots);

    let mut module = Module::new();
    module.set_stack_size(1 << 20);
    let files = sources
        .files
        .iter()
        .map(|(name, _)| module.declare_file(name.as_str()))
        .collect();
    let mut items = Items {
        funcs: vec![None; prog.funcs.len()],
        globals: vec![None; prog.globals.len()],
        strings: HashMap::new(),
        files,
    };
    for &f in &reach.funcs {
        let decl = &prog.funcs[f];
        if decl.body.is_none() {
            return Err(GenError::Link(format!("undefined symbol: {}", decl.name)));
        }
        items.funcs[f] = Some(module.declare_function(&decl.lir_name, lower_sig(&decl.ty)));
    }
    for &g in &reach.globals {
        let decl = &prog.globals[g];
        if !decl.defined {
            return Err(GenError::Link(format!("undefined symbol: {}", decl.name)));
        }
        items.globals[g] = Some(module.declare_data(lir::DataObject::new(&decl.lir_name)));
    }
    items.strings = strings::pool(&mut module, &prog.strings, &reach.strings);
    for &g in &reach.globals {
        let obj = data::global_object(prog, &items, g).map_err(GenError::Diag)?;
        if let Some(d) = items.globals[g] {
            module.data[d] = obj;
        }
    }
    for &f in &reach.funcs {
        let decl = &prog.funcs[f];
        let (Some(body), Some(func)) = (&decl.body, items.funcs[f]) else {
            continue;
        };
        function(prog, &items, &mut module, func, body, &decl.ty);
    }
    if let Some(tinyc_main) = items.funcs[main] {
        entry(
            &mut module,
            prog,
            main,
            tinyc_main,
            flush.and_then(|f| items.funcs[f]),
        );
    }
    Ok(module)
}

fn function(
    prog: &Program,
    items: &Items,
    module: &mut Module,
    func: Func,
    body: &FuncBody,
    fty: &FuncTy,
) {
    let b = FunctionBuilder::new(module, func);
    let mut g = FnGen {
        prog,
        items,
        b,
        body,
        locals: Vec::new(),
        sret: None,
        va_area: None,
        breaks: Vec::new(),
        continues: Vec::new(),
        cases: vec![None; body.n_cases],
        labels: vec![None; body.n_labels],
        ret_ty: fty.ret.clone(),
    };
    let entry = g.b.create_block();
    g.b.switch_to_block(entry);
    g.at(body.pos);
    for (i, local) in body.locals.iter().enumerate() {
        let struct_param = local.ty.is_struct() && body.params.contains(&i);
        let storage = if local.addr_taken && !struct_param {
            Storage::Mem(g.slot_for(&local.ty))
        } else {
            Storage::Var(g.b.declare_var(local.ty.lir()))
        };
        g.locals.push(storage);
    }
    g.prologue(fty);
    for s in &body.body {
        g.stmt(s);
    }
    if !g.b.is_terminated() {
        g.at(body.end);
        if fty.ret.is_void() || fty.ret.is_struct() {
            g.b.ret(&[]);
        } else {
            let z = g.zero(&fty.ret);
            g.b.ret(&[z]);
        }
    }
    g.b.finalize();
}

/// `@main`: calls the program's `main` (as `__tinyc_main`), then `__tinyc_flush`,
/// and returns main's result.
fn entry(module: &mut Module, prog: &Program, main: FuncId, tinyc_main: Func, flush: Option<Func>) {
    let fty = &prog.funcs[main].ty;
    let with_args = fty.params.len() >= 2;
    let sig = if with_args {
        Signature::new([Type::I32, Type::PTR], [Type::I32])
    } else {
        Signature::new([], [Type::I32])
    };
    let f = module.declare_function("main", sig);
    let mut b = FunctionBuilder::new(module, f);
    let block = b.create_block();
    b.switch_to_block(block);
    let mut args: Vec<Value> = Vec::new();
    if with_args {
        args.push(b.param(0));
        args.push(b.param(1));
        for _ in 2..fty.params.len() {
            args.push(b.iconst(Type::I32, 0));
        }
    } else {
        for p in &fty.params {
            let t = p.lir();
            args.push(b.iconst(t, 0));
        }
    }
    let results = b.call(tinyc_main, &args);
    let status = match results.first() {
        Some(&v) if b.function().value_type(v) == Type::I32 => v,
        Some(&v) if b.function().value_type(v) == Type::I64 => b.wrap(v),
        _ => b.iconst(Type::I32, 0),
    };
    if let Some(flush) = flush {
        b.call(flush, &[]);
    }
    b.ret(&[status]);
    b.finalize();
}
