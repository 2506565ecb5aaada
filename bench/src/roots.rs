//! Makes a library's functions roots before measuring its size.
//!
//! A golden file without `@main` is a library whose functions are called by name
//! (`; run: @f(…)`, `lirc run --invoke`). Compiled as it is, none of them is exported,
//! so an optimizer that removes unreachable functions (wasm-opt does) deletes the
//! whole file and "wins" by measuring nothing. Exporting every defined function, as
//! `lirc run --invoke` and the golden harness do, keeps the code both sides must
//! compile. Programs (with `@main`) are left alone: `_start` reaches what they use.

use std::collections::HashSet;

/// The text of `source` with every defined function exported, when it parses and has
/// no `@main`; `None` when it should be measured as it is.
pub fn export_library_functions(source: &str) -> Option<String> {
    let mut module = lir::text::parse(source).ok()?;
    if module.funcs.values().any(|f| f.name == "main") {
        return None;
    }
    let mut taken: HashSet<String> = module
        .funcs
        .values()
        .filter_map(|f| f.export.clone())
        .chain(module.globals.values().filter_map(|g| g.export.clone()))
        .chain(module.memory.as_ref().and_then(|m| m.export.clone()))
        .chain(["memory", "_start", "__heap_base"].map(String::from))
        .collect();
    let mut changed = false;
    for func in module.funcs.values_mut() {
        if func.is_import() || func.export.is_some() {
            continue;
        }
        let fresh = std::iter::once(func.name.clone())
            .chain((1..).map(|n| format!("{}.{n}", func.name)))
            .find(|candidate| !taken.contains(candidate))?;
        taken.insert(fresh.clone());
        func.export = Some(fresh);
        changed = true;
    }
    changed.then(|| lir::text::print(&module))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_library_functions_under_free_names() {
        let src = "global @answer: i32 = 0 export \"f\"\n\
                   func @f() -> i32 {\nentry:\n    ret 1\n}\n\
                   export func @g() -> i32 {\nentry:\n    ret 2\n}\n";
        let out = export_library_functions(src).unwrap();
        assert!(out.contains("export \"f.1\" func @f()"), "{out}");
        assert!(out.contains("export func @g()"), "{out}");
    }

    #[test]
    fn leaves_programs_and_bad_input_alone() {
        let program =
            "func @main() -> i32 {\nentry:\n    ret 0\n}\nfunc @h() {\nentry:\n    ret\n}\n";
        assert!(export_library_functions(program).is_none());
        assert!(export_library_functions("func @x(").is_none());
        let all_exported = "export func @g() -> i32 {\nentry:\n    ret 2\n}\n";
        assert!(export_library_functions(all_exported).is_none());
    }
}
