//! Properties of the verifier on many modules:
//!
//! - every random well-typed module (`support/arbitrary_module`) verifies, as does a
//!   hand-written sample using every construct;
//! - corrupting such modules at random (dangling handles, swapped operands, removed
//!   terminators, changed types and definitions, …) never makes the verifier panic,
//!   and every error inside a function names that function and, since the modules
//!   were parsed from text, carries a source position;
//! - the same holds for text mutated line by line that still parses.
//!
//! `PROPTEST_CASES=5000 cargo test -p lir --test verify_robustness` runs more cases.

mod support;

use cranelift_entity::EntityRef;
use lir::function::ValueDef;
use lir::text::{parse, print};
use lir::verify::verify;
use lir::{
    BlockCall, ConvertOp, DataItem, DataType, DataValue, Imm, Inst, InstKind, MemWidth, MemoryDecl,
    Module, Type, Value,
};
use proptest::prelude::*;
use support::arbitrary_module::arb_module;

/// A valid module with loops, a diamond, an unreachable block using values of other
/// blocks, tail calls, `switch`, syscalls, data with symbols and an import.
const SAMPLE: &str = r#"
memory 2 max 256 export "mem"
stack 65536

data @greeting readonly = "Hello\n"
data @table align 8 = { i64 1, -1; ptr @greeting + 6, @fib; i32 @table; i8 255, -128; i16 -2; f32 1.5; zero 4 }

global @counter: i32 mut = 0
global @limit: i64 = 100 export "limit"

import func @host_log(i32, i32) from "env" "log"

export func @fib(%n: i32) -> i32 {
    %c = lt_s %n, 2
    br_if %c, base, rec
base:
    ret %n
rec:
    %a = sub %n, 1
    %x = call @fib(%a)
    %b = sub %n, 2
    %y = call @fib(%b)
    %r = add %x, %y
    ret %r
}

func @sum(%p: ptr, %n: i32) -> i64 {
    slot %tmp 16 align 8
entry:
    jump loop(0, 0)
loop(%i: i32, %acc: i64):
    %done = ge_u %i, %n
    br_if %done, exit(%acc), body
body:
    %off = shl %i, 3
    %addr = add %p, %off
    %x = load.i64 [%addr]
    store.i64 [%tmp + 8] align 8, %x
    %acc2 = add %acc, %x
    %i2 = add %i, 1
    jump loop(%i2, %acc2)
exit(%r: i64):
    ret %r
dead:
    %d = add %acc2, %x
    ret %d
}

export "misc_export" func @misc(%x: i32, %y: f64) -> f64 {
    %fp = funcaddr @fib
    %r = call_indirect %fp(%x) : (i32) -> i32
    %g = global.get @counter
    %g2 = add %g, %r
    global.set @counter, %g2
    %lim = global.get @limit
    %a = addr @greeting + 6
    call @host_log(%a, 6)
    %w = syscall.write 1, %a, 6
    %m = memory.size
    %old = memory.grow 0
    memory.copy %a, %a, 0
    memory.fill %a, 0, 0
    %h = addr @__heap_base
    %s = stack.alloc 32
    store.8 [%s], %x
    %l = load.u8.i32 [%s]
    %e = extend_s %l
    store.32 [%s + 4] align 2, %e
    %l64 = load.s32.i64 [%s]
    %f = convert_s.f64 %l64
    %sel = select %x, %f, %y
    %bits = bitcast.i64 %sel
    %t = trunc_sat_s.i32 %y
    %wr = wrap %bits
    %z = eqz %bits
    %now = syscall.clock_time 1
    switch %x, default(%sel), [0: one, -1: two(%y)]
one:
    ret %y
two(%v: f64):
    %neg = neg %v
    ret %neg
default(%d: f64):
    %k = const.f64 2.5
    %dd = mul %d, %k
    ret %dd
}

func @tails(%x: i32) -> i32 {
    br_if %x, direct, indirect
direct:
    return_call @fib(%x)
indirect:
    %fp = funcaddr @fib
    return_call_indirect %fp(%x) : (i32) -> i32
}

func @stop() {
    syscall.exit 3
    trap
}
"#;

fn sample() -> Module {
    parse(SAMPLE).unwrap_or_else(|e| panic!("the sample does not parse:\n{e}"))
}

/// A random module, printed and parsed back so that it carries source spans.
fn arb_parsed_module() -> impl Strategy<Value = Module> {
    prop_oneof![
        1 => Just(()).prop_map(|_| sample()),
        4 => arb_module().prop_map(|m| parse(&print(&m)).expect("printed modules parse")),
    ]
}

/// One random edit; the numbers select what is edited and how.
#[derive(Clone, Debug)]
struct Corruption {
    kind: u8,
    func: u32,
    x: u32,
    y: u32,
    z: u32,
}

const FUNCTION_CORRUPTIONS: u8 = 16;
const ITEM_CORRUPTIONS: u8 = 4;

fn corruption(kinds: std::ops::Range<u8>) -> impl Strategy<Value = Corruption> {
    (
        kinds,
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(|(kind, func, x, y, z)| Corruption {
            kind,
            func,
            x,
            y,
            z,
        })
}

/// An element of `items` chosen by `i`, if there is any.
fn pick<T: Copy>(items: &[T], i: u32) -> Option<T> {
    (!items.is_empty()).then(|| items[i as usize % items.len()])
}

/// A handle into an arena of `len` entries, sometimes just past its end.
fn handle<E: EntityRef>(len: usize, i: u32) -> E {
    E::new(i as usize % (len + 3))
}

/// Replaces the `which`-th operand of an instruction with `with`.
fn replace_nth(kind: &mut InstKind, which: usize, with: Value) {
    let mut n = 0;
    kind.map_args(|v| {
        n += 1;
        if n - 1 == which {
            with
        } else {
            v
        }
    });
}

/// Applies one edit to a function of `module`.
fn corrupt_function(module: &mut Module, c: &Corruption) {
    let (nfuncs, nglobals, ndata) = (module.funcs.len(), module.globals.len(), module.data.len());
    let Some(func) = pick(&module.funcs.keys().collect::<Vec<_>>(), c.func) else {
        return;
    };
    let f = &mut module.funcs[func];
    let (nvalues, nblocks, ninsts) = (f.values.len(), f.blocks.len(), f.insts.len());
    let layout = f.layout.clone();
    let block = pick(&layout, c.x).filter(|&b| f.blocks.get(b).is_some());
    let placed: Vec<Inst> = layout
        .iter()
        .filter_map(|&b| f.blocks.get(b))
        .flat_map(|b| b.insts.iter().copied())
        .filter(|&i| f.insts.get(i).is_some())
        .collect();
    let inst = pick(&placed, c.x);
    let ty = Type::ALL[c.y as usize % 4];
    match c.kind {
        0 => {
            // Replace one operand with an arbitrary value handle.
            if let Some(data) = inst.and_then(|i| f.insts.get_mut(i)) {
                let n = data.kind.args().len().max(1);
                replace_nth(&mut data.kind, c.y as usize % n, handle(nvalues, c.z));
            }
        }
        1 => {
            // Rotate the operands.
            if let Some(data) = inst.and_then(|i| f.insts.get_mut(i)) {
                let mut args = data.kind.args();
                if !args.is_empty() {
                    args.rotate_left(1);
                }
                let mut it = args.into_iter();
                data.kind.map_args(|v| it.next().unwrap_or(v));
            }
        }
        2 => {
            if let Some(b) = block {
                f.blocks[b].insts.pop();
            }
        }
        3 => {
            if let Some(v) = f.values.get_mut(handle(nvalues, c.z)) {
                v.ty = ty;
            }
        }
        4 => {
            if let Some(data) = inst.and_then(|i| f.insts.get_mut(i)) {
                let calls = data.kind.block_calls_mut();
                let n = calls.len();
                if let Some(call) = calls.into_iter().nth(c.y as usize % n.max(1)) {
                    if c.z.is_multiple_of(2) {
                        call.block = handle(nblocks, c.z / 2);
                    } else {
                        call.args.pop();
                    }
                }
            }
        }
        5 => match c.y % 3 {
            0 => f.layout.push(handle(nblocks, c.z)),
            1 if !f.layout.is_empty() => {
                let i = c.z as usize % f.layout.len();
                f.layout.remove(i);
            }
            _ => f.layout.extend(block),
        },
        6 => {
            if let Some(b) = block {
                match c.y % 3 {
                    0 => f.blocks[b].insts.insert(0, handle(ninsts, c.z)),
                    1 => f.blocks[b].insts.extend(pick(&placed, c.z)),
                    _ if !f.blocks[b].insts.is_empty() => {
                        let i = c.z as usize % f.blocks[b].insts.len();
                        f.blocks[b].insts.remove(i);
                    }
                    _ => {}
                }
            }
        }
        7 => {
            if let Some(data) = inst.and_then(|i| f.insts.get_mut(i)) {
                match &mut data.kind {
                    InstKind::Call { func, .. }
                    | InstKind::ReturnCall { func, .. }
                    | InstKind::FuncAddr { func } => *func = handle(nfuncs, c.z),
                    InstKind::GlobalGet { global } | InstKind::GlobalSet { global, .. } => {
                        *global = handle(nglobals, c.z)
                    }
                    InstKind::DataAddr { data, offset } => {
                        *data = handle(ndata, c.z);
                        *offset = c.y % 16;
                    }
                    _ => {}
                }
            }
        }
        8 => {
            let def = match c.y % 5 {
                0 => ValueDef::Param(c.z % 4),
                1 => ValueDef::BlockParam(handle(nblocks, c.z), c.z % 3),
                2 => ValueDef::Result(handle(ninsts, c.z), c.z % 2),
                3 => ValueDef::Slot(handle(f.slots.len(), c.z)),
                _ => ValueDef::Const(Imm::new(Type::ALL[c.z as usize % 4], c.z as u64)),
            };
            if let Some(v) = f.values.get_mut(handle(nvalues, c.x)) {
                v.def = def;
            }
        }
        9 => match c.y % 4 {
            0 => f.params.push(handle(nvalues, c.z)),
            1 => drop(f.params.pop()),
            2 => f.sig.params.push(Type::ALL[c.z as usize % 4]),
            _ => f.sig.results.push(Type::ALL[c.z as usize % 4]),
        },
        10 => {
            if let Some(b) = block {
                match c.y % 2 {
                    0 => f.blocks[b].params.push(handle(nvalues, c.z)),
                    _ => f.blocks[b].params.clear(),
                }
            }
        }
        11 => {
            if let Some(data) = inst.and_then(|i| f.insts.get_mut(i)) {
                let width = MemWidth::from_bits(8 << (c.z % 4)).unwrap_or(MemWidth::W8);
                let align = (!c.z.is_multiple_of(3)).then_some(c.z % 20);
                match &mut data.kind {
                    InstKind::Load {
                        ty: t,
                        width: w,
                        mem,
                        signed,
                        ..
                    } => (*t, *w, mem.align, *signed) = (ty, width, align, c.z.is_multiple_of(2)),
                    InstKind::Store {
                        ty: t,
                        width: w,
                        mem,
                        ..
                    } => (*t, *w, mem.align) = (ty, width, align),
                    InstKind::Convert { op, .. } => *op = ConvertOp::Bitcast(ty),
                    InstKind::Switch { cases, default, .. } => {
                        cases.push((c.z as u64 * 0x1_0001, default.clone()))
                    }
                    _ => {}
                }
            }
        }
        12 => {
            let names = ["x", "bb1", "12", "a-b", "", "loop"];
            let name = names[c.z as usize % names.len()].to_string();
            if c.y.is_multiple_of(2) {
                if let Some(v) = f.values.get_mut(handle(nvalues, c.x)) {
                    v.name = Some(name.into());
                }
            } else if let Some(b) = block {
                f.blocks[b].name = Some(name);
            }
        }
        13 => {
            if c.y.is_multiple_of(2) {
                f.create_slot(c.z % 64, Some(c.z % 40));
            } else if let Some(slot) = f.slots.values_mut().next() {
                slot.value = handle(nvalues, c.z);
            }
        }
        14 => {
            // Move an instruction to the start of another block.
            if let (Some(b), Some(i)) = (block, pick(&placed, c.z)) {
                if let Some(to) = pick(&layout, c.y).filter(|&t| f.blocks.get(t).is_some()) {
                    f.blocks[b].insts.retain(|&x| x != i);
                    f.blocks[to].insts.insert(0, i);
                }
            }
        }
        _ => {
            if let Some(data) = inst.and_then(|i| f.insts.get_mut(i)) {
                data.kind = match c.y % 4 {
                    0 => InstKind::Trap,
                    1 => InstKind::MemorySize,
                    2 => InstKind::Ret { values: vec![] },
                    _ => InstKind::Jump {
                        dest: BlockCall::new(handle(nblocks, c.z), vec![]),
                    },
                };
            }
        }
    }
}

/// Applies one edit to a module-level item.
fn corrupt_items(module: &mut Module, c: &Corruption) {
    let (nfuncs, ndata) = (module.funcs.len(), module.data.len());
    match c.kind {
        0 => {
            let value = match c.y % 3 {
                0 => DataValue::FuncAddr(handle(nfuncs, c.z)),
                1 => DataValue::DataAddr(handle(ndata, c.z), c.z % 16),
                _ => DataValue::Bits(u64::MAX << (c.z % 64)),
            };
            let ty = DataType::ALL[c.x as usize % DataType::ALL.len()];
            if let Some(obj) = module.data.values_mut().next() {
                obj.items.push(DataItem::Scalars {
                    ty,
                    values: vec![value],
                });
                obj.align = c.z.is_multiple_of(2).then_some(c.x % 24);
            }
        }
        1 => {
            module.memory = Some(MemoryDecl {
                min_pages: c.x % 70_000,
                max_pages: c.y.is_multiple_of(2).then_some(c.z % 70_000),
                export: None,
            });
            module.stack_size = Some(c.z);
        }
        2 => {
            if let Some(g) = module.globals.values_mut().next() {
                g.init = Imm::new(Type::ALL[c.x as usize % 4], c.y as u64);
                g.export = Some("mem".into());
            }
        }
        _ => {
            if let Some(f) = module.funcs.values_mut().nth(c.x as usize % nfuncs.max(1)) {
                f.name = ["fib", "counter", "__heap_base", "9"][c.y as usize % 4].into();
                f.export = Some("limit".into());
            }
        }
    }
}

/// Verifies `module`: never panics (proptest reports a panic as a failure); errors
/// print one per line; with `in_functions`, every error names one of the module's
/// functions; with `spans`, every error has a source position.
fn check(module: &Module, in_functions: bool, spans: bool) -> Result<(), TestCaseError> {
    let Err(errors) = verify(module) else {
        return Ok(());
    };
    prop_assert!(!errors.is_empty());
    prop_assert_eq!(errors.to_string().lines().count(), errors.len());
    for error in &errors {
        if in_functions {
            let named = error.func.as_deref();
            let known = named.is_some_and(|name| module.funcs.values().any(|f| f.name == name));
            prop_assert!(known, "no function: {}", error);
        }
        if spans {
            prop_assert!(!error.span.is_none(), "no position: {}", error);
        }
    }
    Ok(())
}

#[test]
fn the_sample_verifies() {
    if let Err(errors) = verify(&sample()) {
        panic!("{errors}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn generated_modules_verify(module in arb_module()) {
        if let Err(errors) = verify(&module) {
            return Err(TestCaseError::fail(format!("{errors}\n--- module:\n{}", print(&module))));
        }
    }

    #[test]
    fn corrupted_functions_are_reported_with_function_and_position(
        module in arb_parsed_module(),
        edits in prop::collection::vec(corruption(0..FUNCTION_CORRUPTIONS), 1..5),
    ) {
        let mut module = module;
        for edit in &edits {
            corrupt_function(&mut module, edit);
        }
        check(&module, true, true)?;
    }

    #[test]
    fn corrupted_items_never_panic(
        module in arb_parsed_module(),
        items in prop::collection::vec(corruption(0..ITEM_CORRUPTIONS), 1..3),
        edits in prop::collection::vec(corruption(0..FUNCTION_CORRUPTIONS), 0..3),
    ) {
        let mut module = module;
        for edit in &items {
            corrupt_items(&mut module, edit);
        }
        for edit in &edits {
            corrupt_function(&mut module, edit);
        }
        check(&module, false, false)?;
    }

    #[test]
    fn mutated_text_that_parses_is_verified_with_positions(
        module in arb_parsed_module(),
        edits in prop::collection::vec((0u8..3, any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..4),
    ) {
        let mut lines: Vec<String> = print(&module).lines().map(str::to_string).collect();
        for (kind, a, b) in edits {
            if lines.is_empty() {
                break;
            }
            let (i, j) = (a.index(lines.len()), b.index(lines.len()));
            match kind {
                0 => drop(lines.remove(i)),
                1 => lines.insert(i, lines[j].clone()),
                _ => lines.swap(i, j),
            }
        }
        if let Ok(parsed) = parse(&lines.join("\n")) {
            check(&parsed, false, true)?;
        }
    }
}
