//! Writing `reviews/<lang>.toml` without writing anywhere else.
//!
//! The `reviews/` folder is committed with the site, so whatever it holds came from whoever
//! wrote the site: a symlink there must not make `--mark-reviewed` write outside it. So:
//!
//! - `reviews/` must be a real folder (not a link) whose canonical path is inside the site's
//!   canonical root; it is created when missing, then checked the same way;
//! - the review file itself must not be a link (the new file is renamed over the old one);
//! - the new text goes to a temporary file created with `create_new` (`O_CREAT|O_EXCL`, which
//!   never follows a link) under a name no one can plant in advance (process id, time and a
//!   counter), checked to be in `reviews/`, then renamed into place; it is removed on failure;
//! - the read-modify-write of one review file holds an exclusive lock on
//!   `reviews/.<lang>.toml.lock.tmp` (the write stage's [`OutputLock`], which refuses a link
//!   too), so two runs marking different units both keep their reviews.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::diagnostics::{display_path, escape_name, Diagnostic};
use crate::write::lock::OutputLock;

/// The folder of the review files.
pub(super) const REVIEWS_DIR: &str = "reviews";

/// How long a run waits silently for another `--mark-reviewed` before saying so.
const QUIET_WAIT: Duration = Duration::from_secs(2);

/// The `reviews/` folder of the site at `root` (canonical), created when missing: a real
/// folder inside the site, never a link.
pub(super) fn reviews_dir(root: &Path) -> Result<PathBuf, Diagnostic> {
    let dir = root.join(REVIEWS_DIR);
    match fs::create_dir(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
        Err(e) => {
            return Err(Diagnostic::error(format!(
                "cannot create `{REVIEWS_DIR}/`: {e}"
            )))
        }
    }
    let meta = fs::symlink_metadata(&dir)
        .map_err(|e| Diagnostic::error(format!("cannot read `{REVIEWS_DIR}/`: {e}")))?;
    if meta.file_type().is_symlink() {
        return Err(Diagnostic::error(format!(
            "`{REVIEWS_DIR}` is a symbolic link; hoshin writes review files only into a real folder inside the site"
        ))
        .note(link_target(&dir))
        .help(format!(
            "replace the link with a folder holding the review files (`{REVIEWS_DIR}/<lang>.toml`)"
        )));
    }
    if !meta.is_dir() {
        return Err(Diagnostic::error(format!(
            "`{REVIEWS_DIR}` is not a folder; hoshin keeps the review files in `{REVIEWS_DIR}/<lang>.toml`"
        )));
    }
    match dir.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(real),
        Ok(real) => Err(Diagnostic::error(format!(
            "`{REVIEWS_DIR}/` leads outside the site folder; hoshin writes review files only inside it"
        ))
        .note(format!("it resolves to {}", display_path(root, &real)))),
        Err(e) => Err(Diagnostic::error(format!(
            "cannot read `{REVIEWS_DIR}/`: {e}"
        ))),
    }
}

/// Takes the lock on the review file of `lang` in `dir` (from [`reviews_dir`]), waiting while
/// another `--mark-reviewed` holds it.
pub(super) fn lock(dir: &Path, lang: &str) -> Result<OutputLock, Diagnostic> {
    // `.tmp` at the end: the site loader and `serve`'s watcher skip it, like the temporary files.
    let path = dir.join(format!(".{lang}.toml.lock.tmp"));
    OutputLock::acquire(&path, QUIET_WAIT, || {
        eprintln!(
            "note: another `hoshin check --mark-reviewed` is recording `{REVIEWS_DIR}/{lang}.toml`; waiting for it to finish"
        );
    })
    .map_err(|e| {
        Diagnostic::error(format!(
            "cannot lock `{REVIEWS_DIR}/.{lang}.toml.lock.tmp`: {e}"
        ))
    })
}

/// Refuses a review file that is a link (or anything but a plain file): renaming the new file
/// over it would silently replace the link, and reading it would follow it.
pub(super) fn refuse_link(path: &Path, shown: &str) -> Result<(), Diagnostic> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Diagnostic::error(format!(
            "`{shown}` is a symbolic link; hoshin does not record reviews through links"
        ))
        .note(link_target(path))
        .help("replace the link with the review file itself (or remove it to start a new record)")),
        Ok(meta) if !meta.is_file() => Err(Diagnostic::error(format!("`{shown}` is not a file"))),
        _ => Ok(()),
    }
}

fn link_target(path: &Path) -> String {
    match fs::read_link(path) {
        Ok(target) => format!("it points to {}", escape_name(&target.to_string_lossy())),
        Err(_) => "it is a link".into(),
    }
}

/// Replaces `dir/name` (in a folder from [`reviews_dir`]) with `text`, atomically: a new
/// temporary file, renamed into place.
pub(super) fn write(dir: &Path, name: &str, text: &str, shown: &str) -> Result<(), Diagnostic> {
    let io = |what: &str, e: std::io::Error| {
        Diagnostic::error(format!("cannot write `{shown}`: {what}: {e}"))
    };
    let (tmp, mut file) =
        create_temp(dir, name).map_err(|e| io("cannot create a temporary file", e))?;
    let guard = RemoveOnDrop(Some(tmp.clone()));
    // The file created is in `dir` itself: not elsewhere through a folder swapped meanwhile.
    match tmp.canonicalize() {
        Ok(real) if real.parent() == Some(dir) => {}
        Ok(real) => {
            return Err(Diagnostic::error(format!(
                "cannot write `{shown}`: the temporary file landed outside `{REVIEWS_DIR}/`"
            ))
            .note(format!(
                "it resolves to {}",
                escape_name(&real.to_string_lossy())
            )))
        }
        Err(e) => return Err(io("cannot find the temporary file", e)),
    }
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io("cannot write a temporary file", e))?;
    drop(file);
    refuse_link(&dir.join(name), shown)?;
    fs::rename(&tmp, dir.join(name)).map_err(|e| io("cannot rename a temporary file", e))?;
    guard.disarm();
    Ok(())
}

/// Creates a temporary file beside `dir/name` under a fresh name, never opening an existing
/// file or following a link (`create_new`).
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // `.tmp` at the end: the site loader and `serve`'s watcher skip such files.
    let tmp = dir.join(format!(".{name}.{}-{nanos}-{n}.tmp", std::process::id()));
    create_new(&tmp).map(|file| (tmp, file))
}

/// Opens `path` for writing only if nothing (file, link, anything) is there yet.
fn create_new(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// Removes a temporary file when a write fails half-way.
struct RemoveOnDrop(Option<PathBuf>);

impl RemoveOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A link planted at the very name of a temporary file is never followed: creating the
    /// file fails, and the file the link leads to is unchanged.
    #[test]
    fn a_planted_link_at_the_temporary_name_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("bashrc");
        fs::write(&outside, "export A=1\n").unwrap();
        let missing = tmp.path().join("created");
        for target in [&outside, &missing] {
            let planted = tmp.path().join(".en.toml.tmp");
            std::os::unix::fs::symlink(target, &planted).unwrap();
            let e = create_new(&planted).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::AlreadyExists);
            fs::remove_file(&planted).unwrap();
        }
        assert_eq!(fs::read_to_string(&outside).unwrap(), "export A=1\n");
        assert!(!missing.exists());
    }

    #[test]
    fn temporary_names_differ_and_end_in_tmp() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, _) = create_temp(tmp.path(), "en.toml").unwrap();
        let (b, _) = create_temp(tmp.path(), "en.toml").unwrap();
        assert_ne!(a, b);
        for p in [a, b] {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                name.starts_with(".en.toml.") && name.ends_with(".tmp"),
                "{name}"
            );
        }
    }

    #[test]
    fn a_symlinked_reviews_folder_is_refused_and_a_missing_one_created() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap().join("site");
        fs::create_dir(&root).unwrap();
        assert_eq!(reviews_dir(&root).unwrap(), root.join("reviews"));
        fs::remove_dir(root.join("reviews")).unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("reviews")).unwrap();
        let d = reviews_dir(&root).unwrap_err();
        assert!(d.message.contains("is a symbolic link"), "{}", d.message);
    }
}
