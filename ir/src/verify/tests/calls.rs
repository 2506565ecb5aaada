//! Negative tests of typing rules that involve other entities: addresses, globals,
//! direct and indirect calls, syscalls, branches, `switch`, `ret` and tail calls.

use super::*;

#[test]
fn addresses() {
    let mut m = sample_module();
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    b.op(
        entry,
        InstKind::DataAddr {
            data: greeting(),
            offset: 6,
        },
        I32,
    ); // one past the end: allowed
    b.op(
        entry,
        InstKind::DataAddr {
            data: greeting(),
            offset: 7,
        },
        I32,
    );
    b.op(
        entry,
        InstKind::DataAddr {
            data: Data::new(9),
            offset: 0,
        },
        I32,
    );
    b.op(
        entry,
        InstKind::FuncAddr {
            func: Func::new(99),
        },
        I32,
    );
    b.op(entry, InstKind::HeapBase, I64);
    b.ret(entry, &[]);
    m.add_function(b.f);
    let errors = messages(&m);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].ends_with("offset 7 is past the end of @greeting (6 bytes)"));
    assert!(errors[1].ends_with("refers to a data object that does not exist (data9)"));
    assert!(errors[2].ends_with("refers to a function that does not exist (func99)"));
    assert!(errors[3].ends_with("the result has type i64, but the instruction produces i32"));
}

#[test]
fn globals() {
    let mut m = sample_module();
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let (one32, one64) = (b.i32(1), b.i64(1));
    b.effect(
        entry,
        InstKind::GlobalSet {
            global: limit(),
            value: one64,
        },
    );
    b.effect(
        entry,
        InstKind::GlobalSet {
            global: counter(),
            value: one64,
        },
    );
    b.effect(
        entry,
        InstKind::GlobalSet {
            global: Global::new(7),
            value: one32,
        },
    );
    b.op(
        entry,
        InstKind::GlobalGet {
            global: Global::new(8),
        },
        I32,
    );
    b.op(entry, InstKind::GlobalGet { global: limit() }, I32);
    b.ret(entry, &[]);
    m.add_function(b.f);
    let errors = messages(&m);
    assert_eq!(errors.len(), 5, "{errors:#?}");
    assert!(errors[0].ends_with("@limit is not mutable"));
    assert!(errors[1].ends_with("the value stored in @counter must be i32, got i64"));
    assert!(errors[2].ends_with("refers to a global that does not exist (global7)"));
    assert!(errors[3].ends_with("refers to a global that does not exist (global8)"));
    assert!(errors[4].ends_with("the result has type i32, but the instruction produces i64"));
}

#[test]
fn direct_calls() {
    let mut m = sample_module();
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let (one32, one64) = (b.i32(1), b.i64(1));
    b.op(
        entry,
        InstKind::Call {
            func: fib(),
            args: vec![],
        },
        I32,
    );
    b.op(
        entry,
        InstKind::Call {
            func: fib(),
            args: vec![one64],
        },
        I32,
    );
    b.effect(
        entry,
        InstKind::Call {
            func: fib(),
            args: vec![one32],
        },
    );
    b.f.append_inst(
        entry,
        InstKind::Call {
            func: host_log(),
            args: vec![one32, one32],
        },
        &[I64],
    );
    b.effect(
        entry,
        InstKind::Call {
            func: Func::new(42),
            args: vec![],
        },
    );
    b.ret(entry, &[]);
    m.add_function(b.f);
    let errors = messages(&m);
    assert_eq!(errors.len(), 5, "{errors:#?}");
    assert!(errors[0].ends_with("@fib takes 1 argument, got 0"));
    assert!(errors[1].ends_with("argument 1 of @fib must be i32, got i64"));
    assert!(errors[2].ends_with("the instruction produces 1 result but defines 0"));
    assert!(errors[3].ends_with("the instruction produces 0 results but defines 1"));
    assert!(errors[4].ends_with("refers to a function that does not exist (func42)"));
}

#[test]
fn indirect_calls() {
    let sig = Signature::new([I32, F64], [I64]);
    let s = sig.clone();
    let m = single(
        "f",
        move |b| InstKind::CallIndirect {
            sig: Box::new(s),
            callee: b.i64(1),
            args: vec![b.i32(1), b.f64(1.0)],
        },
        Some(I64),
    );
    assert_single_error(&m, "the callee (a table index) must be i32, got i64");
    let s = sig.clone();
    let m = single(
        "f",
        move |b| InstKind::CallIndirect {
            sig: Box::new(s),
            callee: b.i32(1),
            args: vec![b.i32(1), b.i32(1)],
        },
        Some(I64),
    );
    assert_single_error(&m, "argument 2 of the signature must be f64, got i32");
    let s = sig.clone();
    let m = single(
        "f",
        move |b| InstKind::CallIndirect {
            sig: Box::new(s),
            callee: b.i32(1),
            args: vec![b.i32(1), b.f64(1.0)],
        },
        Some(I32),
    );
    assert_single_error(
        &m,
        "the result has type i32, but the instruction produces i64",
    );
}

#[test]
fn syscalls() {
    let m = single(
        "f",
        |b| InstKind::Syscall {
            call: Syscall::Write,
            args: vec![b.i32(1), b.i32(0)],
        },
        Some(I32),
    );
    assert_single_error(&m, "syscall.write takes 3 operands, got 2");
    let m = single(
        "f",
        |b| InstKind::Syscall {
            call: Syscall::Seek,
            args: vec![b.i32(1), b.i32(0), b.i32(0)],
        },
        Some(I64),
    );
    assert_single_error(&m, "operand 2 of syscall.seek must be i64, got i32");
    let m = single(
        "f",
        |b| InstKind::Syscall {
            call: Syscall::Sleep,
            args: vec![b.i64(1)],
        },
        Some(I64),
    );
    assert_single_error(
        &m,
        "the result has type i64, but the instruction produces i32",
    );
    let m = single(
        "f",
        |b| InstKind::Syscall {
            call: Syscall::Exit,
            args: vec![b.i32(0)],
        },
        Some(I32),
    );
    assert_single_error(&m, "the instruction produces 0 results but defines 1");
}

#[test]
fn branch_arguments_match_parameters() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let (target, other) = (b.named_block("target"), b.named_block("other"));
    b.block_param(target, I32);
    b.block_param(target, F64);
    let (one, half) = (b.i32(1), b.f64(0.5));
    b.effect(
        entry,
        InstKind::BrIf {
            cond: half,
            then_dest: BlockCall::new(target, vec![one]),
            else_dest: BlockCall::new(other, vec![]),
        },
    );
    b.jump(other, target, &[half, half]);
    b.ret(target, &[]);
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].ends_with("the condition must be i32, got f64"));
    assert!(errors[1].ends_with("block target takes 2 arguments, got 1"));
    assert!(errors[2].ends_with("argument 1 of block target must be i32, got f64"));
}

#[test]
fn branch_targets_exist_and_are_in_the_layout() {
    let mut b = Build::new("f", &[], &[]);
    let entry = b.block();
    let deleted = b.named_block("deleted");
    b.f.layout.pop();
    let zero = b.i32(0);
    b.effect(
        entry,
        InstKind::BrIf {
            cond: zero,
            then_dest: BlockCall::new(deleted, vec![]),
            else_dest: BlockCall::new(Block::new(30), vec![]),
        },
    );
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].ends_with("branch to block deleted, which is not in the layout"));
    assert!(errors[1].ends_with("branch to a block that does not exist (block30)"));
}

#[test]
fn switches() {
    let mut b = Build::new("f", &[I32, I64, F32], &[]);
    let (x32, x64, xf) = (b.param(0), b.param(1), b.param(2));
    let (entry, s64, sf, done) = (b.block(), b.block(), b.block(), b.named_block("done"));
    let case = |k: u64| (k, BlockCall::new(done, vec![]));
    let to = |block| BlockCall::new(block, vec![]);
    b.effect(
        entry,
        InstKind::Switch {
            index: x32,
            default: to(s64),
            cases: vec![case(1), case(0x1_0000_0000), case(1)].into(),
        },
    );
    b.effect(
        s64,
        InstKind::Switch {
            index: x64,
            default: to(sf),
            cases: vec![case(0x1_0000_0000), case(u64::MAX), case(u64::MAX)].into(),
        },
    );
    b.effect(
        sf,
        InstKind::Switch {
            index: xf,
            default: to(done),
            cases: Default::default(),
        },
    );
    b.ret(done, &[]);
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].ends_with("case key 0x100000000 does not fit the i32 index"));
    assert!(errors[1].ends_with("case key 1 appears twice"));
    assert!(errors[2].ends_with("case key -1 appears twice"));
    assert!(errors[3].ends_with("the switch index must be i32 or i64, got f32"));
}

#[test]
fn returns_match_the_signature() {
    let mut b = Build::new("f", &[I32], &[I32, F64]);
    let x = b.param(0);
    let (entry, a, c) = (b.block(), b.block(), b.block());
    b.br_if(entry, x, a, c);
    b.ret(a, &[x]);
    b.ret(c, &[x, x]);
    let errors = messages(&module_of([b.f]));
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].ends_with("the function returns 2 values, `ret` has 1"));
    assert!(errors[1].ends_with("returned value 2 must be f64, got i32"));
}

#[test]
fn tail_calls_return_the_callers_results() {
    let mut m = sample_module();
    let mut b = Build::new("f", &[I32], &[I64]);
    let x = b.param(0);
    let (entry, a, c) = (b.block(), b.block(), b.block());
    b.br_if(entry, x, a, c);
    b.effect(
        a,
        InstKind::ReturnCall {
            func: fib(),
            args: vec![x],
        },
    );
    let sig = Signature::new([], [I32, I32]);
    b.effect(
        c,
        InstKind::ReturnCallIndirect {
            sig: Box::new(sig),
            callee: x,
            args: vec![x],
        },
    );
    m.add_function(b.f);
    let errors = messages(&m);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].ends_with(
        "a tail call must return the caller's results: @fib returns i32 but @f returns i64"
    ));
    assert!(errors[1].ends_with("the signature takes 0 arguments, got 1"));
    assert!(errors[2].ends_with("the signature returns (i32, i32) but @f returns i64"));
}

#[test]
fn signatures_at_the_engines_limits_pass_and_one_more_is_rejected() {
    use crate::verify::{MAX_PARAMS, MAX_RESULTS};
    let sig = |params: usize, results: usize| {
        let mut text = String::from("func @f(");
        let names: Vec<String> = (0..params).map(|i| format!("%p{i}: i32")).collect();
        text.push_str(&names.join(", "));
        text.push_str(") -> (");
        text.push_str(&vec!["i32"; results].join(", "));
        text.push_str(") {\n    trap\n}\n");
        text.push_str("func @g(%fp: i32, %x: i64) {\n    call_indirect %fp(");
        text.push_str(&vec!["%x"; params].join(", "));
        text.push_str(") : (");
        text.push_str(&vec!["i64"; params].join(", "));
        text.push_str(") -> ()\n    ret\n}\n");
        text
    };
    let at_limit = crate::text::parse(&sig(MAX_PARAMS, MAX_RESULTS)).unwrap();
    assert_eq!(verify(&at_limit), Ok(()));

    let errors = |text: &str| -> Vec<String> {
        let module = crate::text::parse(text).unwrap();
        verify(&module)
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect()
    };
    let too_many_params = errors(&sig(MAX_PARAMS + 1, 0));
    assert!(
        too_many_params[0].contains("@f") && too_many_params[0].contains("1:1"),
        "{too_many_params:?}"
    );
    assert!(too_many_params[0]
        .contains("the function has 1001 parameters; implementation limit: at most 1000"));
    assert!(too_many_params.iter().any(
        |e| e.contains("@g") && e.contains("the indirect call's signature has 1001 parameters")
    ));
    let too_many_results = errors(&sig(0, MAX_RESULTS + 1));
    assert!(
        too_many_results[0]
            .contains("the function has 1001 results; implementation limit: at most 1000"),
        "{too_many_results:?}"
    );
}
