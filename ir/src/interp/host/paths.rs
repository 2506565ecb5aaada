//! Which granted directory a guest path names, and the rest of the path inside it.
//!
//! A path and each guest name are split into components, dropping empty and `.`
//! components (`..` is kept: [`climbs_out`] rejects a path whose `..` components,
//! counted as written, climb above the directory, and `cap-std` resolves the rest when
//! the file is opened). An absolute path matches the absolute guest names that are a
//! component-wise prefix of it; a relative path matches relative guest names, `.` (no
//! components) matching every relative path. The longest match wins. This module only computes names; it does not touch the
//! file system.

use std::path::PathBuf;

/// A guest path split into components.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(in crate::interp) struct GuestPath {
    absolute: bool,
    components: Vec<Vec<u8>>,
}

impl GuestPath {
    pub fn parse(path: &[u8]) -> GuestPath {
        GuestPath {
            absolute: path.first() == Some(&b'/'),
            components: path
                .split(|&b| b == b'/')
                .filter(|c| !c.is_empty() && *c != b".")
                .map(<[u8]>::to_vec)
                .collect(),
        }
    }

    /// Whether `self` (a guest name) is a prefix of `path`.
    fn is_prefix_of(&self, path: &GuestPath) -> bool {
        self.absolute == path.absolute && path.components.starts_with(&self.components)
    }
}

/// The index of the guest name that `path` falls under, and the rest of `path`
/// relative to it (`.` when the path names the directory itself; a trailing `/` is
/// kept so that only a directory matches).
pub(in crate::interp) fn resolve(names: &[GuestPath], path: &[u8]) -> Option<(usize, Vec<u8>)> {
    let parsed = GuestPath::parse(path);
    let (index, name) = names
        .iter()
        .enumerate()
        .filter(|(_, name)| name.is_prefix_of(&parsed))
        .max_by_key(|(i, name)| (name.components.len(), std::cmp::Reverse(*i)))?;
    let rest = &parsed.components[name.components.len()..];
    let mut relative = rest.join(&b'/');
    if relative.is_empty() {
        relative.push(b'.');
    } else if path.last() == Some(&b'/') {
        relative.push(b'/');
    }
    Some((index, relative))
}

/// Whether the relative path `rest` (as [`resolve`] gives it) climbs above its
/// directory: a `..` component when the components before it, counted as written, have
/// not gone down (`a/../..`). Such paths fail with `EPERM` before the file system is
/// asked, so that the answer does not depend on how a host resolves `..`.
pub(in crate::interp) fn climbs_out(rest: &[u8]) -> bool {
    let mut depth = 0usize;
    for component in rest.split(|&b| b == b'/').filter(|c| !c.is_empty()) {
        match component {
            b"." => {}
            b".." => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            _ => depth += 1,
        }
    }
    false
}

/// The host form of a relative guest path.
pub(in crate::interp) fn host_path(bytes: &[u8]) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<GuestPath> {
        list.iter()
            .map(|n| GuestPath::parse(n.as_bytes()))
            .collect()
    }

    fn check(list: &[&str], path: &str) -> Option<(usize, String)> {
        resolve(&names(list), path.as_bytes())
            .map(|(i, rest)| (i, String::from_utf8(rest).unwrap()))
    }

    #[test]
    fn absolute_paths_use_the_longest_component_prefix() {
        let list = ["/data", "/", "/data/sub", "."];
        assert_eq!(check(&list, "/data/x.txt"), Some((0, "x.txt".into())));
        assert_eq!(check(&list, "/data/sub/y"), Some((2, "y".into())));
        assert_eq!(check(&list, "/data//./sub/y"), Some((2, "y".into())));
        assert_eq!(check(&list, "/datafile"), Some((1, "datafile".into())));
        assert_eq!(check(&list, "/data"), Some((0, ".".into())));
        assert_eq!(check(&list, "/data/"), Some((0, ".".into())));
        assert_eq!(
            check(&list, "/data/../etc/passwd"),
            Some((0, "../etc/passwd".into()))
        );
        assert_eq!(check(&list, "/data/dir/"), Some((0, "dir/".into())));
    }

    #[test]
    fn relative_paths_use_relative_names() {
        let list = ["/data", ".", "out"];
        assert_eq!(check(&list, "a/b.txt"), Some((1, "a/b.txt".into())));
        assert_eq!(check(&list, "./a"), Some((1, "a".into())));
        assert_eq!(check(&list, "out/log"), Some((2, "log".into())));
        assert_eq!(check(&list, "../x"), Some((1, "../x".into())));
        assert_eq!(check(&list, "."), Some((1, ".".into())));
    }

    #[test]
    fn unmatched_paths_have_no_directory() {
        assert_eq!(check(&["/data"], "/etc/passwd"), None);
        assert_eq!(check(&["/data"], "relative"), None);
        assert_eq!(check(&["."], "/abs"), None);
        assert_eq!(check(&[], "x"), None);
    }

    #[test]
    fn climbing_is_counted_as_written() {
        assert!(climbs_out(b".."));
        assert!(climbs_out(b"../x"));
        assert!(climbs_out(b"a/../../x"));
        assert!(climbs_out(b"a/../a/../../files/x"));
        assert!(!climbs_out(b"a/.."));
        assert!(!climbs_out(b"a/b/../../c"));
        assert!(!climbs_out(b"."));
        assert!(!climbs_out(b"..a/b"));
    }

    #[test]
    fn the_first_of_equal_names_wins() {
        assert_eq!(check(&["/d", "/d/"], "/d/x"), Some((0, "x".into())));
    }
}
