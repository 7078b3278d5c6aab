//! Writing a site file back: atomically, inside the site, never through a link.
//!
//! The new text goes to a temporary file created new (`create_new`, which never follows a
//! link) under a name no one can plant in advance, beside the file, then renamed over it; a
//! failure removes the temporary file. The folder must resolve inside the site, and the file
//! must not be a link. The file keeps its byte order mark, line endings and permissions.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostic;

/// The bytes to write for `text` (LF line ends, as hoshin reads files) into a file that now
/// holds `old` bytes: its BOM and CRLF line ends are kept.
pub(crate) fn encode_like(old: Option<&[u8]>, text: &str) -> Vec<u8> {
    let Some(old) = old else {
        return text.as_bytes().to_vec();
    };
    let mut out = Vec::new();
    if old.starts_with(b"\xEF\xBB\xBF") {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    if old.windows(2).any(|w| w == b"\r\n") {
        out.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    } else {
        out.extend_from_slice(text.as_bytes());
    }
    out
}

/// Replaces (or creates) `path`, inside the site at `root`, with `bytes`.
pub(crate) fn replace(
    root: &Path,
    path: &Path,
    bytes: &[u8],
    shown: &str,
) -> Result<(), Diagnostic> {
    let fail = |what: &str| Diagnostic::error(format!("cannot write `{shown}`: {what}"));
    let root = root.canonicalize().map_err(|e| fail(&e.to_string()))?;
    let dir = path.parent().ok_or_else(|| fail("it has no folder"))?;
    let real_dir = dir
        .canonicalize()
        .map_err(|e| fail(&format!("its folder cannot be read: {e}")))?;
    if !real_dir.starts_with(&root) {
        return Err(fail("its folder leads outside the site"));
    }
    let name = path.file_name().ok_or_else(|| fail("it has no name"))?;
    let target = real_dir.join(name);
    let permissions = match fs::symlink_metadata(&target) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(fail(
                "it is a symbolic link; hoshin does not write through links",
            ))
        }
        Ok(m) if !m.is_file() => return Err(fail("it is not a file")),
        Ok(m) => Some(m.permissions()),
        Err(_) => None,
    };
    let tmp = temp_name(&real_dir, &name.to_string_lossy());
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| fail(&format!("cannot create a temporary file: {e}")))?;
    let guard = Remove(Some(tmp.clone()));
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| fail(&e.to_string()))?;
    drop(file);
    if let Some(p) = permissions {
        fs::set_permissions(&tmp, p).map_err(|e| fail(&e.to_string()))?;
    }
    fs::rename(&tmp, &target).map_err(|e| fail(&e.to_string()))?;
    guard.disarm();
    Ok(())
}

/// A fresh temporary name beside the file, ending in `.tmp` (which the loader and `serve`
/// skip).
fn temp_name(dir: &Path, name: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}-{nanos}-{n}.tmp", std::process::id()))
}

struct Remove(Option<PathBuf>);

impl Remove {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for Remove {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_kept() {
        assert_eq!(
            encode_like(Some(b"\xEF\xBB\xBFa\r\nb"), "x\ny"),
            b"\xEF\xBB\xBFx\r\ny"
        );
        assert_eq!(encode_like(Some(b"a\nb"), "x\ny"), b"x\ny");
        assert_eq!(encode_like(None, "x\n"), b"x\n");
    }

    #[cfg(unix)]
    #[test]
    fn links_and_folders_outside_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir(&root).unwrap();
        let outside = tmp.path().join("outside.txt");
        fs::write(&outside, "keep").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("l.ftl")).unwrap();
        assert!(replace(&root, &root.join("l.ftl"), b"x", "l.ftl").is_err());
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        assert!(replace(&root, &root.join("up/new.ftl"), b"x", "up/new.ftl").is_err());
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");
        replace(&root, &root.join("ok.ftl"), b"y", "ok.ftl").unwrap();
        assert_eq!(fs::read_to_string(root.join("ok.ftl")).unwrap(), "y");
    }
}
