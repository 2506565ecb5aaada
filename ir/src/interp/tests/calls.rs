//! Calls: recursion, multiple results, tail calls, call depth, indirect calls,
//! imports, the shadow stack and `invoke` argument checking.

use super::*;
use crate::interp::InterpConfig;
use crate::layout::Layout;
use BinaryOp::*;
use CompareOp::*;
use Type::*;

/// `@fib(%n) -> i32`, naive recursion; `fib` is the module's function 0.
fn fib() -> Function {
    let mut b = FnBuilder::new("fib", &[I32], &[I32]);
    let n = b.param(0);
    let (small, _) = b.block(&[]);
    let (big, _) = b.block(&[]);
    let two = b.i32(2);
    let lt = b.cmp(LtS, n, two);
    b.br_if(lt, (small, &[]), (big, &[]));
    b.switch_to(small);
    b.ret(&[n]);
    b.switch_to(big);
    let one = b.i32(1);
    let n1 = b.bin(Sub, n, one);
    let n2 = b.bin(Sub, n, two);
    let f = Func::from_u32(0);
    let a = b.call(f, &[n1], &[I32])[0];
    let c = b.call(f, &[n2], &[I32])[0];
    let r = b.bin(Add, a, c);
    b.ret(&[r]);
    b.finish()
}

#[test]
fn recursive_calls() {
    let mut interp = instance(&module_of([fib()]));
    assert_eq!(
        interp.invoke("fib", &[Imm::i32(20)]),
        Ok(vec![Imm::i32(6765)])
    );
    assert_eq!(interp.invoke("fib", &[Imm::i32(1)]), Ok(vec![Imm::i32(1)]));
}

#[test]
fn calls_with_several_results() {
    let mut d = FnBuilder::new("divmod", &[I32, I32], &[I32, I32]);
    let (a, b) = (d.param(0), d.param(1));
    let q = d.bin(DivU, a, b);
    let r = d.bin(RemU, a, b);
    d.ret(&[q, r]);
    // `@use(%a, %b) -> i32` returns q * 100 + r, and keeps a value live across the call.
    let mut u = FnBuilder::new("use", &[I32, I32], &[I32]);
    let (a, b) = (u.param(0), u.param(1));
    let hundred = u.i32(100);
    let qr = u.call(Func::from_u32(0), &[a, b], &[I32, I32]);
    let scaled = u.bin(Mul, qr[0], hundred);
    let sum = u.bin(Add, scaled, qr[1]);
    let sum = u.bin(Add, sum, a);
    u.ret(&[sum]);
    let mut interp = instance(&module_of([d.finish(), u.finish()]));
    assert_eq!(
        interp.invoke("divmod", &[Imm::i32(47), Imm::i32(10)]),
        Ok(vec![Imm::i32(4), Imm::i32(7)])
    );
    assert_eq!(
        interp.invoke("use", &[Imm::i32(47), Imm::i32(10)]),
        Ok(vec![Imm::i32(454)])
    );
}

/// `@count(%n: i64, %acc: i64) -> i64`: tail-recursive sum of 1..=n.
fn count_down() -> Function {
    let mut b = FnBuilder::new("count", &[I64, I64], &[I64]);
    let (n, acc) = (b.param(0), b.param(1));
    let (done, _) = b.block(&[]);
    let (more, _) = b.block(&[]);
    let zero = b.i64(0);
    let is_zero = b.cmp(Eq, n, zero);
    b.br_if(is_zero, (done, &[]), (more, &[]));
    b.switch_to(done);
    b.ret(&[acc]);
    b.switch_to(more);
    let one = b.i64(1);
    let n1 = b.bin(Sub, n, one);
    let acc2 = b.bin(Add, acc, n);
    b.inst(
        InstKind::ReturnCall {
            func: Func::from_u32(0),
            args: vec![n1, acc2],
        },
        &[],
    );
    b.finish()
}

#[test]
fn a_million_tail_calls_run_in_constant_space() {
    let mut interp = instance_with(
        &module_of([count_down()]),
        InterpConfig::new().max_call_depth(10),
    );
    let n = 1_000_000i64;
    assert_eq!(
        interp.invoke("count", &[Imm::i64(n), Imm::i64(0)]),
        Ok(vec![Imm::i64(n * (n + 1) / 2)])
    );
}

/// `@even(%n) -> i32` and `@odd(%n) -> i32`, mutually tail-recursive, with a stack
/// slot each so that every tail call must release a frame.
fn even_odd() -> [Function; 2] {
    let make = |name: &str, other: u32, at_zero: i32| {
        let mut b = FnBuilder::new(name, &[I32], &[I32]);
        let (_, slot) = b.f.create_slot(64, None);
        let n = b.param(0);
        b.store(slot, 0, n);
        let (zero_case, _) = b.block(&[]);
        let (step, _) = b.block(&[]);
        let zero = b.i32(0);
        let is_zero = b.cmp(Eq, n, zero);
        b.br_if(is_zero, (zero_case, &[]), (step, &[]));
        b.switch_to(zero_case);
        let r = b.i32(at_zero);
        b.ret(&[r]);
        b.switch_to(step);
        let one = b.i32(1);
        let n1 = b.bin(Sub, n, one);
        b.inst(
            InstKind::ReturnCall {
                func: Func::from_u32(other),
                args: vec![n1],
            },
            &[],
        );
        b.finish()
    };
    [make("even", 1, 1), make("odd", 0, 0)]
}

#[test]
fn mutual_tail_recursion_releases_frames() {
    let module = module_of(even_odd());
    let mut interp = instance(&module);
    let top = Layout::compute(&module).unwrap().stack_top;
    assert_eq!(
        interp.invoke("even", &[Imm::i32(1_000_001)]),
        Ok(vec![Imm::i32(0)])
    );
    assert_eq!(
        interp.invoke("odd", &[Imm::i32(1_000_001)]),
        Ok(vec![Imm::i32(1)])
    );
    assert_eq!(interp.stack_pointer(), top);
}

/// `@rec(%n) -> i32`: recursion depth n (not a tail call).
fn deep() -> Function {
    let mut b = FnBuilder::new("rec", &[I32], &[I32]);
    let n = b.param(0);
    let (base, _) = b.block(&[]);
    let (step, _) = b.block(&[]);
    let zero = b.i32(0);
    let is_zero = b.cmp(Eq, n, zero);
    b.br_if(is_zero, (base, &[]), (step, &[]));
    b.switch_to(base);
    b.ret(&[zero]);
    b.switch_to(step);
    let one = b.i32(1);
    let n1 = b.bin(Sub, n, one);
    let r = b.call(Func::from_u32(0), &[n1], &[I32])[0];
    let r = b.bin(Add, r, one);
    b.ret(&[r]);
    b.finish()
}

#[test]
fn deep_recursion_traps_without_crashing() {
    let module = module_of([deep()]);
    let mut interp = instance(&module);
    // The documented minimum works with the default limit.
    assert_eq!(
        interp.invoke("rec", &[Imm::i32(10_000)]),
        Ok(vec![Imm::i32(10_000)])
    );
    assert_trap(
        interp.invoke("rec", &[Imm::i32(1_000_000)]),
        TrapKind::CallStackExhausted,
        "rec",
    );
    // The instance is still usable afterwards.
    assert_eq!(interp.invoke("rec", &[Imm::i32(5)]), Ok(vec![Imm::i32(5)]));

    // `max_call_depth` counts active frames, the outermost included.
    let mut limited = instance_with(&module, InterpConfig::new().max_call_depth(100));
    assert_eq!(
        limited.invoke("rec", &[Imm::i32(99)]),
        Ok(vec![Imm::i32(99)])
    );
    assert_trap(
        limited.invoke("rec", &[Imm::i32(100)]),
        TrapKind::CallStackExhausted,
        "rec",
    );
}

/// A module with `@inc(i32) -> i32`, `@neg(i64) -> i64` (both address-taken) and
/// `@dispatch(%fp, %x) -> i32` calling `%fp(%x) : (i32) -> i32`, plus
/// `@tail_dispatch` doing the same as a tail call.
fn indirect_module() -> Module {
    let mut inc = FnBuilder::new("inc", &[I32], &[I32]);
    let one = inc.i32(1);
    let r = inc.bin(Add, inc.param(0), one);
    inc.ret(&[r]);
    let mut neg = FnBuilder::new("neg", &[I64], &[I64]);
    let zero = neg.i64(0);
    let r = neg.bin(Sub, zero, neg.param(0));
    neg.ret(&[r]);
    let sig = Signature::new([I32], [I32]);
    let mut dispatch = FnBuilder::new("dispatch", &[I32, I32], &[I32]);
    let (fp, x) = (dispatch.param(0), dispatch.param(1));
    let r = dispatch.inst1(
        InstKind::CallIndirect {
            sig: sig.clone(),
            callee: fp,
            args: vec![x],
        },
        I32,
    );
    dispatch.ret(&[r]);
    let mut tail = FnBuilder::new("tail_dispatch", &[I32, I32], &[I32]);
    let (fp, x) = (tail.param(0), tail.param(1));
    tail.inst(
        InstKind::ReturnCallIndirect {
            sig,
            callee: fp,
            args: vec![x],
        },
        &[],
    );
    // `@addrs() -> (i32, i32)` takes both addresses.
    let mut addrs = FnBuilder::new("addrs", &[], &[I32, I32]);
    let a = addrs.inst1(
        InstKind::FuncAddr {
            func: Func::from_u32(0),
        },
        I32,
    );
    let b = addrs.inst1(
        InstKind::FuncAddr {
            func: Func::from_u32(1),
        },
        I32,
    );
    addrs.ret(&[a, b]);
    module_of([
        inc.finish(),
        neg.finish(),
        dispatch.finish(),
        tail.finish(),
        addrs.finish(),
    ])
}

#[test]
fn indirect_calls_check_the_table_and_signature() {
    let module = indirect_module();
    let mut interp = instance(&module);
    assert_eq!(
        interp.invoke("addrs", &[]),
        Ok(vec![Imm::i32(1), Imm::i32(2)])
    );
    for func in ["dispatch", "tail_dispatch"] {
        assert_eq!(
            interp.invoke(func, &[Imm::i32(1), Imm::i32(41)]),
            Ok(vec![Imm::i32(42)])
        );
        assert_trap(
            interp.invoke(func, &[Imm::i32(0), Imm::i32(1)]),
            TrapKind::UninitializedElement,
            func,
        );
        assert_trap(
            interp.invoke(func, &[Imm::i32(2), Imm::i32(1)]),
            TrapKind::IndirectCallTypeMismatch,
            func,
        );
        assert_trap(
            interp.invoke(func, &[Imm::i32(3), Imm::i32(1)]),
            TrapKind::UndefinedElement,
            func,
        );
        assert_trap(
            interp.invoke(func, &[Imm::i32(-1), Imm::i32(1)]),
            TrapKind::UndefinedElement,
            func,
        );
    }
}

#[test]
fn calling_an_import_is_an_error_of_the_run() {
    let import = Function::new_import(
        "host_log",
        Signature::new([I32], []),
        crate::Import {
            module: "env".into(),
            name: "log".into(),
        },
    );
    let mut caller = FnBuilder::new("caller", &[], &[]);
    let one = caller.i32(1);
    caller.call(Func::from_u32(0), &[one], &[]);
    caller.ret(&[]);
    let mut interp = instance(&module_of([import, caller.finish()]));
    let expected = RunError::UnknownImport {
        func: "host_log".into(),
        module: "env".into(),
        name: "log".into(),
    };
    assert_eq!(interp.invoke("caller", &[]), Err(expected.clone()));
    assert_eq!(
        interp.invoke("host_log", &[Imm::i32(1)]),
        Err(expected.clone())
    );
    assert!(
        expected.to_string().contains("\"env\" \"log\""),
        "{expected}"
    );
}

#[test]
fn invoke_checks_the_function_and_its_arguments() {
    let mut interp = instance(&module_of([fib()]));
    assert_eq!(
        interp.invoke("nope", &[]),
        Err(RunError::NoSuchFunction {
            name: "nope".into()
        })
    );
    let err = interp.invoke("fib", &[]).unwrap_err();
    assert!(matches!(err, RunError::BadArguments { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "bad arguments for @fib: expected (i32), got ()"
    );
    let err = interp.invoke("fib", &[Imm::i64(3)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad arguments for @fib: expected (i32), got (i64)"
    );
}

/// `@frame() -> (i32, i32)`: the addresses of its two slots (16 bytes, 4 bytes
/// aligned to 16) and of a nested call's slot.
#[test]
fn slots_live_in_shadow_stack_frames() {
    let mut inner = FnBuilder::new("inner", &[], &[I32]);
    let (_, s) = inner.f.create_slot(8, None);
    inner.ret(&[s]);
    let mut outer = FnBuilder::new("outer", &[], &[I32, I32, I32]);
    let (_, a) = outer.f.create_slot(20, Some(4));
    let (_, b) = outer.f.create_slot(4, Some(16));
    let c = outer.call(Func::from_u32(0), &[], &[I32])[0];
    outer.ret(&[a, b, c]);
    let module = module_of([inner.finish(), outer.finish()]);
    let top = Layout::compute(&module).unwrap().stack_top;
    let mut interp = instance(&module);
    // outer: a at 0 (20 bytes), b at 32; frame 48 bytes. inner: 16 bytes below.
    let base = top - 48;
    assert_eq!(
        interp.invoke("outer", &[]),
        Ok(vec![
            Imm::i32(base as i32),
            Imm::i32(base as i32 + 32),
            Imm::i32(base as i32 - 16)
        ])
    );
    assert_eq!(interp.stack_pointer(), top);
}

#[test]
fn stack_alloc_rounds_to_16_and_is_released_on_return() {
    let mut b = FnBuilder::new("alloc", &[I32, I32], &[I32, I32]);
    let (_, _slot) = b.f.create_slot(16, None);
    let p = b.inst1(InstKind::StackAlloc { size: b.param(0) }, I32);
    let q = b.inst1(InstKind::StackAlloc { size: b.param(1) }, I32);
    b.ret(&[p, q]);
    let module = module_of([b.finish()]);
    let layout = Layout::compute(&module).unwrap();
    let top = layout.stack_top as i32;
    let mut interp = instance(&module);
    assert_eq!(
        interp.invoke("alloc", &[Imm::i32(1), Imm::i32(17)]),
        Ok(vec![Imm::i32(top - 32), Imm::i32(top - 64)])
    );
    assert_eq!(
        interp.invoke("alloc", &[Imm::i32(0), Imm::i32(16)]),
        Ok(vec![Imm::i32(top - 16), Imm::i32(top - 32)])
    );
    assert_eq!(interp.stack_pointer(), layout.stack_top);
    // The whole stack minus the frame fits; one more byte does not.
    let room = (layout.stack_top - layout.stack_base - 16) as i32;
    assert!(interp
        .invoke("alloc", &[Imm::i32(room), Imm::i32(0)])
        .is_ok());
    assert_trap(
        interp.invoke("alloc", &[Imm::i32(room - 15), Imm::i32(1)]),
        TrapKind::CallStackExhausted,
        "alloc",
    );
    // Sizes are unsigned: -1 is 4 GiB.
    assert_trap(
        interp.invoke("alloc", &[Imm::i32(-1), Imm::i32(0)]),
        TrapKind::CallStackExhausted,
        "alloc",
    );
    assert_eq!(interp.stack_pointer(), layout.stack_top);
}

#[test]
fn frames_below_the_stack_base_trap() {
    // 1000 bytes of slot per call: the default 64 KiB stack holds 65 frames.
    let mut b = FnBuilder::new("rec", &[I32], &[]);
    let (_, slot) = b.f.create_slot(1000, None);
    let n = b.param(0);
    b.store(slot, 0, n);
    let (stop, _) = b.block(&[]);
    let (step, _) = b.block(&[]);
    let zero = b.i32(0);
    let done = b.cmp(Eq, n, zero);
    b.br_if(done, (stop, &[]), (step, &[]));
    b.switch_to(stop);
    b.ret(&[]);
    b.switch_to(step);
    let one = b.i32(1);
    let n1 = b.bin(Sub, n, one);
    b.call(Func::from_u32(0), &[n1], &[]);
    b.ret(&[]);
    let module = module_of([b.finish()]);
    let mut interp = instance(&module);
    assert_eq!(interp.invoke("rec", &[Imm::i32(64)]), Ok(vec![]));
    assert_trap(
        interp.invoke("rec", &[Imm::i32(65)]),
        TrapKind::CallStackExhausted,
        "rec",
    );
    assert_eq!(
        interp.stack_pointer(),
        Layout::compute(&module).unwrap().stack_top
    );
}

#[test]
fn exit_during_invoke_ends_the_call() {
    let mut b = FnBuilder::new("quit", &[I32], &[I32]);
    let code = b.param(0);
    b.inst(
        InstKind::Syscall {
            call: crate::Syscall::Exit,
            args: vec![code],
        },
        &[],
    );
    b.inst(InstKind::Trap, &[]);
    let mut interp = instance(&module_of([b.finish()]));
    assert_eq!(
        interp.invoke("quit", &[Imm::i32(3)]),
        Err(RunError::Exit(3))
    );
}

/// Call-heavy throughput; run with
/// `cargo test --release -p lir -- --ignored --nocapture call_throughput`.
#[test]
#[ignore]
fn call_throughput() {
    let mut interp = instance(&module_of([fib()]));
    let start = std::time::Instant::now();
    assert_eq!(
        interp.invoke("fib", &[Imm::i32(32)]),
        Ok(vec![Imm::i32(2_178_309)])
    );
    let elapsed = start.elapsed();
    let n = interp.instructions_executed();
    println!(
        "fib(32): {n} instructions in {elapsed:?}: {:.1} M instructions/s",
        n as f64 / elapsed.as_secs_f64() / 1e6
    );
}

#[test]
fn malformed_functions_are_errors_not_panics() {
    // A block without a terminator.
    let unterminated = FnBuilder::new("open_end", &[], &[]);
    let err =
        Interpreter::new(&module_of([unterminated.finish()]), InterpConfig::new()).unwrap_err();
    assert!(
        err.to_string().contains("does not end with a terminator"),
        "{err}"
    );
    // A call of a function that does not exist, with the wrong arity.
    let mut bad_call = FnBuilder::new("bad_call", &[], &[]);
    bad_call.call(Func::from_u32(7), &[], &[]);
    bad_call.ret(&[]);
    let err = Interpreter::new(&module_of([bad_call.finish()]), InterpConfig::new()).unwrap_err();
    assert!(err.to_string().contains("unknown function"), "{err}");
    let mut arity = FnBuilder::new("arity", &[], &[]);
    arity.call(Func::from_u32(0), &[], &[]);
    arity.ret(&[]);
    let mut callee = FnBuilder::new("callee", &[I32], &[]);
    callee.ret(&[]);
    let err = Interpreter::new(
        &module_of([callee.finish(), arity.finish()]),
        InterpConfig::new(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("0 arguments for 1 parameters"),
        "{err}"
    );
    // An operation on the wrong type, and a function without blocks.
    let mut wrong = FnBuilder::new("wrong", &[I32, I32], &[I32]);
    let r = wrong.bin(BinaryOp::Div, wrong.param(0), wrong.param(1));
    wrong.ret(&[r]);
    let err = Interpreter::new(&module_of([wrong.finish()]), InterpConfig::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot execute @wrong: `div` is not defined on i32"
    );
    let empty = Function::new("empty", Signature::default());
    let err = Interpreter::new(&module_of([empty]), InterpConfig::new()).unwrap_err();
    assert!(err.to_string().contains("no blocks"), "{err}");
}

#[test]
fn interpreters_can_move_between_threads() {
    fn assert_send<T: Send>() {}
    assert_send::<Interpreter>();
    assert_send::<InterpConfig>();
    let mut interp = instance(&module_of([fib()]));
    let result = std::thread::spawn(move || interp.invoke("fib", &[Imm::i32(10)]))
        .join()
        .unwrap();
    assert_eq!(result, Ok(vec![Imm::i32(55)]));
}
