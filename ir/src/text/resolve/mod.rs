//! Resolution: from the syntax tree to a [`Module`].
//!
//! This file owns the module level: it creates every function, data object and global
//! first (so that `@names` may be used before their declaration), detects duplicate
//! and reserved names, and resolves the symbols inside data initializers. Function
//! bodies are built by `body.rs` (values, blocks, type inference) and `operands.rs`
//! (operand typing and instruction kinds). Checks that need a whole, typed module
//! (operand types, dominance, …) are the verifier's, not done here.

mod body;
mod operands;

use super::errors::ParseError;
use super::parser::ast::{DataItemAst, DataValueAst, FileAst, LocAst, ModuleAst, Name};
use crate::entities::{Data, Func, Global, Value};
use crate::function::Function;
use crate::module::{DataItem, DataObject, DataValue, GlobalDecl, Module};
use crate::span::Span;
use crate::srcloc::{FileId, SourceLoc};
use cranelift_entity::EntityRef;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
pub(crate) struct Symbols {
    map: HashMap<String, Symbol>,
    poisoned: HashSet<String>,
}

impl Symbols {
    fn lookup(&self, name: &Name) -> Resolved<Symbol> {
        match self.map.get(&name.text) {
            Some(&symbol) => Ok(symbol),
            None if self.poisoned.contains(&name.text) => Err(Failure::Silent),
            None => Err(Failure::at(
                name.span,
                format!("`@{}` is not defined", name.text),
            )),
        }
    }

    fn wrong_kind(name: &Name, symbol: Symbol, wanted: &str) -> Failure {
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

    pub(crate) fn func(&self, name: &Name) -> Resolved<Func> {
        match self.lookup(name)? {
            Symbol::Func(f) => Ok(f),
            other => Err(Self::wrong_kind(name, other, "a function")),
        }
    }

    pub(crate) fn data(&self, name: &Name) -> Resolved<Data> {
        match self.lookup(name)? {
            Symbol::Data(d) => Ok(d),
            other => Err(Self::wrong_kind(name, other, "a data object")),
        }
    }

    pub(crate) fn global(&self, name: &Name) -> Resolved<Global> {
        match self.lookup(name)? {
            Symbol::Global(g) => Ok(g),
            other => Err(Self::wrong_kind(name, other, "a global")),
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

/// Builds the module; errors are appended to `errors`.
pub(crate) fn build_module(mut ast: ModuleAst, errors: &mut Vec<ParseError>) -> Module {
    let mut module = Module::new();
    let files = FileTable::new(&mut module, &ast.files, errors);
    if let Some((decl, span)) = &ast.memory {
        module.memory = Some(decl.clone());
        module.spans.memory = *span;
    }
    if let Some((size, span)) = ast.stack {
        module.stack_size = Some(size);
        module.spans.stack = span;
    }

    let mut definitions: Vec<(&Name, Symbol)> = Vec::new();
    for data in &ast.data {
        let d = module.add_data(DataObject {
            name: data.name.text.clone(),
            align: data.align,
            readonly: data.readonly,
            items: Vec::new(),
            is_string: data.is_string,
        });
        module.spans.data[d] = data.span;
        definitions.push((&data.name, Symbol::Data(d)));
    }
    for global in &ast.globals {
        let g = module.add_global(GlobalDecl {
            name: global.name.text.clone(),
            ty: global.ty,
            mutable: global.mutable,
            init: global.init,
            export: global.export.clone(),
        });
        module.spans.globals[g] = global.span;
        definitions.push((&global.name, Symbol::Global(g)));
    }
    for func in &ast.funcs {
        let mut shell = match &func.import {
            Some(import) => Function::new_import(&func.name.text, func.sig.clone(), import.clone()),
            None => Function::new(&func.name.text, func.sig.clone()),
        };
        shell.export = func.export.clone();
        shell.spans.header = func.span;
        let f = module.add_function(shell);
        definitions.push((&func.name, Symbol::Func(f)));
    }
    let symbols = symbol_table(definitions, &ast.poisoned_symbols, errors);

    for (data, data_ast) in module.data.values_mut().zip(&ast.data) {
        data.items = data_ast
            .items
            .iter()
            .map(|item| data_item(item, &symbols, errors))
            .collect();
    }
    for (index, func_ast) in ast.funcs.iter_mut().enumerate() {
        // Each body's syntax goes as soon as its function is built, so that the
        // whole text's syntax tree and the whole module never exist at once.
        let Some(body) = func_ast.body.take() else {
            continue;
        };
        // Functions were added in text order, so the index is the handle.
        let f = Func::new(index);
        files.check(&body.locs, errors);
        let built = body::build_function(&module, &symbols, &files, f, func_ast, &body, errors);
        module.funcs[f] = built;
    }
    module
}

/// The symbol table; reports duplicates (at the later definition in the text) and the
/// reserved `@__heap_base`.
fn symbol_table(
    mut definitions: Vec<(&Name, Symbol)>,
    poisoned: &HashSet<String>,
    errors: &mut Vec<ParseError>,
) -> Symbols {
    definitions.sort_by_key(|(name, _)| name.span.start);
    let mut map = HashMap::default();
    let mut first_span: HashMap<&str, Span> = HashMap::default();
    for (name, symbol) in definitions {
        if name.text == HEAP_BASE {
            errors.push(ParseError::new(name.span, "`@__heap_base` is reserved"));
            continue;
        }
        if let Some(first) = first_span.get(name.text.as_str()) {
            errors.push(ParseError::new(
                name.span,
                format!("`@{}` is already defined at {first}", name.text),
            ));
            continue;
        }
        first_span.insert(&name.text, name.span);
        map.insert(name.text.clone(), symbol);
    }
    Symbols {
        map,
        poisoned: poisoned.clone(),
    }
}

fn data_item(item: &DataItemAst, symbols: &Symbols, errors: &mut Vec<ParseError>) -> DataItem {
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

fn data_value(value: &DataValueAst, symbols: &Symbols) -> Resolved<DataValue> {
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
