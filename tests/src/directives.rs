//! Directives of golden files: `; NAME: VALUE` comment lines (see docs/testing.md).

use crate::executor::Frame;
use std::fmt;

/// A `; run:` line: call `func` with `args` and expect `expect`.
#[derive(Clone, Debug, PartialEq)]
pub struct RunLine {
    pub line: usize,
    pub func: String,
    /// Argument literals, typed later by the function's signature.
    pub args: Vec<String>,
    pub expect: Expectation,
}

/// What a `; run:` line expects.
#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    /// These result literals (possibly none).
    Results(Vec<String>),
    /// A trap; `Some(kind)` when the kind is stated.
    Trap(Option<String>),
}

/// An expected rejection: `; error: [LINE:COL:] TEXT`.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorLine {
    pub location: Option<(u32, u32)>,
    pub text: String,
}

/// Everything a golden file asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Directives {
    pub runs: Vec<RunLine>,
    pub stdin: Vec<u8>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub exit: Option<i32>,
    pub trap: Option<String>,
    pub errors: Vec<ErrorLine>,
    pub fuel: Option<u64>,
    /// Directories granted to the program.
    pub dirs: Vec<DirGrant>,
    /// Expected stdout length, when the content is too large to spell out (executors
    /// must still agree byte for byte).
    pub stdout_len: Option<usize>,
    /// `; trap-at: FILE:LINE[:COL]`: where the trap of `@main` happens (the innermost
    /// frame's location), under every executor and optimization level.
    pub trap_at: Option<String>,
    /// `; backtrace: @func (FILE:LINE:COL)` lines, innermost first: the whole backtrace
    /// of `@main`'s trap in unoptimized code (optimized code is held to the innermost
    /// location only).
    pub backtrace: Vec<Frame>,
}

impl Directives {
    /// The expected location of the trapping instruction: `; trap-at:` or else the
    /// first `; backtrace:` frame's.
    pub fn trap_location(&self) -> Option<&str> {
        self.trap_at
            .as_deref()
            .or_else(|| self.backtrace.first()?.location.as_deref())
    }
}

/// `; dir: NAME[::GUEST]` or `; dir-ro: NAME[::GUEST]`: a fresh copy of
/// `tests/fixtures/NAME` granted under `GUEST` (default `/NAME`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirGrant {
    pub fixture: String,
    pub guest: String,
    pub read_only: bool,
}

impl DirGrant {
    fn parse(spec: &str, read_only: bool) -> DirGrant {
        let spec = spec.trim();
        let (fixture, guest) = match spec.split_once("::") {
            Some((f, g)) => (f.to_string(), g.to_string()),
            None => (spec.to_string(), format!("/{spec}")),
        };
        DirGrant {
            fixture,
            guest,
            read_only,
        }
    }
}

/// A malformed directive.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectiveError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for DirectiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

const NAMES: &[&str] = &[
    "run",
    "stdin",
    "stdout",
    "stdout-len",
    "stderr",
    "args",
    "env",
    "exit",
    "trap",
    "error",
    "fuel",
    "dir",
    "dir-ro",
    "trap-at",
    "backtrace",
];

impl Directives {
    /// Reads the directives of a golden file's text.
    pub fn parse(text: &str) -> Result<Directives, DirectiveError> {
        let mut d = Directives::default();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let Some((name, value)) = directive(raw) else {
                continue;
            };
            let err = |message: String| DirectiveError { line, message };
            match name {
                "run" => d.runs.push(parse_run(line, value).map_err(err)?),
                "stdin" => d.stdin.extend(text_value(value).map_err(err)?),
                "stdout" => d.stdout.extend(text_value(value).map_err(err)?),
                "stderr" => d.stderr.extend(text_value(value).map_err(err)?),
                "args" => d.args.extend(split_words(value).map_err(err)?),
                "env" => {
                    let (k, v) = value
                        .split_once('=')
                        .ok_or_else(|| err(format!("expected KEY=VALUE, found `{value}`")))?;
                    d.env.push((k.to_string(), v.to_string()));
                }
                "exit" => {
                    d.exit = Some(
                        value
                            .parse()
                            .map_err(|_| err(format!("bad exit status `{value}`")))?,
                    )
                }
                "trap" => d.trap = Some(value.to_string()),
                "error" => d.errors.push(parse_error_line(value)),
                "fuel" => {
                    d.fuel = Some(
                        value
                            .parse()
                            .map_err(|_| err(format!("bad fuel `{value}`")))?,
                    )
                }
                "stdout-len" => {
                    let len = value.trim().parse();
                    d.stdout_len = Some(len.map_err(|_| err(format!("bad length `{value}`")))?)
                }
                "dir" => d.dirs.push(DirGrant::parse(value, false)),
                "dir-ro" => d.dirs.push(DirGrant::parse(value, true)),
                "trap-at" => {
                    let at = value.trim();
                    if !is_location(at) {
                        return Err(err(format!("expected FILE:LINE[:COL], found `{at}`")));
                    }
                    d.trap_at = Some(at.to_string());
                }
                "backtrace" => {
                    let frame = Frame::parse(value).map_err(err)?;
                    if frame.location.as_deref().is_some_and(|l| !is_location(l)) {
                        return Err(err(format!("expected FILE:LINE[:COL] in `{frame}`")));
                    }
                    d.backtrace.push(frame);
                }
                _ => unreachable!("NAMES lists every directive"),
            }
        }
        if !d.errors.is_empty()
            && (!d.runs.is_empty() || !d.stdout.is_empty() || d.exit.is_some() || d.trap.is_some())
        {
            return Err(DirectiveError {
                line: 1,
                message: "a file with `; error:` lines must have no run expectations".into(),
            });
        }
        d.check_trap_locations()?;
        Ok(d)
    }

    /// `; trap-at:` and `; backtrace:` describe a trap of `@main`, so they need a
    /// `; trap:` line, and they must not contradict each other.
    fn check_trap_locations(&self) -> Result<(), DirectiveError> {
        let line = 1;
        if (self.trap_at.is_some() || !self.backtrace.is_empty()) && self.trap.is_none() {
            return Err(DirectiveError {
                line,
                message: "`; trap-at:` and `; backtrace:` need a `; trap:` line".into(),
            });
        }
        if let (Some(at), Some(first)) = (&self.trap_at, self.backtrace.first()) {
            if first.location.as_ref() != Some(at) {
                return Err(DirectiveError {
                    line,
                    message: format!(
                        "`; trap-at: {at}` is not the location of the first `; backtrace:` \
                         frame `{first}`"
                    ),
                });
            }
        }
        Ok(())
    }
}

/// `FILE:LINE` or `FILE:LINE:COL` with numeric line and column.
fn is_location(text: &str) -> bool {
    let mut parts = text.rsplitn(3, ':');
    let last = parts.next().unwrap_or_default();
    let middle = parts.next();
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (middle, parts.next()) {
        (Some(line), Some(file)) if number(line) && number(last) => !file.is_empty(),
        (Some(file), _) if number(last) => !file.is_empty(),
        _ => false,
    }
}

/// Splits `; name: value` (value trimmed at the start only for text directives).
fn directive(raw: &str) -> Option<(&'static str, &str)> {
    let rest = raw.trim_start().strip_prefix(';')?.trim_start();
    let (name, value) = rest.split_once(':')?;
    let name = NAMES.iter().find(|&&n| n == name)?;
    let value = value.strip_prefix(' ').unwrap_or(value);
    Some((name, value.trim_end_matches(['\r'])))
}

/// `TEXT` → TEXT + "\n"; `"TEXT"` → unescaped TEXT without a newline.
fn text_value(value: &str) -> Result<Vec<u8>, String> {
    let trimmed = value.trim();
    if trimmed.len() >= 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
        return unescape(&trimmed[1..trimmed.len() - 1]);
    }
    let mut bytes = value.as_bytes().to_vec();
    bytes.push(b'\n');
    Ok(bytes)
}

/// Unescapes `\n \t \r \0 \\ \" \xNN` like a LIR string literal.
pub fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let esc = *bytes.get(i + 1).ok_or("dangling `\\`")?;
        i += 2;
        out.push(match esc {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'0' => 0,
            b'\\' => b'\\',
            b'"' => b'"',
            b'x' => {
                let hex = text.get(i..i + 2).ok_or("`\\x` needs two hex digits")?;
                i += 2;
                u8::from_str_radix(hex, 16).map_err(|_| format!("bad escape `\\x{hex}`"))?
            }
            other => return Err(format!("unknown escape `\\{}`", other as char)),
        });
    }
    Ok(out)
}

/// Shell-like word splitting with double quotes.
fn split_words(value: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else {
            return Ok(words);
        };
        let mut word = String::new();
        if first == '"' {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => word.push(chars.next().ok_or("dangling `\\`")?),
                    Some(c) => word.push(c),
                    None => return Err("unterminated quote".into()),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                word.push(c);
            }
        }
        words.push(word);
    }
}

/// `@f(1, -2) == 3, 4` | `@f(1) traps [kind]` | `@f()`.
fn parse_run(line: usize, value: &str) -> Result<RunLine, String> {
    let value = value.trim();
    let rest = value
        .strip_prefix('@')
        .ok_or_else(|| format!("expected `@function(...)`, found `{value}`"))?;
    let open = rest
        .find('(')
        .ok_or("expected `(` after the function name")?;
    let close = rest.find(')').ok_or("expected `)` after the arguments")?;
    if close < open {
        return Err("misplaced `)`".into());
    }
    let func = rest[..open].trim().to_string();
    let args = split_list(&rest[open + 1..close]);
    let tail = rest[close + 1..].trim();
    let expect = if tail.is_empty() {
        Expectation::Results(Vec::new())
    } else if let Some(results) = tail.strip_prefix("==") {
        Expectation::Results(split_list(results))
    } else if let Some(kind) = tail.strip_prefix("traps") {
        let kind = kind.trim();
        Expectation::Trap((!kind.is_empty()).then(|| kind.to_string()))
    } else {
        return Err(format!("expected `== RESULTS` or `traps`, found `{tail}`"));
    };
    Ok(RunLine {
        line,
        func,
        args,
        expect,
    })
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// `12:5: text` → location and text; otherwise just text.
fn parse_error_line(value: &str) -> ErrorLine {
    let value = value.trim();
    let mut parts = value.splitn(3, ':');
    if let (Some(l), Some(c), Some(text)) = (parts.next(), parts.next(), parts.next()) {
        if let (Ok(l), Ok(c)) = (l.trim().parse(), c.trim().parse()) {
            return ErrorLine {
                location: Some((l, c)),
                text: text.trim().to_string(),
            };
        }
    }
    ErrorLine {
        location: None,
        text: value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_directive() {
        let d = Directives::parse(
            "; run: @fib(10) == 55\n\
             ; run: @divmod(7, -2) == -3, 1\n\
             ; run: @div(1, 0) traps integer divide by zero\n\
             ; run: @g()\n\
             ; stdin: hello\n\
             ; stdout: \"a\\tb\"\n\
             ; args: one \"two words\"\n\
             ; env: K=V=W\n\
             ; exit: 3\n\
             ; fuel: 100\n\
             ; just a comment: not a directive\n",
        )
        .unwrap();
        assert_eq!(d.runs.len(), 4);
        assert_eq!(d.runs[1].args, ["7", "-2"]);
        assert_eq!(
            d.runs[1].expect,
            Expectation::Results(vec!["-3".into(), "1".into()])
        );
        assert_eq!(
            d.runs[2].expect,
            Expectation::Trap(Some("integer divide by zero".into()))
        );
        assert_eq!(d.runs[3].expect, Expectation::Results(vec![]));
        assert_eq!(d.stdin, b"hello\n");
        assert_eq!(d.stdout, b"a\tb");
        assert_eq!(d.args, ["one", "two words"]);
        assert_eq!(d.env, [("K".to_string(), "V=W".to_string())]);
        assert_eq!(d.exit, Some(3));
        assert_eq!(d.fuel, Some(100));
    }

    #[test]
    fn reads_error_lines_with_locations() {
        let d =
            Directives::parse("; error: 3:7: undefined value %x\n; error: duplicate\n").unwrap();
        assert_eq!(d.errors[0].location, Some((3, 7)));
        assert_eq!(d.errors[0].text, "undefined value %x");
        assert_eq!(d.errors[1].location, None);
    }

    #[test]
    fn rejects_malformed_directives() {
        assert!(Directives::parse("; run: fib(1)").is_err());
        assert!(Directives::parse("; run: @f(1) = 2").is_err());
        assert!(Directives::parse("; exit: x").is_err());
        assert!(Directives::parse("; error: x\n; run: @f()").is_err());
        assert!(Directives::parse("; trap: any\n; trap-at: f.lir").is_err());
        assert!(Directives::parse("; trap: any\n; trap-at: f.lir:x").is_err());
        assert!(Directives::parse("; trap: any\n; backtrace: main (f.lir:1:1)").is_err());
        assert!(Directives::parse("; trap: any\n; backtrace: @main (f.lir)").is_err());
        assert!(Directives::parse("; trap: any\n; backtrace: @main f.lir:1").is_err());
        // Locations describe a trap.
        assert!(Directives::parse("; trap-at: f.lir:1:2").is_err());
        // They must agree with each other.
        let both = "; trap: any\n; trap-at: f.lir:3:5\n; backtrace: @f (f.lir:4:5)";
        assert!(Directives::parse(both).is_err());
    }

    #[test]
    fn reads_trap_locations() {
        let d = Directives::parse(
            "; trap: integer divide by zero\n\
             ; backtrace: @ratio (t.lir:4:10)\n\
             ; backtrace: @glue\n\
             ; backtrace: @main (t.lir:17:5)\n",
        )
        .unwrap();
        assert_eq!(d.trap_location(), Some("t.lir:4:10"));
        let shown: Vec<String> = d.backtrace.iter().map(Frame::to_string).collect();
        assert_eq!(
            shown,
            ["@ratio (t.lir:4:10)", "@glue", "@main (t.lir:17:5)"]
        );
        let d = Directives::parse("; trap: any\n; trap-at: t.lir:4\n").unwrap();
        assert_eq!(d.trap_location(), Some("t.lir:4"));
        assert!(d.backtrace.is_empty());
    }
}
