//! Grammar of module items: `memory`, `stack`, `data`, `global`, `import func` and
//! (`export`) `func` headers. Function bodies are parsed by `body.rs`.

use super::ast::{
    DataAst, DataItemAst, DataValueAst, FileAst, FuncAst, GlobalAst, ModuleAst, Name,
};
use super::{PResult, Parser};
use crate::function::Import;
use crate::imm;
use crate::module::{DataType, MemoryDecl};
use crate::text::errors::ParseError;
use crate::text::lexer::TokenKind;
use crate::types::Signature;

impl<'a> Parser<'a> {
    /// Parses one item into `module`.
    pub(super) fn item(&mut self, module: &mut ModuleAst<'a>) -> PResult<()> {
        let keyword = match self.peek() {
            TokenKind::Ident(s) => *s,
            _ => "",
        };
        match keyword {
            "file" => self.file(module),
            "memory" => self.memory(module),
            "stack" => self.stack(module),
            "data" => self.data(module),
            "global" => self.global(module),
            "import" => self.import(module),
            "export" | "func" => self.func(module),
            _ => Err(self.expected(
                "a module item (`file`, `memory`, `stack`, `data`, `global`, `import`, `export` or `func`)",
            )),
        }
    }

    /// An item's `@name`, remembered so that a failure later in the item poisons it.
    fn item_name(&mut self, module: &mut ModuleAst<'a>) -> PResult<Name<'a>> {
        let name = self.global_name()?;
        module.poisoned_symbols.insert(name.text);
        Ok(name)
    }

    /// Marks an item as parsed successfully.
    fn item_done(module: &mut ModuleAst<'a>, name: &Name<'a>) {
        module.poisoned_symbols.remove(name.text);
    }

    /// `file N "path"`
    fn file(&mut self, module: &mut ModuleAst<'a>) -> PResult<()> {
        let start = self.bump();
        let number_span = self.span();
        let number = self.u32_number("a file number")?;
        if number == 0 {
            return Err(ParseError::new(number_span, "file numbers start at 1"));
        }
        let bytes = self.string_bytes()?;
        let span = self.span_from(start);
        let path = String::from_utf8(bytes)
            .map_err(|_| ParseError::new(span, "a file path must be valid UTF-8"))?;
        module.files.push(FileAst { number, path, span });
        Ok(())
    }

    fn memory(&mut self, module: &mut ModuleAst<'a>) -> PResult<()> {
        let start = self.bump();
        let min_pages = self.u32_number("a page count")?;
        let max_pages = if self.eat_ident("max") {
            Some(self.u32_number("a page count")?)
        } else {
            None
        };
        let export = self.optional_export()?;
        let decl = MemoryDecl {
            min_pages,
            max_pages,
            export,
        };
        let span = self.span_from(start);
        if module.memory.is_some() {
            self.report(ParseError::new(
                span,
                "a module has at most one `memory` line",
            ));
        } else {
            module.memory = Some((decl, span));
        }
        Ok(())
    }

    fn stack(&mut self, module: &mut ModuleAst<'a>) -> PResult<()> {
        let start = self.bump();
        let size = self.u32_number("a stack size in bytes")?;
        let span = self.span_from(start);
        if module.stack.is_some() {
            self.report(ParseError::new(
                span,
                "a module has at most one `stack` line",
            ));
        } else {
            module.stack = Some((size, span));
        }
        Ok(())
    }

    fn data(&mut self, module: &mut ModuleAst<'a>) -> PResult<()> {
        let start = self.bump();
        let name = self.item_name(module)?;
        let mut align = None;
        let mut readonly = false;
        loop {
            let span = self.span();
            if self.eat_ident("align") {
                let value = self.u32_number("an alignment")?;
                if align.replace(value).is_some() {
                    return Err(ParseError::new(span, "`align` is given twice"));
                }
            } else if self.eat_ident("readonly") {
                if readonly {
                    return Err(ParseError::new(span, "`readonly` is given twice"));
                }
                readonly = true;
            } else {
                break;
            }
        }
        self.expect(&TokenKind::Equals)?;
        let (items, is_string) = if let TokenKind::Str(_) = self.peek() {
            (vec![DataItemAst::Bytes(self.string_bytes()?)], true)
        } else if self.eat(&TokenKind::LBrace) {
            (self.data_items()?, false)
        } else {
            return Err(self.expected("a string literal or `{`"));
        };
        Self::item_done(module, &name);
        module.data.push(DataAst {
            name,
            align,
            readonly,
            items,
            is_string,
            span: self.span_from(start),
        });
        Ok(())
    }

    /// The items of a braced data initializer, after `{` up to and including `}`.
    fn data_items(&mut self) -> PResult<Vec<DataItemAst<'a>>> {
        let mut items = Vec::new();
        loop {
            let element = match self.peek() {
                TokenKind::Ident(word) => DataType::from_name(word),
                _ => None,
            };
            if self.eat(&TokenKind::RBrace) {
                return Ok(items);
            } else if let TokenKind::Str(_) = self.peek() {
                items.push(DataItemAst::Bytes(self.string_bytes()?));
                self.comma_before_data_item();
            } else if self.eat_ident("zero") {
                items.push(DataItemAst::Zero(self.u32_number("a byte count")?));
                self.comma_before_data_item();
            } else if let Some(ty) = element {
                self.bump();
                let mut values = vec![self.data_value(ty)?];
                while self.eat(&TokenKind::Comma) {
                    // `{ ptr @a, ptr @b }`: after a comma, a type keyword, `zero` or a
                    // string starts the next item, as if the comma were a `;`.
                    if self.at_data_item_start() {
                        break;
                    }
                    values.push(self.data_value(ty)?);
                }
                items.push(DataItemAst::Scalars { ty, values });
            } else {
                return Err(
                    self.expected("a data item (a string, `zero N`, a type and values) or `}`")
                );
            }
        }
    }

    /// Whether the next token starts a data item other than a value: a type keyword,
    /// `zero` followed by a count, or a string.
    fn at_data_item_start(&self) -> bool {
        self.data_item_starts_at(0)
    }

    fn data_item_starts_at(&self, n: usize) -> bool {
        match self.peek_at(n) {
            TokenKind::Ident(word) => {
                DataType::from_name(word).is_some()
                    || (*word == "zero" && matches!(self.peek_at(n + 1), TokenKind::Number(_)))
            }
            TokenKind::Str(_) => true,
            _ => false,
        }
    }

    /// Skips a comma that separates a string or `zero N` from the next item.
    fn comma_before_data_item(&mut self) {
        if matches!(self.peek(), TokenKind::Comma) && self.data_item_starts_at(1) {
            self.bump();
        }
    }

    fn data_value(&mut self, ty: DataType) -> PResult<DataValueAst<'a>> {
        if let TokenKind::Global(_) = self.peek() {
            let name = self.global_name()?;
            if !ty.holds_symbols() {
                return Err(ParseError::new(
                    name.span,
                    format!(
                        "`{}` data cannot hold addresses (use `ptr` or `i32`)",
                        ty.name()
                    ),
                ));
            }
            let offset = if self.eat(&TokenKind::Plus) {
                Some(self.u32_number("an offset")?)
            } else {
                None
            };
            return Ok(DataValueAst::Symbol { name, offset });
        }
        let bits = match ty {
            DataType::I8 => self.narrow_int(8, "i8")?,
            DataType::I16 => self.narrow_int(16, "i16")?,
            _ => self.typed_literal(ty.literal_type())?.bits(),
        };
        Ok(DataValueAst::Bits(bits))
    }

    /// An integer literal that fits `bits` bits, signed or unsigned; returns the bits.
    fn narrow_int(&mut self, bits: u32, name: &str) -> PResult<u64> {
        let text = match self.peek() {
            TokenKind::Number(text) => *text,
            _ => return Err(self.expected(&format!("an {name} literal"))),
        };
        let span = self.bump();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let magnitude = imm::parse_unsigned(digits).ok_or_else(|| {
            ParseError::new(span, format!("`{text}` is not a valid {name} literal"))
        })?;
        let fits = if negative {
            magnitude <= 1u128 << (bits - 1)
        } else {
            magnitude < 1u128 << bits
        };
        if !fits {
            return Err(ParseError::new(
                span,
                format!("`{text}` does not fit in {name}"),
            ));
        }
        let value = if negative {
            (magnitude as u64).wrapping_neg()
        } else {
            magnitude as u64
        };
        Ok(value & ((1u64 << bits) - 1))
    }

    fn global(&mut self, module: &mut ModuleAst<'a>) -> PResult<()> {
        let start = self.bump();
        let name = self.item_name(module)?;
        self.expect(&TokenKind::Colon)?;
        let ty = self.ty()?;
        let mutable = self.eat_ident("mut");
        self.expect(&TokenKind::Equals)?;
        let init = self.typed_literal(ty)?;
        let export = self.optional_export()?;
        Self::item_done(module, &name);
        module.globals.push(GlobalAst {
            name,
            ty,
            mutable,
            init,
            export,
            span: self.span_from(start),
        });
        Ok(())
    }

    fn import(&mut self, module: &mut ModuleAst<'a>) -> PResult<()> {
        let start = self.bump();
        self.expect_ident("func")?;
        let name = self.item_name(module)?;
        let (params, sig) = self.signature(false)?;
        self.expect_ident("from")?;
        let import = Import {
            module: self.string()?,
            name: self.string()?,
        };
        Self::item_done(module, &name);
        module.funcs.push(FuncAst {
            name,
            export: None,
            params,
            sig,
            import: Some(import),
            body: None,
            span: self.span_from(start),
        });
        Ok(())
    }

    fn func(&mut self, module: &mut ModuleAst<'a>) -> PResult<()> {
        let start = self.span();
        let export = if self.eat_ident("export") {
            if let TokenKind::Str(_) = self.peek() {
                Some(Some(self.string()?))
            } else {
                Some(None)
            }
        } else {
            None
        };
        self.expect_ident("func")?;
        let name = self.item_name(module)?;
        let (params, sig) = self.signature(true)?;
        let span = self.span_from(start);
        let body = self.body(module.spare_body.take())?;
        Self::item_done(module, &name);
        let export = export.map(|e| e.unwrap_or_else(|| name.text.to_string()));
        module.funcs.push(FuncAst {
            name,
            export,
            params,
            sig,
            import: None,
            body: Some(body),
            span,
        });
        Ok(())
    }

    /// An optional `export "NAME"` ending a `memory` or `global` line. It must be on that
    /// line: an `export` starting a line begins an exported function.
    fn optional_export(&mut self) -> PResult<Option<String>> {
        if self.at_ident("export") && !self.token_at(0).first_on_line {
            self.bump();
            Ok(Some(self.string()?))
        } else {
            Ok(None)
        }
    }

    /// `(params) [-> results]`. Parameters are `%name: T`, or bare types when
    /// `named` is false (imports).
    fn signature(&mut self, named: bool) -> PResult<(Vec<Option<Name<'a>>>, Signature)> {
        let params = self.parenthesized(|p| {
            let name = if let TokenKind::Local(_) = p.peek() {
                let name = p.local_name()?;
                p.expect(&TokenKind::Colon)?;
                Some(name)
            } else if named {
                return Err(p.expected("a parameter `%name: type`"));
            } else {
                None
            };
            Ok((name, p.ty()?))
        })?;
        let (names, params) = params.into_iter().unzip();
        let sig = Signature {
            params,
            results: self.results()?,
        };
        Ok((names, sig))
    }
}
