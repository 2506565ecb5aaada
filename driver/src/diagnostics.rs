//! Rendering errors for people: `file:line:col`, the source line, a caret and the
//! message, through `codespan-reporting`, headed `error[CODE]:`. Colour follows
//! `--color` and the environment ([`crate::color`]). Long input is not echoed whole: a quoted token in a message is
//! cut to [`MAX_TOKEN_CHARS`], and a source line longer than [`MAX_LINE_CHARS`] is
//! not shown (the location is given as `file:line:col` instead).

use crate::source::SourceFile;
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer, Config};
use lir::Span;

/// One problem to show: its error code (crate::codes), a message, an optional source
/// location and notes.
pub struct Problem<'a> {
    pub code: u32,
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

/// Renders problems in `file` as error diagnostics, one after the other.
pub fn render(file: &SourceFile, problems: &[Problem<'_>]) -> String {
    let files = SimpleFile::new(file.name.as_str(), file.text.as_str());
    let mut buffer = if crate::color::stderr() {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = Config::default();
    for problem in problems {
        let message = clip_tokens(&problem.message);
        let mut diagnostic = Diagnostic::error()
            .with_code(problem.code.to_string())
            .with_message(&message);
        let range = label_range(file, problem.span);
        if range.is_some() && line_too_long(&file.text, problem.span.start as usize) {
            diagnostic =
                diagnostic.with_message(format!("{}:{}: {message}", file.name, problem.span));
        } else if let Some(range) = range {
            let mut labels = vec![Label::primary((), range).with_message(problem.label)];
            for (span, label) in &problem.related {
                let shown = label_range(file, *span)
                    .filter(|_| !line_too_long(&file.text, span.start as usize));
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
                    format!(
                        "error[{}]: {}:{}: {}\n",
                        p.code,
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
fn label_range(file: &SourceFile, span: Span) -> Option<std::ops::Range<usize>> {
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

/// Renders parse errors.
pub fn parse_errors(file: &SourceFile, errors: &lir::text::ParseErrors) -> String {
    let problems: Vec<Problem> = errors
        .0
        .iter()
        .map(|e| Problem {
            code: crate::codes::SYNTAX,
            message: e.message.clone(),
            span: e.span,
            label: "here",
            notes: Vec::new(),
            related: e.related.clone(),
        })
        .collect();
    render(file, &problems)
}

/// Renders verifier errors, naming function, block and instruction in a note.
pub fn verify_errors(file: &SourceFile, errors: &lir::verify::VerifyErrors) -> String {
    let problems: Vec<Problem> = errors
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
                code: crate::codes::INVALID_LIR,
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
        .collect();
    render(file, &problems)
}
