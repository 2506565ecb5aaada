//! Linear memory: loads and stores of every width, bounds, growth, bulk operations,
//! data objects, addresses and globals.

use super::*;
use crate::interp::InterpConfig;
use crate::layout::{Layout, PAGE_SIZE};
use crate::{DataItem, DataObject, DataType, DataValue, GlobalDecl, MemoryDecl};
use Type::*;

/// `@load_<name>(%p) -> ty` for a load of `width` bits, signed or not, at offset 0,
/// and `@store_<width>(%p, %v: ty)`.
fn load_fn(name: &str, ty: Type, width: MemWidth, signed: bool, offset: u32) -> Function {
    let mut b = FnBuilder::new(name, &[I32], &[ty]);
    let addr = b.param(0);
    let v = b.inst1(
        InstKind::Load {
            ty,
            width,
            signed,
            addr,
            mem: MemArg {
                offset,
                align: None,
            },
        },
        ty,
    );
    b.ret(&[v]);
    b.finish()
}

fn store_fn(name: &str, ty: Type, width: MemWidth, offset: u32) -> Function {
    let mut b = FnBuilder::new(name, &[I32, ty], &[]);
    let (addr, value) = (b.param(0), b.param(1));
    b.inst(
        InstKind::Store {
            ty,
            width,
            addr,
            value,
            mem: MemArg {
                offset,
                align: None,
            },
        },
        &[],
    );
    b.ret(&[]);
    b.finish()
}

fn access_module() -> Module {
    use MemWidth::*;
    module_of([
        load_fn("u8_32", I32, W8, false, 0),
        load_fn("s8_32", I32, W8, true, 0),
        load_fn("s16_32", I32, W16, true, 0),
        load_fn("u16_64", I64, W16, false, 0),
        load_fn("s8_64", I64, W8, true, 0),
        load_fn("s32_64", I64, W32, true, 0),
        load_fn("u32_64", I64, W32, false, 0),
        load_fn("i32", I32, W32, false, 0),
        load_fn("i64", I64, W64, false, 0),
        load_fn("f32", F32, W32, false, 0),
        load_fn("f64_off", F64, W64, false, 8),
        load_fn("i32_far", I32, W32, false, u32::MAX),
        store_fn("store8", I32, W8, 0),
        store_fn("store16_64", I64, W16, 0),
        store_fn("store32_64", I64, W32, 0),
        store_fn("store_i64", I64, W64, 0),
        store_fn("store_f32", F32, W32, 0),
        store_fn("store_i32_off", I32, W32, 4),
    ])
}

#[test]
fn loads_and_stores_of_every_width() {
    let mut m = instance(&access_module());
    let p = 0x2000;
    let at = |v: i32| [Imm::i32(v)];
    m.memory_mut()[p..p + 8].copy_from_slice(&[0x80, 0xff, 0x34, 0x92, 0x78, 0x56, 0x34, 0x12]);
    let run = |m: &mut Interpreter, f: &str, addr: i32| m.invoke(f, &at(addr)).unwrap()[0];
    let p = p as i32;
    assert_eq!(run(&mut m, "u8_32", p), Imm::i32(0x80));
    assert_eq!(run(&mut m, "s8_32", p), Imm::i32(-128));
    assert_eq!(run(&mut m, "s16_32", p), Imm::i32(0xff80u16 as i16 as i32));
    assert_eq!(run(&mut m, "u16_64", p), Imm::i64(0xff80));
    assert_eq!(run(&mut m, "s8_64", p + 1), Imm::i64(-1));
    assert_eq!(
        run(&mut m, "s32_64", p),
        Imm::i64(0x9234_ff80u32 as i32 as i64)
    );
    assert_eq!(run(&mut m, "u32_64", p), Imm::i64(0x9234_ff80));
    assert_eq!(run(&mut m, "i32", p + 1), Imm::i32(0x7892_34ff)); // misaligned is fine
    assert_eq!(run(&mut m, "i64", p), Imm::i64(0x1234_5678_9234_ff80));
    assert_eq!(run(&mut m, "f32", p).bits(), 0x9234_ff80);

    m.invoke("store8", &[Imm::i32(p), Imm::i32(0x1234_56ab)])
        .unwrap();
    m.invoke("store16_64", &[Imm::i32(p + 2), Imm::i64(-2)])
        .unwrap();
    assert_eq!(
        &m.memory()[p as usize..p as usize + 5],
        &[0xab, 0xff, 0xfe, 0xff, 0x78]
    );
    m.invoke("store32_64", &[Imm::i32(p), Imm::i64(0x1_0000_0001)])
        .unwrap();
    assert_eq!(&m.memory()[p as usize..p as usize + 5], &[1, 0, 0, 0, 0x78]);
    let nan = Imm::new(F32, 0xff80_0001);
    m.invoke("store_f32", &[Imm::i32(p), nan]).unwrap();
    assert_eq!(run(&mut m, "f32", p), nan);
    m.invoke(
        "store_i64",
        &[Imm::i32(p + 8), Imm::i64((-1.5f64).to_bits() as i64)],
    )
    .unwrap();
    assert_eq!(run(&mut m, "f64_off", p), Imm::f64(-1.5));
    m.invoke("store_i32_off", &[Imm::i32(p), Imm::i32(7)])
        .unwrap();
    assert_eq!(run(&mut m, "i32", p + 4), Imm::i32(7));
}

#[test]
fn accesses_past_the_end_trap() {
    let mut m = instance(&access_module());
    let size = m.memory().len() as i32;
    assert!(m.invoke("i32", &[Imm::i32(size - 4)]).is_ok());
    assert_trap(
        m.invoke("i32", &[Imm::i32(size - 3)]),
        TrapKind::MemoryOutOfBounds,
        "i32",
    );
    assert!(m.invoke("u8_32", &[Imm::i32(size - 1)]).is_ok());
    assert_trap(
        m.invoke("u8_32", &[Imm::i32(size)]),
        TrapKind::MemoryOutOfBounds,
        "u8_32",
    );
    assert_trap(
        m.invoke("i64", &[Imm::i32(-1)]),
        TrapKind::MemoryOutOfBounds,
        "i64",
    );
    // addr + offset does not wrap around 2^32.
    assert_trap(
        m.invoke("i32_far", &[Imm::i32(1)]),
        TrapKind::MemoryOutOfBounds,
        "i32_far",
    );
    assert_trap(
        m.invoke("f64_off", &[Imm::i32(size - 8)]),
        TrapKind::MemoryOutOfBounds,
        "f64_off",
    );
    assert_trap(
        m.invoke("store_i32_off", &[Imm::i32(size - 4), Imm::i32(1)]),
        TrapKind::MemoryOutOfBounds,
        "store_i32_off",
    );
    // A trapping store writes nothing.
    let before = m.memory()[size as usize - 4..].to_vec();
    assert!(m
        .invoke("store_i64", &[Imm::i32(size - 4), Imm::i64(-1)])
        .is_err());
    assert_eq!(&m.memory()[size as usize - 4..], &before[..]);
}

/// `@size() -> i32` and `@grow(%n) -> i32`.
fn grow_module(memory: Option<MemoryDecl>) -> Module {
    let mut s = FnBuilder::new("size", &[], &[I32]);
    let v = s.inst1(InstKind::MemorySize, I32);
    s.ret(&[v]);
    let mut g = FnBuilder::new("grow", &[I32], &[I32]);
    let pages = g.param(0);
    let v = g.inst1(InstKind::MemoryGrow { pages }, I32);
    g.ret(&[v]);
    let mut m = module_of([s.finish(), g.finish()]);
    m.memory = memory;
    m
}

#[test]
fn memory_grows_up_to_its_limits() {
    let declared = MemoryDecl {
        min_pages: 2,
        max_pages: Some(4),
        export: None,
    };
    let mut m = instance(&grow_module(Some(declared)));
    let call = |m: &mut Interpreter, f: &str, args: &[Imm]| m.invoke(f, args).unwrap()[0];
    assert_eq!(call(&mut m, "size", &[]), Imm::i32(2));
    assert_eq!(call(&mut m, "grow", &[Imm::i32(0)]), Imm::i32(2));
    assert_eq!(call(&mut m, "grow", &[Imm::i32(1)]), Imm::i32(2));
    assert_eq!(m.memory().len() as u64, 3 * PAGE_SIZE);
    assert_eq!(call(&mut m, "grow", &[Imm::i32(2)]), Imm::i32(-1));
    assert_eq!(call(&mut m, "grow", &[Imm::i32(-1)]), Imm::i32(-1));
    assert_eq!(call(&mut m, "grow", &[Imm::i32(1)]), Imm::i32(3));
    assert_eq!(call(&mut m, "size", &[]), Imm::i32(4));

    // Without a declared maximum the executor's limit applies.
    let module = grow_module(None);
    let min = Layout::compute(&module).unwrap().min_pages as i32;
    let mut m = instance_with(
        &module,
        InterpConfig::new().max_memory_pages(min as u32 + 1),
    );
    assert_eq!(call(&mut m, "grow", &[Imm::i32(2)]), Imm::i32(-1));
    assert_eq!(call(&mut m, "grow", &[Imm::i32(1)]), Imm::i32(min));
    let err = Interpreter::new(&module, InterpConfig::new().max_memory_pages(0)).unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
}

/// `@copy(%d, %s, %n)` and `@fill(%d, %b, %n)`.
fn bulk_module() -> Module {
    let mut c = FnBuilder::new("copy", &[I32, I32, I32], &[]);
    let args = [c.param(0), c.param(1), c.param(2)];
    c.inst(InstKind::MemoryCopy { args }, &[]);
    c.ret(&[]);
    let mut f = FnBuilder::new("fill", &[I32, I32, I32], &[]);
    let args = [f.param(0), f.param(1), f.param(2)];
    f.inst(InstKind::MemoryFill { args }, &[]);
    f.ret(&[]);
    module_of([c.finish(), f.finish()])
}

#[test]
fn bulk_copy_and_fill() {
    let mut m = instance(&bulk_module());
    let args = |a: i32, b: i32, c: i32| [Imm::i32(a), Imm::i32(b), Imm::i32(c)];
    m.memory_mut()[100..108].copy_from_slice(b"abcdefgh");
    m.invoke("copy", &args(102, 100, 6)).unwrap(); // overlapping, forwards
    assert_eq!(&m.memory()[100..108], b"ababcdef");
    m.invoke("copy", &args(100, 102, 6)).unwrap(); // overlapping, backwards
    assert_eq!(&m.memory()[100..108], b"abcdefef");
    m.invoke("fill", &args(101, 0x1_2358, 3)).unwrap(); // low 8 bits
    assert_eq!(&m.memory()[100..106], &[b'a', 0x58, 0x58, 0x58, b'e', b'f']);

    let size = m.memory().len() as i32;
    // Zero lengths: fine up to the end, a trap past it.
    m.invoke("copy", &args(size, size, 0)).unwrap();
    m.invoke("fill", &args(size, 1, 0)).unwrap();
    assert_trap(
        m.invoke("copy", &args(size + 1, 0, 0)),
        TrapKind::MemoryOutOfBounds,
        "copy",
    );
    assert_trap(
        m.invoke("copy", &args(0, size + 1, 0)),
        TrapKind::MemoryOutOfBounds,
        "copy",
    );
    assert_trap(
        m.invoke("fill", &args(size + 1, 0, 0)),
        TrapKind::MemoryOutOfBounds,
        "fill",
    );
    // Out-of-bounds ranges trap before writing anything.
    m.memory_mut()[size as usize - 4..].copy_from_slice(b"wxyz");
    assert_trap(
        m.invoke("copy", &args(size - 4, 100, 5)),
        TrapKind::MemoryOutOfBounds,
        "copy",
    );
    assert_trap(
        m.invoke("copy", &args(100, size - 4, 5)),
        TrapKind::MemoryOutOfBounds,
        "copy",
    );
    assert_trap(
        m.invoke("fill", &args(size - 4, 0, 5)),
        TrapKind::MemoryOutOfBounds,
        "fill",
    );
    assert_trap(
        m.invoke("fill", &args(size - 4, 0, -1)),
        TrapKind::MemoryOutOfBounds,
        "fill",
    );
    assert_eq!(&m.memory()[size as usize - 4..], b"wxyz");
    assert_eq!(&m.memory()[100..101], b"a");
}

#[test]
fn data_objects_addresses_and_globals() {
    let mut module = Module::new();
    let greeting = module.add_data(DataObject {
        name: "greeting".into(),
        align: None,
        readonly: true,
        items: vec![DataItem::Bytes(b"Hi!".to_vec())],
        is_string: true,
    });
    // Function 0 is @target, whose address the table below takes.
    let mut target = FnBuilder::new("target", &[], &[]);
    target.ret(&[]);
    let target = module.add_function(target.finish());
    let table = module.add_data(DataObject {
        name: "table".into(),
        align: Some(8),
        readonly: false,
        items: vec![
            DataItem::Scalars {
                ty: DataType::I64,
                values: vec![DataValue::Bits(u64::MAX)],
            },
            DataItem::Scalars {
                ty: DataType::Ptr,
                values: vec![
                    DataValue::DataAddr(greeting, 1),
                    DataValue::FuncAddr(target),
                ],
            },
            DataItem::Zero(3),
        ],
        is_string: false,
    });
    let counter = module.add_global(GlobalDecl {
        name: "counter".into(),
        ty: I64,
        mutable: true,
        init: Imm::i64(40),
        export: None,
    });
    // `@bump() -> (i64, i32, i32, i32)`: counter += 2; returns it, the address of
    // @table + 8, the heap base and the table's second pointer.
    let mut b = FnBuilder::new("bump", &[], &[I64, I32, I32, I32]);
    let c = b.inst1(InstKind::GlobalGet { global: counter }, I64);
    let two = b.i64(2);
    let c2 = b.bin(BinaryOp::Add, c, two);
    b.inst(
        InstKind::GlobalSet {
            global: counter,
            value: c2,
        },
        &[],
    );
    let addr = b.inst1(
        InstKind::DataAddr {
            data: table,
            offset: 8,
        },
        I32,
    );
    let heap = b.inst1(InstKind::HeapBase, I32);
    let fp = b.load(I32, addr, 4);
    b.ret(&[c2, addr, heap, fp]);
    module.add_function(b.finish());

    let layout = Layout::compute(&module).unwrap();
    let mut m = instance(&module);
    let g = layout.data_address(greeting) as usize;
    let t = layout.data_address(table) as usize;
    assert_eq!(&m.memory()[g..g + 3], b"Hi!");
    assert_eq!(t % 8, 0);
    let mut expected = u64::MAX.to_le_bytes().to_vec();
    expected.extend_from_slice(&(g as u32 + 1).to_le_bytes());
    expected.extend_from_slice(&1u32.to_le_bytes()); // @target's table index
    expected.extend_from_slice(&[0, 0, 0]);
    assert_eq!(&m.memory()[t..t + 19], &expected[..]);
    assert_eq!(m.global("counter"), Some(Imm::i64(40)));
    assert_eq!(
        m.invoke("bump", &[]),
        Ok(vec![
            Imm::i64(42),
            Imm::i32(t as i32 + 8),
            Imm::i32(layout.heap_base as i32),
            Imm::i32(1)
        ])
    );
    assert_eq!(m.global("counter"), Some(Imm::i64(42)));
    assert_eq!(m.global("nope"), None);
    assert_eq!(m.layout().heap_base, layout.heap_base);
}
