//! Source locations: where in the frontend's source program an instruction comes from.
//!
//! A location names a file of the module (interned in [`Module::files`]) or
//! [`FileId::TEXT`], the LIR text the module was parsed from, plus a 1-based line and
//! column (column 0 means unknown). Every instruction may carry one
//! ([`crate::Function::srcloc`]); frontends set them through the builder
//! (`FunctionBuilder::set_srcloc`), `.lir` files with `file`/`loc` lines, and a `.lir`
//! file without any gets the position of each instruction in the text itself.
//!
//! Optimizations keep the location of every instruction they keep and give a new
//! instruction the location of the one it replaces; inlined code keeps its callee's
//! locations. What this module does not do: inlined-at chains (which call a location
//! was inlined into) are not recorded yet.
//!
//! ```
//! use lir::builder::FunctionBuilder;
//! use lir::{Module, Signature, SourceLoc, Type};
//!
//! let mut module = Module::new();
//! let file = module.declare_file("ratio.c");
//! let f = module.declare_function("ratio", Signature::new([Type::I32, Type::I32], [Type::I32]));
//! let mut b = FunctionBuilder::new(&mut module, f);
//! let entry = b.create_block();
//! b.switch_to_block(entry);
//! let (x, y) = (b.param(0), b.param(1));
//! b.set_srcloc(SourceLoc::new(file, 4, 10));
//! let q = b.div_s(x, y);
//! b.ret(&[q]);
//! b.finalize();
//! let text = lir::text::print(&module);
//! assert!(text.contains("file 1 \"ratio.c\""));
//! assert!(text.contains("    loc 1:4:10\n    %2 = div_s %0, %1"));
//! ```

use crate::module::Module;
use std::fmt;

/// A source file of a module: [`FileId::TEXT`] or an index into [`Module::files`]
/// (shown 1-based, as `file N` lines number them).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct FileId(u32);

impl FileId {
    /// The LIR text the module was parsed from.
    pub const TEXT: FileId = FileId(0);

    /// The file of [`Module::files`] at `index` (0-based).
    pub fn from_index(index: usize) -> FileId {
        FileId(index as u32 + 1)
    }

    /// The index into [`Module::files`], `None` for [`FileId::TEXT`].
    pub fn index(self) -> Option<usize> {
        self.0.checked_sub(1).map(|i| i as usize)
    }

    /// The number `file N` lines and `loc N:…` use (0 for the text itself).
    pub fn number(self) -> u32 {
        self.0
    }
}

/// A position in a source file. The default, [`SourceLoc::NONE`], means "unknown".
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct SourceLoc {
    pub file: FileId,
    /// 1-based; 0 only in [`SourceLoc::NONE`].
    pub line: u32,
    /// 1-based; 0 when only the line is known.
    pub col: u32,
}

impl SourceLoc {
    /// No location.
    pub const NONE: SourceLoc = SourceLoc {
        file: FileId::TEXT,
        line: 0,
        col: 0,
    };

    pub fn new(file: FileId, line: u32, col: u32) -> SourceLoc {
        SourceLoc { file, line, col }
    }

    pub fn is_none(&self) -> bool {
        self.line == 0
    }

    /// Whether this is a position in the LIR text itself (which printing does not
    /// write, since the printed text has positions of its own).
    pub fn is_in_text(&self) -> bool {
        !self.is_none() && self.file == FileId::TEXT
    }

    /// `path:line:col` (or `path:line`) with the module's file names.
    pub fn display<'a>(&'a self, module: &'a Module) -> impl fmt::Display + 'a {
        LocDisplay { loc: self, module }
    }
}

struct LocDisplay<'a> {
    loc: &'a SourceLoc,
    module: &'a Module,
}

impl fmt::Display for LocDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.module.file_path(self.loc.file).unwrap_or("?");
        write!(f, "{path}:{}", self.loc.line)?;
        if self.loc.col != 0 {
            write!(f, ":{}", self.loc.col)?;
        }
        Ok(())
    }
}
