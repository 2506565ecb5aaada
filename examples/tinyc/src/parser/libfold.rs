//! Compile-time evaluation of the C library's comparison functions on string
//! literals, as clang does it: a call of `strcmp`, `strncmp` or `memcmp` whose
//! arguments are string literals (possibly offset by a constant) and whose length is a
//! constant becomes -1, 0 or 1, where the library would return the difference of the
//! first differing bytes. clang folds these calls at every optimization level, so a
//! program printing `strcmp("", "a")` prints -1 under clang (wasi-libc would say -97);
//! tinyc matches it. A call whose evaluation would read outside a literal is left to
//! the library. This module does not fold any other function, nor calls on arrays or
//! pointers that merely hold constant bytes.

use crate::ast::{Expr, Program};
use crate::consteval::{eval, Base, CVal};

/// The value clang gives a call of `callee` with (converted) `args`, when it is a
/// library comparison it evaluates at compile time.
pub(super) fn fold_compare(prog: &Program, callee: &Expr, args: &[Expr]) -> Option<i64> {
    let Some(CVal::Addr(Base::Func(f), 0)) = eval(callee, &prog.layouts) else {
        return None;
    };
    let decl = &prog.funcs[f];
    if !decl.is_lib {
        return None;
    }
    let (stop_at_nul, limit) = match (decl.name.as_str(), args) {
        ("strcmp", [_, _]) => (true, None),
        ("strncmp", [_, _, n]) => (true, Some(length(prog, n)?)),
        ("memcmp", [_, _, n]) => (false, Some(length(prog, n)?)),
        _ => return None,
    };
    let a = literal_bytes(prog, &args[0])?;
    let b = literal_bytes(prog, &args[1])?;
    let mut i = 0u64;
    loop {
        if limit.is_some_and(|n| i >= n) {
            return Some(0);
        }
        let (x, y) = (*a.get(i as usize)?, *b.get(i as usize)?);
        if x != y {
            return Some(if x < y { -1 } else { 1 });
        }
        if stop_at_nul && x == 0 {
            return Some(0);
        }
        i += 1;
    }
}

/// The bytes a string-literal argument points to, from its offset to the literal's
/// end (its terminating NUL included).
fn literal_bytes<'p>(prog: &'p Program, arg: &Expr) -> Option<&'p [u8]> {
    match eval(arg, &prog.layouts)? {
        CVal::Addr(Base::Str(s), off) => prog.strings[s].get(usize::try_from(off).ok()?..),
        _ => None,
    }
}

/// A constant length argument (a `size_t`).
fn length(prog: &Program, n: &Expr) -> Option<u64> {
    match eval(n, &prog.layouts)? {
        CVal::Int(v) => Some(v as u32 as u64),
        _ => None,
    }
}
