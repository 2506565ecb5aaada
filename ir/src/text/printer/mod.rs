//! The canonical printer: modules, functions and module items in the form docs/lir.md
//! ("Canonical form") describes.
//!
//! Items print in the order memory, stack, source files, data, globals, functions
//! (imports among them in declaration order), with a blank line between sections and
//! between functions. Instruction locations print as `loc` lines where they change. The printer never panics: dangling references in a malformed module
//! print as `@<invalid func3>`, `%<invalid v12>` and the like, because the verifier
//! uses it for its messages. Naming of unnamed values and blocks lives in `names.rs`,
//! instruction syntax in `insts.rs`.

mod insts;
pub(crate) mod names;

use crate::entities::{Data, Func, Global, Inst};
use crate::function::Function;
use crate::imm::Imm;
use crate::module::{DataItem, DataObject, DataType, DataValue, GlobalDecl, Module};
use crate::srcloc::{FileId, SourceLoc};
use crate::types::{ResultsDisplay, Type};
use insts::InstPrinter;
use names::Names;
use std::fmt::Write;

/// Prints a whole module.
pub(crate) fn module(module: &Module) -> String {
    let mut sections: Vec<String> = Vec::new();
    let mut header = String::new();
    if let Some(memory) = &module.memory {
        let _ = write!(header, "memory {}", memory.min_pages);
        if let Some(max) = memory.max_pages {
            let _ = write!(header, " max {max}");
        }
        if let Some(export) = &memory.export {
            let _ = write!(header, " export {}", quote(export.as_bytes()));
        }
        header.push('\n');
    }
    if let Some(size) = module.stack_size {
        let _ = writeln!(header, "stack {size}");
    }
    for (index, path) in module.files.iter().enumerate() {
        let number = FileId::from_index(index).number();
        let _ = writeln!(header, "file {number} {}", quote(path.as_bytes()));
    }
    sections.push(header);
    sections.push(
        module
            .data
            .values()
            .map(|d| data_object(module, d) + "\n")
            .collect(),
    );
    sections.push(module.globals.values().map(|g| global(g) + "\n").collect());

    let mut funcs = String::new();
    let mut previous_was_import = None;
    for func in module.funcs.values() {
        let is_import = func.is_import();
        if previous_was_import.is_some_and(|prev| !(prev && is_import)) {
            funcs.push('\n');
        }
        funcs += &function(module, func);
        previous_was_import = Some(is_import);
    }
    sections.push(funcs);
    sections.retain(|s| !s.is_empty());
    sections.join("\n")
}

/// Prints one function (a definition or an import line).
pub(crate) fn function(module: &Module, func: &Function) -> String {
    let mut out = String::new();
    if let Some(import) = &func.import {
        let params: Vec<&str> = func.sig.params.iter().map(|t| t.name()).collect();
        let _ = writeln!(
            out,
            "import func @{}({}){} from {} {}",
            func.name,
            params.join(", "),
            ResultsDisplay(&func.sig.results),
            quote(import.module.as_bytes()),
            quote(import.name.as_bytes())
        );
        return out;
    }
    let names = Names::new(func);
    match &func.export {
        Some(export) if *export == func.name => out.push_str("export "),
        Some(export) => {
            let _ = write!(out, "export {} ", quote(export.as_bytes()));
        }
        None => {}
    }
    let params: Vec<String> = func
        .sig
        .params
        .iter()
        .enumerate()
        .map(|(i, ty)| match func.params.get(i) {
            Some(&v) => format!("{}: {ty}", names.value(func, v)),
            None => format!("%<missing>: {ty}"),
        })
        .collect();
    let _ = writeln!(
        out,
        "func @{}({}){} {{",
        func.name,
        params.join(", "),
        ResultsDisplay(&func.sig.results)
    );
    for slot in func.slots.values() {
        let _ = write!(
            out,
            "    slot {} {}",
            names.value(func, slot.value),
            slot.size
        );
        if let Some(align) = slot.align {
            let _ = write!(out, " align {align}");
        }
        out.push('\n');
    }
    let printer = InstPrinter {
        module,
        func,
        names: &names,
    };
    for &block in &func.layout {
        let Some(data) = func.blocks.get(block) else {
            let _ = writeln!(out, "{}:", names.block(func, block));
            continue;
        };
        if !names.label_hidden(block) {
            out += &names.block(func, block);
            if !data.params.is_empty() {
                let params: Vec<String> = data
                    .params
                    .iter()
                    .map(|&v| {
                        let ty = func.values.get(v).map_or("?", |d| d.ty.name());
                        format!("{}: {ty}", names.value(func, v))
                    })
                    .collect();
                let _ = write!(out, "({})", params.join(", "));
            }
            out.push_str(":\n");
        }
        // `loc` lines state each change of location within the block; locations in
        // the LIR text itself are not printed (the printed text has its own).
        let mut current = SourceLoc::NONE;
        for &inst in &data.insts {
            let loc = func.srclocs[inst];
            let loc = if loc.is_in_text() {
                SourceLoc::NONE
            } else {
                loc
            };
            if loc != current {
                match (loc.is_none(), loc.col) {
                    (true, _) => out.push_str("    loc none\n"),
                    (false, 0) => {
                        let _ = writeln!(out, "    loc {}:{}", loc.file.number(), loc.line);
                    }
                    (false, col) => {
                        let _ = writeln!(out, "    loc {}:{}:{col}", loc.file.number(), loc.line);
                    }
                }
                current = loc;
            }
            let _ = writeln!(out, "    {}", printer.inst(inst));
        }
    }
    out.push_str("}\n");
    out
}

/// Prints one instruction of `func` as it appears in [`function`]'s output.
pub(crate) fn instruction(module: &Module, func: &Function, inst: Inst) -> String {
    instruction_with_names(module, func, &Names::new(func), inst)
}

pub(crate) fn instruction_with_names(
    module: &Module,
    func: &Function,
    names: &Names,
    inst: Inst,
) -> String {
    InstPrinter {
        module,
        func,
        names,
    }
    .inst(inst)
}

fn data_object(module: &Module, data: &DataObject) -> String {
    let mut out = format!("data @{}", data.name);
    if let Some(align) = data.align {
        let _ = write!(out, " align {align}");
    }
    if data.readonly {
        out.push_str(" readonly");
    }
    out.push_str(" = ");
    match data.items.as_slice() {
        [DataItem::Bytes(bytes)] if data.is_string => out += &quote(bytes),
        [] => out.push_str("{}"),
        items => {
            let items: Vec<String> = items.iter().map(|item| data_item(module, item)).collect();
            let _ = write!(out, "{{ {} }}", items.join("; "));
        }
    }
    out
}

fn data_item(module: &Module, item: &DataItem) -> String {
    match item {
        DataItem::Bytes(bytes) => quote(bytes),
        DataItem::Zero(n) => format!("zero {n}"),
        DataItem::Scalars { ty, values } => {
            let values: Vec<String> = values.iter().map(|v| data_value(module, *ty, v)).collect();
            format!("{} {}", ty.name(), values.join(", "))
        }
    }
}

fn data_value(module: &Module, ty: DataType, value: &DataValue) -> String {
    match *value {
        DataValue::Bits(bits) => match ty {
            DataType::I8 => (bits as u8 as i8).to_string(),
            DataType::I16 => (bits as u16 as i16).to_string(),
            DataType::I32 | DataType::Ptr => Imm::new(Type::I32, bits).to_string(),
            DataType::I64 => Imm::new(Type::I64, bits).to_string(),
            DataType::F32 => Imm::new(Type::F32, bits).to_string(),
            DataType::F64 => Imm::new(Type::F64, bits).to_string(),
        },
        DataValue::DataAddr(data, 0) => data_name(module, data),
        DataValue::DataAddr(data, offset) => format!("{} + {offset}", data_name(module, data)),
        DataValue::FuncAddr(func) => func_name(module, func),
    }
}

fn global(global: &GlobalDecl) -> String {
    let mut out = format!("global @{}: {}", global.name, global.ty);
    if global.mutable {
        out.push_str(" mut");
    }
    let _ = write!(out, " = {}", global.init);
    if let Some(export) = &global.export {
        let _ = write!(out, " export {}", quote(export.as_bytes()));
    }
    out
}

pub(crate) fn func_name(module: &Module, func: Func) -> String {
    match module.funcs.get(func) {
        Some(f) => format!("@{}", f.name),
        None => format!("@<invalid {func}>"),
    }
}

pub(crate) fn data_name(module: &Module, data: Data) -> String {
    match module.data.get(data) {
        Some(d) => format!("@{}", d.name),
        None => format!("@<invalid {data}>"),
    }
}

pub(crate) fn global_name(module: &Module, global: Global) -> String {
    match module.globals.get(global) {
        Some(g) => format!("@{}", g.name),
        None => format!("@<invalid {global}>"),
    }
}

/// A string literal: printable text as is (UTF-8 included), `\n \t \r \0 \\ \"`
/// escaped, every other byte as `\xNN`.
pub(crate) fn quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                '\0' => out.push_str("\\0"),
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                c if c.is_control() => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        let _ = write!(out, "\\x{b:02x}");
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    out
}
