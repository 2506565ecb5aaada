//! Robustness: valid modules corrupted at random (dangling handles, swapped
//! operands, removed terminators, changed types and definitions, …) never make the
//! verifier panic, and every error inside a function names that function.

use super::*;
use crate::function::ValueDef;
use proptest::prelude::*;

/// One random edit; the numbers select what is edited and how.
#[derive(Clone, Debug)]
pub(super) struct Corruption {
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

/// Replaces the `which`-th element of a visit with `with`.
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
pub(super) fn corrupt_function(module: &mut Module, c: &Corruption) {
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
                    v.name = Some(name);
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
            // Move an instruction to another block, or swap two instructions.
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

/// Checks the properties every verification result must have.
pub(super) fn check_result(module: &Module, expect_spans: bool) -> Result<(), TestCaseError> {
    let Err(errors) = verify(module) else {
        return Ok(());
    };
    prop_assert!(!errors.is_empty());
    let text = errors.to_string();
    prop_assert_eq!(text.lines().count(), errors.len());
    for error in &errors {
        let func = error.func.as_deref();
        prop_assert!(
            func.is_some_and(|name| module.funcs.values().any(|f| f.name == name)),
            "{}",
            error
        );
        if expect_spans {
            prop_assert!(!error.span.is_none(), "no span: {}", error);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn corrupted_functions_never_panic(edits in prop::collection::vec(corruption(0..FUNCTION_CORRUPTIONS), 1..5)) {
        let mut module = sample_module();
        for edit in &edits {
            corrupt_function(&mut module, edit);
        }
        check_result(&module, false)?;
    }

    #[test]
    fn corrupted_items_never_panic(
        items in prop::collection::vec(corruption(0..ITEM_CORRUPTIONS), 1..3),
        edits in prop::collection::vec(corruption(0..FUNCTION_CORRUPTIONS), 0..3),
    ) {
        let mut module = sample_module();
        for edit in &items {
            corrupt_items(&mut module, edit);
        }
        for edit in &edits {
            corrupt_function(&mut module, edit);
        }
        if let Err(errors) = verify(&module) {
            prop_assert_eq!(errors.to_string().lines().count(), errors.len());
        }
    }
}
