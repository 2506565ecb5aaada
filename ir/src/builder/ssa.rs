//! SSA construction from mutable variables, after Braun, Buchwald, Hack, Leißa, Mallon
//! and Zwinkau, "Simple and Efficient Construction of Static Single Assignment Form"
//! (CC 2013), with block parameters in place of φ-functions.
//!
//! The frontend defines and uses [`Variable`]s while it builds blocks; this module
//! answers each use with the reaching value, adding block parameters (and the matching
//! arguments on every incoming edge) where control flow merges. A block is *sealed*
//! once all its predecessors are known; until then a use in it gets a provisional
//! parameter that is completed when the block is sealed.
//!
//! Lookups run on an explicit work stack, so long chains of predecessors cannot
//! overflow the Rust stack. Parameters that turn out trivial (every incoming value is
//! the same value or the parameter itself) are removed and recorded as aliases of that
//! value: at once when they are completed, and again in [`SsaBuilder::finalize`], which
//! repeats the check until no trivial parameter is left (removing one can make others
//! trivial) and then rewrites every use of an alias.
//!
//! This module does not append instructions or decide block order: the
//! [`FunctionBuilder`](super::FunctionBuilder) does that and reports every terminator
//! here through [`SsaBuilder::declare_branch`].

use crate::entities::{Block, Inst, Value};
use crate::function::{Function, ValueDef};
use crate::imm::Imm;
use crate::types::Type;
use cranelift_entity::packed_option::PackedOption;
use cranelift_entity::{entity_impl, PrimaryMap, SecondaryMap};
use rustc_hash::FxHashMap as HashMap;

/// A mutable variable of the source language, turned into SSA values by the builder.
///
/// Created by [`FunctionBuilder::declare_var`](super::FunctionBuilder::declare_var);
/// only meaningful for the builder that made it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variable(u32);
entity_impl!(Variable, "var");

/// What the builder knows about one block.
#[derive(Clone, Default)]
struct SsaBlock {
    /// Terminators that branch here, with their blocks: one entry per instruction even
    /// when it has several edges to this block.
    preds: Vec<(Block, Inst)>,
    /// All predecessors are known.
    sealed: bool,
    /// Parameters added while the block was not sealed, completed when it is.
    incomplete: Vec<(Variable, Value)>,
}

/// One step of a variable lookup on the work stack.
#[derive(Clone, Copy)]
enum Step {
    /// Push the variable's value at the end of `Block`.
    Lookup(Block),
    /// Record the value on top of the result stack as the variable's value in `Block`.
    Cache(Block),
    /// Pop one value per predecessor of `Block` and complete the parameter.
    CompleteParam(Block, Value),
}

/// SSA construction state of one function.
#[derive(Default)]
pub(crate) struct SsaBuilder {
    var_types: PrimaryMap<Variable, Type>,
    /// The current value of each variable at the end of each block (so far).
    defs: SecondaryMap<Variable, SecondaryMap<Block, PackedOption<Value>>>,
    blocks: SecondaryMap<Block, SsaBlock>,
    /// Removed parameters and what replaces them (possibly another alias).
    aliases: SecondaryMap<Value, PackedOption<Value>>,
    /// Every block parameter this builder added for a variable, in order and as a set.
    added_params: Vec<Value>,
    added: SecondaryMap<Value, bool>,
    steps: Vec<Step>,
    results: Vec<Value>,
}

impl SsaBuilder {
    pub fn declare_var(&mut self, ty: Type) -> Variable {
        self.var_types.push(ty)
    }

    /// The type a variable was declared with, if it exists.
    pub fn var_type(&self, var: Variable) -> Option<Type> {
        self.var_types.get(var).copied()
    }

    pub fn def_var(&mut self, var: Variable, block: Block, value: Value) {
        self.defs[var][block] = value.into();
    }

    pub fn is_sealed(&self, block: Block) -> bool {
        self.blocks[block].sealed
    }

    /// Whether `block` is sealed without predecessors: code there never runs (unless
    /// it is the entry block).
    pub fn has_no_preds(&self, block: Block) -> bool {
        self.blocks[block].preds.is_empty()
    }

    /// Whether `value` is a parameter this builder added (and has not removed).
    pub fn is_added_param(&self, value: Value) -> bool {
        self.added[value] && self.aliases[value].is_none()
    }

    /// The value that replaces `value`, following aliases (and shortening the chain,
    /// so that repeated lookups stay cheap).
    pub fn resolve(&mut self, value: Value) -> Value {
        let mut root = value;
        while let Some(next) = self.aliases[root].expand() {
            root = next;
        }
        let mut link = value;
        while let Some(next) = self.aliases[link].expand() {
            self.aliases[link] = root.into();
            link = next;
        }
        root
    }

    /// Records that `inst`, the terminator of `from`, branches to `to`. Call it once per
    /// target block, however many edges lead there. Returns `false` (and records
    /// nothing) if `to` is already sealed.
    pub fn declare_branch(&mut self, from: Block, inst: Inst, to: Block) -> bool {
        let data = &mut self.blocks[to];
        if data.sealed {
            return false;
        }
        data.preds.push((from, inst));
        true
    }

    /// The value of `var` at the current end of `block`.
    pub fn use_var(&mut self, func: &mut Function, var: Variable, block: Block) -> Value {
        self.steps.push(Step::Lookup(block));
        self.run(func, var)
    }

    /// Declares that all predecessors of `block` are known and completes the
    /// parameters that uses in it created. Sealing twice does nothing.
    pub fn seal_block(&mut self, func: &mut Function, block: Block) {
        if self.blocks[block].sealed {
            return;
        }
        self.blocks[block].sealed = true;
        for (var, param) in std::mem::take(&mut self.blocks[block].incomplete) {
            self.push_param_lookups(block, param);
            self.run(func, var);
        }
    }

    /// Seals every block of the layout.
    pub fn seal_all_blocks(&mut self, func: &mut Function) {
        for i in 0..func.layout.len() {
            let block = func.layout[i];
            self.seal_block(func, block);
        }
    }

    /// Seals all blocks, removes every trivial parameter the builder added and rewrites
    /// uses of removed parameters to their replacements.
    pub fn finalize(&mut self, func: &mut Function) {
        self.seal_all_blocks(func);
        self.remove_trivial_params(func);
        if self.added_params.iter().any(|&p| self.aliases[p].is_some()) {
            for &block in &func.layout {
                for &inst in &func.blocks[block].insts {
                    func.insts[inst].kind.map_args(|v| self.resolve(v));
                }
            }
        }
    }

    /// Runs the work stack for one variable; returns the value of the first lookup.
    fn run(&mut self, func: &mut Function, var: Variable) -> Value {
        while let Some(step) = self.steps.pop() {
            match step {
                Step::Lookup(block) => self.lookup(func, var, block),
                Step::Cache(block) => {
                    if let Some(&value) = self.results.last() {
                        self.defs[var][block] = value.into();
                    }
                }
                Step::CompleteParam(block, param) => self.complete_param(func, block, param),
            }
        }
        let value = self.results.pop();
        debug_assert!(self.results.is_empty(), "unbalanced SSA lookup");
        match value {
            Some(value) => self.resolve(value),
            None => unreachable!("an SSA lookup always produces a value"),
        }
    }

    /// Pushes the value of `var` at the end of `block`, scheduling more steps if the
    /// answer depends on predecessors.
    fn lookup(&mut self, func: &mut Function, var: Variable, block: Block) {
        // Follow single-predecessor chains in a loop; each block on the way caches the
        // answer. More steps than blocks means a cycle of unreachable blocks.
        let mut block = block;
        let mut chain_len = 0;
        loop {
            if let Some(value) = self.defs[var][block].expand() {
                self.results.push(value);
                return;
            }
            let data = &self.blocks[block];
            let is_chain_link = data.sealed && data.preds.len() == 1;
            if !is_chain_link || chain_len > func.blocks.len() {
                break;
            }
            self.steps.push(Step::Cache(block));
            block = data.preds[0].0;
            chain_len += 1;
        }
        let ty = self.var_types[var];
        let data = &self.blocks[block];
        let sealed = data.sealed;
        if sealed && data.preds.len() <= 1 {
            // No predecessor (or an unreachable cycle): the variable is undefined here.
            let zero = func.const_value(Imm::zero(ty));
            self.defs[var][block] = zero.into();
            self.results.push(zero);
            return;
        }
        let param = func.append_block_param(block, ty);
        self.added[param] = true;
        self.added_params.push(param);
        self.defs[var][block] = param.into();
        if sealed {
            // Completing the parameter pushes the result once its inputs are known.
            self.push_param_lookups(block, param);
        } else {
            self.blocks[block].incomplete.push((var, param));
            self.results.push(param);
        }
    }

    /// Schedules the lookup of `param`'s incoming value on every predecessor of
    /// `block`, followed by its completion.
    fn push_param_lookups(&mut self, block: Block, param: Value) {
        self.steps.push(Step::CompleteParam(block, param));
        for &(pred, _) in self.blocks[block].preds.iter().rev() {
            self.steps.push(Step::Lookup(pred));
        }
    }

    /// Pops the incoming values of `param` (one per predecessor, in order) and either
    /// removes it as trivial or passes the values on every incoming edge.
    fn complete_param(&mut self, func: &mut Function, block: Block, param: Value) {
        let preds = self.blocks[block].preds.len();
        let incoming = self
            .results
            .split_off(self.results.len().saturating_sub(preds));
        let incoming: Vec<Value> = incoming.into_iter().map(|v| self.resolve(v)).collect();
        let value = match trivial_replacement(&incoming, param) {
            Some(replacement) => self.remove_param(func, param, replacement),
            None => {
                let index = param_index(func, param);
                for (&(_, inst), &arg) in self.blocks[block].preds.iter().zip(&incoming) {
                    for call in func.insts[inst].kind.block_calls_mut() {
                        if call.block == block {
                            call.args.insert(index.min(call.args.len()), arg);
                        }
                    }
                }
                param
            }
        };
        self.results.push(value);
    }

    /// Removes `param` from its block and makes it an alias of `replacement` (or of a
    /// zero constant when there is none: a parameter that only receives itself is never
    /// defined). Edges into the block must not pass it anything. Returns the
    /// replacement.
    fn remove_param(
        &mut self,
        func: &mut Function,
        param: Value,
        replacement: Option<Value>,
    ) -> Value {
        let replacement =
            replacement.unwrap_or_else(|| func.const_value(Imm::zero(func.value_type(param))));
        if let ValueDef::BlockParam(block, index) = func.value_def(param) {
            func.remove_block_param(block, index as usize);
        }
        self.aliases[param] = replacement.into();
        replacement
    }

    /// Removes the argument passed to `param` from every edge into its block.
    fn remove_edge_args(&self, func: &mut Function, param: Value) {
        let ValueDef::BlockParam(block, index) = func.value_def(param) else {
            return;
        };
        let index = index as usize;
        for &(_, inst) in &self.blocks[block].preds {
            for call in func.insts[inst].kind.block_calls_mut() {
                if call.block == block && index < call.args.len() {
                    call.args.remove(index);
                }
            }
        }
    }

    /// Removes added parameters that became trivial after others were removed,
    /// re-examining the parameters that receive a removed one until nothing changes.
    fn remove_trivial_params(&mut self, func: &mut Function) {
        let mut receivers: HashMap<Value, Vec<Value>> = HashMap::default();
        let mut work: Vec<Value> = Vec::new();
        for param in self.added_params.clone() {
            if self.aliases[param].is_some() {
                continue;
            }
            for arg in self.incoming(func, param) {
                receivers.entry(arg).or_default().push(param);
            }
            work.push(param);
        }
        while let Some(param) = work.pop() {
            if self.aliases[param].is_some() {
                continue;
            }
            let incoming = self.incoming(func, param);
            let Some(replacement) = trivial_replacement(&incoming, param) else {
                continue;
            };
            self.remove_edge_args(func, param);
            let replacement = self.remove_param(func, param, replacement);
            // The parameters that received `param` now receive its replacement and
            // may have become trivial. Removed ones are dropped, so that chains of
            // removals do not pile up receivers.
            if let Some(mut users) = receivers.remove(&param) {
                users.retain(|&u| self.aliases[u].is_none());
                work.extend(&users);
                receivers.entry(replacement).or_default().extend(users);
            }
        }
    }

    /// The (resolved) values passed to `param` on every edge into its block.
    fn incoming(&mut self, func: &Function, param: Value) -> Vec<Value> {
        let ValueDef::BlockParam(block, index) = func.value_def(param) else {
            return Vec::new();
        };
        let mut values = Vec::new();
        for &(_, inst) in &self.blocks[block].preds {
            for call in func.insts[inst].kind.block_calls() {
                if call.block == block {
                    values.extend(call.args.get(index as usize).copied());
                }
            }
        }
        values.into_iter().map(|v| self.resolve(v)).collect()
    }
}

/// If every incoming value is `param` itself or one other value, `Some` of that value
/// (`Some(None)` when there is no other value); `None` if the parameter is needed.
fn trivial_replacement(incoming: &[Value], param: Value) -> Option<Option<Value>> {
    let mut unique = None;
    for &value in incoming {
        if value == param || Some(value) == unique {
            continue;
        }
        if unique.is_some() {
            return None;
        }
        unique = Some(value);
    }
    Some(unique)
}

/// The position of a block parameter in its block.
fn param_index(func: &Function, param: Value) -> usize {
    match func.value_def(param) {
        ValueDef::BlockParam(_, index) => index as usize,
        _ => 0,
    }
}
