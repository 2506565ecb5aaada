//! Instruction locations in the output: which source position each byte of code comes
//! from. The emitter reports, per function, where the code of each instruction starts
//! ([`Recorder`]); after assembly the rows become module byte offsets
//! ([`LocationTable`]), which DWARF line tables ([`crate::dwarf`]), source maps
//! ([`crate::source_map`]) and trap backtraces read.
//!
//! A row starts where an instruction's code starts and again after each operand tree
//! it contains, so the instruction's own opcode (the one that traps) is attributed to
//! it and not to its last operand. An instruction without a location continues the
//! row of the instruction around it; one that stands alone (a statement after
//! `loc none` or after a block label) starts a row without a location, so a trap or a
//! call there is not attributed to the statement before it. Code the backend adds
//! for an instruction (copies, spills) belongs to that instruction's row. A pending `local.set` of the
//! previous statement may be written after the next row has started: such stores
//! never trap, and the peephole that turns them into `local.tee` is unaffected by
//! recording, so `-g` never changes the code.
//!
//! What this module does not do: inlined-at chains, variable locations.
//!
//! ```
//! let module = lir::text::parse_named(
//!     "func @ratio(%a: i32, %b: i32) -> i32 {\nentry:\n    %q = div_s %a, %b\n    ret %q\n}\n",
//!     "ratio.lir",
//! )
//! .unwrap();
//! let out = lir_wasm::compile_with_locations(&module, &lir_wasm::Options::default()).unwrap();
//! let f = &out.locations.functions[0];
//! assert_eq!(f.name, "ratio");
//! let body = &out.wasm[f.body.start as usize..f.body.end as usize];
//! let div = f.body.start + body.iter().position(|&b| b == 0x6d).unwrap() as u32; // i32.div_s
//! let loc = out.locations.location_at(div).unwrap();
//! assert_eq!(out.locations.display(loc), "ratio.lir:3:5");
//! ```

use cranelift_entity::SecondaryMap;
use lir::{Inst, SourceLoc};
use std::ops::Range;

/// One row: from module byte `offset` on (up to the next row or the function's end),
/// the code comes from `loc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocationRow {
    pub offset: u32,
    pub loc: SourceLoc,
}

/// The rows of one compiled function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionLocations {
    /// The LIR function's name.
    pub name: String,
    /// Its index in the wasm function index space.
    pub index: u32,
    /// Module byte offsets of its body (from its local declarations to its final `end`).
    pub body: Range<u32>,
    /// Rows in increasing offset order; empty when no instruction has a location. A
    /// row whose `loc` is [`SourceLoc::NONE`] marks code without a location; the first
    /// row always has one.
    pub rows: Vec<LocationRow>,
}

impl FunctionLocations {
    /// Where the function is declared for debuggers: the location of its first row.
    pub fn decl(&self) -> Option<SourceLoc> {
        self.rows.first().map(|r| r.loc)
    }
}

/// Every defined function's rows, and the file names locations refer to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LocationTable {
    /// File paths by [`lir::FileId::number`] (0 is the LIR text the module came from).
    pub files: Vec<String>,
    /// The module offset where the code section's contents start: DWARF addresses
    /// are relative to it.
    pub code_section: u32,
    /// Defined functions in code section order (generated helpers have no entry).
    pub functions: Vec<FunctionLocations>,
}

impl LocationTable {
    /// The function whose body contains module offset `offset`.
    pub fn function_at(&self, offset: u32) -> Option<&FunctionLocations> {
        let i = self
            .functions
            .partition_point(|f| f.body.start <= offset)
            .checked_sub(1)?;
        let f = &self.functions[i];
        f.body.contains(&offset).then_some(f)
    }

    /// The source location of the code at module offset `offset` (`None` for code
    /// without one).
    pub fn location_at(&self, offset: u32) -> Option<SourceLoc> {
        let f = self.function_at(offset)?;
        let i = f
            .rows
            .partition_point(|r| r.offset <= offset)
            .checked_sub(1)?;
        let loc = f.rows[i].loc;
        (!loc.is_none()).then_some(loc)
    }

    /// The path of a location's file (`?` for a file the module did not declare).
    pub fn file(&self, loc: SourceLoc) -> &str {
        self.files
            .get(loc.file.number() as usize)
            .map_or("?", String::as_str)
    }

    /// `path:line:col` (or `path:line` when the column is unknown).
    pub fn display(&self, loc: SourceLoc) -> String {
        match loc.col {
            0 => format!("{}:{}", self.file(loc), loc.line),
            col => format!("{}:{}:{col}", self.file(loc), loc.line),
        }
    }

    /// Builds the table from the rows of each defined function (body offsets, see
    /// [`Recorder`]) and the assembled module, whose code section entries are those
    /// functions in the same order.
    pub(crate) fn build(
        module: &lir::Module,
        wasm: &[u8],
        functions: Vec<(String, u32, Vec<LocationRow>)>,
    ) -> Result<LocationTable, wasmparser::BinaryReaderError> {
        let mut files = vec![module.text_path.clone()];
        files.extend(module.files.iter().cloned());
        // Locations in a file without a name (the text of generated glue that was
        // parsed, not read from a file) name nothing useful.
        let named = |loc: &SourceLoc| {
            files
                .get(loc.file.number() as usize)
                .is_some_and(|path| !path.is_empty())
        };
        let mut table = LocationTable::default();
        let mut functions = functions.into_iter();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            match payload? {
                wasmparser::Payload::CodeSectionStart { range, .. } => {
                    table.code_section = range.start as u32;
                }
                wasmparser::Payload::CodeSectionEntry(body) => {
                    let Some((name, index, rows)) = functions.next() else {
                        break;
                    };
                    let code = body.get_operators_reader()?.original_position() as u32;
                    let range = body.range();
                    // A location in an unnamed file is no location: its row ends the
                    // one before it.
                    let mut kept: Vec<LocationRow> = Vec::with_capacity(rows.len());
                    for r in rows {
                        let loc = if named(&r.loc) {
                            r.loc
                        } else {
                            SourceLoc::NONE
                        };
                        match kept.last() {
                            Some(last) if last.loc == loc => {}
                            None if loc.is_none() => {}
                            _ => kept.push(LocationRow {
                                offset: code + r.offset,
                                loc,
                            }),
                        }
                    }
                    table.functions.push(FunctionLocations {
                        name,
                        index,
                        body: range.start as u32..range.end as u32,
                        rows: kept,
                    });
                }
                _ => {}
            }
        }
        table.files = files;
        Ok(table)
    }
}

/// Records the rows of one function during emission (offsets into its body).
pub(crate) struct Recorder<'a> {
    srclocs: &'a SecondaryMap<Inst, SourceLoc>,
    /// The locations of the instructions being emitted, innermost last.
    open: Vec<SourceLoc>,
    rows: Vec<LocationRow>,
}

impl<'a> Recorder<'a> {
    /// `srclocs`: the locations of the function's instructions (instructions the
    /// backend added have none).
    pub(crate) fn new(srclocs: &'a SecondaryMap<Inst, SourceLoc>) -> Recorder<'a> {
        Recorder {
            srclocs,
            open: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// The code of `inst` starts at body position `pos`.
    pub(crate) fn enter(&mut self, inst: Inst, pos: usize) {
        let own = self.srclocs.get(inst).copied().unwrap_or_default();
        let loc = match (own.is_none(), self.open.last()) {
            (true, Some(&outer)) => outer,
            _ => own,
        };
        self.open.push(loc);
        self.row(pos, loc);
    }

    /// The code of the innermost instruction ends at `pos`; the instruction around it
    /// continues.
    pub(crate) fn leave(&mut self, pos: usize) {
        self.open.pop();
        if let Some(&outer) = self.open.last() {
            self.row(pos, outer);
        }
    }

    fn row(&mut self, pos: usize, loc: SourceLoc) {
        if loc.is_none() && self.rows.is_empty() {
            return;
        }
        let offset = pos as u32;
        match self.rows.last_mut() {
            Some(last) if last.loc == loc => {}
            Some(last) if last.offset == offset => {
                last.loc = loc;
                if self.rows.len() >= 2 && self.rows[self.rows.len() - 2].loc == loc {
                    self.rows.pop();
                }
            }
            _ => self.rows.push(LocationRow { offset, loc }),
        }
    }

    /// The rows, with positions moved past the byte ranges `cut` removed from the
    /// body after emission (sorted, disjoint).
    pub(crate) fn finish(self, cut: &[Range<usize>]) -> Vec<LocationRow> {
        let mut rows = self.rows;
        if !cut.is_empty() {
            for row in &mut rows {
                let pos = row.offset as usize;
                let removed: usize = cut
                    .iter()
                    .take_while(|r| r.start < pos)
                    .map(|r| r.end.min(pos) - r.start)
                    .sum();
                row.offset = (pos - removed) as u32;
            }
            // Rows whose code was removed entirely now share an offset: the last wins.
            let mut kept: Vec<LocationRow> = Vec::with_capacity(rows.len());
            for row in rows {
                match kept.last_mut() {
                    Some(last) if last.offset == row.offset => *last = row,
                    _ => kept.push(row),
                }
            }
            kept.dedup_by(|b, a| a.loc == b.loc);
            rows = kept;
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lir::FileId;

    #[test]
    fn rows_follow_nesting_and_move_past_cuts() {
        let mut srclocs: SecondaryMap<Inst, SourceLoc> = SecondaryMap::new();
        let (outer, inner, bare) = (Inst::from_u32(0), Inst::from_u32(1), Inst::from_u32(2));
        let file = FileId::from_index(0);
        srclocs[outer] = SourceLoc::new(file, 4, 10);
        srclocs[inner] = SourceLoc::new(file, 3, 1);
        let mut r = Recorder::new(&srclocs);
        r.enter(outer, 0);
        r.enter(inner, 2);
        r.enter(bare, 3); // no location: continues line 3
        r.leave(4);
        r.leave(6); // back to line 4 for the outer opcode
        r.leave(7);
        let rows = |v: &[(u32, u32)]| {
            v.iter()
                .map(|&(offset, line)| LocationRow {
                    offset,
                    loc: srclocs[if line == 4 { outer } else { inner }],
                })
                .collect::<Vec<_>>()
        };
        let cut = [1..2, 3..4];
        let moved = r.finish(&cut);
        assert_eq!(moved, rows(&[(0, 4), (1, 3), (4, 4)]));
    }
}
