use lir_wasm::testing::{module_from_seed, GenConfig};
fn main() {
    let arg: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let show = std::env::args().nth(2).is_some();
    for seed in arg..arg + if show { 1 } else { 2000 } {
        let m = module_from_seed(GenConfig::default(), seed);
        let r = lir_wasm::compile(&m, &lir_wasm::Options { validate: true, ..Default::default() });
        if let Err(e) = &r {
            println!("seed {seed}: {e}");
            let w = lir_wasm::compile(&m, &lir_wasm::Options { validate: false, ..Default::default() }).unwrap();
            if show { println!("{}", lir_wasm::print_wat(&w).unwrap_or_default()); }
            if !show { break; }
        } else if show {
            println!("{}", lir_wasm::print_wat(&r.unwrap()).unwrap());
        }
    }
}
