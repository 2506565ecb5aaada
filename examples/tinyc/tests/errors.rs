//! Diagnostics: clang-style messages for bad programs, and robustness: random
//! bytes and random token soup never make tinyc panic.

fn compile_err(src: &str) -> String {
    match tinyc::build_module("t.c", src) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(tinyc::Failure::Compile(m)) => m,
        Err(e) => panic!("internal error for:\n{src}\n{e}"),
    }
}

#[test]
fn clang_style_messages() {
    let m = compile_err("int main(void) {\n  return x;\n}\n");
    assert_eq!(
        m,
        "t.c:2:10: error: use of undeclared identifier 'x'\n  return x;\n         ^\n"
    );
    let cases = [
        ("int main(void) { int a; a = ; }", "expected expression"),
        (
            "int main(void) { foo(); }",
            "call to undeclared function 'foo'",
        ),
        ("int main(void) { 3 = 4; }", "expression is not assignable"),
        (
            "int f(int); int main(void) { return f(1, 2); }",
            "too many arguments",
        ),
        ("int main(void) { break; }", "'break' statement not in loop"),
        (
            "int main(void) { goto nowhere; }",
            "use of undeclared label 'nowhere'",
        ),
        (
            "struct s { int a; }; int main(void) { struct s v; return v.b; }",
            "no member named 'b'",
        ),
        (
            "int x = 1; int x = 2; int main(void) { return x; }",
            "redefinition of 'x'",
        ),
        (
            "int main(void) { switch (1) { case 1: case 1: break; } }",
            "duplicate case value",
        ),
        ("int main(void) { char *s = \"abc; }", "missing terminating"),
        (
            "int g = foo; int main(void) { return 0; }",
            "undeclared identifier 'foo'",
        ),
        (
            "int y; int g = y; int main(void) { return 0; }",
            "not a compile-time constant",
        ),
        ("int main(void) { return 0 }", "expected ';'"),
        (
            "void f(void) { return 1; }\nint main(void) { return 0; }",
            "should not return a value",
        ),
        (
            "int f(void);\nint main(void) { return f(); }",
            "undefined symbol: f",
        ),
        (
            "int main(void) { int a[2] = {1, 2, 3}; return 0; }",
            "excess elements",
        ),
        (
            "int main(void) { double d; return d % 2; }",
            "invalid operands",
        ),
        (
            "struct s { int a; };\nint main(void) { struct s v = 5; return v.a; }",
            "t.c:2:31: error: assigning to 'struct s' from incompatible type 'int'",
        ),
        (
            "int main(void) { int a[3] = 5; return a[0]; }",
            "array initializer must be an initializer list",
        ),
        (
            "int main(void) { int a[2] = \"x\"; return a[0]; }",
            "array initializer must be an initializer list",
        ),
        (
            "struct s { int n; int a[]; int b; };",
            "t.c:1:23: error: flexible array member 'a' with type 'int[]' is not at the end of struct",
        ),
        (
            "int main(void) {\n  _Static_assert(sizeof(int) == 8, \"int is \" \"8\");\n}",
            "t.c:2:18: error: static assertion failed: int is 8",
        ),
        (
            "int x; _Static_assert(x, \"x\");",
            "t.c:1:23: error: static assertion expression is not an integral constant expression",
        ),
        (
            "#pragma once\n#pragma pack(1)\nstruct s { char c; int i; };",
            "t.c:2:9: error: #pragma pack is not supported by tinyc",
        ),
        (
            "char *s = \"\\u0041\";",
            "t.c:1:12: error: character 'A' cannot be specified by a universal character name",
        ),
        (
            "int c = '\\u00e9';",
            "t.c:1:10: error: character too large for enclosing character literal type",
        ),
        (
            "char *s = \"x\\ud800\";",
            "t.c:1:13: error: invalid universal character",
        ),
        (
            "#line x\nint main(void) { return 0; }",
            "t.c:1:7: error: #line directive requires a simple digit sequence",
        ),
        (
            "long long x = 1lL;",
            "t.c:1:15: error: invalid suffix 'lL' on integer constant",
        ),
        (
            "int main(void) { return _Alignof(struct nope); }",
            "invalid application of '_Alignof' to an incomplete type 'struct nope'",
        ),
        (
            "struct s { int a[]; };",
            "flexible array member 'a' not allowed in otherwise empty struct",
        ),
        (
            "union u { int n; int a[]; };",
            "flexible array member 'a' in a union is not allowed",
        ),
        (
            "struct s { int n; int a[]; };\nint main(void) { struct s v = { 1, { 2 } }; return v.n; }",
            "t.c:2:36: error: initialization of flexible array member is not allowed",
        ),
        (
            "struct s { int n; void v; };",
            "t.c:1:24: error: field has incomplete type 'void'",
        ),
        ("void x[3];", "array has incomplete element type 'void'"),
        (
            "int main(void) { return '\\400'; }",
            "t.c:1:26: error: octal escape sequence out of range",
        ),
        (
            "char *s = \"ab\\x100\";",
            "t.c:1:14: error: hex escape sequence out of range",
        ),
        (
            "int main(void) { int char x; return 0; }",
            "cannot combine with previous type specifier",
        ),
        (
            "int main(void) { int int x; return 0; }",
            "cannot combine with previous type specifier",
        ),
        (
            "int g(void) { return; }\nint main(void) { return 0; }",
            "t.c:1:15: error: non-void function 'g' should return a value",
        ),
    ];
    for (src, want) in cases {
        let m = compile_err(src);
        assert!(m.contains(want), "for {src:?}: got {m:?}, want {want:?}");
    }
}

#[test]
fn redefinitions_in_one_scope_are_errors() {
    let cases = [
        (
            "int main(void) {\n  int a;\n  char a;\n  return 0;\n}\n",
            "t.c:3:8: error: redefinition of 'a'\n  char a;\n       ^\n",
        ),
        (
            "int f(int a) {\n  int a = 2;\n  return a;\n}\n",
            "t.c:2:7: error: redefinition of 'a'\n",
        ),
        (
            "int f(int a, int a) { return a; }\n",
            "t.c:1:18: error: redefinition of parameter 'a'\nint f(int a, int a) { return a; }\n                 ^\n",
        ),
        (
            "enum { A, B };\nenum { B, C };\n",
            "t.c:2:8: error: redefinition of enumerator 'B'\nenum { B, C };\n       ^\n",
        ),
        (
            "int main(void) { enum { X }; int X; return 0; }",
            "redefinition of 'X' as different kind of symbol",
        ),
        (
            "int X; enum { X }; int main(void) { return 0; }",
            "redefinition of 'X' as different kind of symbol",
        ),
        (
            "int main(void) { typedef int T; typedef long T; return 0; }",
            "typedef redefinition with different types ('long' vs 'int')",
        ),
        (
            "typedef int T;\ntypedef long T;\n",
            "t.c:2:14: error: typedef redefinition with different types ('long' vs 'int')",
        ),
        (
            "union U { int a; };\nstruct U *p;\n",
            "t.c:2:1: error: use of 'U' with tag type that does not match previous declaration",
        ),
        (
            "struct S;\nunion S { int b; };\n",
            "t.c:2:1: error: use of 'S' with tag type that does not match previous declaration",
        ),
        (
            "int main(void) { int *p = 0; long long *q = 0; return p - q; }",
            "t.c:1:57: error: 'int *' and 'long long *' are not pointers to compatible types",
        ),
    ];
    for (src, want) in cases {
        let m = compile_err(src);
        assert!(m.contains(want), "for {src:?}: got {m:?}, want {want:?}");
    }
    // What C allows: shadowing in an inner block, one name per `for`, repeated
    // prototypes, `extern` declarations and identical typedefs (the predefined
    // `size_t`, even with another type, as without <stddef.h>), a parameter and an
    // enumerator named alike in other scopes, tags declared before their definition,
    // pointers to the same type subtracted.
    let ok = "typedef unsigned int size_t;\ntypedef int T;\ntypedef int T;\n\
              struct L; struct L *lp; struct L { int v; }; union V; union V *vp;\n\
              int f(int);\nint f(int);\nextern int g;\nextern int g;\nint g = 1;\n\
              int h(int a) { enum { a2 = 2 }; { int a = a2; return a; } }\n\
              int main(void) {\n int a = 1;\n { int a = 2; (void)a; }\n\
              for (int i = 0; i < 1; i++) {}\n for (int i = 0; i < 1; i++) {}\n\
              typedef int U; typedef int U; int f(int); extern int g; extern int g;\n\
              int arr[4]; const int *cp = arr + 3;\n\
              return a + f(0) + h(0) + g + (int)(cp - arr) + !lp + !vp;\n}\nint f(int x) { return x; }\n";
    if let Err(e) = tinyc::build_module("t.c", ok) {
        panic!("valid redeclarations refused: {e}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        "int main(void) {{ return {}1{}; }}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    assert!(compile_err(&deep).contains("nesting is too deep"));
    let deep = format!(
        "int main(void) {{ {} return 0; {} }}",
        "{".repeat(5000),
        "}".repeat(5000)
    );
    assert!(compile_err(&deep).contains("nesting is too deep"));
    let ok = format!(
        "int main(void) {{ return {}1{}; }}",
        "(".repeat(150),
        ")".repeat(150)
    );
    assert!(tinyc::build_module("t.c", &ok).is_ok());
}

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn no_panic(src: &str) {
    // Either outcome is fine; an internal error (verifier failure or panic) is not.
    if let Err(tinyc::Failure::Internal(m)) = tinyc::build_module("fuzz.c", src) {
        panic!("internal error on input {src:?}: {m}");
    }
}

#[test]
fn fuzz_random_bytes() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..300 {
        let len = (rng.next() % 200) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() % 128) as u8).collect();
        no_panic(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn fuzz_token_soup() {
    let words = [
        "int", "char", "long", "unsigned", "double", "struct", "s", "{", "}", "(", ")", "[", "]",
        ";", ",", "=", "+", "-", "*", "&", "x", "y", "main", "return", "if", "else", "while",
        "for", "switch", "case", "default", ":", "break", "1", "0x7f", "'a'", "\"str\"", "?",
        "sizeof", "->", ".", "++", "--", "<<", "&&", "||", "!", "~", "void", "typedef", "enum",
        "goto", "L", "...", "static", "volatile", "1.5", "<", ">=", "%", "/", "^", "|",
    ];
    let mut rng = Rng(12345);
    for _ in 0..400 {
        let n = (rng.next() % 40) as usize;
        let mut src = String::from("int main(void) { ");
        for _ in 0..n {
            src.push_str(words[(rng.next() % words.len() as u64) as usize]);
            src.push(' ');
        }
        src.push_str(" return 0; }");
        no_panic(&src);
        let top: String = (0..n)
            .map(|_| words[(rng.next() % words.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ");
        no_panic(&top);
    }
}
