//! The write stage: a private staging folder beside the output, swapped in only when complete.
//!
//! - Pages go into the staging folder as they are rendered ([`Staging`]), so a build holds
//!   one page at a time per thread, not the whole site; the output itself is not touched
//!   until every page has rendered and been written.
//! - One build at a time writes a given output: a build holds a lock on `.<out>.hoshin-lock`
//!   beside `<out>` while it writes, and another build into the same output waits for it
//!   (saying so on standard error after a second). The lock file is removed when released.
//! - The new site is written to a folder of its own, `.<out>.hoshin-staging-<time>-<pid>`
//!   (created with `create_dir`, or renamed from the spare, so never shared), which then takes the
//!   output's place: one atomic exchange on Linux (`renameat2(RENAME_EXCHANGE)`), two renames
//!   elsewhere or where the file system cannot exchange. The previous output is then kept as
//!   the next build's staging folder, `.<out>.hoshin-spare` ([`spare`]: files written over in
//!   place, what is not written removed before the swap), or else removed; if removing it
//!   fails, the build still succeeded and says so with a warning, and the next build removes
//!   it.
//! - hoshin marks folders it creates with a `.hoshin-output` file, first thing, and only ever
//!   removes a folder that carries that mark (or the empty folder it replaced): a non-empty
//!   `--out` without it is refused, and folders that are merely named like its staging or old
//!   folders are left alone. Marked leftovers of an interrupted build are removed by the next
//!   one, and if a build was stopped between its two renames (no output, an old one beside
//!   it), the old output is put back first.
//! - The output may not be a symbolic link, a file, the site folder or a folder around it, or
//!   inside a folder hoshin reads (`content/`, `static/`, …).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

pub(crate) mod lock;
mod names;
mod paths;
mod spare;
mod target;

pub use target::check_target;
use target::{check_replaceable, has_marker};

use lock::OutputLock;
use names::Names;
use paths::file_and_folder;
pub use paths::is_safe_relative;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Output;

/// Name of the marker file in every output folder hoshin creates.
pub const MARKER: &str = ".hoshin-output";

/// What the marker file says.
const MARKER_TEXT: &[u8] =
    b"This folder was written by hoshin; it is replaced whole on each build.\n";

/// How long a build waits for another one silently before it says that it is waiting.
const QUIET_WAIT: Duration = Duration::from_secs(1);

/// Writes `files`, already in memory, to `out` atomically (see the module docs); `build`
/// streams into a [`Staging`] instead. Returns the warnings of a
/// successful write (a previous output that could not be removed, one that was restored);
/// on error the previous output is in place.
pub fn write_site(out: &Path, files: &Output) -> Result<Diagnostics, Diagnostics> {
    let staging = Staging::begin(out)?;
    // Files are independent, so they are written in parallel (a 2,000-page site is mostly
    // open/write/close system calls). The first error in path order is reported, whatever
    // the scheduling.
    let results: Vec<Result<(), Diagnostic>> = files
        .par_iter()
        .map(|(rel, bytes)| staging.write(rel, bytes))
        .collect();
    if let Err(e) = results.into_iter().collect::<Result<(), Diagnostic>>() {
        return Err(staging.abandon(e.into()));
    }
    staging.commit()
}

/// A build's private staging folder beside the output, holding the output's lock from
/// [`Staging::begin`] to [`Staging::commit`]: pages are written into it as they are rendered
/// (so a build never holds the whole site in memory), and it takes the output's place only
/// when complete. Dropped without a commit (an error, a panic), it is removed, and the
/// previous output was never touched.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: std::ffi::OsString,
    dir: PathBuf,
    /// What [`Staging::begin`] found and repaired (an interrupted build's leftovers).
    warnings: Diagnostics,
    /// What the previous output held, when it is the staging folder ([`spare`]).
    reused: Option<spare::Inventory>,
    /// Every file written, with its size, for the build's report.
    written: std::sync::Mutex<BTreeMap<String, usize>>,
    committed: bool,
    _lock: OutputLock,
}

impl Staging {
    /// Takes the output's lock (waiting for another build of the same output, and saying so
    /// after a second), puts back or removes what an interrupted build left, and takes the
    /// previous output's spare as the staging folder ([`spare`]) or creates a new marked one.
    pub fn begin(out: &Path) -> Result<Staging, Diagnostics> {
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(Diagnostic::error("the output folder has no parent folder").into());
        };
        fs::create_dir_all(parent).map_err(|e| write_error(parent, &e))?;
        let names = Names {
            parent,
            name: name.to_os_string(),
        };
        let lock_path = names.sibling("lock", None);
        let lock = OutputLock::acquire(&lock_path, QUIET_WAIT, || {
            eprintln!(
                "note: another hoshin build is writing `{}`; waiting for it to finish (lock: `{}`)",
                out.display(),
                lock_path.display()
            );
        })
        .map_err(|e| write_error(&lock_path, &e))?;
        let mut warnings = Diagnostics::new();
        recover(&names, out, &mut warnings);
        let staging = match spare::claim(&names) {
            spare::Claim::Reused(dir, inventory) => Ok((dir, Some(inventory))),
            spare::Claim::Unusable(dir) => {
                if let Err(e) = remove_output(&dir) {
                    warnings.push(spare::not_removed(&dir, &e));
                }
                create_staging(&names).map(|dir| (dir, None))
            }
            spare::Claim::None => create_staging(&names).map(|dir| (dir, None)),
        };
        match staging {
            Ok((dir, reused)) => Ok(Staging {
                out: out.to_path_buf(),
                parent: parent.to_path_buf(),
                name: names.name,
                dir,
                reused,
                warnings,
                written: Default::default(),
                committed: false,
                _lock: lock,
            }),
            Err(d) => {
                warnings.push(d);
                Err(warnings)
            }
        }
    }

    /// Writes one file, `rel` relative to the output; may be called from several threads.
    /// A later write of the same path replaces the earlier one.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if !is_safe_relative(rel) {
            return Err(Diagnostic::error(format!(
                "refusing to write `{rel}`: it would leave the output folder"
            )));
        }
        let path = self.dir.join(rel);
        if self.reused.is_some() {
            spare::overwrite(&path, bytes).map_err(|e| write_error(&path, &e))?;
        } else {
            if let Some(p) = path.parent() {
                // Tolerates a folder another thread just made.
                fs::create_dir_all(p).map_err(|e| write_error(p, &e))?;
            }
            let mut f = File::create(&path).map_err(|e| write_error(&path, &e))?;
            f.write_all(bytes).map_err(|e| write_error(&path, &e))?;
        }
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(rel.to_string(), bytes.len());
        Ok(())
    }

    /// The files written so far, by path relative to the output, with their sizes.
    pub fn written(&self) -> BTreeMap<String, usize> {
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Gives up: the staging folder is removed (by `Drop`), and `errors` are returned after
    /// the warnings of [`Staging::begin`].
    pub fn abandon(mut self, errors: Diagnostics) -> Diagnostics {
        let mut d = std::mem::take(&mut self.warnings);
        d.extend(errors);
        d
    }

    /// Puts the staging folder in the output's place and keeps the previous output as the
    /// next build's spare (or removes it). Refuses a build that wrote one path both as a file
    /// and as a folder. Returns the warnings (a previous output that could not be removed,
    /// one that was restored); on error the previous output is in place.
    pub fn commit(mut self) -> Result<Diagnostics, Diagnostics> {
        let names = Names {
            parent: &self.parent,
            name: self.name.clone(),
        };
        let mut warnings = std::mem::take(&mut self.warnings);
        {
            let written = self
                .written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            // A fresh staging folder fails at the second write; a reused one would clear the
            // first out of the way.
            if let Some(path) = file_and_folder(&written) {
                warnings.push(Diagnostic::error(format!(
                    "`{path}` would be written both as a file and as a folder of the output"
                )).help("a static file or folder of the site has the path of a page or of one of its folders: rename it"));
                return Err(warnings);
            }
            if let Some(inventory) = &self.reused {
                if let Err(e) = spare::remove_stale(&self.dir, inventory, &written) {
                    warnings.push(write_error(&self.dir, &e));
                    return Err(warnings);
                }
            }
        }
        // Checked again under the lock: the output as it is now.
        let swapped = check_replaceable(&self.out)
            .and_then(|exists| swap(&names, &self.dir, &self.out, exists));
        match swapped {
            Ok(previous) => {
                self.committed = true;
                // Kept for the next build to write over, or else removed.
                if let Some(previous) = previous {
                    if spare::keep(&names, &previous).is_err() {
                        if let Err(e) = remove_output(&previous) {
                            warnings.push(not_removed(&previous, &e, &self.out));
                        }
                    }
                }
                Ok(warnings)
            }
            Err(d) => {
                warnings.push(d);
                Err(warnings)
            }
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.write(path, &bytes)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
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

/// Creates this run's staging folder, marked as hoshin's before anything else is written.
fn create_staging(names: &Names) -> Result<PathBuf, Diagnostic> {
    loop {
        let staging = names.unique("staging");
        match fs::create_dir(&staging) {
            Ok(()) => {
                let marker = staging.join(MARKER);
                let written = fs::write(&marker, MARKER_TEXT);
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
            remove_page_folder(path)
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

/// Removes a folder of the output. Most are a page's folder holding just its `index.html`:
/// removing that file and then the folder takes two system calls where `remove_dir_all`
/// takes seven (open, fcntl, fstat, two reads of the entries, unlink, close) before the
/// folder's own removal — at 20,000 pages a tenth of the build's system time. A folder that
/// is not empty after that (or has no `index.html`) goes the general way; symlinks inside it
/// are removed, never followed.
fn remove_page_folder(dir: &Path) -> std::io::Result<()> {
    match fs::remove_file(dir.join("index.html")) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        // A folder called `index.html`, say: leave it to remove_dir_all.
        Err(_) => return fs::remove_dir_all(dir),
    }
    match fs::remove_dir(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) => fs::remove_dir_all(dir),
    }
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
    fn page_folders_of_every_shape_are_removed_and_links_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("keep.txt"), "kept").unwrap();
        let out = tmp.path().join("out");
        // Just an index.html; index.html beside a nested page; an `index.html` folder; no
        // index.html; links to a folder and to a file outside.
        for (rel, bytes) in [
            ("ja/a/index.html", "a"),
            ("ja/b/index.html", "b"),
            ("ja/b/c/index.html", "c"),
            ("ja/d/index.html/x.txt", "x"),
            ("ja/e/style.css", "e"),
        ] {
            fs::create_dir_all(out.join(rel).parent().unwrap()).unwrap();
            fs::write(out.join(rel), bytes).unwrap();
        }
        fs::create_dir_all(out.join("ja/f")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, out.join("ja/f/index.html")).unwrap();
            std::os::unix::fs::symlink(&outside, out.join("ja/g")).unwrap();
        }
        fs::write(out.join(MARKER), "").unwrap();
        remove_output(&out).unwrap();
        assert!(!out.exists());
        assert_eq!(
            fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept"
        );
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
            [".public.hoshin-spare", "public"],
            "no staging, old or lock file left; the previous output kept to write over"
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
}
