//! Finding the programs lir-bench drives (lirc, clang, wasm-opt), saying how to get
//! the missing ones, and probing which `-O` levels this lirc accepts.

use crate::paths;
use crate::process::{CommandLine, Exit};
use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const SETUP_HINT: &str = "run bench/setup.sh (installs clang lld wasi-libc \
                          libclang-rt-dev-wasm32 binaryen with apt-get)";

/// The features our output may use; wasm-opt rejects modules using others.
pub const WASM_OPT_FEATURES: [&str; 6] = [
    "--enable-multivalue",
    "--enable-tail-call",
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-mutable-globals",
];

/// `target/release/lirc` (or `$LIRC`), checked to exist. Warns on stderr when the
/// binary is older than some Rust source of the workspace.
pub fn lirc() -> Result<PathBuf> {
    workspace_binary("lirc", "LIRC")
}

/// `target/release/tinyc` (or `$TINYC`), the C-subset compiler of examples/tinyc,
/// checked like [`lirc`].
pub fn tinyc() -> Result<PathBuf> {
    workspace_binary("tinyc", "TINYC")
}

/// The release binary of workspace package `name` (or `$VAR`), checked to exist;
/// warns when it is older than a Rust source of the workspace.
fn workspace_binary(name: &str, var: &str) -> Result<PathBuf> {
    let path = match std::env::var_os(var) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => paths::target_dir().join("release").join(name),
    };
    if !path.is_file() {
        bail!(
            "{name} not found at {}; build it with `cargo build --release -p {name}` \
             (or set {var}=/path/to/{name})",
            path.display()
        );
    }
    if let Some(newer) = newer_source(&path, name) {
        eprintln!(
            "warning: {} is older than {}; rebuild with `cargo build --release -p {name}`",
            paths::display(&path),
            paths::display(&newer)
        );
    }
    Ok(path)
}

/// `clang` on PATH (or `$CLANG`), able to build for wasm32-wasi.
pub fn clang() -> Result<PathBuf> {
    let clang = clang_native()?;
    wasi_libc()?;
    Ok(clang)
}

/// `clang` on PATH (or `$CLANG`), without checking for wasi-libc (native builds).
pub fn clang_native() -> Result<PathBuf> {
    find_tool(
        "CLANG",
        "clang",
        &format!("it is in the Debian package `clang`; {SETUP_HINT}"),
    )
}

/// Checks that the wasm32-wasi sysroot has wasi-libc, and returns the sysroot.
pub fn wasi_libc() -> Result<PathBuf> {
    let sysroot = wasi_sysroot();
    if !sysroot.join("lib/wasm32-wasi/libc.a").is_file() {
        bail!(
            "wasi-libc not found under {} (lib/wasm32-wasi/libc.a; Debian packages \
             `wasi-libc` and `libclang-rt-dev-wasm32`): {SETUP_HINT} (or set WASI_SYSROOT)",
            sysroot.display()
        );
    }
    Ok(sysroot)
}

/// `node` (Node.js 20 or newer, for `node:wasi` preview1) from `$NODE` or PATH, with
/// its version.
pub fn node() -> Result<(PathBuf, String)> {
    const HINT: &str = "install Node.js 20 or newer (Debian package `nodejs`; bookworm's \
                        own is 18, NodeSource's is newer), or set NODE=/path/to/node";
    let path = find_tool("NODE", "node", HINT)?;
    let out = CommandLine::new(path.as_os_str())
        .arg("--version")
        .run(None)
        .with_context(|| format!("running {} --version; {HINT}", path.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let version = stdout.lines().next().unwrap_or_default().trim().to_string();
    let major: Option<u32> = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok());
    if !out.success() || major.is_none_or(|m| m < 20) {
        bail!("{} is node `{version}`; {HINT}", path.display());
    }
    Ok((path, version))
}

/// The `--sysroot` for wasm32-wasi: `$WASI_SYSROOT` or Debian's `/usr`.
pub fn wasi_sysroot() -> PathBuf {
    match std::env::var_os("WASI_SYSROOT") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from("/usr"),
    }
}

/// `wasm-opt` (binaryen) from `$WASM_OPT` or PATH, with its version line.
pub fn wasm_opt() -> Result<(PathBuf, String)> {
    let path = find_tool(
        "WASM_OPT",
        "wasm-opt",
        &format!("it is in the Debian package `binaryen`; {SETUP_HINT}"),
    )?;
    let out = CommandLine::new(path.as_os_str())
        .arg("--version")
        .run(None)
        .with_context(|| format!("running {} --version", path.display()))?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.success() {
        bail!(
            "{} --version failed ({}); is it binaryen's wasm-opt?",
            path.display(),
            out.failure_summary()
        );
    }
    Ok((path, version))
}

/// `$VAR` if set (it must exist), else the first `name` on PATH; the error ends with
/// `hint` (where to get the tool).
fn find_tool(var: &str, name: &str, hint: &str) -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        bail!("{var}={} does not exist", p.display());
    }
    on_path(name).with_context(|| format!("{name} not found on PATH (or set {var}=/path); {hint}"))
}

/// The first `name` on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The newest `.rs` file under a `src/` directory of the workspace (outside `target/`,
/// `bench/` and `tests/` directories, and `examples/*` other than `examples/<package>`,
/// which do not go into the binary) that is newer than `binary`, if any.
fn newer_source(binary: &Path, package: &str) -> Option<PathBuf> {
    let built = binary.metadata().and_then(|m| m.modified()).ok()?;
    let root = paths::workspace_root();
    let mut newest: Option<(SystemTime, PathBuf)> = None;
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                let other_example = dir.file_name().is_some_and(|d| d == "examples")
                    && dir.parent() == Some(root.as_path())
                    && name != package;
                let skip =
                    name == "target" || name == "bench" || name == "node_modules" || other_example;
                if !skip && !name.to_string_lossy().starts_with('.') {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.components().any(|c| c.as_os_str() == "src")
                && !path.components().any(|c| c.as_os_str() == "tests")
            {
                if let Ok(time) = entry.metadata().and_then(|m| m.modified()) {
                    if time > built && newest.as_ref().is_none_or(|(t, _)| time > *t) {
                        newest = Some((time, path));
                    }
                }
            }
        }
    }
    newest.map(|(_, p)| p)
}

/// How lirc is asked for one optimization level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelSupport {
    /// lirc accepts `-O<level>`.
    Flag,
    /// lirc has no `-O` flags at all: it only compiles without optimizing, which is
    /// what `-O0` means, so `-O0` is compiled with no flag.
    Unoptimized,
    /// lirc does not accept this level (yet).
    Missing,
}

/// An optimization level as the user wrote it, normalized to `O0`, `O2`, `Oz`, ….
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    pub name: String,
    pub support: LevelSupport,
}

impl Level {
    /// The lirc arguments selecting this level (none for [`LevelSupport::Unoptimized`]).
    pub fn args(&self) -> Vec<OsString> {
        match self.support {
            LevelSupport::Flag => vec![format!("-{}", self.name).into()],
            _ => Vec::new(),
        }
    }

    /// True when this level can be compiled.
    pub fn available(&self) -> bool {
        self.support != LevelSupport::Missing
    }

    /// Why the level cannot be measured, for table cells: `n/a (lirc has no -O2 yet)`.
    pub fn missing_note(&self) -> String {
        format!("n/a (lirc has no -{} yet)", self.name)
    }

    /// The column label: `lirc -O2`, with a note when `-O0` means "no flag".
    pub fn label(&self) -> String {
        match self.support {
            LevelSupport::Unoptimized => format!("lirc -{} (no flag)", self.name),
            _ => format!("lirc -{}", self.name),
        }
    }
}

/// Parses `O0,O2,-Oz,s` into normalized level names.
pub fn parse_levels(list: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let bare = item.trim_start_matches('-').trim_start_matches(['O', 'o']);
        let name = match bare {
            "0" | "1" | "2" | "3" | "s" | "z" => format!("O{bare}"),
            _ => bail!("unknown optimization level `{item}` (expected O0, O1, O2, O3, Os or Oz)"),
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    if out.is_empty() {
        bail!("no optimization levels given");
    }
    Ok(out)
}

/// Asks `lirc` which of `names` it accepts by compiling a tiny module with each flag.
/// A usage error (status 64) means the flag is not accepted; any other failure is an
/// error. When lirc accepts no `-O` flag at all, `O0` maps to "no flag".
pub fn probe_levels(lirc: &Path, names: &[String]) -> Result<Vec<Level>> {
    let dir = paths::work_dir("probe")?;
    let src = dir.join("probe.lir");
    std::fs::write(&src, "func @main() -> i32 {\nentry:\n    ret 0\n}\n")
        .with_context(|| format!("writing {}", src.display()))?;
    let out = dir.join("probe.wasm");
    let accepts = |flag: &str| -> Result<bool> {
        let result = CommandLine::new(lirc.as_os_str())
            .arg(flag)
            .arg("--strip")
            .path(&src)
            .arg("-o")
            .path(&out)
            .run(None)
            .with_context(|| format!("running {}", lirc.display()))?;
        match result.exit {
            Exit::Code(0) => Ok(true),
            Exit::Code(64) => Ok(false),
            _ => bail!(
                "`lirc {flag}` failed on a trivial module: {}",
                result.failure_summary()
            ),
        }
    };
    let mut levels = Vec::new();
    for name in names {
        let support = if accepts(&format!("-{name}"))? {
            LevelSupport::Flag
        } else {
            LevelSupport::Missing
        };
        levels.push(Level {
            name: name.clone(),
            support,
        });
    }
    let any_flag = levels.iter().any(|l| l.support == LevelSupport::Flag)
        || (!names.iter().any(|n| n == "O2") && accepts("-O2")?);
    if !any_flag {
        for level in &mut levels {
            if level.name == "O0" {
                level.support = LevelSupport::Unoptimized;
            }
        }
    }
    Ok(levels)
}

/// Prints which tools and levels are in use, to stderr.
pub fn describe_levels(levels: &[Level]) {
    for level in levels {
        match level.support {
            LevelSupport::Flag => {}
            LevelSupport::Unoptimized => eprintln!(
                "note: lirc accepts no -O flag yet; -{} is lirc without a flag (it does not optimize)",
                level.name
            ),
            LevelSupport::Missing => {
                eprintln!("note: lirc has no -{} yet; its column is n/a", level.name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_level_lists() {
        assert_eq!(parse_levels("O0,O2").unwrap(), ["O0", "O2"]);
        assert_eq!(
            parse_levels("-O0, 2,z,Os,O2").unwrap(),
            ["O0", "O2", "Oz", "Os"]
        );
        assert!(parse_levels("O4").is_err());
        assert!(parse_levels("").is_err());
    }

    #[test]
    fn level_args_and_labels() {
        let flag = Level {
            name: "O2".into(),
            support: LevelSupport::Flag,
        };
        assert_eq!(flag.args(), vec![OsString::from("-O2")]);
        assert_eq!(flag.label(), "lirc -O2");
        let none = Level {
            name: "O0".into(),
            support: LevelSupport::Unoptimized,
        };
        assert!(none.args().is_empty());
        assert_eq!(none.label(), "lirc -O0 (no flag)");
        let missing = Level {
            name: "Oz".into(),
            support: LevelSupport::Missing,
        };
        assert_eq!(missing.missing_note(), "n/a (lirc has no -Oz yet)");
        assert!(!missing.available());
    }
}
