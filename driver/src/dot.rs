//! `lirc --emit dot`: the control-flow graph of each function as Graphviz, one cluster
//! per function, one box per block (its label and parameters, then its instructions
//! as LIR text) and one edge per branch target, labelled with the block arguments it
//! passes (`br_if` edges also say `true`/`false`; `switch` edges their case).
//!
//! The nesting the backend chose (`--emit dot=structured`) is drawn by
//! [`crate::dot_structured`] with the same nodes and edges.

use lir::text::{print_inst_with_names, Names};
use lir::{Func, InstKind, Module};
use std::fmt::Write;

/// The Graphviz text of the functions of `module` (only `only` when given; `Err`
/// names a function the module does not define).
pub fn render(module: &Module, only: Option<&str>) -> Result<String, String> {
    let funcs = selected(module, only)?;
    let mut out = String::from("digraph cfg {\n    node [shape=box, fontname=monospace];\n");
    for (n, &f) in funcs.iter().enumerate() {
        function(&mut out, module, f, n);
    }
    out.push_str("}\n");
    Ok(out)
}

/// The defined functions to draw: `only`, or all of them in module order.
pub(crate) fn selected(module: &Module, only: Option<&str>) -> Result<Vec<Func>, String> {
    match only {
        Some(name) => match module.func_by_name(name) {
            Some(f) if !module.funcs[f].is_import() => Ok(vec![f]),
            _ => Err(format!("no defined function @{name}")),
        },
        None => Ok(module
            .funcs
            .iter()
            .filter(|(_, f)| !f.is_import())
            .map(|(k, _)| k)
            .collect()),
    }
}

fn function(out: &mut String, module: &Module, f: Func, n: usize) {
    let graph = Graph::new(module, f, n);
    let _ = writeln!(out, "    subgraph cluster_{n} {{");
    let _ = writeln!(out, "        label=\"{}\";", graph.title());
    for &b in &module.funcs[f].layout {
        graph.node(out, b, "        ");
    }
    graph.edges(out, "        ");
    out.push_str("    }\n");
}

/// The nodes and edges of one function's graph (function `f` of `module`, the `n`th
/// drawn): shared by the plain and the structured drawing.
pub(crate) struct Graph<'a> {
    module: &'a Module,
    f: Func,
    n: usize,
    names: Names,
}

impl<'a> Graph<'a> {
    pub(crate) fn new(module: &'a Module, f: Func, n: usize) -> Graph<'a> {
        Graph {
            module,
            f,
            n,
            names: Names::new(&module.funcs[f]),
        }
    }

    /// The cluster label: `@name`, escaped.
    pub(crate) fn title(&self) -> String {
        escape(&format!("@{}", self.module.funcs[self.f].name))
    }

    /// The node id of block `b`.
    pub(crate) fn id(&self, b: lir::Block) -> String {
        format!("f{}_{}", self.n, b.as_u32())
    }

    /// Block `b`'s node: its label and parameters, then its instructions.
    pub(crate) fn node(&self, out: &mut String, b: lir::Block, indent: &str) {
        let (module, f, names) = (self.module, self.f, &self.names);
        let func = &module.funcs[f];
        let block = &func.blocks[b];
        let params: Vec<String> = block
            .params
            .iter()
            .map(|&p| format!("{}: {}", names.value(func, p), func.value_type(p)))
            .collect();
        let mut label = names.block(func, b);
        if !params.is_empty() {
            label = format!("{label}({})", params.join(", "));
        }
        label.push(':');
        let mut text = escape(&label) + "\\l";
        for &inst in &block.insts {
            text.push_str(&escape(&print_inst_with_names(module, f, names, inst)));
            text.push_str("\\l");
        }
        let _ = writeln!(out, "{indent}{} [label=\"{text}\"];", self.id(b));
    }

    /// One edge per branch target of every block's terminator, labelled with the
    /// block arguments it passes.
    pub(crate) fn edges(&self, out: &mut String, indent: &str) {
        let func = &self.module.funcs[self.f];
        for &b in &func.layout {
            let Some(&term) = func.blocks[b].insts.last() else {
                continue;
            };
            let kind = &func.insts[term].kind;
            for (i, call) in kind.block_calls().iter().enumerate() {
                let args: Vec<String> = call
                    .args
                    .iter()
                    .map(|&v| self.names.value(func, v))
                    .collect();
                let mut label = match kind {
                    InstKind::BrIf { .. } => [String::from("true"), String::from("false")]
                        .get(i)
                        .cloned()
                        .unwrap_or_default(),
                    InstKind::Switch { .. } if i == 0 => "default".into(),
                    InstKind::Switch { cases, .. } => format!("case {}", cases[i - 1].0),
                    _ => String::new(),
                };
                if !args.is_empty() {
                    if !label.is_empty() {
                        label.push(' ');
                    }
                    label.push_str(&format!("({})", args.join(", ")));
                }
                let _ = writeln!(
                    out,
                    "{indent}{} -> {} [label=\"{}\"];",
                    self.id(b),
                    self.id(call.block),
                    escape(&label)
                );
            }
        }
    }
}

/// Escapes text for a double-quoted Graphviz label.
pub(crate) fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_edges_and_arguments_are_shown() {
        let module = lir::text::parse(
            "func @count(%n: i32) -> i32 {\nentry:\n    jump loop(0)\nloop(%i: i32):\n    \
             %done = ge_u %i, %n\n    br_if %done, exit, step\nstep:\n    %j = add %i, 1\n    \
             jump loop(%j)\nexit:\n    ret %i\n}\n",
        )
        .unwrap();
        let dot = render(&module, Some("count")).unwrap();
        assert!(dot.contains("label=\"@count\""), "{dot}");
        assert!(
            dot.contains("loop(%i: i32):\\l%done = ge_u %i, %n\\l"),
            "{dot}"
        );
        assert!(dot.contains("[label=\"(0)\"]"), "{dot}");
        assert!(dot.contains("[label=\"(%j)\"]"), "{dot}");
        assert!(
            dot.contains("[label=\"true\"]") && dot.contains("[label=\"false\"]"),
            "{dot}"
        );
        assert_eq!(
            render(&module, Some("nope")).unwrap_err(),
            "no defined function @nope"
        );
    }
}
