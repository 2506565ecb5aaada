//! The wasm32 memory layout and function table of a module, shared by the reference
//! interpreter and the backends so that every address agrees.
//!
//! ```text
//! 0 ............ 1024: reserved (a null pointer never aliases an object)
//! 1024 ......... data objects in declaration order, each at its alignment
//! stack_base ... stack_top: the shadow stack, growing down from stack_top (16-aligned)
//! heap_base = stack_top: first byte free for the program (`addr @__heap_base`)
//! ```
//!
//! A module that makes system calls gets [`SYSCALL_SCRATCH`] more bytes of shadow stack
//! than it declares: on `wasm32-wasip1` each system call runs glue code whose frames
//! (iovecs, out-parameters) come from the shadow stack, and the program's declared
//! stack stays all its own. The interpreter, which needs no glue, gets the same layout,
//! so addresses agree; legalization writes the sum into the module's `stack N`
//! (`lir_wasi::legalize`), since its output no longer makes system calls.
//!
//! Table index 0 stays empty; every function whose address is taken (`funcaddr`, or
//! `ptr @f` in data) gets the next index, in declaration order.

use crate::entities::{Data, Func};
use crate::inst::InstKind;
use crate::module::{DataItem, DataValue, Module};
use cranelift_entity::SecondaryMap;

/// Bytes at the start of memory that no object occupies.
pub const RESERVED_BYTES: u32 = 1024;
/// Shadow-stack size when the module does not say `stack N`.
pub const DEFAULT_STACK_SIZE: u32 = 64 * 1024;
/// Bytes per wasm page.
pub const PAGE_SIZE: u64 = 65536;
/// Largest number of pages of a 32-bit memory.
pub const MAX_PAGES: u32 = 65536;
/// Alignment of the stack pointer and of every frame.
pub const STACK_ALIGN: u32 = 16;
/// Shadow-stack bytes reserved, beyond the declared stack, for the frames of the
/// system-call glue of a module that makes system calls (see the module
/// documentation). The deepest glue needs fewer (checked by `lir-wasi`'s tests), except
/// `open` of a long path, whose glue copies the path onto the stack.
pub const SYSCALL_SCRATCH: u32 = 256;

/// The shadow-stack size of `module`'s layout: its declared (or default) size, plus
/// [`SYSCALL_SCRATCH`] when it makes system calls.
pub fn stack_size(module: &Module) -> u64 {
    stack_size_given(module, makes_syscalls(module))
}

fn stack_size_given(module: &Module, makes_syscalls: bool) -> u64 {
    let declared = module.stack_size.unwrap_or(DEFAULT_STACK_SIZE) as u64;
    if makes_syscalls {
        declared + SYSCALL_SCRATCH as u64
    } else {
        declared
    }
}

/// What [`Layout::compute`] needs from the function bodies, found in one walk.
struct BodyScan {
    makes_syscalls: bool,
    /// Functions named by a `funcaddr`.
    taken: SecondaryMap<Func, bool>,
}

impl BodyScan {
    fn of(module: &Module) -> BodyScan {
        let mut scan = BodyScan {
            makes_syscalls: false,
            taken: SecondaryMap::new(),
        };
        for func in module.funcs.values() {
            for &block in &func.layout {
                for &inst in &func.blocks[block].insts {
                    match func.insts[inst].kind {
                        InstKind::FuncAddr { func: f } => scan.taken[f] = true,
                        InstKind::Syscall { .. } => scan.makes_syscalls = true,
                        _ => {}
                    }
                }
            }
        }
        scan
    }
}

/// Whether any function of `module` has a `syscall.*` instruction.
pub fn makes_syscalls(module: &Module) -> bool {
    module.funcs.values().any(|func| {
        func.layout.iter().any(|&block| {
            func.blocks[block]
                .insts
                .iter()
                .any(|&inst| matches!(func.insts[inst].kind, InstKind::Syscall { .. }))
        })
    })
}

/// Addresses of data objects, the shadow stack and the heap, plus table indices.
#[derive(Clone, Debug)]
pub struct Layout {
    data_addr: SecondaryMap<Data, u32>,
    /// Lowest address the stack may use; a frame below it is a stack overflow.
    pub stack_base: u32,
    /// Initial stack pointer.
    pub stack_top: u32,
    /// First byte after the stack.
    pub heap_base: u32,
    /// Minimum memory size in pages (covers everything above).
    pub min_pages: u32,
    pub max_pages: Option<u32>,
    table_index: SecondaryMap<Func, u32>,
    /// Functions in table order; the table has `table.len() + 1` entries (index 0 empty).
    pub table: Vec<Func>,
}

/// Why a module's layout cannot be computed.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("data and stack need {needed} pages but the memory's maximum is {max}")]
    MemoryTooSmall { needed: u64, max: u32 },
    #[error("data and stack need {needed} bytes, more than a 32-bit memory holds")]
    AddressSpaceExhausted { needed: u64 },
    #[error("data object @{name} has alignment {align}, which is not a power of two")]
    BadAlignment { name: String, align: u32 },
}

fn align_up(value: u64, align: u64) -> u64 {
    value.div_ceil(align) * align
}

impl Layout {
    /// Computes the layout of `module`.
    pub fn compute(module: &Module) -> Result<Layout, LayoutError> {
        let mut data_addr = SecondaryMap::new();
        let mut cursor = RESERVED_BYTES as u64;
        for (id, obj) in module.data.iter() {
            let align = obj.effective_align();
            if !align.is_power_of_two() {
                return Err(LayoutError::BadAlignment {
                    name: obj.name.clone(),
                    align,
                });
            }
            cursor = align_up(cursor, align as u64);
            if cursor > u32::MAX as u64 {
                return Err(LayoutError::AddressSpaceExhausted { needed: cursor });
            }
            data_addr[id] = cursor as u32;
            cursor += obj.size();
        }
        let scan = BodyScan::of(module);
        let stack_size = stack_size_given(module, scan.makes_syscalls);
        let stack_base = align_up(cursor, STACK_ALIGN as u64);
        let stack_top = align_up(stack_base + stack_size, STACK_ALIGN as u64);
        let max_bytes = MAX_PAGES as u64 * PAGE_SIZE;
        if stack_top > u32::MAX as u64 {
            return Err(LayoutError::AddressSpaceExhausted { needed: stack_top });
        }
        let needed_pages = stack_top.div_ceil(PAGE_SIZE).max(1);
        let declared = module.memory.as_ref();
        let min_pages = needed_pages.max(declared.map_or(0, |m| m.min_pages as u64));
        let max_pages = declared.and_then(|m| m.max_pages);
        if let Some(max) = max_pages {
            if needed_pages > max as u64 {
                return Err(LayoutError::MemoryTooSmall {
                    needed: needed_pages,
                    max,
                });
            }
        }
        debug_assert!(stack_top <= max_bytes);

        let mut taken = scan.taken;
        for obj in module.data.values() {
            for item in &obj.items {
                if let DataItem::Scalars { values, .. } = item {
                    for v in values {
                        if let DataValue::FuncAddr(f) = v {
                            taken[*f] = true;
                        }
                    }
                }
            }
        }
        let table: Vec<Func> = module.funcs.keys().filter(|&f| taken[f]).collect();
        let mut table_index = SecondaryMap::new();
        for (i, &f) in table.iter().enumerate() {
            table_index[f] = i as u32 + 1;
        }
        Ok(Layout {
            data_addr,
            stack_base: stack_base as u32,
            stack_top: stack_top as u32,
            heap_base: stack_top as u32,
            min_pages: min_pages as u32,
            max_pages,
            table_index,
            table,
        })
    }

    /// Address of a data object.
    pub fn data_address(&self, data: Data) -> u32 {
        self.data_addr[data]
    }

    /// Table index of a function whose address is taken (0 if it is not in the table).
    pub fn table_index(&self, func: Func) -> u32 {
        self.table_index[func]
    }

    /// The initial bytes of a data object, with symbol references resolved.
    pub fn data_bytes(&self, module: &Module, data: Data) -> Vec<u8> {
        let obj = &module.data[data];
        let mut out = Vec::with_capacity(obj.size() as usize);
        for item in &obj.items {
            match item {
                DataItem::Bytes(bytes) => out.extend_from_slice(bytes),
                DataItem::Zero(n) => out.resize(out.len() + *n as usize, 0),
                DataItem::Scalars { ty, values } => {
                    for v in values {
                        let bits = match *v {
                            DataValue::Bits(bits) => bits,
                            DataValue::DataAddr(d, off) => {
                                self.data_address(d).wrapping_add(off) as u64
                            }
                            DataValue::FuncAddr(f) => self.table_index(f) as u64,
                        };
                        out.extend_from_slice(&bits.to_le_bytes()[..ty.size() as usize]);
                    }
                }
            }
        }
        out
    }
}

/// The shadow-stack frame of a function: where each slot lives relative to the stack
/// pointer after the frame is allocated. Slots are placed in declaration order, each at
/// its alignment; the frame size is rounded up to [`STACK_ALIGN`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrameLayout {
    /// Offset of each slot from the frame's base (the lowered stack pointer).
    pub slot_offsets: SecondaryMap<crate::entities::Slot, u32>,
    /// Bytes the stack pointer moves down on entry (0 for a function without slots).
    pub size: u32,
}

impl FrameLayout {
    /// The frame of `func`. Sizes that overflow 32 bits saturate (such a frame can
    /// never fit and traps on entry).
    pub fn of(func: &crate::function::Function) -> FrameLayout {
        let mut offsets = SecondaryMap::new();
        let mut cursor: u64 = 0;
        for (slot, data) in func.slots.iter() {
            cursor = align_up(cursor, data.effective_align().max(1) as u64);
            offsets[slot] = cursor.min(u32::MAX as u64) as u32;
            cursor += data.size as u64;
        }
        let size = align_up(cursor, STACK_ALIGN as u64).min(u32::MAX as u64 & !15) as u32;
        FrameLayout {
            slot_offsets: offsets,
            size,
        }
    }
}
