//! DWARF for `-g` ([`crate::Options::dwarf`]): line tables and subprograms built from
//! a [`LocationTable`] with `gimli`'s writer, appended as custom sections
//! (`.debug_info`, `.debug_abbrev`, `.debug_line`, `.debug_str`, `.debug_ranges`).
//!
//! - One compile unit per source file, holding the functions whose first located
//!   instruction is in that file (DWARF 4, 32-bit addresses, `DW_AT_ranges`).
//! - One `DW_TAG_subprogram` per such function: name, declaration file and line (of
//!   its first located instruction), `low_pc`/`high_pc` spanning its body.
//! - One line sequence per function with a row at each [`LocationRow`].
//!
//! Addresses are offsets from the start of the code section's contents, as LLVM
//! emits them for wasm and as wasmtime and lldb read them. Functions without any
//! location (generated glue, helpers) get no entry. What this module does not do:
//! variable locations, types, inlined subroutines.
//!
//! [`LocationRow`]: crate::LocationRow

use crate::error::CompileError;
use crate::locations::{FunctionLocations, LocationTable};
use gimli::write::{
    Address, AttributeValue, Dwarf, EndianVec, LineProgram, LineString, Range, RangeList, Sections,
    Unit,
};
use gimli::{Encoding, Format, LineEncoding, LittleEndian};
use lir::FileId;
use std::collections::BTreeMap;
use wasm_encoder::{CustomSection, Section};

/// Appends the DWARF sections describing `table` to `wasm`; `comp_dir` is the
/// compilation directory.
pub(crate) fn append(
    wasm: &mut Vec<u8>,
    table: &LocationTable,
    comp_dir: &str,
) -> Result<(), CompileError> {
    let mut dwarf = build(table, comp_dir);
    let mut sections = Sections::new(EndianVec::new(LittleEndian));
    dwarf.write(&mut sections).map_err(internal)?;
    sections.for_each(|id, data| {
        if !data.slice().is_empty() {
            CustomSection {
                name: id.name().into(),
                data: data.slice().into(),
            }
            .append_to(wasm);
        }
        Ok::<(), CompileError>(())
    })
}

fn internal(e: gimli::write::Error) -> CompileError {
    CompileError::Internal {
        function: "<module>".into(),
        message: format!("cannot write DWARF: {e}"),
    }
}

/// A file name DWARF accepts (not empty).
fn path(table: &LocationTable, file: FileId) -> Vec<u8> {
    let name = table
        .files
        .get(file.number() as usize)
        .map_or("", String::as_str);
    match name {
        "" => b"<unknown>".to_vec(),
        name => name.as_bytes().to_vec(),
    }
}

fn build(table: &LocationTable, comp_dir: &str) -> Dwarf {
    let encoding = Encoding {
        format: Format::Dwarf32,
        version: 4,
        address_size: 4,
    };
    let comp_dir = match comp_dir {
        "" => ".",
        dir => dir,
    };
    // Functions by the file of their declaration, in file order.
    let mut by_file: BTreeMap<FileId, Vec<&FunctionLocations>> = BTreeMap::new();
    for f in &table.functions {
        if let Some(decl) = f.decl() {
            by_file.entry(decl.file).or_default().push(f);
        }
    }
    let mut dwarf = Dwarf::new();
    for (file, functions) in by_file {
        let name = path(table, file);
        let program = LineProgram::new(
            encoding,
            LineEncoding::default(),
            LineString::String(comp_dir.as_bytes().to_vec()),
            None,
            LineString::String(name.clone()),
            None,
        );
        let mut unit = Unit::new(encoding, program);
        let dir = unit.line_program.default_directory();
        let mut ranges = Vec::new();
        for f in &functions {
            let low = u64::from(f.body.start - table.code_section);
            let len = u64::from(f.body.end - f.body.start);
            ranges.push(Range::StartLength {
                begin: Address::Constant(low),
                length: len,
            });
            let program = &mut unit.line_program;
            program.begin_sequence(Some(Address::Constant(low)));
            for row in &f.rows {
                // Code without a location is line 0 (DWARF's "no source line"), in
                // the file of the row before it.
                let file = (!row.loc.is_none()).then(|| {
                    program.add_file(LineString::String(path(table, row.loc.file)), dir, None)
                });
                let r = program.row();
                r.address_offset = u64::from(row.offset - f.body.start);
                if let Some(file_id) = file {
                    r.file = file_id;
                }
                r.line = u64::from(row.loc.line);
                r.column = u64::from(row.loc.col);
                program.generate_row();
            }
            program.end_sequence(len);
        }
        let range_list = unit.ranges.add(RangeList(ranges));
        let root = unit.root();
        let cu = unit.get_mut(root);
        cu.set(
            gimli::DW_AT_producer,
            AttributeValue::StringRef(
                dwarf
                    .strings
                    .add(concat!("lir ", env!("CARGO_PKG_VERSION"))),
            ),
        );
        if is_c(&name) {
            cu.set(
                gimli::DW_AT_language,
                AttributeValue::Language(gimli::DW_LANG_C99),
            );
        }
        cu.set(
            gimli::DW_AT_name,
            AttributeValue::StringRef(dwarf.strings.add(name)),
        );
        cu.set(
            gimli::DW_AT_comp_dir,
            AttributeValue::StringRef(dwarf.strings.add(comp_dir)),
        );
        cu.set(
            gimli::DW_AT_low_pc,
            AttributeValue::Address(Address::Constant(0)),
        );
        cu.set(
            gimli::DW_AT_ranges,
            AttributeValue::RangeListRef(range_list),
        );
        for f in &functions {
            let Some(decl) = f.decl() else { continue };
            let decl_file =
                unit.line_program
                    .add_file(LineString::String(path(table, decl.file)), dir, None);
            let sub = unit.add(root, gimli::DW_TAG_subprogram);
            let entry = unit.get_mut(sub);
            entry.set(
                gimli::DW_AT_name,
                AttributeValue::StringRef(dwarf.strings.add(f.name.as_bytes())),
            );
            entry.set(
                gimli::DW_AT_decl_file,
                AttributeValue::FileIndex(Some(decl_file)),
            );
            entry.set(
                gimli::DW_AT_decl_line,
                AttributeValue::Udata(u64::from(decl.line)),
            );
            entry.set(
                gimli::DW_AT_low_pc,
                AttributeValue::Address(Address::Constant(u64::from(
                    f.body.start - table.code_section,
                ))),
            );
            entry.set(
                gimli::DW_AT_high_pc,
                AttributeValue::Udata(u64::from(f.body.end - f.body.start)),
            );
            entry.set(gimli::DW_AT_external, AttributeValue::Flag(true));
        }
        dwarf.units.add(unit);
    }
    dwarf
}

/// Whether a source file is C (its unit says so, for debuggers' expression parsers).
fn is_c(name: &[u8]) -> bool {
    name.ends_with(b".c") || name.ends_with(b".h")
}
