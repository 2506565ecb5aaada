//! Module items: which functions are entry points, what function bodies and data
//! initializers refer to, and removing functions, data objects and globals.
//!
//! Items live in the module's arenas (`PrimaryMap`s), so removing one changes the
//! handle of every item after it. [`retain`] rebuilds the arenas, keeping the items'
//! order, and rewrites every reference: calls, `return_call`, `funcaddr`, `addr`,
//! `global.get`/`global.set`, and `ptr @x` values in data initializers. It never
//! removes an item that a kept one still refers to, so a module stays valid whatever
//! set it is asked to keep.
//!
//! Only instructions of blocks in the layout count as references (unreachable blocks
//! included, as the verifier checks them); instructions left out of every block are
//! garbage and are not rewritten.

use cranelift_entity::{EntityRef, PrimaryMap, SecondaryMap};
use lir::{Data, DataItem, DataObject, DataValue, Func, Function, Global, InstKind, Module};

/// A reference from a function body or a data initializer to a module item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemRef {
    /// `call @f` or `return_call @f`.
    Call(Func),
    /// `funcaddr @f`, or `ptr @f` in data: the function's table entry.
    FuncAddr(Func),
    /// `addr @d`, or `ptr @d` in data.
    Data(Data),
    GlobalGet(Global),
    GlobalSet(Global),
}

/// Whether something outside the module may call `func` by name: it is exported, or it
/// is `@main` or the start-up code `@__lir_start` (which the runner calls and the WASI
/// layer exports as `_start`).
pub fn is_entry_point(func: &Function) -> bool {
    func.export.is_some() || func.name == "main" || func.name == lir::entry::START_NAME
}

/// The item an instruction refers to, if any.
pub fn inst_ref(kind: &InstKind) -> Option<ItemRef> {
    match kind {
        InstKind::Call { func, .. } | InstKind::ReturnCall { func, .. } => {
            Some(ItemRef::Call(*func))
        }
        InstKind::FuncAddr { func } => Some(ItemRef::FuncAddr(*func)),
        InstKind::DataAddr { data, .. } => Some(ItemRef::Data(*data)),
        InstKind::GlobalGet { global } => Some(ItemRef::GlobalGet(*global)),
        InstKind::GlobalSet { global, .. } => Some(ItemRef::GlobalSet(*global)),
        _ => None,
    }
}

/// Calls `f` on every reference of the instructions in `func`'s layout.
pub fn function_refs(func: &Function, mut f: impl FnMut(ItemRef)) {
    for &block in &func.layout {
        for &inst in &func.blocks[block].insts {
            if let Some(r) = inst_ref(&func.insts[inst].kind) {
                f(r);
            }
        }
    }
}

/// Calls `f` on every `@data` and `@func` value of a data initializer.
pub fn data_refs(data: &DataObject, mut f: impl FnMut(ItemRef)) {
    for item in &data.items {
        if let DataItem::Scalars { values, .. } = item {
            for value in values {
                match *value {
                    DataValue::DataAddr(d, _) => f(ItemRef::Data(d)),
                    DataValue::FuncAddr(func) => f(ItemRef::FuncAddr(func)),
                    DataValue::Bits(_) => {}
                }
            }
        }
    }
}

/// A set of module items.
#[derive(Clone, Debug, Default)]
pub struct Items {
    pub funcs: SecondaryMap<Func, bool>,
    pub data: SecondaryMap<Data, bool>,
    pub globals: SecondaryMap<Global, bool>,
}

impl Items {
    /// Every item of `module`.
    pub fn all(module: &Module) -> Items {
        let mut items = Items::default();
        module.funcs.keys().for_each(|f| items.funcs[f] = true);
        module.data.keys().for_each(|d| items.data[d] = true);
        module.globals.keys().for_each(|g| items.globals[g] = true);
        items
    }

    /// Adds the item `r` names; returns whether it was new.
    pub fn insert(&mut self, r: ItemRef) -> bool {
        let slot = match r {
            ItemRef::Call(f) | ItemRef::FuncAddr(f) => &mut self.funcs[f],
            ItemRef::Data(d) => &mut self.data[d],
            ItemRef::GlobalGet(g) | ItemRef::GlobalSet(g) => &mut self.globals[g],
        };
        !std::mem::replace(slot, true)
    }
}

/// Adds to `items` everything its functions and data objects refer to, transitively.
/// References for which `follow` says false are not added.
pub fn close_over(module: &Module, items: &mut Items, follow: impl Fn(ItemRef) -> bool) {
    let mut funcs: Vec<Func> = module.funcs.keys().filter(|&f| items.funcs[f]).collect();
    let mut data: Vec<Data> = module.data.keys().filter(|&d| items.data[d]).collect();
    let mut visit = |r: ItemRef, funcs: &mut Vec<Func>, data: &mut Vec<Data>| {
        let exists = match r {
            ItemRef::Call(f) | ItemRef::FuncAddr(f) => module.funcs.is_valid(f),
            ItemRef::Data(d) => module.data.is_valid(d),
            ItemRef::GlobalGet(g) | ItemRef::GlobalSet(g) => module.globals.is_valid(g),
        };
        if exists && follow(r) && items.insert(r) {
            match r {
                ItemRef::Call(f) | ItemRef::FuncAddr(f) => funcs.push(f),
                ItemRef::Data(d) => data.push(d),
                _ => {}
            }
        }
    };
    let mut found = Vec::new();
    loop {
        if let Some(f) = funcs.pop() {
            function_refs(&module.funcs[f], |r| found.push(r));
        } else if let Some(d) = data.pop() {
            data_refs(&module.data[d], |r| found.push(r));
        } else {
            break;
        }
        for r in found.drain(..) {
            visit(r, &mut funcs, &mut data);
        }
    }
}

/// Removes every function, data object and global that is not in `keep` and that no
/// kept item refers to (directly or through other kept items), renumbering the rest
/// in their order and rewriting every reference. Returns how many items it removed.
pub fn retain(module: &mut Module, keep: &Items) -> usize {
    let mut keep = keep.clone();
    close_over(module, &mut keep, |_| true);
    retain_closed(module, &keep)
}

/// As [`retain`], for a set that [`close_over`] (following every reference) would
/// not grow: nothing outside `keep` is referred to by anything in it.
pub fn retain_closed(module: &mut Module, keep: &Items) -> usize {
    debug_assert!(
        {
            let mut closed = keep.clone();
            close_over(module, &mut closed, |_| true);
            module
                .funcs
                .keys()
                .all(|f| closed.funcs[f] == keep.funcs[f])
                && module.data.keys().all(|d| closed.data[d] == keep.data[d])
                && module
                    .globals
                    .keys()
                    .all(|g| closed.globals[g] == keep.globals[g])
        },
        "retain_closed with a set that is not closed"
    );
    let (funcs, removed_funcs) = compact(&mut module.funcs, &keep.funcs);
    let (data, removed_data) = compact(&mut module.data, &keep.data);
    let (globals, removed_globals) = compact(&mut module.globals, &keep.globals);
    let removed = removed_funcs + removed_data + removed_globals;
    if removed == 0 {
        return 0;
    }
    let renumbered = Renumbering {
        funcs,
        data,
        globals,
    };
    for func in module.funcs.values_mut() {
        for &block in &func.layout {
            for &inst in &func.blocks[block].insts {
                renumbered.rewrite_inst(&mut func.insts[inst].kind);
            }
        }
    }
    for object in module.data.values_mut() {
        for item in &mut object.items {
            if let DataItem::Scalars { values, .. } = item {
                values
                    .iter_mut()
                    .for_each(|v| renumbered.rewrite_data_value(v));
            }
        }
    }
    let spans = std::mem::take(&mut module.spans.data);
    for (old, new) in renumbered.data.iter() {
        if let Some(new) = new {
            module.spans.data[*new] = spans[old];
        }
    }
    let spans = std::mem::take(&mut module.spans.globals);
    for (old, new) in renumbered.globals.iter() {
        if let Some(new) = new {
            module.spans.globals[*new] = spans[old];
        }
    }
    removed
}

/// Old handle -> new handle (`None` for removed items).
struct Renumbering {
    funcs: SecondaryMap<Func, Option<Func>>,
    data: SecondaryMap<Data, Option<Data>>,
    globals: SecondaryMap<Global, Option<Global>>,
}

impl Renumbering {
    fn rewrite_inst(&self, kind: &mut InstKind) {
        // Kept instructions refer only to kept items (`retain` closed over them), so
        // every lookup below finds a new handle.
        match kind {
            InstKind::Call { func, .. }
            | InstKind::ReturnCall { func, .. }
            | InstKind::FuncAddr { func } => set(func, &self.funcs),
            InstKind::DataAddr { data, .. } => set(data, &self.data),
            InstKind::GlobalGet { global } | InstKind::GlobalSet { global, .. } => {
                set(global, &self.globals)
            }
            _ => {}
        }
    }

    fn rewrite_data_value(&self, value: &mut DataValue) {
        match value {
            DataValue::DataAddr(d, _) => set(d, &self.data),
            DataValue::FuncAddr(f) => set(f, &self.funcs),
            DataValue::Bits(_) => {}
        }
    }
}

fn set<K: EntityRef>(handle: &mut K, map: &SecondaryMap<K, Option<K>>) {
    if let Some(new) = map[*handle] {
        *handle = new;
    }
}

/// Drops the entries of `map` not in `keep`, keeping the order; returns the
/// renumbering and how many entries were dropped.
fn compact<K: EntityRef, V>(
    map: &mut PrimaryMap<K, V>,
    keep: &SecondaryMap<K, bool>,
) -> (SecondaryMap<K, Option<K>>, usize) {
    let mut renumbering = SecondaryMap::new();
    if map.keys().all(|k| keep[k]) {
        for k in map.keys() {
            renumbering[k] = Some(k);
        }
        return (renumbering, 0);
    }
    let mut removed = 0;
    for (old, value) in std::mem::take(map) {
        if keep[old] {
            renumbering[old] = Some(map.push(value));
        } else {
            removed += 1;
        }
    }
    (renumbering, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retain_renumbers_every_reference() {
        let mut module = lir::text::parse(
            "data @dead = { i32 1 }
            data @table = { ptr @b; ptr @kept_data + 4 }
            data @kept_data = { zero 8 }
            global @unused: i32 = 0
            global @g: i32 mut = 3
            func @a() {
                ret
            }
            func @b() -> i32 {
                %x = global.get @g
                ret %x
            }
            export func @c() -> i32 {
                %t = addr @table
                %f = funcaddr @b
                %r = call @b()
                global.set @g, %r
                ret %f
            }",
        )
        .unwrap();
        let mut keep = Items::default();
        keep.funcs[module.func_by_name("c").unwrap()] = true;
        let removed = retain(&mut module, &keep);
        assert_eq!(removed, 3, "@a, @dead and @unused");
        lir::verify::verify(&module).unwrap();
        let text = lir::text::print(&module);
        assert!(
            text.contains("data @table = { ptr @b; ptr @kept_data + 4 }"),
            "{text}"
        );
        assert!(text.contains("%r = call @b()"), "{text}");
        assert!(!text.contains("@dead") && !text.contains("@unused") && !text.contains("@a("));
        assert_eq!(module.funcs.len(), 2);
        assert_eq!(module.data.len(), 2);
    }
}
