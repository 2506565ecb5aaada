//! Static data: the byte image of a global's initializer (constants evaluated,
//! addresses of globals, strings and functions as relocations) turned into a LIR
//! data object.

use super::Items;
use crate::ast::{InitItem, Program};
use crate::consteval::{eval, Base, CVal};
use crate::diagnostics::{Diag, PResult};
use crate::types::Ty;
use lir::{DataObject, DataType};

enum Reloc {
    Data(lir::Data, u32),
    Func(lir::Func),
}

/// The data object of global `g`.
pub fn global_object(prog: &Program, items: &Items, g: usize) -> PResult<DataObject> {
    let decl = &prog.globals[g];
    let size = prog.layouts.size_of(&decl.ty).unwrap_or(0) as usize;
    let align = prog.layouts.align_of(&decl.ty).max(1);
    let mut bytes = vec![0u8; size];
    let mut relocs: Vec<(usize, Reloc)> = Vec::new();
    for item in decl.init.iter().flat_map(|i| &i.items) {
        match item {
            InitItem::Bytes(off, b) => {
                let off = *off as usize;
                let end = (off + b.len()).min(size);
                if off < end {
                    bytes[off..end].copy_from_slice(&b[..end - off]);
                }
            }
            InitItem::Expr(off, e) => {
                let off = *off as usize;
                let not_const =
                    || Diag::new(e.pos, "initializer element is not a compile-time constant");
                let value = eval(e, &prog.layouts).ok_or_else(not_const)?;
                let width = prog.layouts.size_of(&e.ty).unwrap_or(0) as usize;
                if off + width > size {
                    continue;
                }
                let le: Vec<u8> = match (value, &e.ty) {
                    (CVal::Int(v), _) => v.to_le_bytes()[..width.min(8)].to_vec(),
                    (CVal::Float(f), Ty::Float) => (f as f32).to_le_bytes().to_vec(),
                    (CVal::Float(f), _) => f.to_le_bytes().to_vec(),
                    (CVal::Addr(base, o), _) => {
                        if width != 4 {
                            return Err(not_const());
                        }
                        let reloc = match base {
                            Base::Func(id) => match items.funcs[id] {
                                Some(f) if o == 0 => Reloc::Func(f),
                                _ => return Err(not_const()),
                            },
                            Base::Global(id) => {
                                let limit =
                                    prog.layouts.size_of(&prog.globals[id].ty).unwrap_or(0) as i64;
                                match items.globals[id] {
                                    Some(d) if (0..=limit).contains(&o) => Reloc::Data(d, o as u32),
                                    _ => return Err(not_const()),
                                }
                            }
                            Base::Str(id) => {
                                let limit = prog.strings[id].len() as i64;
                                match items.strings.get(&id) {
                                    Some(&(d, at)) if (0..=limit).contains(&o) => {
                                        Reloc::Data(d, at + o as u32)
                                    }
                                    _ => return Err(not_const()),
                                }
                            }
                        };
                        relocs.retain(|r| r.0 != off);
                        relocs.push((off, reloc));
                        vec![0; 4]
                    }
                };
                if let Some(pos) = relocs.iter().position(|r| r.0 == off) {
                    if !matches!(value, CVal::Addr(..)) {
                        relocs.remove(pos);
                    }
                }
                let n = le.len().min(width);
                bytes[off..off + n].copy_from_slice(&le[..n]);
            }
        }
    }
    relocs.sort_by_key(|r| r.0);
    let mut obj = DataObject::new(&decl.lir_name).with_align(align);
    let mut i = 0;
    let mut next_reloc = relocs.iter().peekable();
    while i < size {
        if let Some((at, reloc)) = next_reloc.peek() {
            if *at == i {
                obj = match reloc {
                    Reloc::Data(d, o) => obj.data_addr(*d, *o),
                    Reloc::Func(f) => obj.func_addr(*f),
                };
                next_reloc.next();
                i += 4;
                continue;
            }
        }
        let end = next_reloc.peek().map_or(size, |r| r.0);
        let chunk = &bytes[i..end];
        obj = push_bytes(obj, chunk);
        i = end;
    }
    if size == 0 {
        obj = obj.zeros(0);
    }
    Ok(obj)
}

/// Appends bytes, long zero runs as `zero N`.
fn push_bytes(mut obj: DataObject, chunk: &[u8]) -> DataObject {
    let mut i = 0;
    while i < chunk.len() {
        let zeros = chunk[i..].iter().take_while(|&&b| b == 0).count();
        if zeros >= 8 || i + zeros == chunk.len() && zeros > 0 {
            obj = obj.zeros(zeros as u32);
            i += zeros;
            continue;
        }
        let mut end = i;
        while end < chunk.len() {
            let z = chunk[end..].iter().take_while(|&&b| b == 0).count();
            if z >= 8 || end + z == chunk.len() && z > 0 {
                break;
            }
            end += z.max(1);
        }
        obj = obj.ints(DataType::I8, chunk[i..end].iter().map(|&b| b as i64));
        i = end;
    }
    obj
}

/// Checks that every initializer of a global is a constant, whether or not the
/// program uses the global (as clang does).
pub fn check_constants(prog: &Program) -> PResult<()> {
    for g in &prog.globals {
        for item in g.init.iter().flat_map(|i| &i.items) {
            if let InitItem::Expr(_, e) = item {
                if eval(e, &prog.layouts).is_none() {
                    return Err(Diag::new(
                        e.pos,
                        "initializer element is not a compile-time constant",
                    ));
                }
            }
        }
    }
    Ok(())
}
