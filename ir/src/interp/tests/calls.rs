//! Calls: recursion, multiple results, tail calls, call depth, indirect calls,
//! imports, the shadow stack and `invoke` argument checking.

use super::*;
use crate::interp::InterpConfig;
use crate::layout::Layout;
use crate::{BinaryOp, Func};
use Type::*;

pub(super) const FIB: &str = "
    func @fib(%n: i32) -> i32 {
    entry:
        %small = lt_s %n, 2
        br_if %small, base, step
    base:
        ret %n
    step:
        %n1 = sub %n, 1
        %n2 = sub %n, 2
        %a = call @fib(%n1)
        %b = call @fib(%n2)
        %r = add %a, %b
        ret %r
    }";

#[test]
fn recursive_calls() {
    let mut m = load(FIB);
    assert_eq!(call(&mut m, "fib", &[Imm::i32(20)]), [Imm::i32(6765)]);
    assert_eq!(call(&mut m, "fib", &[Imm::i32(1)]), [Imm::i32(1)]);
}

#[test]
fn calls_with_several_results() {
    let mut m = load(
        "
        func @divmod(%a: i32, %b: i32) -> (i32, i32) {
            %q = div_u %a, %b
            %r = rem_u %a, %b
            ret %q, %r
        }
        ; q * 100 + r + a: %a stays live across the call.
        func @use(%a: i32, %b: i32) -> i32 {
            %q, %r = call @divmod(%a, %b)
            %s = mul %q, 100
            %t = add %s, %r
            %u = add %t, %a
            ret %u
        }",
    );
    let args = [Imm::i32(47), Imm::i32(10)];
    assert_eq!(call(&mut m, "divmod", &args), [Imm::i32(4), Imm::i32(7)]);
    assert_eq!(call(&mut m, "use", &args), [Imm::i32(454)]);
}

#[test]
fn a_million_tail_calls_run_in_constant_space() {
    let module = parse(
        "
        func @count(%n: i64, %acc: i64) -> i64 {
        entry:
            %z = eq %n, 0
            br_if %z, done, more
        done:
            ret %acc
        more:
            %n1 = sub %n, 1
            %acc2 = add %acc, %n
            return_call @count(%n1, %acc2)
        }",
    );
    let mut m = instance_with(&module, InterpConfig::new().max_call_depth(10));
    let n = 1_000_000i64;
    let result = call(&mut m, "count", &[Imm::i64(n), Imm::i64(0)]);
    assert_eq!(result, [Imm::i64(n * (n + 1) / 2)]);
}

#[test]
fn mutual_tail_recursion_releases_frames() {
    // Each function has a slot, so every tail call must release a frame.
    let module = parse(
        "
        func @even(%n: i32) -> i32 {
            slot %s 64
        entry:
            store.i32 [%s], %n
            %z = eq %n, 0
            br_if %z, yes, step
        yes:
            ret 1
        step:
            %n1 = sub %n, 1
            return_call @odd(%n1)
        }
        func @odd(%n: i32) -> i32 {
            slot %s 64
        entry:
            store.i32 [%s], %n
            %z = eq %n, 0
            br_if %z, no, step
        no:
            ret 0
        step:
            %n1 = sub %n, 1
            return_call @even(%n1)
        }",
    );
    let mut m = instance(&module);
    assert_eq!(call(&mut m, "even", &[Imm::i32(1_000_001)]), [Imm::i32(0)]);
    assert_eq!(call(&mut m, "odd", &[Imm::i32(1_000_001)]), [Imm::i32(1)]);
    assert_eq!(
        m.stack_pointer(),
        Layout::compute(&module).unwrap().stack_top
    );
}

#[test]
fn deep_recursion_traps_without_crashing() {
    let module = parse(
        "
        func @rec(%n: i32) -> i32 {
        entry:
            %z = eq %n, 0
            br_if %z, base, step
        base:
            ret 0
        step:
            %n1 = sub %n, 1
            %r = call @rec(%n1)
            %r1 = add %r, 1
            ret %r1
        }",
    );
    let mut m = instance(&module);
    // The documented minimum works with the default limit.
    assert_eq!(call(&mut m, "rec", &[Imm::i32(10_000)]), [Imm::i32(10_000)]);
    assert_trap(
        m.invoke("rec", &[Imm::i32(1_000_000)]),
        TrapKind::CallStackExhausted,
        "rec",
    );
    // The instance is still usable afterwards.
    assert_eq!(call(&mut m, "rec", &[Imm::i32(5)]), [Imm::i32(5)]);

    // `max_call_depth` counts active frames, the outermost included.
    let mut limited = instance_with(&module, InterpConfig::new().max_call_depth(100));
    assert_eq!(call(&mut limited, "rec", &[Imm::i32(99)]), [Imm::i32(99)]);
    assert_trap(
        limited.invoke("rec", &[Imm::i32(100)]),
        TrapKind::CallStackExhausted,
        "rec",
    );
}

#[test]
fn indirect_calls_check_the_table_and_signature() {
    let mut m = load(
        "
        func @inc(%x: i32) -> i32 {
            %r = add %x, 1
            ret %r
        }
        func @neg(%x: i64) -> i64 {
            %r = sub 0, %x
            ret %r
        }
        func @dispatch(%fp: i32, %x: i32) -> i32 {
            %r = call_indirect %fp(%x) : (i32) -> i32
            ret %r
        }
        func @tail_dispatch(%fp: i32, %x: i32) -> i32 {
            return_call_indirect %fp(%x) : (i32) -> i32
        }
        func @addrs() -> (i32, i32) {
            %a = funcaddr @inc
            %b = funcaddr @neg
            ret %a, %b
        }",
    );
    assert_eq!(call(&mut m, "addrs", &[]), [Imm::i32(1), Imm::i32(2)]);
    let args = |fp, x| [Imm::i32(fp), Imm::i32(x)];
    for f in ["dispatch", "tail_dispatch"] {
        assert_eq!(call(&mut m, f, &args(1, 41)), [Imm::i32(42)]);
        assert_trap(m.invoke(f, &args(0, 1)), TrapKind::UninitializedElement, f);
        assert_trap(
            m.invoke(f, &args(2, 1)),
            TrapKind::IndirectCallTypeMismatch,
            f,
        );
        assert_trap(m.invoke(f, &args(3, 1)), TrapKind::UndefinedElement, f);
        assert_trap(m.invoke(f, &args(-1, 1)), TrapKind::UndefinedElement, f);
    }
}

#[test]
fn calling_an_import_is_an_error_of_the_run() {
    let mut m = load(
        r#"
        import func @host_log(i32) from "env" "log"
        func @caller() {
            call @host_log(1)
            ret
        }"#,
    );
    let expected = RunError::UnknownImport {
        func: "host_log".into(),
        module: "env".into(),
        name: "log".into(),
    };
    assert_eq!(m.invoke("caller", &[]), Err(expected.clone()));
    assert_eq!(m.invoke("host_log", &[Imm::i32(1)]), Err(expected.clone()));
    assert!(
        expected.to_string().contains("\"env\" \"log\""),
        "{expected}"
    );
}

#[test]
fn invoke_checks_the_function_and_its_arguments() {
    let mut m = load(FIB);
    let missing = RunError::NoSuchFunction {
        name: "nope".into(),
    };
    assert_eq!(m.invoke("nope", &[]), Err(missing));
    let err = m.invoke("fib", &[]).unwrap_err();
    assert!(matches!(err, RunError::BadArguments { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "bad arguments for @fib: expected (i32), got ()"
    );
    let err = m.invoke("fib", &[Imm::i64(3)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad arguments for @fib: expected (i32), got (i64)"
    );
}

#[test]
fn slots_live_in_shadow_stack_frames() {
    let module = parse(
        "
        func @inner() -> i32 {
            slot %s 8
        entry:
            ret %s
        }
        func @outer() -> (i32, i32, i32) {
            slot %a 20 align 4
            slot %b 4 align 16
        entry:
            %c = call @inner()
            ret %a, %b, %c
        }",
    );
    let top = Layout::compute(&module).unwrap().stack_top as i32;
    let mut m = instance(&module);
    // outer: %a at 0 (20 bytes), %b at 32, a 48-byte frame; inner's frame is below.
    let base = top - 48;
    let expected = [Imm::i32(base), Imm::i32(base + 32), Imm::i32(base - 16)];
    assert_eq!(call(&mut m, "outer", &[]), expected);
    assert_eq!(m.stack_pointer(), top as u32);
}

#[test]
fn stack_alloc_rounds_to_16_and_is_released_on_return() {
    let module = parse(
        "
        func @alloc(%x: i32, %y: i32) -> (i32, i32) {
            slot %s 16
        entry:
            %p = stack.alloc %x
            %q = stack.alloc %y
            ret %p, %q
        }",
    );
    let layout = Layout::compute(&module).unwrap();
    let top = layout.stack_top as i32;
    let mut m = instance(&module);
    let args = |x, y| [Imm::i32(x), Imm::i32(y)];
    assert_eq!(
        call(&mut m, "alloc", &args(1, 17)),
        [Imm::i32(top - 32), Imm::i32(top - 64)]
    );
    assert_eq!(
        call(&mut m, "alloc", &args(0, 16)),
        [Imm::i32(top - 16), Imm::i32(top - 32)]
    );
    assert_eq!(m.stack_pointer(), layout.stack_top);
    // The whole stack minus the frame fits; one more byte does not.
    let room = (layout.stack_top - layout.stack_base - 16) as i32;
    call(&mut m, "alloc", &args(room, 0));
    let too_much = m.invoke("alloc", &args(room - 15, 1));
    assert_trap(too_much, TrapKind::CallStackExhausted, "alloc");
    // Sizes are unsigned: -1 is 4 GiB.
    assert_trap(
        m.invoke("alloc", &args(-1, 0)),
        TrapKind::CallStackExhausted,
        "alloc",
    );
    assert_eq!(m.stack_pointer(), layout.stack_top);
}

#[test]
fn frames_below_the_stack_base_trap() {
    // 1000 bytes of slot per call: the default 64 KiB stack holds 65 frames.
    let module = parse(
        "
        func @rec(%n: i32) {
            slot %s 1000
        entry:
            store.i32 [%s], %n
            %z = eq %n, 0
            br_if %z, stop, step
        stop:
            ret
        step:
            %n1 = sub %n, 1
            call @rec(%n1)
            ret
        }",
    );
    let mut m = instance(&module);
    assert_eq!(call(&mut m, "rec", &[Imm::i32(64)]), []);
    assert_trap(
        m.invoke("rec", &[Imm::i32(65)]),
        TrapKind::CallStackExhausted,
        "rec",
    );
    assert_eq!(
        m.stack_pointer(),
        Layout::compute(&module).unwrap().stack_top
    );
}

#[test]
fn exit_during_invoke_ends_the_call() {
    let mut m = load(
        "
        func @quit(%code: i32) -> i32 {
            syscall.exit %code
            trap
        }",
    );
    assert_eq!(m.invoke("quit", &[Imm::i32(3)]), Err(RunError::Exit(3)));
}

#[test]
fn malformed_functions_are_errors_not_panics() {
    let prepare = |funcs: Vec<Function>| Interpreter::new(&module_of(funcs), InterpConfig::new());
    let message = |funcs| prepare(funcs).unwrap_err().to_string();
    // A block without a terminator.
    let open_end = FnBuilder::new("open_end", &[], &[]).finish();
    assert!(message(vec![open_end]).contains("does not end with a terminator"));
    // A call of a function that does not exist, or with the wrong arity.
    let call_of = |name: &str, func: u32| {
        let mut b = FnBuilder::new(name, &[], &[]);
        let func = Func::from_u32(func);
        b.inst(InstKind::Call { func, args: vec![] }, &[]);
        b.ret(&[]);
        b.finish()
    };
    assert!(message(vec![call_of("bad_call", 7)]).contains("unknown function"));
    let mut callee = FnBuilder::new("callee", &[I32], &[]);
    callee.ret(&[]);
    let err = message(vec![callee.finish(), call_of("arity", 0)]);
    assert!(err.contains("0 arguments for 1 parameters"), "{err}");
    // An operation on the wrong type, and a function without blocks.
    let mut wrong = FnBuilder::new("wrong", &[I32, I32], &[I32]);
    let args = [wrong.f.params[0], wrong.f.params[1]];
    let r = wrong.inst(
        InstKind::Binary {
            op: BinaryOp::Div,
            args,
        },
        &[I32],
    );
    wrong.ret(&r);
    let err = message(vec![wrong.finish()]);
    assert_eq!(err, "cannot execute @wrong: `div` is not defined on i32");
    let empty = Function::new("empty", Signature::default());
    assert!(message(vec![empty]).contains("no blocks"));
}

#[test]
fn interpreters_can_move_between_threads() {
    fn assert_send<T: Send>() {}
    assert_send::<Interpreter>();
    assert_send::<InterpConfig>();
    let mut m = load(FIB);
    let result = std::thread::spawn(move || m.invoke("fib", &[Imm::i32(10)]))
        .join()
        .unwrap();
    assert_eq!(result, Ok(vec![Imm::i32(55)]));
}
