//! Addresses as a base plus a constant offset, which slots escape, and whether two
//! accesses may touch the same bytes.
//!
//! An address value is taken apart through `add`/`sub` of constants down to its base:
//! a stack slot, a data object (`addr @d + k`), or any other value. Two accesses may
//! alias unless their bases are known apart or their byte ranges at one base are
//! disjoint. This rests on two rules of docs/lir.md ("Semantics"): a slot's bytes are
//! reached only through addresses computed from the slot, and an access through an
//! address computed from a data object or slot that falls outside that object touches
//! unspecified memory. So a slot whose address never escapes (is only used, after
//! constant offsets, as the address of loads and stores) is invisible to every other
//! pointer, call and system call.

use cranelift_entity::SecondaryMap;
use lir::{BinaryOp, Data, Function, InstKind, Module, Slot, Value, ValueDef};

/// What an address is computed from.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Base {
    Slot(Slot),
    Data(Data),
    /// Anything else: a parameter, a loaded pointer, an arbitrary computation.
    Other(Value),
}

/// `base + offset` (the offset as a signed 64-bit sum of the constants added).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Address {
    pub base: Base,
    pub offset: i64,
}

/// Takes `addr` apart into its base and constant offset.
pub fn decompose(func: &Function, mut addr: Value) -> Address {
    let mut offset: i64 = 0;
    // A bounded walk: long chains of constant adds are rare, and stopping early only
    // makes the answer less precise.
    for _ in 0..64 {
        match func.values[addr].def {
            ValueDef::Slot(slot) => {
                return Address {
                    base: Base::Slot(slot),
                    offset,
                }
            }
            ValueDef::Result(inst, 0) => match &func.insts[inst].kind {
                InstKind::DataAddr { data, offset: k } => {
                    return Address {
                        base: Base::Data(*data),
                        offset: offset + *k as i64,
                    }
                }
                InstKind::Binary {
                    op: BinaryOp::Add,
                    args,
                } => {
                    if let Some(c) = func.as_const(args[1]) {
                        offset += c.as_i64();
                        addr = args[0];
                    } else if let Some(c) = func.as_const(args[0]) {
                        offset += c.as_i64();
                        addr = args[1];
                    } else {
                        break;
                    }
                }
                InstKind::Binary {
                    op: BinaryOp::Sub,
                    args,
                } => match func.as_const(args[1]) {
                    Some(c) => {
                        offset -= c.as_i64();
                        addr = args[0];
                    }
                    None => break,
                },
                _ => break,
            },
            _ => break,
        }
    }
    Address {
        base: Base::Other(addr),
        offset,
    }
}

/// The bytes one access touches: `size` bytes at `address + mem offset`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Location {
    pub base: Base,
    pub offset: i64,
    pub size: u32,
}

impl Location {
    /// The location of an access of `size` bytes at `addr` plus the immediate offset.
    pub fn of(func: &Function, addr: Value, mem_offset: u32, size: u32) -> Location {
        let a = decompose(func, addr);
        Location {
            base: a.base,
            offset: a.offset + mem_offset as i64,
            size,
        }
    }

    /// Whether the bytes lie inside the slot or data object the base names (always
    /// false for other bases).
    pub fn in_bounds(&self, module: &Module, func: &Function) -> bool {
        let object_size = match self.base {
            Base::Slot(slot) => func.slots[slot].size as i64,
            Base::Data(data) => match module.data.get(data) {
                Some(d) => d.size() as i64,
                None => return false,
            },
            Base::Other(_) => return false,
        };
        self.offset >= 0 && self.offset + self.size as i64 <= object_size
    }

    /// Whether the two locations may share a byte, given which slots escape. Accesses
    /// outside their object count as touching anything.
    pub fn may_alias(
        &self,
        other: &Location,
        module: &Module,
        func: &Function,
        escapes: &SlotEscapes,
    ) -> bool {
        let overlap = || {
            self.offset < other.offset + other.size as i64
                && other.offset < self.offset + self.size as i64
        };
        if self.base == other.base {
            return overlap();
        }
        let inside = |l: &Location| l.in_bounds(module, func);
        match (self.base, other.base) {
            // Two distinct objects, each accessed inside its bounds.
            (Base::Slot(_) | Base::Data(_), Base::Slot(_) | Base::Data(_)) => {
                !(inside(self) && inside(other))
            }
            (Base::Slot(s), Base::Other(_)) => escapes.escapes(s) || !inside(self),
            (Base::Other(_), Base::Slot(s)) => escapes.escapes(s) || !inside(other),
            _ => true,
        }
    }
}

/// Which slots' addresses escape.
#[derive(Clone, Debug, Default)]
pub struct SlotEscapes {
    escapes: SecondaryMap<Slot, bool>,
}

impl SlotEscapes {
    /// A slot escapes when a value computed from its address (by adding or
    /// subtracting constants) is used other than as the address of a load or store.
    pub fn new(func: &Function) -> SlotEscapes {
        let mut derived: SecondaryMap<Value, Option<Slot>> = SecondaryMap::new();
        for (slot, data) in func.slots.iter() {
            derived[data.value] = Some(slot);
        }
        let mut result = SlotEscapes::default();
        // Values defined in layout order see their operands' derivations first, except
        // across back edges; those can only be block arguments, which escape anyway.
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                let kind = &func.insts[inst].kind;
                match kind {
                    InstKind::Load { addr, .. } => {
                        let _ = addr; // the address use is fine
                    }
                    InstKind::Store { addr, value, .. } => {
                        let _ = addr;
                        if let Some(s) = derived[*value] {
                            result.escapes[s] = true;
                        }
                    }
                    InstKind::Binary {
                        op: BinaryOp::Add | BinaryOp::Sub,
                        args,
                    } if func.as_const(args[1]).is_some()
                        || (matches!(
                            kind,
                            InstKind::Binary {
                                op: BinaryOp::Add,
                                ..
                            }
                        ) && func.as_const(args[0]).is_some()) =>
                    {
                        let source = args.iter().find_map(|&a| derived[a]);
                        if let Some(s) = source {
                            derived[func.insts[inst].results[0]] = Some(s);
                        }
                    }
                    other => other.for_each_arg(|v| {
                        if let Some(s) = derived[v] {
                            result.escapes[s] = true;
                        }
                    }),
                }
            }
        }
        result
    }

    pub fn escapes(&self, slot: Slot) -> bool {
        self.escapes[slot]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn func(module: &Module) -> &Function {
        module.funcs.values().next().unwrap()
    }

    #[test]
    fn addresses_decompose_and_slots_escape() {
        let module = lir::text::parse(
            "data @d = { zero 16 }
            func @f(%p: ptr) -> i32 {
                slot %private 8
                slot %leaked 8
            entry:
                %a = add %private, 4
                store.i32 [%a], 1
                %b = sub %a, 4
                %x = load.i32 [%b]
                %l = add %leaked, 4
                store.i32 [%p], %l
                %q = addr @d + 8
                %r = add 4, %q
                store.i32 [%r], 2
                ret %x
            }",
        )
        .unwrap();
        let f = func(&module);
        let slots: Vec<Slot> = f.slots.keys().collect();
        let escapes = SlotEscapes::new(f);
        assert!(!escapes.escapes(slots[0]));
        assert!(escapes.escapes(slots[1]));
        let insts: Vec<_> = f.blocks[f.layout[0]].insts.clone();
        let addr_of = |i: usize| match &f.insts[insts[i]].kind {
            InstKind::Load { addr, .. } | InstKind::Store { addr, .. } => *addr,
            k => panic!("{k:?}"),
        };
        let store_private = Location::of(f, addr_of(1), 0, 4);
        let load_private = Location::of(f, addr_of(3), 0, 4);
        let store_p = Location::of(f, addr_of(5), 0, 4);
        let store_d = Location::of(f, addr_of(8), 0, 4);
        assert_eq!(store_private.offset, 4);
        assert_eq!(load_private.offset, 0);
        assert_eq!(store_d.base, Base::Data(module.data.keys().next().unwrap()));
        assert_eq!(store_d.offset, 12);
        assert!(store_d.in_bounds(&module, f));
        assert!(!store_private.may_alias(&load_private, &module, f, &escapes));
        assert!(!store_private.may_alias(&store_p, &module, f, &escapes));
        assert!(store_d.may_alias(&store_p, &module, f, &escapes));
        assert!(!store_d.may_alias(&store_private, &module, f, &escapes));
    }
}
