//! Secondary maps sized for a whole function (or module) up front.
//!
//! Writing to a `cranelift_entity::SecondaryMap` past its end grows it to just that
//! index, one call each time a larger entity is written: on maps filled in increasing
//! entity order that is a call per entity. Passes build such maps over every
//! instruction, value or block several times per function, so they start at full size.

use cranelift_entity::{EntityRef, SecondaryMap};

/// A secondary map with a default entry for each of `n` entities.
pub(crate) fn map<K: EntityRef, V: Clone + Default>(n: usize) -> SecondaryMap<K, V> {
    let mut map = SecondaryMap::with_capacity(n);
    map.resize(n);
    map
}

/// [`map`] with `default` as the value of absent entries.
pub(crate) fn map_with_default<K: EntityRef, V: Clone>(n: usize, default: V) -> SecondaryMap<K, V> {
    let mut map = SecondaryMap::with_default(default);
    map.resize(n);
    map
}
