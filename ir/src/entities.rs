//! Entity references: small `u32` handles into the arenas of a module or function.
//!
//! `Func`, `Data` and `Global` index the module; `Block`, `Value`, `Inst` and `Slot`
//! index one function. Handles are only meaningful together with the arena that made them.
//! [`dense_map`] makes the side tables passes keep per entity.

use cranelift_entity::{entity_impl, EntityRef, SecondaryMap};

/// A secondary map with an entry for each of the entities `0..n`, made up front.
///
/// Writing to a `SecondaryMap` past its end grows it to just that index, one call each
/// time a larger entity is written: on maps filled entity by entity that is a call per
/// entity (12% of the optimizer's instructions once). Analyses and passes size their
/// per-function maps with this instead.
///
/// ```
/// let seen: cranelift_entity::SecondaryMap<lir::Block, bool> = lir::entities::dense_map(3);
/// assert_eq!(seen.values().len(), 3);
/// ```
pub fn dense_map<K: EntityRef, V: Clone + Default>(n: usize) -> SecondaryMap<K, V> {
    dense_map_with_default(n, V::default())
}

/// [`dense_map`] with `default` as the value of every entry (and of absent ones).
pub fn dense_map_with_default<K: EntityRef, V: Clone>(n: usize, default: V) -> SecondaryMap<K, V> {
    let mut map = SecondaryMap::with_default(default);
    map.resize(n);
    map
}

/// A function (defined or imported) of a module.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Func(u32);
entity_impl!(Func, "func");

/// A data object of a module.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Data(u32);
entity_impl!(Data, "data");

/// A global variable of a module.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Global(u32);
entity_impl!(Global, "global");

/// A basic block of a function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Block(u32);
entity_impl!(Block, "block");

/// An SSA value of a function: a parameter, block parameter, instruction result,
/// stack-slot address or constant.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(u32);
entity_impl!(Value, "v");

/// An instruction of a function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Inst(u32);
entity_impl!(Inst, "inst");

/// A stack slot of a function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot(u32);
entity_impl!(Slot, "slot");
