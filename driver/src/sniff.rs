//! What an input file looks like, from its first bytes and its name: a binary wasm
//! module, WebAssembly text, LIR text, or something else worth naming in a one-line
//! error ("an ELF executable", "a PNG image").
//!
//! ```
//! use lirc::sniff::{sniff, Kind};
//! assert_eq!(sniff("a.wasm", b"\0asm\x01\0\0\0"), Kind::Wasm);
//! assert_eq!(sniff("a.wat", b"(module)"), Kind::Wat);
//! assert_eq!(sniff("a.txt", b";; hi\n(module (func))"), Kind::Wat);
//! assert_eq!(sniff("a.lir", b"func @main() {\n}"), Kind::Lir);
//! assert_eq!(sniff("a.wasm", b"\x7fELF\x02\x01"), Kind::Other("an ELF executable".into()));
//! ```

/// The kind of an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A binary WebAssembly module or component (`\0asm`).
    Wasm,
    /// WebAssembly text: a `.wat` name, or text whose first token is `(`.
    Wat,
    /// Anything else that is UTF-8 text (and not named `.wasm`): taken for LIR.
    Lir,
    /// Not something `lirc` reads; the description completes "it looks like …".
    Other(String),
}

/// Signatures of common files people pass by mistake.
const MAGIC: [(&[u8], &str); 12] = [
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (
        b"\xca\xfe\xba\xbe",
        "a Mach-O universal binary or Java class file",
    ),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"!<arch>\n", "a static library (ar archive)"),
];

/// The kind of file `bytes` starts like, among common non-text formats.
pub fn known_format(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// What the file named `name` with contents `bytes` is.
pub fn sniff(name: &str, bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"\0asm") {
        return Kind::Wasm;
    }
    let extension = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if let Some(what) = known_format(bytes) {
        return Kind::Other(what.to_string());
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        let shown: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
        return Kind::Other(format!("binary data starting {}", shown.join(" ")));
    };
    if extension.as_deref() == Some("wat") || starts_like_wat(text) {
        return Kind::Wat;
    }
    if bytes.is_empty() {
        return Kind::Other("an empty file".to_string());
    }
    if extension.as_deref() == Some("wasm") {
        return Kind::Other(match text.trim_start().lines().next() {
            Some(line) if line.starts_with("func ") || line.starts_with(';') => {
                "LIR text (name it `.lir`)".to_string()
            }
            _ => "text".to_string(),
        });
    }
    Kind::Lir
}

/// Whether the first token of `text`, after `;;` line comments and `(; ;)` block
/// comments, is `(`: LIR items never start with a parenthesis.
fn starts_like_wat(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(";;") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("(;") {
            rest = after.split_once(";)").map_or("", |(_, r)| r);
        } else {
            return rest.starts_with('(');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_a_file_looks_like() {
        assert_eq!(sniff("x", b"(; c ;) ;; d\n  (module)"), Kind::Wat);
        assert_eq!(sniff("x.lir", b"; a comment\nfunc @f() {}"), Kind::Lir);
        assert_eq!(sniff("x.wasm", b""), Kind::Other("an empty file".into()));
        assert_eq!(
            sniff("x.wasm", b"func @main() {\n}"),
            Kind::Other("LIR text (name it `.lir`)".into())
        );
        assert_eq!(sniff("x.wasm", b"hello"), Kind::Other("text".into()));
        assert_eq!(
            sniff("x.bin", &[0xde, 0xad, 0xbe, 0xef, 0xff]),
            Kind::Other("binary data starting de ad be ef".into())
        );
        assert_eq!(
            sniff("x.png", b"\x89PNG\r\n"),
            Kind::Other("a PNG image".into())
        );
    }
}
