//! Sizes and alignments of C types on wasm32, and the table of struct and union
//! definitions with their member offsets (C layout: each member at the next offset
//! aligned to it, the size rounded up to the largest alignment; unions overlap).

use crate::types::Ty;

/// A member of a struct or union.
#[derive(Clone, Debug)]
pub struct Member {
    pub name: String,
    pub ty: Ty,
    pub offset: u32,
    pub volatile: bool,
}

/// A struct or union type.
#[derive(Clone, Debug)]
pub struct StructDef {
    pub name: String,
    pub is_union: bool,
    pub members: Vec<Member>,
    pub size: u32,
    pub align: u32,
    pub complete: bool,
}

/// All struct and union types of the program.
#[derive(Default, Debug)]
pub struct Layouts {
    pub structs: Vec<StructDef>,
}

impl Layouts {
    pub fn new_struct(&mut self, name: &str, is_union: bool) -> u32 {
        self.structs.push(StructDef {
            name: name.to_string(),
            is_union,
            members: Vec::new(),
            size: 0,
            align: 1,
            complete: false,
        });
        (self.structs.len() - 1) as u32
    }

    /// Lays out the members of struct `id`; `None` if it would not fit in 32 bits.
    pub fn complete(&mut self, id: u32, members: Vec<(String, Ty, bool)>) -> Option<()> {
        let is_union = self.structs[id as usize].is_union;
        let mut offset: u64 = 0;
        let mut size: u64 = 0;
        let mut align = 1;
        let mut laid = Vec::new();
        for (name, ty, volatile) in members {
            let a = self.align_of(&ty);
            // A flexible array member (`T name[]`, last) takes no room.
            let s = match &ty {
                Ty::Array(_, None) => 0,
                t => self.size_of(t)? as u64,
            };
            align = align.max(a);
            let at = if is_union {
                0
            } else {
                offset.div_ceil(a as u64) * a as u64
            };
            offset = at + s;
            size = size.max(offset);
            laid.push(Member {
                name,
                ty,
                offset: u32::try_from(at).ok()?,
                volatile,
            });
        }
        let size = size.div_ceil(align as u64) * align as u64;
        let def = &mut self.structs[id as usize];
        def.members = laid;
        def.size = u32::try_from(size).ok()?;
        def.align = align;
        def.complete = true;
        Some(())
    }

    /// The size in bytes, `None` for incomplete types (and overflows).
    pub fn size_of(&self, ty: &Ty) -> Option<u32> {
        Some(match ty {
            Ty::Void => 1,
            Ty::Int(k) => k.size(),
            Ty::Float => 4,
            Ty::Double => 8,
            Ty::Ptr(..) => 4,
            Ty::Array(elem, Some(n)) => self.size_of(elem)?.checked_mul(*n)?,
            Ty::Array(_, None) => return None,
            Ty::Func(_) => 1,
            Ty::Struct(id) => {
                let def = &self.structs[*id as usize];
                if !def.complete {
                    return None;
                }
                def.size
            }
        })
    }

    pub fn align_of(&self, ty: &Ty) -> u32 {
        match ty {
            Ty::Array(elem, _) => self.align_of(elem),
            Ty::Struct(id) => self.structs[*id as usize].align,
            Ty::Int(k) => k.size(),
            Ty::Float => 4,
            Ty::Double => 8,
            _ => 4,
        }
    }

    pub fn member(&self, id: u32, name: &str) -> Option<&Member> {
        self.structs[id as usize]
            .members
            .iter()
            .find(|m| m.name == name)
    }

    /// A type's name for diagnostics.
    pub fn type_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Void => "void".into(),
            Ty::Int(k) => k.name().into(),
            Ty::Float => "float".into(),
            Ty::Double => "double".into(),
            Ty::Ptr(t, _) => format!("{} *", self.type_name(t)),
            Ty::Array(t, Some(n)) => format!("{}[{n}]", self.type_name(t)),
            Ty::Array(t, None) => format!("{}[]", self.type_name(t)),
            Ty::Func(f) => format!("{} (*)(...)", self.type_name(&f.ret)),
            Ty::Struct(id) => {
                let def = &self.structs[*id as usize];
                let kw = if def.is_union { "union" } else { "struct" };
                format!("{kw} {}", def.name)
            }
        }
    }
}
