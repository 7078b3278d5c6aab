//! The paths a build writes, relative to the output: each must stay inside it and have one
//! spelling, and no path may be both a file and a folder.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Component, Path};

/// True for a relative path with no `..`, root or prefix components.
pub fn is_safe_relative(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty()
        && !rel.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        // One spelling per file (`a//b`, `a/./b` and `a/` are refused): written files are
        // told apart by their path.
        && rel.split('/').all(|s| !s.is_empty() && s != ".")
}

/// A path written as a file that other written paths have as a folder, if any.
pub(super) fn file_and_folder(written: &BTreeMap<String, usize>) -> Option<&str> {
    written.keys().map(String::as_str).find(|file| {
        let folder = format!("{file}/");
        written
            .range::<str, _>((Bound::Included(folder.as_str()), Bound::Unbounded))
            .next()
            .is_some_and(|(next, _)| next.starts_with(&folder))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths() {
        assert!(is_safe_relative("ja/index.html"));
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a\\..\\b"));
        // One spelling per file: the spare's clean-up compares paths as written.
        for twice in ["a//b", "a/./b", "./a", "a/"] {
            assert!(!is_safe_relative(twice), "{twice}");
        }
        let written: BTreeMap<String, usize> = [("en", 1), ("en-x/a", 1), ("en/index.html", 1)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(file_and_folder(&written), Some("en"));
        let apart: BTreeMap<String, usize> = [("en-x", 1), ("en/index.html", 1)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(file_and_folder(&apart), None);
    }
}
