//! Ops → LIR: one `@main` built with the `lir` builder, plus three small helpers
//! (`@bf_flush`, `@bf_print_int`, `@bf_tape_error`).
//!
//! - The tape is the data object `@tape` (`zero N`, so it costs no bytes in the wasm);
//!   the data pointer `p` (a cell index) and the output buffer's fill level `len` are
//!   builder [`Variable`]s, so they are SSA values the optimizer sees, not memory.
//! - A cell access is `load.u8`/`store.8` at `addr @tape + p` (+ an offset).
//! - **Bounds checks** happen where the pointer moves: after each folded run of `<`/`>`
//!   and each step of a scan loop the new `p` is compared (unsigned, so a negative `p`
//!   fails too) with `N`; a multiply loop checks the lowest and highest cell its body
//!   visits once, when it runs. A failed check calls `@bf_tape_error`, which flushes
//!   the output, prints `FILE:LINE:COL: error: data pointer moved to cell C, outside
//!   the tape (cells 0 to N-1)` on stderr and traps (*unreachable*). Other accesses
//!   need no check: `p` is always on the tape.
//! - **Output** is buffered in `@out` (4096 bytes) and flushed by `@bf_flush` before
//!   every `,` and at the end. The first `.` of a straight run of code (up to the next
//!   `[` or `]`) reserves room for all the run's `.`s at once (`if len > 4096 - k`,
//!   flush), so the others are plain stores: one branch per run, not per `.`.
//! - **Input**: `,` reads one byte straight into the cell (`syscall.read 0, cell, 1`),
//!   so at end of input (or on an error) the cell is left unchanged.
//! - Every instruction of `@main` carries the `.b` position of its op
//!   ([`FunctionBuilder::set_srcloc`]).

use crate::parse::{Op, OpKind};
use lir::builder::{FunctionBuilder, Variable};
use lir::{
    Block, Data, DataObject, FileId, Func, Module, Signature, SourceLoc, Syscall, Type, Value,
};

/// Bytes of output buffered before a write.
pub const OUT_BUF: u32 = 4096;
/// The most cells a tape may have (`--tape`).
pub const MAX_TAPE: u32 = 1 << 30;
/// The shadow stack: only the system-call glue and the error helper use it.
const STACK_BYTES: u32 = 8192;

/// What the generated program looks like.
#[derive(Clone, Debug)]
pub struct Config {
    /// Cells on the tape, 1 to [`MAX_TAPE`].
    pub tape_cells: u32,
    /// The `.b` file's name, for source locations and the out-of-tape message.
    pub file_name: String,
}

/// Builds the LIR program for `ops` (from [`crate::parse::parse`]).
///
/// # Panics
///
/// If `config.tape_cells` is 0 or above [`MAX_TAPE`].
pub fn compile(ops: &[Op], config: &Config) -> Module {
    let cells = config.tape_cells;
    assert!((1..=MAX_TAPE).contains(&cells), "tape of {cells} cells");
    let mut module = Module::new();
    module.set_stack_size(STACK_BYTES);
    let file = module.declare_file(config.file_name.clone());
    let tape = module.declare_data(DataObject::new("tape").with_align(16).zeros(cells));
    let out = module.declare_data(DataObject::new("out").with_align(16).zeros(OUT_BUF));
    let main = module.declare_function("main", Signature::new([], [Type::I32]));
    let flush = module.declare_function("bf_flush", Signature::new([Type::I32], []));
    let print_int = module.declare_function("bf_print_int", Signature::new([Type::I32], []));
    let error = module.declare_function("bf_tape_error", Signature::new([Type::I32; 4], []));

    build_flush(&mut module, flush, out);
    build_print_int(&mut module, print_int);
    build_tape_error(&mut module, error, flush, print_int, config);

    build_main(
        &mut module,
        main,
        ops,
        [tape, out],
        [flush, error],
        file,
        cells,
    );
    module
}

/// Builds `@main`: the program's ops, then the final flush.
fn build_main(
    module: &mut Module,
    main: Func,
    ops: &[Op],
    [tape, out]: [Data; 2],
    [flush, error]: [Func; 2],
    file: FileId,
    cells: u32,
) {
    let mut b = FunctionBuilder::new(module, main);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let p = b.declare_var(Type::I32);
    let len = b.declare_var(Type::I32);
    let zero = b.iconst(Type::I32, 0);
    b.def_var(p, zero);
    b.def_var(len, zero);
    let mut gen = Gen {
        b,
        p,
        len,
        tape,
        out,
        flush,
        error,
        cells,
        file,
        loops: Vec::new(),
        outputs_ahead: outputs_ahead(ops),
        reserved: 0,
    };
    for (index, op) in ops.iter().enumerate() {
        gen.op(index, op);
    }
    gen.b.set_srcloc(SourceLoc::NONE);
    let len = gen.b.use_var(gen.len);
    gen.b.call(flush, &[len]);
    let status = gen.b.iconst(Type::I32, 0);
    gen.b.ret(&[status]);
    gen.b.finalize();
}

/// The state of `@main` under construction.
struct Gen<'m> {
    b: FunctionBuilder<'m>,
    /// The data pointer (a cell index).
    p: Variable,
    /// Bytes in the output buffer.
    len: Variable,
    tape: Data,
    out: Data,
    flush: Func,
    error: Func,
    cells: u32,
    file: FileId,
    /// Open loops: header and exit blocks.
    loops: Vec<(Block, Block)>,
    /// Per op: the `.`s from it up to the next loop boundary.
    outputs_ahead: Vec<u32>,
    /// Buffer bytes already reserved for the coming `.`s.
    reserved: u32,
}

impl Gen<'_> {
    fn op(&mut self, index: usize, op: &Op) {
        let Op { kind, pos } = op;
        let loc = SourceLoc::new(self.file, pos.line, pos.col);
        self.b.set_srcloc(loc);
        match kind {
            OpKind::Add(n) => {
                let a = self.cell_addr();
                let v = self.b.load_u8(Type::I32, a, 0u32);
                let v = self.b.add(v, i32::from(*n));
                self.b.store8(a, 0u32, v);
            }
            OpKind::Move(n) => {
                let p = self.b.use_var(self.p);
                let p = self.b.add(p, *n);
                self.check(p, loc);
                self.b.def_var(self.p, p);
            }
            OpKind::Clear => {
                let a = self.cell_addr();
                self.b.store8(a, 0u32, 0);
            }
            OpKind::Scan(step) => {
                let (body, exit) = self.loop_head();
                self.b.switch_to_block(body);
                self.b.seal_block(body);
                let p = self.b.use_var(self.p);
                let p = self.b.add(p, *step);
                self.check(p, loc);
                self.b.def_var(self.p, p);
                self.loop_tail(exit);
            }
            OpKind::MulAdd {
                targets,
                min,
                max,
                counter_step,
            } => self.mul_add(targets, *min, *max, *counter_step, loc),
            OpKind::Output => self.output(index),
            OpKind::Input => {
                let len = self.b.use_var(self.len);
                self.b.call(self.flush, &[len]);
                let zero = self.b.iconst(Type::I32, 0);
                self.b.def_var(self.len, zero);
                let a = self.cell_addr();
                self.b
                    .syscall(Syscall::Read, &[0.into(), a.into(), 1.into()]);
            }
            OpKind::LoopStart(_) => {
                self.reserved = 0;
                let (body, _) = self.loop_head();
                self.b.switch_to_block(body);
                self.b.seal_block(body);
            }
            OpKind::LoopEnd(_) => {
                self.reserved = 0;
                // Brackets are matched by the parser, so a loop is open.
                if let Some(exit) = self.loops.last().map(|&(_, exit)| exit) {
                    self.loop_tail(exit);
                }
            }
        }
    }

    /// `addr @tape + p`
    fn cell_addr(&mut self) -> Value {
        let base = self.b.data_addr(self.tape, 0);
        let p = self.b.use_var(self.p);
        self.b.add(base, p)
    }

    /// Jumps to a new loop header that tests the current cell; returns the body and
    /// exit blocks (the header is sealed by [`Self::loop_tail`]).
    fn loop_head(&mut self) -> (Block, Block) {
        let [header, body, exit] = [(); 3].map(|_| self.b.create_block());
        self.b.jump(header, &[]);
        self.b.switch_to_block(header);
        let a = self.cell_addr();
        let v = self.b.load_u8(Type::I32, a, 0u32);
        self.b.br_if(v, body, &[], exit, &[]);
        self.loops.push((header, exit));
        (body, exit)
    }

    /// Closes the innermost loop: the back edge, then code continues at `exit`.
    fn loop_tail(&mut self, exit: Block) {
        if let Some((header, _)) = self.loops.pop() {
            self.b.jump(header, &[]);
            self.b.seal_block(header);
        }
        self.b.switch_to_block(exit);
        self.b.seal_block(exit);
    }

    /// Traps through `@bf_tape_error` unless `0 <= ptr < cells`.
    fn check(&mut self, ptr: Value, loc: SourceLoc) {
        let outside = self.b.ge_u(ptr, self.cells);
        let [fail, ok] = [(); 2].map(|_| self.b.create_block());
        self.b.br_if(outside, fail, &[], ok, &[]);
        self.b.switch_to_block(fail);
        self.b.seal_block(fail);
        let len = self.b.use_var(self.len);
        let line = self.b.iconst(Type::I32, i64::from(loc.line));
        let col = self.b.iconst(Type::I32, i64::from(loc.col));
        self.b.call(self.error, &[ptr, len, line, col]);
        self.b.trap();
        self.b.switch_to_block(ok);
        self.b.seal_block(ok);
    }

    fn mul_add(&mut self, targets: &[(i32, u8)], min: i32, max: i32, step: i8, loc: SourceLoc) {
        let a = self.cell_addr();
        let v = self.b.load_u8(Type::I32, a, 0u32);
        let [body, next] = [(); 2].map(|_| self.b.create_block());
        self.b.br_if(v, body, &[], next, &[]);
        self.b.switch_to_block(body);
        self.b.seal_block(body);
        let p = self.b.use_var(self.p);
        for extreme in [min, max] {
            if extreme != 0 {
                let cell = self.b.add(p, extreme);
                self.check(cell, loc);
            }
        }
        // The loop runs v times (step -1) or 256 - v times (step +1).
        let n = if step < 0 { v } else { self.b.sub(0, v) };
        for &(offset, factor) in targets {
            let (addr, mem) = match u32::try_from(offset) {
                Ok(offset) => (a, offset),
                Err(_) => (self.b.add(a, offset), 0),
            };
            let w = self.b.load_u8(Type::I32, addr, mem);
            let w = match factor {
                1 => self.b.add(w, n),
                255 => self.b.sub(w, n),
                _ => {
                    let product = self.b.mul(n, i32::from(factor));
                    self.b.add(w, product)
                }
            };
            self.b.store8(addr, mem, w);
        }
        self.b.store8(a, 0u32, 0);
        self.b.jump(next, &[]);
        self.b.switch_to_block(next);
        self.b.seal_block(next);
    }

    /// `.`: append the cell to `@out`, first making room for the run's `.`s if
    /// this is its first.
    fn output(&mut self, index: usize) {
        if self.reserved == 0 {
            let wanted = self.outputs_ahead[index].min(OUT_BUF);
            let len = self.b.use_var(self.len);
            let full = self.b.gt_u(len, (OUT_BUF - wanted) as i32);
            let [write, cont] = [(); 2].map(|_| self.b.create_block());
            self.b.br_if(full, write, &[], cont, &[]);
            self.b.switch_to_block(write);
            self.b.seal_block(write);
            self.b.call(self.flush, &[len]);
            let zero = self.b.iconst(Type::I32, 0);
            self.b.def_var(self.len, zero);
            self.b.jump(cont, &[]);
            self.b.switch_to_block(cont);
            self.b.seal_block(cont);
            self.reserved = wanted;
        }
        self.reserved -= 1;
        let a = self.cell_addr();
        let v = self.b.load_u8(Type::I32, a, 0u32);
        let len = self.b.use_var(self.len);
        let buf = self.b.data_addr(self.out, 0);
        let at = self.b.add(buf, len);
        self.b.store8(at, 0u32, v);
        let len = self.b.add(len, 1);
        self.b.def_var(self.len, len);
    }
}

/// For each op, the number of `.`s from it up to the next `[` or `]`.
fn outputs_ahead(ops: &[Op]) -> Vec<u32> {
    let mut ahead = vec![0; ops.len()];
    let mut count = 0u32;
    for (i, op) in ops.iter().enumerate().rev() {
        match op.kind {
            OpKind::Output => count = count.saturating_add(1),
            OpKind::LoopStart(_) | OpKind::LoopEnd(_) => count = 0,
            _ => {}
        }
        ahead[i] = count;
    }
    ahead
}

/// `@bf_flush(len)`: writes the first `len` bytes of `@out` to stdout (if any).
fn build_flush(module: &mut Module, func: Func, out: Data) {
    let mut b = FunctionBuilder::new(module, func);
    let [entry, write, done] = [(); 3].map(|_| b.create_block());
    b.switch_to_block(entry);
    let len = b.param(0);
    b.br_if(len, write, &[], done, &[]);
    b.switch_to_block(write);
    let buf = b.data_addr(out, 0);
    b.syscall(Syscall::Write, &[1.into(), buf.into(), len.into()]);
    b.jump(done, &[]);
    b.switch_to_block(done);
    b.ret(&[]);
    b.finalize();
}

/// `@bf_print_int(n)`: writes `n` (signed decimal) to stderr.
fn build_print_int(module: &mut Module, func: Func) {
    let mut b = FunctionBuilder::new(module, func);
    let [entry, digit, sign, minus, write] = [(); 5].map(|_| b.create_block());
    b.switch_to_block(entry);
    let buf = b.stack_slot(12, Some(1));
    let n = b.param(0);
    let (u, i) = (b.declare_var(Type::I32), b.declare_var(Type::I32));
    let negative = b.lt_s(n, 0);
    let magnitude = b.sub(0, n);
    let magnitude = b.select(negative, magnitude, n);
    b.def_var(u, magnitude);
    let end = b.iconst(Type::I32, 12);
    b.def_var(i, end);
    b.jump(digit, &[]);
    // do { buf[--i] = '0' + u % 10; u /= 10 } while u != 0
    b.switch_to_block(digit);
    let (uv, iv) = (b.use_var(u), b.use_var(i));
    let iv = b.sub(iv, 1);
    let d = b.rem_u(uv, 10);
    let d = b.add(d, i32::from(b'0'));
    let at = b.add(buf, iv);
    b.store8(at, 0u32, d);
    let uv = b.div_u(uv, 10);
    b.def_var(u, uv);
    b.def_var(i, iv);
    b.br_if(uv, digit, &[], sign, &[]);
    b.seal_block(digit);
    b.switch_to_block(sign);
    b.seal_block(sign);
    b.br_if(negative, minus, &[], write, &[]);
    b.switch_to_block(minus);
    b.seal_block(minus);
    let iv = b.use_var(i);
    let iv = b.sub(iv, 1);
    let at = b.add(buf, iv);
    b.store8(at, 0u32, i32::from(b'-'));
    b.def_var(i, iv);
    b.jump(write, &[]);
    b.switch_to_block(write);
    b.seal_block(write);
    let iv = b.use_var(i);
    let at = b.add(buf, iv);
    let count = b.sub(12, iv);
    b.syscall(Syscall::Write, &[2.into(), at.into(), count.into()]);
    b.ret(&[]);
    b.finalize();
}

/// `@bf_tape_error(cell, len, line, col)`: flushes the output, reports the move off
/// the tape on stderr and traps.
fn build_tape_error(module: &mut Module, func: Func, flush: Func, print_int: Func, c: &Config) {
    let last = c.tape_cells - 1;
    let pieces = [
        module.declare_string("bf_msg_file", format!("{}:", c.file_name)),
        module.declare_string("bf_msg_colon", ":"),
        module.declare_string("bf_msg_cell", ": error: data pointer moved to cell "),
        module.declare_string(
            "bf_msg_tape",
            format!(", outside the tape (cells 0 to {last})\n"),
        ),
    ];
    let sizes: Vec<u64> = pieces.iter().map(|&d| module.data[d].size()).collect();
    let mut b = FunctionBuilder::new(module, func);
    let entry = b.create_block();
    b.switch_to_block(entry);
    let [cell, len, line, col] = [0, 1, 2, 3].map(|i| b.param(i));
    b.call(flush, &[len]);
    // FILE: LINE : COL : error … CELL , outside …
    let numbers = [Some(line), Some(col), Some(cell), None];
    for ((piece, size), number) in pieces.into_iter().zip(sizes).zip(numbers) {
        let at = b.data_addr(piece, 0);
        b.syscall(Syscall::Write, &[2.into(), at.into(), (size as i64).into()]);
        if let Some(n) = number {
            b.call(print_int, &[n]);
        }
    }
    b.trap();
    b.finalize();
}
