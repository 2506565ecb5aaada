//! Statements: blocks and local initializers, `if`, the loops, `break`/`continue`,
//! `return` (struct results through the hidden pointer), `switch` lowered to a LIR
//! `switch` with fallthrough between case blocks, and labels with `goto`.
//! Blocks are sealed as soon as all their predecessors exist; label blocks are
//! sealed when the function is finalized.

use super::lvalue::LVal;
use super::{FnGen, Storage};
use crate::ast::{Init, InitItem, LocalId, Stmt, StmtKind};
use crate::types::Ty;
use lir::{Block, Type};

impl FnGen<'_, '_> {
    fn jump_if_open(&mut self, to: Block) {
        if !self.b.is_terminated() {
            self.b.jump(to, &[]);
        }
    }

    /// Switches to `block` and seals it.
    fn enter_sealed(&mut self, block: Block) {
        self.b.switch_to_block(block);
        self.b.seal_block(block);
    }

    fn label_block(&mut self, id: usize) -> Block {
        if let Some(b) = self.labels[id] {
            return b;
        }
        let b = self.b.create_block();
        self.labels[id] = Some(b);
        b
    }

    pub fn stmt(&mut self, s: &Stmt) {
        if !matches!(s.kind, StmtKind::Case(_) | StmtKind::Label(_)) {
            self.ensure_open();
        }
        self.at(s.pos);
        match &s.kind {
            StmtKind::Empty => {}
            StmtKind::Expr(e) => self.expr_void(e),
            StmtKind::Decl(id, init) => {
                if let Some(init) = init {
                    self.init_local(*id, init);
                }
            }
            StmtKind::Block(list) => {
                for s in list {
                    self.stmt(s);
                }
            }
            StmtKind::If(c, then, els) => {
                let (t, f) = (self.b.create_block(), self.b.create_block());
                let merge = if els.is_some() {
                    self.b.create_block()
                } else {
                    f
                };
                self.branch(c, t, f);
                self.enter_sealed(t);
                self.stmt(then);
                self.jump_if_open(merge);
                if let Some(els) = els {
                    self.enter_sealed(f);
                    self.stmt(els);
                    self.jump_if_open(merge);
                }
                self.enter_sealed(merge);
            }
            StmtKind::While(c, body) => {
                let (header, bodyb, exit) = (
                    self.b.create_block(),
                    self.b.create_block(),
                    self.b.create_block(),
                );
                self.b.jump(header, &[]);
                self.b.switch_to_block(header);
                self.branch(c, bodyb, exit);
                self.enter_sealed(bodyb);
                self.loop_body(body, exit, header);
                self.jump_if_open(header);
                self.b.seal_block(header);
                self.enter_sealed(exit);
            }
            StmtKind::DoWhile(body, c) => {
                let (bodyb, condb, exit) = (
                    self.b.create_block(),
                    self.b.create_block(),
                    self.b.create_block(),
                );
                self.b.jump(bodyb, &[]);
                self.b.switch_to_block(bodyb);
                self.loop_body(body, exit, condb);
                self.jump_if_open(condb);
                self.enter_sealed(condb);
                self.at(c.pos);
                self.branch(c, bodyb, exit);
                self.b.seal_block(bodyb);
                self.enter_sealed(exit);
            }
            StmtKind::For(init, c, step, body) => {
                if let Some(init) = init {
                    self.stmt(init);
                }
                self.ensure_open();
                let header = self.b.create_block();
                let bodyb = self.b.create_block();
                let stepb = self.b.create_block();
                let exit = self.b.create_block();
                self.b.jump(header, &[]);
                self.b.switch_to_block(header);
                match c {
                    Some(c) => self.branch(c, bodyb, exit),
                    None => {
                        self.b.jump(bodyb, &[]);
                    }
                }
                self.enter_sealed(bodyb);
                self.loop_body(body, exit, stepb);
                self.jump_if_open(stepb);
                self.enter_sealed(stepb);
                if let Some(step) = step {
                    self.expr_void(step);
                }
                self.b.jump(header, &[]);
                self.b.seal_block(header);
                self.enter_sealed(exit);
            }
            StmtKind::Break => {
                if let Some(&b) = self.breaks.last() {
                    self.b.jump(b, &[]);
                }
            }
            StmtKind::Continue => {
                if let Some(&b) = self.continues.last() {
                    self.b.jump(b, &[]);
                }
            }
            StmtKind::Return(e) => self.return_stmt(e.as_ref()),
            StmtKind::Switch(c, body, cases) => {
                let v = self.expr(c);
                self.at(s.pos);
                let exit = self.b.create_block();
                let mut targets = Vec::new();
                for &(k, id) in &cases.cases {
                    let b = self.b.create_block();
                    self.cases[id] = Some(b);
                    let key = if c.ty.lir() == Type::I64 {
                        k as u64
                    } else {
                        k as u32 as u64
                    };
                    targets.push((key, b));
                }
                let default = match cases.default {
                    Some(id) => {
                        let b = self.b.create_block();
                        self.cases[id] = Some(b);
                        b
                    }
                    None => exit,
                };
                self.b.switch(v, default, targets);
                self.breaks.push(exit);
                self.stmt(body);
                self.breaks.pop();
                self.jump_if_open(exit);
                self.enter_sealed(exit);
            }
            StmtKind::Case(id) => {
                if let Some(b) = self.cases[*id] {
                    self.jump_if_open(b);
                    self.enter_sealed(b);
                }
            }
            StmtKind::Label(id) => {
                let b = self.label_block(*id);
                self.jump_if_open(b);
                self.b.switch_to_block(b);
            }
            StmtKind::Goto(id) => {
                let b = self.label_block(*id);
                self.b.jump(b, &[]);
            }
        }
    }

    fn loop_body(&mut self, body: &Stmt, exit: Block, cont: Block) {
        self.breaks.push(exit);
        self.continues.push(cont);
        self.stmt(body);
        self.breaks.pop();
        self.continues.pop();
    }

    fn return_stmt(&mut self, e: Option<&crate::ast::Expr>) {
        let Some(e) = e else {
            if self.ret_ty.is_void() || self.ret_ty.is_struct() {
                self.b.ret(&[]);
            } else {
                let ty = self.ret_ty.clone();
                let z = self.zero(&ty);
                self.b.ret(&[z]);
            }
            return;
        };
        let v = self.expr(e);
        self.at(e.pos);
        if self.ret_ty.is_struct() {
            if let Some(dst) = self.sret {
                let size = self.size_of(&self.ret_ty.clone());
                self.b.memory_copy(dst, v, size as i64);
            }
            self.b.ret(&[]);
        } else {
            self.b.ret(&[v]);
        }
    }

    /// Initializes local `id` from `init`.
    fn init_local(&mut self, id: LocalId, init: &Init) {
        let ty: Ty = self.body.locals[id].ty.clone();
        let vol = self.body.locals[id].vol;
        let addr = match self.locals[id] {
            Storage::Var(var) => {
                if let Some(InitItem::Expr(_, e)) = init.items.first() {
                    let v = self.expr(e);
                    self.b.def_var(var, v);
                }
                return;
            }
            Storage::Mem(addr) => addr,
        };
        let size = self.size_of(&ty);
        let whole = match init.items.as_slice() {
            [InitItem::Expr(0, e)] => self.size_of(&e.ty) == size,
            _ => false,
        };
        if !whole {
            self.b.memory_fill(addr, 0, size as i64);
        }
        for item in &init.items {
            match item {
                InitItem::Expr(off, e) => {
                    let v = self.expr(e);
                    let lv = LVal::Mem {
                        addr,
                        off: *off,
                        vol,
                    };
                    self.store(&lv, &e.ty, v);
                }
                InitItem::Bytes(off, bytes) => self.store_bytes(addr, *off, bytes),
            }
        }
    }

    /// Stores constant bytes (8 at a time), skipping zeros the fill wrote.
    fn store_bytes(&mut self, addr: lir::Value, off: u32, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            let at = off + i as u32;
            if i + 8 <= bytes.len() {
                let mut w = [0u8; 8];
                w.copy_from_slice(&bytes[i..i + 8]);
                let v = i64::from_le_bytes(w);
                if v != 0 {
                    let c = self.b.iconst(Type::I64, v);
                    self.b.store(addr, at, c);
                }
                i += 8;
            } else {
                if bytes[i] != 0 {
                    self.b.store8(addr, at, bytes[i] as i32);
                }
                i += 1;
            }
        }
    }
}
