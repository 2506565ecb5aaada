//! The preprocessor of the subset: `#include` and `#pragma` lines are ignored (but
//! `#pragma pack`, which would change struct layout, is an error), `#line` renumbers `__LINE__`,
//! `#define` / `#undef` are honoured and expanded (object-like macros, with the
//! predefined limit macros of <limits.h>/<stdint.h>/<stdio.h>/<float.h>, the `PRI…` format macros
//! of <inttypes.h>, `HUGE_VAL`, `INFINITY` and `NAN`, `offsetof`, `__LINE__`, and simple
//! function-like macros without `#` and `##`), and `#ifdef`, `#ifndef`, `#else`,
//! `#endif` select lines. `#if` is rejected with an error.

use crate::diagnostics::{Diag, PResult};
use crate::lexer::{lex, Tok, Token};
use std::collections::HashMap;

/// Object-like macros every translation unit starts with.
pub const PREDEFINED: &str = r#"
#define EOF (-1)
#define NULL ((void*)0)
#define RAND_MAX 2147483647
#define CHAR_BIT 8
#define SCHAR_MAX 127
#define SCHAR_MIN (-128)
#define UCHAR_MAX 255
#define CHAR_MAX 127
#define CHAR_MIN (-128)
#define SHRT_MAX 32767
#define SHRT_MIN (-32768)
#define USHRT_MAX 65535
#define INT_MAX 2147483647
#define INT_MIN (-2147483647-1)
#define UINT_MAX 4294967295U
#define LONG_MAX 2147483647L
#define LONG_MIN (-2147483647L-1)
#define ULONG_MAX 4294967295UL
#define LLONG_MAX 9223372036854775807LL
#define LLONG_MIN (-9223372036854775807LL-1)
#define ULLONG_MAX 18446744073709551615ULL
#define INT8_MAX 127
#define INT8_MIN (-128)
#define INT16_MAX 32767
#define INT16_MIN (-32768)
#define INT32_MAX 2147483647
#define INT32_MIN (-2147483647-1)
#define INT64_MAX 9223372036854775807LL
#define INT64_MIN (-9223372036854775807LL-1)
#define UINT8_MAX 255
#define UINT16_MAX 65535
#define UINT32_MAX 4294967295U
#define UINT64_MAX 18446744073709551615ULL
#define INTMAX_MAX 9223372036854775807LL
#define INTMAX_MIN (-9223372036854775807LL-1)
#define UINTMAX_MAX 18446744073709551615ULL
#define INTPTR_MAX 2147483647L
#define INTPTR_MIN (-2147483647L-1)
#define UINTPTR_MAX 4294967295UL
#define PTRDIFF_MAX 2147483647L
#define PTRDIFF_MIN (-2147483647L-1)
#define SIZE_MAX 4294967295UL
#define PRId8 "d"
#define PRIi8 "i"
#define PRIu8 "u"
#define PRIo8 "o"
#define PRIx8 "x"
#define PRIX8 "X"
#define PRId16 "d"
#define PRIi16 "i"
#define PRIu16 "u"
#define PRIo16 "o"
#define PRIx16 "x"
#define PRIX16 "X"
#define PRId32 "d"
#define PRIi32 "i"
#define PRIu32 "u"
#define PRIo32 "o"
#define PRIx32 "x"
#define PRIX32 "X"
#define PRId64 "lld"
#define PRIi64 "lli"
#define PRIu64 "llu"
#define PRIo64 "llo"
#define PRIx64 "llx"
#define PRIX64 "llX"
#define PRIdMAX "lld"
#define PRIiMAX "lli"
#define PRIuMAX "llu"
#define PRIoMAX "llo"
#define PRIxMAX "llx"
#define PRIXMAX "llX"
#define PRIdPTR "d"
#define PRIiPTR "i"
#define PRIuPTR "u"
#define PRIoPTR "o"
#define PRIxPTR "x"
#define PRIXPTR "X"
#define FLT_RADIX 2
#define FLT_MANT_DIG 24
#define DBL_MANT_DIG 53
#define FLT_DIG 6
#define DBL_DIG 15
#define FLT_MIN_EXP (-125)
#define DBL_MIN_EXP (-1021)
#define FLT_MAX_EXP 128
#define DBL_MAX_EXP 1024
#define FLT_MIN_10_EXP (-37)
#define DBL_MIN_10_EXP (-307)
#define FLT_MAX_10_EXP 38
#define DBL_MAX_10_EXP 308
#define FLT_MAX 3.40282347e+38F
#define DBL_MAX 1.7976931348623157e+308
#define FLT_MIN 1.17549435e-38F
#define DBL_MIN 2.2250738585072014e-308
#define FLT_EPSILON 1.19209290e-7F
#define DBL_EPSILON 2.2204460492503131e-16
#define FLT_TRUE_MIN 1.40129846e-45F
#define DBL_TRUE_MIN 4.9406564584124654e-324
#define HUGE_VAL (1e300 * 1e300)
#define INFINITY (1e30f * 1e30f)
#define NAN __builtin_nanf("")
#define EXIT_SUCCESS 0
#define offsetof(type, member) ((size_t)&((type *)0)->member)
#define EXIT_FAILURE 1
#define true 1
#define false 0
#define bool _Bool
#define __STDC__ 1
#define __STDC_HOSTED__ 1
#define __STDC_VERSION__ 201112L
#define __wasm__ 1
#define __wasm32__ 1
#define __wasi__ 1
#define __ILP32__ 1
#define __LITTLE_ENDIAN__ 1
#define __tinyc__ 1
"#;

/// A macro definition: parameters (for function-like macros) and body.
#[derive(Clone, Debug)]
struct Macro {
    params: Option<Vec<String>>,
    body: Vec<Token>,
}

/// The macro table of one translation unit.
pub struct Preprocessor {
    macros: HashMap<String, Macro>,
    /// What `#line` added to the source line numbers `__LINE__` gives.
    line_offset: i64,
}

const MAX_EXPANSION_DEPTH: usize = 64;

impl Preprocessor {
    pub fn new() -> Preprocessor {
        let mut pp = Preprocessor {
            macros: HashMap::new(),
            line_offset: 0,
        };
        // The predefined text is ours: it lexes and preprocesses without errors.
        if let Ok(tokens) = lex(PREDEFINED, u16::MAX) {
            let _ = pp.run(tokens);
        }
        pp
    }

    /// Processes the directives of a token stream and expands macros.
    pub fn run(&mut self, tokens: Vec<Token>) -> PResult<Vec<Token>> {
        let mut out = Vec::new();
        // For each open #ifdef: (taking lines now, some branch taken, in #else).
        let mut conds: Vec<(bool, bool, bool)> = Vec::new();
        let mut pending: Vec<Token> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            let active = conds.iter().all(|c| c.0);
            if t.tok == Tok::Punct("#") && t.bol {
                self.expand_list(&pending, &mut Vec::new(), &mut out, 0)?;
                pending.clear();
                let mut end = i + 1;
                while end < tokens.len() && !tokens[end].bol {
                    end += 1;
                }
                let line = &tokens[i + 1..end];
                self.directive(t, line, active, &mut conds)?;
                i = end;
                continue;
            }
            if t.tok == Tok::Eof {
                if let Some(_open) = conds.last() {
                    return Err(Diag::new(t.pos, "unterminated conditional directive"));
                }
                self.expand_list(&pending, &mut Vec::new(), &mut out, 0)?;
                pending.clear();
                out.push(t.clone());
                break;
            }
            if active {
                pending.push(t.clone());
            }
            i += 1;
        }
        self.expand_list(&pending, &mut Vec::new(), &mut out, 0)?;
        Ok(out)
    }

    fn directive(
        &mut self,
        hash: &Token,
        line: &[Token],
        active: bool,
        conds: &mut Vec<(bool, bool, bool)>,
    ) -> PResult<()> {
        let Some(first) = line.first() else {
            return Ok(()); // the null directive
        };
        let name = match &first.tok {
            Tok::Ident(n) => n.as_str(),
            _ => return Err(Diag::new(first.pos, "invalid preprocessing directive")),
        };
        let macro_name = |what: &str| -> PResult<String> {
            match line.get(1).map(|t| &t.tok) {
                Some(Tok::Ident(n)) => Ok(n.clone()),
                _ => Err(Diag::new(
                    line.get(1).map_or(first.pos, |t| t.pos),
                    format!("macro name missing in #{what}"),
                )),
            }
        };
        match name {
            "ifdef" | "ifndef" => {
                let defined = if active {
                    self.macros.contains_key(&macro_name(name)?)
                } else {
                    false
                };
                let take = active && (defined == (name == "ifdef"));
                conds.push((take, take || !active, false));
            }
            "else" => {
                let outer = conds.len() > 1 && !conds[..conds.len() - 1].iter().all(|c| c.0);
                match conds.last_mut() {
                    Some(c) if !c.2 => {
                        c.0 = !c.1 && !outer;
                        c.1 = true;
                        c.2 = true;
                    }
                    _ => return Err(Diag::new(first.pos, "#else without #if")),
                }
            }
            "endif" => {
                if conds.pop().is_none() {
                    return Err(Diag::new(first.pos, "#endif without #if"));
                }
            }
            _ if !active => {}
            // `#pragma pack` changes struct layout: ignoring it would be silently wrong.
            "pragma" if matches!(line.get(1).map(|t| &t.tok), Some(Tok::Ident(n)) if n == "pack") =>
            {
                return Err(Diag::new(
                    line[1].pos,
                    "#pragma pack is not supported by tinyc",
                ));
            }
            // `#line N ["file"]`: the next line is line N for `__LINE__`.
            "line" => match line.get(1).map(|t| &t.tok) {
                Some(Tok::Int {
                    value,
                    decimal: true,
                    ..
                }) if *value <= u32::MAX as u64 => {
                    self.line_offset = *value as i64 - (i64::from(first.pos.line) + 1);
                }
                _ => {
                    return Err(Diag::new(
                        line.get(1).map_or(first.pos, |t| t.pos),
                        "#line directive requires a simple digit sequence",
                    ))
                }
            },
            "include" | "pragma" | "ident" => {}
            "define" => {
                let name = macro_name("define")?;
                let mut body = &line[2.min(line.len())..];
                let mut params = None;
                if let Some(paren) = body.first() {
                    if paren.tok == Tok::Punct("(") && !paren.space {
                        let mut names = Vec::new();
                        let mut k = 1;
                        loop {
                            match body.get(k).map(|t| &t.tok) {
                                Some(Tok::Punct(")")) if names.is_empty() => break,
                                Some(Tok::Ident(n)) => names.push(n.clone()),
                                _ => {
                                    return Err(Diag::new(
                                        body.get(k).map_or(paren.pos, |t| t.pos),
                                        "expected parameter name in macro definition",
                                    ))
                                }
                            }
                            k += 1;
                            match body.get(k).map(|t| &t.tok) {
                                Some(Tok::Punct(",")) => k += 1,
                                Some(Tok::Punct(")")) => break,
                                _ => {
                                    return Err(Diag::new(
                                        body.get(k).map_or(paren.pos, |t| t.pos),
                                        "expected ',' or ')' in macro parameter list",
                                    ))
                                }
                            }
                        }
                        body = &body[k + 1..];
                        params = Some(names);
                    }
                }
                if let Some(t) = body
                    .iter()
                    .find(|t| t.tok == Tok::Punct("#") || t.tok == Tok::Punct("##"))
                {
                    return Err(Diag::new(
                        t.pos,
                        "'#' and '##' in macros are not supported by tinyc",
                    ));
                }
                self.macros.insert(
                    name,
                    Macro {
                        params,
                        body: body.to_vec(),
                    },
                );
            }
            "undef" => {
                let name = macro_name("undef")?;
                self.macros.remove(&name);
            }
            "error" => return Err(Diag::new(hash.pos, "#error directive")),
            "warning" => {}
            "if" | "elif" => {
                return Err(Diag::new(
                    first.pos,
                    format!("#{name} is not supported by tinyc (only #ifdef/#ifndef)"),
                ))
            }
            other => {
                return Err(Diag::new(
                    first.pos,
                    format!("invalid preprocessing directive '#{other}'"),
                ))
            }
        }
        Ok(())
    }

    /// Expands the macros in `tokens` into `out`; names in `hide` are not expanded.
    fn expand_list(
        &self,
        tokens: &[Token],
        hide: &mut Vec<String>,
        out: &mut Vec<Token>,
        depth: usize,
    ) -> PResult<()> {
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            i += 1;
            if t.tok == Tok::Punct("#") || t.tok == Tok::Punct("##") {
                return Err(Diag::new(t.pos, "stray '#' in program"));
            }
            let Tok::Ident(name) = &t.tok else {
                out.push(t.clone());
                continue;
            };
            let Some(m) = self.macros.get(name).filter(|_| !hide.contains(name)) else {
                let mut t = t.clone();
                if name == "__LINE__" && !self.macros.contains_key(name) {
                    // The line of the token (of the macro call, inside an expansion).
                    t.tok = Tok::Int {
                        value: (i64::from(t.pos.line) + self.line_offset).max(0) as u64,
                        unsigned: false,
                        longs: 0,
                        decimal: true,
                    };
                }
                out.push(t);
                continue;
            };
            if depth > MAX_EXPANSION_DEPTH {
                return Err(Diag::new(t.pos, "macro expansion too deep"));
            }
            let at_call = |b: &Token, k: usize| {
                let mut b = b.clone();
                b.pos = t.pos;
                b.bol = t.bol && k == 0;
                if k == 0 {
                    b.space = t.space;
                }
                b
            };
            let body: Vec<Token> = match &m.params {
                None => m
                    .body
                    .iter()
                    .enumerate()
                    .map(|(k, b)| at_call(b, k))
                    .collect(),
                Some(params) => {
                    if tokens.get(i).map(|t| &t.tok) != Some(&Tok::Punct("(")) {
                        out.push(t.clone());
                        continue;
                    }
                    let (args, next) = collect_args(tokens, i + 1, t)?;
                    i = next;
                    let args = if params.is_empty() && args.len() == 1 && args[0].is_empty() {
                        Vec::new()
                    } else {
                        args
                    };
                    if args.len() != params.len() {
                        return Err(Diag::new(
                            t.pos,
                            format!(
                                "macro '{name}' requires {} arguments, but {} given",
                                params.len(),
                                args.len()
                            ),
                        ));
                    }
                    let mut expanded = Vec::new();
                    for a in &args {
                        let mut e = Vec::new();
                        self.expand_list(a, hide, &mut e, depth + 1)?;
                        expanded.push(e);
                    }
                    let mut body = Vec::new();
                    for (k, b) in m.body.iter().enumerate() {
                        match &b.tok {
                            Tok::Ident(p) if params.contains(p) => {
                                let idx = params.iter().position(|q| q == p).unwrap_or(0);
                                body.extend(expanded[idx].iter().cloned());
                            }
                            _ => body.push(at_call(b, k)),
                        }
                    }
                    body
                }
            };
            hide.push(name.clone());
            let r = self.expand_list(&body, hide, out, depth + 1);
            hide.pop();
            r?;
        }
        Ok(())
    }
}

/// The arguments of a function-like macro call starting after its `(`; returns
/// them and the index after the closing `)`.
fn collect_args(tokens: &[Token], mut i: usize, call: &Token) -> PResult<(Vec<Vec<Token>>, usize)> {
    let mut args = vec![Vec::new()];
    let mut level = 0;
    loop {
        let Some(t) = tokens.get(i) else {
            return Err(Diag::new(
                call.pos,
                "unterminated function-like macro invocation",
            ));
        };
        i += 1;
        match &t.tok {
            Tok::Punct("(") => level += 1,
            Tok::Punct(")") if level == 0 => return Ok((args, i)),
            Tok::Punct(")") => level -= 1,
            Tok::Punct(",") if level == 0 => {
                args.push(Vec::new());
                continue;
            }
            Tok::Eof => {
                return Err(Diag::new(
                    call.pos,
                    "unterminated function-like macro invocation",
                ))
            }
            _ => {}
        }
        if let Some(last) = args.last_mut() {
            last.push(t.clone());
        }
    }
}

impl Default for Preprocessor {
    fn default() -> Self {
        Preprocessor::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(src: &str) -> Result<String, Diag> {
        let tokens = lex(src, 0)?;
        let out = Preprocessor::new().run(tokens)?;
        Ok(out
            .iter()
            .filter(|t| t.tok != Tok::Eof)
            .map(|t| match &t.tok {
                Tok::Ident(n) => n.clone(),
                Tok::Punct(p) => p.to_string(),
                Tok::Int { value, .. } => value.to_string(),
                other => format!("{other:?}"),
            })
            .collect::<Vec<_>>()
            .join(" "))
    }

    #[test]
    fn object_and_function_macros() {
        assert_eq!(expand("#define N 10\nint a[N];").unwrap(), "int a [ 10 ] ;");
        assert_eq!(
            expand("#define SQ(x) ((x)*(x))\nSQ(a+1)").unwrap(),
            "( ( a + 1 ) * ( a + 1 ) )"
        );
        assert_eq!(expand("#define A B\n#define B A\nA").unwrap(), "A");
        assert_eq!(expand("#define F(x) x\nF").unwrap(), "F");
        assert_eq!(expand("#include <stdio.h>\nEOF").unwrap(), "( - 1 )");
        assert_eq!(expand("#define X 1\n#undef X\nX").unwrap(), "X");
    }

    #[test]
    fn conditionals() {
        let src = "#define A\n#ifdef A\nyes\n#else\nno\n#endif\n#ifndef A\nno2\n#endif";
        assert_eq!(expand(src).unwrap(), "yes");
        assert!(expand("#if 1\n#endif").is_err());
        assert!(expand("#ifdef A\n").is_err());
        assert!(expand("#endif").is_err());
        assert!(expand("#define F(x) #x\n").is_err());
    }
}
