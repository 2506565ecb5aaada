//! Negative tests of module-level rules: names, exports, memory, globals, data
//! objects and the layout.

use super::*;

fn global(name: &str, ty: Type, init: Imm) -> GlobalDecl {
    GlobalDecl {
        name: name.into(),
        ty,
        mutable: false,
        init,
        export: None,
    }
}

fn data(name: &str, items: Vec<DataItem>) -> DataObject {
    DataObject {
        name: name.into(),
        align: None,
        readonly: false,
        items,
        is_string: false,
    }
}

fn scalars(ty: DataType, values: Vec<DataValue>) -> DataItem {
    DataItem::Scalars { ty, values }
}

fn empty_function(name: &str) -> Function {
    let mut b = Build::new(name, &[], &[]);
    let entry = b.block();
    b.ret(entry, &[]);
    b.f
}

#[test]
fn names_are_unique_across_kinds() {
    let mut module = sample_module();
    module.add_global(global("fib", I32, Imm::i32(0)));
    module.add_data(data("counter", vec![]));
    let errors = messages(&module);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("@counter is already defined (as a data object)"));
    assert!(errors[1].contains("@fib is already defined (as a global)"));
}

#[test]
fn duplicate_function_names() {
    let module = module_of([empty_function("f"), empty_function("f")]);
    assert_single_error(&module, "@f is already defined (as a function)");
}

#[test]
fn module_names_are_well_formed() {
    for bad in ["", "1abc", "a-b", "a b", "é"] {
        let module = module_of([empty_function(bad)]);
        assert_single_error(&module, &format!("function has an invalid name `@{bad}`"));
    }
    for good in ["a", "_x.y$1", ".L0", "$"] {
        assert_valid(&module_of([empty_function(good)]));
    }
}

#[test]
fn heap_base_name_is_reserved() {
    let mut module = Module::new();
    module.add_data(data("__heap_base", vec![DataItem::Zero(1)]));
    assert_single_error(&module, "@__heap_base is reserved");
}

#[test]
fn export_names_are_unique() {
    let mut module = sample_module();
    let mut f = empty_function("other");
    f.export = Some("fib".into());
    module.add_function(f);
    assert_single_error(
        &module,
        "function @other is exported as \"fib\", which function @fib already uses",
    );

    let mut module = sample_module();
    module.globals[counter()].export = Some("mem".into());
    assert_single_error(
        &module,
        "global @counter is exported as \"mem\", which the memory already uses",
    );
}

#[test]
fn the_implicit_memory_export_counts() {
    let mut f = empty_function("memory");
    f.export = Some("memory".into());
    let module = module_of([f]);
    assert_single_error(
        &module,
        "exported as \"memory\", which the memory already uses",
    );
    // With a declared memory exported under another name, "memory" is free.
    let mut module = module;
    module.memory = Some(MemoryDecl {
        min_pages: 1,
        max_pages: None,
        export: Some("mem".into()),
    });
    assert_valid(&module);
}

#[test]
fn imports_cannot_be_exported() {
    let mut module = sample_module();
    module.funcs[host_log()].export = Some("log".into());
    assert_single_error(&module, "imported function @host_log cannot be exported");
}

#[test]
fn memory_limits() {
    let cases = [
        (
            1,
            Some(0),
            "memory maximum (0 pages) is below its minimum (1 pages)",
        ),
        (
            1,
            Some(65537),
            "memory maximum of 65537 pages exceeds 65536",
        ),
        (70000, None, "memory minimum of 70000 pages exceeds 65536"),
    ];
    for (min_pages, max_pages, needle) in cases {
        let mut module = Module::new();
        module.memory = Some(MemoryDecl {
            min_pages,
            max_pages,
            export: None,
        });
        assert_error(&module, needle);
    }
    let mut module = Module::new();
    module.memory = Some(MemoryDecl {
        min_pages: 2,
        max_pages: Some(65536),
        export: None,
    });
    assert_valid(&module);
}

#[test]
fn layout_errors_are_reported() {
    let mut module = Module::new();
    module.memory = Some(MemoryDecl {
        min_pages: 1,
        max_pages: Some(1),
        export: None,
    });
    module.stack_size = Some(65536);
    assert_single_error(
        &module,
        "data and stack need 2 pages but the memory's maximum is 1",
    );

    let mut module = Module::new();
    module.stack_size = Some(u32::MAX);
    assert_single_error(&module, "more than a 32-bit memory holds");
}

#[test]
fn layout_errors_are_reported_for_broken_functions_too() {
    let mut module = Module::new();
    module.memory = Some(MemoryDecl {
        min_pages: 1,
        max_pages: Some(1),
        export: None,
    });
    let mut f = empty_function("f");
    f.layout.push(Block::new(40));
    module.add_function(f);
    let errors = messages(&module);
    assert!(
        errors.iter().any(|e| e.contains("memory's maximum is 1")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("block that does not exist (block40)")),
        "{errors:#?}"
    );
}

#[test]
fn global_initializer_matches_type() {
    let mut module = Module::new();
    module.add_global(global("g", F64, Imm::f32(1.0)));
    assert_single_error(
        &module,
        "global @g: initializer is an f32 but the global is f64",
    );
}

#[test]
fn data_alignment_is_a_power_of_two() {
    let mut module = Module::new();
    let mut obj = data("d", vec![DataItem::Zero(4)]);
    obj.align = Some(12);
    module.add_data(obj);
    assert_single_error(&module, "data @d: alignment 12 is not a power of two");
    module.data[Data::new(0)].align = Some(0);
    assert_single_error(&module, "alignment 0 is not a power of two");
}

#[test]
fn symbols_only_in_pointer_sized_groups() {
    for ty in [
        DataType::I8,
        DataType::I16,
        DataType::I64,
        DataType::F32,
        DataType::F64,
    ] {
        let mut module = module_of([empty_function("f")]);
        module.add_data(data(
            "d",
            vec![scalars(ty, vec![DataValue::FuncAddr(Func::new(0))])],
        ));
        assert_single_error(
            &module,
            &format!("{} values cannot be addresses", ty.name()),
        );
    }
    let mut module = Module::new();
    module.add_data(data(
        "d",
        vec![scalars(
            DataType::I16,
            vec![DataValue::DataAddr(Data::new(0), 0)],
        )],
    ));
    assert_single_error(&module, "i16 values cannot be addresses");
}

#[test]
fn literal_bits_fit_the_element() {
    let too_big = [
        (DataType::I8, 256),
        (DataType::I8, 0xffff_ff7f), // -129 as i32 bits
        (DataType::I16, 0x1_0000),
        (DataType::I32, 0x1_0000_0000),
        (DataType::Ptr, 0x8000_0000_0000_0000),
        (DataType::F32, 0x1_0000_0000),
    ];
    for (ty, bits) in too_big {
        let mut module = Module::new();
        module.add_data(data("d", vec![scalars(ty, vec![DataValue::Bits(bits)])]));
        assert_single_error(
            &module,
            &format!("value {bits:#x} does not fit in {}", ty.name()),
        );
    }
    let fitting = [
        (DataType::I8, 255),
        (DataType::I8, (-128i64) as u64),
        (DataType::I8, 0xffff_ff80),
        (DataType::I16, 0xffff),
        (DataType::I32, u64::MAX),
        (DataType::I32, 0xffff_ffff),
        (DataType::I64, u64::MAX),
        (DataType::F64, f64::NAN.to_bits()),
    ];
    for (ty, bits) in fitting {
        let mut module = Module::new();
        module.add_data(data("d", vec![scalars(ty, vec![DataValue::Bits(bits)])]));
        assert_valid(&module);
    }
}

#[test]
fn data_references_exist_and_stay_in_bounds() {
    let mut module = Module::new();
    module.add_data(data("d", vec![DataItem::Zero(8)]));
    let values = vec![
        DataValue::DataAddr(Data::new(0), 8),
        DataValue::DataAddr(Data::new(0), 9),
        DataValue::DataAddr(Data::new(5), 0),
        DataValue::FuncAddr(Func::new(3)),
    ];
    module.add_data(data("e", vec![scalars(DataType::Ptr, values)]));
    let errors = messages(&module);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].contains("data @e: offset 9 is past the end of @d (8 bytes)"));
    assert!(errors[1].contains("data @e: refers to a data object that does not exist (data5)"));
    assert!(errors[2].contains("data @e: refers to a function that does not exist (func3)"));
}

#[test]
fn item_spans_are_used() {
    let mut module = Module::new();
    let d = module.add_data(data(
        "d",
        vec![scalars(DataType::I8, vec![DataValue::Bits(1000)])],
    ));
    module.spans.data[d] = Span {
        start: 10,
        end: 20,
        line: 2,
        col: 1,
    };
    let g = module.add_global(global("g", I32, Imm::i64(0)));
    module.spans.globals[g] = Span {
        start: 30,
        end: 40,
        line: 3,
        col: 1,
    };
    let errors = messages(&module);
    assert!(
        errors[0].starts_with("2:1: data @d: value 0x3e8 does not fit in i8"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("3:1: global @g: initializer is an i64"),
        "{errors:#?}"
    );
}

#[test]
fn export_and_import_names_at_the_engines_limit_pass_and_longer_ones_are_rejected() {
    use crate::verify::MAX_NAME_BYTES;
    let module = |export: usize, import_module: usize, import: usize, global: usize| {
        format!(
            "memory 1 export \"m\"\nglobal @g: i32 = 0 export \"{}\"\nimport func @h() from \"{}\" \"{}\"\nexport \"{}\" func @f() {{\n    ret\n}}\n",
            "g".repeat(global),
            "m".repeat(import_module),
            "h".repeat(import),
            "é".repeat(export / 2),
        )
    };
    let errors = |text: &str| -> Vec<String> {
        match verify(&crate::text::parse(text).unwrap()) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
        }
    };
    let max = MAX_NAME_BYTES;
    assert_eq!(errors(&module(max, max, max, max)), Vec::<String>::new());
    let over = errors(&module(max + 2, max + 1, max + 1, max + 1));
    assert_eq!(over.len(), 3, "{over:?}");
    assert!(over[0].contains("2:1") && over[0].contains("global @g has an export name of 100001 bytes; implementation limit: at most 100000"), "{over:?}");
    // An import's module name is reported first, then (if it is short) its name.
    assert!(
        over[1].contains("imported function @h has an import module name of 100001 bytes"),
        "{over:?}"
    );
    assert!(
        over[2].contains("function @f has an export name of 100002 bytes"),
        "{over:?}"
    );
    let import = errors(&module(2, 1, max + 1, 1));
    assert_eq!(import.len(), 1, "{import:?}");
    assert!(
        import[0].contains("has an import name of 100001 bytes"),
        "{import:?}"
    );
    // Long names are cut in messages.
    let long = format!("export func @{}() {{\n    ret\n}}\n", "f".repeat(max + 1));
    let message = &errors(&long)[0];
    assert!(
        message.len() < 300 && message.contains(&format!("@{}…", "f".repeat(40))),
        "{message}"
    );
}
