//! End-to-end tests of debugging output (docs/debugging.md): `lirc -g` DWARF read back
//! with gimli (and checked by `llvm-dwarfdump --verify` where it is installed), and
//! `--source-map` maps decoded with the `sourcemap` crate.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn lirc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lirc"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("lirc starts")
}

fn ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh directory for one test's outputs.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lirc-debug-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The custom sections of a module, by name.
fn custom_sections(wasm: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CustomSection(c) = payload.unwrap() {
            out.push((c.name().to_string(), c.data().to_vec()));
        }
    }
    out
}

/// The module offsets of the instructions `wanted` (by wasmparser's operator name,
/// e.g. `I32DivS`) in each function body.
fn offsets_of(wasm: &[u8], wanted: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload.unwrap() {
            let mut ops = body.get_operators_reader().unwrap();
            while !ops.eof() {
                let at = ops.original_position() as u32;
                let op = ops.read().unwrap();
                if format!("{op:?}").starts_with(wanted) {
                    out.push(at);
                }
            }
        }
    }
    out
}

/// The line rows of a module's DWARF: (address, file name, line, column).
fn dwarf_rows(wasm: &[u8]) -> Vec<(u64, String, u64, u64)> {
    use gimli::{EndianSlice, LittleEndian};
    let sections = custom_sections(wasm);
    let load = |id: gimli::SectionId| -> Result<EndianSlice<'_, LittleEndian>, gimli::Error> {
        let data = sections
            .iter()
            .find(|(name, _)| name == id.name())
            .map_or(&[][..], |(_, d)| d.as_slice());
        Ok(EndianSlice::new(data, LittleEndian))
    };
    let dwarf = gimli::Dwarf::load(load).unwrap();
    let mut rows = Vec::new();
    let mut units = dwarf.units();
    while let Some(header) = units.next().unwrap() {
        let unit = dwarf.unit(header).unwrap();
        let Some(program) = unit.line_program.clone() else {
            continue;
        };
        let mut program_rows = program.rows();
        while let Some((header, row)) = program_rows.next_row().unwrap() {
            if row.end_sequence() {
                continue;
            }
            let file = row.file(header).unwrap();
            let name = dwarf.attr_string(&unit, file.path_name()).unwrap();
            let column = match row.column() {
                gimli::ColumnType::LeftEdge => 0,
                gimli::ColumnType::Column(c) => c.get(),
            };
            rows.push((
                row.address(),
                name.to_string_lossy().into_owned(),
                row.line().map_or(0, |l| l.get()),
                column,
            ));
        }
    }
    rows
}

/// The start of the code section's contents (DWARF addresses are relative to it).
fn code_section_start(wasm: &[u8]) -> u32 {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CodeSectionStart { range, .. } = payload.unwrap() {
            return range.start as u32;
        }
    }
    panic!("no code section")
}

/// The row in effect at `address` (the last one at or before it).
fn row_at(rows: &[(u64, String, u64, u64)], address: u64) -> &(u64, String, u64, u64) {
    rows.iter()
        .filter(|r| r.0 <= address)
        .max_by_key(|r| r.0)
        .expect("a row covers the address")
}

fn llvm_dwarfdump() -> Option<&'static str> {
    ["llvm-dwarfdump", "llvm-dwarfdump-14"]
        .into_iter()
        .find(|tool| {
            Command::new(tool)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn compile_g(dir: &Path, opt: &str) -> Vec<u8> {
    let out = dir.join(format!("trap{opt}.wasm"));
    ok(&lirc(&[
        "-g",
        opt,
        "examples/trap.lir",
        "-o",
        out.to_str().unwrap(),
    ]));
    std::fs::read(out).unwrap()
}

#[test]
fn dwarf_line_rows_name_the_trapping_lines() {
    let dir = scratch("dwarf-rows");
    for opt in ["-O0", "-O2"] {
        let wasm = compile_g(&dir, opt);
        let names: Vec<String> = custom_sections(&wasm).into_iter().map(|(n, _)| n).collect();
        for section in [".debug_info", ".debug_abbrev", ".debug_line", ".debug_str"] {
            assert!(
                names.iter().any(|n| n == section),
                "{opt}: no {section} in {names:?}"
            );
        }
        let rows = dwarf_rows(&wasm);
        let code = code_section_start(&wasm);
        // -O2 keeps a copy of the division in @main and one inlined into the glue.
        let divs = offsets_of(&wasm, "I32DivS");
        assert!(!divs.is_empty(), "{opt}: no division");
        for div in divs {
            let row = row_at(&rows, u64::from(div - code));
            assert_eq!(
                (row.1.as_str(), row.2, row.3),
                ("examples/trap.lir", 6, 5),
                "{opt}"
            );
        }
    }
    // The code is the same with and without -g; only the sections differ.
    let plain = dir.join("plain.wasm");
    ok(&lirc(&["examples/trap.lir", "-o", plain.to_str().unwrap()]));
    let plain = std::fs::read(plain).unwrap();
    let with_g = compile_g(&dir, "-O0");
    let code = |wasm: &[u8]| -> Vec<u8> {
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::CodeSectionStart { range, .. } = payload.unwrap() {
                return wasm[range].to_vec();
            }
        }
        panic!("no code section")
    };
    assert_eq!(code(&plain), code(&with_g));
}

#[test]
fn dwarf_passes_llvm_dwarfdump_verify() {
    let Some(tool) = llvm_dwarfdump() else {
        eprintln!("skipped: llvm-dwarfdump is not installed (apt-get install llvm-14)");
        return;
    };
    let dir = scratch("dwarf-verify");
    for opt in ["-O0", "-O2"] {
        let wasm = compile_g(&dir, opt);
        let path = dir.join(format!("verify{opt}.wasm"));
        std::fs::write(&path, wasm).unwrap();
        let out = Command::new(tool)
            .arg("--verify")
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{opt}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("No errors."), "{opt}: {text}");
        let lines = Command::new(tool)
            .arg("--debug-line")
            .arg(&path)
            .output()
            .unwrap();
        let lines = String::from_utf8_lossy(&lines.stdout);
        assert!(lines.contains("\"examples/trap.lir\""), "{lines}");
    }
}

#[test]
fn source_map_maps_the_trapping_instruction_to_its_line() {
    let dir = scratch("source-map");
    for opt in ["-O0", "-O2"] {
        let wasm_path = dir.join(format!("trap{opt}.wasm"));
        let map_path = dir.join(format!("trap{opt}.wasm.map"));
        ok(&lirc(&[
            opt,
            "examples/trap.lir",
            "-o",
            wasm_path.to_str().unwrap(),
            "--source-map",
            map_path.to_str().unwrap(),
        ]));
        let wasm = std::fs::read(&wasm_path).unwrap();
        let map = sourcemap::SourceMap::from_reader(std::fs::File::open(&map_path).unwrap())
            .expect("a valid v3 source map");
        assert_eq!(map.get_file(), Some(format!("trap{opt}.wasm").as_str()));
        let div = offsets_of(&wasm, "I32DivS")[0];
        let token = map.lookup_token(0, div).expect("the division is mapped");
        assert_eq!(token.get_source(), Some("examples/trap.lir"));
        // 0-based in the encoding: line 6, column 5.
        assert_eq!((token.get_src_line(), token.get_src_col()), (5, 4), "{opt}");
        let calls = offsets_of(&wasm, "Call ");
        assert!(!calls.is_empty());
        let url = custom_sections(&wasm)
            .into_iter()
            .find(|(n, _)| n == "sourceMappingURL")
            .expect("a sourceMappingURL section")
            .1;
        assert_eq!(&url[1..], format!("trap{opt}.wasm.map").as_bytes());
    }
    let custom = dir.join("custom.wasm");
    ok(&lirc(&[
        "examples/trap.lir",
        "-o",
        custom.to_str().unwrap(),
        "--source-map",
        dir.join("custom.map").to_str().unwrap(),
        "--source-map-url",
        "https://example.invalid/maps/trap.map",
    ]));
    let wasm = std::fs::read(custom).unwrap();
    let (_, url) = custom_sections(&wasm)
        .into_iter()
        .find(|(n, _)| n == "sourceMappingURL")
        .unwrap();
    assert_eq!(&url[1..], b"https://example.invalid/maps/trap.map");
}

#[test]
fn source_map_options_are_checked() {
    let out = lirc(&[
        "--emit",
        "wat",
        "examples/trap.lir",
        "--source-map",
        "x.map",
    ]);
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error[1000]: --source-map"));
    let out = lirc(&["examples/trap.lir", "--source-map-url", "x.map"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with(
        "error[1000]: the following required arguments were not provided:\n  --source-map <MAP>"
    ));
}

#[test]
fn traps_show_a_backtrace_with_source_lines_under_run_and_interp() {
    let full = "error[5002]: trap: integer divide by zero in @ratio\n\
                \x20 at @ratio (examples/trap.lir:6:5)\n\
                \x20 at @scaled (examples/trap.lir:13:5)\n\
                \x20 at @main (examples/trap.lir:19:5)\n";
    for command in ["run", "interp"] {
        let out = lirc(&[command, "examples/trap.lir"]);
        assert_eq!(out.status.code(), Some(134), "{command}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), full, "{command}");
        // At -O2 frames may be inlined away, but the innermost location is the division.
        let out = lirc(&[command, "-O2", "examples/trap.lir"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first_frame = stderr.lines().nth(1).unwrap_or_default();
        assert!(
            first_frame.starts_with("  at @") && first_frame.ends_with("(examples/trap.lir:6:5)"),
            "{command} -O2: {stderr}"
        );
    }
    // A module built with -g names the lines from its own DWARF.
    let dir = scratch("dwarf-trap");
    let wasm = dir.join("trap.wasm");
    ok(&lirc(&[
        "-g",
        "examples/trap.lir",
        "-o",
        wasm.to_str().unwrap(),
    ]));
    let out = lirc(&["run", wasm.to_str().unwrap()]);
    // wasmtime joins the compilation directory (lirc's, the workspace) to the file.
    let root = std::fs::canonicalize(ROOT).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&format!("{}/", root.display()), "");
    assert_eq!(stderr, full);
}

#[test]
fn emit_dot_draws_the_cfg_of_one_function() {
    let out = lirc(&[
        "--emit",
        "dot",
        "--function",
        "fib_loop",
        "examples/fib.lir",
    ]);
    ok(&out);
    let dot = String::from_utf8_lossy(&out.stdout);
    assert!(dot.starts_with("digraph cfg {"), "{dot}");
    assert!(dot.contains("label=\"@fib_loop\""), "{dot}");
    assert!(!dot.contains("@fib\""), "{dot}");
    assert!(dot.contains("[label=\"(0, 0, 1)\"]"), "{dot}");
    let out = lirc(&["--emit", "dot", "--function", "nope", "examples/fib.lir"]);
    assert_eq!(out.status.code(), Some(64));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error[1000]: no defined function @nope\n"
    );
    let out = lirc(&["--function", "fib", "examples/fib.lir"]);
    assert_eq!(out.status.code(), Some(64));
}

/// Graphviz's `dot`, when installed (Debian's `graphviz`).
fn have_graphviz() -> bool {
    Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Renders `graph` with `dot -Tsvg`: `Err` holds dot's complaint.
fn render_svg(graph: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("dot starts");
    child.stdin.take().unwrap().write_all(graph).unwrap();
    let out = child.wait_with_output().unwrap();
    match out.status.success() && out.stderr.is_empty() {
        true => Ok(out.stdout),
        false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

/// The labels of the clusters around node `id` in `--emit dot=structured` output,
/// outermost first.
fn clusters_around(dot: &str, id: &str) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for line in dot.lines().map(str::trim) {
        if line.starts_with("subgraph ") {
            labels.push(String::new());
        } else if line == "}" {
            labels.pop();
        } else if let Some(rest) = line.strip_prefix("label=\"") {
            if let Some(last) = labels.last_mut() {
                *last = rest.split('"').next().unwrap_or_default().to_string();
            }
        } else if line.starts_with(&format!("{id} [")) {
            return labels;
        }
    }
    panic!("no node {id} in\n{dot}")
}

#[test]
fn emit_dot_structured_draws_loops_as_clusters() {
    for opt in ["-O0", "-O2"] {
        let out = lirc(&[
            opt,
            "--emit",
            "dot=structured",
            "--function",
            "fib_loop",
            "examples/fib.lir",
        ]);
        ok(&out);
        let dot = String::from_utf8_lossy(&out.stdout);
        assert!(dot.starts_with("digraph structured {"), "{dot}");
        assert!(dot.contains("label=\"@fib_loop\""), "{dot}");
        assert!(!dot.contains("label=\"@fib\""), "{dot}");
        assert_eq!(dot.matches('{').count(), dot.matches('}').count(), "{dot}");
        assert!(dot.contains("label=\"loop (br → "), "{opt}: {dot}");
        // Every block is drawn once.
        for line in dot
            .lines()
            .filter(|l| l.contains(" [label=\"") && !l.contains("->"))
        {
            let id = line.trim().split(' ').next().unwrap();
            let drawn = dot
                .lines()
                .filter(|l| l.trim().starts_with(&format!("{id} [label")));
            assert_eq!(drawn.count(), 1, "{dot}");
        }
    }
    let out = lirc(&[
        "--emit",
        "dot=structured",
        "--function",
        "fib_loop",
        "examples/fib.lir",
    ]);
    let dot = String::from_utf8_lossy(&out.stdout);
    // Unoptimized, the loop header (block 1) and its body `step` (block 2) are in
    // the loop's cluster, the entry (block 0) and `exit` (block 3) outside it.
    let loop_label = "loop (br → loop)".to_string();
    assert!(clusters_around(&dot, "f0_1").contains(&loop_label), "{dot}");
    assert!(clusters_around(&dot, "f0_2").contains(&loop_label), "{dot}");
    assert!(
        !clusters_around(&dot, "f0_0").contains(&loop_label),
        "{dot}"
    );
    assert!(
        !clusters_around(&dot, "f0_3").contains(&loop_label),
        "{dot}"
    );
    // The CFG's edges are drawn too, with their arguments.
    assert!(dot.contains("f0_0 -> f0_1 [label=\"(0, 0, 1)\"]"), "{dot}");
    let out = lirc(&[
        "--emit",
        "dot=structured",
        "--function",
        "nope",
        "examples/fib.lir",
    ]);
    assert_eq!(out.status.code(), Some(64));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error[1000]: no defined function @nope\n"
    );
}

/// Every drawing `lirc` makes is one Graphviz accepts: the plain and structured
/// graphs of the examples and of the control-flow golden files (irreducible loops,
/// switches, nested loops), at -O0 and -O2.
#[test]
fn dot_output_renders_with_graphviz() {
    if !have_graphviz() {
        eprintln!("skipped: Graphviz's dot is not installed (apt-get install graphviz)");
        return;
    }
    let root = Path::new(ROOT);
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["examples", "tests/golden/control"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "lir") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 10, "{files:?}");
    let mut rendered = 0;
    for path in &files {
        let file = path.strip_prefix(root).unwrap().to_str().unwrap();
        for opt in ["-O0", "-O2"] {
            for emit in ["dot", "dot=structured"] {
                let out = lirc(&[opt, "--emit", emit, file]);
                ok(&out);
                let svg = render_svg(&out.stdout)
                    .unwrap_or_else(|e| panic!("{file} {opt} --emit {emit}: dot says {e}"));
                assert!(String::from_utf8_lossy(&svg).contains("<svg"), "{file}");
                rendered += 1;
            }
        }
    }
    assert!(rendered > 40, "only {rendered} graphs rendered");
}

/// lldb (Debian's `lldb`) debugging `lirc run -g`: a breakpoint on a source line of
/// `examples/trap.lir` stops there, and the backtrace names the source lines of every
/// wasm frame (docs/debugging.md, "Debugging with lldb").
#[test]
fn lldb_breaks_on_a_source_line_of_lirc_run_g() {
    let lldb_works = Command::new("lldb")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !lldb_works {
        eprintln!("skipped: lldb is not installed (apt-get install lldb)");
        return;
    }
    let dir = scratch("lldb");
    let wasm = dir.join("trap.wasm");
    ok(&lirc(&[
        "-g",
        "examples/trap.lir",
        "-o",
        wasm.to_str().unwrap(),
    ]));
    let out = Command::new("lldb")
        .args([
            "-b",
            "-o",
            "breakpoint set --file trap.lir --line 6 --skip-prologue false",
            "-o",
            "run",
            "-o",
            "bt 4",
            "-o",
            "kill",
            "--",
            env!("CARGO_BIN_EXE_lirc"),
            "run",
            "-g",
            wasm.to_str().unwrap(),
        ])
        .current_dir(ROOT)
        .output()
        .expect("lldb starts");
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("process launch failed") || text.contains("Operation not permitted") {
        eprintln!("skipped: lldb cannot launch processes here:\n{text}");
        return;
    }
    assert!(text.contains("stop reason = breakpoint 1.1"), "{text}");
    for frame in [
        "`ratio at trap.lir:6:5",
        "`scaled at trap.lir:13:5",
        "`main at trap.lir:19:5",
    ] {
        assert!(text.contains(frame), "no `{frame}` in\n{text}");
    }
    assert!(text.contains("-> 6   \t    %q = div_s %a, %b"), "{text}");
}
