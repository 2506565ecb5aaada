//! Linear memory: loads and stores of every width, bounds, growth, bulk operations,
//! data objects, addresses and globals.

use super::*;
use crate::interp::InterpConfig;
use crate::layout::{Layout, PAGE_SIZE};

pub(super) const ACCESS: &str = "
    func @load_u8_i32(%p: ptr) -> i32 {
        %v = load.u8.i32 [%p]
        ret %v
    }
    func @load_s8_i32(%p: ptr) -> i32 {
        %v = load.s8.i32 [%p]
        ret %v
    }
    func @load_s16_i32(%p: ptr) -> i32 {
        %v = load.s16.i32 [%p]
        ret %v
    }
    func @load_u16_i64(%p: ptr) -> i64 {
        %v = load.u16.i64 [%p]
        ret %v
    }
    func @load_s8_i64(%p: ptr) -> i64 {
        %v = load.s8.i64 [%p]
        ret %v
    }
    func @load_s32_i64(%p: ptr) -> i64 {
        %v = load.s32.i64 [%p]
        ret %v
    }
    func @load_u32_i64(%p: ptr) -> i64 {
        %v = load.u32.i64 [%p]
        ret %v
    }
    func @load_i32(%p: ptr) -> i32 {
        %v = load.i32 [%p] align 1
        ret %v
    }
    func @load_i64(%p: ptr) -> i64 {
        %v = load.i64 [%p]
        ret %v
    }
    func @load_f32(%p: ptr) -> f32 {
        %v = load.f32 [%p]
        ret %v
    }
    func @load_f64_at_8(%p: ptr) -> f64 {
        %v = load.f64 [%p + 8]
        ret %v
    }
    func @load_i32_far(%p: ptr) -> i32 {
        %v = load.i32 [%p + 0xffffffff]
        ret %v
    }
    func @store_8(%p: ptr, %v: i32) {
        store.8 [%p], %v
        ret
    }
    func @store_16_i64(%p: ptr, %v: i64) {
        store.16 [%p], %v
        ret
    }
    func @store_32_i64(%p: ptr, %v: i64) {
        store.32 [%p], %v
        ret
    }
    func @store_i64(%p: ptr, %v: i64) {
        store.i64 [%p], %v
        ret
    }
    func @store_f32(%p: ptr, %v: f32) {
        store.f32 [%p], %v
        ret
    }
    func @store_i32_at_4(%p: ptr, %v: i32) {
        store.i32 [%p + 4], %v
        ret
    }";

#[test]
fn loads_and_stores_of_every_width() {
    let mut m = load(ACCESS);
    let p = 0x2000;
    let bytes = [0x80, 0xff, 0x34, 0x92, 0x78, 0x56, 0x34, 0x12];
    m.memory_mut()[p..p + 8].copy_from_slice(&bytes);
    let p = p as i32;
    let mut load1 = |f: &str, addr: i32| call(&mut m, f, &[Imm::i32(addr)])[0];
    assert_eq!(load1("load_u8_i32", p), Imm::i32(0x80));
    assert_eq!(load1("load_s8_i32", p), Imm::i32(-128));
    assert_eq!(load1("load_s16_i32", p), Imm::i32(-128));
    assert_eq!(load1("load_u16_i64", p), Imm::i64(0xff80));
    assert_eq!(load1("load_s8_i64", p + 1), Imm::i64(-1));
    assert_eq!(
        load1("load_s32_i64", p),
        Imm::i64(0x9234_ff80u32 as i32 as i64)
    );
    assert_eq!(load1("load_u32_i64", p), Imm::i64(0x9234_ff80));
    assert_eq!(load1("load_i32", p + 1), Imm::i32(0x7892_34ff)); // misaligned is fine
    assert_eq!(load1("load_i64", p), Imm::i64(0x1234_5678_9234_ff80));
    assert_eq!(load1("load_f32", p).bits(), 0x9234_ff80);

    let at = |m: &Interpreter, len: usize| m.memory()[p as usize..p as usize + len].to_vec();
    call(&mut m, "store_8", &[Imm::i32(p), Imm::i32(0x1234_56ab)]);
    call(&mut m, "store_16_i64", &[Imm::i32(p + 2), Imm::i64(-2)]);
    assert_eq!(at(&m, 5), [0xab, 0xff, 0xfe, 0xff, 0x78]);
    call(
        &mut m,
        "store_32_i64",
        &[Imm::i32(p), Imm::i64(0x1_0000_0001)],
    );
    assert_eq!(at(&m, 5), [1, 0, 0, 0, 0x78]);
    let nan = Imm::new(Type::F32, 0xff80_0001);
    call(&mut m, "store_f32", &[Imm::i32(p), nan]);
    assert_eq!(call(&mut m, "load_f32", &[Imm::i32(p)]), [nan]);
    let bits = (-1.5f64).to_bits() as i64;
    call(&mut m, "store_i64", &[Imm::i32(p + 8), Imm::i64(bits)]);
    assert_eq!(
        call(&mut m, "load_f64_at_8", &[Imm::i32(p)]),
        [Imm::f64(-1.5)]
    );
    call(&mut m, "store_i32_at_4", &[Imm::i32(p), Imm::i32(7)]);
    assert_eq!(call(&mut m, "load_i32", &[Imm::i32(p + 4)]), [Imm::i32(7)]);
}

#[test]
fn accesses_past_the_end_trap() {
    use TrapKind::MemoryOutOfBounds as Oob;
    let mut m = load(ACCESS);
    let size = m.memory().len() as i32;
    let at = |addr: i32| [Imm::i32(addr)];
    call(&mut m, "load_i32", &at(size - 4));
    assert_trap(m.invoke("load_i32", &at(size - 3)), Oob, "load_i32");
    call(&mut m, "load_u8_i32", &at(size - 1));
    assert_trap(m.invoke("load_u8_i32", &at(size)), Oob, "load_u8_i32");
    assert_trap(m.invoke("load_i64", &at(-1)), Oob, "load_i64");
    // addr + offset does not wrap around 2^32.
    assert_trap(m.invoke("load_i32_far", &at(1)), Oob, "load_i32_far");
    assert_trap(
        m.invoke("load_f64_at_8", &at(size - 8)),
        Oob,
        "load_f64_at_8",
    );
    let store = [Imm::i32(size - 4), Imm::i32(1)];
    assert_trap(m.invoke("store_i32_at_4", &store), Oob, "store_i32_at_4");
    // A trapping store writes nothing.
    let tail = size as usize - 4;
    let before = m.memory()[tail..].to_vec();
    let store = [Imm::i32(size - 4), Imm::i64(-1)];
    assert_trap(m.invoke("store_i64", &store), Oob, "store_i64");
    assert_eq!(&m.memory()[tail..], &before[..]);
}

pub(super) const GROW: &str = "
    func @size() -> i32 {
        %s = memory.size
        ret %s
    }
    func @grow(%n: i32) -> i32 {
        %old = memory.grow %n
        ret %old
    }";

#[test]
fn memory_grows_up_to_its_limits() {
    let mut m = load(&format!("memory 2 max 4\n{GROW}"));
    let mut grow = |n: i32| call(&mut m, "grow", &[Imm::i32(n)])[0];
    assert_eq!(grow(0), Imm::i32(2));
    assert_eq!(grow(1), Imm::i32(2));
    assert_eq!(grow(2), Imm::i32(-1));
    assert_eq!(grow(-1), Imm::i32(-1));
    assert_eq!(grow(1), Imm::i32(3));
    assert_eq!(call(&mut m, "size", &[]), [Imm::i32(4)]);
    assert_eq!(m.memory().len() as u64, 4 * PAGE_SIZE);

    // The executor's limit stops a program that grows past it; growth within it works.
    let module = parse(GROW);
    let min = Layout::compute(&module).unwrap().min_pages;
    let config = InterpConfig::new().max_memory((min as u64 + 1) * PAGE_SIZE);
    let mut m = instance_with(&module, config);
    assert_eq!(call(&mut m, "grow", &[Imm::i32(0)]), [Imm::i32(min as i32)]);
    assert_eq!(call(&mut m, "grow", &[Imm::i32(1)]), [Imm::i32(min as i32)]);
    let err = m.invoke("grow", &[Imm::i32(1)]).unwrap_err();
    assert_eq!(
        err,
        RunError::MemoryLimitExceeded {
            limit: (min as u64 + 1) * PAGE_SIZE
        }
    );
    let config = InterpConfig::new().max_memory(0);
    let err = Interpreter::new(&module, config).unwrap_err();
    assert!(err.to_string().contains("limit is 0"), "{err}");
}

#[test]
fn bulk_copy_and_fill() {
    use TrapKind::MemoryOutOfBounds as Oob;
    let mut m = load(
        "
        func @copy(%dst: ptr, %src: ptr, %n: i32) {
            memory.copy %dst, %src, %n
            ret
        }
        func @fill(%dst: ptr, %byte: i32, %n: i32) {
            memory.fill %dst, %byte, %n
            ret
        }",
    );
    let args = |a: i32, b: i32, c: i32| [Imm::i32(a), Imm::i32(b), Imm::i32(c)];
    m.memory_mut()[100..108].copy_from_slice(b"abcdefgh");
    call(&mut m, "copy", &args(102, 100, 6)); // overlapping, forwards
    assert_eq!(&m.memory()[100..108], b"ababcdef");
    call(&mut m, "copy", &args(100, 102, 6)); // overlapping, backwards
    assert_eq!(&m.memory()[100..108], b"abcdefef");
    call(&mut m, "fill", &args(101, 0x1_2358, 3)); // the low 8 bits
    assert_eq!(&m.memory()[100..106], b"a\x58\x58\x58ef");

    let size = m.memory().len() as i32;
    // Zero lengths: fine up to the end, a trap past it.
    call(&mut m, "copy", &args(size, size, 0));
    call(&mut m, "fill", &args(size, 1, 0));
    assert_trap(m.invoke("copy", &args(size + 1, 0, 0)), Oob, "copy");
    assert_trap(m.invoke("copy", &args(0, size + 1, 0)), Oob, "copy");
    assert_trap(m.invoke("fill", &args(size + 1, 0, 0)), Oob, "fill");
    // Ranges past the end trap before anything is written.
    let tail = size as usize - 4;
    m.memory_mut()[tail..].copy_from_slice(b"wxyz");
    assert_trap(m.invoke("copy", &args(size - 4, 100, 5)), Oob, "copy");
    assert_trap(m.invoke("copy", &args(100, size - 4, 5)), Oob, "copy");
    assert_trap(m.invoke("fill", &args(size - 4, 0, 5)), Oob, "fill");
    assert_trap(m.invoke("fill", &args(size - 4, 0, -1)), Oob, "fill");
    assert_eq!(&m.memory()[tail..], b"wxyz");
    assert_eq!(&m.memory()[100..101], b"a");
}

#[test]
fn data_objects_addresses_and_globals() {
    let module = parse(
        "
        data @greeting readonly = \"Hi!\"
        data @table align 8 = { i64 -1; ptr @greeting + 1, @target; zero 3 }
        global @counter: i64 mut = 40

        func @target() {
            ret
        }
        ; counter += 2; returns it, @table + 8, the heap base and @table's 2nd pointer.
        func @bump() -> (i64, i32, i32, i32) {
            %c = global.get @counter
            %c2 = add %c, 2
            global.set @counter, %c2
            %addr = addr @table + 8
            %heap = addr @__heap_base
            %fp = load.i32 [%addr + 4]
            ret %c2, %addr, %heap, %fp
        }",
    );
    let layout = Layout::compute(&module).unwrap();
    let address = |name| layout.data_address(module.data_by_name(name).unwrap()) as usize;
    let (g, t) = (address("greeting"), address("table"));
    let mut m = instance(&module);
    assert_eq!(&m.memory()[g..g + 3], b"Hi!");
    assert_eq!(t % 8, 0);
    let mut expected = u64::MAX.to_le_bytes().to_vec();
    expected.extend_from_slice(&(g as u32 + 1).to_le_bytes());
    expected.extend_from_slice(&1u32.to_le_bytes()); // @target's table index
    expected.extend_from_slice(&[0, 0, 0]);
    assert_eq!(&m.memory()[t..t + 19], &expected[..]);
    assert_eq!(m.global("counter"), Some(Imm::i64(40)));
    let heap = layout.heap_base as i32;
    let results = [
        Imm::i64(42),
        Imm::i32(t as i32 + 8),
        Imm::i32(heap),
        Imm::i32(1),
    ];
    assert_eq!(call(&mut m, "bump", &[]), results);
    assert_eq!(m.global("counter"), Some(Imm::i64(42)));
    assert_eq!(m.global("nope"), None);
    assert_eq!(m.layout().heap_base, layout.heap_base);
}
