//! Prints the module a differential group generates for a seed:
//! `cargo run -p lir-tests --bin gen_module -- [native] SEED`.

use lir_tests::differential::Group;

fn main() {
    let mut group = Group::Canonical;
    let mut seed = 0;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "native" => group = Group::Native,
            n => seed = n.parse().expect("usage: gen_module [native] SEED"),
        }
    }
    print!("{}", lir::text::print(&group.module(seed)));
}
