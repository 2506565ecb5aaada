//! Reading sizes out of a WebAssembly binary with `wasmparser`.

use anyhow::{Context, Result};
use wasmparser::{Parser, Payload};

/// Sizes of one module: the whole file and its code section's contents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WasmSize {
    pub total: u64,
    pub code: u64,
}

impl WasmSize {
    /// Sums two sizes.
    pub fn add(self, other: WasmSize) -> WasmSize {
        WasmSize {
            total: self.total + other.total,
            code: self.code + other.code,
        }
    }
}

/// The file size and the code section's payload size (0 without a code section).
pub fn sizes(bytes: &[u8]) -> Result<WasmSize> {
    let mut code = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::CodeSectionStart { range, .. } = payload.context("parsing wasm")? {
            code += (range.end - range.start) as u64;
        }
    }
    Ok(WasmSize {
        total: bytes.len() as u64,
        code,
    })
}

/// [`sizes`] of a file on disk.
pub fn file_sizes(path: &std::path::Path) -> Result<WasmSize> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    sizes(&bytes).with_context(|| format!("in {}", path.display()))
}

/// [`sizes`] of the module without its custom sections (name section, producers,
/// target features, debug info), as `lirc --strip` or `wasm-opt` without `-g` would
/// leave it: the file size minus each custom section with its header.
pub fn stripped_sizes(bytes: &[u8]) -> Result<WasmSize> {
    let mut custom = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::CustomSection(section) = payload.context("parsing wasm")? {
            let len = section.range().len() as u64;
            // Section id byte, the LEB128 payload length, the payload.
            custom += 1 + leb128_len(len) + len;
        }
    }
    let all = sizes(bytes)?;
    Ok(WasmSize {
        total: all.total - custom,
        code: all.code,
    })
}

/// [`stripped_sizes`] of a file on disk.
pub fn file_stripped_sizes(path: &std::path::Path) -> Result<WasmSize> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    stripped_sizes(&bytes).with_context(|| format!("in {}", path.display()))
}

fn leb128_len(mut value: u64) -> u64 {
    let mut n = 1;
    while value >= 0x80 {
        value >>= 7;
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_the_code_section() {
        // (module (func (result i32) i32.const 7))
        let bytes = [
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
            0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type section
            0x03, 0x02, 0x01, 0x00, // function section
            0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x07, 0x0b, // code section, 6 bytes
        ];
        let s = sizes(&bytes).unwrap();
        assert_eq!(s, WasmSize { total: 27, code: 6 });
        let empty = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        assert_eq!(sizes(&empty).unwrap(), WasmSize { total: 8, code: 0 });
        assert!(sizes(b"not wasm").is_err());
    }

    #[test]
    fn strips_custom_sections() {
        let mut bytes = vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        // A custom section "ab" with 200 bytes of data: 203 payload bytes, 2-byte LEB.
        bytes.extend([0x00, 0xcb, 0x01, 0x02, b'a', b'b']);
        bytes.extend([0u8; 200]);
        assert_eq!(bytes.len(), 8 + 206);
        let s = stripped_sizes(&bytes).unwrap();
        assert_eq!(s, WasmSize { total: 8, code: 0 });
        assert_eq!(leb128_len(127), 1);
        assert_eq!(leb128_len(128), 2);
    }
}
