//! The instruction loop: executes one function's [`Op`]s, branches included, until it
//! calls or returns. Registers are a slice of the frame's window; fuel is counted per
//! instruction in a local and written back when the loop is left.

use super::{Control, Frame, Machine, Stop};
use crate::interp::code::*;
use crate::interp::host::Outcome;
use crate::interp::memory::Memory;
use crate::trap::TrapKind;
use crate::types::MemWidth;

impl Machine {
    /// Executes `body` from `frame.pc` until a call or return.
    pub(super) fn run_body(
        &mut self,
        program: &Program,
        body: &Body,
        frame: &mut Frame,
    ) -> Result<Control, Stop> {
        let Machine {
            memory,
            globals,
            sp,
            stack_base,
            host,
            fuel,
            executed,
            regs,
            deadline,
            ..
        } = self;
        let base = frame.base as usize;
        let regs = &mut regs[base..base + body.n_regs as usize];
        let ops = &body.ops[..];
        let mut pc = frame.pc as usize;
        let start_fuel = *fuel;
        let mut fuel_left = start_fuel;

        // Leaves the loop: saves the position and fuel, then returns `$result`.
        macro_rules! leave {
            ($result:expr) => {{
                frame.pc = pc as u32;
                *executed += start_fuel - fuel_left;
                *fuel = fuel_left;
                return $result;
            }};
        }
        macro_rules! check {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(kind) => leave!(Err(Stop::Trap(kind))),
                }
            };
        }
        macro_rules! r {
            ($reg:expr) => {
                regs[$reg as usize]
            };
        }
        macro_rules! take_edge {
            ($edge:expr) => {{
                let edge = &body.edges[$edge as usize];
                for &(dst, src) in edge.moves.iter() {
                    r!(dst) = r!(src);
                }
                pc = edge.target as usize;
            }};
        }

        loop {
            let Some(&op) = ops.get(pc) else {
                // Blocks end with terminators, so this cannot happen.
                leave!(Err(Stop::Trap(TrapKind::Unreachable)))
            };
            if fuel_left == 0 {
                leave!(Err(Stop::OutOfFuel))
            }
            fuel_left -= 1;
            pc += 1;
            match op {
                Op::Imm { dst, bits } => r!(dst) = bits,
                Op::Bin { f, dst, a, b } => r!(dst) = f(r!(a), r!(b)),
                Op::BinTrap { f, dst, a, b } => r!(dst) = check!(f(r!(a), r!(b))),
                Op::Un { f, dst, a } => r!(dst) = f(r!(a)),
                Op::UnTrap { f, dst, a } => r!(dst) = check!(f(r!(a))),
                Op::Select { dst, cond, a, b } => {
                    r!(dst) = if r!(cond) as u32 != 0 { r!(a) } else { r!(b) }
                }
                Op::Load {
                    kind,
                    dst,
                    addr,
                    offset,
                } => r!(dst) = check!(load(memory, kind, r!(addr) as u32, offset)),
                Op::Store {
                    width,
                    addr,
                    value,
                    offset,
                } => {
                    let (addr, value) = (r!(addr) as u32, r!(value));
                    check!(match width {
                        MemWidth::W8 => memory.store::<1>(addr, offset, value),
                        MemWidth::W16 => memory.store::<2>(addr, offset, value),
                        MemWidth::W32 => memory.store::<4>(addr, offset, value),
                        MemWidth::W64 => memory.store::<8>(addr, offset, value),
                    })
                }
                Op::MemorySize { dst } => r!(dst) = memory.pages() as u64,
                Op::MemoryGrow { dst, pages } => match memory.grow(r!(pages) as u32) {
                    Ok(old) => r!(dst) = old as u64,
                    Err(_) => leave!(Err(Stop::MemoryLimit)),
                },
                Op::MemoryCopy { dst, src, len } => {
                    check!(memory.copy(r!(dst) as u32, r!(src) as u32, r!(len) as u32))
                }
                Op::MemoryFill { dst, byte, len } => {
                    check!(memory.fill(r!(dst) as u32, r!(byte) as u8, r!(len) as u32))
                }
                Op::StackAlloc { dst, size } => {
                    let bytes = (r!(size) as u32 as u64).next_multiple_of(16);
                    let room = sp.saturating_sub(*stack_base) as u64;
                    if bytes > room {
                        leave!(Err(Stop::Trap(TrapKind::CallStackExhausted)))
                    }
                    *sp -= bytes as u32;
                    r!(dst) = *sp as u64;
                }
                Op::GlobalGet { dst, global } => r!(dst) = globals[global as usize],
                Op::GlobalSet { global, value } => globals[global as usize] = r!(value),
                Op::Syscall { call, site } => {
                    let site = &body.sites[site as usize];
                    let mut args = [0u64; 3];
                    for (slot, &reg) in args.iter_mut().zip(site.args.iter()) {
                        *slot = r!(reg);
                    }
                    match host.syscall(call, &args[..site.args.len().min(3)], memory) {
                        Outcome::Value(v) => {
                            if let Some(&dst) = site.results.first() {
                                r!(dst) = v;
                            }
                        }
                        Outcome::Exit(code) => leave!(Err(Stop::Exit(code))),
                        Outcome::Timeout => leave!(Err(Stop::Timeout)),
                    }
                    // A system call may block or take long (a large write): check the
                    // deadline now rather than at the end of the time slice.
                    if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                        leave!(Err(Stop::Timeout))
                    }
                }
                Op::Jump { edge } => take_edge!(edge),
                Op::BrIf {
                    cond,
                    then_edge,
                    else_edge,
                } => {
                    if r!(cond) as u32 != 0 {
                        take_edge!(then_edge)
                    } else {
                        take_edge!(else_edge)
                    }
                }
                Op::Switch { index, table } => {
                    take_edge!(body.switches[table as usize].edge(r!(index)))
                }
                Op::Trap => leave!(Err(Stop::Trap(TrapKind::Unreachable))),
                Op::Ret { site } => leave!(Ok(Control::Return { site })),
                Op::Call { callee, site } => leave!(Ok(Control::Call { callee, site })),
                Op::CallIndirect { callee, sig, site } => {
                    let callee = check!(Self::resolve_indirect(program, r!(callee), sig));
                    leave!(Ok(Control::Call { callee, site }))
                }
                Op::ReturnCall { callee, site } => leave!(Ok(Control::TailCall { callee, site })),
                Op::ReturnCallIndirect { callee, sig, site } => {
                    let callee = check!(Self::resolve_indirect(program, r!(callee), sig));
                    leave!(Ok(Control::TailCall { callee, site }))
                }
            }
        }
    }
}

/// Executes a load of `kind` at `addr + offset`.
#[inline]
fn load(memory: &Memory, kind: LoadKind, addr: u32, offset: u32) -> Result<u64, TrapKind> {
    use MemWidth::*;
    Ok(match kind {
        LoadKind::Zero(W8) => memory.load::<1>(addr, offset)?,
        LoadKind::Zero(W16) => memory.load::<2>(addr, offset)?,
        LoadKind::Zero(W32) => memory.load::<4>(addr, offset)?,
        LoadKind::Zero(W64) => memory.load::<8>(addr, offset)?,
        LoadKind::Signed32(W8) => memory.load::<1>(addr, offset)? as i8 as i32 as u32 as u64,
        LoadKind::Signed32(W16) => memory.load::<2>(addr, offset)? as i16 as i32 as u32 as u64,
        LoadKind::Signed32(_) => memory.load::<4>(addr, offset)?,
        LoadKind::Signed64(W8) => memory.load::<1>(addr, offset)? as i8 as i64 as u64,
        LoadKind::Signed64(W16) => memory.load::<2>(addr, offset)? as i16 as i64 as u64,
        LoadKind::Signed64(W32) => memory.load::<4>(addr, offset)? as i32 as i64 as u64,
        LoadKind::Signed64(W64) => memory.load::<8>(addr, offset)?,
    })
}
