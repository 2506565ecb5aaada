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

/// How many constant `add`/`sub` steps [`decompose`] follows. A slot address derived
/// through a longer chain counts as escaping ([`SlotEscapes`]), so every address a
/// non-escaping slot reaches decomposes to that slot.
pub const MAX_CHAIN: usize = 64;

/// Takes `addr` apart into its base and constant offset.
pub fn decompose(func: &Function, mut addr: Value) -> Address {
    let mut offset: i64 = 0;
    // A bounded walk: long chains of constant adds are rare, and stopping early only
    // makes the answer less precise.
    for _ in 0..MAX_CHAIN {
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
    /// For an address not taken apart to a slot or data object (its base is
    /// [`Base::Other`]), the object it still points into when it is computed from one
    /// by adding non-constant integers (`addr @table + %i*4`): the exact bytes are
    /// unknown, but they belong to that object ([`points_into`]).
    pub object: Option<Base>,
}

impl Location {
    /// The location of an access of `size` bytes at `addr` plus the immediate offset.
    pub fn of(func: &Function, addr: Value, mem_offset: u32, size: u32) -> Location {
        let a = decompose(func, addr);
        let object = match a.base {
            Base::Other(v) => points_into(func, v),
            _ => None,
        };
        Location {
            base: a.base,
            offset: a.offset + mem_offset as i64,
            size,
            object,
        }
    }

    /// The object the bytes belong to, if known: the slot or data object of the base,
    /// or the one the address points into.
    pub fn object(&self) -> Option<Base> {
        match self.base {
            Base::Other(_) => self.object,
            base => Some(base),
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

    /// [`access_in_object`] for the location of an access whose immediate offset is
    /// `mem_offset`.
    pub fn in_object(&self, mem_offset: u32, module: &Module, func: &Function) -> bool {
        let value = Location {
            offset: self.offset - mem_offset as i64,
            size: 0,
            ..*self
        };
        value.in_bounds(module, func) && self.in_bounds(module, func)
    }

    /// Whether the bytes lie inside a slot whose address does not escape: no call,
    /// system call or access through another base can touch them.
    pub fn is_private(&self, module: &Module, func: &Function, escapes: &SlotEscapes) -> bool {
        match self.base {
            Base::Slot(s) => !escapes.escapes(s) && self.in_bounds(module, func),
            _ => false,
        }
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
        // Offsets are compared modulo 2^32: address arithmetic wraps, so offsets from
        // one base that differ by a multiple of 2^32 can name the same bytes.
        let overlap = || {
            let d = (other.offset - self.offset).rem_euclid(1 << 32);
            d < self.size as i64 || (1i64 << 32) - d < other.size as i64
        };
        if self.base == other.base {
            return overlap();
        }
        // Different objects: an access through an address pointing into one object
        // never reaches another's bytes (docs/lir.md, "Objects and addresses").
        if let (Some(a), Some(b)) = (self.object(), other.object()) {
            if a != b {
                return false;
            }
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

/// The slot or data object `addr` points into when it is computed from that object's
/// address by adding or subtracting integers (constants or not): `add %p, %i` where
/// exactly one operand points into an object. `None` when unknown.
pub fn points_into(func: &Function, mut addr: Value) -> Option<Base> {
    for _ in 0..MAX_CHAIN {
        match func.values[addr].def {
            ValueDef::Slot(slot) => return Some(Base::Slot(slot)),
            ValueDef::Result(inst, 0) => match &func.insts[inst].kind {
                InstKind::DataAddr { data, .. } => return Some(Base::Data(*data)),
                InstKind::Binary {
                    op: BinaryOp::Add,
                    args,
                } => {
                    let [a, b] = *args;
                    // Follow the operand that can be an address; a product, shift or
                    // constant is an index.
                    let is_index = |v: Value| {
                        func.as_const(v).is_some()
                            || matches!(
                                crate::edit::def_kind(func, v),
                                Some(InstKind::Binary {
                                    op: BinaryOp::Mul | BinaryOp::Shl | BinaryOp::And,
                                    ..
                                })
                            )
                    };
                    addr = match (is_index(a), is_index(b)) {
                        (false, true) => a,
                        (true, false) => b,
                        _ => return None,
                    };
                }
                InstKind::Binary {
                    op: BinaryOp::Sub,
                    args,
                } => addr = args[0],
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// Whether an access of `size` bytes at `[addr + mem_offset]` certainly touches bytes of
/// the slot or data object its address is computed from, exactly at the offset
/// [`decompose`] gives: the address value itself points into the object (its offset is
/// between 0 and the object's size, so no `add` on the way wrapped) and the bytes lie
/// inside the object. Such an access cannot trap.
pub fn access_in_object(
    module: &Module,
    func: &Function,
    addr: Value,
    mem_offset: u32,
    size: u32,
) -> bool {
    Location::of(func, addr, mem_offset, size).in_object(mem_offset, module, func)
}

/// Which slots' addresses escape.
#[derive(Clone, Debug, Default)]
pub struct SlotEscapes {
    escapes: SecondaryMap<Slot, bool>,
    /// The slot each value is computed from by constant steps, and how many steps.
    derived: SecondaryMap<Value, Option<(Slot, u32)>>,
}

impl SlotEscapes {
    /// A slot escapes when a value computed from its address (by adding or
    /// subtracting constants) is used other than as the address of a load or store,
    /// or is computed through more than [`MAX_CHAIN`] steps.
    pub fn new(func: &Function) -> SlotEscapes {
        let mut result = SlotEscapes::default();
        if func.slots.is_empty() {
            return result;
        }
        // Which values are slot addresses plus constants, in any order: the layout
        // need not follow dominance, and unreachable blocks may even hold cycles.
        let mut state: SecondaryMap<Value, u8> = lir::entities::dense_map(func.values.len());
        result.derived = lir::entities::dense_map(func.values.len());
        for (slot, data) in func.slots.iter() {
            result.derived[data.value] = Some((slot, 0));
            state[data.value] = 2;
        }
        let mut path = Vec::new();
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                if let [r] = func.insts[inst].results[..] {
                    result.derive(func, r, &mut state, &mut path);
                }
            }
        }
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                let data = &func.insts[inst];
                let escape = |s: &mut Self, v: Value| {
                    if let Some((slot, _)) = s.derived[v] {
                        s.escapes[slot] = true;
                    }
                };
                match &data.kind {
                    // The address use is fine.
                    InstKind::Load { .. } => {}
                    InstKind::Store { value, .. } => escape(&mut result, *value),
                    // Address arithmetic: its result is derived (and checked where used).
                    _ if data.results.len() == 1 && result.derived[data.results[0]].is_some() => {
                        if let Some((slot, depth)) = result.derived[data.results[0]] {
                            if depth as usize >= MAX_CHAIN {
                                result.escapes[slot] = true;
                            }
                        }
                    }
                    other => other.for_each_arg(|v| escape(&mut result, v)),
                }
            }
        }
        result
    }

    /// Follows constant steps down from `v` (iteratively) and records what every value
    /// on the way is derived from. `state` is 0 for unseen values, 1 for values on the
    /// current path and 2 for finished ones.
    fn derive(
        &mut self,
        func: &Function,
        v: Value,
        state: &mut SecondaryMap<Value, u8>,
        path: &mut Vec<Value>,
    ) {
        let mut cur = v;
        let mut root = loop {
            match state[cur] {
                2 => break self.derived[cur],
                1 => break None, // a cycle, only possible in unreachable code
                _ => {}
            }
            match offset_step(func, cur) {
                Some((next, _)) => {
                    path.push(cur);
                    state[cur] = 1;
                    cur = next;
                }
                None => {
                    state[cur] = 2;
                    break None;
                }
            }
        };
        while let Some(p) = path.pop() {
            root = root.map(|(slot, depth)| (slot, depth + 1));
            self.derived[p] = root;
            state[p] = 2;
        }
    }

    pub fn escapes(&self, slot: Slot) -> bool {
        self.escapes[slot]
    }

    /// The slot `v` is computed from by adding and subtracting constants, if any.
    pub fn slot_of(&self, v: Value) -> Option<Slot> {
        self.derived[v].map(|(slot, _)| slot)
    }
}

/// The operand `v` is computed from by adding or subtracting a constant (the step
/// [`decompose`] takes), and the signed amount added, if `v` is such an `add`/`sub`.
pub fn offset_step(func: &Function, v: Value) -> Option<(Value, i64)> {
    let ValueDef::Result(inst, 0) = func.values[v].def else {
        return None;
    };
    match &func.insts[inst].kind {
        InstKind::Binary {
            op: BinaryOp::Add,
            args,
        } => {
            if let Some(c) = func.as_const(args[1]) {
                Some((args[0], c.as_i64()))
            } else {
                func.as_const(args[0]).map(|c| (args[1], c.as_i64()))
            }
        }
        InstKind::Binary {
            op: BinaryOp::Sub,
            args,
        } => func
            .as_const(args[1])
            .map(|c| (args[0], c.as_i64().wrapping_neg())),
        _ => None,
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
