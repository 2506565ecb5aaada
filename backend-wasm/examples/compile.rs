//! Compiles a `.lir` file: prints the WAT, or writes the binary with `-o`.
//!
//! `cargo run -p lir-wasm --example compile -- IN.lir [-o OUT.wasm] [--features SPEC]
//! [--target wasm32-wasip1] [--strip]` (SPEC as in `lir_wasm::Features`, e.g.
//! `-tail-call,-bulk-memory`; a target legalizes syscalls with `lir-wasi` first).
//! `--strip` leaves out the name section (for size measurements of the backend alone,
//! e.g. on the output of `lirc -O2 --emit lir`).
fn main() {
    let mut args = std::env::args().skip(1);
    let (mut input, mut output, mut features, mut target) = (None, None, None, None);
    let mut strip = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-o" => output = args.next(),
            "--features" => features = args.next(),
            "--target" => target = args.next(),
            "--strip" => strip = true,
            _ => input = Some(arg),
        }
    }
    let Some(input) = input else {
        eprintln!("usage: compile IN.lir [-o OUT.wasm] [--features SPEC]");
        std::process::exit(2);
    };
    let src = std::fs::read_to_string(&input).unwrap_or_else(|e| fail(&format!("{input}: {e}")));
    let mut module = lir::text::parse(&src).unwrap_or_else(|e| fail(&e.to_string()));
    if let Some(target) = target {
        let target: lir_wasi::Target = target.parse().unwrap_or_else(|e: String| fail(&e));
        module = lir_wasi::legalize(&module, target).unwrap_or_else(|e| fail(&e.to_string()));
    }
    let mut options = lir_wasm::Options {
        name_section: !strip,
        ..lir_wasm::Options::default()
    };
    if let Some(spec) = features {
        options.features = spec
            .parse()
            .unwrap_or_else(|e: lir_wasm::FeatureParseError| fail(&e.to_string()));
    }
    let wasm = lir_wasm::compile(&module, &options).unwrap_or_else(|e| fail(&e.to_string()));
    match output {
        Some(path) => std::fs::write(&path, wasm).unwrap_or_else(|e| fail(&format!("{path}: {e}"))),
        None => print!(
            "{}",
            lir_wasm::print_wat(&wasm).unwrap_or_else(|e| fail(&e.to_string()))
        ),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
