//! Initializers: scalars, brace lists for arrays and structs (nested braces and brace
//! elision, no designators), string literals for char arrays, and the length of
//! `T x[] = …`. The result is a flat list of items at byte offsets.

use super::Parser;
use crate::ast::{ExprKind, Init, InitItem};
use crate::diagnostics::{Diag, PResult};
use crate::lexer::Tok;
use crate::types::{IntKind, Ty};

fn is_char_array(ty: &Ty) -> bool {
    matches!(ty, Ty::Array(e, _) if matches!(**e, Ty::Int(IntKind::Char | IntKind::SChar | IntKind::UChar)))
}

impl Parser<'_> {
    /// The initializer after `=` for an object of type `ty`; returns it and the type
    /// completed by it (`int a[] = {1, 2}` is an `int[2]`).
    pub(super) fn initializer(&mut self, ty: &Ty) -> PResult<(Init, Ty)> {
        let mut items = Vec::new();
        // Braces may be elided only inside a brace list: a whole array is initialized
        // by a list or a string, a whole struct by a list or a struct value.
        if !self.is_p("{") {
            if ty.is_array() && !(is_char_array(ty) && matches!(self.peek(), Tok::Str(_))) {
                return Err(self.err("array initializer must be an initializer list"));
            }
            if ty.is_struct() {
                let e = self.assign()?;
                let pos = e.pos;
                let e = self.assign_conv(e, ty, pos)?;
                items.push(InitItem::Expr(0, e));
                return Ok((Init { items }, ty.clone()));
            }
        }
        self.enter()?;
        let r = self.init_value(ty, 0, &mut items);
        self.leave();
        let count = r?;
        let ty = match ty {
            Ty::Array(elem, None) => Ty::Array(elem.clone(), Some(count)),
            t => t.clone(),
        };
        Ok((Init { items }, ty))
    }

    /// One initializer for an object of type `ty` at `off`. Returns the number of
    /// array elements it initialized (for arrays of unknown size).
    fn init_value(&mut self, ty: &Ty, off: u32, items: &mut Vec<InitItem>) -> PResult<u32> {
        if is_char_array(ty) {
            let braced_str = self.is_p("{") && matches!(self.peek_at(1), Tok::Str(_));
            if braced_str {
                self.advance();
            }
            if let Tok::Str(_) = self.peek() {
                let pos = self.pos();
                let mut bytes = Vec::new();
                while let Tok::Str(s) = self.peek() {
                    bytes.extend_from_slice(s);
                    self.advance();
                }
                bytes.push(0);
                if let Ty::Array(_, Some(n)) = ty {
                    let n = *n as usize;
                    if bytes.len() > n + 1 {
                        return Err(Diag::new(
                            pos,
                            "initializer-string for char array is too long",
                        ));
                    }
                    bytes.truncate(n);
                }
                let count = bytes.len() as u32;
                items.push(InitItem::Bytes(off, bytes));
                if braced_str {
                    self.eat_p(",");
                    self.expect_p("}")?;
                }
                return Ok(count);
            }
        }
        if self.is_p(".") || self.is_p("[") {
            return Err(self.err("designated initializers are not supported by tinyc"));
        }
        if self.is_p("{") {
            self.advance();
            if (self.is_p(".") || self.is_p("[")) && !ty.is_scalar() {
                return Err(self.err("designated initializers are not supported by tinyc"));
            }
            if ty.is_scalar() {
                if self.is_p("}") {
                    return Err(self.err("scalar initializer cannot be empty"));
                }
                self.init_value(ty, off, items)?;
                self.eat_p(",");
                self.expect_p("}")?;
                return Ok(1);
            }
            let n = self.init_list(ty, off, items, true)?;
            if self.is_p(",") && !self.is_p_at(1, "}") {
                return Err(self.err("excess elements in initializer"));
            }
            self.eat_p(",");
            self.expect_p("}")?;
            return Ok(n);
        }
        if ty.is_array() || (ty.is_struct() && !self.next_is_struct_value(ty)?) {
            return self.init_list(ty, off, items, false);
        }
        let e = self.assign()?;
        let pos = e.pos;
        let e = self.assign_conv(e, ty, pos)?;
        items.push(InitItem::Expr(off, e));
        Ok(1)
    }

    /// Whether the next initializer is an expression of struct type `ty` (rather
    /// than the first member of a brace-elided list). Parses ahead and rewinds.
    fn next_is_struct_value(&mut self, ty: &Ty) -> PResult<bool> {
        let start = self.i;
        let saved_strings = self.prog.strings.len();
        let r = self.assign();
        self.i = start;
        self.prog.strings.truncate(saved_strings);
        Ok(match r {
            Ok(e) => &e.ty == ty && !matches!(e.kind, ExprKind::Int(_)),
            Err(_) => false,
        })
    }

    /// The elements of an array or the members of a struct, with or without braces
    /// of their own; returns the number of array elements initialized.
    fn init_list(
        &mut self,
        ty: &Ty,
        off: u32,
        items: &mut Vec<InitItem>,
        _braced: bool,
    ) -> PResult<u32> {
        let slots: Vec<(Ty, u32)>;
        let mut elem_info = None;
        match ty {
            Ty::Array(elem, len) => {
                let size = self.prog.layouts.size_of(elem).unwrap_or(0);
                elem_info = Some(((**elem).clone(), size, *len));
                slots = Vec::new();
            }
            Ty::Struct(id) => {
                let def = &self.prog.layouts.structs[*id as usize];
                let members = def.members.iter().map(|m| (m.ty.clone(), m.offset));
                slots = if def.is_union {
                    members.take(1).collect()
                } else {
                    members.collect()
                };
            }
            _ => return Err(self.err("invalid initializer")),
        }
        let mut i: u32 = 0;
        loop {
            let (sty, soff) = match &elem_info {
                Some((elem, size, len)) => {
                    if len.is_some_and(|n| i >= n) {
                        break;
                    }
                    let o = (*size as u64) * i as u64 + off as u64;
                    if o > u32::MAX as u64 {
                        return Err(self.err("initializer is too large"));
                    }
                    (elem.clone(), o as u32)
                }
                None => match slots.get(i as usize) {
                    Some((t, o)) => (t.clone(), off + o),
                    None => break,
                },
            };
            if i > 0 {
                if !self.is_p(",") || self.is_p_at(1, "}") {
                    break;
                }
                self.advance();
            }
            if self.is_p("}") {
                break;
            }
            if elem_info.is_none() && matches!(sty, Ty::Array(_, None)) {
                return Err(self.err("initialization of flexible array member is not allowed"));
            }
            self.enter()?;
            let r = self.init_value(&sty, soff, items);
            self.leave();
            r?;
            i += 1;
            if i > 0x7fff_ffff {
                return Err(self.err("initializer is too large"));
            }
        }
        Ok(i)
    }
}
