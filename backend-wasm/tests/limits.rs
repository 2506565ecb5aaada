//! The engines' module-wide implementation limits (`lir_wasm::limits`), each at the
//! limit (compiles to a module that validates) and one past it (a clear error, or for
//! data segments, merged segments that keep memory's contents).

use lir_wasm::limits::{
    MAX_DATA_SEGMENTS, MAX_EXPORTS, MAX_FUNCTIONS, MAX_FUNCTION_BODY, MAX_GLOBALS, MAX_IMPORTS,
};
use lir_wasm::{CompileError, Options};
use proptest::prelude::Rng as _;
use proptest::test_runner::{RngAlgorithm, TestRng};
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

/// Random choices from a seed (proptest's deterministic generator): the fuzz below
/// depends on nothing but its seed.
struct Rng(TestRng);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut bytes = [0x5a_u8; 16];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        Rng(TestRng::from_seed(RngAlgorithm::XorShift, &bytes))
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// Mostly small, sometimes at or around `limit` (one under, at, one past).
    fn near(&mut self, limit: usize, small: usize) -> usize {
        match self.next() % 4 {
            0 => self.range(1, small),
            1 => limit - 1,
            2 => limit,
            _ => limit + self.range(1, 2),
        }
    }
}

const TYPES: [&str; 4] = ["i32", "i64", "f32", "f64"];

/// One random module at a wasm limit: many parameters or results (of a function, a
/// `call_indirect` signature or an import), many values live at once, `switch`es
/// with tens of thousands of targets, deep loop nests, long block-parameter lists.
fn module_at_a_limit(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut src = String::new();
    match seed % 7 {
        0 => {
            // A function with many parameters, called with as many arguments.
            let n = rng.near(1000, 40);
            let ty = TYPES[rng.range(0, 3)];
            let params: Vec<String> = (0..n).map(|i| format!("%p{i}: {ty}")).collect();
            let args: Vec<String> = (0..n).map(|i| format!("%p{i}")).collect();
            writeln!(
                src,
                "export func @callee({}) {{\n    ret\n}}",
                params.join(", ")
            )
            .unwrap();
            writeln!(src, "export func @caller({}) {{", params.join(", ")).unwrap();
            writeln!(src, "    call @callee({})\n    ret\n}}", args.join(", ")).unwrap();
        }
        1 => {
            // Many results, returned from constants.
            let n = rng.near(1000, 40);
            let types = vec!["i32"; n].join(", ");
            let values: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            writeln!(src, "export func @many() -> ({types}) {{").unwrap();
            writeln!(src, "    ret {}\n}}", values.join(", ")).unwrap();
        }
        2 => {
            // An import and an indirect call with many parameters.
            let n = rng.near(1000, 40);
            let types = vec!["i64"; n].join(", ");
            let args: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            writeln!(src, "import func @host({types}) from \"env\" \"host\"").unwrap();
            writeln!(src, "export func @f(%callee: i32) {{").unwrap();
            writeln!(src, "    call @host({})", args.join(", ")).unwrap();
            writeln!(
                src,
                "    call_indirect %callee({}) : ({types})",
                args.join(", ")
            )
            .unwrap();
            writeln!(src, "    ret\n}}").unwrap();
        }
        3 => {
            // Many values live across a branch (up to a few thousand: the locals limit
            // itself is tested in lirc's CLI tests).
            let n = rng.range(1, 4000);
            writeln!(src, "export func @live(%x: i32, %c: i32) -> i32 {{").unwrap();
            for i in 0..n {
                writeln!(src, "    %v{i} = add %x, {i}").unwrap();
            }
            writeln!(src, "    br_if %c, a, b\na:\n    jump b\nb:").unwrap();
            let mut acc = "%x".to_string();
            for i in 0..n {
                writeln!(src, "    %s{i} = xor {acc}, %v{i}").unwrap();
                acc = format!("%s{i}");
            }
            writeln!(src, "    ret {acc}\n}}").unwrap();
        }
        4 => {
            // A dense or sparse switch with up to 65,522 targets.
            let n = rng.near(65_520, 300);
            let stride = if rng.next().is_multiple_of(3) {
                rng.range(2, 7)
            } else {
                1
            };
            writeln!(src, "export func @sw(%i: i32) -> i32 {{").unwrap();
            let cases: Vec<String> = (0..n)
                .map(|k| format!("{}: c{}", k * stride, k % 3))
                .collect();
            writeln!(src, "    switch %i, d, [{}]", cases.join(", ")).unwrap();
            for k in 0..3 {
                writeln!(src, "c{k}:\n    ret {k}").unwrap();
            }
            writeln!(src, "d:\n    ret -1\n}}").unwrap();
        }
        5 => {
            // Deeply nested counted loops.
            let depth = rng.range(1, 3000);
            writeln!(
                src,
                "export func @nest(%n: i32) -> i32 {{\nentry:\n    jump h0(0)"
            )
            .unwrap();
            for d in 0..depth {
                writeln!(src, "h{d}(%i{d}: i32):").unwrap();
                writeln!(src, "    %done{d} = ge_u %i{d}, %n").unwrap();
                let exit = if d == 0 {
                    "out".to_string()
                } else {
                    format!("l{}", d - 1)
                };
                let inner = if d + 1 == depth {
                    "body".to_string()
                } else {
                    format!("h{}(0)", d + 1)
                };
                writeln!(src, "    br_if %done{d}, {exit}, {inner}").unwrap();
                writeln!(
                    src,
                    "l{d}:\n    %next{d} = add %i{d}, 1\n    jump h{d}(%next{d})"
                )
                .unwrap();
            }
            writeln!(src, "body:\n    jump l{}\nout:\n    ret %n\n}}", depth - 1).unwrap();
        }
        _ => {
            // A loop carrying many block parameters.
            let n = rng.near(1000, 60);
            let params: Vec<String> = (0..n).map(|i| format!("%a{i}: i32")).collect();
            let zeros = vec!["0"; n].join(", ");
            let next: Vec<String> = (0..n).map(|i| format!("%a{}", (i + 1) % n)).collect();
            writeln!(
                src,
                "export func @carry(%c: i32) -> i32 {{\nentry:\n    jump top({zeros})"
            )
            .unwrap();
            writeln!(src, "top({}):", params.join(", ")).unwrap();
            writeln!(src, "    br_if %c, top({}), out", next.join(", ")).unwrap();
            writeln!(src, "out:\n    ret %a0\n}}").unwrap();
        }
    }
    src
}

/// Random modules at the engines' limits: each either fails to parse or verify with a
/// located error, or compiles to a module that validates, or is refused with an
/// implementation-limit error — never an internal error (which `lirc` reports with
/// exit 70). `LIR_LIMIT_MODULES=N` sets how many (default 150).
#[test]
fn random_modules_at_the_limits_never_make_an_internal_error() {
    let count: u64 = std::env::var("LIR_LIMIT_MODULES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let (mut compiled, mut rejected, mut refused) = (0, 0, 0);
    for seed in 0..count {
        let src = module_at_a_limit(seed);
        let module = match lir::text::parse(&src) {
            Ok(module) => module,
            Err(errors) => panic!("seed {seed}: the generator wrote bad text: {errors}"),
        };
        if let Err(errors) = lir::verify::verify(&module) {
            for e in &errors.0 {
                assert!(
                    !e.span.is_none(),
                    "seed {seed}: an error without a location: {e}"
                );
            }
            rejected += 1;
            continue;
        }
        match lir_wasm::compile(&module, &Options::default()) {
            Ok(_) => compiled += 1,
            Err(CompileError::Internal { function, message }) => {
                panic!("seed {seed}: internal error in @{function}: {message}")
            }
            Err(_) => refused += 1,
        }
        // Again with a budget of locals that the many-values shapes exceed (and that
        // 1,002 parameters still fit): those spill to the shadow stack, and the
        // result must still validate.
        let spilling = Options {
            max_locals: 1_100,
            ..Options::default()
        };
        if let Err(CompileError::Internal { function, message }) =
            lir_wasm::compile(&module, &spilling)
        {
            panic!("seed {seed}: internal error in @{function} with 1,100 locals: {message}")
        }
    }
    eprintln!(
        "{count} modules at the limits: {compiled} compiled and validated, {rejected} \
         rejected by the verifier, {refused} refused by the backend"
    );
    assert_eq!(compiled + rejected + refused, count);
    assert!(compiled > 0 && (count < 20 || rejected > 0));
}
