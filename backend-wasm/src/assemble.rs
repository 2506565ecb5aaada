//! Stage 9, module assembly: the module-wide index spaces (functions, types, globals,
//! helpers) and the sections around the compiled function bodies.
//!
//! - Types are deduplicated; function signatures come first, in function order.
//! - Imported LIR functions come first in the function index space, then defined
//!   functions in declaration order, then the generated helpers.
//! - A table (and its active element segment from index 1; 0 stays empty) only when
//!   some function's address is taken ([`Layout::table`]) or an indirect call exists.
//! - The memory: its minimum from [`Layout::min_pages`], the declared maximum, exported
//!   under the declared name or as `"memory"` when the module has no `memory` line.
//! - Globals: the module's own (in order, with their exports), then the mutable
//!   `__stack_pointer` only if some function has a shadow-stack frame, then the
//!   exported immutable `__heap_base`.
//! - Data segments at [`Layout::data_address`] with leading and trailing zero bytes
//!   trimmed (memory starts zeroed); all-zero objects get no segment.
//! - The `name` section (functions, locals, globals, data) and a `producers` section.

use crate::emit::EmittedFunction;
use crate::error::CompileError;
use crate::fallback;
use crate::features::{Feature, Features};
use crate::limits::{self, Segment};
use crate::locals::val_type;
use cranelift_entity::SecondaryMap;
use lir::layout::Layout;
use lir::{Func, Imm, InstKind, Module, Signature, Type};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use wasm_encoder::Encode;
use wasm_encoder::{
    ConstExpr, DataSection, ElementSection, Elements, EntityType, ExportKind, ExportSection,
    FunctionSection, GlobalSection, GlobalType, Ieee32, Ieee64, ImportSection, IndirectNameMap,
    MemorySection, MemoryType, NameMap, NameSection, ProducersField, ProducersSection, RefType,
    Section, TableSection, TableType, TypeSection, ValType,
};

/// Indices of the generated helper functions that the module needs.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Helpers {
    pub stack_overflow: Option<u32>,
    pub memory_copy: Option<u32>,
    pub memory_fill: Option<u32>,
}

impl Helpers {
    /// How many helpers the module gets.
    pub fn count(&self) -> usize {
        [self.stack_overflow, self.memory_copy, self.memory_fill]
            .iter()
            .filter(|h| h.is_some())
            .count()
    }
}

/// Module-wide facts every function body needs.
pub(crate) struct ModuleContext<'m> {
    pub module: &'m Module,
    pub layout: Layout,
    pub features: Features,
    pub func_index: SecondaryMap<Func, u32>,
    /// Global index of `__stack_pointer`, if any function has a frame.
    pub stack_pointer: Option<u32>,
    pub heap_base: u32,
    pub helpers: Helpers,
    /// Whether names are wanted (the `name` section).
    pub names: bool,
    /// Whether float arithmetic results are made canonical NaNs.
    pub canonicalize_nans: bool,
    /// Whether the emitter records where each instruction's code starts.
    pub locations: bool,
    /// [`crate::Options::max_locals`], capped at the engines' limit.
    pub max_locals: usize,
}

impl<'m> ModuleContext<'m> {
    /// `locations`: record instruction locations (see [`crate::locations`]).
    pub(crate) fn new(
        module: &'m Module,
        options: &crate::Options,
        locations: bool,
    ) -> Result<Self, CompileError> {
        let features = options.features;
        let layout = Layout::compute(module)?;
        let mut func_index = SecondaryMap::new();
        let mut next = 0u32;
        for pass_imports in [true, false] {
            for (f, func) in module.funcs.iter() {
                if func.is_import() == pass_imports {
                    func_index[f] = next;
                    next += 1;
                }
            }
        }
        let mut needs_frame = false;
        let (mut copies, mut fills) = (false, false);
        let max_locals = options.max_locals.min(limits::MAX_LOCALS);
        for func in module.funcs.values() {
            needs_frame |= !func.slots.is_empty()
                || (!func.is_import() && crate::spill::possible(func, max_locals));
            for &b in &func.layout {
                for &i in &func.blocks[b].insts {
                    match func.insts[i].kind {
                        InstKind::StackAlloc { .. } => needs_frame = true,
                        InstKind::MemoryCopy { .. } => copies = true,
                        InstKind::MemoryFill { .. } => fills = true,
                        _ => {}
                    }
                }
            }
        }
        let bulk = features.has(Feature::BulkMemory);
        let mut helper = |wanted: bool| {
            wanted.then(|| {
                next += 1;
                next - 1
            })
        };
        let helpers = Helpers {
            stack_overflow: helper(needs_frame),
            memory_copy: helper(copies && !bulk),
            memory_fill: helper(fills && !bulk),
        };
        let user_globals = module.globals.len() as u32;
        Ok(ModuleContext {
            module,
            layout,
            features,
            func_index,
            stack_pointer: needs_frame.then_some(user_globals),
            heap_base: user_globals + needs_frame as u32,
            helpers,
            names: options.name_section,
            canonicalize_nans: options.canonicalize_nans,
            locations,
            max_locals,
        })
    }
}

/// The deduplicated type section.
pub(crate) struct TypeTable {
    section: TypeSection,
    index: HashMap<(Vec<ValType>, Vec<ValType>), u32>,
}

impl TypeTable {
    /// Every type the module needs, so that function bodies only look types up (and
    /// can be compiled in parallel): function signatures in function order, then the
    /// helpers' types, then the signatures of indirect calls.
    pub(crate) fn new(module: &Module, helpers: &Helpers) -> TypeTable {
        let mut table = TypeTable {
            section: TypeSection::new(),
            index: HashMap::default(),
        };
        for func in module.funcs.values() {
            table.signature(&func.sig);
        }
        if helpers.stack_overflow.is_some() {
            table.function_type(vec![], vec![]);
        }
        if helpers.memory_copy.is_some() || helpers.memory_fill.is_some() {
            table.function_type(fallback::MEMORY_HELPER_PARAMS.to_vec(), vec![]);
        }
        for func in module.funcs.values() {
            for &b in &func.layout {
                for &i in &func.blocks[b].insts {
                    if let InstKind::CallIndirect { sig, .. }
                    | InstKind::ReturnCallIndirect { sig, .. } = &func.insts[i].kind
                    {
                        table.signature(sig);
                    }
                }
            }
        }
        table
    }

    fn key(sig: &Signature) -> (Vec<ValType>, Vec<ValType>) {
        let params = sig.params.iter().map(|&t| val_type(t)).collect();
        let results = sig.results.iter().map(|&t| val_type(t)).collect();
        (params, results)
    }

    pub(crate) fn signature(&mut self, sig: &Signature) -> u32 {
        let (params, results) = TypeTable::key(sig);
        self.function_type(params, results)
    }

    /// The index of a signature registered by [`TypeTable::new`].
    pub(crate) fn lookup(&self, sig: &Signature) -> Option<u32> {
        self.index.get(&TypeTable::key(sig)).copied()
    }

    pub(crate) fn function_type(&mut self, params: Vec<ValType>, results: Vec<ValType>) -> u32 {
        let next = self.index.len() as u32;
        let section = &mut self.section;
        *self
            .index
            .entry((params, results))
            .or_insert_with_key(|(p, r)| {
                section.ty().function(p.iter().copied(), r.iter().copied());
                next
            })
    }
}

fn const_expr(imm: Imm) -> ConstExpr {
    match imm.ty() {
        Type::I32 => ConstExpr::i32_const(imm.bits() as u32 as i32),
        Type::I64 => ConstExpr::i64_const(imm.bits() as i64),
        Type::F32 => ConstExpr::f32_const(Ieee32::new(imm.bits() as u32)),
        Type::F64 => ConstExpr::f64_const(Ieee64::new(imm.bits())),
    }
}

/// Builds the module around the compiled bodies (in defined-function order).
pub(crate) fn assemble(
    cx: &ModuleContext<'_>,
    mut types: TypeTable,
    bodies: Vec<EmittedFunction>,
) -> Result<Vec<u8>, CompileError> {
    let module = cx.module;
    let mut imports = ImportSection::new();
    let mut functions = FunctionSection::new();
    let mut names = NameMap::new();
    let mut local_names = IndirectNameMap::new();
    let mut exports = Exports::default();

    // The code section is most of the module: its payload goes into one buffer of
    // the exact size, and each body is freed as soon as it is copied.
    let mut code = CodeBuilder::with_capacity(
        bodies.iter().map(|b| b.body.byte_len() + 5).sum::<usize>() + 1024,
    );
    let mut order: Vec<Func> = module.funcs.keys().collect();
    order.sort_by_key(|&f| cx.func_index[f]);
    let mut bodies = bodies.into_iter();
    for f in order {
        let func = &module.funcs[f];
        let index = cx.func_index[f];
        let ty = types.signature(&func.sig);
        if let Some(import) = &func.import {
            imports.import(&import.module, &import.name, EntityType::Function(ty));
        } else {
            functions.function(ty);
            let Some(body) = bodies.next() else {
                return Err(CompileError::Internal {
                    function: func.name.clone(),
                    message: "missing function body".into(),
                });
            };
            code.function(&body.body);
            let mut locals = NameMap::new();
            for (i, name) in &body.local_names {
                locals.append(*i, limits::debug_name(name));
            }
            local_names.append(index, &locals);
        }
        names.append(index, limits::debug_name(&func.name));
        if let Some(export) = &func.export {
            exports.add(export, ExportKind::Func, index)?;
        }
    }
    let helpers = [
        (cx.helpers.stack_overflow, "__lir_stack_overflow"),
        (cx.helpers.memory_copy, "__lir_memory_copy"),
        (cx.helpers.memory_fill, "__lir_memory_fill"),
    ];
    for (index, name) in helpers {
        let Some(index) = index else { continue };
        let params = match name {
            "__lir_stack_overflow" => vec![],
            _ => fallback::MEMORY_HELPER_PARAMS.to_vec(),
        };
        functions.function(types.function_type(params, vec![]));
        let body = match name {
            "__lir_stack_overflow" => fallback::stack_overflow_helper(index),
            "__lir_memory_copy" => fallback::memory_copy_helper(),
            _ => fallback::memory_fill_helper(),
        };
        code.function(&body);
        names.append(index, name);
    }

    let layout = &cx.layout;
    let mut tables = TableSection::new();
    let mut elements = ElementSection::new();
    if !layout.table.is_empty() || calls_indirectly(module) {
        let size = layout.table.len() as u64 + 1;
        tables.table(TableType {
            element_type: RefType::FUNCREF,
            table64: false,
            minimum: size,
            maximum: Some(size),
            shared: false,
        });
        let indices: Vec<u32> = layout.table.iter().map(|&f| cx.func_index[f]).collect();
        if !indices.is_empty() {
            elements.active(
                None,
                &ConstExpr::i32_const(1),
                Elements::Functions(indices.into()),
            );
        }
    }

    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: layout.min_pages as u64,
        maximum: layout.max_pages.map(u64::from),
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let memory_export = match &module.memory {
        Some(decl) => decl.export.clone(),
        None => Some("memory".to_string()),
    };
    if let Some(name) = &memory_export {
        exports.add(name, ExportKind::Memory, 0)?;
    }

    let mut globals = GlobalSection::new();
    let mut global_names = NameMap::new();
    for (g, decl) in module.globals.iter() {
        let ty = GlobalType {
            val_type: val_type(decl.ty),
            mutable: decl.mutable,
            shared: false,
        };
        globals.global(ty, &const_expr(decl.init));
        global_names.append(g.as_u32(), limits::debug_name(&decl.name));
        if let Some(export) = &decl.export {
            exports.add(export, ExportKind::Global, g.as_u32())?;
        }
    }
    let i32_global = |mutable| GlobalType {
        val_type: ValType::I32,
        mutable,
        shared: false,
    };
    let top = ConstExpr::i32_const(layout.stack_top as i32);
    if let Some(sp) = cx.stack_pointer {
        globals.global(i32_global(true), &top);
        global_names.append(sp, "__stack_pointer");
    }
    globals.global(
        i32_global(false),
        &ConstExpr::i32_const(layout.heap_base as i32),
    );
    global_names.append(cx.heap_base, "__heap_base");
    exports.add("__heap_base", ExportKind::Global, cx.heap_base)?;

    let mut segments = Vec::new();
    for (d, obj) in module.data.iter() {
        let bytes = layout.data_bytes(module, d);
        let Some(first) = bytes.iter().position(|&b| b != 0) else {
            continue;
        };
        let last = bytes.iter().rposition(|&b| b != 0).unwrap_or(first);
        segments.push(Segment {
            address: layout.data_address(d).wrapping_add(first as u32),
            bytes: bytes[first..=last].to_vec(),
            name: obj.name.clone(),
        });
    }
    let mut data = DataSection::new();
    let mut data_names = NameMap::new();
    for segment in limits::merge_segments(segments, limits::MAX_DATA_SEGMENTS) {
        data_names.append(data.len(), limits::debug_name(&segment.name));
        data.active(
            0,
            &ConstExpr::i32_const(segment.address as i32),
            segment.bytes,
        );
    }
    check_counts(&imports, &exports, &globals, &types)?;

    // Sections before and after the code, then the module in one buffer of the exact
    // size (no copies of the code as a growing buffer doubles).
    let mut head = Vec::new();
    append(&mut head, &types.section);
    if !imports.is_empty() {
        append(&mut head, &imports);
    }
    append(&mut head, &functions);
    if !tables.is_empty() {
        append(&mut head, &tables);
    }
    append(&mut head, &memories);
    append(&mut head, &globals);
    append(&mut head, &exports.section);
    if !elements.is_empty() {
        append(&mut head, &elements);
    }
    let mut tail = Vec::new();
    if !data.is_empty() {
        append(&mut tail, &data);
    }
    if cx.names {
        let mut section = NameSection::new();
        section.functions(&names);
        section.locals(&local_names);
        section.globals(&global_names);
        section.data(&data_names);
        append(&mut tail, &section);
    }
    let mut producers = ProducersSection::new();
    producers.field(
        "processed-by",
        ProducersField::new().value("lir", env!("CARGO_PKG_VERSION")),
    );
    append(&mut tail, &producers);
    let header = &wasm_encoder::Module::HEADER;
    let mut out = Vec::with_capacity(header.len() + head.len() + code.encoded_len() + tail.len());
    out.extend_from_slice(header);
    out.extend_from_slice(&head);
    code.append_to(&mut out);
    out.extend_from_slice(&tail);
    Ok(out)
}

/// Rejects a module with more imports, exports, globals or types than the engines
/// accept (functions are counted before compiling, in the pipeline).
fn check_counts(
    imports: &ImportSection,
    exports: &Exports,
    globals: &GlobalSection,
    types: &TypeTable,
) -> Result<(), CompileError> {
    limits::check_count("imports", imports.len() as usize, limits::MAX_IMPORTS)?;
    limits::check_count(
        "exports",
        exports.section.len() as usize,
        limits::MAX_EXPORTS,
    )?;
    limits::check_count("globals", globals.len() as usize, limits::MAX_GLOBALS)?;
    limits::check_count(
        "function types",
        types.section.len() as usize,
        limits::MAX_TYPES,
    )
}

/// Appends a section (id, size, contents) to `sink`.
fn append(sink: &mut Vec<u8>, section: &impl Section) {
    sink.push(section.id());
    section.encode(sink);
}

/// The code section's contents, built in a buffer reserved up front (wasm-encoder's
/// `CodeSection` grows its own by doubling).
struct CodeBuilder {
    bodies: Vec<u8>,
    count: u32,
}

impl CodeBuilder {
    fn with_capacity(bytes: usize) -> CodeBuilder {
        CodeBuilder {
            bodies: Vec::with_capacity(bytes),
            count: 0,
        }
    }

    fn function(&mut self, body: &wasm_encoder::Function) {
        body.encode(&mut self.bodies);
        self.count += 1;
    }

    /// The count of bodies, as the section's contents begin with it.
    fn count_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.count.encode(&mut bytes);
        bytes
    }

    /// Bytes of the whole section (at most: the size field's length is a bound).
    fn encoded_len(&self) -> usize {
        1 + 5 + self.count_bytes().len() + self.bodies.len()
    }

    fn append_to(&self, sink: &mut Vec<u8>) {
        let count = self.count_bytes();
        sink.push(wasm_encoder::SectionId::Code as u8);
        ((count.len() + self.bodies.len()) as u32).encode(sink);
        sink.extend_from_slice(&count);
        sink.extend_from_slice(&self.bodies);
    }
}

/// The export section, rejecting duplicate names.
#[derive(Default)]
struct Exports {
    section: ExportSection,
    seen: HashSet<String>,
}

impl Exports {
    fn add(&mut self, name: &str, kind: ExportKind, index: u32) -> Result<(), CompileError> {
        if !self.seen.insert(name.to_string()) {
            return Err(CompileError::unsupported(
                name,
                format!("the export name \"{name}\" is used twice"),
            ));
        }
        self.section.export(name, kind, index);
        Ok(())
    }
}

/// Whether any function makes an indirect call: then the table must exist even when
/// no function's address is taken (every such call traps on the null entry 0 or past
/// the end).
fn calls_indirectly(module: &Module) -> bool {
    module.funcs.values().any(|func| {
        func.layout.iter().any(|&block| {
            func.blocks[block].insts.iter().any(|&inst| {
                matches!(
                    func.insts[inst].kind,
                    lir::InstKind::CallIndirect { .. } | lir::InstKind::ReturnCallIndirect { .. }
                )
            })
        })
    })
}
