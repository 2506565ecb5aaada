//! How a function's values and blocks are called in text.
//!
//! Named values and blocks keep their names. Unnamed values are numbered `%0`, `%1`, …
//! in definition order (parameters, slots, then each block's parameters and
//! instruction results), skipping results the printer omits (all unnamed and unused).
//! Unnamed blocks are `bbN` with N their position in the layout, as
//! [`crate::Function::block_label`] says. Constants print as their literal.
//! Dangling references print as `%<invalid v12>` / `<invalid block3>` so that a
//! malformed function can still be shown. Results of instructions in blocks the entry
//! cannot reach print with their types (`%x: i32 = …`): only there can values depend on
//! each other in a cycle, which the parser cannot type otherwise.

use crate::entities::{Block, Inst, Value};
use crate::function::{Function, ValueDef};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The text names of one function's values and blocks.
///
/// ```
/// let module = lir::text::parse("func @f(%0: i32) -> i32 {\n    %1 = add %0, 1\n    ret %1\n}").unwrap();
/// let func = &module.funcs[module.func_by_name("f").unwrap()];
/// let names = lir::text::Names::new(func);
/// let entry = func.entry_block().unwrap();
/// let add = func.blocks[entry].insts[0];
/// assert_eq!(names.value(func, func.params[0]), "%0");
/// assert_eq!(names.value(func, func.insts[add].results[0]), "%1");
/// assert_eq!(names.block(func, entry), "bb0");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Names {
    numbers: HashMap<Value, u32>,
    omitted: HashSet<Inst>,
    labels: HashMap<Block, String>,
    hidden_entry: Option<Block>,
    /// Instructions in unreachable blocks, whose results print with their types.
    typed: HashSet<Inst>,
}

impl Names {
    /// Computes the names of `func`'s values and blocks.
    pub fn new(func: &Function) -> Names {
        let mut used = HashSet::default();
        let mut targeted = HashSet::default();
        for inst in layout_insts(func) {
            if let Some(data) = func.insts.get(inst) {
                data.kind.for_each_arg(|v| {
                    used.insert(v);
                });
                targeted.extend(data.kind.successors());
            }
        }

        let mut names = Names::default();
        let mut next = 0u32;
        let mut number = |numbers: &mut HashMap<Value, u32>, v: Value| {
            let unnamed = func
                .values
                .get(v)
                .is_some_and(|d| d.name.is_none() && !matches!(d.def, ValueDef::Const(_)));
            if unnamed && !numbers.contains_key(&v) {
                numbers.insert(v, next);
                next += 1;
            }
        };
        for &v in &func.params {
            number(&mut names.numbers, v);
        }
        for slot in func.slots.values() {
            number(&mut names.numbers, slot.value);
        }
        for (position, &block) in func.layout.iter().enumerate() {
            let Some(data) = func.blocks.get(block) else {
                continue;
            };
            if names.labels.contains_key(&block) {
                continue; // listed twice in a malformed layout
            }
            let label = data.name.clone().unwrap_or_else(|| format!("bb{position}"));
            names.labels.insert(block, label);
            for &v in &data.params {
                number(&mut names.numbers, v);
            }
            for &inst in &data.insts {
                let Some(inst_data) = func.insts.get(inst) else {
                    continue;
                };
                let omit = !inst_data.results.is_empty()
                    && inst_data.results.iter().all(|&v| {
                        !used.contains(&v) && func.values.get(v).is_some_and(|d| d.name.is_none())
                    });
                if omit {
                    names.omitted.insert(inst);
                } else {
                    for &v in &inst_data.results {
                        number(&mut names.numbers, v);
                    }
                }
            }
        }
        let reachable = reachable_blocks(func);
        for &block in &func.layout {
            if !reachable.contains(&block) {
                if let Some(data) = func.blocks.get(block) {
                    names.typed.extend(data.insts.iter().copied());
                }
            }
        }
        names.hidden_entry = func.layout.first().copied().filter(|&entry| {
            func.blocks.get(entry).is_some_and(|data| {
                data.name.is_none() && data.params.is_empty() && !data.insts.is_empty()
            }) && !targeted.contains(&entry)
        });
        names
    }

    /// A value as an operand: `%name`, `%N`, or a constant's literal.
    pub fn value(&self, func: &Function, v: Value) -> String {
        let Some(data) = func.values.get(v) else {
            return format!("%<invalid {v}>");
        };
        if let ValueDef::Const(imm) = data.def {
            return imm.to_string();
        }
        match (&data.name, self.numbers.get(&v)) {
            (Some(name), _) => format!("%{name}"),
            (None, Some(n)) => format!("%{n}"),
            (None, None) => format!("%<{v}>"),
        }
    }

    /// A block's label: its name or `bbN`.
    pub fn block(&self, func: &Function, block: Block) -> String {
        if let Some(label) = self.labels.get(&block) {
            return label.clone();
        }
        match func.blocks.get(block) {
            Some(data) => data.name.clone().unwrap_or_else(|| format!("<{block}>")),
            None => format!("<invalid {block}>"),
        }
    }

    /// Whether an instruction's results print with their types (`%x: i32 = …`).
    pub fn results_typed(&self, inst: Inst) -> bool {
        self.typed.contains(&inst)
    }

    /// Whether an instruction's results are left out of the text (all unnamed and unused).
    pub fn results_omitted(&self, inst: Inst) -> bool {
        self.omitted.contains(&inst)
    }

    /// Whether `block` is the entry block printed without a label.
    pub(crate) fn label_hidden(&self, block: Block) -> bool {
        self.hidden_entry == Some(block)
    }
}

/// The instructions of the function's layout, in order.
fn layout_insts(func: &Function) -> impl Iterator<Item = Inst> + '_ {
    func.layout
        .iter()
        .filter_map(|&b| func.blocks.get(b))
        .flat_map(|data| data.insts.iter().copied())
}

/// Blocks reachable from the entry, following terminators; tolerates dangling handles.
fn reachable_blocks(func: &Function) -> HashSet<Block> {
    let mut seen = HashSet::default();
    let mut stack: Vec<Block> = func.layout.first().copied().into_iter().collect();
    while let Some(block) = stack.pop() {
        if !seen.insert(block) {
            continue;
        }
        let Some(last) = func.blocks.get(block).and_then(|b| b.insts.last()) else {
            continue;
        };
        if let Some(data) = func.insts.get(*last) {
            stack.extend(data.kind.successors().filter(|s| !seen.contains(s)));
        }
    }
    seen
}
