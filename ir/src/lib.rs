//! # lir — the LIR intermediate representation
//!
//! LIR is a small, typed SSA IR with block parameters that frontends hand to the lir
//! WebAssembly backend. This crate owns everything that does not depend on a target:
//!
//! - the data model ([`Module`], [`Function`], [`InstKind`], …) with arena handles,
//! - a [`builder`] for frontends, including SSA construction from mutable variables,
//! - the [`text`] format: parser with source spans and a canonical printer,
//! - the [`verify`]er,
//! - the memory [`layout`] shared by the interpreter and the backends,
//! - the reference [`interp`]reter, which defines what every program means.
//!
//! ```
//! let module = lir::text::parse(r#"
//!     export func @add1(%x: i32) -> i32 {
//!     entry:
//!         %y = add %x, 1
//!         ret %y
//!     }
//! "#).unwrap();
//! lir::verify::verify(&module).unwrap();
//! assert!(lir::text::print(&module).contains("%y = add %x, 1"));
//! ```

pub mod analysis;
pub mod builder;
mod compact;
pub mod entities;
pub mod entry;
mod equality;
pub mod function;
pub mod imm;
pub mod inst;
pub mod interp;
pub mod layout;
pub mod module;
pub mod opcodes;
pub mod span;
pub mod srcloc;
pub mod syscall;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
pub mod trap;
pub mod types;
pub mod typing;
pub mod verify;

pub use entities::{Block, Data, Func, Global, Inst, Slot, Value};
pub use function::{
    BlockData, Function, Import, InstData, InstResults, SlotData, ValueData, ValueDef,
};
pub use imm::Imm;
pub use inst::{BlockCall, InstKind, MemArg, ThinVec};
pub use module::{DataItem, DataObject, DataType, DataValue, GlobalDecl, MemoryDecl, Module};
pub use opcodes::{BinaryOp, CompareOp, ConvertOp, UnaryOp};
pub use span::Span;
pub use srcloc::{FileId, SourceLoc};
pub use syscall::{Errno, Syscall};
pub use trap::TrapKind;
pub use types::{MemWidth, Signature, Type};
