//! Safe writes for `hoshin init`: a new or empty folder only, every file created new
//! (`create_new`, which never opens an existing file nor follows a symbolic link in its
//! place), every folder created by `init` itself, and on failure everything created removed
//! again, newest first.

use std::fs;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use super::InitError;
use crate::diagnostics::Diagnostic;

/// What is at the path `init` was given, once it is known `init` may write there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirState {
    /// Nothing: `init` creates the folder (and any missing parent folders).
    Missing,
    /// An empty folder.
    Empty,
}

/// Checks that `dir` is a new or empty folder `init` may write into; a usage error otherwise
/// (a folder with anything in it, a file, a symbolic link).
pub fn check_dir(dir: &Path) -> Result<DirState, InitError> {
    let shown = dir.display();
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(DirState::Missing),
        Err(e) => Err(failed(format!("cannot read `{shown}`: {e}"))),
        Ok(m) if m.file_type().is_symlink() => Err(InitError::Usage(format!(
            "`{shown}` is a symbolic link: hoshin init only writes into a new folder or an empty one, \
             never through a link; give the folder itself, or a new path"
        ))),
        Ok(m) if !m.is_dir() => Err(InitError::Usage(format!(
            "`{shown}` exists and is not a folder: give a new path, or an empty folder"
        ))),
        Ok(_) => {
            let mut entries = fs::read_dir(dir)
                .map_err(|e| failed(format!("cannot read the folder `{shown}`: {e}")))?;
            match entries.next() {
                None => Ok(DirState::Empty),
                Some(entry) => {
                    let first = entry.map_or_else(
                        |_| String::from("?"),
                        |e| e.file_name().to_string_lossy().into_owned(),
                    );
                    Err(InitError::Usage(format!(
                        "`{shown}` is not empty (it holds `{first}`): hoshin init only writes into a new folder \
                         or an empty one, so that it never changes your files; give a new path"
                    )))
                }
            }
        }
    }
}

fn failed(message: String) -> InitError {
    InitError::Failed(Diagnostic::error(message).into())
}

/// Creates files under one folder and remembers what it created.
#[derive(Debug)]
pub struct Writer {
    root: PathBuf,
    /// Folders and files created, in order (paths under `root`, or `root` and its parents).
    created: Vec<(PathBuf, bool)>,
    /// The files written, relative to `root`.
    files: Vec<String>,
}

impl Writer {
    /// Checks `dir` ([`check_dir`]) and creates it when it is missing, with any missing parent
    /// folders.
    pub fn create(dir: &Path) -> Result<Writer, InitError> {
        let mut writer = Writer {
            root: dir.to_path_buf(),
            created: Vec::new(),
            files: Vec::new(),
        };
        if check_dir(dir)? == DirState::Missing {
            let mut missing = Vec::new();
            let mut at = Some(dir);
            while let Some(p) = at.filter(|p| !p.as_os_str().is_empty()) {
                match fs::symlink_metadata(p) {
                    Err(e) if e.kind() == ErrorKind::NotFound => missing.push(p.to_path_buf()),
                    _ => break,
                }
                at = p.parent();
            }
            for p in missing.into_iter().rev() {
                if let Err(e) = fs::create_dir(&p) {
                    writer.remove_created();
                    return Err(if e.kind() == ErrorKind::AlreadyExists {
                        InitError::Usage(format!(
                            "`{}` appeared while hoshin init was creating it; run it again",
                            p.display()
                        ))
                    } else {
                        failed(format!("cannot create the folder `{}`: {e}", p.display()))
                    });
                }
                writer.created.push((p, true));
            }
        }
        Ok(writer)
    }

    /// Creates the file `rel` (a `/`-separated path under the folder) with `text`, creating its
    /// folders. Refuses anything that already exists.
    pub fn file(&mut self, rel: &str, text: &str) -> Result<(), InitError> {
        let mut path = self.root.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        let (name, dirs) = parts.split_last().unwrap_or((&"", &[]));
        for d in dirs {
            path.push(d);
            match fs::symlink_metadata(&path) {
                // A folder this writer created earlier.
                Ok(m) if m.is_dir() && self.created.iter().any(|(p, _)| *p == path) => continue,
                Ok(_) => {
                    return Err(failed(format!(
                        "`{}` appeared while hoshin init was writing; nothing was overwritten",
                        path.display()
                    )))
                }
                Err(_) => {}
            }
            fs::create_dir(&path).map_err(|e| {
                failed(format!(
                    "cannot create the folder `{}`: {e}",
                    path.display()
                ))
            })?;
            self.created.push((path.clone(), true));
        }
        path.push(name);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| failed(format!("cannot create `{}`: {e}", path.display())))?;
        self.created.push((path.clone(), false));
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| failed(format!("cannot write `{}`: {e}", path.display())))?;
        self.files.push(rel.to_string());
        Ok(())
    }

    /// The files written, relative to the folder.
    pub fn written(&self) -> Vec<String> {
        self.files.clone()
    }

    /// Removes everything this writer created, newest first. A folder that someone else has
    /// put a file into meanwhile stays (`remove_dir` only removes empty folders).
    pub fn remove_created(&mut self) {
        for (path, is_dir) in self.created.drain(..).rev() {
            let _ = if is_dir {
                fs::remove_dir(&path)
            } else {
                fs::remove_file(&path)
            };
        }
        self.files.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_new_files_and_removes_them_on_request() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b/site");
        let mut w = Writer::create(&dir).unwrap();
        w.file("x/y.txt", "1").unwrap();
        w.file("x/z.txt", "2").unwrap();
        assert!(w.file("x/z.txt", "3").is_err(), "never overwrites");
        assert_eq!(fs::read_to_string(dir.join("x/z.txt")).unwrap(), "2");
        w.remove_created();
        assert!(
            !tmp.path().join("a").exists(),
            "created parents removed too"
        );
    }

    #[test]
    fn refuses_non_empty_folders_files_and_links() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(check_dir(tmp.path()).unwrap(), DirState::Empty);
        fs::write(tmp.path().join("keep"), "").unwrap();
        assert!(matches!(check_dir(tmp.path()), Err(InitError::Usage(_))));
        assert!(matches!(
            check_dir(&tmp.path().join("keep")),
            Err(InitError::Usage(_))
        ));
        #[cfg(unix)]
        {
            let empty = tmp.path().join("empty");
            fs::create_dir(&empty).unwrap();
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(&empty, &link).unwrap();
            assert!(matches!(check_dir(&link), Err(InitError::Usage(_))));
        }
    }
}
