//! Resolution: from the syntax tree to a [`Module`].
//!
//! This file owns the module level: it creates each function, data object and global
//! as the parser delivers it, detects duplicate and reserved names, builds a function
//! body at once when it can and otherwise once the whole text is read (so that
//! `@names` may be used before their declaration; see [`Resolver`]), and resolves the
//! symbols inside data initializers. Function
//! bodies are built by `body.rs` (values, blocks, type inference) and `operands.rs`
//! (operand typing and instruction kinds). Checks that need a whole, typed module
//! (operand types, dominance, …) are the verifier's, not done here.

mod body;
mod names;
mod operands;

use super::errors::ParseError;
use super::parser::ast::{
    BodyAst, DataItemAst, DataValueAst, FileAst, FuncAst, LocAst, ModuleAst, Name,
};
use crate::entities::{Data, Func, Global, Value};
use crate::function::Function;
use crate::module::{DataItem, DataObject, DataValue, GlobalDecl, Module};
use crate::span::Span;
use crate::srcloc::{FileId, SourceLoc};
use cranelift_entity::EntityRef;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::Cell;
use std::collections::hash_map::Entry;

/// The name `addr @__heap_base` refers to; no item may take it.
pub(crate) const HEAP_BASE: &str = "__heap_base";

/// Why something could not be resolved (yet).
pub(crate) enum Failure {
    /// A value's type is needed but not inferred yet.
    Deferred(Value),
    /// A real error, to be reported.
    Error(ParseError),
    /// An error already reported elsewhere (a use of a name whose line failed).
    Silent,
}

impl Failure {
    fn at(span: Span, message: impl Into<String>) -> Failure {
        Failure::Error(ParseError::new(span, message))
    }
}

type Resolved<T> = Result<T, Failure>;

/// What an `@name` refers to.
#[derive(Clone, Copy)]
pub(crate) enum Symbol {
    Func(Func),
    Data(Data),
    Global(Global),
}

/// The module's `@names`.
///
/// Built item by item in text order (the first definition of a name wins), so that a
/// function body can be built as soon as it is parsed when every `@name` it uses is
/// already defined ([`Symbols::early`]); otherwise it waits for the whole text.
pub(crate) struct Symbols<'a> {
    /// Each name's symbol and where it is defined.
    map: HashMap<&'a str, (Symbol, Span)>,
    poisoned: HashSet<&'a str>,
    /// While building a body before the whole text is read: a name not (yet) defined
    /// is not an error but a reason to build the body again at the end.
    early: bool,
    missed: Cell<bool>,
    /// The size in bytes of each data object (by index), known from its syntax as
    /// soon as it is parsed, for `sizeof @data`.
    data_sizes: Vec<u64>,
}

impl<'a> Symbols<'a> {
    fn lookup(&self, name: &Name<'_>) -> Resolved<Symbol> {
        match self.map.get(name.text) {
            Some(&(symbol, _)) => Ok(symbol),
            None if self.early => {
                self.missed.set(true);
                Err(Failure::Silent)
            }
            None if self.poisoned.contains(name.text) => Err(Failure::Silent),
            None => Err(Failure::at(
                name.span,
                format!("`@{}` is not defined", name.text),
            )),
        }
    }

    fn wrong_kind(name: &Name<'_>, symbol: Symbol, wanted: &str) -> Failure {
        let what = match symbol {
            Symbol::Func(_) => "a function",
            Symbol::Data(_) => "a data object",
            Symbol::Global(_) => "a global",
        };
        Failure::at(
            name.span,
            format!("`@{}` is {what}, not {wanted}", name.text),
        )
    }

    pub(crate) fn func(&self, name: &Name<'_>) -> Resolved<Func> {
        match self.lookup(name)? {
            Symbol::Func(f) => Ok(f),
            other => Err(Self::wrong_kind(name, other, "a function")),
        }
    }

    pub(crate) fn data(&self, name: &Name<'_>) -> Resolved<Data> {
        match self.lookup(name)? {
            Symbol::Data(d) => Ok(d),
            other => Err(Self::wrong_kind(name, other, "a data object")),
        }
    }

    /// The size of the data object `name` (`sizeof @name`).
    pub(crate) fn data_size(&self, name: &Name<'_>) -> Resolved<u64> {
        let data = self.data(name)?;
        Ok(self.data_sizes[data.index()])
    }

    pub(crate) fn global(&self, name: &Name<'_>) -> Resolved<Global> {
        match self.lookup(name)? {
            Symbol::Global(g) => Ok(g),
            other => Err(Self::wrong_kind(name, other, "a global")),
        }
    }

    /// Defines `name` unless it is reserved or already defined (reported at this,
    /// the later, definition).
    fn define(&mut self, name: &Name<'a>, symbol: Symbol, errors: &mut Vec<ParseError>) {
        if name.text == HEAP_BASE {
            errors.push(ParseError::new(name.span, "`@__heap_base` is reserved"));
            return;
        }
        match self.map.entry(name.text) {
            Entry::Occupied(first) => {
                let first = first.get().1;
                errors.push(
                    ParseError::new(
                        name.span,
                        format!("`@{}` is already defined at {first}", name.text),
                    )
                    .with_related(first, "first defined here"),
                );
            }
            Entry::Vacant(entry) => {
                entry.insert((symbol, name.span));
            }
        }
    }
}

/// The `file N "path"` lines: which [`FileId`] each number names. Without any, every
/// instruction's location is its own position in the text ([`FileId::TEXT`]).
pub(crate) struct FileTable {
    ids: HashMap<u32, FileId>,
    declared: bool,
}

impl FileTable {
    /// The table of a text without `file` lines.
    fn none() -> FileTable {
        FileTable {
            ids: HashMap::default(),
            declared: false,
        }
    }

    fn new(module: &mut Module, files: &[FileAst], errors: &mut Vec<ParseError>) -> FileTable {
        let mut ids = HashMap::default();
        let mut first: HashMap<u32, Span> = HashMap::default();
        for file in files {
            if let Some(at) = first.get(&file.number) {
                errors.push(ParseError::new(
                    file.span,
                    format!("file {} is already declared at {at}", file.number),
                ));
                continue;
            }
            first.insert(file.number, file.span);
            ids.insert(file.number, module.declare_file(&file.path));
        }
        FileTable {
            ids,
            declared: !files.is_empty(),
        }
    }

    /// The location of an instruction written at `span` under the `loc` line `loc`.
    pub(crate) fn location(&self, loc: Option<&LocAst>, span: Span) -> SourceLoc {
        match loc {
            Some(loc) => match self.ids.get(&loc.file) {
                Some(&file) => SourceLoc::new(file, loc.line, loc.col),
                None => SourceLoc::NONE, // reported by `check`
            },
            None if self.declared => SourceLoc::NONE,
            None => SourceLoc::new(FileId::TEXT, span.line, span.col),
        }
    }

    /// Reports `loc` lines that name an undeclared file.
    pub(crate) fn check(&self, locs: &[LocAst], errors: &mut Vec<ParseError>) {
        for loc in locs {
            if !self.ids.contains_key(&loc.file) {
                errors.push(ParseError::new(
                    loc.span,
                    format!(
                        "`loc` names file {}, which no `file {} \"…\"` line declares",
                        loc.file, loc.file
                    ),
                ));
            }
        }
    }
}

/// Builds a module from items as the parser delivers them ([`Resolver::item_parsed`]),
/// then finishes it ([`Resolver::finish`]).
///
/// Every item gets its entity (function shell, data object, global) and its `@name`
/// as soon as it is parsed, in text order, so entity numbers and which of two
/// definitions of a name wins are those of the text. A function body is built at once
/// when everything it refers to is known: every `@name` it uses is defined before it,
/// and the text has no `file` line before it and the body no `loc` line (locations
/// need the whole text's file table). Its syntax is then dropped, so that the whole
/// text's syntax tree and the whole module do not exist at once. Other bodies are
/// built by `finish`, as are data initializers.
pub(crate) struct Resolver<'a> {
    module: Module,
    symbols: Symbols<'a>,
    /// How many of the syntax tree's data objects, globals and functions have entities.
    data_seen: usize,
    globals_seen: usize,
    funcs_seen: usize,
    /// Functions built early (their locations assume that no `file` line exists).
    built_early: Vec<Func>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new() -> Resolver<'a> {
        Resolver {
            module: Module::new(),
            symbols: Symbols {
                map: HashMap::default(),
                poisoned: HashSet::default(),
                early: true,
                missed: Cell::new(false),
                data_sizes: Vec::new(),
            },
            data_seen: 0,
            globals_seen: 0,
            funcs_seen: 0,
            built_early: Vec::new(),
        }
    }

    /// Takes in the items the parser added to `ast` since the last call.
    pub(crate) fn item_parsed(&mut self, ast: &mut ModuleAst<'a>, errors: &mut Vec<ParseError>) {
        for data in &ast.data[self.data_seen..] {
            let d = self.module.add_data(DataObject {
                name: data.name.text.to_string(),
                align: data.align,
                readonly: data.readonly,
                items: Vec::new(),
                is_string: data.is_string,
            });
            self.module.spans.data[d] = data.span;
            self.symbols.define(&data.name, Symbol::Data(d), errors);
            self.symbols
                .data_sizes
                .push(data.items.iter().map(data_item_size).sum());
        }
        self.data_seen = ast.data.len();
        for global in &ast.globals[self.globals_seen..] {
            let g = self.module.add_global(GlobalDecl {
                name: global.name.text.to_string(),
                ty: global.ty,
                mutable: global.mutable,
                init: global.init,
                export: global.export.clone(),
            });
            self.module.spans.globals[g] = global.span;
            self.symbols.define(&global.name, Symbol::Global(g), errors);
        }
        self.globals_seen = ast.globals.len();
        let no_files = ast.files.is_empty();
        for index in self.funcs_seen..ast.funcs.len() {
            let func = &mut ast.funcs[index];
            let mut shell = match &func.import {
                Some(import) => {
                    Function::new_import(func.name.text, func.sig.clone(), import.clone())
                }
                None => Function::new(func.name.text, func.sig.clone()),
            };
            shell.export = func.export.clone();
            shell.spans.header = func.span;
            let f = self.module.add_function(shell);
            self.symbols.define(&func.name, Symbol::Func(f), errors);
            let early = no_files && func.body.as_ref().is_some_and(|b| b.locs.is_empty());
            if early {
                if let Some(mut body) = self.build_early(f, func, errors) {
                    body.clear();
                    ast.spare_body = Some(body);
                }
            }
        }
        self.funcs_seen = ast.funcs.len();
    }

    /// Builds a body now if every `@name` it uses is defined; then takes its syntax
    /// out of `func` and returns it.
    fn build_early(
        &mut self,
        f: Func,
        func: &mut FuncAst<'a>,
        errors: &mut Vec<ParseError>,
    ) -> Option<BodyAst<'a>> {
        let body = func.body.as_ref()?;
        let files = FileTable::none();
        self.symbols.missed.set(false);
        let mut body_errors = Vec::new();
        let built = body::build_function(
            &self.module,
            &self.symbols,
            &files,
            f,
            func,
            body,
            &mut body_errors,
        );
        if self.symbols.missed.get() {
            return None; // built again at the end
        }
        errors.append(&mut body_errors);
        self.module.funcs[f] = built;
        self.built_early.push(f);
        func.body.take()
    }

    /// Builds the rest of the module once the whole text is parsed.
    pub(crate) fn finish(mut self, mut ast: ModuleAst<'a>, errors: &mut Vec<ParseError>) -> Module {
        self.item_parsed(&mut ast, errors);
        let module = &mut self.module;
        let files = FileTable::new(module, &ast.files, errors);
        if let Some((decl, span)) = &ast.memory {
            module.memory = Some(decl.clone());
            module.spans.memory = *span;
        }
        if let Some((size, span)) = ast.stack {
            module.stack_size = Some(size);
            module.spans.stack = span;
        }
        self.symbols.early = false;
        self.symbols.poisoned = std::mem::take(&mut ast.poisoned_symbols);
        let symbols = &self.symbols;

        for (data, data_ast) in module.data.values_mut().zip(&ast.data) {
            data.items = data_ast
                .items
                .iter()
                .map(|item| data_item(item, symbols, errors))
                .collect();
        }
        if files.declared {
            // Built before a `file` line was seen: instructions without a `loc` line
            // have no location after all.
            for &f in &self.built_early {
                for loc in module.funcs[f].srclocs.values_mut() {
                    *loc = SourceLoc::NONE;
                }
            }
        }
        for (index, func_ast) in ast.funcs.iter_mut().enumerate() {
            // Each body's syntax goes as soon as its function is built.
            let Some(body) = func_ast.body.take() else {
                continue;
            };
            // Functions were added in text order, so the index is the handle.
            let f = Func::new(index);
            files.check(&body.locs, errors);
            let built = body::build_function(module, symbols, &files, f, func_ast, &body, errors);
            module.funcs[f] = built;
        }
        self.module
    }
}

/// The size in bytes of a data item as written (symbols need not be resolved).
fn data_item_size(item: &DataItemAst<'_>) -> u64 {
    match item {
        DataItemAst::Bytes(bytes) => bytes.len() as u64,
        DataItemAst::Zero(n) => u64::from(*n),
        DataItemAst::Scalars { ty, values } => u64::from(ty.size()) * values.len() as u64,
    }
}

fn data_item(
    item: &DataItemAst<'_>,
    symbols: &Symbols<'_>,
    errors: &mut Vec<ParseError>,
) -> DataItem {
    match item {
        DataItemAst::Bytes(bytes) => DataItem::Bytes(bytes.clone()),
        DataItemAst::Zero(n) => DataItem::Zero(*n),
        DataItemAst::Scalars { ty, values } => DataItem::Scalars {
            ty: *ty,
            values: values
                .iter()
                .map(|value| match data_value(value, symbols) {
                    Ok(v) => v,
                    Err(failure) => {
                        if let Failure::Error(e) = failure {
                            errors.push(e);
                        }
                        DataValue::Bits(0)
                    }
                })
                .collect(),
        },
    }
}

fn data_value(value: &DataValueAst<'_>, symbols: &Symbols<'_>) -> Resolved<DataValue> {
    let (name, offset) = match value {
        DataValueAst::Bits(bits) => return Ok(DataValue::Bits(*bits)),
        DataValueAst::Symbol { name, offset } => (name, offset),
    };
    match symbols.lookup(name)? {
        Symbol::Data(d) => Ok(DataValue::DataAddr(d, offset.unwrap_or(0))),
        Symbol::Func(f) if offset.is_none() => Ok(DataValue::FuncAddr(f)),
        Symbol::Func(_) => Err(Failure::at(
            name.span,
            format!(
                "`@{}` is a function; its address takes no offset",
                name.text
            ),
        )),
        Symbol::Global(_) => Err(Failure::at(
            name.span,
            format!(
                "`@{}` is a global; data can hold addresses of data objects and functions only",
                name.text
            ),
        )),
    }
}
