//! `lir_build`: the one-call pipeline's output and errors, and the diagnostics
//! renderer as a frontend uses it.

use lir_build::diagnostics::{self, Problem, Source};
use lir_build::{build, BuildError, OptLevel, Options, Target};

const HELLO: &str = r#"
data @hi = "hi\n"
func @main() -> i32 {
    %p = addr @hi
    %n = syscall.write 1, %p, sizeof @hi
    ret 0
}
"#;

fn imports(wasm: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(section) = payload.unwrap() {
            for import in section.into_imports() {
                let import = import.unwrap();
                names.push(format!("{}.{}", import.module, import.name));
            }
        }
    }
    names
}

#[test]
fn build_legalizes_for_each_target_and_validates() {
    let module = lir::text::parse(HELLO).unwrap();
    for level in [OptLevel::O0, OptLevel::O2, OptLevel::Oz] {
        let wasi = build(&module, Target::Wasip1, &Options::optimized(level)).unwrap();
        wasmparser::validate(&wasi).unwrap();
        let wasi_imports = imports(&wasi);
        assert!(
            wasi_imports
                .iter()
                .all(|i| i.starts_with("wasi_snapshot_preview1.")),
            "{level:?}: {wasi_imports:?}"
        );
        for needed in [
            "wasi_snapshot_preview1.fd_write",
            "wasi_snapshot_preview1.proc_exit",
        ] {
            assert!(
                wasi_imports.iter().any(|i| i == needed),
                "{level:?}: {wasi_imports:?}"
            );
        }
        let unknown = build(&module, Target::Unknown, &Options::optimized(level)).unwrap();
        wasmparser::validate(&unknown).unwrap();
        assert_eq!(imports(&unknown), ["env.write", "env.exit"], "{level:?}");
    }
    // The steps give the same bytes as the one call.
    let options = Options::optimized(OptLevel::O2);
    let prepared = lir_build::prepare(&module, Target::Wasip1, &options).unwrap();
    assert_eq!(
        lir_build::lower(&prepared, &options).unwrap(),
        build(&module, Target::Wasip1, &options).unwrap()
    );
}

#[test]
fn build_errors_say_what_is_wrong() {
    // Not valid LIR: the verifier's errors, not a panic or a backend error.
    let invalid = lir::text::parse("func @f() -> i32 { ret }");
    let invalid = match invalid {
        Ok(module) => module,
        Err(_) => {
            // The parser may reject it already; build one through the API instead.
            let mut module = lir::Module::new();
            let f = module.declare_function("f", lir::Signature::new([], [lir::Type::I32]));
            let mut b = lir::builder::FunctionBuilder::new(&mut module, f);
            let entry = b.create_block();
            b.switch_to_block(entry);
            b.ret(&[]);
            b.finalize();
            module
        }
    };
    let error = build(&invalid, Target::Wasip1, &Options::default()).unwrap_err();
    assert!(matches!(error, BuildError::Verify(_)), "{error}");
    assert!(!error.is_internal());
    // A `@main` that cannot be a program's entry.
    let bad_main = lir::text::parse("func @main(%x: f64) -> i32 { ret 0 }").unwrap();
    let error = build(&bad_main, Target::Wasip1, &Options::default()).unwrap_err();
    assert!(matches!(error, BuildError::Legalize(_)), "{error}");
    // A pass that does not exist is the caller's mistake, not lir's bug.
    let mut options = Options::default();
    options.opt.passes = Some(vec!["no-such-pass".into()]);
    let module = lir::text::parse(HELLO).unwrap();
    let error = build(&module, Target::Wasip1, &options).unwrap_err();
    assert!(matches!(error, BuildError::Optimize(_)), "{error}");
    assert!(error.to_string().contains("no-such-pass"), "{error}");
    assert!(!error.is_internal());
}

#[test]
fn diagnostics_show_file_line_column_source_and_caret() {
    let text = "func @f() -> i32 {\n    ret %nope\n}\n";
    let error = diagnostics::parse_and_verify("f.lir", text).unwrap_err();
    let lines: Vec<&str> = error.lines().collect();
    assert!(lines[0].starts_with("error"), "{error}");
    assert!(lines.iter().any(|l| l.contains("f.lir:2:")), "{error}");
    assert!(lines.iter().any(|l| l.contains("ret %nope")), "{error}");
    assert!(lines.iter().any(|l| l.contains('^')), "{error}");
    assert!(
        !error.contains('\u{1b}'),
        "no colour when stderr is not a terminal"
    );
    // Explicit colour, and a problem of the frontend's own.
    let problem = Problem {
        code: None,
        message: "custom".into(),
        span: lir::Span {
            start: 5,
            end: 7,
            line: 1,
            col: 6,
        },
        label: "this",
        notes: vec!["a note".into()],
        related: Vec::new(),
    };
    let file = Source {
        name: "f.lir",
        text,
    };
    let plain = diagnostics::render_with(file, std::slice::from_ref(&problem), false);
    assert!(plain.starts_with("error: custom\n"), "{plain}");
    assert!(plain.contains("a note"), "{plain}");
    let coloured = diagnostics::render_with(file, &[problem], true);
    assert!(coloured.contains('\u{1b}'), "{coloured}");
    // Valid text gives the module.
    assert!(diagnostics::parse_and_verify("ok.lir", HELLO).is_ok());
}
