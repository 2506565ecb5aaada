//! Describing a module's exports: names, kinds and signatures.

use lir::{Signature, Type};
use wasmtime::{ExternType, ValType};

/// One export of a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportInfo {
    pub name: String,
    pub kind: ExportKind,
}

/// What an export is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// A function; `None` when its signature uses types lir does not have.
    Func(Option<Signature>),
    Memory {
        min_pages: u64,
        max_pages: Option<u64>,
    },
    Global {
        ty: Option<Type>,
        mutable: bool,
    },
    Table,
    Other,
}

impl std::fmt::Display for ExportInfo {
    /// `func calculate_bmi(f32, f32) -> f32`, `memory memory (2 pages)`, …
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ExportKind::Func(Some(sig)) => write!(f, "func {}{sig}", self.name),
            ExportKind::Func(None) => write!(f, "func {} (unsupported types)", self.name),
            ExportKind::Memory {
                min_pages,
                max_pages,
            } => {
                write!(f, "memory {} ({min_pages} pages", self.name)?;
                match max_pages {
                    Some(max) => write!(f, ", max {max})"),
                    None => write!(f, ")"),
                }
            }
            ExportKind::Global { ty, mutable } => {
                let ty = ty.map_or("?", |t| t.name());
                let m = if *mutable { " mut" } else { "" };
                write!(f, "global {}: {ty}{m}", self.name)
            }
            ExportKind::Table => write!(f, "table {}", self.name),
            ExportKind::Other => write!(f, "other {}", self.name),
        }
    }
}

pub(crate) fn lir_type(ty: &ValType) -> Option<Type> {
    match ty {
        ValType::I32 => Some(Type::I32),
        ValType::I64 => Some(Type::I64),
        ValType::F32 => Some(Type::F32),
        ValType::F64 => Some(Type::F64),
        _ => None,
    }
}

pub(crate) fn signature(ty: &wasmtime::FuncType) -> Option<Signature> {
    let params: Option<Vec<Type>> = ty.params().map(|t| lir_type(&t)).collect();
    let results: Option<Vec<Type>> = ty.results().map(|t| lir_type(&t)).collect();
    Some(Signature::new(params?, results?))
}

pub(crate) fn describe(module: &wasmtime::Module) -> Vec<ExportInfo> {
    module
        .exports()
        .map(|export| ExportInfo {
            name: export.name().to_string(),
            kind: describe_extern(&export.ty()),
        })
        .collect()
}

/// The kind of an export of this type (an instance's memories and tables have their
/// current size as minimum).
pub(crate) fn describe_extern(ty: &ExternType) -> ExportKind {
    match ty {
        ExternType::Func(ty) => ExportKind::Func(signature(ty)),
        ExternType::Memory(ty) => ExportKind::Memory {
            min_pages: ty.minimum(),
            max_pages: ty.maximum(),
        },
        ExternType::Global(ty) => ExportKind::Global {
            ty: lir_type(ty.content()),
            mutable: ty.mutability() == wasmtime::Mutability::Var,
        },
        ExternType::Table(_) => ExportKind::Table,
        _ => ExportKind::Other,
    }
}
