//! The embedding API of `lir-runtime`: LIR loaded directly, host functions, lir's
//! `env` ABI for wasm32-unknown-unknown builds, exported globals and tables, the export
//! listing of an instance, per-call fuel and refuelling, memory after a trap, and the
//! units of `memory_size`/`memory_grow`.

use lir::Imm;
use lir_runtime::{
    Caller, CallerMemory, ExportKind, HostError, Imports, InstanceConfig, Limits, Output, Runtime,
    RuntimeError, RuntimeOptions, Stdin, Target, WasiConfig, PAGE_SIZE,
};
use std::sync::{Arc, Mutex};

fn runtime() -> Runtime {
    Runtime::with_options(RuntimeOptions::with_limits()).expect("an engine")
}

fn captured(stdin: &[u8], args: &[&str]) -> WasiConfig {
    WasiConfig {
        args: args.iter().map(|a| a.to_string()).collect(),
        env: vec![("GREETING".into(), "hej".into())],
        stdin: Stdin::Bytes(stdin.to_vec()),
        stdout: Output::Capture,
        stderr: Output::Capture,
        ..WasiConfig::default()
    }
}

/// Echoes stdin to stdout, its arguments and environment to stderr, and exits with 7.
const ECHO: &str = r#"
data @buf = { zero 256 }
data @strings = { zero 256 }
data @newline = "\n"
func @main() -> i32 {
entry:
    %buf = addr @buf
    jump again
again:
    %n = syscall.read 0, %buf, 256
    %more = gt_s %n, 0
    br_if %more, echo, args
echo:
    %w = syscall.write 1, %buf, %n
    jump again
args:
    %s = addr @strings
    %a = syscall.args %s, 256
    %w2 = syscall.write 2, %s, %a
    %e = syscall.env %s, 256
    %w3 = syscall.write 2, %s, %e
    %nl = addr @newline
    %w4 = syscall.write 2, %nl, sizeof @newline
    syscall.exit 7
    ret 0
}
"#;

#[test]
fn unknown_unknown_programs_run_on_the_env_abi() {
    let runtime = runtime();
    let compiled = runtime
        .load_text("echo.lir", ECHO, Target::Unknown, &Default::default())
        .unwrap();
    let imports = compiled.imports();
    assert!(imports.iter().all(|(m, _)| m == "env"), "{imports:?}");
    assert!(imports.contains(&("env".into(), "read".into())));
    let config = InstanceConfig {
        wasi: captured(b"some input\n", &["echo", "x"]),
        ..Default::default()
    };
    let mut instance = compiled.instantiate(config).unwrap();
    assert_eq!(instance.run().unwrap(), 7);
    assert_eq!(instance.stdout(), b"some input\n");
    assert_eq!(instance.stderr(), b"echo\0x\0GREETING=hej\0\n");
}

#[test]
fn the_same_program_gives_the_same_output_on_both_targets() {
    let runtime = runtime();
    let mut outputs = Vec::new();
    for target in [Target::Wasip1, Target::Unknown] {
        let compiled = runtime
            .load_text("echo.lir", ECHO, target, &Default::default())
            .unwrap();
        let config = InstanceConfig {
            wasi: captured(b"abc", &["p"]),
            ..Default::default()
        };
        let mut instance = compiled.instantiate(config).unwrap();
        let status = instance.run().unwrap();
        outputs.push((status, instance.stdout(), instance.stderr()));
    }
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn host_functions_replace_the_env_abi() {
    let runtime = runtime();
    let compiled = runtime
        .load_text("echo.lir", ECHO, Target::Unknown, &Default::default())
        .unwrap();
    let written = Arc::new(Mutex::new(Vec::<(i32, String)>::new()));
    let sink = written.clone();
    let mut imports = Imports::new();
    imports.func(
        "env",
        "write",
        move |mut caller: Caller<'_>, fd: i32, ptr: u32, len: u32| -> Result<i32, HostError> {
            let text = caller.read_string(ptr, len)?;
            sink.lock().unwrap().push((fd, text));
            Ok(len as i32)
        },
    );
    assert_eq!(imports.names().collect::<Vec<_>>(), [("env", "write")]);
    let config = InstanceConfig {
        wasi: captured(b"in", &["p"]),
        imports,
        ..Default::default()
    };
    let mut instance = compiled.instantiate(config).unwrap();
    assert_eq!(instance.run().unwrap(), 7);
    assert_eq!(
        instance.stdout(),
        b"",
        "the host's write replaced the ABI's"
    );
    let written = written.lock().unwrap();
    assert_eq!(written[0], (1, "in".to_string()));
    assert_eq!(written[1], (2, "p\0".to_string()));
}

#[test]
fn a_host_function_error_stops_the_call_with_its_message() {
    let module = r#"
        import func @check(i32) -> i32 from "host" "check"
        export "run" func @run(%x: i32) -> i32 {
            %y = call @check(%x)
            ret %y
        }
    "#;
    let runtime = runtime();
    let compiled = runtime
        .load_text("check.lir", module, Target::Unknown, &Default::default())
        .unwrap();
    // Without the import: instantiation succeeds, and calling it fails (5001) naming
    // it, as under the interpreter; the instance is unusable afterwards.
    let mut unprovided = compiled.instantiate(InstanceConfig::default()).unwrap();
    let missing = unprovided.call("run", &[Imm::i32(1)]).unwrap_err();
    assert_eq!(missing.code(), 5001);
    assert!(missing.to_string().contains("check"), "{missing}");
    let after = unprovided.call("run", &[Imm::i32(1)]).unwrap_err();
    assert_eq!(after.code(), 5005, "{after}");
    let mut imports = Imports::new();
    imports.func("host", "check", |_: Caller<'_>, x: i32| {
        if x < 0 {
            Err(HostError::msg("negative input"))
        } else {
            Ok(x * 2)
        }
    });
    let config = InstanceConfig {
        imports,
        ..Default::default()
    };
    let mut instance = compiled.instantiate(config).unwrap();
    assert_eq!(
        instance.call("run", &[Imm::i32(21)]).unwrap(),
        [Imm::i32(42)]
    );
    let error = instance.call("run", &[Imm::i32(-1)]).unwrap_err();
    assert_eq!(error.code(), 5002);
    assert!(error.to_string().contains("negative input"), "{error}");
}

#[test]
fn host_memory_access_out_of_bounds_is_an_error() {
    let module = r#"
        import func @log(i32, i32) from "env" "log"
        export "run" func @run(%p: i32, %n: i32) {
            call @log(%p, %n)
            ret
        }
    "#;
    let runtime = runtime();
    let compiled = runtime
        .load_text("log.lir", module, Target::Unknown, &Default::default())
        .unwrap();
    let mut imports = Imports::new();
    imports.func("env", "log", |mut c: Caller<'_>, p: u32, n: u32| {
        c.read_memory(p, n).map(drop)
    });
    let config = InstanceConfig {
        imports,
        ..Default::default()
    };
    let mut instance = compiled.instantiate(config).unwrap();
    instance.call("run", &[Imm::i32(0), Imm::i32(4)]).unwrap();
    let error = instance
        .call("run", &[Imm::i32(-8), Imm::i32(16)])
        .unwrap_err();
    assert!(error.to_string().contains("out of bounds"), "{error}");
}

#[test]
fn load_text_reports_parse_and_verify_errors() {
    let runtime = runtime();
    let parse = runtime
        .load_text("bad.lir", "func @f( {", Target::Wasip1, &Default::default())
        .err()
        .unwrap();
    assert_eq!(parse.code(), 5015);
    assert!(parse.to_string().contains("bad.lir:1:"), "{parse}");
    let verify = runtime
        .load_text(
            "v.lir",
            "func @f() -> i32 { ret }",
            Target::Wasip1,
            &Default::default(),
        )
        .err()
        .unwrap();
    assert_eq!(verify.code(), 5015, "{verify}");
}

#[test]
fn globals_can_be_read_and_written() {
    let module = r#"
        global @count: i32 mut = 5 export "count"
        global @scale: f64 = 2.5 export "scale"
        export "bump" func @bump() -> i32 {
            %c = global.get @count
            %n = add %c, 1
            global.set @count, %n
            ret %n
        }
    "#;
    let runtime = runtime();
    let compiled = runtime
        .load_text("g.lir", module, Target::Wasip1, &Default::default())
        .unwrap();
    let mut instance = compiled.instantiate(InstanceConfig::default()).unwrap();
    assert_eq!(instance.global_get("count").unwrap(), Imm::i32(5));
    assert_eq!(instance.global_get("scale").unwrap(), Imm::f64(2.5));
    instance.global_set("count", Imm::i32(100)).unwrap();
    assert_eq!(instance.call("bump", &[]).unwrap(), [Imm::i32(101)]);
    assert_eq!(instance.global_get("count").unwrap(), Imm::i32(101));
    let immutable = instance.global_set("scale", Imm::f64(1.0)).unwrap_err();
    assert_eq!(immutable.code(), 5007);
    let wrong_type = instance.global_set("count", Imm::i64(1)).unwrap_err();
    assert_eq!(wrong_type.code(), 5007);
    assert!(wrong_type.to_string().contains("i32"), "{wrong_type}");
    assert_eq!(instance.global_get("nothing").unwrap_err().code(), 5003);
    // The listing of the instance has both, with their types.
    let exports = instance.exports().unwrap();
    let count = exports.iter().find(|e| e.name == "count").unwrap();
    assert_eq!(
        count.kind,
        ExportKind::Global {
            ty: Some(lir::Type::I32),
            mutable: true
        }
    );
}

/// A module (built with wasm-encoder: LIR does not export tables) exporting a table
/// `fns` of 3 elements: `double`, `negate` and null, and both functions.
fn table_module() -> Vec<u8> {
    use wasm_encoder::*;
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32], [ValType::I32]);
    module.section(&types);
    let mut funcs = FunctionSection::new();
    funcs.function(0).function(0);
    module.section(&funcs);
    let mut tables = TableSection::new();
    tables.table(TableType {
        element_type: RefType::FUNCREF,
        minimum: 3,
        maximum: Some(10),
        table64: false,
        shared: false,
    });
    module.section(&tables);
    let mut exports = ExportSection::new();
    exports
        .export("fns", ExportKind::Table, 0)
        .export("double", ExportKind::Func, 0)
        .export("negate", ExportKind::Func, 1);
    module.section(&exports);
    let mut elements = ElementSection::new();
    elements.active(
        Some(0),
        &ConstExpr::i32_const(0),
        Elements::Functions([0u32, 1].as_slice().into()),
    );
    module.section(&elements);
    let mut code = CodeSection::new();
    let mut double = Function::new([]);
    double
        .instructions()
        .local_get(0)
        .local_get(0)
        .i32_add()
        .end();
    code.function(&double);
    let mut negate = Function::new([]);
    negate
        .instructions()
        .i32_const(0)
        .local_get(0)
        .i32_sub()
        .end();
    code.function(&negate);
    module.section(&code);
    module.finish()
}

#[test]
fn tables_can_be_called_set_and_grown() {
    let runtime = runtime();
    let compiled = runtime.load(&table_module()).unwrap();
    let mut instance = compiled.instantiate(InstanceConfig::default()).unwrap();
    assert_eq!(instance.table_size("fns").unwrap(), 3);
    assert_eq!(
        instance.table_call("fns", 0, &[Imm::i32(21)]).unwrap(),
        [Imm::i32(42)]
    );
    assert_eq!(
        instance.table_call("fns", 1, &[Imm::i32(5)]).unwrap(),
        [Imm::i32(-5)]
    );
    let sig = instance.table_signature("fns", 1).unwrap().unwrap();
    assert_eq!(sig.to_string(), "(i32) -> i32");
    assert_eq!(instance.table_signature("fns", 2).unwrap(), None);
    assert_eq!(
        instance
            .table_call("fns", 2, &[Imm::i32(1)])
            .unwrap_err()
            .code(),
        5002
    );
    assert_eq!(instance.table_signature("fns", 3).unwrap_err().code(), 5006);
    instance.table_set("fns", 2, Some("double")).unwrap();
    assert_eq!(
        instance.table_call("fns", 2, &[Imm::i32(4)]).unwrap(),
        [Imm::i32(8)]
    );
    assert_eq!(instance.table_grow("fns", 2).unwrap(), 3);
    assert_eq!(instance.table_size("fns").unwrap(), 5);
    assert_eq!(instance.table_grow("fns", 6).unwrap_err().code(), 5006);
    assert_eq!(instance.table_size("nothing").unwrap_err().code(), 5003);
    let exports = instance.exports().unwrap();
    assert!(exports
        .iter()
        .any(|e| e.name == "fns" && e.kind == ExportKind::Table));
}

const LOOP: &str = r#"
    export "spin" func @spin(%n: i32) -> i32 {
    entry:
        jump head(0)
    head(%i: i32):
        %done = ge_s %i, %n
        br_if %done, out, body
    body:
        %next = add %i, 1
        jump head(%next)
    out:
        ret %i
    }
"#;

#[test]
fn fuel_can_be_per_call_and_refilled() {
    let runtime = runtime();
    let compiled = runtime
        .load_text("loop.lir", LOOP, Target::Wasip1, &Default::default())
        .unwrap();
    // A lifetime budget: calls draw from it until it runs out.
    let limits = Limits {
        fuel: Some(2_000),
        ..Limits::default()
    };
    let mut shared = compiled
        .instantiate(InstanceConfig {
            limits: limits.clone(),
            ..Default::default()
        })
        .unwrap();
    shared.call("spin", &[Imm::i32(100)]).unwrap();
    let left = shared.remaining_fuel().unwrap();
    assert!(left < 2_000);
    shared.set_fuel(1_000_000).unwrap();
    assert_eq!(shared.remaining_fuel(), Some(1_000_000));
    shared.call("spin", &[Imm::i32(1000)]).unwrap();
    // Per call: every call starts with the whole budget.
    let mut per_call = compiled
        .instantiate(InstanceConfig {
            limits: Limits {
                fuel_per_call: true,
                ..limits
            },
            ..Default::default()
        })
        .unwrap();
    for _ in 0..10 {
        per_call.call("spin", &[Imm::i32(100)]).unwrap();
        assert_eq!(per_call.remaining_fuel(), Some(left));
    }
    let out = per_call.call("spin", &[Imm::i32(100_000)]).unwrap_err();
    assert!(matches!(out, RuntimeError::FuelExhausted), "{out}");
    // Without metering, refuelling is a configuration error.
    let fast = Runtime::new().unwrap();
    let compiled = fast
        .load_text("loop.lir", LOOP, Target::Wasip1, &Default::default())
        .unwrap();
    let mut instance = compiled.instantiate(InstanceConfig::default()).unwrap();
    assert_eq!(instance.set_fuel(1).unwrap_err().code(), 5010);
}

#[test]
fn the_last_message_is_readable_after_a_trap() {
    let module = r#"
        data @msg = { zero 32 }
        export "fail" func @fail(%code: i32) -> i32 {
            %p = addr @msg
            store.i32 [%p], %code
            %q = div_s %code, 0
            ret %q
        }
        export "msg" func @message() -> i32 {
            %p = addr @msg
            ret %p
        }
    "#;
    let runtime = runtime();
    let compiled = runtime
        .load_text("m.lir", module, Target::Unknown, &Default::default())
        .unwrap();
    let mut instance = compiled.instantiate(InstanceConfig::default()).unwrap();
    let at = instance.call("msg", &[]).unwrap()[0].bits();
    let trap = instance.call("fail", &[Imm::i32(0x1234)]).unwrap_err();
    assert_eq!(trap.code(), 5002);
    assert_eq!(
        instance.memory_read(at, 4).unwrap(),
        0x1234i32.to_le_bytes()
    );
    assert_eq!(instance.call("msg", &[]).unwrap_err().code(), 5005);
}

#[test]
fn memory_size_and_grow_count_pages() {
    let runtime = runtime();
    let compiled = runtime
        .load_text(
            "mem.lir",
            "memory 1 max 4 export \"memory\"\nfunc @f() { ret }",
            Target::Wasip1,
            &Default::default(),
        )
        .unwrap();
    let mut instance = compiled.instantiate(InstanceConfig::default()).unwrap();
    // At least the page asked for (the layout may add the stack's).
    let pages = instance.memory_size().unwrap();
    assert!((1..4).contains(&pages), "{pages}");
    assert_eq!(instance.memory_bytes().unwrap(), pages * PAGE_SIZE);
    assert_eq!(instance.memory_grow(1).unwrap(), pages);
    assert_eq!(instance.memory_size().unwrap(), pages + 1);
    assert_eq!(instance.memory_bytes().unwrap(), (pages + 1) * PAGE_SIZE);
    assert_eq!(instance.memory_grow(4).unwrap_err().code(), 5006);
    assert_eq!(instance.memory_size().unwrap(), pages + 1);
}

#[test]
fn the_embedding_example_runs() {
    // `cargo test` builds the examples beside the test binaries' `deps` directory.
    let deps = std::env::current_exe().unwrap();
    let example = deps
        .parent()
        .and_then(|d| d.parent())
        .map(|d| {
            d.join("examples")
                .join(format!("embed{}", std::env::consts::EXE_SUFFIX))
        })
        .unwrap();
    let output = std::process::Command::new(&example)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", example.display()));
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "log: hello from LIR",
            "log: hello from LIR",
            "greet(2) = 2",
            "calls = 2"
        ]
    );
    assert!(
        lines.contains(&"export: func greet(i32) -> i32"),
        "{stdout}"
    );
    assert!(
        lines.contains(&"hello imports: env.write, env.exit"),
        "{stdout}"
    );
    assert!(lines.contains(&"hello wrote: Hello, WASM!"), "{stdout}");
    assert_eq!(lines.last(), Some(&"hello exited with 0"));
}

#[test]
fn lir_typed_host_functions_check_their_results() {
    use lir::{Signature, Type};
    let module = r#"
        import func @pair(i32) -> (i32, i64) from "host" "pair"
        export "run" func @run(%x: i32) -> i64 {
            %a, %b = call @pair(%x)
            %wide = extend_s %a
            %sum = add %wide, %b
            ret %sum
        }
    "#;
    let runtime = runtime();
    let compiled = runtime
        .load_text("pair.lir", module, Target::Unknown, &Default::default())
        .unwrap();
    let sig = Signature::new([Type::I32], [Type::I32, Type::I64]);
    let mut imports = Imports::new();
    imports.func_lir("host", "pair", sig, |_, args| {
        let x = args[0].as_i64() as i32; // sign-extended from i32
        if x < 0 {
            return Ok(vec![Imm::i32(x)]); // one result short: the host's bug
        }
        Ok(vec![Imm::i32(x), Imm::i64(1 << 40)])
    });
    let config = InstanceConfig {
        imports,
        ..Default::default()
    };
    let mut instance = compiled.instantiate(config).unwrap();
    assert_eq!(
        instance.call("run", &[Imm::i32(2)]).unwrap(),
        [Imm::i64((1 << 40) + 2)]
    );
    let error = instance.call("run", &[Imm::i32(-1)]).unwrap_err();
    assert_eq!(error.code(), 5002);
    assert!(
        error
            .to_string()
            .contains("returned (i32), its signature says (i32, i64)"),
        "{error}"
    );
}

/// `@main` with `depth` loops nested in each other, each running `argc` times, the
/// innermost counting its iterations; exits with the count (`argc ^ depth`, mod 256).
fn loop_nest(depth: usize) -> String {
    let mut s =
        String::from("func @main(%argc: i32, %argv: ptr) -> i32 {\nentry:\n    jump l0(0, 0)\n");
    for d in 0..depth {
        let (next, inner_init) = if d + 1 == depth {
            (
                format!("    %t{d}n = add %t{d}, 1\n    jump c{d}(%t{d}n)\n"),
                String::new(),
            )
        } else {
            (String::new(), format!("    jump l{}(0, %t{d})\n", d + 1))
        };
        s.push_str(&format!(
            "l{d}(%i{d}: i32, %t{d}: i32):\n{next}{inner_init}"
        ));
    }
    for d in (0..depth).rev() {
        s.push_str(&format!(
            "c{d}(%u{d}: i32):\n    %i{d}n = add %i{d}, 1\n    %more{d} = lt_s %i{d}n, %argc\n"
        ));
        let exit = if d == 0 {
            "    %r = and %u0, 255\n    ret %r\n".to_string()
        } else {
            format!("    jump c{}(%u{d})\n", d - 1)
        };
        s.push_str(&format!("    br_if %more{d}, again{d}, out{d}\nagain{d}:\n    jump l{d}(%i{d}n, %u{d})\nout{d}:\n{exit}"));
    }
    s.push_str("}\n");
    s
}

#[test]
fn huge_functions_go_to_winch_and_compute_the_same() {
    use lir_runtime::Compiler;
    let nest = loop_nest(300);
    let small = loop_nest(3);
    let run = |runtime: &Runtime, text: &str, args: &[&str]| {
        let compiled = runtime
            .load_text("nest.lir", text, Target::Wasip1, &Default::default())
            .unwrap();
        let compiler = compiled.compiler();
        let wasi = WasiConfig {
            args: args.iter().map(|a| a.to_string()).collect(),
            ..WasiConfig::default()
        };
        let config = InstanceConfig {
            wasi,
            ..Default::default()
        };
        (
            compiler,
            compiled.instantiate(config).unwrap().run().unwrap(),
        )
    };
    let auto = runtime();
    // 2 ^ 300 iterations would never end: one argument (argc 2) runs the 3-deep nest
    // 8 times, none (argc 1) runs each loop once.
    assert_eq!(run(&auto, &nest, &["nest"]), (Compiler::Winch, 1));
    assert_eq!(run(&auto, &small, &["nest", "x"]), (Compiler::Cranelift, 8));
    let cranelift = Runtime::with_options(RuntimeOptions {
        compiler: Compiler::Cranelift,
        ..RuntimeOptions::default()
    })
    .unwrap();
    assert_eq!(run(&cranelift, &nest, &["nest"]), (Compiler::Cranelift, 1));
    let winch = Runtime::with_options(RuntimeOptions {
        compiler: Compiler::Winch,
        ..RuntimeOptions::default()
    })
    .unwrap();
    assert_eq!(run(&winch, &small, &["nest", "x"]), (Compiler::Winch, 8));
}

#[test]
fn winch_keeps_fuel_timeouts_and_trap_locations() {
    use lir_runtime::Compiler;
    let runtime = runtime();
    let endless = runtime
        .load_text(
            "nest.lir",
            &loop_nest(300),
            Target::Wasip1,
            &Default::default(),
        )
        .unwrap();
    assert_eq!(endless.compiler(), Compiler::Winch);
    let code_under = |limits: Limits| {
        let config = InstanceConfig {
            wasi: WasiConfig {
                args: vec!["nest".into(), "x".into()],
                ..WasiConfig::default()
            },
            limits,
            ..Default::default()
        };
        let error = endless.instantiate(config).unwrap().run().unwrap_err();
        error.code()
    };
    let fuel = Limits {
        fuel: Some(1_000_000),
        ..Limits::default()
    };
    assert_eq!(code_under(fuel), 5011);
    let timeout = Limits {
        timeout: Some(std::time::Duration::from_millis(200)),
        ..Limits::default()
    };
    assert_eq!(code_under(timeout), 5012);
    // A division by zero in the innermost loop: the trap names its line.
    let trapping = loop_nest(300).replace(
        "    %t299n = add %t299, 1\n",
        "    %zero = sub %argc, %argc\n    %t299n = div_s %t299, %zero\n",
    );
    let compiled = runtime
        .load_text("trap.lir", &trapping, Target::Wasip1, &Default::default())
        .unwrap();
    assert_eq!(compiled.compiler(), Compiler::Winch);
    let line = 1 + trapping.lines().position(|l| l.contains("div_s")).unwrap();
    match compiled.instantiate(Default::default()).unwrap().run() {
        Err(RuntimeError::Trap { func, stack, .. }) => {
            assert_eq!(func.as_deref(), Some("main"));
            let top = &stack.frames[0];
            assert_eq!(top.func, "main");
            let location = top.location.as_deref().unwrap_or_default();
            assert!(
                location.starts_with(&format!("trap.lir:{line}:")),
                "{stack}"
            );
        }
        other => panic!("expected a trap, got {other:?}"),
    }
}
