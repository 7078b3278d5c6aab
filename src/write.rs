//! The write stage: a private staging folder beside the output, swapped in only when complete.
//!
//! - Nothing is written until the whole site has rendered.
//! - One build at a time writes a given output: a build holds a lock on `.<out>.hoshin-lock`
//!   beside `<out>` while it writes, and another build into the same output waits for it
//!   (saying so on standard error after a second). The lock file is removed when released.
//! - The new site is written to a folder of its own, `.<out>.hoshin-staging-<time>-<pid>`
//!   (created with `create_dir`, so never shared and never reused), which then takes the
//!   output's place: one atomic exchange on Linux (`renameat2(RENAME_EXCHANGE)`), two renames
//!   elsewhere or where the file system cannot exchange. The previous output is removed only
//!   after that; if removing it fails, the build still succeeded and says so with a warning,
//!   and the next build removes it.
//! - hoshin marks folders it creates with a `.hoshin-output` file, first thing, and only ever
//!   removes a folder that carries that mark (or the empty folder it replaced): a non-empty
//!   `--out` without it is refused, and folders that are merely named like its staging or old
//!   folders are left alone. Marked leftovers of an interrupted build are removed by the next
//!   one, and if a build was stopped between its two renames (no output, an old one beside
//!   it), the old output is put back first.
//! - The output may not be a symbolic link, a file, the site folder or a folder around it, or
//!   inside a folder hoshin reads (`content/`, `static/`, …).

use std::fs::{self, File};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

pub(crate) mod lock;
mod names;

use lock::OutputLock;
use names::Names;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Output;

/// Name of the marker file in every output folder hoshin creates.
pub const MARKER: &str = ".hoshin-output";

/// The folders of a site that hoshin reads: an output inside one would be read back.
const READ_FOLDERS: &[&str] = &[
    "content",
    "locales",
    "reviews",
    "static",
    "templates",
    "themes",
];

/// How long a build waits for another one silently before it says that it is waiting.
const QUIET_WAIT: Duration = Duration::from_secs(1);

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
fn check_replaceable(out: &Path) -> Result<bool, Diagnostic> {
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

fn has_marker(dir: &Path) -> bool {
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

/// Writes `files` to `out` atomically (see the module docs). Returns the warnings of a
/// successful write (a previous output that could not be removed, one that was restored);
/// on error the previous output is in place.
pub fn write_site(out: &Path, files: &Output) -> Result<Diagnostics, Diagnostics> {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Err(Diagnostic::error("the output folder has no parent folder").into());
    };
    if let Some(rel) = files.keys().find(|rel| !is_safe_relative(rel)) {
        return Err(Diagnostic::error(format!(
            "refusing to write `{rel}`: it would leave the output folder"
        ))
        .into());
    }
    fs::create_dir_all(parent).map_err(|e| write_error(parent, &e))?;
    let names = Names {
        parent,
        name: name.to_os_string(),
    };
    let lock_path = names.sibling("lock", None);
    let _lock = OutputLock::acquire(&lock_path, QUIET_WAIT, || {
        eprintln!(
            "note: another hoshin build is writing `{}`; waiting for it to finish (lock: `{}`)",
            out.display(),
            lock_path.display()
        );
    })
    .map_err(|e| write_error(&lock_path, &e))?;
    let mut warnings = Diagnostics::new();
    recover(&names, out, &mut warnings);
    match publish(&names, out, files) {
        Ok(None) => Ok(warnings),
        Ok(Some(previous)) => {
            if let Err(e) = remove_output(&previous) {
                warnings.push(not_removed(&previous, &e, out));
            }
            Ok(warnings)
        }
        Err(d) => {
            warnings.push(d);
            Err(warnings)
        }
    }
}

/// Puts back an old output that an interrupted build left when the output is missing, and
/// removes the marked leftovers of interrupted builds. Runs under the output's lock, so no
/// other build is using them. Problems are warnings: they do not stop this build.
fn recover(names: &Names, out: &Path, warnings: &mut Diagnostics) {
    let Ok(entries) = fs::read_dir(names.parent) else {
        return;
    };
    let mut leftovers: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, path)| names.is_leftover(name) && has_marker(path))
        .collect();
    leftovers.sort();
    let out_missing =
        fs::symlink_metadata(out).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    // The newest old output, if the build that moved it aside stopped before the new one
    // took its place.
    let restorable = leftovers.iter().rposition(|(name, _)| {
        name.rsplit(".hoshin-")
            .next()
            .is_some_and(|s| s.starts_with("old"))
    });
    if let (true, Some(i)) = (out_missing, restorable) {
        let (_, old) = leftovers.remove(i);
        warnings.push(match fs::rename(&old, out) {
            Ok(()) => Diagnostic::warning(format!(
                "restored the previous output `{}` from `{}`",
                out.display(),
                old.display()
            ))
            .note("a build was stopped after moving it aside and before putting the new site in its place"),
            Err(e) => Diagnostic::warning(format!(
                "the previous output is in `{}` and cannot be moved back to `{}`: {e}",
                old.display(),
                out.display()
            )),
        });
    }
    for (_, path) in leftovers {
        if let Err(e) = remove_output(&path) {
            warnings.push(not_removed(&path, &e, out));
        }
    }
}

/// Writes the site to a new staging folder and puts it in the output's place. Returns where
/// the previous output now is, if there was one; on error nothing was replaced and the
/// staging folder is gone.
fn publish(names: &Names, out: &Path, files: &Output) -> Result<Option<PathBuf>, Diagnostic> {
    let staging = create_staging(names)?;
    let result = write_tree(&staging, files).and_then(|()| {
        // Checked again under the lock: the output as it is now.
        let exists = check_replaceable(out)?;
        swap(names, &staging, out, exists)
    });
    if result.is_err() {
        let _ = remove_tree(&staging);
    }
    result
}

/// Creates this run's staging folder, marked as hoshin's before anything else is written.
fn create_staging(names: &Names) -> Result<PathBuf, Diagnostic> {
    loop {
        let staging = names.unique("staging");
        match fs::create_dir(&staging) {
            Ok(()) => {
                let marker = staging.join(MARKER);
                let written = fs::write(
                    &marker,
                    b"This folder was written by hoshin; it is replaced whole on each build.\n",
                );
                if let Err(e) = written {
                    let _ = fs::remove_dir_all(&staging);
                    return Err(write_error(&marker, &e));
                }
                return Ok(staging);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(write_error(&staging, &e)),
        }
    }
}

fn write_tree(dir: &Path, files: &Output) -> Result<(), Diagnostic> {
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
            let mut f = File::create(&path).map_err(|e| write_error(&path, &e))?;
            f.write_all(bytes).map_err(|e| write_error(&path, &e))
        })
        .collect();
    results.into_iter().collect()
}

/// Puts `staging` in the place of `out`; returns where the previous output went.
fn swap(
    names: &Names,
    staging: &Path,
    out: &Path,
    exists: bool,
) -> Result<Option<PathBuf>, Diagnostic> {
    if !exists {
        fs::rename(staging, out).map_err(|e| write_error(out, &e))?;
        return Ok(None);
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE) {
            // The staging folder's name now holds the previous output.
            Ok(()) => return Ok(Some(staging.to_path_buf())),
            // The kernel or the file system cannot exchange: two renames below.
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            Err(e) => return Err(write_error(out, &e.into())),
        }
    }
    two_renames(names, staging, out).map(Some)
}

/// The swap where there is no atomic exchange: the output is moved aside, then the staging
/// folder takes its place (and on failure the output is moved back). Returns where the
/// previous output went.
fn two_renames(names: &Names, staging: &Path, out: &Path) -> Result<PathBuf, Diagnostic> {
    let mut old = names.unique("old");
    while fs::symlink_metadata(&old).is_ok() {
        old = names.unique("old");
    }
    fs::rename(out, &old).map_err(|e| write_error(out, &e))?;
    if let Err(e) = fs::rename(staging, out) {
        return Err(match fs::rename(&old, out) {
            Ok(()) => write_error(out, &e),
            Err(back) => Diagnostic::error(format!("cannot write `{}`: {e}", out.display()))
                .note(format!(
                    "the previous output was moved to `{}` and cannot be moved back: {back}",
                    old.display()
                ))
                .help("rename it back yourself, or run the build again: it puts it back first"),
        });
    }
    Ok(old)
}

/// Removes a previous output: the whole tree when it carries the marker, else only if it is
/// empty (an empty folder the user created as `--out`). A symbolic link (put in the output's
/// place after it was checked) is removed itself, never followed.
fn remove_output(dir: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(dir)?.file_type().is_symlink() {
        fs::remove_file(dir)
    } else if has_marker(dir) {
        remove_tree(dir)
    } else {
        fs::remove_dir(dir)
    }
}

/// Removes a folder tree, the entries of its subfolders in parallel (the previous output of
/// a large site has thousands of page folders; removing them costs as much as writing them).
/// Symlinks are removed, never followed. The marker goes last, so a folder that could only
/// be removed in part is still recognised, and removed, by the next build.
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
        if entry.file_name() != MARKER {
            top.push((entry.path(), is_dir));
        }
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
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
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

fn not_removed(path: &Path, e: &std::io::Error, out: &Path) -> Diagnostic {
    Diagnostic::warning(format!("cannot remove `{}`: {e}", path.display()))
        .note(format!(
            "it is a previous output; the new site is in place in `{}`",
            out.display()
        ))
        .help("remove it yourself, or leave it: the next build tries again")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

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
        assert_eq!(
            names_in(tmp.path()),
            ["public"],
            "no staging, old or lock file left"
        );
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
        for inside in [
            "static/public",
            "content",
            "locales/en/out",
            "themes/x/static",
        ] {
            assert!(check_target(&site, &site.join(inside)).is_err(), "{inside}");
        }
        assert!(check_target(&site, &site.join("public")).is_ok());
    }

    /// A build stopped between moving the output aside and putting the new one in its place
    /// left no output: the next write puts the old one back first, so that it is in place
    /// even when this write fails.
    #[test]
    fn an_old_output_left_without_an_output_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut files = Output::new();
        files.insert("index.html".into(), b"old".to_vec());
        write_site(&out, &files).unwrap();
        fs::rename(&out, tmp.path().join(".public.hoshin-old")).unwrap();
        // A file and a folder of the same name: writing the staging folder fails.
        files.insert("a".into(), b"x".to_vec());
        files.insert("a/b.html".into(), b"y".to_vec());
        let err = write_site(&out, &files).unwrap_err();
        assert!(err.has_errors());
        assert!(err.0[0].message.starts_with("restored the previous output"));
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(names_in(tmp.path()), ["public"]);
    }

    #[test]
    fn two_renames_where_there_is_no_exchange() {
        let tmp = tempfile::tempdir().unwrap();
        let names = Names {
            parent: tmp.path(),
            name: "public".into(),
        };
        let (out, staging) = (tmp.path().join("public"), tmp.path().join("new"));
        for (dir, text) in [(&out, "old"), (&staging, "new")] {
            fs::create_dir(dir).unwrap();
            fs::write(dir.join("index.html"), text).unwrap();
        }
        let old = two_renames(&names, &staging, &out).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        assert_eq!(fs::read(old.join("index.html")).unwrap(), b"old");
        let old_name = old.file_name().unwrap().to_str().unwrap();
        assert!(names.is_leftover(old_name), "{old_name}");
        assert!(!staging.exists());
    }

    #[test]
    fn unsafe_paths() {
        assert!(is_safe_relative("ja/index.html"));
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a\\..\\b"));
    }
}
