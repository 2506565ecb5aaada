//! Where things are: the workspace root, its target directory, the kernels, and the
//! scratch directory for build products (`target/lir-bench/`).

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The workspace root (the directory holding the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    // bench/ is one level below the root; this is the source tree lir-bench was built from.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The cargo target directory: `$CARGO_TARGET_DIR` or `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// `bench/kernels/`.
pub fn kernels_dir() -> PathBuf {
    workspace_root().join("bench").join("kernels")
}

/// A fresh-or-existing scratch directory `target/lir-bench/<name>`.
pub fn work_dir(name: &str) -> Result<PathBuf> {
    let dir = target_dir().join("lir-bench").join(name);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// `path` relative to the workspace root when it is inside it, for display.
pub fn display(path: &Path) -> String {
    let root = workspace_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}
