//! Checks a built module: the verifier must accept it, and every function must pass a
//! structural check of what SSA construction can get wrong (terminators, block
//! arguments against parameters on every edge, definitions dominating uses, no use of
//! a removed value, block parameters that know their own position).

use crate::analysis::{ControlFlowGraph, DominatorTree};
use crate::entities::{Block, Value};
use crate::function::{Function, ValueDef};
use crate::module::Module;
use std::collections::HashMap;

/// Panics, showing the module's text, if the verifier rejects `module` or one of its
/// functions fails the structural check.
pub fn check(module: &Module) {
    if let Err(errors) = crate::verify::verify(module) {
        panic!("{errors}\n{}", crate::text::print(module));
    }
    for func in module.funcs.values().filter(|f| !f.is_import()) {
        if let Err(message) = try_check(func) {
            panic!("@{}: {message}", func.name);
        }
    }
}

fn try_check(func: &Function) -> Result<(), String> {
    let cfg = ControlFlowGraph::new(func);
    let dom = DominatorTree::new(&cfg);
    let entry = func.entry_block().ok_or("no blocks")?;
    if !func.blocks[entry].params.is_empty() {
        return Err("the entry block has parameters".into());
    }
    // Where each value is defined: block and position (params at -1, function
    // parameters and slots everywhere).
    let mut defined: HashMap<Value, (Block, isize)> = HashMap::new();
    for &block in &func.layout {
        for (i, &p) in func.blocks[block].params.iter().enumerate() {
            if func.value_def(p) != ValueDef::BlockParam(block, i as u32) {
                return Err(format!("stale definition of block parameter {p}"));
            }
            defined.insert(p, (block, -1));
        }
        for (pos, &inst) in func.blocks[block].insts.iter().enumerate() {
            for &r in func.inst_results(inst) {
                defined.insert(r, (block, pos as isize));
            }
        }
    }
    let available = |v: Value, block: Block, pos: isize| -> Result<(), String> {
        match func.value_def(v) {
            ValueDef::Param(_) | ValueDef::Slot(_) | ValueDef::Const(_) => return Ok(()),
            _ => {}
        }
        let Some(&(def_block, def_pos)) = defined.get(&v) else {
            return Err(format!(
                "{v} is used in {} but not defined",
                func.block_label(block)
            ));
        };
        let ok = if def_block == block {
            def_pos < pos
        } else if dom.is_reachable(block) {
            dom.dominates(def_block, block)
        } else {
            true // uses in unreachable blocks are not checked across blocks
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "{v} does not dominate its use in {}",
                func.block_label(block)
            ))
        }
    };
    if !cfg.preds(entry).is_empty() {
        return Err("the entry block is a branch target".into());
    }
    for &block in &func.layout {
        let insts = &func.blocks[block].insts;
        let Some(&last) = insts.last() else {
            return Err(format!("{} is empty", func.block_label(block)));
        };
        for (pos, &inst) in insts.iter().enumerate() {
            let kind = &func.insts[inst].kind;
            if kind.is_terminator() != (inst == last) {
                return Err(format!(
                    "misplaced terminator in {}",
                    func.block_label(block)
                ));
            }
            let mut args = kind.args();
            // Block arguments are uses at the end of the block (after the terminator's
            // own position, which is fine either way).
            for call in kind.block_calls() {
                let params = &func.blocks[call.block].params;
                if call.args.len() != params.len() {
                    return Err(format!(
                        "{} passes {} arguments to {}, which has {} parameters",
                        func.block_label(block),
                        call.args.len(),
                        func.block_label(call.block),
                        params.len()
                    ));
                }
                for (&a, &p) in call.args.iter().zip(params) {
                    if func.value_type(a) != func.value_type(p) {
                        return Err(format!(
                            "argument type mismatch on an edge to {}",
                            call.block
                        ));
                    }
                }
            }
            for v in args.drain(..) {
                available(v, block, pos as isize)?;
            }
        }
    }
    Ok(())
}
