//! Module declarations: functions, imports, exports, data objects, globals, memory and
//! stack size.

use crate::builder::FunctionBuilder;
use crate::imm::Imm;
use crate::module::{DataItem, DataObject, DataType, DataValue, MemoryDecl, Module};
use crate::types::{Signature, Type};

#[test]
fn functions_imports_and_exports() {
    let mut module = Module::new();
    let sig = Signature::new([Type::I32], [Type::I32]);
    let f = module.declare_function("f", sig.clone());
    let g = module.declare_import("g", sig.clone(), "env", "host_g");
    module.export_function(f, "entry");
    assert_eq!(module.func_by_name("f"), Some(f));
    let func = &module.funcs[f];
    assert_eq!(
        (func.sig.clone(), func.export.as_deref()),
        (sig, Some("entry"))
    );
    assert_eq!(func.params.len(), 1);
    assert!(func.layout.is_empty());
    let import = module.funcs[g].import.as_ref().expect("an import");
    assert_eq!(
        (import.module.as_str(), import.name.as_str()),
        ("env", "host_g")
    );
    assert!(module.funcs[g].params.is_empty());
}

#[test]
fn globals_memory_and_stack() {
    let mut module = Module::new();
    let limit = module.declare_global("limit", Imm::i64(100));
    let counter = module.declare_mut_global("counter", Imm::f32(0.5));
    module.export_global(limit, "limit");
    module.declare_memory(2, Some(16), Some("mem"));
    module.set_stack_size(1 << 20);
    let l = &module.globals[limit];
    assert_eq!(
        (l.ty, l.mutable, l.export.as_deref()),
        (Type::I64, false, Some("limit"))
    );
    let c = &module.globals[counter];
    assert_eq!((c.ty, c.mutable, c.init), (Type::F32, true, Imm::f32(0.5)));
    assert_eq!(
        module.memory,
        Some(MemoryDecl {
            min_pages: 2,
            max_pages: Some(16),
            export: Some("mem".to_string())
        })
    );
    assert_eq!(module.stack_size, Some(1 << 20));
}

#[test]
fn data_objects_group_consecutive_scalars() {
    let mut module = Module::new();
    let s = module.declare_string("s", "hi\0");
    assert!(module.data[s].is_string);
    assert_eq!(module.data[s].size(), 3);
    let f = module.declare_function("f", Signature::default());
    let obj = DataObject::new("t")
        .with_align(16)
        .read_only()
        .ints(DataType::I8, [1, -1])
        .ints(DataType::I8, [255])
        .f64s([1.5])
        .data_addr(s, 1)
        .func_addr(f)
        .ints(DataType::Ptr, [0])
        .bytes("ab")
        .zeros(3);
    let t = module.declare_data(obj);
    let obj = &module.data[t];
    assert_eq!(
        (obj.align, obj.readonly, obj.is_string),
        (Some(16), true, false)
    );
    assert_eq!(obj.size(), 3 + 8 + 4 * 3 + 2 + 3);
    assert_eq!(
        obj.items,
        [
            DataItem::Scalars {
                ty: DataType::I8,
                values: vec![
                    DataValue::Bits(1),
                    DataValue::Bits(0xff),
                    DataValue::Bits(255)
                ],
            },
            DataItem::Scalars {
                ty: DataType::F64,
                values: vec![DataValue::Bits(1.5f64.to_bits())],
            },
            DataItem::Scalars {
                ty: DataType::Ptr,
                values: vec![
                    DataValue::DataAddr(s, 1),
                    DataValue::FuncAddr(f),
                    DataValue::Bits(0)
                ],
            },
            DataItem::Bytes(b"ab".to_vec()),
            DataItem::Zero(3),
        ]
    );
}

/// Bodies may call functions declared later in the module and built afterwards.
#[test]
fn bodies_can_call_functions_declared_but_not_yet_built() {
    let mut module = Module::new();
    let sig = Signature::new([Type::I32], [Type::I32]);
    let is_even = module.declare_function("is_even", sig.clone());
    let is_odd = module.declare_function("is_odd", sig);
    for (this, other, base) in [(is_even, is_odd, 1), (is_odd, is_even, 0)] {
        let mut b = FunctionBuilder::new(&mut module, this);
        let [entry, zero, recurse] = [(); 3].map(|_| b.create_block());
        b.switch_to_block(entry);
        let n = b.param(0);
        b.br_if(n, recurse, &[], zero, &[]);
        b.switch_to_block(zero);
        let base = b.iconst(Type::I32, base);
        b.ret(&[base]);
        b.switch_to_block(recurse);
        let m = b.sub(n, 1);
        let r = b.call1(other, &[m]);
        b.ret(&[r]);
        b.finalize();
    }
    for (n, even) in [(0, 1), (1, 0), (6, 1), (9, 0)] {
        assert_eq!(super::eval::eval(&module, is_even, &[n]), [even]);
        assert_eq!(super::eval::eval(&module, is_odd, &[n]), [1 - even]);
    }
}
