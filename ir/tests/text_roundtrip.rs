//! Property: printing a module and parsing the text gives the module back, and printing
//! is stable, for random well-typed modules (see `support/arbitrary_module`).
//! `PROPTEST_CASES=10000 cargo test -p lir --test text_roundtrip` runs more cases.

mod support;

use lir::text::{parse, print};
use proptest::prelude::*;
use support::arbitrary_module::arb_module;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn print_then_parse_gives_the_module_back(module in arb_module()) {
        let text = print(&module);
        let parsed = match parse(&text) {
            Ok(parsed) => parsed,
            Err(errors) => panic!("printed module does not parse:\n{errors}\n--- text:\n{text}"),
        };
        prop_assert!(parsed == module, "parsed module differs from the original:\n{}", text);
        // Printed text is already formatted.
        prop_assert_eq!(lir::text::format(&text).ok(), Some(text.clone()));
        prop_assert_eq!(print(&parsed), text);
    }
}
