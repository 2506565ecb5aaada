//! Reading input files: a path, or `-` for standard input. Each input is read exactly
//! once (so pipes work), then taken as LIR text or, for `lirc run`, as a wasm module.

use crate::codes;
use crate::exit::{Failure, Status};
use crate::sniff::{self, Kind};
use std::io::Read;
use std::path::Path;

/// The bytes of one input and the name diagnostics use for it.
#[derive(Clone, Debug)]
pub struct Input {
    /// The path as given on the command line (`<stdin>` for `-`).
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Input {
    /// Reads `path`, or standard input when `path` is `-`.
    pub fn read(path: &Path) -> Result<Input, Failure> {
        let (name, bytes) = if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                Failure::new(Status::NoInput, format!("error: cannot read stdin: {e}"))
            })?;
            ("<stdin>".to_string(), bytes)
        } else {
            let bytes = std::fs::read(path).map_err(|e| {
                Failure::new(
                    Status::NoInput,
                    format!("error: cannot read {}: {e}", path.display()),
                )
            })?;
            (path.display().to_string(), bytes)
        };
        Ok(Input { name, bytes })
    }

    /// Whether the input is a binary wasm module (its magic number).
    pub fn is_wasm(&self) -> bool {
        self.bytes.starts_with(b"\0asm")
    }

    /// The file name without directories (the program's `argv[0]`).
    pub fn program_name(&self) -> String {
        program_name(&self.name)
    }

    /// The input as LIR text; a WebAssembly module (binary or text) or a common
    /// non-text file is named as such (`error[1003]`), with the command that runs it.
    pub fn into_source(self) -> Result<SourceFile, Failure> {
        let wrong = |what: &str, hint: &str| {
            Failure::coded(
                Status::InvalidProgram,
                codes::WRONG_INPUT,
                format!("{} is {what}, not LIR text{hint}", self.name),
            )
        };
        let run_it = format!("; `lirc run {}` runs it", self.name);
        match sniff::sniff(&self.name, &self.bytes) {
            Kind::Wasm => return Err(wrong("a binary WebAssembly module", &run_it)),
            Kind::Wat => return Err(wrong("WebAssembly text", &run_it)),
            _ => {}
        }
        if let Some(what) = sniff::known_format(&self.bytes) {
            return Err(wrong(what, ""));
        }
        match String::from_utf8(self.bytes) {
            Ok(text) => Ok(SourceFile {
                name: self.name,
                text,
            }),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                // Everything before the bad byte is text: count lines and characters.
                let before = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                Err(Failure::coded(
                    Status::InvalidProgram,
                    codes::NOT_UTF8,
                    format!(
                        "{}:{line}:{col}: not UTF-8 text (byte 0x{:02x}); LIR source \
                         is UTF-8, other bytes in strings are written `\\xNN`",
                        self.name, bytes[offset]
                    ),
                ))
            }
        }
    }
}

/// The text of one LIR input and the name diagnostics use for it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as given on the command line (`<stdin>` for `-`).
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// Reads LIR text from `path`, or standard input when `path` is `-`.
    pub fn read(path: &Path) -> Result<SourceFile, Failure> {
        Input::read(path)?.into_source()
    }

    /// The file name without directories (used as the program's `argv[0]`).
    pub fn program_name(&self) -> String {
        program_name(&self.name)
    }
}

fn program_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}
