//! `lirc --emit dot=structured`: the control-flow graph of each function as the
//! backend structures it, as Graphviz. The blocks and edges are those of `--emit dot`
//! (see [`crate::dot`]) for the function the structurizer saw (argument-carrying edges
//! of `br_if`/`switch` split, irreducible cycles entered through dispatch blocks);
//! every wasm `loop`, `block`, `if` and `else` the backend emits is a cluster around
//! the blocks whose code it holds, nested as in the output ([`lir_wasm::structure_of`]).
//!
//! Cluster labels say where a branch to the scope goes: `loop (br → head)` goes back
//! to the loop's header, `block (br → next)` leaves the block for `next`, whose code
//! follows the block's `end`. What this module does not do: compile anything itself
//! (the backend gives the nesting) or draw which branch leaves which scope.

use crate::dot::{escape, selected, Graph};
use lir::Module;
use lir_wasm::{FunctionStructure, Member, ScopeKind};
use std::fmt::Write;

/// The Graphviz text of the structured functions of `module` (a module ready for
/// the backend: legalized, optimized), compiled with `options`; only `only` when given.
pub fn render(
    module: &Module,
    options: &lir_wasm::Options,
    only: Option<&str>,
) -> Result<String, Error> {
    let funcs = selected(module, only).map_err(Error::NoSuchFunction)?;
    let structures = lir_wasm::structure_of(module, options).map_err(Error::Compile)?;
    // `structure_of` lists the defined functions in module order; draw each with its
    // structured copy in place of the original, so instructions print with names.
    let defined: Vec<lir::Func> = module
        .funcs
        .iter()
        .filter(|(_, f)| !f.is_import())
        .map(|(k, _)| k)
        .collect();
    let mut drawn = module.clone();
    let mut chosen = Vec::new();
    for (f, structure) in defined.into_iter().zip(structures) {
        if funcs.contains(&f) {
            drawn.funcs[f] = structure.func.clone();
            chosen.push((f, structure));
        }
    }
    // `newrank`: ranks are computed for the whole graph at once, which Graphviz needs
    // for edges that cross nested clusters (without it `dot` can fail with "trouble
    // in init_rank").
    let mut out = String::from(
        "digraph structured {\n    newrank=true;\n    node [shape=box, fontname=monospace];\n",
    );
    for (n, (f, structure)) in chosen.iter().enumerate() {
        function(&mut out, &Graph::new(&drawn, *f, n), structure, n);
    }
    out.push_str("}\n");
    Ok(out)
}

/// Why a structured graph cannot be drawn.
#[derive(Debug)]
pub enum Error {
    /// `--function` names no defined function (the message says so).
    NoSuchFunction(String),
    /// The backend rejects the module.
    Compile(lir_wasm::CompileError),
}

/// One function: its cluster, the nested scope clusters with their blocks, then the
/// edges. Scopes come in preorder with parent links, so the clusters are opened and
/// closed with a stack, without recursion.
fn function(out: &mut String, graph: &Graph<'_>, structure: &FunctionStructure, n: usize) {
    let _ = writeln!(out, "    subgraph cluster_{n} {{");
    let _ = writeln!(out, "        label=\"{}\";", graph.title());
    let func = &structure.func;
    let mut open: Vec<usize> = Vec::new();
    for (index, scope) in structure.scopes.iter().enumerate() {
        while open.len() > 1 && Some(open[open.len() - 1]) != scope.parent {
            open.pop();
            let _ = writeln!(out, "{}}}", indent(open.len()));
        }
        let pad = indent(open.len() + 1);
        if scope.parent.is_some() {
            let (label, style) = match scope.kind {
                ScopeKind::Loop { header } => (
                    format!("loop (br → {})", func.block_label(header)),
                    "style=rounded; color=blue; penwidth=2",
                ),
                ScopeKind::Block { next } => (
                    format!("block (br → {})", func.block_label(next)),
                    "style=solid; color=gray40",
                ),
                ScopeKind::If | ScopeKind::Else => (
                    scope.kind.keyword().to_string(),
                    "style=dashed; color=gray40",
                ),
                ScopeKind::Body => (String::new(), ""),
            };
            let _ = writeln!(out, "{}subgraph cluster_{n}_{index} {{", indent(open.len()));
            let _ = writeln!(out, "{pad}label=\"{}\"; {style};", escape(&label));
        }
        open.push(index);
        for member in &scope.members {
            if let Member::Code(b) = member {
                graph.node(out, *b, &pad);
            }
        }
    }
    while open.len() > 1 {
        open.pop();
        let _ = writeln!(out, "{}}}", indent(open.len()));
    }
    graph.edges(out, "        ");
    out.push_str("    }\n");
}

/// Indentation for nesting `depth` inside the function's cluster (capped, so a deep
/// nest stays readable and small).
fn indent(depth: usize) -> String {
    "    ".repeat(1 + depth.min(16))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn structured(src: &str, only: Option<&str>) -> String {
        let module = lir::text::parse(src).unwrap();
        render(&module, &lir_wasm::Options::default(), only).unwrap()
    }

    /// The labels of the clusters around node `id`, outermost first.
    fn clusters_around(dot: &str, id: &str) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        for line in dot.lines().map(str::trim) {
            if line.starts_with("subgraph ") {
                labels.push(String::new());
            } else if line == "}" {
                labels.pop();
            } else if let Some(rest) = line.strip_prefix("label=\"") {
                if let Some(last) = labels.last_mut() {
                    *last = rest.split('"').next().unwrap_or_default().to_string();
                }
            } else if line.starts_with(&format!("{id} [")) {
                return labels;
            }
        }
        panic!("no node {id} in\n{dot}")
    }

    fn innermost(dot: &str, id: &str) -> String {
        clusters_around(dot, id).pop().unwrap_or_default()
    }

    const COUNT: &str = "func @count(%n: i32) -> i32 {\nentry:\n    jump loop(0)\n\
                         loop(%i: i32):\n    %done = ge_u %i, %n\n    br_if %done, exit, step\n\
                         step:\n    %j = add %i, 1\n    jump loop(%j)\nexit:\n    ret %i\n}\n";

    #[test]
    fn loops_are_clusters_around_their_blocks() {
        let dot = structured(COUNT, None);
        assert!(dot.starts_with("digraph structured {"), "{dot}");
        // Blocks 1 (loop) and 2 (step) are in the loop; 3 (exit) and 0 are not.
        let loop_label = "loop (br → loop)";
        assert_eq!(innermost(&dot, "f0_1"), loop_label, "{dot}");
        // `step` is the arm of the header's `br_if`, inside the loop.
        assert_eq!(
            clusters_around(&dot, "f0_2"),
            ["@count", loop_label, "if"],
            "{dot}"
        );
        assert!(
            !clusters_around(&dot, "f0_3").contains(&loop_label.to_string()),
            "{dot}"
        );
        assert_eq!(clusters_around(&dot, "f0_0"), ["@count"], "{dot}");
        // The edges of the CFG are there, with their arguments.
        assert!(dot.contains("f0_2 -> f0_1 [label=\"(%j)\"];"), "{dot}");
        // Braces balance.
        assert_eq!(dot.matches('{').count(), dot.matches('}').count(), "{dot}");
    }

    #[test]
    fn nested_loops_nest_their_clusters() {
        let src = "func @grid(%n: i32) -> i32 {\nentry:\n    jump outer(0, 0)\n\
                   outer(%i: i32, %s: i32):\n    %done = ge_u %i, %n\n    br_if %done, exit, start\n\
                   start:\n    jump inner(0, %s)\n\
                   inner(%j: i32, %t: i32):\n    %end = ge_u %j, %n\n    br_if %end, next, body\n\
                   body:\n    %t2 = add %t, %j\n    %j2 = add %j, 1\n    jump inner(%j2, %t2)\n\
                   next:\n    %i2 = add %i, 1\n    jump outer(%i2, %t)\n\
                   exit:\n    ret %s\n}\n";
        let dot = structured(src, Some("grid"));
        // The inner loop's body (block 4) is in the inner loop, inside the outer one.
        let around = clusters_around(&dot, "f0_4");
        let outer = around.iter().position(|l| l == "loop (br → outer)");
        let inner = around.iter().position(|l| l == "loop (br → inner)");
        assert!(outer.is_some() && outer < inner, "{around:?}\n{dot}");

        // `next` (block 5) is in the outer loop but not in the inner one.
        let around = clusters_around(&dot, "f0_5");
        assert!(around.iter().any(|l| l == "loop (br → outer)"), "{dot}");
        assert!(!around.iter().any(|l| l == "loop (br → inner)"), "{dot}");
    }

    #[test]
    fn unknown_functions_are_errors() {
        let module = lir::text::parse(COUNT).unwrap();
        let e = render(&module, &lir_wasm::Options::default(), Some("nope")).unwrap_err();
        assert!(matches!(e, Error::NoSuchFunction(m) if m == "no defined function @nope"));
    }
}
