//! Modules: memory, shadow-stack size, data objects, globals and functions.
//!
//! Functions, data objects and globals share one namespace of `@names`; the verifier
//! rejects duplicates. Items keep their declaration order, which printing preserves.

use crate::entities::{Data, Func, Global};
use crate::function::Function;
use crate::imm::Imm;
use crate::span::Span;
use crate::srcloc::FileId;
use crate::types::Type;
use cranelift_entity::{PrimaryMap, SecondaryMap};

/// `memory MIN [max MAX] [export "name"]`, sizes in 64 KiB pages.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct MemoryDecl {
    pub min_pages: u32,
    pub max_pages: Option<u32>,
    pub export: Option<String>,
}

/// Element type of a group of scalars in a data initializer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum DataType {
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    /// A pointer (4 bytes on wasm32); may hold `@data [+ off]` or `@func`.
    Ptr,
}

impl DataType {
    pub const ALL: [DataType; 7] = [
        DataType::I8,
        DataType::I16,
        DataType::I32,
        DataType::I64,
        DataType::F32,
        DataType::F64,
        DataType::Ptr,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DataType::I8 => "i8",
            DataType::I16 => "i16",
            DataType::I32 => "i32",
            DataType::I64 => "i64",
            DataType::F32 => "f32",
            DataType::F64 => "f64",
            DataType::Ptr => "ptr",
        }
    }

    pub fn from_name(s: &str) -> Option<DataType> {
        DataType::ALL.into_iter().find(|t| t.name() == s)
    }

    pub fn size(self) -> u32 {
        match self {
            DataType::I8 => 1,
            DataType::I16 => 2,
            DataType::I32 | DataType::F32 | DataType::Ptr => 4,
            DataType::I64 | DataType::F64 => 8,
        }
    }

    /// The value type literals of this element type are parsed as (i8/i16 as i32).
    pub fn literal_type(self) -> Type {
        match self {
            DataType::I8 | DataType::I16 | DataType::I32 | DataType::Ptr => Type::I32,
            DataType::I64 => Type::I64,
            DataType::F32 => Type::F32,
            DataType::F64 => Type::F64,
        }
    }

    /// Whether symbol references are allowed (pointer-sized integers).
    pub fn holds_symbols(self) -> bool {
        matches!(self, DataType::I32 | DataType::Ptr)
    }
}

/// One scalar of a data initializer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum DataValue {
    /// A literal, as little-endian bits (truncated to the element size).
    Bits(u64),
    /// `@data + offset`: the address of a data object.
    DataAddr(Data, u32),
    /// `@func`: the function's table index.
    FuncAddr(Func),
}

/// A piece of a data initializer.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum DataItem {
    /// A string literal's bytes.
    Bytes(Vec<u8>),
    /// `zero N`: N zero bytes.
    Zero(u32),
    /// `T v, v, …`: scalars stored little-endian, each `T`-sized, without padding.
    Scalars {
        ty: DataType,
        values: Vec<DataValue>,
    },
}

impl DataItem {
    pub fn size(&self) -> u64 {
        match self {
            DataItem::Bytes(b) => b.len() as u64,
            DataItem::Zero(n) => *n as u64,
            DataItem::Scalars { ty, values } => ty.size() as u64 * values.len() as u64,
        }
    }
}

/// `data @name [align N] [readonly] = …`: bytes placed in linear memory at start-up.
///
/// `readonly` is a promise by the frontend that the program never writes the object
/// (optimizations may rely on it; nothing enforces it at run time).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct DataObject {
    pub name: String,
    /// Explicit alignment; `None` means the largest natural alignment of its scalars.
    pub align: Option<u32>,
    pub readonly: bool,
    pub items: Vec<DataItem>,
    /// Written as a single string literal (`= "…"`) rather than braces.
    pub is_string: bool,
}

impl DataObject {
    pub fn size(&self) -> u64 {
        self.items.iter().map(DataItem::size).sum()
    }

    /// The alignment used for layout.
    pub fn effective_align(&self) -> u32 {
        self.align.unwrap_or_else(|| {
            self.items
                .iter()
                .map(|item| match item {
                    DataItem::Scalars { ty, .. } => ty.size(),
                    _ => 1,
                })
                .max()
                .unwrap_or(1)
        })
    }
}

/// `global @name: T [mut] = init [export "name"]`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct GlobalDecl {
    pub name: String,
    pub ty: Type,
    pub mutable: bool,
    pub init: Imm,
    pub export: Option<String>,
}

/// Source positions of a parsed module's items (all [`Span::NONE`] otherwise).
#[derive(Clone, Debug, Default)]
pub struct ModuleSpans {
    pub memory: Span,
    pub stack: Span,
    pub data: SecondaryMap<Data, Span>,
    pub globals: SecondaryMap<Global, Span>,
}

/// A whole program unit.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// The memory declaration; without one the module gets the smallest memory its
    /// layout needs, exported as `"memory"`.
    pub memory: Option<MemoryDecl>,
    /// Shadow-stack size in bytes (`stack N`); `None` uses [`crate::layout::DEFAULT_STACK_SIZE`].
    pub stack_size: Option<u32>,
    pub data: PrimaryMap<Data, DataObject>,
    pub globals: PrimaryMap<Global, GlobalDecl>,
    pub funcs: PrimaryMap<Func, Function>,
    /// Source files that instructions' locations name (`file N "path"` in text),
    /// interned: [`FileId::from_index`]`(i)` is `files[i]`.
    pub files: Vec<String>,
    /// The name of the LIR text the module was parsed from, which locations in
    /// [`FileId::TEXT`] refer to (set by [`crate::text::parse_named`]; empty otherwise).
    pub text_path: String,
    pub spans: ModuleSpans,
}

impl Module {
    pub fn new() -> Module {
        Module::default()
    }

    /// Adds a function (defined or imported) and returns its handle.
    pub fn add_function(&mut self, func: Function) -> Func {
        self.funcs.push(func)
    }

    pub fn add_data(&mut self, data: DataObject) -> Data {
        self.data.push(data)
    }

    pub fn add_global(&mut self, global: GlobalDecl) -> Global {
        self.globals.push(global)
    }

    pub fn func_by_name(&self, name: &str) -> Option<Func> {
        self.funcs
            .iter()
            .find(|(_, f)| f.name == name)
            .map(|(k, _)| k)
    }

    pub fn data_by_name(&self, name: &str) -> Option<Data> {
        self.data
            .iter()
            .find(|(_, d)| d.name == name)
            .map(|(k, _)| k)
    }

    pub fn global_by_name(&self, name: &str) -> Option<Global> {
        self.globals
            .iter()
            .find(|(_, g)| g.name == name)
            .map(|(k, _)| k)
    }

    /// Interns a source file for instruction locations (the same path gives the same
    /// id).
    pub fn declare_file(&mut self, path: impl Into<String>) -> FileId {
        let path = path.into();
        let index = match self.files.iter().position(|f| *f == path) {
            Some(index) => index,
            None => {
                self.files.push(path);
                self.files.len() - 1
            }
        };
        FileId::from_index(index)
    }

    /// The path of a source file (`text_path` for [`FileId::TEXT`]); `None` for an id
    /// the module does not have.
    pub fn file_path(&self, file: FileId) -> Option<&str> {
        match file.index() {
            None => Some(&self.text_path),
            Some(i) => self.files.get(i).map(String::as_str),
        }
    }

    /// Total instruction count of all function bodies.
    pub fn inst_count(&self) -> usize {
        self.funcs.values().map(Function::inst_count).sum()
    }
}
