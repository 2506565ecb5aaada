//! The execution engine: runs [`Program`] code on a [`Machine`] (memory, globals,
//! shadow stack, registers, frames and host).
//!
//! Calls do not recurse on the host stack: suspended callers live in an explicit frame
//! stack, so deep LIR recursion ends in a *call stack exhausted* trap at the configured
//! depth rather than a host stack overflow. Tail calls reuse the caller's frame. All
//! frames' registers live in one vector; a callee's window starts where its caller's
//! ends. [`Machine::execute`] (here) handles calls, tail calls and returns;
//! `Machine::run_body` ([`body`]) executes one function's instructions and branches
//! until the next of those.

mod body;

use super::code::*;
use super::error::RunError;
use super::host::Host;
use super::memory::Memory;
use crate::trap::TrapKind;

/// `ret_site` of the outermost frame: its results go back to the caller of `execute`.
const TOP_LEVEL: u32 = u32::MAX;

/// The instruction of a frame in a trap's backtrace that has not started executing
/// (no instruction, so no source location).
const NO_INSTRUCTION: u32 = u32::MAX;

/// A function activation.
#[derive(Clone, Copy, Debug)]
struct Frame {
    func: u32,
    /// Next instruction to execute.
    pc: u32,
    /// First register of the frame's window.
    base: u32,
    /// Stack pointer on entry, restored on return and before a tail call.
    saved_sp: u32,
    /// The caller's call site that receives the results.
    ret_site: u32,
}

/// Why `run_body` stopped.
enum Control {
    Call { callee: u32, site: u32 },
    TailCall { callee: u32, site: u32 },
    Return { site: u32 },
}

/// Why execution cannot continue, before it is attributed to a function.
enum Stop {
    Trap(TrapKind),
    Exit(i32),
    OutOfFuel,
    MemoryLimit,
    Timeout,
}

/// With a wall-clock limit, fuel is handed out in slices of this many instructions and
/// the clock is read between slices, so the instruction loop itself never reads it.
const TIME_SLICE: u64 = 1 << 16;

/// The mutable state of an interpreter instance.
pub(super) struct Machine {
    pub memory: Memory,
    pub globals: Vec<u64>,
    /// The shadow-stack pointer.
    pub sp: u32,
    pub stack_base: u32,
    pub host: Host,
    /// Instructions left before running out of fuel (`u64::MAX` when unlimited).
    pub fuel: u64,
    pub fuel_budget: Option<u64>,
    /// Instructions executed so far.
    pub executed: u64,
    pub max_call_depth: usize,
    /// Wall-clock limit of one call.
    pub timeout: Option<std::time::Duration>,
    deadline: Option<std::time::Instant>,
    /// Fuel held back while time slicing (`fuel + fuel_reserve` is what is left).
    fuel_reserve: u64,
    regs: Vec<u64>,
    frames: Vec<Frame>,
    values: Vec<u64>,
    /// The frames of the last trap, innermost first: function and op index.
    pub trap_frames: Vec<(u32, u32)>,
}

/// The body of a defined function (`None` for imports).
fn body_of(program: &Program, func: u32) -> Option<&Body> {
    match &program.funcs.get(func as usize)?.kind {
        FuncKind::Defined(body) => Some(body),
        FuncKind::Imported(_) => None,
    }
}

impl Machine {
    pub fn new(memory: Memory, globals: Vec<u64>, sp: u32, stack_base: u32, host: Host) -> Machine {
        Machine {
            memory,
            globals,
            sp,
            stack_base,
            host,
            fuel: u64::MAX,
            fuel_budget: None,
            executed: 0,
            max_call_depth: super::config::DEFAULT_MAX_CALL_DEPTH,
            timeout: None,
            deadline: None,
            fuel_reserve: 0,
            regs: Vec::new(),
            frames: Vec::new(),
            values: Vec::new(),
            trap_frames: Vec::new(),
        }
    }

    /// Calls `func` with argument bits `args` (already checked against its signature)
    /// and returns its result bits. On an error the stack pointer is restored and no
    /// frame remains.
    pub fn execute(
        &mut self,
        program: &Program,
        func: u32,
        args: &[u64],
    ) -> Result<Vec<u64>, RunError> {
        let start_sp = self.sp;
        self.trap_frames.clear();
        if let Some(limit) = self.timeout {
            // A limit beyond what `Instant` can represent is no limit.
            self.deadline = std::time::Instant::now().checked_add(limit);
            self.host.deadline = self.deadline;
            let total = self.fuel;
            self.fuel = total.min(TIME_SLICE);
            self.fuel_reserve = total - self.fuel;
        }
        let result = self.execute_inner(program, func, args);
        self.fuel += std::mem::take(&mut self.fuel_reserve);
        self.deadline = None;
        self.host.deadline = None;
        if result.is_err() {
            self.frames.clear();
            self.sp = start_sp;
        }
        result
    }

    fn name(program: &Program, func: u32) -> String {
        program
            .funcs
            .get(func as usize)
            .map_or_else(|| format!("#{func}"), |f| f.name.clone())
    }

    fn stop_error(&self, program: &Program, func: u32, stop: Stop) -> RunError {
        match stop {
            Stop::Trap(kind) => RunError::Trap {
                kind,
                func: Self::name(program, func),
            },
            Stop::Exit(code) => RunError::Exit(code),
            Stop::OutOfFuel => RunError::OutOfFuel {
                budget: self.fuel_budget.unwrap_or(u64::MAX),
            },
            Stop::MemoryLimit => RunError::MemoryLimitExceeded {
                limit: self.memory.limit().unwrap_or(u64::MAX),
            },
            Stop::Timeout => RunError::Timeout {
                limit: self.timeout.unwrap_or_default(),
            },
        }
    }

    /// After a slice of fuel ran out: the next slice, unless the deadline passed or the
    /// real budget is spent.
    fn next_slice(&mut self) -> Result<(), Stop> {
        if self.fuel_reserve == 0 {
            return Err(Stop::OutOfFuel);
        }
        if self
            .deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
        {
            return Err(Stop::Timeout);
        }
        self.fuel = self.fuel_reserve.min(TIME_SLICE);
        self.fuel_reserve -= self.fuel;
        Ok(())
    }

    fn trap(program: &Program, func: u32, kind: TrapKind) -> RunError {
        RunError::Trap {
            kind,
            func: Self::name(program, func),
        }
    }

    /// Remembers the active frames of a trap in `cur` (each at the op it executes:
    /// the one before its `pc`).
    fn record_trap_frames(&mut self, cur: &Frame) {
        self.trap_frames = std::iter::once(cur)
            .chain(self.frames.iter().rev())
            .map(|f| (f.func, f.pc.saturating_sub(1)))
            .collect();
    }

    /// The error of a trap on entering `callee` (too deep, or its frame does not fit
    /// the shadow stack), with the backtrace `lirc run` shows for it: the callee, at
    /// no instruction yet, above `caller` (when it is not on `frames` yet) and the
    /// frames on the stack.
    fn entry_trap(
        &mut self,
        program: &Program,
        callee: u32,
        caller: Option<&Frame>,
        kind: TrapKind,
    ) -> RunError {
        self.trap_frames = std::iter::once((callee, NO_INSTRUCTION))
            .chain(
                caller
                    .into_iter()
                    .chain(self.frames.iter().rev())
                    .map(|f| (f.func, f.pc.saturating_sub(1))),
            )
            .collect();
        Self::trap(program, callee, kind)
    }

    /// Makes sure the register vector holds a window of `n` registers at `base`.
    fn reserve_regs(&mut self, base: u32, n: u32) {
        let needed = base as usize + n as usize;
        if self.regs.len() < needed {
            let grown = needed.max(self.regs.len() * 2).max(256);
            self.regs.resize(grown, 0);
        }
    }

    /// Enters `frame` (whose parameters are already in place): allocates its
    /// shadow-stack frame and sets its constant and slot registers.
    fn enter(&mut self, body: &Body, frame: &mut Frame) -> Result<(), TrapKind> {
        frame.saved_sp = self.sp;
        frame.pc = 0;
        if body.frame_size > 0 {
            self.sp = self
                .sp
                .checked_sub(body.frame_size)
                .filter(|&sp| sp >= self.stack_base)
                .ok_or(TrapKind::CallStackExhausted)?;
        }
        let base = frame.base as usize;
        let consts = base + body.const_base as usize;
        self.regs[consts..consts + body.const_bits.len()].copy_from_slice(&body.const_bits);
        for &(reg, offset) in body.slots.iter() {
            self.regs[base + reg as usize] = self.sp.wrapping_add(offset) as u64;
        }
        Ok(())
    }

    fn execute_inner(
        &mut self,
        program: &Program,
        func: u32,
        args: &[u64],
    ) -> Result<Vec<u64>, RunError> {
        let Some(body) = body_of(program, func) else {
            return self.call_import(program, func, args);
        };
        // `execute` is never re-entered, so the outermost frame's window starts at 0.
        let base = 0;
        self.reserve_regs(base, body.n_regs);
        self.scatter_params(base, args);
        let mut cur = Frame {
            func,
            pc: 0,
            base,
            saved_sp: self.sp,
            ret_site: TOP_LEVEL,
        };
        self.enter(body, &mut cur)
            .map_err(|kind| Self::trap(program, func, kind))?;
        loop {
            let Some(body) = body_of(program, cur.func) else {
                return Err(Self::trap(program, cur.func, TrapKind::Unreachable));
            };
            let control = match self.run_body(program, body, &mut cur) {
                Err(Stop::OutOfFuel) => match self.next_slice() {
                    Ok(()) => continue,
                    Err(stop) => return Err(self.stop_error(program, cur.func, stop)),
                },
                other => other.map_err(|stop| {
                    if matches!(stop, Stop::Trap(_)) {
                        self.record_trap_frames(&cur);
                    }
                    self.stop_error(program, cur.func, stop)
                })?,
            };
            match control {
                Control::Call {
                    callee,
                    site: site_index,
                } => {
                    let site = &body.sites[site_index as usize];
                    let Some(callee_body) = body_of(program, callee) else {
                        self.gather(cur.base, &site.args);
                        let args = std::mem::take(&mut self.values);
                        let results = self.call_import(program, callee, &args)?;
                        self.values = args;
                        self.scatter(cur.base, &site.results, &results);
                        continue;
                    };
                    if self.frames.len() + 2 > self.max_call_depth {
                        let kind = TrapKind::CallStackExhausted;
                        return Err(self.entry_trap(program, callee, Some(&cur), kind));
                    }
                    // The callee's window starts after the caller's, so the argument
                    // copies cannot overlap.
                    let base = cur.base + body.n_regs;
                    self.reserve_regs(base, callee_body.n_regs);
                    let (caller_base, callee_base) = (cur.base as usize, base as usize);
                    for (i, &arg) in site.args.iter().enumerate() {
                        self.regs[callee_base + i] = self.regs[caller_base + arg as usize];
                    }
                    self.frames.push(cur);
                    cur = Frame {
                        func: callee,
                        pc: 0,
                        base,
                        saved_sp: self.sp,
                        ret_site: site_index,
                    };
                    if let Err(kind) = self.enter(callee_body, &mut cur) {
                        return Err(self.entry_trap(program, callee, None, kind));
                    }
                }
                Control::TailCall { callee, site } => {
                    self.gather(cur.base, &body.sites[site as usize].args);
                    self.sp = cur.saved_sp;
                    match body_of(program, callee) {
                        None => {
                            let args = std::mem::take(&mut self.values);
                            self.values = self.call_import(program, callee, &args)?;
                            match self.deliver(program, cur) {
                                Some(caller) => cur = caller,
                                None => break,
                            }
                        }
                        Some(callee_body) => {
                            self.reserve_regs(cur.base, callee_body.n_regs);
                            let args = std::mem::take(&mut self.values);
                            self.scatter_params(cur.base, &args);
                            self.values = args;
                            cur.func = callee;
                            if let Err(kind) = self.enter(callee_body, &mut cur) {
                                return Err(self.entry_trap(program, callee, None, kind));
                            }
                        }
                    }
                }
                Control::Return { site } => {
                    self.sp = cur.saved_sp;
                    let values = &body.sites[site as usize].args;
                    if cur.ret_site == TOP_LEVEL {
                        self.gather(cur.base, values);
                        break;
                    }
                    let Some(caller) = self.frames.pop() else {
                        return Err(Self::trap(program, cur.func, TrapKind::Unreachable));
                    };
                    if let Some(caller_body) = body_of(program, caller.func) {
                        let results = &caller_body.sites[cur.ret_site as usize].results;
                        let (from, to) = (cur.base as usize, caller.base as usize);
                        for (&value, &result) in values.iter().zip(results.iter()) {
                            self.regs[to + result as usize] = self.regs[from + value as usize];
                        }
                    }
                    cur = caller;
                }
            }
        }
        Ok(std::mem::take(&mut self.values))
    }

    /// Copies registers `regs` of the window at `base` into `self.values`.
    fn gather(&mut self, base: u32, regs: &[Reg]) {
        self.values.clear();
        let window = &self.regs[base as usize..];
        self.values.extend(regs.iter().map(|&r| window[r as usize]));
    }

    /// Writes `values` into registers `regs` of the window at `base`.
    fn scatter(&mut self, base: u32, regs: &[Reg], values: &[u64]) {
        let window = &mut self.regs[base as usize..];
        for (&r, &v) in regs.iter().zip(values) {
            window[r as usize] = v;
        }
    }

    /// Writes `values` into the parameter registers of the window at `base`.
    fn scatter_params(&mut self, base: u32, values: &[u64]) {
        let base = base as usize;
        self.regs[base..base + values.len()].copy_from_slice(values);
    }

    /// Hands the values in `self.values` to the caller of `frame`; returns the caller
    /// to continue, or `None` when `frame` was the outermost one.
    fn deliver(&mut self, program: &Program, frame: Frame) -> Option<Frame> {
        if frame.ret_site == TOP_LEVEL {
            return None;
        }
        let caller = self.frames.pop()?;
        let body = body_of(program, caller.func)?;
        let results = &body.sites[frame.ret_site as usize].results;
        let values = std::mem::take(&mut self.values);
        self.scatter(caller.base, results, &values);
        self.values = values;
        Some(caller)
    }

    /// Calls an imported function. None is provided yet.
    fn call_import(
        &mut self,
        program: &Program,
        func: u32,
        _args: &[u64],
    ) -> Result<Vec<u64>, RunError> {
        let name = Self::name(program, func);
        match program.funcs.get(func as usize).map(|f| &f.kind) {
            Some(FuncKind::Imported(import)) => Err(RunError::UnknownImport {
                func: name,
                module: import.module.clone(),
                name: import.name.clone(),
            }),
            _ => Err(RunError::NoSuchFunction { name }),
        }
    }

    /// Resolves a `call_indirect` table index to a function of signature `sig`.
    fn resolve_indirect(program: &Program, index: u64, sig: u32) -> Result<u32, TrapKind> {
        let index = index as u32 as usize;
        if index > program.table.len() {
            return Err(TrapKind::UndefinedElement);
        }
        if index == 0 {
            return Err(TrapKind::UninitializedElement);
        }
        let func = program.table[index - 1];
        match program.funcs.get(func as usize) {
            Some(f) if f.sig_id == sig => Ok(func),
            _ => Err(TrapKind::IndirectCallTypeMismatch),
        }
    }
}
