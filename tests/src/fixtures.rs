//! Fresh copies of `tests/fixtures/` directories for programs that use the file
//! system: each run gets its own tree, so writes never leak between runs or executors.
//!
//! Layout of one copy: `<tmp>/lir-fixture-<n>/outside.txt` ("outside\n", reachable only
//! by escaping) and one directory per grant, each a copy of its fixture (symbolic links
//! copied as links).

use crate::directives::DirGrant;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A granted directory, materialized.
#[derive(Clone, Debug)]
pub struct Granted {
    pub host: PathBuf,
    pub guest: String,
    pub read_only: bool,
}

/// A temporary tree; removed on drop.
pub struct FixtureTree {
    root: PathBuf,
    pub granted: Vec<Granted>,
}

impl Drop for FixtureTree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            let link = std::fs::read_link(entry.path())?;
            #[cfg(unix)]
            std::os::unix::fs::symlink(link, &target)?;
            #[cfg(not(unix))]
            let _ = link;
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Copies the fixtures `grants` names into a new temporary tree.
pub fn materialize(grants: &[DirGrant]) -> io::Result<FixtureTree> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let root = std::env::temp_dir().join(format!(
        "lir-fixture-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root)?;
    let mut tree = FixtureTree {
        root: root.clone(),
        granted: Vec::new(),
    };
    std::fs::write(root.join("outside.txt"), "outside\n")?;
    for (i, grant) in grants.iter().enumerate() {
        let host = root.join(format!("{i}-{}", grant.fixture));
        copy_tree(&fixtures_dir().join(&grant.fixture), &host)?;
        tree.granted.push(Granted {
            host,
            guest: grant.guest.clone(),
            read_only: grant.read_only,
        });
    }
    Ok(tree)
}
