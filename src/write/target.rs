//! Where a build may write: the output folder is checked before any work is done, and
//! again under the lock just before the swap.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::MARKER;
use crate::diagnostics::Diagnostic;

/// The folders of a site that hoshin reads: an output inside one would be read back.
const READ_FOLDERS: &[&str] = &[
    "content",
    "locales",
    "reviews",
    "static",
    "templates",
    "themes",
];

/// Checks that `out` may be (re)written for the site at `root` before any work is done.
pub fn check_target(root: &Path, out: &Path) -> Result<PathBuf, Diagnostic> {
    let out = absolute(out)?;
    refuse_link(&out)?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out_real = real_path(&out);
    if root.starts_with(&out_real) {
        return Err(Diagnostic::error(format!(
            "refusing to write to `{}`: it is or contains the site folder",
            out.display()
        ))
        .help("choose an output folder inside or beside the site, e.g. `--out public`"));
    }
    for folder in READ_FOLDERS {
        let read = root.join(folder);
        if out_real.starts_with(read.canonicalize().unwrap_or(read)) {
            return Err(Diagnostic::error(format!(
                "refusing to write to `{}`: it is inside the site's `{folder}/` folder",
                out.display()
            ))
            .note(format!(
                "hoshin reads `{folder}/`, so the next build would read this output as part of the site"
            ))
            .help("choose an output folder outside the folders hoshin reads, e.g. `--out public`"));
        }
    }
    check_replaceable(&out)?;
    Ok(out)
}

/// Refuses an output that is a symbolic link: the swap would replace the link itself, and
/// emptying the old output through it would empty the folder it points to.
fn refuse_link(out: &Path) -> Result<(), Diagnostic> {
    if !fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(());
    }
    let target = fs::read_link(out).unwrap_or_default();
    Err(Diagnostic::error(format!(
        "refusing to write to `{}`: it is a symbolic link (to `{}`)",
        out.display(),
        target.display()
    ))
    .note("hoshin replaces the output folder whole, and would replace the link, not the folder it points to")
    .help("pass the folder itself as `--out`, or build into a new folder and point the link at it yourself"))
}

/// Whether `out` exists; an error when it may not be replaced: a link, a file, or a non-empty
/// folder without the marker.
pub(super) fn check_replaceable(out: &Path) -> Result<bool, Diagnostic> {
    refuse_link(out)?;
    // An output that cannot even be looked at is left to fail where it is created.
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(false);
    };
    if !meta.is_dir() {
        return Err(Diagnostic::error(format!(
            "output path `{}` is a file, not a folder",
            out.display()
        )));
    }
    let empty = fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !empty && !has_marker(out) {
        return Err(Diagnostic::error(format!(
            "refusing to replace `{}`: hoshin did not create it",
            out.display()
        ))
        .note(format!(
            "folders hoshin writes contain a `{MARKER}` file; this one does not"
        ))
        .help("choose another `--out`, or empty or remove this folder yourself"));
    }
    Ok(true)
}

pub(super) fn has_marker(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
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

/// `p` with its longest existing ancestor resolved (links followed), and the rest appended.
fn real_path(p: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut existing = p;
    loop {
        if let Ok(mut real) = existing.canonicalize() {
            real.extend(rest.iter().rev());
            return real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return p.to_path_buf(),
        }
    }
}
