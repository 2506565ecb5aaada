//! The parser's fast path for function bodies: it must give the very module (value
//! and block numbering, spans, locations) and the very errors that the token parser
//! gives, on the texts it reads and on those it hands back.

use crate::testing::{arb_module, GenConfig};
use crate::text::parser::fast_fallbacks;
use crate::text::{parse_with, print};

/// Parses `src` with and without the fast path; asserts that both give the same
/// module, byte for byte in its debug form (spans, numbering), or the same errors.
/// Returns whether it parsed.
fn same_both_ways(src: &str) -> bool {
    let fast = parse_with(src, true);
    let tokens = parse_with(src, false);
    match (&fast, &tokens) {
        (Ok(a), Ok(b)) => {
            assert_eq!(format!("{a:#?}"), format!("{b:#?}"), "source:\n{src}");
            true
        }
        (Err(a), Err(b)) => {
            assert_eq!(format!("{a:#?}"), format!("{b:#?}"), "source:\n{src}");
            false
        }
        _ => panic!("only one path parsed:\n{fast:?}\n{tokens:?}\nsource:\n{src}"),
    }
}

/// A body in the fast path's form with every kind of statement it reads.
const PLAIN: &str = "\
data @d = { i32 1, 2 }
global @g: i64 mut = 7
func @callee(%0: i32) -> (i32, i64) {
    ret %0, 5
}
export func @f(%0: i32, %1: i64) -> i32 {
    slot %2 16 align 8
    slot %s 4
    store.i64 [%2 + 8], %1 align 8
    %3 = load.s8.i32 [%2] align 1
    %4, %5 = call @callee(%3)
    %6 = addr @d + 4
    %7 = funcaddr @callee
    %8: i32 = add %3, 4294967295
    %9 = add.i64 %1, -9223372036854775808
    %10 = add.i64 %9, 18446744073709551615
    %11 = mul.f64 0.1, -0.0
    %12 = mul.f32 3.4028235e38, 0.1
    %13 = select %8, %3, -2147483648
    %14 = global.get @g
    global.set @g, %14
    %15 = stack.alloc 16
    memory.copy %15, %6, 4
    %16 = memory.size
    %17, %27 = call_indirect %7(%16) : (i32) -> (i32, i64)
    %18 = bitcast.f32 %3
    %19 = wrap 999999999999999999
    %20 = const.f64 1.5
    %24 = add.f64 -inf, nan:0x8
    %25 = add.f32 inf, -nan
    %26 = load.i32 volatile [%15 + 4]
    store.8 [%2], 300
    switch %3, bb1(%3), [0: bb2, 7: bb1(%16)]
bb1(%21: i32):
\tbr_if %21, bb2, bb3(%21, 0)\r
bb2:
    trap

bb3(%22: i32, %23: i64):
    ret %22
}
";

#[test]
fn plain_bodies_read_the_same_both_ways() {
    assert_eq!(fast_fallbacks(PLAIN), 0);
    assert!(same_both_ways(PLAIN));
}

#[test]
fn names_with_digits_and_unusual_labels() {
    let src = "func @f(%x1: i32, %01: i32) -> i32 {
entry2:
    %1a = add %x1, %01
    jump bb01(%1a)
bb01(%v: i32):
    jump slot
slot:
    jump loc
loc:
    jump data
data:
    %w = add.f64 inf, 1.0
    jump inf
inf:
    ret %v
}
";
    assert_eq!(fast_fallbacks(src), 0);
    assert!(same_both_ways(src));
}

#[test]
fn what_the_fast_path_hands_back_reads_the_same() {
    let with_body = |body: &str| {
        format!(
            "data @d = {{ i8 1 }}\nfunc @two() -> (i32, i32) {{\n    ret 1, 2\n}}\n\
             func @f() {{\n{body}\n}}\n"
        )
    };
    let handed_back = [
        // Comments, non-ASCII in them, `sizeof`, `volatile` after the address.
        "    %x = add 1, 2 ; ünïcode\n    ret",
        "    ; a comment\n    ret",
        "    %x = add.i64 sizeof @d, 1\n    ret",
        "    %p = stack.alloc 4\n    %x = load.i32 [%p] volatile\n    ret",
        // Statements spanning lines, as the token parser reads them.
        "    %p = stack.alloc 4\n    %x = load.i32 [%p]\n    align 4\n    ret",
        "    jump b\n    (1)\nb(%v: i32):\n    ret",
        "    ret\n    %a, %b = call @two()",
        "    %x = add\n    1, 2\n    ret",
        "    ret }",
        // Syntax errors.
        "    %x = ad 1, 2\n    ret",
        "    bb1\n    ret",
        "    %x = add 1 2\n    ret",
    ];
    for body in handed_back {
        let src = with_body(body);
        assert_eq!(fast_fallbacks(&src), 1, "{src}");
        same_both_ways(&src);
    }
    // Errors found after parsing, in bodies the fast path reads.
    for body in [
        "    %x = add.i32 4294967296, 1\n    ret",
        "    %x = add %y, 1\n    ret",
        "    jump nowhere",
    ] {
        let src = with_body(body);
        assert_eq!(fast_fallbacks(&src), 0, "{src}");
        assert!(!same_both_ways(&src));
    }
    // Empty bodies, a body at the end of the text, a missing `}`, a header with
    // non-ASCII text, a byte-order mark, tokens after the `}`.
    for src in [
        "func @f() {}",
        "func @f() {\n}",
        "func @f() {\n    ret\n}",
        "func @f() {\n    ret\n",
        "func @f() {\n    ret\nfunc @g() {\n    ret\n}\n",
        "export \"ünï\" func @f() {\n    ret\n}\n",
        "\u{feff}func @f() {\n    ret\n} func @g() {\n    ret\n}\n",
        "func @f() {\n    ret\n} $\n",
    ] {
        same_both_ways(src);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(64))]

    /// Printed modules (the fast path's home ground) read the same both ways.
    #[test]
    fn printed_modules_read_the_same_both_ways(module in arb_module(GenConfig::default())) {
        let text = print(&module);
        proptest::prop_assert!(same_both_ways(&text), "{}", text);
    }
}

/// Every `.lir` file of the repository (tests and examples), and mutants of each:
/// a byte deleted, replaced or a snippet inserted inside a function body, where the
/// fast path decides whether to read or hand back. `LIR_FAST_MUTANTS` sets the
/// mutants per file (default 12; a campaign runs thousands).
#[test]
fn repository_texts_and_their_mutants_read_the_same_both_ways() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["tests", "examples", "optimizer/tests"] {
        collect_lir_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 100, "found only {} .lir files", files.len());
    let mutants: u64 = std::env::var("LIR_FAST_MUTANTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    const SNIPPETS: &[&str] = &[
        " ", "\n", "\t", "%", "%1", "1", "-", ",", "(", ")", "[", "]", ":", "=", ";", "}", "{",
        "@", "0x", "1e", ".", ".i32", ".f64", ".s8", "bb1", "align 4", "volatile", " + 4", "nan",
        "inf", "ret", "jump", "é", "\r", "_", "\"",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % bound.max(1) as u64) as usize
    };
    for path in &files {
        let Ok(src) = std::fs::read_to_string(path) else {
            continue;
        };
        same_both_ways(&src);
        // Mutate inside bodies: between the first `{` line end and the last `}`.
        let (Some(open), Some(close)) = (src.find("{\n"), src.rfind('}')) else {
            continue;
        };
        if close <= open + 2 {
            continue;
        }
        for _ in 0..mutants {
            let mut at = open + 2 + next(close - open - 2);
            while !src.is_char_boundary(at) {
                at -= 1;
            }
            let mut mutant = String::with_capacity(src.len() + 16);
            mutant.push_str(&src[..at]);
            let rest = &src[at..];
            let after_char = rest.chars().next().map_or(0, char::len_utf8);
            match next(3) {
                0 => mutant.push_str(&rest[after_char..]),
                1 => {
                    mutant.push_str(SNIPPETS[next(SNIPPETS.len())]);
                    mutant.push_str(&rest[after_char..]);
                }
                _ => {
                    mutant.push_str(SNIPPETS[next(SNIPPETS.len())]);
                    mutant.push_str(rest);
                }
            }
            same_both_ways(&mutant);
        }
    }
}

fn collect_lir_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_lir_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "lir") {
            out.push(path);
        }
    }
}
