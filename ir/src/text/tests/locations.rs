//! Source locations in text: `file` items and `loc` lines, their canonical printing,
//! and the implicit locations of a text without them.

use super::{errors, func, parse_ok};
use crate::srcloc::{FileId, SourceLoc};
use crate::text::{parse, parse_named, print};

/// The locations of a function's instructions, in layout order.
fn locs(module: &crate::Module, name: &str) -> Vec<SourceLoc> {
    let f = func(module, name);
    f.layout
        .iter()
        .flat_map(|&b| f.blocks[b].insts.iter())
        .map(|&i| f.srcloc(i))
        .collect()
}

const WITH_LOCS: &str = r#"file 1 "ratio.c"
file 2 "lib/util.h"

func @ratio(%a: i32, %b: i32) -> i32 {
entry:
    loc 1:4:10
    %q = div_s %a, %b
    %r = add %q, 1
    loc 2:7
    %s = mul %r, 2
    loc none
    %z = eqz %s
    br_if %z, zero, done
zero:
    ret 0
done:
    loc 1:5:3
    ret %s
}
"#;

#[test]
fn file_and_loc_lines_round_trip_canonically() {
    let module = parse_ok(WITH_LOCS);
    assert_eq!(print(&module), WITH_LOCS);
    assert_eq!(module.files, ["ratio.c", "lib/util.h"]);
    let (c, h) = (FileId::from_index(0), FileId::from_index(1));
    assert_eq!(
        locs(&module, "ratio"),
        [
            SourceLoc::new(c, 4, 10),
            SourceLoc::new(c, 4, 10),
            SourceLoc::new(h, 7, 0),
            SourceLoc::NONE,
            SourceLoc::NONE,
            // A label resets the location.
            SourceLoc::NONE,
            SourceLoc::new(c, 5, 3),
        ]
    );
    let f = func(&module, "ratio");
    let div = f.blocks[f.layout[0]].insts[0];
    assert_eq!(f.srcloc(div).display(&module).to_string(), "ratio.c:4:10");
    // Locations are part of the module: another line makes another module.
    let moved = parse(&WITH_LOCS.replace("loc 1:4:10", "loc 1:4:11")).unwrap();
    assert!(moved != module);
}

#[test]
fn file_numbers_are_labels_renumbered_in_order() {
    let module = parse_ok("file 7 \"b.c\"\nfile 3 \"a.c\"\nfunc @f() {\n    loc 3:1\n    ret\n}\n");
    assert_eq!(
        print(&module),
        "file 1 \"b.c\"\nfile 2 \"a.c\"\n\nfunc @f() {\n    loc 2:1\n    ret\n}\n"
    );
}

#[test]
fn without_file_lines_each_instruction_is_located_at_its_own_line() {
    let text = "func @f(%x: i32) -> i32 {\n    %y = add %x, 1\n\n      ret %y\n}\n";
    let module = parse_named(text, "dir/f.lir").unwrap();
    assert_eq!(
        locs(&module, "f"),
        [
            SourceLoc::new(FileId::TEXT, 2, 5),
            SourceLoc::new(FileId::TEXT, 4, 7)
        ]
    );
    let f = func(&module, "f");
    let ret = f.blocks[f.layout[0]].insts[1];
    assert_eq!(f.srcloc(ret).display(&module).to_string(), "dir/f.lir:4:7");
    // Such locations are not printed (the printed text has positions of its own) and
    // do not take part in equality.
    let printed = print(&module);
    assert!(!printed.contains("loc"), "{printed}");
    assert!(parse(&printed).unwrap() == module);
}

#[test]
fn with_file_lines_unlocated_instructions_have_no_location() {
    let module = parse_ok("file 1 \"a.c\"\nfunc @f() {\n    ret\n}\n");
    assert_eq!(locs(&module, "f"), [SourceLoc::NONE]);
}

#[test]
fn malformed_files_and_locs_are_located_errors() {
    assert_eq!(
        errors("func @f() {\n    loc 1:2:3\n    ret\n}"),
        ["2:5: `loc` names file 1, which no `file 1 \"…\"` line declares"]
    );
    assert_eq!(
        errors("file 1 \"a.c\"\nfile 1 \"b.c\"\nfunc @f() {\n    ret\n}"),
        ["2:1: file 1 is already declared at 1:1"]
    );
    assert_eq!(
        errors("file 0 \"a.c\"\nfunc @f() {\n    ret\n}"),
        ["1:6: file numbers start at 1"]
    );
    assert_eq!(
        errors("file 1 \"a.c\"\nfunc @f() {\n    loc 1:0\n    ret\n}"),
        ["3:11: line numbers start at 1"]
    );
    assert_eq!(
        errors("file 1 \"a.c\"\nfunc @f() {\n    loc 1\n    ret\n}"),
        ["4:5: expected `:`, found `ret`"]
    );
    // `loc` and `file` may still name blocks.
    parse_ok("func @f() {\nentry:\n    jump loc\nloc:\n    jump file\nfile:\n    ret\n}\n");
}

#[test]
fn the_verifier_rejects_locations_in_undeclared_files() {
    let mut module = parse("func @f() {\n    ret\n}").unwrap();
    let f = module.func_by_name("f").unwrap();
    let func = &mut module.funcs[f];
    let ret = func.blocks[func.layout[0]].insts[0];
    func.set_srcloc(ret, SourceLoc::new(FileId::from_index(2), 1, 1));
    let errors = crate::verify::verify(&module).unwrap_err().to_string();
    assert!(
        errors.contains("the location names file 3, which the module does not declare"),
        "{errors}"
    );
}

/// Bodies are built as soon as they are parsed when they can be; a `file` line later
/// in the text still takes away the implicit locations of functions before it, and a
/// body using a function defined later is built the same way.
#[test]
fn a_late_file_line_applies_to_bodies_before_it() {
    let early =
        "func @f() -> i32 {\n    %x = call @g()\n    ret %x\n}\nfunc @g() -> i32 {\n    ret 1\n}\n";
    let module = parse_ok(early);
    assert_eq!(
        locs(&module, "f"),
        [
            SourceLoc::new(FileId::TEXT, 2, 5),
            SourceLoc::new(FileId::TEXT, 3, 5)
        ]
    );
    assert_eq!(locs(&module, "g"), [SourceLoc::new(FileId::TEXT, 6, 5)]);
    let late = format!("{early}file 1 \"a.c\"\n");
    let module = parse_ok(&late);
    assert_eq!(locs(&module, "f"), [SourceLoc::NONE, SourceLoc::NONE]);
    assert_eq!(locs(&module, "g"), [SourceLoc::NONE]);
}
