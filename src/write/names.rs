//! The names of the folders and files hoshin keeps beside an output folder `<parent>/<name>`:
//! `.<name>.hoshin-staging-<time>-<pid>`, `.<name>.hoshin-old-<time>-<pid>`,
//! `.<name>.hoshin-spare` and `.<name>.hoshin-lock`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The names hoshin gives the folders and files beside an output `<parent>/<name>`.
pub struct Names<'a> {
    /// The output's parent folder.
    pub parent: &'a Path,
    /// The output's own name.
    pub name: OsString,
}

impl Names<'_> {
    /// `.<name>.hoshin-<kind>`, with `-<suffix>` when given.
    pub fn sibling(&self, kind: &str, suffix: Option<&str>) -> PathBuf {
        let mut s = OsString::from(".");
        s.push(&self.name);
        s.push(format!(".hoshin-{kind}"));
        if let Some(suffix) = suffix {
            s.push(format!("-{suffix}"));
        }
        self.parent.join(s)
    }

    /// A name no other run uses: the time in nanoseconds and this process's id.
    pub fn unique(&self, kind: &str) -> PathBuf {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let suffix = format!("{nanos:020}-{}", std::process::id());
        self.sibling(kind, Some(&suffix))
    }

    /// Whether `file_name` is a staging or old folder name of this output: the names
    /// [`Names::unique`] makes, or the fixed ones of hoshin 0.1's first releases.
    pub fn is_leftover(&self, file_name: &str) -> bool {
        let base = format!(".{}.hoshin-", self.name.to_string_lossy());
        let Some(rest) = file_name.strip_prefix(&base) else {
            return false;
        };
        let Some(suffix) = rest
            .strip_prefix("staging")
            .or_else(|| rest.strip_prefix("old"))
        else {
            return false;
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        suffix.is_empty()
            || suffix
                .strip_prefix('-')
                .and_then(|s| s.split_once('-'))
                .is_some_and(|(time, pid)| digits(time) && digits(pid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names() {
        let names = Names {
            parent: Path::new("/x"),
            name: "public".into(),
        };
        for yes in [
            ".public.hoshin-staging",
            ".public.hoshin-old",
            ".public.hoshin-staging-00000000000000000001-42",
            ".public.hoshin-old-1-2",
        ] {
            assert!(names.is_leftover(yes), "{yes}");
        }
        for no in [
            "public",
            ".public.hoshin-lock",
            ".public.hoshin-staging-",
            ".public.hoshin-old-x.hoshin-staging-1-2",
            ".public.hoshin-staging-1-2-3",
            ".public2.hoshin-old",
            ".other.hoshin-old",
        ] {
            assert!(!names.is_leftover(no), "{no}");
        }
        let unique = names.unique("staging");
        let unique = unique.file_name().unwrap().to_str().unwrap();
        assert!(names.is_leftover(unique), "{unique}");
    }
}
