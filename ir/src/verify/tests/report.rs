//! Tests of the public API: every error is reported, in order, with its function,
//! block, instruction and span, and prints in the documented format.

use super::*;

#[test]
fn all_errors_are_reported_in_order() {
    let mut module = sample_module();
    module.globals[counter()].init = Imm::i64(0);
    let mut b = Build::new("bad", &[I32], &[I32]);
    let x = b.param(0);
    let entry = b.block();
    let wide = b.i64(1);
    b.binary(entry, BinaryOp::Add, x, wide);
    let f = b.f.const_value(Imm::f32(1.0));
    b.ret(entry, &[f]);
    let bad = module.add_function(b.f);
    let stop = module.func_by_name("stop").unwrap();
    module.funcs[stop].layout.clear();

    let errors = verify(&module).unwrap_err();
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].contains("global @counter: initializer is an i64 but the global is i32"));
    assert_eq!(
        messages[1],
        "in @stop: a defined function needs at least one block"
    );
    assert!(messages[2].starts_with("in @bad, block bb0, at `"));
    assert!(messages[2].ends_with("`: operand types differ: i32 and i64"));
    assert!(messages[3].ends_with("returned value 1 must be i32, got f32"));
    assert_eq!(
        errors
            .iter()
            .filter(|e| e.func.as_deref() == Some("bad"))
            .count(),
        2
    );
    assert_eq!(
        errors.0[2].func.as_deref(),
        Some(module.funcs[bad].name.as_str())
    );
    // `VerifyErrors` prints one error per line.
    assert_eq!(errors.to_string(), messages.join("\n"));
}

#[test]
fn error_fields_name_function_block_and_instruction() {
    let mut b = Build::new("f", &[I32], &[]);
    let x = b.param(0);
    let entry = b.named_block("start");
    let wide = b.i64(1);
    let inst = b.effect(
        entry,
        InstKind::GlobalSet {
            global: Global::new(9),
            value: wide,
        },
    );
    b.ret(entry, &[]);
    let _ = x;
    let mut module = module_of([b.f]);
    let errors = verify(&module).unwrap_err();
    let error = &errors.0[0];
    assert_eq!(error.func.as_deref(), Some("f"));
    assert_eq!(error.block.as_deref(), Some("start"));
    assert!(error.inst.is_some());
    assert_eq!(error.span, Span::NONE);
    assert!(
        error.message.contains("global that does not exist"),
        "{error}"
    );

    // With spans (as the parser records them), the instruction's position is used.
    let span = Span {
        start: 40,
        end: 52,
        line: 3,
        col: 5,
    };
    module.funcs[Func::new(0)].spans.insts[inst] = span;
    let error = verify(&module).unwrap_err().0.remove(0);
    assert_eq!(error.span, span);
    assert!(
        error
            .to_string()
            .starts_with("3:5: in @f, block start, at `"),
        "{error}"
    );
}

#[test]
fn spans_fall_back_to_block_then_header() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let next = b.block();
    b.jump(entry, next, &[]);
    let header = Span {
        start: 0,
        end: 4,
        line: 1,
        col: 1,
    };
    let block = Span {
        start: 20,
        end: 25,
        line: 3,
        col: 1,
    };
    b.f.spans.header = header;
    b.f.spans.blocks[next] = block;
    let errors = verify(&module_of([b.f])).unwrap_err();
    let spans: Vec<Span> = errors.iter().map(|e| e.span).collect();
    // `next` lacks a terminator (block span); the jump targets nothing wrong.
    assert_eq!(spans, vec![block]);
    assert_eq!(
        errors.0[0].to_string(),
        "3:1: in @f, block bb1: the block does not end with a terminator"
    );
}

#[test]
fn module_item_errors_have_no_function() {
    let mut module = Module::new();
    module.memory = Some(MemoryDecl {
        min_pages: 3,
        max_pages: Some(2),
        export: None,
    });
    module.spans.memory = Span {
        start: 0,
        end: 6,
        line: 1,
        col: 1,
    };
    let errors = verify(&module).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors.0[0].func, None);
    assert_eq!(
        errors.0[0].to_string(),
        "1:1: memory maximum (2 pages) is below its minimum (3 pages)"
    );
}
