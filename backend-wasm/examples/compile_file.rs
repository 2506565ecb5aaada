//! Compiles a .lir file and prints the WAT: `cargo run --example compile_file -- f.lir [mvp]`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: compile_file FILE.lir [FEATURES]");
    let src = std::fs::read_to_string(&path).expect("readable file");
    let module = lir::text::parse(&src).unwrap_or_else(|e| panic!("{e}"));
    let mut options = lir_wasm::Options::default();
    if let Some(spec) = std::env::args().nth(2) {
        options.features = spec.parse().expect("feature list");
    }
    match lir_wasm::compile(&module, &options) {
        Ok(wasm) => print!("{}", lir_wasm::print_wat(&wasm).expect("printable")),
        Err(e) => eprintln!("error: {e}"),
    }
}
