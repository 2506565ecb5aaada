//! Every error code `lirc` prints (`error[CODE]: message`), with the explanation
//! `lirc explain CODE` shows, in one table. The codes are stable: 1xxx the command
//! line and files, 2xxx LIR text, 3xxx valid LIR, 4xxx compiling, 5xxx running (the
//! runtime's own codes, [`crate::runtime::RuntimeError::code`]).
//!
//! ```
//! let code = lirc::codes::find("E5011").unwrap();
//! assert_eq!(code.code, 5011);
//! assert!(code.explanation.contains("--fuel"));
//! assert!(lirc::codes::find("9999").is_none());
//! ```

/// One error code and what it means.
#[derive(Clone, Copy, Debug)]
pub struct Code {
    pub code: u32,
    /// A few words, as in the table of docs/cli.md.
    pub summary: &'static str,
    /// What happened, why, and what to do: the text of `lirc explain CODE`.
    pub explanation: &'static str,
}

/// The command line is wrong: an unknown option or command, a bad option value.
pub const USAGE: u32 = 1000;
/// An input file cannot be read.
pub const CANNOT_READ: u32 = 1001;
/// An output cannot be written.
pub const CANNOT_WRITE: u32 = 1002;
/// The input is not what the command reads (a wasm module given to `check`).
pub const WRONG_INPUT: u32 = 1003;
/// Binary output refused on a terminal.
pub const BINARY_TO_TERMINAL: u32 = 1004;
/// LIR syntax error.
pub const SYNTAX: u32 = lir_build::diagnostics::SYNTAX_CODE;
/// The source is not UTF-8.
pub const NOT_UTF8: u32 = 2001;
/// `fmt --check`: not formatted.
pub const NOT_FORMATTED: u32 = 2002;
/// The module does not verify.
pub const INVALID_LIR: u32 = lir_build::diagnostics::INVALID_LIR_CODE;
/// `@main` cannot be a program's entry.
pub const BAD_ENTRY: u32 = 3001;
/// The module cannot be compiled for the target.
pub const CANNOT_COMPILE: u32 = 4000;
/// A bug in lir.
pub const INTERNAL: u32 = 4001;

/// Every code, in order.
pub const CODES: &[Code] = &[
    Code {
        code: USAGE,
        summary: "bad command line",
        explanation: "\
The command line cannot be understood: an unknown command or option, an option
without its value, a value of the wrong form (`--fuel -5`, `--max-memory 12X`,
`--env NOVALUE`), or options that do not go together (`-o` with several files).

    $ lirc run prog.lir --fuel -5
    error[1000]: invalid value '-5' for '--fuel <N>': ...

`lirc --help` and `lirc COMMAND --help` list every option with examples. Exit
status 64.",
    },
    Code {
        code: CANNOT_READ,
        summary: "cannot read an input file",
        explanation: "\
An input file does not exist, is a directory, or may not be read; the message gives
the operating system's reason. `-` reads standard input.

    $ lirc check nothere.lir
    error[1001]: cannot read nothere.lir: No such file or directory (os error 2)

Exit status 66.",
    },
    Code {
        code: CANNOT_WRITE,
        summary: "cannot write an output",
        explanation: "\
The output file (`-o`, the default `FILE.wasm`, `--source-map`, `fmt -w`) or
standard output cannot be written: a missing directory, no permission, a full
disk. Exit status 73.",
    },
    Code {
        code: WRONG_INPUT,
        summary: "the input is not what the command reads",
        explanation: "\
`lirc check`, `fmt`, `interp` and `compile` read LIR text; `lirc run` also runs
WebAssembly modules, binary (`.wasm`) or text (`.wat`). This error names the file
and what it looks like, and the command that reads it:

    $ lirc check prog.wasm
    error[1003]: prog.wasm is a binary WebAssembly module, not LIR text; `lirc run prog.wasm` runs it

A file given to `lirc run` that is neither (an executable, an image, an archive)
is reported the same way. Exit status 65.",
    },
    Code {
        code: BINARY_TO_TERMINAL,
        summary: "binary output to a terminal",
        explanation: "\
`lirc FILE -o -` would write a binary WebAssembly module to standard output, and
standard output is a terminal, where the bytes would garble the screen. As
`wasm-tools` does, lirc refuses: redirect standard output (`-o - > prog.wasm`,
`-o - | wasm-tools print`), write a file with `-o FILE`, or print the text form with
`--emit wat`. Exit status 64.",
    },
    Code {
        code: SYNTAX,
        summary: "LIR syntax error",
        explanation: "\
The text is not LIR: the message points at the token, with a hint where one helps
(a block label without `:`, a misspelt instruction, a value defined twice). Every
syntax error of a file is reported, each with `file:line:col`. docs/lir.md
describes the syntax. Exit status 65.

    error[2000]: unknown instruction `lod.i32`; did you mean `load.i32`?",
    },
    Code {
        code: NOT_UTF8,
        summary: "the source is not UTF-8",
        explanation: "\
LIR source is UTF-8 text. The message gives the line and column of the first byte
that is not; bytes that are not text belong in strings, written `\\xNN`. Exit status
65.",
    },
    Code {
        code: NOT_FORMATTED,
        summary: "a file is not formatted",
        explanation: "\
`lirc fmt --check` found a file whose layout differs from what `lirc fmt` prints.
`lirc fmt -w FILE` formats it in place (comments and blank lines are kept). Exit
status 1.",
    },
    Code {
        code: INVALID_LIR,
        summary: "invalid LIR",
        explanation: "\
The text parses but the module is not valid LIR: a type mismatch, a value used where
its definition does not dominate, a block without a terminator, a call with the
wrong arguments... The message points at the instruction and names the function and
block. docs/lir.md gives the rules. Exit status 65.

    error[3000]: operand types differ: i32 and i64",
    },
    Code {
        code: BAD_ENTRY,
        summary: "`@main` cannot start a program",
        explanation: "\
A module with `@main` is a program, and its `@main` must take `()` or
`(i32, ptr)` (argc and argv) and return `i32` (the exit status) or nothing. The
name `@__lir_start` is reserved for the start-up code lir generates. `lirc check`,
`compile`, `run` and `interp` all reject such a module, pointing at `@main`:

    error[3001]: @main must take () or (i32, ptr) and return i32 or nothing, ...

A module meant as a library should name its functions otherwise and call them with
`--invoke NAME`. Exit status 65.",
    },
    Code {
        code: CANNOT_COMPILE,
        summary: "cannot compile for the target",
        explanation: "\
The module is valid LIR but cannot become WebAssembly as asked: it needs a
feature switched off with `--features` (`-tail-call` with a tail call), it
clashes with a name the target's glue needs, or its data do not fit in memory.
The message names the function or item and what to change. Exit status 65.",
    },
    Code {
        code: INTERNAL,
        summary: "internal error",
        explanation: "\
A bug in lir: the backend produced a module that does not validate, or an
optimization pass broke the module. Please report it with the input and the
command line. Exit status 70.",
    },
    Code {
        code: 5000,
        summary: "compile error",
        explanation: "\
wasmtime could not compile a valid module (an engine limit). Exit status 70.",
    },
    Code {
        code: 5001,
        summary: "instantiate error",
        explanation: "\
The module could not be instantiated before any of its code ran: most often an
import the host does not provide (`lirc run` provides WASI preview 1). Exit status
125.",
    },
    Code {
        code: 5002,
        summary: "call failed / trap",
        explanation: "\
The program trapped (division by zero, an out-of-bounds access, `unreachable`...)
or a call failed in the host. The message names the trap and the function, and the
backtrace under it gives source locations, innermost first:

    error[5002]: trap: integer divide by zero in @ratio
      at @ratio (examples/trap.lir:6:5)

docs/debugging.md shows how to look closer. Exit status 134.",
    },
    Code {
        code: 5003,
        summary: "export not found",
        explanation: "\
There is no function of that name to call: `--invoke NAME` names a function the
module does not have, or a module without `_start` (no `@main`) was run as a
program. The message lists the functions that can be invoked:

    error[5003]: export not found: lib.wasm has no `_start` to run; ...

Exit status 125.",
    },
    Code {
        code: 5004,
        summary: "invalid module",
        explanation: "\
The bytes given to `lirc run` are not a valid WebAssembly module (they do not
validate, or use a proposal the runtime does not support). Exit status 65.",
    },
    Code {
        code: 5005,
        summary: "invalid instance",
        explanation: "\
An instance was used after it trapped, exited or hit a limit (library users).
Exit status 125.",
    },
    Code {
        code: 5006,
        summary: "memory access out of bounds",
        explanation: "\
The host read or wrote guest memory past its end (library users). Exit status 125.",
    },
    Code {
        code: 5007,
        summary: "type mismatch in a call",
        explanation: "\
The arguments of `--invoke NAME ARG...` do not fit the function's signature: too
many, too few, or a word that is not a value of the parameter's type. Exit status
64.",
    },
    Code {
        code: 5008,
        summary: "I/O error",
        explanation: "\
A file the runtime needed could not be read. Exit status 66.",
    },
    Code {
        code: 5009,
        summary: "permission denied",
        explanation: "\
The host may not open a directory granted with `--dir`. Exit status 125.",
    },
    Code {
        code: 5010,
        summary: "WASI configuration error",
        explanation: "\
The program's WASI world cannot be set up: `--dir` of a directory that does not
exist, an empty guest name. Exit status 64.",
    },
    Code {
        code: 5011,
        summary: "fuel exhausted",
        explanation: "\
The program executed more instructions than `--fuel N` allows. Raise the number or
look for an endless loop. Exit status 137.",
    },
    Code {
        code: 5012,
        summary: "wall-clock timeout",
        explanation: "\
The program ran longer than `--timeout SECONDS` (sleeping and waiting for input
count). Exit status 137.",
    },
    Code {
        code: 5013,
        summary: "memory limit exceeded",
        explanation: "\
The program tried to grow its memory (and tables) past `--max-memory BYTES`. Exit
status 137.",
    },
    Code {
        code: 5014,
        summary: "table limit exceeded",
        explanation: "\
The program tried to grow its tables past `--max-table-elements N` (10 million when
any other limit is set). Exit status 137.",
    },
];

/// The code `text` names: `5002`, `E5002` or `error[5002]`.
pub fn find(text: &str) -> Option<&'static Code> {
    let text = text.trim();
    let text = text
        .strip_prefix("error[")
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    let digits = text.strip_prefix(['E', 'e']).unwrap_or(text);
    let code: u32 = digits.parse().ok()?;
    CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_explained() {
        for pair in CODES.windows(2) {
            assert!(pair[0].code < pair[1].code, "{}", pair[1].code);
        }
        for code in CODES {
            assert!(!code.explanation.trim().is_empty(), "{}", code.code);
            assert!(code.explanation.contains("Exit"), "{}", code.code);
        }
        assert_eq!(find("error[3001]").map(|c| c.code), Some(BAD_ENTRY));
        assert_eq!(find("e1000").map(|c| c.code), Some(USAGE));
        assert!(find("5015").is_none() && find("x").is_none());
    }
}
