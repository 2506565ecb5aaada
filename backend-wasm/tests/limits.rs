//! The engines' module-wide implementation limits (`lir_wasm::limits`), each at the
//! limit (compiles to a module that validates) and one past it (a clear error, or for
//! data segments, merged segments that keep memory's contents).

use lir_wasm::limits::{
    MAX_DATA_SEGMENTS, MAX_EXPORTS, MAX_FUNCTIONS, MAX_FUNCTION_BODY, MAX_GLOBALS, MAX_IMPORTS,
};
use lir_wasm::{CompileError, Options};
use std::fmt::Write;

/// Whether to run the tests that build modules of a million items (a minute or more
/// each in the test profile): `LIR_HEAVY_TESTS=1`.
fn heavy(test: &str) -> bool {
    let run = std::env::var_os("LIR_HEAVY_TESTS").is_some_and(|v| v == "1");
    if !run {
        eprintln!("{test}: skipped (a module of a million items; set LIR_HEAVY_TESTS=1 to run it)");
    }
    run
}

fn compile(src: &str) -> Result<Vec<u8>, CompileError> {
    let module = match lir::text::parse(src) {
        Ok(module) => module,
        Err(errors) => panic!("does not parse: {}", errors.errors()[0]),
    };
    assert!(lir::verify::verify(&module).is_ok(), "does not verify");
    lir_wasm::compile(&module, &Options::default())
}

fn limit_error(src: &str) -> String {
    match compile(src) {
        Ok(_) => panic!("expected an implementation-limit error"),
        Err(e @ (CompileError::Limit { .. } | CompileError::Unsupported { .. })) => e.to_string(),
        Err(e) => panic!("expected an implementation-limit error, got: {e}"),
    }
}

/// `n` functions that do nothing, exported when `export`.
fn functions(n: usize, export: bool) -> String {
    let mut src = String::with_capacity(n * 40);
    for i in 0..n {
        let export = if export { "export " } else { "" };
        writeln!(src, "{export}func @f{i}() {{\n    ret\n}}").unwrap();
    }
    src
}

#[test]
fn functions_at_the_limit_compile_and_one_more_is_refused() {
    if !heavy("functions_at_the_limit_compile_and_one_more_is_refused") {
        return;
    }
    let src = functions(MAX_FUNCTIONS, false);
    assert!(compile(&src).is_ok());
    let src = functions(MAX_FUNCTIONS + 1, false);
    assert_eq!(
        limit_error(&src),
        "the module has 1000001 functions (imports and generated helpers included); \
         implementation limit: at most 1000000 (WebAssembly engines refuse more)"
    );
}

#[test]
fn exports_at_the_limit_compile_and_one_more_is_refused() {
    // The memory and `__heap_base` are exported too.
    let src = functions(MAX_EXPORTS - 2, true);
    assert!(compile(&src).is_ok());
    let src = functions(MAX_EXPORTS - 1, true);
    assert!(limit_error(&src).starts_with("the module has 100001 exports;"));
}

#[test]
fn imports_at_the_limit_compile_and_one_more_is_refused() {
    let imports = |n: usize| {
        let mut src = String::new();
        for i in 0..n {
            writeln!(src, "import func @i{i}() from \"env\" \"i{i}\"").unwrap();
        }
        src
    };
    assert!(compile(&imports(MAX_IMPORTS)).is_ok());
    assert!(limit_error(&imports(MAX_IMPORTS + 1)).starts_with("the module has 100001 imports;"));
}

#[test]
fn globals_at_the_limit_compile_and_one_more_is_refused() {
    if !heavy("globals_at_the_limit_compile_and_one_more_is_refused") {
        return;
    }
    // `__heap_base` is always added.
    let globals = |n: usize| {
        let mut src = String::new();
        for i in 0..n {
            writeln!(src, "global @g{i}: i32 = 0").unwrap();
        }
        src
    };
    assert!(compile(&globals(MAX_GLOBALS - 1)).is_ok());
    assert!(limit_error(&globals(MAX_GLOBALS)).starts_with("the module has 1000001 globals;"));
}

/// The memory image the active data segments of `wasm` write, from address 0.
fn data_image(wasm: &[u8]) -> (usize, Vec<u8>) {
    let mut image = Vec::new();
    let mut segments = 0;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::DataSection(reader) = payload.unwrap() {
            for data in reader {
                let data = data.unwrap();
                segments += 1;
                let wasmparser::DataKind::Active { offset_expr, .. } = data.kind else {
                    panic!("passive segment");
                };
                let mut ops = offset_expr.get_operators_reader();
                let wasmparser::Operator::I32Const { value } = ops.read().unwrap() else {
                    panic!("offset is not a constant");
                };
                let start = value as usize;
                if image.len() < start + data.data.len() {
                    image.resize(start + data.data.len(), 0);
                }
                image[start..start + data.data.len()].copy_from_slice(data.data);
            }
        }
    }
    (segments, image)
}

#[test]
fn data_segments_past_the_limit_are_merged_and_memory_is_unchanged() {
    for n in [
        MAX_DATA_SEGMENTS,
        MAX_DATA_SEGMENTS + 1,
        MAX_DATA_SEGMENTS + 500,
    ] {
        let mut src = String::new();
        for i in 0..n {
            // Objects of 1–3 bytes with zero bytes around the non-zero ones, so that
            // segments are trimmed and the gaps between them differ.
            let byte = (i % 251) as u8 + 1;
            match i % 3 {
                0 => writeln!(src, "data @d{i} = {{ i8 {byte} }}"),
                1 => writeln!(src, "data @d{i} = {{ i8 0, {byte} }}"),
                _ => writeln!(src, "data @d{i} align 4 = {{ i8 {byte}, 0, {byte} }}"),
            }
            .unwrap();
        }
        let module = lir::text::parse(&src).unwrap();
        let wasm = lir_wasm::compile(&module, &Options::default()).expect("compiles");
        let (segments, image) = data_image(&wasm);
        assert_eq!(segments, n.min(MAX_DATA_SEGMENTS), "{n} data objects");
        let layout = lir::layout::Layout::compute(&module).unwrap();
        for (d, _) in module.data.iter() {
            let start = layout.data_address(d) as usize;
            let bytes = layout.data_bytes(&module, d);
            let mut got = image.get(start..).unwrap_or_default().to_vec();
            got.resize(bytes.len(), 0);
            got.truncate(bytes.len());
            assert_eq!(got, bytes, "{n} data objects: @{}", module.data[d].name);
        }
    }
}

/// A function of `stores` 64-bit stores of a 10-byte constant (15 bytes of code each).
fn big_function(stores: usize) -> String {
    let mut src = String::from("data @cell = { zero 8 }\nexport func @big() {\n");
    src.push_str("    %p = addr @cell\n");
    for _ in 0..stores {
        src.push_str("    store.i64 [%p], 0x7fffffffffffffff\n");
    }
    src.push_str("    ret\n}\n");
    src
}

#[test]
fn function_bodies_up_to_the_limit_compile_and_larger_ones_are_refused() {
    // The size of one store, from the difference between two small functions.
    let size = |stores: usize| compile(&big_function(stores)).unwrap().len();
    let per_store = (size(2000) - size(1000)) / 1000;
    let fits = MAX_FUNCTION_BODY / per_store - 100;
    let wasm = compile(&big_function(fits)).expect("a body under the limit compiles");
    assert!(wasm.len() > MAX_FUNCTION_BODY - 2000);
    let message = limit_error(&big_function(fits + 200));
    assert!(
        message.starts_with("@big: the function's code is ")
            && message.contains("implementation limit: at most 7654321 bytes per function body"),
        "{message}"
    );
}
