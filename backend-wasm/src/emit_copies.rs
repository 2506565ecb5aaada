//! Stage 8c, emission of the parallel copies of `jump`s for [`crate::emit`] (SSA
//! destruction): which arguments need copying at all after local allocation, the
//! order [`crate::copies`] gives them, and where a copy of zero starts (for
//! [`crate::zeros`]).

use crate::copies;
use crate::emit::Emitter;
use crate::error::CompileError;
use crate::locals::Locals;
use crate::structure::Item;
use crate::treeify::Schedule;
use crate::values::Remat;
use lir::{Function, Inst, InstKind, Value};
use smallvec::SmallVec;

impl Emitter<'_> {
    /// Plans the parallel copy of a `jump`'s arguments into its target's parameters
    /// (sequenced by [`crate::copies`]).
    pub(crate) fn plan_copies(&self, inst: Inst) -> Result<CopyPlan, CompileError> {
        let func = self.func;
        let InstKind::Jump { dest } = &func.insts[inst].kind else {
            return Err(self.internal("copies for a non-jump instruction"));
        };
        let params = &func.blocks[dest.block].params;
        let mut plan = CopyPlan {
            args: Vec::with_capacity(dest.args.len()),
            sources: Vec::with_capacity(dest.args.len()),
            ..CopyPlan::default()
        };
        let mut list = Vec::with_capacity(dest.args.len());
        let mut effectful = 0;
        for (&arg, &param) in dest.args.iter().zip(params) {
            let action = copy_action(self.schedule, &self.locals, arg, param);
            let impure = self.schedule.stackified[arg]
                && !self.schedule.tree_is_pure(func, self.values, arg);
            match action {
                CopyAction::Skip => continue,
                // A pure tree nobody reads need not be evaluated.
                CopyAction::EvaluateAndDrop if !impure => continue,
                CopyAction::EvaluateAndDrop => plan.drops.push(arg),
                CopyAction::Copy(d) => {
                    plan.sources.push(arg);
                    list.push(copies::Copy {
                        dest: d,
                        reads: self.locals_read(arg),
                    });
                }
            }
            plan.args.push(arg);
            effectful += impure as usize;
        }
        // Sources with effects keep their order: all are evaluated in argument order,
        // then the destinations set in reverse.
        plan.in_order = effectful > 1;
        plan.steps = if plan.in_order {
            copies::in_order(&list)
        } else {
            copies::sequence(&list)
        };
        Ok(plan)
    }

    pub(crate) fn copies(&mut self, inst: Inst) -> Result<(), CompileError> {
        let plan = match self.copy_plans.remove(&inst) {
            Some(plan) => plan,
            None => self.plan_copies(inst)?,
        };
        if plan.in_order {
            for &arg in &plan.args {
                self.value(arg)?;
                if plan.drops.contains(&arg) {
                    self.sink().drop();
                }
            }
        } else {
            for &arg in &plan.drops {
                self.value(arg)?;
                self.sink().drop();
            }
        }
        let mut steps = plan.steps.iter().peekable();
        while let Some(&step) = steps.next() {
            match step {
                copies::Step::Push(_) if plan.in_order => {}
                copies::Step::Push(i) => {
                    let source = plan.sources[i];
                    let zero = matches!(self.values.remat[source],
                        Some(Remat::Imm(imm)) if imm.bits() == 0);
                    match steps.peek() {
                        Some(&&copies::Step::Set(d)) if zero => {
                            // A direct zero set: record where its constant starts.
                            steps.next();
                            self.sink();
                            let start = self.body.len();
                            self.value(source)?;
                            self.local_set(d);
                            self.pending_zero = Some(start);
                        }
                        _ => self.value(source)?,
                    }
                }
                copies::Step::Set(d) => self.local_set(d),
            }
        }
        Ok(())
    }

    /// The locals whose current contents evaluating `v` reads.
    fn locals_read(&self, v: Value) -> SmallVec<[u32; 2]> {
        let mut reads = SmallVec::new();
        match self.func.value_def(v) {
            lir::ValueDef::Result(def, _) if self.schedule.stackified[v] => {
                let mut buffer = Vec::new();
                let locals = &self.locals;
                self.schedule
                    .for_each_local_use(self.func, self.values, def, &mut buffer, |x| {
                        reads.extend(locals.local(x))
                    });
            }
            _ => reads.extend(self.locals.local(v)),
        }
        reads
    }
}

/// How a `jump`'s parallel copy is written.
#[derive(Default)]
pub(crate) struct CopyPlan {
    /// The arguments evaluated (copied or evaluated for effect), in order.
    pub args: Vec<Value>,
    /// Arguments evaluated for their effects and dropped.
    pub drops: Vec<Value>,
    /// The copied arguments; [`copies::Step::Push`] indexes them.
    pub sources: Vec<Value>,
    pub steps: Vec<copies::Step>,
    /// Evaluate `args` in order (dropping `drops`), then only the `Set` steps.
    pub in_order: bool,
}

/// What the parallel copy of a `jump` does for one argument.
enum CopyAction {
    /// Nothing: the parameter is unused, or already in the argument's local.
    Skip,
    /// The parameter is unused but the argument is a stackified tree.
    EvaluateAndDrop,
    /// Push the argument; set this local.
    Copy(u32),
}

fn copy_action(schedule: &Schedule, locals: &Locals, arg: Value, param: Value) -> CopyAction {
    let stackified = schedule.stackified[arg];
    match locals.local(param) {
        None if stackified => CopyAction::EvaluateAndDrop,
        None => CopyAction::Skip,
        Some(d) if !stackified && locals.local(arg) == Some(d) => CopyAction::Skip,
        Some(d) => CopyAction::Copy(d),
    }
}

/// Whether an item emits nothing: the code of a block without statements, or a
/// parallel copy whose pairs were all coalesced.
pub(crate) fn emits_nothing(
    func: &Function,
    schedule: &Schedule,
    locals: &Locals,
    item: &Item,
) -> bool {
    match item {
        Item::Code(b) => schedule.roots[*b].len() <= 1,
        Item::Copies(inst) => match &func.insts[*inst].kind {
            InstKind::Jump { dest } => dest
                .args
                .iter()
                .zip(&func.blocks[dest.block].params)
                .all(|(&a, &p)| matches!(copy_action(schedule, locals, a, p), CopyAction::Skip)),
            _ => false,
        },
        _ => false,
    }
}
