//! Reachability: which functions, globals and string literals the program uses,
//! starting from `main` and `__tinyc_flush`, so that library code a program does
//! not use is left out of the module.

use crate::ast::{Expr, ExprKind, FuncId, GlobalId, Init, InitItem, Program, Stmt, StmtKind};
use std::collections::BTreeSet;

/// The reachable items.
#[derive(Default, Debug)]
pub struct Reach {
    pub funcs: BTreeSet<FuncId>,
    pub globals: BTreeSet<GlobalId>,
    pub strings: BTreeSet<usize>,
}

#[derive(Default)]
struct Walker {
    reach: Reach,
    todo_funcs: Vec<FuncId>,
    todo_globals: Vec<GlobalId>,
}

impl Walker {
    fn func(&mut self, id: FuncId) {
        if self.reach.funcs.insert(id) {
            self.todo_funcs.push(id);
        }
    }

    fn global(&mut self, id: GlobalId) {
        if self.reach.globals.insert(id) {
            self.todo_globals.push(id);
        }
    }

    fn expr(&mut self, e: &Expr) {
        // An explicit stack: expressions may nest deeply.
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            match &e.kind {
                ExprKind::Func(id) => self.func(*id),
                ExprKind::Global(id) => self.global(*id),
                ExprKind::Str(id) => {
                    self.reach.strings.insert(*id);
                }
                ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Local(_) => {}
                ExprKind::Unary(_, a)
                | ExprKind::Deref(a)
                | ExprKind::Addr(a)
                | ExprKind::Decay(a)
                | ExprKind::Member(a, _)
                | ExprKind::VaStart(a)
                | ExprKind::VaArg(a)
                | ExprKind::Cast(a)
                | ExprKind::IncDec { lhs: a, .. } => stack.push(a),
                ExprKind::Binary(_, a, b)
                | ExprKind::Cmp(_, a, b)
                | ExprKind::PtrAdd { ptr: a, idx: b, .. }
                | ExprKind::PtrDiff(a, b, _)
                | ExprKind::LogAnd(a, b)
                | ExprKind::LogOr(a, b)
                | ExprKind::Comma(a, b)
                | ExprKind::Assign(a, b)
                | ExprKind::CompoundAssign { lhs: a, rhs: b, .. }
                | ExprKind::PtrCompound { lhs: a, idx: b, .. } => {
                    stack.push(a);
                    stack.push(b);
                }
                ExprKind::Cond(c, a, b) => {
                    stack.push(c);
                    stack.push(a);
                    stack.push(b);
                }
                ExprKind::Call { callee, args, .. } => {
                    stack.push(callee);
                    stack.extend(args.iter());
                }
                ExprKind::Builtin(_, args) => stack.extend(args.iter()),
            }
        }
    }

    fn init(&mut self, init: &Init) {
        for item in &init.items {
            if let InitItem::Expr(_, e) = item {
                self.expr(e);
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Decl(_, Some(init)) => self.init(init),
            StmtKind::Block(list) => list.iter().for_each(|s| self.stmt(s)),
            StmtKind::If(c, a, b) => {
                self.expr(c);
                self.stmt(a);
                if let Some(b) = b {
                    self.stmt(b);
                }
            }
            StmtKind::While(c, body)
            | StmtKind::DoWhile(body, c)
            | StmtKind::Switch(c, body, _) => {
                self.expr(c);
                self.stmt(body);
            }
            StmtKind::For(init, c, step, body) => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                if let Some(c) = c {
                    self.expr(c);
                }
                if let Some(s) = step {
                    self.expr(s);
                }
                self.stmt(body);
            }
            StmtKind::Return(Some(e)) => self.expr(e),
            _ => {}
        }
    }
}

/// Everything reachable from `roots`.
pub fn reach(prog: &Program, roots: &[FuncId]) -> Reach {
    let mut w = Walker::default();
    for &r in roots {
        w.func(r);
    }
    loop {
        if let Some(f) = w.todo_funcs.pop() {
            if let Some(body) = &prog.funcs[f].body {
                for s in &body.body {
                    w.stmt(s);
                }
            }
        } else if let Some(g) = w.todo_globals.pop() {
            if let Some(init) = &prog.globals[g].init {
                w.init(init);
            }
        } else {
            return w.reach;
        }
    }
}
