//! Checks of module-level items: `@names`, export names, the memory and stack
//! declarations, globals, data objects and the memory layout.
//!
//! Function bodies are checked elsewhere (`structure`, `operands`, `ssa`); this file
//! only looks at a function's name, export and import.

use super::limits::{name_error, shown};
use super::report::Reporter;
use crate::entities::{Data, Func};
use crate::layout::{Layout, LayoutError, MAX_PAGES};
use crate::module::{DataItem, DataObject, DataType, DataValue, Module};
use crate::span::Span;
use rustc_hash::FxHashMap as HashMap;

/// The name `addr @__heap_base` refers to; no item may take it.
const HEAP_BASE_NAME: &str = "__heap_base";

/// Runs every module-level check. `funcs_sound` says whether every function's blocks
/// and instructions exist, which [`Layout::compute`] relies on.
pub(super) fn check_items(rep: &mut Reporter, funcs_sound: bool) {
    check_names(rep);
    check_exports(rep);
    check_memory(rep);
    let alignments_ok = check_data(rep);
    check_globals(rep);
    if alignments_ok {
        check_layout(rep, funcs_sound);
    }
}

/// Whether `name` is a well-formed `@name` (without the `@`).
pub(super) fn is_valid_global_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '.' | '$'))
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$'))
}

/// Every `@name` with its kind and span, in declaration order per kind.
fn named_items(module: &Module) -> Vec<(&str, &'static str, Span)> {
    let funcs = module.funcs.values().map(|f| {
        let kind = if f.is_import() {
            "imported function"
        } else {
            "function"
        };
        (f.name.as_str(), kind, f.spans.header)
    });
    let data = module
        .data
        .iter()
        .map(|(d, obj)| (obj.name.as_str(), "data object", module.spans.data[d]));
    let globals = module
        .globals
        .iter()
        .map(|(g, decl)| (decl.name.as_str(), "global", module.spans.globals[g]));
    data.chain(globals).chain(funcs).collect()
}

fn check_names(rep: &mut Reporter) {
    let mut seen: HashMap<&str, &str> = HashMap::default();
    for (name, kind, span) in named_items(rep.module) {
        if !is_valid_global_name(name) {
            rep.item(span, format!("{kind} has an invalid name `@{name}`"));
        } else if name == HEAP_BASE_NAME {
            rep.item(span, format!("@{name} is reserved for the heap base"));
        } else if let Some(first) = seen.get(name) {
            rep.item(span, format!("@{name} is already defined (as a {first})"));
        } else {
            seen.insert(name, kind);
        }
    }
}

fn check_exports(rep: &mut Reporter) {
    let module = rep.module;
    // Without a memory declaration the memory is exported as "memory".
    let memory_export = match &module.memory {
        Some(memory) => memory.export.as_deref().map(|e| (e, module.spans.memory)),
        None => Some(("memory", Span::NONE)),
    };
    let globals = module.globals.iter().filter_map(|(g, decl)| {
        let span = module.spans.globals[g];
        decl.export
            .as_deref()
            .map(|e| (e, span, format!("global @{}", shown(&decl.name))))
    });
    let funcs = module.funcs.values().filter_map(|f| {
        let e = f.export.as_deref()?;
        Some((e, f.spans.header, format!("function @{}", shown(&f.name))))
    });
    let mut seen: HashMap<&str, String> = HashMap::default();
    if let Some((name, span)) = memory_export {
        if let Some(message) = name_error("the memory", "export name", name) {
            rep.item(span, message);
        }
        seen.insert(name, "the memory".to_string());
    }
    for (name, span, what) in globals.chain(funcs) {
        if let Some(message) = name_error(&what, "export name", name) {
            rep.item(span, message);
        } else if let Some(first) = seen.get(name) {
            rep.item(
                span,
                format!(
                    "{what} is exported as \"{}\", which {first} already uses",
                    shown(name)
                ),
            );
        } else {
            seen.insert(name, what);
        }
    }
    for f in module.funcs.values() {
        let Some(import) = &f.import else { continue };
        let what = format!("imported function @{}", shown(&f.name));
        let over = name_error(&what, "import module name", &import.module)
            .or_else(|| name_error(&what, "import name", &import.name));
        if let Some(message) = over {
            rep.item(f.spans.header, message);
        }
    }
    for f in module
        .funcs
        .values()
        .filter(|f| f.is_import() && f.export.is_some())
    {
        rep.item(
            f.spans.header,
            format!("imported function @{} cannot be exported", f.name),
        );
    }
}

fn check_memory(rep: &mut Reporter) {
    let Some(memory) = &rep.module.memory else {
        return;
    };
    let span = rep.module.spans.memory;
    if memory.min_pages > MAX_PAGES {
        rep.item(
            span,
            format!(
                "memory minimum of {} pages exceeds {MAX_PAGES}",
                memory.min_pages
            ),
        );
    }
    if let Some(max) = memory.max_pages {
        if max > MAX_PAGES {
            rep.item(
                span,
                format!("memory maximum of {max} pages exceeds {MAX_PAGES}"),
            );
        }
        if max < memory.min_pages {
            let min = memory.min_pages;
            rep.item(
                span,
                format!("memory maximum ({max} pages) is below its minimum ({min} pages)"),
            );
        }
    }
}

fn check_globals(rep: &mut Reporter) {
    let module = rep.module;
    for (g, decl) in module.globals.iter() {
        if decl.init.ty() != decl.ty {
            let message = format!(
                "global @{}: initializer is an {} but the global is {}",
                decl.name,
                decl.init.ty(),
                decl.ty
            );
            rep.item(module.spans.globals[g], message);
        }
    }
}

/// Checks every data object; returns whether all alignments are powers of two (the
/// layout cannot be computed otherwise).
fn check_data(rep: &mut Reporter) -> bool {
    let module = rep.module;
    let mut alignments_ok = true;
    for (d, obj) in module.data.iter() {
        let span = module.spans.data[d];
        let mut error = |message: String| rep.item(span, format!("data @{}: {message}", obj.name));
        if let Some(align) = obj.align {
            if !align.is_power_of_two() {
                alignments_ok = false;
                error(format!("alignment {align} is not a power of two"));
            }
        }
        for item in &obj.items {
            if let DataItem::Scalars { ty, values } = item {
                for value in values {
                    if let Some(message) = data_value_error(module, *ty, *value) {
                        error(message);
                    }
                }
            }
        }
    }
    alignments_ok
}

/// What is wrong with one scalar of a data initializer, if anything.
fn data_value_error(module: &Module, ty: DataType, value: DataValue) -> Option<String> {
    let name = ty.name();
    match value {
        DataValue::Bits(bits) => (!bits_fit(bits, ty.size() * 8))
            .then(|| format!("value {bits:#x} does not fit in {name}")),
        DataValue::DataAddr(..) | DataValue::FuncAddr(_) if !ty.holds_symbols() => Some(format!(
            "{name} values cannot be addresses (only i32 and ptr ones can)"
        )),
        DataValue::DataAddr(target, offset) => data_offset_error(module, target, offset),
        DataValue::FuncAddr(func) => missing_func(module, func),
    }
}

/// Whether `bits` holds a `width`-bit literal: zero-extended, or sign-extended to 32 or
/// 64 bits (how literals of narrow groups are read as `i32` or `i64`).
fn bits_fit(bits: u64, width: u32) -> bool {
    if width >= 64 {
        return true;
    }
    let low = bits & ((1u64 << width) - 1);
    let shift = 64 - width;
    let sign_extended = (((low << shift) as i64) >> shift) as u64;
    bits == low || bits == sign_extended || (width < 32 && bits == sign_extended & 0xffff_ffff)
}

/// An error if `@target + offset` does not lie within (or just past) the object.
pub(super) fn data_offset_error(module: &Module, target: Data, offset: u32) -> Option<String> {
    match module.data.get(target) {
        None => Some(format!(
            "refers to a data object that does not exist ({target})"
        )),
        Some(obj) => offset_past_end(obj, offset),
    }
}

fn offset_past_end(obj: &DataObject, offset: u32) -> Option<String> {
    let size = obj.size();
    (offset as u64 > size).then(|| {
        format!(
            "offset {offset} is past the end of @{} ({size} bytes)",
            obj.name
        )
    })
}

/// An error if `func` is not a function of the module.
pub(super) fn missing_func(module: &Module, func: Func) -> Option<String> {
    module
        .funcs
        .get(func)
        .is_none()
        .then(|| format!("refers to a function that does not exist ({func})"))
}

/// Reports [`Layout::compute`]'s error, if any. The layout walks function bodies only
/// to find address-taken functions, so when a body is broken the layout is computed
/// on a copy of the module without functions (its errors concern data and memory).
fn check_layout(rep: &mut Reporter, funcs_sound: bool) {
    let module = rep.module;
    let result = if funcs_sound {
        Layout::compute(module).map(drop)
    } else {
        let without_funcs = Module {
            memory: module.memory.clone(),
            stack_size: module.stack_size,
            data: module.data.clone(),
            ..Module::default()
        };
        Layout::compute(&without_funcs).map(drop)
    };
    if let Err(error) = result {
        let spans = &module.spans;
        let last_data = module
            .data
            .keys()
            .next_back()
            .map_or(Span::NONE, |d| spans.data[d]);
        let span = match &error {
            LayoutError::BadAlignment { name, .. } => module
                .data_by_name(name)
                .map_or(Span::NONE, |d| spans.data[d]),
            LayoutError::MemoryTooSmall { .. } => spans.memory,
            LayoutError::AddressSpaceExhausted { .. } => [spans.stack, last_data, spans.memory]
                .into_iter()
                .find(|span| !span.is_none())
                .unwrap_or(Span::NONE),
        };
        rep.item(span, error.to_string());
    }
}
