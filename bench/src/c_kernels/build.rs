//! Finding the tools of `lir-bench c-kernels` (a missing one skips its builds or rows,
//! with a note) and building a kernel each way they allow.

use super::{Build, Options, RunInfo};
use crate::process::CommandLine;
use crate::tools;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// One build of a kernel: its file, or why there is none.
pub struct Built {
    pub build: Build,
    pub file: Result<PathBuf, String>,
}

/// The tools found; `None` for the ones that are missing (their columns are skipped).
pub struct Tools {
    pub lirc: Option<PathBuf>,
    pub tinyc: Option<PathBuf>,
    pub wasm_opt: Option<PathBuf>,
    /// clang and the wasi-libc sysroot.
    pub clang_wasm: Option<(PathBuf, PathBuf)>,
    pub clang_native: Option<PathBuf>,
    /// node and the runner script.
    pub node: Option<(PathBuf, PathBuf)>,
}

/// A tiny `node:wasi` (preview1) runner: `node run-wasi.mjs PROG.wasm [ARG...]`.
const NODE_RUNNER: &str = "\
// Written by lir-bench c-kernels: node run-wasi.mjs PROG.wasm [ARG...] runs a WASI
// preview1 command with the process's standard streams; the exit status is the program's.
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';
const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
";

/// Looks for every tool; a missing one becomes a note in `ctx.skipped` (and on stderr).
pub fn find_tools(opts: &Options, dir: &Path, ctx: &mut RunInfo) -> Result<Tools> {
    let lirc = found(ctx, "`lirc run` (wasmtime) rows", tools::lirc());
    let tinyc = found(ctx, "tinyc builds (a) and (b)", tools::tinyc());
    let wasm_opt = if tinyc.is_some() {
        found(
            ctx,
            "build (b) `tinyc -O0 + wasm-opt -O3`",
            tools::wasm_opt(),
        )
        .map(|(path, version)| {
            ctx.versions.push(version);
            path
        })
    } else {
        None
    };
    let clang = found(ctx, "clang builds (c) and (d)", tools::clang_native());
    let clang_wasm = match &clang {
        Some(clang) => found(
            ctx,
            "build (c) `clang -O2` wasm (the reference of the ratios)",
            tools::wasi_libc(),
        )
        .map(|sysroot| (clang.clone(), sysroot)),
        None => None,
    };
    let clang_native = clang.clone().filter(|_| opts.native);
    let node = if opts.node {
        found(ctx, "node rows", tools::node())
    } else {
        None
    };
    let node = match node {
        Some((node, version)) => {
            let runner = dir.join("run-wasi.mjs");
            std::fs::write(&runner, NODE_RUNNER)
                .with_context(|| format!("writing {}", runner.display()))?;
            ctx.versions.push(format!("node {version}"));
            Some((node, runner))
        }
        None => None,
    };
    if lirc.is_none() && node.is_none() && clang_native.is_none() {
        bail!("nothing can run the kernels (no lirc, no node, no native build)");
    }
    if tinyc.is_none() && clang.is_none() {
        bail!("nothing can build the kernels (no tinyc, no clang)");
    }
    Ok(Tools {
        lirc,
        tinyc,
        wasm_opt,
        clang_wasm,
        clang_native,
        node,
    })
}

/// `Some` for a tool that was found; otherwise notes that `what` is skipped, and why.
fn found<T>(ctx: &mut RunInfo, what: &str, tool: Result<T>) -> Option<T> {
    match tool {
        Ok(t) => Some(t),
        Err(e) => {
            let note = format!("skipped {what}: {e:#}");
            eprintln!("note: {note}");
            ctx.skipped.push(note);
            None
        }
    }
}

/// Builds every variant the tools allow, in the order (a) (b) (c) (d).
pub fn variants(name: &str, src: &Path, tools: &Tools, dir: &Path) -> Vec<Built> {
    let out = |suffix: &str| dir.join(format!("{name}.{suffix}"));
    let mut builds = Vec::new();
    if let Some(tinyc) = &tools.tinyc {
        let tinyc_to = |level: &str, file: &Path| {
            let cmd = CommandLine::new(tinyc.as_os_str())
                .arg(level)
                .path(src)
                .arg("-o")
                .path(file);
            step("tinyc", &cmd, file)
        };
        let a = out("tinyc-O2.wasm");
        builds.push((Build::Tinyc, tinyc_to("-O2", &a).map(|()| a)));
        if let Some(wasm_opt) = &tools.wasm_opt {
            let o0 = out("tinyc-O0.wasm");
            let b = out("tinyc-O0.wasm-opt-O3.wasm");
            let cmd = CommandLine::new(wasm_opt.as_os_str())
                .path(&o0)
                .arg("-O3")
                .args(tools::WASM_OPT_FEATURES)
                .arg("-o")
                .path(&b);
            let built = tinyc_to("-O0", &o0).and_then(|()| step("wasm-opt -O3", &cmd, &b));
            builds.push((Build::TinycWasmOpt, built.map(|()| b)));
        }
    }
    if let Some((clang, sysroot)) = &tools.clang_wasm {
        let c = out("clang.wasm");
        let cmd = CommandLine::new(clang.as_os_str())
            .args(["-O2", "--target=wasm32-wasi", "-std=c11", "-w"])
            .arg(format!("--sysroot={}", sysroot.display()))
            .path(src)
            .arg("-o")
            .path(&c);
        builds.push((Build::ClangWasm, step("clang", &cmd, &c).map(|()| c)));
    }
    if let Some(clang) = &tools.clang_native {
        let d = out("native");
        let cmd = CommandLine::new(clang.as_os_str())
            .args(["-O2", "-ffp-contract=off", "-std=c11", "-w"])
            .path(src)
            .args(["-lm", "-o"])
            .path(&d);
        builds.push((Build::Native, step("clang", &cmd, &d).map(|()| d)));
    }
    builds
        .into_iter()
        .map(|(build, file)| {
            if let Err(e) = &file {
                eprintln!("{name}: {}: {e}", build.label());
            }
            Built { build, file }
        })
        .collect()
}

/// Runs one build step that writes `output`; `Err` holds the first line of its error.
fn step(tool: &str, cmd: &CommandLine, output: &Path) -> Result<(), String> {
    let _ = std::fs::remove_file(output);
    match cmd.build() {
        Ok(out) if out.success() && output.is_file() => Ok(()),
        Ok(out) if out.success() => Err(format!("{tool} wrote no {}", output.display())),
        Ok(out) => Err(format!("{tool} failed: {}", out.first_error_line())),
        Err(e) => Err(format!("{e:#}")),
    }
}
