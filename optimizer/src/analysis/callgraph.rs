//! The call graph: direct callees of every function, functions whose address is taken,
//! and the strongly connected components in bottom-up order (callees first).
//!
//! Indirect calls have no edges here; a pass that cares treats every address-taken
//! function as a possible target.
//!
//! The one walk over every instruction that builds the graph also records each
//! body's [`BodyFacts`] (its size, the effects of its own instructions, whether it loops), so that
//! [`crate::analysis::Summaries`], the inliner and `dedup` need no walk of their own.

use super::size::inst_size;
use super::summaries::{add_inst_effects, has_cycle, FuncSummary};
use cranelift_entity::SecondaryMap;
use lir::{DataItem, DataValue, Func, InstKind, Module};

/// What the call graph's walk learns about one function body.
#[derive(Clone, Copy, Debug, Default)]
pub struct BodyFacts {
    /// What its own instructions may do: calls of imports, indirect calls and system
    /// calls count as [`FuncSummary::UNKNOWN`]; direct calls of defined functions
    /// add nothing here (their callees' summaries are joined along the graph).
    /// Imports have [`FuncSummary::UNKNOWN`].
    pub effects: FuncSummary,
    /// Instructions in its layout.
    pub insts: u32,
    /// Its [`crate::analysis::size::body_size`].
    pub size: u32,
    /// Whether its reachable CFG has a cycle ([`has_cycle`]), found while its
    /// instructions are still in the cache from the walk.
    pub has_cycle: bool,
}

/// Direct calls between the functions of a module.
#[derive(Clone, Debug, Default)]
pub struct CallGraph {
    callees: SecondaryMap<Func, Vec<Func>>,
    callers: SecondaryMap<Func, Vec<Func>>,
    /// Number of direct call sites (`call` and `return_call`) naming each function.
    call_sites: SecondaryMap<Func, u32>,
    address_taken: SecondaryMap<Func, bool>,
    facts: SecondaryMap<Func, BodyFacts>,
    /// Strongly connected components, callees before callers.
    sccs: Vec<Vec<Func>>,
    scc_of: SecondaryMap<Func, u32>,
}

/// The functions whose addresses data initializers hold (`{ ptr @f }`).
pub fn functions_in_data(module: &Module) -> impl Iterator<Item = Func> + '_ {
    module
        .data
        .values()
        .flat_map(|data| &data.items)
        .filter_map(|item| match item {
            DataItem::Scalars { values, .. } => Some(values),
            _ => None,
        })
        .flatten()
        .filter_map(|value| match value {
            DataValue::FuncAddr(f) => Some(*f),
            _ => None,
        })
}

impl CallGraph {
    pub fn new(module: &Module) -> CallGraph {
        let n = module.funcs.len();
        let mut graph = CallGraph {
            callees: lir::entities::dense_map(n),
            callers: lir::entities::dense_map(n),
            call_sites: lir::entities::dense_map(n),
            address_taken: lir::entities::dense_map(n),
            facts: lir::entities::dense_map(n),
            sccs: Vec::new(),
            scc_of: lir::entities::dense_map(n),
        };
        let mut callees = Vec::new();
        for (caller, f) in module.funcs.iter() {
            let mut facts = BodyFacts::default();
            if f.is_import() {
                facts.effects = FuncSummary::UNKNOWN;
            }
            for &block in &f.layout {
                facts.insts += f.blocks[block].insts.len() as u32;
                for &inst in &f.blocks[block].insts {
                    let kind = &f.insts[inst].kind;
                    facts.size = facts.size.saturating_add(inst_size(kind));
                    match kind {
                        InstKind::Call { func, .. } | InstKind::ReturnCall { func, .. } => {
                            graph.call_sites[*func] += 1;
                            callees.push(*func);
                            if module.funcs.get(*func).is_none_or(|g| g.is_import()) {
                                facts.effects.join(&FuncSummary::UNKNOWN);
                            }
                        }
                        InstKind::FuncAddr { func } => graph.address_taken[*func] = true,
                        _ => add_inst_effects(f, kind, &mut facts.effects),
                    }
                }
            }
            facts.has_cycle = has_cycle(f);
            graph.facts[caller] = facts;
            callees.sort_unstable();
            callees.dedup();
            for &callee in &callees {
                graph.callers[callee].push(caller);
            }
            graph.callees[caller] = callees.clone();
            callees.clear();
        }
        for f in functions_in_data(module) {
            graph.address_taken[f] = true;
        }
        graph.compute_sccs(module);
        graph
    }

    /// Tarjan's algorithm with an explicit stack; components come out callees first.
    fn compute_sccs(&mut self, module: &Module) {
        const UNVISITED: u32 = u32::MAX;
        let n = module.funcs.len();
        let mut index: SecondaryMap<Func, u32> =
            lir::entities::dense_map_with_default(n, UNVISITED);
        let mut low: SecondaryMap<Func, u32> = lir::entities::dense_map(n);
        let mut on_stack: SecondaryMap<Func, bool> = lir::entities::dense_map(n);
        let mut stack: Vec<Func> = Vec::new();
        let mut next = 0u32;
        for root in module.funcs.keys() {
            if index[root] != UNVISITED {
                continue;
            }
            let mut work: Vec<(Func, usize)> = vec![(root, 0)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (f, ref mut edge)) = work.last_mut() {
                if let Some(&callee) = self.callees[f].get(*edge) {
                    *edge += 1;
                    if index[callee] == UNVISITED {
                        index[callee] = next;
                        low[callee] = next;
                        next += 1;
                        stack.push(callee);
                        on_stack[callee] = true;
                        work.push((callee, 0));
                    } else if on_stack[callee] {
                        low[f] = low[f].min(index[callee]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[f]);
                }
                if low[f] == index[f] {
                    let mut component = Vec::new();
                    while let Some(g) = stack.pop() {
                        on_stack[g] = false;
                        self.scc_of[g] = self.sccs.len() as u32;
                        component.push(g);
                        if g == f {
                            break;
                        }
                    }
                    component.reverse();
                    self.sccs.push(component);
                }
            }
        }
    }

    /// Functions `f` calls directly (each once).
    pub fn callees(&self, f: Func) -> &[Func] {
        &self.callees[f]
    }

    /// Functions that call `f` directly (each once).
    pub fn callers(&self, f: Func) -> &[Func] {
        &self.callers[f]
    }

    /// The number of direct call sites of `f`.
    pub fn call_sites(&self, f: Func) -> u32 {
        self.call_sites[f]
    }

    /// What the walk learned about `f`'s body when the graph was built.
    pub fn facts(&self, f: Func) -> &BodyFacts {
        &self.facts[f]
    }

    /// Whether `funcaddr @f` or a `ptr @f` data value exists.
    pub fn is_address_taken(&self, f: Func) -> bool {
        self.address_taken[f]
    }

    /// Strongly connected components, callees before their callers.
    pub fn sccs(&self) -> &[Vec<Func>] {
        &self.sccs
    }

    /// Whether `f` may call itself, directly or through other functions.
    pub fn is_recursive(&self, f: Func) -> bool {
        let scc = &self.sccs[self.scc_of[f] as usize];
        scc.len() > 1 || self.callees[f].contains(&f)
    }

    /// Whether `a` and `b` are in the same strongly connected component.
    pub fn same_scc(&self, a: Func, b: Func) -> bool {
        self.scc_of[a] == self.scc_of[b]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_bottom_up() {
        let module = lir::text::parse(
            "func @leaf() {
                ret
            }
            func @even(%n: i32) {
                call @odd(%n)
                call @leaf()
                ret
            }
            func @odd(%n: i32) {
                return_call @even(%n)
            }
            func @main() {
                call @even(1)
                %f = funcaddr @leaf
                ret
            }",
        )
        .unwrap();
        let graph = CallGraph::new(&module);
        let f = |name: &str| module.func_by_name(name).unwrap();
        let order: Vec<Vec<Func>> = graph.sccs().to_vec();
        assert_eq!(order.len(), 3);
        assert_eq!(order[0], [f("leaf")]);
        assert_eq!(order[1].len(), 2);
        assert_eq!(order[2], [f("main")]);
        assert!(graph.is_recursive(f("odd")));
        assert!(!graph.is_recursive(f("main")));
        assert!(graph.is_address_taken(f("leaf")));
        assert_eq!(graph.call_sites(f("even")), 2);
        assert_eq!(graph.callers(f("leaf")), [f("even")]);
    }
}
