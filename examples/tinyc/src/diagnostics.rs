//! Source positions, compile errors and their clang-style rendering
//! (`file:line:col: error: message`, the source line, a caret line).

use std::fmt;

/// A position in a source file: file index (into [`Sources`]), 1-based line and column.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Pos {
    pub file: u16,
    pub line: u32,
    pub col: u32,
}

/// A compile error at a position.
#[derive(Clone, PartialEq, Debug)]
pub struct Diag {
    pub pos: Pos,
    pub msg: String,
}

impl Diag {
    pub fn new(pos: Pos, msg: impl Into<String>) -> Diag {
        Diag {
            pos,
            msg: msg.into(),
        }
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.msg)
    }
}

pub type PResult<T> = Result<T, Diag>;

/// The source files of a compilation: names and texts.
#[derive(Default, Debug)]
pub struct Sources {
    pub files: Vec<(String, String)>,
}

impl Sources {
    pub fn add(&mut self, name: &str, text: &str) -> u16 {
        self.files.push((name.to_string(), text.to_string()));
        (self.files.len() - 1) as u16
    }

    pub fn name(&self, file: u16) -> &str {
        self.files
            .get(file as usize)
            .map_or("<unknown>", |f| f.0.as_str())
    }

    /// Renders `diag` as clang does.
    pub fn render(&self, diag: &Diag) -> String {
        let Pos { file, line, col } = diag.pos;
        let mut out = format!("{}:{line}:{col}: error: {}\n", self.name(file), diag.msg);
        let text = self.files.get(file as usize).map(|f| f.1.as_str());
        if let Some(src) = text.and_then(|t| t.lines().nth(line.saturating_sub(1) as usize)) {
            out.push_str(src);
            out.push('\n');
            let prefix: String = src
                .chars()
                .take(col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&prefix);
            out.push_str("^\n");
        }
        out
    }
}
