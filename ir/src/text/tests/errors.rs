//! Error messages and their positions, and recovery (several errors per text).

use super::{errors, single_error};

/// Wraps `body` lines in a function `@f(%a: i32, %l: i64) -> i32`; the body starts on
/// line 2.
fn in_func(body: &str) -> String {
    format!("func @f(%a: i32, %l: i64) -> i32 {{\n{body}\n}}")
}

#[test]
fn names_must_be_defined() {
    single_error(&in_func("    ret %nope"), "2:9: `%nope` is not defined");
    single_error(
        &in_func("    jump nowhere"),
        "2:10: block `nowhere` is not defined",
    );
    single_error(
        &in_func("    call @g()\n    ret 0"),
        "2:10: `@g` is not defined",
    );
    single_error(
        &(in_func("    %x = global.get @f\n    ret %x")),
        "2:21: `@f` is a function, not a global",
    );
    single_error(
        "global @g: i32 = 0\nfunc @f() {\n    %x = addr @g\n    ret\n}",
        "3:15: `@g` is a global, not a data object",
    );
    single_error(
        "data @d = { ptr @nothing }",
        "1:17: `@nothing` is not defined",
    );
}

#[test]
fn names_must_be_unique() {
    single_error(
        &in_func("    %a = add %a, 1\n    ret %a"),
        "2:5: `%a` is already defined at 1:9",
    );
    single_error(
        &in_func("x:\n    jump x\nx:\n    ret 0"),
        "4:1: block `x` is already defined at 2:1",
    );
    single_error(
        "func @f() { ret }\ndata @f = \"\"",
        "2:6: `@f` is already defined at 1:6",
    );
    single_error(
        "global @g: i32 = 0\nglobal @g: i64 = 0",
        "2:8: `@g` is already defined at 1:8",
    );
    single_error(
        "data @__heap_base = \"\"",
        "1:6: `@__heap_base` is reserved",
    );
}

#[test]
fn literals_need_a_type_that_fits() {
    single_error(
        &in_func("    %x = add 1, 2\n    ret %x"),
        "2:14: the type of literal `1` is unknown: state it with a suffix (`add.T`)",
    );
    single_error(
        &in_func("    %x = trunc_s.i32 1.5\n    ret %x"),
        "2:22: the type of literal `1.5` is unknown: state it with a suffix (`trunc_s.i32.T`)",
    );
    single_error(
        &in_func("    %x = add %a, 4294967296\n    ret %x"),
        "2:18: `4294967296` does not fit in i32",
    );
    single_error(
        &in_func("    %x = add %a, 1.5\n    ret %x"),
        "2:18: `1.5` is not a valid i32 literal",
    );
    single_error(
        &in_func("    ret 0x"),
        "2:9: `0x` is not a valid i32 literal",
    );
    single_error(
        "global @g: f32 = 1.5.5",
        "1:18: `1.5.5` is not a valid f32 literal",
    );
    single_error("data @d = { i8 256 }", "1:16: `256` does not fit in i8");
    single_error(
        "data @d = { i16 -32769 }",
        "1:17: `-32769` does not fit in i16",
    );
    single_error(
        &in_func("    call @f(1, 2, 3)\n    ret 0"),
        "2:19: literal `3` has no type: `@f` takes 2 value(s)",
    );
}

#[test]
fn suffixes_must_agree_with_typed_operands() {
    single_error(
        &in_func("    %x = add.i64 %a, 1\n    ret %x"),
        "2:18: `add.i64` states i64 operands but `%a` is i32",
    );
    single_error(
        &in_func("    store.8.i32 [%a], %l\n    ret 0"),
        "2:23: `store.8.i32` states i32 operands but `%l` is i64",
    );
    single_error(
        &in_func("    %x = add.i65 %a, 1\n    ret %x"),
        "2:10: `i65` in `add.i65` is not a type",
    );
    single_error(
        &in_func("    %x = trunc_s.f32 %a\n    ret %x"),
        "2:10: `trunc_s` cannot produce a f32 (`trunc_s.f32`)",
    );
    single_error(
        &in_func("    %x = load.s32.i32 [%a]\n    ret %x"),
        "2:10: `load.s32` cannot produce a i32; narrow loads extend to a wider integer",
    );
}

#[test]
fn result_types_are_checked() {
    single_error(
        &in_func("    %x: i64 = add %a, 1\n    ret %x"),
        "2:9: `%x` is stated to be i64 but `add` gives i32",
    );
    single_error(
        &in_func("    %x, %y = add %a, 1\n    ret %x"),
        "2:5: `add` defines 1 value but 2 names are given",
    );
    single_error(
        &in_func("    %x = store.i32 [%a], 1\n    ret 0"),
        "2:5: `store.i32` defines no values but 1 name is given",
    );
    single_error(
        &in_func("    %x = wrap %a\n    ret %x"),
        "2:5: cannot infer the result type of `wrap` from an i32 operand",
    );
    assert_eq!(
        errors(&in_func(
            "    %x = add %y, 1\n    %y = add %x, 1\n    ret %x"
        )),
        [
            "2:5: cannot infer the type of `%x`: its operands depend on it in a cycle \
             (state a type, as in `%x: i32 = ...`)",
            "3:5: cannot infer the type of `%y`: its operands depend on it in a cycle \
             (state a type, as in `%y: i32 = ...`)",
        ]
    );
}

#[test]
fn syntax_errors() {
    single_error(
        &in_func("    %x = frob %a\n    ret %x"),
        "2:10: unknown instruction `frob`",
    );
    single_error(
        &in_func("    %x = syscall.fork\n    ret %x"),
        "2:10: unknown system call `fork`",
    );
    single_error(
        &in_func("    %x = add %a %a\n    ret %x"),
        "2:17: expected `,`, found `%a`",
    );
    single_error(
        "func @f() {\n    ret\n",
        "3:1: expected `}` to end the function body, found the end of the input",
    );
    single_error(
        "data @s = \"abc\n",
        "1:11: unterminated string literal (write a newline as `\\n`)",
    );
    single_error(
        "data @s = \"a\\qc\"",
        "1:13: unknown escape (use \\n \\t \\r \\0 \\\\ \\\" or \\xNN)",
    );
    single_error("func @f() { ret } #", "1:19: unexpected character `#`");
    single_error(
        "memory 1\nmemory 2",
        "2:1: a module has at most one `memory` line",
    );
    single_error(
        "stack -1",
        "1:7: a stack size in bytes must be an unsigned 32-bit number, found `-1`",
    );
    single_error(
        "func @f() {\nb:\n    slot %s 4\n    ret\n}",
        "3:5: slots must come before the first block",
    );
    single_error(
        "func @f(i32) { ret }",
        "1:9: expected a parameter `%name: type`, found `i32`",
    );
    single_error(
        "data @d = { i64 @d }",
        "1:17: `i64` data cannot hold addresses (use `ptr` or `i32`)",
    );
    single_error(
        "data @d = { ptr @f + 4 }\nfunc @f() { ret }",
        "1:17: `@f` is a function; its address takes no offset",
    );
    single_error("fn @f() {}", "1:1: expected a module item (`file`, `memory`, `stack`, `data`, `global`, `import`, `export` or `func`), found `fn`");
}

#[test]
fn errors_are_reported_per_line_and_per_item() {
    let src = "\
func @f(%a: i32) -> i32 {
    %x = add %a,
    %y = mul %a, %a
    %z = frob %y
    %w = add %z, %y
    ret %w
}
global @g: i32 = x
data @d = { i32 1 }
func @h() {
    call @missing()
    ret
}
";
    assert_eq!(
        errors(src),
        [
            "3:5: expected an operand (a `%value` or a literal), found `%y`",
            "4:10: unknown instruction `frob`",
            "8:18: expected a literal, found `x`",
            "11:10: `@missing` is not defined",
        ]
    );
}

#[test]
fn failed_items_do_not_cascade_into_undefined_names() {
    // @g's header fails, so its uses report nothing more.
    let src = "func @g(%x) { ret }\nfunc @f() {\n    call @g(1)\n    ret\n}";
    assert_eq!(errors(src), ["1:11: expected `:`, found `)`"]);
    // A failed block header poisons its label: branches to it report nothing more.
    let src = "func @f() {\n    jump b(1)\nb(%v: i33):\n    ret\n}";
    assert_eq!(
        errors(src),
        ["3:7: expected a type (i32, i64, f32, f64 or ptr), found `i33`"]
    );
}

#[test]
fn display_of_all_errors() {
    let err = crate::text::parse("func @f() {\n    ret %a\n    ret %b\n}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "2:9: `%a` is not defined\n3:9: `%b` is not defined"
    );
    assert_eq!(err.errors().len(), 2);
}
