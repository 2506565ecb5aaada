//! Grammar of function bodies: slots, block labels with parameters, and instruction
//! lines with their result names. The operation part of an instruction is parsed by
//! `insts.rs`. Errors inside a body are recovered line by line.

use super::ast::{BlockAst, BodyAst, InstAst, LocAst, Name, Op, ResultName, SlotAst};
use super::{fast, PResult, Parser};
use crate::span::Span;
use crate::text::errors::ParseError;
use crate::text::lexer::TokenKind;
use crate::types::Type;
use smallvec::SmallVec;

impl<'a> Parser<'a> {
    /// `{ slots blocks }`. A missing `}` before the next item is reported and the body
    /// kept.
    /// `spare` is an empty body whose storage to reuse.
    pub(super) fn body(&mut self, spare: Option<BodyAst<'a>>) -> PResult<BodyAst<'a>> {
        let brace = self.span();
        self.expect(&TokenKind::LBrace)?;
        let mut body = spare.unwrap_or_default();
        let start = brace.end as usize;
        if self.fast_bodies {
            match fast::body(self.src, start, brace.line, &mut body, &mut self.shapes) {
                Some(resume) => {
                    self.resume(resume, start);
                    return Ok(body);
                }
                None => {
                    self.fast_fallbacks += 1;
                    body.clear();
                }
            }
        }
        loop {
            match self.peek() {
                TokenKind::RBrace => {
                    self.bump();
                    return Ok(body);
                }
                TokenKind::Eof => {
                    let error = self.expected("`}` to end the function body");
                    self.report(error);
                    return Ok(body);
                }
                _ if self.at_item_start() => {
                    let error = self.expected("`}` to end the function body");
                    self.report(error);
                    return Ok(body);
                }
                _ => {
                    let start = self.pos;
                    if let Err(error) = self.body_line(&mut body) {
                        self.report(error);
                        self.skip_line(start);
                    }
                }
            }
        }
    }

    fn body_line(&mut self, body: &mut BodyAst<'a>) -> PResult<()> {
        match self.peek() {
            TokenKind::Ident(_)
                if matches!(self.peek_at(1), TokenKind::Colon | TokenKind::LParen) =>
            {
                self.block_header(body)
            }
            TokenKind::Ident(word) if *word == "slot" => self.slot(body),
            TokenKind::Ident(word) if *word == "loc" => self.loc_line(body),
            TokenKind::Ident(_) | TokenKind::Local(_) => self.instruction(body),
            _ => Err(self.expected("an instruction, a block label or `}`")),
        }
    }

    /// `label:` or `label(%a: T, …):`
    fn block_header(&mut self, body: &mut BodyAst<'a>) -> PResult<()> {
        let label = self.label()?;
        // The names the header defines, poisoned if it fails.
        let mut defined: SmallVec<[&'a str; 4]> = SmallVec::new();
        let params = match self.block_header_rest(&label, &mut defined) {
            Ok(params) => params,
            Err(error) => {
                body.poisoned_labels.insert(label.text);
                body.poisoned_values.extend(defined);
                return Err(error);
            }
        };
        if !body.poisoned_labels.is_empty() {
            body.poisoned_labels.remove(label.text);
        }
        if !body.poisoned_values.is_empty() {
            for name in &defined {
                body.poisoned_values.remove(name);
            }
        }
        body.current_loc = None;
        let span = self.span_from(label.span);
        let start = body.insts.len();
        body.blocks.push(BlockAst {
            label: Some(label),
            params,
            insts: start..start,
            span,
        });
        Ok(())
    }

    /// A block header after its label: the parameters, then `:`. Adds the names of
    /// parameters to `defined` as it reads them.
    fn block_header_rest(
        &mut self,
        label: &Name<'a>,
        defined: &mut SmallVec<[&'a str; 4]>,
    ) -> PResult<Vec<(Name<'a>, Type)>> {
        let mut params = Vec::new();
        if matches!(self.peek(), TokenKind::LParen) {
            params = self.parenthesized(|p| {
                let name = p.local_name()?;
                defined.push(name.text);
                p.expect(&TokenKind::Colon)?;
                Ok((name, p.ty()?))
            })?;
        }
        if !self.eat(&TokenKind::Colon) {
            if self.token_at(0).first_on_line {
                let header = self.span_from(label.span);
                let text = &self.src[header.start as usize..header.end as usize];
                return Err(ParseError::new(
                    header,
                    format!("a block label needs `:`: write `{text}:`"),
                ));
            }
            return Err(self.expected("`:`"));
        }
        Ok(params)
    }

    /// `loc N:LINE[:COL]` or `loc none`: the source location of the instructions that
    /// follow, up to the next `loc` line or block label.
    fn loc_line(&mut self, body: &mut BodyAst<'a>) -> PResult<()> {
        let start = self.bump();
        if self.eat_ident("none") {
            body.current_loc = None;
            return Ok(());
        }
        let file = self.u32_number("a file number")?;
        self.expect(&TokenKind::Colon)?;
        let line_span = self.span();
        let line = self.u32_number("a line number")?;
        if line == 0 {
            return Err(ParseError::new(line_span, "line numbers start at 1"));
        }
        let col = if self.eat(&TokenKind::Colon) {
            self.u32_number("a column number")?
        } else {
            0
        };
        body.locs.push(LocAst {
            file,
            line,
            col,
            span: self.span_from(start),
        });
        body.current_loc = Some(body.locs.len() - 1);
        Ok(())
    }

    /// `slot %name SIZE [align N]`
    fn slot(&mut self, body: &mut BodyAst<'a>) -> PResult<()> {
        let start = self.bump();
        let name = self.local_name()?;
        let (size, align, span) = match self.slot_rest(start, body) {
            Ok(rest) => rest,
            Err(error) => {
                body.poisoned_values.insert(name.text);
                return Err(error);
            }
        };
        if !body.poisoned_values.is_empty() {
            body.poisoned_values.remove(name.text);
        }
        body.slots.push(SlotAst {
            name,
            size,
            align,
            span,
        });
        Ok(())
    }

    /// A slot after its name: size, alignment and span, and the check of its place.
    fn slot_rest(&mut self, start: Span, body: &BodyAst<'a>) -> PResult<(u32, Option<u32>, Span)> {
        let size = self.u32_number("a slot size in bytes")?;
        let align = self.optional_align()?;
        let span = self.span_from(start);
        if !body.blocks.is_empty() {
            return Err(ParseError::new(
                span,
                "slots must come before the first block",
            ));
        }
        Ok((size, align, span))
    }

    /// `[%a[: T], … =] OP operands`
    fn instruction(&mut self, body: &mut BodyAst<'a>) -> PResult<()> {
        let start = self.span();
        let mut results: SmallVec<[ResultName<'a>; 1]> = SmallVec::new();
        if let TokenKind::Local(_) = self.peek() {
            let parsed = self.result_names(&mut results);
            if let Err(error) = parsed {
                for result in &results {
                    body.poisoned_values.insert(result.name.text);
                }
                return Err(error);
            }
        }
        let mnemonic = match self.peek() {
            TokenKind::Ident(s) => *s,
            _ => "",
        };
        let (op, error) = match self.op() {
            Ok(op) => (op, None),
            // Without result names a failed line defines nothing worth keeping.
            Err(error) if results.is_empty() => return Err(error),
            Err(error) => (Op::Invalid, Some(error)),
        };
        let loc = body.current_loc;
        body.push_inst(InstAst {
            results,
            op,
            mnemonic,
            span: self.span_from(start),
            loc,
        });
        error.map_or(Ok(()), Err)
    }

    /// `%a[: T], %b[: T] =`, appending to `results` as it goes.
    fn result_names(&mut self, results: &mut SmallVec<[ResultName<'a>; 1]>) -> PResult<()> {
        loop {
            let name: Name<'a> = self.local_name()?;
            let ty = if self.eat(&TokenKind::Colon) {
                let span = self.span();
                Some((self.ty()?, span))
            } else {
                None
            };
            results.push(ResultName { name, ty });
            if !self.eat(&TokenKind::Comma) {
                break;
            }
        }
        self.expect(&TokenKind::Equals)
    }
}
