//! Prints a random module from `lir::testing` as LIR text and its WAT:
//! `cargo run -p lir-wasm --example random_module -- SEED`.
use lir::testing::{module_from_seed, GenConfig};

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let module = module_from_seed(GenConfig::default(), seed);
    println!("{}", lir::text::print(&module));
    match lir_wasm::compile(&module, &lir_wasm::Options::default()) {
        Ok(wasm) => println!("{}", lir_wasm::print_wat(&wasm).unwrap_or_default()),
        Err(e) => println!("error: {e}"),
    }
}
