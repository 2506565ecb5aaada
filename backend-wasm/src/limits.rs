//! The WebAssembly engines' implementation limits that are about a whole module (how
//! many functions, imports, exports, globals, types and data segments) or about the
//! size of one function body, and what the backend does at each: merge data segments
//! to fit, or reject the module with [`CompileError::Limit`] naming the limit.
//!
//! The values are V8's (the web's); wasmtime's are the same or larger. Limits that the
//! verifier enforces (parameters, results) or that other stages handle (locals in
//! spilling and emission, `br_table` targets in lowering) are not checked here; `docs/backend.md`
//! ("Implementation limits") lists them all.

use crate::error::CompileError;

/// Functions in the function index space (imports and helpers included).
pub const MAX_FUNCTIONS: usize = 1_000_000;
/// Imports of any kind.
pub const MAX_IMPORTS: usize = 100_000;
/// Exports of any kind.
pub const MAX_EXPORTS: usize = 100_000;
/// Globals (the generated `__stack_pointer` and `__heap_base` included).
pub const MAX_GLOBALS: usize = 1_000_000;
/// Distinct function types.
pub const MAX_TYPES: usize = 1_000_000;
/// Data segments; more are merged (see [`merge_segments`]).
pub const MAX_DATA_SEGMENTS: usize = 100_000;
/// Locals of one function, parameters included. A function whose values need more is
/// compiled with some of them spilled to the shadow stack (see
/// [`crate::Options::max_locals`]); only if that cannot help is it rejected.
pub const MAX_LOCALS: usize = 50_000;
/// Bytes of one function body (its locals' declarations included).
pub const MAX_FUNCTION_BODY: usize = 7_654_321;
/// Bytes of a name (export, import, or in the `name` section): the verifier refuses
/// longer export and import names ([`lir::verify::MAX_NAME_BYTES`]).
pub const MAX_NAME_BYTES: usize = lir::verify::MAX_NAME_BYTES;

/// `name` as the `name` section can hold it: cut to [`MAX_NAME_BYTES`] (at a character
/// boundary), since engines refuse the whole section over one longer name.
pub(crate) fn debug_name(name: &str) -> &str {
    if name.len() <= MAX_NAME_BYTES {
        return name;
    }
    let mut end = MAX_NAME_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Rejects a module whose count of `what` exceeds `limit`.
pub(crate) fn check_count(what: &str, count: usize, limit: usize) -> Result<(), CompileError> {
    if count > limit {
        return Err(CompileError::Limit {
            message: format!(
                "the module has {count} {what}; implementation limit: at most {limit} \
                 (WebAssembly engines refuse more)"
            ),
        });
    }
    Ok(())
}

/// Rejects a function body larger than [`MAX_FUNCTION_BODY`].
pub(crate) fn check_body(function: &str, bytes: usize) -> Result<(), CompileError> {
    if bytes > MAX_FUNCTION_BODY {
        return Err(CompileError::unsupported(
            function,
            format!(
                "the function's code is {bytes} bytes; implementation limit: at most \
                 {MAX_FUNCTION_BODY} bytes per function body (WebAssembly engines refuse \
                 more); split the function"
            ),
        ));
    }
    Ok(())
}

/// One active data segment: where its bytes go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub address: u32,
    pub bytes: Vec<u8>,
    /// The data object it was made from (the first, when merged): the name section's.
    pub name: String,
}

/// Merges segments (in increasing address order, not overlapping) until at most
/// `limit` remain: the gaps closed are the smallest ones, filled with zeros, so the
/// module grows by as few bytes as possible. Memory starts zeroed, so the contents of
/// memory are the same.
pub(crate) fn merge_segments(segments: Vec<Segment>, limit: usize) -> Vec<Segment> {
    if segments.len() <= limit || limit == 0 {
        return segments;
    }
    let mut gaps: Vec<(u64, usize)> = segments
        .windows(2)
        .enumerate()
        .map(|(i, pair)| {
            let end = pair[0].address as u64 + pair[0].bytes.len() as u64;
            (pair[1].address as u64 - end, i)
        })
        .collect();
    gaps.sort_unstable();
    let mut close = vec![false; segments.len()];
    for &(_, i) in &gaps[..segments.len() - limit] {
        close[i] = true;
    }
    let mut merged: Vec<Segment> = Vec::with_capacity(limit);
    let mut join_next = false;
    for (i, segment) in segments.into_iter().enumerate() {
        match merged.last_mut() {
            Some(last) if join_next => {
                let end = last.address as usize + last.bytes.len();
                last.bytes
                    .resize(segment.address as usize - last.address as usize, 0);
                debug_assert!(segment.address as usize >= end);
                last.bytes.extend_from_slice(&segment.bytes);
            }
            _ => merged.push(segment),
        }
        join_next = close[i];
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(address: u32, bytes: &[u8]) -> Segment {
        Segment {
            address,
            bytes: bytes.to_vec(),
            name: format!("d{address}"),
        }
    }

    #[test]
    fn segments_within_the_limit_are_kept() {
        let segments = vec![seg(0, &[1]), seg(10, &[2])];
        assert_eq!(merge_segments(segments.clone(), 2), segments);
    }

    #[test]
    fn the_smallest_gaps_are_closed_first() {
        // Gaps: 7 (after 1..3), 1 (after 10..12), 100 (after 13..14).
        let segments = vec![
            seg(0, &[1, 2, 3]),
            seg(10, &[4, 5]),
            seg(13, &[6]),
            seg(114, &[7]),
        ];
        let merged = merge_segments(segments, 2);
        assert_eq!(
            merged,
            vec![
                Segment {
                    address: 0,
                    bytes: vec![1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 4, 5, 0, 6],
                    name: "d0".into(),
                },
                seg(114, &[7]),
            ]
        );
    }

    #[test]
    fn merging_to_one_segment_keeps_every_byte_in_place() {
        let segments: Vec<Segment> = (0..50).map(|i| seg(i * 3, &[i as u8 + 1])).collect();
        let merged = merge_segments(segments, 1);
        assert_eq!(merged.len(), 1);
        let bytes = &merged[0].bytes;
        for i in 0..50usize {
            assert_eq!(bytes[i * 3], i as u8 + 1);
        }
        assert_eq!(bytes.len(), 49 * 3 + 1);
    }

    #[test]
    fn counts_and_bodies_past_the_limits_are_errors() {
        assert!(check_count("exports", MAX_EXPORTS, MAX_EXPORTS).is_ok());
        let err = check_count("exports", MAX_EXPORTS + 1, MAX_EXPORTS).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the module has 100001 exports; implementation limit: at most 100000 \
             (WebAssembly engines refuse more)"
        );
        assert!(check_body("f", MAX_FUNCTION_BODY).is_ok());
        let err = check_body("f", MAX_FUNCTION_BODY + 1).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("@f: the function's code is 7654322 bytes"));
    }

    #[test]
    fn debug_names_are_cut_at_a_character_boundary_within_the_limit() {
        let short = "f".repeat(MAX_NAME_BYTES);
        assert_eq!(debug_name(&short), short);
        // Two-byte characters: 100,001 bytes would split the last one.
        let long = format!("x{}", "é".repeat(MAX_NAME_BYTES / 2));
        let cut = debug_name(&long);
        assert_eq!(cut.len(), MAX_NAME_BYTES - 1);
        assert!(long.starts_with(cut));
    }
}
