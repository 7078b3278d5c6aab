//! The lock that lets one build at a time write an output folder: an exclusive lock
//! (`std::fs::File::lock`, `flock` on Unix) on a lock file beside it.
//!
//! The lock file is removed before the lock is released, so that nothing is left beside the
//! output. A build that was waiting may therefore find that the file it locked is gone (or
//! replaced by a newer one): it checks that the path still names the file it locked, and
//! starts over if not. Where files cannot be removed while open (not Unix), the lock file
//! stays.
//!
//! A symbolic link at the lock file's path is refused, never followed: `hoshin check
//! --mark-reviewed` locks a file in `reviews/`, a folder the site commits, and a link planted
//! there must not make hoshin create or open a file elsewhere.

use std::fs::{self, File, TryLockError};
use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An exclusive lock on a lock file, held until dropped.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    /// `None` on a file system without locks.
    file: Option<File>,
}

impl OutputLock {
    /// Takes the lock on `path`, creating the file. While another process holds it, waits:
    /// silently for `quiet`, then calls `waiting` once and blocks until the lock is free.
    /// On a file system that has no locks, returns an unlocked guard (as if there were no
    /// other build). A symbolic link at `path` is an error (kind `InvalidInput`).
    pub fn acquire(path: &Path, quiet: Duration, waiting: impl FnOnce()) -> io::Result<Self> {
        let start = Instant::now();
        let mut waiting = Some(waiting);
        loop {
            let file = open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) if start.elapsed() < quiet => {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                Err(TryLockError::WouldBlock) => {
                    if let Some(say) = waiting.take() {
                        say();
                    }
                    file.lock()?;
                }
                Err(TryLockError::Error(e)) if e.kind() == ErrorKind::Unsupported => {
                    return Ok(OutputLock {
                        path: path.to_path_buf(),
                        file: None,
                    });
                }
                Err(TryLockError::Error(e)) => return Err(e),
            }
            if is_same_file(&file, path) {
                return Ok(OutputLock {
                    path: path.to_path_buf(),
                    file: Some(file),
                });
            }
        }
    }
}

/// Opens the lock file, creating it, without following a symbolic link at `path`.
fn open(path: &Path) -> io::Result<File> {
    let is_link = || fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let link_error = || {
        io::Error::new(
            ErrorKind::InvalidInput,
            "it is a symbolic link (hoshin never follows a link to its lock file; remove the link)",
        )
    };
    if is_link() {
        return Err(link_error());
    }
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // A link made after the check above: O_NOFOLLOW fails the open instead of following.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options
        .open(path)
        .map_err(|e| if is_link() { link_error() } else { e })
}

/// Whether `path` (not following a link) still names the open `file`.
#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_: &File, _: &Path) -> bool {
    // The lock file is never removed here, so it is always the one at the path.
    true
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked: the lock goes with the file handle, closed after this.
        if cfg!(unix) && self.file.is_some() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads stand in for processes (each lock is its own open file): one holder at a
    /// time, every waiter gets the lock in the end, and no lock file is left.
    #[test]
    fn one_holder_at_a_time_and_no_file_left() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(".out.hoshin-lock");
        let inside = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..20 {
                        let lock = OutputLock::acquire(&path, Duration::ZERO, || {}).unwrap();
                        let n = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        assert_eq!(n, 0, "two holders at once");
                        std::thread::yield_now();
                        inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                        drop(lock);
                    }
                });
            }
        });
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    /// A link at the lock file's path is refused, whether it leads to a file or to nothing:
    /// the file it leads to is neither created nor changed, and the link stays.
    #[cfg(unix)]
    #[test]
    fn a_symlinked_lock_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        let existing = outside.join("bashrc");
        fs::write(&existing, "export A=1\n").unwrap();
        let missing = outside.join("created");
        for target in [&existing, &missing] {
            let path = tmp.path().join(".en.toml.hoshin-lock");
            std::os::unix::fs::symlink(target, &path).unwrap();
            let e = OutputLock::acquire(&path, Duration::ZERO, || {}).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
            assert!(e.to_string().contains("symbolic link"), "{e}");
            assert!(fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink());
            fs::remove_file(&path).unwrap();
        }
        assert_eq!(fs::read_to_string(&existing).unwrap(), "export A=1\n");
        assert!(!missing.exists());
    }
}
