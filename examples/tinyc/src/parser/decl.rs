//! Declarations: declaration specifiers (storage class, qualifiers, type specifiers,
//! struct/union/enum definitions, typedef names), declarators (pointers, arrays,
//! functions, parenthesized), parameter lists and type names for casts and `sizeof`.

use super::{Param, Parser, Sym};
use crate::consteval;
use crate::diagnostics::{Diag, PResult, Pos};
use crate::lexer::Tok;
use crate::types::{FuncTy, IntKind, Ty};
use std::rc::Rc;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Storage {
    None,
    Typedef,
    Static,
    Extern,
}

#[derive(Clone, Debug)]
pub struct DeclSpec {
    pub ty: Ty,
    pub storage: Storage,
    pub vol: bool,
}

impl DeclSpec {
    pub fn implicit_int() -> DeclSpec {
        DeclSpec {
            ty: crate::types::INT,
            storage: Storage::None,
            vol: false,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Declarator {
    pub name: Option<(String, Pos)>,
    pub ty: Ty,
    /// The declared object itself is volatile.
    pub vol: bool,
}

const TYPE_WORDS: &[&str] = &[
    "void",
    "char",
    "short",
    "int",
    "long",
    "float",
    "double",
    "signed",
    "unsigned",
    "_Bool",
    "struct",
    "union",
    "enum",
    "const",
    "volatile",
    "static",
    "extern",
    "typedef",
    "auto",
    "register",
    "inline",
    "restrict",
    "__restrict",
    "__inline",
    "_Noreturn",
];

impl Parser<'_> {
    /// Whether the next token starts declaration specifiers or a type name.
    pub(super) fn is_type_start(&self) -> bool {
        match self.peek() {
            Tok::Ident(n) => {
                TYPE_WORDS.contains(&n.as_str()) || matches!(self.lookup(n), Some(Sym::Typedef(..)))
            }
            _ => false,
        }
    }

    /// Declaration specifiers, or `None` if the next token does not start any.
    pub(super) fn decl_spec(&mut self) -> PResult<Option<DeclSpec>> {
        if !self.is_type_start() {
            return Ok(None);
        }
        let start = self.pos();
        let mut storage = Storage::None;
        let mut vol = false;
        let (mut longs, mut shorts, mut signed, mut unsigned) = (0, 0, false, false);
        let mut base: Option<Ty> = None;
        let mut saw_int = false;
        loop {
            let pos = self.pos();
            let word = match self.peek() {
                Tok::Ident(n) => n.clone(),
                _ => break,
            };
            let set_storage = |s: &mut Storage, new: Storage| -> PResult<()> {
                if *s != Storage::None {
                    return Err(Diag::new(pos, "cannot combine storage classes"));
                }
                *s = new;
                Ok(())
            };
            match word.as_str() {
                "typedef" => set_storage(&mut storage, Storage::Typedef)?,
                "static" => set_storage(&mut storage, Storage::Static)?,
                "extern" => set_storage(&mut storage, Storage::Extern)?,
                "auto" | "register" | "inline" | "__inline" | "const" | "restrict"
                | "__restrict" | "_Noreturn" => {}
                "volatile" => vol = true,
                "long" => longs += 1,
                "short" => shorts += 1,
                "signed" => signed = true,
                "unsigned" => unsigned = true,
                "int" => {
                    if saw_int || base.is_some() {
                        return Err(Diag::new(
                            pos,
                            "cannot combine with previous type specifier",
                        ));
                    }
                    saw_int = true;
                }
                "void" | "char" | "float" | "double" | "_Bool" | "struct" | "union" | "enum" => {
                    if base.is_some() || saw_int {
                        return Err(Diag::new(
                            pos,
                            "cannot combine with previous type specifier",
                        ));
                    }
                    base = Some(match word.as_str() {
                        "void" => Ty::Void,
                        "char" => Ty::Int(IntKind::Char),
                        "float" => Ty::Float,
                        "double" => Ty::Double,
                        "_Bool" => Ty::Int(IntKind::Bool),
                        "enum" => {
                            self.advance();
                            base = Some(self.enum_spec()?);
                            continue;
                        }
                        _ => {
                            self.advance();
                            let t = self.struct_spec(word == "union")?;
                            base = Some(t);
                            continue;
                        }
                    });
                }
                _ => {
                    let is_typedef = matches!(self.lookup(&word), Some(Sym::Typedef(..)));
                    let any_spec =
                        base.is_some() || saw_int || longs > 0 || shorts > 0 || signed || unsigned;
                    if is_typedef && !any_spec {
                        if let Some(Sym::Typedef(t, v)) = self.lookup(&word) {
                            base = Some(t);
                            vol |= v;
                        }
                    } else {
                        break;
                    }
                }
            }
            self.advance();
        }
        let ty = match base {
            Some(Ty::Int(IntKind::Char)) if signed => Ty::Int(IntKind::SChar),
            Some(Ty::Int(IntKind::Char)) if unsigned => Ty::Int(IntKind::UChar),
            Some(Ty::Double) if longs > 0 => {
                return Err(Diag::new(start, "long double is not supported by tinyc"));
            }
            Some(t) => {
                let any = longs > 0 || shorts > 0 || signed || unsigned || saw_int;
                if any && (!t.is_int() || t == Ty::Int(IntKind::Bool) || longs + shorts > 0) {
                    return Err(Diag::new(start, "invalid combination of type specifiers"));
                }
                t
            }
            None => {
                let k = if shorts > 0 {
                    IntKind::Short
                } else if longs >= 2 {
                    IntKind::LLong
                } else if longs == 1 {
                    IntKind::Long
                } else {
                    IntKind::Int
                };
                if longs > 2 || (shorts > 0 && longs > 0) || (signed && unsigned) {
                    return Err(Diag::new(start, "invalid combination of type specifiers"));
                }
                if !(saw_int || longs > 0 || shorts > 0 || signed || unsigned) {
                    // Only qualifiers and storage: implicit int.
                }
                Ty::Int(if unsigned { k.to_unsigned() } else { k })
            }
        };
        Ok(Some(DeclSpec { ty, storage, vol }))
    }

    /// `struct tag { … }`, `struct tag` or `struct { … }` (after the keyword).
    /// `struct tag` naming a union declared earlier (or the reverse) is an error.
    fn check_tag_kind(&self, tag: &str, id: u32, is_union: bool, pos: Pos) -> PResult<()> {
        if self.prog.layouts.structs[id as usize].is_union != is_union {
            return Err(Diag::new(
                pos,
                format!("use of '{tag}' with tag type that does not match previous declaration"),
            ));
        }
        Ok(())
    }

    fn struct_spec(&mut self, is_union: bool) -> PResult<Ty> {
        let pos = self.pos();
        // The `struct`/`union` keyword, just consumed (where clang points).
        let kw_pos = self.toks[self.i.saturating_sub(1)].pos;
        let tag = match self.peek() {
            Tok::Ident(_) => Some(self.ident()?.0),
            _ => None,
        };
        if !self.is_p("{") {
            let Some(tag) = tag else {
                return Err(Diag::new(pos, "expected '{' or a tag name"));
            };
            // A reference, or a forward declaration `struct tag;`.
            let own_scope = self.tags.last().and_then(|t| t.get(&tag).copied());
            if let Some(id) = own_scope.or_else(|| {
                if self.is_p(";") {
                    None
                } else {
                    self.lookup_tag(&tag)
                }
            }) {
                self.check_tag_kind(&tag, id, is_union, kw_pos)?;
                return Ok(Ty::Struct(id));
            }
            let id = self.prog.layouts.new_struct(&tag, is_union);
            if let Some(t) = self.tags.last_mut() {
                t.insert(tag, id);
            }
            return Ok(Ty::Struct(id));
        }
        let own = tag
            .as_ref()
            .and_then(|name| Some((name, self.tags.last()?.get(name).copied()?)));
        if let Some((name, id)) = own {
            self.check_tag_kind(name, id, is_union, kw_pos)?;
        }
        let id = match &tag {
            Some(name) => match self.tags.last().and_then(|t| t.get(name).copied()) {
                Some(id) if !self.prog.layouts.structs[id as usize].complete => id,
                Some(_) => return Err(Diag::new(pos, format!("redefinition of '{name}'"))),
                None => {
                    let id = self.prog.layouts.new_struct(name, is_union);
                    if let Some(t) = self.tags.last_mut() {
                        t.insert(name.clone(), id);
                    }
                    id
                }
            },
            None => self.prog.layouts.new_struct("(anonymous)", is_union),
        };
        self.expect_p("{")?;
        let mut members: Vec<(String, Ty, bool)> = Vec::new();
        // Where the last member was named (for a misplaced flexible array member).
        let mut flexible_pos = pos;
        while !self.eat_p("}") {
            if *self.peek() == Tok::Eof {
                return Err(self.err("expected '}'"));
            }
            let mpos = self.pos();
            let Some(spec) = self.decl_spec()? else {
                return Err(self.err(format!(
                    "expected member declaration, found {}",
                    self.describe()
                )));
            };
            if self.eat_p(";") {
                // An anonymous struct or union member: its members join this one.
                if let Ty::Struct(inner) = spec.ty {
                    let def = &self.prog.layouts.structs[inner as usize];
                    if def.name == "(anonymous)" {
                        return Err(Diag::new(
                            mpos,
                            "anonymous struct members are not supported by tinyc",
                        ));
                    }
                }
                continue;
            }
            loop {
                let d = self.declarator(spec.ty.clone(), spec.vol)?;
                let Some((name, npos)) = d.name else {
                    return Err(Diag::new(mpos, "expected member name"));
                };
                if self.is_p(":") {
                    return Err(self.err("bit-fields are not supported by tinyc"));
                }
                if d.ty.is_void() {
                    return Err(Diag::new(npos, "field has incomplete type 'void'"));
                }
                // A flexible array member `T name[]` (C99), last in a struct with
                // other members: no size of its own.
                let flexible = matches!(d.ty, Ty::Array(_, None));
                if flexible && is_union {
                    return Err(Diag::new(
                        npos,
                        format!("flexible array member '{name}' in a union is not allowed"),
                    ));
                }
                if (!flexible && self.prog.layouts.size_of(&d.ty).is_none()) || d.ty.is_func() {
                    return Err(Diag::new(
                        npos,
                        format!("field '{name}' has incomplete type"),
                    ));
                }
                if let Some((prev, ty, _)) =
                    members.last().filter(|m| matches!(m.1, Ty::Array(_, None)))
                {
                    return Err(Diag::new(
                        flexible_pos,
                        format!(
                            "flexible array member '{prev}' with type '{}' is not at the end of struct",
                            self.prog.layouts.type_name(ty)
                        ),
                    ));
                }
                if members.iter().any(|m| m.0 == name) {
                    return Err(Diag::new(npos, format!("duplicate member '{name}'")));
                }
                flexible_pos = npos;
                members.push((name, d.ty, d.vol));
                if !self.eat_p(",") {
                    break;
                }
            }
            self.expect_p(";")?;
        }
        if let [(name, Ty::Array(_, None), _)] = members.as_slice() {
            return Err(Diag::new(
                flexible_pos,
                format!("flexible array member '{name}' not allowed in otherwise empty struct"),
            ));
        }
        if self.prog.layouts.complete(id, members).is_none() {
            return Err(Diag::new(pos, "struct is too large"));
        }
        Ok(Ty::Struct(id))
    }

    /// `enum tag { A, B = 3 }` or `enum tag` (after the keyword), giving the enum's
    /// type as clang gives it: `unsigned int` when no enumerator is negative, `int`
    /// when one is, and `unsigned long long`/`long long` when the values need 64 bits.
    /// An enumerator whose value fits `int` has type `int`, any other the enum's type.
    /// A tag used before its definition (or never defined) is `int`.
    fn enum_spec(&mut self) -> PResult<Ty> {
        let tag = match self.peek() {
            Tok::Ident(_) => Some(self.ident()?.0),
            _ => None,
        };
        if !self.eat_p("{") {
            let known = tag
                .as_ref()
                .and_then(|t| self.enum_tags.iter().rev().find_map(|m| m.get(t).cloned()));
            return Ok(known.unwrap_or(crate::types::INT));
        }
        let mut next: i64 = 0;
        let mut consts: Vec<(String, i64)> = Vec::new();
        while !self.eat_p("}") {
            let (name, npos) = self.ident()?;
            if self.eat_p("=") {
                let e = self.conditional()?;
                next = consteval::int_value(&e, &self.prog.layouts).ok_or_else(|| {
                    Diag::new(e.pos, "expression is not an integer constant expression")
                })?;
            }
            // Inside the braces an enumerator has the type of its value.
            let ty = if i32::try_from(next).is_ok() {
                crate::types::INT
            } else if u32::try_from(next).is_ok() {
                crate::types::UINT
            } else {
                Ty::Int(IntKind::LLong)
            };
            self.declare(&name, Sym::EnumConst(next, ty), npos)?;
            consts.push((name, next));
            next = next.wrapping_add(1);
            if !self.eat_p(",") {
                self.expect_p("}")?;
                break;
            }
        }
        let negative = consts.iter().any(|c| c.1 < 0);
        let ty = match (negative, consts.iter().all(|c| i32::try_from(c.1).is_ok())) {
            (true, true) => crate::types::INT,
            (true, false) => Ty::Int(IntKind::LLong),
            (false, _) if consts.iter().all(|c| u32::try_from(c.1).is_ok()) => crate::types::UINT,
            (false, _) => Ty::Int(IntKind::ULLong),
        };
        // After the braces, an enumerator outside `int` takes the enum's type.
        for (name, v) in consts {
            if i32::try_from(v).is_err() {
                let scope = match self.scopes.last_mut() {
                    Some(scope) => scope,
                    None => &mut self.file_scope,
                };
                scope.insert(name, Sym::EnumConst(v, ty.clone()));
            }
        }
        if let (Some(tag), Some(tags)) = (tag, self.enum_tags.last_mut()) {
            tags.insert(tag, ty.clone());
        }
        Ok(ty)
    }

    /// `_Static_assert(EXPR, "message");` (C11; the message may be left out, as in
    /// C23), at file scope or in a block, when the next token starts one: checks the
    /// integer constant expression and says whether it parsed one.
    pub(super) fn static_assert(&mut self) -> PResult<bool> {
        if !self.is_kw("_Static_assert") {
            return Ok(false);
        }
        self.advance();
        self.expect_p("(")?;
        let epos = self.pos();
        let e = self.conditional()?;
        let value = consteval::int_value(&e, &self.prog.layouts).ok_or_else(|| {
            Diag::new(
                epos,
                "static assertion expression is not an integral constant expression",
            )
        })?;
        let mut message = Vec::new();
        if self.eat_p(",") {
            if !matches!(self.peek(), Tok::Str(_)) {
                return Err(self.err(format!(
                    "expected string literal, found {}",
                    self.describe()
                )));
            }
            while let Tok::Str(bytes) = self.peek() {
                message.extend_from_slice(bytes);
                self.advance();
            }
        }
        self.expect_p(")")?;
        self.expect_p(";")?;
        if value == 0 {
            let text = String::from_utf8_lossy(&message);
            let msg = if message.is_empty() {
                "static assertion failed".to_string()
            } else {
                format!("static assertion failed: {text}")
            };
            return Err(Diag::new(epos, msg));
        }
        Ok(true)
    }

    /// A declarator over `base`; the name is optional (abstract declarators).
    pub(super) fn declarator(&mut self, base: Ty, base_vol: bool) -> PResult<Declarator> {
        self.enter()?;
        let r = self.declarator_inner(base, base_vol);
        self.leave();
        r
    }

    fn declarator_inner(&mut self, mut ty: Ty, mut vol: bool) -> PResult<Declarator> {
        while self.eat_p("*") {
            ty = Ty::Ptr(Box::new(ty), vol);
            vol = false;
            loop {
                if self.eat_kw("volatile") {
                    vol = true;
                } else if !(self.eat_kw("const")
                    || self.eat_kw("restrict")
                    || self.eat_kw("__restrict"))
                {
                    break;
                }
            }
        }
        let nested = self.is_p("(")
            && (self.is_p_at(1, "*")
                || self.is_p_at(1, "(")
                || self.is_p_at(1, "[")
                || matches!(self.peek_at(1), Tok::Ident(n) if !self.is_typename(n)));
        if nested {
            // Parse what follows the parentheses first, then the inside over it.
            let start = self.i;
            self.skip_parens()?;
            let (outer, outer_vol) = self.type_suffix(ty, vol)?;
            let end = self.i;
            self.i = start + 1;
            let d = self.declarator(outer, outer_vol)?;
            self.expect_p(")")?;
            self.i = end;
            return Ok(d);
        }
        let name = match self.peek() {
            Tok::Ident(n) if !super::KEYWORDS.contains(&n.as_str()) => Some(self.ident()?),
            _ => None,
        };
        let (ty, vol) = self.type_suffix(ty, vol)?;
        Ok(Declarator { name, ty, vol })
    }

    fn is_typename(&self, n: &str) -> bool {
        TYPE_WORDS.contains(&n) || matches!(self.lookup(n), Some(Sym::Typedef(..)))
    }

    fn skip_parens(&mut self) -> PResult<()> {
        let mut level = 0;
        loop {
            match self.advance() {
                Tok::Punct("(") => level += 1,
                Tok::Punct(")") => {
                    level -= 1;
                    if level == 0 {
                        return Ok(());
                    }
                }
                Tok::Eof => return Err(self.err("expected ')'")),
                _ => {}
            }
        }
    }

    /// Array and function suffixes: `[N]…` and `(params)`.
    fn type_suffix(&mut self, ty: Ty, vol: bool) -> PResult<(Ty, bool)> {
        if self.eat_p("[") {
            let pos = self.pos();
            while self.eat_kw("static") || self.eat_kw("const") || self.eat_kw("restrict") {}
            let len = if self.eat_p("]") {
                None
            } else {
                let e = self.conditional()?;
                self.expect_p("]")?;
                let n = consteval::int_value(&e, &self.prog.layouts).ok_or_else(|| {
                    Diag::new(e.pos, "variable length arrays are not supported by tinyc")
                })?;
                if !(0..=0x7fff_ffff).contains(&n) {
                    return Err(Diag::new(pos, "array size is negative or too large"));
                }
                Some(n as u32)
            };
            self.enter()?;
            let inner = self.type_suffix(ty, vol);
            self.leave();
            let (elem, evol) = inner?;
            if elem.is_void() {
                return Err(Diag::new(pos, "array has incomplete element type 'void'"));
            }
            if self.prog.layouts.size_of(&elem).is_none() || elem.is_func() {
                return Err(Diag::new(pos, "array has incomplete element type"));
            }
            if let Some(n) = len {
                if self
                    .prog
                    .layouts
                    .size_of(&elem)
                    .and_then(|s| s.checked_mul(n))
                    .is_none_or(|s| s > 0x7fff_ffff)
                {
                    return Err(Diag::new(pos, "array is too large"));
                }
            }
            return Ok((Ty::Array(Box::new(elem), len), evol));
        }
        if self.eat_p("(") {
            let pos = self.pos();
            let (params, variadic, has_proto) = self.param_list()?;
            if ty.is_array() || ty.is_func() {
                return Err(Diag::new(
                    pos,
                    "function cannot return an array or a function",
                ));
            }
            let fty = FuncTy {
                ret: ty,
                params: params.iter().map(|p| p.ty.clone()).collect(),
                variadic,
                has_proto,
            };
            self.last_params = params;
            return Ok((Ty::Func(Rc::new(fty)), false));
        }
        Ok((ty, vol))
    }

    /// The parameters after `(` up to and including `)`.
    fn param_list(&mut self) -> PResult<(Vec<Param>, bool, bool)> {
        if self.eat_p(")") {
            return Ok((Vec::new(), false, false));
        }
        if self.is_kw("void") && self.is_p_at(1, ")") {
            self.advance();
            self.advance();
            return Ok((Vec::new(), false, true));
        }
        let mut params = Vec::new();
        let mut variadic = false;
        loop {
            if self.eat_p("...") {
                variadic = true;
                self.expect_p(")")?;
                break;
            }
            let spec = match self.decl_spec()? {
                Some(s) => s,
                None => {
                    // K&R identifier lists are not supported; names alone mean int.
                    return Err(self.err(format!(
                        "expected parameter declarator, found {}",
                        self.describe()
                    )));
                }
            };
            let saved = std::mem::take(&mut self.last_params);
            let d = self.declarator(spec.ty, spec.vol)?;
            self.last_params = saved;
            let ty = match d.ty {
                Ty::Array(elem, _) => Ty::Ptr(elem, d.vol),
                Ty::Func(f) => Ty::ptr_to(Ty::Func(f)),
                Ty::Void => return Err(self.err("parameter has incomplete type 'void'")),
                t => t,
            };
            params.push(Param {
                name: d.name,
                ty,
                vol: d.vol,
            });
            if self.eat_p(")") {
                break;
            }
            self.expect_p(",")?;
        }
        Ok((params, variadic, true))
    }

    /// A type name (in casts, `sizeof`, `va_arg`).
    pub(super) fn type_name(&mut self) -> PResult<Ty> {
        let pos = self.pos();
        let Some(spec) = self.decl_spec()? else {
            return Err(Diag::new(pos, "expected a type"));
        };
        let saved = std::mem::take(&mut self.last_params);
        let d = self.declarator(spec.ty, spec.vol)?;
        self.last_params = saved;
        if let Some((_, p)) = d.name {
            return Err(Diag::new(p, "unexpected name in type name"));
        }
        Ok(d.ty)
    }
}
