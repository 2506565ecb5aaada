//! Reading input files: a path, or `-` for standard input.

use crate::exit::{Failure, Status};
use std::io::Read;
use std::path::Path;

/// The text of one input file and the name diagnostics use for it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as given on the command line (`<stdin>` for `-`).
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// Reads `path`, or standard input when `path` is `-`.
    pub fn read(path: &Path) -> Result<SourceFile, Failure> {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Failure::new(Status::NoInput, format!("cannot read stdin: {e}")))?;
            return Ok(SourceFile {
                name: "<stdin>".to_string(),
                text,
            });
        }
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::new(
                Status::NoInput,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Failure::new(
                Status::InvalidProgram,
                format!(
                    "{}: not UTF-8 text (invalid byte at offset {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        Ok(SourceFile {
            name: path.display().to_string(),
            text,
        })
    }

    /// The file name without directories (used as the program's `argv[0]`).
    pub fn program_name(&self) -> String {
        Path::new(&self.name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.name.clone())
    }
}
