//! The previous output, kept as the next build's staging folder.
//!
//! Creating a site's folders and files and then removing the previous output's was about 15 %
//! of a build's CPU time at 20,000 pages (`perf record`: `mkdir`, `openat` with a new inode,
//! `unlink`, `rmdir`, and page allocation for every file written). So after the swap the previous
//! output is not removed but renamed `.<name>.hoshin-spare`, and the next build takes it as
//! its staging folder: a page whose file is there already is written over in place, and
//! what this build does not write is removed before the swap. The output is the same as
//! from a fresh folder, file for file and byte for byte (a file's permissions changed by
//! hand in the output stay as they were: the file is written over, not created).
//!
//! - The spare is the previous output: it takes as much disk space again. It holds a
//!   `.gitignore` that ignores it, so a spare beside `public/` in a site's repository does
//!   not show up in `git status`.
//! - Only a folder that is not a link and carries hoshin's marker is taken, under the
//!   output's lock; anything else with that name is left alone (and then no spare is kept).
//! - Inside it, links and other special files are removed, not followed; a file with more
//!   than one name (a hard link, made by a backup or deploy tool) is replaced, never written
//!   through, since that would change the other name's contents too.
//! - A build that fails removes the staging folder as before, spare or not: the next build
//!   starts from a fresh folder.

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::names::Names;
use super::target::has_marker;
use super::{MARKER, MARKER_TEXT};
use crate::diagnostics::Diagnostic;

/// The spare's `.gitignore`: everything in it, itself included.
const GITIGNORE: &[u8] = b"# hoshin's previous output, reused by the next build\n*\n";

/// What a spare held when a build took it: its files and folders (relative paths with
/// `/`), apart from the marker.
#[derive(Debug, Default)]
pub struct Inventory {
    files: Vec<String>,
    dirs: Vec<String>,
}

/// What [`claim`] found.
pub enum Claim {
    /// No spare of hoshin's (or not on this system): a fresh staging folder is needed.
    None,
    /// The spare, renamed to be this build's staging folder, and what it holds.
    Reused(PathBuf, Inventory),
    /// The spare, renamed like a staging folder, but something in it cannot be written over
    /// or removed (a file of another user, a read-only folder): it is to be removed, and a
    /// fresh staging folder used, as if there had been no spare.
    Unusable(PathBuf),
}

/// Takes the output's spare as a new staging folder, if there is one hoshin made and this
/// process may write over all of it. Runs under the output's lock.
pub fn claim(names: &Names) -> Claim {
    let spare = names.sibling("spare", None);
    if !cfg!(any(target_os = "linux", target_os = "android"))
        || !fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir())
        || !has_marker(&spare)
    {
        return Claim::None;
    }
    let staging = names.unique("staging");
    if fs::rename(&spare, &staging).is_err() {
        return Claim::None;
    }
    // The marker is written again, as a fresh staging folder's is: the inventory removes
    // one that is not a plain file.
    let marked = |inventory| {
        let marker = staging.join(MARKER);
        remove_any(&marker).and_then(|()| write_new(&marker, MARKER_TEXT))?;
        Ok::<_, io::Error>(inventory)
    };
    match inventory(&staging).and_then(marked) {
        Ok(inventory) => Claim::Reused(staging, inventory),
        Err(_) => Claim::Unusable(staging),
    }
}

/// The warning for an [`Claim::Unusable`] spare that could not be removed either.
pub fn not_removed(dir: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::warning(format!("cannot remove `{}`: {e}", dir.display()))
        .note("it is a previous output, kept for the next build to write over, but it holds files this build may not change")
        .help("remove it yourself, or leave it: the next build tries again")
}

/// Keeps `previous` (an output just replaced) as the spare: renames it and puts the
/// `.gitignore` in. Fails, leaving it where it is, when it is not a marked folder of
/// hoshin's or a spare is there already.
pub fn keep(names: &Names, previous: &Path) -> io::Result<()> {
    // Where [`claim`] never takes it, a spare would only linger beside the output.
    if !cfg!(any(target_os = "linux", target_os = "android")) {
        return Err(io::ErrorKind::Unsupported.into());
    }
    let spare = names.sibling("spare", None);
    if !fs::symlink_metadata(previous)?.is_dir() || !has_marker(previous) {
        return Err(io::Error::other("not a folder hoshin wrote"));
    }
    if fs::symlink_metadata(&spare).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(previous, &spare)?;
    // In place of the site's own `.gitignore`, if it had one (a link, say: never followed).
    // The spare is kept without it if it cannot be written: git then shows the folder.
    let gitignore = spare.join(".gitignore");
    let _ = remove_any(&gitignore).and_then(|()| write_new(&gitignore, GITIGNORE));
    Ok(())
}

/// Lists the folder tree at `dir`, its subfolders in parallel, and checks that this process
/// may write over every file and change every folder (the kernel's own answer: `faccessat`
/// with the effective user, which also says no for an immutable file); removes links and
/// special files as it goes (none of them is ever reused). Every step is relative to an open
/// folder (`openat`, `accessat`, `unlinkat`), so the kernel does not resolve the whole path
/// again for each entry.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn inventory(dir: &Path) -> io::Result<Inventory> {
    use rustix::fd::OwnedFd;
    use rustix::fs::{accessat, open, openat, statat, unlinkat};
    use rustix::fs::{Access, AtFlags, Dir, FileType, Mode, OFlags};

    const DIR: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::NOFOLLOW)
        .union(OFlags::CLOEXEC);

    fn walk(fd: OwnedFd, rel: &str) -> io::Result<Inventory> {
        let mut here = Inventory::default();
        let mut subdirs = Vec::new();
        let mut entries = Dir::new(fd)?;
        while let Some(entry) = entries.read() {
            let entry = entry?;
            // Not the listing's position: only what is relative to the folder.
            let fd = entries.fd()?;
            let name = entry.file_name();
            if name == c"." || name == c".." {
                continue;
            }
            let mut kind = entry.file_type();
            if kind == FileType::Unknown {
                let mode = statat(fd, name, AtFlags::SYMLINK_NOFOLLOW)?.st_mode;
                kind = FileType::from_raw_mode(mode);
            }
            let path = match name.to_str() {
                Ok(n) if rel.is_empty() => n.to_string(),
                Ok(n) => format!("{rel}/{n}"),
                // Not a name hoshin writes: the spare is not reused.
                Err(_) => return Err(io::Error::other("a name that is not UTF-8")),
            };
            match kind {
                FileType::Directory => {
                    let mode = Access::WRITE_OK | Access::EXEC_OK;
                    accessat(fd, name, mode, AtFlags::EACCESS)?;
                    subdirs.push((name.to_owned(), path));
                }
                FileType::RegularFile if path == MARKER => {}
                FileType::RegularFile => {
                    accessat(fd, name, Access::WRITE_OK, AtFlags::EACCESS)?;
                    here.files.push(path);
                }
                // A link (never followed), a socket, a pipe…
                _ => unlinkat(fd, name, AtFlags::empty())?,
            }
        }
        // Each subfolder opens its own descriptor relative to this one, kept open meanwhile.
        let fd = entries.fd()?;
        let below: Vec<Inventory> = subdirs
            .par_iter()
            .map(|(name, path)| walk(openat(fd, name, DIR, Mode::empty())?, path))
            .collect::<io::Result<_>>()?;
        here.dirs.extend(subdirs.into_iter().map(|(_, path)| path));
        for b in below {
            here.files.extend(b.files);
            here.dirs.extend(b.dirs);
        }
        Ok(here)
    }
    // The folder itself too: it becomes the output, and its files are replaced in it.
    accessat(
        rustix::fs::CWD,
        dir,
        Access::WRITE_OK | Access::EXEC_OK,
        AtFlags::EACCESS,
    )?;
    walk(open(dir, DIR, Mode::empty())?, "")
}

/// No spare is reused where the walk above is not available.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn inventory(_dir: &Path) -> io::Result<Inventory> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Writes `bytes` to `path` in a reused staging folder: over the file that is there, in
/// place, when it is a plain file with one name; else whatever is in the way goes first.
pub fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match open_existing(path) {
        Ok(Some(mut f)) => {
            f.write_all(bytes)?;
            f.set_len(bytes.len() as u64)
        }
        Ok(None) => {
            // A file with another name elsewhere, or something that is not a plain file.
            remove_any(path)?;
            write_new(path, bytes)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => write_new(path, bytes),
        Err(_) => {
            // A file where a folder must be (`ENOTDIR`), say: clear the way from the top.
            for ancestor in path.ancestors().skip(1) {
                if fs::symlink_metadata(ancestor).is_ok_and(|m| m.is_dir()) {
                    break;
                }
                let _ = fs::remove_file(ancestor);
            }
            write_new(path, bytes)
        }
    }
}

/// Opens a plain file with one name for writing, without truncating or following a link;
/// `None` for anything else that is there.
fn open_existing(path: &Path) -> io::Result<Option<File>> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        // A link (`ELOOP` with O_NOFOLLOW) or a folder (`EISDIR`).
        Err(e) if e.kind() != io::ErrorKind::NotFound && fs::symlink_metadata(path).is_ok() => {
            return Ok(None)
        }
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    #[cfg(unix)]
    let one_name = std::os::unix::fs::MetadataExt::nlink(&meta) == 1;
    #[cfg(not(unix))]
    let one_name = true;
    Ok((meta.is_file() && one_name).then_some(file))
}

/// Creates `path` (and its folders) and writes `bytes` to it. The file must not exist: a
/// link planted there is an error, never followed.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    options.open(path)?.write_all(bytes)
}

/// Removes a file, link or folder tree at `path` (links are removed, never followed).
fn remove_any(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        // Gone already, or a folder on the way became a file this build wrote.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Removes from the staging folder `dir` what the spare held and this build did not write
/// (`written`): the files, then the folders no written file is in.
pub fn remove_stale(
    dir: &Path,
    inventory: &Inventory,
    written: &BTreeMap<String, usize>,
) -> io::Result<()> {
    let needed: HashSet<&str> = written
        .keys()
        .flat_map(|path| {
            path.match_indices('/')
                .map(move |(i, _)| &path[..i])
                .chain(Some(path.as_str()))
        })
        .collect();
    // The error names what could not be removed.
    let remove = |rel: &String| {
        remove_any(&dir.join(rel))
            .map_err(|e| io::Error::new(e.kind(), format!("cannot remove `{rel}` in it: {e}")))
    };
    // A stale folder goes with everything in it, so only files and folders whose parent
    // stays are removed one by one.
    let parent_stays = |path: &&String| {
        path.rsplit_once('/')
            .is_none_or(|(parent, _)| needed.contains(parent))
    };
    inventory
        .files
        .par_iter()
        .filter(|f| !needed.contains(f.as_str()))
        .filter(parent_stays)
        .try_for_each(remove)?;
    inventory
        .dirs
        .par_iter()
        .filter(|d| !needed.contains(d.as_str()))
        .filter(parent_stays)
        .try_for_each(remove)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overwrite_shortens_and_lengthens_in_place_and_clears_the_way() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a/index.html");
        write_new(&p, b"a long page").unwrap();
        overwrite(&p, b"short").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"short");
        overwrite(&p, b"a longer page than before").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"a longer page than before");
        // A folder where the file goes, and a file where a folder goes.
        overwrite(&tmp.path().join("a"), b"now a file").unwrap();
        assert_eq!(fs::read(tmp.path().join("a")).unwrap(), b"now a file");
        overwrite(&tmp.path().join("a/b/index.html"), b"nested").unwrap();
        assert_eq!(
            fs::read(tmp.path().join("a/b/index.html")).unwrap(),
            b"nested"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_and_second_names_are_replaced_never_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside.txt");
        fs::write(&outside, "precious").unwrap();
        let site = tmp.path().join("spare");
        fs::create_dir(&site).unwrap();
        std::os::unix::fs::symlink(&outside, site.join("linked.html")).unwrap();
        fs::hard_link(&outside, site.join("hard.html")).unwrap();
        overwrite(&site.join("linked.html"), b"page").unwrap();
        overwrite(&site.join("hard.html"), b"page").unwrap();
        assert_eq!(fs::read_to_string(&outside).unwrap(), "precious");
        for name in ["linked.html", "hard.html"] {
            let m = fs::symlink_metadata(site.join(name)).unwrap();
            assert!(m.is_file(), "{name}");
            assert_eq!(fs::read(site.join(name)).unwrap(), b"page");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_inventory_removes_links_and_lists_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("keep.txt"), "kept").unwrap();
        let dir = tmp.path().join("spare");
        write_new(&dir.join("en/a/index.html"), b"a").unwrap();
        write_new(&dir.join(MARKER), b"").unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("en/link")).unwrap();
        let inv = inventory(&dir).unwrap();
        assert_eq!(inv.files, ["en/a/index.html"]);
        let mut dirs = inv.dirs.clone();
        dirs.sort();
        assert_eq!(dirs, ["en", "en/a"]);
        assert!(fs::symlink_metadata(dir.join("en/link")).is_err());
        assert!(outside.join("keep.txt").exists());
    }
}
