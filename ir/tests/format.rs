//! `lir::text::format` over every golden file and example: it keeps the module (the
//! text parses to an equal module), it is idempotent, it keeps every comment, and text
//! already in the printer's canonical form is left as it is.

use std::path::{Path, PathBuf};

fn lir_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            lir_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "lir") {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    lir_files(&root.join("tests/golden"), &mut files);
    lir_files(&root.join("examples"), &mut files);
    files.sort();
    files
}

/// The full-line comments of a text, in order (trailing comments are checked by the
/// unit tests: telling them from data separators needs the lexer).
fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with(';'))
        .collect()
}

#[test]
fn formatting_keeps_the_module_and_the_comments_and_is_idempotent() {
    let files = corpus();
    assert!(files.len() > 100, "corpus not found");
    let mut formatted_files = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(module) = lir::text::parse(&text) else {
            assert!(lir::text::format(&text).is_err(), "{}", path.display());
            continue;
        };
        let formatted =
            lir::text::format(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        formatted_files += 1;
        let again = lir::text::parse(&formatted).unwrap_or_else(|e| {
            panic!(
                "{}: formatted text does not parse: {e}\n{formatted}",
                path.display()
            )
        });
        assert!(
            module == again,
            "{}: formatting changed the module:\n{formatted}",
            path.display()
        );
        assert_eq!(
            lir::text::format(&formatted).unwrap(),
            formatted,
            "{}: not idempotent",
            path.display()
        );
        assert_eq!(comments(&text), comments(&formatted), "{}", path.display());
        if lir::text::print(&module) == text {
            assert_eq!(
                formatted,
                text,
                "{}: canonical text changed",
                path.display()
            );
        }
    }
    assert!(formatted_files > 100);
}

#[test]
fn spacing_and_indentation_follow_the_canonical_style() {
    let src = "\
memory   1 max 2
data @t={ i32 1,2 ;ptr @g;zero 4 }  ; a table
data @g = \"hi\"


export   func @f( %a :i32 ,%b:i64 )->( i32,i64 ){
      slot %s 8
  ; the entry
 entry :
 %x=add %a ,sizeof @g
   %v = load.i32 [ %s + 4 ] align 4
  br_if %x,loop( %x ),done
loop(%i :i32 ):
      %c = call_indirect %x( %i ):(i32)->i32
      switch %i, done, [ 0 : loop(1), 0x1: done ]
done:
  ret %a,%b
}
";
    let expected = "\
memory 1 max 2
data @t = { i32 1, 2; ptr @g; zero 4 } ; a table
data @g = \"hi\"

export func @f(%a: i32, %b: i64) -> (i32, i64) {
    slot %s 8
; the entry
entry:
    %x = add %a, sizeof @g
    %v = load.i32 [%s + 4] align 4
    br_if %x, loop(%x), done
loop(%i: i32):
    %c = call_indirect %x(%i) : (i32) -> i32
    switch %i, done, [0: loop(1), 0x1: done]
done:
    ret %a, %b
}
";
    let formatted = lir::text::format(src).unwrap();
    assert_eq!(formatted, expected, "got:\n{formatted}");
}

#[test]
fn a_block_label_named_loc_is_spaced_like_any_label() {
    // Only `loc N:L:C` lines are written without spaces around their colons.
    let src = "file 1 \"a.c\"\nfunc @f() -> i32 {\nentry:\n    jump loc(1)\nloc(%a:i32):\n    loc 1 : 2 : 3\n    ret %a\n}\n";
    let expected = "file 1 \"a.c\"\nfunc @f() -> i32 {\nentry:\n    jump loc(1)\nloc(%a: i32):\n    loc 1:2:3\n    ret %a\n}\n";
    assert_eq!(lir::text::format(src).unwrap(), expected);
    assert_eq!(lir::text::format(expected).unwrap(), expected);
}
