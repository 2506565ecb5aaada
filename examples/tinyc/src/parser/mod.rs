//! The parser and type checker: tokens of one translation unit to the typed AST of
//! [`crate::ast`]. This module owns the token cursor, the scopes and symbol tables,
//! and the top level (external declarations and function definitions); declarations,
//! expressions, statements, initializers and the C conversion rules are in the
//! submodules.

mod decl;
mod expr;
mod init;
mod libfold;
mod sema;
mod stmt;

use crate::ast::{Builtin, FuncDecl, FuncId, GlobalId, GlobalVar, LocalId, LocalVar, Program};
use crate::diagnostics::{Diag, PResult, Pos};
use crate::lexer::{Tok, Token};
use crate::types::{FuncTy, IntKind, Ty};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// How deeply expressions, statements and declarators may nest.
pub const MAX_DEPTH: usize = 4000;

/// What a name in scope denotes.
#[derive(Clone, Debug)]
pub enum Sym {
    Local(LocalId),
    Global(GlobalId),
    Func(FuncId),
    Typedef(Ty, bool),
    /// An enumerator: its value and type (`int`, or the enum's type for a value
    /// outside `int`'s range, as clang types it).
    EnumConst(i64, Ty),
    Builtin(Builtin),
}

/// State shared by the translation units of a program: external names and the LIR
/// names already taken.
#[derive(Default)]
pub struct Shared {
    pub externs: HashMap<String, Sym>,
    pub lir_names: HashSet<String>,
    /// Typedefs the library provides to programs (`FILE`).
    pub typedefs: Vec<(String, Ty)>,
}

impl Shared {
    pub fn new() -> Shared {
        let mut shared = Shared::default();
        use Builtin::*;
        for (name, b) in [
            ("__lir_syscall_read", SyscallRead),
            ("__lir_syscall_write", SyscallWrite),
            ("__lir_syscall_exit", SyscallExit),
            ("__lir_memory_size", MemorySize),
            ("__lir_memory_grow", MemoryGrow),
            ("__lir_heap_base", HeapBase),
            ("__lir_memory_copy", MemoryCopy),
            ("__lir_memory_fill", MemoryFill),
            ("__lir_sqrt", Sqrt),
            ("__lir_fabs", Fabs),
            ("__lir_floor", Floor),
            ("__lir_ceil", Ceil),
        ] {
            shared.externs.insert(name.to_string(), Sym::Builtin(b));
        }
        shared.lir_names.insert("main".into());
        shared
    }

    /// A LIR name for C name `name` not used yet.
    pub fn fresh_name(&mut self, name: &str) -> String {
        let base = if name == "main" { "__tinyc_main" } else { name };
        let mut candidate = base.to_string();
        let mut n = 1;
        while self.lir_names.contains(&candidate) || candidate.starts_with("__lir_") {
            candidate = format!("{base}.{n}");
            n += 1;
        }
        self.lir_names.insert(candidate.clone());
        candidate
    }
}

/// Label bookkeeping of the function being parsed.
struct LabelInfo {
    id: usize,
    defined: bool,
    pos: Pos,
}

/// The function being parsed.
struct FnState {
    name: String,
    ret: Ty,
    variadic: bool,
    locals: Vec<LocalVar>,
    n_cases: usize,
    labels: HashMap<String, LabelInfo>,
    switches: Vec<crate::ast::SwitchCases>,
    switch_tys: Vec<Ty>,
    loops: usize,
    breakable: usize,
}

/// One parameter of a function declarator.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: Option<(String, Pos)>,
    pub ty: Ty,
    pub vol: bool,
}

pub struct Parser<'a> {
    toks: Vec<Token>,
    i: usize,
    pub prog: &'a mut Program,
    shared: &'a mut Shared,
    file_scope: HashMap<String, Sym>,
    scopes: Vec<HashMap<String, Sym>>,
    tags: Vec<HashMap<String, u32>>,
    /// The enum tags in scope and their types (kept beside `tags`, scope for scope).
    enum_tags: Vec<HashMap<String, Ty>>,
    fun: Option<FnState>,
    depth: usize,
    is_lib: bool,
    /// The parameters of the function declarator parsed last.
    last_params: Vec<Param>,
    /// The typedef names this unit declared at file scope (the predefined ones, such as
    /// `size_t`, may be redeclared with another type, as without their header).
    file_typedefs: HashSet<String>,
}

const KEYWORDS: &[&str] = &[
    "auto",
    "break",
    "case",
    "char",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "typedef",
    "union",
    "unsigned",
    "void",
    "volatile",
    "while",
    "_Bool",
    "__restrict",
    "__inline",
    "_Noreturn",
    "__attribute__",
    "_Static_assert",
    "_Alignof",
];

impl<'a> Parser<'a> {
    pub fn new(
        toks: Vec<Token>,
        prog: &'a mut Program,
        shared: &'a mut Shared,
        is_lib: bool,
    ) -> Parser<'a> {
        let mut file_scope = HashMap::new();
        use IntKind::*;
        let char_ptr = Ty::ptr_to(Ty::Int(Char));
        for (name, ty) in [
            ("size_t", Ty::Int(ULong)),
            ("ssize_t", Ty::Int(Long)),
            ("ptrdiff_t", Ty::Int(Long)),
            ("intptr_t", Ty::Int(Long)),
            ("uintptr_t", Ty::Int(ULong)),
            ("int8_t", Ty::Int(SChar)),
            ("uint8_t", Ty::Int(UChar)),
            ("int16_t", Ty::Int(Short)),
            ("uint16_t", Ty::Int(UShort)),
            ("int32_t", Ty::Int(Int)),
            ("uint32_t", Ty::Int(UInt)),
            ("int64_t", Ty::Int(LLong)),
            ("uint64_t", Ty::Int(ULLong)),
            ("intmax_t", Ty::Int(LLong)),
            ("uintmax_t", Ty::Int(ULLong)),
            ("wchar_t", Ty::Int(Int)),
            ("va_list", char_ptr.clone()),
            ("__builtin_va_list", char_ptr),
        ] {
            file_scope.insert(name.to_string(), Sym::Typedef(ty, false));
        }
        for (name, ty) in &shared.typedefs {
            file_scope.insert(name.clone(), Sym::Typedef(ty.clone(), false));
        }
        Parser {
            toks,
            i: 0,
            prog,
            shared,
            file_scope,
            scopes: Vec::new(),
            tags: vec![HashMap::new()],
            enum_tags: vec![HashMap::new()],
            fun: None,
            depth: 0,
            is_lib,
            last_params: Vec::new(),
            file_typedefs: HashSet::new(),
        }
    }

    // ----- the cursor -----

    fn peek(&self) -> &Tok {
        self.peek_at(0)
    }

    fn peek_at(&self, n: usize) -> &Tok {
        match self.toks.get(self.i + n).or(self.toks.last()) {
            Some(t) => &t.tok,
            None => &Tok::Eof,
        }
    }

    fn pos(&self) -> Pos {
        self.toks
            .get(self.i)
            .or(self.toks.last())
            .map(|t| t.pos)
            .unwrap_or_default()
    }

    fn advance(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.i < self.toks.len().saturating_sub(1) {
            self.i += 1;
        }
        t
    }

    fn is_p(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    fn is_p_at(&self, n: usize, p: &str) -> bool {
        matches!(self.peek_at(n), Tok::Punct(q) if *q == p)
    }

    fn eat_p(&mut self, p: &str) -> bool {
        let found = self.is_p(p);
        if found {
            self.advance();
        }
        found
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Ident(n) if n == kw)
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let found = self.is_kw(kw);
        if found {
            self.advance();
        }
        found
    }

    fn describe(&self) -> String {
        match self.peek() {
            Tok::Ident(n) => format!("'{n}'"),
            Tok::Int { .. } | Tok::Float(..) | Tok::Char(_) => "constant".into(),
            Tok::Str(_) => "string literal".into(),
            Tok::Punct(p) => format!("'{p}'"),
            Tok::Eof => "end of file".into(),
        }
    }

    fn expect_p(&mut self, p: &str) -> PResult<()> {
        if self.eat_p(p) {
            Ok(())
        } else {
            Err(self.err(format!("expected '{p}', found {}", self.describe())))
        }
    }

    fn err(&self, msg: impl Into<String>) -> Diag {
        Diag::new(self.pos(), msg)
    }

    fn ident(&mut self) -> PResult<(String, Pos)> {
        let pos = self.pos();
        match self.peek() {
            Tok::Ident(n) if !KEYWORDS.contains(&n.as_str()) => {
                let n = n.clone();
                self.advance();
                Ok((n, pos))
            }
            _ => Err(self.err(format!("expected identifier, found {}", self.describe()))),
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nesting is too deep"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ----- scopes -----

    fn lookup(&self, name: &str) -> Option<Sym> {
        for scope in self.scopes.iter().rev() {
            if let Some(s) = scope.get(name) {
                return Some(s.clone());
            }
        }
        self.file_scope
            .get(name)
            .or_else(|| self.shared.externs.get(name))
            .cloned()
    }

    /// Declares `name` in the innermost scope. A second definition in the same scope
    /// is refused as clang refuses it: an object or enumerator defined twice in one
    /// block, an enumerator defined twice in one scope, a name that changes kind, a
    /// typedef changing its type (at file scope: one the program declared). (Repeated `extern` declarations and
    /// prototypes are fine; file-scope objects and functions are checked where they
    /// are declared, `declare_global` and `declare_func`.)
    fn declare(&mut self, name: &str, sym: Sym, pos: Pos) -> PResult<()> {
        let block = !self.scopes.is_empty();
        let old = match self.scopes.last() {
            Some(scope) => scope.get(name),
            None => self.file_scope.get(name),
        };
        // A function's outermost block shares the scope of its parameters.
        let old = match (old, self.scopes.as_slice()) {
            (None, [params, _]) if self.fun.is_some() => params.get(name),
            (old, _) => old,
        };
        if let Some(old) = old {
            let msg = match (old, &sym) {
                (Sym::EnumConst(..), Sym::EnumConst(..)) => {
                    Some(format!("redefinition of enumerator '{name}'"))
                }
                (Sym::Typedef(a, _), Sym::Typedef(b, _))
                    if (block || self.file_typedefs.contains(name)) && a != b =>
                {
                    Some(format!(
                        "typedef redefinition with different types ('{}' vs '{}')",
                        self.prog.layouts.type_name(b),
                        self.prog.layouts.type_name(a)
                    ))
                }
                (Sym::Local(_), Sym::Local(_)) => Some(format!("redefinition of '{name}'")),
                (Sym::Global(_), Sym::Global(_)) | (Sym::Func(_), Sym::Func(_)) => None,
                (Sym::Typedef(..), Sym::Typedef(..)) => None,
                (Sym::Builtin(_), _) | (_, Sym::Builtin(_)) => None,
                _ if block
                    || matches!(sym, Sym::EnumConst(..))
                    || matches!(old, Sym::EnumConst(..)) =>
                {
                    Some(format!(
                        "redefinition of '{name}' as different kind of symbol"
                    ))
                }
                _ => None,
            };
            if let Some(msg) = msg {
                return Err(Diag::new(pos, msg));
            }
        }
        if !block && matches!(sym, Sym::Typedef(..)) {
            self.file_typedefs.insert(name.to_string());
        }
        match self.scopes.last_mut() {
            Some(scope) => scope.insert(name.to_string(), sym),
            None => self.file_scope.insert(name.to_string(), sym),
        };
        Ok(())
    }

    fn lookup_tag(&self, name: &str) -> Option<u32> {
        self.tags.iter().rev().find_map(|t| t.get(name).copied())
    }

    fn push_scope(&mut self) {
        self.scopes.push(HashMap::new());
        self.tags.push(HashMap::new());
        self.enum_tags.push(HashMap::new());
    }

    fn pop_scope(&mut self) {
        self.scopes.pop();
        self.tags.pop();
        self.enum_tags.pop();
    }

    fn add_local(&mut self, name: &str, ty: Ty, vol: bool) -> LocalId {
        let fun = self.fun.as_mut().expect("locals only inside functions");
        let addr_taken = ty.is_array() || ty.is_struct() || vol;
        fun.locals.push(LocalVar {
            name: name.to_string(),
            ty,
            vol,
            addr_taken,
        });
        fun.locals.len() - 1
    }

    // ----- functions and globals -----

    /// Declares (or redeclares) function `name`.
    fn declare_func(
        &mut self,
        name: &str,
        ty: Rc<FuncTy>,
        is_static: bool,
        pos: Pos,
    ) -> PResult<FuncId> {
        let existing = if is_static {
            self.file_scope.get(name).cloned()
        } else {
            self.lookup(name)
        };
        match existing {
            Some(Sym::Func(id)) => {
                let old = self.prog.funcs[id].ty.clone();
                if !compatible_funcs(&old, &ty) {
                    return Err(Diag::new(pos, format!("conflicting types for '{name}'")));
                }
                if ty.has_proto && (!old.has_proto || self.prog.funcs[id].body.is_none()) {
                    self.prog.funcs[id].ty = ty;
                }
                self.file_scope.insert(name.to_string(), Sym::Func(id));
                Ok(id)
            }
            Some(Sym::Builtin(_)) => Err(Diag::new(
                pos,
                format!("'{name}' is a tinyc built-in and cannot be redeclared"),
            )),
            Some(Sym::Global(_)) if self.scopes.is_empty() => Err(Diag::new(
                pos,
                format!("redefinition of '{name}' as different kind of symbol"),
            )),
            _ => {
                let lir_name = self.shared.fresh_name(name);
                self.prog.funcs.push(FuncDecl {
                    name: name.to_string(),
                    lir_name,
                    ty,
                    body: None,
                    pos,
                    is_lib: self.is_lib,
                });
                let id = self.prog.funcs.len() - 1;
                self.file_scope.insert(name.to_string(), Sym::Func(id));
                if !is_static {
                    self.shared.externs.insert(name.to_string(), Sym::Func(id));
                }
                Ok(id)
            }
        }
    }

    /// Declares (or redeclares) a file-scope object.
    fn declare_global(
        &mut self,
        name: &str,
        ty: Ty,
        vol: bool,
        is_static: bool,
        defined: bool,
        pos: Pos,
    ) -> PResult<GlobalId> {
        let existing = if is_static {
            self.file_scope.get(name).cloned()
        } else {
            self.file_scope
                .get(name)
                .or_else(|| self.shared.externs.get(name))
                .cloned()
        };
        match existing {
            Some(Sym::Global(id)) => {
                let g = &mut self.prog.globals[id];
                let same = match (&g.ty, &ty) {
                    (Ty::Array(a, _), Ty::Array(b, _)) => a == b,
                    (a, b) => a == b,
                };
                if !same {
                    return Err(Diag::new(
                        pos,
                        format!("redefinition of '{name}' with a different type"),
                    ));
                }
                if matches!(g.ty, Ty::Array(_, None)) {
                    g.ty = ty;
                }
                g.defined |= defined;
                self.file_scope.insert(name.to_string(), Sym::Global(id));
                Ok(id)
            }
            Some(Sym::Func(_)) | Some(Sym::Builtin(_)) => Err(Diag::new(
                pos,
                format!("redefinition of '{name}' as different kind of symbol"),
            )),
            _ => {
                let lir_name = self.shared.fresh_name(name);
                Ok(self.new_global(name, lir_name, ty, vol, defined, pos, !is_static))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn new_global(
        &mut self,
        name: &str,
        lir_name: String,
        ty: Ty,
        vol: bool,
        defined: bool,
        pos: Pos,
        external: bool,
    ) -> GlobalId {
        self.prog.globals.push(GlobalVar {
            name: name.to_string(),
            lir_name,
            ty,
            vol,
            init: None,
            init_is_lib: false,
            defined,
            pos,
        });
        let id = self.prog.globals.len() - 1;
        if self.scopes.is_empty() {
            self.file_scope.insert(name.to_string(), Sym::Global(id));
        }
        if external {
            self.shared
                .externs
                .insert(name.to_string(), Sym::Global(id));
        }
        id
    }

    // ----- the top level -----

    /// Parses the whole translation unit.
    pub fn translation_unit(&mut self) -> PResult<()> {
        while *self.peek() != Tok::Eof {
            if self.eat_p(";") {
                continue;
            }
            self.external_declaration()?;
        }
        if self.is_lib {
            // The library's stream type is the programs' FILE.
            if let Some(id) = self.tags[0].get("__tinyc_file") {
                self.shared.typedefs.push(("FILE".into(), Ty::Struct(*id)));
            }
        }
        Ok(())
    }

    fn external_declaration(&mut self) -> PResult<()> {
        let start = self.pos();
        if self.static_assert()? {
            return Ok(());
        }
        let spec = match self.decl_spec()? {
            Some(spec) => spec,
            None => match self.peek() {
                // `main() { … }`: implicit int.
                Tok::Ident(_) if self.is_p_at(1, "(") => decl::DeclSpec::implicit_int(),
                _ => {
                    return Err(Diag::new(
                        start,
                        format!("expected external declaration, found {}", self.describe()),
                    ))
                }
            },
        };
        if self.eat_p(";") {
            return Ok(());
        }
        let mut first = true;
        loop {
            let d = self.declarator(spec.ty.clone(), spec.vol)?;
            let Some((name, pos)) = d.name.clone() else {
                return Err(self.err("declaration does not declare anything"));
            };
            if spec.storage == decl::Storage::Typedef {
                self.declare(&name, Sym::Typedef(d.ty, d.vol), pos)?;
            } else if matches!(self.lookup(&name), Some(Sym::Builtin(_))) && d.ty.is_func() {
                // A prototype of a tinyc built-in (libc.c declares them).
                if first && self.is_p("{") {
                    return Err(Diag::new(
                        pos,
                        format!("'{name}' is a tinyc built-in and cannot be defined"),
                    ));
                }
            } else if let Ty::Func(fty) = &d.ty {
                let params = std::mem::take(&mut self.last_params);
                let is_static = spec.storage == decl::Storage::Static;
                let id = self.declare_func(&name, fty.clone(), is_static, pos)?;
                if first && self.is_p("{") {
                    return self.function_definition(id, params, pos);
                }
            } else {
                self.global_declarator(&spec, d, name, pos)?;
            }
            first = false;
            if self.eat_p(",") {
                continue;
            }
            return self.expect_p(";");
        }
    }

    fn global_declarator(
        &mut self,
        spec: &decl::DeclSpec,
        d: decl::Declarator,
        name: String,
        pos: Pos,
    ) -> PResult<()> {
        if d.ty.is_void() {
            return Err(Diag::new(pos, "variable has incomplete type 'void'"));
        }
        let is_static = spec.storage == decl::Storage::Static;
        let is_extern = spec.storage == decl::Storage::Extern;
        let has_init = self.is_p("=");
        let id = self.declare_global(
            &name,
            d.ty.clone(),
            d.vol,
            is_static,
            !is_extern || has_init,
            pos,
        )?;
        if self.eat_p("=") {
            let ty = self.prog.globals[id].ty.clone();
            let (init, ty) = self.initializer(&ty)?;
            let is_lib = self.is_lib;
            let g = &mut self.prog.globals[id];
            if g.init.is_some() && g.init_is_lib == is_lib {
                return Err(Diag::new(pos, format!("redefinition of '{name}'")));
            }
            g.ty = ty;
            g.init = Some(init);
            g.init_is_lib = is_lib;
            g.defined = true;
        }
        if self
            .prog
            .layouts
            .size_of(&self.prog.globals[id].ty)
            .is_none()
            && !is_extern
            && !matches!(self.prog.globals[id].ty, Ty::Array(_, None))
        {
            return Err(Diag::new(
                pos,
                format!("variable '{name}' has incomplete type"),
            ));
        }
        Ok(())
    }
}

/// Whether two declarations of a function agree (loosely: same LIR signature).
fn compatible_funcs(a: &FuncTy, b: &FuncTy) -> bool {
    if a.ret.lir() != b.ret.lir() || a.ret.is_void() != b.ret.is_void() {
        return false;
    }
    if !a.has_proto || !b.has_proto {
        return true;
    }
    a.variadic == b.variadic
        && a.params.len() == b.params.len()
        && a.params
            .iter()
            .zip(&b.params)
            .all(|(x, y)| x.lir() == y.lir() && x.is_struct() == y.is_struct())
}
