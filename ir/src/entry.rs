//! Program start-up: the function that turns a module with `@main` into a program.
//!
//! [`add_start`] appends `@__lir_start`, written in LIR with `syscall.args`,
//! `stack.alloc` and `syscall.exit`, so that every executor runs *the same code* to
//! build `argv` and the addresses agree by construction: the reference interpreter
//! runs it directly, and the WASI layer exports it as `_start` after lowering its
//! syscalls. It does not touch the rest of the module.
//!
//! Memory it leaves for `@main(%argc, %argv)`, directly below the initial stack
//! pointer: the argument strings (NUL-terminated, in order; the block rounded up to 16
//! bytes), then below them the `argc + 1` pointers (the last one null; rounded up to 16
//! bytes). `argv` is the address of the pointer block.

use crate::builder::FunctionBuilder;
use crate::entities::Func;
use crate::module::Module;
use crate::syscall::Syscall;
use crate::types::{Signature, Type};

/// Name of the generated start function.
pub const START_NAME: &str = "__lir_start";

/// How `@main` wants to be called.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MainShape {
    /// `@main(%argc: i32, %argv: ptr)` rather than `@main()`.
    pub takes_argv: bool,
    /// Returns an `i32` exit status rather than nothing.
    pub returns_status: bool,
}

/// Why a module cannot become a program.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum EntryError {
    /// `@main` exists but has a signature a program entry cannot have.
    #[error(
        "@main must take () or (i32, ptr) and return i32 or nothing, but its signature is {sig}"
    )]
    BadMain { sig: String },
    /// `@main` is an imported function: a program's entry must have a body.
    #[error("@main is imported; a program's @main must be defined in the module")]
    ImportedMain,
    /// The module already uses the name of the generated start function.
    #[error("the name @{0} is reserved for the generated start-up code")]
    NameTaken(String),
}

/// The shape of `@main`, `None` when the module has no `@main`; an error when the
/// module cannot be a program (a bad signature, or the start-up code's name taken).
pub fn main_shape(module: &Module) -> Result<Option<MainShape>, EntryError> {
    let Some(main) = module.func_by_name("main") else {
        return Ok(None);
    };
    if module.funcs[main].is_import() {
        return Err(EntryError::ImportedMain);
    }
    let sig = &module.funcs[main].sig;
    let takes_argv = match sig.params[..] {
        [] => false,
        [Type::I32, Type::I32] => true,
        _ => {
            return Err(EntryError::BadMain {
                sig: sig.to_string(),
            })
        }
    };
    let returns_status = match sig.results[..] {
        [] => false,
        [Type::I32] => true,
        _ => {
            return Err(EntryError::BadMain {
                sig: sig.to_string(),
            })
        }
    };
    if module.func_by_name(START_NAME).is_some() {
        return Err(EntryError::NameTaken(START_NAME.to_string()));
    }
    Ok(Some(MainShape {
        takes_argv,
        returns_status,
    }))
}

/// Appends `@__lir_start` (which calls `@main` and exits with its status) when the
/// module has a valid `@main`; returns the new function.
///
/// ```
/// let mut module = lir::text::parse("
///     func @main(%argc: i32, %argv: ptr) -> i32 {
///         ret %argc
///     }
/// ").unwrap();
/// let start = lir::entry::add_start(&mut module).unwrap().unwrap();
/// assert_eq!(module.funcs[start].name, "__lir_start");
/// lir::verify::verify(&module).unwrap();
/// ```
pub fn add_start(module: &mut Module) -> Result<Option<Func>, EntryError> {
    let Some(shape) = main_shape(module)? else {
        return Ok(None);
    };
    let main = module.func_by_name("main").expect("main_shape found @main");
    let start = module.declare_function(START_NAME, Signature::default());
    let mut b = FunctionBuilder::new(module, start);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let args = if shape.takes_argv {
        let (argc, argv) = build_argv(&mut b);
        vec![argc, argv]
    } else {
        Vec::new()
    };
    let results = b.call(main, &args);
    match results.first() {
        Some(&status) if shape.returns_status => {
            b.syscall(Syscall::Exit, &[status.into()]);
            b.trap();
        }
        _ => {
            b.ret(&[]);
        }
    }
    b.finalize();
    Ok(Some(start))
}

/// Fetches the argument strings, counts them, and builds the pointer array.
/// Returns `(argc, argv)`; leaves the builder in the block where both are ready.
fn build_argv(b: &mut FunctionBuilder<'_>) -> (crate::Value, crate::Value) {
    let count = b.create_named_block("count");
    let count_byte = b.create_named_block("count_byte");
    let build = b.create_named_block("build");
    let fill = b.create_named_block("fill");
    let store_pointer = b.create_named_block("store_pointer");
    let skip = b.create_named_block("skip");
    let next = b.create_named_block("next");
    let done = b.create_named_block("done");

    // The strings, directly below the stack pointer.
    let size = b
        .syscall(Syscall::Args, &[0.into(), 0.into()])
        .expect("args returns");
    let strings = b.stack_alloc(size);
    b.syscall(Syscall::Args, &[strings.into(), size.into()]);
    let zero = b.iconst(Type::I32, 0);
    b.jump(count, &[zero, zero]);

    // count(i, argc): one argument per NUL byte.
    b.switch_to_block(count);
    let i = b.append_block_param(count, Type::I32);
    let argc = b.append_block_param(count, Type::I32);
    let finished = b.ge_u(i, size);
    b.br_if(finished, build, &[], count_byte, &[]);
    b.switch_to_block(count_byte);
    let at = b.add(strings, i);
    let byte = b.load_u8(Type::I32, at, 0);
    let is_nul = b.eqz(byte);
    let argc_next = b.add(argc, is_nul);
    let i_next = b.add(i, 1);
    b.jump(count, &[i_next, argc_next]);

    // build: the pointer array below the strings.
    b.switch_to_block(build);
    let entries = b.add(argc, 1);
    let bytes = b.shl(entries, 2);
    let argv = b.stack_alloc(bytes);
    b.jump(fill, &[zero, strings]);

    // fill(k, p): argv[k] = p, then skip past the string's NUL.
    b.switch_to_block(fill);
    let k = b.append_block_param(fill, Type::I32);
    let p = b.append_block_param(fill, Type::I32);
    let more = b.lt_u(k, argc);
    b.br_if(more, store_pointer, &[], done, &[]);
    b.switch_to_block(store_pointer);
    let offset = b.shl(k, 2);
    let slot = b.add(argv, offset);
    b.store(slot, 0, p);
    b.jump(skip, &[p]);
    b.switch_to_block(skip);
    let q = b.append_block_param(skip, Type::I32);
    let c = b.load_u8(Type::I32, q, 0);
    let q_next = b.add(q, 1);
    let at_end = b.eqz(c);
    b.br_if(at_end, next, &[], skip, &[q_next]);
    b.switch_to_block(next);
    let k_next = b.add(k, 1);
    b.jump(fill, &[k_next, q_next]);

    // done: the terminating null pointer.
    b.switch_to_block(done);
    let end_offset = b.shl(argc, 2);
    let end_slot = b.add(argv, end_offset);
    b.store(end_slot, 0, zero);
    (argc, argv)
}
