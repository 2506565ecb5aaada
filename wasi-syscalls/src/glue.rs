//! The WASI preview 1 glue of each system call: LIR text in `glue/`, parsed and linked
//! into the program on demand.

use crate::link::{link, NameClash};
use lir::{Func, Module, Syscall};

/// The glue text of a system call and the name of its entry function.
fn source(call: Syscall) -> (String, &'static str) {
    let strings = include_str!("glue/strings.lir");
    match call {
        Syscall::Read => (include_str!("glue/read.lir").into(), "__lir_sys_read"),
        Syscall::Write => (include_str!("glue/write.lir").into(), "__lir_sys_write"),
        Syscall::Open => (include_str!("glue/open.lir").into(), "__lir_sys_open"),
        Syscall::Close => (include_str!("glue/close.lir").into(), "__lir_sys_close"),
        Syscall::Seek => (include_str!("glue/seek.lir").into(), "__lir_sys_seek"),
        Syscall::Exit => (include_str!("glue/exit.lir").into(), "__lir_sys_exit"),
        Syscall::ClockTime => (
            include_str!("glue/clock_time.lir").into(),
            "__lir_sys_clock_time",
        ),
        Syscall::ClockRes => (
            include_str!("glue/clock_res.lir").into(),
            "__lir_sys_clock_res",
        ),
        Syscall::Random => (include_str!("glue/random.lir").into(), "__lir_sys_random"),
        Syscall::Sleep => (include_str!("glue/sleep.lir").into(), "__lir_sys_sleep"),
        Syscall::Args => (strings.replace("KIND", "args"), "__lir_sys_args"),
        Syscall::Env => (strings.replace("KIND", "environ"), "__lir_sys_environ"),
    }
}

/// Whether the glue of `call` uses `@__lir_in_memory` (`glue/in_memory.lir`).
fn checks_buffers(call: Syscall) -> bool {
    matches!(
        call,
        Syscall::Read
            | Syscall::Write
            | Syscall::Open
            | Syscall::Random
            | Syscall::Args
            | Syscall::Env
    )
}

/// Whether the glue of `call` uses `@__lir_fd_access` (`glue/fd_access.lir`).
fn checks_descriptors(call: Syscall) -> bool {
    matches!(call, Syscall::Read | Syscall::Write)
}

/// The parsed glue module of a system call.
pub(crate) fn glue_module(call: Syscall) -> (Module, &'static str) {
    let (mut text, entry) = source(call);
    if checks_buffers(call) {
        text.push_str(include_str!("glue/in_memory.lir"));
    }
    if checks_descriptors(call) {
        text.push_str(include_str!("glue/fd_access.lir"));
    }
    let module = lir::text::parse(&text)
        .unwrap_or_else(|e| panic!("the glue of syscall.{} does not parse: {e}", call.name()));
    (module, entry)
}

/// Links the glue of `call` into `module`; returns the function that replaces it.
pub(crate) fn link_glue(module: &mut Module, call: Syscall) -> Result<Func, NameClash> {
    let (glue, entry) = glue_module(call);
    let linked = link(module, &glue)?;
    Ok(linked.funcs[entry])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glue_parses_verifies_and_matches_its_syscall() {
        for call in Syscall::ALL {
            let (module, entry) = glue_module(call);
            lir::verify::verify(&module).unwrap_or_else(|e| panic!("{}: {e}", call.name()));
            let func = module.func_by_name(entry).expect("entry function");
            let sig = &module.funcs[func].sig;
            assert_eq!(sig.params, call.params(), "{}", call.name());
            assert_eq!(sig.results, call.results(), "{}", call.name());
        }
    }

    /// Shadow-stack bytes the deepest chain of static frames from `func` needs.
    fn deepest_frames(module: &Module, func: Func) -> u32 {
        let function = &module.funcs[func];
        let own = lir::layout::FrameLayout::of(function).size;
        let callees = function.layout.iter().flat_map(|&block| {
            function.blocks[block].insts.iter().filter_map(|&inst| {
                match function.insts[inst].kind {
                    lir::InstKind::Call { func: callee, .. } => Some(callee),
                    _ => None,
                }
            })
        });
        own + callees
            .filter(|&callee| module.funcs[callee].import.is_none())
            .map(|callee| deepest_frames(module, callee))
            .max()
            .unwrap_or(0)
    }

    /// The layout reserves `SYSCALL_SCRATCH` for the glue's frames: every glue fits,
    /// with room left for the copies `open` makes of a short path and preopen name.
    #[test]
    fn every_glue_fits_the_reserved_scratch() {
        for call in Syscall::ALL {
            let (module, entry) = glue_module(call);
            let func = module.func_by_name(entry).expect("entry function");
            let need = deepest_frames(&module, func);
            let room = if call == Syscall::Open { 96 } else { 0 };
            assert!(
                need + room <= lir::layout::SYSCALL_SCRATCH,
                "syscall.{} needs {need} + {room} bytes",
                call.name()
            );
        }
    }

    /// Legalization turns the scratch the layout reserves for system calls into part of
    /// `stack N`, so that the interpreter (original module) and the backend (legalized
    /// one) lay memory out alike, on both targets.
    #[test]
    fn legalized_modules_keep_the_layout() {
        let text = "stack 48\ndata @d = \"x\"\nfunc @f() -> i32 {\nentry:\n    %r = syscall.write 1, 0, 0\n    ret %r\n}\n";
        let module = lir::text::parse(text).unwrap();
        let layout = lir::layout::Layout::compute(&module).unwrap();
        let declared = layout.stack_top - layout.stack_base;
        assert_eq!(declared, 48 + lir::layout::SYSCALL_SCRATCH);
        for target in [crate::Target::Wasip1, crate::Target::Unknown] {
            let legal = crate::legalize(&module, target).unwrap();
            let legal_layout = lir::layout::Layout::compute(&legal).unwrap();
            assert_eq!(legal_layout.stack_base, layout.stack_base, "{target:?}");
            assert_eq!(legal_layout.stack_top, layout.stack_top, "{target:?}");
            let data = legal.data_by_name("d").unwrap();
            let original = module.data_by_name("d").unwrap();
            assert_eq!(
                legal_layout.data_address(data),
                layout.data_address(original)
            );
        }
        let quiet = lir::text::parse("stack 48\nfunc @f() {\nentry:\n    ret\n}\n").unwrap();
        let quiet_layout = lir::layout::Layout::compute(&quiet).unwrap();
        assert_eq!(quiet_layout.stack_top - quiet_layout.stack_base, 48);
    }

    /// The glue's UTF-8 check agrees with Rust's `str::from_utf8` (run by the
    /// reference interpreter on byte strings built to hit every boundary).
    #[test]
    fn utf8_check_matches_rust() {
        use lir::interp::{InterpConfig, Interpreter};
        let (module, _) = glue_module(Syscall::Open);
        let mut interp = Interpreter::new(&module, InterpConfig::new()).unwrap();
        let base = interp.layout().heap_base as usize;
        let interesting = [
            0x00u8, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
            0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
        ];
        let mut cases: Vec<Vec<u8>> = vec![Vec::new()];
        for &a in &interesting {
            for &b in &interesting {
                cases.push(vec![a, b]);
                for &c in &[0x80u8, 0x8f, 0x90, 0xbf, 0xc0, 0x41] {
                    cases.push(vec![a, b, c]);
                    cases.push(vec![a, b, c, 0x80]);
                    cases.push(vec![a, b, c, 0xbf, 0x41]);
                }
            }
        }
        for bytes in cases {
            interp.memory_mut()[base..base + bytes.len()].copy_from_slice(&bytes);
            let args = [
                lir::Imm::i32(base as i32),
                lir::Imm::i32(bytes.len() as i32),
            ];
            let got = interp.invoke("__lir_utf8_valid", &args).unwrap()[0];
            let want = std::str::from_utf8(&bytes).is_ok();
            assert_eq!(got, lir::Imm::i32(want as i32), "{bytes:x?}");
        }
    }
}
