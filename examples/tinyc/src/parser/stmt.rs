//! Statements and function bodies: compound statements with block-scope
//! declarations (locals, block-scope `static` and `extern`, typedefs), control flow,
//! `switch` case collection and label resolution for `goto`.

use super::decl::Storage;
use super::{FnState, Param, Parser, Sym};
use crate::ast::{FuncBody, FuncId, Init, Stmt, StmtKind, SwitchCases};
use crate::consteval;
use crate::diagnostics::{Diag, PResult, Pos};
use crate::lexer::Tok;
use crate::types::{promoted, Ty};
use std::collections::HashMap;

impl Parser<'_> {
    pub(super) fn function_definition(
        &mut self,
        id: FuncId,
        params: Vec<Param>,
        pos: Pos,
    ) -> PResult<()> {
        let existing = &self.prog.funcs[id];
        if existing.body.is_some() && (!existing.is_lib || self.is_lib) {
            return Err(Diag::new(
                pos,
                format!("redefinition of '{}'", existing.name),
            ));
        }
        let fty = existing.ty.clone();
        if fty.ret.is_struct() && self.prog.layouts.size_of(&fty.ret).is_none() {
            return Err(Diag::new(pos, "function has an incomplete return type"));
        }
        self.fun = Some(FnState {
            name: existing.name.clone(),
            ret: fty.ret.clone(),
            variadic: fty.variadic,
            locals: Vec::new(),
            n_cases: 0,
            labels: HashMap::new(),
            switches: Vec::new(),
            switch_tys: Vec::new(),
            loops: 0,
            breakable: 0,
        });
        self.push_scope();
        let mut param_ids = Vec::new();
        for p in &params {
            let name = p.name.as_ref().map_or("", |n| n.0.as_str()).to_string();
            if self.prog.layouts.size_of(&p.ty).is_none() {
                return Err(Diag::new(
                    p.name.as_ref().map_or(pos, |n| n.1),
                    "parameter has incomplete type",
                ));
            }
            let local = self.add_local(&name, p.ty.clone(), p.vol);
            if let Some((name, npos)) = &p.name {
                self.declare(name, Sym::Local(local), *npos)
                    .map_err(|d| Diag::new(d.pos, format!("redefinition of parameter '{name}'")))?;
            }
            param_ids.push(local);
        }
        let body_pos = self.pos();
        let body = self.compound();
        let end = self.pos();
        self.pop_scope();
        let body = body?;
        let fun = self.fun.take().expect("function state");
        if let Some((name, l)) = fun.labels.iter().find(|(_, l)| !l.defined) {
            return Err(Diag::new(
                l.pos,
                format!("use of undeclared label '{name}'"),
            ));
        }
        let f = &mut self.prog.funcs[id];
        f.is_lib = self.is_lib;
        f.pos = pos;
        f.body = Some(FuncBody {
            locals: fun.locals,
            params: param_ids,
            body,
            n_cases: fun.n_cases,
            n_labels: fun.labels.len(),
            pos: body_pos,
            end,
        });
        Ok(())
    }

    /// `{ … }` in a new scope.
    fn compound(&mut self) -> PResult<Vec<Stmt>> {
        self.expect_p("{")?;
        self.push_scope();
        let r = self.block_items();
        self.pop_scope();
        r
    }

    fn block_items(&mut self) -> PResult<Vec<Stmt>> {
        let mut out = Vec::new();
        while !self.eat_p("}") {
            if *self.peek() == Tok::Eof {
                return Err(self.err("expected '}'"));
            }
            if self.static_assert()? {
                continue;
            }
            if self.is_type_start() && !self.is_label_start() {
                self.local_declaration(&mut out)?;
            } else {
                out.push(self.stmt()?);
            }
        }
        Ok(out)
    }

    fn is_label_start(&self) -> bool {
        matches!(self.peek(), Tok::Ident(_)) && self.is_p_at(1, ":")
    }

    fn local_declaration(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let Some(spec) = self.decl_spec()? else {
            return Err(self.err("expected declaration"));
        };
        if self.eat_p(";") {
            return Ok(());
        }
        loop {
            let d = self.declarator(spec.ty.clone(), spec.vol)?;
            let Some((name, pos)) = d.name.clone() else {
                return Err(self.err("declaration does not declare anything"));
            };
            match spec.storage {
                Storage::Typedef => self.declare(&name, Sym::Typedef(d.ty, d.vol), pos)?,
                _ if d.ty.is_func() && matches!(self.lookup(&name), Some(Sym::Builtin(_))) => {}
                _ if d.ty.is_func() => {
                    let Ty::Func(f) = &d.ty else { unreachable!() };
                    let id = self.declare_func(&name, f.clone(), false, pos)?;
                    self.declare(&name, Sym::Func(id), pos)?;
                }
                Storage::Extern => {
                    let id = self.declare_global(&name, d.ty.clone(), d.vol, false, false, pos)?;
                    self.declare(&name, Sym::Global(id), pos)?;
                }
                Storage::Static => {
                    let fname = self.fun.as_ref().map_or(String::new(), |f| f.name.clone());
                    let lir_name = self.shared.fresh_name(&format!("{fname}.{name}"));
                    let id =
                        self.new_global(&name, lir_name, d.ty.clone(), d.vol, true, pos, false);
                    self.declare(&name, Sym::Global(id), pos)?;
                    if self.eat_p("=") {
                        let (init, ty) = self.initializer(&d.ty)?;
                        self.prog.globals[id].ty = ty;
                        self.prog.globals[id].init = Some(init);
                    }
                    if self
                        .prog
                        .layouts
                        .size_of(&self.prog.globals[id].ty)
                        .is_none()
                    {
                        return Err(Diag::new(
                            pos,
                            format!("variable '{name}' has incomplete type"),
                        ));
                    }
                }
                Storage::None => {
                    if d.ty.is_void() {
                        return Err(Diag::new(pos, "variable has incomplete type 'void'"));
                    }
                    let mut ty = d.ty.clone();
                    let mut init = None;
                    let id = self.add_local(&name, ty.clone(), d.vol);
                    self.declare(&name, Sym::Local(id), pos)?;
                    if self.eat_p("=") {
                        let (i, t): (Init, Ty) = self.initializer(&ty)?;
                        ty = t;
                        init = Some(i);
                        if let Some(f) = self.fun.as_mut() {
                            f.locals[id].ty = ty.clone();
                        }
                    }
                    if self.prog.layouts.size_of(&ty).is_none() {
                        return Err(Diag::new(
                            pos,
                            format!("variable '{name}' has incomplete type"),
                        ));
                    }
                    out.push(Stmt {
                        kind: StmtKind::Decl(id, init),
                        pos,
                    });
                }
            }
            if self.eat_p(",") {
                continue;
            }
            return self.expect_p(";");
        }
    }

    fn stmt(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let r = self.stmt_inner();
        self.leave();
        r
    }

    fn cond_expr(&mut self) -> PResult<crate::ast::Expr> {
        self.expect_p("(")?;
        let e = self.expr()?;
        self.expect_p(")")?;
        self.scalar(e)
    }

    fn sub_stmt(&mut self) -> PResult<Box<Stmt>> {
        Ok(Box::new(self.stmt()?))
    }

    fn stmt_inner(&mut self) -> PResult<Stmt> {
        let pos = self.pos();
        let kind = match self.peek().clone() {
            Tok::Punct("{") => {
                let body = self.compound()?;
                StmtKind::Block(body)
            }
            Tok::Punct(";") => {
                self.advance();
                StmtKind::Empty
            }
            Tok::Ident(kw) => match kw.as_str() {
                "if" => {
                    self.advance();
                    let c = self.cond_expr()?;
                    let then = self.sub_stmt()?;
                    let els = if self.eat_kw("else") {
                        Some(self.sub_stmt()?)
                    } else {
                        None
                    };
                    StmtKind::If(c, then, els)
                }
                "while" => {
                    self.advance();
                    let c = self.cond_expr()?;
                    let body = self.loop_body()?;
                    StmtKind::While(c, body)
                }
                "do" => {
                    self.advance();
                    let body = self.loop_body()?;
                    if !self.eat_kw("while") {
                        return Err(self.err("expected 'while' in do/while loop"));
                    }
                    let c = self.cond_expr()?;
                    self.expect_p(";")?;
                    StmtKind::DoWhile(body, c)
                }
                "for" => {
                    self.advance();
                    self.expect_p("(")?;
                    self.push_scope();
                    let r = self.for_rest(pos);
                    self.pop_scope();
                    r?
                }
                "switch" => {
                    self.advance();
                    self.switch_stmt()?
                }
                "case" | "default" => {
                    self.advance();
                    let marker = self.case_label(kw == "case", pos)?;
                    return self.labeled(marker);
                }
                "break" => {
                    self.advance();
                    if self.fun.as_ref().is_none_or(|f| f.breakable == 0) {
                        return Err(Diag::new(
                            pos,
                            "'break' statement not in loop or switch statement",
                        ));
                    }
                    self.expect_p(";")?;
                    StmtKind::Break
                }
                "continue" => {
                    self.advance();
                    if self.fun.as_ref().is_none_or(|f| f.loops == 0) {
                        return Err(Diag::new(pos, "'continue' statement not in loop statement"));
                    }
                    self.expect_p(";")?;
                    StmtKind::Continue
                }
                "return" => {
                    self.advance();
                    let ret = self.fun.as_ref().map_or(Ty::Void, |f| f.ret.clone());
                    if self.eat_p(";") {
                        if !ret.is_void() {
                            let name = self.fun.as_ref().map_or("", |f| f.name.as_str());
                            return Err(Diag::new(
                                pos,
                                format!("non-void function '{name}' should return a value"),
                            ));
                        }
                        StmtKind::Return(None)
                    } else {
                        let e = self.expr()?;
                        let epos = e.pos;
                        self.expect_p(";")?;
                        if ret.is_void() {
                            let e = self.decay(e);
                            if !e.ty.is_void() {
                                return Err(Diag::new(
                                    epos,
                                    "void function should not return a value",
                                ));
                            }
                            StmtKind::Expr(e)
                        } else {
                            StmtKind::Return(Some(self.assign_conv(e, &ret, epos)?))
                        }
                    }
                }
                "goto" => {
                    self.advance();
                    let (name, lpos) = self.ident()?;
                    self.expect_p(";")?;
                    StmtKind::Goto(self.label_id(&name, lpos, false)?)
                }
                _ if self.is_label_start() => {
                    let (name, lpos) = self.ident()?;
                    self.advance();
                    let id = self.label_id(&name, lpos, true)?;
                    let marker = Stmt {
                        kind: StmtKind::Label(id),
                        pos,
                    };
                    return self.labeled(marker);
                }
                _ => self.expr_stmt()?,
            },
            _ => self.expr_stmt()?,
        };
        Ok(Stmt { kind, pos })
    }

    /// A labeled statement: the label (or `case`/`default`) `marker`, any labels
    /// right after it, and the statement they label, as one statement — so that
    /// `while (c) L: s;` loops over `s`, as C says.
    fn labeled(&mut self, marker: Stmt) -> PResult<Stmt> {
        let pos = marker.pos;
        let mut items = vec![marker];
        // Consecutive labels (`case 1: case 2: s`) without nesting one per label.
        loop {
            let next = self.pos();
            match self.peek().clone() {
                Tok::Ident(kw) if kw == "case" || kw == "default" => {
                    self.advance();
                    items.push(self.case_label(kw == "case", next)?);
                }
                Tok::Ident(_) if self.is_label_start() => {
                    let (name, lpos) = self.ident()?;
                    self.advance();
                    let id = self.label_id(&name, lpos, true)?;
                    items.push(Stmt {
                        kind: StmtKind::Label(id),
                        pos: next,
                    });
                }
                _ => break,
            }
        }
        items.push(self.stmt()?);
        Ok(Stmt {
            kind: StmtKind::Block(items),
            pos,
        })
    }

    fn expr_stmt(&mut self) -> PResult<StmtKind> {
        let e = self.expr()?;
        self.expect_p(";")?;
        Ok(StmtKind::Expr(e))
    }

    fn loop_body(&mut self) -> PResult<Box<Stmt>> {
        if let Some(f) = self.fun.as_mut() {
            f.loops += 1;
            f.breakable += 1;
        }
        let r = self.sub_stmt();
        if let Some(f) = self.fun.as_mut() {
            f.loops -= 1;
            f.breakable -= 1;
        }
        r
    }

    fn for_rest(&mut self, pos: Pos) -> PResult<StmtKind> {
        let init = if self.eat_p(";") {
            None
        } else if self.is_type_start() {
            let mut decls = Vec::new();
            self.local_declaration(&mut decls)?;
            Some(Box::new(Stmt {
                kind: StmtKind::Block(decls),
                pos,
            }))
        } else {
            let e = self.expr()?;
            let epos = e.pos;
            self.expect_p(";")?;
            Some(Box::new(Stmt {
                kind: StmtKind::Expr(e),
                pos: epos,
            }))
        };
        let cond = if self.is_p(";") {
            None
        } else {
            let e = self.expr()?;
            Some(self.scalar(e)?)
        };
        self.expect_p(";")?;
        let step = if self.is_p(")") {
            None
        } else {
            Some(self.expr()?)
        };
        self.expect_p(")")?;
        let body = self.loop_body()?;
        Ok(StmtKind::For(init, cond, step, body))
    }

    fn switch_stmt(&mut self) -> PResult<StmtKind> {
        self.expect_p("(")?;
        let e = self.expr()?;
        self.expect_p(")")?;
        let e = self.integer(e)?;
        let e = self.promote(e);
        let ty = promoted(&e.ty);
        if let Some(f) = self.fun.as_mut() {
            f.switches.push(SwitchCases::default());
            f.switch_tys.push(ty);
            f.breakable += 1;
        }
        let body = self.sub_stmt();
        let cases = match self.fun.as_mut() {
            Some(f) => {
                f.breakable -= 1;
                f.switch_tys.pop();
                f.switches.pop().unwrap_or_default()
            }
            None => SwitchCases::default(),
        };
        Ok(StmtKind::Switch(e, body?, cases))
    }

    fn case_label(&mut self, is_case: bool, pos: Pos) -> PResult<Stmt> {
        let value = if is_case {
            let e = self.conditional()?;
            let v = consteval::int_value(&e, &self.prog.layouts).ok_or_else(|| {
                Diag::new(e.pos, "expression is not an integer constant expression")
            })?;
            Some(v)
        } else {
            None
        };
        if self.is_p("...") {
            return Err(self.err("case ranges are not supported by tinyc"));
        }
        self.expect_p(":")?;
        let Some(f) = self.fun.as_mut() else {
            return Err(Diag::new(pos, "'case' statement not in switch statement"));
        };
        let id = f.n_cases;
        let Some(ty) = f.switch_tys.last().cloned() else {
            let what = if is_case { "case" } else { "default" };
            return Err(Diag::new(
                pos,
                format!("'{what}' statement not in switch statement"),
            ));
        };
        let Some(sw) = f.switches.last_mut() else {
            return Err(Diag::new(pos, "'case' statement not in switch statement"));
        };
        match value {
            Some(v) => {
                let v = consteval::wrap_to(v, &ty);
                if sw.cases.iter().any(|c| c.0 == v) {
                    return Err(Diag::new(pos, format!("duplicate case value '{v}'")));
                }
                sw.cases.push((v, id));
            }
            None => {
                if sw.default.is_some() {
                    return Err(Diag::new(pos, "multiple default labels in one switch"));
                }
                sw.default = Some(id);
            }
        }
        f.n_cases += 1;
        Ok(Stmt {
            kind: StmtKind::Case(id),
            pos,
        })
    }

    fn label_id(&mut self, name: &str, pos: Pos, define: bool) -> PResult<usize> {
        let Some(f) = self.fun.as_mut() else {
            return Err(Diag::new(pos, "label outside a function"));
        };
        let n = f.labels.len();
        let l = f
            .labels
            .entry(name.to_string())
            .or_insert(super::LabelInfo {
                id: n,
                defined: false,
                pos,
            });
        if define {
            if l.defined {
                return Err(Diag::new(pos, format!("redefinition of label '{name}'")));
            }
            l.defined = true;
        }
        Ok(l.id)
    }
}
