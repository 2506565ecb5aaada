//! Version-3 source maps of compiled modules (`--source-map`), written with the
//! `sourcemap` crate, and the `sourceMappingURL` custom section that points browsers'
//! devtools at them.
//!
//! As emscripten's maps, the generated positions are on line 1 (0 in the encoding),
//! with the byte offset from the start of the module as the column; each
//! [`LocationRow`](crate::LocationRow) is one mapping. Source lines and columns come
//! from the instructions' locations (an unknown column maps to the line's start).
//! What this module does not do: embed source contents or names.
//!
//! ```
//! let module = lir::text::parse_named(
//!     "func @f(%a: i32) -> i32 {\nentry:\n    %b = add %a, 1\n    ret %b\n}\n",
//!     "f.lir",
//! )
//! .unwrap();
//! let mut out = lir_wasm::compile_with_locations(&module, &lir_wasm::Options::default()).unwrap();
//! let map = lir_wasm::source_map(&out.locations, Some("f.wasm"));
//! assert!(map.contains(r#""sources":["f.lir"]"#));
//! lir_wasm::append_source_mapping_url(&mut out.wasm, "f.wasm.map");
//! assert!(out.wasm.ends_with(b"\x0af.wasm.map"));
//! ```

use crate::locations::LocationTable;
use wasm_encoder::{CustomSection, Encode, Section};

/// The source map of a module as JSON; `file` names the module it maps.
pub fn source_map(table: &LocationTable, file: Option<&str>) -> String {
    let mut builder = sourcemap::SourceMapBuilder::new(file);
    for f in &table.functions {
        for row in &f.rows {
            if row.loc.is_none() {
                // A mapping without a source: the code here comes from nowhere.
                builder.add(0, row.offset, 0, 0, None, None, false);
                continue;
            }
            let source = table.file(row.loc);
            builder.add(
                0,
                row.offset,
                row.loc.line - 1,
                row.loc.col.saturating_sub(1),
                Some(source),
                None,
                false,
            );
        }
    }
    let mut json = Vec::new();
    builder
        .into_sourcemap()
        .to_writer(&mut json)
        .expect("writing to a vector cannot fail");
    String::from_utf8(json).expect("a source map is UTF-8 JSON")
}

/// Appends a `sourceMappingURL` custom section naming `url` (where devtools fetch the
/// map, relative to the module's own URL).
pub fn append_source_mapping_url(wasm: &mut Vec<u8>, url: &str) {
    let mut data = Vec::new();
    url.encode(&mut data);
    CustomSection {
        name: "sourceMappingURL".into(),
        data: data.into(),
    }
    .append_to(wasm);
}
