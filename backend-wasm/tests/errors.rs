//! What the backend refuses, and how it says so.

mod common;
use common::compile_with;
use lir_wasm::{CompileError, Feature, Features};

fn error(src: &str, features: Features) -> String {
    match compile_with(src, features) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

/// Compiles a module the verifier would reject: the backend must still answer with an
/// error, not a panic.
fn unverified_error(src: &str) -> CompileError {
    let module = common::parse_unverified(src);
    let options = common::options(Features::default());
    lir_wasm::compile(&module, &options).expect_err("expected an error")
}

#[test]
fn syscalls_need_the_wasi_layer() {
    let src = "
export func @main() -> i32 {
    %n = syscall.write 1, 0, 0
    ret %n
}";
    let e = compile_with(src, Features::default()).unwrap_err();
    assert!(matches!(&e, CompileError::Unsupported { function, .. } if function == "main"));
    assert_eq!(
        e.to_string(),
        "@main: `%n = syscall.write 1, 0, 0`: system calls must be legalized for a target \
         before compiling: call `lir_wasi::legalize` first, or build with \
         `lir_build::build`, which does it"
    );
}

#[test]
fn disabled_features_without_fallback_are_errors() {
    let multi = "
func @pair() -> (i32, i32) {
    ret 1, 2
}";
    let no_multi = Features::default().with(Feature::MultiValue, false);
    assert_eq!(
        error(multi, no_multi),
        "@pair: returns several values, which needs the WebAssembly feature `multi-value` (disabled)"
    );
    let indirect = "
export func @f(%p: i32) -> i32 {
    %a, %b = call_indirect %p() : () -> (i32, i32)
    ret %a
}";
    assert!(error(indirect, no_multi).contains("`multi-value`"));

    let tail = "
func @g() {
    ret
}
export func @f() {
    return_call @g()
}";
    let no_tail = Features::default().with(Feature::TailCall, false);
    assert_eq!(
        error(tail, no_tail),
        "@f: uses return_call, which needs the WebAssembly feature `tail-call` (disabled)"
    );

    let global = "global @counter: i32 mut = 0 export \"counter\"";
    let no_mut = Features::default().with(Feature::MutableGlobals, false);
    assert!(error(global, no_mut).starts_with("@counter: is an exported mutable global"));
    // Immutable exports and unexported mutable globals are fine.
    let fine = "global @a: i32 = 0 export \"a\"\nglobal @b: i32 mut = 0";
    assert!(compile_with(fine, no_mut).is_ok());
}

#[test]
fn duplicate_export_names() {
    let src = "
export \"x\" func @a() {
    ret
}
global @g: i32 = 1 export \"x\"";
    assert_eq!(
        unverified_error(src).to_string(),
        "@x: the export name \"x\" is used twice"
    );
    let heap = "export \"__heap_base\" func @a() {\n    ret\n}";
    assert!(unverified_error(heap)
        .to_string()
        .contains("\"__heap_base\" is used twice"));
}

#[test]
fn layout_errors() {
    let e = unverified_error("memory 1 max 1\nstack 1000000");
    assert!(matches!(e, CompileError::Layout(_)), "{e}");
}

#[test]
fn malformed_modules_are_errors_not_panics() {
    use lir::{BlockCall, Function, InstKind, Module, Signature, Type, Value};
    let options = common::options(Features::default());
    // A block without a terminator.
    let mut f = Function::new("f", Signature::default());
    let b = f.create_block();
    let one = f.const_value(lir::Imm::i32(1));
    f.append_inst(
        b,
        InstKind::Binary {
            op: lir::BinaryOp::Add,
            args: [one, one],
        },
        &[Type::I32],
    );
    let mut m = Module::new();
    m.add_function(f);
    assert!(matches!(
        lir_wasm::compile(&m, &options),
        Err(CompileError::Invalid { .. })
    ));

    // A value that does not exist, and a branch with the wrong arity.
    let mut f = Function::new("g", Signature::default());
    let entry = f.create_block();
    let next = f.create_block();
    f.append_block_param(next, Type::I32);
    f.append_inst(
        entry,
        InstKind::Jump {
            dest: BlockCall::new(next, vec![]),
        },
        &[],
    );
    f.append_inst(
        next,
        InstKind::Ret {
            values: vec![Value::from_u32(999)],
        },
        &[],
    );
    let mut m = Module::new();
    m.add_function(f);
    let e = lir_wasm::compile(&m, &options).unwrap_err();
    assert!(matches!(e, CompileError::Invalid { .. }), "{e}");
}
