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

/// The symbolic links of the fixtures (tests/fixtures/README.md): fixture, path inside
/// it, target. Checkouts without symlink support (zip downloads, `core.symlinks=false`
/// on Windows) turn them into small files holding the target's path.
const SYMLINKS: [(&str, &str, &str); 3] = [
    ("files", "inner_link", "hello.txt"),
    ("files", "escape_link", "../outside.txt"),
    ("files", "absolute_link", "/etc/hostname"),
];

/// Checks that the symbolic links of fixture `fixture` under `root` are links to their
/// targets, so that a broken checkout fails with a message naming the link rather
/// than with an errno no test expects.
fn check_symlinks(root: &Path, fixture: &str) -> io::Result<()> {
    for (_, path, target) in SYMLINKS.iter().filter(|(f, _, _)| *f == fixture) {
        let link = root.join(fixture).join(path);
        let found = match std::fs::symlink_metadata(&link) {
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::read_link(&link) {
                Ok(to) if to == Path::new(target) => continue,
                Ok(to) => format!("a link to `{}`", to.display()),
                Err(e) => format!("unreadable ({e})"),
            },
            Ok(meta) if meta.is_file() => "a regular file".to_string(),
            Ok(_) => "not a symbolic link".to_string(),
            Err(e) => format!("missing ({e})"),
        };
        return Err(io::Error::other(format!(
            "broken test fixture: `{}` must be a symbolic link to `{target}`, but it is \
             {found}; this checkout lost its symbolic links (a zip download, or git with \
             `core.symlinks=false`): clone the repository with git where symlinks work",
            link.display()
        )));
    }
    Ok(())
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
        check_symlinks(&fixtures_dir(), &grant.fixture)?;
        copy_tree(&fixtures_dir().join(&grant.fixture), &host)?;
        tree.granted.push(Granted {
            host,
            guest: grant.guest.clone(),
            read_only: grant.read_only,
        });
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checkout_has_its_fixture_links() {
        check_symlinks(&fixtures_dir(), "files").unwrap();
    }

    #[test]
    #[cfg(unix)]
    fn a_lost_link_is_named() {
        let root = std::env::temp_dir().join(format!("lir-fixture-check-{}", std::process::id()));
        let files = root.join("files");
        std::fs::create_dir_all(&files).unwrap();
        std::os::unix::fs::symlink("hello.txt", files.join("inner_link")).unwrap();
        // What a checkout without symlinks leaves: the target's path in a file.
        std::fs::write(files.join("escape_link"), "../outside.txt").unwrap();
        let err = check_symlinks(&root, "files").unwrap_err().to_string();
        let _ = std::fs::remove_dir_all(&root);
        assert!(
            err.starts_with("broken test fixture: `") && err.contains("files/escape_link"),
            "{err}"
        );
        assert!(
            err.contains("must be a symbolic link to `../outside.txt`, but it is a regular file"),
            "{err}"
        );
    }
}
