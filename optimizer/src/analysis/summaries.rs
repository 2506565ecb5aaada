//! What calling each function may do: read or write memory or globals, perform I/O,
//! trap, or run forever. Computed bottom-up over the call graph's components.
//!
//! A call of a function that can do none of these except read memory and globals is
//! removable when its results are unused; if it does not even read, two calls with
//! the same arguments compute the same results. Imported functions and indirect calls
//! may do anything. "Call stack exhausted" does not count as a trap here: how deep
//! recursion may go is unspecified, so removing a call may remove that trap.

use super::CallGraph;
use cranelift_entity::SecondaryMap;
use lir::{BinaryOp, Func, Function, InstKind, Module};

/// The effects of one function (including everything it calls).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FuncSummary {
    pub reads_memory: bool,
    pub writes_memory: bool,
    pub reads_globals: bool,
    pub writes_globals: bool,
    /// System calls, imports, indirect calls: effects outside the module.
    pub io: bool,
    pub may_trap: bool,
    /// It may run forever (loops, recursion).
    pub may_loop: bool,
    /// It uses `stack.alloc` itself (not through callees).
    pub stack_alloc: bool,
}

impl FuncSummary {
    /// Everything: what an unknown function may do.
    pub const UNKNOWN: FuncSummary = FuncSummary {
        reads_memory: true,
        writes_memory: true,
        reads_globals: true,
        writes_globals: true,
        io: true,
        may_trap: true,
        may_loop: true,
        stack_alloc: false,
    };

    /// A call whose results are unused can be deleted.
    pub fn is_removable(&self) -> bool {
        !(self.writes_memory || self.writes_globals || self.io || self.may_trap || self.may_loop)
    }

    /// Removable, and the results depend only on the arguments.
    pub fn is_pure(&self) -> bool {
        self.is_removable() && !self.reads_memory && !self.reads_globals
    }

    /// Adds what `other` may do (not its `stack_alloc`, which is per body).
    pub(crate) fn join(&mut self, other: &FuncSummary) {
        self.reads_memory |= other.reads_memory;
        self.writes_memory |= other.writes_memory;
        self.reads_globals |= other.reads_globals;
        self.writes_globals |= other.writes_globals;
        self.io |= other.io;
        self.may_trap |= other.may_trap;
        self.may_loop |= other.may_loop;
    }
}

/// The summary of every function of a module.
#[derive(Clone, Debug, Default)]
pub struct Summaries {
    of: SecondaryMap<Func, FuncSummary>,
}

impl Summaries {
    pub fn new(module: &Module) -> Summaries {
        Summaries::with_call_graph(module, &CallGraph::new(module))
    }

    pub fn with_call_graph(module: &Module, graph: &CallGraph) -> Summaries {
        let mut summaries = Summaries::default();
        summaries.of.resize(module.funcs.len());
        for scc in graph.sccs() {
            let mut joint = FuncSummary::default();
            for &f in scc {
                joint.join(&graph.facts(f).effects);
                for &callee in graph.callees(f) {
                    // Callees in other components are done; this one's are joined here.
                    if !graph.same_scc(f, callee) {
                        joint.join(&summaries.of[callee]);
                    }
                }
                joint.may_loop |= graph.facts(f).has_cycle;
            }
            if scc.iter().any(|&f| graph.is_recursive(f)) {
                joint.may_loop = true;
            }
            for &f in scc {
                let facts = graph.facts(f);
                summaries.of[f] = if module.funcs.get(f).is_none_or(|func| func.is_import()) {
                    FuncSummary::UNKNOWN
                } else {
                    FuncSummary {
                        stack_alloc: facts.effects.stack_alloc,
                        ..joint
                    }
                };
            }
        }
        summaries
    }

    pub fn get(&self, f: Func) -> FuncSummary {
        self.of[f]
    }
}

/// Adds what one instruction may do by itself to `s`. Direct calls add nothing
/// (the call graph joins their callees' summaries).
pub(crate) fn add_inst_effects(func: &Function, kind: &InstKind, s: &mut FuncSummary) {
    match kind {
        InstKind::Load { mem, .. } => {
            s.reads_memory = true;
            s.may_trap = true;
            s.io |= mem.volatile;
        }
        InstKind::Store { mem, .. } => {
            s.writes_memory = true;
            s.may_trap = true;
            s.io |= mem.volatile;
        }
        InstKind::MemoryFill { .. } => {
            s.writes_memory = true;
            s.may_trap = true;
        }
        InstKind::MemoryCopy { .. } => {
            s.reads_memory = true;
            s.writes_memory = true;
            s.may_trap = true;
        }
        InstKind::MemorySize => s.reads_memory = true,
        InstKind::MemoryGrow { .. } => {
            s.reads_memory = true;
            s.writes_memory = true;
        }
        InstKind::GlobalGet { .. } => s.reads_globals = true,
        InstKind::GlobalSet { .. } => s.writes_globals = true,
        InstKind::StackAlloc { .. } => {
            s.writes_memory = true;
            s.stack_alloc = true;
        }
        InstKind::Binary { op, args } if op.can_trap(func.value_type(args[0])) => {
            let divisor = func.as_const(args[1]).map(|c| c.as_i64());
            let signed = matches!(op, BinaryOp::DivS | BinaryOp::RemS);
            let safe = divisor.is_some_and(|d| d != 0 && !(signed && d == -1));
            s.may_trap |= !safe;
        }
        InstKind::Convert { op, .. } => s.may_trap |= op.can_trap(),
        InstKind::Trap => s.may_trap = true,
        InstKind::CallIndirect { .. }
        | InstKind::ReturnCallIndirect { .. }
        | InstKind::Syscall { .. } => s.join(&FuncSummary::UNKNOWN),
        _ => {}
    }
}

/// Whether the reachable CFG has a cycle: a depth-first search from the entry meets
/// a block that is still on its stack.
pub fn has_cycle(func: &Function) -> bool {
    use cranelift_entity::EntityRef;
    let Some(entry) = func.entry_block() else {
        return false;
    };
    // 0: unvisited, 1: on the stack, 2: done.
    let mut state = vec![0u8; func.blocks.len()];
    let successors = |b: lir::Block| {
        func.terminator(b)
            .map(|t| func.insts[t].kind.successors())
            .into_iter()
            .flatten()
    };
    let mut stack = vec![(entry, successors(entry))];
    state[entry.index()] = 1;
    while let Some((block, succs)) = stack.last_mut() {
        match succs.next() {
            Some(s) => match state.get(s.index()) {
                Some(0) => {
                    state[s.index()] = 1;
                    stack.push((s, successors(s)));
                }
                Some(1) => return true,
                _ => {}
            },
            None => {
                state[block.index()] = 2;
                stack.pop();
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_propagate_through_calls() {
        let module = lir::text::parse(
            "global @g: i32 mut = 0
            func @square(%x: i32) -> i32 {
                %y = mul %x, %x
                ret %y
            }
            func @uses_square(%x: i32) -> i32 {
                %y = call @square(%x)
                %z = div_u %y, 3
                ret %z
            }
            func @divides(%x: i32) -> i32 {
                %y = div_s 7, %x
                ret %y
            }
            func @reads(%p: ptr) -> i32 {
                %v = load.i32 [%p]
                ret %v
            }
            func @bumps() {
                %v = global.get @g
                %w = add %v, 1
                global.set @g, %w
                ret
            }
            func @spins(%n: i32) {
            entry:
                jump l(%n)
            l(%i: i32):
                br_if %i, l(0), out
            out:
                ret
            }
            func @outer() {
                call @bumps()
                ret
            }",
        )
        .unwrap();
        let s = Summaries::new(&module);
        let get = |n: &str| s.get(module.func_by_name(n).unwrap());
        assert!(get("square").is_pure());
        assert!(get("uses_square").is_pure(), "{:?}", get("uses_square"));
        assert!(get("divides").may_trap);
        assert!(!get("reads").is_removable(), "a load may trap");
        assert!(get("bumps").writes_globals);
        assert!(get("outer").writes_globals);
        assert!(get("spins").may_loop);
    }
}
