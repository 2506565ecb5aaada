//! `inline`: replaces direct calls by copies of the callee's body.
//!
//! Functions are visited bottom-up over the call graph's strongly connected
//! components (callees first), so a callee has already received its own inlining when
//! its body is copied, and sizes are those after inlining. At each call site of a
//! function ([`cost`] has the model):
//! - a callee no bigger than the call is always inlined (the code shrinks);
//! - a callee with a single call site that nothing else can reach (not exported, not
//!   `@main`, address not taken) is inlined, and `tree-shake` deletes the original;
//! - otherwise a callee up to `Tuning::inline_threshold` (plus `inline_loop_bonus`
//!   for calls inside loops, found with the loop nest) is inlined while the caller's
//!   growth stays within `inline_growth_percent` of its size. Calls in deeper loops
//!   get the budget first.
//!
//! Both `call` and `return_call` sites are inlined, with the callee's returns and tail
//! calls rewritten as [`copy`] describes; multiple results, unused results, callee
//! loops, `trap`s and slots (fresh caller slots per copy) all work. Copied
//! instructions keep their source locations; copied values and blocks are unnamed.
//! Volatile accesses are copied, never duplicated: each copy runs exactly when the
//! call it replaces would have run it.
//!
//! It never inlines: `@main` into the start-up code `@__lir_start` (a trap in
//! `@main` names it); a callee into a function of its own component, or a recursive
//! callee (recursion stays bounded and is left to tail-call elimination); imported
//! functions; calls inside loops of callees that use `stack.alloc` (the caller's
//! frame would grow once per iteration, where the callee's frame was released at each
//! return; outside loops the block lives until the caller returns, which only uses
//! more stack, and `tre` leaves functions with `stack.alloc` alone); indirect calls;
//! calls in blocks the entry cannot reach. Callees that loop or do I/O are inlined
//! only where that shrinks the code or removes their last call: the call costs little
//! next to their loop or system call. The runtime glue (`@__lir_…`, tuned for size)
//! is inlined only where it is no bigger than the call or where its last call goes.
//! It does not re-inline calls that came with an inlined body (the callee's own
//! decision stands), and does not delete callees that became unused (`tree-shake`).

mod copy;
pub mod cost;

use crate::analysis::{CallGraph, FuncSummary, LoopNest, Summaries};
use crate::edit::items::is_entry_point;
use crate::options::Tuning;
use crate::pass::{ModuleContext, ModulePass};
use cost::{Decision, Site};
use cranelift_entity::SecondaryMap;
use lir::analysis::{ControlFlowGraph, DominatorTree};
use lir::{Block, Func, Function, InstKind, Module, Signature};

pub struct Inline;

/// `inline-late`: the same inliner after the loop passes, limited to calls whose
/// inlining does not grow the code (no bigger than the call, or the callee's last
/// call), the runtime glue's included. Glue inlined this late keeps its size-tuned
/// loops: the loop passes have run.
pub struct InlineLate;

impl ModulePass for Inline {
    fn name(&self) -> &'static str {
        "inline"
    }

    fn description(&self) -> &'static str {
        "inline small callees, single-use callees and hot calls in loops (bottom-up over the call graph)"
    }

    fn run(&self, module: &mut Module, cx: &ModuleContext) -> usize {
        run(module, cx.tuning, false)
    }
}

impl ModulePass for InlineLate {
    fn name(&self) -> &'static str {
        "inline-late"
    }

    fn description(&self) -> &'static str {
        "inline where code does not grow (single-use callees, runtime glue too), after the loop passes"
    }

    fn run(&self, module: &mut Module, cx: &ModuleContext) -> usize {
        let shrink_only = Tuning {
            inline_threshold: 0,
            ..cx.tuning.clone()
        };
        run(module, &shrink_only, true)
    }
}

/// Inlines bottom-up over the call graph; `late` admits the runtime glue's last calls.
fn run(module: &mut Module, tuning: &Tuning, late: bool) -> usize {
    {
        let graph = CallGraph::new(module);
        let summaries = Summaries::with_call_graph(module, &graph);
        let mut state = State {
            graph: &graph,
            summaries: &summaries,
            late,
            tuning,
            sizes: SecondaryMap::new(),
            call_sites: SecondaryMap::new(),
            callees: SecondaryMap::new(),
        };
        for f in module.funcs.keys() {
            state.sizes[f] = graph.facts(f).size;
            state.call_sites[f] = graph.call_sites(f);
        }
        let mut inlined = 0;
        for scc in graph.sccs() {
            for &caller in scc {
                inlined += state.inline_into(module, caller);
            }
        }
        inlined
    }
}

/// What the inliner knows about a function as a callee (computed once it is final).
#[derive(Clone)]
struct Callee {
    /// Whether any call of it may be inlined.
    inlinable: bool,
    /// It uses `stack.alloc`: inlined into a loop, every iteration would keep its
    /// block until the caller returns, so only calls outside loops are inlined.
    stack_alloc: bool,
    /// Whether a call of it is worth making the caller bigger: not when it loops
    /// (the call's cost is spread over the loop) or does I/O (the system call
    /// dominates).
    worth_growing: bool,
    /// Its reachable blocks, entry first.
    blocks: Vec<Block>,
    /// The functions it calls directly, once per call site.
    calls: Vec<Func>,
}

impl Callee {
    fn new(graph: &CallGraph, summary: FuncSummary, f: Func, func: &Function) -> Callee {
        let mut callee = Callee {
            inlinable: false,
            stack_alloc: false,
            worth_growing: false,
            blocks: Vec::new(),
            calls: Vec::new(),
        };
        if func.is_import() || graph.is_recursive(f) {
            return callee;
        }
        let cfg = ControlFlowGraph::new(func);
        callee.blocks = func
            .layout
            .iter()
            .copied()
            .filter(|&b| cfg.is_reachable(b))
            .collect();
        let mut stack_alloc = false;
        for &b in &callee.blocks {
            for &inst in &func.blocks[b].insts {
                match func.insts[inst].kind {
                    InstKind::StackAlloc { .. } => stack_alloc = true,
                    InstKind::Call { func, .. } | InstKind::ReturnCall { func, .. } => {
                        callee.calls.push(func)
                    }
                    _ => {}
                }
            }
        }
        callee.inlinable = !callee.blocks.is_empty();
        callee.stack_alloc = stack_alloc;
        callee.worth_growing = !summary.io && !crate::analysis::summaries::has_cycle(func);
        callee
    }
}

/// A call to consider: instruction `index` of `block`.
struct CallSite {
    block: Block,
    index: usize,
    callee: Func,
    args: usize,
    loop_depth: u32,
}

struct State<'a> {
    graph: &'a CallGraph,
    summaries: &'a Summaries,
    /// The late run: the glue's last calls may be inlined.
    late: bool,
    tuning: &'a Tuning,
    /// Current body sizes.
    sizes: SecondaryMap<Func, u32>,
    /// Current numbers of direct call sites.
    call_sites: SecondaryMap<Func, u32>,
    callees: SecondaryMap<Func, Option<Callee>>,
}

impl State<'_> {
    /// Inlines what the policy allows into `caller`; returns how many calls.
    fn inline_into(&mut self, module: &mut Module, caller: Func) -> usize {
        let sites = self.call_sites_of(module, caller);
        if sites.is_empty() {
            return 0;
        }
        let tuning = self.tuning.for_function(&module.funcs[caller].name);
        let shell = Function::new(String::new(), Signature::default());
        let mut body = std::mem::replace(&mut module.funcs[caller], shell);
        let mut budget = cost::growth_budget(&tuning, self.sizes[caller]);
        let mut placement = copy::Placement::default();
        let mut inlined = 0;
        for site in sites {
            let callee = &module.funcs[site.callee];
            let info = self.callees[site.callee].get_or_insert_with(|| {
                let summary = self.summaries.get(site.callee);
                Callee::new(self.graph, summary, site.callee, callee)
            });
            if !info.inlinable || (info.stack_alloc && site.loop_depth > 0) {
                continue;
            }
            // `@main` keeps its frame in the start-up code, so that a trap in it is
            // reported `in @main` under wasm as under the interpreter (which runs
            // the start-up code around the optimized module).
            if callee.name == "main" && body.name == lir::entry::START_NAME {
                continue;
            }
            // Runtime glue is tuned for size: it is inlined only where that does not
            // grow the code, and its last call only after the loop passes (which
            // would tune its loops for speed in the caller).
            let glue = callee.name.starts_with("__lir_");
            let only_use = (self.late || !glue)
                && self.call_sites[site.callee] == 1
                && !is_entry_point(callee)
                && !self.graph.is_address_taken(site.callee);
            let view = Site {
                callee_size: self.sizes[site.callee],
                call_cost: cost::call_cost(site.args),
                loop_depth: site.loop_depth,
                only_use,
                worth_growing: info.worth_growing && !glue,
            };
            let Some(decision) = cost::decide(&tuning, &view, budget) else {
                continue;
            };
            if !copy::inline_call(
                &mut body,
                site.block,
                site.index,
                callee,
                &info.blocks,
                &mut placement,
            ) {
                continue;
            }
            if let Decision::Grows(growth) = decision {
                budget -= growth;
            }
            self.call_sites[site.callee] = self.call_sites[site.callee].saturating_sub(1);
            for &f in &info.calls {
                self.call_sites[f] += 1;
            }
            inlined += 1;
        }
        placement.finish(&mut body);
        self.sizes[caller] = cost::body_size(&body);
        module.funcs[caller] = body;
        inlined
    }

    /// The direct calls in `caller` that may be inlined (callee outside its
    /// component), deepest loops first, and within a block from the last to the
    /// first (so inlining one leaves the positions of the others).
    fn call_sites_of(&self, module: &Module, caller: Func) -> Vec<CallSite> {
        let func = &module.funcs[caller];
        let may_inline = |kind: &InstKind| match kind {
            InstKind::Call { func: f, args } | InstKind::ReturnCall { func: f, args } => {
                let ok = module.funcs.is_valid(*f) && !self.graph.same_scc(caller, *f);
                ok.then_some((*f, args.len()))
            }
            _ => None,
        };
        let has_call = func.layout.iter().any(|&b| {
            func.blocks[b]
                .insts
                .iter()
                .any(|&i| may_inline(&func.insts[i].kind).is_some())
        });
        if !has_call {
            return Vec::new();
        }
        let cfg = ControlFlowGraph::new(func);
        let domtree = DominatorTree::new(&cfg);
        let loops = LoopNest::new(func, &cfg, &domtree);
        let mut blocks: Vec<(Block, u32)> =
            cfg.rpo().iter().map(|&b| (b, loops.depth(b))).collect();
        blocks.sort_by_key(|&(_, depth)| std::cmp::Reverse(depth));
        let mut sites = Vec::new();
        for (block, loop_depth) in blocks {
            for (index, &inst) in func.blocks[block].insts.iter().enumerate().rev() {
                if let Some((callee, args)) = may_inline(&func.insts[inst].kind) {
                    sites.push(CallSite {
                        block,
                        index,
                        callee,
                        args,
                        loop_depth,
                    });
                }
            }
        }
        sites
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::OptLevel;

    #[test]
    fn oz_inlines_only_where_code_shrinks() {
        let text = "
            func @tiny(%x: i32) -> i32 {
                %y = add %x, 1
                ret %y
            }
            func @twice(%x: i32) -> i32 {
                %a = mul %x, %x
                %b = add %a, 7
                %c = xor %b, %x
                ret %c
            }
            func @once(%x: i32) -> i32 {
                %a = mul %x, %x
                %b = add %a, 7
                %c = xor %b, %x
                ret %c
            }
            export func @main(%x: i32) -> i32 {
                %a = call @tiny(%x)
                %b = call @twice(%a)
                %c = call @twice(%b)
                %d = call @once(%c)
                ret %d
            }";
        let mut module = lir::text::parse(text).unwrap();
        let tuning = OptLevel::Oz.tuning();
        let inlined = Inline.run(&mut module, &ModuleContext { tuning: &tuning });
        assert_eq!(inlined, 2, "@tiny and @once");
        lir::verify::verify(&module).unwrap();
        let main = &module.funcs[module.func_by_name("main").unwrap()];
        let calls: Vec<Func> = main
            .layout
            .iter()
            .flat_map(|&b| &main.blocks[b].insts)
            .filter_map(|&i| match main.insts[i].kind {
                InstKind::Call { func, .. } => Some(func),
                _ => None,
            })
            .collect();
        let twice = module.func_by_name("twice").unwrap();
        assert_eq!(calls, [twice, twice]);
        // -O2 also takes in small callees anywhere (`@twice`, at both calls), and
        // bigger ones inside loops (see `o2_inlines_calls_in_loops`).
        let mut module = lir::text::parse(text).unwrap();
        let tuning = OptLevel::O2.tuning();
        assert_eq!(
            Inline.run(&mut module, &ModuleContext { tuning: &tuning }),
            4
        );
    }

    #[test]
    fn o2_inlines_calls_in_loops() {
        let text = "
            func @twice(%x: i32) -> i32 {
                %a = mul %x, %x
                %b = add %a, 7
                %c = xor %b, %x
                ret %c
            }
            export func @main(%n: i32) -> i32 {
            entry:
                jump loop(0, 0)
            loop(%i: i32, %acc: i32):
                %v = call @twice(%i)
                %acc1 = add %acc, %v
                %i1 = add %i, 1
                %more = lt_u %i1, %n
                br_if %more, loop(%i1, %acc1), done
            done:
                %w = call @twice(%acc1)
                ret %w
            }";
        let mut module = lir::text::parse(text).unwrap();
        let tuning = OptLevel::O2.tuning();
        assert_eq!(
            Inline.run(&mut module, &ModuleContext { tuning: &tuning }),
            2,
            "the call in the loop, then the last call"
        );
        lir::verify::verify(&module).unwrap();
    }
}
