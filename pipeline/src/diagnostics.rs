//! Rendering errors for people as `lirc` does: `file:line:col`, the source line, a
//! caret and the message, through `codespan-reporting` (the `diagnostics` feature of
//! `lir-build`). Colour is used when stderr is a terminal and `NO_COLOR` is unset
//! ([`render_with`] chooses explicitly). Long input is not echoed whole: a quoted token
//! in a message is cut to [`MAX_TOKEN_CHARS`], and a source line longer than
//! [`MAX_LINE_CHARS`] is not shown (the location is given as `file:line:col` instead).
//!
//! A frontend that parses LIR text shows its errors with [`parse_and_verify`]:
//!
//! ```
//! let error = lir_build::diagnostics::parse_and_verify("bad.lir", "func @f() {\n  ret %x\n}\n")
//!     .unwrap_err();
//! assert!(error.starts_with("error"), "{error}");
//! assert!(error.contains("bad.lir:2:"), "{error}");
//! assert!(error.contains("^"), "{error}");
//! ```

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer, Config};
use lir::Span;
use std::io::IsTerminal;

/// The code of a parse error (`error[2000]`), as `lirc explain` documents it.
pub const SYNTAX_CODE: u32 = 2000;
/// The code of a verifier error (`error[3000]`).
pub const INVALID_LIR_CODE: u32 = 3000;

/// One problem to show: its code (shown as `error[CODE]:`; `None` shows `error:`), a
/// message, an optional source location and notes.
pub struct Problem<'a> {
    pub code: Option<u32>,
    pub message: String,
    pub span: Span,
    pub label: &'a str,
    pub notes: Vec<String>,
    /// Other places to point at, each with its label (shown as secondary labels).
    pub related: Vec<(Span, String)>,
}

/// Longest `quoted` token shown in a message, in characters.
pub const MAX_TOKEN_CHARS: usize = 64;

/// Longest source line shown under a message, in characters.
pub const MAX_LINE_CHARS: usize = 400;

/// `message` with every `quoted` token longer than [`MAX_TOKEN_CHARS`] cut short.
fn clip_tokens(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * MAX_TOKEN_CHARS));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let chars = part.chars().count();
        if i % 2 == 1 && chars > MAX_TOKEN_CHARS {
            out.extend(part.chars().take(MAX_TOKEN_CHARS));
            out.push_str(&format!("… ({chars} characters)"));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Whether the line holding byte `at` of `text` is too long to show.
fn line_too_long(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[start..end].chars().nth(MAX_LINE_CHARS).is_some()
}

/// Whether [`render`] colours its output: stderr is a terminal and `NO_COLOR` is unset.
pub fn color_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// One source text and the name its diagnostics show (a path, `<stdin>`, …).
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Renders problems in `file` as error diagnostics, one after the other, coloured when
/// [`color_wanted`].
pub fn render(file: Source<'_>, problems: &[Problem<'_>]) -> String {
    render_with(file, problems, color_wanted())
}

/// [`render`], with ANSI colours or without.
pub fn render_with(file: Source<'_>, problems: &[Problem<'_>], color: bool) -> String {
    let files = SimpleFile::new(file.name, file.text);
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = Config::default();
    for problem in problems {
        let message = clip_tokens(&problem.message);
        let mut diagnostic = Diagnostic::error().with_message(&message);
        if let Some(code) = problem.code {
            diagnostic = diagnostic.with_code(code.to_string());
        }
        let range = label_range(file, problem.span);
        if range.is_some() && line_too_long(file.text, problem.span.start as usize) {
            diagnostic =
                diagnostic.with_message(format!("{}:{}: {message}", file.name, problem.span));
        } else if let Some(range) = range {
            let mut labels = vec![Label::primary((), range).with_message(problem.label)];
            for (span, label) in &problem.related {
                let shown = label_range(file, *span)
                    .filter(|_| !line_too_long(file.text, span.start as usize));
                if let Some(range) = shown {
                    labels.push(Label::secondary((), range).with_message(label));
                }
            }
            diagnostic = diagnostic.with_labels(labels);
        } else {
            diagnostic = diagnostic.with_message(format!("{}: {message}", file.name));
        }
        diagnostic = diagnostic.with_notes(problem.notes.clone());
        if term::emit(&mut buffer, &config, &files, &diagnostic).is_err() {
            // The span does not fit the file (a bug elsewhere): fall back to plain text.
            return problems
                .iter()
                .map(|p| {
                    let head = match p.code {
                        Some(code) => format!("error[{code}]"),
                        None => "error".to_string(),
                    };
                    format!(
                        "{head}: {}:{}: {}\n",
                        file.name,
                        p.span,
                        clip_tokens(&p.message)
                    )
                })
                .collect();
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// The byte range a label covers for `span` (at least one byte), if `span` is in the
/// file.
fn label_range(file: Source<'_>, span: Span) -> Option<std::ops::Range<usize>> {
    if span.is_none()
        || (span.end as usize) > file.text.len()
        || !file.text.is_char_boundary(span.start as usize)
    {
        return None;
    }
    Some(if span.start == span.end {
        span.range().start..(span.end as usize + 1).min(file.text.len())
    } else {
        span.range()
    })
}

/// Renders parse errors (`error[2000]`).
pub fn parse_errors(file: Source<'_>, errors: &lir::text::ParseErrors) -> String {
    render(file, &parse_problems(errors))
}

/// The problems of parse errors, for [`render_with`].
pub fn parse_problems(errors: &lir::text::ParseErrors) -> Vec<Problem<'static>> {
    errors
        .0
        .iter()
        .map(|e| Problem {
            code: Some(SYNTAX_CODE),
            message: e.message.clone(),
            span: e.span,
            label: "here",
            notes: Vec::new(),
            related: e.related.clone(),
        })
        .collect()
}

/// Renders verifier errors (`error[3000]`), naming function, block and instruction in
/// a note.
pub fn verify_errors(file: Source<'_>, errors: &lir::verify::VerifyErrors) -> String {
    render(file, &verify_problems(errors))
}

/// The problems of verifier errors, for [`render_with`].
pub fn verify_problems(errors: &lir::verify::VerifyErrors) -> Vec<Problem<'static>> {
    errors
        .0
        .iter()
        .map(|e| {
            let mut context = Vec::new();
            if let Some(func) = &e.func {
                context.push(format!("in function @{func}"));
            }
            if let Some(block) = &e.block {
                context.push(format!("block {block}"));
            }
            if let Some(inst) = &e.inst {
                context.push(format!("instruction `{inst}`"));
            }
            Problem {
                code: Some(INVALID_LIR_CODE),
                message: e.message.clone(),
                span: e.span,
                label: "here",
                notes: if context.is_empty() {
                    Vec::new()
                } else {
                    vec![context.join(", ")]
                },
                related: Vec::new(),
            }
        })
        .collect()
}

/// Parses and verifies LIR text; the errors, if any, rendered as `lirc` shows them
/// (every parse error, or else every verifier error).
pub fn parse_and_verify(name: &str, text: &str) -> Result<lir::Module, String> {
    let file = Source { name, text };
    let module =
        lir::text::parse_named(text, name).map_err(|errors| parse_errors(file, &errors))?;
    lir::verify::verify(&module).map_err(|errors| verify_errors(file, &errors))?;
    Ok(module)
}
