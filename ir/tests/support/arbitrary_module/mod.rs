//! A generator of random, well-typed, verifier-valid LIR modules for property tests.
//!
//! Modules exercise every construct of the text format: memory and stack lines, data
//! objects with every item kind and symbol references, globals, imports, exported
//! functions, slots, blocks with parameters, every instruction kind (multi-result
//! calls, `call_indirect`, syscalls, `switch`, tail calls), named and unnamed values
//! and blocks, literal operands, including those that need a type suffix, and source
//! files with instruction locations.
//!
//! Generation is driven by bytes ([`generate`]); [`arb_module`] wraps it as a proptest
//! strategy. Values are only used in their own block (after their definition) or come
//! from the function's parameters and slots, so SSA dominance holds by construction;
//! branch targets are never the entry block.

mod body;
mod source;

use lir::{
    DataItem, DataObject, DataType, DataValue, Function, GlobalDecl, Import, MemoryDecl, Module,
    Signature,
};
use proptest::prelude::*;
use source::{Names, Source, GLOBAL_NAMES};

/// A proptest strategy for random modules (bytes shrink towards smaller modules).
pub fn arb_module() -> impl Strategy<Value = Module> {
    proptest::collection::vec(any::<u8>(), 0..3000).prop_map(|bytes| generate(&bytes))
}

/// Builds a module from `bytes`; the same bytes always give the same module.
pub fn generate(bytes: &[u8]) -> Module {
    let mut src = Source::new(bytes);
    let mut module = Module::new();
    let mut names = Names::default();
    // Export names are unique; without a `memory` line the memory is exported as "memory".
    let mut exports = Names::default();
    let valid = |name: &str| name != "__heap_base";

    if src.chance(60) {
        let min_pages = src.range(1, 3) as u32;
        module.memory = Some(MemoryDecl {
            min_pages,
            max_pages: src
                .chance(50)
                .then(|| min_pages + 4 + src.below(100) as u32),
            export: src.chance(50).then(|| exports.claim(src.text())),
        });
    } else {
        exports.claim("memory".to_string());
    }
    if src.chance(40) {
        module.stack_size = Some(16 * src.range(1, 4096) as u32);
    }
    if src.chance(30) {
        for _ in 0..src.range(1, 3) {
            module.declare_file(src.text());
        }
    }

    // Signatures first: bodies call any function, data refers to any function.
    for _ in 0..src.range(1, 4) {
        let name = names.fresh(&mut src, GLOBAL_NAMES, valid);
        let sig = signature(&mut src);
        let func = if src.chance(25) {
            let import = Import {
                module: src.text(),
                name: src.text(),
            };
            Function::new_import(name, sig, import)
        } else {
            let mut func = Function::new(name.clone(), sig);
            func.export = match src.below(3) {
                0 => None,
                1 => Some(exports.claim(name)),
                _ => Some(exports.claim(src.text())),
            };
            func
        };
        module.add_function(func);
    }
    for _ in 0..src.below(4) {
        let ty = src.ty();
        module.add_global(GlobalDecl {
            name: names.fresh(&mut src, GLOBAL_NAMES, valid),
            ty,
            mutable: src.chance(50),
            init: src.imm(ty),
            export: src.chance(30).then(|| exports.claim(src.text())),
        });
    }
    let data_count = src.below(4);
    for _ in 0..data_count {
        let name = names.fresh(&mut src, GLOBAL_NAMES, valid);
        let object = data_object(&mut src, &module, name, data_count);
        module.add_data(object);
    }
    fix_data_offsets(&mut module);

    let funcs: Vec<_> = module.funcs.keys().collect();
    for f in funcs {
        if !module.funcs[f].is_import() {
            let built = body::build(&mut src, &module, f);
            module.funcs[f] = built;
        }
    }
    module
}

fn signature(src: &mut Source) -> Signature {
    let params = (0..src.below(4)).map(|_| src.ty()).collect::<Vec<_>>();
    let results = (0..src.below(3)).map(|_| src.ty()).collect::<Vec<_>>();
    Signature::new(params, results)
}

/// A data object; symbol offsets are fixed up once every object's size is known.
fn data_object(src: &mut Source, module: &Module, name: String, data_count: usize) -> DataObject {
    let align = src.chance(30).then(|| src.power_of_two(16));
    let readonly = src.chance(30);
    if src.chance(30) {
        return DataObject {
            name,
            align,
            readonly,
            items: vec![DataItem::Bytes(src.bytes())],
            is_string: true,
        };
    }
    let mut items = Vec::new();
    for _ in 0..src.below(5) {
        let item = match src.below(3) {
            0 => DataItem::Zero(src.below(64) as u32),
            1 => DataItem::Bytes(src.bytes()),
            _ => {
                let ty = src.pick(&DataType::ALL);
                let values = (0..src.range(1, 4))
                    .map(|_| data_value(src, module, ty, data_count))
                    .collect();
                DataItem::Scalars { ty, values }
            }
        };
        items.push(item);
    }
    DataObject {
        name,
        align,
        readonly,
        items,
        is_string: false,
    }
}

fn data_value(src: &mut Source, module: &Module, ty: DataType, data_count: usize) -> DataValue {
    if ty.holds_symbols() && src.chance(40) {
        if data_count > 0 && src.chance(50) {
            let data = lir::Data::from_u32(src.below(data_count) as u32);
            return DataValue::DataAddr(data, src.u32());
        }
        let func = lir::Func::from_u32(src.below(module.funcs.len()) as u32);
        return DataValue::FuncAddr(func);
    }
    let bits = src.imm(ty.literal_type()).bits();
    let mask = if ty.size() == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * ty.size())) - 1
    };
    DataValue::Bits(bits & mask)
}

/// Brings every `@data + N` within its object (`N <= size`).
fn fix_data_offsets(module: &mut Module) {
    let sizes: Vec<u64> = module.data.values().map(DataObject::size).collect();
    for object in module.data.values_mut() {
        for item in &mut object.items {
            if let DataItem::Scalars { values, .. } = item {
                for value in values {
                    if let DataValue::DataAddr(data, offset) = value {
                        let size = sizes.get(data.as_u32() as usize).copied().unwrap_or(0);
                        *offset = (*offset as u64 % (size + 1)) as u32;
                    }
                }
            }
        }
    }
}
