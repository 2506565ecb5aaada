//! A tiny frontend built on the `lir` builder: a toy imperative language with
//! functions, `let`, assignment, `while`, `if`/`else`, `return`, calls and i32
//! arithmetic (`&&`/`||` short-circuit), compiled to LIR in a single pass — and then,
//! as a frontend author does, to a `.wasm` with [`lir_build::build`] and run with
//! [`lir_runtime`] (`main.rs`).
//!
//! Source variables become `Variable`s, so the frontend never builds a block parameter
//! by hand: the builder adds them where control flow merges. All functions are
//! declared before any body is compiled, so calls may refer forward. The builtin
//! `print(e)` is an import, `"toy" "print"`, that the host provides ([`run`]); it
//! returns its argument.

use lir::builder::{FunctionBuilder, Variable};
use lir::{Block, Func, Function, Import, Module, Signature, Type, Value};
use lir_runtime::{Caller, Imports, InstanceConfig, Runtime, RuntimeError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type Result<T> = std::result::Result<T, String>;

/// The import module and name of the builtin `print`.
pub const PRINT_IMPORT: (&str, &str) = ("toy", "print");

/// Splits source text into tokens: numbers, names and operators (`#` starts a comment).
fn tokenize(src: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = src.chars().peekable();
    let is_word = |c: &char| c.is_alphanumeric() || *c == '_';
    while let Some(c) = chars.next() {
        let mut token = c.to_string();
        if c == '#' {
            chars.by_ref().take_while(|&c| c != '\n').for_each(drop);
            continue;
        } else if is_word(&c) {
            token.extend(std::iter::from_fn(|| chars.next_if(is_word)));
        } else if let Some(d) = chars.next_if(|&d| {
            matches!(
                (c, d),
                ('=' | '!' | '<' | '>', '=') | ('&', '&') | ('|', '|')
            )
        }) {
            token.push(d);
        }
        if !c.is_whitespace() {
            tokens.push(token);
        }
    }
    tokens
}

/// A cursor over the tokens.
struct Tokens {
    tokens: Vec<String>,
    pos: usize,
}

impl Tokens {
    fn peek_at(&self, ahead: usize) -> &str {
        self.tokens.get(self.pos + ahead).map_or("", String::as_str)
    }
    fn next(&mut self) -> String {
        self.pos += 1;
        self.tokens.get(self.pos - 1).cloned().unwrap_or_default()
    }
    fn eat(&mut self, token: &str) -> bool {
        let found = self.peek_at(0) == token;
        self.pos += found as usize;
        found
    }
    fn expect(&mut self, token: &str) -> Result<()> {
        match self.eat(token) {
            true => Ok(()),
            false => Err(format!("expected `{token}`, found `{}`", self.peek_at(0))),
        }
    }
    fn name(&mut self) -> Result<String> {
        let token = self.next();
        match token.chars().next() {
            Some(c) if c.is_alphabetic() || c == '_' => Ok(token),
            _ => Err(format!("expected a name, found `{token}`")),
        }
    }
}

/// A binary operator's precedence (higher binds tighter).
fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 0,
        "&&" => 1,
        "==" | "!=" | "<" | "<=" | ">" | ">=" => 2,
        "+" | "-" => 3,
        "*" | "/" | "%" => 4,
        _ => return None,
    })
}

/// Compiles one function body straight from the tokens into a `FunctionBuilder`.
struct FnCompiler<'a, 'm> {
    tokens: &'a mut Tokens,
    funcs: &'a HashMap<String, Func>,
    b: FunctionBuilder<'m>,
    scopes: Vec<HashMap<String, Variable>>,
}

impl FnCompiler<'_, '_> {
    fn var(&self, name: &str) -> Result<Variable> {
        let found = self.scopes.iter().rev().find_map(|scope| scope.get(name));
        found
            .copied()
            .ok_or_else(|| format!("unknown variable `{name}`"))
    }

    /// Switches to `block` and seals it: every branch to it must exist already.
    fn enter_sealed(&mut self, block: Block) {
        self.b.switch_to_block(block);
        self.b.seal_block(block);
    }

    fn jump_unless_terminated(&mut self, dest: Block) {
        if !self.b.is_terminated() {
            self.b.jump(dest, &[]);
        }
    }

    /// `{ stmt* }` in a new scope.
    fn block(&mut self) -> Result<()> {
        self.tokens.expect("{")?;
        self.scopes.push(HashMap::new());
        while !self.tokens.eat("}") {
            if self.b.is_terminated() {
                // Code after `return` goes to a block nothing branches to.
                let dead = self.b.create_block();
                self.enter_sealed(dead);
            }
            self.stmt()?;
        }
        self.scopes.pop();
        Ok(())
    }

    fn stmt(&mut self) -> Result<()> {
        if self.tokens.eat("while") {
            let [header, body, exit] = [(); 3].map(|_| self.b.create_block());
            self.b.jump(header, &[]);
            self.b.switch_to_block(header); // sealed once the back edge exists
            let cond = self.expr(0)?;
            self.b.br_if(cond, body, &[], exit, &[]);
            self.enter_sealed(body);
            self.block()?;
            self.jump_unless_terminated(header);
            self.b.seal_block(header);
            self.enter_sealed(exit);
            return Ok(());
        }
        if self.tokens.eat("if") {
            let cond = self.expr(0)?;
            let [then, els, merge] = [(); 3].map(|_| self.b.create_block());
            self.b.br_if(cond, then, &[], els, &[]);
            self.enter_sealed(then);
            self.block()?;
            self.jump_unless_terminated(merge);
            self.enter_sealed(els);
            if self.tokens.eat("else") {
                self.block()?;
            }
            self.jump_unless_terminated(merge);
            self.enter_sealed(merge);
            return Ok(());
        }
        if self.tokens.eat("let") {
            let name = self.tokens.name()?;
            self.tokens.expect("=")?;
            let value = self.expr(0)?;
            let var = self.b.declare_var(Type::I32);
            self.b.def_var(var, value);
            if let Some(scope) = self.scopes.last_mut() {
                scope.insert(name, var);
            }
        } else if self.tokens.eat("return") {
            let value = self.expr(0)?;
            self.b.ret(&[value]);
        } else if self.tokens.peek_at(1) == "=" {
            let name = self.tokens.name()?;
            let var = self.var(&name)?;
            self.tokens.next();
            let value = self.expr(0)?;
            self.b.def_var(var, value);
        } else {
            self.expr(0)?;
        }
        self.tokens.expect(";")
    }

    /// Precedence climbing over the binary operators.
    fn expr(&mut self, min_prec: u8) -> Result<Value> {
        let mut lhs = self.atom()?;
        while let Some(prec) = precedence(self.tokens.peek_at(0)).filter(|&p| p >= min_prec) {
            let op = self.tokens.next();
            if op == "&&" || op == "||" {
                lhs = self.short_circuit(op == "&&", lhs, prec)?;
                continue;
            }
            let rhs = self.expr(prec + 1)?;
            let b = &mut self.b;
            lhs = match op.as_str() {
                "+" => b.add(lhs, rhs),
                "-" => b.sub(lhs, rhs),
                "*" => b.mul(lhs, rhs),
                "/" => b.div_s(lhs, rhs),
                "%" => b.rem_s(lhs, rhs),
                "==" => b.eq(lhs, rhs),
                "!=" => b.ne(lhs, rhs),
                "<" => b.lt_s(lhs, rhs),
                "<=" => b.le_s(lhs, rhs),
                ">" => b.gt_s(lhs, rhs),
                _ => b.ge_s(lhs, rhs),
            };
        }
        Ok(lhs)
    }

    /// `lhs && rhs` / `lhs || rhs`: `rhs` is only evaluated when it decides the result,
    /// which a fresh variable carries to the join block.
    fn short_circuit(&mut self, is_and: bool, lhs: Value, prec: u8) -> Result<Value> {
        let result = self.b.declare_var(Type::I32);
        let lhs = self.b.ne(lhs, 0);
        self.b.def_var(result, lhs);
        let [rhs_block, done] = [(); 2].map(|_| self.b.create_block());
        let (then, els) = if is_and {
            (rhs_block, done)
        } else {
            (done, rhs_block)
        };
        self.b.br_if(lhs, then, &[], els, &[]);
        self.enter_sealed(rhs_block);
        let rhs = self.expr(prec + 1)?;
        let rhs = self.b.ne(rhs, 0);
        self.b.def_var(result, rhs);
        self.b.jump(done, &[]);
        self.enter_sealed(done);
        Ok(self.b.use_var(result))
    }

    /// A number, a variable, a call, `-atom` or `( expr )`.
    fn atom(&mut self) -> Result<Value> {
        if self.tokens.eat("-") {
            if let Ok(n) = self.tokens.peek_at(0).parse::<i64>() {
                self.tokens.next();
                return Ok(self.b.iconst(Type::I32, -n));
            }
            let value = self.atom()?;
            return Ok(self.b.sub(0, value));
        }
        if self.tokens.eat("(") {
            let value = self.expr(0)?;
            self.tokens.expect(")")?;
            return Ok(value);
        }
        if let Ok(n) = self.tokens.peek_at(0).parse::<i64>() {
            self.tokens.next();
            return Ok(self.b.iconst(Type::I32, n));
        }
        let name = self.tokens.name()?;
        if !self.tokens.eat("(") {
            let var = self.var(&name)?;
            return Ok(self.b.use_var(var));
        }
        let func = *self
            .funcs
            .get(&name)
            .ok_or(format!("unknown function `{name}`"))?;
        let mut args = Vec::new();
        while !self.tokens.eat(")") {
            if !args.is_empty() {
                self.tokens.expect(",")?;
            }
            args.push(self.expr(0)?);
        }
        Ok(self.b.call1(func, &args))
    }
}

/// Compiles a program: `fn name(params) { … }`, repeated. The module is not verified
/// yet (`lir_build::build` does it).
pub fn compile(src: &str) -> Result<Module> {
    let mut tokens = Tokens {
        tokens: tokenize(src),
        pos: 0,
    };
    let mut module = Module::new();
    // Declare every function (`fn name(a, b)`) first, so calls may refer forward.
    let mut funcs = HashMap::new();
    let mut params = HashMap::new();
    if tokens.tokens.iter().any(|t| t == "print") {
        let (module_name, name) = PRINT_IMPORT;
        let import = Import {
            module: module_name.to_string(),
            name: name.to_string(),
        };
        let sig = Signature::new([Type::I32], [Type::I32]);
        let print = module.add_function(Function::new_import("print", sig, import));
        funcs.insert("print".to_string(), print);
    }
    for header in tokens.tokens.split(|t| t == "fn").skip(1) {
        let name = header.first().cloned().unwrap_or_default();
        let names = header.iter().skip(2).take_while(|t| *t != ")");
        let names: Vec<String> = names.filter(|t| *t != ",").cloned().collect();
        if funcs.contains_key(&name) {
            return Err(format!(
                "`{name}` is defined twice (or is the builtin `print`)"
            ));
        }
        let sig = Signature::new(vec![Type::I32; names.len()], [Type::I32]);
        let func = module.declare_function(&name, sig);
        module.export_function(func, &name);
        funcs.insert(name.clone(), func);
        params.insert(func, names);
    }
    while tokens.pos < tokens.tokens.len() {
        tokens.expect("fn")?;
        let func = funcs[&tokens.name()?];
        while !tokens.eat(")") && tokens.pos < tokens.tokens.len() {
            tokens.next(); // the parameters, already read
        }
        let mut b = FunctionBuilder::new(&mut module, func);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let mut scope = HashMap::new();
        for (i, name) in params[&func].iter().enumerate() {
            let (var, param) = (b.declare_var(Type::I32), b.param(i));
            b.set_name(param, name);
            b.def_var(var, param);
            scope.insert(name.clone(), var);
        }
        let mut compiler = FnCompiler {
            tokens: &mut tokens,
            funcs: &funcs,
            b,
            scopes: vec![scope],
        };
        compiler.block()?;
        if !compiler.b.is_terminated() {
            let zero = compiler.b.iconst(Type::I32, 0);
            compiler.b.ret(&[zero]);
        }
        compiler.b.finalize();
    }
    Ok(module)
}

/// What a program did when run: the values it printed and `main`'s result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub printed: Vec<i32>,
    pub status: i32,
}

/// Runs a compiled program's `main` under the runtime, with `print` as a host
/// function that records each value.
pub fn run(wasm: &[u8]) -> std::result::Result<Outcome, RuntimeError> {
    let runtime = Runtime::new()?;
    let compiled = runtime.load(wasm)?;
    let printed = Arc::new(Mutex::new(Vec::new()));
    let sink = printed.clone();
    let mut imports = Imports::new();
    let (module, name) = PRINT_IMPORT;
    imports.func(module, name, move |_: Caller<'_>, value: i32| {
        sink.lock().expect("not poisoned").push(value);
        value
    });
    let config = InstanceConfig {
        imports,
        ..InstanceConfig::default()
    };
    let mut instance = compiled.instantiate(config)?;
    let result = instance.call("main", &[])?;
    let status = result.first().map_or(0, |v| v.bits() as i32);
    let printed = printed.lock().expect("not poisoned").clone();
    Ok(Outcome { printed, status })
}
