//! The write stage: a staging folder beside the output, swapped in only when complete.
//!
//! - Nothing is written until the whole site has rendered.
//! - The new site is written to `.<out>.hoshin-staging` next to `<out>`, then renamed into
//!   place; the previous output is moved aside and removed only after the swap succeeded.
//! - hoshin marks folders it creates with a `.hoshin-output` file and refuses to replace a
//!   non-empty folder without that mark, so it never deletes a folder it did not create.
//! - The output folder may not be, or contain, the site folder.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::Output;

/// Name of the marker file in every output folder hoshin creates.
pub const MARKER: &str = ".hoshin-output";

/// Checks that `out` may be (re)written for the site at `root` before any work is done.
pub fn check_target(root: &Path, out: &Path) -> Result<PathBuf, Diagnostic> {
    let out = absolute(out)?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out_real = out.canonicalize().unwrap_or_else(|_| out.clone());
    if root.starts_with(&out_real) {
        return Err(Diagnostic::error(format!(
            "refusing to write to `{}`: it is or contains the site folder",
            out.display()
        ))
        .help("choose an output folder inside or beside the site, e.g. `--out public`"));
    }
    if out.is_file() {
        return Err(Diagnostic::error(format!(
            "output path `{}` is a file, not a folder",
            out.display()
        )));
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(format!(
                "refusing to replace `{}`: hoshin did not create it",
                out.display()
            ))
            .note(format!(
                "folders hoshin writes contain a `{MARKER}` file; this one does not"
            ))
            .help("choose another `--out`, or empty or remove this folder yourself"));
        }
    }
    Ok(out)
}

fn absolute(p: &Path) -> Result<PathBuf, Diagnostic> {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Diagnostic::error(format!("cannot read the current folder: {e}")))?
            .join(p)
    };
    // Normalise `.` and `..` lexically so sibling names are computed correctly.
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    Ok(out)
}

/// Writes `files` to `out` atomically (see the module docs).
pub fn write_site(out: &Path, files: &Output) -> Result<(), Diagnostic> {
    let parent = out
        .parent()
        .ok_or_else(|| Diagnostic::error("the output folder has no parent folder"))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    fs::create_dir_all(parent).map_err(|e| write_error(parent, &e))?;
    let staging = parent.join(format!(".{name}.hoshin-staging"));
    let old = parent.join(format!(".{name}.hoshin-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| write_error(leftover, &e))?;
        }
    }
    let result = write_tree(&staging, files).and_then(|()| swap(&staging, out, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(dir: &Path, files: &Output) -> Result<(), Diagnostic> {
    fs::create_dir_all(dir).map_err(|e| write_error(dir, &e))?;
    if let Some(rel) = files.keys().find(|rel| !is_safe_relative(rel)) {
        return Err(Diagnostic::error(format!(
            "refusing to write `{rel}`: it would leave the output folder"
        )));
    }
    // Files are independent, so they are written in parallel (a 2,000-page site is mostly
    // open/write/close system calls). `create_dir_all` tolerates a folder another thread
    // just made. The first error in path order is reported, whatever the scheduling.
    let results: Vec<Result<(), Diagnostic>> = files
        .par_iter()
        .map(|(rel, bytes)| {
            let path = dir.join(rel);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p).map_err(|e| write_error(p, &e))?;
            }
            let mut f = fs::File::create(&path).map_err(|e| write_error(&path, &e))?;
            f.write_all(bytes).map_err(|e| write_error(&path, &e))
        })
        .collect();
    results.into_iter().collect::<Result<(), Diagnostic>>()?;
    let marker = dir.join(MARKER);
    fs::write(
        &marker,
        b"This folder was written by hoshin; it is replaced whole on each build.\n",
    )
    .map_err(|e| write_error(&marker, &e))?;
    Ok(())
}

/// Removes a folder tree, the entries of its subfolders in parallel (the previous output of
/// a large site has thousands of page folders; removing them costs as much as writing them).
/// Symlinks are removed, never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let (mut top, mut nested) = (Vec::new(), Vec::new());
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let is_dir = entry.file_type()?.is_dir();
        if is_dir {
            for child in fs::read_dir(entry.path())? {
                let child = child?;
                nested.push((child.path(), child.file_type()?.is_dir()));
            }
        }
        top.push((entry.path(), is_dir));
    }
    let remove = |(path, is_dir): &(PathBuf, bool)| {
        if *is_dir {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        }
    };
    nested.par_iter().try_for_each(remove)?;
    // The top-level folders are empty now.
    top.iter().try_for_each(remove)?;
    fs::remove_dir(dir)
}

fn swap(staging: &Path, out: &Path, old: &Path) -> Result<(), Diagnostic> {
    let had_old = out.exists();
    if had_old {
        fs::rename(out, old).map_err(|e| write_error(out, &e))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(old, out);
        }
        return Err(write_error(out, &e));
    }
    if had_old {
        remove_tree(old).map_err(|e| write_error(old, &e))?;
    }
    Ok(())
}

/// True for a relative path with no `..`, root or prefix components.
pub fn is_safe_relative(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty()
        && !rel.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
}

fn write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
        .help("check that the output folder's parent exists and is writable; the previous output is unchanged")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut files = Output::new();
        files.insert("a/index.html".into(), b"one".to_vec());
        write_site(&out, &files).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        files.insert("a/index.html".into(), b"two".to_vec());
        check_target(tmp.path().join("site").as_path(), &out).unwrap();
        write_site(&out, &files).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no staging or old folders left: {names:?}");
    }

    #[test]
    fn refuses_foreign_folders_and_the_site_itself() {
        let tmp = tempfile::tempdir().unwrap();
        let foreign = tmp.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_target(tmp.path(), &foreign).is_err());
        let site = tmp.path().join("site");
        fs::create_dir_all(&site).unwrap();
        assert!(check_target(&site, &site).is_err());
        assert!(check_target(&site, tmp.path()).is_err());
    }

    #[test]
    fn unsafe_paths() {
        assert!(is_safe_relative("ja/index.html"));
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a\\..\\b"));
    }
}
